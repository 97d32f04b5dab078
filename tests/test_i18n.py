"""Bahasa Indonesia: the message catalog is complete, numbers follow the language, the
Indonesian sentences, tables and validation messages are Indonesian throughout, and machine
formats do not change with the language."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import povtrack
from povtrack import i18n
from povtrack.i18n import detect

from .conftest import LAMONGAN, run, write_json

SRC = Path(povtrack.__file__).parent
REPO_DATA = Path(__file__).parents[1] / "src" / "povtrack" / "data" / "indicators.json"

#: The Lamongan sentence of the issue, word for word.
LAMONGAN_ID = (
    "Kabupaten Lamongan · Persentase penduduk miskin (P0) 2023: 12,42 % melampaui target "
    "13,17 % sebesar 0,75 poin (capaian 105,69 %, rumus linier)"
)
LAMONGAN_EN = (
    "Kabupaten Lamongan · Poverty rate (P0) 2023: 12.42 % beats the target of 13.17 % by "
    "0.75 points (achievement 105.69 %, linear formula)"
)

#: Words of ours that must never appear in an Indonesian report or validation output.
ENGLISH_ONLY = (
    "better",
    "worse",
    "target of",
    "beats",
    "misses",
    "missed",
    "no earlier year",
    "no value",
    "not scored",
    "achievement",
    "formula",
    "points",
    "percent",
    "Year",
    "Value",
    "Change",
    "Margin",
    "error",
    "warning",
    "fix",
    "INVALID",
    "must be",
    "found",
    "expected",
    "is not",
    "write",
    "the",
    "Exceeds",
    "Very good",
    "March",
)


@pytest.fixture(autouse=True)
def _english_after(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts and ends in English with no language in the environment, so that the
    global language never leaks into other tests."""
    for name in (i18n.ENV_VAR, *i18n.LOCALE_VARS):
        monkeypatch.delenv(name, raising=False)
    i18n.set_lang("en")
    yield
    i18n.set_lang("en")


def lamongan_id(tmp_path: Path) -> Path:
    """conftest's Lamongan with the Indonesian names, as the bundled data has them."""
    doc: dict[str, Any] = json.loads(json.dumps(LAMONGAN))
    doc["indicators"][0]["name_id"] = "Persentase penduduk miskin (P0)"
    doc["indicators"][1]["name_id"] = "Garis Kemiskinan"
    doc["regions"][0]["name_id"] = "Kabupaten Lamongan"
    return write_json(tmp_path / "lamongan-id.json", doc)


def english_words_in(text: str) -> list[str]:
    return [w for w in ENGLISH_ONLY if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


# -- the catalog -------------------------------------------------------------------------------


def import_everything() -> None:
    """Import every module of the package, so that every message is registered. A module that
    needs an optional extra that is not installed is skipped."""
    for info in pkgutil.walk_packages(povtrack.__path__, "povtrack."):
        try:
            importlib.import_module(info.name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.split(".")[0] == "povtrack":
                raise


# -- choosing the language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"POVTRACK_LANG": "id"}, "id"),
        ({"POVTRACK_LANG": "en", "LANG": "id_ID.UTF-8"}, "en"),
        ({"POVTRACK_LANG": "id_ID.UTF-8"}, "id"),
        ({"LANG": "id_ID.UTF-8"}, "id"),
        ({"LANG": "id"}, "id"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "ind"}, "en"),
        ({"LC_ALL": "C", "LANG": "id_ID.UTF-8"}, "en"),  # LC_ALL beats LANG
        ({"LC_ALL": "id_ID.UTF-8", "LANG": "en_US.UTF-8"}, "id"),
        ({"LC_MESSAGES": "id_ID.UTF-8", "LANG": "C"}, "id"),  # LC_MESSAGES beats LANG
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "id_ID"}, "id"),  # empty is unset
        ({"LC_ALL": "POSIX", "LC_MESSAGES": "id_ID"}, "en"),
    ],
)
def test_detect(environ: dict[str, str], expected: str) -> None:
    assert detect(environ) == expected


def test_detect_refuses_an_unknown_povtrack_lang() -> None:
    with pytest.raises(ValueError, match="fr"):
        detect({"POVTRACK_LANG": "fr"})


