"""The project file, povtrack.toml: where it is found, what wins over what (command line >
environment > file > built-in default), how a bad file is refused, and `povtrack config`."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any, get_args

import pytest
import typer.main

from povtrack import i18n
from povtrack.cli import common
from povtrack.cli import config as project_file
from povtrack.cli.app import make_app

from .conftest import LAMONGAN, run, write_json


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a data file and no project file yet, isolated from the folders
    above it (the search stops after a folder with .git), and the current folder."""
    monkeypatch.delenv("POVTRACK_CONFIG", raising=False)
    root = tmp_path / "proj"
    root.mkdir()
    (root / ".git").mkdir()
    write_json(root / "lamongan.json", LAMONGAN)
    doc = json.loads(json.dumps(LAMONGAN))
    doc["regions"].append({"code": "35", "name": "East Java"})
    write_json(root / "other.json", doc)
    monkeypatch.chdir(root)
    return root


def write_toml(folder: Path, text: str) -> Path:
    path = folder / "povtrack.toml"
    path.write_text(text, encoding="utf-8")
    return path


def shown(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = run(*args, "config", "--format", "json", env=env)
    assert result.exit_code == 0, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def setting(doc: dict[str, Any], key: str) -> tuple[Any, str, str]:
    entry = doc["settings"][key]
    return entry["value"], entry["source"], entry["origin"]


# -- precedence ---------------------------------------------------------------------------------

FILE = """\
data = "lamongan.json"
lang = "id"
regions = ["3524"]
csv-dialect = "excel-id"
bands = true
"""


def test_no_project_file_gives_the_built_in_defaults(project: Path) -> None:
    doc = shown()
    assert doc["file"] is None
    assert setting(doc, "achievement") == ("linear", "default", "built-in")
    assert setting(doc, "regions") == ([], "default", "built-in")
    assert setting(doc, "csv-dialect") == ("rfc4180", "default", "built-in")
    _, source, origin = setting(doc, "data")
    assert (source, origin) == ("default", "bundled")
    # the locale (LANG=C.UTF-8 in the tests) is the environment's
    assert setting(doc, "lang") == ("en", "environment", "LANG")


def test_the_file_gives_its_values(project: Path) -> None:
    path = write_toml(project, FILE)
    doc = shown()
    assert Path(doc["file"]) == path
    assert doc["found_by"] == "search"
    assert setting(doc, "data") == ("lamongan.json", "file", f"{path}:data")
    assert setting(doc, "lang") == ("id", "file", f"{path}:lang")
    assert setting(doc, "regions") == (["3524"], "file", f"{path}:regions")
    assert setting(doc, "csv-dialect") == ("excel-id", "file", f"{path}:csv-dialect")
    assert setting(doc, "bands") == (True, "file", f"{path}:bands")
    assert setting(doc, "method") == ("unsd", "default", "built-in")


def test_the_environment_wins_over_the_file(project: Path) -> None:
    write_toml(project, FILE)
    doc = shown(env={"POVTRACK_DATA": "other.json", "POVTRACK_LANG": "en"})
    assert setting(doc, "data") == ("other.json", "environment", "POVTRACK_DATA")
    assert setting(doc, "lang") == ("en", "environment", "POVTRACK_LANG")


def test_the_command_line_wins_over_the_environment_and_the_file(project: Path) -> None:
    write_toml(project, FILE)
    env = {"POVTRACK_DATA": "other.json", "POVTRACK_LANG": "id"}
    result = run(
        "config",
        "--format",
        "json",
        "--data",
        "x.json",
        "--lang",
        "en",
        "--region",
        "35",
        "--csv-dialect",
        "rfc4180",
        "--no-bands",
        env=env,
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert setting(doc, "data") == ("x.json", "command-line", "--data")
    assert setting(doc, "lang") == ("en", "command-line", "--lang")
    assert setting(doc, "regions") == (["35"], "command-line", "--region")
    assert setting(doc, "csv-dialect") == ("rfc4180", "command-line", "--csv-dialect")
    assert setting(doc, "bands") == (False, "command-line", "--bands")


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def test_report_takes_its_defaults_from_the_file(project: Path) -> None:
    """The same precedence in a real command: data, regions, dialect, language, bands."""
    path = write_toml(project, FILE)
    result = run("report", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("\ufeff")  # excel-id
    rows = csv_rows(result.stdout)
    i18n.set_lang("id")
    assert rows[0][0] == i18n.t("Indicator")  # headers in the file's language
    assert rows[0][-1] == i18n.t("Band")  # bands = true
    i18n.set_lang("en")
    assert {row[2] for row in rows[1:]} == {"3524"}
    assert f"{path}:data" in result.stderr  # says where the data file came from


def test_report_options_win_over_the_file(project: Path) -> None:
    write_toml(project, FILE)
    result = run(
        "report",
        "--format",
        "csv",
        "--csv-dialect",
        "rfc4180",
        "--lang",
        "en",
        "--no-bands",
        "--data",
        "other.json",
        "--region",
        "3524",
    )
    assert result.exit_code == 0, result.stderr
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert header[0] == "indicator"
    assert "band" not in header
    assert "other.json (--data)" in result.stderr


def test_the_environment_wins_over_the_file_in_a_command(project: Path) -> None:
    write_toml(project, 'data = "missing.json"\nlang = "id"\n')
    result = run("report", "--format", "json", env={"POVTRACK_DATA": "other.json"})
    assert result.exit_code == 0, result.stderr
    assert "other.json (POVTRACK_DATA)" in result.stderr
    result = run("report", "--format", "json", env={"POVTRACK_LANG": "en"})
    assert result.exit_code == 2
    assert "missing.json: no such file" in result.stderr
    assert "povtrack: error:" in result.stderr  # English: the environment won


def test_a_region_of_the_file_that_the_data_lacks_names_the_file(project: Path) -> None:
    path = write_toml(project, 'data = "lamongan.json"\nregions = ["3599"]\n')
    result = run("report")
    assert result.exit_code == 2
    assert f"{path}:regions" in result.stderr
    assert "3599" in result.stderr


def test_list_keys_fill_only_repeatable_options() -> None:
    """regions fill report's --region and rank's --highlight, never import csv's single
    --region; data fills --data and import's --into."""
    values = {"regions": ["3524"], "data": "d.json", "lang": "id", "bands": True}
    mapping = project_file.default_map(values, typer.main.get_command(make_app()), {})
    assert mapping["report"]["region"] == ["3524"]
    assert mapping["report"]["bands"] is True
    assert mapping["rank"]["highlight"] == ["3524"]
    assert "region" not in mapping["import"]["csv"]
    assert mapping["import"]["csv"]["into"] == "d.json"
    assert mapping["progress"]["data"] == "d.json"
    assert "bands" not in mapping["progress"]
    env = project_file.default_map(
        values, typer.main.get_command(make_app()), {"POVTRACK_DATA": "e.json"}
    )
    assert env["import"]["csv"]["into"] == "e.json"


# -- finding the file ---------------------------------------------------------------------------


def test_the_search_goes_up_from_a_nested_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_toml(project, FILE)
    nested = project / "a" / "b"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    doc = shown()
    assert Path(doc["file"]) == path
    # data is relative to the project file's folder, shown from the current one
    value, source, _ = setting(doc, "data")
    assert source == "file"
    assert (nested / value).resolve() == (project / "lamongan.json").resolve()
    result = run("report", "--format", "json", "-q")
    assert result.exit_code == 0, result.stderr
    assert {row["region"] for row in json.loads(result.stdout)["rows"]} == {"3524"}


def test_the_search_stops_at_a_repository_root(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_toml(project, FILE)
    inner = project / "vendored"
    inner.mkdir()
    (inner / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")  # a worktree's .git
    monkeypatch.chdir(inner)
    assert shown()["file"] is None
    assert project_file.search(inner, {}) is None
    assert project_file.search(project, {}) == project / "povtrack.toml"


def test_the_search_stops_at_the_home_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    work = home / "work"
    work.mkdir(parents=True)
    write_toml(tmp_path, FILE)  # above home: never read
    assert project_file.search(work, {"HOME": str(home)}) is None
    write_toml(home, FILE)
    assert project_file.search(work, {"HOME": str(home)}) == home / "povtrack.toml"


def test_config_option_and_environment_variable(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_toml(project, FILE)
    elsewhere = project / "plans"
    elsewhere.mkdir()
    other = write_toml(elsewhere, 'data = "../other.json"\nmethod = "opensdg"\n')
    doc = shown("--config", str(other))
    assert (Path(doc["file"]), doc["found_by"]) == (other, "--config")
    assert setting(doc, "method")[:2] == ("opensdg", "file")
    assert setting(doc, "regions")[1] == "default"  # the searched file is not read as well
    assert Path(setting(doc, "data")[0]).resolve() == (project / "other.json").resolve()
    monkeypatch.setenv("POVTRACK_CONFIG", str(other))
    doc = shown()
    assert (Path(doc["file"]), doc["found_by"]) == (other, "POVTRACK_CONFIG")
    doc = shown("--config", str(project / "povtrack.toml"))  # --config wins over the variable
    assert doc["found_by"] == "--config"
    assert shown("--no-config")["file"] is None


def test_a_missing_config_file_is_a_usage_error(project: Path) -> None:
    result = run("--config", "nope.toml", "report")
    assert result.exit_code == 2
    assert "nope.toml: no such project file (given with --config)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_config_file_is_refused_not_read_forever(project: Path) -> None:
    result = run("--config", "/dev/zero", "report")
    assert result.exit_code == 2
    assert "/dev/zero: cannot be read (a device, not a file" in result.stderr
    assert result.stdout == ""


def test_find_and_lang_from_config_read_argv(project: Path) -> None:
    """What cli.app.main can call before the app is built (--help in the file's language)."""
    write_toml(project, FILE)
    (project / "x").mkdir()
    other = write_toml(project / "x", "")
    env: dict[str, str] = {}
    found = project_file.find(["report"], env, project)
    assert found is not None
    assert found.values["lang"] == "id"
    assert project_file.lang_from_config(["report", "--help"], env, project) == "id"
    assert project_file.lang_from_config(["--no-config", "report"], env, project) is None
    assert project_file.lang_from_config(["--config", str(other), "report"], env, project) is None
    assert project_file.lang_from_config([f"--config={other}"], env, project) is None
    args = ["--lang", "en", "--config", str(other), "report"]
    assert project_file.lang_from_config(args, env, project) is None
    assert project_file.option_in(["report", "--config", "x"]) == (None, False)  # not a root option
    write_toml(project, "lang = 'fr'\n")
    assert project_file.lang_from_config(["report"], env, project) is None  # never raises


# -- a bad file ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('data = "x.json"\nlang = id\n', [":2: not valid TOML", "line 2", 'lang = "id"']),
        ('data = "x.json"\ndata = "y.json"\n', [":2: not valid TOML"]),
        ('regoins = ["3524"]\n', [":1: unknown key 'regoins'; did you mean 'regions'?"]),
        ("colour = true\n", [":1: unknown key 'colour'; the keys are: data, lang"]),
        ('data = "x.json"\nbands = "yes"\n', [':2: bands = "yes" is not valid', "true or false"]),
        ("regions = [3524]\n", [":1: regions[0] = 3524 is not valid", '["35", "3524"]']),
        ('regions = "3524"\n', [':1: regions = "3524" is not valid']),
        ('method = "sdg"\n', [':1: method = "sdg" is not valid', '"unsd" or "opensdg"']),
        ('csv-dialect = "excel_id"\n', ['"rfc4180", "excel" or "excel-id"']),
        ('data = ""\n', [':1: data = "" is not valid']),
        ('data = "x.json"\n[report]\nbands = true\n', [":2: unknown key 'report'"]),
        ("[data]\nfile = 'x.json'\n", [":1: data = {...} is not valid"]),
        # the line is the key's own, after blank lines and comments (it was the line above)
        ('data = "x.json"\n\nregion = ["35"]\n', [":3: unknown key 'region'"]),
        ('# the method\n\n  method = "sdg"\n', [':3: method = "sdg" is not valid']),
    ],
)
def test_a_bad_file_is_refused_with_its_place_and_the_fix(
    project: Path, text: str, expected: list[str]
) -> None:
    path = write_toml(project, text)
    for args in (("report",), ("config",), ("import", "csv", "x.csv")):
        result = run(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stdout == ""
        assert result.stderr.startswith(f"povtrack: error: {path}")
        for part in expected:
            assert part in result.stderr, (part, result.stderr)
        assert "Traceback" not in result.stderr


def test_every_problem_of_a_file_is_listed(project: Path) -> None:
    write_toml(project, 'bands = 1\nregion = ["3524"]\nmethod = "x"\n')
    result = run("report")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert [re.search(r"povtrack\.toml:(\d+): ", line).group(1) for line in lines] == [  # type: ignore[union-attr]
        "1",
        "2",
        "3",
    ]


def test_init_is_not_stopped_by_a_broken_file(project: Path) -> None:
    write_toml(project, "lang = \n")
    result = run("init", "--force", "-q")
    assert result.exit_code == 0, result.stderr
    assert run("config").exit_code == 0


def test_the_message_about_a_bad_file_follows_the_environment_language(project: Path) -> None:
    write_toml(project, "colour = 1\n")
    result = run("report", env={"POVTRACK_LANG": "id"})
    assert result.exit_code == 2
    i18n.set_lang("id")
    assert result.stderr.startswith(i18n.t("povtrack: error: {message}", message=""))


# -- the keys agree with the commands -----------------------------------------------------------


def test_the_choices_are_the_options_choices() -> None:
    assert {
        "lang": get_args(i18n.Lang),
        "achievement": get_args(common.Formula),
        "csv-dialect": get_args(common.CsvDialect),
        "method": get_args(common.Method),
    } == project_file.CHOICES


def test_the_built_in_defaults_are_the_commands_defaults() -> None:
    """Each key's default in DEFAULTS is the default of every option it fills."""
    whole: Any = typer.main.get_command(make_app())
    filled: dict[str, int] = {}

    def walk(command: Any) -> None:
        for sub in getattr(command, "commands", {}).values():
            walk(sub)
            if sub.name in ("config", "init"):
                continue
            for param in sub.params:
                for key, flags in project_file.KEYS.items():
                    if key in project_file.DEFAULTS and any(f in param.opts for f in flags):
                        default = project_file.DEFAULTS[key]
                        if isinstance(default, list):
                            if not param.multiple:
                                continue
                            assert param.default in (None, []), (sub.name, key)
                        else:
                            assert param.default == default, (sub.name, key)
                        filled[key] = filled.get(key, 0) + 1

    walk(whole)
    assert set(filled) == set(project_file.DEFAULTS)


def test_config_table_names_each_source(project: Path) -> None:
    path = write_toml(project, FILE)
    result = run("config", "--region", "35", env={"POVTRACK_DATA": "other.json"})
    assert result.exit_code == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert f"{path}:lang" in lines["lang"]
    assert "POVTRACK_DATA" in lines["data"]
    assert "--region" in lines["regions"]
    assert "built-in" not in result.stdout
