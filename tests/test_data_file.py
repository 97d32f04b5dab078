"""Which data file is used (first match wins: --data, $POVTRACK_DATA, ./data/indicators.json,
the bundled copy), and the bundled copy itself: found in a built wheel, in a wheel built from the
sdist and in an editable install (the package imported from src/) alike."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from povtrack.io.loader import bundled_path, resolve

from .conftest import LAMONGAN, run, write_json

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
#: The one copy of the bundled data in the repository, inside the package.
REPO_DATA = SRC / "povtrack" / "data" / "indicators.json"
IN_WHEEL = "povtrack/data/indicators.json"


def test_bundled_copy_is_the_repository_file() -> None:
    path = bundled_path()
    assert path.is_file(), f"the installed package has no bundled data file at {path}"
    assert path.read_bytes() == REPO_DATA.read_bytes()


def test_report_from_any_folder_uses_the_bundled_data(tmp_path: Path) -> None:
    result = run("report", "--format", "json", "--indicator", "p0", "--region", "3524")
    assert result.exit_code == 0, result.stderr
    assert "(bundled)" in result.stderr
    rows = {r["year"]: r for r in json.loads(result.stdout)["rows"]}
    assert str(rows[2023]["value"]) == "12.42"


def report_from(site: Path, cwd: Path) -> tuple[str, dict[str, Any]]:
    """`python -m povtrack report --format json` run in `cwd` with the package imported from
    `site` (not from the current folder): where povtrack was imported from, and the report."""
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    env.pop("POVTRACK_DATA", None)
    where = subprocess.run(
        [sys.executable, "-c", "import povtrack; print(povtrack.__file__)"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    proc = subprocess.run(
        [sys.executable, "-m", "povtrack", "report", "--format", "json", "-i", "p0", "-r", "3524"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "(bundled)" in proc.stderr
    return where, json.loads(proc.stdout)


def test_report_outside_the_checkout_with_the_package_imported_from_src(tmp_path: Path) -> None:
    """What `pip install -e .` gives: the package is imported from src/, the command runs in
    another folder (no ./data/indicators.json there) and reads the bundled data."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where, doc = report_from(SRC, elsewhere)
    assert Path(where).resolve().is_relative_to(SRC.resolve())
    assert Path(doc["data"]).resolve() == REPO_DATA.resolve()
    rows = {r["year"]: r for r in doc["rows"]}
    assert str(rows[2023]["value"]) == "12.42"


def hatchling_build(hook: str, source: Path, out: Path) -> Path:
    """Build with hatchling's PEP 517 hook (`build_wheel` or `build_sdist`), as pip and `python -m
    build` do, without the network; the path of the file built."""
    if subprocess.run([sys.executable, "-c", "import hatchling.build"], check=False).returncode:
        if os.environ.get("CI"):
            pytest.fail("hatchling is not installed (it is in the test extra)")
        pytest.skip("hatchling is not installed (pip install -e '.[test]')")
    out.mkdir(parents=True, exist_ok=True)
    name = (
        subprocess.run(
            [
                sys.executable,
                "-c",
                f"import sys, hatchling.build as b; print(b.{hook}(sys.argv[1]))",
                str(out),
            ],
            cwd=source,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return out / name


def check_wheel(wheel: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert zf.read(IN_WHEEL) == REPO_DATA.read_bytes()
        [license_file] = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert zf.read(license_file) == (ROOT / "LICENSE").read_bytes()
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        assert "License-Expression: MIT" in zf.read(metadata).decode().splitlines()
        site = tmp_path / "site"
        zf.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where, doc = report_from(site, elsewhere)
    assert Path(where).resolve().is_relative_to(site.resolve())
    assert Path(doc["data"]).resolve() == (site / IN_WHEEL).resolve()
    rows = {r["year"]: r for r in doc["rows"]}
    assert str(rows[2023]["value"]) == "12.42"


@pytest.mark.slow
def test_a_built_wheel_bundles_the_data_and_the_licence(tmp_path: Path) -> None:
    check_wheel(hatchling_build("build_wheel", ROOT, tmp_path / "dist"), tmp_path)


@pytest.mark.slow
def test_a_wheel_built_from_the_sdist_bundles_the_data_and_the_licence(tmp_path: Path) -> None:
    """pip installs from an sdist by building a wheel from it: the sdist must hold the data."""
    sdist = hatchling_build("build_sdist", ROOT, tmp_path / "dist")
    with tarfile.open(sdist) as tf:
        tf.extractall(tmp_path / "unpacked", filter="data")
    [source] = (tmp_path / "unpacked").iterdir()
    assert (source / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()
    check_wheel(hatchling_build("build_wheel", source, tmp_path / "wheel"), tmp_path)


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
