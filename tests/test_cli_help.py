"""Every command and option says what it does with an example, and the documentation has a page for
every command that names each of its options (as sqlite-utils checks its own documentation).
--help reads like a tool's (no Python types, one way of writing choices, ranges, examples whose
files end as the option says), in the language chosen; a mistyped choice gets "did you mean";
shell completion offers the ids and codes of the data file in use."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import pytest
import typer

from povtrack import i18n
from povtrack.cli.app import app

from .conftest import run

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


# -- help that reads like a tool ------------------------------------------------------------------


def every_command(
    command: Any, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """The root, each group and each command, with the words that run it."""
    yield path, command
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from every_command(sub, (*path, name))


EVERY = list(every_command(typer.main.get_command(app)))
#: Options that Typer adds and words itself (English only: see docs/languages.md).
TYPERS_OWN: Final = {"help", "install_completion", "show_completion"}
#: A Python type where a person expects a word: `<bool>`, `<str>`, `<int>`, `<list[str]>`...
PYTHON_TYPE: Final = re.compile(r"<(bool|str|int|float|path|list\[)")
#: Choices written another way than `[a|b|c]`: `<a|b>`, or a bare `a|b` metavar.
OTHER_CHOICES: Final = re.compile(
    r"<[\w-]+(\|[\w-]+)+>|(?<![\[|\w.-])[a-z][\w-]*(\|[\w-]+)+(?![\]|\w-])"
)
#: What each --format writes, as a file name ends (table and text: a text file).
FORMAT_ENDINGS: Final = {
    "csv": "csv", "json": "json", "markdown": "md", "html": "html", "xlsx": "xlsx",
    "table": "txt", "text": "txt", "github": "txt",
}  # fmt: skip
#: The --output of a command without --format and without an ending in its metavar.
OUTPUT_ENDINGS: Final[dict[tuple[str, ...], set[str]]] = {("schema",): {"json"}}


@pytest.fixture(autouse=True)
def _wide_help(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer reads TERMINAL_WIDTH once, when its help module is first imported: whichever test
    imports it first would set the width for all. Every help here is drawn 200 wide."""
    import typer.rich_utils

    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", 200)


def flat(text: str) -> str:
    """--help or an error panel as one line: box drawing removed, whitespace collapsed."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


def help_of(*path: str, env: dict[str, str] | None = None) -> str:
    shown = run(*path, "--help", env={"COLUMNS": "200", "TERMINAL_WIDTH": "200", **(env or {})})
    assert shown.exit_code == 0, shown.stderr
    return shown.stdout


def examples(help_text: str) -> list[str]:
    """The words after `Example:` (the file names and values an example gives)."""
    _, _, example = help_text.partition("Example:")
    return example.split()


def endings(words: list[str]) -> set[str]:
    """The endings of the file names among `words` (`report.csv` -> csv; not `0.95`, `--x`)."""
    found = set()
    for word in words:
        match = re.fullmatch(r"[\w./-]*[A-Za-z_-][\w-]*\.([a-z]+)", word.strip("'\"(),"))
        if match and not word.startswith("-"):
            found.add(match.group(1))
    return found


def metavar_endings(metavar: str | None) -> set[str]:
    return set(re.findall(r"\.([a-z]+)\b", metavar or ""))


def choices_of(command: Any, ctx: Any) -> dict[str, tuple[str, ...]]:
    """Each choice option's first flag and its choices, as --help shows them (`[a|b]`)."""
    found = {}
    for param in command.get_params(ctx):
        metavar = getattr(param, "metavar", None) or ""
        if param.param_type_name == "option" and re.fullmatch(r"\[[\w-]+(\|[\w-]+)+\]", metavar):
            found[param.opts[0]] = tuple(metavar[1:-1].split("|"))
    return found


@pytest.mark.parametrize(
    ("path", "command"), EVERY, ids=[" ".join(p) or "povtrack" for p, _ in EVERY]
)
def test_help_reads_like_a_tool(path: tuple[str, ...], command: Any) -> None:
    """No Python types, one way of writing choices, an example for every option of ours."""
    text = help_of(*path)
    assert PYTHON_TYPE.findall(text) == [], " ".join(path)
    assert [m.group() for m in OTHER_CHOICES.finditer(text)] == [], " ".join(path)
    for param in command.params:
        if param.name in TYPERS_OWN:
            continue
        assert "Example:" in (param.help or ""), (path, param.opts)


