"""One baseline, every command (issue 14): `progress`, `check --fail-on off-track`, `report`
(Markdown, the table's sentences, HTML) and `chart` judge a series from the same base year: the
base year of the plan that set the assessed target, unless --base-year says otherwise; and with
the same thresholds (--method). Tuban P0 of the issue: from 2019 it `needs acceleration`, from
2021 (the RPJMD baseline) it is `on track`. Every output is parsed."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import pytest

from .conftest import run
from .test_plans import PLAN, RPJPD, TARGET, VALUES, text_of

SVG: Final = "{http://www.w3.org/2000/svg}"
WORDS: Final = {
    "on_track": "on track",
    "needs_acceleration": "needs acceleration",
    "limited_progress": "limited progress",
}
OFF_TRACK: Final = {"needs_acceleration", "limited_progress", "deterioration"}
HEAD: Final = "Kabupaten Tuban · Poverty rate (P0)"


@pytest.fixture
def planned(tmp_path: Path) -> Path:
    """Tuban P0 2019–2024, the 2026 target of the RPJMD 2021–2026 (base year 2021)."""
    path = tmp_path / "tuban.json"
    path.write_text(text_of([PLAN, RPJPD], [*VALUES, TARGET]), encoding="utf-8")
    return path


@pytest.fixture
def unplanned(tmp_path: Path) -> Path:
    """The same figures, the target without its plan."""
    path = tmp_path / "tuban-noplan.json"
    target = TARGET.replace(', "plan": "rpjmd-3523-2021"', "")
    path.write_text(text_of([PLAN], [*VALUES, target]), encoding="utf-8")
    return path


# --- each command's verdict, parsed -------------------------------------------------------


def progress_row(data: Path, *args: str) -> dict[str, Any]:
    result = run("progress", "--data", str(data), "-f", "json", "-q", *args)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout, parse_float=Decimal)
    [row] = doc["rows"]
    return {"doc": doc, **row}


def check_verdict(data: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("check", "--data", str(data), "--fail-on", "off-track", "-f", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def markdown_verdict(data: Path, *args: str) -> str:
    result = run("report", "--data", str(data), "-f", "markdown", "-q", *args)
    assert result.exit_code == 0, result.stderr
    [bullet] = [line for line in result.stdout.splitlines() if line.startswith(f"- {HEAD}: ")]
    return bullet.removeprefix(f"- {HEAD}: ")


def table_verdict(data: Path, *args: str) -> str:
    result = run("report", "--data", str(data), "-q", *args)
    assert result.exit_code == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith(f"{HEAD}: ")]
    return line.removeprefix(f"{HEAD}: ")


def html_page(data: Path, *args: str) -> tuple[str, dict[str, str]]:
    result = run("report", "--data", str(data), "-f", "html", "-q", *args)
    assert result.exit_code == 0, result.stderr
    [verdict] = re.findall(r'<p class="verdict">(.*?)</p>', result.stdout)
    figures = {
        html.unescape(k): html.unescape(v)
        for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", result.stdout)
    }
    return html.unescape(verdict), figures


def chart_label(data: Path, tmp_path: Path, *args: str) -> str:
    out = tmp_path / "chart.svg"
    result = run("chart", "--data", str(data), "-i", "p0", "-o", str(out), "-q", *args)
    assert result.exit_code == 0, result.stderr
    root = ET.fromstring(out.read_bytes())
    texts = [" ".join(t.strip() for t in el.itertext()) for el in root.iter(f"{SVG}text")]
    [label] = [text for text in texts if "projected for 2026" in text]
    return label


SCENARIOS: Final = [
    # data, options, status, base year, where it comes from
    ("planned", (), "on_track", 2021, "plan"),
    ("planned", ("--base-year", "2019"), "needs_acceleration", 2019, "option"),
    ("planned", ("--base-year", "2019", "--method", "opensdg"), "limited_progress", 2019, "option"),
    ("planned", ("--method", "opensdg"), "on_track", 2021, "plan"),
    ("unplanned", (), "needs_acceleration", 2019, "default"),
    ("unplanned", ("--base-year", "2021"), "on_track", 2021, "option"),
]


@pytest.mark.parametrize(("which", "args", "status", "base_year", "source"), SCENARIOS)
def test_every_command_agrees(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    which: str,
    args: tuple[str, ...],
    status: str,
    base_year: int,
    source: str,
) -> None:
    data: Path = request.getfixturevalue(which)
    word = WORDS[status]

    # progress: the status, the base year and where it comes from
    row = progress_row(data, *args)
    assert (row["status"], row["base_year"], row["base_year_source"]) == (
        status,
        base_year,
        source,
    )
    assert row["plan"] == ("rpjmd-3523-2021" if which == "planned" else None)
    assert row["doc"]["base_year"] == (base_year if source == "option" else None)
    projected = row["projected_value"]

    # check --fail-on off-track: fails exactly when progress says off track, from that base
    code, doc = check_verdict(data, *args)
    off = [f for f in doc["findings"] if f["code"] == "off-track"]
    assert doc["base_year"] == (base_year if source == "option" else None)
    assert doc["method"] == ("opensdg" if "opensdg" in args else "unsd")
    if status in OFF_TRACK:
        assert code == 1
        [finding] = off
        match = re.search(
            r"not be reached: (.+?) \(CR = (\S+) over (\d{4})–(\d{4}), (.+?) thresholds",
            finding["message"],
        )
        assert match is not None, finding["message"]
        assert match.group(1) == word
        assert Decimal(match.group(2)) == row["ratio"]
        assert int(match.group(3)) == base_year
        assert match.group(5) == ("Open SDG" if "opensdg" in args else "UNSD")
    else:
        assert code == 0
        assert off == []

    # report: the Markdown bullet, the table's sentence and the HTML verdict say the same
    for verdict in (
        markdown_verdict(data, *args),
        table_verdict(data, *args),
        html_page(data, *args)[0],
    ):
        assert verdict.lower().startswith(word), verdict
        assert f"projected {projected} % in 2026" in verdict

    # HTML: the base and where it comes from
    _, figures = html_page(data, *args)
    assert figures["Base year"].startswith(f"{base_year}: ")
    if source == "plan":
        assert figures["Base year"] == "2021: the base year of plan rpjmd-3523-2021"
        assert figures["Base"] == "16.31 % (2021, plan rpjmd-3523-2021)"
    elif source == "option":
        assert figures["Base year"] == f"{base_year}: chosen with --base-year"
    else:
        assert figures["Base year"].endswith("(default rule)")

    # chart: the projection's label has the same value and status
    label = chart_label(data, tmp_path, *args)
    assert label.startswith(f"{projected} % projected for 2026")
    assert label.endswith(f"({word})")


def test_the_issue_example(planned: Path) -> None:
    """Tuban P0: base 2019 -> needs acceleration (CR 0.51), base 2021 (RPJMD) -> on track
    (CR 1.23); with the plan in the data file, no option is needed for the second."""
    from_2019 = progress_row(planned, "--base-year", "2019")
    from_plan = progress_row(planned)
    assert (from_2019["status"], from_2019["ratio"]) == ("needs_acceleration", Decimal("0.51"))
    assert (from_plan["status"], from_plan["ratio"]) == ("on_track", Decimal("1.23"))
    assert (from_2019["cagr_actual"], from_plan["cagr_actual"]) == (
        Decimal("-0.55"),
        Decimal("-4.56"),
    )


def test_the_explanation_says_where_the_base_year_comes_from(planned: Path) -> None:
    row = progress_row(planned, "--explain")
    [step] = [step for step in row["steps"] if step["label"] == "base year b"]
    assert step == {
        "label": "base year b",
        "formula": "base year of plan rpjmd-3523-2021 (plans[].base_year)",
        "value": 2021,
    }
    given = progress_row(planned, "--explain", "--base-year", "2019")
    [step] = [step for step in given["steps"] if step["label"] == "base year b"]
    assert (step["formula"], step["value"]) == ("given", 2019)
    table = run("progress", "--data", str(planned), "-q")
    assert "Base year: the base year of the plan that set the assessed target" in " ".join(
        table.stdout.split()
    )
    indonesian = run("progress", "--data", str(planned), "-q", "--explain", "--lang", "id")
    assert "tahun dasar rencana rpjmd-3523-2021" in indonesian.stdout


def test_a_plan_base_year_without_a_figure_says_so(tmp_path: Path) -> None:
    plan = PLAN.replace('"base_year": 2021', '"base_year": 2018')
    path = tmp_path / "d.json"
    path.write_text(text_of([plan], [*VALUES, TARGET]), encoding="utf-8")
    row = progress_row(path)
    assert (row["status"], row["reason_code"]) == ("cannot_assess", "base_year_without_value")
    assert "of plan rpjmd-3523-2021" in row["reason"]
    code, doc = check_verdict(path)
    assert code == 0  # cannot-assess is a warning, never a failure
    assert [f["code"] for f in doc["findings"]] == ["cannot-assess"]


def test_the_assessed_targets_plan_wins(tmp_path: Path) -> None:
    """A series with a 2026 RPJMD target (base 2021) and a 2045 RPJPD target (base 2024): the
    next target is 2026's, so 2021; --target-year 2045 assesses the RPJPD's from 2024."""
    rpjpd = RPJPD.replace('"base_year": 2024', '"base_year": 2020')
    far = (
        '{"indicator": "p0", "region": "3523", "year": 2045, "target": 5.00, '
        '"plan": "rpjpd-3523-2025", "source": "RPJPD Kabupaten Tuban 2025–2045"}'
    )
    path = tmp_path / "d.json"
    path.write_text(text_of([PLAN, rpjpd], [*VALUES, TARGET, far]), encoding="utf-8")
    near = progress_row(path)
    assert (near["target_year"], near["base_year"], near["plan"]) == (2026, 2021, "rpjmd-3523-2021")
    later = progress_row(path, "--target-year", "2045")
    assert (later["target_year"], later["base_year"], later["plan"]) == (
        2045,
        2020,
        "rpjpd-3523-2025",
    )


def test_the_api_agrees(planned: Path) -> None:
    import povtrack

    [row] = povtrack.progress(str(planned)).rows
    assert (row.status, row.base_year, row.base_year_source) == ("on_track", 2021, "plan")
    assert povtrack.check(str(planned), fail_on="off-track", as_of=2026).passed
    failed = povtrack.check(str(planned), fail_on="off-track", as_of=2026, base_year=2019)
    assert not failed.passed
    assert [f.code for f in failed.findings] == ["off-track"]
    assert (failed.method, failed.base_year) == ("unsd", 2019)
