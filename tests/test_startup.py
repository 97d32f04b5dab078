"""Start-up: `main` builds only the command it runs and reads the options without pydantic, and
answers exactly as the whole CLI does. (Speed itself is shown by benchmarks/bench.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import typer
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st

from povtrack.cli.app import DECLINED, main, make_app, plain_value
from povtrack.cli.commands import MODULES

from .conftest import run


def test_each_module_registers_exactly_its_command() -> None:
    whole: Any = typer.main.get_command(make_app())
    assert list(whole.commands) == list(MODULES)
    for name in MODULES:
        alone: Any = typer.main.get_command(make_app(name))
        assert list(alone.commands) == [name]


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--help"),
        ("import", "csv", "--help"),
        ("export", "-h"),
        ("--help",),
        (),
        ("reprot",),  # a typo: Typer names the closest commands, so main builds them all
        ("report", "--from", "abc"),
        ("report", "--from", "2024", "--to", "2020"),
        ("report", "--format", "XML"),
        ("report", "--format", "json", "--indicator", "p0", "--from", "2020", "-q"),
        ("rank", "--indicator", "p0", "--year", "2023", "--format", "json", "-q"),
    ],
    ids=" ".join,
)
def test_main_answers_as_the_whole_cli(
    args: tuple[str, ...],
    lamongan: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(lamongan.parent)
    monkeypatch.setenv("POVTRACK_DATA", str(lamongan))
    whole = run(*args)
    monkeypatch.setattr(sys, "argv", ["povtrack", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out = capsys.readouterr()
    assert (exited.value.code, out.out, out.err) == (whole.exit_code, whole.stdout, whole.stderr)


def test_report_reads_options_without_pydantic_and_writes_a_file_without_rich(
    lamongan: Path,
) -> None:
    """`povtrack report` with plain options into a pipe: Typer's pydantic converters are never
    built, rich is not imported, and no other command is. (pydantic itself is: the data file
    is validated by the data format's pydantic models.)"""
    heavy = ["typer._adapters", "rich.console", "rich.table"]
    others = [
        f"povtrack.cli.commands.{module}" for module in MODULES.values() if module != "report"
    ]
    code = (
        "import json, sys\n"
        "from povtrack.cli.app import main\n"
        "watched = set(sys.argv.pop(1).split())\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    sys.stderr.write(json.dumps(sorted(watched & set(sys.modules))))\n"
    )
    argv = [sys.executable, "-c", code, " ".join(heavy + others)]
    options = ["report", "-q", "--data", str(lamongan), "-i", "p0", "-r", "3524", "--from", "2020"]
    proc = subprocess.run([*argv, *options], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "2023" in proc.stdout
    assert json.loads(proc.stderr) == []


# -- the plain converter against Typer's own ----------------------------------------------------


def _options() -> list[tuple[str, Any, Any]]:
    """(name, command, option) of every option of every command."""
    found: list[tuple[str, Any, Any]] = []

    def walk(command: Any, path: str) -> None:
        found.extend((f"{path} {param.name}", command, param) for param in command.params)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(make_app()), "povtrack")
    return found


OPTIONS = _options()


def _values(param: Any) -> st.SearchStrategy[Any]:
    """Values as the command line, the environment and the defaults give them to Typer."""
    annotation = param.type_descriptor.annotation
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        return st.one_of(st.none(), st.text(), st.lists(_leaf(item)).map(tuple))
    return st.one_of(st.none(), _leaf(annotation))


def _leaf(annotation: Any) -> st.SearchStrategy[Any]:
    texts = st.text(max_size=8)
    if annotation is int:
        digits = st.text("0123456789-+_ .e", max_size=6)
        return st.one_of(texts, digits, st.integers().map(str), st.integers(), st.booleans())
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        names = [str(member.value) for member in annotation]
        cased = [name.upper() for name in names] + [f" {name}" for name in names]
        return st.one_of(texts, st.sampled_from([*annotation, *names, *cased]))
    return st.one_of(texts, st.booleans(), st.integers())


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    return type(a) is type(b) and a == b


@pytest.mark.parametrize(("name", "command", "param"), OPTIONS, ids=[o[0] for o in OPTIONS])
def test_plain_values_are_typers_values(name: str, command: Any, param: Any) -> None:
    """Whatever value `plain_value` converts, Typer's pydantic converter converts to the same
    value of the same type; every value that Typer refuses is left to Typer."""
    coercion = pytest.importorskip("typer._coercion")
    typers = coercion.build_runtime_param(param.type_descriptor)
    ctx = typer.Context(command)

    @settings(max_examples=60, deadline=None)
    @given(_values(param))
    def check(value: Any) -> None:
        plain = plain_value(param, value, ctx)
        if plain is DECLINED:
            return
        try:
            expected = typers.coerce(value, param=param, ctx=ctx)
        except typer.BadParameter:
            pytest.fail(f"{name}: Typer refuses {value!r}, plain_value gives {plain!r}")
        assert _same(plain, expected), (name, value)

    check()
