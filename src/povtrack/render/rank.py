"""Renderers of `povtrack rank`: table, csv, json, markdown.

Every human format says what is ranked and in which order ("worst first (lower is better)"),
where each highlighted region stands ("Kabupaten Lamongan: 10th of 10 listed"), which regions
are not ranked and why, what the ranking covers (only the regions in the data file), and the
source of every value, in full. In the chosen language, with its number format (`12,53`) and
the Indonesian names of the indicator and regions when the data gives them; JSON and the default
CSV keep the English names and plain numbers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, TextIO

from povtrack import i18n
from povtrack.core.names import ENGLISH_ONLY, IndonesianNames, Shown
from povtrack.core.ranking import Absent, Highlight, Phrase, Ranking, RankRow, ordinal, period_name
from povtrack.i18n import t
from povtrack.io.output import safe_line
from povtrack.render import Renderer, RenderOptions, md_cell, md_table, render_json, write_csv
from povtrack.render.sources import make_console, md_source, md_text

i18n.register(
    {
        "rank.order.worst_first": (
            "worst first (lower is better)",
            "terburuk lebih dulu (makin rendah makin baik)",
        ),
        "rank.order.best_first": (
            "best first (higher is better)",
            "terbaik lebih dulu (makin tinggi makin baik)",
        ),
        "rank.order.highest_first": (
            "highest first (not a ranking of performance)",
            "tertinggi lebih dulu (bukan peringkat kinerja)",
        ),
        "rank.scope.parent": (
            "regions under {parent} ({name})",
            "wilayah di bawah {parent} ({name})",
        ),
        "rank.scope.all": ("all regions in the data file", "semua wilayah di berkas data"),
        "rank.period.month": ("{month} {year}", "{month} {year}"),
        "rank.col.rank": ("Rank", "Peringkat"),
        "rank.col.code": ("Code", "Kode"),
        "rank.col.region": ("Region", "Wilayah"),
        "rank.col.value": ("Value", "Nilai"),
        "rank.col.source": ("Source", "Sumber"),
        "rank.unit.percent": ("%", "%"),
        "rank.unit.rupiah": ("Rp", "Rp"),
        "rank.unit.thousand_people": ("thousand", "ribu"),
        "rank.unit.million_people": ("million", "juta"),
        "rank.highlight.ranked": (
            "{name}: {position} of {of} listed",
            "{name}: peringkat {position} dari {of} yang tercantum",
        ),
        "rank.highlight.tied": (" (tied)", " (seri)"),
        "rank.highlight.absent": (
            "{name}: not ranked ({reason})",
            "{name}: tidak diperingkat ({reason})",
        ),
        "rank.absent.heading": ("Not ranked:", "Tidak diperingkat:"),
        "rank.absent.no_record": ("no record for {year}", "tidak ada catatan untuk {year}"),
        "rank.absent.no_value": (
            "a target but no value for {period}",
            "hanya target, tanpa nilai untuk {period}",
        ),
        "rank.absent.other_period": (
            "values only for other periods: {periods}",
            "nilai hanya untuk periode lain: {periods}",
        ),
        "rank.absent.breakdown_only": (
            "only figures by breakdown, no total, for {period}",
            "hanya angka rincian, tanpa total, untuk {period}",
        ),
        "rank.tie_mark": ("= marks a shared rank.", "= menandai peringkat yang sama."),
        "rank.sources": ("Sources:", "Sumber:"),
        # excel-id CSV headers of the columns that are not in render's shared set
        "rank.column.order": ("Order", "Urutan"),
        "rank.column.rank": ("Rank", "Peringkat"),
        "rank.column.tied": ("Tied", "Seri"),
        "rank.column.highlight": ("Highlighted", "Disorot"),
    }
)

MARK: Final = "◀"


def period_text(result: Ranking) -> str:
    """`2022`, `March 2022`."""
    if result.month is None:
        return str(result.year)
    return t("rank.period.month", month=period_name(result.month), year=result.year)


def scope_text(result: Ranking, names: IndonesianNames = ENGLISH_ONLY) -> str:
    if result.parent is None:
        return t("rank.scope.all")
    return t("rank.scope.parent", parent=result.parent, name=result.parent_label(names))


def title(result: Ranking, names: IndonesianNames = ENGLISH_ONLY) -> str:
    """`Poverty rate (P0) · 2022 · regions under 35 (East Java) · worst first (lower is
    better)`."""
    return safe_line(
        " · ".join(
            (
                result.indicator_label(names),
                period_text(result),
                scope_text(result, names),
                t(f"rank.order.{result.order}"),
            )
        )
    )


def value_header(result: Ranking) -> str:
    key = f"rank.unit.{result.unit}"
    unit = t(key) if key in i18n.CATALOG else ""
    return f"{t('rank.col.value')} ({unit})" if unit else t("rank.col.value")


def shown(value: Decimal, result: Ranking) -> str:
    """The value for people, in the language's format: padded to the indicator's decimals when
    that loses nothing (`13.8` -> `13.80`), thousands grouped (`543,475`; `543.475` and `12,53`
    in Indonesian). Never rounded."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent < result.decimals:
        value = value.quantize(Decimal(1).scaleb(-result.decimals))
    return i18n.number(value)


