"""Tests for povtrack.core.progress_math: progress towards a future target (UNSD / Open SDG)."""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal, getcontext, localcontext
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from povtrack.core.progress_math import (
    DEFAULT_BASE_FROM,
    PHRASES,
    PRECISION,
    PROJECTION_HORIZON_YEARS,
    PROJECTION_TOLERANCE,
    STEP_LABELS,
    THRESHOLDS,
    ZERO_TARGET_SUBSTITUTE,
    Assessment,
    Method,
    Phrase,
    ReasonCode,
    Status,
    Step,
    Thresholds,
    assess,
    classify,
)

D = Decimal
METHODS: tuple[Method, ...] = ("unsd", "opensdg")
GRADED: tuple[Status, ...] = ("deterioration", "limited_progress", "needs_acceleration", "on_track")


def pts(*pairs: tuple[int, str]) -> list[tuple[int, Decimal]]:
    return [(year, D(value)) for year, value in pairs]


# Kabupaten Lamongan P0 (percent, March Susenas), section 2 of the poverty-data reference.
LAMONGAN_2021_2025 = pts(
    (2021, "13.86"), (2022, "12.53"), (2023, "12.42"), (2024, "12.16"), (2025, "12.03")
)
LAMONGAN_FULL = pts(
    (2011, "17.40"), (2012, "16.60"), (2013, "16.10"), (2015, "15.38"), (2016, "14.89"),
    (2017, "14.42"), (2020, "13.85"),
) + LAMONGAN_2021_2025  # fmt: skip


def digits(value: object, places: int = 20) -> str:
    """A Decimal rounded to ``places`` decimals (for pinning 40-digit results)."""
    assert isinstance(value, Decimal)
    with localcontext() as ctx:
        ctx.prec = 60
        return str(value.quantize(D(1).scaleb(-places)))


def step(result: Assessment, label: str) -> Step:
    matches = [s for s in result.steps if s.label == label]
    assert len(matches) == 1, (label, result.steps)
    return matches[0]


# ---------------------------------------------------------------------------------------------
# The reference's worked example
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_lamongan_worked_example(method: Method) -> None:
    """Lamongan P0, base 2021 = 13.86, latest 2025 = 12.03, target 2026 = 11.95 (lower is better).

    By hand:
      x_t / x_b  = 12.03 / 13.86 = 0.867965367965...      1 / (t - b)  = 1 / 4 = 0.25
      CAGR_a     = 0.867965367965^0.25 - 1 = 0.965218415504 - 1 = -0.034781584496 -> -3.48 %
      x* / x_b   = 11.95 / 13.86 = 0.862193362193...      1 / (T* - b) = 1 / 5 = 0.2
      CAGR_r     = 0.862193362193^0.2 - 1 = 0.970780256122 - 1 = -0.029219743878 -> -2.92 %
      CR         = -0.034781584496 / -0.029219743878 = 1.190345289846 -> 1.19 >= 0.95: on track
      projection 2026 = 12.03 * 0.965218415504^1 = 11.611577538512 -> 11.61 <= 11.95,
      so the target is reached in 2026 itself (projected_year 2026).
    """
    result = assess(
        LAMONGAN_2021_2025,
        direction="lower",
        target_year=2026,
        target=D("11.95"),
        method=method,
        base_year=2021,
    )
    assert result.status == "on_track"
    assert result.reason_code is None
    assert result.reason is None
    assert (result.base_year, result.base_value) == (2021, D("13.86"))
    assert (result.latest_year, result.latest_value) == (2025, D("12.03"))
    assert (result.target_year, result.target, result.target_used) == (2026, D("11.95"), D("11.95"))
    assert result.target_replaced is False
    assert result.method == method
    assert result.thresholds is THRESHOLDS[method]
    assert result.direction == "lower"
    assert digits(result.cagr_actual) == "-0.03478158449605912900"
    assert digits(result.cagr_required) == "-0.02921974387832412849"
    assert digits(result.ratio) == "1.19034528984564100015"
    assert digits(result.projected_value) == "11.61157753851240867815"
    assert result.projected_year == 2026
    assert result.projection_note is None
    assert result.rounded(2) == {
        "cagr_actual": D("-3.48"),
        "cagr_required": D("-2.92"),
        "ratio": D("1.19"),
        "projected_value": D("11.61"),
    }
    # Intermediates for --explain.
    assert digits(step(result, "x_t / x_b").value) == "0.86796536796536796537"
    assert step(result, "1 / (t - b)").value == D("0.25")
    assert digits(step(result, "x* / x_b").value) == "0.86219336219336219336"
    assert step(result, "1 / (T* - b)").value == D("0.2")
    assert digits(step(result, "1 + CAGR_a").value) == "0.96521841550394087100"


def test_lamongan_agrees_with_float_arithmetic() -> None:
    """An independent float computation agrees to 12 significant digits."""
    result = assess(
        LAMONGAN_2021_2025, direction="lower", target_year=2026, target=D("11.95"), base_year=2021
    )
    cagr_a = math.pow(12.03 / 13.86, 1 / 4) - 1
    cagr_r = math.pow(11.95 / 13.86, 1 / 5) - 1
    assert result.cagr_actual is not None
    assert result.cagr_required is not None
    assert result.ratio is not None
    assert result.projected_value is not None
    assert float(result.cagr_actual) == pytest.approx(cagr_a, rel=1e-12)
    assert float(result.cagr_required) == pytest.approx(cagr_r, rel=1e-12)
    assert float(result.ratio) == pytest.approx(cagr_a / cagr_r, rel=1e-12)
    assert float(result.projected_value) == pytest.approx(12.03 * (1 + cagr_a), rel=1e-12)


