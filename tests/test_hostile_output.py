"""Hostile text in JSON output (issue 18): characters that JSON allows raw but that drive a
terminal or reorder text are escaped in every command's JSON, and read back unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from povtrack.render import json_safe

from .conftest import LAMONGAN, run, write_json

HOSTILE = "a\u202eb\u0085c\u2028d\u2029e\x7ff\u2066g\u200fh"
RAW = ("\u202e", "\u0085", "\u2028", "\u2029", "\x7f", "\u2066", "\u200f")


def _hostile_file(tmp_path: Path) -> Path:
    """Invalid data (control characters are refused in text), whose problems quote it back."""
    doc: dict[str, Any] = json.loads(json.dumps(LAMONGAN))
    doc["records"][0]["source"] = HOSTILE
    doc["regions"][0]["name"] = HOSTILE
    doc["records"][1]["indicator"] = "p0" + HOSTILE  # an unknown indicator: its record is named
    return write_json(tmp_path / "hostile.json", doc)


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in [key, *_strings(value)]]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []


@pytest.mark.parametrize("command", ["validate", "check"])
def test_json_output_escapes_terminal_controls(tmp_path: Path, command: str) -> None:
    path = _hostile_file(tmp_path)
    result = run(command, "-f", "json", "--data", str(path))
    assert result.exit_code == 1, result.stderr
    assert not [c for c in RAW if c in result.stdout]
    # the record is still named with its own text: the escapes are JSON's, a reader undoes them
    assert any("p0" + HOSTILE in text for text in _strings(json.loads(result.stdout)))


def test_json_safe_changes_nothing_a_reader_sees() -> None:
    text = json.dumps({"k" + HOSTILE: [HOSTILE, 1.5]}, ensure_ascii=False)
    safe = json_safe(text)
    assert safe.isascii() or not [c for c in RAW if c in safe]
    assert json.loads(safe) == json.loads(text)
    assert json_safe('{"plain": "12,42 dan 13,17 – ü"}') == '{"plain": "12,42 dan 13,17 – ü"}'
