"""Which data file is used (first match wins: --data, $POVTRACK_DATA, ./data/indicators.json,
the bundled copy), and the bundled copy itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from povtrack.io.loader import bundled_path, resolve

from .conftest import LAMONGAN, run, write_json

REPO_DATA = Path(__file__).parents[1] / "data" / "indicators.json"


def installed_copy() -> Path:
    """The bundled copy; an editable install has none (CI installs the wheel and must)."""
    path = bundled_path()
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"the installed package has no bundled data file at {path}")
        pytest.skip("editable install: the data file is bundled only in a built wheel")
    return path


def test_bundled_copy_is_the_repository_file() -> None:
    assert installed_copy().read_bytes() == REPO_DATA.read_bytes()


def test_report_from_any_folder_uses_the_bundled_data(tmp_path: Path) -> None:
    installed_copy()
    result = run("report", "--format", "json", "--indicator", "p0", "--region", "3524")
    assert result.exit_code == 0, result.stderr
    assert "(bundled)" in result.stderr
    rows = {r["year"]: r for r in json.loads(result.stdout)["rows"]}
    assert str(rows[2023]["value"]) == "12.42"


def test_first_match_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    local = tmp_path / "data"
    local.mkdir()
    write_json(local / "indicators.json", LAMONGAN)
    env_file = write_json(tmp_path / "env.json", LAMONGAN)
    option_file = write_json(tmp_path / "option.json", LAMONGAN)
    monkeypatch.chdir(tmp_path)

    monkeypatch.setenv("POVTRACK_DATA", str(env_file))
    assert resolve(str(option_file)).path == str(option_file)
    assert resolve(str(option_file)).origin == "--data"
    assert resolve(None).path == str(env_file)
    assert resolve(None).origin == "POVTRACK_DATA"
    monkeypatch.delenv("POVTRACK_DATA")
    assert resolve(None).path == str(Path("data") / "indicators.json")
    assert resolve(None).origin == "current folder"
    (local / "indicators.json").unlink()
    assert resolve(None).origin == "bundled"
    assert resolve(None).path == str(bundled_path())


def test_every_command_says_which_file_it_read(tmp_path: Path) -> None:
    path = write_json(tmp_path / "mine.json", LAMONGAN)
    for args in (
        ["report"],
        ["validate"],
        ["progress"],
        ["check", "--as-of", "2024"],
        ["sources"],
        ["rank", "--indicator", "p0", "--year", "2023"],
    ):
        result = run(*args, "--data", str(path))
        assert f"data: {path} (--data)" in result.stderr, (args, result.stderr)


def test_python_dash_m_and_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "povtrack", "--version"], capture_output=True, text=True, check=True
    )
    from povtrack import __version__

    assert out.stdout.strip() == f"povtrack {__version__}"
    # main() answers a lone --version before building the commands: the same text as Typer's
    assert run("--version").stdout == out.stdout