def test_lamongan_steps_for_explain() -> None:
    """Every line a reader needs to redo the arithmetic, in order, with the formulas as text."""
    result = assess(
        LAMONGAN_2021_2025, direction="lower", target_year=2026, target=D("11.95"), base_year=2021
    )
    assert [(s.label, s.formula) for s in result.steps] == [
        ("method", "UNSD SDG Progress Chart (2022 technical note)"),
        ("threshold on_track", "CR >= 0.95"),
        ("threshold needs_acceleration", "0.5 <= CR < 0.95"),
        ("threshold limited_progress", "-0.1 <= CR < 0.5"),
        ("threshold deterioration", "CR < -0.1"),
        ("direction", "lower is better"),
        ("base year b", "given"),
        ("base value x_b", "value in 2021"),
        ("latest year t", "last year with a value"),
        ("latest value x_t", "value in 2025"),
        ("target year T*", "given"),
        ("target x*", "given"),
        ("target met?", "x_t <= x*: 12.03 <= 11.95"),
        ("x_t / x_b", "12.03 / 13.86"),
        ("1 / (t - b)", "1 / (2025 - 2021)"),
        ("CAGR_a", "(x_t / x_b)^(1 / (t - b)) - 1 = (12.03 / 13.86)^(1 / 4) - 1"),
        ("x* / x_b", "11.95 / 13.86"),
        ("1 / (T* - b)", "1 / (2026 - 2021)"),
        ("CAGR_r", "(x* / x_b)^(1 / (T* - b)) - 1 = (11.95 / 13.86)^(1 / 5) - 1"),
        ("CR", "CAGR_a / CAGR_r"),
        ("status", "CR >= 0.95 (UNSD SDG Progress Chart (2022 technical note))"),
        ("1 + CAGR_a", "yearly factor at the actual pace"),
        ("projected value in T*", "x_t * (1 + CAGR_a)^(T* - t) = 12.03 * (1 + CAGR_a)^1"),
        ("projected year", "first Y > 2025 with x_t * (1 + CAGR_a)^(Y - t) <= x* = 11.95"),
    ]
    values = {s.label: s.value for s in result.steps}
    assert values["method"] == "unsd"
    assert values["threshold on_track"] == D("0.95")
    assert values["threshold needs_acceleration"] == D("0.5")
    assert values["threshold limited_progress"] == D("-0.1")
    assert values["threshold deterioration"] is None
    assert values["direction"] == "lower"
    assert values["base year b"] == 2021
    assert values["base value x_b"] == D("13.86")
    assert values["latest year t"] == 2025
    assert values["latest value x_t"] == D("12.03")
    assert values["target year T*"] == 2026
    assert values["target x*"] == D("11.95")
    assert values["target met?"] == "no"
    assert values["CAGR_a"] == result.cagr_actual
    assert values["CAGR_r"] == result.cagr_required
    assert values["CR"] == result.ratio
    assert values["status"] == "on_track"
    assert values["projected value in T*"] == result.projected_value
    assert values["projected year"] == 2026
    # The Open SDG thresholds are listed when that method is used.
    open_sdg = assess(
        LAMONGAN_2021_2025,
        direction="lower",
        target_year=2026,
        target=D("11.95"),
        method="opensdg",
    )
    assert [s.formula for s in open_sdg.steps[1:5]] == [
        "CR >= 0.95",
        "0.6 <= CR < 0.95",
        "0 <= CR < 0.6",
        "CR < 0",
    ]


def test_default_base_on_the_2021_2025_series_is_2021() -> None:
    """No value from 2015 to 2020 is passed, so the first year from 2015 on with a value is 2021."""
    default = assess(LAMONGAN_2021_2025, direction="lower", target_year=2026, target=D("11.95"))
    given_base = assess(
        LAMONGAN_2021_2025, direction="lower", target_year=2026, target=D("11.95"), base_year=2021
    )
    assert default.base_year == 2021
    assert step(default, "base year b").formula == "first year from 2015 on with a value"
    assert dataclasses.replace(default, steps=given_base.steps) == given_base


def test_default_base_on_the_full_lamongan_series_is_2015() -> None:
    """Base 2015 = 15.38 (2011-2013 are ignored), latest 2025 = 12.03, target 2026 = 11.95.

    CAGR_a = (12.03 / 15.38)^(1/10) - 1 = -2.43 %, CAGR_r = (11.95 / 15.38)^(1/11) - 1 = -2.27 %,
    CR = 1.07: on track; 12.03 * (1 - 0.024267) = 11.738 <= 11.95 in 2026.
    """
    result = assess(LAMONGAN_FULL, direction="lower", target_year=2026, target=D("11.95"))
    assert DEFAULT_BASE_FROM == 2015
    assert (result.base_year, result.base_value) == (2015, D("15.38"))
    assert result.status == "on_track"
    assert digits(result.ratio) == "1.07004670059720430953"
    assert result.rounded(2) == {
        "cagr_actual": D("-2.43"),
        "cagr_required": D("-2.27"),
        "ratio": D("1.07"),
        "projected_value": D("11.74"),
    }
    assert result.projected_year == 2026


def test_lamongan_2045_target() -> None:
    """RPJPD target 9.75 for 2045 from base 2015: CAGR_r = (9.75 / 15.38)^(1/30) - 1 = -1.51 %.

    CR = -2.43 / -1.51 = 1.61. Projection 12.03 * 0.975733^k: k = 8 gives 9.884 > 9.75 and
    k = 9 gives 9.644 <= 9.75, so the target is reached in 2034.
    """
    result = assess(LAMONGAN_FULL, direction="lower", target_year=2045, target=D("9.75"))
    assert result.status == "on_track"
    assert result.rounded(2) == {
        "cagr_actual": D("-2.43"),
        "cagr_required": D("-1.51"),
        "ratio": D("1.61"),
        "projected_value": D("7.36"),
    }
    assert result.projected_year == 2034


def test_default_base_falls_back_to_first_year_when_nothing_from_2015() -> None:
    result = assess(
        pts((2013, "16.10"), (2011, "17.40"), (2012, "16.60")),
        direction="lower",
        target_year=2026,
        target=D("11.95"),
    )
    assert (result.base_year, result.base_value) == (2011, D("17.40"))
    assert (result.latest_year, result.latest_value) == (2013, D("16.10"))
    assert step(result, "base year b").formula == "first year with a value (none from 2015 on)"


def test_default_base_skips_gaps_from_2015() -> None:
    result = assess(
        pts((2013, "16.10"), (2016, "14.89"), (2017, "14.42")),
        direction="lower",
        target_year=2026,
        target=D("11.95"),
    )
    assert result.base_year == 2016


def test_points_may_come_in_any_order() -> None:
    shuffled = list(reversed(LAMONGAN_FULL))
    a = assess(shuffled, direction="lower", target_year=2026, target=D("11.95"))
    b = assess(LAMONGAN_FULL, direction="lower", target_year=2026, target=D("11.95"))
    assert a == b


# ---------------------------------------------------------------------------------------------
# classify() and the thresholds
# ---------------------------------------------------------------------------------------------


def test_thresholds_table() -> None:
    assert {
        "unsd": Thresholds(
            name="UNSD SDG Progress Chart (2022 technical note)",
            on_track=D("0.95"),
            needs_acceleration=D("0.5"),
            limited_progress=D("-0.1"),
        ),
        "opensdg": Thresholds(
            name="Open SDG / Statistics Canada",
            on_track=D("0.95"),
            needs_acceleration=D("0.6"),
            limited_progress=D("0"),
        ),
    } == THRESHOLDS
    assert set(THRESHOLDS) == set(get_args(Method))


