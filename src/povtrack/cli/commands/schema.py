"""`povtrack schema`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from povtrack.cli.common import Command, LangOption, setup, write
from povtrack.i18n import N_, t

if TYPE_CHECKING:
    from povtrack.render import RenderOptions


SCHEMA_HELP = N_(
    """Print the JSON Schema of the data format, generated from the models that validate it.

Editors use it to flag a typo in a data file as it is typed: the repository commits it as
schema/povtrack.schema.json, and .vscode/settings.json maps data/*.json to it. The schema
checks each field (types, allowed values, ranges, unknown fields); povtrack validate checks
the rest (percent within 0-100, decimals, duplicates, references, sources).

Example: povtrack schema --output schema/povtrack.schema.json"""
)


def schema(
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help=t(
                "Write the schema to this file (atomically: never half a file) instead of "
                "stdout; '-' is stdout. The folder must exist. "
                "Example: --output schema/povtrack.schema.json"
            ),
        ),
    ] = "-",
    lang: LangOption = None,
) -> None:
    """The command; its --help is SCHEMA_HELP."""
    setup(lang)
    from povtrack.model.schema import text

    body = text()

    def render(out: TextIO, _opts: RenderOptions) -> None:
        out.write(body)

    write(output, [], True, render)


def register(app: typer.Typer) -> None:
    app.command(cls=Command, help=t(SCHEMA_HELP))(schema)
