"""`povtrack report`: change from year to year and the margin against each target.

Everything is computed in exact decimal arithmetic from the published figures; each result is
rounded once, half away from zero: changes and margins to the indicator's decimals, percentages
to 2 decimals. The formulas are in README "How figures are computed".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final, Literal

import msgspec

from povtrack.core import frames
from povtrack.model.numbers import HUNDRED
from povtrack.model.records import Dataset, Filters, Indicator, Record, Region, SeriesKey

if TYPE_CHECKING:
    import pandas
    import polars

Formula = Literal["linear", "ratio"]
Band = Literal["exceeds", "very_good", "good", "fair", "poor", "very_poor"]
Status = Literal["met", "missed", "no_target", "no_value", "not_scored"]
FORMULAS: Final[tuple[Formula, ...]] = ("linear", "ratio")
STATUSES: Final[tuple[Status, ...]] = ("met", "missed", "no_target", "no_value", "not_scored")
BANDS: Final[tuple[Band, ...]] = ("exceeds", "very_good", "good", "fair", "poor", "very_poor")
PCT: Final = 2

REASON_NO_EARLIER: Final = "no earlier year"
REASON_PREVIOUS_ZERO: Final = "previous value is 0"
REASON_TARGET_ZERO: Final = "target is 0"
REASON_VALUE_ZERO: Final = "value is 0"
REASON_NOT_SCORED: Final = "direction none: never scored"
REASON_NO_VALUE: Final = "no value for this year"
#: Every reason the core gives, in the order they are joined (`; `) in one row's `reason`.
#: Machine formats print them as they are; the human formats translate them.
REASONS: Final = (
    REASON_NO_EARLIER,
    REASON_PREVIOUS_ZERO,
    REASON_TARGET_ZERO,
    REASON_VALUE_ZERO,
    REASON_NOT_SCORED,
    REASON_NO_VALUE,
)


class ReportRow(msgspec.Struct, frozen=True, gc=False):
    """One year of one series. The JSON and CSV columns, in this order.

    Untracked by the cycle collector (`gc=False`, like model.Record): a row holds only strings,
    numbers and a breakdown dict of strings, so it can never be part of a cycle, and a report of
    millions of rows would otherwise make every collection walk all of them."""

    indicator: str
    indicator_name: str
    region: str
    region_name: str
    year: int
    month: int | None
    breakdown: dict[str, str] | None
    unit: str
    value: Decimal | None
    previous_year: int | None
    previous_value: Decimal | None
    change: Decimal | None
    change_pct: Decimal | None
    target: Decimal | None
    margin: Decimal | None
    margin_pct: Decimal | None
    achievement_pct: Decimal | None
    status: Status
    reason: str | None
    source: str | None


ROW_FIELDS: Final[tuple[str, ...]] = ReportRow.__struct_fields__


class BandedRow(ReportRow, frozen=True):
    """A row with its achievement band (`--bands`): the columns of ROW_FIELDS, then `band`."""

    band: Band | None


BANDED_FIELDS: Final[tuple[str, ...]] = BandedRow.__struct_fields__

#: Lower bounds (exclusive) of the bands, highest first: (band, achievement above this).
_BAND_FLOORS: Final[tuple[tuple[Band, Decimal], ...]] = (
    ("exceeds", Decimal(100)),
    ("very_good", Decimal(90)),
    ("good", Decimal(75)),
    ("fair", Decimal(65)),
    ("poor", Decimal(50)),
)


def band(achievement_pct: Decimal | None) -> Band | None:
    """The achievement band of East Java performance reports (reference "target-methods"):
    91–100 very good (Sangat Baik), 76–90 good (Baik), 66–75 fair (Cukup), 51–65 poor (Kurang),
    ≤ 50 very poor (Sangat Kurang), and above 100 exceeds the target (Melampaui target).

    The published bands are whole numbers; achievements have decimals, so each band runs from
    just above the lower band's top: > 90 and ≤ 100 is very good (90.5 too), > 75 and ≤ 90
    good, > 65 and ≤ 75 fair, > 50 and ≤ 65 poor, ≤ 50 very poor (negative ones too), > 100
    exceeds. It is decided on the achievement as shown (rounded to 2 decimals), so the band
    always agrees with the printed figure. None when there is no achievement."""
    if achievement_pct is None:
        return None
    for name, floor in _BAND_FLOORS:
        if achievement_pct > floor:
            return name
    return "very_poor"


class Report(msgspec.Struct, frozen=True, kw_only=True):
    """The result of `povtrack report`; `--format json` prints exactly this. `data` is the file
    read; `indicators` and `regions` are those in the rows (their direction and decimals explain
    the rows; their Indonesian names are shown with --lang id)."""

    achievement_formula: Formula
    data: str
    indicators: list[Indicator]
    regions: list[Region]
    rows: list[ReportRow]

    def direction(self, indicator: str) -> str:
        for ind in self.indicators:
            if ind.id == indicator:
                return ind.direction
        return "none"

    def indicator(self, indicator: str) -> Indicator | None:
        for ind in self.indicators:
            if ind.id == indicator:
                return ind
        return None

    def region(self, code: str) -> Region | None:
        for reg in self.regions:
            if reg.code == code:
                return reg
        return None

    def _columns(self) -> tuple[type[ReportRow], tuple[str, ...]]:
        banded = isinstance(self, BandedReport)
        return (BandedRow, BANDED_FIELDS) if banded else (ReportRow, ROW_FIELDS)

    def to_pandas(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame: the columns of the CSV output (`ROW_FIELDS`, and
        `band` with bands), decimals as the exact `Decimal` objects (dtype `object`), years as
        `Int64`. Needs the `pandas` extra. See `povtrack.core.frames`.

        >>> import povtrack
        >>> df = povtrack.report(indicator="p0", region="3524").to_pandas()
        >>> df.loc[df.year == 2023, ["value", "change"]].iloc[0].tolist()
        [Decimal('12.42'), Decimal('-0.11')]
        """
        return frames.to_pandas(self.rows, *self._columns())

    def to_polars(self) -> polars.DataFrame:
        """The rows as a polars DataFrame: the columns of the CSV output, decimals as polars'
        exact `Decimal` dtype (scale: the most decimals in the column). Needs the `polars`
        extra. See `povtrack.core.frames`."""
        return frames.to_polars(self.rows, *self._columns())


