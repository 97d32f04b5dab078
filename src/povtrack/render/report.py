"""Renderers of `povtrack report`: table, csv, json, markdown."""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby
from typing import Final, TextIO

import msgspec

from povtrack.numbers import grouped, plain
from povtrack.output import safe_line
from povtrack.render import (
    Renderer,
    RenderOptions,
    csv_cell,
    csv_quote,
    csv_text,
    md_cell,
    md_table,
    render_json,
)
from povtrack.report import ROW_FIELDS, Report, ReportRow, latest_scored

MONTHS: Final = {3: "March", 9: "September"}


def amount(number: Decimal, unit: str) -> str:
    """A figure with its unit, for people: `12.42 %`, `149.94 thousand`, `Rp543,475`."""
    if unit == "percent":
        return f"{plain(number)} %"
    if unit == "rupiah":
        return f"Rp{grouped(number)}"
    if unit == "thousand_people":
        return f"{grouped(number)} thousand"
    if unit == "million_people":
        return f"{grouped(number)} million"
    if unit == "count":
        return grouped(number)
    return plain(number)


def difference(number: Decimal, unit: str) -> str:
    """A difference in the indicator's unit: percentage points for a percentage."""
    if unit == "percent":
        return f"{plain(number)} point{'' if number == 1 else 's'}"
    return amount(number, unit)


def period(row: ReportRow) -> str:
    text = str(row.year)
    if row.month is not None:
        text += f" ({MONTHS.get(row.month, f'month {row.month}')})"
    if row.breakdown:
        text += " [" + ", ".join(f"{k}={v}" for k, v in sorted(row.breakdown.items())) + "]"
    return text


def sentence(row: ReportRow, formula: str) -> str:
    """`Kabupaten Lamongan · Poverty rate (P0) 2023: 12.42 % beats the target of 13.17 % by
    0.75 points (achievement 105.69 %, linear formula)`."""
    assert row.value is not None
    assert row.target is not None
    assert row.margin is not None
    head = f"{row.region_name} · {row.indicator_name} {period(row)}: {amount(row.value, row.unit)}"
    target = amount(row.target, row.unit)
    if row.margin.is_zero():
        verdict = f"meets the target of {target} exactly"
    elif row.margin > 0:
        verdict = f"beats the target of {target} by {difference(row.margin, row.unit)}"
    else:
        verdict = f"misses the target of {target} by {difference(-row.margin, row.unit)}"
    if row.achievement_pct is not None:
        detail = f"achievement {plain(row.achievement_pct)} %, {formula} formula"
    else:
        detail = f"no achievement %: {row.reason}"
    return safe_line(f"{head} {verdict} ({detail})")


def sentences(report: Report) -> list[str]:
    return [sentence(row, report.achievement_formula) for row in latest_scored(report.rows)]


def trend(row: ReportRow, direction: str) -> str:
    """A word for the change, so that colour is never the only signal."""
    if row.change is None:
        return ""
    if row.change.is_zero():
        return "same"
    if direction == "none":
        return "up" if row.change > 0 else "down"
    better = row.change < 0 if direction == "lower" else row.change > 0
    return "better" if better else "worse"


def _signed(number: Decimal | None) -> str:
    if number is None:
        return ""
    text = plain(number)
    return f"+{text}" if number > 0 else text


def change_text(row: ReportRow) -> str:
    if row.change is None:
        return ""
    text = _signed(row.change)
    if row.change_pct is not None:
        text += f" ({_signed(row.change_pct)} %)"
    return text


def margin_text(row: ReportRow) -> str:
    if row.margin is None:
        return ""
    text = _signed(row.margin)
    if row.margin_pct is not None:
        text += f" ({_signed(row.margin_pct)} %)"
    return text


def _gap(row: ReportRow) -> str:
    if row.previous_year is not None and row.previous_year != row.year - 1:
        return f"vs {row.previous_year}"
    return ""


def _series_rows(report: Report) -> list[list[ReportRow]]:
    def key(row: ReportRow) -> tuple[object, ...]:
        return (row.indicator, row.region, row.month, tuple(sorted((row.breakdown or {}).items())))

    return [list(group) for _, group in groupby(report.rows, key=key)]


STATUS_WORDS: Final = {
    "met": "met",
    "missed": "MISSED",
    "no_target": "-",
    "no_value": "no value",
    "not_scored": "not scored",
}


