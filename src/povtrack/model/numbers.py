"""Exact decimal constants and plain decimal text for machine formats.

Numbers for people go through `povtrack.i18n.number` (and `amount`, `percent`, `rupiah`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

HUNDRED: Final = Decimal(100)
ZERO: Final = Decimal(0)


def plain(number: Decimal) -> str:
    """A decimal as plain text, never in exponent form: `-0.11`, `0.00001`, `543475`."""
    text = f"{number:f}"
    return "0" if text in ("-0", "+0") else text