class BandedReport(Report, frozen=True, kw_only=True):
    """A report built with `bands=True`: the same JSON, and every row is a BandedRow."""


def margin(value: Decimal, target: Decimal, direction: str) -> Decimal:
    """Positive when the value beats the target."""
    return target - value if direction == "lower" else value - target


def achievement(
    value: Decimal, target: Decimal, direction: str, formula: Formula
) -> tuple[Decimal | None, str | None]:
    """Achievement in percent (unrounded), or None and the reason it is undefined.

    linear: higher R/T×100, lower (2T−R)/T×100. ratio: higher R/T×100, lower T/R×100.
    """
    if target.is_zero():
        return None, REASON_TARGET_ZERO
    if direction == "higher":
        return value / target * HUNDRED, None
    if formula == "linear":
        return (2 * target - value) / target * HUNDRED, None
    if value.is_zero():
        return None, REASON_VALUE_ZERO
    return target / value * HUNDRED, None


_PCT_QUANTUM: Final = Decimal("0.01")


def _series_rows(
    records: Sequence[Record],
    ind: Indicator,
    reg: Region,
    formula: Formula,
    year_ok: Callable[[int], bool] | None,
    rows: list[ReportRow],
) -> None:
    """Append the rows of one series (its records sorted by year) to `rows`, unrolled for
    speed, since this runs once per record of files with millions of them. A plain per-record
    version of the same formulas is `reference_row` in tests/test_report.py, and a hypothesis
    test keeps the two equal digit for digit.

    What makes it fast, and why it is still exact:
    - A change or margin is the difference of two figures with at most `decimals` places
      (validated), so it is exact and has the exponent of the finer operand: it needs no
      rounding, only a quantize to pad it to `decimals` places when neither operand had them
      all (`same_quantum`). A zero difference of equal figures is +0, never -0.
    - Rounding passes the rounding mode positionally (a keyword costs a second call per row),
      and a rounded zero loses its sign as in `_round`.
    - Percentages use the same operations in the same order as `reference_row` (one division
      in the current context, then ×100, rounded once), so they are the same Decimals.
    """
    quantum = Decimal(1).scaleb(-ind.decimals)
    pq = _PCT_QUANTUM
    up = ROUND_HALF_UP
    hundred = HUNDRED
    direction = ind.direction
    scored = direction != "none"
    lower = direction == "lower"
    linear = formula == "linear"
    ind_id, ind_name, unit = ind.id, ind.name, ind.unit
    code, name = reg.code, reg.name
    append = rows.append
    make = ReportRow
    prev_year: int | None = None
    prev_value: Decimal | None = None
    for rec in records:
        value = rec.value
        year = rec.year
        if year_ok is not None and not year_ok(year):
            if value is not None:
                prev_year, prev_value = year, value
            continue
        target = rec.target
        change = change_pct = margin_ = margin_pct = achieved = None
        reason: str | None = None
        if value is None:
            row_prev_year = row_prev_value = None
        else:
            row_prev_year, row_prev_value = prev_year, prev_value
            if prev_value is None:
                reason = REASON_NO_EARLIER
            else:
                exact = value - prev_value
                change = exact if exact.same_quantum(quantum) else _round(exact, quantum)
                if prev_value:
                    change_pct = (exact / prev_value * hundred).quantize(pq, up)
                    if not change_pct:
                        change_pct = abs(change_pct)
                else:
                    reason = REASON_PREVIOUS_ZERO
            prev_year, prev_value = year, value
        status: Status
        if not scored:
            status = "not_scored"
            reason = REASON_NOT_SCORED if reason is None else f"{reason}; {REASON_NOT_SCORED}"
        elif value is None:
            status = "no_value"
            reason = REASON_NO_VALUE if reason is None else f"{reason}; {REASON_NO_VALUE}"
        elif target is None:
            status = "no_target"
        else:
            exact_margin = target - value if lower else value - target
            margin_ = (
                exact_margin
                if exact_margin.same_quantum(quantum)
                else _round(exact_margin, quantum)
            )
            status = "met" if exact_margin >= 0 else "missed"
            if target:
                margin_pct = (exact_margin / target * hundred).quantize(pq, up)
                if not margin_pct:
                    margin_pct = abs(margin_pct)
                if not lower:
                    pct = value / target * hundred
                elif linear:
                    pct = (2 * target - value) / target * hundred
                elif value:
                    pct = target / value * hundred
                else:
                    pct = None
                    reason = _join(reason, REASON_VALUE_ZERO)
                if pct is not None:
                    achieved = pct.quantize(pq, up)
                    if not achieved:
                        achieved = abs(achieved)
            else:
                reason = _join(reason, REASON_TARGET_ZERO)
        append(
            make(
                ind_id,
                ind_name,
                code,
                name,
                year,
                rec.month,
                rec.breakdown,
                unit,
                value,
                row_prev_year,
                row_prev_value,
                change,
                change_pct,
                target,
                margin_,
                margin_pct,
                achieved,
                status,
                reason,
                rec.source,
            )
        )


