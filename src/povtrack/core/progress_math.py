"""Progress towards a future target: will it be reached in time at the current pace?

The method of the UN Statistics Division's SDG Progress Chart and of Open SDG (Statistics
Canada); see section 4 of the target-methods reference. On a series with base year b (value x_b),
latest year t (value x_t) and a target x* for year T*:

    CAGR_a = (x_t / x_b)^(1 / (t - b)) - 1          actual compound annual growth rate
    CAGR_r = (x* / x_b)^(1 / (T* - b)) - 1          growth rate required to reach x* in T*
    CR     = CAGR_a / CAGR_r                        graded with the thresholds of the method

If the latest value already meets the target the status is ``achieved`` and no ratio is graded.

Everything is computed in ``decimal.Decimal`` inside a private context of ``PRECISION`` significant
digits (the caller's context is neither used nor changed); results are unrounded, and
``Assessment.rounded()`` gives the figures rounded half away from zero for display.

Rules this module states (each is pinned by a test):

- Base year: a given ``base_year`` must have a value; by default the first year from 2015 on with a
  value, else the first year with a value. Values before the base year are ignored; the years
  between base and latest only take part in the sign check.
- ``achieved`` compares the latest value with the published target (<= for lower-is-better, >= for
  higher-is-better) and is decided before the growth formulas, so a series at 0 against a target of
  0 is achieved even though no growth rate can be computed from a zero base.
- A target of 0 is replaced by 0.001 (with the sign of the base value) in the growth formula and in
  the projection (Open SDG's rule); ``target_replaced`` and ``target_used`` say so.
- A zero base value is ``zero_value`` (Open SDG would silently use 0.001 there; a zero base is a
  data problem to report, not to patch). A latest value of 0 is allowed: CAGR_a is then -100 %.
- If the target equals the base value, CAGR_r is 0 and CR is undefined: ``no_required_change``.
- If the base value already met the target but the latest does not, CAGR_r points the wrong way
  and the plain quotient would call a worsening series "on track". The ratio then uses Open SDG's
  sign-corrected form CR = s * d * CAGR_a / |CAGR_r| (d = +1 higher-is-better, -1 lower-is-better,
  s = sign of the base value), which equals CAGR_a / CAGR_r whenever the required change is in the
  desired direction, i.e. in every ordinary case.
- Projection: x_t * (1 + CAGR_a)^(Y - t). ``projected_year`` is the first year Y > t whose
  projection meets the target used, searched up to ``PROJECTION_HORIZON_YEARS`` after t (or up to
  T* if that is later); it is found in closed form with logarithms and then checked and moved by
  evaluating the projection at the neighbouring integer years; a projection within
  ``PROJECTION_TOLERANCE`` (relative) of the target counts as meeting it. Ratio and projection are
  given for the four graded statuses only.

Text: ``reason``, ``projection_note`` and each step's ``formula`` are English, filled in from the
templates in ``PHRASES``; the same text is kept in structured form (``Phrase``: a template key and
its parameters) in ``reason_phrase``, ``projection_note_phrase`` and ``step_phrases``, so that a
front end can write it in another language. Step labels are identifiers (``STEP_LABELS``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_CEILING,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Final, Literal, NamedTuple, TypeAlias

import msgspec

from povtrack.i18n import N_

__all__ = [
    "DEFAULT_BASE_FROM",
    "PHRASES",
    "PRECISION",
    "PROJECTION_HORIZON_YEARS",
    "PROJECTION_TOLERANCE",
    "STEP_LABELS",
    "THRESHOLDS",
    "ZERO_TARGET_SUBSTITUTE",
    "AssessedDirection",
    "Assessment",
    "Method",
    "Phrase",
    "PhraseParam",
    "ReasonCode",
    "Status",
    "Step",
    "StepPhrases",
    "StepValue",
    "Thresholds",
    "assess",
    "average_change",
    "classify",
]

Method = Literal["unsd", "opensdg"]
AssessedDirection = Literal["lower", "higher"]
Status = Literal[
    "achieved",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "deterioration",
    "cannot_assess",
]
ReasonCode = Literal[
    "too_few_points",
    "duplicate_year",
    "non_finite_value",
    "base_after_latest",
    "base_year_without_value",
    "target_not_future",
    "zero_value",
    "mixed_signs",
    "no_required_change",
]

PRECISION: Final = 40
"""Significant digits of every intermediate (the brief asks for at least 28)."""
DEFAULT_BASE_FROM: Final = 2015
"""The default base year is the first year from this one on that has a value."""
ZERO_TARGET_SUBSTITUTE: Final = Decimal("0.001")
"""Open SDG: a target of 0 is replaced by 0.001 in the growth formula."""
PROJECTION_HORIZON_YEARS: Final = 100
"""``projected_year`` is searched up to this many years after the latest year, or up to the target
year if that is later (so an on-track series always gets a year)."""
PROJECTION_TOLERANCE: Final = Decimal("1e-32")
"""A projection within this relative distance of the target meets it.