def rank_text(row: RankRow) -> str:
    """`3`, or `=3` for a shared rank."""
    return f"={row.rank}" if row.tied else str(row.rank)


def position(rank: int) -> str:
    """`10th` in English, `ke-10` in Indonesian: ordinals are grammar, not a template."""
    return ordinal(rank) if i18n.get_lang() == "en" else f"ke-{rank}"


def highlight_text(mark: Highlight, result: Ranking, names: IndonesianNames = ENGLISH_ONLY) -> str:
    """`Kabupaten Lamongan: 10th of 10 listed`, or why it is not ranked."""
    name = names.region(mark.region, mark.region_name)
    if mark.rank is None:
        reason = highlight_reason(mark, result)
        return t("rank.highlight.absent", name=name, reason=reason)
    text = t("rank.highlight.ranked", name=name, position=position(mark.rank), of=mark.of)
    return text + (t("rank.highlight.tied") if mark.tied else "")


def absent_reason(reason: str, months: list[int | None], result: Ranking) -> str:
    if reason == "other_period":
        periods = Phrase("periods", months=tuple(months)).text(i18n.get_lang())
        return t("rank.absent.other_period", periods=periods)
    if reason == "no_record":
        return t("rank.absent.no_record", year=result.year)
    return t(f"rank.absent.{reason}", period=period_text(result))


def highlight_reason(mark: Highlight, result: Ranking) -> str:
    for absent in result.absent:
        if absent.region == mark.region:
            return absent_reason(absent.reason, absent.months, result)
    return ""


def absent_text(absent: Absent, result: Ranking, names: IndonesianNames = ENGLISH_ONLY) -> str:
    reason = absent_reason(absent.reason, absent.months, result)
    return f"{names.region(absent.region, absent.region_name)} ({absent.region}): {reason}"


def source_numbers(result: Ranking) -> dict[str, int]:
    """Each distinct source, numbered in the order of the rows."""
    numbers: dict[str, int] = {}
    for row in result.rows:
        if row.source is not None and row.source not in numbers:
            numbers[row.source] = len(numbers) + 1
    return numbers


def _highlight_lines(result: Ranking, names: IndonesianNames) -> list[str]:
    return [safe_line(highlight_text(mark, result, names)) for mark in result.highlight]


def render_table(given: Shown[Ranking], out: TextIO, options: RenderOptions) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    result, names = given.result, given.names
    console = make_console(out, options)
    console.print(Text(title(result, names), style="bold"))
    marked = {mark.region for mark in result.highlight}
    numbers = source_numbers(result)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(t("rank.col.rank"), justify="right", no_wrap=True)
    table.add_column(t("rank.col.code"), no_wrap=True)
    table.add_column(t("rank.col.region"))
    table.add_column(value_header(result), justify="right", no_wrap=True)
    table.add_column(t("rank.col.source"), no_wrap=True)
    for row in result.rows:
        name = Text(safe_line(names.region(row.region, row.region_name)))
        if row.region in marked:
            name.append(f" {MARK}")
        table.add_row(
            Text(rank_text(row)),
            Text(safe_line(row.region)),
            name,
            Text(shown(row.value, result)),
            Text(f"[{numbers[row.source]}]" if row.source is not None else "-"),
            style="bold" if row.region in marked else "",
        )
    console.print(table)
    lines = _highlight_lines(result, names)
    if lines:
        console.print()
        for line in lines:
            console.print(Text(line, style="bold"))
    if result.absent:
        console.print()
        console.print(Text(t("rank.absent.heading")))
        for absent in result.absent:
            console.print(Text("  " + safe_line(absent_text(absent, result, names))))
    console.print()
    for i, note in enumerate(result.notes(names=names)):
        # The first note says what the ranking covers: it must not be missed.
        console.print(Text(safe_line(note), style="yellow" if i == 0 else "dim"))
    if result.ties:
        console.print(Text(t("rank.tie_mark"), style="dim"))
    if numbers:
        console.print()
        console.print(Text(t("rank.sources")))
        for text, n in numbers.items():
            console.print(Text(f"[{n}] {safe_line(text)}"))


