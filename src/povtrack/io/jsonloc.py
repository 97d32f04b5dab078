"""A located JSON parser: every value comes back with its line, column and offset.

Python's :mod:`json` module and jiter (the loader's reader) cannot say *where* a value is, and
jiter's error texts are its own, so povtrack uses this module (the "located path") only when a
data file has problems: every problem is then reported with the position of the offending value,
in povtrack's words.  It is pure Python, standard library only, and follows RFC 8259 strictly:

* no comments, single quotes, trailing commas, leading zeros, ``+1``, ``.5``, ``1.``, ``NaN`` or
  ``Infinity``; whitespace is only space, tab, LF and CR;
* strings may not contain raw U+0000–U+001F; escapes are ``\\" \\\\ \\/ \\b \\f \\n \\r \\t
  \\uXXXX``, surrogate pairs combine and a lone surrogate escape is an error;
* numbers are kept exactly as :class:`~decimal.Decimal` (``4.90`` stays ``Decimal("4.90")``) along
  with their source text;
* duplicate keys are kept, in document order.

Positions: ``line`` and ``column`` are 1-based, ``offset`` is 0-based; columns and offsets count
characters (Unicode code points) of the decoded text, not bytes.  A ``"\\r\\n"`` is one line
break and a lone ``"\\r"`` is a line break too.

The parser (`_Parser`) is a recursive descent with one method per JSON construct: `document`,
`value`, `object` (with `key`), `array`; each raises the error that says what it expected and
what it found.  Nesting deeper than ``max_depth`` (64; at most ``MAX_DEPTH``, well within
Python's recursion limit) is reported as ``nested-too-deep``.  It never raises anything but
:class:`JSONLocError` for bad input (and :class:`TypeError` when it is not given
``str``/``bytes``).  It is written to be read rather than to be fast: clean files never reach
it (``povtrack.io.loader``), and in a file that jiter reads only the elements with a problem are
parsed (:func:`element_starts` finds them, :class:`ValueReader` reads one).

Error messages are worded in the current language of :mod:`povtrack.i18n` (English unless a
command chose Bahasa Indonesia); the error codes never change.
"""

from __future__ import annotations

import gc
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from typing import Any, Final

from povtrack import i18n
from povtrack.i18n import N_

_JSONLOC_NUMBER: Final = {
    "invalid": N_("this is not a valid number"),
    "leading_zeros": N_("a number cannot have leading zeros"),
    "minus": N_("expected a digit after '-'"),
    "no_exponent_digit": N_("the exponent of a number needs at least one digit"),
    "no_fraction_digit": N_("a number needs at least one digit after the decimal point"),
    "no_leading_digit": N_("a number needs a digit before the decimal point (write 0.5, not .5)"),
    "plus": N_("a number cannot start with '+'"),
}

__all__ = [
    "MAX_DEPTH",
    "JSONLocError",
    "Key",
    "Node",
    "ValueReader",
    "char_offset",
    "decode_bytes",
    "element_starts",
    "had_bom",
    "line_col",
    "parse",
    "parse_bytes",
]

DEFAULT_MAX_DEPTH: Final = 64
#: The parser reads nested values by calling itself (three calls a level): a limit higher
#: than this would meet Python's recursion limit before its own error.
MAX_DEPTH: Final = 250


_UTF8_BOM: Final = b"\xef\xbb\xbf"

# Decimal(text) is exact whatever the context; this one only makes sure that a number beyond what
# Decimal can hold (an exponent past about 10**18) raises instead of becoming NaN, even when the
# caller's context does not trap InvalidOperation.
_DECIMAL_CONTEXT: Final = Context(traps=[InvalidOperation])


class JSONLocError(Exception):
    """Malformed input, with the position of the problem.

    Attributes:
        code: one of ``"empty-file"``, ``"encoding"``, ``"json-syntax"``, ``"not-a-number"``,
            ``"nested-too-deep"``, ``"invalid-string"``.
        message: a sentence for a non-programmer, without the position.
        line: 1-based line of the problem.
        column: 1-based column, in characters.
        offset: 0-based character offset in the decoded text.

    ``str(error)`` is ``"line L, column C: message"``.
    """

    code: str
    message: str
    line: int
    column: int
    offset: int

    def __init__(self, code: str, message: str, line: int, column: int, offset: int) -> None:
        super().__init__(code, message, line, column, offset)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset

    def __str__(self) -> str:
        return i18n.t(
            "line {line}, column {column}: {message}",
            line=self.line,
            column=self.column,
            message=self.message,
        )


