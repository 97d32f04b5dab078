"""Renderers of `povtrack check`: text, json, github, markdown (also the --summary file)."""

from __future__ import annotations

from typing import Final, TextIO

from povtrack import i18n
from povtrack.core.gate import CheckResult, Finding
from povtrack.i18n import t
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

i18n.register(
    {
        "check.passed": ("check passed", "pemeriksaan lolos"),
        "check.failed": ("check FAILED", "pemeriksaan GAGAL"),
        "check.invalid": (
            "check FAILED: the data is not valid",
            "pemeriksaan GAGAL: data tidak valid",
        ),
        "check.one_error": ("1 error", "1 galat"),
        "check.n_errors": ("{n} errors", "{n} galat"),
        "check.one_warning": ("1 warning", "1 peringatan"),
        "check.n_warnings": ("{n} warnings", "{n} peringatan"),
        "check.fails_on": ("fails on: {codes}", "gagal jika: {codes}"),
        "check.fails_on_none": (
            "fails on: invalid data only",
            "gagal jika: data tidak valid saja",
        ),
        "check.clock": (
            "as of {as_of}, values at most {max_age} years old",
            "per {as_of}, nilai paling lama {max_age} tahun",
        ),
        "check.year": ("results of {year}", "hasil tahun {year}"),
        "check.md.title_passed": ("✅ povtrack check passed", "✅ pemeriksaan povtrack lolos"),
        "check.md.title_failed": ("❌ povtrack check failed", "❌ pemeriksaan povtrack gagal"),
        "check.md.title_invalid": (
            "❌ povtrack check failed: the data is not valid",
            "❌ pemeriksaan povtrack gagal: data tidak valid",
        ),
        "check.md.none": ("No findings.", "Tidak ada temuan."),
        "check.md.data": ("Data: {path}", "Data: {path}"),
        "check.md.severity": ("Severity", "Tingkat"),
        "check.md.check": ("Check", "Pemeriksaan"),
        "check.md.series": ("Series", "Seri"),
        "check.md.year": ("Year", "Tahun"),
        "check.md.message": ("Message", "Pesan"),
        "check.md.place": ("Place", "Lokasi"),
        "check.md.policy": (
            "Policy: {fails_on}; {clock}; off-track graded with the {method} thresholds.",
            "Kebijakan: {fails_on}; {clock}; tertinggal dinilai dengan ambang {method}.",
        ),
        "check.md.severity.error": ("error", "galat"),
        "check.md.severity.warning": ("warning", "peringatan"),
    }
)


def _count(n: int, one: str, many: str) -> str:
    return t(one) if n == 1 else t(many, n=n)


def counts_text(result: CheckResult) -> str:
    """`1 error, 4 warnings`."""
    return (
        _count(result.counts.errors, "check.one_error", "check.n_errors")
        + ", "
        + _count(result.counts.warnings, "check.one_warning", "check.n_warnings")
    )


def policy_text(result: CheckResult) -> str:
    """`fails on: missed, stale; as of 2026, values at most 2 years old`."""
    fails_on = (
        t("check.fails_on", codes=", ".join(result.policy))
        if result.policy
        else t("check.fails_on_none")
    )
    parts = [fails_on]
    if result.year is not None:
        parts.append(t("check.year", year=result.year))
    parts.append(t("check.clock", as_of=result.as_of, max_age=result.max_age))
    return "; ".join(parts)


def verdict_line(result: CheckResult) -> str:
    """The last line of text and github output: `check FAILED: 1 error, 4 warnings (...)`."""
    if not result.valid:
        head = t("check.invalid")
    else:
        head = t("check.passed") if result.passed else t("check.failed")
    return f"{head}: {counts_text(result)} ({policy_text(result)})"


def where(finding: Finding) -> str:
    """`data/x.json:27:5`, or the file alone when the line is not known."""
    if finding.line is None:
        return finding.file
    return f"{finding.file}:{finding.line}:{finding.column}"


def finding_line(finding: Finding, color: bool = False) -> str:
    """`data/x.json:27:5: error [missed] p0 / 0000 / month=3: 9.03 % in 2024 misses ...`
    (`galat`, `peringatan` in Indonesian, as `validate` writes them; the code stays)."""
    severity = t(f"check.md.severity.{finding.severity}")
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
        title = t("check.md.title_invalid")
    else:
        title = t("check.md.title_passed") if result.passed else t("check.md.title_failed")
    lines = [
        f"## {title}",
        "",
        f"{md_cell(counts_text(result))} · {md_cell(t('check.md.data', path=result.data))}",
        "",
    ]
    text = "\n".join(lines) + "\n"
    severity = {s: t(f"check.md.severity.{s}") for s in ("error", "warning")}
    if result.problems:
        text += md_table(
            [
                t("check.md.severity"),
                t("check.md.check"),
                t("check.md.place"),
                t("check.md.message"),
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
                t("check.md.severity"),
                t("check.md.check"),
                t("check.md.series"),
                t("check.md.year"),
                t("check.md.message"),
                t("check.md.place"),
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
        text += t("check.md.none") + "\n\n"
    fails_on = (
        t("check.fails_on", codes=", ".join(result.policy))
        if result.policy
        else t("check.fails_on_none")
    )
    clock = t("check.clock", as_of=result.as_of, max_age=result.max_age)
    if result.year is not None:
        clock = t("check.year", year=result.year) + "; " + clock
    text += md_cell(
        t("check.md.policy", fails_on=fails_on, clock=clock, method=result.method.upper())
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
