"""The located path: check the shape of a parsed JSON tree and turn it into typed objects.

Used when the fast decoder refuses a file (or a file has problems to locate): it reports every
structural problem with its line and column, in povtrack's own words (in the current language,
`povtrack.i18n`; a decoder library's error text never reaches the user), and hands the records
that are well-formed to the same semantic checks as the fast path.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Final

from povtrack.i18n import N_, NP_, t
from povtrack.io.jsonloc import Key, Node
from povtrack.model.problems import Problem, make
from povtrack.model.records import (
    DIRECTIONS,
    FIELDS,
    GAP_REASONS,
    REQUIRED,
    UNITS,
    Gap,
    Indicator,
    Plan,
    Record,
    Region,
    document_model,
)

_STRUCTURE_KIND: Final = {
    "array": N_("an array"),
    "bool": N_("true/false"),
    "null": N_("null"),
    "number": N_("a number"),
    "object": N_("an object"),
    "string": N_("text"),
}

_STRUCTURE_WHAT: Final = {
    "document": NP_("structure.what", "the file"),
    "gap": N_("a gap"),
    "indicator": N_("an indicator"),
    "plan": N_("a plan"),
    "record": N_("a record"),
    "region": N_("a region"),
}

_STRUCTURE_IN: Final = {
    "document": NP_("structure.in", "the file"),
    "gap": NP_("structure.in", "gap"),
    "indicator": N_("indicator"),
    "plan": NP_("structure.in", "plan"),
    "record": N_("record"),
    "region": N_("region"),
}

#: The document's arrays, the kind of object each holds, and the model that object becomes.
_ARRAYS: Final = {
    "indicators": ("indicator", Indicator),
    "regions": ("region", Region),
    "records": ("record", Record),
    "plans": ("plan", Plan),
    "gaps": ("gap", Gap),
}


_NUMBERISH: Final = re.compile(r"^\s*[-+]?(\d[\d.,\s]*)\s*%?\s*$")

_TEXT: Final = "text"
_INT: Final = "int"
_NUMBER: Final = "number"
_STR_MAP: Final = "str_map"
_INT_LIST: Final = "int_list"

_JSON_TYPES: Final = {"string": _TEXT, "integer": _INT, "number": _NUMBER, "object": _STR_MAP}
_DEFS: Final = {
    "indicator": "Indicator",
    "region": "Region",
    "record": "Record",
    "plan": "Plan",
    "gap": "Gap",
}


@functools.cache
def field_types() -> dict[str, dict[str, str]]:
    """The JSON type of every field of every kind of object (`text`, `int`, `number`,
    `str_map`), read from the data format's JSON Schema: the models are the one definition."""
    schema = document_model().json_schema(by_alias=True)
    specs = {"document": schema, **{k: schema["$defs"][name] for k, name in _DEFS.items()}}
    types: dict[str, dict[str, str]] = {}
    for kind, spec in specs.items():
        types[kind] = {}
        for name, prop in spec["properties"].items():
            branches = [b for b in prop.get("anyOf", [prop]) if b.get("type") != "null"]
            json_type = branches[0].get("type")
            if json_type in _JSON_TYPES:
                types[kind][name] = _JSON_TYPES[json_type]
            elif json_type == "array" and branches[0].get("items", {}).get("type") == "integer":
                types[kind][name] = _INT_LIST
            # other arrays (the document's lists) are walked apart
    return types


_CHOICES: Final[dict[tuple[str, str], tuple[str, ...]]] = {
    ("indicator", "unit"): UNITS,
    ("indicator", "direction"): DIRECTIONS,
    ("gap", "reason"): GAP_REASONS,
}


def describe(node: Node) -> str:
    """What a value is, for messages: `the text "12,42"`, `the number 2020.5`, `an array`."""
    if node.kind == "string":
        text = str(node.value)
        shown = text if len(text) <= 40 else text[:37] + "..."
        return t("the text {text}", text=repr(shown))
    if node.kind == "number":
        return t("the number {number}", number=node.raw)
    if node.kind == "bool":
        return "true" if node.value else "false"
    return t(_STRUCTURE_KIND[node.kind])


