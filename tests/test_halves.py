"""A large file's CSV report in two processes (povtrack.cli.halves) is the one-process report, byte
for byte; whatever it cannot prove, it leaves to the one-process path.

The size threshold is lowered so that small files are split; `split` records, for each run,
what `halves.render` returned (None: the file was done in one process)."""

from __future__ import annotations

import errno
import json
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from povtrack.cli import halves
from povtrack.io import loader
from povtrack.model.problems import ValidationReport
from tests.conftest import run

INDICATORS = [
    {"id": "p0", "name": "Poverty rate", "unit": "percent", "decimals": 2, "direction": "lower"},
    {"id": "gini", "name": "Gini ratio", "unit": "ratio", "decimals": 3, "direction": "lower"},
    {"id": "hh", "name": "Poor households", "unit": "count", "decimals": 0, "direction": "higher"},
    {"id": "line", "name": "Poverty line", "unit": "rupiah", "decimals": 0, "direction": "none"},
]
MAX = {"p0": 30, "gini": 1, "hh": 50_000, "line": 900_000}


def figure(rng: random.Random, indicator: dict[str, Any]) -> float | int:
    places = indicator["decimals"]
    if rng.random() < 0.05:
        return 0
    number = rng.randint(0, MAX[indicator["id"]] * 10**places)
    return number if places == 0 else round(number / 10**places, places)


def make_doc(
    seed: int,
    regions: int,
    *,
    months: bool = False,
    breakdown: bool = False,
    order: str = "grouped",
) -> dict[str, Any]:
    """Series of every indicator in every region, years with gaps, targets on a third of the
    scored records, target-only future years; listed series by series (`grouped`), or by year
    (`by-year`, every series in both halves), or region by region backwards (`reversed`)."""
    rng = random.Random(seed)
    doc: dict[str, Any] = {
        "indicators": INDICATORS,
        "regions": [{"code": f"35{r:02d}", "name": f"Kabupaten {r}"} for r in range(regions)],
        "records": [],
    }
    for r in range(regions):
        for ind in INDICATORS:
            for cut in [None, "male", "female"] if breakdown else [None]:
                for month in [3, 9] if months else [None]:
                    for year in range(2015, 2025):
                        if rng.random() < 0.1:
                            continue
                        rec: dict[str, Any] = {"indicator": ind["id"], "region": f"35{r:02d}"}
                        rec["year"] = year
                        if month is not None:
                            rec["month"] = month
                        if cut is not None:
                            rec["breakdown"] = {"sex": cut}
                        scored = ind["direction"] != "none"
                        future = scored and year >= 2023 and rng.random() < 0.3
                        if not future:
                            rec["value"] = figure(rng, ind)
                        if scored and (future or rng.random() < 0.33):
                            rec["target"] = figure(rng, ind)
                        rec["source"] = f"https://example.org/{ind['id']}/{year}"
                        if rng.random() < 0.05:
                            rec["note"] = 'revised, "final" figure; a \\ backslash'
                        doc["records"].append(rec)
    if order == "by-year":
        doc["records"].sort(key=lambda rec: rec["year"])
    elif order == "reversed":
        doc["records"].sort(key=lambda rec: rec["region"], reverse=True)
    return doc


class Taken(list[ValidationReport | None]):
    def __repr__(self) -> str:
        return f"<{len(self)} splits>"


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> list[ValidationReport | None]:
    """Split every file, on any machine; record what each split gave."""
    taken = Taken()
    real = halves.render

    def spy(*args: Any, **kwargs: Any) -> ValidationReport | None:
        outcome = real(*args, **kwargs)
        taken.append(outcome)
        return outcome

    monkeypatch.setattr(halves, "render", spy)
    monkeypatch.setattr(halves, "MIN_BYTES", 0)
    monkeypatch.setattr(halves, "cores", lambda: 2)
    return taken


