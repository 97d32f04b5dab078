"""Which characters a name, code, source or note may not hold: defined once, for the rules
that refuse them (`povtrack.io.rules`), the JSON Schema's text pattern
(`povtrack.model.records.TEXT_PATTERN`), and the outputs that escape them (`povtrack.io.output`
for the terminal, `povtrack.render.json_safe` for JSON).

Each is the body of a regular-expression character class in `\\uXXXX` escapes, which Python's
`re` and JSON Schema's (ECMA 262) regular expressions both read."""

from __future__ import annotations

from typing import Final

#: Control characters: C0 (tab and newline among them), DEL, C1.
CONTROL: Final = r"\u0000-\u001f\u007f-\u009f"
#: C0 without tab and newline, DEL, C1: what a multi-line text for the terminal may not hold.
CONTROL_BUT_LAYOUT: Final = r"\u0000-\u0008\u000b-\u001f\u007f-\u009f"
#: DEL and C1: the control characters that JSON allows raw in a string.
CONTROL_RAW_IN_JSON: Final = r"\u007f-\u009f"
#: Characters that show nothing or reorder text: the bidi marks (U+061C, U+200E, U+200F),
#: zero-width space and joiners, line and paragraph separators, bidi embeddings, overrides and
#: isolates, the word joiner, and U+FEFF inside a text. Each can make two texts that look the
#: same differ ("3524" and "3524" followed by a zero-width space), or drive what a terminal
#: shows.
INVISIBLE: Final = r"\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff"
