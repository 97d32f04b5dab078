"""Renderers of `povtrack progress`: table, csv, json, markdown.

The table, Markdown and the sentences are for people: in the chosen language, with its number
format (`-3,48 %/tahun`, `Rp543.475`), the Indonesian names of indicators and regions when the
data gives them, and the reasons, notes and formulas translated. JSON and CSV are for machines:
English reasons and notes (as `report`'s), codes, plain decimal numbers; only the excel-id CSV
dialect, made for people, takes a decimal comma, and headers and words in the language."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final, TextIO

import msgspec

from povtrack import i18n
from povtrack.core.progress import (
    PLAIN_TEXT,
    ROW_FIELDS,
    Assessed,
    ExplainStep,
    ProgressResult,
    ProgressRow,
    ProgressText,
    method_name,
    say,
)
from povtrack.core.progress_math import DEFAULT_BASE_FROM, STEP_LABELS, Status, Thresholds
from povtrack.i18n import amount, t
from povtrack.io.output import safe_line
from povtrack.render import Renderer, RenderOptions, md_cell, md_table, render_json, write_csv

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text
from povtrack.i18n import N_, NP_
from povtrack.model.records import format_breakdown

_PROGRESS_STATUS: Final = {
    "achieved": N_("achieved"),
    "cannot_assess": N_("cannot assess"),
    "deterioration": N_("deterioration"),
    "limited_progress": N_("limited progress"),
    "needs_acceleration": N_("needs acceleration"),
    "on_track": N_("on track"),
}

_PROGRESS_COL: Final = {
    "actual": N_("Actual %/year"),
    "base": N_("Base"),
    "change": N_("Change/year"),
    "condition": N_("Condition"),
    "formula": N_("Formula"),
    "indicator": N_("Indicator"),
    "latest": N_("Latest"),
    "projected": N_("Projected"),
    "ratio": N_("Ratio"),
    "reached": N_("Reached in"),
    "region": N_("Region"),
    "required": N_("Required %/year"),
    "status": N_("Status"),
    "step": N_("Step"),
    "target": N_("Target"),
    "value": N_("Value"),
}

_PROGRESS_SENTENCE: Final = {
    "achieved": N_(
        "already meets the {target_year} target of {target} ({latest} in {latest_year})"
    ),
    "cannot_assess": N_(
        "cannot assess progress towards the {target_year} target of {target}: {reason}"
    ),
    "deterioration": N_("moving away from the {target_year} target of {target} ({detail})"),
    "limited_progress": N_(
        "limited progress towards the {target_year} target of {target} ({detail})"
    ),
    "needs_acceleration": N_(
        "needs acceleration to reach the {target_year} target of {target} ({detail})"
    ),
    "on_track": N_("on track for the {target_year} target of {target} ({detail})"),
}

_PROGRESS_STEP: Final = {
    "1 + CAGR_a": N_("1 + CAGR_a"),
    "1 / (T* - b)": N_("1 / (T* - b)"),
    "1 / (t - b)": N_("1 / (t - b)"),
    "CAGR_a": N_("CAGR_a"),
    "CAGR_r": N_("CAGR_r"),
    "CR": N_("CR"),
    "base value x_b": N_("base value x_b"),
    "base year b": N_("base year b"),
    "direction": N_("direction"),
    "growth rates": N_("growth rates"),
    "latest value x_t": N_("latest value x_t"),
    "latest year t": N_("latest year t"),
    "method": N_("method"),
    "projected value in T*": N_("projected value in T*"),
    "projected year": N_("projected year"),
    "status": N_("status"),
    "target met?": N_("target met?"),
    "target used x*": N_("target used x*"),
    "target x*": N_("target x*"),
    "target year T*": N_("target year T*"),
    "threshold deterioration": N_("threshold deterioration"),
    "threshold limited_progress": N_("threshold limited_progress"),
    "threshold needs_acceleration": N_("threshold needs_acceleration"),
    "threshold on_track": N_("threshold on_track"),
    "x* / x_b": N_("x* / x_b"),
    "x_t / x_b": N_("x_t / x_b"),
}

_PROGRESS_MONTH: Final = {
    3: N_("March"),
    9: N_("September"),
}
_PROGRESS_STEPS_HEADING: Final = N_("{head}: how it is computed")


STYLES: Final[dict[str, str]] = {
    "achieved": "bold green",
    "on_track": "green",
    "needs_acceleration": "yellow",
    "limited_progress": "dark_orange",
    "deterioration": "bold red",
    "cannot_assess": "magenta",
}
EXPLAIN_DIGITS: Final = 12
"""Decimals of an intermediate in the human explanation (JSON has every digit)."""
_FOOTER_STEPS: Final = frozenset(label for label in STEP_LABELS if label.startswith("threshold"))


def status_word(status: Status | str) -> str:
    return t(_PROGRESS_STATUS[status])


def rate(number: Decimal) -> str:
    """`-3.48 %/year`, `-3,48 %/tahun`."""
    return t("{rate} %/year", rate=i18n.number(number))


def _places(value: Decimal | None) -> int:
    exponent = value.as_tuple().exponent if value is not None else 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


def change(row: ProgressRow) -> str:
    """The average change per year in the indicator's unit, rounded half away from zero to the
    decimals of the figures it comes from: `-0.43 points`, `-0,43 poin`, `Rp12,345`; empty
    when there is none."""
    if row.change_per_year is None:
        return ""
    places = max(_places(row.base_value), _places(row.latest_value))
    shown = row.change_per_year.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return i18n.difference(abs(shown) if shown.is_zero() else shown, row.unit)


def pace(row: ProgressRow) -> str:
    """The actual pace: the compound rate and, beside it, the average change per year
    (`-0.55 %/year (-0.08 points/year)`, `-0,55 %/tahun (-0,08 poin/tahun)`)."""
    if row.cagr_actual is None:
        return ""
    text = rate(row.cagr_actual)
    if row.change_per_year is None:
        return text
    return t("{rate} ({change}/year)", rate=text, change=change(row))


def _at(number: Decimal | None, year: int | None, unit: str) -> str:
    if number is None:
        return "" if year is None else f"– ({year})"
    return t("{value} ({year})", value=amount(number, unit), year=year)


def indicator_label(row: ProgressRow, text: ProgressText = PLAIN_TEXT) -> str:
    """`Poverty rate (P0)`, with the month and breakdown where present: `P0 (March; area=urban)`."""
    parts = []
    if row.month is not None:
        key = _PROGRESS_MONTH.get(row.month)
        parts.append(t(key) if key is not None else t("month {month}", month=row.month))
    if row.breakdown:
        parts.append(format_breakdown(row.breakdown))
    suffix = " (" + "; ".join(parts) + ")" if parts else ""
    return safe_line(text.indicator(row) + suffix)


def head(row: ProgressRow, text: ProgressText = PLAIN_TEXT) -> str:
    """`Kabupaten Lamongan · Poverty rate (P0)`: the series, as sentences and blocks name it
    (`Kabupaten Lamongan · Persentase penduduk miskin (P0)` in Indonesian)."""
    return f"{safe_line(text.region(row))} · {indicator_label(row, text)}"


def reached(row: ProgressRow, text: ProgressText = PLAIN_TEXT) -> str:
    """The year in which the target is reached at the current pace, `not at the current pace`,
    or (achieved) the note that it is already met; empty when the series cannot be assessed."""
    if row.projected_year is not None:
        return str(row.projected_year)
    if row.status == "achieved":
        return text.note(row) or ""
    if row.status == "cannot_assess":
        return ""
    return t("not at the current pace")


def verdict(row: ProgressRow, shown: ProgressText = PLAIN_TEXT) -> str:
    """The sentence without the series: `on track for the 2026 target of 11.95 % (current pace
    -3.48 %/year vs -2.92 %/year required; projected 11.61 % in 2026)`."""
    target = amount(row.target, row.unit)
    common = {"target_year": row.target_year, "target": target}
    if row.status == "cannot_assess":
        text = t(
            "cannot assess progress towards the {target_year} target of {target}: {reason}",
            reason=shown.reason(row) or "",
            **common,
        )
    elif row.status == "achieved":
        assert row.latest_value is not None
        text = t(
            "already meets the {target_year} target of {target} ({latest} in {latest_year})",
            latest=amount(row.latest_value, row.unit),
            latest_year=row.latest_year,
            **common,
        )
    else:
        assert row.cagr_actual is not None
        assert row.cagr_required is not None
        assert row.projected_value is not None
        detail = t(
            "current pace {actual} vs {required} required; projected {projected} in {target_year}",
            actual=pace(row),
            required=rate(row.cagr_required),
            projected=amount(row.projected_value, row.unit),
            target_year=row.target_year,
        )
        if row.projected_year is None:
            detail += "; " + (shown.note(row) or t("not at the current pace"))
        elif row.projected_year > row.target_year:
            detail += "; " + t("target reached in {year} at this pace", year=row.projected_year)
        text = t(_PROGRESS_SENTENCE[row.status], detail=detail, **common)
    if row.target_replaced:
        text += "; " + t(
            "a target of 0 is replaced by {used} in the growth formula (Open SDG's rule)",
            used=i18n.number(row.target_used),
        )
    return safe_line(text)


def sentence(row: ProgressRow, text: ProgressText = PLAIN_TEXT) -> str:
    """One sentence per series, e.g. `Kabupaten Lamongan · Poverty rate (P0): on track for the
    2026 target of 11.95 % (current pace -3.48 %/year vs -2.92 %/year required; projected
    11.61 % in 2026)`."""
    return f"{head(row, text)}: {verdict(row, text)}"


def _thresholds(result: ProgressResult) -> Thresholds:
    limits = result.thresholds
    return Thresholds(
        name=limits.name,
        on_track=limits.on_track,
        needs_acceleration=limits.needs_acceleration,
        limited_progress=limits.limited_progress,
    )


def bands(result: ProgressResult) -> list[tuple[Status, str]]:
    """Each status and its condition, best first: what the footer's little table shows
    (`0.5 <= CR < 0.95`; `0,5 <= CR < 0,95` in Indonesian)."""
    limits = _thresholds(result)
    conditions = limits.band_phrases()
    graded = [(status, say(conditions[status])) for status, _, _ in limits.bands()]
    return [
        ("achieved", t("the latest value already meets the target (CR is not graded)")),
        *graded,
        ("cannot_assess", t("the growth rates or CR cannot be computed: the reason is given")),
    ]


def base_cell(row: ProgressRow) -> str:
    """The base value and year, and the plan whose base year it is: `16.31 % (2021)`,
    `16.31 % (2021, plan rpjmd-3523-2021)`."""
    if row.base_year_source == "plan" and row.base_value is not None:
        return t(
            "{value} ({year}, plan {plan})",
            value=amount(row.base_value, row.unit),
            year=row.base_year,
            plan=safe_line(row.plan or ""),
        )
    return _at(row.base_value, row.base_year, row.unit)


def base_origin(row: ProgressRow) -> str:
    """Where the base year comes from, in words: `2021: the base year of plan
    rpjmd-3523-2021`, `2021: chosen with --base-year`, `2019: the first year from 2015 on with
    a value (default rule)`."""
    if row.base_year is None:
        return ""
    if row.base_year_source == "plan":
        return t(
            "{year}: the base year of plan {plan}",
            year=row.base_year,
            plan=safe_line(row.plan or ""),
        )
    if row.base_year_source == "option":
        return t("{year}: chosen with --base-year", year=row.base_year)
    return t(
        "{year}: the first year from {from_year} on with a value (default rule)",
        year=row.base_year,
        from_year=DEFAULT_BASE_FROM,
    )


def rules(result: ProgressResult) -> list[str]:
    """The base-year, target and projection rules of this output."""
    if result.base_year is None and any(row.base_year_source == "plan" for row in result.rows):
        lines = [
            t(
                "Base year: the base year of the plan that set the assessed target "
                "(plans[].base_year), else the first year from {year} on with a value, "
                "else the first year with a value (--base-year YEAR to choose).",
                year=DEFAULT_BASE_FROM,
            )
        ]
    elif result.base_year is None:
        lines = [
            t(
                "Base year: the first year from {year} on with a value, else the "
                "first year with a value (--base-year YEAR to choose).",
                year=DEFAULT_BASE_FROM,
            )
        ]
    else:
        lines = [t("Base year: {year} (--base-year) for every series.", year=result.base_year)]
    if result.target_year is None:
        lines.append(
            t("Target: the nearest target after the latest value (--target-year YEAR to choose).")
        )
    else:
        lines.append(t("Target: the target of {year} (--target-year).", year=result.target_year))
    lines.append(t("Projection at the actual pace: latest value x (1 + CAGR_a)^years."))
    return lines


def figure(value: Decimal | int | str | None) -> str:
    """A step's value for people: numbers in the language's format with at most 12 decimals
    (`…` when cut), words for yes/no and statuses."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -EXPLAIN_DIGITS:
            cut = value.quantize(Decimal(1).scaleb(-EXPLAIN_DIGITS), rounding=ROUND_HALF_UP)
            return i18n.number(cut) + "…"
        return i18n.number(value)
    if isinstance(value, int):
        return str(value)
    if value in ("yes", "no"):
        return t("yes") if value == "yes" else t("no")
    if value in _PROGRESS_STATUS:
        return status_word(value)
    return value


