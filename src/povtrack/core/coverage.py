"""`povtrack coverage`: which figures a data file has, region by region and year by year.

For each indicator, and each month of a sub-annual one (March and September figures are two
series, so two matrices; annual figures, without a month, are one), a matrix of regions × years
whose cells say what the data holds for the total (no breakdown):

- `value`: a published figure (with or without a target);
- `target_only`: a target and no figure;
- `gap`: no figure, and the data says why (`Dataset.gaps`: `reason` is `not_published`,
  `not_found` or `methodology_break`);
- `missing`: no figure, and no gap recorded.

A matrix exists when the selection (indicators, regions, years, month) holds a record or a
recorded gap of its indicator and month. Its rows are the regions asked for (`--region`, and
the regions under `--parent`), in the file's order, or, without either, every region with a
record or a recorded gap in it. Its columns are every year from the first to the last that has
a figure or a recorded gap in the matrix (those that have a target, when none has either); a
given `--from` or `--to` is the first or last column instead. A target beyond the last figure
(a plan's 2045 target) is therefore no column of its own: coverage is about figures.

Counts: per year (how many of the regions have a figure, a target only, a gap, nothing), per
region (how many of the years), per matrix, and in total. Records of breakdowns are not in the
matrices: `breakdown_records` says how many the selection holds.

The result (and its JSON) names regions and indicators in English, as the data does; their
Indonesian names are a separate lookup (`names_of`, `core.names.Shown`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal, get_args

import msgspec

from povtrack import i18n
from povtrack.core.names import ENGLISH_ONLY, IndonesianNames, indonesian_names
from povtrack.i18n import N_
from povtrack.model.records import Dataset, Filters, GapReason

Status = Literal["value", "target_only", "gap", "missing"]
#: The cell statuses, in the order of the legend.
STATUSES: Final[tuple[Status, ...]] = get_args(Status)


class CoverageError(ValueError):
    """A usage error (exit 2): `key` is an i18n message (English, marked N_), `params` fill
    it in."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key.format(**params))

    def message(self) -> str:
        """The message in the current language."""
        return i18n.t(self.key, **self.params)


class Cell(msgspec.Struct, frozen=True, kw_only=True):
    """What the data holds for one region and year: `reason` is the recorded gap's (null for
    every other status)."""

    year: int
    status: Status
    reason: GapReason | None = None


class Counts(msgspec.Struct, frozen=True, kw_only=True):
    """How many cells, and of them how many of each status (they add up to `cells`)."""

    cells: int = 0
    values: int = 0
    target_only: int = 0
    gaps: int = 0
    missing: int = 0


def count(cells: Iterable[Cell]) -> Counts:
    tally = dict.fromkeys(STATUSES, 0)
    for cell in cells:
        tally[cell.status] += 1
    return Counts(
        cells=sum(tally.values()),
        values=tally["value"],
        target_only=tally["target_only"],
        gaps=tally["gap"],
        missing=tally["missing"],
    )


