"""`povtrack rank`: the March 2022 list of East Java regencies from the reference (Sampang first,
Lamongan 10th, then the regencies and cities below them in the bundled data), in every format, and the rules: one period at a time, totals only, ties
share a rank, regions without a value are listed apart, the coverage note, exit codes."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import msgspec
import pytest

from povtrack.core.ranking import build_ranking, ordinal
from povtrack.io.loader import load

from .conftest import run, write_json

REPO_DATA: Final = Path(__file__).parent.parent / "src" / "povtrack" / "data" / "indicators.json"

BANGSAONLINE: Final = (
    "https://bangsaonline.com/berita/114052/"
    "bps-angka-kemiskinan-di-bangkalan-masuk-peringkat-2-tertinggi-di-jatim"
)
PRAMESWARA: Final = (
    "https://www.prameswarafm.com/bps-lamongan-mendata-angka-kemiskinan-di-lamongan-menurun/"
)

#: BPS, March 2022, the ten East Java regencies with the highest P0 (reference, section 3).
MARCH_2022: Final = [
    ("3527", "Kabupaten Sampang", "21.61"),
    ("3526", "Kabupaten Bangkalan", "19.44"),
    ("3529", "Kabupaten Sumenep", "18.76"),
    ("3513", "Kabupaten Probolinggo", "17.12"),
    ("3523", "Kabupaten Tuban", "15.02"),
    ("3521", "Kabupaten Ngawi", "14.15"),
    ("3528", "Kabupaten Pamekasan", "13.93"),
    ("3501", "Kabupaten Pacitan", "13.80"),
    ("3511", "Kabupaten Bondowoso", "13.47"),
    ("3524", "Kabupaten Lamongan", "12.53"),
]

EAST_JAVA_2022: Final = ("--indicator", "p0", "--year", "2022", "--parent", "35")


def _regions_under_35() -> tuple[set[str], set[str]]:
    """From the bundled file itself: the regions under 35 with a 2022 P0 value, and those
    without a 2022 record."""
    doc = json.loads(REPO_DATA.read_text(encoding="utf-8"))
    under = {r["code"] for r in doc["regions"] if r.get("parent") == "35"}
    with_value = {
        r["region"]
        for r in doc["records"]
        if (r["indicator"], r["year"], r.get("month")) == ("p0", 2022, None) and "value" in r
    }
    return under & with_value, under - with_value


#: How many regions the 2022 ranking lists, and which have no 2022 record (the reference's ten,
#: and the regencies and cities that the research added).
LISTED_2022, ABSENT_2022 = _regions_under_35()
N_2022: Final = len(LISTED_2022)


def rank_json(*args: str, data: Path = REPO_DATA) -> dict[str, Any]:
    result = run("rank", "--data", str(data), "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return doc


# --- The bundled data: March 2022 ------------------------------------------------------------


def test_east_java_2022_ranking_pins_the_published_list() -> None:
    doc = rank_json(*EAST_JAVA_2022, "--highlight", "3524")
    got = [(r["rank"], r["region"], r["region_name"], r["value"]) for r in doc["rows"]]
    expected = [
        (i + 1, code, name, Decimal(value)) for i, (code, name, value) in enumerate(MARCH_2022)
    ]
    assert got[:10] == expected  # the published ten come first, in the published order
    assert {r["region"] for r in doc["rows"]} == LISTED_2022
    assert [r["rank"] for r in doc["rows"]] == list(range(1, N_2022 + 1))
    assert doc["rows"][0]["region_name"] == "Kabupaten Sampang"
    assert doc["highlight"] == [
        {
            "region": "3524",
            "region_name": "Kabupaten Lamongan",
            "rank": 10,
            "of": N_2022,
            "tied": False,
            "value": Decimal("12.53"),
            "reason": None,
        }
    ]
    assert doc["indicator"] == "p0"
    assert doc["year"] == 2022
    assert doc["month"] is None
    assert doc["parent"] == "35"
    assert doc["parent_name"] == "East Java"
    assert doc["order"] == "worst_first"
    assert doc["direction"] == "lower"
    assert doc["complete"] is False
    assert doc["ties"] is False
    assert {a["region"] for a in doc["absent"]} == ABSENT_2022
    assert {a["reason"] for a in doc["absent"]} <= {"no_record"}
    assert doc["note"] == (
        f"This ranking covers only the {N_2022} regions under 35 (East Java) that have a value in "
        "the data file, not every region of East Java."
    )
    sources = {r["region"]: r["source"] for r in doc["rows"]}
    assert sources["3524"] == PRAMESWARA
    assert {sources[code] for code, _, _ in MARCH_2022[:-1]} == {BANGSAONLINE}


def test_values_are_the_published_decimal_text() -> None:
    result = run("rank", "--data", str(REPO_DATA), "--format", "json", *EAST_JAVA_2022)
    # The file says 13.80: JSON numbers are written from the exact decimal, never a float.
    doc = json.loads(result.stdout, parse_float=str)
    assert [r["value"] for r in doc["rows"][:10]] == [value for _, _, value in MARCH_2022]


def test_json_is_the_core_result_serialised() -> None:
    dataset, _ = load(str(REPO_DATA))
    core = build_ranking(dataset, "p0", 2022, parent="35", highlight=["3524"])
    encoder = msgspec.json.Encoder(decimal_format="number")
    expected = json.loads(encoder.encode(core), parse_float=Decimal)
    assert rank_json(*EAST_JAVA_2022, "--highlight", "3524") == expected


def test_table_says_order_position_coverage_and_sources() -> None:
    result = run("rank", "--data", str(REPO_DATA), *EAST_JAVA_2022, "--highlight", "3524")
    assert result.exit_code == 0, result.stderr
    assert "data: " in result.stderr  # which file was read: on stderr, not in the data
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0] == (
        "Poverty rate (P0) · 2022 · regions under 35 (East Java) · worst first (lower is better)"
    )
    assert f"Kabupaten Lamongan: 10th of {N_2022} listed" in lines
    first = next(line for line in lines if line.split()[:2] == ["1", "3527"])
    assert "Kabupaten Sampang" in first and "21.61" in first
    lamongan = next(line for line in lines if line.split()[:2] == ["10", "3524"])
    assert "◀" in lamongan and "12.53" in lamongan
    assert any(f"covers only the {N_2022} regions under 35 (East Java)" in line for line in lines)
    # Full URLs, each on one line (never wrapped by povtrack, even at 100 columns).
    assert f"[1] {BANGSAONLINE}" in lines
    assert f"[2] {PRAMESWARA}" in lines


def test_indonesian_highlight_sentence() -> None:
    result = run(
        "rank", "--data", str(REPO_DATA), *EAST_JAVA_2022, "--highlight", "3524", "--lang", "id"
    )
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert f"Kabupaten Lamongan: peringkat ke-10 dari {N_2022} yang tercantum" in lines
    assert "terburuk lebih dulu (makin rendah makin baik)" in lines[0]


def test_indonesian_numbers_and_names() -> None:
    """With --lang id: decimal commas, the Indonesian names (East Java is Jawa Timur); the JSON
    keeps the English names."""
    result = run(
        "rank", "--data", str(REPO_DATA), *EAST_JAVA_2022, "--lang", "id", "-f", "markdown"
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "**Persentase penduduk miskin (P0) · 2022 · wilayah di bawah 35 (Jawa Timur) · terburuk "
        "lebih dulu (makin rendah makin baik)**"
    )
    rows = [line for line in lines if line.startswith("| ") and line[2:3].isdigit()]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    assert [(c[1], c[3]) for c in cells[:10]] == [
        (code, value.replace(".", ",")) for code, _, value in MARCH_2022
    ]
    assert cells[9][2] == "Kabupaten Lamongan"
    assert "Jawa Timur" in lines[-1] or any("(Jawa Timur)" in line for line in lines[1:])
    assert rank_json(*EAST_JAVA_2022, "--lang", "id")["parent_name"] == "East Java"


def test_large_values_are_grouped_in_the_language(tmp_path: Path) -> None:
    doc = dataset([rec("3501", "543475"), rec("3502", "419309")], "none")
    doc["indicators"][0].update(unit="rupiah", decimals=0)
    path = write_doc(tmp_path, doc)
    for lang, first in (("en", "543,475"), ("id", "543.475")):
        table = run("rank", "--data", str(path), "-i", "x", "-y", "2022", "--lang", lang)
        row = next(line for line in table.stdout.splitlines() if line.split()[:2] == ["1", "3501"])
        assert first in row
    csv_text = run("rank", "--data", str(path), "-i", "x", "-y", "2022", "-f", "csv").stdout
    ranked = [r["value"] for r in csv.DictReader(io.StringIO(csv_text)) if r["status"] == "ranked"]
    assert ranked == ["543475", "419309"]


def test_csv_dialects() -> None:
    args = ("rank", "--data", str(REPO_DATA), *EAST_JAVA_2022, "-f", "csv", "-q")
    standard = run(*args).stdout
    excel = run(*args, "--csv-dialect", "excel").stdout
    assert excel == "\ufeff" + standard
    excel_id = run(*args, "--csv-dialect", "excel-id", "--lang", "id").stdout
    assert excel_id.startswith("\ufeffIndikator;Tahun;Bulan;Urutan;Peringkat;Seri;Wilayah;")
    rows = list(csv.reader(io.StringIO(excel_id[1:]), delimiter=";"))
    assert [row[8] for row in rows[1:11]] == [value.replace(".", ",") for *_, value in MARCH_2022]
    bad = run(*args, "--csv-dialect", "excel-fr")
    assert bad.exit_code == 2
    assert "'--csv-dialect'" in bad.stderr  # Typer's usage error: the option and the value
    assert "'excel-fr'" in bad.stderr


def test_csv_rows() -> None:
    result = run(
        "rank", "--data", str(REPO_DATA), *EAST_JAVA_2022, "--highlight", "3524", "-f", "csv"
    )
    assert result.exit_code == 0, result.stderr
    every = list(csv.DictReader(io.StringIO(result.stdout)))
    rows = [r for r in every if r["status"] == "ranked"]
    assert [(r["rank"], r["region"], r["value"]) for r in rows[:10]] == [
        (str(i + 1), code, value) for i, (code, _, value) in enumerate(MARCH_2022)
    ]
    assert len(rows) == N_2022
    assert {r["region"] for r in every if r["status"] != "ranked"} == ABSENT_2022
    assert [r["region"] for r in rows if r["highlight"] == "true"] == ["3524"]
    assert rows[0]["order"] == "worst_first"
    assert rows[0]["year"] == "2022" and rows[0]["month"] == ""
    assert rows[9]["source"] == PRAMESWARA
    assert list(rows[0]) == [
        "indicator",
        "year",
        "month",
        "order",
        "rank",
        "tied",
        "region",
        "region_name",
        "value",
        "status",
        "reason",
        "highlight",
        "source",
    ]


def test_markdown_table_highlight_and_links() -> None:
    result = run(
        "rank", "--data", str(REPO_DATA), *EAST_JAVA_2022, "--highlight", "3524", "-f", "markdown"
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = [line for line in lines if line.startswith("| ") and line[2:3].isdigit()]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    assert [(c[0], c[1], c[3]) for c in cells[:10]] == [
        (str(i + 1), code, value) for i, (code, _, value) in enumerate(MARCH_2022)
    ]
    assert cells[9][2] == "**Kabupaten Lamongan** ◀"
    assert f"- **Kabupaten Lamongan: 10th of {N_2022} listed**" in lines
    assert f"1. <{BANGSAONLINE}>" in lines
    assert f"2. <{PRAMESWARA}>" in lines


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "rank.csv"
    result = run(
        "rank", "--data", str(REPO_DATA), *EAST_JAVA_2022, "-f", "csv", "--output", str(target)
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == N_2022 + len(ABSENT_2022)


def test_output_never_overwrites_the_data(tmp_path: Path) -> None:
    data = write_json(tmp_path / "d.json", json.loads(REPO_DATA.read_text(encoding="utf-8")))
    before = data.read_bytes()
    result = run("rank", "--data", str(data), *EAST_JAVA_2022, "--output", str(data))
    assert result.exit_code == 2
    assert data.read_bytes() == before


def test_without_parent_ranks_annual_figures_and_explains_the_rest() -> None:
    doc = rank_json("--indicator", "p0", "--year", "2022", "--highlight", "35")
    assert doc["month"] is None
    assert len(doc["rows"]) == N_2022  # the annual (regency) figures; provinces have months
    assert doc["parent"] is None
    absent = {a["region"]: a for a in doc["absent"]}
    assert absent["35"]["reason"] == "other_period"
    assert absent["35"]["months"] == [3, 9]
    assert absent["0000"]["reason"] == "other_period"  # Indonesia: March and September
    assert absent["0000"]["months"] == [3, 9]
    assert doc["highlight"][0]["rank"] is None
    assert doc["highlight"][0]["reason"] == "other_period"
    assert doc["highlight"][0]["of"] == N_2022
    assert "--month 3 or --month 9" in doc["note"]
    assert "not every region" in doc["note"]


# --- Rules, on small files --------------------------------------------------------------------


def dataset(
    records: list[dict[str, Any]],
    direction: str = "lower",
    regions: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "indicators": [
            {"id": "x", "name": "Ex", "unit": "percent", "decimals": 2, "direction": direction}
        ],
        "regions": regions
        or [
            {"code": "35", "name": "Prov"},
            {"code": "3501", "name": "A", "parent": "35"},
            {"code": "3502", "name": "B", "parent": "35"},
            {"code": "3503", "name": "C", "parent": "35"},
            {"code": "3504", "name": "D", "parent": "35"},
        ],
        "records": records,
    }


def rec(region: str, value: str | None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"indicator": "x", "region": region, "year": 2022, "source": "s"}
    if value is not None:
        out["value"] = Decimal(value)
    out.update(extra)
    return out


def write_doc(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "d.json"
    # Decimals as JSON numbers with their exact text (13.80 stays 13.80).
    path.write_bytes(msgspec.json.Encoder(decimal_format="number").encode(doc))
    return path


def test_ties_share_a_rank(tmp_path: Path) -> None:
    path = write_doc(
        tmp_path,
        dataset([rec("3501", "20"), rec("3502", "13.8"), rec("3503", "13.80"), rec("3504", "9.5")]),
    )
    doc = rank_json("-i", "x", "-y", "2022", "--parent", "35", "--highlight", "3503", data=path)
    assert [(r["region"], r["rank"], r["tied"]) for r in doc["rows"]] == [
        ("3501", 1, False),
        ("3502", 2, True),
        ("3503", 2, True),
        ("3504", 4, False),
    ]
    assert doc["ties"] is True
    assert "Equal values share a rank (1, 2, 2, 4)." in doc["note"]
    assert doc["highlight"][0]["rank"] == 2 and doc["highlight"][0]["tied"] is True
    table = run("rank", "--data", str(path), "-i", "x", "-y", "2022", "--highlight", "3503")
    lines = [line.rstrip() for line in table.stdout.splitlines()]
    assert "C: 2nd of 4 listed (tied)" in lines
    ranks = [line.split()[0] for line in lines if line.strip() and line.strip()[0] in "=0123456789"]
    assert ranks[:4] == [
        "1",
        "=2",
        "=2",
        "4",
    ]


def test_higher_is_better_ranks_best_first(tmp_path: Path) -> None:
    path = write_doc(tmp_path, dataset([rec("3501", "5"), rec("3502", "9")], "higher"))
    doc = rank_json("-i", "x", "-y", "2022", data=path)
    assert doc["order"] == "best_first"
    assert [r["region"] for r in doc["rows"]] == ["3502", "3501"]
    table = run("rank", "--data", str(path), "-i", "x", "-y", "2022")
    assert "best first (higher is better)" in table.stdout.splitlines()[0]


def test_direction_none_is_not_a_ranking_of_performance(tmp_path: Path) -> None:
    path = write_doc(tmp_path, dataset([rec("3501", "5"), rec("3502", "9")], "none"))
    doc = rank_json("-i", "x", "-y", "2022", data=path)
    assert doc["order"] == "highest_first"
    assert [r["rank"] for r in doc["rows"]] == [1, 2]
    assert "not a ranking of performance" in doc["note"]


def test_semi_annual_needs_a_month_and_never_mixes(tmp_path: Path) -> None:
    path = write_doc(
        tmp_path,
        dataset(
            [
                rec("3501", "10", month=3),
                rec("3501", "11", month=9),
                rec("3502", "12", month=3),
                rec("3503", "8", month=9),
            ]
        ),
    )
    result = run("rank", "--data", str(path), "-i", "x", "-y", "2022", "--parent", "35")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--month 3 or --month 9" in result.stderr
    march = rank_json("-i", "x", "-y", "2022", "--month", "3", data=path)
    assert march["month"] == 3
    assert [(r["region"], r["value"]) for r in march["rows"]] == [
        ("3502", Decimal("12")),
        ("3501", Decimal("10")),
    ]
    assert {a["region"]: a["reason"] for a in march["absent"]}["3503"] == "other_period"
    september = rank_json("-i", "x", "-y", "2022", "--month", "9", data=path)
    assert [(r["region"], r["value"]) for r in september["rows"]] == [
        ("3501", Decimal("11")),
        ("3503", Decimal("8")),
    ]
    table = run("rank", "--data", str(path), "-i", "x", "-y", "2022", "--month", "9")
    assert "September 2022" in table.stdout.splitlines()[0]


def test_single_month_is_chosen_and_named(tmp_path: Path) -> None:
    path = write_doc(tmp_path, dataset([rec("3501", "10", month=3), rec("3502", "12", month=3)]))
    doc = rank_json("-i", "x", "-y", "2022", data=path)
    assert doc["month"] == 3
    assert len(doc["rows"]) == 2


def test_month_without_values_says_what_exists(tmp_path: Path) -> None:
    path = write_doc(tmp_path, dataset([rec("3501", "10"), rec("3502", "12")]))
    result = run("rank", "--data", str(path), "-i", "x", "-y", "2022", "--month", "9")
    assert result.exit_code == 2
    assert "no values for September 2022" in result.stderr
    assert "annual figures (no month)" in result.stderr


def test_only_totals_are_ranked_and_absent_regions_say_why(tmp_path: Path) -> None:
    path = write_doc(
        tmp_path,
        dataset(
            [
                rec("3501", "10"),
                rec("3501", "30", breakdown={"area": "rural"}),
                rec("3502", None, target=Decimal("9")),
                rec("3503", "40", breakdown={"area": "urban"}),
            ]
        ),
    )
    doc = rank_json("-i", "x", "-y", "2022", "--parent", "35", "--highlight", "3502", data=path)
    assert [(r["region"], r["value"]) for r in doc["rows"]] == [("3501", Decimal("10"))]
    assert {a["region"]: a["reason"] for a in doc["absent"]} == {
        "3502": "no_value",
        "3503": "breakdown_only",
        "3504": "no_record",
    }
    assert doc["highlight"][0]["rank"] is None
    assert doc["highlight"][0]["reason"] == "no_value"
    assert doc["note"].startswith("This ranking covers only the 1 region under 35 (Prov)")
    table = run("rank", "--data", str(path), "-i", "x", "-y", "2022", "--highlight", "3502")
    lines = [line.strip() for line in table.stdout.splitlines()]
    assert "B: not ranked (a target but no value for 2022)" in lines
    assert "Not ranked:" in lines
    assert "D (3504): no record for 2022" in lines


def test_mixed_levels_are_flagged(tmp_path: Path) -> None:
    path = write_doc(tmp_path, dataset([rec("35", "10"), rec("3501", "12")]))
    doc = rank_json("-i", "x", "-y", "2022", data=path)
    assert doc["mixed_levels"] is True
    assert "--parent" in doc["note"]
    assert rank_json("-i", "x", "-y", "2022", "--parent", "35", data=path)["mixed_levels"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-i", "nope", "-y", "2022"), "--indicator 'nope': no such indicator"),
        (("-i", "p0", "-y", "2022", "--parent", "99"), "--parent '99': no region"),
        (("-i", "p0", "-y", "2022", "--highlight", "9999"), "--highlight '9999': no such region"),
        (
            ("-i", "p0", "-y", "2022", "--parent", "35", "--highlight", "0000"),
            "--highlight '0000' (Indonesia): not under 35",
        ),
        (
            ("-i", "p0", "-y", "2014", "--parent", "35"),
            "p0 has no values for 2014 under 35 (East Java); years with values: 2011, 2012, 2013, "
            "2015,",
        ),
        (("-i", "p0", "-y", "2022", "--month", "13"), "--month 13: not a month"),
        (("-i", "gini", "-y", "2022", "--parent", "0000"), "gini has no values under 0000"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run("rank", "--data", str(REPO_DATA), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_missing_required_options_exit_2() -> None:
    assert run("rank", "--data", str(REPO_DATA), "--year", "2022").exit_code == 2
    assert run("rank", "--data", str(REPO_DATA), "--indicator", "p0").exit_code == 2


def test_hostile_region_names_stay_text(tmp_path: Path) -> None:
    regions = [
        {"code": "35", "name": "Prov"},
        {"code": "3501", "name": "=HYPERLINK(1)", "parent": "35"},
        {"code": "3502", "name": "[bold]x | *y*", "parent": "35"},
    ]
    path = write_doc(tmp_path, dataset([rec("3501", "10"), rec("3502", "12")], regions=regions))
    rows = list(
        csv.DictReader(
            io.StringIO(
                run("rank", "--data", str(path), "-i", "x", "-y", "2022", "-f", "csv").stdout
            )
        )
    )
    ranked = {r["region_name"] for r in rows if r["status"] == "ranked"}
    assert ranked == {"'=HYPERLINK(1)", "[bold]x | *y*"}
    table = run("rank", "--data", str(path), "-i", "x", "-y", "2022")
    assert "[bold]x | *y*" in table.stdout
    md = run("rank", "--data", str(path), "-i", "x", "-y", "2022", "-f", "markdown").stdout
    assert "\\[bold\\]x \\| \\*y\\*" in md


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
    ],
)
def test_ordinal(n: int, text: str) -> None:
    assert ordinal(n) == text
