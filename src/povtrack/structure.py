"""The located path: check the shape of a parsed JSON tree and turn it into typed objects.

Used when the fast decoder refuses a file (or a file has problems to locate): it reports every
structural problem with its line and column, in povtrack's own words, and hands the records that
are well-formed to the same semantic checks as the fast path.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Final

from povtrack.jsonloc import Key, Node
from povtrack.model import DIRECTIONS, FIELDS, REQUIRED, UNITS, Indicator, Record, Region
from povtrack.problems import Problem, make

_NUMBERISH: Final = re.compile(r"^\s*[-+]?(\d[\d.,\s]*)\s*%?\s*$")

_TEXT: Final = "text"
_INT: Final = "int"
_NUMBER: Final = "number"
_STR_MAP: Final = "str_map"

#: The JSON type of every field of every kind of object.
_TYPES: Final[dict[str, dict[str, str]]] = {
    "document": {"$schema": _TEXT, "description": _TEXT},
    "indicator": {
        "id": _TEXT,
        "name": _TEXT,
        "name_id": _TEXT,
        "unit": _TEXT,
        "decimals": _INT,
        "direction": _TEXT,
        "note": _TEXT,
    },
    "region": {"code": _TEXT, "name": _TEXT, "parent": _TEXT, "name_id": _TEXT},
    "record": {
        "indicator": _TEXT,
        "region": _TEXT,
        "year": _INT,
        "month": _INT,
        "breakdown": _STR_MAP,
        "value": _NUMBER,
        "target": _NUMBER,
        "source": _TEXT,
        "note": _TEXT,
    },
}
_CHOICES: Final[dict[tuple[str, str], tuple[str, ...]]] = {
    ("indicator", "unit"): UNITS,
    ("indicator", "direction"): DIRECTIONS,
}
_KIND_NAMES: Final = {
    "object": "an object",
    "array": "an array",
    "string": "text",
    "number": "a number",
    "bool": "true/false",
    "null": "null",
}


def describe(node: Node) -> str:
    """What a value is, for messages: `the text "12,42"`, `the number 2020.5`, `an array`."""
    if node.kind == "string":
        text = str(node.value)
        shown = text if len(text) <= 40 else text[:37] + "..."
        return f"the text {shown!r}"
    if node.kind == "number":
        return f"the number {node.raw}"
    if node.kind == "bool":
        return "true" if node.value else "false"
    return _KIND_NAMES[node.kind]


def _number_hint(node: Node) -> str:
    if node.kind == "string":
        match = _NUMBERISH.match(str(node.value))
        if match:
            digits = match.group(1).strip()
            if "," in digits and "." not in digits:
                digits = digits.replace(",", ".")
            return f"write the number without quotes and with a decimal point, such as {digits}"
    if node.kind == "null":
        return "leave the field out when there is no figure"
    return "write a JSON number such as 12.42 (a decimal point, no quotes, no % sign)"


def members(node: Node) -> list[tuple[Key, Node]]:
    value: Any = node.value
    return list(value)


def items(node: Node) -> list[Node]:
    value: Any = node.value
    return list(value)


class Shape:
    """Walks the tree, collecting problems and the well-formed objects."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        #: identity of the record being walked, for messages (`p0 / 3524 / 2023`)
        self.record: str | None = None

    def add(
        self,
        code: str,
        message: str,
        hint: str,
        path: str,
        at: Node | Key,
        record: str | None = None,
    ) -> None:
        self.problems.append(
            make(
                code,
                message,
                hint,
                file=self.file,
                path=path,
                line=at.line,
                column=at.column,
                record=record or self.record,
            )
        )

    def fields(self, node: Node, kind: str, path: str) -> dict[str, Any] | None:
        """The fields of one object, typed; None when it is unusable (problems recorded)."""
        if node.kind != "object":
            what = {"document": "the file", "indicator": "an indicator", "region": "a region"}
            self.add(
                "wrong-type",
                f"expected {what.get(kind, 'a record')} as a JSON object {{...}}, found "
                f"{describe(node)}",
                'write an object with the fields of the format: {"indicator": "p0", ...}'
                if kind == "record"
                else "see the data format in the README",
                path or "$",
                node,
            )
            return None
        allowed = FIELDS[kind]
        types = _TYPES[kind]
        seen: dict[str, Key] = {}
        out: dict[str, Any] = {}
        ok = True
        for key, child in members(node):
            name = key.name
            child_path = f"{path}.{name}" if path else name
            if name in seen:
                first = seen[name]
                self.add(
                    "duplicate-key",
                    f"{name!r} appears twice in one object (first at line {first.line})",
                    "keep one of them: which one is meant cannot be guessed",
                    child_path,
                    key,
                )
                ok = False
                continue
            seen[name] = key
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else f"the fields of {kind} are: {', '.join(allowed)}"
                )
                self.add(
                    "unknown-field",
                    f"unknown field {name!r} in {'the file' if kind == 'document' else kind}",
                    hint,
                    child_path,
                    key,
                )
                ok = False
                continue
            if name in ("indicators", "regions", "records"):
                out[name] = child
                continue
            typed = self.value(child, types[name], kind, name, child_path)
            if typed is _BAD:
                ok = False
            elif typed is not None:
                out[name] = typed
        for name in REQUIRED[kind]:
            if name not in seen:
                self.add(
                    "missing-field",
                    f"the required field {name!r} is missing",
                    f"add {name!r}; the fields of {kind} are: {', '.join(allowed)}",
                    path or "$",
                    node,
                )
                ok = False
            elif name not in out and ok:
                ok = False
        return out if ok else None

    def value(self, node: Node, expected: str, kind: str, name: str, path: str) -> Any:
        required = name in REQUIRED[kind]
        if node.kind == "null" and not required:
            return None
        if expected == _TEXT:
            if node.kind != "string":
                self.add(
                    "wrong-type",
                    f"{name} must be text, found {describe(node)}",
                    f'put it in double quotes: "{node.raw if node.kind == "number" else "..."}"',
                    path,
                    node,
                )
                return _BAD
            text = str(node.value)
            choices = _CHOICES.get((kind, name))
            if choices is not None and text not in choices:
                close = difflib.get_close_matches(text, choices, n=1)
                self.add(
                    "invalid-value",
                    f"{name} {text!r} is not one of {', '.join(choices)}",
                    f"did you mean {close[0]!r}?" if close else f"use one of {', '.join(choices)}",
                    path,
                    node,
                )
                return _BAD
            return text
        if expected == _INT:
            if node.kind != "number" or not node.is_int:
                hint = "write a whole number without quotes, such as 2023"
                if node.kind == "string" and str(node.value).strip().isdigit():
                    hint = f"remove the quotes: {str(node.value).strip()}"
                self.add(
                    "wrong-type",
                    f"{name} must be a whole number, found {describe(node)}",
                    hint,
                    path,
                    node,
                )
                return _BAD
            number: Any = node.value
            return int(number)
        if expected == _NUMBER:
            if node.kind != "number":
                self.add(
                    "wrong-type",
                    f"{name} must be a number, found {describe(node)}",
                    _number_hint(node),
                    path,
                    node,
                )
                return _BAD
            decimal: Decimal = node.value  # type: ignore[assignment]
            return decimal
        # a map of text to text (breakdown)
        if node.kind != "object":
            self.add(
                "wrong-type",
                f"{name} must be an object of dimension to category, found {describe(node)}",
                'write it as {"area": "urban"} or {"sex": "female"}',
                path,
                node,
            )
            return _BAD
        out: dict[str, str] = {}
        ok = True
        for key, child in members(node):
            if key.name in out:
                self.add(
                    "duplicate-key",
                    f"{key.name!r} appears twice in {name}",
                    "keep one of them",
                    f"{path}.{key.name}",
                    key,
                )
                ok = False
            elif child.kind != "string":
                self.add(
                    "wrong-type",
                    f"the {name} category of {key.name!r} must be text, found {describe(child)}",
                    'put the category in double quotes: {"area": "urban"}',
                    f"{path}.{key.name}",
                    child,
                )
                ok = False
            else:
                out[key.name] = str(child.value)
        return out if ok else _BAD

    def array(self, node: Node | None, name: str) -> list[Node]:
        if node is None:
            return []
        if node.kind != "array":
            self.add(
                "wrong-type",
                f"{name} must be an array [...], found {describe(node)}",
                f'write "{name}": [ ... ] with one object per {name[:-1]}',
                name,
                node,
            )
            return []
        return items(node)


