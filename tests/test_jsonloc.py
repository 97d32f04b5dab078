"""Tests for povtrack.io.jsonloc, the located JSON parser."""

from __future__ import annotations

import bisect
import decimal
import json
import random
import re
import time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from povtrack.io import jsonloc
from povtrack.io.jsonloc import (
    MAX_DEPTH,
    JSONLocError,
    Key,
    Node,
    char_offset,
    decode_bytes,
    had_bom,
    line_col,
    parse,
    parse_bytes,
)

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


class _Pairs(list[tuple[str, Any]]):
    """What json.loads gives for an object when duplicate keys must be kept."""


def canon_json(value: Any) -> Any:
    """A comparable form of json.loads output (object_pairs_hook=_Pairs, numbers as Decimal)."""
    if isinstance(value, _Pairs):
        return ("object", [(k, canon_json(v)) for k, v in value])
    if isinstance(value, list):
        return ("array", [canon_json(v) for v in value])
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, Decimal):
        return ("number", str(value))
    if value is None:
        return ("null",)
    assert isinstance(value, str)
    return ("string", value)


def canon_node(node: Node) -> Any:
    """The same comparable form, from a Node tree (recursive: only for small trees)."""
    if node.kind == "object":
        assert isinstance(node.value, list)
        return ("object", [(k.name, canon_node(v)) for k, v in node.value])
    if node.kind == "array":
        assert isinstance(node.value, list)
        return ("array", [canon_node(v) for v in node.value])
    if node.kind == "bool":
        return ("bool", node.value)
    if node.kind == "number":
        assert isinstance(node.value, Decimal)
        return ("number", str(node.value))
    if node.kind == "null":
        return ("null",)
    assert node.kind == "string"
    return ("string", node.value)


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def loads_exact(text: str) -> Any:
    """json.loads with exact numbers, duplicate keys kept and NaN/Infinity refused."""
    return canon_json(
        json.loads(
            text,
            parse_float=Decimal,
            parse_int=Decimal,
            parse_constant=_no_constants,
            object_pairs_hook=_Pairs,
        )
    )


def json_refuses(text: str) -> bool:
    try:
        loads_exact(text)
    except ValueError:  # json.JSONDecodeError, or NaN/Infinity refused by _no_constants
        return True
    return False


def outcome(text: str) -> Node | JSONLocError:
    """parse(text), or the JSONLocError it raised (any other exception propagates)."""
    try:
        return parse(text)
    except JSONLocError as err:
        return err


def check_outcome_against_json(text: str) -> None:
    """Our parser and Python's json agree on ``text`` (where RFC 8259 and json agree)."""
    result = outcome(text)
    if isinstance(result, JSONLocError):
        assert (result.line, result.column) == line_col(text, result.offset)
        assert 0 <= result.offset <= len(text)
        if result.code == "empty-file":
            assert not text.strip(" \t\r\n")
        # json accepts NaN/Infinity (refused by loads_exact's hook) and lone surrogate escapes.
        if result.code != "not-a-number" and "surrogate" not in result.message:
            assert json_refuses(text), result
    else:
        assert canon_node(result) == loads_exact(text)
        check_positions(text, result)


def walk(node: Node) -> list[tuple[Key | None, Node]]:
    """All (key, node) pairs of a tree in document order, iteratively."""
    out: list[tuple[Key | None, Node]] = []
    todo: list[tuple[Key | None, Node]] = [(None, node)]
    while todo:
        key, current = todo.pop()
        out.append((key, current))
        if current.kind == "object":
            assert isinstance(current.value, list)
            todo.extend(reversed(current.value))
        elif current.kind == "array":
            assert isinstance(current.value, list)
            todo.extend((None, child) for child in reversed(current.value))
    return out


_FIRST_CHARS = {
    "object": "{",
    "array": "[",
    "string": '"',
    "number": "-0123456789",
    "bool": "tf",
    "null": "n",
}


