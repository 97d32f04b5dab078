"""`povtrack validate`."""

from __future__ import annotations

from typing import Annotated

import typer

from povtrack import i18n
from povtrack.cli.common import (
    Command,
    DataOption,
    Exit,
    LangOption,
    NoColorOption,
    QuietOption,
    ValidateFormat,
    err,
    fail,
    feedback_for,
    format_option,
    given_path,
    options,
    setup,
    source,
)
from povtrack.i18n import N_, t

VALIDATE_HELP = N_(
    """Check data files and list every problem with its line, column and JSON path.

Exit 0 when valid, 1 when a file has errors (or warnings with --strict), 2 when a file
cannot be read. With --lang id the messages and hints are in Bahasa Indonesia (also in
--format json, whose codes, paths and places never change).

Example: povtrack validate data/indicators.json --format github"""
)


def validate(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE]...",
            help=(
                t(
                    "Files to validate. Default: the data file in use (see --data). Example: "
                    "data/indicators.json other.json"
                )
            ),
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    output_format: Annotated[
        ValidateFormat,
        format_option(
            ValidateFormat,
            t(
                "text: one line per problem and the count last; json: a stable report; github: "
                "GitHub Actions annotations on the lines. Example: --format github"
            ),
        ),
    ] = "text",
    strict: Annotated[
        bool,
        typer.Option("--strict", help=t("Warnings fail too (exit 1). Example: --strict")),
    ] = False,
    lang: LangOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is VALIDATE_HELP."""
    setup(lang)
    from povtrack.io.errors import InputError
    from povtrack.io.loader import validate_file
    from povtrack.io.output import open_output
    from povtrack.render.validation import RENDERERS, combine

    paths = list(files or [])
    for path in paths:
        given_path(path, "FILE")
    if not paths:
        paths = [source(data, quiet).path]
    elif data:
        fail(i18n.t("give either FILE arguments or --data, not both"), Exit.USAGE)
    reports = []
    unreadable = []
    for path in paths:
        try:
            with feedback_for(path, quiet) as feedback:
                _, report = validate_file(path, feedback=feedback)
        except InputError as exc:  # the other files are still validated; exit 2 at the end
            unreadable.append(str(exc))
            continue
        reports.append(report)
    if unreadable and not reports:
        fail(unreadable[0], Exit.USAGE)
    result = combine(reports, strict)
    renderer = RENDERERS[output_format]
    try:
        with open_output("-") as out:
            renderer(result, out, options(out, no_color))
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
    for message in unreadable:
        err(i18n.t("povtrack: error: {message}", message=message))
    if unreadable:
        raise typer.Exit(Exit.USAGE)
    raise typer.Exit(Exit.OK if result.valid else Exit.FAILED)


def register(app: typer.Typer) -> None:
    app.command(cls=Command, help=t(VALIDATE_HELP))(validate)
