"""The Python API (`povtrack.load`, `report`, `progress`, `rank`, `check`) and the DataFrames of
its results (`to_pandas`, `to_polars`): the same results as the commands, exact decimals, stable
columns, a clear message without the extras, and an `import povtrack` that imports nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import msgspec
import pandas as pd
import polars as pl
import pytest

import povtrack
from povtrack import i18n
from povtrack.core.gate import FINDING_FIELDS, Policy, evaluate
from povtrack.core.names import Shown
from povtrack.core.progress import ROW_FIELDS as PROGRESS_FIELDS
from povtrack.core.progress import UnknownTargetYear, assess_shown
from povtrack.core.provenance import build_sources
from povtrack.core.provenance import names_of as source_names
from povtrack.core.ranking import RANK_FIELDS, RankError, names_of
from povtrack.core.report import BANDED_FIELDS, ROW_FIELDS
from povtrack.io.errors import DataError, InputError
from povtrack.io.loader import bundled_path
from povtrack.model.records import Dataset
from tests.conftest import LAMONGAN, run, write_json

#: The data povtrack bundles, where this install has it (site-packages, or src/ when editable):
#: what povtrack.load() reads without a path, and so what the command is given.
BUNDLED: Final = bundled_path()

#: A small file written as text, so that its numbers keep their written form (4.90, 0.10).
EXACT: Final = """{
  "indicators": [
    {"id": "p0", "name": "Poverty rate (P0)", "name_id": "Persentase penduduk miskin (P0)",
     "unit": "percent", "decimals": 2, "direction": "lower"},
    {"id": "gk", "name": "Poverty line", "unit": "rupiah", "decimals": 0, "direction": "none"}
  ],
  "regions": [
    {"code": "35", "name": "East Java", "name_id": "Jawa Timur"},
    {"code": "3524", "name": "Lamongan Regency", "name_id": "Kabupaten Lamongan", "parent": "35"},
    {"code": "3501", "name": "Pacitan Regency", "parent": "35"}
  ],
  "records": [
    {"indicator": "p0", "region": "3524", "year": 2021, "value": 4.90, "source": "BPS"},
    {"indicator": "p0", "region": "3524", "year": 2022, "value": 12.53, "source": "BPS"},
    {"indicator": "p0", "region": "3524", "year": 2023, "value": 12.42, "target": 13.17, "source": "BPS"},
    {"indicator": "p0", "region": "3524", "year": 2026, "target": 0.10},
    {"indicator": "p0", "region": "3501", "year": 2023, "value": 12.42, "source": "BPS"},
    {"indicator": "gk", "region": "3524", "year": 2023, "value": 543475, "source": "BPS"}
  ]
}
"""


@pytest.fixture
def exact(tmp_path: Path) -> Path:
    path = tmp_path / "exact.json"
    path.write_text(EXACT, encoding="utf-8")
    return path


def cli_json(*args: str) -> Any:
    result = run(*args, "--format", "json")
    return json.loads(result.stdout, parse_float=Decimal)


def as_json(result: msgspec.Struct) -> Any:
    encoder = msgspec.json.Encoder(decimal_format="number")
    return json.loads(encoder.encode(result), parse_float=Decimal)


# --- load ---------------------------------------------------------------------------------


def test_load_without_a_path_reads_the_bundled_data() -> None:
    data = povtrack.load()
    assert isinstance(data, Dataset)
    [value] = [r.value for r in data.series[("p0", "3524", None, ())] if r.year == 2023]
    assert str(value) == "12.42"
    assert data.indicators["p0"].unit == "percent"
    assert povtrack.load(BUNDLED).records == data.records


def test_load_takes_str_and_path_and_keeps_numbers_exact(exact: Path) -> None:
    from_path = povtrack.load(exact)
    from_str = povtrack.load(str(exact))
    assert from_path.records == from_str.records
    assert from_path.path == str(exact)
    first = from_path.records[0]
    assert first.value == Decimal("4.90")
    assert str(first.value) == "4.90"
    assert str(from_path.records[3].target) == "0.10"


def test_load_errors_are_input_and_data_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        povtrack.load(tmp_path / "missing.json")
    with pytest.raises(InputError, match="folder"):
        povtrack.load(tmp_path)
    bad = dict(LAMONGAN, records=[{"indicator": "p0", "region": "9999", "year": 2023}])
    path = write_json(tmp_path / "bad.json", bad)
    with pytest.raises(DataError) as info:
        povtrack.load(path)
    [problem] = [p for p in info.value.report.problems if p.path == "records[0].region"]
    lines = path.read_text(encoding="utf-8").splitlines()
    where = next(n for n, line in enumerate(lines, start=1) if '"9999"' in line)
    assert (problem.severity, problem.line) == ("error", where)
    with pytest.raises(TypeError):
        povtrack.load(os.fsencode(tmp_path / "x.json"))  # type: ignore[arg-type]


# --- the functions give the commands' results ---------------------------------------------


def test_report_is_the_command_s_result(exact: Path) -> None:
    result = povtrack.report(exact, indicator="p0", region=["3524"], year_from=2022)
    assert as_json(result) == cli_json(
        "report", "--data", str(exact), "-i", "p0", "-r", "3524", "--from", "2022"
    )
    by_year = {row.year: row for row in result.rows}
    assert str(by_year[2023].change) == "-0.11"
    assert str(by_year[2022].change) == "7.63"
    ratio = povtrack.report(exact, region="3524", achievement="ratio", bands=True)
    assert as_json(ratio) == cli_json(
        "report", "--data", str(exact), "-r", "3524", "--achievement", "ratio", "--bands"
    )


def test_report_takes_a_dataset_or_none(exact: Path) -> None:
    data = povtrack.load(exact)
    assert povtrack.report(data).rows == povtrack.report(exact).rows
    assert povtrack.report().rows == povtrack.report(BUNDLED).rows


def test_report_refuses_what_the_data_does_not_have(exact: Path) -> None:
    with pytest.raises(ValueError, match="'p9'"):
        povtrack.report(exact, indicator="p9")
    with pytest.raises(ValueError, match="'1234'"):
        povtrack.report(exact, region=["3524", "1234"])
    with pytest.raises(ValueError, match="after"):
        povtrack.report(exact, year_from=2024, year_to=2020)
    with pytest.raises(ValueError, match="achievement"):
        povtrack.report(exact, achievement="log")  # type: ignore[arg-type]


def test_progress_is_the_command_s_result() -> None:
    result = povtrack.progress(region="3524", method="opensdg", explain=True)
    assert as_json(result) == cli_json(
        "progress", "--data", str(BUNDLED), "-r", "3524", "--method", "opensdg", "--explain"
    )
    [p0] = povtrack.progress(indicator="p0", region="3524").rows
    assert (p0.target_year, p0.status, p0.ratio) == (2026, "on_track", Decimal("1.07"))
    with pytest.raises(UnknownTargetYear) as info:
        povtrack.progress(indicator="p0", region="3524", target_year=2031)
    assert isinstance(info.value, ValueError)


def test_rank_is_the_command_s_result() -> None:
    result = povtrack.rank(indicator="p0", year=2023, parent="35", highlight="3524")
    assert as_json(result) == cli_json(
        "rank",
        "--data",
        str(BUNDLED),
        "--indicator",
        "p0",
        "--year",
        "2023",
        "--parent",
        "35",
        "--highlight",
        "3524",
    )
    assert [mark.region for mark in result.highlight] == ["3524"]
    with pytest.raises(RankError) as info:
        povtrack.rank(indicator="p9", year=2023)
    assert isinstance(info.value, ValueError)


def test_check_of_a_path_is_the_command_s_result_with_lines(exact: Path) -> None:
    result = povtrack.check(exact, fail_on="missed,stale", as_of=2026, max_age=1)
    assert as_json(result) == cli_json(
        "check",
        "--data",
        str(exact),
        "--fail-on",
        "missed,stale",
        "--as-of",
        "2026",
        "--max-age",
        "1",
    )
    assert result.findings
    assert all(f.line is not None and f.column is not None for f in result.findings)
    assert povtrack.check(exact, fail_on=["stale", "missed"], as_of=2026, max_age=1) == result


def test_check_of_a_dataset_reads_no_file(exact: Path) -> None:
    data = povtrack.load(exact)
    exact.unlink()  # the gate must not need the file again
    result = povtrack.check(data, fail_on=["stale"], as_of=2026, max_age=1)
    assert not result.passed
    assert result.findings
    assert all(f.line is None and f.column is None for f in result.findings)
    core = evaluate(data, Policy(as_of=2026, fail_on=("stale",), max_age=1))
    assert core == result


def test_check_of_invalid_data_fails_with_its_problems(tmp_path: Path) -> None:
    bad = dict(LAMONGAN, records=[{"indicator": "p0", "region": "9999", "year": 2023}])
    result = povtrack.check(write_json(tmp_path / "bad.json", bad), as_of=2026)
    assert (result.valid, result.passed, result.findings) == (False, False, [])
    assert "records[0].region" in [p.path for p in result.problems if p.severity == "error"]
    with pytest.raises(ValueError, match="fail-on"):
        povtrack.check(fail_on="late")
    with pytest.raises(ValueError, match="late"):
        povtrack.check(fail_on=["late"])  # type: ignore[list-item]


# --- DataFrames ----------------------------------------------------------------------------


def same(cell: Any, value: Any) -> bool:
    """A frame's cell holds the result's value: the same decimal digits, or both missing."""
    if value is None:
        return cell is None or bool(pd.isna(cell))
    if isinstance(value, Decimal):
        return isinstance(cell, Decimal) and cell == value
    return bool(cell == value)


def test_report_to_pandas_keeps_every_value_exact(exact: Path) -> None:
    result = povtrack.report(exact)
    df = result.to_pandas()
    assert list(df.columns) == list(ROW_FIELDS)
    assert len(df) == len(result.rows)
    for i, row in enumerate(result.rows):
        for name in ROW_FIELDS:
            assert same(df[name].iloc[i], getattr(row, name)), (i, name)
    assert df["value"].dtype == object
    assert str(df["year"].dtype) == "Int64"
    values = [str(v) for v in df.loc[df["region"] == "3524", "value"] if v is not None]
    assert values[:3] == ["4.90", "12.53", "12.42"]  # the written form, not 4.9
    p0_2023 = (df["indicator"] == "p0") & (df["region"] == "3524") & (df["year"] == 2023)
    assert str(df.loc[p0_2023, "change"].item()) == "-0.11"
    # exact arithmetic on the column: Decimal, never a binary float
    diff = (df["value"] - df["previous_value"]).dropna().tolist()
    assert Decimal("-0.11") in diff
    assert all(isinstance(d, Decimal) for d in diff)


def test_report_to_polars_keeps_every_value_exact(exact: Path) -> None:
    result = povtrack.report(exact, indicator="p0")
    df = result.to_polars()
    assert df.columns == list(ROW_FIELDS)
    assert isinstance(df.schema["value"], pl.Decimal)
    assert df.schema["year"] == pl.Int64
    for name in ROW_FIELDS:
        for cell, row in zip(df[name].to_list(), result.rows, strict=True):
            value = getattr(row, name)
            assert cell == value, name
    # one indicator, 2 decimals: the written form too
    assert [str(v) for v in df["value"].to_list() if v is not None][:3] == [
        "4.90",
        "12.53",
        "12.42",
    ]
    change = df.filter((pl.col("region") == "3524") & (pl.col("year") == 2023))["change"].item()
    assert str(change) == "-0.11"
    # several indicators: padded to the largest scale, never rounded
    both = povtrack.report(exact, region="3524").to_polars()
    assert Decimal("543475") in both["value"].to_list()
    assert Decimal("4.90") in both["value"].to_list()


def test_banded_and_empty_reports_have_their_columns(exact: Path) -> None:
    banded = povtrack.report(exact, bands=True)
    assert list(banded.to_pandas().columns) == list(BANDED_FIELDS)
    assert banded.to_polars().columns == list(BANDED_FIELDS)
    empty = povtrack.report(exact, year_from=2030)
    assert empty.rows == []
    assert list(empty.to_pandas().columns) == list(ROW_FIELDS)
    assert empty.to_polars().shape == (0, len(ROW_FIELDS))


def test_progress_rank_and_check_frames(exact: Path) -> None:
    progress = povtrack.progress(region="3524", explain=True)
    frame = progress.to_pandas()
    assert list(frame.columns) == list(PROGRESS_FIELDS)  # the CSV's columns: no steps
    for cell, row in zip(frame["ratio"], progress.rows, strict=True):
        assert same(cell, row.ratio)
    assert progress.to_polars().columns == list(PROGRESS_FIELDS)

    ranking = povtrack.rank(exact, indicator="p0", year=2023)
    ranked = ranking.to_pandas()
    assert list(ranked.columns) == list(RANK_FIELDS)
    assert [str(v) for v in ranked["value"]] == ["12.42", "12.42"]
    assert ranked["tied"].tolist() == [True, True]
    assert [str(v) for v in ranking.to_polars()["value"].to_list()] == ["12.42", "12.42"]

    check = povtrack.check(exact, fail_on="stale", as_of=2026, max_age=1)
    findings = check.to_pandas()
    assert list(findings.columns) == list(FINDING_FIELDS)
    assert findings["line"].tolist() == [f.line for f in check.findings]
    assert check.to_polars()["code"].to_list() == [f.code for f in check.findings]


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_a_missing_extra_is_named(
    exact: Path, monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    monkeypatch.setitem(sys.modules, library, None)  # import fails as if not installed
    result = povtrack.report(exact)
    with pytest.raises(ImportError) as info:
        getattr(result, f"to_{library}")()
    message = str(info.value)
    assert f'pip install "povtrack[{library}]"' in message
    assert f"to_{library}()" in message


# --- import povtrack ---------------------------------------------------------------------


HEAVY: Final = ("pandas", "polars", "rich", "typer", "msgspec", "povtrack.core", "povtrack.api")


def test_import_povtrack_imports_nothing_else() -> None:
    src = Path(povtrack.__file__).resolve().parents[1]
    code = (
        "import json, sys, povtrack\n"
        "before = sorted(sys.modules)\n"
        "povtrack.load\n"
        "after = sorted(sys.modules)\n"
        "print(json.dumps([before, after, povtrack.__file__]))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    before, after, where = json.loads(out)
    assert Path(where).resolve() == Path(povtrack.__file__).resolve()

    def heavy(modules: list[str]) -> list[str]:
        return [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]

    assert heavy(before) == []
    loaded = heavy(after)
    assert "povtrack.api" in loaded
    assert not [m for m in loaded if m.split(".")[0] in ("pandas", "polars", "rich", "typer")]


def test_the_package_names_its_api() -> None:
    assert set(povtrack.__all__) >= {"load", "report", "progress", "rank", "check"}
    assert {"load", "report", "progress", "rank", "check"} <= set(dir(povtrack))
    assert povtrack.report is povtrack.api.report
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = povtrack.nothing  # type: ignore[attr-defined]


# --- no hidden state in the results ---------------------------------------------------------


def test_indonesian_names_and_phrases_are_beside_the_result(exact: Path) -> None:
    data = povtrack.load(exact)
    assessed = assess_shown(data)
    [row] = assessed.result.rows
    assert not hasattr(row, "__dict__")  # nothing hidden on the row
    assert "name_id" not in json.dumps(as_json(assessed.result), default=str)
    i18n.set_lang("id")
    assert assessed.text.region(row) == "Kabupaten Lamongan"
    assert assessed.text.indicator(row) == "Persentase penduduk miskin (P0)"
    i18n.set_lang("en")
    assert assessed.text.region(row) == "Lamongan Regency"

    ranking = povtrack.rank(data, indicator="p0", year=2023, parent="35")
    assert not hasattr(ranking, "__dict__")
    names = names_of(data, ranking)
    assert names.regions == {"3524": "Kabupaten Lamongan", "35": "Jawa Timur"}
    assert ranking.parent_label(names, "id") == "Jawa Timur"
    assert ranking.parent_label(lang="id") == "East Java"  # no names given: the data's own

    sources = build_sources(data)
    assert not hasattr(sources, "__dict__")
    shown = Shown(sources, source_names(data, sources))
    assert sources.region_label("3524", shown.names, "id") == "Kabupaten Lamongan"
    assert sources.region_label("3501", shown.names, "id") == "Pacitan Regency"


def test_the_examples_in_the_docstrings_hold() -> None:
    import doctest

    import povtrack.api
    import povtrack.core.report

    for module in (povtrack.api, povtrack.core.report):
        failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert tried > 0
        assert failed == 0, module.__name__
