"""`povtrack report`: the Lamongan figures from the reference, in every format, and the edge
cases (gaps, undefined formulas, formula injection, atomic writes)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

from povtrack import i18n
from povtrack.core.report import (
    REASON_NO_EARLIER,
    REASON_NO_VALUE,
    REASON_NOT_SCORED,
    REASON_PREVIOUS_ZERO,
    REASON_TARGET_ZERO,
    Formula,
    ReportRow,
    Status,
    _join,
    _round,
    achievement,
    build_report,
    report_parts,
)
from povtrack.io.loader import load
from povtrack.model.numbers import HUNDRED, ZERO
from povtrack.model.records import Filters, Indicator, Record, Region
from povtrack.render import RenderOptions, text_table
from povtrack.render.report import render_table

from .conftest import LAMONGAN, run, write_json

PCT_QUANTUM = Decimal("0.01")


def rows_by_year(doc: dict[str, Any], indicator: str = "p0") -> dict[int, dict[str, Any]]:
    return {r["year"]: r for r in doc["rows"] if r["indicator"] == indicator}


def report_json(path: Path, *args: str) -> dict[str, Any]:
    result = run("report", "--data", str(path), "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return doc


def test_lamongan_figures_json(lamongan: Path) -> None:
    rows = rows_by_year(report_json(lamongan))
    assert rows[2022]["change"] == Decimal("-1.33")
    assert rows[2022]["change_pct"] == Decimal("-9.60")
    assert rows[2023]["change"] == Decimal("-0.11")
    assert rows[2023]["change_pct"] == Decimal("-0.88")
    assert rows[2023]["margin"] == Decimal("0.75")
    assert rows[2023]["margin_pct"] == Decimal("5.69")
    assert rows[2023]["achievement_pct"] == Decimal("105.69")
    assert rows[2023]["status"] == "met"
    assert rows[2023]["previous_year"] == 2022
    assert rows[2023]["source"] == "s2023"


def test_numbers_are_written_as_exact_decimal_text(lamongan: Path) -> None:
    result = run("report", "--data", str(lamongan), "--format", "json")
    # parsed as floats, the text must still be the short decimal, never 0.10999999999999943
    doc = json.loads(result.stdout)
    row = rows_by_year(doc)[2023]
    assert repr(row["change"]) == "-0.11"
    assert "0.1099999" not in result.stdout


def test_ratio_formula(lamongan: Path) -> None:
    doc = report_json(lamongan, "--achievement", "ratio")
    assert doc["achievement_formula"] == "ratio"
    assert rows_by_year(doc)[2023]["achievement_pct"] == Decimal("106.04")


def test_json_rows_have_exactly_the_documented_keys(lamongan: Path) -> None:
    doc = report_json(lamongan)
    keys = [
        "indicator",
        "indicator_name",
        "region",
        "region_name",
        "year",
        "month",
        "breakdown",
        "unit",
        "value",
        "previous_year",
        "previous_value",
        "change",
        "change_pct",
        "target",
        "margin",
        "margin_pct",
        "achievement_pct",
        "status",
        "reason",
        "source",
    ]
    for row in doc["rows"]:
        assert list(row) == keys
    assert doc["achievement_formula"] == "linear"
    assert doc["data"] == str(lamongan)


def test_json_is_the_core_result_serialised(lamongan: Path) -> None:
    dataset, _ = load(str(lamongan))
    core = build_report(dataset, Filters(), "linear")
    encoder = msgspec.json.Encoder(decimal_format="number")
    expected = json.loads(encoder.encode(core), parse_float=Decimal)
    assert report_json(lamongan) == expected


def test_gap_compares_with_latest_earlier_year(lamongan: Path) -> None:
    rows = rows_by_year(report_json(lamongan))
    assert rows[2020]["previous_year"] == 2017
    assert rows[2020]["previous_value"] == Decimal("14.42")
    assert rows[2020]["change"] == Decimal("-0.57")
    assert rows[2017]["previous_year"] is None
    assert rows[2017]["change"] is None
    assert rows[2017]["reason"] == "no earlier year"


def test_gap_is_named_in_table(lamongan: Path) -> None:
    result = run("report", "--data", str(lamongan), "--indicator", "p0")
    assert result.exit_code == 0
    line_2020 = next(line for line in result.stdout.splitlines() if line.strip().startswith("2020"))
    assert "vs 2017" in line_2020
    line_2022 = next(line for line in result.stdout.splitlines() if line.strip().startswith("2022"))
    assert "vs" not in line_2022
    assert "better" in line_2022


def test_target_only_row_and_not_scored(lamongan: Path) -> None:
    doc = report_json(lamongan)
    future = rows_by_year(doc)[2026]
    assert future["status"] == "no_value"
    assert future["value"] is None and future["target"] == Decimal("11.95")
    line = rows_by_year(doc, "poverty_line")[2023]
    assert line["status"] == "not_scored"
    assert line["change"] == Decimal("62660")
    assert line["margin"] is None and line["achievement_pct"] is None
    assert "never scored" in line["reason"]


def test_target_zero_gives_margin_but_no_percentages(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(LAMONGAN))
    doc["indicators"].append(
        {
            "id": "extreme",
            "name": "Extreme poverty",
            "unit": "percent",
            "decimals": 2,
            "direction": "lower",
        }
    )
    doc["records"].append(
        {
            "indicator": "extreme",
            "region": "3524",
            "year": 2024,
            "value": 0.83,
            "target": 0,
            "source": "x",
        }
    )
    path = write_json(tmp_path / "zero.json", doc)
    for formula in ("linear", "ratio"):
        row = rows_by_year(report_json(path, "--achievement", formula), "extreme")[2024]
        assert row["margin"] == Decimal("-0.83")
        assert row["status"] == "missed"
        assert row["margin_pct"] is None
        assert row["achievement_pct"] is None
        assert "target is 0" in row["reason"]


def test_value_zero_with_ratio_formula() -> None:
    assert achievement(Decimal(0), Decimal("1.5"), "lower", "ratio") == (None, "value is 0")
    linear, why = achievement(Decimal(0), Decimal("1.5"), "lower", "linear")
    assert linear == Decimal(200) and why is None


def test_linear_achievement_is_not_clamped() -> None:
    # R >= 2T: the linear formula goes to 0 or below; reported as computed
    pct, _ = achievement(Decimal("30"), Decimal("10"), "lower", "linear")
    assert pct == Decimal("-100")
    # PermenPAN-RB worked examples: T 7, R 6.5 -> 107.14 %; T 8, R 9 -> 87.5 %
    pct, _ = achievement(Decimal("6.5"), Decimal("7"), "lower", "linear")
    assert pct is not None and round(pct, 2) == Decimal("107.14")
    pct, _ = achievement(Decimal("9"), Decimal("8"), "lower", "linear")
    assert pct == Decimal("87.5")


def test_higher_is_better(tmp_path: Path) -> None:
    doc = {
        "indicators": [
            {
                "id": "lit",
                "name": "Literacy",
                "unit": "percent",
                "decimals": 1,
                "direction": "higher",
            }
        ],
        "regions": [{"code": "35", "name": "Jawa Timur"}],
        "records": [
            {"indicator": "lit", "region": "35", "year": 2022, "value": 90.0, "source": "s"},
            {
                "indicator": "lit",
                "region": "35",
                "year": 2023,
                "value": 91.5,
                "target": 92.0,
                "source": "s",
            },
        ],
    }
    row = rows_by_year(report_json(write_json(tmp_path / "h.json", doc)), "lit")[2023]
    assert row["margin"] == Decimal("-0.5")
    assert row["status"] == "missed"
    assert row["achievement_pct"] == Decimal("99.46")
    assert row["change"] == Decimal("1.5")


def test_csv_output_parses_back(lamongan: Path) -> None:
    result = run("report", "--data", str(lamongan), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    by_year = {int(r["year"]): r for r in rows if r["indicator"] == "p0"}
    assert by_year[2023]["change"] == "-0.11"
    assert by_year[2023]["change_pct"] == "-0.88"
    assert by_year[2023]["margin"] == "0.75"
    assert by_year[2023]["margin_pct"] == "5.69"
    assert by_year[2023]["achievement_pct"] == "105.69"
    assert by_year[2022]["change"] == "-1.33"
    assert by_year[2022]["change_pct"] == "-9.60"
    assert by_year[2017]["change"] == ""
    assert list(rows[0]) == list(
        json.loads(run("report", "--data", str(lamongan), "--format", "json").stdout)["rows"][0]
    )


def test_csv_neutralises_formulas_but_not_numbers(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(LAMONGAN))
    doc["regions"][0]["name"] = '=HYPERLINK("http://evil")'
    doc["records"][3]["source"] = "@SUM(A1)"
    path = write_json(tmp_path / "inj.json", doc)
    result = run("report", "--data", str(path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert all(r["region_name"] == '\'=HYPERLINK("http://evil")' for r in rows)
    row_2022 = next(r for r in rows if r["year"] == "2022")
    assert row_2022["source"] == "'@SUM(A1)"
    assert row_2022["change"] == "-1.33"  # a negative number keeps its minus


def test_markdown_has_table_and_sentence(lamongan: Path) -> None:
    result = run("report", "--data", str(lamongan), "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("| Year"))
    assert [c.strip() for c in header.strip("|").split("|")][:3] == ["Year", "Value", "Change"]
    row_2023 = next(line for line in lines if line.startswith("| 2023"))
    cells = [c.strip() for c in row_2023.strip("|").split("|")]
    assert cells[1] == "12.42" and cells[3] == "13.17" and cells[5] == "105.69"
    assert cells[2].startswith("-0.11 (-0.88 %) better")
    assert (
        "- Kabupaten Lamongan · Poverty rate (P0) 2023: 12.42 % beats the target of 13.17 % by "
        "0.75 points (achievement 105.69 %, linear formula)"
    ) in lines


def test_table_sentence(lamongan: Path) -> None:
    result = run("report", "--data", str(lamongan), "--indicator", "p0")
    assert (
        "Kabupaten Lamongan · Poverty rate (P0) 2023: 12.42 % beats the target of 13.17 % by "
        "0.75 points (achievement 105.69 %, linear formula)"
    ) in result.stdout.replace("\n", " ").replace("  ", " ")
    assert "\x1b[" not in result.stdout


def test_filters(lamongan: Path) -> None:
    doc = report_json(lamongan, "--indicator", "p0", "--from", "2021", "--to", "2023")
    assert [r["year"] for r in doc["rows"]] == [2021, 2022, 2023]
    # the first shown year still compares with the year before the window
    assert doc["rows"][0]["previous_year"] == 2020


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--indicator", "p9"), "no such indicator"),
        (("--region", "9999"), "no such region"),
        (("--from", "2024", "--to", "2020"), "after --to"),
        (("--format", "xml"), "xml"),
    ],
)
def test_bad_options_exit_2(lamongan: Path, args: tuple[str, ...], needle: str) -> None:
    result = run("report", "--data", str(lamongan), *args)
    assert result.exit_code == 2
    assert needle in result.stderr
    assert result.stdout == ""


def test_output_file_is_written_atomically(lamongan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run("report", "--data", str(lamongan), "--format", "csv", "--output", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == 8
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.csv")] == []


def test_failed_render_leaves_no_partial_file(
    lamongan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.csv"
    out.write_text("previous content", encoding="utf-8")
    import povtrack.render.report as rr

    def boom(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rr, "render_csv_rows", boom)  # the CSV renderer's rows
    result = run("report", "--data", str(lamongan), "--format", "csv", "--output", str(out))
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lamongan.json", "out.csv"]


def test_refuses_to_overwrite_its_input(lamongan: Path, tmp_path: Path) -> None:
    before = lamongan.read_bytes()
    spelled = tmp_path / "." / "lamongan.json"
    result = run("report", "--data", str(lamongan), "--output", str(spelled))
    assert result.exit_code == 2
    assert "never overwrites its input" in result.stderr
    assert lamongan.read_bytes() == before


def test_output_folder_must_exist(lamongan: Path, tmp_path: Path) -> None:
    result = run("report", "--data", str(lamongan), "--output", str(tmp_path / "nope" / "r.csv"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert not (tmp_path / "nope").exists()


def test_hostile_text_is_not_markup_or_escape(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(LAMONGAN))
    doc["regions"][0]["name"] = "[bold red]Lamongan[/] [link=http://x]y[/link]"
    path = write_json(tmp_path / "markup.json", doc)
    result = run("report", "--data", str(path), "--indicator", "p0")
    assert result.exit_code == 0
    assert "[bold red]Lamongan[/]" in result.stdout
    assert "\x1b" not in result.stdout


# -- the table: rich on a terminal, plain text into a file or a pipe -----------------------------

BUNDLED = Path(__file__).parents[1] / "src" / "povtrack" / "data" / "indicators.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize(("lang", "bands"), [("en", False), ("id", True)])
def test_plain_table_says_what_the_rich_one_says(lang: i18n.Lang, bands: bool) -> None:
    """Into a file the table is plain text; on a terminal rich draws it: the same words in the
    same order (rich wide enough not to wrap; its colour codes and rules left out)."""
    dataset, _ = load(str(BUNDLED))
    report = build_report(dataset, Filters(), "linear", bands=bands)
    i18n.set_lang(lang)
    plain, drawn = io.StringIO(), io.StringIO()
    render_table(report, plain, RenderOptions())
    render_table(report, drawn, RenderOptions(color=True, width=300))

    def words(text: str) -> list[str]:
        return [word for word in ANSI.sub("", text).split() if set(word) != {"\u2500"}]

    assert "\x1b" not in plain.getvalue()
    assert len(words(plain.getvalue())) > 1000
    assert words(plain.getvalue()) == words(drawn.getvalue())


def test_plain_table_has_a_line_per_row_and_aligned_columns(lamongan: Path) -> None:
    result = run("report", "--data", str(lamongan), "-i", "p0", "--bands", "--lang", "id")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.split()[:1] == ["Tahun"])
    row = next(line for line in lines if line.split()[:1] == ["2023"])
    # a right-justified column ends where its header ends; a left-justified one starts there
    for head, cell in (("Nilai", "12,42"), ("Capaian %", "105,69"), ("Target", "13,17")):
        assert row.index(cell) + len(cell) == header.index(head) + len(head)
    for head, cell in (("Perubahan", "-0,11 (-0,88%) membaik"), ("Kategori", "Melampaui target")):
        assert row.index(cell) == header.index(head)
    assert all(line == line.rstrip() for line in lines)


def test_text_table_measures_wide_characters_in_terminal_columns() -> None:
    lines = text_table(["Name", "N"], [["\u6f22\u5b57", "1"], ["x", "22"]], "lr")
    assert lines == [" Name    N", " " + "\u2500" * 9, " \u6f22\u5b57    1", " x      22"]


def test_invalid_data_is_refused_with_exit_1(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(LAMONGAN))
    doc["records"][0]["value"] = "14,42"
    path = write_json(tmp_path / "bad.json", doc)
    result = run("report", "--data", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "records[0].value" in result.stderr
    assert "wrong-type" in result.stderr


def test_says_which_file_it_read(lamongan: Path) -> None:
    result = run("report", "--data", str(lamongan), "--format", "csv")
    assert f"data: {lamongan} (--data)" in result.stderr


def test_fast_csv_writer_matches_the_general_csv_module(tmp_path: Path) -> None:
    """render_csv writes by hand for speed; it must give exactly what the csv module gives,
    with months, breakdowns, quotes, commas, newlines and formulas in the text."""
    import msgspec

    from povtrack.core.report import ROW_FIELDS
    from povtrack.render import RenderOptions, write_csv
    from povtrack.render.report import render_csv

    doc = json.loads(json.dumps(LAMONGAN))
    doc["regions"][0]["name"] = 'Kab. "Lamongan", Jawa Timur'
    doc["indicators"][0]["name"] = "-P0, =rate"
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
                "source": "a,b",
            },
        ]
    )
    path = write_json(tmp_path / "mixed.json", doc)
    dataset, _ = load(str(path))
    report = build_report(dataset)
    fast, general = io.StringIO(), io.StringIO()
    render_csv(report, fast, RenderOptions())
    write_csv(general, ROW_FIELDS, [msgspec.structs.astuple(row) for row in report.rows])
    assert fast.getvalue() == general.getvalue()
    rows = list(csv.DictReader(io.StringIO(fast.getvalue(), newline="")))
    assert rows[0]["region_name"] == 'Kab. "Lamongan", Jawa Timur'
    assert rows[0]["indicator_name"] == "'-P0, =rate"
    urban = [r for r in rows if r["breakdown"]]
    assert [r["breakdown"] for r in urban] == ["area=urban;sex=female"] * 2
    assert urban[1]["change"] == "-0.25"


def test_quiet_silences_the_notes_but_not_errors(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(LAMONGAN))
    doc["records"].append(
        {"indicator": "p0", "region": "3524", "year": 2010, "value": 18.0, "source": "s"}
    )  # a gap 2010 -> 2017: a warning
    path = write_json(tmp_path / "gap.json", doc)
    loud = run("report", "--data", str(path), "--format", "csv")
    assert "data:" in loud.stderr
    assert "warning" in loud.stderr
    quiet = run("report", "--data", str(path), "--format", "csv", "-q")
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout
    bad = run("report", "--data", str(tmp_path / "missing.json"), "-q")
    assert bad.exit_code == 2
    assert "no such file" in bad.stderr


# -- the fast row loop against the plain one ------------------------------------------------------


def _decimal_text(decimals: int) -> Any:
    """Decimal figures as a file may write them: up to `decimals` places (sometimes fewer, as
    `12.5` for a 2-decimal indicator), zero, and large ones."""
    from hypothesis import strategies as st

    def make(units: int, places: int) -> Decimal:
        return Decimal(units).scaleb(-places)

    return st.builds(
        make,
        st.one_of(
            st.integers(0, 3000),
            st.integers(0, 10**21),
            st.sampled_from([0, 1, 5, 50, 500, 1000, 10**15]),
        ),
        st.integers(0, decimals),
    ).filter(lambda d: d <= Decimal("1e15"))


def _series_case() -> Any:
    from hypothesis import strategies as st

    @st.composite
    def case(draw: Any) -> tuple[Any, ...]:
        from povtrack.model.records import Indicator, Record

        decimals = draw(st.integers(0, 6))
        direction = draw(st.sampled_from(["lower", "higher", "none"]))
        ind = Indicator("x", "X", "count", decimals, direction)
        years = sorted(draw(st.sets(st.integers(2000, 2030), min_size=1, max_size=8)))
        numbers = _decimal_text(decimals)
        records = []
        for year in years:
            value = draw(st.one_of(st.none(), numbers))
            target = None if direction == "none" else draw(st.one_of(st.none(), numbers))
            if value is None and target is None:
                value = draw(numbers)
            records.append(
                Record("x", "r", year, value=value, target=target, source="s" if value else None)
            )
        formula = draw(st.sampled_from(["linear", "ratio"]))
        year_from = draw(st.one_of(st.none(), st.integers(2000, 2030)))
        return ind, records, formula, year_from

    return case()


def reference_row(
    rec: Record,
    ind: Indicator,
    reg: Region,
    previous: Record | None,
    formula: Formula,
    quantum: Decimal,
) -> ReportRow:
    """One row, written plainly from the formulas (the implementation before build_report was
    unrolled per series for speed): the reference the fast loop must agree with."""
    value = rec.value
    target = rec.target
    direction = ind.direction
    change = change_pct = margin_ = margin_pct = achieved = None
    prev_year = prev_value = None
    reason: str | None = None
    if value is not None:
        if previous is not None:
            prev_year = previous.year
            prev_value = previous.value
            assert prev_value is not None
            exact = value - prev_value
            change = _round(exact, quantum)
            if prev_value:
                change_pct = _round(exact / prev_value * HUNDRED, PCT_QUANTUM)
            else:
                reason = REASON_PREVIOUS_ZERO
        else:
            reason = REASON_NO_EARLIER
    status: Status
    if direction == "none":
        status = "not_scored"
        reason = _join(reason, REASON_NOT_SCORED)
    elif value is None:
        status = "no_value"
        reason = _join(reason, REASON_NO_VALUE)
    elif target is None:
        status = "no_target"
    else:
        exact_margin = target - value if direction == "lower" else value - target
        margin_ = _round(exact_margin, quantum)
        status = "met" if exact_margin >= ZERO else "missed"
        if target:
            margin_pct = _round(exact_margin / target * HUNDRED, PCT_QUANTUM)
            pct, why = achievement(value, target, direction, formula)
            if pct is None:
                reason = _join(reason, why)
            else:
                achieved = _round(pct, PCT_QUANTUM)
        else:
            reason = _join(reason, REASON_TARGET_ZERO)
    return ReportRow(
        ind.id,
        ind.name,
        reg.code,
        reg.name,
        rec.year,
        rec.month,
        rec.breakdown,
        ind.unit,
        value,
        prev_year,
        prev_value,
        change,
        change_pct,
        target,
        margin_,
        margin_pct,
        achieved,
        status,
        reason,
        rec.source,
    )


def test_fast_rows_equal_the_plain_rows() -> None:
    """build_report's unrolled loop (`_series_rows`) gives the rows of `_row`, the plain
    implementation, Decimal for Decimal and digit for digit (`12.50` is not `12.5`), for random
    series: zeros, equal values, negative changes, ties at .5, fewer decimals than allowed,
    gaps, --from, both formulas and every direction."""
    from hypothesis import given, settings

    from povtrack.core.report import _series_rows
    from povtrack.model.records import Region

    @settings(max_examples=400, deadline=None)
    @given(_series_case())
    def check(case: tuple[Any, ...]) -> None:
        ind, records, formula, year_from = case
        reg = Region("r", "R")
        filters = Filters(year_from=year_from)
        fast: list[ReportRow] = []
        _series_rows(records, ind, reg, formula, filters.year, fast)
        quantum = Decimal(1).scaleb(-ind.decimals)
        plain = []
        previous = None
        for rec in records:
            if filters.year(rec.year):
                plain.append(reference_row(rec, ind, reg, previous, formula, quantum))
            if rec.value is not None:
                previous = rec
        as_text = [[str(v) for v in msgspec.structs.astuple(row)] for row in fast]
        assert as_text == [[str(v) for v in msgspec.structs.astuple(row)] for row in plain]
        assert fast == plain

    check()


def test_rounded_once_from_the_exact_quotient() -> None:
    """Percentages are the exact quotient rounded once, half away from zero (`fractions`,
    no decimal context involved), for figures of realistic size."""
    from fractions import Fraction

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from povtrack.core.report import _series_rows
    from povtrack.model.records import Indicator, Record, Region

    def rounded(exact: Fraction) -> Decimal:
        hundredths = abs(exact) * 100
        whole = int(hundredths + Fraction(1, 2))  # half away from zero
        result = Decimal(whole if exact >= 0 else -whole).scaleb(-2)
        return result if result else abs(result)

    figure = st.integers(0, 10**9).map(lambda n: Decimal(n).scaleb(-2))

    @settings(max_examples=300, deadline=None)
    @given(figure, figure, figure, st.sampled_from(["lower", "higher"]))
    def check(previous: Decimal, value: Decimal, target: Decimal, direction: str) -> None:
        ind = Indicator("x", "X", "count", 2, direction)  # type: ignore[arg-type]
        recs = [Record("x", "r", 2020, value=previous), Record("x", "r", 2021, value=value)]
        recs[1].target = target
        rows: list[ReportRow] = []
        _series_rows(recs, ind, Region("r", "R"), "linear", None, rows)
        row = rows[1]
        v, p, t = Fraction(value), Fraction(previous), Fraction(target)
        assert row.change == value - previous
        if p:
            assert row.change_pct == rounded((v - p) / p * 100)
        if t:
            margin = t - v if direction == "lower" else v - t
            assert row.margin_pct == rounded(margin / t * 100)
            achieved = (2 * t - v) / t * 100 if direction == "lower" else v / t * 100
            assert row.achievement_pct == rounded(achieved)

    check()


@pytest.mark.parametrize("part_rows", [1, 3, 5, 1000])
def test_report_parts_are_the_report_in_whole_series(lamongan: Path, part_rows: int) -> None:
    dataset, _ = load(str(lamongan))
    whole = build_report(dataset)
    parts = list(report_parts(dataset, part_rows=part_rows))
    assert [row for part in parts for row in part.rows] == whole.rows
    keys = [[(row.indicator, row.region) for row in part.rows] for part in parts]
    for before, after in itertools.pairwise(keys):
        assert not set(before) & set(after)  # a series is never cut between parts
    if part_rows == 1:
        assert len(parts) == 2  # one part per series
    for part in parts:
        assert {ind.id for ind in part.indicators} == {row.indicator for row in part.rows}


def test_report_parts_of_nothing_is_one_empty_part(lamongan: Path) -> None:
    dataset, _ = load(str(lamongan))
    parts = list(report_parts(dataset, Filters(year_from=2099)))
    assert len(parts) == 1
    assert parts[0].rows == []


# --- The table's default on a file with many series (the bundled data) ---------------------------


def _series_titles(stdout: str) -> list[str]:
    """The title line of each series in the terminal table (`Region · Indicator (unit)`)."""
    return [
        line
        for line in stdout.splitlines()
        if " · " in line and not line.startswith(" ") and ":" not in line
    ]


def test_table_without_filters_shows_the_series_with_targets() -> None:
    """On a file where some indicators and regions have targets, the table shows those only and
    says so on stderr; --all, --region or --indicator show others; the other formats have all."""
    raw = json.loads(BUNDLED.read_text(encoding="utf-8"))
    targeted = {(r["indicator"], r["region"]) for r in raw["records"] if "target" in r}
    result = run("report", "--data", str(BUNDLED))
    assert result.exit_code == 0, result.stderr
    assert "--all" in result.stderr
    names = {r["code"]: r["name"] for r in raw["regions"]}
    titles = _series_titles(result.stdout)
    shown_regions = {title.split(" · ")[0] for title in titles}
    assert shown_regions == {names[region] for _, region in targeted}
    assert len(result.stdout.splitlines()) < 300  # readable, not thousands of rows
    every = run("report", "--data", str(BUNDLED), "--all", "-q")
    assert every.exit_code == 0
    assert every.stderr == ""
    assert len(_series_titles(every.stdout)) > 10 * len(titles)
    tuban = run("report", "--data", str(BUNDLED), "--region", "3523")
    assert "--all" not in tuban.stderr
    assert {t.split(" · ")[0] for t in _series_titles(tuban.stdout)} == {"Kabupaten Tuban"}
    # CSV (a stable interface): every series, with or without --all
    csv_rows = list(
        csv.DictReader(io.StringIO(run("report", "--data", str(BUNDLED), "-f", "csv", "-q").stdout))
    )
    values = [r for r in raw["records"] if "value" in r or "target" in r]
    assert len(csv_rows) == len(values)


def test_a_small_file_shows_every_series(lamongan: Path) -> None:
    """25 series or fewer: every series, whether it has targets or not."""
    result = run("report", "--data", str(lamongan))
    assert "--all" not in result.stderr
    assert len(_series_titles(result.stdout)) == 2  # p0 (with targets) and the poverty line