(x_t / x_b)^(1 / (t - b)) is rounded to ``PRECISION`` digits, so a series that reaches its target
exactly in an integer year in exact arithmetic (e.g. 100 -> 72.9 in six years, target 59.049 four
years later) can miss it by about 1e-40 and be put one year late. The tolerance absorbs that
rounding error (k multiplications of 1e-40 each) and is far below any published precision.
"""


class Thresholds(msgspec.Struct, frozen=True):
    """Lower bounds of the graded bands of one method; the ratio is compared unrounded."""

    name: str
    on_track: Decimal
    needs_acceleration: Decimal
    limited_progress: Decimal

    def bands(self) -> tuple[tuple[Status, str, Decimal | None], ...]:
        """Each graded status with its condition as text and its lower bound, best first."""
        return (
            ("on_track", f"CR >= {self.on_track}", self.on_track),
            (
                "needs_acceleration",
                f"{self.needs_acceleration} <= CR < {self.on_track}",
                self.needs_acceleration,
            ),
            (
                "limited_progress",
                f"{self.limited_progress} <= CR < {self.needs_acceleration}",
                self.limited_progress,
            ),
            ("deterioration", f"CR < {self.limited_progress}", None),
        )

    def band_phrases(self) -> dict[Status, Phrase]:
        """The condition of each graded status as a :class:`Phrase` (same text as ``bands``)."""
        return {
            "on_track": _phrase("band.at_least", low=self.on_track),
            "needs_acceleration": _phrase(
                "band.between", low=self.needs_acceleration, high=self.on_track
            ),
            "limited_progress": _phrase(
                "band.between", low=self.limited_progress, high=self.needs_acceleration
            ),
            "deterioration": _phrase("band.below", high=self.limited_progress),
        }


THRESHOLDS: Final[dict[Method, Thresholds]] = {
    "unsd": Thresholds(
        name="UNSD SDG Progress Chart (2022 technical note)",
        on_track=Decimal("0.95"),
        needs_acceleration=Decimal("0.5"),
        limited_progress=Decimal("-0.1"),
    ),
    "opensdg": Thresholds(
        name="Open SDG / Statistics Canada",
        on_track=Decimal("0.95"),
        needs_acceleration=Decimal("0.6"),
        limited_progress=Decimal("0"),
    ),
}

_GRADED: Final[frozenset[Status]] = frozenset(
    {"on_track", "needs_acceleration", "limited_progress", "deterioration"}
)


def _thresholds(method: str) -> Thresholds:
    for key, value in THRESHOLDS.items():
        if key == method:
            return value
    raise ValueError(f"unknown method {method!r}: expected one of {', '.join(THRESHOLDS)}")


def classify(ratio: Decimal, method: Method) -> Status:
    """Grade the unrounded ratio CR = CAGR_a / CAGR_r with the thresholds of ``method``.

    Each band includes its lower bound: under UNSD 0.95 is on_track, 0.5 needs_acceleration, -0.1
    limited_progress; under Open SDG 0.6 is needs_acceleration and 0 limited_progress.
    """
    thresholds = _thresholds(method)
    if ratio.is_nan():
        raise ValueError("the ratio is NaN: it cannot be classified")
    if ratio >= thresholds.on_track:
        return "on_track"
    if ratio >= thresholds.needs_acceleration:
        return "needs_acceleration"
    if ratio >= thresholds.limited_progress:
        return "limited_progress"
    return "deterioration"


def average_change(base: tuple[int, Decimal], latest: tuple[int, Decimal]) -> Decimal:
    """(x_t - x_b) / (t - b): the average change per year from the base year to the latest, in
    the indicator's unit (percentage points for a percentage), beside the compound rate CAGR_a.

    Computed in this module's context: exact whenever the quotient has at most ``PRECISION``
    significant digits (-2.13 / 3 is exactly -0.71; -0.40 / 5 is -0.08, keeping the figures'
    scale), else rounded to ``PRECISION`` digits; never a negative zero. Raises ValueError
    unless t > b."""
    (b, x_b), (t, x_t) = base, latest
    if t <= b:
        raise ValueError(f"the latest year {t} must be after the base year {b}")
    with localcontext(_context()):
        return _unsigned_zero((x_t - x_b) / Decimal(t - b))


StepValue = Decimal | int | str | None


class Step(NamedTuple):
    """One line of ``--explain``: what it is, how it is computed, and the unrounded value."""

    label: str
    formula: str
    value: StepValue


STEP_LABELS: Final[tuple[str, ...]] = (
    "method",
    "threshold on_track",
    "threshold needs_acceleration",
    "threshold limited_progress",
    "threshold deterioration",
    "direction",
    "base year b",
    "base value x_b",
    "latest year t",
    "latest value x_t",
    "target year T*",
    "target x*",
    "target used x*",
    "target met?",
    "growth rates",
    "x_t / x_b",
    "1 / (t - b)",
    "CAGR_a",
    "x* / x_b",
    "1 / (T* - b)",
    "CAGR_r",
    "CR",
    "status",
    "1 + CAGR_a",
    "projected value in T*",
    "projected year",
)
"""Every label a step can have, in the order in which steps appear (a step label is an
identifier: it is the same in every language; a front end may translate it for display)."""

PhraseParam: TypeAlias = "Decimal | int | str | Phrase | None"

PHRASES: Final[dict[str, str]] = {
    # Reasons for cannot_assess.
    "reason.non_finite_value": N_("the value for {year} is {value}: values must be finite numbers"),
    "reason.non_finite_target": N_("the target is {target}: it must be a finite number"),
    "reason.duplicate_year": N_(
        "{year} appears more than once in the series ({first} and {second})"
    ),
    "reason.too_few_points_none": (
        N_("at least two years with a value are needed; the series has none")
    ),
    "reason.too_few_points_one": (
        N_("at least two years with a value are needed; the series has only {year}")
    ),
    "reason.base_after_latest": (
        N_("the base year {base_year} is after the latest year with a value ({latest_year})")
    ),
    "reason.base_year_without_value": (
        N_("the base year {base_year} has no value; years with a value: {years}")
    ),
    "reason.plan_base_year_without_value": (
        N_(
            "the base year {base_year} of plan {plan} has no value; years with a value: "
            "{years} (give --base-year YEAR, or the figure of {base_year})"
        )
    ),
    "reason.base_is_latest": (
        N_(
            "the base year {base_year} is also the latest year with a value: "
            "two years with a value from the base year on are needed (give an "
            "earlier base year)"
        )
    ),
    "reason.target_not_future": (
        N_(
            "the target year {target_year} is not after the latest year with a "
            "value ({latest_year}): compare the latest value with the target "
            "instead of projecting"
        )
    ),
    "reason.zero_value": (
        N_("the base value in {base_year} is {base_value}: x_t / x_b and x* / x_b are undefined")
    ),
    "reason.mixed_signs_value": (
        N_(
            "the value in {year} ({value}) and the base value in {base_year} "
            "({base_value}) have different signs: the growth model needs all "
            "values of one sign"
        )
    ),
    "reason.mixed_signs_target": (
        N_(
            "the target {target} and the base value in {base_year} "
            "({base_value}) have different signs: the growth model needs all "
            "values of one sign"
        )
    ),
    "reason.no_required_change": (
        N_(
            "the target {target} equals the base value in {base_year}, so the "
            "required growth rate is 0 and CR = CAGR_a / CAGR_r is undefined; "
            "the latest value {latest_value} ({latest_year}) does not meet the "
            "target"
        )
    ),
    # Why there is no projected year.
    "note.already_met": N_("the target is already met in {latest_year}"),
    "note.latest_zero": (
        N_("never meets the target at the current pace: the latest value is 0 and stays 0")
    ),
    "note.unchanged": (
        N_(
            "never meets the target at the current pace: the value has not "
            "changed since the base year"
        )
    ),
    "note.moving_away": (
        N_("never meets the target at the current pace: the value is moving away from the target")
    ),
    "note.beyond_horizon": (
        N_(
            "the projection does not meet the target within {horizon} years of "
            "{latest_year} at the current pace"
        )
    ),
    # Methods and the bands of the ratio.
    "method.unsd": N_("UNSD SDG Progress Chart (2022 technical note)"),
    "method.opensdg": N_("Open SDG / Statistics Canada"),
    "band.at_least": N_("CR >= {low}"),
    "band.between": N_("{low} <= CR < {high}"),
    "band.below": N_("CR < {high}"),
    # Formulas of the steps.
    "formula.direction_lower": N_("lower is better"),
    "formula.direction_higher": N_("higher is better"),
    "formula.given": N_("given"),
    "formula.base_plan": N_("base year of plan {plan} (plans[].base_year)"),
    "formula.base_default": N_("first year from {from_year} on with a value"),
    "formula.base_fallback": N_("first year with a value (none from {from_year} on)"),
    "formula.value_in": N_("value in {year}"),
    "formula.last_year": N_("last year with a value"),
    "formula.zero_target": N_(
        "a target of 0 is replaced by {used} in the growth formula (Open SDG)"
    ),
    "formula.target_met": N_("x_t {compare} x*: {latest_value} {compare} {target}"),
    "formula.not_computed": N_("not computed: {reason}"),
    "formula.achieved": N_("the latest value {latest_value} meets the target {target}"),
    "formula.quotient": N_("{numerator} / {denominator}"),
    "formula.inverse_span": N_("1 / ({end} - {start})"),
    "formula.cagr_actual": (
        N_("(x_t / x_b)^(1 / (t - b)) - 1 = ({latest_value} / {base_value})^(1 / {span}) - 1")
    ),
    "formula.cagr_required": (
        N_("(x* / x_b)^(1 / (T* - b)) - 1 = ({target} / {base_value})^(1 / {span}) - 1")
    ),
    "formula.ratio": N_("CAGR_a / CAGR_r"),
    "formula.ratio_corrected_lower": (
        N_(
            "the base value already met the target, so CAGR_r points away from "
            "the desired direction; sign-corrected as in Open SDG: CR = s * d "
            "* CAGR_a / |CAGR_r| with s * d = {sign} (s = sign of x_b, d = -1 "
            "lower is better)"
        )
    ),
    "formula.ratio_corrected_higher": (
        N_(
            "the base value already met the target, so CAGR_r points away from "
            "the desired direction; sign-corrected as in Open SDG: CR = s * d "
            "* CAGR_a / |CAGR_r| with s * d = {sign} (s = sign of x_b, d = +1 "
            "higher is better)"
        )
    ),
    "formula.status": N_("{condition} ({method})"),
    "formula.cannot_assess": N_("cannot assess ({code}): {reason}"),
    "formula.factor": N_("yearly factor at the actual pace"),
    "formula.projected_value": (
        N_("x_t * (1 + CAGR_a)^(T* - t) = {latest_value} * (1 + CAGR_a)^{years}")
    ),
    "formula.projected_year": (
        N_("first Y > {latest_year} with x_t * (1 + CAGR_a)^(Y - t) {compare} x* = {target}")
    ),
}
"""English templates of every sentence and formula this module writes. ``reason``,
``projection_note`` and each step's ``formula`` are these templates filled in; the structured
:class:`Phrase` beside them lets a front end write the same text in another language."""


class Phrase(NamedTuple):
    """A sentence or formula as a key of :data:`PHRASES` and its parameters."""

    key: str
    params: tuple[tuple[str, PhraseParam], ...] = ()

    def text(
        self,
        translate: Callable[[str, dict[str, str]], str] | None = None,
        value_text: Callable[[Decimal | int | str | None], str] = str,
    ) -> str:
        """The English text, or ``translate(key, params as text)`` (nested phrases included).

        ``value_text`` writes each parameter that is not a phrase (a number in the language's
        format, for instance); by default ``str``, as the English text is written."""
        args = {
            name: value.text(translate, value_text)
            if isinstance(value, Phrase)
            else value_text(value)
            for name, value in self.params
        }
        if translate is None:
            return PHRASES[self.key].format(**args)
        return translate(self.key, args)


class StepPhrases(NamedTuple):
    """The structured form of one step's formula, and of its value when that is a sentence."""

    formula: Phrase
    value: Phrase | None = None