def test_the_choices_are_written_one_way() -> None:
    text = flat(help_of("report"))
    assert "--format -f [table|csv|json|markdown|html|xlsx]" in text
    assert "--csv-dialect [rfc4180|excel|excel-id]" in text
    assert "--lang [en|id]" in text
    assert "--bands --no-bands Add" in text  # a flag: nothing between it and its help
    text = flat(help_of("import", "bps"))
    assert "* FILE.json The saved BPS WebAPI response" in text
    assert "--direction [lower|higher|none]" in text
    assert "--decimals N [0<=x<=6]" in text
    assert "--unit UNIT With --create: percent, count," in text


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_ranges_are_shown(path: tuple[str, ...], command: Any) -> None:
    """Every year option shows the years it takes."""
    text = flat(help_of(*path))
    for param in command.params:
        if getattr(param, "metavar", None) == "YEAR":
            shown = rf"{param.opts[0]}( -\w)? YEAR \[1900<=x<=2100\]"
            assert re.search(shown, text), (path, param.opts)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_examples_match_the_option(path: tuple[str, ...], command: Any) -> None:
    """A file name in an example ends as the option or argument says (`FILE.json`, `DIR`), and
    an --output example ends as one of the command's formats."""
    ctx = typer.Context(command)
    formats = choices_of(command, ctx).get("--format", ())
    for param in command.get_params(ctx):
        if param.name in TYPERS_OWN:
            continue
        given = endings(examples(param.help or ""))
        wanted = metavar_endings(param.metavar)
        if wanted:
            assert given and given <= wanted, (path, param.opts, given, wanted)
        elif param.metavar == "DIR":
            assert examples(param.help or "")[-1].endswith("/"), (path, param.opts)
        elif "--output" in param.opts:
            allowed = {FORMAT_ENDINGS[f] for f in formats} or OUTPUT_ENDINGS[path]
            assert given and given <= allowed, (path, given, allowed)
    # the command's own example: the file it gives to an argument ends as the argument says
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    example = " ".join(examples(command.help or ""))
    for argument in arguments:
        wanted = metavar_endings(argument.metavar)
        if wanted:
            after = example.partition(f"povtrack {' '.join(path)} ")[2].split()
            assert after, path
            assert endings(after[:1]) <= wanted and endings(after[:1]), (path, after[:1])


def test_import_bps_and_schema_show_json_examples() -> None:
    bps = flat(help_of("import", "bps"))
    assert "Example: pinrang.json" in bps
    assert "lamongan.csv" not in bps
    schema = flat(help_of("schema"))
    assert "Example: --output schema/povtrack.schema.json" in schema
    assert "report.csv" not in schema


# -- "did you mean" -------------------------------------------------------------------------------

CHOICE_OPTIONS = [
    (path, option, values)
    for path, command in COMMANDS
    for option, values in choices_of(command, typer.Context(command)).items()
]


@pytest.mark.parametrize(
    ("path", "option", "values"),
    CHOICE_OPTIONS,
    ids=[f"{' '.join(p)} {o}" for p, o, _ in CHOICE_OPTIONS],
)
def test_every_choice_suggests_the_closest(
    path: tuple[str, ...], option: str, values: tuple[str, ...]
) -> None:
    for value in values:
        typo = value + "x"
        refused = run(*path, option, typo)
        assert refused.exit_code == 2, (path, option, typo)
        assert refused.stdout == ""
        text = flat(refused.stderr)
        assert f"{typo!r} is not one of" in text
        assert f"did you mean {value!r}?" in text, text


def test_a_value_far_from_every_choice_gets_the_list_only() -> None:
    refused = run("report", "--format", "spreadsheet")
    assert refused.exit_code == 2
    text = flat(refused.stderr)
    assert "'spreadsheet' is not one of 'table', 'csv', 'json', 'markdown', 'html'" in text
    assert "did you mean" not in text


def test_fail_on_offtrack_suggests_off_track(lamongan: Path) -> None:
    refused = run("check", "--data", str(lamongan), "--fail-on", "missed,offtrack")
    assert refused.exit_code == 2
    assert "did you mean 'off-track'?" in refused.stderr
    assert refused.stdout == ""


