"""`povtrack chart` and the chart core: what is drawn (gaps, targets, latest value and margin,
projection from the progress core), in both languages; the SVG and PNG files (real images of
the asked size, the expected text, the same bytes every time); and the message when a PNG is
asked for without resvg-py (the `charts` extra)."""

from __future__ import annotations

import json
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import pytest

from povtrack import i18n
from povtrack.cli.commands import chart as chart_command
from povtrack.core.progress import assess_dataset
from povtrack.core.report import build_report
from povtrack.io.loader import load
from povtrack.model.records import Filters
from povtrack.render import svgchart
from povtrack.render.charts import (
    ChartSpec,
    build_chart,
    build_charts,
    project,
    source_lines,
    source_names,
    year_ranges,
)
from povtrack.render.svgchart import render_file, tick_decimals, tick_text

from .conftest import LAMONGAN, run, write_json

D = Decimal
BUNDLED: Final = (
    Path(__file__).resolve().parents[1] / "src" / "povtrack" / "data" / "indicators.json"
)
SVG: Final = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_lang("en")
    yield
    i18n.set_lang("en")


@pytest.fixture
def resvg() -> Any:
    """resvg-py (PNG files), or a skip where it is not installed, except in CI (CI=true), where
    the charts extra must be installed and its absence is a failure."""
    try:
        import resvg_py
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("resvg-py is missing in CI: install povtrack[charts]")
        pytest.skip("resvg-py is not installed (pip install 'povtrack[charts]')")
    return resvg_py


def spec_of(path: Path, *regions: str, indicator: str = "p0", **kwargs: Any) -> ChartSpec:
    dataset, _ = load(str(path))
    chosen = Filters(indicators=(indicator,), regions=regions)
    return build_chart(build_report(dataset, chosen), assess_dataset(dataset, chosen, **kwargs))


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk: bytes 16 to 24 of every PNG."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def svg_texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


# --- the core: what is drawn ---------------------------------------------------------------


def test_lamongan_fixture_segments_gaps_targets_latest(lamongan: Path) -> None:
    spec = spec_of(lamongan, "3524")
    assert spec.title == "Kabupaten Lamongan · Poverty rate (P0)"
    assert spec.y_label == "Percent (%)"
    assert spec.x_label == "Year"
    assert spec.subtitle == "Lower is better"
    [line] = spec.lines
    # 2018 and 2019 have no value: the line breaks there, it is not bridged
    assert [[p.year for p in seg] for seg in line.segments] == [[2017], [2020, 2021, 2022, 2023]]
    assert line.missing_years == [2018, 2019]
    assert spec.notes == ["No value for 2018–2019"]
    assert [(p.year, p.value) for p in line.targets] == [(2023, D("13.17")), (2026, D("11.95"))]
    assert line.latest is not None
    assert (line.latest.year, line.latest.value) == (2023, D("12.42"))
    assert line.latest_label == "12.42 % (2023)"
    assert line.latest_margin == "target 13.17 % met by 0.75 pts"
    assert (spec.first_year, spec.last_year) == (2017, 2026)
    assert spec.sources == ["s2017", "s2020", "s2021", "s2022", "s2023", "t2026"]


def test_projection_comes_from_the_progress_core(lamongan: Path) -> None:
    dataset, _ = load(str(lamongan))
    chosen = Filters(indicators=("p0",), regions=("3524",))
    progress = assess_dataset(dataset, chosen)
    [row] = progress.rows
    assert row.projected_value is not None
    spec = build_chart(build_report(dataset, chosen), progress)
    [line] = spec.lines
    # from the latest value to the target year, one point a year, ends exactly as progress says
    assert [p.year for p in line.projection] == [2023, 2024, 2025, 2026]
    assert line.projection[0].value == D("12.42")
    assert line.projection[-1].value == row.projected_value
    values = [p.value for p in line.projection]
    assert values == sorted(values, reverse=True)  # a constant rate of decline
    assert line.status == row.status == "on_track"
    assert row.projected_value == D("11.53")
    assert line.projection_label == "11.53 % projected for 2026, target 11.95 % (on track)"