def _phrase(key: str, /, **params: PhraseParam) -> Phrase:
    if key not in PHRASES:  # pragma: no cover - a programming error
        raise KeyError(key)
    return Phrase(key, tuple(params.items()))


def _round_half_up(value: Decimal, places: int) -> Decimal:
    """Round half away from zero to ``places`` decimals; never returns a negative zero."""
    digits = max(PRECISION, value.adjusted() + places + 3)
    with localcontext(_context(digits)):
        result = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return abs(result) if result.is_zero() else result


@dataclass(frozen=True, slots=True)
class Assessment:
    """The result of :func:`assess`: unrounded Decimals, the status, and the steps to redo it.

    ``ratio``, ``projected_value`` and ``projected_year`` are set only for the four graded
    statuses; ``cagr_actual``/``cagr_required`` also when the target is already achieved (if they
    can be computed) and for ``no_required_change``. ``reason_code``/``reason`` are set exactly when
    the status is ``cannot_assess``. ``projection_note`` says why ``projected_year`` is None.
    ``reason_phrase``, ``projection_note_phrase`` and ``step_phrases`` (one per step) hold the same
    text in structured form; they take no part in ``==``.
    """

    method: Method
    thresholds: Thresholds
    direction: AssessedDirection
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
    steps: tuple[Step, ...]
    # The structured form of reason, projection_note and each step's formula (for translation);
    # left out of ==, which compares the figures and their English text.
    reason_phrase: Phrase | None = field(default=None, compare=False)
    projection_note_phrase: Phrase | None = field(default=None, compare=False)
    step_phrases: tuple[StepPhrases, ...] = field(default=(), compare=False)

    def rounded(self, decimals: int) -> dict[str, object]:
        """Display figures, rounded half away from zero.

        ``cagr_actual``/``cagr_required`` as percentages with 2 decimals (Decimal("-3.48") for
        -0.0348...), ``ratio`` with 2 decimals, ``projected_value`` with ``decimals`` (the
        indicator's decimals). None stays None; a rounded zero is never negative.
        """
        if decimals < 0:
            raise ValueError(f"decimals must be >= 0, got {decimals}")

        def pct(value: Decimal | None) -> Decimal | None:
            return None if value is None else _round_half_up(value.scaleb(2), 2)

        return {
            "cagr_actual": pct(self.cagr_actual),
            "cagr_required": pct(self.cagr_required),
            "ratio": None if self.ratio is None else _round_half_up(self.ratio, 2),
            "projected_value": (
                None
                if self.projected_value is None
                else _round_half_up(self.projected_value, decimals)
            ),
        }