def test_did_you_mean_is_in_the_chosen_language(lamongan: Path) -> None:
    for args in (("--lang", "id", "report", "-f", "jsn"), ("report", "-f", "jsn", "--lang", "id")):
        refused = povtrack(*args)
        assert refused.returncode == 2
        assert "'jsn' bukan salah satu dari 'table', 'csv', 'json'" in flat(refused.stderr)
        assert "maksud Anda 'json'?" in flat(refused.stderr)
    refused = povtrack("check", "--data", str(lamongan), "--fail-on", "offtrack", "--lang", "id")
    assert refused.returncode == 2
    assert "maksud Anda 'off-track'?" in refused.stderr


# -- Indonesian --help ----------------------------------------------------------------------------


def povtrack(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """povtrack in a process of its own: the language of --help is chosen as it starts."""
    environ = {k: v for k, v in os.environ.items() if k not in ("POVTRACK_LANG", "LANGUAGE")}
    environ.update({"COLUMNS": "200", "TERMINAL_WIDTH": "200", "NO_COLOR": "1"})
    return subprocess.run(
        [sys.executable, "-m", "povtrack", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**environ, **(env or {})},
        check=False,
    )


def indonesian_help(*args: str, env: dict[str, str] | None = None) -> str:
    shown = povtrack(*args, env=env)
    assert shown.returncode == 0, shown.stderr
    return flat(shown.stdout)


def start(text: str) -> str:
    """The first words of a help text, as --help shows them (Markdown's backquotes dropped)."""
    return " ".join(text.replace("`", "").split()[:6])


@pytest.mark.parametrize(
    ("args", "env", "path"),
    [
        (("--lang", "id", "--help"), None, ()),
        (("--lang=id", "report", "--help"), None, ("report",)),
        (("report", "--lang", "id", "--help"), None, ("report",)),
        (("import", "--help"), {"POVTRACK_LANG": "id"}, ("import",)),
        (("import", "csv", "--help"), {"POVTRACK_LANG": "id_ID.UTF-8"}, ("import", "csv")),
        (("check", "--help"), {"LANG": "id_ID.UTF-8", "LC_ALL": ""}, ("check",)),
        (("export", "datapackage", "-h"), {"POVTRACK_LANG": "id"}, ("export", "datapackage")),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, tuple) else str(x),
)
def test_help_is_indonesian(
    args: tuple[str, ...], env: dict[str, str] | None, path: tuple[str, ...]
) -> None:
    """The command's help and every option's help are the catalog's Indonesian; the panels,
    the defaults and the help option are Indonesian too."""
    text = indonesian_help(*args, env=env)
    command = dict(EVERY)[path]
    assert start(i18n.translated(command.help, "id")) in text
    assert start(command.help) not in text
    for param in command.params:
        if param.name in TYPERS_OWN or not param.help:
            continue
        indonesian = i18n.translated(param.help, "id")
        assert indonesian != param.help, param.opts
        assert start(indonesian) in text, param.opts
    assert "Opsi" in text
    assert "Options" not in text
    assert "Tampilkan bantuan ini lalu keluar." in text
    assert "Show this" not in text


def test_indonesian_panels_and_defaults() -> None:
    text = indonesian_help("--lang", "id", "import", "csv", "--help")
    for panel in ("Argumen", "Opsi", "Kolom dan sel CSV", "Indikator dan wilayah baru (--create)"):
        assert f"╭─ {panel} " in povtrack("--lang", "id", "import", "csv", "--help").stdout
    assert "[wajib]" in text
    assert "[bawaan: text]" in text
    assert "Perintah" in indonesian_help("--lang", "id", "--help")


def test_english_stays_the_default_and_the_command_line_wins() -> None:
    assert "Options" in indonesian_help("report", "--help")
    text = indonesian_help("report", "--lang", "en", "--help", env={"POVTRACK_LANG": "id"})
    assert "Options" in text
    assert "Opsi" not in text


def test_the_root_lang_chooses_the_output_language(lamongan: Path) -> None:
    ran = run("--lang", "id", "report", "--data", str(lamongan), "-i", "p0", "-f", "markdown", "-q")
    assert ran.exit_code == 0
    assert "Tahun" in ran.stdout
    ran = run(
        "--lang", "id", "report", "--lang", "en", "--data", str(lamongan), "-f", "markdown", "-q"
    )
    assert "Year" in ran.stdout


def test_only_the_command_is_built_after_a_root_lang() -> None:
    from povtrack.cli.app import _command

    assert _command(["--lang", "id", "report", "-f", "csv"]) == "report"
    assert _command(["--lang=id", "import", "csv"]) == "import"
    assert _command(["--lang", "id", "--help"]) is None


def test_help_language_precedence() -> None:
    from povtrack.cli.app import help_language

    assert help_language(["--lang", "id"], {}) == "id"
    assert help_language(["report", "--lang=en"], {"POVTRACK_LANG": "id"}) == "en"
    assert help_language(["report", "--", "--lang", "id"], {}) == "en"
    assert help_language([], {"POVTRACK_LANG": "id", "LANG": "en_US.UTF-8"}) == "id"
    assert help_language([], {"POVTRACK_LANG": "fr"}) == "en"  # setup() refuses it (exit 2)
    assert help_language([], {"LANG": "id_ID.UTF-8"}) == "id"
    assert help_language([], {"LC_ALL": "C", "LANG": "id_ID.UTF-8"}) == "en"


# -- shell completion -----------------------------------------------------------------------------


def complete(words: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """What bash completion offers for the last (maybe empty) word of `words`: Click's
    shell-completion protocol, as the script of --show-completion runs it."""
    cword = len(shlex.split(words)) - (0 if words.endswith(" ") else 1)
    return povtrack(
        env={
            "_POVTRACK_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(cword),
            **(env or {}),
        }
    )


BUNDLED: Final = json.loads(
    (Path(__file__).parents[1] / "src" / "povtrack" / "data" / "indicators.json").read_text(
        encoding="utf-8"
    )
)


def test_completion_offers_the_indicators_and_regions_of_the_bundled_data() -> None:
    ids = {item["id"] for item in BUNDLED["indicators"]}
    codes = {item["code"] for item in BUNDLED["regions"]}
    done = complete("povtrack report --indicator ")
    assert done.returncode == 0
    assert set(done.stdout.split()) == ids
    assert set(complete("povtrack progress -r ").stdout.split()) == codes
    assert set(complete("povtrack rank -i p0 --parent ").stdout.split()) == codes
    assert set(complete("povtrack rank --highlight 35").stdout.split()) == {
        c for c in codes if c.startswith("35")
    }
    assert set(complete("povtrack report --indicator po").stdout.split()) == {
        i for i in ids if i.startswith("po")
    }


def test_completion_reads_the_data_file_in_use(lamongan: Path, tmp_path: Path) -> None:
    # the path is quoted as a shell would (it may hold a space: CI's temporary folder does)
    assert complete(f"povtrack report --data {shlex.quote(str(lamongan))} -i ").stdout.split() == [
        "p0",
        "poverty_line",
    ]
    assert complete("povtrack chart -r ", env={"POVTRACK_DATA": str(lamongan)}).stdout.split() == [
        "3524"
    ]
    into = f"povtrack import csv x.csv --into {shlex.quote(str(lamongan))} --region-parent "
    assert complete(into).stdout.split() == ["3524"]


def test_a_broken_data_file_completes_nothing_silently(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"indicators": [', encoding="utf-8")
    for data in (broken, tmp_path / "missing.json", tmp_path):
        done = complete(f"povtrack report --data {shlex.quote(str(data))} --indicator ")
        assert done.returncode == 0
        assert done.stdout.strip() == ""
        assert done.stderr == ""


def test_show_completion_prints_the_script() -> None:
    # Typer finds the shell among the parent processes: run it from bash (`; exit`: so that
    # bash does not replace itself with the command)
    shown = subprocess.run(
        ["bash", "-c", f"'{sys.executable}' -m povtrack --show-completion; exit $?"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert "_POVTRACK_COMPLETE=complete_bash" in shown.stdout
    assert "--install-completion" in indonesian_help("--help")


def _helps(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    yield " ".join(path), command.help or ""
    for param in command.params:
        if param.name not in TYPERS_OWN and getattr(param, "help", None):
            yield f"{' '.join(path)} {param.opts[0]}", param.help
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from _helps(sub, (*path, name))


def test_every_help_text_is_translated() -> None:
    """Every command's and option's help, built in Indonesian, differs from the English."""
    code = (
        "import json, typer.main\n"
        "from povtrack.cli.app import _use_language\n"
        "_use_language('id')\n"
        "from povtrack.cli.app import make_app\n"
        "from tests.test_cli_help import _helps\n"
        "print(json.dumps(dict(_helps(typer.main.get_command(make_app())))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=Path(__file__).parents[1],
        check=False,
    )
    assert done.returncode == 0, done.stderr
    indonesian = json.loads(done.stdout)
    english = dict(_helps(typer.main.get_command(app)))
    assert indonesian.keys() == english.keys()
    same = [key for key, text in english.items() if indonesian[key] == text]
    assert same == []
