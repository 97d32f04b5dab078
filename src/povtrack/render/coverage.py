"""Renderers of `povtrack coverage`: table, csv, json, markdown.

The table and Markdown draw one matrix per indicator and month, a symbol per region and year
(`SYMBOLS`, explained by a legend in the chosen language), with the figures each region has
(`9/11`), each year has (a row of counts) and the matrix has. The terminal table fits 38 regencies
× 11 years in 80 columns: a year is two digits (the title gives the whole span), a region's
name is cut with `…` to the width left. CSV is the long form, one row per cell, in English
codes whatever the language (a stable interface); JSON is the result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, TextIO

from povtrack.core.coverage import Cell, Counts, Coverage, Matrix
from povtrack.core.names import ENGLISH_ONLY, IndonesianNames, Shown
from povtrack.core.ranking import period_name
from povtrack.i18n import N_, NP_, t, tn
from povtrack.io.output import safe_line
from povtrack.render import (
    Renderer,
    RenderOptions,
    cell_width,
    console_for,
    md_cell,
    md_table,
    render_json,
    write_csv,
)

if TYPE_CHECKING:
    from rich.console import Console

#: The symbol of each status, and of a recorded gap by its reason (`model.records.GAP_REASONS`).
SYMBOLS: Final[dict[str, str]] = {
    "value": "●",
    "target_only": "○",
    "not_published": "×",
    "not_found": "?",
    "methodology_break": "≠",
    "missing": "·",
}

#: What each symbol means, in the legend's order.
_COVERAGE_LEGEND: Final = {
    "value": N_("figure"),
    "target_only": NP_("coverage", "target only"),
    "not_published": N_("gap recorded: not published"),
    "not_found": N_("gap recorded: not found"),
    "methodology_break": N_("gap recorded: methodology break"),
    "missing": N_("missing (no gap recorded)"),
}

#: Terminal colours (only with colour on: the symbols say it all without).
_STYLE: Final = {
    "value": "green",
    "target_only": "cyan",
    "not_published": "yellow",
    "not_found": "yellow",
    "methodology_break": "yellow",
    "missing": "red",
}

_COVERAGE_FIGURES: Final = NP_("coverage", "Figures")
_COVERAGE_PER_YEAR: Final = N_("Figures per year")
_COVERAGE_EMPTY: Final = N_("No records or recorded gaps match the filters.")
_COVERAGE_HEADING: Final = NP_("coverage", "Coverage")
_COVERAGE_LEGEND_HEAD: Final = N_("Legend:")

#: A region's name is never cut shorter than this.
MIN_NAME: Final = 10


def key(cell: Cell) -> str:
    """The key of `SYMBOLS` for a cell: its status, or its gap's reason."""
    if cell.status == "gap" and cell.reason is not None:
        return cell.reason
    return cell.status


def symbol(cell: Cell) -> str:
    return SYMBOLS[key(cell)]


def legend_items() -> list[str]:
    """`● figure`, `○ target only`, ... in the current language."""
    return [f"{SYMBOLS[name]} {t(text)}" for name, text in _COVERAGE_LEGEND.items()]


def legend_lines(width: int) -> list[str]:
    """`Legend: ● figure   ○ target only   ...`, on as many lines as `width` needs (the
    following lines indented under the first item)."""
    head = t(_COVERAGE_LEGEND_HEAD)
    indent = " " * cell_width(head)
    lines: list[str] = []
    line, empty = head, True
    for item in legend_items():
        longer = f"{line} {item}" if empty else f"{line}   {item}"
        if not empty and cell_width(longer) > width:
            lines.append(line)
            line = f"{indent} {item}"
        else:
            line = longer
        empty = False
    lines.append(line)
    return lines


def title(matrix: Matrix, result: Coverage, names: IndonesianNames = ENGLISH_ONLY) -> str:
    """`p0 · Poverty rate (P0) · March · 2015–2025`."""
    span = (
        str(matrix.years[0]) if len(matrix.years) == 1 else f"{matrix.years[0]}–{matrix.years[-1]}"
    )
    parts = [
        matrix.indicator,
        result.indicator_label(matrix.indicator, names),
        period_name(matrix.month),
        span,
    ]
    return safe_line(" · ".join(parts))


