"""`povtrack progress`: will each series reach its next target at the current pace?

The core over a Dataset: which series are assessed, against which target, and the rows of the
result. The arithmetic (growth rates, ratio, status, projection) is `povtrack.core.progress_math`;
this module picks the inputs and rounds the outputs for display.

- A series is (indicator, region, month, breakdown), as in `report`. Series of an indicator
  with direction `none` are never assessed.
- Target: by default the nearest target in a year after the series' latest value (a series
  without any value takes its earliest target, and cannot be assessed). With `target_year`, the
  target of that year, whether or not it lies after the latest value (a past one is
  `cannot_assess`, `target_not_future`); series without a target in that year are left out,
  and if no selected series has one, `UnknownTargetYear` lists the years that exist.
- Base year: `base_year` (the option) for every series; else, when the assessed target's
  record names a plan (`plan`, an id of the data's `plans`), that plan's `base_year` (the plan
  of the assessed target wins when a series' targets belong to different plans); else the
  default rule of `progress_math` (the first year from 2015 on with a value, else the first
  year with a value). Each row says which (`base_year_source`: option, plan, default) and the
  assessed target's `plan`.
- Growth rates are percentages with 2 decimals, the ratio has 2 decimals, the projected value
  the indicator's decimals; all rounded half away from zero from the exact figures.
  `change_per_year`, the average change per year (x_t - x_b) / (t - b) in the indicator's unit
  (percentage points for a percentage), is given beside the growth rate and is not rounded
  (`progress_math.average_change`): the tables, Markdown, sentences and the HTML report round
  it, half away from zero, to the decimals of the figures it comes from.
- `reason`, `projection_note`, the formulas of `steps` and the method's name are English
  whatever the language, like `report`'s reasons: stable text for machines (JSON, CSV);
  `status`, `reason_code` and step labels are identifiers. The structured form of that text
  (progress_math's `Phrase`) and the Indonesian names of the indicators and regions are not
  part of the result: `assess_shown` returns them beside it, as a `ProgressText` lookup that
  the tables, Markdown, sentences and the HTML report use to write them in the chosen language
  (`ProgressText.reason`, `note`, `steps`, `indicator`, `region`; `say`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Final, Literal, cast

import msgspec

from povtrack import i18n
from povtrack.core import frames
from povtrack.core.names import ENGLISH_ONLY, IndonesianNames, indonesian_names
from povtrack.core.progress_math import (
    PHRASES,
    THRESHOLDS,
    Assessment,
    Method,
    Phrase,
    ReasonCode,
    Status,
    StepPhrases,
    assess,
    average_change,
)
from povtrack.core.report import Report, group_series, ordered
from povtrack.model.records import (
    Dataset,
    Filters,
    Indicator,
    Plan,
    Record,
    Region,
    SeriesKey,
    breakdown_key,
    series_key,
)

if TYPE_CHECKING:
    import pandas
    import polars

__all__ = [
    "METHODS",
    "OFF_TRACK",
    "PLAIN_TEXT",
    "ROW_FIELDS",
    "Assessed",
    "BaseYearSource",
    "ExplainStep",
    "MethodThresholds",
    "ProgressResult",
    "ProgressRow",
    "ProgressText",
    "RowPhrases",
    "UnknownTargetYear",
    "assess_dataset",
    "assess_report",
    "assess_shown",
    "base_year_for",
    "english",
    "method_name",
    "say",
    "target_years",
    "value_text",
]

METHODS: Final[tuple[Method, ...]] = ("unsd", "opensdg")
OFF_TRACK: Final[frozenset[Status]] = frozenset(
    {"needs_acceleration", "limited_progress", "deterioration"}
)
"""The statuses that `check --fail-on off-track` fails on."""


def _translate(key: str, params: dict[str, str]) -> str:
    return i18n.t(PHRASES[key], **params)


def value_text(value: Decimal | int | str | None) -> str:
    """How a parameter of a phrase is written for people: a figure in the current language's
    format with its exact digits (`12,03` in Indonesian), a year or a code as it is."""
    if isinstance(value, Decimal):
        return i18n.number(value)
    return str(value)


def say(phrase: Phrase) -> str:
    """A phrase of progress_math for people: in the current language, numbers in its format."""
    return phrase.text(_translate, value_text)


def english(phrase: Phrase) -> str:
    """A phrase of progress_math as the stable English text of JSON and CSV (numbers as their
    exact decimal text)."""
    return phrase.text()


def method_name(method: Method) -> str:
    """`UNSD SDG Progress Chart (2022 technical note)`, in the current language."""
    return say(Phrase(f"method.{method}"))


class RowPhrases(msgspec.Struct, frozen=True):
    """The structured form of a row's English texts (`reason`, `projection_note`, the steps'
    formulas), which `say` writes in the current language."""

    reason: Phrase | None
    note: Phrase | None
    steps: tuple[StepPhrases, ...] | None


class ExplainStep(msgspec.Struct, frozen=True):
    """One line of `--explain`: the label (an identifier), the formula in words and symbols,
    and the unrounded value (a number, a year, a code or a sentence)."""

    label: str
    formula: str
    value: Decimal | int | str | None


class ProgressRow(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One series against one target. The JSON and CSV columns, in this order (`steps` only
    with explain, and never in CSV). What people see of it in the current language is
    `ProgressText`'s."""

    indicator: str
    indicator_name: str
    region: str
    region_name: str
    month: int | None
    breakdown: dict[str, str] | None
    unit: str
    direction: str
    base_year: int | None
    base_value: Decimal | None
    latest_year: int | None
    latest_value: Decimal | None
    target_year: int
    target: Decimal
    target_used: Decimal
    target_replaced: bool
    cagr_actual: Decimal | None
    cagr_required: Decimal | None
    ratio: Decimal | None
    status: Status
    reason_code: ReasonCode | None
    reason: str | None
    projected_value: Decimal | None
    projected_year: int | None
    projection_note: str | None
    change_per_year: Decimal | None
    base_year_source: BaseYearSource
    plan: str | None
    steps: list[ExplainStep] | None = None


