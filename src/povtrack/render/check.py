"""Renderers of `povtrack check`: text, json, github, markdown (also the --summary file)."""

from __future__ import annotations

from typing import Final, TextIO

from povtrack.core.gate import CheckResult, Finding
from povtrack.i18n import N_, NP_, t
from povtrack.io.output import safe_line
from povtrack.model.problems import Problem
from povtrack.render import Renderer, RenderOptions, md_cell, md_table, render_json
from povtrack.render.validation import (
    _escape_data,
    _escape_property,
    github_command,
    place,
    problem_line,
)

_CHECK_MD_SEVERITY: Final = {
    "error": N_("error"),
    "warning": N_("warning"),
}
_CHECK_MD_DATA: Final = N_("Data: {path}")


def _count(n: int, one: str, many: str) -> str:
    return t(one) if n == 1 else t(many, n=n)


def counts_text(result: CheckResult) -> str:
    """`1 error, 4 warnings`."""
    return (
        _count(result.counts.errors, NP_("check", "1 error"), N_("{n} errors"))
        + ", "
        + _count(result.counts.warnings, NP_("check", "1 warning"), N_("{n} warnings"))
    )


def policy_text(result: CheckResult) -> str:
    """`fails on: missed, stale; as of 2026, values at most 2 years old`."""
    fails_on = (
        t("fails on: {codes}", codes=", ".join(result.policy))
        if result.policy
        else t("fails on: invalid data only")
    )
    parts = [fails_on]
    if result.year is not None:
        parts.append(t("results of {year}", year=result.year))
    parts.append(
        t(
            "as of {as_of}, values at most {max_age} years old",
            as_of=result.as_of,
            max_age=result.max_age,
        )
    )
    return "; ".join(parts)


def verdict_line(result: CheckResult) -> str:
    """The last line of text and github output: `check FAILED: 1 error, 4 warnings (...)`."""
    if not result.valid:
        head = t("check FAILED: the data is not valid")
    else:
        head = t("check passed") if result.passed else t("check FAILED")
    return f"{head}: {counts_text(result)} ({policy_text(result)})"


def where(finding: Finding) -> str:
    """`data/x.json:27:5`, or the file alone when the line is not known."""
    if finding.line is None:
        return finding.file
    return f"{finding.file}:{finding.line}:{finding.column}"


def finding_line(finding: Finding, color: bool = False) -> str:
    """`data/x.json:27:5: error [missed] p0 / 0000 / month=3: 9.03 % in 2024 misses ...`
    (`galat`, `peringatan` in Indonesian, as `validate` writes them; the code stays)."""
    severity = t(_CHECK_MD_SEVERITY[finding.severity])
    if color:
        start = "\x1b[1;31m" if finding.severity == "error" else "\x1b[33m"
        severity = start + severity + "\x1b[0m"
    return (
        f"{safe_line(where(finding))}: {severity} [{finding.code}] "
        f"{safe_line(finding.series)}: {safe_line(finding.message)}"
    )


def github_finding(finding: Finding) -> str:
    """`::error file=...,line=27,col=5,title=povtrack missed::p0 / 0000 / month=3: ...`"""
    props = [f"file={_escape_property(finding.file)}"]
    if finding.line is not None:
        props.append(f"line={finding.line}")
        props.append(f"col={finding.column}")
    props.append(f"title={_escape_property('povtrack ' + finding.code)}")
    message = safe_line(f"{finding.series}: {finding.message}")
    return f"::{finding.severity} {','.join(props)}::{_escape_data(message)}"


def render_text(result: CheckResult, out: TextIO, options: RenderOptions) -> None:
    for problem in result.problems:
        out.write(problem_line(problem, options.color) + "\n")
    for finding in result.findings:
        out.write(finding_line(finding, options.color) + "\n")
    out.write(safe_line(verdict_line(result)) + "\n")


def render_github(result: CheckResult, out: TextIO, options: RenderOptions) -> None:
    for problem in result.problems:
        out.write(github_command(problem) + "\n")
    for finding in result.findings:
        out.write(github_finding(finding) + "\n")
    out.write(safe_line(verdict_line(result)) + "\n")


def markdown(result: CheckResult) -> str:
    """The Markdown report: a headline with the verdict and counts, a table of findings (errors
    first) or of validation problems, then the policy."""
    if not result.valid:
        title = t("❌ povtrack check failed: the data is not valid")
    else:
        title = t("✅ povtrack check passed") if result.passed else t("❌ povtrack check failed")
    lines = [
        f"## {title}",
        "",
        f"{md_cell(counts_text(result))} · {md_cell(t(_CHECK_MD_DATA, path=result.data))}",
        "",
    ]
    text = "\n".join(lines) + "\n"
    severity = {s: t(_CHECK_MD_SEVERITY[s]) for s in ("error", "warning")}
    if result.problems:
        text += md_table(
            [
                t("Severity"),
                t("Check"),
                t("Place"),
                t("Message"),
            ],
            (
                [
                    severity[p.severity],
                    md_cell(p.code),
                    md_cell(place(p)),
                    md_cell(_problem_text(p)),
                ]
                for p in result.problems
            ),
            "llll",
        )
        text += "\n"
    elif result.findings:
        ordered = sorted(result.findings, key=lambda f: f.severity != "error")
        text += md_table(
            [
                t("Severity"),
                t("Check"),
                t(NP_("check.md", "Series")),
                t("Year"),
                t("Message"),
                t("Place"),
            ],
            (
                [
                    severity[f.severity],
                    md_cell(f.code),
                    md_cell(f.series),
                    "" if f.year is None else str(f.year),
                    md_cell(f.message),
                    md_cell(where(f)),
                ]
                for f in ordered
            ),
            "lllrll",
        )
        text += "\n"
    else:
        text += t("No findings.") + "\n\n"
    fails_on = (
        t("fails on: {codes}", codes=", ".join(result.policy))
        if result.policy
        else t("fails on: invalid data only")
    )
    clock = t(
        "as of {as_of}, values at most {max_age} years old",
        as_of=result.as_of,
        max_age=result.max_age,
    )
    if result.year is not None:
        clock = t("results of {year}", year=result.year) + "; " + clock
    text += md_cell(
        t(
            "Policy: {fails_on}; {clock}; off-track graded with the {method} thresholds.",
            fails_on=fails_on,
            clock=clock,
            method=result.method.upper(),
        )
    )
    return text + "\n"


def _problem_text(problem: Problem) -> str:
    where = problem.path if problem.path not in ("", "$") else ""
    if problem.record:
        where = f"{where} ({problem.record})" if where else f"({problem.record})"
    return f"{where}: {problem.message}" if where else problem.message


def render_markdown(result: CheckResult, out: TextIO, options: RenderOptions) -> None:
    out.write(markdown(result))


RENDERERS: Final[dict[str, Renderer[CheckResult]]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "markdown": render_markdown,
}