@pytest.mark.parametrize(
    ("ratio", "unsd", "opensdg"),
    [
        ("1000", "on_track", "on_track"),
        ("1", "on_track", "on_track"),
        ("0.95", "on_track", "on_track"),
        ("0.9499999999999999999999", "needs_acceleration", "needs_acceleration"),
        ("0.6", "needs_acceleration", "needs_acceleration"),
        ("0.5999999", "needs_acceleration", "limited_progress"),
        ("0.55", "needs_acceleration", "limited_progress"),
        ("0.5", "needs_acceleration", "limited_progress"),
        ("0.4999999", "limited_progress", "limited_progress"),
        ("0", "limited_progress", "limited_progress"),
        ("-0", "limited_progress", "limited_progress"),
        ("-0.0000001", "limited_progress", "deterioration"),
        ("-0.05", "limited_progress", "deterioration"),
        ("-0.1", "limited_progress", "deterioration"),
        ("-0.1000001", "deterioration", "deterioration"),
        ("-5", "deterioration", "deterioration"),
        ("Infinity", "on_track", "on_track"),
        ("-Infinity", "deterioration", "deterioration"),
    ],
)
def test_classify_bands_and_boundaries(ratio: str, unsd: Status, opensdg: Status) -> None:
    assert classify(D(ratio), "unsd") == unsd
    assert classify(D(ratio), "opensdg") == opensdg


def test_classify_rejects_nan_and_unknown_method() -> None:
    with pytest.raises(ValueError, match="NaN"):
        classify(D("NaN"), "unsd")
    with pytest.raises(ValueError, match="unknown method 'eurostat'"):
        classify(D(1), "eurostat")  # type: ignore[arg-type]


ratios = st.decimals(allow_nan=False, allow_infinity=True, places=6) | st.decimals(
    min_value=D("-1"), max_value=D("2"), allow_nan=False
)


@given(a=ratios, b=ratios, method=st.sampled_from(METHODS))
def test_classify_is_monotonic(a: Decimal, b: Decimal, method: Method) -> None:
    low, high = min(a, b), max(a, b)
    assert GRADED.index(classify(low, method)) <= GRADED.index(classify(high, method))


# ---------------------------------------------------------------------------------------------
# One constructed series per band, both methods
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "ratio", "unsd", "opensdg", "projected_value", "projected_year"),
    [
        ("85", "1.5", "on_track", "on_track", "72.25", 2022),
        ("90", "1", "on_track", "on_track", "81", 2022),
        ("90.5", "0.95", "on_track", "on_track", "81.9025", 2023),
        ("90.6", "0.94", "needs_acceleration", "needs_acceleration", "82.0836", 2023),
        ("94", "0.6", "needs_acceleration", "needs_acceleration", "88.36", 2024),
        ("94.1", "0.59", "needs_acceleration", "limited_progress", "88.5481", 2024),
        ("94.5", "0.55", "needs_acceleration", "limited_progress", "89.3025", 2024),
        ("95", "0.5", "needs_acceleration", "limited_progress", "90.25", 2025),
        ("95.1", "0.49", "limited_progress", "limited_progress", "90.4401", 2025),
        ("100", "0", "limited_progress", "limited_progress", "100", None),
        ("100.5", "-0.05", "limited_progress", "deterioration", "101.0025", None),
        ("101", "-0.1", "limited_progress", "deterioration", "102.01", None),
        ("101.1", "-0.11", "deterioration", "deterioration", "102.2121", None),
        ("120", "-2", "deterioration", "deterioration", "144", None),
    ],
)
def test_status_bands_on_constructed_series(
    latest: str,
    ratio: str,
    unsd: Status,
    opensdg: Status,
    projected_value: str,
    projected_year: int | None,
) -> None:
    """Base 2020 = 100, target 2022 = 81 (lower is better), latest 2021 = x.

    CAGR_r = (81 / 100)^(1/2) - 1 = 0.9 - 1 = -0.1 exactly; CAGR_a = x / 100 - 1; so
    CR = (100 - x) / 10 exactly, e.g. x = 94.5 -> 0.55, x = 100.5 -> -0.05. The projection is
    x * (x / 100)^(Y - 2021): x = 95 gives 90.25 (2022), 85.74, 81.45 > 81, 77.38 <= 81 (2025).
    """
    results = {
        method: assess(
            pts((2020, "100"), (2021, latest)),
            direction="lower",
            target_year=2022,
            target=D("81"),
            method=method,
        )
        for method in METHODS
    }
    assert results["unsd"].status == unsd
    assert results["opensdg"].status == opensdg
    for result in results.values():
        assert result.ratio == D(ratio)
        assert result.cagr_required == D("-0.1")
        assert result.projected_value == D(projected_value)
        assert result.projected_year == projected_year
        assert result.rounded(2)["ratio"] == D(ratio).quantize(D("0.01"))


def test_ratio_is_graded_unrounded() -> None:
    """x = 90.500001 gives CR = 0.94999990: displayed as 0.95 but graded needs_acceleration."""
    result = assess(
        pts((2020, "100"), (2021, "90.500001")),
        direction="lower",
        target_year=2022,
        target=D("81"),
    )
    assert result.ratio == D("0.94999990")
    assert result.rounded(2)["ratio"] == D("0.95")
    assert result.status == "needs_acceleration"


def test_zero_ratio_has_no_sign() -> None:
    """An unchanged value gives CAGR_a = 0 and CR = 0, not -0 or 0E+40."""
    result = assess(
        pts((2020, "100"), (2021, "100")), direction="lower", target_year=2022, target=D("81")
    )
    assert str(result.ratio) == "0"
    assert str(result.cagr_actual) == "0"
    assert result.projection_note == (
        "never meets the target at the current pace: the value has not changed since the base year"
    )


