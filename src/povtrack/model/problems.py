"""Problems found in a data file: data with a place, not exceptions.

Every problem has a stable `code` (for JSON output and scripts), a severity, a message saying
what is wrong and a hint saying what would be right (both in the language chosen before the file
was read: `povtrack.i18n`), and its place: the file, the line and column of the offending JSON
value, the JSON path (`records[12].value`) and, for records, the record's identity
(`p0 / 3524 / 2023`). The code, severity and place never change with the language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal

import msgspec

Severity = Literal["error", "warning"]

#: Every problem code povtrack reports, with its severity and what it means: the README table
#: (documentation, in English; the messages of each problem are translated where it is found).
CODES: Final[dict[str, tuple[Severity, str]]] = {
    "empty-file": ("error", "the file is empty"),
    "encoding": ("error", "the file is not UTF-8 text"),
    "json-syntax": ("error", "the file is not valid JSON"),
    "not-a-number": ("error", "NaN or Infinity, which JSON does not allow"),
    "nested-too-deep": ("error", "arrays or objects nested deeper than any data file needs"),
    "invalid-string": ("error", "a string with a raw control character or a broken escape"),
    "duplicate-key": ("error", "the same key twice in one object"),
    "wrong-type": ("error", "a value of the wrong JSON type"),
    "unknown-field": ("error", "a field the format does not have (often a typo)"),
    "missing-field": ("error", "a required field is missing"),
    "invalid-value": ("error", "a value that is not one of those allowed"),
    "out-of-range": ("error", "a number outside the possible range"),
    "too-many-decimals": ("error", "more decimals than the indicator declares"),
    "empty-text": ("error", "an empty name, code or source"),
    "control-character": ("error", "a control character in a text field"),
    "text-too-long": ("error", "a name, code, source or note longer than 10,000 characters"),
    "duplicate-indicator": ("error", "two indicators with the same id"),
    "duplicate-region": ("error", "two regions with the same code"),
    "duplicate-record": ("error", "two records with the same identity"),
    "unknown-indicator": ("error", "a record or gap names an indicator that is not defined"),
    "unknown-region": ("error", "a record or gap names a region that is not defined"),
    "target-not-scored": ("error", "a target on an indicator whose direction is none"),
    "empty-record": ("error", "a record with neither value nor target"),
    "missing-source": ("error", "a value without a source"),
    "duplicate-plan": ("error", "two plans with the same id"),
    "plan-period": ("error", "a plan whose period starts after it ends"),
    "plan-base-year": ("error", "a plan whose base year is after the end of its period"),
    "unknown-plan": ("error", "a record names a plan that is not defined"),
    "plan-without-target": ("warning", "a record names a plan but has no target"),
    "target-outside-plan": ("warning", "a target for a year outside its plan's period"),
    "plan-region": ("warning", "a target that names the plan of another region"),
    "year-gap": ("warning", "a gap in a series' years that no recorded gap lists"),
    "gap-has-figure": ("warning", "a recorded gap lists a year that has a figure"),
    "target-already-met": ("warning", "a target for a later year that the latest result meets"),
}


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """One problem, with its place. `line`/`column` are 1-based; None when not known."""

    code: str
    severity: Severity
    message: str
    hint: str
    file: str
    path: str
    line: int | None = None
    column: int | None = None
    record: str | None = None

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.line or 0, self.column or 0, self.path, self.code)


def make(
    code: str,
    message: str,
    hint: str,
    *,
    file: str,
    path: str,
    line: int | None = None,
    column: int | None = None,
    record: str | None = None,
) -> Problem:
    return Problem(
        code=code,
        severity=CODES[code][0],
        message=message,
        hint=hint,
        file=file,
        path=path,
        line=line,
        column=column,
        record=record,
    )


class Counts(msgspec.Struct, frozen=True):
    indicators: int
    regions: int
    records: int


class ValidationReport(msgspec.Struct, frozen=True, kw_only=True):
    """The result of validating one file (`povtrack validate --format json` lists them)."""

    file: str
    valid: bool
    errors: int
    warnings: int
    counts: Counts | None
    problems: list[Problem]


def build_report(file: str, problems: Iterable[Problem], counts: Counts | None) -> ValidationReport:
    ordered = sorted(problems, key=Problem.sort_key)
    errors = sum(1 for p in ordered if p.severity == "error")
    return ValidationReport(
        file=file,
        valid=errors == 0,
        errors=errors,
        warnings=len(ordered) - errors,
        counts=counts,
        problems=ordered,
    )
