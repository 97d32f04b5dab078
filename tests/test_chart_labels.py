"""Labels on a chart: the latest value's label and the projection's label never overlap (the
Tuban series of issue 14, where they used to, and random series), and a series of up to 12
years labels every year on the x axis (the file of `povtrack chart`, and the wide and the
narrow chart of the HTML report)."""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from povtrack.core.progress import assess_dataset
from povtrack.core.report import build_report
from povtrack.io.loader import load
from povtrack.model.records import Filters
from povtrack.render import svgchart
from povtrack.render.charts import ChartLine, ChartPoint, ChartSpec, build_chart, project
from povtrack.render.svgchart import (
    NARROW,
    PLOT_HEIGHT,
    WIDTH,
    Box,
    Placed,
    file_layout,
    label_layout,
    render_file,
)

from .conftest import run

D = Decimal
SVG: Final = "{http://www.w3.org/2000/svg}"

#: Tuban P0 as in issue 14: the labels of 2024 and of the projection to 2026 used to overlap.
TUBAN_VALUES: Final = {
    2019: "14.58",
    2020: "15.91",
    2021: "16.31",
    2022: "15.33",
    2023: "15.08",
    2024: "14.18",
}


def doc(values: dict[int, str], targets: dict[int, str]) -> dict[str, Any]:
    records: list[dict[str, Any]] = []
    for year in sorted({*values, *targets}):
        record: dict[str, Any] = {"indicator": "p0", "region": "3523", "year": year}
        if year in values:
            record["value"] = "#" + values[year]
        if year in targets:
            record["target"] = "#" + targets[year]
        record["source"] = f"BPS Kabupaten Tuban {year}"
        records.append(record)
    return {
        "indicators": [
            {
                "id": "p0",
                "name": "Poverty rate (P0)",
                "unit": "percent",
                "decimals": 2,
                "direction": "lower",
            }
        ],
        "regions": [{"code": "3523", "name": "Kabupaten Tuban", "parent": "35"}],
        "records": records,
    }


def write(path: Path, values: dict[int, str], targets: dict[int, str]) -> Path:
    """The data file, each figure written with its exact text (`13.50`, not `13.5`)."""
    text = json.dumps(doc(values, targets), indent=1)
    path.write_text(re.sub(r'"#(-?[0-9.]+)"', r"\1", text), encoding="utf-8")
    return path


@pytest.fixture
def tuban(tmp_path: Path) -> Path:
    return write(tmp_path / "tuban.json", TUBAN_VALUES, {2026: "13.50"})


def spec_of(path: Path) -> ChartSpec:
    dataset, _ = load(str(path))
    chosen = Filters(indicators=("p0",), regions=("3523",))
    return build_chart(build_report(dataset, chosen), assess_dataset(dataset, chosen))


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_apart(labels: list[Placed], width: float, height: float) -> None:
    for one, other in itertools.combinations(labels, 2):
        assert not overlaps(one.box, other.box), (one, other)
    for label in labels:
        left, top, right, bottom = label.box
        assert 0 <= left < right <= width, label
        assert 0 <= top < bottom <= height, label


# --- the Tuban series of the issue ---------------------------------------------------------


def test_tuban_chart_has_both_labels_apart(tuban: Path) -> None:
    spec = spec_of(tuban)
    [line] = spec.lines
    assert line.latest_label == "14.18 % (2024)"
    assert line.projection_label is not None
    assert line.projection_label.startswith("14.02 % projected for 2026, target 13.50 %")
    canvas = file_layout(spec)
    for width, plot_height in (
        (WIDTH, PLOT_HEIGHT),  # the report's wide chart
        (canvas.wide, canvas.plot_height),  # povtrack chart's file, default size
        (NARROW, PLOT_HEIGHT),  # the report's chart for phones
    ):
        labels = label_layout(spec, width, plot_height)
        kinds = [label.kind for label in labels]
        # both are written (the projection's label is no longer dropped to avoid the other)
        assert kinds.count("latest") == 1, (width, kinds)
        assert kinds.count("projection") == 1, (width, kinds)
        assert_apart(labels, width, svgchart.TOP + plot_height)
        [latest] = [label for label in labels if label.kind == "latest"]
        [ahead] = [label for label in labels if label.kind == "projection"]
        assert not overlaps(latest.box, ahead.box)


def test_tuban_file_writes_the_labels_that_the_layout_places(tuban: Path) -> None:
    spec = spec_of(tuban)
    root = ET.fromstring(render_file(spec).encode())
    texts = ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]
    canvas = file_layout(spec)
    for label in label_layout(spec, canvas.wide, canvas.plot_height):
        assert "".join(label.lines) in texts