def test_lang_xx_exits_2(lamongan: Path) -> None:
    result = run("report", "--data", str(lamongan), "--lang", "xx")
    assert result.exit_code == 2
    assert result.stdout == ""
    # Typer's usage error: the option, the value and the choices
    assert "'--lang'" in result.stderr
    assert "'xx'" in result.stderr
    assert "'en', 'id'" in result.stderr


def test_unknown_povtrack_lang_exits_2(lamongan: Path) -> None:
    result = run("validate", str(lamongan), env={"POVTRACK_LANG": "xx"})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "POVTRACK_LANG=xx" in result.stderr


def test_language_from_the_environment(tmp_path: Path) -> None:
    path = lamongan_id(tmp_path)
    args = ("report", "--data", str(path), "--format", "markdown", "-q")
    for env, sentence in (
        ({"POVTRACK_LANG": "id"}, LAMONGAN_ID),
        ({"LANG": "id_ID.UTF-8"}, LAMONGAN_ID),
        ({"LC_ALL": "C", "LANG": "id_ID.UTF-8"}, LAMONGAN_EN),
        ({"POVTRACK_LANG": "en", "LANG": "id_ID.UTF-8"}, LAMONGAN_EN),
    ):
        result = run(*args, env=env)
        assert result.exit_code == 0, result.stderr
        assert f"- {sentence}" in result.stdout.splitlines(), env
    # --lang beats the environment
    result = run(*args, "--lang", "en", env={"POVTRACK_LANG": "id"})
    assert f"- {LAMONGAN_EN}" in result.stdout.splitlines()


# -- numbers for people ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "en", "id_"),
    [
        ("12.42", "12.42", "12,42"),
        ("1234.56", "1,234.56", "1.234,56"),
        ("543475", "543,475", "543.475"),
        ("1234567.891", "1,234,567.891", "1.234.567,891"),
        ("12.50", "12.50", "12,50"),  # the digits as published: no rounding, no trimming
        ("0.000001", "0.000001", "0,000001"),
        ("-0.11", "-0.11", "-0,11"),
        ("-1234.5", "-1,234.5", "-1.234,5"),
        ("-0.00", "0.00", "0,00"),  # a rounded zero has no sign
        ("1E+2", "100", "100"),
        ("999999999999999.999999", "999,999,999,999,999.999999", "999.999.999.999.999,999999"),
    ],
)
def test_number(number: str, en: str, id_: str) -> None:
    assert i18n.number(Decimal(number), "en") == en
    assert i18n.number(Decimal(number), "id") == id_


def test_signed_percent_and_rupiah() -> None:
    assert i18n.number(Decimal("0.75"), "id", sign=True) == "+0,75"
    assert i18n.number(Decimal("-0.11"), "id", sign=True) == "-0,11"
    assert i18n.number(Decimal("0.00"), "id", sign=True) == "0,00"
    assert i18n.number(Decimal("0.75"), "en", sign=True) == "+0.75"
    assert i18n.percent(Decimal("12.42"), "id") == "12,42 %"
    assert i18n.percent(Decimal("-0.88"), "en", sign=True) == "-0.88 %"
    assert i18n.rupiah(Decimal("543475"), "id") == "Rp543.475"
    assert i18n.rupiah(Decimal("543475"), "en") == "Rp543,475"
    assert i18n.rupiah(Decimal("-18839"), "id") == "-Rp18.839"
    # the minus is the ASCII hyphen-minus (pastes into a spreadsheet as a number)
    assert "\u2212" not in i18n.number(Decimal("-5"), "id")


def test_number_follows_the_current_language() -> None:
    from povtrack.i18n import amount, difference
    from povtrack.i18n import number as grouped

    i18n.set_lang("id")
    assert grouped(Decimal("1234.56")) == "1.234,56"
    assert amount(Decimal("543475"), "rupiah") == "Rp543.475"
    assert amount(Decimal("12.42"), "percent") == "12,42 %"
    assert amount(Decimal("149.94"), "thousand_people") == "149,94 ribu"
    assert amount(Decimal("25.22"), "million_people") == "25,22 juta"
    assert amount(Decimal("0.295"), "ratio") == "0,295"
    assert difference(Decimal("0.75"), "percent") == "0,75 poin"
    assert difference(Decimal("1"), "percent") == "1 poin"
    i18n.set_lang("en")
    assert grouped(Decimal("1234.56")) == "1,234.56"
    assert amount(Decimal("149.94"), "thousand_people") == "149.94 thousand"
    assert difference(Decimal("0.75"), "percent") == "0.75 points"
    assert difference(Decimal("1.00"), "percent") == "1.00 point"


