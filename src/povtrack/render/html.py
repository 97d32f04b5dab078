"""`povtrack report --format html`: the report as one self-contained web page.

One file that opens anywhere, offline: styles inline, each chart an inline SVG
(`povtrack.render.svgchart`), no script at all, nothing loaded from the network (a Content Security
Policy forbids it too), links to the sources as plain `<a href>` (http and https only). It holds
a summary when there are several series (the report's sentences, the progress verdicts and
links to the series), then per series the verdict, the progress assessment towards the next
target, a chart and the table of the terminal report, and finally the sources with the years
each one gave. It reads on a phone (tables scroll sideways)
and prints on A4. All data text is escaped: a region called `<script>` is shown as text.

The renderer computes nothing: the progress assessment, which needs every year of each series,
comes from the core as `progress` (the command passes `assess_shown(dataset, filters)`,
exactly what `povtrack progress` prints; `povtrack.core.progress.assess_report` assesses a
report's own rows).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Final, TextIO

from povtrack import __version__, i18n
from povtrack.core.report import BandedRow, Index, Report, ReportRow, latest_scored
from povtrack.i18n import t
from povtrack.io.output import safe_line
from povtrack.render import RenderOptions, generated_at
from povtrack.render.charts import (
    ChartSpec,
    SeriesId,
    build_charts,
    series_id,
    series_rows,
    source_lines,
)
from povtrack.render.svgchart import NARROW, WIDTH, render_svg

if TYPE_CHECKING:
    from povtrack.core.progress import Assessed, ProgressResult, ProgressRow, ProgressText
from povtrack.i18n import N_, NP_
from povtrack.model.records import format_breakdown

_HTML_FORMULA: Final = {
    "linear": NP_("html.formula", "linear"),
    "ratio": N_("ratio"),
}

_REPORT_HEAD: Final = {
    "achievement": N_("Achievement %"),
    "achievement_short": N_("Achiev. %"),
    "band": N_("Band"),
    "change": N_("Change"),
    "margin": N_("Margin"),
    "status": N_("Status"),
    "target": N_("Target"),
    "value": N_("Value"),
    "year": N_("Year"),
}

_CHART_MONTH: Final = {
    3: N_("March"),
    9: N_("September"),
}
_HTML_META: Final = N_("Data: {data} · {series} series · achievement formula: {formula}")
_HTML_EXPLAIN: Final = N_(
    "Margin: positive when the value beats the target. Change: against "
    'the latest earlier year with a value ("vs YEAR" marks a gap). '
    "Achievement formula: {formula}."
)
_HTML_GENERATED: Final = N_("Generated {time} (UTC) from the data file {path}")
_HTML_MADE_BY: Final = N_(
    "Made with povtrack {version} from {data}. Figures are exact "
    "decimals as published; each result is rounded once, half away "
    "from zero."
)
_HTML_SUMMARY: Final = N_("Summary")
_HTML_FIGURES: Final = N_("Figures by year")
_HTML_PROGRESS: Final = N_("Progress towards the next target")
_HTML_SOURCES: Final = N_("Sources")
_HTML_NO_ROWS: Final = NP_("html", "No records match the filters.")
_PROGRESS_FOOTER_METHOD: Final = N_(
    "Method: {name}. CR = actual growth rate / required growth rate "
    "(CAGR, compound annual growth rate). Status:"
)
_HTML_CONTENTS: Final = NP_("html", "Series")
_MSG_HTML_CONTENTS: Final = NP_("html", "Series")
_HTML_NO_SOURCES: Final = N_("The data gives no source for these figures.")
_HTML_USED_FOR: Final = N_("Used for: {uses}")


_URL: Final = re.compile(r"https?://[^\s<>\"'|]+", re.IGNORECASE)
_TRAILING: Final = ".,;:!?"

STYLE: Final = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --line: #d9d9d9; --soft: #f5f6f7; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans",
  sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 1.25rem 1rem 2rem; }
h1 { font-size: 1.65rem; line-height: 1.25; margin: .25rem 0 .5rem; }
h2 { font-size: 1.3rem; line-height: 1.3; margin: 2.25rem 0 .5rem;
  padding-top: 1rem; border-top: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
p { margin: .4rem 0; }
.meta, .note, figcaption, footer, .used { color: var(--muted); font-size: .9rem; }
.summary li, .sources li { margin: .35rem 0; }
.verdict { font-size: 1.05rem; }
.verdict strong { font-weight: 700; }
figure { margin: 1rem 0; }
svg.chart { display: block; width: 100%; height: auto; max-width: 100%; }
.narrow { display: none; }
figcaption p { margin: .15rem 0; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: .5rem 0; }
table { border-collapse: collapse; min-width: 100%; font-variant-numeric: tabular-nums;
  font-size: .95rem; }
th, td { padding: .35rem .6rem; border-bottom: 1px solid var(--line); text-align: right;
  white-space: nowrap; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
th.l, td.l { text-align: left; }
td.missed { font-weight: 700; }
dl.figures { display: grid; grid-template-columns: max-content auto max-content auto;
  gap: .15rem 1rem; margin: .5rem 0; font-variant-numeric: tabular-nums; }
dl.figures dt { color: var(--muted); }
dl.figures dd { margin: 0; }
a { color: #005a8c; overflow-wrap: anywhere; }
.sources ol { padding-left: 1.5rem; }
.sources li { overflow-wrap: anywhere; }
nav ol { padding-left: 1.5rem; columns: 2 18rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: .75rem .75rem 1.5rem; }
  h1 { font-size: 1.35rem; }
  dl.figures { grid-template-columns: max-content auto; }
  .wide { display: none; }
  .narrow { display: block; }
}
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  .wide { display: block; }
  .narrow { display: none; }
  h2 { break-after: avoid-page; }
  figure, tr, .verdict, dl.figures { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; }
  th, td { padding: .2rem .45rem; }
  a { color: inherit; }
}
"""