def _context(prec: int = PRECISION) -> Context:
    """A fresh context, independent of the caller's: wide exponents, the usual traps."""
    return Context(
        prec=prec,
        rounding=ROUND_HALF_EVEN,
        Emax=MAX_EMAX,
        Emin=MIN_EMIN,
        traps=[InvalidOperation, DivisionByZero, Overflow],
    )


def _unsigned_zero(value: Decimal) -> Decimal:
    """0 for any zero (-0, 0E+40): a zero rate or ratio has no sign and no scale."""
    return Decimal(0) if value.is_zero() else value


def _sign(value: Decimal) -> int:
    return 0 if value.is_zero() else (-1 if value.is_signed() else 1)


class _Builder:
    """Collects the fields of an Assessment while ``assess`` works through the rules."""

    def __init__(
        self, method: Method, direction: AssessedDirection, target_year: int, target: Decimal
    ) -> None:
        self.method: Method = method
        self.thresholds = _thresholds(method)
        self.direction: AssessedDirection = direction
        self.target_year = target_year
        self.target = target
        self.target_used = target
        self.target_replaced = False
        self.base_year: int | None = None
        self.base_value: Decimal | None = None
        self.latest_year: int | None = None
        self.latest_value: Decimal | None = None
        self.cagr_actual: Decimal | None = None
        self.cagr_required: Decimal | None = None
        self.ratio: Decimal | None = None
        self.projected_value: Decimal | None = None
        self.projected_year: int | None = None
        self.projection_note: Phrase | None = None
        self.steps: list[Step] = []
        self.phrases: list[StepPhrases] = []
        self.step("method", _phrase(f"method.{method}"), method)
        bands = self.thresholds.band_phrases()
        for band, _, bound in self.thresholds.bands():
            self.step(f"threshold {band}", bands[band], bound)
        self.step("direction", _phrase(f"formula.direction_{direction}"), direction)

    def step(
        self, label: str, formula: Phrase, value: StepValue, value_phrase: Phrase | None = None
    ) -> None:
        self.steps.append(Step(label, formula.text(), value))
        self.phrases.append(StepPhrases(formula, value_phrase))

    def note(self, note: Phrase) -> None:
        self.projection_note = note

    def build(
        self, status: Status, reason_code: ReasonCode | None = None, reason: Phrase | None = None
    ) -> Assessment:
        if status == "cannot_assess":
            assert reason is not None
            self.step(
                "status", _phrase("formula.cannot_assess", code=reason_code, reason=reason), status
            )
        note = self.projection_note
        return Assessment(
            method=self.method,
            thresholds=self.thresholds,
            direction=self.direction,
            base_year=self.base_year,
            base_value=self.base_value,
            latest_year=self.latest_year,
            latest_value=self.latest_value,
            target_year=self.target_year,
            target=self.target,
            target_used=self.target_used,
            target_replaced=self.target_replaced,
            cagr_actual=self.cagr_actual,
            cagr_required=self.cagr_required,
            ratio=self.ratio,
            status=status,
            reason_code=reason_code,
            reason=None if reason is None else reason.text(),
            projected_value=self.projected_value,
            projected_year=self.projected_year,
            projection_note=None if note is None else note.text(),
            steps=tuple(self.steps),
            reason_phrase=reason,
            projection_note_phrase=note,
            step_phrases=tuple(self.phrases),
        )

    def cannot(self, code: ReasonCode, reason: Phrase) -> Assessment:
        return self.build("cannot_assess", code, reason)