def test_babel_is_not_imported_when_the_cli_starts() -> None:
    code = (
        "import sys, povtrack.cli.app, povtrack.cli.common, povtrack.render.report;"
        "print('babel' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


# -- the Lamongan sentence and the Indonesian report --------------------------------------------


def test_lamongan_sentence_in_indonesian(tmp_path: Path) -> None:
    path = lamongan_id(tmp_path)
    result = run("report", "--data", str(path), "--format", "markdown", "--lang", "id")
    assert result.exit_code == 0, result.stderr
    assert f"- {LAMONGAN_ID}" in result.stdout.splitlines()
    table = run("report", "--data", str(path), "--indicator", "p0", "--lang", "id")
    assert LAMONGAN_ID in " ".join(table.stdout.split())


def test_lamongan_sentence_from_the_bundled_data() -> None:
    result = run(
        "report", "--data", str(REPO_DATA), "-r", "3524", "-i", "p0", "--to", "2023", "-q",
        "--format", "markdown", "--lang", "id",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert f"- {LAMONGAN_ID}" in result.stdout.splitlines()


def test_sentence_core_function() -> None:
    from povtrack.core.report import build_report
    from povtrack.io.loader import load
    from povtrack.model.records import Filters
    from povtrack.render.report import sentences

    dataset, _ = load(str(REPO_DATA))
    report = build_report(dataset, Filters(indicators=("p0",), regions=("3524",), year_to=2023))
    i18n.set_lang("id")
    assert sentences(report) == [LAMONGAN_ID]
    i18n.set_lang("en")
    assert sentences(report) == [LAMONGAN_EN]


def test_without_indonesian_names_the_data_names_are_shown(lamongan: Path) -> None:
    result = run("report", "--data", str(lamongan), "--format", "markdown", "--lang", "id")
    assert (
        "- Kabupaten Lamongan · Poverty rate (P0) 2023: 12,42 % melampaui target 13,17 % "
        "sebesar 0,75 poin (capaian 105,69 %, rumus linier)"
    ) in result.stdout.splitlines()


def md_rows(markdown: str, first: str) -> dict[str, list[str]]:
    """The rows of the first Markdown table whose header starts with `first`, by first cell."""
    rows: dict[str, list[str]] = {}
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and (rows or cells[0] == first):
            if not cells[0].startswith("-"):
                rows[cells[0]] = cells
        elif rows:
            break
    return rows


def test_indonesian_markdown_table(tmp_path: Path) -> None:
    result = run(
        "report", "--data", str(lamongan_id(tmp_path)), "-f", "markdown", "--lang", "id", "--bands"
    )
    rows = md_rows(result.stdout, "Tahun")
    assert rows["Tahun"] == [
        "Tahun", "Nilai", "Perubahan", "Target", "Selisih", "Capaian %", "Status", "Kategori",
    ]  # fmt: skip
    assert rows["2023"] == [
        "2023",
        "12,42",
        "-0,11 (-0,88 %) membaik",
        "13,17",
        "+0,75 (+5,69 %)",
        "105,69",
        "tercapai",
        "Melampaui target",
    ]
    assert rows["2020"][2] == "-0,57 (-3,95 %) membaik dibanding 2017"
    assert rows["2021"][2] == "+0,01 (+0,07 %) memburuk"
    assert rows["2026"][6] == "tanpa nilai"
    # the poverty line: Rupiah amounts grouped with a point
    lines = result.stdout.splitlines()
    assert "### Kabupaten Lamongan · Garis Kemiskinan (rupiah)" in lines
    line_row = [line for line in lines if line.startswith("| 2023 | 481.969 |")]
    assert line_row and "+62.660 (+14,94 %) naik dibanding 2021" in line_row[0]
    assert "tidak dinilai" in line_row[0]


def test_month_names_follow_the_language(tmp_path: Path) -> None:
    doc: dict[str, Any] = json.loads(json.dumps(LAMONGAN))
    for rec in doc["records"][:5]:
        rec["month"] = 3
    path = write_json(tmp_path / "march.json", doc)
    id_ = run("report", "--data", str(path), "-i", "p0", "-f", "markdown", "--lang", "id")
    en = run("report", "--data", str(path), "-i", "p0", "-f", "markdown", "--lang", "en")
    assert "### Kabupaten Lamongan · Poverty rate (P0) (Maret; persen)" in id_.stdout
    assert "2023 (Maret): 12,42 %" in id_.stdout
    assert "### Kabupaten Lamongan · Poverty rate (P0) (March; percent)" in en.stdout


def test_no_english_in_indonesian_report(tmp_path: Path) -> None:
    doc: dict[str, Any] = json.loads(json.dumps(LAMONGAN))
    doc["indicators"][0]["name_id"] = "Persentase penduduk miskin (P0)"
    doc["indicators"][1]["name_id"] = "Garis Kemiskinan"
    # a zero target: the sentence gives the reason there is no achievement
    doc["records"].append(
        {
            "indicator": "p0",
            "region": "3524",
            "year": 2024,
            "value": 0.5,
            "target": 0,
            "source": "x",
        }
    )
    path = write_json(tmp_path / "d.json", doc)
    for fmt in ("table", "markdown"):
        result = run("report", "--data", str(path), "-f", fmt, "--lang", "id", "--bands")
        assert result.exit_code == 0, result.stderr
        assert english_words_in(result.stdout) == [], fmt
        assert "capaian % tidak dapat dihitung: targetnya 0" in " ".join(result.stdout.split())
        # and the English output does have them, so the check can fail
        english = run("report", "--data", str(path), "-f", fmt, "--lang", "en", "--bands")
        assert {"better", "Year", "achievement"} <= set(english_words_in(english.stdout))


def test_no_rows_message(lamongan: Path) -> None:
    result = run("report", "--data", str(lamongan), "--from", "2030", "--lang", "id")
    assert result.stdout.strip() == "Tidak ada data yang cocok dengan filter."


def test_machine_formats_do_not_change_with_the_language(tmp_path: Path) -> None:
    path = lamongan_id(tmp_path)
    for fmt in ("csv", "json"):
        en = run("report", "--data", str(path), "-f", fmt, "--lang", "en")
        id_ = run("report", "--data", str(path), "-f", fmt, "--lang", "id")
        assert en.exit_code == id_.exit_code == 0
        assert en.stdout == id_.stdout, fmt
    doc = json.loads(en.stdout, parse_float=Decimal)
    row = next(r for r in doc["rows"] if r["indicator"] == "p0" and r["year"] == 2017)
    assert row["reason"] == "no earlier year"  # the stable English phrase
    assert row["status"] == "no_target"
    assert row["indicator_name"] == "Poverty rate (P0)"
    assert doc["indicators"][0]["name_id"] == "Persentase penduduk miskin (P0)"
    assert doc["regions"] == [
        {
            "code": "3524",
            "name": "Kabupaten Lamongan",
            "parent": "35",
            "name_id": "Kabupaten Lamongan",
        }
    ]


def test_indonesian_messages_on_stderr(lamongan: Path, tmp_path: Path) -> None:
    result = run("report", "--data", str(lamongan), "--indicator", "p9", "--lang", "id")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"povtrack: galat: --indicator 'p9': indikator ini tidak ada di {lamongan} "
        "(yang ada: p0, poverty_line)"
    )
    missing = run("report", "--data", str(tmp_path / "nope.json"), "--lang", "id")
    assert missing.exit_code == 2
    assert "berkas tidak ada" in missing.stderr
    assert english_words_in(missing.stderr.replace(str(tmp_path), "")) == []


# -- achievement bands -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pct", "band"),
    [
        ("105.69", "exceeds"),
        ("100.01", "exceeds"),
        ("100.00", "very_good"),
        ("91", "very_good"),
        ("90.5", "very_good"),  # between the published 76–90 and 91–100: the upper band
        ("90.01", "very_good"),
        ("90.00", "good"),
        ("75.50", "good"),
        ("75", "fair"),
        ("65.01", "fair"),
        ("65", "poor"),
        ("50.01", "poor"),
        ("50", "very_poor"),
        ("0", "very_poor"),
        ("-100", "very_poor"),  # the linear formula can go below zero
    ],
)
def test_band_boundaries(pct: str, band: str) -> None:
    from povtrack.core.report import band as band_of

    assert band_of(Decimal(pct)) == band