def test_no_projection_without_a_progress_result_or_a_future_target(lamongan: Path) -> None:
    dataset, _ = load(str(lamongan))
    report = build_report(dataset, Filters(indicators=("p0",)))
    [line] = build_chart(report).lines
    assert line.projection == []
    assert line.projection_label is None
    doc = {**LAMONGAN, "records": [r for r in LAMONGAN["records"] if r["year"] != 2026]}
    spec = spec_of(write_json(lamongan.parent / "past.json", doc), "3524")
    assert spec.lines[0].projection == []


def test_bundled_lamongan_in_indonesian() -> None:
    i18n.set_lang("id")
    spec = spec_of(BUNDLED, "3524")
    assert spec.title == "Kabupaten Lamongan · Persentase penduduk miskin (P0)"
    assert spec.y_label == "Persen (%)"
    assert spec.x_label == "Tahun"
    assert spec.subtitle == "Makin rendah makin baik"
    [line] = spec.lines
    assert line.latest_label == "12,03 % (2025)"
    assert line.latest_margin == "target 12,65 % tercapai, lebih baik 0,62 poin"
    assert spec.notes == ["Tidak ada nilai untuk 2014, 2018–2019"]
    assert line.projection_label is not None
    assert line.projection_label.startswith("proyeksi 11,74 % pada 2026, target 11,95 %")
    assert [label for label in line.target_labels if "2045" in label] == ["target 9,75 % (2045)"]


def test_bundled_lamongan_in_english() -> None:
    spec = spec_of(BUNDLED, "3524")
    [line] = spec.lines
    assert line.latest_label == "12.03 % (2025)"
    assert line.latest_margin == "target 12.65 % met by 0.62 pts"
    assert line.missing_years == [2014, 2018, 2019]
    assert line.projection_label == "11.74 % projected for 2026, target 11.95 % (on track)"
    assert "lamongankab.bps.go.id" in spec.sources
    assert "jatimnow.com" in spec.sources  # written without an address in the data


def test_target_year_option_projects_further() -> None:
    spec = spec_of(BUNDLED, "3524", target_year=2045)
    [line] = spec.lines
    assert line.projection[0].year == 2025
    assert line.projection[-1].year == 2045
    assert len(line.projection) == 21


def test_several_regions_are_several_lines_with_a_legend() -> None:
    spec = spec_of(BUNDLED, "3524", "3526")
    assert spec.title == "Poverty rate (P0)"
    assert [line.label for line in spec.lines] == ["Kabupaten Lamongan", "Kabupaten Bangkalan"]
    assert [line.region for line in spec.lines] == ["3524", "3526"]


def test_months_and_breakdowns_are_lines_too(tmp_path: Path) -> None:
    doc = {
        "indicators": LAMONGAN["indicators"][:1],
        "regions": [{"code": "35", "name": "East Java"}],
        "records": [
            {"indicator": "p0", "region": "35", "year": 2022, "month": 3, "value": 10.38},
            {"indicator": "p0", "region": "35", "year": 2023, "month": 3, "value": 10.35},
            {"indicator": "p0", "region": "35", "year": 2022, "month": 9, "value": 10.49},
            {
                "indicator": "p0",
                "region": "35",
                "year": 2023,
                "breakdown": {"area": "urban"},
                "value": 7.5,
            },
        ],
    }
    for record in doc["records"]:
        record["source"] = "https://jatim.bps.go.id/"
    doc = {
        **doc,
        "records": [
            *doc["records"],
        ],
    }
    spec = spec_of(write_json(tmp_path / "d.json", doc), "35")
    assert spec.title == "East Java · Poverty rate (P0)"
    assert sorted(line.label for line in spec.lines) == ["March", "September", "area=urban"]


def test_one_chart_per_series_for_the_html_report() -> None:
    dataset, _ = load(str(BUNDLED))
    report = build_report(dataset, Filters(regions=("3524",)))
    charts = build_charts(report)
    assert len(charts) == len({(r.indicator, r.month) for r in report.rows})
    assert charts[0].title == "Kabupaten Lamongan · Poverty rate (P0)"


def test_a_chart_shows_one_indicator() -> None:
    dataset, _ = load(str(BUNDLED))
    with pytest.raises(ValueError, match="one indicator"):
        build_chart(build_report(dataset, Filters(regions=("3524",))))


