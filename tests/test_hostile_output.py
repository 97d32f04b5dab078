"""Hostile text in JSON output (issue 18): characters that JSON allows raw but that drive a
terminal or reorder text are escaped in every command's JSON, and read back unchanged."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
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


# -- standard streams, encodings, empty paths and symlink loops (issue 18) --------------------

BUNDLED = Path(__file__).resolve().parents[1] / "src" / "povtrack" / "data" / "indicators.json"


def _povtrack(
    *args: str, stdout: Any = subprocess.PIPE, stderr: Any = subprocess.PIPE, **env: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "povtrack", *args],
        stdout=stdout,
        stderr=stderr,
        env={**os.environ, "POVTRACK_LANG": "en", **env},
        check=False,
        timeout=120,
    )


def _closed(fd: int) -> Callable[[], None]:
    return lambda: os.close(fd)


@pytest.mark.skipif(os.name != "posix", reason="closes a file descriptor before exec")
@pytest.mark.parametrize("args", [["--version"], ["report", "--data", str(BUNDLED), "-q"]])
def test_closed_stdout_is_exit_2_with_a_message(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "povtrack", *args],
        capture_output=False,
        stderr=subprocess.PIPE,
        preexec_fn=_closed(1),
        check=False,
        timeout=120,
    )
    assert done.returncode == 2
    assert b"standard output is closed" in done.stderr
    assert b"Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_stdout_is_exit_2() -> None:
    with Path("/dev/full").open("wb") as full:
        done = _povtrack("--version", stdout=full)
    assert done.returncode == 2
    assert b"No space left" in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("broken", ["closed", "full"])
def test_unwritable_stderr_changes_neither_stdout_nor_the_exit_code(broken: str) -> None:
    args = ["report", "--data", str(BUNDLED), "-r", "3524", "-f", "csv"]
    expected = _povtrack(*args)
    assert expected.returncode == 0
    if broken == "closed":
        done = subprocess.run(
            [sys.executable, "-m", "povtrack", *args],
            stdout=subprocess.PIPE,
            preexec_fn=_closed(2),
            check=False,
            timeout=120,
        )
    else:
        with Path("/dev/full").open("wb") as full:
            done = _povtrack(*args, stderr=full)
    assert done.returncode == 0
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8"))))
    assert rows == list(csv.reader(io.StringIO(expected.stdout.decode("utf-8"))))
    assert len(rows) > 10


def test_stdout_that_cannot_encode_the_output_is_exit_2_naming_the_encoding() -> None:
    done = _povtrack("report", "--data", str(BUNDLED), "-r", "3524", PYTHONIOENCODING="ascii")
    assert done.returncode == 2
    message = done.stderr.decode("ascii", "replace")
    assert "ascii" in message and "PYTHONIOENCODING=utf-8" in message
    assert "internal error" not in message


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["report", "--data", ""], "--data"),
        (["validate", ""], "FILE"),
        (["export", "opensdg", "--data", str(BUNDLED), "--output", ""], "--output"),
        (["report", "--data", str(BUNDLED), "--output", ""], "--output"),
    ],
)
def test_an_empty_path_is_a_usage_error(tmp_path: Path, args: list[str], option: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert f"{option} is empty" in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written into the current folder


def test_a_symlink_loop_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    out = run("report", "--data", str(BUNDLED), "-q", "--output", str(tmp_path / "a"))
    assert out.exit_code == 2
    assert "loop of symbolic links" in out.stderr
    source = tmp_path / "p0.csv"
    source.write_text("year,value\n2030,1.50\n", encoding="utf-8")
    into = run("import", "csv", str(source), "--into", str(tmp_path / "a"), "-i", "p0",
               "-r", "3524", "--source", "s")  # fmt: skip
    assert into.exit_code == 2
    assert "loop of symbolic links" in into.stderr
    data = run("report", "--data", str(tmp_path / "a"), "-q")
    assert data.exit_code == 2
    assert "Traceback" not in data.stderr and "internal error" not in data.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["check", "-f", "github", "--data"],
        ["check", "-f", "text", "--data"],
        ["report", "-f", "csv", "-r", "3524", "--data"],
        ["validate", "-f", "github"],
        ["validate", "-f", "text"],
    ],
)
def test_a_file_name_with_a_newline_or_escape_never_reaches_the_output_raw(
    tmp_path: Path, args: list[str]
) -> None:
    name = tmp_path / "bad\nname\x1b[31m.json"
    name.write_bytes(BUNDLED.read_bytes().replace(b'"value": 12.42', b'"value": "12.42"'))
    result = run(*args, str(name))
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream
        for line in stream.splitlines():  # the name is never cut over two lines
            assert not line.startswith("name")
    assert "bad\\nname\\u001b[31m.json" in result.stdout + result.stderr or (
        "bad%0Aname\\u001b[31m.json" in result.stdout
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize(
    "args",
    [
        ["validate", "/dev/zero"],
        ["report", "--data", "/dev/urandom"],
        ["import", "csv", "/dev/zero", "--into", "D.json", "-i", "p0", "-r", "1", "--source", "s"],
        ["import", "bps", "/dev/zero", "--into", "D.json", "-i", "p0"],
    ],
)
def test_a_device_is_refused_not_read_until_memory_runs_out(args: list[str]) -> None:
    done = _povtrack(*args)
    assert done.returncode == 2
    assert b"a device, not a file" in done.stderr
    assert b"Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_the_data_file_to_import_into_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "p0.csv"
    source.write_text("year,value\n2030,1.50\n", encoding="utf-8")
    result = run("import", "csv", str(source), "--into", "/dev/zero", "-i", "p0", "-r", "1",
                 "--source", "s")  # fmt: skip
    assert result.exit_code == 2
    assert "a device, not a file" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_read_whole_and_capped(tmp_path: Path) -> None:
    from povtrack.io.files import NotAFile, read_file

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    payload = BUNDLED.read_bytes()

    def feed() -> None:
        with fifo.open("wb") as writer:
            writer.write(payload)

    import threading

    for limit, expected in ((len(payload), payload), (len(payload) - 1, None)):
        thread = threading.Thread(target=feed)
        thread.start()
        try:
            if expected is None:
                with pytest.raises(NotAFile, match="from a pipe"):
                    read_file(str(fifo), max_pipe=limit)
            else:
                assert read_file(str(fifo), max_pipe=limit) == expected
        finally:
            thread.join(timeout=30)


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ('"value": 12.42', '"value": 1e1000000', "records[{}].value"),
        ('"value": 12.42', '"value": -1e1000000', "records[{}].value"),
        ('"year": 2023', '"year": ' + "9" * 5000, "records[{}].year"),
        ('"decimals": 2', '"decimals": ' + "1" * 5000, "indicators[0].decimals"),
    ],
)
def test_huge_numbers_are_out_of_range_with_their_place_not_an_internal_error(
    tmp_path: Path, old: str, new: str, path: str
) -> None:
    """1e1000000 overflowed the decimal context and an int of more than 4,300 digits cannot be
    written as text: both were internal errors (exit 3, issue 18)."""
    text = BUNDLED.read_text(encoding="utf-8")
    assert old in text
    # The record changed: the first whose line holds `old` (one record a line in the bundled file).
    lines = text[: text.index(old)].split('\n  "records": [\n', 1)
    path = path.format(lines[-1].count("\n") if len(lines) == 2 else "")
    bad = tmp_path / "huge.json"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("validate", "-f", "json", str(bad))
    assert result.exit_code == 1, result.stderr
    problems = json.loads(result.stdout)["files"][0]["problems"]
    errors = [p for p in problems if p["severity"] == "error"]
    assert [(p["code"], p["path"]) for p in errors] == [("out-of-range", path)]
    assert errors[0]["line"] is not None and errors[0]["column"] is not None
    for command in (["report", "-q", "--data", str(bad)], ["check", "-q", "--data", str(bad)]):
        assert run(*command).exit_code == 1


def test_breakdowns_that_differ_never_print_the_same(tmp_path: Path) -> None:
    """{"a=b": "c"} and {"a": "b=c"} both printed `a=b=c` (issue 18): a dimension or category
    holding a separator, a quote or an outer space is written as a JSON string."""
    from povtrack.model.records import format_breakdown

    hostile = [{"a=b": "c"}, {"a": "b=c"}, {"a": "b", "c": "d"}, {"a": "b, c=d"}, {"a": "b;c=d"},
               {" a": "b"}, {"a": 'b"'}, {"a": "b\\"}]  # fmt: skip
    for sep in (", ", ";"):
        shown = [format_breakdown(b, sep=sep) for b in hostile]
        assert len(set(shown)) == len(hostile), shown
    assert format_breakdown({"area": "urban", "sex": "female"}) == "area=urban, sex=female"
    assert format_breakdown({"a=b": "c"}) == '"a=b"=c'
    assert format_breakdown({"a": "b=c"}) == 'a="b=c"'
    # in a CSV report, the breakdown column of the two series differs too
    records = [
        {"indicator": "p0", "region": "3524", "year": 2023, "value": 1.5, "source": "s",
         "breakdown": breakdown}
        for breakdown in ({"a=b": "c"}, {"a": "b=c"})
    ]  # fmt: skip
    doc = {**json.loads(BUNDLED.read_text(encoding="utf-8")), "records": records}
    path = write_json(tmp_path / "b.json", doc)
    result = run("report", "-q", "--data", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(row["breakdown"] for row in rows) == ['"a=b"=c', 'a="b=c"']


def test_import_names_hostile_file_names_on_one_line(tmp_path: Path) -> None:
    source = tmp_path / "in\nput\x1b[1m.csv"
    source.write_text("year,value\n2030,1.50\n", encoding="utf-8")
    into = tmp_path / "D\nX\x1b[2m.json"
    result = run("import", "csv", str(source), "--into", str(into), "-i", "p0", "-r", "3524",
                 "--source", "s")  # fmt: skip
    assert result.exit_code == 1  # the data file does not exist and --create is not given
    assert "\x1b" not in result.stderr
    assert "D\\nX\\u001b[2m.json does not exist yet" in result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith("X")]