def test_bands_column(tmp_path: Path) -> None:
    path = lamongan_id(tmp_path)
    plain = json.loads(run("report", "--data", str(path), "-f", "json").stdout)
    assert all("band" not in row for row in plain["rows"])
    doc = json.loads(run("report", "--data", str(path), "-f", "json", "--bands").stdout)
    for row, before in zip(doc["rows"], plain["rows"], strict=True):
        assert list(row) == [*before, "band"]
    bands = {(r["indicator"], r["year"]): r["band"] for r in doc["rows"]}
    assert bands[("p0", 2023)] == "exceeds"
    assert bands[("p0", 2022)] is None  # no target, no achievement
    table = run("report", "--data", str(path), "-i", "p0", "--bands", "--lang", "en")
    line = next(x for x in table.stdout.splitlines() if x.strip().startswith("2023"))
    assert "Exceeds target" in line


def test_bands_from_the_reference_in_both_languages(tmp_path: Path) -> None:
    doc: dict[str, Any] = json.loads(json.dumps(LAMONGAN))
    doc["indicators"].append(
        {"id": "hi", "name": "Coverage", "unit": "percent", "decimals": 2, "direction": "higher"}
    )
    # achievement = value / 50 x 100
    for year, value in enumerate(("45.50", "45.00", "37.75", "32.75", "25.50", "25.00"), 2001):
        doc["records"].append(
            {"indicator": "hi", "region": "3524", "year": year, "value": float(value),
             "target": 50, "source": "s"}
        )  # fmt: skip
    path = write_json(tmp_path / "bands.json", doc)
    rows = json.loads(
        run("report", "--data", str(path), "-i", "hi", "-f", "json", "--bands").stdout,
        parse_float=Decimal,
    )["rows"]
    assert [(r["achievement_pct"], r["band"]) for r in rows] == [
        (Decimal("91.00"), "very_good"),
        (Decimal("90.00"), "good"),
        (Decimal("75.50"), "good"),
        (Decimal("65.50"), "fair"),
        (Decimal("51.00"), "poor"),
        (Decimal("50.00"), "very_poor"),
    ]
    md = run("report", "--data", str(path), "-i", "hi", "-f", "markdown", "--bands", "--lang", "id")
    assert [row[-1] for year, row in md_rows(md.stdout, "Tahun").items() if year != "Tahun"] == [
        "Sangat Baik", "Baik", "Baik", "Cukup", "Kurang", "Sangat Kurang",
    ]  # fmt: skip
    md = run("report", "--data", str(path), "-i", "hi", "-f", "markdown", "--bands", "--lang", "en")
    assert [row[-1] for year, row in md_rows(md.stdout, "Year").items() if year != "Year"] == [
        "Very good", "Good", "Good", "Fair", "Poor", "Very poor",
    ]  # fmt: skip


