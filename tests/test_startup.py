"""Start-up and the options' choices: `main` answers `--version` before importing Typer, builds
only the command it runs, and answers exactly as the whole CLI does; every choice is Typer's
(listed in --help, refused with Typer's usage error). Speed itself is measured by
benchmarks/startup.py against a minimal Typer application with the same options."""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

import pytest
import typer
import typer.main

from povtrack import i18n
from povtrack.cli import common
from povtrack.cli.app import main, make_app
from povtrack.cli.commands import MODULES

from .conftest import run

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "startup.py"


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
        ("--version", "--help"),
        (),
        ("reprot",),  # a typo: Typer names the closest commands, so main builds them all
        ("report", "--from", "abc"),
        ("report", "--from", "2024", "--to", "2020"),
        ("report", "--format", "XML"),
        ("report", "--lang", "fr"),
        ("report", "--csv-dialect", "excel-fr"),
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


def _imported_by(
    args: list[str], watched: list[str]
) -> tuple[subprocess.CompletedProcess[str], Any]:
    """Run `main` with `args` in a fresh interpreter; which of `watched` it imported."""
    code = (
        "import json, sys\n"
        "from povtrack.cli.app import main\n"
        "watched = set(sys.argv.pop(1).split())\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    sys.stderr.write(json.dumps(sorted(watched & set(sys.modules))))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, " ".join(watched), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc, json.loads(proc.stderr.splitlines()[-1])


def test_version_imports_neither_typer_nor_the_core() -> None:
    watched = ["typer", "rich", "pydantic", "msgspec", "povtrack.cli.common", "povtrack.core"]
    proc, imported = _imported_by(["--version"], watched)
    assert proc.returncode == 0
    assert proc.stdout.startswith("povtrack ")
    assert imported == []


def test_report_imports_only_its_own_command(lamongan: Path) -> None:
    others = [
        f"povtrack.cli.commands.{module}" for module in MODULES.values() if module != "report"
    ]
    options = ["report", "-q", "--data", str(lamongan), "-i", "p0", "-r", "3524", "--from", "2020"]
    proc, imported = _imported_by(options, others)
    assert proc.returncode == 0, proc.stderr
    assert "2023" in proc.stdout
    assert imported == []


@pytest.mark.parametrize(
    "root", [["--no-config"], ["--config", "{toml}"], ["--config={toml}", "--no-config"]]
)
def test_root_options_first_still_import_only_the_command(
    lamongan: Path, tmp_path: Path, root: list[str]
) -> None:
    toml = tmp_path / "povtrack.toml"
    toml.write_text('indicators = ["p0"]\n', encoding="utf-8")
    others = [
        f"povtrack.cli.commands.{module}" for module in MODULES.values() if module != "report"
    ]
    given = [arg.format(toml=toml) for arg in root]
    options = [*given, "report", "-q", "--data", str(lamongan), "-r", "3524", "--from", "2020"]
    proc, imported = _imported_by(options, others)
    assert proc.returncode == 0, proc.stderr
    assert "2023" in proc.stdout
    assert imported == []


# -- choices ------------------------------------------------------------------------------------


def _choices(annotation: Any) -> tuple[str, ...]:
    """The values of a Literal option type (`Literal[...]`, optional or not), else ()."""
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        (annotation,) = [arg for arg in get_args(annotation) if arg is not type(None)]
    return get_args(annotation) if get_origin(annotation) is Literal else ()


def _choice_options() -> list[tuple[str, tuple[str, ...]]]:
    """(command and option, its values) of every option whose value is a choice, read from
    the type hints of the command functions."""
    found: list[tuple[str, tuple[str, ...]]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if command.callback is not None:
            hints = get_type_hints(command.callback, include_extras=True)
            for param in command.params:
                values = _choices(hints.get(param.name))
                if param.param_type_name == "option" and values:
                    found.append((" ".join((*path, param.opts[0])), values))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(make_app()), ())
    return found


CHOICES = _choice_options()


def test_the_choices_are_the_options_that_have_them() -> None:
    named = {name for name, _ in CHOICES}
    for command in ("validate", "report", "progress", "check", "rank", "sources", "coverage"):
        assert f"{command} --format" in named
    assert {"report --lang", "report --csv-dialect", "report --achievement"} <= named
    assert {"progress --method", "chart --method", "import csv --format"} <= named


@pytest.mark.parametrize(("name", "values"), CHOICES, ids=[name for name, _ in CHOICES])
def test_each_choice_is_listed_in_help_and_any_other_value_is_a_usage_error(
    name: str, values: tuple[str, ...]
) -> None:
    *command, option = name.split()
    shown = run(*command, "--help", env={"COLUMNS": "300", "TERMINAL_WIDTH": "300"})
    assert shown.exit_code == 0
    # the metavar may wrap inside rich's column (and other columns' text between its parts)
    # (the width rich draws with may differ with the order of the tests)
    flat = re.sub(r"\s*│\s*", " ", shown.stdout)
    assert all(re.search(rf"[<\[|\s]{re.escape(value)}[>\]|\s]", flat) for value in values)
    refused = run(*command, option, "nonsense")
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert "nonsense" in refused.stderr
    assert all(repr(value) in refused.stderr for value in values)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("CsvDialect", ("povtrack.render", "CsvDialect")),
        ("Formula", ("povtrack.core.report", "Formula")),
        ("Method", ("povtrack.core.progress_math", "Method")),
    ],
)
def test_the_choices_written_out_are_those_of_the_core(ours: str, theirs: tuple[str, str]) -> None:
    module = importlib.import_module(theirs[0])
    assert get_args(getattr(common, ours)) == get_args(getattr(module, theirs[1]))


