"""SIGTERM and SIGHUP end povtrack cleanly: no temporary file is left beside the output, the
output is the old file or the complete new one, and the exit code is 128 + the signal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import many_regions, write_json

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")


def _povtrack(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "povtrack", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "POVTRACK_LANG": "en"},
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_report_output_leaves_no_temporary_file(
    tmp_path: Path, signum: int
) -> None:
    data = write_json(tmp_path / "large.json", many_regions(30_000))
    out = tmp_path / "report.csv"
    out.write_text("old\n", encoding="utf-8")
    stopped = 0
    for delay in (0.0, 0.2, 0.4, 0.8, 1.2):
        proc = _povtrack("report", "--data", str(data), "-f", "csv", "-o", str(out))
        assert proc.stderr is not None
        proc.stderr.readline()  # "data: ...": povtrack's main() runs, its handlers are set
        time.sleep(delay)
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=120)
        assert _leftovers(tmp_path) == []
        text = out.read_text(encoding="utf-8")
        if proc.returncode in (0, -signum):
            # it had finished: the whole report (-signum: the signal came while Python shut
            # down, after main() returned, when Python has put the default handlers back)
            assert text.count("\n") == 1 + 60_000
        else:
            assert proc.returncode == 128 + signum, stderr.decode()
            assert signal.Signals(signum).name in stderr.decode()
            assert b"Traceback" not in stderr
            # the old file, or (a signal after the rename, before the exit) the complete new one
            assert text == "old\n" or text.count("\n") == 1 + 60_000
            stopped += text == "old\n"
    assert stopped  # at least one signal arrived while it was working


@pytest.mark.slow
def test_sigterm_during_import_leaves_the_data_file_and_no_temporary_file(
    tmp_path: Path,
) -> None:
    doc = many_regions(20_000)
    csv = tmp_path / "new.csv"
    csv.write_text("year,value\n2030,9.50\n", encoding="utf-8")
    for delay in (0.0, 0.2, 0.5):
        into = write_json(tmp_path / "D.json", doc)
        lock = tmp_path / "D.json.lock"
        lock.unlink(missing_ok=True)
        before = into.read_bytes()
        proc = _povtrack("import", "csv", str(csv), "--into", str(into), "-i", "p0",
                         "-r", "900001", "--source", "S", "-q")  # fmt: skip
        deadline = time.monotonic() + 60
        while not lock.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)  # the lock is taken in the command: the handlers are set
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=120)
        assert _leftovers(tmp_path) == []
        after = into.read_bytes()
        if proc.returncode in (0, -signal.SIGTERM):  # finished (see above)
            records = json.loads(after)["records"]
            assert len(records) == len(doc["records"]) + 1
        else:
            assert proc.returncode == 128 + signal.SIGTERM
            assert after == before


def test_an_ignored_hangup_stays_ignored(tmp_path: Path) -> None:
    """Under nohup (SIGHUP ignored) povtrack does not start catching it."""
    code = (
        "import signal, sys\n"
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        "from povtrack.cli import app\n"
        "app._stop_cleanly_on_signals()\n"
        "print(signal.getsignal(signal.SIGHUP) is signal.SIG_IGN,"
        " signal.getsignal(signal.SIGTERM) is app._terminate)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert done.stdout.split() == [b"True", b"True"]