@dataclass(slots=True)
class Key:
    """An object key (member name) and the position of its opening quote."""

    name: str
    line: int
    column: int
    offset: int


@dataclass(slots=True)
class Node:
    """A JSON value and the position of its first character.

    ``value`` by ``kind``:

    * ``"object"``: ``list[tuple[Key, Node]]`` in document order, duplicate keys kept;
    * ``"array"``: ``list[Node]``;
    * ``"string"``: ``str``;
    * ``"number"``: :class:`~decimal.Decimal`, exact (``raw`` holds the source text and
      ``is_int`` is true when the text has no fraction and no exponent);
    * ``"bool"``: ``bool``;
    * ``"null"``: ``None``.
    """

    kind: str
    value: object
    line: int
    column: int
    offset: int
    raw: str | None = None
    is_int: bool = False


# --------------------------------------------------------------------------------------------
# Positions
# --------------------------------------------------------------------------------------------


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based ``(line, column)`` of character ``offset`` in ``text``.

    Lines are broken by ``"\\n"``, ``"\\r\\n"`` (one break) and a lone ``"\\r"``.  The column counts
    characters (code points).  ``offset`` is clamped to ``0..len(text)``.
    """
    offset = max(0, min(offset, len(text)))
    breaks = text.count("\n", 0, offset)
    last = text.rfind("\n", 0, offset)
    if "\r" in text:
        # A "\r" is a break of its own unless a "\n" follows it (then that "\n" is the break).
        lone_cr = text.count("\r", 0, offset) - text.count("\r\n", 0, min(offset + 1, len(text)))
        breaks += lone_cr
        r = text.rfind("\r", 0, offset)
        # Skip a "\r" that is the first half of a "\r\n" whose "\n" is at or after offset.
        while r >= 0 and r + 1 >= offset and text.startswith("\n", r + 1):
            r = text.rfind("\r", 0, r)
        last = max(last, r)
    return breaks + 1, offset - last


def _breaks(text: str, start: int, end: int, has_cr: bool) -> tuple[int, int]:
    """Line breaks in the whitespace run ``text[start:end]`` and the offset after the last one."""
    if has_cr:
        count = (
            text.count("\n", start, end)
            + text.count("\r", start, end)
            - text.count("\r\n", start, end)
        )
        return count, max(text.rfind("\n", start, end), text.rfind("\r", start, end)) + 1
    return text.count("\n", start, end), text.rfind("\n", start, end) + 1


# --------------------------------------------------------------------------------------------
# Bytes -> text
# --------------------------------------------------------------------------------------------


def had_bom(data: bytes) -> bool:
    """True when ``data`` starts with a UTF-8 byte order mark (which :func:`decode_bytes` drops)."""
    return data.startswith(_UTF8_BOM)


def _wide_encoding(data: bytes) -> str | None:
    """Name the UTF-16/UTF-32 encoding of ``data`` if its BOM or NUL-byte pattern shows one."""
    head = data[:4]
    if head in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"):
        return "UTF-32"
    if head.startswith((b"\xfe\xff", b"\xff\xfe")):
        return "UTF-16"
    zero = [b == 0 for b in head]
    # RFC 4627 section 3: JSON text starts with two ASCII characters, so the NULs show the width.
    if zero in ([True, True, True, False], [False, True, True, True]):
        return "UTF-32"
    if len(zero) >= 2 and zero[0] != zero[1]:
        return "UTF-16"
    return None


def decode_bytes(data: bytes) -> str:
    """Decode a JSON file's bytes as UTF-8, dropping a UTF-8 byte order mark.

    Raises :class:`JSONLocError` with code ``"encoding"`` for UTF-16/UTF-32 data (detected by
    byte order mark or by the NUL bytes among the first four bytes) and for invalid UTF-8, where
    the error points at the first bad byte (its line and column in characters, as :func:`parse`
    would count them, and the character offset in the decoded text).
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"decode_bytes() needs bytes, not {type(data).__name__}")
    data = bytes(data)
    wide = _wide_encoding(data)
    if wide is not None:
        raise JSONLocError(
            "encoding",
            i18n.t("the file is {encoding} encoded; save it as UTF-8", encoding=wide),
            1,
            1,
            0,
        )
    start = 3 if data.startswith(_UTF8_BOM) else 0
    view = memoryview(data)[start:]
    try:
        return str(view, "utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start  # relative to view
        prefix = str(view[:bad], "utf-8")  # valid: the first error is at ``bad``
        line, column = line_col(prefix, len(prefix))
        byte = view[bad]
        raise JSONLocError(
            "encoding",
            i18n.t(
                "the file is not valid UTF-8: the byte 0x{byte} at line {line}, "
                "column {column} is not part of a UTF-8 character (the file may "
                "have been saved as Windows-1252 or Latin-1); save it as UTF-8",
                byte=f"{byte:02X}",
                line=line,
                column=column,
            ),
            line,
            column,
            len(prefix),
        ) from None


def char_offset(data: bytes, byte_offset: int) -> int:
    """Map a byte offset in UTF-8 ``data`` to the character offset in ``decode_bytes(data)``.

    For a byte in the middle of a multi-byte character, the offset of that character.  Useful
    to turn a C decoder's byte position into something :func:`line_col` understands.
    """
    start = 3 if data.startswith(_UTF8_BOM) else 0
    end = max(start, min(byte_offset, len(data)))
    return len(bytes(data[start:end]).decode("utf-8", errors="ignore"))


# --------------------------------------------------------------------------------------------
# Regular expressions
# --------------------------------------------------------------------------------------------

_WS_RE: Final = re.compile(r"[ \t\n\r]*+")
# A run of characters that may appear unescaped in a string (raw surrogates are refused too: they
# can only come from a str built by hand and cannot be written back as UTF-8).
_STR_RUN_RE: Final = re.compile(r'[^"\\\x00-\x1f\ud800-\udfff]*+')
_NUMBER_RE: Final = re.compile(r"-?(?:0|[1-9][0-9]*+)(\.[0-9]++)?([eE][-+]?[0-9]++)?")
# What a number or a literal looks like to a reader: used to decide what was found.
_WORD_RE: Final = re.compile(r"[-+.0-9A-Za-z_]*+")
_HEX4_RE: Final = re.compile(r"[0-9a-fA-F]{4}")
_NAN_RE: Final = re.compile(r"[-+]?(?:nan|inf|infinity)", re.IGNORECASE)

_ESCAPES: Final = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}