def test_project_is_a_constant_rate_between_exact_ends() -> None:
    points = project(2020, D("100"), 2022, D("81"), 2)
    assert [(p.year, p.value) for p in points] == [
        (2020, D("100")),
        (2021, D("90.00000")),
        (2022, D("81")),
    ]
    # values of opposite signs cannot be joined by a growth rate: a straight line
    linear = project(2020, D("-2"), 2024, D("2"), 0)
    assert [p.value for p in linear] == [D("-2"), D("-1.000"), D("0.000"), D("1.000"), D("2")]
    assert [p.year for p in project(2020, D(5), 2021, D(4), 0)] == [2020, 2021]


def test_year_ranges() -> None:
    assert year_ranges([2014, 2018, 2019]) == "2014, 2018–2019"
    assert year_ranges([2019, 2018, 2018, 2020, 2030]) == "2018–2020, 2030"
    assert year_ranges([]) == ""


def test_source_names_are_hosts_never_cut_or_guessed() -> None:
    assert source_names("https://www.bps.go.id/id/pressrelease/2025/07/25/x.html") == ["bps.go.id"]
    assert source_names(
        "value: https://jatimnet.com/a ; https://diskominfo.lamongankab.go.id/posting/15957 | "
        "target: jatimnow.com, 2 April 2024 (the Regent of Lamongan quoted)"
    ) == ["jatimnet.com", "diskominfo.lamongankab.go.id", "jatimnow.com"]
    # a long host name stays whole: shortening it could name another site
    long_host = "kemiskinan-dan-ketimpangan.lamongankab.bps.go.id"
    assert source_names(f"https://{long_host}/x") == [long_host]
    # a file name is not a domain; a text source is its text, cut with an ellipsis when long
    assert source_names("indicators.json") == ["indicators.json"]
    assert source_names("BPS, Statistik Daerah Kabupaten Lamongan 2024, table 4.1.2 page 77") == [
        "BPS, Statistik Daerah Kabupaten Lamongan 2024…"
    ]
    assert source_names("https://user:pw@Example.COM:8080/p") == ["example.com"]
    assert source_names("") == []


def test_source_lines_wrap_between_names_and_count_the_rest() -> None:
    names = [f"site{i}.example.com" for i in range(10)]
    lines = source_lines(names, 60, 2)
    assert len(lines) == 2
    assert lines[0].startswith("Source: site0.example.com, ")
    assert re.search(r"and \d+ more$", lines[-1])
    shown = re.findall(r"site\d+\.example\.com", " ".join(lines))
    more = int(re.findall(r"and (\d+) more", lines[-1])[0])
    assert shown == names[: len(shown)]
    assert len(shown) + more == len(names)
    assert source_lines(["a.com"], 60, 2) == ["Source: a.com"]
    assert source_lines([], 60, 2) == ["Source: not given in the data"]


def test_tick_labels_in_both_languages() -> None:
    assert tick_decimals([10.0, 12.0, 14.0]) == 0
    assert tick_decimals([12.0, 12.5, 13.0]) == 1
    assert tick_decimals([0.25, 0.5]) == 2
    assert tick_text(12.5, 1, "en") == "12.5"
    assert tick_text(12.5, 1, "id") == "12,5"
    assert tick_text(1250.0, 0, "id") == "1.250"


# --- the command: files ----------------------------------------------------------------------


def chart(tmp_path: Path, name: str, *args: str, data: Path = BUNDLED) -> tuple[Any, Path]:
    out = tmp_path / name
    result = run("chart", "--data", str(data), "--output", str(out), *args)
    return result, out


@pytest.mark.usefixtures("resvg")
def test_png_has_the_default_size(tmp_path: Path) -> None:
    result, out = chart(tmp_path, "p0.png", "--indicator", "p0", "--region", "3524")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert png_size(out.read_bytes()) == (1200, 675)
    assert (chart_command.DEFAULT_WIDTH, chart_command.DEFAULT_HEIGHT) == (1200, 675)
    assert (svgchart.DEFAULT_WIDTH, svgchart.DEFAULT_HEIGHT) == (1200, 675)
    assert "wrote" in result.stderr


