"""Readable for planners (issue 14): beside the compound rate, the average change in points per
year (exact in JSON and CSV, rounded for people in the table, Markdown and HTML); the HTML
report says when it was generated (UTC, ISO; SOURCE_DATE_EPOCH, never the clock in a test) and
from which data file (the path as given, escaped)."""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import povtrack
from povtrack import __version__
from povtrack.core.progress_math import average_change
from povtrack.render import generated_at

from .conftest import run
from .test_chart_labels import TUBAN_VALUES, write

D = Decimal


@pytest.fixture
def tuban(tmp_path: Path) -> Path:
    return write(tmp_path / "tuban.json", TUBAN_VALUES, {2026: "13.50"})


def test_average_change_is_exact() -> None:
    assert average_change((2019, D("14.58")), (2024, D("14.18"))) == D("-0.08")
    assert str(average_change((2021, D("16.31")), (2024, D("14.18")))) == "-0.71"
    # a quotient that does not terminate keeps 40 significant digits
    third = average_change((2021, D("1.00")), (2024, D("1.40")))
    assert str(third) == "0." + "1" + "3" * 39
    assert average_change((2020, D("5.00")), (2022, D("5.00"))) == 0
    with pytest.raises(ValueError, match="after the base year"):
        average_change((2024, D("1")), (2024, D("2")))


def test_json_and_csv_carry_the_exact_change(tuban: Path) -> None:
    result = run("progress", "--data", str(tuban), "-f", "json", "--base-year", "2021", "-q")
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout, parse_float=Decimal)["rows"]
    assert row["change_per_year"] == D("-0.71")  # (14.18 - 16.31) / 3
    assert row["cagr_actual"] == D("-4.56")
    result = run("progress", "--data", str(tuban), "-f", "csv", "--base-year", "2020", "-q")
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    # (14.18 - 15.91) / 4 = -0.4325: exact, not rounded to the figures' two decimals
    assert row["change_per_year"] == "-0.4325"


def test_people_see_the_change_beside_the_rate(tuban: Path) -> None:
    table = run("progress", "--data", str(tuban), "-q")
    text = " ".join(table.stdout.split())
    assert "Actual pace -0.55 %/year (-0.08 points/year)" in text
    markdown = run("progress", "--data", str(tuban), "-f", "markdown", "--base-year", "2020")
    lines = markdown.stdout.splitlines()
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    cells = [cell.strip() for cell in lines[2].strip("|").split("|")]
    # rounded half away from zero to the figures' decimals: -0.4325 -> -0.43
    assert dict(zip(header, cells, strict=True))["Change/year"] == "-0.43 points"
    indonesian = run("progress", "--data", str(tuban), "--lang", "id", "-q")
    assert "-0,55 %/tahun (-0,08 poin/tahun)" in " ".join(indonesian.stdout.split())
    page = run("report", "--data", str(tuban), "-f", "html").stdout
    figures = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page))
    assert figures["Actual pace"] == "-0.55 %/year (-0.08 points/year)"


# --- when and from what the HTML report was made --------------------------------------------


def generated_line(page: str) -> str:
    [line] = re.findall(r'<p class="meta generated">(.*?)</p>', page)
    return html.unescape(line)


def test_html_says_when_and_from_which_file(tmp_path: Path, tuban: Path) -> None:
    result = run("report", "--data", str(tuban), "-f", "html")
    assert result.exit_code == 0, result.stderr
    # conftest sets SOURCE_DATE_EPOCH=1764763200
    assert generated_line(result.stdout) == (
        f"Generated 2025-12-03T12:00:00Z (UTC) from the data file {tuban}"
    )
    result = run("report", "--data", str(tuban), "-f", "html", env={"SOURCE_DATE_EPOCH": "0"})
    assert "Generated 1970-01-01T00:00:00Z (UTC)" in generated_line(result.stdout)
    indonesian = run("report", "--data", str(tuban), "-f", "html", "--lang", "id")
    assert generated_line(indonesian.stdout).startswith("Dibuat 2025-12-03T12:00:00Z (UTC) dari")


def test_the_path_is_as_given_and_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "<b>&'data\""
    folder.mkdir()
    data = write(folder / "p0 <x>.json", TUBAN_VALUES, {2026: "13.50"})
    relative = Path(folder.name) / data.name
    result = run("report", "--data", str(relative), "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert "<b>" not in result.stdout
    [raw] = re.findall(r'<p class="meta generated">(.*?)</p>', result.stdout)
    assert "&lt;b&gt;&amp;&#x27;data&quot;" in raw
    assert generated_line(result.stdout).endswith(f"from the data file {relative}")


def test_html_of_the_bundled_data_names_it_without_the_install_path() -> None:
    # no --data: the bundled file, whose path is where povtrack happens to be installed; the
    # same data and SOURCE_DATE_EPOCH give the same page on every machine
    result = run("report", "-f", "html", "-i", "p0", "-r", "3524")
    assert result.exit_code == 0, result.stderr
    line = generated_line(result.stdout)
    assert line == (
        "Generated 2025-12-03T12:00:00Z (UTC) from the data file "
        f"povtrack/data/indicators.json (bundled with povtrack {__version__})"
    )
    [meta] = re.findall(r'<p class="meta">(.*?)</p>', result.stdout)
    assert html.unescape(meta).startswith(
        f"Data: indicators.json (bundled with povtrack {__version__}) · "
    )
    assert str(Path(povtrack.__file__).parent) not in result.stdout


def test_without_source_date_epoch_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    when = generated_at()
    after = datetime.datetime.now(datetime.UTC)
    assert before <= when <= after
    assert when.tzinfo is datetime.UTC
    assert generated_at({"SOURCE_DATE_EPOCH": ""}).tzinfo is datetime.UTC


@pytest.mark.parametrize("value", ["soon", "-1", "1.5", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_a_usage_error(tuban: Path, value: str) -> None:
    result = run("report", "--data", str(tuban), "-f", "html", env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "SOURCE_DATE_EPOCH=" in result.stderr
    assert "Traceback" not in result.stderr
    # other formats do not read it
    assert run("report", "--data", str(tuban), env={"SOURCE_DATE_EPOCH": value}).exit_code == 0