# (container list, is object, container node)
_Frame = tuple[list[Any], bool, Node]


# --------------------------------------------------------------------------------------------
# Error helpers
# --------------------------------------------------------------------------------------------


def _error(text: str, code: str, message: str, offset: int) -> JSONLocError:
    line, column = line_col(text, offset)
    return JSONLocError(code, message, line, column, offset)


def _unterminated(text: str, start: int) -> JSONLocError:
    """The string opened at ``start`` never closes; placed at its opening quote."""
    line, column = line_col(text, start)
    return JSONLocError(
        "json-syntax",
        i18n.t(
            "unterminated string starting at line {line} column {column}",
            line=line,
            column=column,
        ),
        line,
        column,
        start,
    )


def _shorten(s: str, limit: int = 30) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _quote(name: str) -> str:
    return json.dumps(_shorten(name, 40), ensure_ascii=False)


def _found(text: str, pos: int) -> str:
    """Describe what is at ``pos`` for an error message."""
    if pos >= len(text):
        return i18n.t("the end of the file")
    c = text[pos]
    if c.isascii() and (c.isalnum() or c in "-+._"):
        m = _WORD_RE.match(text, pos)
        word = m.group() if m is not None else c
        return f"'{_shorten(word)}'"
    if c == "'":
        return i18n.t("a single quote (')")
    cat = unicodedata.category(c)
    if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp") or c == "\ufeff":
        name = unicodedata.name(c, "")
        what = f" ({name.lower()})" if name else ""
        return i18n.t("the invisible character U+{code}{name}", code=f"{ord(c):04X}", name=what)
    return f"'{c}'"