def one_process(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    def undo() -> None:
        monkeypatch.setattr(halves, "MIN_BYTES", 0)

    monkeypatch.setattr(halves, "MIN_BYTES", 10**18)
    return undo


def both(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> tuple[tuple[int, bytes, str], tuple[int, bytes, str]]:
    """(exit code, stdout, stderr) in two processes, then in one."""
    two = run(*args)
    undo = one_process(monkeypatch)
    one = run(*args)
    undo()
    return (two.exit_code, two.stdout_bytes, two.stderr), (
        one.exit_code,
        one.stdout_bytes,
        one.stderr,
    )


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


options = st.fixed_dictionaries(
    {
        "dialect": st.sampled_from(["rfc4180", "excel", "excel-id"]),
        "formula": st.sampled_from(["linear", "ratio"]),
        "bands": st.booleans(),
        "indicator": st.sampled_from([None, "p0", "line"]),
        "region": st.sampled_from([None, "3500", "3501"]),
        "years": st.sampled_from([None, (2018, 2022), (2024, 2024)]),
    }
)


def arguments(path: Path, chosen: dict[str, Any]) -> list[str]:
    args = ["report", "--data", str(path), "--format", "csv", "--quiet"]
    args += ["--csv-dialect", chosen["dialect"], "--achievement", chosen["formula"]]
    if chosen["bands"]:
        args.append("--bands")
    if chosen["indicator"]:
        args += ["--indicator", chosen["indicator"]]
    if chosen["region"]:
        args += ["--region", chosen["region"]]
    if chosen["years"]:
        args += ["--from", str(chosen["years"][0]), "--to", str(chosen["years"][1])]
    return args


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    seed=st.integers(0, 10**6),
    regions=st.integers(2, 6),
    months=st.booleans(),
    breakdown=st.booleans(),
    chosen=options,
)
def test_the_csv_of_two_processes_is_the_csv_of_one(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    split: list[ValidationReport | None],
    seed: int,
    regions: int,
    months: bool,
    breakdown: bool,
    chosen: dict[str, Any],
) -> None:
    path = write(tmp_path / "d.json", make_doc(seed, regions, months=months, breakdown=breakdown))
    two, one = both(monkeypatch, arguments(path, chosen))
    assert split[-1] is not None  # the file was done in two processes
    assert two == one
    assert two[0] == 0


def test_a_file_written_to_disk_is_the_same_and_leaves_no_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: list[ValidationReport | None]
) -> None:
    path = write(tmp_path / "d.json", make_doc(7, 8))
    out = tmp_path / "out"
    out.mkdir()
    result = run("report", "--data", str(path), "--format", "csv", "--output", str(out / "r.csv"))
    assert result.exit_code == 0, result.stderr
    assert split[-1] is not None
    undo = one_process(monkeypatch)
    single = run("report", "--data", str(path), "--format", "csv")
    undo()
    assert (out / "r.csv").read_bytes() == single.stdout_bytes
    assert [p.name for p in out.iterdir()] == ["r.csv"]
    assert [p.name for p in tmp_path.iterdir() if "part" in p.name] == []


@pytest.mark.parametrize("order", ["by-year", "reversed"])
def test_files_not_listed_series_by_series_are_done_in_one_process(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    split: list[ValidationReport | None],
    order: str,
) -> None:
    path = write(tmp_path / "d.json", make_doc(3, 5, order=order))
    two, one = both(monkeypatch, ["report", "--data", str(path), "--format", "csv"])
    assert split[0] is None
    assert two == one
    assert two[0] == 0


def test_a_cut_inside_a_string_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: list[ValidationReport | None]
) -> None:
    """Every note holds what lies between two records: the cut lands in a note, where the
    first half does not decode; the file is then done in one process."""
    doc = make_doc(5, 4)
    for rec in doc["records"]:
        rec["note"] = "a}, {b"
    path = write(tmp_path / "d.json", doc)
    plan = halves.plan(str(path))
    assert plan is not None
    assert plan.text[plan.cut + 1 :].startswith(b', {b"')  # inside the note
    two, one = both(monkeypatch, ["report", "--data", str(path), "--format", "csv"])
    assert split[0] is None
    assert two == one


def second_half_record(doc: dict[str, Any]) -> dict[str, Any]:
    """The last percentage with a value: in the second half, not in its first series."""
    records: list[dict[str, Any]] = doc["records"]
    return next(r for r in reversed(records) if r["indicator"] == "p0" and "value" in r)


def test_an_error_in_the_second_half_is_reported_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: list[ValidationReport | None]
) -> None:
    doc = make_doc(11, 4)
    second_half_record(doc)["value"] = 101  # a percentage over 100
    path = write(tmp_path / "d.json", doc)
    two, one = both(monkeypatch, ["report", "--data", str(path), "--format", "csv"])
    assert split[0] is None
    assert two == one
    assert two[0] == 1
    assert two[1] == b""


@pytest.mark.parametrize("where", ["first", "last"])
def test_a_repeated_key_in_either_half_is_found(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    split: list[ValidationReport | None],
    where: str,
) -> None:
    """The decoder keeps the last of two equal keys silently; the proof over the whole file
    sees the extra string and leaves the file to the located path, which reports it."""
    doc = make_doc(13, 4)
    text = json.dumps(doc, indent=1)
    place = text.index('"value": ') if where == "first" else text.rindex('"value": ')
    path = tmp_path / "d.json"
    path.write_text(text[:place] + '"value": 1, ' + text[place:], encoding="utf-8")
    two, one = both(monkeypatch, ["report", "--data", str(path), "--format", "csv"])
    assert split[0] is None
    assert two == one
    assert two[0] == 1
    assert "duplicate" in two[2].lower()


def test_warnings_of_the_second_half_count_and_point_at_their_records(
    tmp_path: Path, split: list[ValidationReport | None]
) -> None:
    """A gap in a series of the second half is a warning: the split goes on, and the
    warning's record is counted from the start of the file."""
    doc = make_doc(17, 4)
    path = write(tmp_path / "d.json", doc)
    result = run("report", "--data", str(path), "--format", "csv")
    assert result.exit_code == 0
    outcome = split[-1]
    assert outcome is not None
    _, expected = loader.validate_bytes(path.read_bytes(), str(path), locate_warnings=False)
    assert outcome.warnings == expected.warnings > 0
    assert sorted((p.code, p.path) for p in outcome.problems) == sorted(
        (p.code, p.path) for p in expected.problems
    )
    assert f"{expected.warnings} warnings" in result.stderr