#: No script, no remote anything: even text that escaped escaping could load or run nothing.
CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"


def e(value: object) -> str:
    """Data text for HTML: control characters made visible, then every markup character
    escaped (quotes too, so it is safe inside an attribute)."""
    return escape(safe_line(str(value)), quote=True)


def linkify(source: str) -> str:
    """A source as escaped HTML in which each http(s) address is a link (nothing else is)."""
    parts: list[str] = []
    last = 0
    for match in _URL.finditer(source):
        url = match.group()
        while url and url[-1] in _TRAILING:
            url = url[:-1]
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        parts.append(e(source[last : match.start()]))
        parts.append(f'<a href="{e(url)}" rel="noopener noreferrer">{e(url)}</a>')
        last = match.start() + len(url)
    parts.append(e(source[last:]))
    return "".join(parts)


def _change(row: ReportRow, direction: str) -> str:
    """The change cell of the terminal table: `-0.11 (-0.88 %) better vs 2017`."""
    from povtrack.render.report import change_text, trend

    parts = [change_text(row), trend(row, direction)]
    if row.previous_year is not None and row.previous_year != row.year - 1:
        parts.append(t("vs {year}", year=row.previous_year))
    return " ".join(part for part in parts if part)


def _series_name(index: Index, row: ReportRow | ProgressRow) -> str:
    """`Kabupaten Lamongan · Poverty rate (P0)`, with the month and breakdown where present, in
    the current language."""
    region = index.region(row.region)
    indicator = index.indicator(row.indicator)
    name = f"{i18n.name(region) if region else row.region_name} · "
    name += i18n.name(indicator) if indicator else row.indicator_name
    extra = []
    if row.month is not None:
        key = _CHART_MONTH.get(row.month)
        extra.append(t(key) if key is not None else t("month {month}", month=row.month))
    if row.breakdown:
        extra.append(format_breakdown(row.breakdown))
    return name + (" (" + "; ".join(extra) + ")" if extra else "")


