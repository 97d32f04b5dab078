"""`povtrack sources`: the sources behind the records that `report` would show.

Each distinct source text is listed once, with the records it backs: how many, for values or
for targets, which indicators, regions and years. Sources are ordered by their first use, in
the order `report` shows its rows (region, then indicator, in the file's order, then year and
month), so that the list reads like the report. Records without a source come last, as one
entry with `kind` "none", so that nothing is silently left out.

A source is a `url` when its text is only one or more web addresses, else a `citation` (which
may contain addresses: `urls` lists every address found in the text, in full).

The result (and its JSON) names regions and indicators in English, as the data does; their
Indonesian names (`name_id`) are not part of it: `names_of(dataset, result)` gives them, as a
separate lookup that the command hands to the tables and Markdown in Indonesian
(`core.names.Shown`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final, Literal

import msgspec

from povtrack import i18n
from povtrack.core.names import ENGLISH_ONLY, IndonesianNames, indonesian_names
from povtrack.model.records import Dataset, Filters, Record, breakdown_key

if TYPE_CHECKING:
    from povtrack.core.progress import ProgressResult
    from povtrack.core.ranking import Ranking

Kind = Literal["url", "citation", "none"]

_URL: Final = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING: Final = ".,;:!?'\""
_SEPARATORS: Final = re.compile(r"[\s;|,]+")


def urls(text: str) -> list[str]:
    """The web addresses in a text, in order, each once: trailing punctuation and a closing
    bracket that does not belong to the address are left out (`(https://a.b/c)` gives
    `https://a.b/c`; `https://en.wikipedia.org/wiki/X_(y)` keeps its bracket)."""
    found: list[str] = []
    for match in _URL.finditer(text):
        url = match.group()
        while url and (url[-1] in _TRAILING or _unbalanced(url)):
            url = url[:-1]
        if "://" in url and url.split("://", 1)[1] and url not in found:
            found.append(url)
    return found


_OPENING: Final = {")": "(", "]": "[", "}": "{"}


def _unbalanced(url: str) -> bool:
    """The address ends with a closing bracket that it never opened."""
    last = url[-1]
    return last in _OPENING and url.count(last) > url.count(_OPENING[last])


def kind(text: str | None) -> Kind:
    """`url` when the text is nothing but addresses (and separators), else `citation`."""
    if text is None:
        return "none"
    found = urls(text)
    if not found:
        return "citation"
    rest = text
    for url in found:
        rest = rest.replace(url, " ")
    return "url" if not _SEPARATORS.sub("", rest) else "citation"


def period(record: Record) -> str:
    """`2022`, or `2022-03` for a record with a month."""
    return str(record.year) if record.month is None else f"{record.year}-{record.month:02d}"


class Use(msgspec.Struct, frozen=True, kw_only=True):
    """Records of one indicator (and breakdown) backed by one source with the same periods:
    `values` and `targets` are the periods (`2022`, `2022-09`) whose value or target it backs,
    `regions` the region codes."""

    indicator: str
    breakdown: dict[str, str] | None
    values: list[str]
    targets: list[str]
    regions: list[str]


class Source(msgspec.Struct, frozen=True, kw_only=True):
    """One distinct source and what it backs. `records`: how many records; `values`, `targets`:
    how many of them have a value, a target, from this source (a record with both counts in
    each); `target_only`: it backs targets and no values."""

    n: int
    source: str | None
    kind: Kind
    urls: list[str]
    records: int
    values: int
    targets: int
    target_only: bool
    indicators: list[str]
    regions: list[str]
    years: list[int]
    uses: list[Use]


class Sources(msgspec.Struct, frozen=True, kw_only=True):
    """The result of `povtrack sources`; `--format json` prints exactly this. `records`: the
    records selected by the filters (those `report` would show); `unsourced`: how many of them
    have no source (they are the entry whose kind is "none"); `urls`: every distinct web
    address, in the order of the sources; `region_names`: the name of every region in
    `sources`, `indicator_names` likewise."""

    data: str
    records: int
    unsourced: int
    sources: list[Source]
    urls: list[str]
    region_names: dict[str, str]
    indicator_names: dict[str, str]

    def region_label(
        self, code: str, names: IndonesianNames = ENGLISH_ONLY, lang: i18n.Lang | None = None
    ) -> str:
        """The name to show of the region `code`: its Indonesian name in `names` in
        Indonesian (default: the current language), else `region_names[code]` (else the
        code)."""
        return names.region(code, self.region_names.get(code, code), lang)


def names_of(dataset: Dataset, result: Sources) -> IndonesianNames:
    """The Indonesian names of the regions and indicators that `result` names, where the data
    gives them: for the tables and Markdown with --lang id; never in the JSON."""
    return indonesian_names(dataset, result.indicator_names, result.region_names)


def selected(dataset: Dataset, filters: Filters | None = None) -> list[Record]:
    """The records `report` would show for these filters."""
    if filters is None:
        return list(dataset.records)
    return [rec for rec in dataset.records if filters.series(rec) and filters.year(rec.year)]


def build_sources(dataset: Dataset, filters: Filters | None = None) -> Sources:
    records = selected(dataset, filters)
    reg_order = {code: i for i, code in enumerate(dataset.regions)}
    ind_order = {ind: i for i, ind in enumerate(dataset.indicators)}

    def order(rec: Record) -> tuple[int, int, int, int, tuple[tuple[str, str], ...]]:
        return (
            reg_order[rec.region],
            ind_order[rec.indicator],
            rec.year,
            rec.month or 0,
            breakdown_key(rec.breakdown),
        )

    records.sort(key=order)
    groups: dict[str | None, list[Record]] = {}
    for rec in records:
        groups.setdefault(rec.source, []).append(rec)
    texts: list[str | None] = [text for text in groups if text is not None]
    if None in groups:
        texts.append(None)
    entries = [_entry(i + 1, text, groups[text], dataset) for i, text in enumerate(texts)]
    regions = {code for entry in entries for code in entry.regions}
    indicators = {ind for entry in entries for ind in entry.indicators}
    return Sources(
        data=dataset.path,
        records=len(records),
        unsourced=len(groups.get(None, [])),
        sources=entries,
        urls=_unique(url for entry in entries for url in entry.urls),
        region_names={code: reg.name for code, reg in dataset.regions.items() if code in regions},
        indicator_names={
            ind_id: ind.name for ind_id, ind in dataset.indicators.items() if ind_id in indicators
        },
    )


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _entry(n: int, text: str | None, records: list[Record], dataset: Dataset) -> Source:
    """`records` are in report order."""
    # One use per indicator and breakdown and the same set of periods: regions that share them
    # (the ten regencies of one published list) are one line.
    per_series: dict[tuple[str, str, tuple[tuple[str, str], ...]], list[Record]] = {}
    for rec in records:
        per_series.setdefault((rec.indicator, rec.region, breakdown_key(rec.breakdown)), []).append(
            rec
        )
    uses: dict[tuple[object, ...], Use] = {}
    for (indicator, region, bkey), recs in per_series.items():
        values = [period(r) for r in recs if r.value is not None]
        targets = [period(r) for r in recs if r.target is not None]
        key = (indicator, bkey, tuple(values), tuple(targets))
        use = uses.get(key)
        if use is None:
            uses[key] = Use(
                indicator=indicator,
                breakdown=dict(bkey) or None,
                values=values,
                targets=targets,
                regions=[region],
            )
        else:
            use.regions.append(region)
    ind_order = list(dataset.indicators)
    n_values = sum(1 for r in records if r.value is not None)
    n_targets = sum(1 for r in records if r.target is not None)
    return Source(
        n=n,
        source=text,
        kind=kind(text),
        urls=urls(text) if text is not None else [],
        records=len(records),
        values=n_values,
        targets=n_targets,
        target_only=n_values == 0 and n_targets > 0,
        indicators=sorted(_unique(r.indicator for r in records), key=ind_order.index),
        regions=_unique(r.region for r in records),
        years=sorted({r.year for r in records}),
        uses=list(uses.values()),
    )


# -- the sources behind a result (the workbooks' Sources sheet) -----------------------------------


def _sources_of(dataset: Dataset, records: list[Record]) -> Sources:
    return build_sources(msgspec.structs.replace(dataset, records=records))


def report_sources(dataset: Dataset, chosen: Filters) -> Sources:
    """The sources of the records the report shows (as `povtrack sources` with its filters)."""
    return build_sources(dataset, chosen)


def progress_sources(dataset: Dataset, result: ProgressResult) -> Sources:
    """The sources of the figures each row uses: its base, latest and target records."""
    used = {
        (row.indicator, row.region, row.month, breakdown_key(row.breakdown), year)
        for row in result.rows
        for year in (row.base_year, row.latest_year, row.target_year)
        if year is not None
    }
    records = [
        rec
        for rec in dataset.records
        if (rec.indicator, rec.region, rec.month, breakdown_key(rec.breakdown), rec.year) in used
    ]
    return _sources_of(dataset, records)


def rank_sources(dataset: Dataset, result: Ranking) -> Sources:
    """The sources of the ranked values: the total of each ranked region in the period."""
    ranked = {row.region for row in result.rows}
    records = [
        rec
        for rec in dataset.records
        if rec.indicator == result.indicator
        and rec.year == result.year
        and rec.month == result.month
        and not rec.breakdown
        and rec.value is not None
        and rec.region in ranked
    ]
    return _sources_of(dataset, records)
