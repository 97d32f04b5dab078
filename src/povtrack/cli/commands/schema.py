"""`povtrack schema`."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

import typer

from povtrack.cli.common import LangOption, OutputOption, setup, write

if TYPE_CHECKING:
    from povtrack.render import RenderOptions


def schema(output: OutputOption = "-", lang: LangOption = None) -> None:
    """Print the JSON Schema of the data format, generated from the models that validate it.

    Editors use it to flag a typo in a data file as it is typed: the repository commits it as
    schema/povtrack.schema.json, and .vscode/settings.json maps data/*.json to it. The schema
    checks each field (types, allowed values, ranges, unknown fields); povtrack validate checks
    the rest (percent within 0-100, decimals, duplicates, references, sources).

    Example: povtrack schema --output schema/povtrack.schema.json
    """
    setup(lang)
    from povtrack.model.schema import text

    body = text()

    def render(out: TextIO, _opts: RenderOptions) -> None:
        out.write(body)

    write(output, [], True, render)


def register(app: typer.Typer) -> None:
    app.command()(schema)