# ---------------------------------------------------------------------------------------------
# Higher is better; the base already meeting the target; negative values
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "cagr_a", "ratio", "unsd", "opensdg", "projected_year"),
    [
        ("60", "0.2", "1", "on_track", "on_track", 2022),
        ("55", "0.1", "0.5", "needs_acceleration", "limited_progress", 2024),
        ("45", "-0.1", "-0.5", "deterioration", "deterioration", None),
    ],
)
def test_higher_is_better(
    latest: str,
    cagr_a: str,
    ratio: str,
    unsd: Status,
    opensdg: Status,
    projected_year: int | None,
) -> None:
    """Base 2020 = 50, target 2022 = 72: CAGR_r = (72 / 50)^(1/2) - 1 = 1.2 - 1 = +0.2.

    Rising to 60 (+20 %) gives CR = 1 and reaches exactly 72 in 2022; rising to 55 (+10 %) gives
    CR = 0.5 and 55 * 1.1^3 = 73.2 >= 72 in 2024 (1.1^2 gives 66.55); falling to 45 (-10 %) gives
    CR = -0.5, moving away from the target.
    """
    for method, expected in (("unsd", unsd), ("opensdg", opensdg)):
        result = assess(
            pts((2020, "50"), (2021, latest)),
            direction="higher",
            target_year=2022,
            target=D("72"),
            method=method,  # type: ignore[arg-type]
        )
        assert result.status == expected
        assert result.cagr_actual == D(cagr_a)
        assert result.cagr_required == D("0.2")
        assert result.ratio == D(ratio)
        assert result.projected_year == projected_year
    if projected_year is None:
        assert result.projection_note == (
            "never meets the target at the current pace: the value is moving away from the target"
        )


@pytest.mark.parametrize(("direction", "latest"), [("higher", "72"), ("higher", "80")])
def test_higher_is_better_achieved(direction: str, latest: str) -> None:
    result = assess(
        pts((2020, "50"), (2021, latest)),
        direction="higher",
        target_year=2030,
        target=D("72"),
    )
    assert direction == "higher"
    assert result.status == "achieved"
    assert result.ratio is None
    assert result.projected_value is None
    assert result.projected_year is None
    assert result.projection_note == "the target is already met in 2021"
    assert result.cagr_actual is not None  # still shown for --explain
    assert result.cagr_required is not None


def test_lower_is_better_achieved() -> None:
    """Lamongan 2024 = 12.16 already meets a (hypothetical) 2026 target of 12.20.

    The rates are still shown: CAGR_a = (12.16 / 13.86)^(1/3) - 1 = exp(-0.130856 / 3) - 1
    = -4.27 %, CAGR_r = (12.20 / 13.86)^(1/5) - 1 = exp(-0.127571 / 5) - 1 = -2.52 %.
    """
    result = assess(LAMONGAN_2021_2025[:4], direction="lower", target_year=2026, target=D("12.20"))
    assert result.status == "achieved"
    assert step(result, "target met?") == Step("target met?", "x_t <= x*: 12.16 <= 12.20", "yes")
    assert step(result, "status").value == "achieved"
    assert result.rounded(2) == {
        "cagr_actual": D("-4.27"),
        "cagr_required": D("-2.52"),
        "ratio": None,
        "projected_value": None,
    }


def test_base_already_met_target_lower_is_better() -> None:
    """Base 2020 = 10 met the 2030 target 12, but 2025 = 13 does not.

    CAGR_r = (12 / 10)^(1/10) - 1 = +1.84 % points away from the desired fall, so the plain quotient
    CAGR_a / CAGR_r = 5.39 / 1.84 = +2.93 would call a worsening series on track. Sign-corrected
    (Open SDG): CR = -1 * 5.39 / 1.84 = -2.93: deterioration.
    """
    for method in METHODS:
        result = assess(
            pts((2020, "10"), (2025, "13")),
            direction="lower",
            target_year=2030,
            target=D("12"),
            method=method,
        )
        assert result.status == "deterioration"
        assert digits(result.ratio) == "-2.92803145233250901819"
        assert result.rounded(2)["cagr_actual"] == D("5.39")
        assert result.rounded(2)["cagr_required"] == D("1.84")
        assert result.projected_year is None
        assert "sign-corrected as in Open SDG" in step(result, "CR").formula


def test_base_already_met_target_higher_is_better() -> None:
    """Base 80 met the target 72, the latest 70 does not: CR = -0.125 / 0.0513 = -2.44."""
    result = assess(
        pts((2020, "80"), (2021, "70")), direction="higher", target_year=2022, target=D("72")
    )
    assert result.status == "deterioration"
    assert result.cagr_actual == D("-0.125")
    assert digits(result.ratio) == "-2.43585412256314224950"


def test_negative_values_all_of_one_sign() -> None:
    """-10 (2020) -> -12 (2021), lower is better, target -15 in 2025.

    CAGR_a = 1.2 - 1 = +0.2 (|x| grows, the value falls), CAGR_r = 1.5^(1/5) - 1 = +0.0845,
    CR = 2.37: on track; -12 * 1.2 = -14.4 > -15, -12 * 1.44 = -17.28 <= -15 in 2023.
    """
    result = assess(
        pts((2020, "-10"), (2021, "-12")), direction="lower", target_year=2025, target=D("-15")
    )
    assert result.status == "on_track"
    assert result.cagr_actual == D("0.2")
    assert result.rounded(2)["ratio"] == D("2.37")
    assert result.projected_year == 2023


# ---------------------------------------------------------------------------------------------
# A target of 0 (Open SDG: replaced by 0.001)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_zero_target_is_replaced_by_0_001(method: Method) -> None:
    """Extreme poverty 0.5 (2020) -> 0.3 (2024), target 0 in 2026.

    CAGR_a = (0.3 / 0.5)^(1/4) - 1 = 0.880112 - 1 = -11.99 %;
    CAGR_r = (0.001 / 0.5)^(1/6) - 1 = 0.002^(1/6) - 1 = 0.354954 - 1 = -64.50 %;
    CR = 0.1859 -> limited progress under both methods.
    Projection 2026 = 0.3 * 0.880112^2 = 0.2324; 0.001 is reached when
    k >= ln(0.001 / 0.3) / ln(0.880112) = -5.7038 / -0.12771 = 44.66, i.e. k = 45: 2069.
    """
    result = assess(
        pts((2020, "0.5"), (2024, "0.3")),
        direction="lower",
        target_year=2026,
        target=D("0"),
        method=method,
    )
    assert D("0.001") == ZERO_TARGET_SUBSTITUTE
    assert result.target == D("0")
    assert result.target_replaced is True
    assert result.target_used == D("0.001")
    assert result.status == "limited_progress"
    assert result.rounded(2) == {
        "cagr_actual": D("-11.99"),
        "cagr_required": D("-64.50"),
        "ratio": D("0.19"),
        "projected_value": D("0.23"),
    }
    assert result.projected_year == 2069
    factor = math.pow(0.6, 0.25)
    assert 0.3 * factor**44 > 0.001 >= 0.3 * factor**45
    assert step(result, "target used x*") == Step(
        "target used x*",
        "a target of 0 is replaced by 0.001 in the growth formula (Open SDG)",
        D("0.001"),
    )
    assert step(result, "x* / x_b").formula == "0.001 / 0.5"
    assert step(result, "target met?").formula == "x_t <= x*: 0.3 <= 0"


