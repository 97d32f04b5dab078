"""Renderers of `povtrack progress`: table, csv, json, markdown.

The table, Markdown and the sentences are for people: in the chosen language, with its number
format (`-3,48 %/tahun`, `Rp543.475`), the Indonesian names of indicators and regions when the
data gives them, and the reasons, notes and formulas translated. JSON and CSV are for machines:
English reasons and notes (as `report`'s), codes, plain decimal numbers; only the excel-id CSV
dialect takes a decimal comma and translated headers."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final, TextIO

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

i18n.register(
    {
        "progress.status.achieved": ("achieved", "tercapai"),
        "progress.status.on_track": ("on track", "sesuai jalur"),
        "progress.status.needs_acceleration": ("needs acceleration", "perlu percepatan"),
        "progress.status.limited_progress": ("limited progress", "kemajuan terbatas"),
        "progress.status.deterioration": ("deterioration", "memburuk"),
        "progress.status.cannot_assess": ("cannot assess", "tidak dapat dinilai"),
        "progress.sentence.achieved": (
            "already meets the {target_year} target of {target} ({latest} in {latest_year})",
            "sudah memenuhi target {target_year} sebesar {target} ({latest} pada {latest_year})",
        ),
        "progress.sentence.on_track": (
            "on track for the {target_year} target of {target} ({detail})",
            "sesuai jalur menuju target {target_year} sebesar {target} ({detail})",
        ),
        "progress.sentence.needs_acceleration": (
            "needs acceleration to reach the {target_year} target of {target} ({detail})",
            "perlu percepatan untuk mencapai target {target_year} sebesar {target} ({detail})",
        ),
        "progress.sentence.limited_progress": (
            "limited progress towards the {target_year} target of {target} ({detail})",
            "kemajuan terbatas menuju target {target_year} sebesar {target} ({detail})",
        ),
        "progress.sentence.deterioration": (
            "moving away from the {target_year} target of {target} ({detail})",
            "makin menjauhi target {target_year} sebesar {target} ({detail})",
        ),
        "progress.sentence.cannot_assess": (
            "cannot assess progress towards the {target_year} target of {target}: {reason}",
            "kemajuan menuju target {target_year} sebesar {target} tidak dapat dinilai: {reason}",
        ),
        "progress.detail": (
            "current pace {actual} vs {required} required; projected {projected} in {target_year}",
            "laju saat ini {actual} vs {required} yang diperlukan; proyeksi {projected} pada "
            "{target_year}",
        ),
        "progress.reach.year": (
            "target reached in {year} at this pace",
            "target tercapai pada {year} dengan laju ini",
        ),
        "progress.reach.never": (
            "not at the current pace",
            "tidak tercapai dengan laju saat ini",
        ),
        "progress.zero_target": (
            "a target of 0 is replaced by {used} in the growth formula (Open SDG's rule)",
            "target 0 diganti dengan {used} dalam rumus pertumbuhan (aturan Open SDG)",
        ),
        "progress.rate": ("{rate} %/year", "{rate} %/tahun"),
        "progress.value_year": ("{value} ({year})", "{value} ({year})"),
        "progress.month.3": ("March", "Maret"),
        "progress.month.9": ("September", "September"),
        "progress.month.other": ("month {month}", "bulan {month}"),
        "progress.label.status": ("Status", "Status"),
        "progress.label.base": ("Base", "Dasar"),
        "progress.label.latest": ("Latest", "Terakhir"),
        "progress.label.target": ("Target", "Target"),
        "progress.label.ratio": ("Ratio CR", "Rasio CR"),
        "progress.label.actual": ("Actual pace", "Laju aktual"),
        "progress.label.required": ("Required pace", "Laju diperlukan"),
        "progress.label.projected": ("Projected {year}", "Proyeksi {year}"),
        "progress.label.reached": ("Target reached", "Target tercapai"),
        "progress.label.reason": ("Reason", "Alasan"),
        "progress.label.steps": (
            "How it is computed (every figure unrounded, to redo by hand):",
            "Cara menghitungnya (setiap angka tanpa pembulatan, untuk dihitung ulang):",
        ),
        "progress.col.region": ("Region", "Wilayah"),
        "progress.col.indicator": ("Indicator", "Indikator"),
        "progress.col.base": ("Base", "Dasar"),
        "progress.col.latest": ("Latest", "Terakhir"),
        "progress.col.target": ("Target", "Target"),
        "progress.col.actual": ("Actual %/year", "Aktual %/tahun"),
        "progress.col.required": ("Required %/year", "Diperlukan %/tahun"),
        "progress.col.ratio": ("Ratio", "Rasio"),
        "progress.col.status": ("Status", "Status"),
        "progress.col.projected": ("Projected", "Proyeksi"),
        "progress.col.reached": ("Reached in", "Tercapai pada"),
        "progress.col.step": ("Step", "Langkah"),
        "progress.col.formula": ("Formula", "Rumus"),
        "progress.col.value": ("Value", "Nilai"),
        "progress.col.condition": ("Condition", "Syarat"),
        "progress.steps_heading": ("{head}: how it is computed", "{head}: cara menghitungnya"),
        "progress.yes": ("yes", "ya"),
        "progress.no": ("no", "tidak"),
        "progress.none": (
            "No series to assess: none of the selected series has a target in a year after its "
            "latest value (series with direction none are never assessed).",
            "Tidak ada deret yang dapat dinilai: tidak ada deret terpilih yang memiliki target "
            "pada tahun setelah nilai terakhirnya (deret dengan arah none tidak pernah dinilai).",
        ),
        "progress.footer.method": (
            "Method: {name}. CR = actual growth rate / required growth rate (CAGR, compound "
            "annual growth rate). Status:",
            "Metode: {name}. CR = laju pertumbuhan aktual / laju pertumbuhan yang diperlukan "
            "(CAGR, laju pertumbuhan majemuk tahunan). Status:",
        ),
        "progress.footer.achieved": (
            "the latest value already meets the target (CR is not graded)",
            "nilai terakhir sudah memenuhi target (CR tidak dinilai)",
        ),
        "progress.footer.cannot_assess": (
            "the growth rates or CR cannot be computed: the reason is given",
            "laju pertumbuhan atau CR tidak dapat dihitung: alasannya disebutkan",
        ),
        "progress.footer.base_given": (
            "Base year: {year} (--base-year) for every series.",
            "Tahun dasar: {year} (--base-year) untuk setiap deret.",
        ),
        "progress.footer.base_default": (
            "Base year: the first year from {year} on with a value, else the first year with a "
            "value (--base-year YEAR to choose).",
            "Tahun dasar: tahun pertama sejak {year} yang memiliki nilai, atau tahun pertama yang "
            "memiliki nilai (pilih dengan --base-year TAHUN).",
        ),
        "progress.footer.target_given": (
            "Target: the target of {year} (--target-year).",
            "Target: target tahun {year} (--target-year).",
        ),
        "progress.footer.target_default": (
            "Target: the nearest target after the latest value (--target-year YEAR to choose).",
            "Target: target terdekat setelah nilai terakhir (pilih dengan --target-year TAHUN).",
        ),
        "progress.footer.projection": (
            "Projection at the actual pace: latest value x (1 + CAGR_a)^years.",
            "Proyeksi pada laju aktual: nilai terakhir x (1 + CAGR_a)^jumlah tahun.",
        ),
        # excel-id CSV headers of the columns that are not in render's shared set
        "progress.column.base_year": ("Base year", "Tahun dasar"),
        "progress.column.base_value": ("Base value", "Nilai dasar"),
        "progress.column.latest_year": ("Latest year", "Tahun terakhir"),
        "progress.column.latest_value": ("Latest value", "Nilai terakhir"),
        "progress.column.target_used": ("Target used", "Target yang dipakai"),
        "progress.column.target_replaced": ("Target replaced", "Target diganti"),
        "progress.column.cagr_actual": (
            "Actual growth rate (%/year)",
            "Laju pertumbuhan aktual (%/tahun)",
        ),
        "progress.column.cagr_required": (
            "Required growth rate (%/year)",
            "Laju pertumbuhan diperlukan (%/tahun)",
        ),
        "progress.column.ratio": ("Ratio CR", "Rasio CR"),
        "progress.column.reason_code": ("Reason code", "Kode alasan"),
        "progress.column.projected_value": ("Projected value", "Nilai proyeksi"),
        "progress.column.projected_year": ("Year target reached", "Tahun target tercapai"),
        "progress.column.projection_note": ("Projection note", "Catatan proyeksi"),
    }
)
i18n.register(
    {
        f"progress.step.{label}": (label, indonesian)
        for label, indonesian in {
            "method": "metode",
            "threshold on_track": "ambang sesuai jalur",
            "threshold needs_acceleration": "ambang perlu percepatan",
            "threshold limited_progress": "ambang kemajuan terbatas",
            "threshold deterioration": "ambang memburuk",
            "direction": "arah",
            "base year b": "tahun dasar b",
            "base value x_b": "nilai dasar x_b",
            "latest year t": "tahun terakhir t",
            "latest value x_t": "nilai terakhir x_t",
            "target year T*": "tahun target T*",
            "target x*": "target x*",
            "target used x*": "target yang dipakai x*",
            "target met?": "target terpenuhi?",
            "growth rates": "laju pertumbuhan",
            "x_t / x_b": "x_t / x_b",
            "1 / (t - b)": "1 / (t - b)",
            "CAGR_a": "CAGR_a",
            "x* / x_b": "x* / x_b",
            "1 / (T* - b)": "1 / (T* - b)",
            "CAGR_r": "CAGR_r",
            "CR": "CR",
            "status": "status",
            "1 + CAGR_a": "1 + CAGR_a",
            "projected value in T*": "proyeksi pada T*",
            "projected year": "tahun target tercapai",
        }.items()
    }
)

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
    return t(f"progress.status.{status}")


def rate(number: Decimal) -> str:
    """`-3.48 %/year`, `-3,48 %/tahun`."""
    return t("progress.rate", rate=i18n.number(number))


def _at(number: Decimal | None, year: int | None, unit: str) -> str:
    if number is None:
        return "" if year is None else f"– ({year})"
    return t("progress.value_year", value=amount(number, unit), year=year)


def indicator_label(row: ProgressRow, text: ProgressText = PLAIN_TEXT) -> str:
    """`Poverty rate (P0)`, with the month and breakdown where present: `P0 (March; area=urban)`."""
    parts = []
    if row.month is not None:
        key = f"progress.month.{row.month}"
        parts.append(t(key) if key in i18n.CATALOG else t("progress.month.other", month=row.month))
    if row.breakdown:
        parts.append(", ".join(f"{k}={v}" for k, v in sorted(row.breakdown.items())))
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
    return t("progress.reach.never")


def verdict(row: ProgressRow, shown: ProgressText = PLAIN_TEXT) -> str:
    """The sentence without the series: `on track for the 2026 target of 11.95 % (current pace
    -3.48 %/year vs -2.92 %/year required; projected 11.61 % in 2026)`."""
    target = amount(row.target, row.unit)
    common = {"target_year": row.target_year, "target": target}
    if row.status == "cannot_assess":
        text = t("progress.sentence.cannot_assess", reason=shown.reason(row) or "", **common)
    elif row.status == "achieved":
        assert row.latest_value is not None
        text = t(
            "progress.sentence.achieved",
            latest=amount(row.latest_value, row.unit),
            latest_year=row.latest_year,
            **common,
        )
    else:
        assert row.cagr_actual is not None
        assert row.cagr_required is not None
        assert row.projected_value is not None
        detail = t(
            "progress.detail",
            actual=rate(row.cagr_actual),
            required=rate(row.cagr_required),
            projected=amount(row.projected_value, row.unit),
            target_year=row.target_year,
        )
        if row.projected_year is None:
            detail += "; " + (shown.note(row) or t("progress.reach.never"))
        elif row.projected_year > row.target_year:
            detail += "; " + t("progress.reach.year", year=row.projected_year)
        text = t(f"progress.sentence.{row.status}", detail=detail, **common)
    if row.target_replaced:
        text += "; " + t("progress.zero_target", used=i18n.number(row.target_used))
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
        ("achieved", t("progress.footer.achieved")),
        *graded,
        ("cannot_assess", t("progress.footer.cannot_assess")),
    ]


def rules(result: ProgressResult) -> list[str]:
    """The base-year, target and projection rules of this output."""
    if result.base_year is None:
        lines = [t("progress.footer.base_default", year=DEFAULT_BASE_FROM)]
    else:
        lines = [t("progress.footer.base_given", year=result.base_year)]
    if result.target_year is None:
        lines.append(t("progress.footer.target_default"))
    else:
        lines.append(t("progress.footer.target_given", year=result.target_year))
    lines.append(t("progress.footer.projection"))
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
        return t(f"progress.{value}")
    if f"progress.status.{value}" in i18n.CATALOG:
        return status_word(value)
    return value


def step_label(label: str) -> str:
    key = f"progress.step.{label}"
    return t(key) if key in i18n.CATALOG else label


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
        out.write(md_cell(t("progress.none")) + "\n")
        return
    header = [
        t(f"progress.col.{name}")
        for name in (
            "region",
            "indicator",
            "base",
            "latest",
            "target",
            "actual",
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
            md_cell(_at(row.base_value, row.base_year, row.unit)),
            md_cell(_at(row.latest_value, row.latest_year, row.unit)),
            md_cell(_at(row.target, row.target_year, row.unit)),
            _blank(row.cagr_actual),
            _blank(row.cagr_required),
            _blank(row.ratio),
            md_cell(status_word(row.status)),
            _blank(row.projected_value),
            md_cell(reached(row, shown)),
        ]
        for row in result.rows
    ]
    out.write(md_table(header, body, "llrrrrrrlrl"))
    out.write("\n")
    out.write("".join(f"- {md_cell(sentence(row, shown))}\n" for row in result.rows))
    out.write("\n")
    out.write(md_cell(t("progress.footer.method", name=method_name(result.method))) + "\n\n")
    out.write(
        md_table(
            [t("progress.col.status"), t("progress.col.condition")],
            [[md_cell(status_word(status)), md_cell(text)] for status, text in bands(result)],
            "ll",
        )
    )
    out.write("\n" + " ".join(md_cell(line) for line in rules(result)) + "\n")
    for row in result.rows:
        steps = shown.steps(row)
        if steps is None:
            continue
        out.write(f"\n#### {md_cell(t('progress.steps_heading', head=head(row, shown)))}\n\n")
        out.write(
            md_table(
                [t("progress.col.step"), t("progress.col.formula"), t("progress.col.value")],
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
        (t("progress.label.status"), Text(status_word(row.status), style=STYLES[row.status])),
        (t("progress.label.base"), Text(_at(row.base_value, row.base_year, row.unit))),
        (t("progress.label.latest"), Text(_at(row.latest_value, row.latest_year, row.unit))),
        (t("progress.label.target"), Text(target)),
    ]
    if row.status == "cannot_assess":
        return [(label, value) for label, value in left if value.plain]
    right = [
        (t("progress.label.ratio"), Text(_blank(row.ratio))),
        (
            t("progress.label.actual"),
            Text("" if row.cagr_actual is None else rate(row.cagr_actual)),
        ),
        (
            t("progress.label.required"),
            Text("" if row.cagr_required is None else rate(row.cagr_required)),
        ),
        (
            t("progress.label.projected", year=row.target_year),
            Text("" if row.projected_value is None else amount(row.projected_value, row.unit)),
        ),
        (t("progress.label.reached"), Text(reached(row, shown))),
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
        console.print(Text(t("progress.none")))
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
            console.print(Padding(Text(t("progress.label.steps")), (0, 0, 0, 2), expand=False))
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
    console.print(Text(t("progress.footer.method", name=method_name(result.method)), style="dim"))
    legend = Table.grid(padding=(0, 2), pad_edge=False)
    legend.add_column(no_wrap=True)
    legend.add_column()
    for status, text in bands(result):
        legend.add_row(Text(status_word(status), style=STYLES[status]), Text(text, style="dim"))
    console.print(Padding(legend, (0, 0, 0, 2), expand=False))
    for line in rules(result):
        console.print(Text(line, style="dim"))


def _csv(assessed: Assessed, out: TextIO, options: RenderOptions) -> None:
    render_csv(assessed.result, out, options)


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