# -- validation in Indonesian ------------------------------------------------------------------

BAD = """{
  "indicators": [
    {"id": "p0", "name": "Poverty rate (P0)", "unit": "percent", "decimals": 2, "direction": "lower"}
  ],
  "regions": [{"code": "3524", "name": "Kabupaten Lamongan"}],
  "records": [
    {"indicator": "p0", "region": "3524", "year": 2022, "value": 12.53, "source": "s"},
    {"indicator": "p0", "region": "3524", "year": 2023, "value": "12,42", "source": "s"},
    {"indicator": "p0", "region": "3524", "year": 2024, "value": 112.5, "source": "s"}
  ]
}
"""


def test_indonesian_validation_message_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(BAD, encoding="utf-8")
    result = run("validate", str(path), "--lang", "id")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    column = BAD.splitlines()[7].index('"12,42"') + 1
    assert lines[0] == (
        f"{path}:8:{column}: galat [wrong-type] records[1].value (p0 / 3524 / 2023): value harus "
        "berupa angka, ternyata teks '12,42'"
    )
    assert lines[1] == (
        "    perbaikan: tulis angkanya tanpa tanda kutip dan dengan titik desimal, misalnya 12.42"
    )
    # the record of 2023 is unusable, so 2024 follows a gap
    assert lines[2].startswith(f"{path}:9:5: peringatan [year-gap] records[2] (p0 / 3524 / 2024)")
    assert lines[2].endswith("tidak ada angka untuk 2023: perubahan dihitung terhadap 2022")
    assert lines[4].startswith(f"{path}:9:")
    assert "nilai 112.5 di luar 0–100, padahal 'p0' berupa persentase" in lines[4]
    assert lines[-1] == f"{path}: TIDAK VALID: 2 galat, 1 peringatan"
    assert english_words_in(result.stdout.replace(str(path), "")) == []