def test_nonzero_target_is_not_replaced() -> None:
    result = assess(
        pts((2020, "0.5"), (2024, "0.3")), direction="lower", target_year=2026, target=D("0.2")
    )
    assert result.target_replaced is False
    assert result.target_used == D("0.2")
    assert not any(s.label == "target used x*" for s in result.steps)


def test_zero_target_met_by_a_zero_value_is_achieved() -> None:
    """Extreme poverty eradicated: 0.00 meets the published target 0 (not only 0.001)."""
    result = assess(
        pts((2020, "0.50"), (2024, "0.00")), direction="lower", target_year=2026, target=D("0")
    )
    assert result.status == "achieved"
    assert result.target_replaced is True
    assert result.cagr_actual == D("-1")
    assert result.rounded(2)["cagr_actual"] == D("-100.00")


def test_negative_series_zero_target_uses_minus_0_001() -> None:
    result = assess(
        pts((2020, "-5"), (2021, "-4")), direction="higher", target_year=2025, target=D("0")
    )
    assert result.target_used == D("-0.001")
    assert result.status != "cannot_assess"


# ---------------------------------------------------------------------------------------------
# cannot_assess
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "kwargs", "code", "reason"),
    [
        (
            [],
            {},
            "too_few_points",
            "at least two years with a value are needed; the series has none",
        ),
        (
            pts((2025, "12.03")),
            {},
            "too_few_points",
            "at least two years with a value are needed; the series has only 2025",
        ),
        (
            LAMONGAN_2021_2025,
            {"base_year": 2025},
            "too_few_points",
            "the base year 2025 is also the latest year with a value: two years with a value "
            "from the base year on are needed (give an earlier base year)",
        ),
        (
            pts((2012, "16.60"), (2013, "16.10"), (2016, "14.89")),
            {},
            "too_few_points",
            "the base year 2016 is also the latest year with a value: two years with a value "
            "from the base year on are needed (give an earlier base year)",
        ),
        (
            pts((2021, "13.86"), (2021, "13.85"), (2022, "12.53")),
            {},
            "duplicate_year",
            "2021 appears more than once in the series (13.86 and 13.85)",
        ),
        (
            pts((2021, "13.86"), (2022, "NaN")),
            {},
            "non_finite_value",
            "the value for 2022 is NaN: values must be finite numbers",
        ),
        (
            pts((2021, "13.86"), (2022, "sNaN")),
            {},
            "non_finite_value",
            "the value for 2022 is sNaN: values must be finite numbers",
        ),
        (
            LAMONGAN_2021_2025,
            {"target": D("Infinity")},
            "non_finite_value",
            "the target is Infinity: it must be a finite number",
        ),
        (
            LAMONGAN_2021_2025,
            {"base_year": 2030},
            "base_after_latest",
            "the base year 2030 is after the latest year with a value (2025)",
        ),
        (
            LAMONGAN_FULL,
            {"base_year": 2019},
            "base_year_without_value",
            "the base year 2019 has no value; years with a value: "
            "2011, 2012, 2013, 2015, 2016, 2017, 2020, 2021, 2022, 2023, 2024, 2025",
        ),
        (
            LAMONGAN_2021_2025,
            {"target_year": 2025, "target": D("12.65")},
            "target_not_future",
            "the target year 2025 is not after the latest year with a value (2025): "
            "compare the latest value with the target instead of projecting",
        ),
        (
            LAMONGAN_2021_2025[:3],
            {"target_year": 2023, "target": D("13.17")},  # met, but not a future target
            "target_not_future",
            "the target year 2023 is not after the latest year with a value (2023): "
            "compare the latest value with the target instead of projecting",
        ),
        (
            LAMONGAN_2021_2025,
            {"target_year": 2020},
            "target_not_future",
            "the target year 2020 is not after the latest year with a value (2025): "
            "compare the latest value with the target instead of projecting",
        ),
        (
            pts((2020, "0.00"), (2024, "0.30")),
            {"target": D("0.10")},
            "zero_value",
            "the base value in 2020 is 0.00: x_t / x_b and x* / x_b are undefined",
        ),
        (
            pts((2020, "5"), (2024, "-3")),
            {"target": D("-5")},
            "mixed_signs",
            "the value in 2024 (-3) and the base value in 2020 (5) have different signs: "
            "the growth model needs all values of one sign",
        ),
        (
            pts((2020, "5"), (2022, "-1"), (2024, "4")),
            {"target": D("1")},
            "mixed_signs",
            "the value in 2022 (-1) and the base value in 2020 (5) have different signs: "
            "the growth model needs all values of one sign",
        ),
        (
            pts((2020, "5"), (2024, "4")),
            {"target": D("-1")},
            "mixed_signs",
            "the target -1 and the base value in 2020 (5) have different signs: "
            "the growth model needs all values of one sign",
        ),
        (
            pts((2020, "12"), (2025, "13")),
            {"target_year": 2030, "target": D("12.00")},
            "no_required_change",
            "the target 12.00 equals the base value in 2020, so the required growth rate is 0 and "
            "CR = CAGR_a / CAGR_r is undefined; the latest value 13 (2025) does not meet the target",
        ),
    ],
)
def test_cannot_assess(
    points: list[tuple[int, Decimal]], kwargs: dict[str, object], code: ReasonCode, reason: str
) -> None:
    target = kwargs.get("target", D("11.95"))
    target_year = kwargs.get("target_year", 2026)
    base_year = kwargs.get("base_year")
    assert isinstance(target, Decimal)
    assert isinstance(target_year, int)
    assert base_year is None or isinstance(base_year, int)
    for method in METHODS:
        result = assess(
            points,
            direction="lower",
            target_year=target_year,
            target=target,
            method=method,
            base_year=base_year,
        )
        assert result.status == "cannot_assess"
        assert result.reason_code == code
        assert result.reason == reason
        assert result.ratio is None
        assert result.projected_value is None
        assert result.projected_year is None
        assert result.steps[-1] == Step(
            "status", f"cannot assess ({code}): {reason}", "cannot_assess"
        )
    assert set(get_args(ReasonCode)) >= {code}


def test_every_reason_code_is_tested() -> None:
    """Keep the parametrised list above in step with ReasonCode."""
    assert set(get_args(ReasonCode)) == {
        "too_few_points",
        "duplicate_year",
        "non_finite_value",
        "base_after_latest",
        "base_year_without_value",
        "target_not_future",
        "zero_value",
        "mixed_signs",
        "no_required_change",
    }