def assess(
    points: Sequence[tuple[int, Decimal]],
    *,
    direction: AssessedDirection,
    target_year: int,
    target: Decimal,
    method: Method = "unsd",
    base_year: int | None = None,
    plan: str | None = None,
) -> Assessment:
    """Assess progress of one series towards one future target.

    ``plan`` names the plan whose base year ``base_year`` is (only for the text of the step and
    of the reason: the arithmetic is the same as for a given base year).

    ``points`` are the observed (year, value) pairs in any order. Problems with the data are not
    raised but returned as ``status="cannot_assess"`` with a ``reason_code`` and an English
    ``reason``; only an unknown ``direction`` or ``method`` (a programming error) raises ValueError.
    """
    if direction not in ("lower", "higher"):
        raise ValueError(f"direction must be 'lower' or 'higher', got {direction!r}")
    _thresholds(method)
    with localcontext(_context()):
        return _assess(points, direction, target_year, target, method, base_year, plan)


def _assess(
    points: Sequence[tuple[int, Decimal]],
    direction: AssessedDirection,
    target_year: int,
    target: Decimal,
    method: Method,
    base_year: int | None,
    plan: str | None = None,
) -> Assessment:
    out = _Builder(method, direction, target_year, target)
    lower = direction == "lower"

    # 1. Well-formed input: finite numbers, one value per year.
    for year, value in points:
        if not value.is_finite():
            return out.cannot(
                "non_finite_value", _phrase("reason.non_finite_value", year=year, value=value)
            )
    if not target.is_finite():
        return out.cannot("non_finite_value", _phrase("reason.non_finite_target", target=target))
    series: dict[int, Decimal] = {}
    for year, value in points:
        if year in series:
            return out.cannot(
                "duplicate_year",
                _phrase("reason.duplicate_year", year=year, first=series[year], second=value),
            )
        series[year] = value
    years = sorted(series)

    # 2. At least two points; latest and base years.
    if len(years) < 2:
        return out.cannot(
            "too_few_points",
            _phrase("reason.too_few_points_one", year=years[0])
            if years
            else _phrase("reason.too_few_points_none"),
        )
    t = years[-1]
    x_t = series[t]
    out.latest_year, out.latest_value = t, x_t
    if base_year is None:
        recent = [year for year in years if year >= DEFAULT_BASE_FROM]
        if recent:
            b = recent[0]
            rule = _phrase("formula.base_default", from_year=DEFAULT_BASE_FROM)
        else:
            b = years[0]
            rule = _phrase("formula.base_fallback", from_year=DEFAULT_BASE_FROM)
    else:
        b = base_year
        rule = _phrase("formula.given") if plan is None else _phrase("formula.base_plan", plan=plan)
        if b > t:
            return out.cannot(
                "base_after_latest",
                _phrase("reason.base_after_latest", base_year=b, latest_year=t),
            )
        if b not in series:
            listed = ", ".join(str(year) for year in years)
            return out.cannot(
                "base_year_without_value",
                _phrase("reason.base_year_without_value", base_year=b, years=listed)
                if plan is None
                else _phrase(
                    "reason.plan_base_year_without_value", base_year=b, plan=plan, years=listed
                ),
            )
    x_b = series[b]
    out.base_year, out.base_value = b, x_b
    out.step("base year b", rule, b)
    out.step("base value x_b", _phrase("formula.value_in", year=b), x_b)
    out.step("latest year t", _phrase("formula.last_year"), t)
    out.step("latest value x_t", _phrase("formula.value_in", year=t), x_t)
    out.step("target year T*", _phrase("formula.given"), target_year)
    out.step("target x*", _phrase("formula.given"), target)
    if b == t:
        return out.cannot("too_few_points", _phrase("reason.base_is_latest", base_year=b))
    if target_year <= t:
        return out.cannot(
            "target_not_future",
            _phrase("reason.target_not_future", target_year=target_year, latest_year=t),
        )

    # 3. The zero-target rule (Open SDG), then: is the target already met?
    if target.is_zero():
        out.target_used = ZERO_TARGET_SUBSTITUTE.copy_sign(x_b)
        out.target_replaced = True
        out.step(
            "target used x*",
            _phrase("formula.zero_target", used=out.target_used),
            out.target_used,
        )
    x_star = out.target_used
    compare = "<=" if lower else ">="
    achieved = x_t <= target if lower else x_t >= target
    out.step(
        "target met?",
        _phrase("formula.target_met", compare=compare, latest_value=x_t, target=target),
        "yes" if achieved else "no",
    )

    problem = _sign_problem(series, b, t, x_star)
    if achieved:
        if problem is None:
            _growth_rates(out, b, x_b, t, x_t, x_star)
        else:
            out.step("growth rates", _phrase("formula.not_computed", reason=problem[1]), problem[0])
        out.note(_phrase("note.already_met", latest_year=t))
        out.step("status", _phrase("formula.achieved", latest_value=x_t, target=target), "achieved")
        return out.build("achieved")
    if problem is not None:
        return out.cannot(*problem)

    # 4. Growth rates and their ratio.
    factor = _growth_rates(out, b, x_b, t, x_t, x_star)
    cagr_a, cagr_r = out.cagr_actual, out.cagr_required
    assert cagr_a is not None
    if cagr_r is None or cagr_r.is_zero():
        return out.cannot(
            "no_required_change",
            _phrase(
                "reason.no_required_change",
                target=x_star,
                base_year=b,
                latest_value=x_t,
                latest_year=t,
            ),
        )
    desired = _sign(x_b) * (-1 if lower else 1)
    if _sign(cagr_r) == desired:
        ratio = _unsigned_zero(cagr_a / cagr_r)
        out.step("CR", _phrase("formula.ratio"), ratio)
    else:
        ratio = _unsigned_zero(desired * cagr_a / abs(cagr_r))
        out.step("CR", _phrase(f"formula.ratio_corrected_{direction}", sign=desired), ratio)
    out.ratio = ratio
    status = classify(ratio, method)
    condition = out.thresholds.band_phrases()[status]
    out.step(
        "status",
        _phrase("formula.status", condition=condition, method=_phrase(f"method.{method}")),
        status,
    )

    # 5. Projection at the actual pace.
    _project(out, factor, x_star, lower)
    return out.build(status)