@pytest.mark.usefixtures("resvg")
def test_png_has_the_asked_size_and_the_same_bytes_every_time(tmp_path: Path) -> None:
    args = ("-i", "p0", "-r", "3524", "--width", "800", "--height", "450", "-q")
    result, out = chart(tmp_path, "a.png", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("wrote") == 0  # --quiet
    assert png_size(out.read_bytes()) == (800, 450)
    again, second = chart(tmp_path, "b.png", *args)
    assert again.exit_code == 0
    assert out.read_bytes() == second.read_bytes()


def test_svg_has_the_size_and_the_text(tmp_path: Path) -> None:
    result, out = chart(tmp_path, "p0.svg", "-i", "p0", "-r", "3524")
    assert result.exit_code == 0, result.stderr
    root = ET.fromstring(out.read_bytes())
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("1200px", "675px")
    texts = svg_texts(root)
    joined = "\n".join(texts)
    for expected in (
        "Kabupaten Lamongan · Poverty rate (P0)",
        "Lower is better",
        "Year",
        "Percent (%)",
        "12.03 % (2025)",
        "target 12.65 % met by 0.62 pts",
        "11.74 % projected for 2026, target 11.95 % (on track)",
        "target 9.75 % (2045)",
        "value",
        "target",
        "projection at the current pace",
        "No value for 2014, 2018–2019",
    ):
        assert expected in joined, expected
    source = next(text for text in texts if "Source:" in text)
    assert "lamongankab.bps.go.id" in source
    assert root.get("role") == "img"  # with a title and a description for screen readers
    assert root.findtext(f"{SVG}title") == "Kabupaten Lamongan · Poverty rate (P0)"
    assert "12.03 % (2025), target 12.65 % met by 0.62 pts" in (root.findtext(f"{SVG}desc") or "")
    # whole years on the x axis: never 2017.5
    years = tick_labels(root, "x")
    assert years
    assert all(re.fullmatch(r"\d{4}", year) for year in years), years
    _, second = chart(tmp_path, "again.svg", "-i", "p0", "-r", "3524")
    assert out.read_bytes() == second.read_bytes()


def test_svg_in_indonesian(tmp_path: Path) -> None:
    result, out = chart(tmp_path, "p0.svg", "-i", "p0", "-r", "3524", "--lang", "id")
    assert result.exit_code == 0, result.stderr
    joined = "\n".join(svg_texts(ET.fromstring(out.read_bytes())))
    for expected in (
        "Kabupaten Lamongan · Persentase penduduk miskin (P0)",
        "Tahun",
        "Persen (%)",
        "12,03 % (2025)",
        "target 12,65 % tercapai, lebih baik 0,62 poin",
        "Sumber:",
        "proyeksi dengan laju saat ini",
    ):
        assert expected in joined, expected
    ticks = [t for t in svg_texts(ET.fromstring(out.read_bytes())) if re.fullmatch(r"[\d.,]+", t)]
    assert not any("." in tick for tick in ticks if not re.fullmatch(r"\d{4}", tick))


def tick_labels(root: ET.Element, axis: str) -> list[str]:
    return [
        "".join(el.itertext()).strip()
        for el in root.iter(f"{SVG}text")
        if el.get("class") == f"{axis}-tick"
    ]


@pytest.mark.parametrize(("lang", "point"), [("en", "."), ("id", ",")])
def test_a_short_span_has_whole_years_and_the_language_decimal_mark(
    tmp_path: Path, lang: str, point: str
) -> None:
    # Indonesia, March 2024 and 2025 only (the bundled file's records): values 9.03 and 8.47,
    # targets 7 and 8.0
    doc = json.loads(BUNDLED.read_text(encoding="utf-8"))
    doc["records"] = [
        r
        for r in doc["records"]
        if (r["indicator"], r["region"], r.get("month")) == ("p0", "0000", 3)
        and r["year"] in (2024, 2025)
    ]
    data = tmp_path / "short.json"
    data.write_text(json.dumps(doc), encoding="utf-8")
    result, out = chart(tmp_path, "id.svg", "-i", "p0", "-r", "0000", "--lang", lang, data=data)
    assert result.exit_code == 0, result.stderr
    root = ET.fromstring(out.read_bytes())
    assert tick_labels(root, "x") == ["2024", "2025"]
    ys = tick_labels(root, "y")
    assert len(ys) >= 3
    # whole numbers or the language's decimal mark (tick_text is tested with decimals above)
    assert all(re.fullmatch(rf"\d+(\{point}\d+)?", y) for y in ys), ys


def test_a_gap_is_a_break_in_the_drawn_line() -> None:
    root = ET.fromstring(render_file(spec_of(BUNDLED, "3524")).encode())
    # the years of x coordinates, from two year labels of the axis
    ticks = [el for el in root.iter(f"{SVG}text") if el.get("class") == "x-tick"]
    (x0, y0), (x1, y1) = ((float(el.get("x") or 0), int(el.findtext("*") or 0)) for el in ticks[:2])

    def years(points: str) -> list[int]:
        xs = [float(pair.split(",")[0]) for pair in points.split()]
        return [round(y0 + (x - x0) * (y1 - y0) / (x1 - x0)) for x in xs]

    [series] = [g for g in root.iter(f"{SVG}g") if g.get("class") == "series"]
    lines = series.findall(f"{SVG}polyline")
    solid = [years(el.get("points") or "") for el in lines if not el.get("stroke-dasharray")]
    assert solid == [[2011, 2012, 2013], [2015, 2016, 2017], list(range(2020, 2026))]
    dashed = [years(el.get("points") or "") for el in lines if el.get("stroke-dasharray")]
    assert dashed == [[2025, 2026]]
    diamonds = [el for el in series.findall(f"{SVG}path") if el.get("fill") == "#ffffff"]
    assert len(diamonds) == 4  # 2023, 2025, 2026 and 2045, hollow
    markers = series.findall(f"{SVG}circle")
    assert len(markers) == 3 + 3 + 6  # a marker on every value
    [legend] = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legend"]
    assert svg_texts(legend) == ["value", "target", "projection at the current pace"]


def test_the_file_has_a_title_and_the_sources_under_the_chart() -> None:
    spec = spec_of(BUNDLED, "3524")
    root = ET.fromstring(render_file(spec, 1600, 900).encode())
    assert (root.get("width"), root.get("height")) == ("1600px", "900px")
    texts = {el.get("class"): "".join(el.itertext()) for el in root.iter(f"{SVG}text")}
    assert texts["title"] == spec.title
    assert texts["footer"].startswith("No value for 2014, 2018–2019Source: ")
    assert "lamongankab.bps.go.id" in texts["footer"]


def test_several_regions_on_one_chart(tmp_path: Path) -> None:
    result, out = chart(tmp_path, "p0.svg", "-i", "p0", "-r", "3524", "-r", "3526")
    assert result.exit_code == 0, result.stderr
    joined = "\n".join(svg_texts(ET.fromstring(out.read_bytes())))
    assert "Kabupaten Lamongan: 12.03 % (2025)" in joined
    raw = json.loads(BUNDLED.read_text(encoding="utf-8"), parse_float=str)
    year, value = max(
        (r["year"], r["value"])
        for r in raw["records"]
        if (r["indicator"], r["region"]) == ("p0", "3526") and "value" in r
    )
    assert f"Kabupaten Bangkalan: {value} % ({year})" in joined
    assert "Kabupaten Lamongan: no value for 2014, 2018–2019" in joined


def test_hostile_names_stay_text_in_svg(tmp_path: Path) -> None:
    doc = {
        **LAMONGAN,
        "regions": [{"code": "3524", "name": "<script>alert(1)</script> & co"}],
    }
    data = write_json(tmp_path / "evil.json", doc)
    result, out = chart(tmp_path, "evil.svg", "-i", "p0", data=data)
    assert result.exit_code == 0, result.stderr
    root = ET.fromstring(out.read_bytes())  # still well-formed XML
    assert not list(root.iter(f"{SVG}script"))
    assert any("<script>alert(1)</script> & co" in text for text in svg_texts(root))


@pytest.mark.usefixtures("resvg")
def test_an_indicator_without_direction_is_drawn_without_targets(lamongan: Path) -> None:
    spec = spec_of(lamongan, "3524", indicator="poverty_line")
    assert spec.subtitle == "Not scored against targets"
    assert [line.targets for line in spec.lines] == [[]]
    result, out = chart(lamongan.parent, "pl.png", "-i", "poverty_line", data=lamongan)
    assert result.exit_code == 0, result.stderr
    assert png_size(out.read_bytes()) == (1200, 675)


# --- the command: errors ---------------------------------------------------------------------


def test_a_png_without_resvg_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "resvg_py", None)  # import resvg_py -> ImportError
    result, out = chart(tmp_path, "p0.png", "-i", "p0", "-r", "3524")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "needs resvg-py for a PNG file" in result.stderr
    assert "pip install 'povtrack[charts]'" in result.stderr
    assert not out.exists()
    # an SVG needs nothing more
    result, out = chart(tmp_path, "p0.svg", "-i", "p0", "-r", "3524")
    assert result.exit_code == 0, result.stderr
    assert ET.fromstring(out.read_bytes()).tag == f"{SVG}svg"