def step_label(label: str) -> str:
    key = _PROGRESS_STEP.get(label)
    return t(key) if key is not None else label


def step_line(step: ExplainStep) -> str:
    """`formula → value`, or just the formula when it already says everything."""
    value = figure(step.value)
    if not value or (step.label == "status" and step.value == "cannot_assess"):
        return safe_line(step.formula)
    return safe_line(f"{step.formula} → {value}")


# --- CSV and JSON --------------------------------------------------------------------------


def render_csv(result: ProgressResult, out: TextIO, options: RenderOptions) -> None:
    """One line per row, the JSON keys as header (translated in excel-id), the English reasons
    and notes of the JSON; steps are not part of CSV."""
    write_csv(
        out,
        ROW_FIELDS,
        ([getattr(row, name) for name in ROW_FIELDS] for row in result.rows),
        dialect=options.csv_dialect,
        labels="progress",
    )


# --- Markdown ------------------------------------------------------------------------------


def _blank(number: Decimal | int | None) -> str:
    if number is None:
        return ""
    return i18n.number(number) if isinstance(number, Decimal) else str(number)


def render_markdown(assessed: Assessed, out: TextIO, options: RenderOptions) -> None:
    result, shown = assessed.result, assessed.text
    if not result.rows:
        out.write(
            md_cell(
                t(
                    "No series to assess: none of the selected series has a target in "
                    "a year after its latest value (series with direction none are "
                    "never assessed)."
                )
            )
            + "\n"
        )
        return
    header = [
        t(_PROGRESS_COL[name])
        for name in (
            "region",
            "indicator",
            "base",
            "latest",
            "target",
            "actual",
            "change",
            "required",
            "ratio",
            "status",
            "projected",
            "reached",
        )
    ]
    body = [
        [
            md_cell(shown.region(row)),
            md_cell(indicator_label(row, shown)),
            md_cell(base_cell(row)),
            md_cell(_at(row.latest_value, row.latest_year, row.unit)),
            md_cell(_at(row.target, row.target_year, row.unit)),
            _blank(row.cagr_actual),
            md_cell(change(row)),
            _blank(row.cagr_required),
            _blank(row.ratio),
            md_cell(status_word(row.status)),
            _blank(row.projected_value),
            md_cell(reached(row, shown)),
        ]
        for row in result.rows
    ]
    out.write(md_table(header, body, "llrrrrrrrlrl"))
    out.write("\n")
    out.write("".join(f"- {md_cell(sentence(row, shown))}\n" for row in result.rows))
    out.write("\n")
    out.write(
        md_cell(
            t(
                "Method: {name}. CR = actual growth rate / required growth rate "
                "(CAGR, compound annual growth rate). Status:",
                name=method_name(result.method),
            )
        )
        + "\n\n"
    )
    out.write(
        md_table(
            [t("Status"), t("Condition")],
            [[md_cell(status_word(status)), md_cell(text)] for status, text in bands(result)],
            "ll",
        )
    )
    out.write("\n" + " ".join(md_cell(line) for line in rules(result)) + "\n")
    for row in result.rows:
        steps = shown.steps(row)
        if steps is None:
            continue
        out.write(f"\n#### {md_cell(t(_PROGRESS_STEPS_HEADING, head=head(row, shown)))}\n\n")
        out.write(
            md_table(
                [t("Step"), t("Formula"), t("Value")],
                [
                    [
                        md_cell(step_label(step.label)),
                        md_cell(step.formula),
                        # the method's and the direction's formula is their name in words
                        "" if step.label in _NO_VALUE_SHOWN else md_cell(figure(step.value)),
                    ]
                    for step in steps
                ],
                "llr",
            )
        )


