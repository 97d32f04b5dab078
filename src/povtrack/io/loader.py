"""Find, read and validate a data file: load → validate, returning typed objects or problems.

Two paths give the same answer. The fast path reads the bytes with jiter (numbers kept exact,
repeated keys refused), validates them with the data format's pydantic model
(`povtrack.model.records`: strict types, unknown fields refused) and runs the semantic rules.
Anything it refuses (a syntax error, a repeated key, a value of the wrong type or out of range,
a number written as text) or any problem to show with its place goes to the located path, which
parses the file with positions and reports every problem with its line and column.

Messages are in the current language (`povtrack.i18n`); the fast path words nothing unless a
record has a problem.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final, NamedTuple

import jiter
import msgspec

from povtrack.i18n import N_, t
from povtrack.io.errors import DataError, InputError
from povtrack.io.feedback import NO_FEEDBACK, Feedback
from povtrack.io.files import read_file
from povtrack.io.output import safe_line
from povtrack.io.rules import Checker
from povtrack.model.problems import Counts, Problem, ValidationReport, build_report, make
from povtrack.model.records import Dataset, Document, Record, SeriesKey, document_model

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


@dataclass(frozen=True, slots=True)
class DataSource:
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


def _fast(data: bytes, file: str, feedback: Feedback = NO_FEEDBACK) -> _Outcome | None:
    """Read and check a clean file in one pass; None when only the located path can tell.

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


def _fast_checked(data: bytes, file: str, feedback: Feedback) -> _Outcome | None:
    body = data[len(BOM) :] if data.startswith(BOM) else data
    feedback.stage("decoding", file=file)
    try:
        raw = jiter.from_json(
            body, float_mode="decimal", allow_inf_nan=False, catch_duplicate_keys=True
        )
        doc = document_model().validate_python(raw)
    except (ValueError, RecursionError):  # pydantic's ValidationError is a ValueError
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
    outcome = _fast(data, file, feedback)
    if (
        outcome is None
        or any(p.severity == "error" for p in outcome.problems)
        or (outcome.problems and locate_warnings)
    ):
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
