"""An output file is the old one or the whole new one, and nothing is left beside it: not when
the command fails, not when it is killed with SIGKILL (which cannot be caught), issue 18."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from povtrack.io import output
from povtrack.io.errors import InputError

from .conftest import many_regions, write_json

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _dead_pid() -> int:
    """The id of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _report(data: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "povtrack", "report", "--data", str(data), "-f", "csv",
         "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "POVTRACK_LANG": "en"},
    )  # fmt: skip


@pytest.mark.slow
def test_sigkill_during_report_output_leaves_the_old_file_and_nothing_after_the_next_run(
    tmp_path: Path,
) -> None:
    data = write_json(tmp_path / "large.json", many_regions(30_000))
    out = tmp_path / "report.csv"
    out.write_text("old\n", encoding="utf-8")
    anonymous = output._anonymous(tmp_path)  # files without a name (Linux O_TMPFILE)
    if anonymous is not None:
        os.close(anonymous)
    killed = 0
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6, 2.0):
        out.write_text("old\n", encoding="utf-8")
        proc = _report(data, out)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=120)
        text = out.read_text(encoding="utf-8")
        assert text == "old\n" or text.count("\n") == 1 + 60_000
        killed += proc.returncode == -signal.SIGKILL and text == "old\n"
        if anonymous is not None:
            # the report was being written to a file without a name: nothing to leave
            assert _leftovers(tmp_path) == []
    assert killed  # at least one kill landed while it was working
    # whatever a killed run left, the next write of the same file removes it
    finished = _report(data, out)
    _, stderr = finished.communicate(timeout=120)
    assert finished.returncode == 0, stderr.decode()
    assert _leftovers(tmp_path) == []
    assert out.read_text(encoding="utf-8").count("\n") == 1 + 60_000


def test_the_next_write_removes_only_what_dead_writers_of_that_file_left(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getppid()
    stale = tmp_path / f".out.csv.{dead}.a1b2c3d4.tmp"
    others = [
        tmp_path / f".out.csv.{alive}.a1b2c3d4.tmp",  # a writer at work now
        tmp_path / f".other.csv.{dead}.a1b2c3d4.tmp",  # another file's
        tmp_path / ".out.csv.notes.tmp",  # not povtrack's pattern
        tmp_path / f"out.csv.{dead}.a1b2c3d4.tmp",  # not hidden: not povtrack's
    ]
    for path in (stale, *others):
        path.write_text("x", encoding="utf-8")
    with output.open_output(str(tmp_path / "out.csv")) as stream:
        stream.write("new\n")
    assert not stale.exists()
    assert all(path.exists() for path in others)
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "new\n"


@pytest.mark.parametrize("anonymous", [True, False])
def test_both_ways_write_the_whole_file_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anonymous: bool
) -> None:
    """With files without a name (Linux) and with a named temporary file (elsewhere)."""
    if not anonymous:
        monkeypatch.setattr(output, "_anonymous", lambda _folder: None)
    target = tmp_path / "out.txt"
    # a new file, then a replaced one that keeps its permissions
    for text in ("first\n", "second\n"):
        with output.open_output(str(target)) as stream:
            stream.write(text)
        assert target.read_text(encoding="utf-8") == text
        target.chmod(0o640)
    assert target.stat().st_mode & 0o777 == 0o640
    # a failure inside the block: the old file stays, nothing beside it

    def fail_midway() -> None:
        with output.open_output(str(target)) as stream:
            stream.write("half")
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        fail_midway()
    assert target.read_text(encoding="utf-8") == "second\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who may write anywhere")
        with (
            pytest.raises(InputError, match="cannot be written"),
            output.open_output(str(folder / "x.csv")) as stream,
        ):
            stream.write("x")
    finally:
        folder.chmod(0o700)