def _number_hint(node: Node) -> str:
    if node.kind == "string":
        match = _NUMBERISH.match(str(node.value))
        if match:
            digits = match.group(1).strip()
            if "," in digits and "." not in digits:
                digits = digits.replace(",", ".")
            return t(
                "write the number without quotes and with a decimal point, such as {digits}",
                digits=digits,
            )
    if node.kind == "null":
        return t("leave the field out when there is no figure")
    return t("write a JSON number such as 12.42 (a decimal point, no quotes, no % sign)")


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
            self.add(
                "wrong-type",
                t(
                    "expected {what} as a JSON object {{...}}, found {found}",
                    what=t(_STRUCTURE_WHAT[kind]),
                    found=describe(node),
                ),
                t('write an object with the fields of the format: {{"indicator": "p0", ...}}')
                if kind == "record"
                else t("see the data format in the README"),
                path or "$",
                node,
            )
            return None
        allowed = FIELDS[kind]
        types = field_types()[kind]
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
                    t(
                        "{name} appears twice in one object (first at line {line})",
                        name=repr(name),
                        line=first.line,
                    ),
                    t("keep one of them: which one is meant cannot be guessed"),
                    child_path,
                    key,
                )
                ok = False
                continue
            seen[name] = key
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = (
                    t("did you mean {name}?", name=repr(close[0]))
                    if close
                    else t(
                        "the fields of {kind} are: {fields}",
                        kind=t(_STRUCTURE_IN[kind]),
                        fields=", ".join(allowed),
                    )
                )
                self.add(
                    "unknown-field",
                    t(
                        "unknown field {name} in {where}",
                        name=repr(name),
                        where=t(_STRUCTURE_IN[kind]),
                    ),
                    hint,
                    child_path,
                    key,
                )
                ok = False
                continue
            if name in _ARRAYS:
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
                    t("the required field {name} is missing", name=repr(name)),
                    t(
                        "add {name}; the fields of {kind} are: {fields}",
                        name=repr(name),
                        kind=t(_STRUCTURE_IN[kind]),
                        fields=", ".join(allowed),
                    ),
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
                    t("{name} must be text, found {found}", name=name, found=describe(node)),
                    t(
                        'put it in double quotes: "{text}"',
                        text=node.raw if node.kind == "number" else "...",
                    ),
                    path,
                    node,
                )
                return _BAD
            text = str(node.value)
            choices = _CHOICES.get((kind, name))
            if choices is not None and text not in choices:
                close = difflib.get_close_matches(text, choices, n=1)
                listed = ", ".join(choices)
                self.add(
                    "invalid-value",
                    t(
                        "{name} {value} is not one of {choices}",
                        name=name,
                        value=repr(text),
                        choices=listed,
                    ),
                    t("did you mean {name}?", name=repr(close[0]))
                    if close
                    else t("use one of {choices}", choices=listed),
                    path,
                    node,
                )
                return _BAD
            return text
        if expected == _INT:
            if node.kind != "number" or not node.is_int:
                hint = t("write a whole number without quotes, such as 2023")
                if node.kind == "string" and str(node.value).strip().isdigit():
                    hint = t("remove the quotes: {digits}", digits=str(node.value).strip())
                self.add(
                    "wrong-type",
                    t(
                        "{name} must be a whole number, found {found}",
                        name=name,
                        found=describe(node),
                    ),
                    hint,
                    path,
                    node,
                )
                return _BAD
            number: Any = node.value
            return int(number)
        if expected == _INT_LIST:
            return self.years(node, kind, name, path)
        if expected == _NUMBER:
            if node.kind != "number":
                self.add(
                    "wrong-type",
                    t("{name} must be a number, found {found}", name=name, found=describe(node)),
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
                t(
                    "{name} must be an object of dimension to category, found {found}",
                    name=name,
                    found=describe(node),
                ),
                t('write it as {{"area": "urban"}} or {{"sex": "female"}}'),
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
                    t("{key} appears twice in {name}", key=repr(key.name), name=name),
                    t("keep one of them"),
                    f"{path}.{key.name}",
                    key,
                )
                ok = False
            elif child.kind != "string":
                self.add(
                    "wrong-type",
                    t(
                        "the {name} category of {key} must be text, found {found}",
                        name=name,
                        key=repr(key.name),
                        found=describe(child),
                    ),
                    t('put the category in double quotes: {{"area": "urban"}}'),
                    f"{path}.{key.name}",
                    child,
                )
                ok = False
            else:
                out[key.name] = str(child.value)
        return out if ok else _BAD

    def years(self, node: Node, kind: str, name: str, path: str) -> Any:
        """A non-empty array of whole years (a gap's years)."""
        if node.kind != "array" or not items(node):
            self.add(
                "wrong-type",
                t(
                    "{name} must be a non-empty array of years, found {found}",
                    name=name,
                    found=describe(node),
                ),
                t("write the years as [2017, 2018]"),
                path,
                node,
            )
            return _BAD
        years = [
            self.value(child, _INT, kind, name, f"{path}[{index}]")
            for index, child in enumerate(items(node))
        ]
        return _BAD if any(year is _BAD for year in years) else years

    def array(self, node: Node | None, name: str) -> list[Node]:
        if node is None:
            return []
        if node.kind != "array":
            self.add(
                "wrong-type",
                t("{name} must be an array [...], found {found}", name=name, found=describe(node)),
                t(
                    'write "{name}": [ ... ] with one object per {item}',
                    name=name,
                    item=t(_STRUCTURE_IN[name[:-1]]),
                ),
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
        self.plans: list[tuple[int, Plan]] = []
        self.gaps: list[tuple[int, Gap]] = []


def shape(root: Node, file: str) -> tuple[Shaped, list[Problem]]:
    walker = Shape(file)
    shaped = Shaped()
    top = walker.fields(root, "document", "")
    if top is None and root.kind != "object":
        return shaped, walker.problems
    top_nodes: dict[str, Node] = {}
    for key, child in members(root):
        if key.name in _ARRAYS:
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
    for index, node in enumerate(walker.array(top_nodes.get("plans"), "plans")):
        got = walker.fields(node, "plan", f"plans[{index}]")
        if got is not None:
            shaped.plans.append((index, Plan(**got)))
    for index, node in enumerate(walker.array(top_nodes.get("gaps"), "gaps")):
        got = walker.fields(node, "gap", f"gaps[{index}]")
        if got is not None:
            shaped.gaps.append((index, Gap(**got)))
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
            # the parser's own list, indexed: copying it for every problem made a file with
            # many warnings quadratic (100k warnings: 108 s, issue 18)
            children: list[Node] = node.value  # type: ignore[assignment]
            nxt = children[token] if token < len(children) else None
        elif isinstance(token, str) and node.kind == "object":
            for key, child in members(node):
                if key.name == token:
                    nxt = child
        if nxt is None:
            break
        node = nxt
    return node.line, node.column
