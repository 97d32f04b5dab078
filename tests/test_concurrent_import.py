"""Several imports into one data file at once: none loses another's records (issue 17).

Real processes, started together, round after round; every record is counted afterwards. And a
writer killed with SIGKILL at any moment leaves the previous file (or the complete new one) and
no lock that blocks the next import."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from povtrack.io.lock import lock_path

from .conftest import run, write_json

REGIONS = ("3501", "3502", "3503", "3504")
YEARS = (2030, 2031)


def _base() -> dict[str, Any]:
    return {
        "indicators": [
            {"id": "p0", "name": "P0", "unit": "percent", "decimals": 2, "direction": "lower"}
        ],
        "regions": [{"code": code, "name": f"Region {code}"} for code in REGIONS],
        "records": [
            {"indicator": "p0", "region": code, "year": 2020, "value": 10.5, "source": "base"}
            for code in REGIONS
        ],
    }


def _csv(folder: Path, code: str) -> Path:
    path = folder / f"{code}.csv"
    rows = "".join(f"{year},{10 + i}.{code[-1]}0\n" for i, year in enumerate(YEARS))
    path.write_text("year,value\n" + rows, encoding="utf-8")
    return path


def _import(into: Path, csv: Path, code: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "povtrack", "import", "csv", str(csv), "--into", str(into),
         "-i", "p0", "-r", code, "--source", f"S{code}", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )  # fmt: skip


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["POVTRACK_LOCK_TIMEOUT"] = "120"
    return env


def _records(path: Path) -> list[dict[str, Any]]:
    doc = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    records: list[dict[str, Any]] = doc["records"]
    return records


@pytest.mark.slow
def test_simultaneous_imports_keep_every_record(tmp_path: Path) -> None:
    csvs = {code: _csv(tmp_path, code) for code in REGIONS}
    env = _env()
    for round_ in range(6):
        into = write_json(tmp_path / f"D{round_}.json", _base())
        procs = [_import(into, csvs[code], code, env) for code in REGIONS]
        outcomes = [(p.wait(timeout=300), p.stderr.read() if p.stderr else b"") for p in procs]
        for code, (status, stderr) in zip(REGIONS, outcomes, strict=True):
            assert status == 0, (code, stderr.decode())
        records = _records(into)
        found = {(r["region"], r["year"]): r for r in records}
        assert len(records) == len(found) == len(REGIONS) * (1 + len(YEARS))
        for code in REGIONS:
            for i, year in enumerate(YEARS):
                record = found[(code, year)]
                assert record["value"] == Decimal(f"{10 + i}.{code[-1]}0")
                assert record["source"] == f"S{code}"
        assert run("validate", str(into), "-q").exit_code == 0


def test_a_held_lock_fails_with_exit_2_naming_the_lock_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    into = write_json(tmp_path / "D.json", _base())
    before = into.read_bytes()
    csv = _csv(tmp_path, "3501")
    monkeypatch.setenv("POVTRACK_LOCK_TIMEOUT", "0.2")
    with FileLock(lock_path(str(into))):
        result = run("import", "csv", str(csv), "--into", str(into), "-i", "p0", "-r", "3501",
                     "--source", "A")  # fmt: skip
    assert result.exit_code == 2
    assert lock_path(str(into)) in result.stderr
    assert "another povtrack process" in result.stderr
    assert "Traceback" not in result.stderr
    assert into.read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    # once the other writer is gone, the same import goes through
    again = run("import", "csv", str(csv), "--into", str(into), "-i", "p0", "-r", "3501",
                "--source", "A")  # fmt: skip
    assert again.exit_code == 0, again.stderr
    assert {(r["region"], r["year"]) for r in _records(into)} >= {("3501", y) for y in YEARS}


def test_a_dry_run_does_not_wait_for_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    into = write_json(tmp_path / "D.json", _base())
    csv = _csv(tmp_path, "3501")
    monkeypatch.setenv("POVTRACK_LOCK_TIMEOUT", "0.2")
    with FileLock(lock_path(str(into))):
        result = run("import", "csv", str(csv), "--into", str(into), "-i", "p0", "-r", "3501",
                     "--source", "A", "--dry-run", "-f", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["dry_run"] is True


def test_lock_follows_symlinks(tmp_path: Path) -> None:
    real = write_json(tmp_path / "real.json", _base())
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert lock_path(str(link)) == lock_path(str(real)) == str(real.resolve()) + ".lock"


def _large_base(count: int) -> dict[str, Any]:
    doc = _base()
    doc["regions"] += [{"code": f"9{i:05d}", "name": f"R{i}"} for i in range(count)]
    doc["records"] += [
        {"indicator": "p0", "region": f"9{i:05d}", "year": 2020, "value": 1.25, "source": "b"}
        for i in range(count)
    ]
    return doc


@pytest.mark.slow
def test_a_killed_writer_leaves_the_file_whole_and_no_stale_lock(tmp_path: Path) -> None:
    csv = _csv(tmp_path, "3501")
    env = _env()
    env["POVTRACK_LOCK_TIMEOUT"] = "10"
    base = _large_base(20_000)
    # from "before it reads" to "after it renamed": several moments of a run of about a second
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5):
        into = write_json(tmp_path / "D.json", base)
        before = into.read_bytes()
        proc = _import(into, csv, "3501", env)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        after = into.read_bytes()
        if after != before:  # it finished before the kill: the complete new file
            assert {(r["region"], r["year"]) for r in _records(into)} >= {
                ("3501", y) for y in YEARS
            }
        # the next writer is not blocked by the dead one and lands its records (a lock left
        # held would make it wait POVTRACK_LOCK_TIMEOUT seconds and exit 2)
        follow = _import(into, _csv(tmp_path, "3502"), "3502", env)
        status = follow.wait(timeout=120)
        assert status == 0, follow.stderr.read() if follow.stderr else b""
        regions = {(r["region"], r["year"]) for r in _records(into)}
        assert {("3502", y) for y in YEARS} <= regions
        assert len(_records(into)) >= len(base["records"]) + len(YEARS)
        # and nothing of the killed writer is left beside the data file (issue 18)
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