def counts_text(counts: Counts) -> str:
    """`figures: 380 · targets only: 10 · gaps recorded: 20 · missing: 8 · cells: 418`."""
    return t(
        "figures: {values} · targets only: {target_only} · gaps recorded: {gaps} · "
        "missing: {missing} · cells: {cells}",
        cells=counts.cells,
        values=counts.values,
        target_only=counts.target_only,
        gaps=counts.gaps,
        missing=counts.missing,
    )


def fraction(counts: Counts) -> str:
    """`9/11`: the cells with a figure, of all."""
    return f"{counts.values}/{counts.cells}"


def breakdown_note(result: Coverage) -> str | None:
    if not result.breakdown_records:
        return None
    return tn(
        "Totals only: 1 record of a breakdown (such as area=urban) is not in the matrices.",
        "Totals only: {n} records of breakdowns (such as area=urban) are not in the matrices.",
        result.breakdown_records,
    )


def _cut(text: str, width: int) -> str:
    """`text` in at most `width` terminal columns, cut with `…`."""
    if cell_width(text) <= width:
        return text
    while text and cell_width(text) > width - 1:
        text = text[:-1]
    return text + "…"


def _pad(text: str, width: int, right: bool = False) -> str:
    room = " " * max(0, width - cell_width(text))
    return room + text if right else text + room


def render_table(shown: Shown[Coverage], out: TextIO, options: RenderOptions) -> None:
    from rich.text import Text

    result, names = shown.result, shown.names
    console = console_for(out, options, soft_wrap=True)
    if not result.matrices:
        console.print(Text(t(_COVERAGE_EMPTY)))
        return
    for i, matrix in enumerate(result.matrices):
        if i:
            console.print()
        _table(console, matrix, result, names)
    console.print()
    if len(result.matrices) > 1:
        console.print(Text(t("All matrices: {counts}", counts=counts_text(result.counts))))
    note = breakdown_note(result)
    if note:
        console.print(Text(note, style="dim"))
    for line in legend_lines(console.width):
        console.print(Text(line, style="dim"))


def _table(console: Console, matrix: Matrix, result: Coverage, names: IndonesianNames) -> None:
    from rich.text import Text

    year_w = max(2, len(str(len(matrix.rows))))
    figures = t(_COVERAGE_FIGURES)
    per_year = t(_COVERAGE_PER_YEAR)
    code_w = max(cell_width(t("Code")), *(cell_width(safe_line(r.region)) for r in matrix.rows))
    count_w = max(
        cell_width(figures),
        len(fraction(matrix.counts)),
        *(len(fraction(r.counts)) for r in matrix.rows),
    )
    labels = [safe_line(result.region_label(r.region, names)) for r in matrix.rows]
    longest = max(cell_width(t("Region")), cell_width(per_year), *map(cell_width, labels))
    fixed = 1 + code_w + 2 + 2 + len(matrix.years) * (year_w + 1) + 1 + count_w
    name_w = max(MIN_NAME, min(longest, console.width - fixed))
    gutter = "  "

    console.print(Text(title(matrix, result, names), style="bold"))
    head = Text(" " + _pad(t("Code"), code_w) + gutter + _pad(t("Region"), name_w) + gutter)
    for year in matrix.years:
        head.append(_pad(f"{year % 100:02d}", year_w, right=True) + " ")
    head.append(" " + _pad(figures, count_w, right=True))
    console.print(head)
    console.print(Text(" " + "─" * (fixed - 1 + name_w)))
    for row, label in zip(matrix.rows, labels, strict=True):
        line = Text(
            " " + _pad(safe_line(row.region), code_w) + gutter + _pad(_cut(label, name_w), name_w)
        )
        line.append(gutter)
        for cell in row.cells:
            line.append(" " * (year_w - 1) + symbol(cell), style=_STYLE[key(cell)])
            line.append(" ")
        line.append(" " + _pad(fraction(row.counts), count_w, right=True))
        console.print(line)
    total = Text(" " + " " * code_w + gutter + _pad(_cut(per_year, name_w), name_w) + gutter)
    for column in matrix.columns:
        total.append(_pad(str(column.counts.values), year_w, right=True) + " ")
    total.append(" " + _pad(fraction(matrix.counts), count_w, right=True))
    console.print(total)
    console.print(Text(counts_text(matrix.counts), style="dim"))