class LineIndex:
    """An independent oracle for line/column: line starts found by a regex, then bisect."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def check_positions(text: str, root: Node) -> None:
    """Every node and key is where it says, by line/column and by offset."""
    index = LineIndex(text)
    for key, node in walk(root):
        assert (node.line, node.column) == index.line_col(node.offset)
        assert text[node.offset] in _FIRST_CHARS[node.kind]
        if node.kind == "number":
            assert node.raw is not None
            assert text.startswith(node.raw, node.offset)
        if key is not None:
            assert (key.line, key.column) == index.line_col(key.offset)
            assert text[key.offset] == '"'


def error_of(text: str, max_depth: int = 64) -> JSONLocError:
    with pytest.raises(JSONLocError) as info:
        parse(text, max_depth)
    return info.value


def pos_of(err: JSONLocError) -> tuple[str, int, int]:
    return err.code, err.line, err.column


def obj(node: Node) -> list[tuple[Key, Node]]:
    assert node.kind == "object"
    assert isinstance(node.value, list)
    return node.value


def arr(node: Node) -> list[Node]:
    assert node.kind == "array"
    assert isinstance(node.value, list)
    return node.value


def member(node: Node, name: str) -> Node:
    found = [v for k, v in obj(node) if k.name == name]
    assert len(found) == 1, name
    return found[0]


# ---------------------------------------------------------------------------------------------
# Values and positions
# ---------------------------------------------------------------------------------------------


def test_scalars_and_kinds() -> None:
    root = parse('{"s": "x", "n": 1, "t": true, "f": false, "z": null, "a": [], "o": {}}')
    kinds = [(k.name, v.kind, v.value) for k, v in obj(root)]
    assert kinds == [
        ("s", "string", "x"),
        ("n", "number", Decimal(1)),
        ("t", "bool", True),
        ("f", "bool", False),
        ("z", "null", None),
        ("a", "array", []),
        ("o", "object", []),
    ]
    for _, v in obj(root):
        assert v.raw == ("1" if v.kind == "number" else None)


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", Decimal(0)), ('"x"', "x"), ("true", True), ("false", False), ("null", None)],
)
def test_top_level_scalars(text: str, value: object) -> None:
    root = parse(f"  {text}\n")
    assert root.value == value
    assert (root.line, root.column, root.offset) == (1, 3, 2)


def test_positions_of_values_and_keys() -> None:
    text = '{\n  "name": "Aceh",\n  "values": [1, 2.5,\n    {"x": null}],\n  "ok": true\n}\n'
    root = parse(text)
    assert (root.line, root.column, root.offset) == (1, 1, 0)
    pairs = obj(root)
    assert [(k.name, k.line, k.column) for k, _ in pairs] == [
        ("name", 2, 3),
        ("values", 3, 3),
        ("ok", 5, 3),
    ]
    name = member(root, "name")
    assert (name.line, name.column) == (2, 11)
    values = arr(member(root, "values"))
    assert [(v.line, v.column) for v in values] == [(3, 14), (3, 17), (4, 5)]
    inner = obj(values[2])
    assert (inner[0][0].line, inner[0][0].column) == (4, 6)
    assert (inner[0][1].line, inner[0][1].column) == (4, 11)
    ok = member(root, "ok")
    assert (ok.line, ok.column) == (5, 9)
    check_positions(text, root)


def test_columns_count_characters_not_bytes() -> None:
    text = '{"kota": "Sémarang 😀", "nilai": 4.5, "catatan": "é"}'
    root = parse(text)
    nilai = member(root, "nilai")
    # Counted in code points: 'é' and '😀' are one column each.
    assert nilai.column == text.index("4.5") + 1 == 33  # byte column would be 37
    assert nilai.offset == 32
    catatan = member(root, "catatan")
    assert catatan.column == 49
    # The same through bytes: offsets are characters of the decoded text, not bytes.
    root_b = parse_bytes(text.encode("utf-8"))
    assert member(root_b, "nilai").column == 33
    assert member(root_b, "nilai").offset == 32
    check_positions(text, root)


def test_crlf_and_lone_cr_line_breaks() -> None:
    text = '{\r\n  "a": 1,\r\n  "b": [\r\n    2\r\n  ]\r\n}\r\n'
    root = parse(text)
    assert (member(root, "a").line, member(root, "a").column) == (2, 8)
    b = member(root, "b")
    assert (b.line, b.column) == (3, 8)
    assert (arr(b)[0].line, arr(b)[0].column) == (4, 5)
    check_positions(text, root)

    old_mac = "[1,\r2,\r\r 3]"
    root = parse(old_mac)
    assert [(v.line, v.column) for v in arr(root)] == [(1, 2), (2, 1), (4, 2)]
    check_positions(old_mac, root)


def test_line_col() -> None:
    text = "ab\ncd\r\nef\rg"
    assert line_col(text, 0) == (1, 1)
    assert line_col(text, 2) == (1, 3)  # the "\n" itself
    assert line_col(text, 3) == (2, 1)
    assert line_col(text, 5) == (2, 3)  # the "\r" of "\r\n"
    assert line_col(text, 6) == (2, 4)  # the "\n" of "\r\n": still line 2
    assert line_col(text, 7) == (3, 1)
    assert line_col(text, 10) == (4, 1)  # after a lone "\r"
    assert line_col(text, len(text)) == (4, 2)
    assert line_col(text, 10**9) == (4, 2)
    assert line_col("", 0) == (1, 1)


@given(st.text(alphabet="ab\r\n", max_size=20), st.integers(0, 25))
def test_line_col_matches_oracle(text: str, offset: int) -> None:
    offset = min(offset, len(text))
    assert line_col(text, offset) == LineIndex(text).line_col(offset)


def test_nested_containers_positions() -> None:
    text = '[[[]], {"a": {"b": [{}]}}]'
    root = parse(text)
    check_positions(text, root)
    b = member(member(arr(root)[1], "a"), "b")
    assert (b.column, arr(b)[0].column) == (20, 21)


def test_whitespace_everywhere() -> None:
    text = ' \t\r\n{ \r\n"a"\n:\t\r\n1 \n, "b" : [ \n"x" \r, true\n\n]\r\n\t}\t\n '
    root = parse(text)
    assert canon_node(root) == loads_exact(text)
    check_positions(text, root)


# ---------------------------------------------------------------------------------------------
# Exactness and duplicates
# ---------------------------------------------------------------------------------------------


def test_numbers_are_exact() -> None:
    big = "9" * 400
    root = parse(f"[4.90, {big}, 1e400, -0, -0.0, 1E-7, 2.5e+3, 0, 120]")
    values = arr(root)
    assert [v.raw for v in values] == [
        "4.90",
        big,
        "1e400",
        "-0",
        "-0.0",
        "1E-7",
        "2.5e+3",
        "0",
        "120",
    ]
    assert [str(v.value) for v in values] == [
        "4.90",
        big,
        "1E+400",
        "-0",
        "-0.0",
        "1E-7",
        "2.5E+3",
        "0",
        "120",
    ]
    assert values[0].value == Decimal("4.90")
    assert values[1].value == Decimal(big)
    assert [v.is_int for v in values] == [False, True, False, True, False, False, False, True, True]


def test_huge_exponent_and_long_number() -> None:
    digits = "1" + "0" * 100_000
    root = parse(f"[1e999999999999, -{digits}.5]")
    values = arr(root)
    assert values[0].value == Decimal("1e999999999999")
    assert values[1].value == Decimal(f"-{digits}.5")


@pytest.mark.parametrize("layout", ["[{}]", '{{"a": {}}}', "{}", '{{"a":\n{}}}'])
@pytest.mark.parametrize("trap", [True, False])
def test_exponent_out_of_range(layout: str, trap: bool) -> None:
    number = "1e99999999999999999999"
    text = layout.format(number)
    with decimal.localcontext() as ctx:
        ctx.traps[decimal.InvalidOperation] = trap  # the caller's context does not matter
        err = error_of(text)
    assert pos_of(err) == ("json-syntax", *line_col(text, text.index(number)))
    assert "too large" in err.message


def test_duplicate_keys_kept_in_order() -> None:
    root = parse('{"a": 1, "b": 2, "a": 3, "a": {"x": 1, "x": 2}}')
    assert [k.name for k, _ in obj(root)] == ["a", "b", "a", "a"]
    assert [v.value for _, v in obj(root)][:3] == [Decimal(1), Decimal(2), Decimal(3)]
    assert [k.name for k, _ in obj(obj(root)[3][1])] == ["x", "x"]


def test_string_escapes() -> None:
    text = r'["a\"b\\c\/d\be\ff\ng\rh\ti", "\u00e9\u00E9", "\ud83d\ude00", "\u0000", "x\u12345"]'
    root = parse(text)
    assert [v.value for v in arr(root)] == [
        'a"b\\c/d\be\ff\ng\rh\ti',
        "éé",
        "😀",
        "\x00",
        "x\u12345",
    ]
    # Escapes in keys and in strings keep their positions.
    text = '{"k\\u00e9y": "v\\n", "plain": "é"}'
    root = parse(text)
    assert [k.name for k, _ in obj(root)] == ["kéy", "plain"]
    check_positions(text, root)


# ---------------------------------------------------------------------------------------------
# Errors: every code, with its position
# ---------------------------------------------------------------------------------------------


def test_empty_file() -> None:
    assert pos_of(error_of("")) == ("empty-file", 1, 1)
    assert pos_of(error_of(" \n\t\r\n ")) == ("empty-file", 1, 1)
    with pytest.raises(JSONLocError) as info:
        parse_bytes(b"\xef\xbb\xbf")
    assert info.value.code == "empty-file"
    assert "empty" in info.value.message


def test_missing_comma_between_members() -> None:
    text = '{\n  "region": "3500",\n  "year": 2005\n  "value": 12.5\n}'
    err = error_of(text)
    assert pos_of(err) == ("json-syntax", 4, 3)
    assert err.message == "expected ',' or '}' after the value of \"year\", found '\"'"
    assert str(err) == f"line 4, column 3: {err.message}"
    assert err.offset == text.index('"value"')


def test_missing_comma_in_array_line_3_column_5() -> None:
    text = '{"a": [\n  1,\n  2 3\n]}'
    err = error_of(text)
    assert pos_of(err) == ("json-syntax", 3, 5)
    assert "expected ',' or ']'" in err.message
    assert "found '3'" in err.message


@pytest.mark.parametrize(
    ("text", "line", "column", "needle"),
    [
        ("[1, 2,\n]", 1, 6, "trailing comma before ']'"),
        ('{"a": 1,\n}', 1, 8, "trailing comma before '}'"),
        ("[012]", 1, 2, "leading zero"),
        ("[-012]", 1, 2, "leading zero"),
        ("[+1]", 1, 2, "'+'"),
        ("[.5]", 1, 2, "before the decimal point"),
        ("[1.]", 1, 2, "after the decimal point"),
        ("[1.e5]", 1, 2, "after the decimal point"),
        ("[1e]", 1, 2, "exponent"),
        ("[1e+]", 1, 2, "exponent"),
        ("[-]", 1, 2, "digit after '-'"),
        ("[1.5.2]", 1, 2, "not a valid number"),
        ("[0x1F]", 1, 2, "not a valid number"),
        ('{"a": 1}\n{"b": 2}', 2, 1, "extra data after the end of the JSON document"),
        ("[1] x", 1, 5, "extra data"),
        ("{'a': 1}", 1, 2, "double quotes"),
        ("['a']", 1, 2, "single quotes"),
        ("{a: 1}", 1, 2, "keys must be written in double quotes"),
        ('{"a": b}', 1, 7, "double quotes"),
        ("[True]", 1, 2, "lower case"),
        ("[None]", 1, 2, "null"),
        ("[tru]", 1, 2, "found 'tru'"),
        ("[truex]", 1, 2, "found 'truex'"),
        ('{"a" 1}', 1, 6, "expected ':' after the key \"a\""),
        ('{"a": }', 1, 7, 'expected a value for "a"'),
        ('{"a": 1 // note\n}', 1, 9, "found '/'"),
        ("[1, /* x */ 2]", 1, 5, "comments are not allowed"),
        ('{/* x */ "a": 1}', 1, 2, "comments are not allowed"),
        ("[1}", 1, 3, "is still open"),
        ('{"a": 1]', 1, 8, "is still open"),
        ("[\n  1,\n", 3, 1, "never closed"),
        ('{"a": [1, 2', 1, 12, "the '[' at line 1, column 7 is never closed"),
        ("{", 1, 2, "end of the file"),
        ('{"a"', 1, 5, "end of the file"),
        ('"abc', 1, 1, "unterminated string starting at line 1 column 1"),
        ('{\n  "a": "abc\\"}', 2, 8, "unterminated string starting at line 2 column 8"),
        ('"ab\\u12', 1, 1, "unterminated string"),
        ('"ab\\', 1, 1, "unterminated string"),
        ("[\u00a0]", 1, 2, "U+00A0"),
        ("[\x00]", 1, 2, "U+0000"),
        ("[1,,2]", 1, 4, "found ','"),
        ("[,]", 1, 2, "found ','"),
        ("{,}", 1, 2, "found ','"),
        ('{"a":1}}', 1, 8, "extra data"),
    ],
)
def test_syntax_errors(text: str, line: int, column: int, needle: str) -> None:
    err = error_of(text)
    assert pos_of(err) == ("json-syntax", line, column), err.message
    assert needle in err.message
    assert (err.line, err.column) == line_col(text, err.offset)


@pytest.mark.parametrize(
    ("text", "line", "column", "word"),
    [
        ("[NaN]", 1, 2, "NaN"),
        ('{"a": 1,\n "b": Infinity}', 2, 7, "Infinity"),
        ("[1, -Infinity]", 1, 5, "-Infinity"),
        ('{"v": NaN, "w": 1}', 1, 7, "NaN"),
        ("nan", 1, 1, "nan"),
    ],
)
def test_not_a_number(text: str, line: int, column: int, word: str) -> None:
    err = error_of(text)
    assert pos_of(err) == ("not-a-number", line, column)
    assert err.message == f"{word} is not allowed in JSON; write null if there is no figure"


@pytest.mark.parametrize(
    ("text", "line", "column", "needle"),
    [
        ('["ok",\n "a\tb"]', 2, 4, "\\t"),
        ('{"a": "x\ny"}', 1, 9, "line break inside the string that starts at line 1 column 7"),
        ('["x\ry"]', 1, 4, "line break"),
        ('["\x01"]', 1, 3, "U+0001"),
        ('["\x1f"]', 1, 3, "U+001F"),
        ('{"k\x00": 1}', 1, 4, "U+0000"),
        ('["a\\x"]', 1, 4, "invalid escape '\\x'"),
        ('["a\\U0041"]', 1, 4, "invalid escape '\\U'"),
        ('["\\u12G4"]', 1, 3, "four hexadecimal digits"),
        ('["\\u 123"]', 1, 3, "four hexadecimal digits"),
        ('["\\u+123"]', 1, 3, "four hexadecimal digits"),
        ('[\n  "\\ud800"]', 2, 4, "lone UTF-16 surrogate"),
        ('["\\udc00"]', 1, 3, "lone UTF-16 surrogate"),
        ('["\\ud800\\u0041"]', 1, 3, "lone UTF-16 surrogate"),
        ('["\\ud800\\ud800"]', 1, 3, "lone UTF-16 surrogate"),
        ('["ab\\ud83d"]', 1, 5, "lone UTF-16 surrogate"),
        ('{"\\udfff": 1}', 1, 3, "lone UTF-16 surrogate"),
        ('["raw \ud800 surrogate"]', 1, 7, "surrogate"),
    ],
)
def test_invalid_strings(text: str, line: int, column: int, needle: str) -> None:
    err = error_of(text)
    assert pos_of(err) == ("invalid-string", line, column), err.message
    assert needle in err.message


def test_nested_too_deep() -> None:
    err = error_of("[" * 65 + "]" * 65)
    assert pos_of(err) == ("nested-too-deep", 1, 65)
    parse("[" * 64 + "]" * 64)  # exactly the limit is fine
    err = error_of('{"a": ' * 10 + "1" + "}" * 10, max_depth=3)
    assert pos_of(err) == ("nested-too-deep", 1, 19)
    err = error_of('{"a":\n' * 70)  # the token-by-token path
    assert pos_of(err) == ("nested-too-deep", 65, 1)
    err = error_of("[\n" + '[{"a": \n' * 40 + "1", max_depth=64)
    assert err.code == "nested-too-deep"
    assert (err.line, err.column) == (33, 2)  # the 65th level is the "{" of line 33
    assert "nested too deeply" in err.message


def test_bom_in_text_is_reported() -> None:
    err = error_of("\ufeff[]")
    assert pos_of(err) == ("encoding", 1, 1)


def test_error_is_picklable_and_has_attributes() -> None:
    import pickle

    err = error_of("[1,]")
    again = pickle.loads(pickle.dumps(err))
    assert isinstance(again, JSONLocError)
    assert (again.code, again.message, again.line, again.column, again.offset) == (
        err.code,
        err.message,
        err.line,
        err.column,
        err.offset,
    )


def test_type_errors() -> None:
    with pytest.raises(TypeError):
        parse(b"[]")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        decode_bytes("[]")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16", "UTF-16"),  # with BOM (native order)
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_wide_encodings_are_refused(encoding: str, name: str) -> None:
    for doc in ('{"a": 1}', "[]", "1", '"é"'):
        data = doc.encode(encoding)
        with pytest.raises(JSONLocError) as info:
            parse_bytes(data)
        err = info.value
        assert (err.code, err.line, err.column, err.offset) == ("encoding", 1, 1, 0)
        assert err.message == f"the file is {name} encoded; save it as UTF-8"


def test_utf16_with_explicit_boms() -> None:
    for data in (b"\xff\xfe[\x00]\x00", b"\xfe\xff\x00[\x00]"):
        with pytest.raises(JSONLocError, match="UTF-16"):
            decode_bytes(data)


def test_utf8_bom_is_stripped() -> None:
    data = b'\xef\xbb\xbf{"a":\n "\xc3\xa9", "b": 2}'
    assert had_bom(data)
    assert not had_bom(data[3:])
    assert decode_bytes(data) == '{"a":\n "é", "b": 2}'
    root = parse_bytes(data)
    assert root.offset == 0
    b = member(root, "b")
    assert (b.line, b.column, b.offset) == (2, 12, 17)
    assert char_offset(data, 3 + 17 + 1) == 17  # 'é' is 2 bytes


def test_invalid_utf8_position() -> None:
    data = '{\n  "kota": "Sémarang",\n  "x": "'.encode() + b"caf\xe9" + b'"\n}'
    with pytest.raises(JSONLocError) as info:
        parse_bytes(data)
    err = info.value
    assert err.code == "encoding"
    assert (err.line, err.column) == (3, 12)
    assert err.offset == len('{\n  "kota": "Sémarang",\n  "x": "caf')
    assert "0xE9" in err.message
    assert "UTF-8" in err.message


def test_invalid_utf8_after_bom_and_truncated_sequence() -> None:
    with pytest.raises(JSONLocError) as info:
        decode_bytes(b'\xef\xbb\xbf["\xc3')
    assert (info.value.code, info.value.line, info.value.column) == ("encoding", 1, 3)
    assert "0xC3" in info.value.message
    # An encoded surrogate is not valid UTF-8 either.
    with pytest.raises(JSONLocError) as info:
        decode_bytes(b'["\xed\xa0\x80"]')
    assert (info.value.code, info.value.column) == ("encoding", 3)


def test_char_offset() -> None:
    data = "aé😀b".encode()
    assert [char_offset(data, i) for i in range(len(data) + 1)] == [0, 1, 1, 2, 2, 2, 2, 3, 4]


# ---------------------------------------------------------------------------------------------
# Hostile input
# ---------------------------------------------------------------------------------------------


def test_deep_nesting_stops_at_the_limit() -> None:
    err = error_of("[" * 100_000)
    assert pos_of(err) == ("nested-too-deep", 1, 65)
    err = error_of('{"a":' * 100_000)
    assert err.code == "nested-too-deep"
    # Up to the highest limit, nesting parses without meeting Python's recursion limit.
    top = MAX_DEPTH
    root = parse("[" * top + "]" * top, max_depth=top)
    depth = 0
    node = root
    while arr(node):
        node = arr(node)[0]
        depth += 1
    assert depth == top - 1
    err = error_of("[" * top + "]" * (top - 1), max_depth=top)
    assert "never closed" in err.message
    with pytest.raises(ValueError, match="max_depth"):
        parse("[]", max_depth=top + 1)


@pytest.mark.slow
def test_100_mb_string() -> None:
    size = 100_000_000
    start = time.perf_counter()
    root = parse('{"big": "' + "a" * size + '", "n": 1}')
    big = member(root, "big")
    assert isinstance(big.value, str)
    assert len(big.value) == size
    assert member(root, "n").column == size + 18
    # With escapes at both ends: the string is read run by run between its escapes.
    root = parse('["\\n' + "é" * size + '\\t"]')
    value = arr(root)[0].value
    assert isinstance(value, str)
    assert len(value) == size + 2
    # A guard against quadratic reading (which would take hours), not a speed target: those are
    # in benchmarks/. Generous, so that a loaded machine does not fail it.
    assert time.perf_counter() - start < 120


def test_many_escapes() -> None:
    text = '"' + "\\n\\u00e9" * 100_000 + '"'
    start = time.perf_counter()
    assert parse(text).value == "\né" * 100_000
    assert time.perf_counter() - start < 60  # a guard against quadratic work, not a target


def test_long_whitespace_and_many_values() -> None:
    text = "[" + " " * 1_000_000 + "1" + ",\n2" * 100_000 + "\n" * 1_000_000 + "]"
    root = parse(text)
    assert len(arr(root)) == 100_001
    last = arr(root)[-1]
    assert (last.line, last.column) == (100_001, 1)


_SAMPLE = (
    '{\r\n "kota": "Sémarang 😀",\n "nilai": [4.90, -0, 1e400, true, false, null],\n'
    ' "esc": "a\\"\\u00e9\\ud83d\\ude00\\n", "kosong": {}, "daftar": [[], [{"x": 1}]]\n}\n'
).encode()


def test_truncated_files_never_crash() -> None:
    full = parse_bytes(_SAMPLE)
    assert canon_node(full) == loads_exact(_SAMPLE.decode())
    for cut in range(len(_SAMPLE)):
        prefix = _SAMPLE[:cut]
        try:
            text = decode_bytes(prefix)
        except JSONLocError as err:  # cut inside 'é' or '😀'
            complete = len(prefix.decode(errors="ignore"))
            assert (err.code, err.offset) == ("encoding", complete)  # noqa: PT017
            continue
        check_outcome_against_json(text)
        # Only the prefix that drops the final newline is a whole document.
        assert isinstance(outcome(text), Node) == (cut == len(_SAMPLE) - 1)


# ---------------------------------------------------------------------------------------------
# Property tests
# ---------------------------------------------------------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**60), max_value=10**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)


@given(
    json_values,
    st.sampled_from([None, 0, 2, "\t"]),
    st.booleans(),
    st.sampled_from([None, (",", ":"), (", ", ": ")]),
)
@settings(max_examples=300, deadline=None)
def test_roundtrip_json_dumps(
    value: Any, indent: int | str | None, ascii_only: bool, separators: tuple[str, str] | None
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only, separators=separators)
    root = parse(text)
    assert canon_node(root) == loads_exact(text)
    check_positions(text, root)
    root_b = parse_bytes(text.encode())
    assert canon_node(root_b) == canon_node(root)


# A serializer that puts random whitespace between tokens, writes Decimals, duplicate keys and
# random escapes.
_whitespace = st.lists(st.sampled_from([" ", "\t", "\n", "\r", "\r\n"]), max_size=3).map("".join)

_decimals = st.decimals(allow_nan=False, allow_infinity=False)
_leaf = st.none() | st.booleans() | st.integers() | _decimals | st.text(max_size=12)
_tree = st.recursive(
    _leaf,
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(
            st.tuples(st.sampled_from(["a", "b", "é", "k\n"]) | st.text(max_size=5), children),
            max_size=4,
        ).map(_Pairs)
    ),
    max_leaves=25,
)


def _write_string(s: str, draw: Any) -> str:
    """Write a string literal, escaping each character in a randomly chosen valid way."""
    out = ['"']
    for ch in s:
        choice = draw(st.integers(0, 2))
        if choice == 0:  # \uXXXX (a surrogate pair above U+FFFF)
            if ch.isascii():
                out.append(f"\\u{ord(ch):04x}")
            else:
                out.append(json.dumps(ch, ensure_ascii=True)[1:-1])
        elif ch in '"\\' or ch < " ":  # must be escaped: the short form where there is one
            out.append(json.dumps(ch)[1:-1])
        elif ch == "/" and choice == 1:
            out.append("\\/")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _write(value: Any, draw: Any) -> str:
    def ws() -> str:
        return str(draw(_whitespace))

    if isinstance(value, _Pairs):
        parts = [
            ws() + _write_string(k, draw) + ws() + ":" + ws() + _write(v, draw) + ws()
            for k, v in value
        ]
        return "{" + (",".join(parts) if parts else ws()) + "}"
    if isinstance(value, list):
        items = [ws() + _write(v, draw) + ws() for v in value]
        return "[" + (",".join(items) if items else ws()) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    assert isinstance(value, str)
    return _write_string(value, draw)


@given(_tree, st.data())
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_roundtrip_random_whitespace_and_escapes(value: Any, data: st.DataObject) -> None:
    text = data.draw(_whitespace) + _write(value, data.draw) + data.draw(_whitespace)
    root = parse(text)
    assert canon_node(root) == loads_exact(text)
    check_positions(text, root)


_MUTATION_BASE = (
    b'{"indicator": "i0", "region": "3500", "year": 2005,\n'
    b' "value": 12.53, "target": [13.17, -0.5e2, true, null],\r\n'
    b' "source": "https://example.org/\\u00e9\xc3\xa9", "x": {"y": false}}'
)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["replace", "insert", "delete"]),
            st.integers(min_value=0, max_value=len(_MUTATION_BASE)),
            st.sampled_from(list(b' \t\r\n"\\{}[],:-+.0123456789eEtfnulsaIN\x00\x1f\xc3\xa9\xff/'))
            | st.integers(0, 255),
        ),
        min_size=1,
        max_size=4,
    )
)
@example([("replace", 0, 0xFF)])
@settings(max_examples=1000, deadline=None)
def test_mutations_raise_only_jsonlocerror(mutations: list[tuple[str, int, int]]) -> None:
    buf = bytearray(_MUTATION_BASE)
    for op, where, byte in mutations:
        where = min(where, len(buf))
        if op == "insert":
            buf.insert(where, byte)
        elif where < len(buf):
            if op == "replace":
                buf[where] = byte
            else:
                del buf[where]
    data = bytes(buf)
    try:
        text = decode_bytes(data)
    except JSONLocError as err:
        assert err.code == "encoding"  # noqa: PT017
        return
    check_outcome_against_json(text)


@given(st.text(alphabet=' \t\r\n"\\{}[],:-+.0123456789eEtrufalsn\x00é', max_size=30))
@settings(max_examples=2000, deadline=None)
def test_random_text_agrees_with_json_module(text: str) -> None:
    check_outcome_against_json(text)


def test_random_documents_seeded() -> None:
    """A larger deterministic smoke test mixing layouts (one line, indented, escapes)."""
    rng = random.Random(20240601)
    records = [
        {
            "indicator": f"i{i}",
            "region": str(rng.randint(1100, 9999)),
            "year": rng.randint(2000, 2030),
            "value": round(rng.uniform(-5, 50), rng.randint(0, 3)),
            "tags": [rng.choice(["a", "é", "\n", "😀"]) for _ in range(rng.randint(0, 3))],
            "ok": rng.choice([True, False, None]),
        }
        for i in range(2000)
    ]
    for indent in (None, 1, "\t"):
        text = json.dumps({"records": records}, indent=indent, ensure_ascii=indent is None)
        root = parse(text)
        assert canon_node(root) == loads_exact(text)
        check_positions(text, root)


def test_element_starts_and_value_reader_locate_as_parse() -> None:
    """Each element of the top-level arrays is found where `parse` finds it, and read alone
    with the same node (brackets and quotes inside strings, nesting, empty arrays, CRLF)."""
    text = (
        '{"a": "x]\\"[", "records": [ {"n": "}{,"}, 5,\r\n  [1, [2]], {"b": {"c": [3]}}, "s,]"],'
        '\n "empty": [], "regions":[{}]}'
    )
    root = jsonloc.parse(text)
    starts = jsonloc.element_starts(text)
    assert set(starts) == {"records", "empty", "regions"}
    reader = jsonloc.ValueReader(text)
    for key, child in root.value:  # type: ignore[attr-defined]
        if key.name not in starts:
            continue
        elements = child.value
        assert starts[key.name] == [node.offset for node in elements]
        places = jsonloc.line_starts(text, starts[key.name])
        for node, offset, (line, line_start) in zip(
            elements, starts[key.name], places, strict=True
        ):
            assert reader.read(offset, line, line_start, depth=2) == node