# --- random series -------------------------------------------------------------------------

VALUE = st.decimals(min_value=D("0.50"), max_value=D("40.00"), places=2)


@st.composite
def series(draw: st.DrawFn) -> ChartSpec:
    first = draw(st.integers(2005, 2020))
    values = draw(st.lists(VALUE, min_size=2, max_size=12))
    years = list(range(first, first + len(values)))
    ahead = draw(st.integers(1, 6))
    target = draw(VALUE)
    target_year = years[-1] + ahead
    projected = draw(VALUE)
    margin = draw(st.sampled_from([None, "target 13.17 % missed by 0.25 pts"]))
    latest = ChartPoint(years[-1], values[-1])
    line = ChartLine(
        label="Kabupaten Tuban",
        indicator="p0",
        region="3523",
        month=None,
        breakdown=None,
        segments=[[ChartPoint(y, v) for y, v in zip(years, values, strict=True)]],
        targets=[ChartPoint(target_year, target)],
        target_labels=[f"target {target} % ({target_year})"],
        missing_years=[],
        latest=latest,
        latest_label=f"{values[-1]} % ({years[-1]})",
        latest_margin=margin,
        projection=project(years[-1], values[-1], target_year, projected, 2),
        projection_label=(
            f"{projected} % projected for {target_year}, target {target} % (needs acceleration)"
        ),
        status="needs_acceleration",
    )
    return ChartSpec(
        title="Kabupaten Tuban · Poverty rate (P0)",
        subtitle="Lower is better",
        x_label="Year",
        y_label="Percent (%)",
        lang="en",
        unit="percent",
        decimals=2,
        first_year=years[0],
        last_year=target_year,
        lines=[line],
        legend_value="value",
        legend_target="target",
        legend_projection="projection at the current pace",
        notes=[],
        sources=[],
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(series())
def test_labels_never_overlap_on_random_series(spec: ChartSpec) -> None:
    for width in (WIDTH, NARROW):
        labels = label_layout(spec, width, PLOT_HEIGHT)
        assert [label.kind for label in labels].count("latest") <= 1
        assert_apart(labels, width, svgchart.TOP + PLOT_HEIGHT)


# --- every year on the x axis --------------------------------------------------------------


def x_ticks(root: ET.Element) -> list[str]:
    return [
        "".join(el.itertext()).strip()
        for el in root.iter(f"{SVG}text")
        if el.get("class") == "x-tick"
    ]


TWELVE: Final = {year: f"{20 - (year - 2013) * 0.45:.2f}" for year in range(2013, 2025)}


def test_twelve_years_label_every_year_in_the_chart_file(tmp_path: Path) -> None:
    data = write(tmp_path / "twelve.json", TWELVE, {})
    out = tmp_path / "twelve.svg"
    for width in ("1200", "640"):
        result = run("chart", "--data", str(data), "-i", "p0", "-o", str(out), "--width", width)
        assert result.exit_code == 0, result.stderr
        root = ET.fromstring(out.read_bytes())
        assert x_ticks(root) == [str(year) for year in range(2013, 2025)]


def test_twelve_years_label_every_year_in_both_charts_of_the_report(tmp_path: Path) -> None:
    # eleven years of values and a target a year later: twelve years on the axis
    values = {year: value for year, value in TWELVE.items() if year < 2024}
    data = write(tmp_path / "twelve.json", values, {2024: "15.00"})
    result = run("report", "--data", str(data), "--format", "html")
    assert result.exit_code == 0, result.stderr
    charts = re.findall(r"<svg\b.*?</svg>", result.stdout, re.S)
    assert len(charts) == 2  # the wide chart and the narrow one
    for chart in charts:
        root = ET.fromstring(chart)
        assert x_ticks(root) == [str(year) for year in range(2013, 2025)]
    # the narrow chart turns its labels to fit them, the wide one writes them level
    narrow = ET.fromstring(charts[1])
    turned = [el for el in narrow.iter(f"{SVG}text") if el.get("class") == "x-tick"]
    assert all("rotate(-45" in (el.get("transform") or "") for el in turned)


def test_a_longer_span_labels_round_steps(tmp_path: Path) -> None:
    values = {year: f"{20 - (year - 2000) * 0.3:.2f}" for year in range(2000, 2025)}
    data = write(tmp_path / "long.json", values, {})
    out = tmp_path / "long.svg"
    result = run("chart", "--data", str(data), "-i", "p0", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    years = [int(year) for year in x_ticks(ET.fromstring(out.read_bytes()))]
    assert len(years) < 25
    steps = {b - a for a, b in itertools.pairwise(years)}
    assert len(steps) == 1
    assert steps.pop() > 1
