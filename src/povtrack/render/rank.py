"""Renderers of `povtrack rank`: table, csv, json, markdown.

Every human format says what is ranked and in which order ("worst first (lower is better)"),
where each highlighted region stands ("Kabupaten Lamongan: 10th of 10 listed"), which regions
are not ranked and why, what the ranking covers (only the regions in the data file), and the
source of every value, in full. In the chosen language, with its number format (`12,53`) and
the Indonesian names of the indicator and regions when the data gives them; JSON and the default
CSV keep the English names and plain numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final, TextIO

from povtrack import i18n
from povtrack.core.names import ENGLISH_ONLY, IndonesianNames, Shown
from povtrack.core.ranking import Absent, Highlight, Phrase, Ranking, RankRow, ordinal, period_name
from povtrack.i18n import N_, NP_, t
from povtrack.io.output import safe_line
from povtrack.render import Renderer, RenderOptions, md_cell, md_table, render_json, write_csv
from povtrack.render.sources import make_console, md_source, md_text

_RANK_ABSENT: Final = {
    "breakdown_only": N_("only figures by breakdown, no total, for {period}"),
    "heading": N_("Not ranked:"),
    "no_record": N_("no record for {year}"),
    "no_value": N_("a target but no value for {period}"),
    "other_period": N_("values only for other periods: {periods}"),
}

_RANK_ORDER: Final = {
    "best_first": N_("best first (higher is better)"),
    "highest_first": N_("highest first (not a ranking of performance)"),
    "worst_first": N_("worst first (lower is better)"),
}


def order_word(order: str) -> str:
    """A ranking's order (`worst_first`) in words, in the current language."""
    return t(_RANK_ORDER[order])


_RANK_UNIT: Final = {
    "million_people": N_("million"),
    "percent": N_("%"),
    "rupiah": N_("Rp"),
    "thousand_people": N_("thousand"),
}
_RANK_COL_VALUE: Final = N_("Value")
_RANK_SOURCES: Final = N_("Sources:")


MARK: Final = "◀"


def period_text(result: Ranking) -> str:
    """`2022`, `March 2022`."""
    if result.month is None:
        return str(result.year)
    return t("{month} {year}", month=period_name(result.month), year=result.year)


def scope_text(result: Ranking, names: IndonesianNames = ENGLISH_ONLY) -> str:
    if result.parent is None:
        return t("all regions in the data file")
    return t(
        "regions under {parent} ({name})", parent=result.parent, name=result.parent_label(names)
    )


def title(result: Ranking, names: IndonesianNames = ENGLISH_ONLY) -> str:
    """`Poverty rate (P0) · 2022 · regions under 35 (East Java) · worst first (lower is
    better)`."""
    return safe_line(
        " · ".join(
            (
                result.indicator_label(names),
                period_text(result),
                scope_text(result, names),
                order_word(result.order),
            )
        )
    )


def value_header(result: Ranking) -> str:
    key = _RANK_UNIT.get(result.unit)
    unit = t(key) if key is not None else ""
    return f"{t(_RANK_COL_VALUE)} ({unit})" if unit else t("Value")


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
        return t("{name}: not ranked ({reason})", name=name, reason=reason)
    text = t(
        "{name}: {position} of {of} listed", name=name, position=position(mark.rank), of=mark.of
    )
    return text + (t(" (tied)") if mark.tied else "")


def absent_reason(reason: str, months: list[int | None], result: Ranking) -> str:
    if reason == "other_period":
        periods = Phrase("periods", months=tuple(months)).text(i18n.get_lang())
        return t("values only for other periods: {periods}", periods=periods)
    if reason == "no_record":
        return t("no record for {year}", year=result.year)
    return t(_RANK_ABSENT[reason], period=period_text(result))


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
    table.add_column(t("Rank"), justify="right", no_wrap=True)
    table.add_column(t("Code"), no_wrap=True)
    table.add_column(t("Region"))
    table.add_column(value_header(result), justify="right", no_wrap=True)
    table.add_column(t("Source"), no_wrap=True)
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
        console.print(Text(t("Not ranked:")))
        for absent in result.absent:
            console.print(Text("  " + safe_line(absent_text(absent, result, names))))
    console.print()
    for i, note in enumerate(result.notes(names=names)):
        # The first note says what the ranking covers: it must not be missed.
        console.print(Text(safe_line(note), style="yellow" if i == 0 else "dim"))
    if result.ties:
        console.print(Text(t("= marks a shared rank."), style="dim"))
    if numbers:
        console.print()
        console.print(Text(t("Sources:")))
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
        t("Rank"),
        t("Code"),
        t("Region"),
        md_cell(value_header(result)),
        t("Source"),
    ]
    out.write(md_table(header, body, "rllrr"))
    out.write("\n")
    for line in _highlight_lines(result, names):
        out.write(f"- **{md_text(line)}**\n")
    if result.highlight:
        out.write("\n")
    if result.absent:
        out.write(md_text(t("Not ranked:")) + "\n\n")
        for absent in result.absent:
            out.write(f"- {md_text(absent_text(absent, result, names))}\n")
        out.write("\n")
    notes = list(result.notes(names=names))
    if result.ties:
        notes.append(t("= marks a shared rank."))
    out.write(" ".join(md_text(note) for note in notes) + "\n")
    if numbers:
        out.write(f"\n{md_text(t(_RANK_SOURCES))}\n\n")
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


def render_csv(
    result: Ranking,
    out: TextIO,
    options: RenderOptions,
    words: Mapping[str, Callable[[Any], Any]] | None = None,
) -> None:
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
    write_csv(out, CSV_FIELDS, rows, dialect=options.csv_dialect, labels="rank", words=words)


#: The status and reason codes of a CSV row, as the excel-id CSV (for people) shows them.
_RANK_CSV_WORDS: Final = {
    "ranked": NP_("csv", "ranked"),
    "absent": NP_("csv", "not ranked"),
    "no_record": NP_("csv", "no record"),
    "no_value": NP_("csv", "a target but no value"),
    "other_period": NP_("csv", "values only for other periods"),
    "breakdown_only": NP_("csv", "only figures by breakdown"),
}


def _word(code: str) -> str:
    return t(_RANK_CSV_WORDS[code])


def _csv(given: Shown[Ranking], out: TextIO, options: RenderOptions) -> None:
    if options.csv_dialect != "excel-id":
        render_csv(given.result, out, options)
        return
    # for people: order, status, reason and the regions' names in the current language
    result = given.result
    names = {
        row.region_name: given.names.region(row.region, row.region_name) for row in result.rows
    }
    names.update(
        (absent.region_name, given.names.region(absent.region, absent.region_name))
        for absent in result.absent
    )
    render_csv(
        result,
        out,
        options,
        words={
            "order": order_word,
            "status": _word,
            "reason": _word,
            "region_name": lambda name: names.get(name, name),
        },
    )


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