def test_lang_choices_are_the_languages() -> None:
    (lang_type, _none) = get_args(get_args(common.LangOption)[0])
    assert get_args(lang_type) == i18n.LANGS


# -- the benchmark's floor ----------------------------------------------------------------------


def _benchmark() -> Any:
    spec = importlib.util.spec_from_file_location("povtrack_startup_benchmark", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmarks_minimal_app_has_the_options_of_report(tmp_path: Path) -> None:
    """benchmarks/startup.py times `povtrack report` against a minimal Typer app with the same
    options: it is a fair floor only while they stay the same."""
    bench = _benchmark()
    minimal = tmp_path / "minimal_app.py"
    minimal.write_text(bench.MINIMAL_APP, encoding="utf-8")
    bench.check_same_options(minimal)  # exits when they differ
    changed = tmp_path / "changed_app.py"
    changed.write_text(bench.MINIMAL_APP.replace('] = "linear"', '] = "ratio"'), encoding="utf-8")
    with pytest.raises(SystemExit):
        bench.check_same_options(changed)


@pytest.mark.parametrize("entry_point", [True, False], ids=["entry", "main"])
def test_the_process_entry_runs_the_command_without_the_cycle_collector_main_leaves_it_alone(
    entry_point: bool,
    lamongan: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`entry` (the povtrack script, python -m povtrack) runs the command with the collector
    off and freezes what the process made when it ends; `main`, for a process that goes on
    (tests), changes nothing of the collector."""
    import gc

    from povtrack.cli.app import entry
    from povtrack.cli.commands import report as report_command

    seen: list[bool] = []
    load_data = common.load_data  # what the report command calls

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return load_data(*args, **kwargs)

    monkeypatch.setattr(report_command, "load_data", watched)
    monkeypatch.setattr(sys, "argv", ["povtrack", "report", "--data", str(lamongan), "-q"])
    was = gc.isenabled()
    gc.enable()
    frozen = gc.get_freeze_count()
    try:
        with pytest.raises(SystemExit) as exited:
            (entry if entry_point else main)()
        froze = gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()  # this process goes on: collect what entry froze
        (gc.enable if was else gc.disable)()
    assert exited.value.code in (0, None)
    assert "Lamongan" in capsys.readouterr().out
    assert seen == [not entry_point]
    assert froze is entry_point


def test_the_script_and_python_m_call_the_process_entry() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"povtrack": "povtrack.cli.app:entry"}
    main_module = (root / "src" / "povtrack" / "__main__.py").read_text(encoding="utf-8")
    assert "entry()" in main_module


def test_main_gives_standard_error_back_to_a_process_that_goes_on(
    lamongan: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main makes stderr best-effort with a wrapper over the same buffer; it gives the
    caller's stderr back, its messages in it, and the wrapper does not close that buffer
    when it is collected (it did: pytest's own capture then failed at the end of the run)."""
    import gc
    import io

    caller = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stderr", caller)
    monkeypatch.setattr(sys, "argv", ["povtrack", "report", "--data", str(lamongan)])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code in (0, None)
    assert sys.stderr is caller
    gc.collect()
    assert not caller.closed
    caller.seek(0)
    assert caller.read().splitlines()[0] == f"data: {lamongan} (--data)"
    assert "Lamongan" in capsys.readouterr().out