def test_a_png_without_resvg_in_indonesian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "resvg_py", None)
    result, _ = chart(tmp_path, "p0.png", "-i", "p0", "--lang", "id")
    assert result.exit_code == 2
    assert "memerlukan resvg-py untuk berkas PNG" in result.stderr
    assert "pip install 'povtrack[charts]'" in result.stderr


def test_a_file_of_many_series_counts_the_missing_years_it_cannot_list() -> None:
    spec = spec_of(BUNDLED)  # p0 of every region
    assert len(spec.notes) > svgchart.MAX_NOTES
    root = ET.fromstring(render_file(spec).encode())
    [footer] = [el for el in root.iter(f"{SVG}text") if el.get("class") == "footer"]
    lines = ["".join(span.itertext()) for span in footer]
    hidden = len(spec.notes) - svgchart.MAX_NOTES + 1
    assert lines[: svgchart.MAX_NOTES] == [
        *spec.notes[: svgchart.MAX_NOTES - 1],
        f"and {hidden} more series with missing years",
    ]
    assert lines[svgchart.MAX_NOTES].startswith("Source: ")
    legend = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legend"]
    assert len(svg_texts(legend[0])) == len(spec.lines) + 2  # + target, projection


def test_a_png_is_refused_rather_than_drawn_without_text(resvg: Any) -> None:
    """resvg leaves text out when it finds no font (a slim container): povtrack says so."""
    from povtrack.render.svgchart import _text_is_drawn

    assert _text_is_drawn()  # this machine has fonts (CI: Debian's fonts-dejavu-core)
    assert not _text_is_drawn(skip_system_fonts=True)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-i", "p0", "--output", "p0.pdf"), "must end in .png or .svg"),
        (("-i", "p0", "--output", "p0"), "must end in .png or .svg"),
        (("-i", "p0", "-i", "gini", "--output", "x.svg"), "exactly one indicator"),
        (("--output", "x.svg"), "exactly one indicator"),
        (("-i", "nope", "--output", "x.svg"), "no such indicator"),
        (("-i", "p0", "-r", "9999", "--output", "x.svg"), "no such region"),
        (("-i", "p0", "--output", "no/such/folder/x.svg"), "does not exist"),
        (("-i", "p0", "--output", "x.svg", "--width", "10"), "--width"),
        (("-i", "p0", "--output", "x.svg", "--target-year", "2031"), "--target-year 2031"),
        (("-i", "p0", "--output", "x.svg", "--from", "2030", "--to", "2040"), "nothing to draw"),
    ],
)
def test_usage_errors_exit_2(lamongan: Path, args: tuple[str, ...], message: str) -> None:
    result = run("chart", "--data", str(lamongan), *args)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert result.stdout == ""
    assert not Path("x.svg").exists()


