"""Renderers of `povtrack validate`: text, json, github.

Problems carry their message and hint in the language chosen when the file was validated; the
text output words its labels (severity, `fix:`, the summary) in that language too. Codes,
paths, places and the JSON keys never change.
"""

from __future__ import annotations

from typing import Final, TextIO

import msgspec

from povtrack.i18n import N_, t, tn
from povtrack.io.output import safe, safe_line
from povtrack.model.problems import Problem, ValidationReport
from povtrack.render import Renderer, RenderOptions, render_json

_VALIDATION_SEVERITY: Final = {
    "error": N_("error"),
    "warning": N_("warning"),
}


class Validation(msgspec.Struct, frozen=True, kw_only=True):
    """The result of `povtrack validate`: one report per file; valid when all are."""

    valid: bool
    errors: int
    warnings: int
    strict: bool
    files: list[ValidationReport]


def combine(reports: list[ValidationReport], strict: bool) -> Validation:
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    return Validation(
        valid=errors == 0 and not (strict and warnings),
        errors=errors,
        warnings=warnings,
        strict=strict,
        files=reports,
    )


def place(problem: Problem) -> str:
    """`file:line:col`, the file's name on one line with its controls made visible."""
    file = safe_line(problem.file)
    if problem.line is None:
        return file
    return f"{file}:{problem.line}:{problem.column}"


def problem_line(problem: Problem, color: bool = False) -> str:
    """`data/x.json:41:18: error [wrong-type] records[12].value (p0 / 3524 / 2023): ...` and,
    on the next line, `    fix: ...` (`galat`, `perbaikan:` in Indonesian)."""
    severity = t(_VALIDATION_SEVERITY[problem.severity])
    if color:
        start = "\x1b[1;31m" if problem.severity == "error" else "\x1b[33m"
        severity = start + severity + "\x1b[0m"
    where = problem.path if problem.path not in ("", "$") else ""
    if problem.record:
        where = f"{where} ({problem.record})" if where else f"({problem.record})"
    text = f"{place(problem)}: {severity} [{problem.code}] "
    body = f"{where}: {problem.message}" if where else problem.message
    return text + safe_line(body) + "\n    " + safe_line(t("fix: {hint}", hint=problem.hint))


def summary_line(report: ValidationReport) -> str:
    """`data/x.json: INVALID: 3 errors, 0 warnings (2 indicators, 1 region, 8 records)`."""
    counts = ""
    if report.counts is not None:
        c = report.counts
        parts = (
            tn("1 indicator", "{n} indicators", c.indicators),
            tn("1 region", "{n} regions", c.regions),
            tn("1 record", "{n} records", c.records),
        )
        counts = " (" + ", ".join(parts) + ")"
    return t(
        "{file}: {verdict}: {errors}, {warnings}{counts}",
        file=safe_line(report.file),
        verdict=t(N_("valid") if report.valid else N_("INVALID")),
        errors=tn("1 error", "{n} errors", report.errors),
        warnings=tn("1 warning", "{n} warnings", report.warnings),
        counts=counts,
    )


def render_text(result: Validation, out: TextIO, options: RenderOptions) -> None:
    for report in result.files:
        for problem in report.problems:
            out.write(problem_line(problem, options.color) + "\n")
        out.write(summary_line(report) + "\n")
    if result.strict and result.warnings and not result.errors:
        out.write(t("--strict: warnings count as failures") + "\n")


def _escape_data(text: str) -> str:
    """GitHub's escapes for a workflow command (`%`, CR, LF), then every other control made
    visible (`\\u001b`): a data file's name or text must not drive the log's terminal."""
    return safe(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(problem: Problem, strict: bool = False) -> str:
    """A GitHub Actions workflow command that annotates the problem's line in a pull request."""
    level = "error" if problem.severity == "error" or strict else "warning"
    props = [f"file={_escape_property(problem.file)}"]
    if problem.line is not None:
        props.append(f"line={problem.line}")
        props.append(f"col={problem.column}")
    props.append(f"title={_escape_property('povtrack ' + problem.code)}")
    where = problem.path if problem.path not in ("", "$") else ""
    if problem.record:
        where = f"{where} ({problem.record})" if where else f"({problem.record})"
    message = t("{message}. Fix: {hint}", message=problem.message, hint=problem.hint)
    if where:
        message = f"{where}: {message}"
    return f"::{level} {','.join(props)}::{_escape_data(safe_line(message))}"


def render_github(result: Validation, out: TextIO, options: RenderOptions) -> None:
    for report in result.files:
        for problem in report.problems:
            out.write(github_command(problem, result.strict) + "\n")
        out.write(summary_line(report) + "\n")


RENDERERS: Final[dict[str, Renderer[Validation]]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
}
