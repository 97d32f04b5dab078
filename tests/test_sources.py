"""`povtrack sources`: the sources of the Lamongan P0 series from the reference, with their URLs
in full, in every format; the same records as `report`; order, kinds, targets, escaping."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import msgspec
import pytest

from povtrack.core.provenance import build_sources, kind, urls
from povtrack.io.loader import load
from povtrack.model.records import Filters

from .conftest import LAMONGAN, run, write_json

REPO_DATA: Final = Path(__file__).parent.parent / "src" / "povtrack" / "data" / "indicators.json"

BANGSAONLINE_2011: Final = (
    "https://mail.bangsaonline.com/amp/berita/13301/tkpk-yogyakarta-berguru-ke-lamongan?page=2"
)
BRS_URL: Final = "https://123dok.com/document/z3ml5mey-berita-resmi-statistik.html"
BRS: Final = f"BPS Lamongan, Berita Resmi Statistik No. 02/06/3524/Th. II ({BRS_URL})"
WARTA: Final = (
    "https://wartatransparansi.com/2018/12/05/"
    "bupati-fadeli-targetkan-turunkan-kemiskinan-lamongan.html"
)
BPS_2021: Final = (
    "https://lamongankab.bps.go.id/pressrelease/2021/12/27/36/"
    "profil-kemiskinan-maret-2021-kabupaten-lamongan.html"
)
PRAMESWARA: Final = (
    "https://www.prameswarafm.com/bps-lamongan-mendata-angka-kemiskinan-di-lamongan-menurun/"
)
JATIMNET: Final = (
    "https://jatimnet.com/angka-kemiskinan-di-lamongan-turun-hampir-3-ribu-jiwa-tak-lagi-miskin"
)
DISKOMINFO: Final = "https://diskominfo.lamongankab.go.id/posting/15957"
SOURCE_2023: Final = (
    f"value: {JATIMNET} ; {DISKOMINFO} | target: jatimnow.com, 2 April 2024 "
    "(the Regent of Lamongan quoted)"
)
TRIBUN: Final = (
    "https://surabaya.tribunnews.com/2024/07/24/"
    "setahun-terakhir-kemiskinan-di-lamongan-baru-turun-026-persen-bps-sebut-ada-faktor-cuaca"
)
BAROMETER: Final = (
    "https://barometerjatim.com/"
    "news-11438-kemiskinan-di-lamongan-terus-melandai-dirham-taget-2026-tersisa-1195"
)
MEMONTUM: Final = "https://memontum.com/lima-program-prioritas-jadi-target-pemkab-lamongan"
SOURCE_2025: Final = f"value: {BAROMETER} | target: {MEMONTUM}"
PRAKARSA: Final = (
    "https://prakarsanetwork.com/megilan-angka-kemiskinan-lamongan-2045-bisa-tertinggi-di-jatim"
)

#: The Lamongan P0 series (reference, section 2, and the targets), in the order `sources`
#: lists it: (source, kind, URLs, value periods, target periods).
LAMONGAN_P0: Final = [
    (BANGSAONLINE_2011, "url", [BANGSAONLINE_2011], ["2011", "2012", "2013"], []),
    (BRS, "citation", [BRS_URL], ["2015", "2016"], []),
    (WARTA, "url", [WARTA], ["2017"], []),
    (BPS_2021, "url", [BPS_2021], ["2020", "2021"], []),
    (PRAMESWARA, "url", [PRAMESWARA], ["2022"], []),
    (SOURCE_2023, "citation", [JATIMNET, DISKOMINFO], ["2023"], ["2023"]),
    (TRIBUN, "url", [TRIBUN], ["2024"], []),
    (SOURCE_2025, "citation", [BAROMETER, MEMONTUM], ["2025"], ["2025"]),
    (BAROMETER, "url", [BAROMETER], [], ["2026"]),
    (PRAKARSA, "url", [PRAKARSA], [], ["2045"]),
]


def sources_json(path: Path, *args: str) -> dict[str, Any]:
    result = run("sources", "--data", str(path), "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return doc


# --- The bundled data --------------------------------------------------------------------------


def test_lamongan_p0_series_sources() -> None:
    doc = sources_json(REPO_DATA, "--indicator", "p0", "--region", "3524")
    got = [
        (s["source"], s["kind"], s["urls"], s["uses"][0]["values"], s["uses"][0]["targets"])
        for s in doc["sources"]
    ]
    assert got == LAMONGAN_P0
    for entry in doc["sources"]:
        assert entry["regions"] == ["3524"]
        assert entry["indicators"] == ["p0"]
        assert len(entry["uses"]) == 1
    assert doc["records"] == 14
    assert doc["unsourced"] == 0
    by_source = {s["source"]: s for s in doc["sources"]}
    assert by_source[PRAKARSA]["target_only"] is True
    assert by_source[BAROMETER]["target_only"] is True
    assert by_source[SOURCE_2023]["values"] == 1
    assert by_source[SOURCE_2023]["targets"] == 1
    assert by_source[BANGSAONLINE_2011]["records"] == 3
    assert by_source[BANGSAONLINE_2011]["years"] == [2011, 2012, 2013]


def test_table_shows_every_url_in_full_on_its_own_line() -> None:
    result = run("sources", "--data", str(REPO_DATA))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("data: ")
    words = {word for line in result.stdout.splitlines() for word in line.split()}
    raw = json.loads(REPO_DATA.read_text(encoding="utf-8"))
    # An independent reading of the file: every address in every source, split on spaces.
    expected = {
        re.sub(r"[).,;]+$", "", word)
        for rec in raw["records"]
        for word in re.findall(r"https?://\S+", rec["source"])
    }
    assert len(expected) > 200  # the bundled data cites hundreds of pages (issue 16)
    # Each address appears whole (at 100 columns, the longest are longer than the line).
    for url in expected:
        assert url in words, url
    assert any(len(url) > 100 for url in expected)


def test_json_lists_every_url_once_and_sources_in_report_order() -> None:
    doc = sources_json(REPO_DATA)
    raw = json.loads(REPO_DATA.read_text(encoding="utf-8"))
    distinct = list(dict.fromkeys(rec["source"] for rec in raw["records"]))
    assert sorted(s["source"] for s in doc["sources"]) == sorted(distinct)
    addresses = {
        re.sub(r"[).,;]+$", "", word)
        for rec in raw["records"]
        for word in re.findall(r"https?://\S+", rec["source"])
    }
    assert len(doc["urls"]) == len(set(doc["urls"])) == len(addresses)
    assert sum(s["records"] for s in doc["sources"]) == len(raw["records"]) == doc["records"]
    # By region (file order: Indonesia, East Java, then the regencies), indicator, year.
    firsts = [s["regions"][0] for s in doc["sources"]]
    order = [r["code"] for r in raw["regions"]]
    assert firsts == sorted(firsts, key=order.index)
    assert doc["sources"][0]["regions"][0] == "0000"
    bangsa = next(s for s in doc["sources"] if s["source"].startswith("https://bangsaonline"))
    cited = [r for r in raw["records"] if r["source"] == bangsa["source"]]
    assert bangsa["records"] == len(cited)
    p0 = [use for use in bangsa["uses"] if use["indicator"] == "p0"]
    assert {region for use in p0 for region in use["regions"]} == {
        r["region"] for r in cited if r["indicator"] == "p0"
    }
    assert all("2022" in use["values"] and use["targets"] == [] for use in p0)
    # the nine regencies of the reference's March 2022 list (Lamongan has its own source)
    assert {"3501", "3511", "3513", "3521", "3523", "3526", "3527", "3528", "3529"} <= {
        region for use in p0 for region in use["regions"]
    }
    east_java = next(
        s for s in doc["sources"] if s["source"].startswith("https://beritalima.com/1")
    )
    assert east_java["uses"][0]["values"] == ["2021-09"]


def test_json_is_the_core_result_serialised(lamongan: Path) -> None:
    dataset, _ = load(str(lamongan))
    core = build_sources(dataset, Filters(indicators=("p0",), year_from=2020))
    encoder = msgspec.json.Encoder(decimal_format="number")
    expected = json.loads(encoder.encode(core), parse_float=Decimal)
    assert sources_json(lamongan, "--indicator", "p0", "--from", "2020") == expected


# --- Small files ---------------------------------------------------------------------------------


def test_order_counts_and_targets(lamongan: Path) -> None:
    doc = sources_json(lamongan)
    assert [s["source"] for s in doc["sources"]] == [
        "s2017",
        "s2020",
        "s2021",
        "s2022",
        "s2023",
        "t2026",
    ]
    assert [s["n"] for s in doc["sources"]] == [1, 2, 3, 4, 5, 6]
    by = {s["source"]: s for s in doc["sources"]}
    assert by["s2021"]["indicators"] == ["p0", "poverty_line"]
    assert by["s2021"]["records"] == 2
    assert [u["indicator"] for u in by["s2021"]["uses"]] == ["p0", "poverty_line"]
    assert by["s2023"]["values"] == 2 and by["s2023"]["targets"] == 1
    assert by["t2026"]["target_only"] is True
    assert by["t2026"]["uses"][0]["targets"] == ["2026"]
    assert {s["kind"] for s in doc["sources"]} == {"citation"}
    assert doc["region_names"] == {"3524": "Kabupaten Lamongan"}


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--indicator", "p0"),
        ("--indicator", "poverty_line"),
        ("--from", "2021", "--to", "2023"),
        ("--region", "3524", "--to", "2021"),
        ("--from", "2030"),
    ],
)
def test_same_records_as_report(lamongan: Path, args: tuple[str, ...]) -> None:
    report = run("report", "--data", str(lamongan), "--format", "json", *args)
    assert report.exit_code == 0, report.stderr
    rows = json.loads(report.stdout)["rows"]
    doc = sources_json(lamongan, *args)
    assert doc["records"] == len(rows)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["source"]] = counts.get(row["source"], 0) + 1
    assert {s["source"]: s["records"] for s in doc["sources"]} == counts


def test_no_match_is_not_an_error(lamongan: Path) -> None:
    result = run("sources", "--data", str(lamongan), "--from", "2030", "--to", "2040")
    assert result.exit_code == 0
    assert result.stdout.strip() == "No records match the filters."
    doc = sources_json(lamongan, "--from", "2030", "--to", "2040")
    assert doc["sources"] == [] and doc["records"] == 0


def test_unknown_filter_exits_2(lamongan: Path) -> None:
    result = run("sources", "--data", str(lamongan), "--indicator", "nope")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--indicator 'nope'" in result.stderr
    assert run("sources", "--data", str(lamongan), "--from", "2023", "--to", "2020").exit_code == 2


def test_records_without_source_are_listed_last(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(LAMONGAN))
    doc["records"].append({"indicator": "p0", "region": "3524", "year": 2030, "target": 10})
    path = write_json(tmp_path / "d.json", doc)
    out = sources_json(path)
    assert out["unsourced"] == 1
    last = out["sources"][-1]
    assert last["source"] is None and last["kind"] == "none" and last["target_only"] is True
    table = run("sources", "--data", str(path)).stdout
    assert "Records without a source: 1" in table
    rows = list(
        csv.DictReader(io.StringIO(run("sources", "--data", str(path), "-f", "csv").stdout))
    )
    assert rows[-1]["source"] == "" and rows[-1]["kind"] == "none"


def test_csv(lamongan: Path) -> None:
    result = run("sources", "--data", str(lamongan), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "n",
        "source",
        "kind",
        "urls",
        "records",
        "values",
        "targets",
        "target_only",
        "indicators",
        "regions",
        "years",
        "uses",
    ]
    s2021 = next(r for r in rows if r["source"] == "s2021")
    assert s2021["records"] == "2"
    assert s2021["indicators"] == "p0;poverty_line"
    assert s2021["uses"] == "p0 2021: 3524; poverty_line 2021: 3524"
    t2026 = next(r for r in rows if r["source"] == "t2026")
    assert t2026["target_only"] == "true"
    assert t2026["uses"] == "p0 target 2026: 3524"


def test_csv_urls_and_formula_injection(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(LAMONGAN))
    doc["records"][0]["source"] = '=HYPERLINK("http://evil")'
    doc["records"][1]["source"] = "https://a.example/x ; https://b.example/y"
    path = write_json(tmp_path / "d.json", doc)
    rows = list(
        csv.DictReader(io.StringIO(run("sources", "--data", str(path), "-f", "csv").stdout))
    )
    assert rows[0]["source"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["kind"] == "citation"
    assert rows[1]["kind"] == "url"
    assert rows[1]["urls"].split(" ") == ["https://a.example/x", "https://b.example/y"]


def test_markdown_is_a_list_of_links(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(LAMONGAN))
    doc["records"][0]["source"] = "https://bps.go.id/a_b?x=1&y=2"
    doc["records"][1]["source"] = "BPS *Lamongan* [2021] <b> (https://x.example/r_1)"
    doc["records"][2]["source"] = "2021. - # report"
    path = write_json(tmp_path / "d.json", doc)
    result = run("sources", "--data", str(path), "--format", "markdown", "--indicator", "p0")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "## Sources"
    assert lines[2] == "1. <https://bps.go.id/a_b?x=1&y=2> — p0 2017: Kabupaten Lamongan (3524)"
    assert lines[3] == (
        "2. BPS \\*Lamongan\\* \\[2021\\] \\<b\\> (<https://x.example/r_1>) — "
        "p0 2020: Kabupaten Lamongan (3524)"
    )
    assert lines[4].startswith("3. 2021\\. - \\# report — p0 2021")
    assert lines[-1].startswith("6. t2026 — p0 target 2026")


def test_indonesian_labels(lamongan: Path) -> None:
    result = run("sources", "--data", str(lamongan), "--lang", "id")
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[0].startswith("Sumber: 6 · catatan: 8 · data: ")
    assert "kutipan (tanpa URL) · catatan: 1 · untuk target saja" in lines


def test_indonesian_region_names(lamongan: Path, tmp_path: Path) -> None:
    doc = json.loads(lamongan.read_text(encoding="utf-8"))
    doc["regions"][0]["name_id"] = "Kab. Lamongan"
    path = write_json(tmp_path / "named.json", doc)
    id_ = run("sources", "--data", str(path), "--lang", "id", "-f", "markdown")
    assert id_.stdout.splitlines()[0] == "## Sumber"
    assert "p0 2017: Kab. Lamongan (3524)" in id_.stdout
    en = run("sources", "--data", str(path), "--lang", "en", "-f", "markdown")
    assert "p0 2017: Kabupaten Lamongan (3524)" in en.stdout
    json_id = json.loads(run("sources", "--data", str(path), "--lang", "id", "-f", "json").stdout)
    assert json_id["region_names"] == {"3524": "Kabupaten Lamongan"}


def test_csv_excel_id(lamongan: Path) -> None:
    args = ("sources", "--data", str(lamongan), "-f", "csv", "-q")
    standard = list(csv.reader(io.StringIO(run(*args).stdout)))
    text = run(*args, "--csv-dialect", "excel-id", "--lang", "id").stdout
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][:5] == ["No.", "Sumber", "Jenis", "URL", "Jumlah catatan"]
    # counts and texts unchanged; the kind and yes/no are words of the language (for people)
    kind, target_only = standard[0].index("kind"), standard[0].index("target_only")
    for row, plain in zip(rows[1:], standard[1:], strict=True):
        assert row[kind] == {"citation": "kutipan", "url": "alamat web"}[plain[kind]]
        assert row[target_only] == {"true": "ya", "false": "tidak"}[plain[target_only]]
        others = [i for i in range(len(plain)) if i not in (kind, target_only)]
        assert [row[i] for i in others] == [plain[i] for i in others]


def test_output_file(lamongan: Path, tmp_path: Path) -> None:
    target = tmp_path / "refs.md"
    result = run("sources", "--data", str(lamongan), "-f", "markdown", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("## Sources\n")
    again = run("sources", "--data", str(lamongan), "--output", str(lamongan))
    assert again.exit_code == 2


@pytest.mark.parametrize(
    ("text", "found", "expected_kind"),
    [
        ("https://a.b/c", ["https://a.b/c"], "url"),
        ("https://a.b/c ; https://d.e/f", ["https://a.b/c", "https://d.e/f"], "url"),
        ("BPS (https://a.b/c.html).", ["https://a.b/c.html"], "citation"),
        (
            "see https://en.wikipedia.org/wiki/X_(y), p. 2",
            ["https://en.wikipedia.org/wiki/X_(y)"],
            "citation",
        ),
        ("value: https://a.b/c | target: RPJMN", ["https://a.b/c"], "citation"),
        ("Inpres 4/2022", [], "citation"),
        ("http:// nothing", [], "citation"),
    ],
)
def test_urls_and_kind(text: str, found: list[str], expected_kind: str) -> None:
    assert urls(text) == found
    assert kind(text) == expected_kind


def test_breakdowns_and_months_are_named(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(LAMONGAN))
    doc["records"] = [
        {
            "indicator": "p0",
            "region": "3524",
            "year": 2022,
            "month": 9,
            "value": 12.5,
            "source": "a",
        },
        {
            "indicator": "p0",
            "region": "3524",
            "year": 2022,
            "breakdown": {"area": "urban"},
            "value": 9.1,
            "source": "a",
        },
    ]
    path = write_json(tmp_path / "d.json", doc)
    uses = sources_json(path)["sources"][0]["uses"]
    assert [(u["breakdown"], u["values"]) for u in uses] == [
        ({"area": "urban"}, ["2022"]),
        (None, ["2022-09"]),
    ]
    lines = [line.strip() for line in run("sources", "--data", str(path)).stdout.splitlines()]
    assert "p0 2022-09: Kabupaten Lamongan (3524)" in lines
    assert "p0 [area=urban] 2022: Kabupaten Lamongan (3524)" in lines
