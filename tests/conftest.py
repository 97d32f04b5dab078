"""Shared fixtures: a fixed terminal, small data files, and a CLI runner that keeps stdout and
stderr apart."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from povtrack import i18n
from povtrack.cli.app import app

LAMONGAN: dict[str, Any] = {
    "indicators": [
        {
            "id": "p0",
            "name": "Poverty rate (P0)",
            "unit": "percent",
            "decimals": 2,
            "direction": "lower",
        },
        {
            "id": "poverty_line",
            "name": "Poverty line",
            "unit": "rupiah",
            "decimals": 0,
            "direction": "none",
        },
    ],
    "regions": [{"code": "3524", "name": "Kabupaten Lamongan", "parent": "35"}],
    "records": [
        {"indicator": "p0", "region": "3524", "year": 2017, "value": 14.42, "source": "s2017"},
        {"indicator": "p0", "region": "3524", "year": 2020, "value": 13.85, "source": "s2020"},
        {"indicator": "p0", "region": "3524", "year": 2021, "value": 13.86, "source": "s2021"},
        {"indicator": "p0", "region": "3524", "year": 2022, "value": 12.53, "source": "s2022"},
        {
            "indicator": "p0",
            "region": "3524",
            "year": 2023,
            "value": 12.42,
            "target": 13.17,
            "source": "s2023",
        },
        {"indicator": "p0", "region": "3524", "year": 2026, "target": 11.95, "source": "t2026"},
        {
            "indicator": "poverty_line",
            "region": "3524",
            "year": 2021,
            "value": 419309,
            "source": "s2021",
        },
        {
            "indicator": "poverty_line",
            "region": "3524",
            "year": 2023,
            "value": 481969,
            "source": "s2023",
        },
    ],
}


@pytest.fixture(autouse=True)
def _fixed_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No colour, 100 columns, English, no data file from the environment or the current
    folder, a fixed SOURCE_DATE_EPOCH. English again after the test too: a module-scoped
    fixture is set up between two tests, before this fixture runs for the second one, and
    must not inherit the language the first one chose (in random order, any one)."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERMINAL_WIDTH", "100")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    monkeypatch.delenv("POVTRACK_DATA", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    # English, whatever the developer's locale: a test that wants Indonesian asks for it.
    for name in ("POVTRACK_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    # the time an HTML report says it was generated: 2025-12-03T12:00:00Z, not the clock
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764763200")
    # No project file (povtrack.toml) from a folder above tmp_path: an empty one is read
    # instead. Tests of the project file unset this.
    monkeypatch.setenv("POVTRACK_CONFIG", os.devnull)
    i18n.set_lang("en")
    monkeypatch.chdir(tmp_path)
    yield
    i18n.set_lang("en")


def many_regions(count: int) -> dict[str, Any]:
    """A valid data file of `count` regions with two records each (2020, 2021): large enough
    that a command takes a while (signals, interrupted writes)."""
    return {
        "indicators": [
            {"id": "p0", "name": "P0", "unit": "percent", "decimals": 2, "direction": "lower"}
        ],
        "regions": [{"code": f"9{i:05d}", "name": f"R{i}"} for i in range(count)],
        "records": [
            {"indicator": "p0", "region": f"9{i:05d}", "year": y, "value": 10.25, "source": "s"}
            for i in range(count)
            for y in (2020, 2021)
        ],
    }


def write_json(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def lamongan(tmp_path: Path) -> Path:
    return write_json(tmp_path / "lamongan.json", LAMONGAN)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run povtrack in-process; stdout and stderr stay apart."""
    return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