def _round(number: Decimal, quantum: Decimal) -> Decimal:
    """Half away from zero; a rounded zero has no sign."""
    result = number.quantize(quantum, rounding=ROUND_HALF_UP)
    return result if result else abs(result)


def _join(first: str | None, second: str | None) -> str | None:
    if first is None:
        return second
    return first if second is None else f"{first}; {second}"


def group_series(dataset: Dataset, filters: Filters | None = None) -> dict[SeriesKey, list[Record]]:
    """Records by series (indicator, region, month, breakdown), each list sorted by year."""
    if filters is None or (not filters.indicators and not filters.regions):
        return dataset.series
    inds, regs = filters.indicators, filters.regions
    return {
        key: records
        for key, records in dataset.series.items()
        if (not inds or key[0] in inds) and (not regs or key[1] in regs)
    }


SeriesOrder = tuple[int, int, int, tuple[tuple[str, str], ...]]


def series_order(dataset: Dataset) -> Callable[[SeriesKey], SeriesOrder]:
    """The sort key of the report's series order: the file's order of regions, then of
    indicators, then month and breakdown. Different series have different keys."""
    ind_order = {ind_id: i for i, ind_id in enumerate(dataset.indicators)}
    reg_order = {code: i for i, code in enumerate(dataset.regions)}

    def key(k: SeriesKey) -> SeriesOrder:
        return (reg_order[k[1]], ind_order[k[0]], k[2] or 0, k[3])

    return key


