"""`report --format html`: one self-contained page (no script, nothing from the network), the
report's table, sentences, progress assessment, a chart per series and the sources; every piece
of data escaped. Opened in headless Chromium: a real screenshot, the page's text, a hostile
region name that stays text, and A4 when printed."""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Final

import pytest

from povtrack import i18n
from povtrack.core.progress import assess_dataset, assess_report, assess_shown
from povtrack.core.report import build_report
from povtrack.io.loader import load
from povtrack.model.records import Filters
from povtrack.render import RenderOptions
from povtrack.render.html import CSP, linkify, render_html

from .conftest import LAMONGAN, run, write_json

BUNDLED: Final = (
    Path(__file__).resolve().parents[1] / "src" / "povtrack" / "data" / "indicators.json"
)
HOSTILE_SCRIPT: Final = "<script>alert(1)</script>"
HOSTILE_IMG: Final = '"><img src=x onerror="document.title=\'pwned\'">'


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_lang("en")
    yield
    i18n.set_lang("en")


class Page(HTMLParser):
    """The elements, attributes and text of a page, as a browser's parser sees them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = html
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self._skip = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def html_of(
    path: Path = BUNDLED,
    regions: tuple[str, ...] = ("3524",),
    indicators: tuple[str, ...] = (),
    *,
    with_progress: bool = True,
    bands: bool = False,
) -> str:
    dataset, _ = load(str(path))
    chosen = Filters(indicators=indicators, regions=regions)
    report = build_report(dataset, chosen, bands=bands)
    out = io.StringIO()
    progress = assess_shown(dataset, chosen) if with_progress else assess_report(report)
    render_html(report, out, RenderOptions(), progress=progress)
    return out.getvalue()


def hostile_data(tmp_path: Path) -> Path:
    doc = {
        **LAMONGAN,
        "regions": [
            {"code": "3524", "name": HOSTILE_SCRIPT},
            {"code": "3525", "name": HOSTILE_IMG},
        ],
        "records": [
            *LAMONGAN["records"],
            {
                "indicator": "p0",
                "region": "3525",
                "year": 2023,
                "value": 10.5,
                "target": 11,
                "source": 'javascript:alert(1) <b>bold</b> https://example.org/a?x=1&y="2"',
            },
        ],
    }
    return write_json(tmp_path / "hostile.json", doc)


# --- the page, parsed ------------------------------------------------------------------------


def test_a_self_contained_page_without_script_or_network() -> None:
    html = html_of()
    assert html.startswith("<!DOCTYPE html>\n")
    page = Page(html)
    assert page.all("html") == [{"lang": "en"}]
    assert page.all("script") == []
    assert page.all("link") == []  # no stylesheet, icon or font from elsewhere
    assert page.all("img") == []
    assert page.all("iframe") == page.all("object") == page.all("embed") == []
    assert not any("src" in attrs for _, attrs in page.tags)
    assert "url(" not in html
    assert "@import" not in html
    assert {"http-equiv": "Content-Security-Policy", "content": CSP} in page.all("meta")
    assert "script-src" not in CSP  # default-src 'none' forbids every script
    assert page.all("style")  # inline styles
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in page.all(
        "meta"
    )
    assert "@page { size: A4" in html
    assert "@media print" in html
    assert "overflow-x: auto" in html  # tables scroll sideways on a phone


def test_links_are_only_http_and_never_send_a_referrer() -> None:
    page = Page(html_of())
    links = page.all("a")
    outside = [attrs for attrs in links if not (attrs.get("href") or "").startswith("#")]
    assert outside
    for attrs in outside:
        assert re.match(r"https?://", attrs["href"] or "")
        assert attrs.get("rel") == "noopener noreferrer"


def test_lamongan_figures_table_sentences_progress_and_sources() -> None:
    page = Page(html_of(indicators=("p0",)))
    text = page.text
    # the table, as the terminal report
    for expected in ("Year", "Value", "Change", "Target", "Margin", "Achiev. %", "Status"):
        assert expected in text
    for figure in ("12.42", "13.17", "+0.75 (+5.69 %)", "105.69", "-0.11 (-0.88 %) better"):
        assert figure in text, figure
    assert "+0.01 (+0.07 %) worse" in text
    assert "-0.57 (-3.95 %) better vs 2017" in text  # the gap in the figures is said
    assert len(page.all("table")) == 1
    assert len(page.all("tr")) == 1 + 14  # header and one row a year (2011..2045 as published)
    # the sentence of the latest scored year, as the terminal report writes it
    from povtrack.render.report import sentence

    dataset, _ = load(str(BUNDLED))
    report = build_report(dataset, Filters(indicators=("p0",), regions=("3524",)))
    scored = [row for row in report.rows if row.status in ("met", "missed")]
    assert sentence(scored[-1], "linear") in text
    # the progress assessment towards 2026, as povtrack progress says it
    from povtrack.render.progress import verdict

    [row] = assess_dataset(dataset, Filters(indicators=("p0",), regions=("3524",))).rows
    said = verdict(row)
    assert said[:1].upper() + said[1:] in text
    assert "Progress towards the next target" in text
    assert "Ratio CR 1.07" in text
    # a chart per series: a wide and a narrow SVG with a title, and the latest value on it
    assert len(page.all("svg")) == 2
    assert all(attrs.get("role") == "img" for attrs in page.all("svg"))
    assert "12.03 % (2025)" in text
    assert "target 12.65 % met by 0.62 pts" in text
    assert "No value for 2014, 2018–2019" in text
    # the sources, with the years each gave
    assert "Sources" in text
    assert "Used for: Kabupaten Lamongan · Poverty rate (P0): 2022" in text
    hrefs = [attrs["href"] for attrs in page.all("a")]
    assert (
        "https://lamongankab.bps.go.id/pressrelease/2021/12/27/36/"
        "profil-kemiskinan-maret-2021-kabupaten-lamongan.html"
    ) in hrefs


def test_one_section_and_two_charts_per_series() -> None:
    page = Page(html_of())
    sections = [attrs for attrs in page.all("section") if attrs.get("class") == "series"]
    dataset, _ = load(str(BUNDLED))
    report = build_report(dataset, Filters(regions=("3524",)))
    series = {(row.indicator, row.month) for row in report.rows}
    assert len(sections) == len(series)
    assert len(page.all("svg")) == 2 * len(series)
    ids = [attrs.get("id") for _, attrs in page.tags if attrs.get("id")]
    assert len(ids) == len(set(ids))  # unique ids: each chart's title is its own
    # several series: a summary with the sentences and a link to each series
    assert "Summary" in page.text
    hrefs = [attrs.get("href") or "" for attrs in page.all("a")]
    links = [href for href in hrefs if href.startswith("#")]
    assert links == [f"#series-{n}" for n in range(1, len(series) + 1)]
    assert all(link[1:] in ids for link in links)
    assert "Summary" not in Page(html_of(indicators=("p0",))).text  # one series: no summary


def test_progress_only_where_a_future_target_exists(lamongan: Path) -> None:
    text = Page(html_of(lamongan)).text
    assert text.count("Progress towards the next target") == 1  # p0 (2026), not poverty_line
    assert "Poverty line" in text


def test_the_core_assesses_a_report_of_every_year_as_the_dataset() -> None:
    """`assess_report` (the core, from the report's own rows) gives what `assess_dataset`
    gives when the report shows every year, and so the same page."""
    assert html_of(with_progress=False) == html_of()
    dataset, _ = load(str(BUNDLED))
    report = build_report(dataset, Filters(regions=("3524",)))
    assert (
        assess_report(report).result.rows
        == assess_dataset(dataset, Filters(regions=("3524",))).rows
    )


def test_in_indonesian() -> None:
    i18n.set_lang("id")
    html = html_of(indicators=("p0",))
    page = Page(html)
    assert page.all("html") == [{"lang": "id"}]
    text = page.text
    for expected in (
        "Indikator kemiskinan terhadap target: Kabupaten Lamongan",
        "Kabupaten Lamongan · Persentase penduduk miskin (P0)",
        "Tahun",
        "Nilai",
        "Perubahan",
        "12,42",
        "+0,75 (+5,69 %)",
        "105,69",
        "-0,11 (-0,88 %) membaik",
        "tercapai",
        "Kemajuan menuju target berikutnya",
        "12,03 % (2025)",
        "Sumber",
        "Dipakai untuk:",
    ):
        assert expected in text, expected


def test_bands_when_the_report_has_them() -> None:
    from povtrack.render.report import band_label

    page = Page(html_of(indicators=("p0",), bands=True))
    dataset, _ = load(str(BUNDLED))
    report = build_report(dataset, Filters(indicators=("p0",), regions=("3524",)), bands=True)
    labels = [band_label(row) for row in report.rows if band_label(row)]
    assert labels  # 2023 and 2025 beat their targets
    assert "Band" in page.text
    for label in labels:
        assert f'<td class="l">{label}</td>' in page.source


def test_no_rows() -> None:
    dataset, _ = load(str(BUNDLED))
    report = build_report(dataset, Filters(regions=("3524",), year_from=2090))
    out = io.StringIO()
    render_html(report, out, RenderOptions(), progress=assess_report(report))
    page = Page(out.getvalue())
    assert "No records match the filters." in page.text
    assert page.all("svg") == []


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    html = html_of(hostile_data(tmp_path), regions=())
    page = Page(html)
    assert page.all("script") == []
    assert page.all("img") == []
    assert page.all("b") == []
    assert HOSTILE_SCRIPT in page.text
    assert HOSTILE_IMG in page.text
    hrefs = [attrs["href"] or "" for attrs in page.all("a")]
    # javascript: is never a link; a quote ends an address
    assert [href for href in hrefs if not href.startswith("#")] == ["https://example.org/a?x=1&y="]
    assert "javascript:alert(1)" in page.text  # but it is shown, as text


def test_linkify() -> None:
    assert linkify("see https://a.org/x.html. Then") == (
        'see <a href="https://a.org/x.html" rel="noopener noreferrer">https://a.org/x.html</a>'
        ". Then"
    )
    assert linkify("(https://a.org/x)") == (
        '(<a href="https://a.org/x" rel="noopener noreferrer">https://a.org/x</a>)'
    )
    assert linkify("ftp://a.org <i>") == "ftp://a.org &lt;i&gt;"
    assert linkify("value: https://a.org/p?q=1&r=2 | target: x") == (
        'value: <a href="https://a.org/p?q=1&amp;r=2" rel="noopener noreferrer">'
        "https://a.org/p?q=1&amp;r=2</a> | target: x"
    )


def test_report_command_writes_the_same_page(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run(
        "report", "--data", str(BUNDLED), "-r", "3524", "--format", "html", "--output", str(out)
    )
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == html_of()


def test_the_page_needs_no_chart_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The charts are drawn by povtrack itself: the page is the same without resvg-py (the
    `charts` extra, for PNG files) and without matplotlib."""
    for name in ("resvg_py", "matplotlib"):
        monkeypatch.setitem(sys.modules, name, None)  # import -> ImportError
    out = tmp_path / "report.html"
    result = run(
        "report", "--data", str(BUNDLED), "-r", "3524", "--format", "html", "--output", str(out)
    )
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == html_of()


# --- in a real browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    """Debian's chromium, or a skip where it is not installed, except in CI (CI=true), where
    .ci/run installs it and its absence is a failure."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: .ci/run installs Debian's chromium")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def browse(browser: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
        page.resolve().as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows of an 8-bit RGB or RGBA PNG (what Chromium
    writes), read with zlib alone."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert depth == 8
    assert colour in (2, 6)
    channels = 3 if colour == 2 else 4
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


@pytest.fixture(scope="module")
def lamongan_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("page")
    page = folder / "report.html"
    page.write_text(html_of(), encoding="utf-8")
    return page


def test_screenshot_is_not_blank(chromium: str, lamongan_page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    browse(
        chromium,
        lamongan_page,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1200,2000",
    )
    width, height, rows = decode_png(shot.read_bytes())
    assert (width, height) == (1200, 2000)
    channels = len(rows[0]) // width
    pixels = {row[i : i + 3] for row in rows[::4] for i in range(0, len(row), channels * 4)}
    assert len(pixels) > 20  # text, chart lines, table shading: not one colour
    white = b"\xff\xff\xff"
    inked = sum(row[i : i + 3] != white for row in rows for i in range(0, len(row), channels))
    assert inked / (width * height) > 0.02


def test_phone_width_screenshot_is_not_blank(
    chromium: str, lamongan_page: Path, tmp_path: Path
) -> None:
    shot = tmp_path / "phone.png"
    browse(
        chromium,
        lamongan_page,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=390,844",
    )
    width, height, rows = decode_png(shot.read_bytes())
    assert (width, height) == (390, 844)
    assert len({row[i : i + 3] for row in rows for i in range(0, len(row), 4 * 3)}) > 10


def test_page_text_in_the_browser(chromium: str, lamongan_page: Path, tmp_path: Path) -> None:
    result = browse(chromium, lamongan_page, tmp_path / "profile", "--dump-dom")
    page = Page(result.stdout)
    for figure in ("12.42", "13.17", "105.69", "+0.75 (+5.69 %)", "12.03 % (2025)"):
        assert figure in page.text, figure
    assert "Kabupaten Lamongan · Poverty rate (P0)" in page.text
    assert page.all("script") == []


def test_hostile_region_names_do_not_run(chromium: str, tmp_path: Path) -> None:
    page_file = tmp_path / "hostile.html"
    page_file.write_text(html_of(hostile_data(tmp_path), regions=()), encoding="utf-8")
    result = browse(chromium, page_file, tmp_path / "profile", "--dump-dom")
    dom = Page(result.stdout)
    assert dom.all("script") == []
    assert dom.all("img") == []
    assert HOSTILE_SCRIPT in dom.text
    assert HOSTILE_IMG in dom.text
    title = re.search(r"<title>(.*?)</title>", result.stdout, re.S)
    assert title is not None
    assert title.group(1) == "Poverty indicators against targets"  # never 'pwned'


def test_prints_on_a4(chromium: str, lamongan_page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    browse(
        chromium, lamongan_page, tmp_path / "profile", "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
    )  # fmt: skip
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes
    for width, height in boxes:
        # A4 is 210 x 297 mm = 595.3 x 841.9 points
        assert abs(float(width) - 595.3) < 2
        assert abs(float(height) - 841.9) < 2
