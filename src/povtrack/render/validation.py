"""Renderers of `povtrack validate`: text, json, github."""

from __future__ import annotations

from typing import Final, TextIO

import msgspec

from povtrack.output import safe_line
from povtrack.problems import Problem, ValidationReport
from povtrack.render import Renderer, RenderOptions, render_json


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
    if problem.line is None:
        return problem.file
    return f"{problem.file}:{problem.line}:{problem.column}"


def problem_line(problem: Problem, color: bool = False) -> str:
    """`data/x.json:41:18: error [wrong-type] records[12].value (p0 / 3524 / 2023): ...`"""
    severity: str = problem.severity
    if color:
        severity = ("\x1b[1;31m" if severity == "error" else "\x1b[33m") + severity + "\x1b[0m"
    where = problem.path if problem.path not in ("", "$") else ""
    if problem.record:
        where = f"{where} ({problem.record})" if where else f"({problem.record})"
    text = f"{place(problem)}: {severity} [{problem.code}] "
    body = f"{where}: {problem.message}" if where else problem.message
    return text + safe_line(body) + "\n    fix: " + safe_line(problem.hint)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(report: ValidationReport) -> str:
    counts = ""
    if report.counts is not None:
        c = report.counts
        counts = (
            f" ({plural(c.indicators, 'indicator')}, {plural(c.regions, 'region')}, "
            f"{plural(c.records, 'record')})"
        )
    verdict = "valid" if report.valid else "INVALID"
    return (
        f"{safe_line(report.file)}: {verdict}: {plural(report.errors, 'error')}, "
        f"{plural(report.warnings, 'warning')}{counts}"
    )


def render_text(result: Validation, out: TextIO, options: RenderOptions) -> None:
    for report in result.files:
        for problem in report.problems:
            out.write(problem_line(problem, options.color) + "\n")
        out.write(summary_line(report) + "\n")
    if result.strict and result.warnings and not result.errors:
        out.write("--strict: warnings count as failures\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
    message = (
        f"{where}: {problem.message}. Fix: {problem.hint}"
        if where
        else (f"{problem.message}. Fix: {problem.hint}")
    )
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