def ordered(dataset: Dataset, keys: Iterable[SeriesKey]) -> list[SeriesKey]:
    """Series in the order of the file's regions and indicators, then month and breakdown."""
    return sorted(keys, key=series_order(dataset))


def build_report(
    dataset: Dataset,
    filters: Filters | None = None,
    formula: Formula = "linear",
    *,
    bands: bool = False,
) -> Report:
    """One row per year of every selected series; the change compares with the latest earlier
    year that has a value, whether or not that year is inside --from/--to. With `bands`, each
    row also has its achievement band (a BandedReport of BandedRows)."""
    rows: list[ReportRow] = []
    series = group_series(dataset, filters)
    year_ok = None  # no call per row when no --from/--to was given
    if filters is not None and (filters.year_from, filters.year_to) != (None, None):
        year_ok = filters.year
    used: set[str] = set()
    places: set[str] = set()
    for key in ordered(dataset, series):
        ind = dataset.indicators[key[0]]
        reg = dataset.regions[key[1]]
        before = len(rows)
        _series_rows(series[key], ind, reg, formula, year_ok, rows)
        if len(rows) > before:
            used.add(ind.id)
            places.add(reg.code)
    indicators = [ind for ind in dataset.indicators.values() if ind.id in used]
    regions = [reg for reg in dataset.regions.values() if reg.code in places]
    if bands:
        asdict = msgspec.structs.asdict
        banded: list[ReportRow] = [
            BandedRow(**asdict(row), band=band(row.achievement_pct)) for row in rows
        ]
        return BandedReport(
            achievement_formula=formula,
            data=dataset.path,
            indicators=indicators,
            regions=regions,
            rows=banded,
        )
    return Report(
        achievement_formula=formula,
        data=dataset.path,
        indicators=indicators,
        regions=regions,
        rows=rows,
    )


#: Rows in one part of report_parts (whole series: a part may have a few more).
PART_ROWS: Final = 20_000


def report_parts(
    dataset: Dataset,
    filters: Filters | None = None,
    formula: Formula = "linear",
    *,
    bands: bool = False,
    part_rows: int = PART_ROWS,
) -> Iterator[Report]:
    """The report of build_report in consecutive parts of whole series (at least one part,
    empty when no row is chosen): for a renderer that writes rows as they come (CSV), so that
    the rows of a file of millions of records are never all in memory at once. Each part's
    `indicators` and `regions` are those of its own rows."""
    series = group_series(dataset, filters)
    part: dict[SeriesKey, list[Record]] = {}
    size = 0
    first = True
    for key in ordered(dataset, series):
        records = part[key] = series[key]
        size += len(records)
        if size >= part_rows:
            yield build_report(
                msgspec.structs.replace(dataset, series=part), filters, formula, bands=bands
            )
            part, size, first = {}, 0, False
    if part or first:
        yield build_report(
            msgspec.structs.replace(dataset, series=part), filters, formula, bands=bands
        )


def latest_scored(rows: Sequence[ReportRow]) -> list[ReportRow]:
    """For each series, its latest row that was scored against a target (met or missed)."""
    latest: dict[tuple[object, ...], ReportRow] = {}
    for row in rows:
        if row.status in ("met", "missed"):
            key = (
                row.indicator,
                row.region,
                row.month,
                tuple(sorted((row.breakdown or {}).items())),
            )
            latest[key] = row
    return list(latest.values())


class Index:
    """A report's indicators and regions by id and code, built once by a renderer that looks
    up many (`Report.indicator()` and `region()` scan their lists: one call per row of a page of
    20k regions made it quadratic)."""

    __slots__ = ("indicators", "regions")

    def __init__(self, report: Report) -> None:
        self.indicators: dict[str, Indicator] = {ind.id: ind for ind in report.indicators}
        self.regions: dict[str, Region] = {reg.code: reg for reg in report.regions}

    def indicator(self, indicator: str) -> Indicator | None:
        return self.indicators.get(indicator)

    def region(self, code: str) -> Region | None:
        return self.regions.get(code)

    def direction(self, indicator: str) -> str:
        found = self.indicators.get(indicator)
        return found.direction if found is not None else "none"