class _Bad:
    pass


_BAD: Final = _Bad()


class Shaped:
    """Typed objects that passed the shape checks, each with its index in its array."""

    def __init__(self) -> None:
        self.indicators: list[tuple[int, Indicator]] = []
        self.regions: list[tuple[int, Region]] = []
        self.records: list[tuple[int, Record]] = []


def shape(root: Node, file: str) -> tuple[Shaped, list[Problem]]:
    walker = Shape(file)
    shaped = Shaped()
    top = walker.fields(root, "document", "")
    if top is None and root.kind != "object":
        return shaped, walker.problems
    top_nodes: dict[str, Node] = {}
    for key, child in members(root):
        if key.name in ("indicators", "regions", "records"):
            top_nodes[key.name] = child
    for index, node in enumerate(walker.array(top_nodes.get("indicators"), "indicators")):
        got = walker.fields(node, "indicator", f"indicators[{index}]")
        if got is not None:
            shaped.indicators.append((index, Indicator(**got)))
    for index, node in enumerate(walker.array(top_nodes.get("regions"), "regions")):
        got = walker.fields(node, "region", f"regions[{index}]")
        if got is not None:
            shaped.regions.append((index, Region(**got)))
    for index, node in enumerate(walker.array(top_nodes.get("records"), "records")):
        walker.record = rough_identity(node)
        got = walker.fields(node, "record", f"records[{index}]")
        if got is not None:
            shaped.records.append((index, Record(**got)))
    walker.record = None
    return shaped, walker.problems