def add(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for c in counts:
        total = Counts(
            cells=total.cells + c.cells,
            values=total.values + c.values,
            target_only=total.target_only + c.target_only,
            gaps=total.gaps + c.gaps,
            missing=total.missing + c.missing,
        )
    return total


class Row(msgspec.Struct, frozen=True, kw_only=True):
    """One region: a cell per year of the matrix, and their counts."""

    region: str
    cells: list[Cell]
    counts: Counts


class Column(msgspec.Struct, frozen=True, kw_only=True):
    """One year: the counts of its cells (one per region)."""

    year: int
    counts: Counts


class Matrix(msgspec.Struct, frozen=True, kw_only=True):
    """One indicator and month (null: the annual figures): regions × years."""

    indicator: str
    month: int | None
    years: list[int]
    rows: list[Row]
    columns: list[Column]
    counts: Counts


class Coverage(msgspec.Struct, frozen=True, kw_only=True):
    """The result of `povtrack coverage`; `--format json` prints exactly this. `parent`: the
    `--parent` asked for (null: none); `counts`: of every matrix together; `breakdown_records`:
    the records of breakdowns in the selection, which no matrix shows; `region_names`: the name
    of every region in a matrix, `indicator_names` likewise."""

    data: str
    parent: str | None
    matrices: list[Matrix]
    counts: Counts
    breakdown_records: int
    region_names: dict[str, str]
    indicator_names: dict[str, str]

    def region_label(
        self, code: str, names: IndonesianNames = ENGLISH_ONLY, lang: i18n.Lang | None = None
    ) -> str:
        """The name to show of the region `code` (its Indonesian name with --lang id)."""
        return names.region(code, self.region_names.get(code, code), lang)

    def indicator_label(
        self, indicator: str, names: IndonesianNames = ENGLISH_ONLY, lang: i18n.Lang | None = None
    ) -> str:
        return names.indicator(indicator, self.indicator_names.get(indicator, indicator), lang)


def names_of(dataset: Dataset, result: Coverage) -> IndonesianNames:
    """The Indonesian names of the regions and indicators that `result` names, where the data
    gives them: for the tables and Markdown with --lang id; never in the JSON."""
    return indonesian_names(dataset, result.indicator_names, result.region_names)


#: What one (indicator, month) holds: per (region, year), the status and the gap's reason.
_Found = dict[tuple[str, int], tuple[Status, GapReason | None]]


def _asked_regions(dataset: Dataset, filters: Filters, parent: str | None) -> list[str] | None:
    """The rows asked for, in the file's order (None: every region with data)."""
    if not filters.regions and parent is None:
        return None
    asked = set(filters.regions)
    return [
        code
        for code, reg in dataset.regions.items()
        if code in asked or (parent is not None and reg.parent == parent)
    ]


def build_coverage(
    dataset: Dataset,
    filters: Filters | None = None,
    *,
    parent: str | None = None,
    month: int | None = None,
) -> Coverage:
    """The coverage matrices of the selection: `filters` (indicators, regions, years), the
    regions under `parent` (added to `filters.regions`), only the figures of `month` (3, 9)
    when given.

    Raises CoverageError for a `parent` that no region has or a month that is not 1-12."""
    filters = filters or Filters()
    if parent is not None:
        parents = {reg.parent for reg in dataset.regions.values() if reg.parent is not None}
        if parent not in parents:
            raise CoverageError(
                N_(
                    "--parent {parent!r}: no region in {path} has this parent (parents "
                    "in the file: {known})"
                ),
                parent=parent,
                path=dataset.path,
                known=", ".join(sorted(parents)) or "-",
            )
    if month is not None and not 1 <= month <= 12:
        raise CoverageError(
            N_("--month {month}: not a month; write 1 to 12 (3 for March, 9 for September)"),
            month=month,
        )
    asked = _asked_regions(dataset, filters, parent)
    in_rows = None if asked is None else set(asked)

    chosen = frozenset(filters.indicators) or None
    first, last = filters.year_from, filters.year_to

    def wanted(indicator: str, region: str, year: int, rec_month: int | None) -> bool:
        """Within the selection (written out: this runs once per record)."""
        return (
            (chosen is None or indicator in chosen)
            and (in_rows is None or region in in_rows)
            and (first is None or year >= first)
            and (last is None or year <= last)
            and (month is None or rec_month == month)
        )

    found: dict[tuple[str, int | None], _Found] = {}
    breakdowns = 0
    for rec in dataset.records:
        if not wanted(rec.indicator, rec.region, rec.year, rec.month):
            continue
        if rec.breakdown:
            breakdowns += 1
            continue
        cells = found.get((rec.indicator, rec.month))
        if cells is None:
            cells = found[(rec.indicator, rec.month)] = {}
        if rec.value is not None:
            cells[(rec.region, rec.year)] = ("value", None)
        elif rec.target is not None:
            cells.setdefault((rec.region, rec.year), ("target_only", None))
    for gap in dataset.gaps:
        # a gap of an undefined indicator or region is an error of `validate`, never a matrix
        undefined = gap.indicator not in dataset.indicators or gap.region not in dataset.regions
        if gap.breakdown or undefined:
            continue
        for year in gap.years:
            if not wanted(gap.indicator, gap.region, year, gap.month):
                continue
            cells = found.setdefault((gap.indicator, gap.month), {})
            # a figure wins over a gap recorded for the same year (validate warns of it)
            if cells.get((gap.region, year), ("missing", None))[0] != "value":
                cells[(gap.region, year)] = ("gap", gap.reason)

    ind_order = {ind: i for i, ind in enumerate(dataset.indicators)}
    keys = sorted(found, key=lambda k: (ind_order[k[0]], -1 if k[1] is None else k[1]))
    reg_order = {code: i for i, code in enumerate(dataset.regions)}
    matrices = [
        _matrix(indicator, mon, found[(indicator, mon)], asked, reg_order, filters)
        for indicator, mon in keys
    ]
    regions = {row.region for m in matrices for row in m.rows}
    indicators = {m.indicator for m in matrices}
    return Coverage(
        data=dataset.path,
        parent=parent,
        matrices=matrices,
        counts=add(m.counts for m in matrices),
        breakdown_records=breakdowns,
        region_names={code: reg.name for code, reg in dataset.regions.items() if code in regions},
        indicator_names={
            ind_id: ind.name for ind_id, ind in dataset.indicators.items() if ind_id in indicators
        },
    )


def _matrix(
    indicator: str,
    month: int | None,
    found: _Found,
    asked: list[str] | None,
    reg_order: dict[str, int],
    filters: Filters,
) -> Matrix:
    figures = {year for (_, year), (status, _) in found.items() if status != "target_only"}
    span = figures or {year for _, year in found}
    first = filters.year_from if filters.year_from is not None else min(span)
    last = filters.year_to if filters.year_to is not None else max(span)
    years = list(range(first, last + 1))
    codes = asked if asked is not None else sorted({r for r, _ in found}, key=reg_order.__getitem__)
    # one Cell object per year and status, shared by the rows (they are frozen)
    shared: dict[tuple[int, Status, GapReason | None], Cell] = {}
    missing: tuple[Status, GapReason | None] = ("missing", None)
    rows = []
    for code in codes:
        cells = []
        for year in years:
            status, reason = found.get((code, year), missing)
            cell = shared.get((year, status, reason))
            if cell is None:
                cell = shared[(year, status, reason)] = Cell(
                    year=year, status=status, reason=reason
                )
            cells.append(cell)
        rows.append(Row(region=code, cells=cells, counts=count(cells)))
    columns = [
        Column(year=year, counts=count(row.cells[i] for row in rows))
        for i, year in enumerate(years)
    ]
    return Matrix(
        indicator=indicator,
        month=month,
        years=years,
        rows=rows,
        columns=columns,
        counts=add(row.counts for row in rows),
    )
