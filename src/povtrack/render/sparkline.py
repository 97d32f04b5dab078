"""Sparklines: a series' values over the years as one line of block characters, `█▇▆ ▅▄▄`.

Eight heights (`▁▂▃▄▅▆▇█`), the lowest value of the series at `▁` and the highest at `█`; a
year without a value is a space, so a gap is seen as a gap and never bridged. The characters
carry the whole message: no colour is needed to read them. Heights are computed in exact
decimal arithmetic and rounded half away from zero, so the same data always gives the same
line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from povtrack import i18n

BLOCKS: Final = "▁▂▃▄▅▆▇█"
GAP: Final = " "
#: The block of a series whose values are all equal (no up or down to show): the middle one.
FLAT: Final = BLOCKS[3]


def sparkline(values: Sequence[Decimal | int | None]) -> str:
    """One character per value: `▁` for the lowest, `█` for the highest, a space for None.

    `[14.42, None, 13.85, 12.03]` is `█ ▆▁`. All-equal values (or a single one) give the middle
    block; no values at all give only spaces; an empty sequence gives an empty string."""
    numbers = [Decimal(v) for v in values if v is not None]
    if not numbers:
        return GAP * len(values)
    low, high = min(numbers), max(numbers)
    span = high - low
    top = len(BLOCKS) - 1
    chars = []
    for value in values:
        if value is None:
            chars.append(GAP)
        elif not span:
            chars.append(FLAT)
        else:
            level = ((Decimal(value) - low) / span * top).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
            chars.append(BLOCKS[int(level)])
    return "".join(chars)


def by_year(points: Iterable[tuple[int, Decimal | None]]) -> tuple[int, int, str] | None:
    """The sparkline of (year, value) points over every year from the first to the last year
    with a value: a year that is missing or has no value is a space. Returns (first year, last
    year, line), or None when no point has a value. Years before the first and after the last
    value (a future target, say) are left out: they are not gaps in the figures."""
    values: dict[int, Decimal] = {}
    for year, value in points:
        if value is not None:
            values[year] = value
    if not values:
        return None
    first, last = min(values), max(values)
    return first, last, sparkline([values.get(year) for year in range(first, last + 1)])


def caption(
    points: Iterable[tuple[int, Decimal | None]],
    fmt: Callable[[Decimal], str] | None = None,
) -> str | None:
    """`2011 █▇▆ ▅▄▄  ▃▃▂▁▁ 2025 · lowest 12.03 (2025), highest 17.40 (2011)`: the sparkline
    between its first and last year, with the scale it was drawn on, in the current language.
    `fmt` formats a number (default: `i18n.number`, the language's decimal separator). The
    lowest and highest are the latest year of that value. None when there is no value."""
    pairs = [(year, value) for year, value in points if value is not None]
    drawn = by_year(pairs)
    if drawn is None:
        return None
    first, last, line = drawn
    show: Callable[[Decimal], str] = fmt or i18n.number
    if first == last:
        return i18n.t("{first} {line} · only one year with a value", first=first, line=line)
    low = min(value for _, value in pairs)
    high = max(value for _, value in pairs)
    low_year = max(year for year, value in pairs if value == low)
    high_year = max(year for year, value in pairs if value == high)
    return i18n.t(
        "{first} {line} {last} · lowest {low} ({low_year}), highest {high} ({high_year})",
        first=first,
        line=line,
        last=last,
        low=show(low),
        low_year=low_year,
        high=show(high),
        high_year=high_year,
    )