def _unclosed(text: str, pos: int, stack: list[_Frame]) -> str:
    """A hint naming the innermost open container, for the end of the text or a wrong bracket."""
    if not stack or (pos < len(text) and text[pos] not in "}]"):
        return ""
    node = stack[-1][2]
    bracket = "{" if node.kind == "object" else "["
    if pos >= len(text):
        return i18n.t(
            " (the '{bracket}' at line {line}, column {column} is never closed)",
            bracket=bracket,
            line=node.line,
            column=node.column,
        )
    if (bracket == "{") == (text[pos] == "}"):
        return ""
    return i18n.t(
        " (the '{bracket}' at line {line}, column {column} is still open)",
        bracket=bracket,
        line=node.line,
        column=node.column,
    )


def _value_error(
    text: str, pos: int, stack: list[_Frame], in_obj: bool, key: Key | None
) -> JSONLocError:
    """The error for a position where a value was expected but none can be read."""
    if not stack:
        where = i18n.t(
            "expected a JSON value (an object, array, string, number, true, false or null)"
        )
    elif in_obj:
        name = _quote(key.name) if key is not None else i18n.t("the key")
        where = i18n.t("expected a value for {name} after ':'", name=name)
    elif stack[-1][0]:
        where = i18n.t("expected a value in the array after ','")
    else:
        where = i18n.t("expected a value or ']'")
    found = _found(text, pos)
    if pos >= len(text) or text[pos] in "}]":
        hint = _unclosed(text, pos, stack)
        return _error(
            text,
            "json-syntax",
            i18n.t("{expected}, found {found}{hint}", expected=where, found=found, hint=hint),
            pos,
        )
    c = text[pos]
    if c == "'":
        return _error(
            text,
            "json-syntax",
            i18n.t(
                "text must be in double quotes (\"), not single quotes ('): "
                "{expected}, found {found}",
                expected=where,
                found=found,
            ),
            pos,
        )
    if c == "/":
        return _error(
            text,
            "json-syntax",
            i18n.t(
                "comments are not allowed in JSON: {expected}, found {found}",
                expected=where,
                found=found,
            ),
            pos,
        )
    if c.isascii() and (c.isalnum() or c in "-+._"):
        return _word_error(text, pos, where)
    return _error(
        text,
        "json-syntax",
        i18n.t("{expected}, found {found}{hint}", expected=where, found=found, hint=""),
        pos,
    )


def _word_error(text: str, pos: int, where: str) -> JSONLocError:
    """Explain a word or malformed number found where a value was expected."""
    m = _WORD_RE.match(text, pos)
    word = m.group() if m is not None else text[pos : pos + 1]
    shown = f"'{_shorten(word)}'"
    if _NAN_RE.fullmatch(word):
        return _error(
            text,
            "not-a-number",
            i18n.t(
                "{word} is not allowed in JSON; write null if there is no figure",
                word=_shorten(word),
            ),
            pos,
        )
    if word in ("True", "TRUE", "False", "FALSE"):
        return _error(
            text,
            "json-syntax",
            i18n.t("JSON writes true and false in lower case: found {found}", found=shown),
            pos,
        )
    if word in ("None", "NULL", "Null", "nil", "undefined"):
        return _error(
            text,
            "json-syntax",
            i18n.t("JSON writes a missing value as null: found {found}", found=shown),
            pos,
        )
    if word[0].isdigit() or word[0] in "-+.":
        if word[0] == "+":
            reason = "plus"
        elif word.startswith((".", "-.")):
            reason = "no_leading_digit"
        elif word[0] == "-" and not word[1:2].isdigit():
            reason = "minus"
        elif re.match(r"-?0[0-9]", word):
            reason = "leading_zeros"
        elif re.match(r"-?[0-9]+\.(?![0-9])", word):
            reason = "no_fraction_digit"
        elif re.match(r"-?[0-9]+(?:\.[0-9]+)?[eE][-+]?(?![0-9])", word):
            reason = "no_exponent_digit"
        else:
            reason = "invalid"
        message = i18n.t(
            "{reason}: found {found}", reason=i18n.t(_JSONLOC_NUMBER[reason]), found=shown
        )
        return _error(text, "json-syntax", message, pos)
    return _error(
        text,
        "json-syntax",
        i18n.t(
            "{expected}, found {found} (text values must be written in double quotes)",
            expected=where,
            found=shown,
        ),
        pos,
    )


# --------------------------------------------------------------------------------------------
# Strings
# --------------------------------------------------------------------------------------------


