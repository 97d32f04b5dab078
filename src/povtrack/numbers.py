"""Exact decimal arithmetic helpers: rounding half away from zero, plain decimal text.

`plain` and `signed` are locale-neutral (machine formats); numbers for people go through
`povtrack.i18n.number`, which `grouped` calls."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Final

HUNDRED: Final = Decimal(100)
ZERO: Final = Decimal(0)


@lru_cache(maxsize=16)
def _quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def rnd(number: Decimal, decimals: int) -> Decimal:
    """Round half away from zero (Decimal's ROUND_HALF_UP) to `decimals` places.

    `-0.00` becomes `0.00`: a rounded change of nothing has no sign."""
    result = number.quantize(_quantum(decimals), rounding=ROUND_HALF_UP)
    return result.copy_abs() if result.is_zero() else result


def plain(number: Decimal) -> str:
    """A decimal as plain text, never in exponent form: `-0.11`, `0.00001`, `543475`."""
    text = f"{number:f}"
    return "0" if text in ("-0", "+0") else text


def signed(number: Decimal) -> str:
    """`+0.75`, `-1.33`, `0.00`."""
    text = plain(number)
    return text if number <= 0 else f"+{text}"


def grouped(number: Decimal) -> str:
    """A number for people in the current language, with thousands separators: `543,475` and
    `1,234.56` in English, `543.475` and `1.234,56` in Indonesian (`i18n.number`). Never for
    machine formats: those use `plain`."""
    from povtrack.i18n import number as human

    return human(number)