def test_a_second_process_that_cannot_write_fails_the_command_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: list[ValidationReport | None]
) -> None:
    """The child writes its half into a part file; when that fails (a full disk here), the
    command says so, exits 2, and leaves no output file and no part file behind."""
    from povtrack.render import report as renderers

    parent, rows = os.getpid(), renderers.render_csv_rows

    def full_disk(*args: Any) -> None:
        if os.getpid() != parent:
            raise OSError(errno.ENOSPC, "No space left on device")
        rows(*args)

    monkeypatch.setattr(renderers, "render_csv_rows", full_disk)
    path = write(tmp_path / "d.json", make_doc(19, 4))
    out = tmp_path / "out"
    out.mkdir()
    result = run("report", "--data", str(path), "--format", "csv", "--output", str(out / "r.csv"))
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(out.iterdir()) == []
    assert not split  # it raised: no outcome


@pytest.mark.parametrize(
    ("after", "splits"),
    [
        ({"description": "records first, then this"}, True),
        ({"description": "a ] in the text after the records"}, False),
        ({"regions": None}, False),  # the regions after the records
    ],
)
def test_keys_after_the_records(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    split: list[ValidationReport | None],
    after: dict[str, Any],
    splits: bool,
) -> None:
    """The records array is taken to end at the file's last `]`: with keys after it, the
    split happens when that holds, and the file is done in one process when it does not."""
    doc = make_doc(23, 4)
    reordered = {"indicators": doc["indicators"]}
    if "regions" not in after:
        reordered["regions"] = doc["regions"]
    reordered["records"] = doc["records"]
    for key, value in after.items():
        reordered[key] = doc[key] if value is None else value
    path = write(tmp_path / "d.json", reordered)
    two, one = both(monkeypatch, ["report", "--data", str(path), "--format", "csv"])
    assert any(outcome is not None for outcome in split) == splits
    assert two == one
    assert two[0] == 0


def test_csv_to_stdout_while_the_progress_bar_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: list[ValidationReport | None]
) -> None:
    """While rich's progress bar runs, sys.stdout is its proxy to the terminal: the rows of
    the first half once went there, and only the second half to stdout."""
    from povtrack.io import feedback

    monkeypatch.setattr(feedback, "wanted", lambda *_: True)
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich takes stderr for a terminal
    path = write(tmp_path / "d.json", make_doc(7, 4))
    two, one = both(monkeypatch, ["report", "-q", "--data", str(path), "--format", "csv"])
    assert split[-1] is not None
    assert two[1] == one[1]
    assert two[0] == 0


def test_no_fork_no_pipe_no_temporary_file_is_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: list[ValidationReport | None]
) -> None:
    """When the second process cannot be made (no memory, no process slot), one process does
    the work: the same CSV, exit 0, nothing left behind."""

    def no_fork() -> int:
        raise OSError(errno.ENOMEM, "Cannot allocate memory")

    path = write(tmp_path / "d.json", make_doc(29, 4))
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(os, "fork", no_fork)
    result = run("report", "--data", str(path), "--format", "csv", "--output", str(out / "r.csv"))
    monkeypatch.undo()
    assert result.exit_code == 0, result.stderr
    assert split == [None]
    single = run("report", "--data", str(path), "--format", "csv")
    assert (out / "r.csv").read_bytes() == single.stdout_bytes
    assert [p.name for p in out.iterdir()] == ["r.csv"]


@pytest.mark.parametrize(
    "options", [["--indicator", "zz"], ["--region", "9999"], ["--from", "2025", "--to", "2020"]]
)
def test_invalid_data_is_refused_before_the_options_are_checked(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    split: list[ValidationReport | None],
    options: list[str],
) -> None:
    """Exit 1 for invalid data comes before exit 2 for a filter that names nothing, as in one
    process."""
    doc = make_doc(31, 4)
    second_half_record(doc)["value"] = 101
    path = write(tmp_path / "d.json", doc)
    two, one = both(monkeypatch, ["report", "--data", str(path), "--format", "csv", *options])
    assert two == one
    assert two[0] == 1


@pytest.mark.parametrize(
    ("cpu_max", "expected"), [("max 100000", 2), ("150000 100000", 1), ("400000 100000", 2)]
)
def test_a_container_quota_of_one_cpu_is_one_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cpu_max: str, expected: int
) -> None:
    """Two processes on one CPU's worth of time only compete: a container limited to less
    than two CPUs reports in one process, whatever cores it sees."""
    quota = tmp_path / "cpu.max"
    quota.write_text(cpu_max + "\n", encoding="utf-8")
    monkeypatch.setattr(halves, "CPU_MAX", quota)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    assert halves.cores() == expected