def _scan_string(text: str, start: int) -> tuple[str, int]:
    """Read the string whose opening quote is at ``start``; return its value and end offset."""
    n = len(text)
    pos = start + 1
    run = _STR_RUN_RE.match(text, pos)
    end = run.end() if run is not None else pos
    if end < n and text[end] == '"':
        return text[pos:end], end + 1
    chunks: list[str] = []
    while True:
        if end > pos:
            chunks.append(text[pos:end])
        if end >= n:
            raise _unterminated(text, start)
        c = text[end]
        if c == '"':
            return "".join(chunks), end + 1
        if c == "\\":
            esc = text[end + 1 : end + 2]
            simple = _ESCAPES.get(esc)
            if simple is not None:
                chunks.append(simple)
                pos = end + 2
            elif esc == "u":
                cp, pos = _unicode_escape(text, start, end)
                chunks.append(chr(cp))
            elif not esc:
                pos = end + 1  # end of text: reported as unterminated on the next turn
                end = n
                continue
            else:
                raise _error(
                    text,
                    "invalid-string",
                    i18n.t(
                        "invalid escape '\\{escape}' in a string (to write a backslash, use "
                        "'\\\\')",
                        escape=esc,
                    ),
                    end,
                )
        elif c in "\n\r":
            line, column = line_col(text, start)
            raise _error(
                text,
                "invalid-string",
                i18n.t(
                    "line break inside the string that starts at line {line} column "
                    "{column}: a closing '\"' may be missing (inside a string, write a "
                    "line break as \\n)",
                    line=line,
                    column=column,
                ),
                end,
            )
        elif c == "\t":
            raise _error(
                text, "invalid-string", i18n.t("a tab inside a string must be written as \\t"), end
            )
        elif c < " ":
            message = i18n.t(
                "control character U+{code} inside a string; write it as \\u{escape}",
                code=f"{ord(c):04X}",
                escape=f"{ord(c):04x}",
            )
            raise _error(text, "invalid-string", message, end)
        else:  # a raw surrogate code point (only possible in a str built by hand)
            raise _error(
                text,
                "invalid-string",
                i18n.t(
                    "the string contains the unpaired surrogate U+{code}, which is not a character",
                    code=f"{ord(c):04X}",
                ),
                end,
            )
        run = _STR_RUN_RE.match(text, pos)
        end = run.end() if run is not None else pos


def _unicode_escape(text: str, start: int, at: int) -> tuple[int, int]:
    """Decode the ``\\uXXXX`` escape (or surrogate pair) at ``at``; return (code point, end)."""
    n = len(text)
    if _HEX4_RE.match(text, at + 2) is None:
        tail = text[at + 2 : at + 6]
        if at + 6 > n and all(ch in "0123456789abcdefABCDEF" for ch in tail):
            raise _unterminated(text, start)
        raise _error(
            text,
            "invalid-string",
            i18n.t(
                "invalid escape '\\u{digits}' in a string: \\u must be followed by "
                "four hexadecimal digits",
                digits=_shorten(tail, 4),
            ),
            at,
        )
    cp = int(text[at + 2 : at + 6], 16)
    if 0xD800 <= cp <= 0xDBFF:
        if (
            text.startswith("\\u", at + 6)
            and _HEX4_RE.match(text, at + 8) is not None
            and 0xDC00 <= (low := int(text[at + 8 : at + 12], 16)) <= 0xDFFF
        ):
            return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00), at + 12
    elif not 0xDC00 <= cp <= 0xDFFF:
        return cp, at + 6
    raise _error(
        text,
        "invalid-string",
        i18n.t(
            "invalid escape '\\u{digits}' in a string: a lone UTF-16 surrogate is not a character",
            digits=text[at + 2 : at + 6],
        ),
        at,
    )


# --------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------


def parse_bytes(data: bytes, max_depth: int = DEFAULT_MAX_DEPTH) -> Node:
    """:func:`decode_bytes` then :func:`parse`."""
    return parse(decode_bytes(data), max_depth)