def render_markdown(shown: Shown[Coverage], out: TextIO, options: RenderOptions) -> None:
    """One section per matrix: a table with a symbol per region and year, the figures of each
    region (last column) and of each year (last row), and the legend at the end."""
    result, names = shown.result, shown.names
    out.write(f"## {t(_COVERAGE_HEADING)}\n\n")
    if not result.matrices:
        out.write(md_cell(t(_COVERAGE_EMPTY)) + "\n")
        return
    figures = md_cell(t(_COVERAGE_FIGURES))
    for matrix in result.matrices:
        out.write(f"### {md_cell(title(matrix, result, names))}\n\n")
        header = [md_cell(t("Code")), md_cell(t("Region"))]
        header += [str(year) for year in matrix.years] + [figures]
        rows = [
            [
                md_cell(row.region),
                md_cell(result.region_label(row.region, names)),
                *(md_cell(symbol(cell)) for cell in row.cells),
                fraction(row.counts),
            ]
            for row in matrix.rows
        ]
        rows.append(
            [
                "",
                f"**{md_cell(t(_COVERAGE_PER_YEAR))}**",
                *(str(column.counts.values) for column in matrix.columns),
                fraction(matrix.counts),
            ]
        )
        align = "ll" + "l" * len(matrix.years) + "r"
        out.write(md_table(header, rows, align))
        out.write("\n" + md_cell(counts_text(matrix.counts)) + "\n\n")
    if len(result.matrices) > 1:
        out.write(md_cell(t("All matrices: {counts}", counts=counts_text(result.counts))) + "\n\n")
    note = breakdown_note(result)
    if note:
        out.write(md_cell(note) + "\n\n")
    out.write(f"{md_cell(t(_COVERAGE_LEGEND_HEAD))}\n\n")
    out.writelines(f"- {md_cell(item)}\n" for item in legend_items())


#: The CSV columns (English identifiers whatever the language), one row per cell.
CSV_FIELDS: Final = ("indicator", "month", "region", "region_name", "year", "status", "reason")


def render_csv(
    result: Coverage,
    out: TextIO,
    options: RenderOptions,
    words: Mapping[str, Callable[[Any], Any]] | None = None,
) -> None:
    """The long form: one row per matrix cell, in the order of the matrices, then regions, then
    years. `status` is value, target_only, gap or missing; `reason` the recorded gap's; `month`
    empty for annual figures; `region_name` in English. In the CSV dialect of the options (in
    excel-id, `words` turns the codes into people's words)."""
    write_csv(
        out,
        CSV_FIELDS,
        (
            [
                matrix.indicator,
                matrix.month,
                row.region,
                result.region_names.get(row.region, row.region),
                cell.year,
                cell.status,
                cell.reason,
            ]
            for matrix in result.matrices
            for row in matrix.rows
            for cell in row.cells
        ),
        {"indicator", "region", "region_name", "status", "reason"},
        dialect=options.csv_dialect,
        labels="coverage",
        words=words,
    )


#: A cell's status in the excel-id CSV (a gap's reason has its own column).
_COVERAGE_STATUS: Final = {
    "value": N_("figure"),
    "target_only": NP_("coverage", "target only"),
    "gap": N_("gap recorded"),
    "missing": N_("missing (no gap recorded)"),
}
#: A recorded gap's reason in the excel-id CSV.
_COVERAGE_REASON: Final = {
    "not_published": N_("not published"),
    "not_found": N_("not found"),
    "methodology_break": N_("methodology break"),
}


def _csv(shown: Shown[Coverage], out: TextIO, options: RenderOptions) -> None:
    if options.csv_dialect != "excel-id":
        render_csv(shown.result, out, options)
        return
    # for people: the status, the reason and the regions' names in the current language
    result = shown.result
    shown_names = {
        english: shown.names.region(code, english) for code, english in result.region_names.items()
    }
    render_csv(
        shown.result,
        out,
        options,
        words={
            "status": lambda code: t(_COVERAGE_STATUS[code]) if code in _COVERAGE_STATUS else code,
            "reason": lambda code: t(_COVERAGE_REASON[code]) if code in _COVERAGE_REASON else code,
            "region_name": lambda name: shown_names.get(name, name),
        },
    )


def _json(shown: Shown[Coverage], out: TextIO, options: RenderOptions) -> None:
    """The result alone: the Indonesian names are never in the JSON."""
    render_json(shown.result, out, options)


#: Each takes the result and its Indonesian names (`Shown`); csv and json write the result
#: alone.
RENDERERS: Final[dict[str, Renderer[Shown[Coverage]]]] = {
    "table": render_table,
    "csv": _csv,
    "json": _json,
    "markdown": render_markdown,
}