def render_markdown(given: Shown[Ranking], out: TextIO, options: RenderOptions) -> None:
    result, names = given.result, given.names
    out.write(f"**{md_cell(title(result, names))}**\n\n")
    marked = {mark.region for mark in result.highlight}
    numbers = source_numbers(result)
    body = []
    for row in result.rows:
        name = md_cell(names.region(row.region, row.region_name))
        if row.region in marked:
            name = f"**{name}** {MARK}"
        body.append(
            [
                rank_text(row),
                md_cell(row.region),
                name,
                shown(row.value, result),
                str(numbers[row.source]) if row.source is not None else "",
            ]
        )
    header = [
        t("rank.col.rank"),
        t("rank.col.code"),
        t("rank.col.region"),
        md_cell(value_header(result)),
        t("rank.col.source"),
    ]
    out.write(md_table(header, body, "rllrr"))
    out.write("\n")
    for line in _highlight_lines(result, names):
        out.write(f"- **{md_text(line)}**\n")
    if result.highlight:
        out.write("\n")
    if result.absent:
        out.write(md_text(t("rank.absent.heading")) + "\n\n")
        for absent in result.absent:
            out.write(f"- {md_text(absent_text(absent, result, names))}\n")
        out.write("\n")
    notes = list(result.notes(names=names))
    if result.ties:
        notes.append(t("rank.tie_mark"))
    out.write(" ".join(md_text(note) for note in notes) + "\n")
    if numbers:
        out.write(f"\n{md_text(t('rank.sources'))}\n\n")
        for text, n in numbers.items():
            out.write(f"{n}. {md_source(text)}\n")


#: The CSV columns (English identifiers whatever the language). Ranked regions first, then
#: the regions not ranked (`status` absent, `reason` why).
CSV_FIELDS: Final = (
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
)


def render_csv(result: Ranking, out: TextIO, options: RenderOptions) -> None:
    """One row per region, ranked first; the English names and codes whatever the language, in
    the CSV dialect of the options (excel-id: `;`, decimal comma, translated headers)."""
    marked = {mark.region for mark in result.highlight}
    head = [result.indicator, result.year, result.month, result.order]
    rows: list[list[object]] = [
        [
            *head,
            row.rank,
            row.tied,
            row.region,
            row.region_name,
            row.value,
            "ranked",
            None,
            row.region in marked,
            row.source,
        ]
        for row in result.rows
    ]
    rows.extend(
        [
            *head,
            None,
            None,
            absent.region,
            absent.region_name,
            None,
            "absent",
            absent.reason,
            absent.region in marked,
            None,
        ]
        for absent in result.absent
    )
    write_csv(out, CSV_FIELDS, rows, dialect=options.csv_dialect, labels="rank")


def _csv(given: Shown[Ranking], out: TextIO, options: RenderOptions) -> None:
    render_csv(given.result, out, options)


def _json(given: Shown[Ranking], out: TextIO, options: RenderOptions) -> None:
    """The result alone: the Indonesian names are never in the JSON."""
    render_json(given.result, out, options)


#: Each takes the ranking and its Indonesian names (`Shown`); csv and json write the ranking
#: alone.
RENDERERS: Final[dict[str, Renderer[Shown[Ranking]]]] = {
    "table": render_table,
    "csv": _csv,
    "json": _json,
    "markdown": render_markdown,
}
