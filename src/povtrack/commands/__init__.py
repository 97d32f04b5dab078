"""One module per command; each has `register(app)`. The CLI is the sum of these."""

from __future__ import annotations

import typer

from povtrack.commands import report, validate


def register_all(app: typer.Typer) -> None:
    for module in (validate, report):
        module.register(app)
