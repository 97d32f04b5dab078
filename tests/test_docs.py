"""The README is the front page (at most 300 lines, beginning with the two commands that work on a
fresh machine) and the manual is the MkDocs site in docs/, whose command reference is generated
from the Typer application (docs/hooks/reference.py) and checked here against its parameters."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Final

import pytest
import typer

from povtrack.cli.app import make_app

ROOT: Final = Path(__file__).resolve().parents[1]
README: Final = ROOT / "README.md"
DOCS: Final = ROOT / "docs"

INSTALL_AND_REPORT: Final = (
    "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/povtrack report"
)
INSTALL_AND_TEST: Final = (
    'python3 -m venv .venv && .venv/bin/pip install ".[test,charts]" && .venv/bin/python -m pytest'
)

FENCE: Final = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
LINK: Final = re.compile(r"\]\(([^)#\s]+)(?:#[^)\s]*)?\)")


def fenced_blocks(text: str) -> list[tuple[int, str]]:
    """(line number of the opening fence, content) of each fenced code block."""
    return [
        (text.count("\n", 0, match.start()) + 1, match.group(1).strip())
        for match in FENCE.finditer(text)
    ]


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "povtrack_docs_hook", DOCS / "hooks" / "reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def leaves(
    command: Any, path: tuple[str, ...] = (), parent: Any = None
) -> Iterator[tuple[tuple[str, ...], Any, Any]]:
    """Every command and subcommand of the application, groups included, with the context that
    `povtrack ... --help` would give it (the group's settings, such as -h, are inherited)."""
    ctx = command.context_class(
        command,
        info_name=path[-1] if path else "povtrack",
        parent=parent,
        **command.context_settings,
    )
    yield path, command, ctx
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from leaves(sub, (*path, name), ctx)


COMMANDS: Final = list(leaves(typer.main.get_command(make_app())))
IDS: Final = [" ".join(path) or "povtrack" for path, _, _ in COMMANDS]


# -- the README: the front page ----------------------------------------------------------------


def test_the_readme_has_at_most_300_lines() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300


def test_the_readme_begins_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = fenced_blocks(text)
    assert [content for _, content in blocks[:2]] == [INSTALL_AND_REPORT, INSTALL_AND_TEST]
    # nothing before them but the title and a sentence each
    assert blocks[0][0] <= 5
    assert blocks[1][0] <= blocks[0][0] + 8


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert INSTALL_AND_TEST in ci


def test_every_relative_link_of_the_readme_leads_to_a_file() -> None:
    targets = [
        target for target in LINK.findall(README.read_text(encoding="utf-8")) if "://" not in target
    ]
    assert "docs/chart-lamongan-p0.png" in targets
    assert "docs/index.md" in targets
    for target in targets:
        assert (ROOT / target).is_file(), target


# -- the site -----------------------------------------------------------------------------------


def test_every_page_is_in_the_navigation_and_the_reference_is_generated() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(
        page.relative_to(DOCS).as_posix()
        for page in DOCS.rglob("*.md")
        if "hooks" not in page.relative_to(DOCS).parts
    )
    assert "reference.md" not in pages  # made by the hook when the site is built
    assert re.search(r"^\s+- Command reference: reference\.md$", config, re.M)
    assert re.search(r"^\s+- docs/hooks/reference\.py$", config, re.M)
    for page in pages:
        assert re.search(rf"^\s+- (?:[^:\n]+: )?{re.escape(page)}$", config, re.M), page


def test_every_relative_link_of_the_site_leads_to_a_file() -> None:
    """mkdocs build --strict checks this too; here it is checked without MkDocs installed."""
    for page in DOCS.rglob("*.md"):
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if "://" in target or target == "reference.md" or target.endswith("/reference.md"):
                continue
            assert (page.parent / target).resolve().is_file(), (page, target)


# -- the generated command reference ------------------------------------------------------------


@pytest.fixture(scope="module")
def reference() -> dict[str, str]:
    """The generated reference, one section per command: `povtrack import csv` -> its text."""
    text = load_hook().reference_markdown()
    assert text.startswith("# Command reference\n")
    sections: dict[str, str] = {}
    for part in re.split(r"^#{2,6} ", text, flags=re.M)[1:]:
        heading, _, body = part.partition("\n")
        sections[heading.strip("`")] = body
    return sections


def test_the_reference_has_a_section_for_every_command(reference: dict[str, str]) -> None:
    names = {" ".join(("povtrack", *path)) for path, command, _ in COMMANDS if not command.hidden}
    assert set(reference) == names
    assert {"povtrack report", "povtrack import csv", "povtrack export datapackage"} <= names


@pytest.mark.parametrize(("path", "command", "ctx"), COMMANDS, ids=IDS)
def test_the_reference_says_what_help_says(
    path: tuple[str, ...], command: Any, ctx: Any, reference: dict[str, str]
) -> None:
    """Each section has the command's usage, its help and the help record of every argument and
    option, exactly as `--help` takes them from the application."""
    section = reference[" ".join(("povtrack", *path))]
    assert f"Usage: {' '.join(('povtrack', *path))} " in section
    first_line = (command.help or "").strip().splitlines()[0]
    assert first_line and first_line in section, path
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, text = record
        assert f"- `{names}`" in section, (path, names)
        assert text.split("  [")[0] in section.replace("&lt;", "<").replace("&gt;", ">"), names
        for opt in (*param.opts, *param.secondary_opts):
            if opt.startswith("-"):
                assert opt in names, (path, opt)
    for name in getattr(command, "commands", {}):
        assert f"[`{name}`](#" in section, (path, name)


def test_the_reference_is_english_whatever_language_is_current() -> None:
    """A command run before in the same process may have chosen Indonesian (random test order
    once made the generated reference Indonesian)."""
    from povtrack import i18n

    english = load_hook().reference_markdown()
    i18n.set_lang("id")
    try:
        assert load_hook().reference_markdown() == english
        assert i18n.get_lang() == "id"  # and the language is given back
    finally:
        i18n.set_lang("en")