ROW_FIELDS: Final[tuple[str, ...]] = tuple(
    name for name in ProgressRow.__struct_fields__ if name != "steps"
)


class MethodThresholds(msgspec.Struct, frozen=True, kw_only=True):
    """The lower bound of each band of the ratio CR (deterioration is below limited_progress)."""

    name: str
    on_track: Decimal
    needs_acceleration: Decimal
    limited_progress: Decimal


class ProgressResult(msgspec.Struct, frozen=True, kw_only=True):
    """The result of `povtrack progress`; `--format json` prints exactly this. `base_year` and
    `target_year` are the options given (null: the default rule); `lang` is the language of
    `reason`, `projection_note`, the step formulas and the method's name: always `en` (the
    tables, Markdown and sentences follow --lang)."""

    method: Method
    data: str
    lang: str
    base_year: int | None
    target_year: int | None
    thresholds: MethodThresholds
    rows: list[ProgressRow]

    def off_track(self) -> list[ProgressRow]:
        """The rows whose status is in OFF_TRACK (what `check --fail-on off-track` fails on)."""
        return [row for row in self.rows if row.status in OFF_TRACK]

    def to_pandas(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame: the columns of the CSV output (`ROW_FIELDS`; the
        steps of explain are not in it), decimals as the exact `Decimal` objects (dtype
        `object`). Needs the `pandas` extra. See `povtrack.core.frames`."""
        return frames.to_pandas(self.rows, ProgressRow, ROW_FIELDS)

    def to_polars(self) -> polars.DataFrame:
        """The rows as a polars DataFrame (see `to_pandas`; decimals are polars' exact
        `Decimal`). Needs the `polars` extra."""
        return frames.to_polars(self.rows, ProgressRow, ROW_FIELDS)


BaseYearSource = Literal["option", "plan", "default"]
"""Where a row's base year comes from: `--base-year` (`option`), the base year of the plan that
set the assessed target (`plan`), or progress_math's default rule (`default`)."""


def base_year_for(
    goal: Record, plans: Mapping[str, Plan], base_year: int | None
) -> tuple[int | None, BaseYearSource]:
    """The base year to assess the target `goal` from, and where it comes from: `base_year`
    (the option, for every series) when given; else the base year of the plan that set this
    target (`goal.plan`, an id of `plans`: the assessed target's plan wins when a series'
    targets belong to different plans); else None, for progress_math's default rule (the first
    year from 2015 on with a value)."""
    if base_year is not None:
        return base_year, "option"
    plan = plans.get(goal.plan) if goal.plan is not None else None
    if plan is not None:
        return plan.base_year, "plan"
    return None, "default"


#: A row's series: indicator, region, month and breakdown (one row per series in a result).
RowKey = tuple[str, str, int | None, tuple[tuple[str, str], ...]]


def row_key(row: ProgressRow) -> RowKey:
    return (row.indicator, row.region, row.month, breakdown_key(row.breakdown))


class ProgressText(msgspec.Struct, frozen=True):
    """What people see of a result's rows besides their fields, in the current language: the
    reasons, notes and step formulas from their structured form (`phrases`, by series), and
    the Indonesian names of indicators and regions (`names`). Without a row's phrases (a
    result decoded from JSON, `PLAIN_TEXT`), its English texts and names are shown."""

    phrases: Mapping[RowKey, RowPhrases]
    names: IndonesianNames = ENGLISH_ONLY

    def _of(self, row: ProgressRow) -> RowPhrases | None:
        return self.phrases.get(row_key(row))

    def reason(self, row: ProgressRow) -> str | None:
        """`reason` in the current language."""
        phrases = self._of(row)
        return say(phrases.reason) if phrases and phrases.reason else row.reason

    def note(self, row: ProgressRow) -> str | None:
        """`projection_note` in the current language."""
        phrases = self._of(row)
        return say(phrases.note) if phrases and phrases.note else row.projection_note

    def steps(self, row: ProgressRow) -> list[ExplainStep] | None:
        """`steps` with their formulas (and the values that are sentences) in the current
        language; the numbers stay Decimals, for the renderer to write."""
        phrases = self._of(row)
        if row.steps is None or phrases is None or phrases.steps is None:
            return row.steps
        return [
            ExplainStep(
                step.label,
                say(said.formula),
                step.value if said.value is None else say(said.value),
            )
            for step, said in zip(row.steps, phrases.steps, strict=True)
        ]

    def indicator(self, row: ProgressRow) -> str:
        """The indicator's name to show: its Indonesian name in Indonesian, when the data gives
        one."""
        return self.names.indicator(row.indicator, row.indicator_name)

    def region(self, row: ProgressRow) -> str:
        """The region's name to show: its Indonesian name in Indonesian, when the data gives
        one."""
        return self.names.region(row.region, row.region_name)


#: No phrases and no Indonesian names: every row shows its English texts and names.
PLAIN_TEXT: Final = ProgressText({})


class Assessed(msgspec.Struct, frozen=True):
    """A result and what people see of it (`assess_shown`): the renderers' input. JSON and
    CSV write `result` alone."""

    result: ProgressResult
    text: ProgressText = PLAIN_TEXT


class UnknownTargetYear(ValueError):
    """`target_year` names a year in which no selected series has a target."""

    def __init__(self, target_year: int, available: list[int]) -> None:
        known = ", ".join(str(year) for year in available) or "none"
        super().__init__(
            f"no selected series has a target in {target_year} (target years: {known})"
        )
        self.target_year = target_year
        self.available = available


class _Series(msgspec.Struct, frozen=True):
    indicator: Indicator
    region: Region
    key: SeriesKey
    records: list[Record]


def _assessable(dataset: Dataset, filters: Filters | None) -> list[_Series]:
    """The selected series whose indicator has a direction, in the file's order."""
    series = group_series(dataset, filters)
    chosen = []
    for key in ordered(dataset, series):
        indicator = dataset.indicators[key[0]]
        if indicator.direction != "none":
            chosen.append(_Series(indicator, dataset.regions[key[1]], key, series[key]))
    return chosen


def target_years(dataset: Dataset, filters: Filters | None = None) -> list[int]:
    """Every year with a target in a selected series that can be assessed, ascending."""
    return sorted(
        {
            rec.year
            for one in _assessable(dataset, filters)
            for rec in one.records
            if rec.target is not None
        }
    )


def _pick_target(records: list[Record], target_year: int | None) -> Record | None:
    """The record of the target to assess against, or None when the series is not listed."""
    with_target = [rec for rec in records if rec.target is not None]
    if target_year is not None:
        return next((rec for rec in with_target if rec.year == target_year), None)
    years = [rec.year for rec in records if rec.value is not None]
    latest = max(years) if years else None
    future = [rec for rec in with_target if latest is None or rec.year > latest]
    return min(future, key=lambda rec: rec.year) if future else None


def _row(
    one: _Series,
    goal: Record,
    method: Method,
    option: int | None,
    explain: bool,
    plans: Mapping[str, Plan],
) -> tuple[ProgressRow, RowPhrases]:
    ind, reg = one.indicator, one.region
    assert goal.target is not None
    assert ind.direction != "none"
    points = [(rec.year, rec.value) for rec in one.records if rec.value is not None]
    base_year, source = base_year_for(goal, plans, option)
    result: Assessment = assess(
        points,
        direction=ind.direction,
        target_year=goal.year,
        target=goal.target,
        method=method,
        base_year=base_year,
        plan=goal.plan if source == "plan" else None,
    )
    rounded = result.rounded(ind.decimals)
    latest_year, latest_value = result.latest_year, result.latest_value
    if latest_year is None and points:  # one value only: still the latest published figure
        latest_year, latest_value = max(points)
    change = None
    if result.cagr_actual is not None:  # beside the compound rate: the same two figures
        assert result.base_year is not None
        assert result.base_value is not None
        assert result.latest_year is not None
        assert result.latest_value is not None
        change = average_change(
            (result.base_year, result.base_value), (result.latest_year, result.latest_value)
        )
    steps = None
    if explain:
        steps = [ExplainStep(step.label, step.formula, step.value) for step in result.steps]
    row = ProgressRow(
        indicator=ind.id,
        indicator_name=ind.name,
        region=reg.code,
        region_name=reg.name,
        month=one.key[2],
        breakdown=dict(one.key[3]) or None,
        unit=ind.unit,
        direction=ind.direction,
        base_year=result.base_year if result.base_year is not None else base_year,
        base_value=result.base_value,
        latest_year=latest_year,
        latest_value=latest_value,
        target_year=goal.year,
        target=goal.target,
        target_used=result.target_used,
        target_replaced=result.target_replaced,
        cagr_actual=cast("Decimal | None", rounded["cagr_actual"]),
        cagr_required=cast("Decimal | None", rounded["cagr_required"]),
        ratio=cast("Decimal | None", rounded["ratio"]),
        status=result.status,
        reason_code=result.reason_code,
        reason=result.reason,
        projected_value=cast("Decimal | None", rounded["projected_value"]),
        projected_year=result.projected_year,
        projection_note=result.projection_note,
        change_per_year=change,
        base_year_source=source,
        plan=goal.plan,
        steps=steps,
    )
    phrases = RowPhrases(
        reason=result.reason_phrase,
        note=result.projection_note_phrase,
        steps=result.step_phrases if explain else None,
    )
    return row, phrases


def assess_dataset(
    dataset: Dataset,
    filters: Filters | None = None,
    *,
    method: Method = "unsd",
    base_year: int | None = None,
    target_year: int | None = None,
    explain: bool = False,
) -> ProgressResult:
    """Assess every selected series against its target (see the module's docstring).

    Only `filters.indicators` and `filters.regions` are used. Raises `UnknownTargetYear` when
    `target_year` is given and no selected series has a target in that year, and ValueError for
    an unknown method. Never raises for data that cannot be assessed: such a row has status
    `cannot_assess`, a `reason_code` and a `reason`.
    """
    return assess_shown(
        dataset,
        filters,
        method=method,
        base_year=base_year,
        target_year=target_year,
        explain=explain,
    ).result


def assess_shown(
    dataset: Dataset,
    filters: Filters | None = None,
    *,
    method: Method = "unsd",
    base_year: int | None = None,
    target_year: int | None = None,
    explain: bool = False,
) -> Assessed:
    """`assess_dataset`'s result and what people see of it (`ProgressText`): the phrases of
    its reasons, notes and steps, and the Indonesian names of its indicators and regions."""
    if method not in THRESHOLDS:
        raise ValueError(f"unknown method {method!r}: expected one of {', '.join(THRESHOLDS)}")
    chosen = _assessable(dataset, filters)
    rows = []
    phrases: dict[RowKey, RowPhrases] = {}
    for one in chosen:
        goal = _pick_target(one.records, target_year)
        if goal is not None:
            row, said = _row(one, goal, method, base_year, explain, dataset.plans)
            rows.append(row)
            phrases[row_key(row)] = said
    if target_year is not None and not rows:
        raise UnknownTargetYear(target_year, target_years(dataset, filters))
    limits = THRESHOLDS[method]
    names = indonesian_names(dataset, {r.indicator for r in rows}, {r.region for r in rows})
    result = ProgressResult(
        method=method,
        data=dataset.path,
        lang="en",
        base_year=base_year,
        target_year=target_year,
        thresholds=MethodThresholds(
            name=english(Phrase(f"method.{method}")),
            on_track=limits.on_track,
            needs_acceleration=limits.needs_acceleration,
            limited_progress=limits.limited_progress,
        ),
        rows=rows,
    )
    return Assessed(result, ProgressText(phrases, names))


def assess_report(report: Report) -> Assessed:
    """`assess_shown` of a report's own rows (the years it shows), for a caller that holds a
    `Report` and no dataset (the command line passes `assess_shown(dataset, filters)`). A
    report's rows do not carry the records' plans: the base year is the default rule's."""
    records = [
        Record(
            indicator=row.indicator,
            region=row.region,
            year=row.year,
            month=row.month,
            breakdown=row.breakdown,
            value=row.value,
            target=row.target,
            source=row.source,
        )
        for row in report.rows
    ]
    series: dict[SeriesKey, list[Record]] = {}
    for record in records:
        series.setdefault(series_key(record), []).append(record)
    dataset = Dataset(
        path=report.data,
        indicators={ind.id: ind for ind in report.indicators},
        regions={reg.code: reg for reg in report.regions},
        records=records,
        series=series,
    )
    return assess_shown(dataset)