def parse(text: str, max_depth: int = DEFAULT_MAX_DEPTH) -> Node:
    """Parse a whole JSON document into a tree of located :class:`Node` values.

    Raises :class:`JSONLocError` at the first problem: ``empty-file`` (empty or whitespace-only
    text), ``json-syntax``, ``not-a-number`` (``NaN``, ``Infinity``, ``-Infinity``),
    ``invalid-string``, ``nested-too-deep`` (more than ``max_depth`` nested arrays/objects) or
    ``encoding`` (the text still starts with a byte order mark).

    The cyclic garbage collector is paused while parsing (the tree holds no cycles and millions of
    new objects would otherwise trigger many useless collections); it is restored afterwards.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() needs str, not {type(text).__name__}; use parse_bytes()")
    gc_was_enabled = gc.isenabled()
    if gc_was_enabled:
        gc.disable()
    try:
        return _parse(text, max_depth)
    finally:
        if gc_was_enabled:
            gc.enable()


def _parse(text: str, max_depth: int) -> Node:
    return _Parser(text, max_depth).document()


class _Parser:
    """Reads one JSON text into located nodes: a method for each JSON construct (a document, a
    value, an object with its keys, an array), each raising the error that says what it
    expected and found. `stack` holds the open objects and arrays (for the errors' hints: which
    bracket is still open); `line` and `line_start` follow the position through whitespace,
    the only place a JSON text may break a line."""

    def __init__(self, text: str, max_depth: int) -> None:
        if not 0 < max_depth <= MAX_DEPTH:
            raise ValueError(f"max_depth must be 1 to {MAX_DEPTH}, not {max_depth}")
        self.text = text
        self.max_depth = max_depth
        self.has_cr = "\r" in text
        self.pos = 0
        self.line = 1
        self.line_start = 0  # offset where the current line starts
        self.stack: list[_Frame] = []
        self.keys: dict[str, str] = {}  # one str object per distinct key

    def next_char(self) -> str:
        """Skip whitespace, counting line breaks; the character there ('' at the end)."""
        text, pos, end = self.text, self.pos, len(self.text)
        c = text[pos] if pos < end else ""
        while c == " " or c == "\t":  # the usual: a space between two tokens
            pos += 1
            c = text[pos] if pos < end else ""
        if c == "\n" or c == "\r":
            ws = _WS_RE.match(text, pos)
            stop = ws.end() if ws is not None else pos
            count, self.line_start = _breaks(text, pos, stop, self.has_cr)
            self.line += count
            pos = stop
            c = text[pos] if pos < end else ""
        self.pos = pos
        return c

    def document(self) -> Node:
        text = self.text
        c = self.next_char()
        if not c:
            message = (
                i18n.t("the file is empty")
                if not text
                else i18n.t("the file is empty (only whitespace)")
            )
            raise JSONLocError("empty-file", message, 1, 1, 0)
        if c == "\ufeff":
            raise _error(
                text,
                "encoding",
                i18n.t(
                    "the text starts with a byte order mark (U+FEFF) that was not "
                    "removed when the file was decoded; read the file with "
                    "parse_bytes()"
                ),
                self.pos,
            )
        root = self.value(None)
        if self.next_char():
            message = i18n.t(
                "extra data after the end of the JSON document: found {found}",
                found=_found(text, self.pos),
            )
            raise _error(text, "json-syntax", message, self.pos)
        return root

    def value(self, key: Key | None) -> Node:
        """The value at the position: `key` is the member's key when it is inside an object."""
        c = self.next_char()
        text, pos = self.text, self.pos
        line, column = self.line, pos - self.line_start + 1
        if c == '"':
            string, self.pos = _scan_string(text, pos)
            return Node("string", string, line, column, pos, None, False)
        if c == "{" or c == "[":
            if len(self.stack) >= self.max_depth:
                raise _too_deep(text, pos, self.max_depth)
            return self.object() if c == "{" else self.array()
        if c and c in "-0123456789":
            number = _NUMBER_RE.match(text, pos)
            word = _WORD_RE.match(text, pos)
            if number is None or word is None or number.end() != word.end():
                raise self.no_value(key)
            raw = number.group()
            try:
                dec = Decimal(raw, _DECIMAL_CONTEXT)
            except InvalidOperation:
                raise _huge_number(text, pos, raw) from None
            self.pos = number.end()
            whole = number.group(1) is None and number.group(2) is None
            return Node("number", dec, line, column, pos, raw, whole)
        word = _WORD_RE.match(text, pos)
        literal = _LITERALS.get(word.group()) if word is not None else None
        if word is None or literal is None:
            raise self.no_value(key)
        kind, content = literal
        self.pos = word.end()
        return Node(kind, content, line, column, pos, None, False)

    def no_value(self, key: Key | None) -> JSONLocError:
        in_object = bool(self.stack) and self.stack[-1][1]
        return _value_error(self.text, self.pos, self.stack, in_object, key)

    def open(self, kind: str) -> tuple[list[Any], Node]:
        """Step over `{` or `[`: its node, with the list that its members or elements fill."""
        content: list[Any] = []
        node = Node(kind, content, self.line, self.pos - self.line_start + 1, self.pos, None, False)
        self.stack.append((content, kind == "object", node))
        self.pos += 1
        return content, node

    def close(self, node: Node) -> Node:
        """Step over `}` or `]`."""
        self.stack.pop()
        self.pos += 1
        return node

    def object(self) -> Node:
        text = self.text
        members, node = self.open("object")
        c = self.next_char()
        if c == "}":
            return self.close(node)
        expected = N_("expected a key in double quotes or '}}'")
        while True:
            if c != '"':
                raise self.no_key(c, expected)
            key = self.key()
            if self.next_char() != ":":
                hint = _unclosed(text, self.pos, self.stack)
                message = i18n.t(
                    "expected ':' after the key {name}, found {found}{hint}",
                    name=_quote(key.name),
                    found=_found(text, self.pos),
                    hint=hint,
                )
                raise _error(text, "json-syntax", message, self.pos)
            self.pos += 1
            members.append((key, self.value(key)))
            c = self.next_char()
            if c == "}":
                return self.close(node)
            if c != ",":
                hint = _unclosed(text, self.pos, self.stack)
                message = i18n.t(
                    "expected ',' or '}}' after the value of {name}, found {found}{hint}",
                    name=_quote(key.name),
                    found=_found(text, self.pos),
                    hint=hint,
                )
                raise _error(text, "json-syntax", message, self.pos)
            comma = self.pos
            self.pos += 1
            c = self.next_char()
            if c == "}":
                raise _error(text, "json-syntax", i18n.t("trailing comma before '}}'"), comma)
            expected = N_("expected a key in double quotes after ','")

    def key(self) -> Key:
        name, end = _scan_string(self.text, self.pos)
        key = Key(
            self.keys.setdefault(name, name), self.line, self.pos - self.line_start + 1, self.pos
        )
        self.pos = end
        return key

    def no_key(self, c: str, expected_key: str) -> JSONLocError:
        """The error for something other than a key where one was expected."""
        text, pos = self.text, self.pos
        expected = i18n.t(expected_key)
        if c == "'":
            message = i18n.t(
                "keys must be in double quotes (\"), not single quotes ('): {expected}",
                expected=expected,
            )
        elif c.isascii() and (c.isalnum() or c == "_"):
            message = i18n.t(
                "{expected}, found {found} (keys must be written in double quotes)",
                expected=expected,
                found=_found(text, pos),
            )
        else:
            hint = (
                i18n.t(" (comments are not allowed in JSON)")
                if c == "/"
                else _unclosed(text, pos, self.stack)
            )
            message = i18n.t(
                "{expected}, found {found}{hint}",
                expected=expected,
                found=_found(text, pos),
                hint=hint,
            )
        return _error(text, "json-syntax", message, pos)

    def array(self) -> Node:
        text = self.text
        elements, node = self.open("array")
        if self.next_char() == "]":
            return self.close(node)
        while True:
            elements.append(self.value(None))
            c = self.next_char()
            if c == "]":
                return self.close(node)
            if c != ",":
                hint = _unclosed(text, self.pos, self.stack)
                message = i18n.t(
                    "expected ',' or ']' after item {item} of the array, found {found}{hint}",
                    item=len(elements),
                    found=_found(text, self.pos),
                    hint=hint,
                )
                raise _error(text, "json-syntax", message, self.pos)
            comma = self.pos
            self.pos += 1
            if self.next_char() == "]":
                raise _error(text, "json-syntax", i18n.t("trailing comma before ']'"), comma)


