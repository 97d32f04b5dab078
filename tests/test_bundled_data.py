"""The bundled data file `src/povtrack/data/indicators.json`, checked against the published figures.

This test does not use povtrack's own code: it reads the JSON text with `decimal.Decimal` for every
number and compares it with an independent transcription of the reference (figures, targets and
their sources), so that a wrong figure, a lost trailing zero, a misprint from the press or a missing
source fails here whatever the loader does.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Final

import pytest

DATA_PATH: Final = (
    Path(__file__).resolve().parents[1] / "src" / "povtrack" / "data" / "indicators.json"
)

# --- The sources, as the reference gives them --------------------------------------------------

BANGSAONLINE_2011: Final = (
    "https://mail.bangsaonline.com/amp/berita/13301/tkpk-yogyakarta-berguru-ke-lamongan?page=2"
)
BRS_URL: Final = "https://123dok.com/document/z3ml5mey-berita-resmi-statistik.html"
BRS: Final = f"BPS Lamongan, Berita Resmi Statistik No. 02/06/3524/Th. II ({BRS_URL})"
WARTA: Final = (
    "https://wartatransparansi.com/2018/12/05/"
    "bupati-fadeli-targetkan-turunkan-kemiskinan-lamongan.html"
)
BPS_LAMONGAN_2021: Final = (
    "https://lamongankab.bps.go.id/pressrelease/2021/12/27/36/"
    "profil-kemiskinan-maret-2021-kabupaten-lamongan.html"
)
PRAMESWARA: Final = (
    "https://www.prameswarafm.com/bps-lamongan-mendata-angka-kemiskinan-di-lamongan-menurun/"
)
JATIMNET: Final = (
    "https://jatimnet.com/angka-kemiskinan-di-lamongan-turun-hampir-3-ribu-jiwa-tak-lagi-miskin"
)
DISKOMINFO_2023: Final = "https://diskominfo.lamongankab.go.id/posting/15957"
LAMONGAN_2023: Final = f"{JATIMNET} ; {DISKOMINFO_2023}"
JATIMNOW: Final = "jatimnow.com, 2 April 2024 (the Regent of Lamongan quoted)"
TRIBUN: Final = (
    "https://surabaya.tribunnews.com/2024/07/24/"
    "setahun-terakhir-kemiskinan-di-lamongan-baru-turun-026-persen-bps-sebut-ada-faktor-cuaca"
)
BAROMETER: Final = (
    "https://barometerjatim.com/"
    "news-11438-kemiskinan-di-lamongan-terus-melandai-dirham-taget-2026-tersisa-1195"
)
DISKOMINFO_GINI: Final = "https://diskominfo.lamongankab.go.id/posting/8743"
MEMONTUM: Final = "https://memontum.com/lima-program-prioritas-jadi-target-pemkab-lamongan"
PRAKARSA: Final = (
    "https://prakarsanetwork.com/megilan-angka-kemiskinan-lamongan-2045-bisa-tertinggi-di-jatim"
)
BONGKAH: Final = (
    "https://bongkah.id/16/07/2022/"
    "jumlah-penduduk-miskin-jatim-turun-sedikit-jadi-418-juta-ini-penyebabnya"
)
BERITALIMA_2021: Final = "https://beritalima.com/1059-persen-penduduk-jawa-timur-miskin"
RCTI: Final = (
    "https://rctiplus.com/news/detail/ekonomi/3317326/"
    "jumlah-penduduk-miskin-di-jawa-timur-tertinggi-nasional"
)
REALITA: Final = "https://realita.co/baca-20158-1035-persen-penduduk-jawa-timur-miskin"
BERITALIMA_2024: Final = (
    "https://beritalima.com/jumlah-penduduk-miskin-di-jawa-timur-3983-juta-orang"
)
BANGSAONLINE_2022: Final = (
    "https://bangsaonline.com/berita/114052/"
    "bps-angka-kemiskinan-di-bangkalan-masuk-peringkat-2-tertinggi-di-jatim"
)
LANGGAMPOS: Final = (
    "https://langgampos.com/2024/12/"
    "daftar-5-kabupaten-termiskin-di-jawa-timur-alhamduillah-sumenep-peringkat-tiga.html"
)
NTBSATU: Final = "https://ntbsatu.com/2025/07/25/"
PRESNAPRESS: Final = "https://www.presnapress.com/nasional/2025/07/22/"
RPJMN: Final = "RPJMN 2020–2024"
INPRES: Final = "Inpres 4/2022 (Instruksi Presiden Nomor 4 Tahun 2022)"

#: Every URL that the reference gives; a source may cite no other.
REFERENCE_URLS: Final = frozenset(
    {
        BANGSAONLINE_2011,
        BRS_URL,
        WARTA,
        BPS_LAMONGAN_2021,
        PRAMESWARA,
        JATIMNET,
        DISKOMINFO_2023,
        TRIBUN,
        BAROMETER,
        DISKOMINFO_GINI,
        MEMONTUM,
        PRAKARSA,
        BONGKAH,
        BERITALIMA_2021,
        RCTI,
        REALITA,
        BERITALIMA_2024,
        BANGSAONLINE_2022,
        LANGGAMPOS,
        NTBSATU,
        PRESNAPRESS,
    }
)

# --- The expected records ----------------------------------------------------------------------

Key = tuple[str, str, int, int | None]  # (indicator, region, year, month)
Expected = tuple[str | None, str | None, str]  # (value text, target text, source)

#: (indicator, region, year, month, value, target, source): numbers as published text.
EXPECTED_ROWS: Final[list[tuple[str, str, int, int | None, str | None, str | None, str]]] = [
    # Indonesia: March figures; the RPJMN range 6–7 % is recorded as its upper bound 7.
    ("p0", "0000", 2024, 3, "9.03", "7", f"value: {PRESNAPRESS} | target: {RPJMN}"),
    ("p0", "0000", 2025, 3, "8.47", None, NTBSATU),
    ("poor_count_national", "0000", 2024, 3, "25.22", None, PRESNAPRESS),
    ("poor_count_national", "0000", 2025, 3, "23.85", None, NTBSATU),
    ("poverty_line", "0000", 2025, 3, "609160", None, NTBSATU),
    ("extreme_poverty", "0000", 2024, None, None, "0", INPRES),
    # East Java: March and September, two series.
    ("p0", "35", 2021, 3, "11.40", None, BONGKAH),
    ("p0", "35", 2021, 9, "10.59", None, BERITALIMA_2021),
    ("p0", "35", 2022, 3, "10.38", None, BONGKAH),
    ("p0", "35", 2022, 9, "10.49", None, RCTI),
    ("p0", "35", 2023, 3, "10.35", None, REALITA),
    ("p0", "35", 2024, 3, "9.79", None, BERITALIMA_2024),
    ("poor_count", "35", 2021, 3, "4572", None, BONGKAH),
    ("poor_count", "35", 2021, 9, "4259", None, BERITALIMA_2021),
    ("poor_count", "35", 2022, 3, "4180", None, BONGKAH),
    ("poor_count", "35", 2022, 9, "4236", None, RCTI),
    ("poor_count", "35", 2023, 3, "4189", None, REALITA),
    ("poor_count", "35", 2024, 3, "3983", None, BERITALIMA_2024),
    # East Java regencies with the highest P0, March 2022 and March 2024 (Lamongan: below).
    ("p0", "3501", 2022, None, "13.80", None, BANGSAONLINE_2022),
    ("p0", "3511", 2022, None, "13.47", None, BANGSAONLINE_2022),
    ("p0", "3513", 2022, None, "17.12", None, BANGSAONLINE_2022),
    ("p0", "3513", 2024, None, "16.45", None, LANGGAMPOS),
    ("p0", "3521", 2022, None, "14.15", None, BANGSAONLINE_2022),
    ("p0", "3523", 2022, None, "15.02", None, BANGSAONLINE_2022),
    ("p0", "3523", 2024, None, "14.36", None, LANGGAMPOS),
    ("p0", "3526", 2022, None, "19.44", None, BANGSAONLINE_2022),
    ("p0", "3526", 2024, None, "18.66", None, LANGGAMPOS),
    ("p0", "3527", 2022, None, "21.61", None, BANGSAONLINE_2022),
    ("p0", "3527", 2024, None, "20.83", None, LANGGAMPOS),
    ("p0", "3528", 2022, None, "13.93", None, BANGSAONLINE_2022),
    ("p0", "3529", 2022, None, "18.76", None, BANGSAONLINE_2022),
    ("p0", "3529", 2024, None, "17.78", None, LANGGAMPOS),
    # Kabupaten Lamongan, March Susenas (no month).
    ("p0", "3524", 2011, None, "17.40", None, BANGSAONLINE_2011),
    ("p0", "3524", 2012, None, "16.60", None, BANGSAONLINE_2011),
    ("p0", "3524", 2013, None, "16.10", None, BANGSAONLINE_2011),
    ("p0", "3524", 2015, None, "15.38", None, BRS),
    ("p0", "3524", 2016, None, "14.89", None, BRS),
    ("p0", "3524", 2017, None, "14.42", None, WARTA),
    ("p0", "3524", 2020, None, "13.85", None, BPS_LAMONGAN_2021),
    ("p0", "3524", 2021, None, "13.86", None, BPS_LAMONGAN_2021),
    ("p0", "3524", 2022, None, "12.53", None, PRAMESWARA),
    ("p0", "3524", 2023, None, "12.42", "13.17", f"value: {LAMONGAN_2023} | target: {JATIMNOW}"),
    ("p0", "3524", 2024, None, "12.16", None, TRIBUN),
    ("p0", "3524", 2025, None, "12.03", "12.65", f"value: {BAROMETER} | target: {MEMONTUM}"),
    ("p0", "3524", 2026, None, None, "11.95", BAROMETER),
    ("p0", "3524", 2045, None, None, "9.75", PRAKARSA),
    ("poor_count", "3524", 2013, None, "191.30", None, BANGSAONLINE_2011),
    ("poor_count", "3524", 2015, None, "182.64", None, BRS),
    ("poor_count", "3524", 2016, None, "176.92", None, BRS),
    ("poor_count", "3524", 2020, None, "164.68", None, BPS_LAMONGAN_2021),
    ("poor_count", "3524", 2021, None, "166.82", None, BPS_LAMONGAN_2021),
    ("poor_count", "3524", 2022, None, "151.08", None, PRAMESWARA),
    ("poor_count", "3524", 2023, None, "149.94", None, LAMONGAN_2023),
    ("poor_count", "3524", 2024, None, "146.98", None, TRIBUN),
    ("poor_count", "3524", 2025, None, "145.45", None, BAROMETER),
    ("p1", "3524", 2020, None, "2.707", None, BPS_LAMONGAN_2021),
    ("p1", "3524", 2021, None, "2.701", None, BPS_LAMONGAN_2021),
    ("p2", "3524", 2020, None, "0.781", None, BPS_LAMONGAN_2021),
    ("p2", "3524", 2021, None, "0.733", None, BPS_LAMONGAN_2021),
    ("poverty_line", "3524", 2015, None, "303780", None, BRS),
    ("poverty_line", "3524", 2016, None, "321002", None, BRS),
    ("poverty_line", "3524", 2020, None, "397980", None, BPS_LAMONGAN_2021),
    ("poverty_line", "3524", 2021, None, "419309", None, BPS_LAMONGAN_2021),
    ("poverty_line", "3524", 2023, None, "481969", None, LAMONGAN_2023),
    ("poverty_line", "3524", 2024, None, "524636", None, TRIBUN),
    ("poverty_line", "3524", 2025, None, "543475", None, BAROMETER),
    ("gini", "3524", 2022, None, "0.273", None, DISKOMINFO_GINI),
    ("gini", "3524", 2023, None, "0.295", None, MEMONTUM),
    ("gini", "3524", 2025, None, None, "0.289", MEMONTUM),
]

EXPECTED: Final[dict[Key, Expected]] = {
    (ind, reg, year, month): (value, target, source)
    for ind, reg, year, month, value, target, source in EXPECTED_ROWS
}

#: id -> (unit, decimals, direction)
EXPECTED_INDICATORS: Final[dict[str, tuple[str, int, str]]] = {
    "p0": ("percent", 2, "lower"),
    "poor_count": ("thousand_people", 2, "lower"),
    "poor_count_national": ("million_people", 2, "lower"),
    "p1": ("index", 3, "lower"),
    "p2": ("index", 3, "lower"),
    "poverty_line": ("rupiah", 0, "none"),
    "gini": ("ratio", 3, "lower"),
    "extreme_poverty": ("percent", 2, "lower"),
}

#: code -> parent
EXPECTED_REGIONS: Final[dict[str, str | None]] = {
    "0000": None,
    "35": "0000",
    "3501": "35",
    "3511": "35",
    "3513": "35",
    "3521": "35",
    "3523": "35",
    "3524": "35",
    "3526": "35",
    "3527": "35",
    "3528": "35",
    "3529": "35",
}

INDICATOR_FIELDS: Final = {"id", "name", "name_id", "unit", "decimals", "direction", "note"}
REGION_FIELDS: Final = {"code", "name", "name_id", "parent"}
RECORD_FIELDS: Final = {
    "indicator",
    "region",
    "year",
    "month",
    "value",
    "target",
    "source",
    "note",
    "breakdown",
}
UNITS: Final = {
    "percent",
    "count",
    "thousand_people",
    "million_people",
    "index",
    "ratio",
    "rupiah",
}

# --- Helpers -----------------------------------------------------------------------------------


@cache
def data_text() -> str:
    return DATA_PATH.read_text(encoding="utf-8")


@cache
def document() -> dict[str, Any]:
    doc = json.loads(data_text(), parse_float=Decimal)
    assert isinstance(doc, dict)
    return doc


def records() -> list[dict[str, Any]]:
    recs = document()["records"]
    assert isinstance(recs, list)
    return recs


def number(raw: object) -> Decimal:
    """A JSON number as an exact Decimal: a float, bool or string here is an error."""
    if isinstance(raw, bool) or not isinstance(raw, Decimal | int):
        raise TypeError(f"not a JSON number: {raw!r}")
    return raw if isinstance(raw, Decimal) else Decimal(raw)


def number_text(raw: object) -> str | None:
    return None if raw is None else str(number(raw))


def key(record: dict[str, Any]) -> Key:
    return (record["indicator"], record["region"], record["year"], record.get("month"))


def find(indicator: str, region: str, year: int, month: int | None = None) -> dict[str, Any]:
    found = [r for r in records() if key(r) == (indicator, region, year, month)]
    assert len(found) == 1, f"{indicator}/{region}/{year}/{month}: {len(found)} records"
    return found[0]


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def is_regency(code: str) -> bool:
    return len(code) == 4 and code != "0000"


# --- Structure ---------------------------------------------------------------------------------


def test_document_has_only_known_fields() -> None:
    doc = document()
    assert set(doc) == {"indicators", "regions", "records"}
    for indicator in doc["indicators"]:
        assert set(indicator) <= INDICATOR_FIELDS, indicator
        assert {"id", "name", "unit", "decimals", "direction"} <= set(indicator), indicator
    for region in doc["regions"]:
        assert set(region) <= REGION_FIELDS, region
        assert {"code", "name"} <= set(region), region
    for record in records():
        assert set(record) <= RECORD_FIELDS, record
        assert {"indicator", "region", "year"} <= set(record), record
        assert "value" in record or "target" in record, record


def test_indicators() -> None:
    indicators = document()["indicators"]
    found = {i["id"]: (i["unit"], i["decimals"], i["direction"]) for i in indicators}
    assert found == EXPECTED_INDICATORS
    assert len(indicators) == len(found), "duplicate indicator id"
    for indicator in indicators:
        assert indicator["unit"] in UNITS
        assert type(indicator["decimals"]) is int
        assert 0 <= indicator["decimals"] <= 6
        assert indicator["name"].strip()
        assert indicator["name_id"].strip(), f"{indicator['id']} has no Indonesian name"


def test_regions() -> None:
    regions = document()["regions"]
    found = {r["code"]: r.get("parent") for r in regions}
    assert found == EXPECTED_REGIONS
    assert len(regions) == len(found), "duplicate region code"
    names = {r["code"]: r["name"] for r in regions}
    assert names["3524"] == "Kabupaten Lamongan"
    assert names["35"] == "East Java"
    assert names["0000"] == "Indonesia"
    for region in regions:
        assert isinstance(region["code"], str)
        assert region["code"].isdigit()


def test_records_refer_to_declared_indicators_and_regions() -> None:
    indicator_ids = {i["id"] for i in document()["indicators"]}
    region_codes = {r["code"] for r in document()["regions"]}
    for record in records():
        assert record["indicator"] in indicator_ids, record
        assert record["region"] in region_codes, record
    used = {r["indicator"] for r in records()}
    assert used == indicator_ids, "an indicator without any record"


def test_years_and_months_are_integers() -> None:
    for record in records():
        assert type(record["year"]) is int, record
        assert 2000 <= record["year"] <= 2045, record
        month = record.get("month")
        assert month is None or (type(month) is int and 1 <= month <= 12), record


# --- The figures, one by one -------------------------------------------------------------------


def test_records_are_exactly_the_reference() -> None:
    """Every record (value text, target text, source), and nothing else."""
    found: dict[Key, tuple[str | None, str | None, str | None]] = {
        key(r): (number_text(r.get("value")), number_text(r.get("target")), r.get("source"))
        for r in records()
    }
    assert len(found) == len(records()), "duplicate identities"
    missing = sorted(set(EXPECTED) - set(found), key=str)
    extra = sorted(set(found) - set(EXPECTED), key=str)
    assert not missing, f"missing records: {missing}"
    assert not extra, f"records not in the reference: {extra}"
    wrong = {k: (found[k], EXPECTED[k]) for k in EXPECTED if found[k] != EXPECTED[k]}
    assert not wrong, f"(found, expected): {wrong}"


@pytest.mark.parametrize(
    ("year", "text"),
    [
        (2011, "17.40"),
        (2012, "16.60"),
        (2013, "16.10"),
        (2015, "15.38"),
        (2016, "14.89"),
        (2017, "14.42"),
        (2020, "13.85"),
        (2021, "13.86"),
        (2022, "12.53"),
        (2023, "12.42"),
        (2024, "12.16"),
        (2025, "12.03"),
    ],
)
def test_lamongan_p0(year: int, text: str) -> None:
    value = find("p0", "3524", year)["value"]
    assert isinstance(value, Decimal)
    assert value == Decimal(text)
    assert str(value) == text


def test_lamongan_p0_has_its_real_gaps() -> None:
    years = sorted(r["year"] for r in records() if r["region"] == "3524" and "value" in r)
    p0_years = sorted(r["year"] for r in records() if key(r)[:2] == ("p0", "3524") and "value" in r)
    assert p0_years == [2011, 2012, 2013, 2015, 2016, 2017, 2020, 2021, 2022, 2023, 2024, 2025]
    for gap in (2014, 2018, 2019):
        assert gap not in years, f"Lamongan has no published figure for {gap}"


@pytest.mark.parametrize(
    ("year", "target", "value"),
    [
        (2023, "13.17", "12.42"),
        (2025, "12.65", "12.03"),
        (2026, "11.95", None),
        (2045, "9.75", None),
    ],
)
def test_lamongan_p0_targets(year: int, target: str, value: str | None) -> None:
    record = find("p0", "3524", year)
    assert record["target"] == Decimal(target)
    assert str(record["target"]) == target
    assert number_text(record.get("value")) == value
    assert record["source"].strip()


def test_lamongan_target_sources() -> None:
    assert JATIMNOW in find("p0", "3524", 2023)["source"]
    assert MEMONTUM in find("p0", "3524", 2025)["source"]
    assert find("p0", "3524", 2026)["source"] == BAROMETER
    assert find("p0", "3524", 2045)["source"] == PRAKARSA


def test_lamongan_gini_and_its_target() -> None:
    assert find("gini", "3524", 2022)["value"] == Decimal("0.273")
    assert find("gini", "3524", 2023)["value"] == Decimal("0.295")
    target = find("gini", "3524", 2025)
    assert target["target"] == Decimal("0.289")
    assert "value" not in target


def test_lamongan_depth_and_severity() -> None:
    assert find("p1", "3524", 2020)["value"] == Decimal("2.707")
    assert find("p1", "3524", 2021)["value"] == Decimal("2.701")
    assert find("p2", "3524", 2020)["value"] == Decimal("0.781")
    assert find("p2", "3524", 2021)["value"] == Decimal("0.733")


def test_poverty_line_is_never_scored() -> None:
    indicator = next(i for i in document()["indicators"] if i["id"] == "poverty_line")
    assert indicator["direction"] == "none"
    assert all("target" not in r for r in records() if r["indicator"] == "poverty_line")


def test_east_java_march_and_september_series() -> None:
    def series(month: int) -> dict[int, str | None]:
        return {
            r["year"]: number_text(r["value"])
            for r in records()
            if key(r)[:2] == ("p0", "35") and r.get("month") == month
        }

    assert series(3) == {2021: "11.40", 2022: "10.38", 2023: "10.35", 2024: "9.79"}
    assert series(9) == {2021: "10.59", 2022: "10.49"}
    assert all(r.get("month") in (3, 9) for r in records() if r["region"] == "35")


def test_east_java_number_of_poor() -> None:
    found = {
        (r["year"], r["month"]): number(r["value"])
        for r in records()
        if key(r)[:2] == ("poor_count", "35")
    }
    assert found == {
        (2021, 3): Decimal(4572),
        (2021, 9): Decimal(4259),
        (2022, 3): Decimal(4180),
        (2022, 9): Decimal(4236),
        (2023, 3): Decimal(4189),
        (2024, 3): Decimal(3983),
    }


def test_national_figures_and_range_target() -> None:
    march_2024 = find("p0", "0000", 2024, 3)
    assert march_2024["value"] == Decimal("9.03")
    assert number(march_2024["target"]) == Decimal(7)
    assert "6–7" in march_2024["note"]
    assert RPJMN in march_2024["source"]
    assert find("p0", "0000", 2025, 3)["value"] == Decimal("8.47")
    assert find("poor_count_national", "0000", 2024, 3)["value"] == Decimal("25.22")
    assert find("poor_count_national", "0000", 2025, 3)["value"] == Decimal("23.85")
    assert number(find("poverty_line", "0000", 2025, 3)["value"]) == Decimal(609160)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2022,
            {
                "3527": "21.61",
                "3526": "19.44",
                "3529": "18.76",
                "3513": "17.12",
                "3523": "15.02",
                "3521": "14.15",
                "3528": "13.93",
                "3501": "13.80",
                "3511": "13.47",
                "3524": "12.53",
            },
        ),
        (
            2024,
            {"3527": "20.83", "3526": "18.66", "3529": "17.78", "3513": "16.45", "3523": "14.36"},
        ),
    ],
)
def test_regencies_with_the_highest_p0(year: int, expected: dict[str, str]) -> None:
    for code, text in expected.items():
        record = find("p0", code, year)
        assert str(record["value"]) == text, code
    # The order of the published ranking holds.
    values = [find("p0", code, year)["value"] for code in expected]
    assert values == sorted(values, reverse=True)


# --- Misprints, provenance and precision -------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "region", "year", "month", "misprint"),
    [
        ("p0", "3524", 2021, None, "13.38"),
        ("p0", "3524", 2023, None, "12.2"),
        ("p0", "0000", 2025, 3, "8.74"),
        ("p0", "35", 2022, 9, "9.57"),  # national September 2022 printed as "Jawa Timur"
    ],
)
def test_press_misprints_are_absent(
    indicator: str, region: str, year: int, month: int | None, misprint: str
) -> None:
    record = find(indicator, region, year, month)
    assert record["value"] != Decimal(misprint)


def test_no_regency_record_has_a_month() -> None:
    """Regency figures come from the March Susenas only (a list labelled September is wrong)."""
    with_month = [r for r in records() if is_regency(r["region"]) and "month" in r]
    assert not with_month


def test_national_and_provincial_figures_have_march_or_september() -> None:
    for record in records():
        if not is_regency(record["region"]) and "value" in record:
            assert record.get("month") in (3, 9), record


def test_every_record_has_a_source_from_the_reference() -> None:
    for record in records():
        source = record.get("source")
        assert isinstance(source, str), record
        assert source.strip(), record
        for url in re.findall(r"https?://[^\s()|;]+", source):
            assert url in REFERENCE_URLS, f"{key(record)}: {url} is not a reference source"


def test_every_reference_url_is_used() -> None:
    text = " ".join(r["source"] for r in records())
    unused = {url for url in REFERENCE_URLS if url not in text}
    assert not unused


def test_identities_are_unique() -> None:
    counts = Counter((*key(r), json.dumps(r.get("breakdown"), sort_keys=True)) for r in records())
    duplicates = [k for k, n in counts.items() if n > 1]
    assert not duplicates


def test_numbers_have_at_most_the_declared_decimals() -> None:
    decimals = {i["id"]: i["decimals"] for i in document()["indicators"]}
    for record in records():
        for field in ("value", "target"):
            if field in record:
                places = decimal_places(number(record[field]))
                assert places <= decimals[record["indicator"]], (key(record), field)


def test_percent_values_are_between_0_and_100() -> None:
    units = {i["id"]: i["unit"] for i in document()["indicators"]}
    for record in records():
        if units[record["indicator"]] == "percent":
            for field in ("value", "target"):
                if field in record:
                    assert 0 <= number(record[field]) <= 100, (key(record), field)


def test_no_number_is_a_float_or_a_string() -> None:
    raw = json.loads(data_text())
    for record in raw["records"]:
        for field in ("value", "target"):
            if field in record:
                # With the default decoder a decimal number is a float; a string is a typing error.
                assert isinstance(record[field], float | int), (key(record), field)
                assert not isinstance(record[field], bool)


@pytest.mark.parametrize(
    ("indicator", "region", "year", "month", "text"),
    [
        ("p0", "35", 2021, 3, "11.40"),
        ("p0", "3524", 2011, None, "17.40"),
        ("p0", "3524", 2012, None, "16.60"),
        ("p0", "3524", 2013, None, "16.10"),
        ("p0", "3501", 2022, None, "13.80"),
        ("poor_count", "3524", 2013, None, "191.30"),
    ],
)
def test_trailing_zeros_are_kept(
    indicator: str, region: str, year: int, month: int | None, text: str
) -> None:
    value = find(indicator, region, year, month)["value"]
    assert value == Decimal(text)
    assert str(value) == text
    line = next(
        line
        for line in data_text().splitlines()
        if f'"indicator": "{indicator}", "region": "{region}", "year": {year},' in line
        and (month is None or f'"month": {month},' in line)
    )
    assert f'"value": {text},' in line


# --- Layout ------------------------------------------------------------------------------------


def test_one_record_per_line() -> None:
    lines = data_text().splitlines()
    record_lines = [line for line in lines if line.startswith('    {"indicator": ')]
    assert len(record_lines) == len(records())
    for line in record_lines:
        assert line.rstrip(",").endswith("}")
    assert lines[0] == "{"
    assert lines[1] == '  "indicators": ['
    assert data_text().endswith("}\n")


def test_records_are_grouped_by_region_and_indicator_and_sorted_by_year() -> None:
    region_order = [r["code"] for r in document()["regions"]]
    indicator_order = [i["id"] for i in document()["indicators"]]
    keys = [
        (
            region_order.index(r["region"]),
            indicator_order.index(r["indicator"]),
            r["year"],
            r.get("month") or 0,
        )
        for r in records()
    ]
    assert keys == sorted(keys)