# --- Table ---------------------------------------------------------------------------------


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _figures(row: ProgressRow, shown: ProgressText) -> list[tuple[str, Text]]:
    """The label and value pairs of a block: left column, then right column."""
    from rich.text import Text

    target = _at(row.target, row.target_year, row.unit)
    if row.target_replaced:
        target += f" → {i18n.number(row.target_used)}"
    left = [
        (t("Status"), Text(status_word(row.status), style=STYLES[row.status])),
        (t("Base"), Text(base_cell(row))),
        (t("Latest"), Text(_at(row.latest_value, row.latest_year, row.unit))),
        (t("Target"), Text(target)),
    ]
    if row.status == "cannot_assess":
        return [(label, value) for label, value in left if value.plain]
    right = [
        (t("Ratio CR"), Text(_blank(row.ratio))),
        (
            t("Actual pace"),
            Text(pace(row)),
        ),
        (
            t("Required pace"),
            Text("" if row.cagr_required is None else rate(row.cagr_required)),
        ),
        (
            t("Projected {year}", year=row.target_year),
            Text("" if row.projected_value is None else amount(row.projected_value, row.unit)),
        ),
        (t("Target reached"), Text(reached(row, shown))),
    ]
    right = [(label, value) for label, value in right if value.plain]
    empty = ("", Text(""))
    pairs: list[tuple[str, Text]] = []
    for i in range(max(len(left), len(right))):
        pairs.append(left[i] if i < len(left) else empty)
        pairs.append(right[i] if i < len(right) else empty)
    return pairs


