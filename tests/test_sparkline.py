"""Sparklines: eight heights, gaps as spaces, None-safe, exact, and readable without colour."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Final

import pytest
from hypothesis import given
from hypothesis import strategies as st

from povtrack import i18n
from povtrack.io.loader import load
from povtrack.render.sparkline import BLOCKS, FLAT, GAP, by_year, caption, sparkline

D = Decimal
BUNDLED: Final = (
    Path(__file__).resolve().parents[1] / "src" / "povtrack" / "data" / "indicators.json"
)


@pytest.fixture(autouse=True)
def _english() -> object:
    i18n.set_lang("en")
    yield None
    i18n.set_lang("en")


def test_eight_heights_lowest_to_highest() -> None:
    assert sparkline([D(v) for v in range(8)]) == "▁▂▃▄▅▆▇█"
    assert sparkline([D(7 - v) for v in range(8)]) == "█▇▆▅▄▃▂▁"


def test_none_is_a_gap_and_never_bridged() -> None:
    assert sparkline([D("14.42"), None, D("13.85"), D("12.03")]) == "█ ▆▁"
    assert sparkline([None, D(1), None, None, D(2), None]) == " ▁  █ "


def test_edge_cases() -> None:
    assert sparkline([]) == ""
    assert sparkline([None, None]) == "  "
    assert sparkline([D(5)]) == FLAT
    assert sparkline([D(5), D("5.00"), None, D(5)]) == FLAT + FLAT + GAP + FLAT
    assert sparkline([0, 7]) == "▁█"  # ints too
    assert sparkline([D(-3), D(-1)]) == "▁█"  # negative values


def test_heights_round_half_away_from_zero_in_exact_decimals() -> None:
    # 1 of 2 is level 3.5 of 7: rounds up to 4 (not to the even 4-or-3 of binary floats)
    assert sparkline([D(0), D(1), D(2)]) == "▁▅█"
    # 0.1 + 0.2 steps that binary floats would smear: 0.3 is exactly 3/7 of 0.7
    assert sparkline([D("0.0"), D("0.3"), D("0.7")]) == "▁▄█"


def test_by_year_fills_missing_years_with_gaps_and_drops_future_targets() -> None:
    points: list[tuple[int, Decimal | None]] = [
        (2017, D("14.42")),
        (2020, D("13.85")),
        (2021, D("13.86")),
        (2022, D("12.53")),
        (2023, D("12.42")),
        (2026, None),  # a target only: the future, not a gap
    ]
    drawn = by_year(points)
    assert drawn is not None
    first, last, line = drawn
    assert (first, last) == (2017, 2023)
    assert len(line) == 2023 - 2017 + 1
    assert line[1:3] == "  "  # 2018 and 2019
    assert line[0] == "█"
    assert line[-1] == "▁"
    assert by_year([(2020, None)]) is None
    assert by_year([]) is None


def test_caption_of_the_bundled_lamongan_series() -> None:
    dataset, _ = load(str(BUNDLED))
    records = dataset.series[("p0", "3524", None, ())]
    points = [(rec.year, rec.value) for rec in records]
    text = caption(points)
    assert text == ("2011 █▇▆ ▅▅▄  ▃▃▂▂▁▁ 2025 · lowest 12.03 (2025), highest 17.40 (2011)")
    assert "\x1b" not in text  # no colour or terminal escape: the characters say it all


def test_caption_in_indonesian_has_decimal_commas() -> None:
    i18n.set_lang("id")
    text = caption([(2022, D("12.53")), (2023, D("12.42"))])
    assert text == "2022 █▁ 2023 · terendah 12,42 (2023), tertinggi 12,53 (2022)"


def test_caption_with_one_value_or_none() -> None:
    assert caption([(2023, D("12.42"))]) == "2023 ▄ · only one year with a value"
    assert caption([(2023, None)]) is None


def test_caption_takes_a_number_format() -> None:
    text = caption([(2022, D("1")), (2023, D("2"))], fmt=lambda n: f"<{n}>")
    assert text is not None
    assert "lowest <1> (2022), highest <2> (2023)" in text


values = st.lists(
    st.one_of(st.none(), st.decimals(min_value=-1000, max_value=1000, places=3)), max_size=40
)


@given(values)
def test_properties(points: list[Decimal | None]) -> None:
    line = sparkline(points)
    assert len(line) == len(points)
    for value, char in zip(points, line, strict=True):
        assert (char == GAP) == (value is None)
        assert char == GAP or char in BLOCKS
    numbers = [v for v in points if v is not None]
    if numbers and min(numbers) != max(numbers):
        assert line[points.index(min(numbers))] == BLOCKS[0]
        assert line[points.index(max(numbers))] == BLOCKS[-1]
    # higher values never get lower blocks
    pairs = [(v, BLOCKS.index(c)) for v, c in zip(points, line, strict=True) if v is not None]
    for a, level_a in pairs:
        for b, level_b in pairs:
            if a < b:
                assert level_a <= level_b
