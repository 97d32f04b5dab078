"""Renderers of `povtrack sources`: table, csv, json, markdown.

Web addresses are always written in full and never broken by the renderer (a journalist copies
them): the terminal layout is a numbered list, one source per block, soft-wrapped by the
terminal only; Markdown makes every address an autolink.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final, TextIO

from povtrack.core.names import ENGLISH_ONLY, IndonesianNames, Shown
from povtrack.core.provenance import Source, Sources, Use, urls
from povtrack.i18n import t
from povtrack.io.output import safe_line
from povtrack.render import Renderer, RenderOptions, md_cell, render_json, write_csv

if TYPE_CHECKING:
    from rich.console import Console
from povtrack.i18n import N_, NP_
from povtrack.model.records import format_breakdown

_SOURCES_HEADING: Final = N_("Sources")
_SOURCES_KIND_NONE: Final = N_("no source")
_MSG_SOURCES_KIND_NONE: Final = N_("no source")


_LEADING_MARKER: Final = re.compile(r"^(\d{1,9})([.)])")


def _inline(text: str) -> str:
    return md_cell(text).replace("&", "\\&").replace("~", "\\~")


def _guard(text: str) -> str:
    """Escape a leading list or heading marker (`1.`, `-`, `+`, `=`, `!`)."""
    text = _LEADING_MARKER.sub(r"\1\\\2", text)
    return "\\" + text if text[:1] in ("-", "+", "=", "!") else text


def md_text(text: str) -> str:
    """Text for Markdown inline content: markup escaped (`md_cell`), and `&`, `~` and a leading
    list marker too, so that data never turns into markup."""
    return _guard(_inline(text))


def md_source(text: str) -> str:
    """A source for Markdown: every web address an autolink `<https://...>`, the rest escaped."""
    found = urls(text)
    if not found:
        return md_text(text)
    pattern = re.compile("|".join(re.escape(u) for u in sorted(found, key=len, reverse=True)))
    parts: list[str] = []
    start = 0
    for match in pattern.finditer(text):
        parts.append(_inline(text[start : match.start()]))
        parts.append(f"<{safe_line(match.group())}>")
        start = match.end()
    parts.append(_inline(text[start:]))
    return _guard("".join(parts))


def kind_label(source: Source) -> str:
    n = len(source.urls)
    if source.kind == "none":
        return t("no source")
    if source.kind == "url":
        return t("URL") if n == 1 else t("{count} URLs", count=n)
    if n == 0:
        return t("citation (no URL)")
    if n == 1:
        return t("citation with a URL")
    return t("citation with {count} URLs", count=n)


def what_label(source: Source) -> str:
    if source.targets == 0:
        return t("values")
    if source.values == 0:
        return t("targets only")
    return t(
        "values ({values}) and targets ({targets})", values=source.values, targets=source.targets
    )


def counts_line(source: Source) -> str:
    return t(
        "{kind} · records: {records} · for {what}",
        kind=kind_label(source),
        records=source.records,
        what=what_label(source),
    )


def use_periods(use: Use, target: str | None = None) -> str:
    """`2020, 2021`, `2023; target 2023`, `target 2026` (`target`: the word, default in the
    current language)."""
    parts = []
    if use.values:
        parts.append(", ".join(use.values))
    if use.targets:
        periods = ", ".join(use.targets)
        parts.append(
            t("target {periods}", periods=periods) if target is None else f"{target} {periods}"
        )
    return "; ".join(parts)


def use_head(use: Use) -> str:
    """`p0`, `p0 [area=urban]`."""
    if not use.breakdown:
        return use.indicator
    return f"{use.indicator} [" + format_breakdown(use.breakdown) + "]"


def use_line(use: Use, result: Sources, names: IndonesianNames = ENGLISH_ONLY) -> str:
    """`p0 2022: Kabupaten Pacitan (3501), Kabupaten Bondowoso (3511)`, with the regions'
    names in the current language."""
    regions = ", ".join(f"{result.region_label(code, names)} ({code})" for code in use.regions)
    return f"{use_head(use)} {use_periods(use)}: {regions}"


def use_codes(use: Use) -> str:
    """`p0 2022: 3501, 3511`: the compact form for CSV, in English whatever the language."""
    return f"{use_head(use)} {use_periods(use, 'target')}: {', '.join(use.regions)}"


def make_console(out: TextIO, options: RenderOptions) -> Console:
    from povtrack.render import console_for

    return console_for(out, options, soft_wrap=True)


def render_table(shown: Shown[Sources], out: TextIO, options: RenderOptions) -> None:
    from rich.text import Text

    result = shown.result
    console = make_console(out, options)
    if not result.sources:
        console.print(Text(t(NP_("sources", "No records match the filters."))))
        return
    console.print(
        Text(
            safe_line(
                t(
                    "Sources: {sources} · records: {records} · data: {data}",
                    sources=sum(1 for s in result.sources if s.kind != "none"),
                    records=result.records,
                    data=result.data,
                )
            ),
            style="bold",
        )
    )
    width = len(str(len(result.sources)))
    indent = " " * (width + 2)
    for source in result.sources:
        console.print()
        number = f"{source.n:>{width}}  "
        if source.source is None:
            console.print(Text(number) + Text(f"({t(_MSG_SOURCES_KIND_NONE)})", style="yellow"))
        else:
            console.print(Text(number) + Text(safe_line(source.source), style="bold"))
            if source.kind == "citation":
                for url in source.urls:
                    console.print(Text(f"{indent}→ {safe_line(url)}"))
        console.print(Text(indent + counts_line(source), style="dim"))
        for use in source.uses:
            console.print(Text(indent + safe_line(use_line(use, result, shown.names))))
    if result.unsourced:
        console.print()
        console.print(
            Text(
                t(
                    "Records without a source: {count} (listed last, as “no source”).",
                    count=result.unsourced,
                ),
                style="yellow",
            )
        )


def render_markdown(shown: Shown[Sources], out: TextIO, options: RenderOptions) -> None:
    result = shown.result
    out.write(f"## {t(_SOURCES_HEADING)}\n\n")
    if not result.sources:
        out.write(md_text(t(NP_("sources", "No records match the filters."))) + "\n")
        return
    for source in result.sources:
        if source.source is None:
            head = f"*{md_text(t(_SOURCES_KIND_NONE))}*"
        else:
            head = md_source(source.source)
        uses = "; ".join(md_text(use_line(use, result, shown.names)) for use in source.uses)
        out.write(f"{source.n}. {head} — {uses}\n")
    if result.unsourced:
        out.write(
            "\n"
            + md_text(
                t(
                    "Records without a source: {count} (listed last, as “no source”).",
                    count=result.unsourced,
                )
            )
            + "\n"
        )


#: The CSV columns (English identifiers whatever the language).
CSV_FIELDS: Final = (
    "n",
    "source",
    "kind",
    "urls",
    "records",
    "values",
    "targets",
    "target_only",
    "indicators",
    "regions",
    "years",
    "uses",
)


#: The kind of a source, as the excel-id CSV (for people) shows it.
_SOURCES_CSV_KIND: Final = {
    "url": NP_("csv", "web address"),
    "citation": NP_("csv", "citation"),
    "none": N_("no source"),
}


def render_csv(result: Sources, out: TextIO, options: RenderOptions) -> None:
    """One row per source. Lists are joined with `;` (addresses with a space, since an address
    may contain `;`); `uses` is `p0 2022: 3501, 3511; poor_count 2013: 3524`. In the CSV
    dialect of the options (excel-id: `;` between cells, so the lists are quoted)."""
    write_csv(
        out,
        CSV_FIELDS,
        (
            [
                s.n,
                s.source,
                s.kind,
                " ".join(s.urls),
                s.records,
                s.values,
                s.targets,
                s.target_only,
                ";".join(s.indicators),
                ";".join(s.regions),
                ";".join(map(str, s.years)),
                "; ".join(use_codes(use) for use in s.uses),
            ]
            for s in result.sources
        ),
        dialect=options.csv_dialect,
        labels="sources",
        words={"kind": lambda code: t(_SOURCES_CSV_KIND[code])},
    )


def _csv(shown: Shown[Sources], out: TextIO, options: RenderOptions) -> None:
    render_csv(shown.result, out, options)


def _json(shown: Shown[Sources], out: TextIO, options: RenderOptions) -> None:
    """The result alone: the Indonesian names are never in the JSON."""
    render_json(shown.result, out, options)


#: Each takes the result and its Indonesian names (`Shown`); csv and json write the result
#: alone.
RENDERERS: Final[dict[str, Renderer[Shown[Sources]]]] = {
    "table": render_table,
    "csv": _csv,
    "json": _json,
    "markdown": render_markdown,
}