_HIDDEN_IN_TABLE: Final = _FOOTER_STEPS | {"method"}
_NO_VALUE_SHOWN: Final = frozenset({"method", "direction"})


def render_table(assessed: Assessed, out: TextIO, options: RenderOptions) -> None:
    """One block per series: the series, the verdict in one sentence, the figures side by
    side; with --explain every step under it. The method's thresholds once at the end."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        color_system="auto" if options.color else None,
        no_color=not options.color,
        width=options.width or _width(out),
        highlight=False,
        markup=False,
        emoji=False,
        force_terminal=options.color or None,
    )
    _blocks(assessed, console)
    # rich pads every line to the full width: drop the trailing spaces.
    out.write("".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines()))


def _width(out: TextIO) -> int | None:
    """The terminal's width when writing to one; None lets rich use $COLUMNS (or 80)."""
    import shutil

    isatty = getattr(out, "isatty", None)
    if isatty is not None and isatty():
        return shutil.get_terminal_size().columns
    return None


def _blocks(assessed: Assessed, console: Console) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    result, said = assessed.result, assessed.text
    if not result.rows:
        console.print(
            Text(
                t(
                    "No series to assess: none of the selected series has a target in "
                    "a year after its latest value (series with direction none are "
                    "never assessed)."
                )
            )
        )
        return
    for row in result.rows:
        console.print(Text(head(row, said), style="bold"))
        console.print(Padding(Text(_capital(verdict(row, said))), (0, 0, 0, 2), expand=False))
        pairs = _figures(row, said)
        columns = 4 if row.status != "cannot_assess" else 2
        grid = Table.grid(padding=(0, 2), pad_edge=False)
        for _ in range(columns):
            grid.add_column()
        for i in range(0, len(pairs), columns // 2):
            cells: list[Text] = []
            for label, value in pairs[i : i + columns // 2]:
                cells.extend((Text(label), value))
            grid.add_row(*cells)
        console.print(Padding(grid, (0, 0, 0, 2), expand=False))
        shown = said.steps(row)
        if shown is not None:
            console.print(
                Padding(
                    Text(t("How it is computed (every figure unrounded, to redo by hand):")),
                    (0, 0, 0, 2),
                    expand=False,
                )
            )
            steps = Table.grid(padding=(0, 2), pad_edge=False)
            steps.add_column(no_wrap=True)
            steps.add_column(overflow="fold")
            for step in shown:
                if step.label in _HIDDEN_IN_TABLE:
                    continue
                line = safe_line(step.formula) if step.label in _NO_VALUE_SHOWN else step_line(step)
                steps.add_row(Text(safe_line(step_label(step.label))), Text(line))
            console.print(Padding(steps, (0, 0, 0, 4), expand=False))
        console.print()
    console.print(
        Text(
            t(
                "Method: {name}. CR = actual growth rate / required growth rate "
                "(CAGR, compound annual growth rate). Status:",
                name=method_name(result.method),
            ),
            style="dim",
        )
    )
    legend = Table.grid(padding=(0, 2), pad_edge=False)
    legend.add_column(no_wrap=True)
    legend.add_column()
    for status, text in bands(result):
        legend.add_row(Text(status_word(status), style=STYLES[status]), Text(text, style="dim"))
    console.print(Padding(legend, (0, 0, 0, 2), expand=False))
    for line in rules(result):
        console.print(Text(line, style="dim"))


#: The direction of an indicator in a CSV for people (excel-id).
_PROGRESS_CSV_DIRECTION: Final = {
    "higher": N_("higher is better"),
    "lower": N_("lower is better"),
    "none": NP_("csv", "not scored"),
}


def _csv(assessed: Assessed, out: TextIO, options: RenderOptions) -> None:
    if options.csv_dialect != "excel-id":
        render_csv(assessed.result, out, options)
        return
    # for people: names, unit, direction, status, reason and note in the current language
    from povtrack.render.report import unit_name

    shown = assessed.text
    rows = (
        msgspec.structs.replace(
            row,
            indicator_name=shown.indicator(row),
            region_name=shown.region(row),
            unit=unit_name(row.unit),
            direction=t(_PROGRESS_CSV_DIRECTION[row.direction]),
            status=status_word(row.status),
            reason=shown.reason(row),
            projection_note=shown.note(row),
        )
        for row in assessed.result.rows
    )
    write_csv(
        out,
        ROW_FIELDS,
        ([getattr(row, name) for name in ROW_FIELDS] for row in rows),
        dialect=options.csv_dialect,
        labels="progress",
    )


def _json(assessed: Assessed, out: TextIO, options: RenderOptions) -> None:
    """The result alone: phrases and Indonesian names are never in the JSON."""
    render_json(assessed.result, out, options)


#: Each takes the result and what people see of it (`Assessed`); csv and json write the
#: result alone.
RENDERERS: Final[dict[str, Renderer[Assessed]]] = {
    "table": render_table,
    "csv": _csv,
    "json": _json,
    "markdown": render_markdown,
}