def test_no_required_change_still_shows_the_rates() -> None:
    result = assess(
        pts((2020, "12"), (2025, "13")), direction="lower", target_year=2030, target=D("12")
    )
    assert result.cagr_required == D("0")
    assert result.rounded(2)["cagr_actual"] == D("1.61")
    assert result.rounded(2)["cagr_required"] == D("0.00")


def test_values_before_the_base_year_are_not_checked() -> None:
    """A zero or negative value before the base year takes no part in the growth formulas."""
    result = assess(
        pts((2010, "-1"), (2012, "0"), (2020, "100"), (2021, "90")),
        direction="lower",
        target_year=2022,
        target=D("81"),
    )
    assert result.status == "on_track"


def test_a_latest_value_of_zero_is_graded() -> None:
    """Higher is better, 50 -> 0: CAGR_a = -100 %, CR = -1 / 0.0371 = -26.93: deterioration."""
    result = assess(
        pts((2020, "50"), (2021, "0")), direction="higher", target_year=2030, target=D("72")
    )
    assert result.status == "deterioration"
    assert result.cagr_actual == D("-1")
    assert result.rounded(2)["ratio"] == D("-26.93")
    assert result.projected_value == 0
    assert result.projected_year is None
    assert result.projection_note == (
        "never meets the target at the current pace: the latest value is 0 and stays 0"
    )


def test_invalid_direction_or_method_raises() -> None:
    with pytest.raises(ValueError, match="direction must be 'lower' or 'higher', got 'none'"):
        assess(LAMONGAN_2021_2025, direction="none", target_year=2026, target=D(1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown method 'eurostat'"):
        assess(
            LAMONGAN_2021_2025,
            direction="lower",
            target_year=2026,
            target=D(1),
            method="eurostat",  # type: ignore[arg-type]
        )


# ---------------------------------------------------------------------------------------------
# Projection year: no off-by-one
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "year"),
    [("65.61", 2024), ("65.62", 2024), ("65.60", 2025), ("72.9", 2023), ("72.91", 2023)],
)
def test_projected_year_exact_integer_year(target: str, year: int) -> None:
    """100 (2020) -> 81 (2022): the factor is 0.81^(1/2) = 0.9 exactly.

    81 * 0.9 = 72.9 (2023), 81 * 0.81 = 65.61 (2024), 81 * 0.729 = 59.049 (2025): a target of
    65.61 is met exactly in 2024 (not 2025), 65.60 only in 2025.
    """
    result = assess(
        pts((2020, "100"), (2022, "81")),
        direction="lower",
        target_year=2030,
        target=D(target),
    )
    assert step(result, "1 + CAGR_a").value == D("0.9")
    assert result.projected_year == year


def test_projected_year_exact_with_an_irrational_factor() -> None:
    """100 (2020) -> 72.9 (2026): factor 0.729^(1/6) = 0.9^(1/2) = 0.948683... (irrational).

    72.9 * factor^4 = 72.9 * 0.81 = 59.049 exactly in 2030. The factor is rounded to 40 digits, so
    the computed projection can miss 59.049 by ~1e-40; the tolerance keeps the year at 2030.
    CAGR_r = (59.049 / 100)^(1/10) - 1 = 0.9^(1/2) - 1 = CAGR_a, so CR = 1.
    """
    result = assess(
        pts((2020, "100"), (2026, "72.9")),
        direction="lower",
        target_year=2030,
        target=D("59.049"),
    )
    assert D("1e-32") == PROJECTION_TOLERANCE
    assert result.projected_year == 2030
    assert result.rounded(3)["projected_value"] == D("59.049")
    assert result.rounded(2)["ratio"] == D("1.00")
    assert result.status == "on_track"
    later = assess(
        pts((2020, "100"), (2026, "72.9")),
        direction="lower",
        target_year=2030,
        target=D("59.048"),
    )
    assert later.projected_year == 2031


def test_projected_year_higher_is_better_exact() -> None:
    """50 (2020) -> 60 (2021): factor 1.2; 60 * 1.2^3 = 103.68 in 2024."""
    result = assess(
        pts((2020, "50"), (2021, "60")), direction="higher", target_year=2030, target=D("103.68")
    )
    assert result.projected_year == 2024
    result = assess(
        pts((2020, "50"), (2021, "60")), direction="higher", target_year=2030, target=D("103.69")
    )
    assert result.projected_year == 2025


def test_projected_year_never_moving_away() -> None:
    result = assess(
        pts((2021, "12.03"), (2025, "12.50")),
        direction="lower",
        target_year=2026,
        target=D("11.95"),
    )
    assert result.status == "deterioration"
    assert result.projected_year is None
    assert result.projection_note == (
        "never meets the target at the current pace: the value is moving away from the target"
    )
    assert step(result, "projected year").value == result.projection_note


def test_projected_year_beyond_the_horizon() -> None:
    """1 -> 1.0001 a year needs ln 2 / ln 1.0001 = 6932 years to reach 2."""
    result = assess(
        pts((2020, "1"), (2021, "1.0001")), direction="higher", target_year=2025, target=D("2")
    )
    assert PROJECTION_HORIZON_YEARS == 100
    assert result.status == "limited_progress"
    assert result.projected_year is None
    assert result.projection_note == (
        "the projection does not meet the target within 100 years of 2021 at the current pace"
    )


def test_projected_year_at_the_horizon_edge() -> None:
    """50 -> 50.5 (+1 %/year) reaches 50.5 * 1.01^k >= target; 1.01^100 = 2.7048."""
    inside = assess(
        pts((2020, "50"), (2021, "50.5")),
        direction="higher",
        target_year=2030,
        target=D("136.5"),  # 50.5 * 1.01^100 = 136.59 >= 136.5; 1.01^99 gives 135.24
    )
    assert inside.projected_year == 2121
    outside = assess(
        pts((2020, "50"), (2021, "50.5")),
        direction="higher",
        target_year=2030,
        target=D("136.6"),
    )
    assert outside.projected_year is None


def test_horizon_extends_to_a_distant_target_year() -> None:
    """0.38 (2020) -> 4.62 (2054) grows 7.6 %/year; 7193.099 in 2155 is 101 years after 2054.

    On track (CR > 1) must come with a projected year, so the search runs to T* when that is
    later than 100 years after the latest year.
    """
    result = assess(
        pts((2020, "0.380"), (2054, "4.620")),
        direction="higher",
        target_year=2155,
        target=D("7193.099"),
    )
    assert result.status == "on_track"
    assert result.projected_year is not None
    assert 2154 < result.projected_year <= 2155


# ---------------------------------------------------------------------------------------------
# rounded(), context, dataclass
# ---------------------------------------------------------------------------------------------