def _sign_problem(
    series: dict[int, Decimal], b: int, t: int, x_star: Decimal
) -> tuple[ReasonCode, Phrase] | None:
    """Zero base, or values from the base year on (and the target used) of different signs."""
    x_b = series[b]
    if x_b.is_zero():
        return ("zero_value", _phrase("reason.zero_value", base_year=b, base_value=x_b))
    sign = _sign(x_b)
    for year in sorted(series):
        if b <= year <= t and _sign(series[year]) == -sign:
            return (
                "mixed_signs",
                _phrase(
                    "reason.mixed_signs_value",
                    year=year,
                    value=series[year],
                    base_year=b,
                    base_value=x_b,
                ),
            )
    if _sign(x_star) != sign:
        return (
            "mixed_signs",
            _phrase("reason.mixed_signs_target", target=x_star, base_year=b, base_value=x_b),
        )
    return None


def _growth_rates(
    out: _Builder, b: int, x_b: Decimal, t: int, x_t: Decimal, x_star: Decimal
) -> Decimal:
    """Set CAGR_a and CAGR_r (with their steps); return the yearly factor 1 + CAGR_a."""
    q_a = x_t / x_b
    e_a = Decimal(1) / Decimal(t - b)
    factor = q_a**e_a
    cagr_a = _unsigned_zero(factor - 1)
    out.step("x_t / x_b", _phrase("formula.quotient", numerator=x_t, denominator=x_b), q_a)
    out.step("1 / (t - b)", _phrase("formula.inverse_span", end=t, start=b), e_a)
    out.step(
        "CAGR_a",
        _phrase("formula.cagr_actual", latest_value=x_t, base_value=x_b, span=t - b),
        cagr_a,
    )
    out.cagr_actual = cagr_a

    q_r = x_star / x_b
    e_r = Decimal(1) / Decimal(out.target_year - b)
    cagr_r = _unsigned_zero(q_r**e_r - 1)
    out.step("x* / x_b", _phrase("formula.quotient", numerator=x_star, denominator=x_b), q_r)
    out.step("1 / (T* - b)", _phrase("formula.inverse_span", end=out.target_year, start=b), e_r)
    out.step(
        "CAGR_r",
        _phrase("formula.cagr_required", target=x_star, base_value=x_b, span=out.target_year - b),
        cagr_r,
    )
    out.cagr_required = cagr_r
    return factor