# --------------------------------------------------------------------------------------------
# Locating a few values of a large text
# --------------------------------------------------------------------------------------------

#: A JSON string, or one of the characters that open, close or separate: what a scan of a valid
#: text must see to know the nesting (brackets inside strings are skipped with the string).
_STRUCTURE_RE: Final = re.compile(r'"(?:[^"\\]|\\.)*+"|[\[\]{},:]')
#: A whole array element that holds no array or object (or an object that holds none): a
#: string, a number or literal, a flat object. The scan steps over it in one match.
_FLAT_RE: Final = re.compile(
    r'\{(?:[^{}\[\]"]++|"(?:[^"\\]|\\.)*+")*+\}|"(?:[^"\\]|\\.)*+"|[^\s{}\[\],"]++'
)


def element_starts(text: str) -> dict[str, list[int]]:
    """For each member of the top-level object whose value is an array, the offsets where the
    array's elements start (their first character). The text must be valid JSON (the loader's
    reader accepted it): this scan only follows strings and brackets, and steps over a flat
    element in one match, so that a problem in `records[51234]` is located by parsing that one
    record (`ValueReader`) instead of the whole file."""
    starts: dict[str, list[int]] = {}
    depth = 0
    expect_key = False
    key: str | None = None
    current: list[int] | None = None
    search, flat, whitespace = _STRUCTURE_RE.search, _FLAT_RE.match, _WS_RE.match
    pos = 0
    while (match := search(text, pos)) is not None:
        at, pos = match.start(), match.end()
        c = text[at]
        if c == '"':
            if depth == 1 and expect_key:
                key = json.loads(match.group())
                expect_key = False
            continue
        element = -1
        if c == "[" or c == "{":
            if depth == 1 and c == "[" and key is not None and key not in starts:
                current = starts[key] = []
                element = _end(whitespace(text, pos), pos)
                if text.startswith("]", element):
                    element = -1
            depth += 1
            if depth == 1:
                expect_key = True
        elif c == "]" or c == "}":
            depth -= 1
            if depth == 1:
                current = None
        elif c == ",":
            if depth == 1:
                expect_key = True
            elif depth == 2 and current is not None:
                element = _end(whitespace(text, pos), pos)
        if element >= 0 and current is not None:
            current.append(element)
            step = flat(text, element)
            if step is not None:
                pos = step.end()
    return starts