def test_validation_json_keeps_codes_and_places(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(BAD, encoding="utf-8")
    en = json.loads(run("validate", str(path), "-f", "json", "--lang", "en").stdout)
    id_ = json.loads(run("validate", str(path), "-f", "json", "--lang", "id").stdout)
    stable = ("code", "severity", "file", "path", "line", "column", "record")
    for a, b in zip(en["files"][0]["problems"], id_["files"][0]["problems"], strict=True):
        assert [a[k] for k in stable] == [b[k] for k in stable]
        assert a["message"] != b["message"] and a["hint"] != b["hint"]
    assert id_["files"][0]["problems"][0]["message"] == (
        "value harus berupa angka, ternyata teks '12,42'"
    )


def test_validation_summary_and_warnings_in_indonesian(tmp_path: Path) -> None:
    doc: dict[str, Any] = json.loads(json.dumps(LAMONGAN))
    path = write_json(tmp_path / "gap.json", doc)
    result = run("validate", str(path), "--lang", "id")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == f"{path}: valid: 0 galat, 2 peringatan (2 indikator, 1 wilayah, 8 catatan)"
    assert lines[0].endswith(
        "peringatan [year-gap] records[1] (p0 / 3524 / 2020): tidak ada angka untuk 2018–2019: "
        "perubahan dihitung terhadap 2017"
    )
    assert lines[2].endswith(
        "peringatan [year-gap] records[7] (poverty_line / 3524 / 2023): tidak ada angka untuk "
        "2022: perubahan dihitung terhadap 2021"
    )
    report = run("report", "--data", str(path), "--lang", "id", "-f", "json")
    assert f"2 peringatan di {path}: lihat povtrack validate --data {path}" in report.stderr


def test_github_annotations_in_indonesian(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(BAD, encoding="utf-8")
    result = run("validate", str(path), "--lang", "id", "-f", "github")
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"::error file={path},line=8,")  # the level stays a GitHub keyword
    assert first.endswith(
        "value harus berupa angka, ternyata teks '12,42'. Perbaikan: tulis angkanya tanpa tanda "
        "kutip dan dengan titik desimal, misalnya 12.42"
    )


@pytest.mark.parametrize(
    "text",
    [
        '{"indicators": [], "regions": [], "records": [], "nope": 1}',
        '{"indicators": {}, "regions": [], "records": []}',
        '{"indicators": [], "regions": [{"code": 3524, "name": ""}], "records": []}',
        '{"indicators": [{"id": "p0", "name": "x", "unit": "percent", "decimals": 9, '
        '"direction": "lower"}], "regions": [], "records": [{"indicator": "p1", "region": "1", '
        '"year": 20230, "month": 13, "breakdown": {}}]}',
        "",
        '{"indicators": [1, 2,]}',
        "{'indicators': []}",
        '{"indicators": [True]}',
        '{"indicators": [NaN]}',
        '{"indicators": "a\\qb"}',
        '{"indicators": [], "regions": [',
    ],
)
def test_no_english_in_indonesian_validation(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path), "--lang", "id")
    assert result.exit_code == 1
    assert english_words_in(result.stdout.replace(str(path), "")) == []


def test_indonesian_json_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "syntax.json"
    path.write_text('{"indicators": [1, 2,]}', encoding="utf-8")
    result = run("validate", str(path), "--lang", "id")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f"{path}:1:21: galat [json-syntax] koma berlebih sebelum ']'",
        "    perbaikan: perbaiki sintaks JSON di tempat ini; linter atau editor JSON juga "
        "menunjukkannya",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "0",
        "0.00",
        "-0.11",
        "12.42",
        "12.50",
        "999.999",
        "1000",
        "1234.56",
        "-1234567.891",
        "543475",
        "0.000001",
        "100000000000000",
    ],
)
def test_english_numbers_equal_babels_cldr_format(text: str) -> None:
    """English numbers skip Babel for start-up speed; they must be what Babel would print."""
    from babel import Locale
    from babel.numbers import parse_pattern

    from povtrack import i18n

    value = Decimal(text)
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))
    expected = pattern.apply(abs(value) if value.is_zero() else value, Locale.parse("en"))
    assert i18n.number(value, "en") == expected.replace("\u2212", "-")