def render_html(
    report: Report,
    out: TextIO,
    options: RenderOptions,
    *,
    progress: Assessed | ProgressResult,
    generated: datetime.datetime | None = None,
) -> None:
    """The report as one HTML page (see the module's docstring). `progress` is the assessment
    of the same series, computed by the core: `assess_shown(dataset, filters)` (what the
    command passes) or `assess_report(report)` for the report's own rows; a bare
    ProgressResult shows its reasons in English. The page says when it was `generated`
    (default: `render.generated_at()`, which honours SOURCE_DATE_EPOCH) and from which data file
    (`report.data`, the path as given)."""
    from povtrack.core.progress import PLAIN_TEXT, Assessed
    from povtrack.render.progress import rules
    from povtrack.render.report import Names, sentence

    names = Names(report)

    def said(row: ReportRow) -> str:
        """The terminal report's sentence of a scored year."""
        return sentence(row, report.achievement_formula, names)

    if not isinstance(progress, Assessed):
        progress = Assessed(progress, PLAIN_TEXT)
    text = progress.text
    progress = progress.result
    groups = series_rows(report)
    index = Index(report)
    charts = build_charts(report, progress, index) if groups else []
    assessed = {series_id(row): row for row in progress.rows}
    regions = {row.region for row in report.rows}
    if len(regions) == 1:
        region = index.region(next(iter(regions)))
        name = i18n.name(region) if region else report.rows[0].region_name
        title = t("Poverty indicators against targets: {region}", region=name)
    else:
        title = t("Poverty indicators against targets")
    formula = t(_HTML_FORMULA[report.achievement_formula])
    data_name = report.data.replace("\\", "/").rsplit("/", 1)[-1]
    w = out.write
    w("<!DOCTYPE html>\n")
    w(f'<html lang="{e(i18n.get_lang())}">\n<head>\n<meta charset="utf-8">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n')
    w('<meta name="referrer" content="no-referrer">\n')
    w(f'<meta name="generator" content="povtrack {e(__version__)}">\n')
    w(f"<title>{e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n")
    w(f"<header>\n<h1>{e(title)}</h1>\n")
    w(
        f'<p class="meta">{e(t(_HTML_META, data=data_name, series=len(groups), formula=formula))}'
        "</p>\n"
    )
    when = (generated or generated_at()).astimezone(datetime.UTC)
    w(
        f'<p class="meta generated">'
        f"{e(t(_HTML_GENERATED, time=when.strftime('%Y-%m-%dT%H:%M:%SZ'), path=report.data))}"
        "</p>\n</header>\n"
    )
    if not groups:
        w(f"<p>{e(t(_HTML_NO_ROWS))}</p>\n")
    else:
        if len(groups) > 1:  # one series: its section says it all
            _summary(report, index, groups, assessed, text, said, w)
        for number, (rows, chart) in enumerate(zip(groups, charts, strict=True), start=1):
            found = assessed.get(series_id(rows[0]))
            _section(report, index, number, rows, chart, found, text, said, w)
        _sources(index, groups, w)
    w("<footer>\n")
    w(f"<p>{e(t(_HTML_EXPLAIN, formula=formula))}</p>\n")
    if progress.rows:
        from povtrack.core.progress import method_name
        from povtrack.render.progress import bands

        w(f"<p>{e(t(_PROGRESS_FOOTER_METHOD, name=method_name(progress.method)))} ")

        w(e("; ".join(f"{_status(status)}: {text}" for status, text in bands(progress))))
        w("</p>\n<p>" + e(" ".join(rules(progress))) + "</p>\n")
    w(f"<p>{e(t(_HTML_MADE_BY, version=__version__, data=data_name))}</p>\n")
    w("</footer>\n</main>\n</body>\n</html>\n")


def _status(status: str) -> str:
    from povtrack.render.progress import status_word

    return status_word(status)


def _summary(
    report: Report,
    index: Index,
    groups: list[list[ReportRow]],
    assessed: dict[SeriesId, ProgressRow],
    text: ProgressText,
    said: Callable[[ReportRow], str],
    w: Callable[[str], object],
) -> None:
    from povtrack.render.progress import verdict

    w(f'<section class="summary">\n<h2>{e(t(_HTML_SUMMARY))}</h2>\n<ul>\n')
    for rows in groups:
        items = [said(row) for row in latest_scored(rows)]
        found = assessed.get(series_id(rows[0]))
        if found is not None:
            items.append(f"{_series_name(index, rows[0])}: {verdict(found, text)}")
        for item in items:
            w(f"<li>{e(item)}</li>\n")
    w("</ul>\n")
    if groups:
        w(f'<nav aria-label="{e(t(_HTML_CONTENTS))}">\n<h3>{e(t(_MSG_HTML_CONTENTS))}</h3>\n<ol>\n')
        for number, rows in enumerate(groups, start=1):
            w(f'<li><a href="#series-{number}">{e(_series_name(index, rows[0]))}</a></li>\n')
        w("</ol>\n</nav>\n")
    w("</section>\n")


def _section(
    report: Report,
    index: Index,
    number: int,
    rows: list[ReportRow],
    chart: ChartSpec,
    found: ProgressRow | None,
    text: ProgressText,
    said: Callable[[ReportRow], str],
    w: Callable[[str], object],
) -> None:
    first = rows[0]
    w(f'<section class="series" id="series-{number}">\n')
    w(f"<h2>{e(_series_name(index, first))}</h2>\n")
    for row in latest_scored(rows):
        w(f'<p class="verdict">{e(said(row))}</p>\n')
    if found is not None:
        _progress(found, text, w)
    w("<figure>\n")
    # a wide chart for screens and paper, a narrow one (larger text) for phones
    w('<div class="wide">\n' + render_svg(chart, ident=f"chart-{number}", width=WIDTH))
    w('\n</div>\n<div class="narrow">\n')
    w(render_svg(chart, ident=f"chart-{number}-narrow", width=NARROW) + "\n</div>")
    w("\n<figcaption>\n")
    for note in chart.notes:
        w(f"<p>{e(note)}</p>\n")
    for line in source_lines(chart.sources, 10_000, 1):
        w(f"<p>{e(line)}</p>\n")
    w("</figcaption>\n</figure>\n")
    w(f"<h3>{e(t(_HTML_FIGURES))}</h3>\n")
    _table(index, rows, w)
    w("</section>\n")