def _project(out: _Builder, factor: Decimal, x_star: Decimal, lower: bool) -> None:
    """Projected value in the target year and the first year the projection meets x*."""
    t, x_t = out.latest_year, out.latest_value
    assert t is not None
    assert x_t is not None
    compare = "<=" if lower else ">="

    def projection(k: int) -> Decimal:
        return x_t * factor**k

    slack = abs(x_star) * PROJECTION_TOLERANCE

    def meets(k: int) -> bool:
        value = projection(k)
        return value <= x_star + slack if lower else value >= x_star - slack

    out.step("1 + CAGR_a", _phrase("formula.factor"), factor)
    k_target = out.target_year - t
    out.projected_value = projection(k_target)
    out.step(
        "projected value in T*",
        _phrase("formula.projected_value", latest_value=x_t, years=k_target),
        out.projected_value,
    )

    horizon = max(PROJECTION_HORIZON_YEARS, k_target)
    year_formula = _phrase("formula.projected_year", latest_year=t, compare=compare, target=x_star)
    k = _first_year_offset(x_t, factor, x_star, lower, meets, horizon)
    if k is None:
        if x_t.is_zero():
            note = _phrase("note.latest_zero")
        elif factor == 1:
            note = _phrase("note.unchanged")
        elif _moving_away(x_t, factor, lower):
            note = _phrase("note.moving_away")
        else:
            note = _phrase("note.beyond_horizon", horizon=horizon, latest_year=t)
        out.note(note)
        out.step("projected year", year_formula, note.text(), note)
        return
    out.projected_year = t + k
    out.step("projected year", year_formula, out.projected_year)