def rough_identity(node: Node) -> str | None:
    """A record's identity from whatever well-typed parts it has: `p0 / 3524 / 2023`."""
    if node.kind != "object":
        return None
    parts: dict[str, str] = {}
    for key, child in members(node):
        if key.name in ("indicator", "region") and child.kind == "string":
            parts[key.name] = str(child.value)
        elif key.name in ("year", "month") and child.kind == "number" and child.raw:
            parts[key.name] = child.raw
    if "indicator" not in parts and "region" not in parts:
        return None
    when = parts.get("year", "?")
    if "month" in parts:
        when += "-" + parts["month"].rjust(2, "0")
    return " / ".join((parts.get("indicator", "?"), parts.get("region", "?"), when))


_PATH_TOKEN: Final = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def path_tokens(path: str) -> Iterator[str | int]:
    for match in _PATH_TOKEN.finditer(path):
        if match.group(2) is not None:
            yield int(match.group(2))
        else:
            yield match.group(1)


def locate(root: Node, path: str) -> tuple[int, int]:
    """Line and column of the value at a JSON path (`records[12].value`); the nearest
    enclosing value when the path goes further than the tree (a missing field: its object)."""
    node = root
    if path in ("", "$"):
        return node.line, node.column
    for token in path_tokens(path):
        nxt: Node | None = None
        if isinstance(token, int) and node.kind == "array":
            children = items(node)
            nxt = children[token] if token < len(children) else None
        elif isinstance(token, str) and node.kind == "object":
            for key, child in members(node):
                if key.name == token:
                    nxt = child
        if nxt is None:
            break
        node = nxt
    return node.line, node.column
