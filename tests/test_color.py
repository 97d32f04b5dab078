"""Colour only on a terminal: never with NO_COLOR or --no-color; words say what colour says."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run


def test_colour_when_forced_and_never_with_no_color(
    lamongan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run("report", "--data", str(lamongan), "--indicator", "p0")
    assert "\x1b[" in coloured.stdout
    plain = run("report", "--data", str(lamongan), "--indicator", "p0", "--no-color")
    assert "\x1b[" not in plain.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("report", "--data", str(lamongan), "--indicator", "p0").stdout
    # never colour alone: the words are there without colour
    assert "better" in plain.stdout
    assert "worse" in plain.stdout


def test_no_colour_when_not_a_terminal(lamongan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    result = run("report", "--data", str(lamongan), "--indicator", "p0")
    assert "\x1b[" not in result.stdout