def _moving_away(x_t: Decimal, factor: Decimal, lower: bool) -> bool:
    """True when the projection moves away from the desired side (or stays put)."""
    if factor == 1:
        return True
    shrinking = factor < 1  # |value| falls
    falling = shrinking if x_t > 0 else not shrinking  # the value itself falls
    return falling != lower


def _first_year_offset(
    x_t: Decimal,
    factor: Decimal,
    x_star: Decimal,
    lower: bool,
    meets: Callable[[int], bool],
    horizon: int,
) -> int | None:
    """Smallest k in 1..horizon with meets(k), or None.

    The projection is monotonic in k, so: check k = 1; give up if the projection does not move
    towards the target; otherwise start from the closed form k = ln(x* / x_t) / ln(1 + CAGR_a)
    and move to the first integer k that meets the target, checking the neighbours so that a
    rounded logarithm cannot put the year off by one.
    """
    if meets(1):
        return 1
    if x_t.is_zero() or factor.is_zero() or _moving_away(x_t, factor, lower):
        return None
    closed = (x_star / x_t).ln() / factor.ln()
    if closed > horizon + 1:
        return None
    k = max(2, int(closed.to_integral_value(rounding=ROUND_CEILING)))
    while k > 2 and meets(k - 1):
        k -= 1
    while k <= horizon and not meets(k):
        k += 1
    return k if k <= horizon else None