def render_csv(report: Report, out: TextIO, options: RenderOptions) -> None:
    """The rows as CSV (RFC 4180), the columns of ROW_FIELDS. This renderer writes reports of
    millions of rows, so it does by hand what write_csv does generally: the eight columns that
    are the same for a whole series are quoted and neutralised once per series, and a row's
    numbers are joined as their exact decimal text."""
    sep = ","
    out.write(sep.join(ROW_FIELDS) + "\r\n")
    astuple = msgspec.structs.astuple
    memo: dict[str, str] = {}

    def text(value: str | None) -> str:
        if value is None:
            return ""
        cell = memo.get(value)
        if cell is None:
            cell = memo[value] = csv_quote(csv_text(value), sep)
        return cell

    series: tuple[object, ...] = ()
    head = tail = ""
    lines: list[str] = []
    for row in report.rows:
        cells = astuple(row)
        key = cells[:4] + cells[5:8]
        if key != series:
            series = key
            names = (row.indicator, row.indicator_name, row.region, row.region_name)
            head = sep.join([*(text(name) for name in names), ""])
            tail = sep.join(
                [
                    "",
                    "" if row.month is None else str(row.month),
                    text(csv_cell(row.breakdown) if row.breakdown else None),
                    text(row.unit),
                    "",
                ]
            )
        numbers = sep.join(["" if v is None else str(v) for v in cells[8:17]])
        lines.append(
            f"{head}{row.year}{tail}{numbers}{sep}{row.status}{sep}"
            f"{text(row.reason)}{sep}{text(row.source)}\r\n"
        )
        if len(lines) == 8192:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))


def render_markdown(report: Report, out: TextIO, options: RenderOptions) -> None:
    for rows in _series_rows(report):
        first = rows[0]
        out.write(
            f"### {md_cell(first.region_name)} · {md_cell(first.indicator_name)}"
            f"{md_cell(_series_suffix(first))}\n\n"
        )
        body = [
            [
                str(row.year),
                _plain_or_blank(row.value),
                md_cell(
                    " ".join(
                        x
                        for x in (
                            change_text(row),
                            trend(row, report.direction(row.indicator)),
                            _gap(row),
                        )
                        if x
                    )
                ),
                _plain_or_blank(row.target),
                md_cell(margin_text(row)),
                _plain_or_blank(row.achievement_pct),
                md_cell(STATUS_WORDS[row.status]),
            ]
            for row in rows
        ]
        out.write(
            md_table(
                ["Year", "Value", "Change", "Target", "Margin", "Achievement %", "Status"],
                body,
                "rrlrrrl",
            )
        )
        out.write("\n")
    lines = sentences(report)
    if lines:
        out.write("\n".join(f"- {md_cell(line)}" for line in lines) + "\n\n")
    out.write(
        f"Achievement formula: {report.achievement_formula}. Change is against the latest "
        "earlier year with a value.\n"
    )


def _plain_or_blank(number: Decimal | None) -> str:
    return "" if number is None else plain(number)


def _series_suffix(row: ReportRow) -> str:
    parts = []
    if row.month is not None:
        parts.append(MONTHS.get(row.month, f"month {row.month}"))
    if row.breakdown:
        parts.append(", ".join(f"{k}={v}" for k, v in sorted(row.breakdown.items())))
    parts.append(row.unit.replace("_", " "))
    return " (" + "; ".join(parts) + ")"


def render_table(report: Report, out: TextIO, options: RenderOptions) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(
        file=out,
        color_system="auto" if options.color else None,
        no_color=not options.color,
        width=options.width,
        highlight=False,
        markup=False,
        emoji=False,
        force_terminal=options.color or None,
    )
    styles = {"better": "green", "worse": "red", "met": "green", "MISSED": "bold red"}
    if not report.rows:
        console.print(Text("No records match the filters."))
        return
    for rows in _series_rows(report):
        first = rows[0]
        title = Text(
            safe_line(f"{first.region_name} · {first.indicator_name}{_series_suffix(first)}"),
            style="bold",
        )
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Year", justify="right", no_wrap=True)
        table.add_column("Value", justify="right", no_wrap=True)
        table.add_column("Change", justify="left")
        table.add_column("Target", justify="right", no_wrap=True)
        table.add_column("Margin", justify="right")
        table.add_column("Achiev. %", justify="right", no_wrap=True)
        table.add_column("Status", justify="left", no_wrap=True)
        for row in rows:
            word = trend(row, report.direction(row.indicator))
            change = Text(change_text(row))
            if word:
                change.append(" " + word, style=styles.get(word, ""))
            gap = _gap(row)
            if gap:
                change.append(f" {gap}", style="yellow")
            status = STATUS_WORDS[row.status]
            table.add_row(
                Text(period(row).split(" ")[0]),
                Text(_plain_or_blank(row.value)),
                change,
                Text(_plain_or_blank(row.target)),
                Text(margin_text(row)),
                Text(_plain_or_blank(row.achievement_pct)),
                Text(status, style=styles.get(status, "")),
            )
        console.print(table)
    for line in sentences(report):
        console.print(Text(line))
    console.print(
        Text(
            f"Achievement formula: {report.achievement_formula}. Change is against the latest "
            'earlier year with a value ("vs YEAR" marks a gap).',
            style="dim",
        )
    )


RENDERERS: Final[dict[str, Renderer[Report]]] = {
    "table": render_table,
    "csv": render_csv,
    "json": render_json,
    "markdown": render_markdown,
}
