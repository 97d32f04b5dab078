"""`povtrack rank`: regions ordered by one indicator's value in one year.

Which figure stands for a region: the record of that indicator and year that is a total (no
breakdown) and has a value, for one period only. Regency figures are annual (no month);
provincial and national ones are semi-annual (month 3 = March, 9 = September). A ranking never
mixes periods: without `--month` it ranks the annual figures when there are any, else the only
month there is, and asks for `--month` when March and September are both present.

The order is always the highest value first: for a lower-is-better indicator that is worst first,
for a higher-is-better one best first, and for direction `none` (the poverty line) just the
highest first, which is not a ranking of performance. Ties share a rank (standard competition
ranking: 1, 2, 2, 4), compared exactly (13.8 and 13.80 are equal).

The ranking covers only the regions that the data file lists: povtrack cannot know how many
regions a province has (East Java has 38), so `complete` is always false and the note says so.

Names: the result (and its JSON) carries the English names of the data; the Indonesian names
(`name_id`) are not part of it: `names_of(dataset, result)` gives them, as a separate lookup
that the command hands to the tables, Markdown and sentences for --lang id
(`core.names.Shown`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final, Literal

import msgspec

from povtrack import i18n
from povtrack.core import frames
from povtrack.core.names import ENGLISH_ONLY, IndonesianNames, indonesian_names
from povtrack.model.records import Dataset, Record, Region

if TYPE_CHECKING:
    import pandas
    import polars
from povtrack.i18n import N_

_RANKING_MONTH: Final = {
    1: N_("January"),
    2: N_("February"),
    3: N_("March"),
    4: N_("April"),
    5: N_("May"),
    6: N_("June"),
    7: N_("July"),
    8: N_("August"),
    9: N_("September"),
    10: N_("October"),
    11: N_("November"),
    12: N_("December"),
}

Order = Literal["worst_first", "best_first", "highest_first"]
AbsentReason = Literal["no_record", "no_value", "other_period", "breakdown_only"]

ORDERS: Final[dict[str, Order]] = {
    "lower": "worst_first",
    "higher": "best_first",
    "none": "highest_first",
}


Lang = i18n.Lang


class Phrase(msgspec.Struct, frozen=True):
    """Part of a message that is itself translated: a scope, a list of periods, "or", or the
    name of a region (`name_id`: its Indonesian name, when the data gives one)."""

    kind: Literal["scope", "periods", "month_options", "name"]
    parent: str | None = None
    name: str | None = None
    months: tuple[int | None, ...] = ()
    name_id: str | None = None

    def text(self, lang: Lang) -> str:
        shown = self.name_id if lang == "id" and self.name_id else self.name
        if self.kind == "name":
            return shown or ""
        if self.kind == "scope":
            if self.parent is None:
                return text(lang, N_("in the data file"))
            return text(lang, N_("under {parent} ({name})"), parent=self.parent, name=shown)
        if self.kind == "periods":
            names = [period_name(m, lang) for m in sorted_months(self.months)]
            return _join(names, text(lang, N_(" and ")))
        return _join([f"--month {m}" for m in self.months], text(lang, N_(" or ")))


def _join(items: Sequence[str], last: str) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + last + items[-1]


def fill(lang: Lang, key: str, params: dict[str, object]) -> str:
    """A message whose parameters may be Phrases, in the given language."""
    return text(
        lang, key, **{k: v.text(lang) if isinstance(v, Phrase) else v for k, v in params.items()}
    )


class RankError(ValueError):
    """A usage error (exit 2): `key` is an i18n message, `params` fill it in (a Phrase is
    translated too)."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: Lang) -> str:
        return fill(lang, self.key, self.params)

    def message(self) -> str:
        """The message in the current language."""
        return self.text(i18n.get_lang())


def text(lang: Lang, key: str, /, **params: object) -> str:
    """A message in the given language (the JSON `note` is always English)."""
    template = i18n.translated(key, lang)
    return template.format(**params) if params else template


def en(key: str, /, **params: object) -> str:
    return text("en", key, **params)


def sorted_months(months: Sequence[int | None]) -> list[int | None]:
    """Annual (None) first, then by month."""
    return sorted(set(months), key=lambda m: -1 if m is None else m)


def period_name(month: int | None, lang: Lang | None = None) -> str:
    """`annual figures (no month)`, `March`, `Maret`."""
    lang = lang or i18n.get_lang()
    if month is None:
        return text(lang, N_("annual figures (no month)"))
    return text(lang, _RANKING_MONTH[month])


