"""`povtrack check`: the CI gate. Is the data valid, and did any result miss its target, move the
wrong way, go stale, or fall off track for a future target?

The gate is a library: `evaluate(dataset, policy, filters)` returns a `CheckResult` (the object
that `--format json` prints); `invalid(report, policy)` is the result for data that does not
validate. Every check runs on every selected series; a finding whose code is in the policy is an
error (the gate fails), any other finding is a warning. Nothing is re-derived here: missed and
regressed read the rows of `report.build_report`, off-track asks `progress_math.assess`.

The checks, per series (indicator x region, and month and breakdown where present):

- missed: the latest row scored against a target (met or missed; with `year`, that year's row)
  missed it.
- regressed: the latest row with a change (with `year`, that year's row) moved the wrong way for
  the indicator's direction; a change of 0 is not a regression, direction none never regresses.
- stale: the latest year with a value is more than `max_age` years before `as_of` (a series with
  targets only has no value at all: stale too). Looks at the whole series, whatever `year`.
- off-track: the nearest target after the latest value will not be reached at the current pace
  (the policy's method, UNSD by default: needs_acceleration, limited_progress, deterioration),
  from the base year `povtrack progress` uses (the policy's `base_year`, else the base year of
  the plan of the assessed target, else the default rule). A target that cannot be
  assessed (too few values, ...) gives a `cannot-assess` warning, never a failure. Looks at the
  whole series, whatever `year`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final, Literal, get_args

import msgspec

from povtrack import i18n
from povtrack.core import frames
from povtrack.core.progress_math import Assessment, Method, Phrase, assess
from povtrack.core.report import ReportRow, build_report, ordered
from povtrack.i18n import t
from povtrack.model.problems import Problem, ValidationReport
from povtrack.model.records import (
    Dataset,
    Filters,
    Indicator,
    Plan,
    Record,
    RecordKey,
    SeriesKey,
    format_breakdown,
    record_key,
)

if TYPE_CHECKING:
    import pandas
    import polars
from povtrack.i18n import N_

_GATE_REGRESSED: Final = {
    "higher": N_(
        "{value} in {year} is worse than {previous} in {previous_year}: "
        "{change}, and higher is better"
    ),
    "lower": N_(
        "{value} in {year} is worse than {previous} in {previous_year}: "
        "{change}, and lower is better"
    ),
}

_GATE_STATUS: Final = {
    "deterioration": N_("deterioration"),
    "limited_progress": N_("limited progress"),
    "needs_acceleration": N_("needs acceleration"),
}

FailOn = Literal["missed", "regressed", "stale", "off-track"]
Code = Literal["missed", "regressed", "stale", "off-track", "cannot-assess"]
Severity = Literal["error", "warning"]

#: What --fail-on accepts, in the order findings are listed within a series.
FAIL_ON: Final[tuple[FailOn, ...]] = get_args(FailOn)
#: Every finding code; `cannot-assess` is always a warning.
CODES: Final[tuple[Code, ...]] = get_args(Code)
DEFAULT_FAIL_ON: Final[tuple[FailOn, ...]] = ("missed",)
DEFAULT_MAX_AGE: Final = 2
#: The thresholds off-track grades with (progress_math's default, the UN SDG Progress Chart).
OFF_TRACK_METHOD: Final[Method] = "unsd"
#: The thresholds' short name in a finding's message.
_THRESHOLDS_SHORT: Final[dict[Method, str]] = {"unsd": "UNSD", "opensdg": "Open SDG"}
OFF_TRACK_STATUSES: Final = frozenset({"needs_acceleration", "limited_progress", "deterioration"})


class Policy(msgspec.Struct, frozen=True, kw_only=True):
    """What fails the gate, and the clock that `stale` reads."""

    as_of: int
    fail_on: tuple[FailOn, ...] = DEFAULT_FAIL_ON
    max_age: int = DEFAULT_MAX_AGE
    year: int | None = None
    #: off-track: the thresholds, and the base year for every series (None: the base year of
    #: the plan of the assessed target, else the default rule), as `povtrack progress`
    method: Method = OFF_TRACK_METHOD
    base_year: int | None = None


class Finding(msgspec.Struct, frozen=True, kw_only=True):
    """One thing the gate found, pointed at the record concerned (line/column of its `{`)."""

    code: Code
    severity: Severity
    indicator: str
    region: str
    month: int | None
    breakdown: dict[str, str] | None
    series: str
    year: int | None
    message: str
    file: str
    line: int | None
    column: int | None


FINDING_FIELDS: Final[tuple[str, ...]] = Finding.__struct_fields__


class FindingCounts(msgspec.Struct, frozen=True):
    errors: int
    warnings: int


class CheckResult(msgspec.Struct, frozen=True, kw_only=True):
    """The result of `povtrack check`; `--format json` prints exactly this.

    `valid` is False when the data does not validate: `problems` then holds the validation
    problems (as `povtrack validate` reports them) and there are no findings. `counts` counts the
    findings, plus the problems of invalid data."""

    passed: bool
    valid: bool
    policy: list[FailOn]
    as_of: int
    max_age: int
    year: int | None
    method: Method
    base_year: int | None
    data: str
    problems: list[Problem]
    findings: list[Finding]
    counts: FindingCounts

    def to_pandas(self) -> pandas.DataFrame:
        """The findings as a pandas DataFrame, one column per field of `Finding` (as in the
        JSON). Invalid data has no findings: read `problems`. Needs the `pandas` extra."""
        return frames.to_pandas(self.findings, Finding, FINDING_FIELDS)

    def to_polars(self) -> polars.DataFrame:
        """The findings as a polars DataFrame (see `to_pandas`). Needs the `polars` extra."""
        return frames.to_polars(self.findings, Finding, FINDING_FIELDS)


def parse_fail_on(text: str) -> tuple[FailOn, ...]:
    """`missed,stale` -> ("missed", "stale") in canonical order; `none` -> (). ValueError with a
    message for people when a name is unknown."""
    known = ", ".join(FAIL_ON)
    names = [name.strip().lower() for name in text.split(",")]
    if names == ["none"]:
        return ()
    if not any(names):
        raise ValueError(t("--fail-on: give a comma list of {known}, or none", known=known))
    chosen: set[str] = set()
    for name in names:
        if name not in FAIL_ON:
            close = difflib.get_close_matches(name, [*FAIL_ON, "none"], n=1, cutoff=0.6)
            if close:
                raise ValueError(
                    t(
                        "--fail-on: unknown check {name!r}; did you mean {match!r}? Choose "
                        "from {known}, or none",
                        name=name,
                        match=close[0],
                        known=known,
                    )
                )
            raise ValueError(
                t(
                    "--fail-on: unknown check {name!r}; choose from {known}, or none",
                    name=name,
                    known=known,
                )
            )
        chosen.add(name)
    return tuple(code for code in FAIL_ON if code in chosen)


def series_name(indicator: str, region: str, month: int | None, breakdown: object) -> str:
    """`p0 / 3524`, `p0 / 0000 / month=3`, `p0 / 35 / month=9 / area=urban`: stable, in no
    language."""
    parts = [indicator, region]
    if month is not None:
        parts.append(f"month={month}")
    if isinstance(breakdown, dict) and breakdown:
        parts.append(format_breakdown(breakdown))
    return " / ".join(parts)


# --- The checks: each looks at one series' report rows and returns a draft finding or None ---


class _Draft(msgspec.Struct, frozen=True):
    code: Code
    row: ReportRow  # the row whose record the finding points at
    year: int | None
    message: str


def say(phrase: Phrase) -> str:
    """A sentence of progress_math (why a target cannot be assessed) in the current language."""
    from povtrack.core.progress import say

    return say(phrase)


def _missed(rows: Sequence[ReportRow], year: int | None) -> _Draft | None:
    if year is None:
        scored = [row for row in rows if row.status in ("met", "missed")]
        row = scored[-1] if scored else None
    else:
        row = next((row for row in rows if row.year == year), None)
    if row is None or row.status != "missed":
        return None
    assert row.value is not None
    assert row.target is not None
    assert row.margin is not None
    message = t(
        "{value} in {year} misses the target of {target} by {gap}",
        value=i18n.amount(row.value, row.unit),
        year=row.year,
        target=i18n.amount(row.target, row.unit),
        gap=i18n.difference(-row.margin, row.unit),
    )
    return _Draft("missed", row, row.year, message)


def _regressed(rows: Sequence[ReportRow], year: int | None, direction: str) -> _Draft | None:
    if direction not in ("lower", "higher"):
        return None
    if year is None:
        changed = [row for row in rows if row.change is not None]
        row = changed[-1] if changed else None
    else:
        row = next((row for row in rows if row.year == year), None)
    if row is None or row.change is None:
        return None
    assert row.value is not None
    assert row.previous_value is not None
    exact = row.value - row.previous_value
    worse = exact > 0 if direction == "lower" else exact < 0
    if not worse:
        return None
    sign = "+" if row.change > 0 else "-"
    message = t(
        _GATE_REGRESSED[direction],
        value=i18n.amount(row.value, row.unit),
        year=row.year,
        previous=i18n.amount(row.previous_value, row.unit),
        previous_year=row.previous_year,
        change=sign + i18n.difference(abs(row.change), row.unit),
    )
    return _Draft("regressed", row, row.year, message)


def _stale(rows: Sequence[ReportRow], as_of: int, max_age: int) -> _Draft | None:
    valued = [row for row in rows if row.value is not None]
    if not valued:
        return _Draft("stale", rows[-1], None, t("no value in any year, only targets"))
    row = valued[-1]
    age = as_of - row.year
    if age <= max_age:
        return None
    message = t(
        "the latest value is from {year}, {age} years before {as_of}; at "
        "most {max_age} allowed (--max-age)",
        year=row.year,
        age=age,
        as_of=as_of,
        max_age=max_age,
    )
    return _Draft("stale", row, row.year, message)


def off_track_assessment(
    rows: Sequence[ReportRow],
    ind: Indicator,
    *,
    method: Method = OFF_TRACK_METHOD,
    base_year: int | None = None,
    records: Sequence[Record] = (),
    plans: Mapping[str, Plan] | None = None,
) -> tuple[ReportRow, Assessment] | None:
    """The nearest target after the latest value, assessed at the current pace; None when the
    series has no such target (or no direction). The one place that asks progress_math. The
    base year is chosen as `povtrack progress` chooses it (`core.progress.base_year_for`):
    `base_year` when given, else the base year of the plan of the assessed target's record
    (found in the series' `records`), else the default rule."""
    from povtrack.core.progress import base_year_for

    if ind.direction not in ("lower", "higher"):
        return None
    points = [(row.year, row.value) for row in rows if row.value is not None]
    latest = points[-1][0] if points else None
    target_row = next(
        (row for row in rows if row.target is not None and (latest is None or row.year > latest)),
        None,
    )
    if target_row is None:
        return None
    assert target_row.target is not None
    goal = next((rec for rec in records if rec.year == target_row.year), None)
    chosen, source = (
        base_year_for(goal, plans or {}, base_year)
        if goal is not None
        else (base_year, "option" if base_year is not None else "default")
    )
    result = assess(
        points,
        direction=ind.direction,
        target_year=target_row.year,
        target=target_row.target,
        method=method,
        base_year=chosen,
        plan=goal.plan if goal is not None and source == "plan" else None,
    )
    return target_row, result


def _off_track(
    rows: Sequence[ReportRow],
    ind: Indicator,
    policy: Policy,
    records: Sequence[Record],
    plans: Mapping[str, Plan],
) -> _Draft | None:
    found = off_track_assessment(
        rows, ind, method=policy.method, base_year=policy.base_year, records=records, plans=plans
    )
    if found is None:
        return None
    row, result = found
    assert row.target is not None
    target = i18n.amount(row.target, row.unit)
    if result.status == "cannot_assess":
        reason = result.reason if result.reason_phrase is None else say(result.reason_phrase)
        message = t(
            "cannot assess progress towards the target of {target} for {target_year}: {reason}",
            target=target,
            target_year=row.year,
            reason=reason,
        )
        return _Draft("cannot-assess", row, row.year, message)
    if result.status not in OFF_TRACK_STATUSES:
        return None
    shown = result.rounded(ind.decimals)
    ratio = shown["ratio"]
    projected = shown["projected_value"]
    assert isinstance(ratio, Decimal)
    assert isinstance(projected, Decimal)
    message = t(
        "at the current pace the target of {target} for {target_year} will "
        "not be reached: {status} (CR = {ratio} over "
        "{base_year}–{latest_year}, {thresholds} thresholds; projected {projected} "
        "in {target_year})",
        target=target,
        target_year=row.year,
        status=t(_GATE_STATUS[result.status]),
        ratio=i18n.number(ratio),
        base_year=result.base_year,
        latest_year=result.latest_year,
        thresholds=_THRESHOLDS_SHORT[policy.method],
        projected=i18n.amount(projected, row.unit),
    )
    return _Draft("off-track", row, row.year, message)


# --- The result ----------------------------------------------------------------------------

#: Line and column (1-based) of JSON paths such as `records[12]` in the data file.
Locate = Callable[[list[str]], Mapping[str, tuple[int, int]]]


def locator(data: bytes) -> Locate:
    """The `locate` of `evaluate` for a file whose bytes are `data` (the bytes that were read
    and validated, so no second read of the file, which may have changed meanwhile). The fast
    loader keeps no positions: `evaluate` calls this only when there are findings to point at,
    and only the records they are in are parsed again with positions (`io.loader.Elements`,
    as validate does), else the whole file (a path outside the arrays' elements).

    Measured, `povtrack check` of 100k records with 2,600 findings: 3.9 s and 403 MB when the
    whole file was parsed with positions."""

    def locate(paths: list[str]) -> dict[str, tuple[int, int]]:
        from povtrack.io.loader import Elements

        places = Elements(data).places(paths)
        if places is not None:
            return dict(zip(paths, places, strict=True))
        from povtrack.io import jsonloc
        from povtrack.io.structure import locate as position

        root = jsonloc.parse_bytes(data)
        return {path: position(root, path) for path in paths}

    return locate


def _row_key(row: ReportRow) -> RecordKey:
    return (
        row.indicator,
        row.region,
        row.year,
        row.month,
        tuple(sorted((row.breakdown or {}).items())),
    )


def _series_of(row: ReportRow) -> SeriesKey:
    return (row.indicator, row.region, row.month, tuple(sorted((row.breakdown or {}).items())))


def _counts(severities: Iterable[str]) -> FindingCounts:
    listed = list(severities)
    return FindingCounts(errors=listed.count("error"), warnings=listed.count("warning"))


def evaluate(
    dataset: Dataset,
    policy: Policy,
    filters: Filters | None = None,
    *,
    locate: Locate | None = None,
) -> CheckResult:
    """Run every check on every selected series of valid data. Reads no file: `locate` gives
    the line and column of `records[i]` paths (`locator(data)` for the bytes read); it is
    called once, and only when there are findings. Without it (a Dataset keeps no positions),
    every finding's `line` and `column` are null."""
    rows_of: dict[SeriesKey, list[ReportRow]] = {}
    for row in build_report(dataset, filters).rows:
        rows_of.setdefault(_series_of(row), []).append(row)
    drafts: list[_Draft] = []
    for key in ordered(dataset, rows_of):
        rows = rows_of[key]
        ind = dataset.indicators[key[0]]
        for draft in (
            _missed(rows, policy.year),
            _regressed(rows, policy.year, ind.direction),
            _stale(rows, policy.as_of, policy.max_age),
            _off_track(rows, ind, policy, dataset.series.get(key, ()), dataset.plans),
        ):
            if draft is not None:
                drafts.append(draft)
    places: dict[str, tuple[int, int]] = {}
    index: dict[RecordKey, int] = {}
    if drafts:
        index = {record_key(rec): i for i, rec in enumerate(dataset.records)}
        if locate is not None:
            places = dict(locate([f"records[{index[_row_key(d.row)]}]" for d in drafts]))
    findings = []
    for draft in drafts:
        row = draft.row
        line_col = places.get(f"records[{index[_row_key(row)]}]")
        findings.append(
            Finding(
                code=draft.code,
                severity="error" if draft.code in policy.fail_on else "warning",
                indicator=row.indicator,
                region=row.region,
                month=row.month,
                breakdown=row.breakdown,
                series=series_name(row.indicator, row.region, row.month, row.breakdown),
                year=draft.year,
                message=draft.message,
                file=dataset.path,
                line=line_col[0] if line_col else None,
                column=line_col[1] if line_col else None,
            )
        )
    counts = _counts(f.severity for f in findings)
    return CheckResult(
        passed=counts.errors == 0,
        valid=True,
        policy=list(policy.fail_on),
        as_of=policy.as_of,
        max_age=policy.max_age,
        year=policy.year,
        method=policy.method,
        base_year=policy.base_year,
        data=dataset.path,
        problems=[],
        findings=findings,
        counts=counts,
    )


def invalid(report: ValidationReport, policy: Policy) -> CheckResult:
    """The result for data that does not validate: it fails, whatever the policy."""
    return CheckResult(
        passed=False,
        valid=False,
        policy=list(policy.fail_on),
        as_of=policy.as_of,
        max_age=policy.max_age,
        year=policy.year,
        method=policy.method,
        base_year=policy.base_year,
        data=report.file,
        problems=list(report.problems),
        findings=[],
        counts=_counts(p.severity for p in report.problems),
    )


def has_year(dataset: Dataset, filters: Filters | None, year: int) -> bool:
    """Whether any selected series has a record in `year` (else --year checks nothing)."""
    keep = filters.series if filters else None
    return any(rec.year == year and (keep is None or keep(rec)) for rec in dataset.records)