def test_output_is_required() -> None:
    result = run("chart", "-i", "p0")
    assert result.exit_code == 2
    assert "--output" in result.stderr


def test_never_overwrites_the_data_file(tmp_path: Path) -> None:
    data = write_json(tmp_path / "data.svg", LAMONGAN)  # a data file that ends in .svg
    before = data.read_bytes()
    result = run("chart", "--data", str(data), "-i", "p0", "--output", str(data))
    assert result.exit_code == 2
    assert "never overwrites its input" in result.stderr
    assert data.read_bytes() == before


@pytest.mark.usefixtures("resvg")
def test_replaces_an_existing_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "p0.png"
    out.write_bytes(b"old")
    result, _ = chart(tmp_path, "p0.png", "-i", "p0", "-r", "3524")
    assert result.exit_code == 0, result.stderr
    assert png_size(out.read_bytes()) == (1200, 675)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_readme_picture_is_a_chart_of_the_bundled_data() -> None:
    """docs/chart-lamongan-p0.png, made by `povtrack chart --data src/povtrack/data/indicators.json
    --indicator p0 --region 3524 --output docs/chart-lamongan-p0.png` (README)."""
    picture = Path(__file__).resolve().parents[1] / "docs" / "chart-lamongan-p0.png"
    assert png_size(picture.read_bytes()) == (1200, 675)