class RankRow(msgspec.Struct, frozen=True, kw_only=True):
    """One ranked region. `tied`: another region has exactly the same value (and rank)."""

    rank: int
    region: str
    region_name: str
    value: Decimal
    tied: bool
    source: str | None


RANK_FIELDS: Final[tuple[str, ...]] = RankRow.__struct_fields__


class Absent(msgspec.Struct, frozen=True, kw_only=True):
    """A region in scope that is not ranked, and why: `no_record` (no record of the indicator
    that year), `no_value` (a record with only a target), `other_period` (values only for other
    months: `months` lists them, null = annual), `breakdown_only` (no total, only breakdowns)."""

    region: str
    region_name: str
    reason: AbsentReason
    months: list[int | None]


class Highlight(msgspec.Struct, frozen=True, kw_only=True):
    """Where a highlighted region stands: `rank` of `of` ranked regions, or null and `reason`
    when it has no value to rank."""

    region: str
    region_name: str
    rank: int | None
    of: int
    tied: bool
    value: Decimal | None
    reason: AbsentReason | None


class Ranking(msgspec.Struct, frozen=True, kw_only=True):
    """The result of `povtrack rank`; `--format json` prints exactly this.

    `order`: worst_first (direction lower), best_first (higher) or highest_first (none: not a
    ranking of performance); rank 1 always has the highest value. `month`: the period ranked,
    null for annual figures. `complete` is always false: the ranking covers only the regions
    in the data file. `ties`: some regions share a rank. `mixed_levels`: the ranked regions
    have different parents (possible only without --parent). `note`: in English, what the
    ranking covers, and about ties, mixed levels, direction none and the period if they apply."""

    data: str
    indicator: str
    indicator_name: str
    unit: str
    decimals: int
    direction: str
    order: Order
    year: int
    month: int | None
    parent: str | None
    parent_name: str | None
    complete: bool
    ties: bool
    mixed_levels: bool
    note: str
    rows: list[RankRow]
    absent: list[Absent]
    highlight: list[Highlight]

    def notes(self, lang: Lang | None = None, names: IndonesianNames = ENGLISH_ONLY) -> list[str]:
        """The note's sentences in a language (default: the current one), for the renderers;
        in Indonesian with the Indonesian names of `names` (see `names_of`)."""
        chosen = lang or i18n.get_lang()
        return [fill(chosen, key, params) for key, params in _notes(self, chosen, names)]

    def indicator_label(
        self, names: IndonesianNames = ENGLISH_ONLY, lang: Lang | None = None
    ) -> str:
        """The indicator's name to show: its Indonesian name in `names` in Indonesian
        (default: the current language), else `indicator_name`."""
        return names.indicator(self.indicator, self.indicator_name, lang)

    def parent_label(
        self, names: IndonesianNames = ENGLISH_ONLY, lang: Lang | None = None
    ) -> str | None:
        if self.parent is None or self.parent_name is None:
            return self.parent_name
        return names.region(self.parent, self.parent_name, lang)

    def to_pandas(self) -> pandas.DataFrame:
        """The ranked rows as a pandas DataFrame, one column per field of `RankRow` (rank,
        region, region_name, value, tied, source); values are the exact `Decimal`s (dtype
        `object`). Regions not ranked are in `absent`. Needs the `pandas` extra."""
        return frames.to_pandas(self.rows, RankRow, RANK_FIELDS)

    def to_polars(self) -> polars.DataFrame:
        """The ranked rows as a polars DataFrame (see `to_pandas`; values are polars'
        exact `Decimal`). Needs the `polars` extra."""
        return frames.to_polars(self.rows, RankRow, RANK_FIELDS)


def names_of(dataset: Dataset, result: Ranking) -> IndonesianNames:
    """The Indonesian names of the indicator and of every region that `result` shows (ranked,
    not ranked, the parent), where the data gives them: for the tables, Markdown and sentences
    with --lang id; never in the JSON."""
    shown = [row.region for row in result.rows] + [a.region for a in result.absent]
    if result.parent is not None:
        shown.append(result.parent)
    return indonesian_names(dataset, [result.indicator], shown)


