"""Every command and option says what it does with an example, and the documentation has a page for
every command that names each of its options (as sqlite-utils checks its own documentation)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from povtrack.cli.app import app

COMMAND_PAGES = Path(__file__).parents[1] / "docs" / "commands"


def leaves(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    subcommands = getattr(command, "commands", None)
    if subcommands:
        for name, sub in subcommands.items():
            yield from leaves(sub, (*path, name))
    else:
        yield path, command


COMMANDS = list(leaves(typer.main.get_command(app)))


def test_the_cli_has_every_command() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {
        "validate",
        "report",
        "progress",
        "check",
        "rank",
        "sources",
        "coverage",
        "chart",
        "schema",
    } <= names
    assert {"import csv", "import bps", "import opensdg", "export opensdg"} <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_and_option_has_an_example(path: tuple[str, ...], command: Any) -> None:
    assert "Example" in (command.help or ""), path
    for param in command.params:
        if param.name == "help":
            continue
        assert "Example" in (getattr(param, "help", None) or ""), (path, param.opts)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_the_docs_document_every_command(path: tuple[str, ...], command: Any) -> None:
    """docs/commands/COMMAND.md, written by hand, names the command and each of its options."""
    page = (COMMAND_PAGES / f"{path[0]}.md").read_text(encoding="utf-8")
    assert f"povtrack {' '.join(path)}" in page, path
    for param in command.params:
        long = [opt for opt in param.opts if opt.startswith("--")]
        if param.name in ("help",) or not long:
            continue
        assert any(opt in page for opt in long), (path, long)
