"""CSV dialects: rfc4180 (the default), excel (BOM) and excel-id (semicolon, decimal comma, BOM,
translated headers), the fast report writer byte for byte equal to the general one in each,
and an excel-id file read back into the same numbers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

from povtrack import i18n
from povtrack.cli.app import app
from povtrack.core.report import BANDED_FIELDS, ROW_FIELDS, build_report
from povtrack.io.loader import load
from povtrack.render import CSV_DIALECTS, CsvDialect, RenderOptions, csv_header, write_csv
from povtrack.render.report import people_rows, render_csv

from .conftest import LAMONGAN, run, write_json

BOM = "\ufeff"
NUMERIC = (
    "value",
    "previous_value",
    "change",
    "change_pct",
    "target",
    "margin",
    "margin_pct",
    "achievement_pct",
)


@pytest.fixture(autouse=True)
def _english_after(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (i18n.ENV_VAR, *i18n.LOCALE_VARS):
        monkeypatch.delenv(name, raising=False)
    i18n.set_lang("en")
    yield
    i18n.set_lang("en")


def tricky(tmp_path: Path) -> Path:
    """Lamongan with separators, quotes and formulas in the text, months and
    breakdowns, a thousands-sized number and Indonesian names."""
    doc: dict[str, Any] = json.loads(json.dumps(LAMONGAN))
    doc["regions"][0]["name"] = 'Kab. "Lamongan"; Jawa Timur, ID'
    doc["regions"][0]["name_id"] = "Kabupaten Lamongan"
    doc["indicators"][0]["name"] = "-P0, =rate"
    doc["indicators"][0]["name_id"] = "Persentase penduduk miskin (P0)"
    doc["records"][2]["source"] = 'say "semicolons"; and ;more'  # no line breaks: refused
    doc["records"].extend(
        [
            {
                "indicator": "p0",
                "region": "3524",
                "year": 2022,
                "month": 9,
                "breakdown": {"area": "urban", "sex": "female"},
                "value": 10.5,
                "source": "+x",
            },
            {
                "indicator": "p0",
                "region": "3524",
                "year": 2023,
                "month": 9,
                "breakdown": {"sex": "female", "area": "urban"},
                "value": 10.25,
                "target": 11,
                "source": "a;b",
            },
        ]
    )
    return write_json(tmp_path / "tricky.json", doc)


def report_csv(path: Path, *args: str) -> str:
    result = run("report", "--data", str(path), "--format", "csv", "-q", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def read(text: str, dialect: CsvDialect) -> list[list[str]]:
    """Parse as Excel would: BOM stripped, `;` for excel-id."""
    if dialect != "rfc4180":
        assert text.startswith(BOM)
        text = text[1:]
    delimiter = ";" if dialect == "excel-id" else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize("bands", [False, True])
@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("dialect", CSV_DIALECTS)
def test_fast_report_writer_matches_write_csv(
    tmp_path: Path, dialect: CsvDialect, lang: i18n.Lang, bands: bool
) -> None:
    dataset, _ = load(str(tricky(tmp_path)))
    report = build_report(dataset, bands=bands)
    i18n.set_lang(lang)
    fast, general = io.StringIO(), io.StringIO()
    render_csv(report, fast, RenderOptions(csv_dialect=dialect))
    fields = BANDED_FIELDS if bands else ROW_FIELDS
    # excel-id is for people: its rows are said in the language (report.people_rows)
    said = people_rows(report) if dialect == "excel-id" else report.rows
    rows = [msgspec.structs.astuple(row) for row in said]
    write_csv(general, fields, rows, dialect=dialect, labels="report")
    assert fast.getvalue() == general.getvalue()
    # with text_columns, write_csv takes its fast route too
    quick = io.StringIO()
    texts = {"indicator", "indicator_name", "region", "region_name", "breakdown", "unit"}
    texts |= {"status", "reason", "source", "band"}
    write_csv(quick, fields, rows, texts, dialect=dialect, labels="report")
    assert quick.getvalue() == general.getvalue()


def test_bom_only_for_the_excel_dialects(lamongan: Path) -> None:
    assert not report_csv(lamongan).startswith(BOM)
    assert not report_csv(lamongan, "--csv-dialect", "rfc4180").startswith(BOM)
    assert report_csv(lamongan, "--csv-dialect", "excel").startswith(BOM + "indicator,")
    assert report_csv(lamongan, "--csv-dialect", "excel-id", "--lang", "id").startswith(
        BOM + "Indikator;Nama indikator;"
    )


def test_bom_in_a_file(lamongan: Path, tmp_path: Path) -> None:
    for dialect, bom in (("rfc4180", False), ("excel", True), ("excel-id", True)):
        out = tmp_path / f"{dialect}.csv"
        result = run(
            "report", "--data", str(lamongan), "-f", "csv", "--csv-dialect", dialect,
            "-o", str(out),
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        assert out.read_bytes().startswith(b"\xef\xbb\xbf") is bom, dialect
        assert out.read_bytes().count(b"\xef\xbb\xbf") == int(bom)


def test_excel_is_rfc4180_with_a_bom(tmp_path: Path) -> None:
    path = tricky(tmp_path)
    assert report_csv(path, "--csv-dialect", "excel") == BOM + report_csv(path)


def test_excel_id_reads_back_into_the_same_numbers(tmp_path: Path) -> None:
    path = tricky(tmp_path)
    out = tmp_path / "laporan.csv"
    result = run(
        "report", "--data", str(path), "-f", "csv", "--csv-dialect", "excel-id", "--lang", "id",
        "--bands", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as stream:
        excel_id = list(csv.reader(stream, delimiter=";"))
    standard = list(csv.reader(io.StringIO(report_csv(path, "--bands"), newline="")))
    assert len(excel_id) == len(standard) > 1
    header = standard[0]
    assert header == list(BANDED_FIELDS)
    assert excel_id[0][header.index("achievement_pct")] == "Capaian %"
    assert excel_id[0][header.index("band")] == "Kategori"
    compared = 0
    for row_id, row in zip(excel_id[1:], standard[1:], strict=True):
        assert len(row_id) == len(row) == len(header)
        for name, cell_id, cell in zip(header, row_id, row, strict=True):
            if name in NUMERIC and cell:
                assert "." not in cell_id  # a decimal comma, no thousands separator
                assert Decimal(cell_id.replace(",", ".")) == Decimal(cell)
                # the same digits: 12,50 stays 12,50
                assert cell_id == cell.replace(".", ",")
                compared += 1
            elif name in ("indicator_name", "region_name", "unit", "status", "reason", "band"):
                assert cell_id or not cell, name  # words for people, in the language
            else:
                assert cell_id == cell, name  # text, codes and years unchanged
    assert compared > 20
    by_year = {(r[4], r[5]): r for r in excel_id[1:] if r[0] == "p0"}
    row_2023 = by_year[("2023", "")]
    assert row_2023[header.index("change")] == "-0,11"
    assert row_2023[header.index("achievement_pct")] == "105,69"
    assert row_2023[header.index("band")] == "Melampaui target"
    assert row_2023[header.index("status")] == "tercapai"
    assert row_2023[header.index("unit")] == "persen"
    line = next(r for r in excel_id[1:] if r[0] == "poverty_line" and r[4] == "2023")
    assert line[header.index("value")] == "481969"
    assert line[header.index("reason")] == "tanpa arah (direction none): tidak pernah dinilai"


def test_excel_id_neutralises_formulas_but_not_numbers(tmp_path: Path) -> None:
    path = tricky(tmp_path)
    rows = read(report_csv(path, "--csv-dialect", "excel-id"), "excel-id")
    header = list(ROW_FIELDS)
    for row in rows[1:]:
        if row[0] == "p0":
            assert row[header.index("indicator_name")] == "'-P0, =rate"
    september = next(r for r in rows[1:] if r[5] == "9" and r[4] == "2022")
    assert september[header.index("source")] == "'+x"
    assert september[header.index("breakdown")] == "area=urban;sex=female"
    negative = next(r for r in rows[1:] if r[0] == "p0" and r[4] == "2022" and r[5] == "")
    assert negative[header.index("change")] == "-1,33"  # a negative number keeps its minus
    assert rows[1][header.index("region_name")] == 'Kab. "Lamongan"; Jawa Timur, ID'


def test_excel_id_headers_follow_the_language(lamongan: Path) -> None:
    en = read(report_csv(lamongan, "--csv-dialect", "excel-id", "--lang", "en"), "excel-id")
    id_ = read(report_csv(lamongan, "--csv-dialect", "excel-id", "--lang", "id"), "excel-id")
    assert en[0][:5] == ["Indicator", "Indicator name", "Region", "Region name", "Year"]
    assert id_[0][:5] == ["Indikator", "Nama indikator", "Wilayah", "Nama wilayah", "Tahun"]
    # the words in the cells follow the language too; codes, numbers and the data's text not
    words = {ROW_FIELDS.index(name) for name in ("unit", "status", "reason")}
    for en_row, id_row in zip(en[1:], id_[1:], strict=True):
        assert [c for i, c in enumerate(en_row) if i not in words] == [
            c for i, c in enumerate(id_row) if i not in words
        ]
    assert {row[ROW_FIELDS.index("status")] for row in en[1:]} >= {"met"}
    assert {row[ROW_FIELDS.index("status")] for row in id_[1:]} >= {"tercapai"}
    for header in (en[0], id_[0]):
        assert len(set(header)) == len(header) == len(ROW_FIELDS)
    # the other dialects keep the identifiers in any language
    for dialect in ("rfc4180", "excel"):
        rows = read(report_csv(lamongan, "--csv-dialect", dialect, "--lang", "id"), dialect)
        assert rows[0] == list(ROW_FIELDS)


def test_every_column_has_a_translated_header() -> None:
    for lang in i18n.LANGS:
        i18n.set_lang(lang)
        names = csv_header(BANDED_FIELDS, "excel-id", "report")
        assert len(set(names)) == len(names)
        assert all(names)


def test_write_csv_excel_id_cells() -> None:
    out = io.StringIO()
    write_csv(
        out,
        ["region", "value", "year", "breakdown", "note"],
        [
            ["3524", Decimal("1234.56"), 2023, {"area": "urban"}, "=1+1"],
            ["35", Decimal("-0.11"), 2024, None, None],
            ["0000", Decimal("12.50"), 2025, None, "a;b"],
        ],
        dialect="excel-id",
    )
    assert out.getvalue() == (
        BOM
        + "Wilayah;Nilai;Tahun;Rincian;Catatan\r\n".replace("Wilayah", "Region")
        .replace("Nilai", "Value")
        .replace("Tahun", "Year")
        .replace("Rincian", "Breakdown")
        .replace("Catatan", "Note")
        + "3524;1234,56;2023;area=urban;'=1+1\r\n"
        + "35;-0,11;2024;;\r\n"
        + '0000;12,50;2025;;"a;b"\r\n'
    )


def test_unknown_dialect_exits_2(lamongan: Path) -> None:
    result = run("report", "--data", str(lamongan), "-f", "csv", "--csv-dialect", "excel-fr")
    assert result.exit_code == 2
    assert result.stdout == ""
    # Typer's usage error: the option, the value and the choices
    assert "'--csv-dialect'" in result.stderr
    assert "'excel-fr'" in result.stderr
    assert "'rfc4180', 'excel', 'excel-id'" in " ".join(result.stderr.replace("│", " ").split())


def test_every_command_with_csv_dialect_writes_excel_id() -> None:
    """Each command that offers --csv-dialect writes excel-id CSV without an internal error:
    its columns all have headers in both languages."""
    import typer.main

    group = typer.main.get_command(app)
    commands: dict[str, Any] = getattr(group, "commands", {})
    offering = [
        name
        for name, command in commands.items()
        if any("--csv-dialect" in getattr(p, "opts", ()) for p in command.params)
    ]
    assert "report" in offering
    data = str(Path(__file__).parents[1] / "src" / "povtrack" / "data" / "indicators.json")
    for name in offering:
        options = {o for p in commands[name].params for o in getattr(p, "opts", ())}
        args = [name, "--format", "csv", "--csv-dialect", "excel-id"]
        if "--data" in options:
            args += ["--data", data]
        if "--quiet" in options:
            args.append("--quiet")
        for lang in i18n.LANGS:
            result = run(*args, "--lang", lang)
            assert result.exit_code != 3, (name, result.stderr)
            if result.exit_code == 0 and result.stdout:
                assert result.stdout.startswith(BOM), name
    report = run("report", "--data", data, "-f", "csv", "--csv-dialect", "excel-id", "-q")
    assert report.exit_code == 0 and report.stdout.startswith(BOM)


def test_fast_report_writer_matches_write_csv_on_random_rows() -> None:
    """Rows made up directly, not through a data file: texts with separators, quotes, line
    breaks and formula starts, series that differ only in month, breakdown or unit, numbers
    missing or present, in every dialect, with and without bands."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from povtrack.core.report import BandedReport, BandedRow, Report, ReportRow

    text = st.text(alphabet=st.sampled_from("ab,;\"\n\r=+-@ \t'x"), min_size=1, max_size=6)
    number = st.one_of(
        st.none(),
        st.builds(
            lambda n, p: Decimal(n).scaleb(-p), st.integers(-(10**8), 10**8), st.integers(0, 6)
        ),
    )
    row = st.builds(
        lambda head, month, breakdown, unit, numbers, year, status, reason, source, band: (
            (*head, year, month, breakdown, unit, *numbers, status, reason, source),
            band,
        ),
        st.tuples(st.sampled_from(["p0", "=p1"]), text, st.sampled_from(["35", "3524"]), text),
        st.one_of(st.none(), st.integers(1, 12)),
        st.one_of(st.none(), st.dictionaries(text, text, min_size=1, max_size=2)),
        st.sampled_from(["percent", "count"]),
        st.tuples(number, st.one_of(st.none(), st.integers(1990, 2030)), *[number] * 7),
        st.integers(1990, 2030),
        st.sampled_from(["met", "missed", "no_target"]),
        st.one_of(st.none(), text),
        st.one_of(st.none(), text),
        st.one_of(st.none(), st.sampled_from(["good", "poor"])),
    )

    @settings(max_examples=150, deadline=None)
    @given(
        st.lists(row, max_size=12),
        st.sampled_from(CSV_DIALECTS),
        st.booleans(),
        st.sampled_from(["en", "id"]),
    )
    def check(
        cells: list[tuple[tuple[Any, ...], Any]], dialect: CsvDialect, bands: bool, lang: str
    ) -> None:
        i18n.set_lang(lang)  # type: ignore[arg-type]
        common: dict[str, Any] = {
            "achievement_formula": "linear",
            "data": "x.json",
            "indicators": [],
            "regions": [],
        }
        report: Report
        if bands:
            rows: list[ReportRow] = [
                BandedRow(**dict(zip(ROW_FIELDS, c, strict=True)), band=b) for c, b in cells
            ]
            report = BandedReport(**common, rows=rows)
        else:
            report = Report(**common, rows=[ReportRow(*c) for c, _ in cells])
        fast, general = io.StringIO(), io.StringIO()
        render_csv(report, fast, RenderOptions(csv_dialect=dialect))
        fields = BANDED_FIELDS if bands else ROW_FIELDS
        astuple = msgspec.structs.astuple
        said = people_rows(report) if dialect == "excel-id" else report.rows
        write_csv(general, fields, [astuple(r) for r in said], dialect=dialect, labels="report")
        assert fast.getvalue() == general.getvalue()

    try:
        check()
    finally:
        i18n.set_lang("en")