def test_rounded_is_half_away_from_zero() -> None:
    """x = 90.75: CR = 0.925 -> 0.93 (half-even would give 0.92);
    x = 90.755: CAGR_a = -9.245 % -> -9.25 (half-even would give -9.24)."""
    a = assess(
        pts((2020, "100"), (2021, "90.75")), direction="lower", target_year=2022, target=D(81)
    )
    assert a.ratio == D("0.925")
    assert a.rounded(2)["ratio"] == D("0.93")
    b = assess(
        pts((2020, "100"), (2021, "90.755")), direction="lower", target_year=2022, target=D(81)
    )
    assert b.cagr_actual == D("-0.09245")
    assert b.rounded(2)["cagr_actual"] == D("-9.25")


def test_rounded_projected_value_uses_the_given_decimals() -> None:
    result = assess(
        LAMONGAN_2021_2025, direction="lower", target_year=2026, target=D("11.95"), base_year=2021
    )
    assert result.rounded(0)["projected_value"] == D("12")
    assert result.rounded(3)["projected_value"] == D("11.612")
    assert str(result.rounded(2)["projected_value"]) == "11.61"
    with pytest.raises(ValueError, match="decimals must be >= 0"):
        result.rounded(-1)


def test_rounded_never_gives_negative_zero() -> None:
    """-0.001 % rounds to 0.00, not -0.00."""
    result = assess(
        pts((2020, "100000"), (2021, "99999")), direction="higher", target_year=2025, target=D(2e5)
    )
    assert result.cagr_actual == D("-0.00001")
    assert str(result.rounded(2)["cagr_actual"]) == "0.00"


def test_uses_its_own_decimal_context() -> None:
    """The caller's context neither changes the result nor is changed."""
    reference = assess(
        LAMONGAN_2021_2025, direction="lower", target_year=2026, target=D("11.95"), base_year=2021
    )
    with localcontext() as ctx:
        ctx.prec = 5
        ctx.rounding = "ROUND_DOWN"
        result = assess(
            LAMONGAN_2021_2025,
            direction="lower",
            target_year=2026,
            target=D("11.95"),
            base_year=2021,
        )
        assert ctx.prec == 5
        assert result.rounded(2) == reference.rounded(2)
    assert result == reference
    assert PRECISION >= 28
    assert result.ratio is not None
    assert len(result.ratio.as_tuple().digits) == PRECISION
    assert getcontext().prec == 28