def _progress(row: ProgressRow, shown: ProgressText, w: Callable[[str], object]) -> None:
    from povtrack.i18n import amount
    from povtrack.render.progress import (
        STYLES,
        base_cell,
        base_origin,
        pace,
        rate,
        reached,
        verdict,
    )

    assert row.status in STYLES
    w(f"<h3>{e(t(_HTML_PROGRESS))}</h3>\n")
    text = verdict(row, shown)
    w(f'<p class="verdict">{e(text[:1].upper() + text[1:])}</p>\n')

    def at(value: Decimal | None, year: int | None) -> str:
        if value is None:
            return "" if year is None else f"– ({year})"
        return t("{value} ({year})", value=amount(value, row.unit), year=year)

    figures = [
        (t("Base"), base_cell(row)),
        (t("Base year"), base_origin(row)),
        (t("Latest"), at(row.latest_value, row.latest_year)),
        (t("Target"), at(row.target, row.target_year)),
        (t("Ratio CR"), "" if row.ratio is None else i18n.number(row.ratio)),
        (t("Actual pace"), pace(row)),
        (
            t("Required pace"),
            "" if row.cagr_required is None else rate(row.cagr_required),
        ),
        (
            t("Projected {year}", year=row.target_year),
            "" if row.projected_value is None else amount(row.projected_value, row.unit),
        ),
        (t("Target reached"), reached(row, shown)),
    ]
    w('<dl class="figures">\n')
    for label, value in figures:
        if value:
            w(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>\n")
    w("</dl>\n")


def _table(index: Index, rows: list[ReportRow], w: Callable[[str], object]) -> None:
    """The terminal report's table of one series: the same columns and cells."""
    from povtrack.render.report import band_label, margin_text, status_word

    direction = index.direction(rows[0].indicator)
    banded = any(isinstance(row, BandedRow) for row in rows)
    heads = ["year", "value", "change", "target", "margin", "achievement_short", "status"]
    if banded:
        heads.append("band")
    left = {"change", "status", "band"}
    w('<div class="table-wrap">\n<table>\n<thead><tr>')
    for name in heads:
        attr = ' class="l"' if name in left else ""
        w(f'<th scope="col"{attr}>{e(t(_REPORT_HEAD[name]))}</th>')
    w("</tr></thead>\n<tbody>\n")

    def number(value: Decimal | None) -> str:
        return "" if value is None else e(i18n.number(value))

    for row in rows:
        cells = [
            f'<th scope="row">{row.year}</th>',
            f"<td>{number(row.value)}</td>",
            f'<td class="l">{e(_change(row, direction))}</td>',
            f"<td>{number(row.target)}</td>",
            f"<td>{e(margin_text(row))}</td>",
            f"<td>{number(row.achievement_pct)}</td>",
            f'<td class="l {e(row.status)}">{e(status_word(row.status))}</td>',
        ]
        if banded:
            cells.append(f'<td class="l">{e(band_label(row))}</td>')
        w("<tr>" + "".join(cells) + "</tr>\n")
    w("</tbody>\n</table>\n</div>\n")


def _sources(index: Index, groups: list[list[ReportRow]], w: Callable[[str], object]) -> None:
    """Every source, in the order first used, with the series and years it gave."""
    uses: dict[str, dict[str, list[int]]] = {}
    for rows in groups:
        name = _series_name(index, rows[0])
        for row in rows:
            if row.source and (row.value is not None or row.target is not None):
                uses.setdefault(row.source, {}).setdefault(name, []).append(row.year)
    w(f'<section class="sources" id="sources">\n<h2>{e(t(_HTML_SOURCES))}</h2>\n')
    if not uses:
        w(f"<p>{e(t(_HTML_NO_SOURCES))}</p>\n</section>\n")
        return
    w("<ol>\n")
    for source, series in uses.items():
        used = "; ".join(f"{name}: {_years(years)}" for name, years in series.items())
        w(
            f'<li><span class="source">{linkify(source)}</span><br>'
            f'<span class="used">{e(t(_HTML_USED_FOR, uses=used))}</span></li>\n'
        )
    w("</ol>\n</section>\n")


def _years(years: Iterable[int]) -> str:
    from povtrack.render.charts import year_ranges

    return year_ranges(years)