def ordinal(n: int) -> str:
    """English ordinals: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 102nd, 111th."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _children(dataset: Dataset, parent: str | None) -> list[Region]:
    regions = list(dataset.regions.values())
    if parent is None:
        return regions
    return [reg for reg in regions if reg.parent == parent]


def _scope(dataset: Dataset, parent: str | None) -> Phrase:
    reg = dataset.regions.get(parent) if parent is not None else None
    return Phrase(
        "scope",
        parent=parent,
        name=reg.name if reg else parent,
        name_id=reg.name_id if reg else None,
    )


def _periods(months: Sequence[int | None]) -> Phrase:
    return Phrase("periods", months=tuple(sorted_months(months)))


def build_ranking(
    dataset: Dataset,
    indicator: str,
    year: int,
    *,
    month: int | None = None,
    parent: str | None = None,
    highlight: Sequence[str] = (),
) -> Ranking:
    """Rank the regions (under `parent`, or all) by `indicator` in `year`.

    Raises RankError for an unknown indicator, parent or highlighted region, a month that is
    not 1-12, a year without values, or a year whose values are for several periods when no
    month is given."""
    path = dataset.path
    ind = dataset.indicators.get(indicator)
    if ind is None:
        raise RankError(
            N_("--indicator {indicator!r}: no such indicator in {path} (known: {known})"),
            indicator=indicator,
            path=path,
            known=", ".join(dataset.indicators) or "-",
        )
    parents = {reg.parent for reg in dataset.regions.values() if reg.parent is not None}
    if parent is not None and parent not in parents:
        raise RankError(
            N_(
                "--parent {parent!r}: no region in {path} has this parent (parents "
                "in the file: {known})"
            ),
            parent=parent,
            path=path,
            known=", ".join(sorted(parents)) or "-",
        )
    if month is not None and not 1 <= month <= 12:
        raise RankError(
            N_("--month {month}: not a month; write 1 to 12 (3 for March, 9 for September)"),
            month=month,
        )
    scope = _children(dataset, parent)
    in_scope = {reg.code for reg in scope}
    wanted: list[str] = []
    for code in highlight:
        if code not in dataset.regions:
            raise RankError(
                N_("--highlight {region!r}: no such region in {path} (known: {known})"),
                region=code,
                path=path,
                known=", ".join(dataset.regions) or "-",
            )
        if code not in in_scope:
            raise RankError(
                N_(
                    "--highlight {region!r} ({name}): not under {parent}, so not in "
                    "this ranking; leave out --parent or highlight a region under "
                    "{parent}"
                ),
                region=code,
                name=Phrase(
                    "name",
                    name=dataset.regions[code].name,
                    name_id=dataset.regions[code].name_id,
                ),
                parent=parent,
            )
        if code not in wanted:
            wanted.append(code)

    # Every record of the indicator for a region in scope, by year.
    records: list[Record] = [
        rec for rec in dataset.records if rec.indicator == indicator and rec.region in in_scope
    ]
    valued = [rec for rec in records if rec.value is not None and not rec.breakdown]
    if not valued:
        raise RankError(
            N_("{indicator} has no values {scope} in {path}; nothing to rank"),
            indicator=indicator,
            scope=_scope(dataset, parent),
            path=path,
        )
    this_year = [rec for rec in valued if rec.year == year]
    if not this_year:
        years = sorted({rec.year for rec in valued})
        raise RankError(
            N_("{indicator} has no values for {year} {scope}; years with values: {years}"),
            indicator=indicator,
            year=year,
            scope=_scope(dataset, parent),
            years=", ".join(map(str, years)),
        )
    months = {rec.month for rec in this_year}
    chosen: int | None
    if month is not None:
        chosen = month
        if month not in months:
            raise RankError(
                N_(
                    "{indicator} has no values for {month} {year} {scope}; {year} has "
                    "values for: {periods}"
                ),
                indicator=indicator,
                month=Phrase("periods", months=(month,)),
                scope=_scope(dataset, parent),
                year=year,
                periods=_periods(list(months)),
            )
    elif None in months:
        chosen = None
    elif len(months) == 1:
        chosen = next(iter(months))
    else:
        present = sorted(m for m in months if m is not None)
        raise RankError(
            N_(
                "{indicator} {year} has values for {periods} {scope}, and a "
                "ranking compares one period only: add {options}"
            ),
            indicator=indicator,
            year=year,
            periods=_periods(present),
            scope=_scope(dataset, parent),
            options=Phrase("month_options", months=tuple(present)),
        )

    by_region = {rec.region: rec for rec in this_year if rec.month == chosen}
    order_of = {code: i for i, code in enumerate(dataset.regions)}
    ranked = sorted(by_region.values(), key=lambda r: (-_value(r), order_of[r.region]))
    counts: dict[Decimal, int] = {}
    for rec in ranked:
        counts[_value(rec)] = counts.get(_value(rec), 0) + 1
    rows: list[RankRow] = []
    for i, rec in enumerate(ranked):
        value = _value(rec)
        rank = i + 1 if i == 0 or _value(ranked[i - 1]) != value else rows[-1].rank
        rows.append(
            RankRow(
                rank=rank,
                region=rec.region,
                region_name=dataset.regions[rec.region].name,
                value=value,
                tied=counts[value] > 1,
                source=rec.source,
            )
        )
    year_records: dict[str, list[Record]] = {}
    for rec in records:
        if rec.year == year:
            year_records.setdefault(rec.region, []).append(rec)
    absent = [
        _absent(reg, year_records.get(reg.code, []), chosen)
        for reg in scope
        if reg.code not in by_region
    ]
    row_of = {row.region: row for row in rows}
    absent_of = {a.region: a for a in absent}
    marks: list[Highlight] = []
    for code in wanted:
        row = row_of.get(code)
        marks.append(
            Highlight(
                region=code,
                region_name=dataset.regions[code].name,
                rank=row.rank if row else None,
                of=len(rows),
                tied=row.tied if row else False,
                value=row.value if row else None,
                reason=None if row else absent_of[code].reason,
            )
        )
    parent_name = None
    if parent is not None:
        parent_reg = dataset.regions.get(parent)
        parent_name = parent_reg.name if parent_reg else parent
    result = Ranking(
        data=path,
        indicator=ind.id,
        indicator_name=ind.name,
        unit=ind.unit,
        decimals=ind.decimals,
        direction=ind.direction,
        order=ORDERS[ind.direction],
        year=year,
        month=chosen,
        parent=parent,
        parent_name=parent_name,
        complete=False,
        ties=any(row.tied for row in rows),
        mixed_levels=len({dataset.regions[row.region].parent for row in rows}) > 1,
        note="",
        rows=rows,
        absent=absent,
        highlight=marks,
    )
    note = " ".join(result.notes("en"))
    return msgspec.structs.replace(result, note=note)


def _value(rec: Record) -> Decimal:
    assert rec.value is not None
    return rec.value


def _absent(reg: Region, records: list[Record], chosen: int | None) -> Absent:
    """Why a region in scope has no figure in the ranking (`records`: its records of the
    indicator in the year)."""
    totals = [rec for rec in records if not rec.breakdown]
    other = sorted(
        {rec.month for rec in totals if rec.value is not None and rec.month != chosen},
        key=lambda m: m or 0,
    )
    reason: AbsentReason
    if other:
        reason = "other_period"
    elif any(rec.month == chosen for rec in totals):
        reason = "no_value"
    elif records:
        reason = "breakdown_only"
    else:
        reason = "no_record"
    return Absent(region=reg.code, region_name=reg.name, reason=reason, months=list(other))


def _notes(
    result: Ranking, lang: Lang, names: IndonesianNames
) -> list[tuple[str, dict[str, object]]]:
    notes: list[tuple[str, dict[str, object]]] = []
    count = len(result.rows)
    if result.parent is not None:
        key = (
            N_(
                "This ranking covers only the 1 region under {parent} "
                "({parent_name}) that has a value in the data file, not every "
                "region of {parent_name}."
            )
            if count == 1
            else N_(
                "This ranking covers only the {count} regions under {parent} "
                "({parent_name}) that have a value in the data file, not every "
                "region of {parent_name}."
            )
        )
        parent_name = result.parent_label(names, lang)
        notes.append((key, {"count": count, "parent": result.parent, "parent_name": parent_name}))
    else:
        key = (
            N_(
                "This ranking covers only the 1 region that has a value in the "
                "data file, not every region."
            )
            if count == 1
            else N_(
                "This ranking covers only the {count} regions that have a value in "
                "the data file, not every region."
            )
        )
        notes.append((key, {"count": count}))
    if result.mixed_levels:
        notes.append(
            (
                N_(
                    "The ranked regions belong to different parents (country, "
                    "province, regency side by side): use --parent CODE to compare "
                    "like with like."
                ),
                {},
            )
        )
    if result.ties:
        notes.append((N_("Equal values share a rank (1, 2, 2, 4)."), {}))
    if result.direction == "none":
        indicator = result.indicator_label(names, lang)
        notes.append(
            (
                N_(
                    "{indicator} has direction none: regions are ordered by value, "
                    "highest first; this is not a ranking of performance."
                ),
                {"indicator": indicator},
            )
        )
    others = sorted_months(
        [m for a in result.absent if a.reason == "other_period" for m in a.months]
    )
    if result.month is None and others:
        notes.append(
            (
                N_(
                    "Annual figures (no month) are ranked; the regions that have only "
                    "{periods} figures for {year} are listed as not ranked: rank those "
                    "with {options}."
                ),
                {
                    "year": result.year,
                    "periods": Phrase("periods", months=tuple(others)),
                    "options": Phrase("month_options", months=tuple(others)),
                },
            )
        )
    return notes
