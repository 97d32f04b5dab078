"""Progress for long runs: a bar on a terminal, nothing when not a terminal."""

from __future__ import annotations

import os
import runpy
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from povtrack.io import feedback
from povtrack.io.loader import validate_bytes

from .conftest import LAMONGAN
from .test_hostile import VALID


class Recorder:
    def __init__(self) -> None:
        self.stages: list[tuple[str, int | None]] = []
        self.done = 0

    def stage(self, key: str, total: int | None = None, **params: object) -> None:  # noqa: ARG002
        self.stages.append((key, total))

    def advance(self, amount: int) -> None:
        self.done += amount


def test_loader_reports_its_stages_and_every_record() -> None:
    recorder = Recorder()
    dataset, _ = validate_bytes(VALID, "v.json", locate_warnings=False, feedback=recorder)
    assert dataset is not None
    assert recorder.stages == [("decoding", None), ("checking", len(LAMONGAN["records"]))]
    assert recorder.done == len(LAMONGAN["records"])


def test_no_bar_without_a_terminal_or_with_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 100)
    monkeypatch.setattr(feedback, "MIN_BYTES", 10)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert not feedback.wanted(str(big), quiet=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert feedback.wanted(str(big), quiet=False)
    assert not feedback.wanted(str(big), quiet=True)
    monkeypatch.setattr(feedback, "MIN_BYTES", 1000)
    assert not feedback.wanted(str(big), quiet=False)


def big_file(path: Path, records: int) -> Path:
    """A valid file from the benchmark's own generator."""
    bench = runpy.run_path(str(Path(__file__).parents[1] / "benchmarks" / "bench.py"))
    bench["generate"](path, records)
    return path


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_bar_on_a_terminal_and_clean_output(tmp_path: Path) -> None:
    data = big_file(tmp_path / "big.json", 120_000)
    assert data.stat().st_size >= feedback.MIN_BYTES
    out = tmp_path / "out.csv"
    master, slave = os.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "POVTRACK_NO_PROGRESS")}
    env["TERM"] = "xterm"
    # Popen, and the terminal read while the command runs: a bar that redraws more often than
    # the pseudo-terminal's buffer holds (a loaded machine) would otherwise block it for good.
    proc = subprocess.Popen(
        [sys.executable, "-m", "povtrack", "report", "--data", str(data), "--format", "csv",
         "--output", str(out)],
        stderr=slave,
        stdout=subprocess.PIPE,
        env=env,
    )  # fmt: skip
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if not select.select([master], [], [], 1)[0]:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the command has closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        stdout, _ = proc.communicate(timeout=max(deadline - time.monotonic(), 1))
    finally:
        proc.kill()
        os.close(master)
    terminal = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "Checking records" in terminal
    assert stdout == b""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 120_001
    assert "\x1b" not in out.read_text(encoding="utf-8")
