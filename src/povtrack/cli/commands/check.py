"""`povtrack check`: the CI gate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from povtrack.cli.common import (
    MAX_YEAR,
    MIN_YEAR,
    CheckFormat,
    Command,
    DataOption,
    Exit,
    IndicatorOption,
    LangOption,
    Method,
    NoColorOption,
    RegionOption,
    choice_option,
    err,
    fail,
    filters,
    format_option,
    options,
    setup,
    source,
)
from povtrack.i18n import N_, t

if TYPE_CHECKING:
    from povtrack.core.gate import CheckResult
from povtrack.i18n import NP_

CHECK_HELP = N_(
    """Gate for CI: fail when the data is invalid or a result breaks the policy.

Validates the data first (invalid data always fails), then judges each series' latest result
(or --year's) with the checks missed, regressed, stale and off-track. Findings named by
--fail-on are errors; the others are warnings.

Exit 0 when the check passes, 1 when the data is invalid or a finding fails the policy, 2 for
a usage error or a path that cannot be read or written.

Example: povtrack check --fail-on missed,regressed --format github --summary
\"$GITHUB_STEP_SUMMARY\""""
)


def check(
    data: DataOption = None,
    indicator: IndicatorOption = None,
    region: RegionOption = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            metavar="LIST",
            help=(
                t(
                    "Comma list of the findings that fail the check: missed (the latest scored "
                    "result misses its target), regressed (the latest change went the wrong way), "
                    "stale (the latest value is older than --max-age), off-track (a future target "
                    "will not be reached at the current pace), or none. Other findings are "
                    "warnings. Invalid data always fails. Example: --fail-on missed,regressed"
                )
            ),
        ),
    ] = "missed",
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar="YEAR",
            min=MIN_YEAR,
            max=MAX_YEAR,
            help=(
                t(
                    "Judge this year's result of each series (missed, regressed) instead of the "
                    "latest. Example: --year 2023"
                )
            ),
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        int | None,
        typer.Option(
            "--as-of",
            metavar="YEAR",
            min=MIN_YEAR,
            max=MAX_YEAR,
            help=(
                t(
                    "The year that stale counts from. Default: the current year. Example: --as-of "
                    "2026"
                )
            ),
            show_default=False,
        ),
    ] = None,
    max_age: Annotated[
        int,
        typer.Option(
            "--max-age",
            metavar="YEARS",
            min=0,
            max=MAX_YEAR - MIN_YEAR,
            help=(
                t(
                    "stale: the latest value may be at most this many years older than --as-of. "
                    "Example: --max-age 1"
                )
            ),
        ),
    ] = 2,
    method: Annotated[
        Method,
        choice_option(
            Method,
            "--method",
            "-m",
            help=t(
                "Thresholds that off-track grades with, as in povtrack progress: unsd or "
                "opensdg. Example: --method opensdg"
            ),
        ),
    ] = "unsd",
    base_year: Annotated[
        int | None,
        typer.Option(
            "--base-year",
            metavar="YEAR",
            min=MIN_YEAR,
            max=MAX_YEAR,
            help=t(
                "Base year of off-track's growth rates, for every series, as in povtrack "
                "progress. Default: the base year of the plan of the assessed target "
                "(plans[].base_year), else the first year from 2015 on with a value. "
                "Example: --base-year 2021"
            ),
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        CheckFormat,
        format_option(
            CheckFormat,
            t(
                "text: one line per finding and the verdict last; json: a stable "
                "report; github: GitHub Actions annotations on the records' lines; "
                "markdown. Example: --format github"
            ),
        ),
    ] = "text",
    summary: Annotated[
        str | None,
        typer.Option(
            "--summary",
            metavar="PATH",
            help=(
                t(
                    "Also append a Markdown summary to this file, whatever --format is (made for "
                    'GitHub\'s step summary). Example: --summary "$GITHUB_STEP_SUMMARY"'
                )
            ),
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
    no_color: NoColorOption = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help=(
                t(
                    "Nothing on stdout and no notes on stderr: only the exit code (and error "
                    "messages). Example: -q"
                )
            ),
        ),
    ] = False,
) -> None:
    """The command; its --help is CHECK_HELP."""
    setup(lang)
    import datetime

    from povtrack.core import gate
    from povtrack.io.errors import InputError
    from povtrack.io.loader import read_bytes, validate_bytes
    from povtrack.io.output import check_output_path, safe_line
    from povtrack.render.check import RENDERERS

    try:
        policy_codes = gate.parse_fail_on(fail_on)
    except ValueError as exc:
        fail(str(exc), Exit.USAGE)
    if summary is not None:
        if summary == "-":
            fail(
                t(
                    '--summary needs a file path (e.g. "$GITHUB_STEP_SUMMARY"); for Markdown '
                    "on stdout use --format markdown"
                ),
                Exit.USAGE,
            )
        if not summary.strip():
            fail(
                t(
                    "--summary: the path is empty ($GITHUB_STEP_SUMMARY is set only inside "
                    "GitHub Actions)"
                ),
                Exit.USAGE,
            )
    src = source(data, quiet)
    try:
        if summary is not None:
            check_output_path(summary, [src.path])
        # Read once: findings are located in these same bytes (gate.locator), not a re-read.
        raw = read_bytes(src.path)
        dataset, report = validate_bytes(raw, src.path, locate_warnings=False)
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
    policy = gate.Policy(
        fail_on=policy_codes,
        as_of=datetime.date.today().year if as_of is None else as_of,
        max_age=max_age,
        year=year,
        method=method,
        base_year=base_year,
    )
    if dataset is None:
        result = gate.invalid(report, policy)
        errors = (
            t(NP_("check", "1 error")) if report.errors == 1 else t("{n} errors", n=report.errors)
        )
        err(
            t(
                "povtrack: error: {message}",
                message=t(
                    "{path} is not valid ({errors}); povtrack validate --data {path} lists the "
                    "problems",
                    path=safe_line(src.path),
                    errors=errors,
                ),
            )
        )
    else:
        if report.warnings and not quiet:
            err(
                t(
                    "{n} validation warning(s) in {path}: see povtrack validate --data {path}",
                    n=report.warnings,
                    path=safe_line(src.path),
                )
            )
        chosen = filters(dataset, indicator, region)
        if year is not None and not quiet and not gate.has_year(dataset, chosen, year):
            err(
                t(
                    "--year {year}: no selected series has a record for {year}, so missed and "
                    "regressed check nothing",
                    year=year,
                )
            )
        result = gate.evaluate(dataset, policy, chosen, locate=gate.locator(raw))
    if not quiet:
        from povtrack.io.output import open_output

        try:
            with open_output("-") as out:
                RENDERERS[output_format](result, out, options(out, no_color))
        except InputError as exc:
            fail(str(exc), Exit.USAGE)
    if summary is not None:
        _append_summary(summary, result)
    raise typer.Exit(Exit.OK if result.passed else Exit.FAILED)


def _append_summary(path: str, result: CheckResult) -> None:
    """Append the Markdown summary in one write.

    Appended, not replaced atomically: $GITHUB_STEP_SUMMARY is a file that the runner creates for
    the step and reads when the step ends, and every command of the step appends to it (GitHub
    documents `>>`). Replacing it would drop what earlier commands wrote. The summary is rendered
    in full before the file is opened, so an error while rendering never leaves half of it.
    """
    from pathlib import Path

    from povtrack.render.check import markdown

    text = markdown(result)
    target = Path(path)
    try:
        if target.is_file() and target.stat().st_size > 0:
            text = "\n" + text  # a blank line: our heading starts a new block
        with target.open("ab") as stream:
            stream.write(text.encode("utf-8"))
    except OSError as exc:
        fail(
            t(
                "--summary {path}: cannot be written ({reason})",
                path=path,
                reason=exc.strerror or exc,
            ),
            Exit.USAGE,
        )


def register(app: typer.Typer) -> None:
    app.command(cls=Command, help=t(CHECK_HELP))(check)
