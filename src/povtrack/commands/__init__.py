"""One module per command; each has `register(app)`. The CLI is the sum of these."""

from __future__ import annotations

import importlib

import typer

# In the order `povtrack --help` lists them.
COMMANDS = (
    "validate",
    "report",
    "progress",
    "check",
    "rank",
    "sources",
    "chart",
    "import_",
    "export",
    "schema",
)


def register_all(app: typer.Typer) -> None:
    for name in COMMANDS:
        qualified = f"povtrack.commands.{name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as exc:  # TODO(lead): explicit imports once all commands exist
            if exc.name == qualified:
                continue
            raise
        module.register(app)