def _end(match: re.Match[str] | None, default: int) -> int:
    return match.end() if match is not None else default


def line_starts(text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """The line of each offset (in increasing order) and the offset where that line starts, as
    `line_col` counts them, in one pass over the text up to the last offset (so that locating
    many problems stays linear)."""
    has_cr = "\r" in text
    result: list[tuple[int, int]] = []
    line, line_start, done = 1, 0, 0
    for offset in offsets:
        if offset < done:
            raise ValueError("line_starts() needs the offsets in increasing order")
        count, after = _breaks(text, done, offset, has_cr)
        if count:
            line += count
            line_start = after
        done = offset
        result.append((line, line_start))
    return result


class ValueReader:
    """Reads single values of one whole text, each from the offset where it starts, located in
    that text (line, column and offset as `parse` gives them): see `element_starts`."""

    def __init__(self, text: str, max_depth: int = DEFAULT_MAX_DEPTH) -> None:
        self.text = text
        self.max_depth = max_depth
        self._parser = _Parser(text, max_depth)

    def read(self, offset: int, line: int, line_start: int, depth: int = 0) -> Node:
        """The value at `offset`, on `line`, which starts at `line_start` (see `line_starts`);
        `depth` is how many arrays and objects enclose it (2 for an element of a top-level
        array), so that `nested-too-deep` is raised as `parse` would. Raises JSONLocError."""
        parser = self._parser
        parser.stack = []
        parser.max_depth = max(1, self.max_depth - depth)
        parser.pos, parser.line, parser.line_start = offset, line, line_start
        return parser.value(None)


#: The words JSON has for values: their node's kind and content.
_LITERALS: Final[dict[str, tuple[str, bool | None]]] = {
    "true": ("bool", True),
    "false": ("bool", False),
    "null": ("null", None),
}


def _huge_number(text: str, pos: int, raw: str) -> JSONLocError:
    return _error(
        text,
        "json-syntax",
        i18n.t(
            "the number '{number}' is too large or too small to be handled "
            "(its exponent is out of range)",
            number=_shorten(raw),
        ),
        pos,
    )


def _too_deep(text: str, pos: int, max_depth: int) -> JSONLocError:
    return _error(
        text,
        "nested-too-deep",
        i18n.t(
            "the data is nested too deeply: more than {depth} levels of '[' and '{{'",
            depth=max_depth,
        ),
        pos,
    )
