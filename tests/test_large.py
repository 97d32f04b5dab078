"""A large file in a real process: the streamed CSV report and the end without freeing each object
(cli.main) give the complete output and the right exit code."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run
from tests.test_hostile import VALID

REGIONS = 2_000
YEARS = range(2005, 2025)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """160,000 records (about 19 MB), listed region by region."""
    indicators = [
        {"id": "p0", "name": "Poverty rate", "unit": "percent", "decimals": 2, "direction": "lower"},
        {"id": "hh", "name": "Poor households", "unit": "count", "decimals": 0,
         "direction": "higher"},
        {"id": "line", "name": "Poverty line", "unit": "rupiah", "decimals": 0,
         "direction": "none"},
        {"id": "gini", "name": "Gini ratio", "unit": "ratio", "decimals": 3,
         "direction": "lower"},
    ]  # fmt: skip
    lines = []
    for r in range(REGIONS):
        for k, ind in enumerate(indicators):
            for y, year in enumerate(YEARS):
                seed = r * 7919 + k * 104729 + y * 31
                if ind["id"] == "p0":
                    value = f"{seed % 3000 // 100}.{seed % 100:02d}"
                elif ind["id"] == "gini":
                    value = f"0.{seed % 1000:03d}"
                else:
                    value = str(seed % 100_000)
                record = (
                    f'{{"indicator": "{ind["id"]}", "region": "{3500 + r}", "year": {year}, '
                    f'"value": {value}'
                )
                if y % 3 == 0 and ind["id"] != "line":
                    record += f', "target": {value}'
                lines.append(record + ', "source": "https://example.org/t/1"}')
    regions = [{"code": str(3500 + r), "name": f"Kabupaten {r}"} for r in range(REGIONS)]
    head = json.dumps({"indicators": indicators, "regions": regions})[:-1]
    path = tmp_path_factory.mktemp("large") / "large.json"
    path.write_text(head + ', "records": [\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")
    return path


def povtrack(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "povtrack", *args], capture_output=True, timeout=timeout, check=False
    )


def test_the_csv_of_a_large_file_is_complete_and_exact(large: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    done = povtrack("report", "-q", "--data", str(large), "--format", "csv", "--output", str(out))
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    written = out.read_bytes()
    rows = list(csv.DictReader(io.StringIO(written.decode("utf-8"), newline="")))
    assert len(rows) == REGIONS * 4 * len(YEARS)
    assert {row["status"] for row in rows} >= {"met", "no_target", "not_scored"}
    # the same bytes as the report into stdout
    single = run("report", "-q", "--data", str(large), "--format", "csv")
    assert single.exit_code == 0
    assert written == single.stdout_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


@pytest.mark.parametrize("unbuffered", ["1", ""])
@pytest.mark.parametrize("output_format", ["csv", "json"])
def test_a_large_file_to_a_reader_that_goes_away_is_exit_2(
    large: Path, output_format: str, unbuffered: str
) -> None:
    """The process ends without freeing its objects only after its output is all written: a
    reader that goes away early (`| head`) still makes it exit 2, also with PYTHONUNBUFFERED
    (many CI images set it), where a large write to a pipe can be taken only in part."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered
    proc = subprocess.Popen(
        [sys.executable, "-m", "povtrack", "report", "-q", "--data", str(large), "-f",
         output_format],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 2, stderr
    assert "Traceback" not in stderr


def test_a_large_file_with_an_error_is_reported_with_its_line(large: Path, tmp_path: Path) -> None:
    text = large.read_text(encoding="utf-8")
    broken = tmp_path / "broken.json"
    place = text.rindex('"value": ')
    broken.write_text(text[:place] + '"value": -' + text[place + 9 :], encoding="utf-8")
    done = povtrack("report", "-q", "--data", str(broken), "--format", "csv")
    assert done.returncode == 1
    assert done.stdout == b""
    stderr = done.stderr.decode()
    line = text[:place].count("\n") + 1
    assert f"broken.json:{line}:" in stderr


def test_a_named_pipe_as_output(large: Path, tmp_path: Path) -> None:
    """A named pipe is opened once and written to, never replaced (a null in the file, once
    a reason to change paths, is read as "not given")."""
    text = large.read_text(encoding="utf-8")
    place = text.rindex('"source": ')
    nulled = tmp_path / "nulled.json"
    nulled.write_text(text[:place] + '"note": null, ' + text[place:], encoding="utf-8")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [sys.executable, "-m", "povtrack", "report", "-q", "--data", str(nulled), "-f", "csv",
         "--output", str(fifo)],
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        with fifo.open("rb") as reader:
            received = reader.read()
        assert proc.wait(timeout=120) == 0
    finally:
        proc.kill()  # a command that hangs must not outlive its test
        proc.wait()
    rows = list(csv.DictReader(io.StringIO(received.decode("utf-8"), newline="")))
    assert len(rows) == REGIONS * 4 * len(YEARS)


def test_a_long_run_of_backslashes_does_not_hang(tmp_path: Path) -> None:
    """A million backslashes in one text (a quadratic scan once took hours) is refused in
    seconds."""
    doc = json.loads(VALID)
    doc["records"][0]["note"] = "\\" * 500_000 + "x"  # in the file: 10**6 backslashes, x
    path = tmp_path / "slashes.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert "\\" * 1_000_000 + "x" in path.read_text(encoding="utf-8")
    done = povtrack("validate", "-q", str(path), timeout=60)
    assert done.returncode == 1  # a text of a million characters is refused
    assert b"Traceback" not in done.stderr
