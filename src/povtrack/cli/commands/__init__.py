"""One module per command; each has `register(app)`. The CLI is the sum of these.

A command module imports only typer and `povtrack.cli.common` at the top: the core, rich and
msgspec are imported inside the command function, so that `povtrack --help` starts fast (and
`povtrack --version` is answered before any of them is imported).
A module is imported only when its command is registered: `povtrack report` registers (and
imports) only `report` (see `povtrack.cli.app.main`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import typer

#: Each command's name and the module that registers it, in the order `povtrack --help` lists
#: them (a test checks that each module registers exactly its command).
MODULES: Final[dict[str, str]] = {
    "validate": "validate",
    "report": "report",
    "progress": "progress",
    "check": "check",
    "rank": "rank",
    "sources": "sources",
    "coverage": "coverage",
    "chart": "chart",
    "schema": "schema",
    "init": "init",
    "config": "config",
    "import": "import_",
    "export": "export",
}


def register(app: typer.Typer, names: Iterable[str]) -> None:
    """Register the commands called `names` (keys of MODULES), importing only their modules."""
    for name in names:
        importlib.import_module(f"{__name__}.{MODULES[name]}").register(app)


def register_all(app: typer.Typer) -> None:
    register(app, MODULES)
