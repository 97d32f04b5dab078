"""One module per command; each has `register(app)`. The CLI is the sum of these.

A command module imports only typer and clikit at the top: the core, rich and msgspec are
imported inside the command function, so that `povtrack --version` and `--help` start fast.
"""

from __future__ import annotations

import typer

from povtrack.commands import (
    chart,
    check,
    export,
    import_,
    progress,
    rank,
    report,
    schema,
    sources,
    validate,
)

# In the order `povtrack --help` lists them.
COMMANDS = (validate, report, progress, check, rank, sources, chart, schema, import_, export)


def register_all(app: typer.Typer) -> None:
    for module in COMMANDS:
        module.register(app)
