"""Find, read and validate a data file: load → validate, returning typed objects or problems.

Two paths give the same answer. The fast path reads the bytes with jiter (numbers kept exact,
repeated keys refused), validates them with the data format's pydantic model
(`povtrack.model.records`: strict types, unknown fields refused) and runs the semantic rules.
Anything it refuses (a syntax error, a repeated key, a value of the wrong type or out of range,
a number written as text) or any problem to show with its place goes to the located path, which
reports every problem with its line and column. When jiter read the file and the problems are
in elements of its arrays (`records[51234].value`: the usual broken file), only those elements
are parsed with positions (`Elements`); otherwise the whole file is (`_located`).

Messages are in the current language (`povtrack.i18n`); the fast path words nothing unless a
record has a problem.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import jiter
import msgspec
from pydantic import ValidationError

from povtrack.i18n import N_, t
from povtrack.io.errors import DataError, InputError
from povtrack.io.feedback import NO_FEEDBACK, Feedback
from povtrack.io.files import read_file
from povtrack.io.output import safe_line
from povtrack.io.rules import Checker
from povtrack.model.problems import Counts, Problem, ValidationReport, build_report, make
from povtrack.model.records import (
    Dataset,
    Document,
    Gap,
    Indicator,
    Plan,
    Record,
    Region,
    SeriesKey,
    document_model,
)

if TYPE_CHECKING:
    from povtrack.io.jsonloc import Node

_LOADER_HINT: Final = {
    "empty-file": N_("write a JSON object with indicators, regions and records (see the README)"),
    "encoding": N_("save the file as UTF-8 (in most editors: Save As, encoding UTF-8)"),
    "invalid-string": N_("remove the control character, or write it as an escape such as \\n"),
    "json-syntax": N_("fix the JSON syntax at this place; a JSON linter or editor shows it too"),
    "nested-too-deep": N_("the data format nests at most four levels; check the file's structure"),
    "not-a-number": N_("write null, or leave the field out, when there is no figure"),
    "other": N_("fix the JSON syntax at this place"),
}


ENV_VAR: Final = "POVTRACK_DATA"
LOCAL_DATA: Final = Path("data") / "indicators.json"
BOM: Final = b"\xef\xbb\xbf"

#: Records checked between two progress updates.
_CHUNK: Final = 100_000


class DataSource(msgspec.Struct, frozen=True):
    """Which data file is used, and why (for the message on stderr and for JSON output)."""

    path: str
    origin: str  # "--data", "POVTRACK_DATA", "current folder", "bundled", "FILE.toml:data"

    def describe(self) -> str:
        """`data: data/indicators.json (current folder)`, for stderr."""
        from povtrack.io.output import safe_line

        return t("data: {path} ({origin})", path=safe_line(self.path), origin=self.origin_text())

    def origin_text(self) -> str:
        if self.origin == "--data":
            return t("--data")
        if self.origin == ENV_VAR:
            return t("{var}", var=ENV_VAR)
        if self.origin == "current folder":
            return t("current folder")
        if self.origin == "bundled":
            return t("bundled")
        return self.origin  # the project file's key: `povtrack.toml:data`


def bundled_path() -> Path:
    return Path(str(resources.files("povtrack") / "data" / "indicators.json"))


def resolve(option: str | None, cwd: Path | None = None) -> DataSource:
    """First match wins: `--data PATH`, $POVTRACK_DATA, ./data/indicators.json, the bundled copy."""
    if option:
        return DataSource(option, "--data")
    env = os.environ.get(ENV_VAR)
    if env:
        return DataSource(env, ENV_VAR)
    local = (cwd or Path.cwd()) / LOCAL_DATA
    if local.is_file():
        return DataSource(str(LOCAL_DATA), "current folder")
    return DataSource(str(bundled_path()), "bundled")


def read_bytes(path: str) -> bytes:
    """The file's bytes, or an InputError that says what is wrong and what to do."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(
                t(
                    "{path}: is a folder, not a data file; give the path of a .json file",
                    path=safe_line(path),
                )
            )
        return read_file(path)
    except FileNotFoundError:
        raise InputError(
            t(
                "{path}: no such file; check the path (given with --data, "
                "$POVTRACK_DATA or as an argument), or give none to use the "
                "bundled data",
                path=safe_line(path),
            )
        ) from None
    except PermissionError:
        raise InputError(
            t("{path}: permission denied; make the file readable", path=safe_line(path))
        ) from None
    except IsADirectoryError:
        raise InputError(
            t(
                "{path}: is a folder, not a data file; give the path of a .json file",
                path=safe_line(path),
            )
        ) from None
    except OSError as exc:
        raise InputError(
            t("{path}: cannot be read ({reason})", path=safe_line(path), reason=exc.strerror or exc)
        ) from None


