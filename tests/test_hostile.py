"""Hostile and broken input: every file gets a clean message, a documented exit code, no
traceback, no hang, no partial output file, and the input untouched.

Also a differential test: the fast path (one-pass typed decode) and the located path (our own
parser) must agree on every file, valid or not.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Final

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from povtrack.io import files, loader
from povtrack.io.loader import validate_bytes

from .conftest import LAMONGAN, run, write_json

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
VALID = json.dumps(LAMONGAN, indent=2).encode()


def check_clean(args: list[str], expect: set[int]) -> tuple[int, str, str]:
    """Run povtrack in-process: no exception may escape, the exit code is documented, and no
    raw control character reaches the terminal."""
    result = run(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in expect, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert not CONTROL.search(result.stdout.replace("\r\n", "\n")), result.stdout
    assert not CONTROL.search(result.stderr), result.stderr
    return result.exit_code, result.stdout, result.stderr


def codes_of(path: Path) -> list[str]:
    result = run("validate", str(path), "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    doc = json.loads(result.stdout)
    return [p["code"] for p in doc["files"][0]["problems"]]


CORPUS: dict[str, bytes] = {
    "empty": b"",
    "whitespace": b"  \n\t ",
    "array": b"[]",
    "string": b'"indicators"',
    "number": b"42",
    "null": b"null",
    "utf16le_bom": b"\xff\xfe" + '{"indicators": []}'.encode("utf-16-le"),
    "utf16be": '{"indicators": []}'.encode("utf-16-be"),
    "utf32": '{"a": 1}'.encode("utf-32"),
    "invalid_utf8": b'{"indicators": [], "regions": [], "records": [], "description": "\xff\xfe"}',
    "nan": b'{"indicators": NaN}',
    "infinity": b'{"indicators": -Infinity}',
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "deep_objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "truncated": VALID[: len(VALID) // 2],
    "trailing_garbage": VALID + b"\x00garbage",
    "comment": b'{"indicators": [] // no\n}',
    "single_quotes": b"{'indicators': []}",
    "big_exponent": VALID.replace(b"12.53", b"1e400"),
    "huge_exponent": VALID.replace(b"12.53", b"1e99999999999999999999"),
    "long_integer": VALID.replace(b"12.53", b"1" * 400),
    "year_400_digits": VALID.replace(b'"year": 2022', b'"year": ' + b"9" * 400),
    "duplicate_key": VALID.replace(b'"value": 12.53', b'"value": 12.53, "value": 13.38'),
    "escaped_key": VALID.replace(b'"value": 12.53', b'"v\\u0061lue": "12.53"'),
    "lone_surrogate": VALID.replace(b'"s2022"', b'"\\ud800"'),
    "raw_control_in_string": VALID.replace(b'"s2022"', b'"s\x1b[31m2022"'),
    "escaped_ansi": VALID.replace(b'"Kabupaten Lamongan"', b'"\\u001b[31mLamongan\\u001b[0m"'),
    "bidi_override": VALID.replace(b'"Kabupaten Lamongan"', '"Lamongan\u202e"'.encode()),
    # invisible: "3524" and "3524<ZWSP>" look the same; a bidi mark; U+FEFF inside a text
    "zero_width_space": VALID.replace(b'"s2022"', '"s2022\u200b"'.encode()),
    "bidi_mark": VALID.replace(b'"Kabupaten Lamongan"', '"Lamongan\u200f"'.encode()),
    "inner_bom": VALID.replace(b'"s2022"', b'"s\\ufeff2022"'),
    "value_as_string": VALID.replace(b"12.53", b'"12,53"'),
    "space_before_colon": VALID.replace(b'"value": 12.53', b'"value" : 12.53'),
    "null_required": VALID.replace(b'"year": 2022', b'"year": null'),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_gives_clean_errors(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.json"
    path.write_bytes(CORPUS[name])
    before = path.read_bytes()
    code, stdout, _ = check_clean(["validate", str(path)], {0, 1})
    assert code == 1 or name == "space_before_colon", stdout
    # the place is named: FILE:LINE:COLUMN or FILE when it is the whole file
    assert str(path) in stdout
    out = tmp_path / "out.csv"
    check_clean(["report", "--data", str(path), "--format", "csv", "--output", str(out)], {0, 1})
    if name != "space_before_colon":
        assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    assert path.read_bytes() == before


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + VALID)
    code, _, _ = check_clean(["validate", str(path)], {0})
    assert code == 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty", "empty-file"),
        ("utf16le_bom", "encoding"),
        ("utf16be", "encoding"),
        ("invalid_utf8", "encoding"),
        ("nan", "not-a-number"),
        ("deep", "nested-too-deep"),
        ("duplicate_key", "duplicate-key"),
        ("escaped_key", "wrong-type"),
        ("lone_surrogate", "invalid-string"),
        ("raw_control_in_string", "invalid-string"),
        ("escaped_ansi", "control-character"),
        ("bidi_override", "control-character"),
        ("zero_width_space", "control-character"),
        ("bidi_mark", "control-character"),
        ("inner_bom", "control-character"),
        ("big_exponent", "out-of-range"),
        ("long_integer", "out-of-range"),
        ("year_400_digits", "out-of-range"),
        ("array", "wrong-type"),
        ("value_as_string", "wrong-type"),
        ("null_required", "wrong-type"),
    ],
)
def test_corpus_problem_codes(tmp_path: Path, name: str, expected: str) -> None:
    path = tmp_path / f"{name}.json"
    path.write_bytes(CORPUS[name])
    assert expected in codes_of(path)


@pytest.mark.slow
def test_hundred_megabyte_string(tmp_path: Path) -> None:
    doc: dict[str, Any] = json.loads(VALID)
    doc["records"][0]["note"] = "x" * 100_000_000
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    _, stdout, _ = check_clean(["validate", str(path)], {1})
    assert "text-too-long" in stdout
    assert len(stdout) < 10_000  # never echoed back whole


def test_markup_in_names_is_printed_literally(tmp_path: Path) -> None:
    doc: dict[str, Any] = json.loads(VALID)
    doc["regions"][0]["name"] = "[bold]Lamongan[/bold] [link=https://evil.example]x[/link]"
    doc["indicators"][0]["name"] = "=1+2 [red]"
    path = write_json(tmp_path / "markup.json", doc)
    _, stdout, _ = check_clean(["report", "--data", str(path), "--indicator", "p0"], {0})
    assert "[bold]Lamongan[/bold]" in stdout
    assert "[link=https://evil.example]x[/link]" in stdout


def test_output_into_a_file_path_that_is_not_a_folder(lamongan: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    _, _, stderr = check_clean(
        ["report", "--data", str(lamongan), "--output", str(blocker / "r.csv")], {2}
    )
    assert "does not exist" in stderr


def test_file_disappearing_while_read(lamongan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def vanish(path: str) -> bytes:
        raise FileNotFoundError(2, "No such file or directory", path)

    monkeypatch.setattr(loader, "read_file", vanish)
    _, _, stderr = check_clean(["report", "--data", str(lamongan)], {2})
    assert "no such file" in stderr


def test_file_truncated_while_read(lamongan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = files.read_file

    def truncated(path: str) -> bytes:
        return real(path)[:100]

    monkeypatch.setattr(loader, "read_file", truncated)
    _, _, stderr = check_clean(["report", "--data", str(lamongan)], {1})
    assert "json-syntax" in stderr


def test_io_error_while_read(lamongan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: str) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(loader, "read_file", broken)
    _, _, stderr = check_clean(["validate", str(lamongan)], {2})
    assert "Input/output error" in stderr


# -- property-based ------------------------------------------------------------------------------


def mutate(data: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    """Apply (kind, position, byte) mutations: 0 flip a byte, 1 delete, 2 insert."""
    buf = bytearray(data)
    for kind, pos, byte in ops:
        if not buf:
            buf.append(byte)
            continue
        pos %= len(buf)
        if kind == 0:
            buf[pos] = byte
        elif kind == 1:
            del buf[pos]
        else:
            buf.insert(pos, byte)
    return bytes(buf)


INTERESTING = b'{}[]",:0123456789.-eE \n\\tnufl\x00\x1b\xff'
mutations = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.integers(0, 10_000),
        st.one_of(st.sampled_from(list(INTERESTING)), st.integers(0, 255)),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=mutations)
def test_random_mutations_never_break_povtrack(ops: list[tuple[int, int, int]]) -> None:
    data = mutate(VALID, ops)
    dataset, report = validate_bytes(data, "mutated.json")
    assert (dataset is None) == (not report.valid)
    for problem in report.problems:
        assert problem.message
        assert problem.hint
        assert problem.file == "mutated.json"
        if problem.code not in ("year-gap", "target-already-met"):
            assert problem.line is not None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=mutations)
def test_fast_and_located_paths_agree(ops: list[tuple[int, int, int]]) -> None:
    """The fast path may only accept a file that the located path accepts, with the same
    warnings; when the fast path declines, the located path decides alone."""
    data = mutate(VALID, ops)
    fast = loader._fast(data, "m.json")
    located = loader._located(data, "m.json")
    if fast is None or isinstance(fast, loader._Refused):
        return
    fast_errors = [p for p in fast.problems if p.severity == "error"]
    located_errors = [p for p in located.problems if p.severity == "error"]
    assert bool(fast_errors) == bool(located_errors), (fast.problems, located.problems)
    assert sorted((p.code, p.path) for p in fast.problems) == sorted(
        (p.code, p.path) for p in located.problems
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=mutations)
def test_locating_only_the_elements_agrees_with_the_whole_parse(
    ops: list[tuple[int, int, int]],
) -> None:
    """A file that the reader reads but that has problems is located by parsing only the
    elements of its arrays that the problems are in: the same problems as the whole located
    parse gives, with the same lines and columns, messages and order."""
    data = mutate(VALID, ops)
    fast = loader._fast(data, "m.json")
    if isinstance(fast, loader._Refused):
        some = loader._located_elements(data, "m.json", fast)
    elif fast is not None and fast.problems:
        some = loader._relocated(data, fast)
    else:
        return
    if some is None:  # a problem outside the arrays' elements: the whole parse decides
        return
    whole = loader._located(data, "m.json")
    assert some.problems == whole.problems
    assert (some.doc is None) == (whole.doc is None)


#: Values that a field of an indicator, region or record may wrongly hold.
_WRONG_VALUES: Final = [
    "12.42",
    1800,
    13,
    -1,
    120,
    1.123,
    None,
    True,
    [1],
    {"a": 3},
    {"area": "urban"},
    "",
    "p9",
    "x\u001bz",
    {},
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(
        st.tuples(
            st.sampled_from(["indicators", "regions", "records"]),
            st.integers(0, 20),
            st.sampled_from(
                [
                    "value",
                    "target",
                    "year",
                    "month",
                    "indicator",
                    "region",
                    "breakdown",
                    "unit",
                    "code",
                    "decimals",
                    "source",
                    "extra",
                    None,
                ]
            ),
            st.sampled_from(_WRONG_VALUES),
        ),
        min_size=1,
        max_size=4,
    ),
    indent=st.sampled_from([None, 2]),
    crlf=st.booleans(),
)
def test_elements_with_wrong_values_are_located_as_by_the_whole_parse(
    changes: list[tuple[str, int, str | None, object]], indent: int | None, crlf: bool
) -> None:
    """Wrong values in a few elements (the usual broken file): located by parsing only those
    elements, with the problems, lines and columns of the whole located parse."""
    doc = json.loads(json.dumps(LAMONGAN))
    for array, index, field, wrong in changes:
        value = copy.deepcopy(wrong)  # the same drawn dict in two places could hold itself
        items = doc[array]
        index %= len(items)
        if field is None:
            items[index] = value  # the element itself is wrong (or null)
        elif isinstance(items[index], dict):
            items[index][field] = value
    text = json.dumps(doc, indent=indent)
    data = (text.replace("\n", "\r\n") if crlf else text).encode()
    fast = loader._fast(data, "m.json")
    if isinstance(fast, loader._Refused):
        some = loader._located_elements(data, "m.json", fast)
    elif fast is not None and fast.problems:
        some = loader._relocated(data, fast)
    else:
        return
    whole = loader._located(data, "m.json")
    assert some is not None
    assert some.problems == whole.problems
    assert (some.doc is None) == (whole.doc is None)


def test_fast_path_is_taken_for_a_clean_file() -> None:
    """The speed of large files depends on it: a clean file must not need the located parse."""
    outcome = loader._fast(VALID, "v.json")
    assert isinstance(outcome, loader._Outcome)
    assert outcome.doc is not None


@pytest.mark.parametrize(
    "replacement",
    [
        b'"value": 12.53, "value": 13.38',  # a repeated key: a decoder keeps the last silently
        b'"value" : 12.53, "value": 1',  # repeated, and whitespace before a colon
        b'"v\\u0061lue": "12.53"',  # a number as a string under an escaped key
        b'"value": "12.53"',  # a number as a string
        b'"value": 12.53, "source": "a", "source": "b"',  # a repeated text key
        b'"value": 12.53, "target": null, "target": 1',  # null, then repeated
    ],
)
def test_fast_path_declines_what_the_model_refuses(replacement: bytes) -> None:
    data = VALID.replace(b'"value": 12.53', replacement, 1)
    assert b'"value": 12.53' in VALID
    assert not isinstance(loader._fast(data, "d.json"), loader._Outcome)  # the located path tells
    _, report = validate_bytes(data, "d.json")
    assert not report.valid


def test_a_null_means_not_given_on_both_paths() -> None:
    data = VALID.replace(b'"value": 12.53', b'"value": 12.53, "note": null', 1)
    fast = loader._fast(data, "d.json")
    assert isinstance(fast, loader._Outcome)
    assert fast.doc is not None
    located = loader._located(data, "d.json")
    assert [(p.code, p.path) for p in fast.problems] == [(p.code, p.path) for p in located.problems]
    dataset, _ = validate_bytes(data, "d.json")
    assert dataset is not None


@pytest.mark.parametrize(
    "note",
    [
        r"a \"quoted\" word",  # escaped quotes inside a string
        "a backslash at the end \\\\",  # an even run of backslashes before the closing quote
        r"three \\\" then a quote",  # an odd run: the quote is escaped
        r"\u0041 and \/",  # other escapes
    ],
)
def test_fast_path_reads_strings_with_escapes(note: str) -> None:
    """Escaped quotes and backslashes are read as the located parser reads them, and do not
    make a clean file look unclean (which would cost a slow parse)."""
    data = VALID.replace(b'"value": 12.53', b'"value": 12.53, "note": "' + note.encode() + b'"', 1)
    outcome = loader._fast(data, "e.json")
    assert isinstance(outcome, loader._Outcome)
    assert outcome.doc is not None
    notes = [rec.note for rec in outcome.doc.records if rec.note is not None]
    assert notes == [json.loads(f'"{note}"')]


def test_output_to_a_device_or_through_a_symlink(lamongan: Path, tmp_path: Path) -> None:
    """A device or a named pipe is written to, never replaced by a file; a symlink is written
    through to its target."""
    import os
    import stat

    target = tmp_path / "target.csv"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    check_clean(["report", "--data", str(lamongan), "-f", "csv", "-o", str(link)], {0})
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("indicator,")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        check_clean(["report", "--data", str(lamongan), "-f", "csv", "-o", str(fifo)], {0})
        assert os.read(reader, 100).startswith(b"indicator,")
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_negative_zero_is_written_without_a_sign(tmp_path: Path) -> None:
    doc: dict[str, Any] = json.loads(VALID)
    doc["records"][0]["value"] = 0
    doc["records"][1]["value"] = -0.0
    doc["records"][1]["target"] = -0.0
    path = write_json(tmp_path / "zero.json", doc)
    _, stdout, _ = check_clean(["report", "--data", str(path), "-f", "json"], {0})
    # every number as its JSON text: a negative zero would be "-0" or "-0.0" (the file's own
    # path is a string, so a temporary folder named pytest-0 is never taken for a number)
    numbers: list[str] = []
    parsed = json.loads(stdout, parse_float=numbers.append, parse_int=numbers.append)
    row = json.loads(stdout)["rows"][1]
    assert parsed["rows"][1]["year"] is None  # parse_int kept the text, not the number
    assert (row["year"], str(row["value"]), str(row["target"])) == (2020, "0.0", "0.0")
    assert "0.0" in numbers
    assert not [n for n in numbers if re.fullmatch(r"-0(\.0+)?", n)]  # no negative zero


def test_unreadable_file_does_not_hide_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_bytes(VALID.replace(b"12.53", b'"12,53"'))
    _, stdout, stderr = check_clean(
        ["validate", str(good), str(tmp_path / "missing.json"), "-f", "json"], {2}
    )
    assert json.loads(stdout)["files"][0]["errors"] == 1
    assert "missing.json" in stderr


@settings(max_examples=100, deadline=None)
@given(
    order=st.permutations(range(12)),
    kinds=st.lists(st.sampled_from(["plain", "march", "urban"]), min_size=12, max_size=12),
)
def test_series_grouping_does_not_depend_on_record_order(
    order: list[int], kinds: list[str]
) -> None:
    """The checker joins a record to the series of the record before it when they match (the
    usual layout of a file); records of series interleaved in any order, with months and
    breakdowns between them, still land in their own series, on both paths."""
    base = json.loads(json.dumps(LAMONGAN))
    records = []
    for i in order:
        rec: dict[str, Any] = {
            "indicator": "p0" if i % 2 else "poverty_line",
            "region": "3524",
            "year": 2000 + i,
            "value": 10,
            "source": "s",
        }
        if kinds[i] == "march":
            rec["month"] = 3
        elif kinds[i] == "urban":
            rec["breakdown"] = {"area": "urban"}
        records.append(rec)
    base["records"] = records
    data = json.dumps(base).encode()
    expected: dict[tuple[object, ...], list[int]] = {}
    for rec in records:
        month = rec.get("month")
        breakdown = tuple(sorted(rec.get("breakdown", {}).items()))
        key = (rec["indicator"], rec["region"], month, breakdown)
        expected.setdefault(key, []).append(rec["year"])
    fast = loader._fast(data, "f.json")
    assert isinstance(fast, loader._Outcome)
    assert not [p for p in fast.problems if p.severity == "error"]
    located = loader._located(data, "f.json")
    for outcome in (fast, located):
        got = {key: [r.year for r in recs] for key, recs in outcome.series.items()}
        assert got == {key: sorted(years) for key, years in expected.items()}


@pytest.mark.parametrize("output_format", ["table", "csv"])
def test_output_closed_early_is_exit_2(tmp_path: Path, output_format: str) -> None:
    """`povtrack report | head -1`: the reader goes away; exit 2 (the output could not be
    written in full), never 0 and never a traceback."""
    import subprocess
    import sys

    doc: dict[str, Any] = json.loads(VALID)
    doc["records"] = [
        {"indicator": "p0", "region": "3524", "year": 1900 + i % 200, "month": 1 + i // 200,
         "value": 10.5, "source": "s"}
        for i in range(2400)
    ]  # fmt: skip
    path = write_json(tmp_path / "big.json", doc)
    proc = subprocess.Popen(
        [sys.executable, "-m", "povtrack", "report", "-q", "--data", str(path), "-f",
         output_format],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 2, stderr
    assert "Traceback" not in stderr
    assert "closed" in stderr