def test_assessment_is_frozen_with_slots() -> None:
    result = assess(LAMONGAN_2021_2025, direction="lower", target_year=2026, target=D("11.95"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.status = "achieved"  # type: ignore[misc]
    assert not hasattr(result, "__dict__")
    assert not hasattr(THRESHOLDS["unsd"], "__dict__")


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

positive = st.decimals(
    min_value=D("0.001"), max_value=D("1000000"), places=3, allow_nan=False, allow_infinity=False
)
non_negative = st.decimals(
    min_value=D("0"), max_value=D("1000000"), places=3, allow_nan=False, allow_infinity=False
)


@given(
    points=st.lists(st.tuples(st.integers(1950, 2100), positive), max_size=8),
    direction=st.sampled_from(("lower", "higher")),
    target_year=st.integers(1950, 2200),
    target=non_negative,
    method=st.sampled_from(METHODS),
    base_year=st.none() | st.integers(1950, 2100),
)
def test_assess_never_raises_and_is_consistent(
    points: list[tuple[int, Decimal]],
    direction: str,
    target_year: int,
    target: Decimal,
    method: Method,
    base_year: int | None,
) -> None:
    assert direction in ("lower", "higher")
    result = assess(
        points,
        direction="lower" if direction == "lower" else "higher",
        target_year=target_year,
        target=target,
        method=method,
        base_year=base_year,
    )
    assert result.status in get_args(Status)
    assert (result.status == "cannot_assess") == (result.reason_code is not None)
    assert (result.status == "cannot_assess") == (result.reason is not None)
    graded = result.status in GRADED
    assert (result.ratio is not None) == graded
    assert (result.projected_value is not None) == graded
    if result.target_replaced:
        assert target == 0
        assert result.target_used == ZERO_TARGET_SUBSTITUTE
    result.rounded(2)  # never raises either
    if result.status == "achieved":
        assert result.latest_value is not None
        meets = (
            result.latest_value <= target if direction == "lower" else result.latest_value >= target
        )
        assert meets
    if not graded:
        return
    assert result.ratio is not None
    assert result.latest_year is not None
    assert result.projected_value is not None
    assert classify(result.ratio, method) == result.status
    if result.projected_year is None:
        assert result.projection_note is not None
    else:
        assert result.latest_year < result.projected_year
        assert result.projected_year <= max(
            result.latest_year + PROJECTION_HORIZON_YEARS, result.target_year
        )
    # At the actual pace the projection in T* equals x_b * (1 + CAGR_a)^(T* - b), so CR > 1 means
    # the target year is reached in time and CR < 1 that it is not.
    if result.ratio > D("1.000001"):
        assert result.projected_year is not None
        assert result.projected_year <= target_year
    if result.ratio < D("0.999999"):
        assert result.projected_year is None or result.projected_year > target_year


# ---------------------------------------------------------------------------------------------
# Phrases: the structured form of every sentence and formula (for translation)
# ---------------------------------------------------------------------------------------------


def check_phrases(result: Assessment) -> None:
    """Every text of the assessment is its phrase filled in with the English templates."""
    assert result.reason == (None if result.reason_phrase is None else result.reason_phrase.text())
    assert result.projection_note == (
        None if result.projection_note_phrase is None else result.projection_note_phrase.text()
    )
    assert len(result.step_phrases) == len(result.steps)
    for one, phrases in zip(result.steps, result.step_phrases, strict=True):
        assert one.formula == phrases.formula.text()
        if phrases.value is not None:
            assert one.value == phrases.value.text()
    labels = [one.label for one in result.steps]
    # The labels are known identifiers, each at most once, in the documented order.
    positions = [STEP_LABELS.index(label) for label in labels]
    assert positions == sorted(set(positions))


SCENARIOS: list[tuple[list[tuple[int, Decimal]], dict[str, object]]] = [
    (LAMONGAN_2021_2025, {"base_year": 2021}),
    (LAMONGAN_FULL, {}),
    (pts((2013, "16.10"), (2011, "17.40")), {}),
    (LAMONGAN_2021_2025, {"target": D("12.50")}),  # achieved
    (pts((2020, "0"), (2024, "0")), {"target": D("0")}),  # achieved, zero base
    (pts((2020, "0.90"), (2024, "0.80")), {"target": D("0"), "target_year": 2030}),  # zero target
    (pts((2021, "12.03"), (2025, "12.50")), {}),  # moving away
    (pts((2020, "12"), (2024, "12")), {"target": D("11")}),  # unchanged
    (pts((2020, "50"), (2021, "0")), {"direction": "higher", "target": D("72")}),  # latest 0
    (pts((2020, "1"), (2021, "1.0001")), {"direction": "higher", "target": D("2")}),  # horizon
    (pts((2020, "10"), (2024, "12")), {"target": D("11"), "target_year": 2030}),  # corrected CR
    (pts((2020, "10"), (2024, "8")), {"direction": "higher", "target": D("9")}),  # corrected CR
    (pts((2020, "12"), (2025, "13")), {"target": D("12"), "target_year": 2030}),
    (pts((2020, "5"), (2024, "-3")), {"target": D("-5")}),
    (pts((2020, "5"), (2024, "4")), {"target": D("-1")}),
    (pts((2020, "0"), (2024, "4")), {"target": D("1")}),
    (pts((2020, "5"), (2024, "4")), {"target_year": 2024}),
    (pts((2020, "5"), (2024, "4")), {"base_year": 2024}),
    (pts((2020, "5"), (2024, "4")), {"base_year": 2022}),
    (pts((2020, "5"), (2024, "4")), {"base_year": 2030}),
    (LAMONGAN_2021_2025, {"base_year": 2021, "plan": "rpjmd-3524-2021"}),  # a plan's base year
    (pts((2020, "5"), (2024, "4")), {"base_year": 2022, "plan": "rpjmd-3524-2021"}),
    (pts((2020, "5")), {}),
    ([], {}),
    (pts((2020, "5"), (2020, "6")), {}),
    (pts((2020, "NaN"), (2024, "4")), {}),
    (pts((2020, "5"), (2024, "4")), {"target": D("Infinity")}),
]


@pytest.mark.parametrize(("points", "kwargs"), SCENARIOS)
@pytest.mark.parametrize("method", METHODS)
def test_texts_are_their_phrases(
    points: list[tuple[int, Decimal]], kwargs: dict[str, object], method: Method
) -> None:
    target = kwargs.get("target", D("11.95"))
    target_year = kwargs.get("target_year", 2026)
    base_year = kwargs.get("base_year")
    direction = kwargs.get("direction", "lower")
    plan = kwargs.get("plan")
    assert isinstance(target, Decimal)
    assert isinstance(target_year, int)
    assert base_year is None or isinstance(base_year, int)
    assert plan is None or isinstance(plan, str)
    result = assess(
        points,
        direction="higher" if direction == "higher" else "lower",
        target_year=target_year,
        target=target,
        method=method,
        base_year=base_year,
        plan=plan,
    )
    check_phrases(result)


def test_scenarios_cover_every_phrase() -> None:
    """Each template of PHRASES is used by at least one scenario above."""
    used: set[str] = set()

    def collect(phrase: Phrase | None) -> None:
        if phrase is None:
            return
        used.add(phrase.key)
        for _, value in phrase.params:
            if isinstance(value, Phrase):
                collect(value)

    for points, kwargs in SCENARIOS:
        for method in METHODS:
            target = kwargs.get("target", D("11.95"))
            target_year = kwargs.get("target_year", 2026)
            base_year = kwargs.get("base_year")
            plan = kwargs.get("plan")
            assert isinstance(target, Decimal)
            assert isinstance(target_year, int)
            assert base_year is None or isinstance(base_year, int)
            assert plan is None or isinstance(plan, str)
            result = assess(
                points,
                direction="higher" if kwargs.get("direction") == "higher" else "lower",
                target_year=target_year,
                target=target,
                method=method,
                base_year=base_year,
                plan=plan,
            )
            collect(result.reason_phrase)
            collect(result.projection_note_phrase)
            for phrases in result.step_phrases:
                collect(phrases.formula)
                collect(phrases.value)
    assert used == set(PHRASES)


def test_method_names_are_phrases() -> None:
    for method, thresholds in THRESHOLDS.items():
        assert PHRASES[f"method.{method}"] == thresholds.name
        bands = thresholds.band_phrases()
        assert [bands[band].text() for band, _, _ in thresholds.bands()] == [
            text for _, text, _ in thresholds.bands()
        ]


def test_phrase_text_with_a_translation() -> None:
    """translate(key, params) gets every parameter as text, nested phrases translated first."""
    result = assess(
        pts((2020, "5"), (2024, "4")), direction="lower", target_year=2026, target=D("-1")
    )
    seen: list[tuple[str, dict[str, str]]] = []

    def translate(key: str, params: dict[str, str]) -> str:
        seen.append((key, params))
        return f"<{key}>"

    status = result.step_phrases[-1].formula
    assert status.text(translate) == "<formula.cannot_assess>"
    assert seen == [
        (
            "reason.mixed_signs_target",
            {"target": "-1", "base_year": "2020", "base_value": "5"},
        ),
        (
            "formula.cannot_assess",
            {"code": "mixed_signs", "reason": "<reason.mixed_signs_target>"},
        ),
    ]


def test_phrase_text_with_a_value_formatter() -> None:
    """value_text writes every non-phrase parameter, nested phrases included."""
    result = assess(
        pts((2020, "5"), (2024, "4")), direction="lower", target_year=2026, target=D("-1")
    )
    status = result.step_phrases[-1].formula

    def marked(value: Decimal | int | str | None) -> str:
        return f"<{value}>"

    assert status.text(value_text=marked) == (
        "cannot assess (<mixed_signs>): the target <-1> and the base value in <2020> (<5>) have "
        "different signs: the growth model needs all values of one sign"
    )


def test_phrases_do_not_take_part_in_equality() -> None:
    a = assess(LAMONGAN_2021_2025, direction="lower", target_year=2026, target=D("11.95"))
    b = dataclasses.replace(a, step_phrases=(), reason_phrase=None, projection_note_phrase=None)
    assert a == b


@given(
    points=st.lists(st.tuples(st.integers(2000, 2030), non_negative), max_size=6),
    direction=st.sampled_from(("lower", "higher")),
    target_year=st.integers(2000, 2060),
    target=non_negative,
    base_year=st.none() | st.integers(2000, 2030),
)
def test_texts_are_their_phrases_always(
    points: list[tuple[int, Decimal]],
    direction: str,
    target_year: int,
    target: Decimal,
    base_year: int | None,
) -> None:
    result = assess(
        points,
        direction="lower" if direction == "lower" else "higher",
        target_year=target_year,
        target=target,
        base_year=base_year,
    )
    check_phrases(result)
