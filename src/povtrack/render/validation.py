"""Renderers of `povtrack validate`: text, json, github.

Problems carry their message and hint in the language chosen when the file was validated; the
text output words its labels (severity, `fix:`, the summary) in that language too. Codes,
paths, places and the JSON keys never change.
"""

from __future__ import annotations

from typing import Final, TextIO

import msgspec

from povtrack import i18n
from povtrack.i18n import t, tn
from povtrack.io.output import safe, safe_line
from povtrack.model.problems import Problem, ValidationReport
from povtrack.render import Renderer, RenderOptions, render_json

i18n.register(
    {
        "validation.severity.error": ("error", "galat"),
        "validation.severity.warning": ("warning", "peringatan"),
        "validation.fix": ("fix: {hint}", "perbaikan: {hint}"),
        "validation.github_message": ("{message}. Fix: {hint}", "{message}. Perbaikan: {hint}"),
        "validation.valid": ("valid", "valid"),
        "validation.invalid": ("INVALID", "TIDAK VALID"),
        "validation.errors.one": ("1 error", "1 galat"),
        "validation.errors.other": ("{n} errors", "{n} galat"),
        "validation.warnings.one": ("1 warning", "1 peringatan"),
        "validation.warnings.other": ("{n} warnings", "{n} peringatan"),
        "validation.indicators.one": ("1 indicator", "1 indikator"),
        "validation.indicators.other": ("{n} indicators", "{n} indikator"),
        "validation.regions.one": ("1 region", "1 wilayah"),
        "validation.regions.other": ("{n} regions", "{n} wilayah"),
        "validation.records.one": ("1 record", "1 catatan"),
        "validation.records.other": ("{n} records", "{n} catatan"),
        "validation.summary": (
            "{file}: {verdict}: {errors}, {warnings}{counts}",
            "{file}: {verdict}: {errors}, {warnings}{counts}",
        ),
        "validation.strict": (
            "--strict: warnings count as failures",
            "--strict: peringatan dihitung sebagai kegagalan",
        ),
    }
)


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
    severity = t(f"validation.severity.{problem.severity}")
    if color:
        start = "\x1b[1;31m" if problem.severity == "error" else "\x1b[33m"
        severity = start + severity + "\x1b[0m"
    where = problem.path if problem.path not in ("", "$") else ""
    if problem.record:
        where = f"{where} ({problem.record})" if where else f"({problem.record})"
    text = f"{place(problem)}: {severity} [{problem.code}] "
    body = f"{where}: {problem.message}" if where else problem.message
    return text + safe_line(body) + "\n    " + safe_line(t("validation.fix", hint=problem.hint))


def summary_line(report: ValidationReport) -> str:
    """`data/x.json: INVALID: 3 errors, 0 warnings (2 indicators, 1 region, 8 records)`."""
    counts = ""
    if report.counts is not None:
        c = report.counts
        counts = (
            f" ({tn('validation.indicators', c.indicators)}, "
            f"{tn('validation.regions', c.regions)}, {tn('validation.records', c.records)})"
        )
    return t(
        "validation.summary",
        file=safe_line(report.file),
        verdict=t("validation.valid" if report.valid else "validation.invalid"),
        errors=tn("validation.errors", report.errors),
        warnings=tn("validation.warnings", report.warnings),
        counts=counts,
    )


def render_text(result: Validation, out: TextIO, options: RenderOptions) -> None:
    for report in result.files:
        for problem in report.problems:
            out.write(problem_line(problem, options.color) + "\n")
        out.write(summary_line(report) + "\n")
    if result.strict and result.warnings and not result.errors:
        out.write(t("validation.strict") + "\n")


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
    message = t("validation.github_message", message=problem.message, hint=problem.hint)
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