class _Outcome(NamedTuple):
    doc: Document | None  # None when there are errors
    series: dict[SeriesKey, list[Record]]
    problems: list[Problem]


class _Refused(NamedTuple):
    """What the model refused in a file that the reader read: the values read and the places
    (`loc`) of pydantic's errors, such as `("records", 51234, "value")`."""

    raw: object
    places: list[tuple[int | str, ...]]


def _fast(data: bytes, file: str, feedback: Feedback = NO_FEEDBACK) -> _Outcome | _Refused | None:
    """Read and check a clean file in one pass; what the model refused (`_Refused`), or None
    when only the located path can tell (the reader refused the file).

    The reader (jiter) keeps each number's text (`float_mode="decimal"`: `4.90` is
    `Decimal("4.90")`, `12` an int), refuses NaN and Infinity and a key repeated in one object
    (a dict would silently keep the last); the data format's pydantic model (`document_model`:
    strict types, unknown fields refused, ranges) then makes the typed objects, and the rules
    check what needs several fields or the whole file. Anything refused goes to the located
    path, which words every problem with its line and column.

    The cycle collector is paused meanwhile (and then resumed): a large file makes millions of
    objects, none in a cycle, that each collection would otherwise walk again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _fast_checked(data, file, feedback)
    finally:
        if enabled:
            gc.enable()


def _fast_checked(data: bytes, file: str, feedback: Feedback) -> _Outcome | _Refused | None:
    body = data[len(BOM) :] if data.startswith(BOM) else data
    feedback.stage("decoding", file=file)
    try:
        raw = jiter.from_json(
            body, float_mode="decimal", allow_inf_nan=False, catch_duplicate_keys=True
        )
    except (ValueError, RecursionError):
        return None
    try:
        doc = document_model().validate_python(raw)
    except ValidationError as exc:
        places = [error["loc"] for error in exc.errors(include_url=False, include_input=False)]
        return _Refused(raw, places)
    except (ValueError, RecursionError):
        return None
    del raw
    checker = Checker(file)
    for i, ind in enumerate(doc.indicators):
        checker.check_indicator(i, ind)
    for i, reg in enumerate(doc.regions):
        checker.check_region(i, reg)
    for i, plan in enumerate(doc.plans):
        checker.check_plan(i, plan)
    for i, gap in enumerate(doc.gaps):
        checker.check_gap(i, gap)
    records = doc.records
    feedback.stage("checking", len(records))
    for start in range(0, len(records), _CHUNK):
        chunk = records[start : start + _CHUNK]
        checker.check_records(enumerate(chunk, start))
        feedback.advance(len(chunk))
    problems = checker.finish(lambda: {id(rec): i for i, rec in enumerate(records)})
    return _Outcome(doc, checker.series, problems)


def _located(data: bytes, file: str) -> _Outcome:
    from povtrack.io import jsonloc
    from povtrack.io.structure import locate, shape

    try:
        root = jsonloc.parse_bytes(data)
    except jsonloc.JSONLocError as exc:
        return _Outcome(
            None,
            {},
            [
                make(
                    exc.code,
                    exc.message,
                    syntax_hint(exc.code),
                    file=file,
                    path="$",
                    line=exc.line,
                    column=exc.column,
                )
            ],
        )
    shaped, problems = shape(root, file)
    checker = Checker(file)
    for i, ind in shaped.indicators:
        checker.check_indicator(i, ind)
    for i, reg in shaped.regions:
        checker.check_region(i, reg)
    for i, plan in shaped.plans:
        checker.check_plan(i, plan)
    for i, gap in shaped.gaps:
        checker.check_gap(i, gap)
    checker.check_records(shaped.records)
    pairs = shaped.records
    for problem in checker.finish(lambda: {id(rec): i for i, rec in pairs}):
        line, column = locate(root, problem.path)
        problems.append(msgspec.structs.replace(problem, line=line, column=column))
    doc = None
    if not any(p.severity == "error" for p in problems):
        doc = Document(
            indicators=[ind for _, ind in shaped.indicators],
            regions=[reg for _, reg in shaped.regions],
            records=[rec for _, rec in shaped.records],
            plans=[plan for _, plan in shaped.plans],
            gaps=[gap for _, gap in shaped.gaps],
        )
    return _Outcome(doc, checker.series, problems)


#: The document's arrays, in the order the located path shapes them, each with the kind of
#: object it holds (`povtrack.io.structure`) and the model that object becomes.
_ARRAYS: Final = ("indicators", "regions", "records", "plans", "gaps")
#: `records[51234].value` -> `records`, 51234, `.value`
_ELEMENT_PATH: Final = re.compile(r"([a-z]+)\[(\d+)\](.*)", re.DOTALL)


class Elements:
    """The elements of a file's top-level arrays, parsed with their positions one by one when
    a problem is in them: the located path for a file that the reader read (valid JSON) but
    that has a few problems. One scan finds where each element starts
    (`jsonloc.element_starts`); each element with a problem is then parsed alone."""

    def __init__(self, data: bytes) -> None:
        from povtrack.io import jsonloc

        self.text = jsonloc.decode_bytes(data)
        self.starts = jsonloc.element_starts(self.text)
        self.reader = jsonloc.ValueReader(self.text)
        self.nodes: dict[tuple[str, int], Node] = {}

    def read(self, wanted: Iterable[tuple[str, int]]) -> bool:
        """Parse the wanted elements (array, index); False when one cannot be found or parsed
        (then only the whole located parse can tell)."""
        from povtrack.io import jsonloc

        offsets: dict[int, tuple[str, int]] = {}
        for name, index in wanted:
            starts = self.starts.get(name)
            if starts is None or index >= len(starts):
                return False
            if (name, index) not in self.nodes:
                offsets[starts[index]] = (name, index)
        order = sorted(offsets)
        for offset, (line, line_start) in zip(
            order, jsonloc.line_starts(self.text, order), strict=True
        ):
            try:
                node = self.reader.read(offset, line, line_start, depth=2)
            except jsonloc.JSONLocError:
                return False
            self.nodes[offsets[offset]] = node
        return True

    def places(self, paths: Sequence[str]) -> list[tuple[int, int]] | None:
        """Line and column of each path (such as `records[12].value`), in order; None when a
        path is not in an element of an array, or its element cannot be parsed alone (then only
        the whole located parse can tell)."""
        from povtrack.io.structure import locate

        split = []
        for path in paths:
            match = _ELEMENT_PATH.fullmatch(path)
            if match is None:
                return None
            split.append((match.group(1), int(match.group(2)), match.group(3)))
        if not self.read((name, index) for name, index, _ in split):
            return None
        return [locate(self.nodes[name, index], rest) for name, index, rest in split]

    def locate(self, problems: list[Problem]) -> list[Problem] | None:
        """The problems with their line and column; None as for `places`."""
        places = self.places([problem.path for problem in problems])
        if places is None:
            return None
        return [
            msgspec.structs.replace(problem, line=line, column=column)
            for problem, (line, column) in zip(problems, places, strict=True)
        ]


def _relocated(data: bytes, outcome: _Outcome) -> _Outcome | None:
    """The problems that the fast path found in a file, with their lines and columns, found
    by parsing only the elements they are in; None when only the whole located parse can tell.
    The fast path and the located path find the same problems (one `Checker`)."""
    from povtrack.io import jsonloc

    try:
        problems = Elements(data).locate(outcome.problems)
    except jsonloc.JSONLocError:
        return None
    if problems is None:
        return None
    errors = any(p.severity == "error" for p in problems)
    return _Outcome(None if errors else outcome.doc, outcome.series, problems)


def _located_elements(data: bytes, file: str, refused: _Refused) -> _Outcome | None:
    """The located path for a file that the reader read but the model refused in a few
    elements of its arrays (`("records", 51234, "value")`): the other elements are validated
    by the model, those few are parsed alone with their positions and shaped by the located
    path's walker (`structure.Shape`), then all go through the rules, as in `_located`. None
    when the whole located parse is needed (a problem outside the arrays' elements)."""
    from povtrack.io import jsonloc
    from povtrack.io.structure import Shape, rough_identity

    raw = refused.raw
    if not isinstance(raw, dict):
        return None
    bad: dict[str, set[int]] = {name: set() for name in _ARRAYS}
    for place in refused.places:
        if len(place) < 2 or place[0] not in bad or not isinstance(place[1], int):
            return None
        bad[str(place[0])].add(place[1])
    good: dict[str, list[object]] = {}
    kept: dict[str, list[int]] = {}
    for name in _ARRAYS:
        items = raw.get(name)
        if not bad[name] or not isinstance(items, list):
            continue
        kept[name] = [i for i in range(len(items)) if i not in bad[name]]
        good[name] = [items[i] for i in kept[name]]
    try:
        doc = document_model().validate_python({**raw, **good})
        elements = Elements(data)
    except (ValidationError, jsonloc.JSONLocError):
        return None
    if not elements.read((name, i) for name in _ARRAYS for i in bad[name]):
        return None
    walker = Shape(file)
    shaped: dict[str, list[tuple[int, Any]]] = {}
    for name, kind, model in (
        ("indicators", "indicator", Indicator),
        ("regions", "region", Region),
        ("records", "record", Record),
        ("plans", "plan", Plan),
        ("gaps", "gap", Gap),
    ):
        typed: list[Any] = getattr(doc, name)
        pairs = list(zip(kept.get(name, range(len(typed))), typed, strict=True))
        for index in sorted(bad[name]):
            node = elements.nodes[name, index]
            walker.record = rough_identity(node) if name == "records" else None
            got = walker.fields(node, kind, f"{name}[{index}]")
            if got is not None:
                pairs.append((index, model(**got)))
        walker.record = None
        pairs.sort(key=itemgetter(0))
        shaped[name] = pairs
    problems = walker.problems
    checker = Checker(file)
    for i, ind in shaped["indicators"]:
        checker.check_indicator(i, ind)
    for i, reg in shaped["regions"]:
        checker.check_region(i, reg)
    for i, plan in shaped["plans"]:
        checker.check_plan(i, plan)
    for i, gap in shaped["gaps"]:
        checker.check_gap(i, gap)
    records = shaped["records"]
    checker.check_records(records)
    located = elements.locate(checker.finish(lambda: {id(rec): i for i, rec in records}))
    if located is None:
        return None
    problems.extend(located)
    # a file the model refused always has an error (of its shape or of the rules): no dataset
    return _Outcome(None, checker.series, problems)


def syntax_hint(code: str) -> str:
    """The hint for a JSON syntax error of the located parser, by its code."""
    key = _LOADER_HINT.get(code)
    return t(key if key is not None else N_("fix the JSON syntax at this place"))


def validate_bytes(
    data: bytes,
    file: str,
    *,
    locate_warnings: bool = True,
    feedback: Feedback = NO_FEEDBACK,
) -> tuple[Dataset | None, ValidationReport]:
    """Validate a file's bytes. The dataset is None when there are errors.

    Warnings found on the fast path are located (a second, slower parse) only when
    `locate_warnings`: `validate` shows them with their lines, other commands only count them.
    """
    fast = _fast(data, file, feedback)
    outcome: _Outcome | None = None
    if isinstance(fast, _Refused):
        feedback.stage("locating")
        outcome = _located_elements(data, file, fast)
    elif fast is not None:
        outcome = fast
        if any(p.severity == "error" for p in fast.problems) or (fast.problems and locate_warnings):
            feedback.stage("locating")
            outcome = _relocated(data, fast)
    if outcome is None:
        feedback.stage("locating")
        outcome = _located(data, file)
    doc = outcome.doc
    counts = None
    dataset = None
    if doc is not None:
        counts = Counts(len(doc.indicators), len(doc.regions), len(doc.records))
        dataset = Dataset(
            path=file,
            indicators={ind.id: ind for ind in doc.indicators},
            regions={reg.code: reg for reg in doc.regions},
            records=doc.records,
            series=outcome.series,
            plans={plan.id: plan for plan in doc.plans},
            gaps=doc.gaps,
        )
    return dataset, build_report(file, outcome.problems, counts)


def validate_file(
    path: str, *, locate_warnings: bool = True, feedback: Feedback = NO_FEEDBACK
) -> tuple[Dataset | None, ValidationReport]:
    feedback.stage("reading", file=path)
    data = read_bytes(path)
    return validate_bytes(data, path, locate_warnings=locate_warnings, feedback=feedback)


def load(path: str, feedback: Feedback = NO_FEEDBACK) -> tuple[Dataset, ValidationReport]:
    """Read and validate; raise DataError when the data is invalid (warnings are kept)."""
    dataset, report = validate_file(path, locate_warnings=False, feedback=feedback)
    if dataset is None:
        raise DataError(report)
    return dataset, report
