"""The bundled data file `src/povtrack/data/indicators.json`, checked against the published figures.

Most tests here do not use povtrack's own code: they read the JSON text with `decimal.Decimal` for
every number and compare it with independent transcriptions: the reference tables
(`tests/fixtures/poverty-data.md`, a copy of the project's reference, parsed here), the records
bundled before issue 16, and a sample of figures held to the values their sources print. A wrong
figure, a lost trailing zero, a misprint from the press or a missing source fails here whatever the
loader does. The last tests run povtrack itself: `validate` finds no error and no warning, `rank`
ranks all 38 regencies and cities of East Java, and `research/issue16/bundle.py` rebuilds exactly
this file.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Final

import pytest

ROOT: Final = Path(__file__).resolve().parents[1]
DATA_PATH: Final = ROOT / "src" / "povtrack" / "data" / "indicators.json"
REFERENCE: Final = Path(__file__).resolve().parent / "fixtures" / "poverty-data.md"
BUNDLE_SCRIPT: Final = ROOT / "research" / "issue16" / "bundle.py"

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


# --- The records bundled before issue 16 (audited against the reference) ----------------------------------------------------------------------

Key = tuple[str, str, int, int | None]  # (indicator, region, year, month)
Expected = tuple[str | None, str | None, str]  # (value text, target text, source)

#: (indicator, region, year, month, value, target, source): numbers as published text. Kept as they
#: were; three of them have since received a plan's target (their source then reads
#: `value: <source> | target: <source>`).
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


# --- A sample of the research figures, held to their sources -------------------------------------

HAEKAL: Final = (
    "https://github.com/haekalyulianto/Capaian_Indikator_Utama_Pembangunan/blob/"
    "9437c9ec8eb589276c1920830945ca9579126e64/persentasemiskin.xlsx"
)
ODJ: Final = (
    "https://github.com/avinrahmadian/Clustering-Kmeans/blob/"
    "edf5edfe20185f40bea999c331ee50780ac23ffb/Data/Persentase%20Penduduk%20Miskin%20di%20Indonesia.csv"
)
JAMBI_ANTARA: Final = (
    "https://jambi.antaranews.com/amp/berita/581124/penduduk-miskin-di-jambi-turun-153-ribu-orang"
)
TADATODAYS: Final = (
    "https://tadatodays.com/detail/bps-angka-kemiskinan-di-kota-probolinggo-turun-jadi-665-persen"
)
METROTIMES: Final = (
    "https://metrotimes.news/breaking-news/penduduk-miskin-di-jawa-timur-turun-023-poin-persen/"
)
MATAMADURA: Final = (
    "https://matamadura.com/blog/jumlah-kemiskinan-di-sampang-meningkat-di-tahun-2020"
)

#: (indicator, region, year, month, value as the source prints it, the source's URL), transcribed
#: from research/issue16/figures.csv. The Jambi and Kota Probolinggo figures were read again on the
#: stored pages of their sources (3 Dec 2026): Jambi March 2024 "265,42 ribu" and "Rp650.155";
#: Kota Probolinggo 2022 "16.160 jiwa" and "Rp 575.195", 2020 "Rp 524.528".
SAMPLE: Final[list[tuple[str, str, int, int | None, str, str]]] = [
    ("p0", "21", 2021, 9, "5.75", HAEKAL),
    ("p0", "0000", 2018, 9, "9.66", HAEKAL),
    ("p0", "0000", 2020, 9, "10.19", HAEKAL),
    ("p0", "61", 2021, 3, "7.15", ODJ),
    ("p0", "63", 2019, 3, "4.55", ODJ),
    ("p0", "91", 2019, 3, "22.17", ODJ),
    ("p0", "81", 2022, 3, "15.97", ODJ),
    (
        "p0",
        "94",
        2024,
        9,
        "18.09",
        "https://databoks.katadata.co.id/index.php/demografi/statistik/678a0ba1ccb99/"
        "empat-provinsi-papua-tempati-daftar-kemiskinan-tertinggi-september-2024",
    ),
    ("p0", "71", 2025, 3, "6.70", "https://sindomanado.com/2025/07/26/"),
    (
        "p0",
        "3510",
        2020,
        None,
        "8.06",
        "https://paradapos.com/politik/pr-2237/"
        "diklaim-terendah-sepanjang-sejarah-angka-kemiskinan-di-banyuwangi-kini-tersisa-7-34-persen",
    ),
    ("p0", "3578", 2021, None, "5.23", "https://id.scribd.com/document/662630925/"),
    ("p0", "3573", 2021, None, "4.62", "https://memontum.com/tingkat-kemiskinan-di-kota-malang"),
    ("p0", "3525", 2022, None, "11.06", "https://klikjatim.com/news-36851-"),
    (
        "p0",
        "3503",
        2018,
        None,
        "12.02",
        "https://trenggalekkab.go.id/article/halaman/data-statistik-kunci-kabupaten-trenggalek",
    ),
    (
        "p0",
        "3522",
        2015,
        None,
        "15.71",
        "https://jatim.antaranews.com/amp/berita/199048/bojonegoro-keluar-dari-10-kabupaten-miskin",
    ),
    ("p0", "3508", 2021, None, "10.05", "https://xcloud.id/?p=629805"),
    ("p0", "3527", 2020, None, "22.78", MATAMADURA),
    ("p0", "3579", 2020, None, "3.89", "https://pamekasan.net/penduduk-miskin-pamekasan-2020"),
    ("p0", "3506", 2023, None, "10.72", "https://kabarutama.co/?p=3520"),
    ("p0", "3518", 2025, None, "10.06", "https://panjinasionalnews.com/?p=3538"),
    ("p1", "15", 2022, 3, "1.174", "https://kerincitime.co.id/?p=62383"),
    ("p1", "35", 2015, 9, "2.126", METROTIMES),
    ("p1", "3527", 2022, None, "2.88", "https://maduraindepth.com/bps-tahun-2022"),
    ("p2", "35", 2016, 3, "0.474", METROTIMES),
    ("p2", "3501", 2024, None, "0.25", "https://beritaidn.id/2024/11/23/"),
    ("poor_count", "15", 2024, 3, "265.42", JAMBI_ANTARA),
    ("poor_count", "33", 2024, 3, "3704.33", "https://rbtv.disway.id/amp/64581/"),
    ("poor_count", "3529", 2021, None, "224.73", "https://otomotif1.com/read/6515/"),
    ("poor_count", "3574", 2022, None, "16.16", TADATODAYS),
    ("poor_count", "3509", 2018, None, "243.42", "https://id.scribd.com/document/678279301/"),
    ("poor_count", "3516", 2024, None, "108.72", "https://mojokerto.disway.id/read/4225/"),
    (
        "poor_count_national",
        "0000",
        2023,
        3,
        "25.90",
        "https://economy.okezone.com/read/2023/07/17/",
    ),
    ("poor_count_national", "0000", 2018, 9, "25.67", "http://ekonomi.metrotvnews.com/mikro/"),
    ("poverty_line", "15", 2024, 3, "650155", JAMBI_ANTARA),
    ("poverty_line", "3574", 2022, None, "575195", TADATODAYS),
    (
        "poverty_line",
        "3574",
        2020,
        None,
        "524528",
        "https://www.wartabromo.com/2022/12/27/sempat-naik-warga-miskin-kota-probolinggo",
    ),
    ("poverty_line", "3527", 2020, None, "374908", MATAMADURA),
]

#: Values that a source printed and that are wrong (research/issue16/conflicts.csv and the
#: reference's "Traps"): (indicator, region, year, month, the wrong value).
MISPRINTS: Final[list[tuple[str, str, int, int | None, str]]] = [
    ("p0", "3524", 2021, None, "13.38"),  # a national daily; BPS 13.86
    ("p0", "3524", 2023, None, "12.2"),  # a local outlet; BPS 12.42
    ("p0", "0000", 2025, 3, "8.74"),  # a business outlet; BPS 8.47
    ("p0", "35", 2022, 9, "9.57"),  # national September 2022 printed under "Jawa Timur"
    ("p0", "0000", 2020, 9, "10.94"),  # digits transposed; BPS 10.19
    ("p0", "3527", 2020, None, "20.78"),  # a typo in one paragraph; 22.78 later in the same text
    ("p0", "3579", 2020, None, "3.81"),  # the 2019 figure
    ("p0", "3573", 2021, None, "4.26"),  # the 2023 figure
    ("poor_count", "3525", 2024, None, "149.39"),  # 142.39
    ("poverty_line", "3574", 2022, None, "545955"),  # the 2021 line, repeated
]

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

#: East Java's 29 regencies (kabupaten) and 9 cities (kota), BPS codes.
EAST_JAVA_CODES: Final = frozenset(
    [f"35{n:02d}" for n in range(1, 30)] + [f"35{n}" for n in range(71, 80)]
)
#: The 38 provinces since the 2022 split of Papua.
PROVINCE_CODES: Final = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "51",
        "52",
        "53",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "81",
        "82",
        "91",
        "92",
        "94",
        "95",
        "96",
        "97",
    ]
)

DOCUMENT_FIELDS: Final = {"indicators", "regions", "plans", "records", "gaps"}
INDICATOR_FIELDS: Final = {"id", "name", "name_id", "unit", "decimals", "direction", "note"}
REGION_FIELDS: Final = {"code", "name", "name_id", "parent"}
PLAN_FIELDS: Final = {
    "id",
    "name",
    "name_id",
    "region",
    "start",
    "end",
    "base_year",
    "source",
    "note",
}
GAP_FIELDS: Final = {
    "indicator",
    "region",
    "years",
    "month",
    "breakdown",
    "reason",
    "source",
    "note",
}
RECORD_FIELDS: Final = {
    "indicator",
    "region",
    "year",
    "month",
    "value",
    "target",
    "plan",
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


@cache
def by_key() -> dict[Key, dict[str, Any]]:
    return {key(r): r for r in records()}


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
    found = by_key().get((indicator, region, year, month))
    assert found is not None, f"no record {indicator}/{region}/{year}/{month}"
    return found


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def is_regency(code: str) -> bool:
    return len(code) == 4 and code != "0000"


def povtrack(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m povtrack` on the bundled data, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "povtrack", *args, "--data", str(DATA_PATH)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


# --- The reference tables (tests/fixtures/poverty-data.md), parsed --------------------------------


def markdown_tables(section: str) -> list[list[dict[str, str]]]:
    """The tables of one `## ` section of the reference, each a list of rows (header -> cell)."""
    text = REFERENCE.read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.MULTILINE)
    body = next(p for p in parts if p.startswith(section))
    tables: list[list[dict[str, str]]] = []
    current: list[list[str]] = []
    for line in [*body.splitlines(), ""]:
        if line.startswith("|"):
            current.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if current:
            header, _, *rows = current
            tables.append([dict(zip(header, row, strict=True)) for row in rows])
            current = []
    return tables


def urls(text: str) -> list[str]:
    return re.findall(r"https?://[^\s()|;,]+", text)


def reference_lamongan() -> list[tuple[Key, str, list[str]]]:
    """(record key, value text, URLs of its source) for every figure of the Lamongan table."""
    (table,) = markdown_tables("2. Kabupaten Lamongan")
    out: list[tuple[Key, str, list[str]]] = []
    previous: list[str] = []
    columns = {"P0 %": "p0", "poor (thousand)": "poor_count", "GK Rp": "poverty_line"}
    for row in table:
        year = int(row["year"])
        cited = urls(row["source"]) or previous  # "same", "same release": the row above
        previous = cited
        for column, indicator in columns.items():
            if row[column]:
                out.append(((indicator, "3524", year, None), row[column].replace(",", ""), cited))
        for indicator, value in re.findall(r"\b(P[12]) (\d+\.\d+)", row["source"]):
            out.append(((indicator.lower(), "3524", year, None), value, cited))
    return out


def reference_east_java() -> list[tuple[Key, str, list[str]]]:
    (table,) = markdown_tables("3. East Java")
    months = {"Mar": 3, "Sep": 9}
    out: list[tuple[Key, str, list[str]]] = []
    for row in table:
        month_name, year_text = row["period"].split()
        year, month = int(year_text), months[month_name]
        cited = urls(row["source"])
        out.append((("p0", "35", year, month), row["P0 %"], cited))
        count = re.fullmatch(r"([\d,]+) thousand", row["poor"])
        assert count, row["poor"]
        out.append((("poor_count", "35", year, month), count.group(1).replace(",", ""), cited))
    return out


def test_the_reference_tables_are_parsed() -> None:
    """The parser finds every figure of the two tables (a changed layout fails here, loudly)."""
    assert len(reference_lamongan()) == 12 + 9 + 7 + 4
    assert len(reference_east_java()) == 12


@pytest.mark.parametrize("figure", reference_lamongan() + reference_east_java(), ids=str)
def test_every_figure_of_the_reference_tables(figure: tuple[Key, str, list[str]]) -> None:
    """Value as published (same decimals), and the record cites the table's source."""
    record_key, text, cited = figure
    record = find(*record_key)
    assert number_text(record["value"]) == text
    if cited:
        assert any(url in record["source"] for url in cited), (record["source"], cited)


#: The reference's figures given in prose, not in tables (section 3, the regency rankings of March
#: 2022 and March 2024; section 4, Indonesia), as (key, value text).
REFERENCE_PROSE: Final[list[tuple[Key, str]]] = [
    *[
        (("p0", code, 2022, None), text)
        for code, text in {
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
        }.items()
    ],
    *[
        (("p0", code, 2024, None), text)
        for code, text in {
            "3527": "20.83",
            "3526": "18.66",
            "3529": "17.78",
            "3513": "16.45",
            "3523": "14.36",
        }.items()
    ],
    (("p0", "0000", 2023, 3), "9.36"),
    (("poor_count_national", "0000", 2023, 3), "25.90"),
    (("poverty_line", "0000", 2023, 3), "550458"),
    (("p0", "0000", 2022, 9), "9.57"),
    (("p0", "0000", 2024, 3), "9.03"),
    (("poor_count_national", "0000", 2024, 3), "25.22"),
    (("p0", "0000", 2024, 9), "8.57"),
    (("poor_count_national", "0000", 2024, 9), "24.06"),
    (("p0", "0000", 2025, 3), "8.47"),
    (("poor_count_national", "0000", 2025, 3), "23.85"),
    (("poverty_line", "0000", 2025, 3), "609160"),
]


@pytest.mark.parametrize(("record_key", "text"), REFERENCE_PROSE, ids=str)
def test_every_figure_the_reference_gives_in_prose(record_key: Key, text: str) -> None:
    record = find(*record_key)
    assert number(record["value"]) == Decimal(text)
    assert record["source"].strip()


@pytest.mark.parametrize(("indicator", "region", "year", "month", "text", "url"), SAMPLE, ids=str)
def test_sample_of_figures_holds_its_sources_values(
    indicator: str, region: str, year: int, month: int | None, text: str, url: str
) -> None:
    record = find(indicator, region, year, month)
    assert number_text(record["value"]) == text
    assert url in record["source"]


def test_the_sample_is_large_and_varied() -> None:
    assert len(SAMPLE) >= 30
    assert {row[0] for row in SAMPLE} >= {"p0", "p1", "p2", "poor_count", "poverty_line"}
    assert {len(row[1]) for row in SAMPLE} == {2, 4}  # provinces and regencies (and 0000)


# --- Structure ---------------------------------------------------------------------------------


def test_document_has_only_known_fields() -> None:
    doc = document()
    assert set(doc) == DOCUMENT_FIELDS
    for indicator in doc["indicators"]:
        assert set(indicator) <= INDICATOR_FIELDS, indicator
        assert {"id", "name", "unit", "decimals", "direction"} <= set(indicator), indicator
    for region in doc["regions"]:
        assert set(region) <= REGION_FIELDS, region
        assert {"code", "name"} <= set(region), region
    for plan in doc["plans"]:
        assert set(plan) <= PLAN_FIELDS, plan
    for gap in doc["gaps"]:
        assert set(gap) <= GAP_FIELDS, gap
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
        assert indicator["name"].strip()
        assert indicator["name_id"].strip(), f"{indicator['id']} has no Indonesian name"


def test_regions() -> None:
    """Indonesia; its 38 provinces; East Java's 38 regencies and cities, each with its name."""
    regions = document()["regions"]
    parents = {r["code"]: r.get("parent") for r in regions}
    assert len(regions) == len(parents), "duplicate region code"
    assert parents.pop("0000") is None
    assert {c for c, p in parents.items() if p == "0000"} == PROVINCE_CODES
    assert {c for c, p in parents.items() if p == "35"} == EAST_JAVA_CODES
    assert len(parents) == 38 + 38
    names = {r["code"]: (r["name"], r["name_id"]) for r in regions}
    assert names["0000"] == ("Indonesia", "Indonesia")
    assert names["35"] == ("East Java", "Jawa Timur")
    assert names["3524"] == ("Kabupaten Lamongan", "Kabupaten Lamongan")
    assert names["3578"] == ("Kota Surabaya", "Kota Surabaya")
    for code in EAST_JAVA_CODES:
        kind = "Kota " if code >= "3571" else "Kabupaten "
        assert names[code][0].startswith(kind) and names[code][0] == names[code][1], code


def test_records_refer_to_declared_indicators_regions_and_plans() -> None:
    indicator_ids = {i["id"] for i in document()["indicators"]}
    region_codes = {r["code"] for r in document()["regions"]}
    plans = {p["id"]: p for p in document()["plans"]}
    for record in records():
        assert record["indicator"] in indicator_ids, record
        assert record["region"] in region_codes, record
        if "plan" in record:
            plan = plans[record["plan"]]
            assert "target" in record, record
            assert plan["start"] <= record["year"] <= plan["end"], record
            assert plan["region"] == record["region"], record
    assert {r["plan"] for r in records() if "plan" in r} == set(plans), "a plan without target"
    used = {r["indicator"] for r in records()}
    assert used == indicator_ids, "an indicator without any record"


def test_years_and_months_are_integers() -> None:
    for record in records():
        assert type(record["year"]) is int, record
        assert 2000 <= record["year"] <= 2045, record
        month = record.get("month")
        assert month is None or (type(month) is int and 1 <= month <= 12), record


# --- Coverage ----------------------------------------------------------------------------------


def test_every_regency_and_city_has_its_2024_poverty_rate() -> None:
    assert {r["region"] for r in records() if key(r)[0::2] == ("p0", 2024) and "value" in r} >= (
        EAST_JAVA_CODES
    )


def test_every_province_has_its_march_2024_and_2025_poverty_rate() -> None:
    for year in (2024, 2025):
        found = {
            r["region"] for r in records() if key(r)[0::2] == ("p0", year) and r.get("month") == 3
        }
        assert found >= PROVINCE_CODES, sorted(PROVINCE_CODES - found)


def test_a_missing_figure_is_a_recorded_gap_not_a_guess() -> None:
    """Each regency's P0 and number of poor, 2015–2025: a figure or a recorded gap, never both."""
    have = {key(r) for r in records() if "value" in r}
    gaps = {
        (g["indicator"], g["region"], year, g.get("month"))
        for g in document()["gaps"]
        for year in g["years"]
    }
    assert not have & gaps, sorted(have & gaps)[:5]
    for code in EAST_JAVA_CODES:
        for indicator in ("p0", "poor_count"):
            for year in range(2015, 2026):
                k = (indicator, code, year, None)
                assert (k in have) != (k in gaps), k
    reasons = {g["reason"] for g in document()["gaps"]}
    assert reasons <= {"not_published", "not_found", "methodology_break"}
    assert all(g.get("note", "").strip() for g in document()["gaps"])


def test_lamongan_gaps_are_recorded() -> None:
    gap_years = {
        year
        for g in document()["gaps"]
        if (g["indicator"], g["region"]) == ("p0", "3524")
        for year in g["years"]
    }
    assert {2014, 2018, 2019} <= gap_years


# --- The records bundled before, kept ------------------------------------------------------------


def test_audited_records_are_kept() -> None:
    """Every record bundled before issue 16: same value and target text, same source (or, where a
    plan's target was added, `value: <the same source> | target: ...`)."""
    for record_key, (value, target, source) in EXPECTED.items():
        record = find(*record_key)
        assert number_text(record.get("value")) == value, record_key
        if target is not None:
            assert number_text(record.get("target")) == target, record_key
            assert record["source"] == source, record_key
        elif "target" in record:
            assert "plan" in record, record_key
            assert record["source"].startswith(f"value: {source} | target: "), record_key
        else:
            assert record["source"] == source, record_key


def test_identities_are_unique() -> None:
    counts = Counter((*key(r), json.dumps(r.get("breakdown"), sort_keys=True)) for r in records())
    duplicates = [k for k, n in counts.items() if n > 1]
    assert not duplicates


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
    assert str(record["target"]) == target
    assert number_text(record.get("value")) == value
    assert record["source"].strip()


def test_poverty_line_is_never_scored() -> None:
    indicator = next(i for i in document()["indicators"] if i["id"] == "poverty_line")
    assert indicator["direction"] == "none"
    assert all("target" not in r for r in records() if r["indicator"] == "poverty_line")


def test_national_range_target_is_its_upper_bound() -> None:
    march_2024 = find("p0", "0000", 2024, 3)
    assert number(march_2024["target"]) == Decimal(7)
    assert "6–7" in march_2024["note"]
    assert RPJMN in march_2024["source"]
    assert march_2024["plan"] == "rpjmn-2020-2024"


@pytest.mark.parametrize(
    ("record_key", "plan", "target", "range_text"),
    [
        (("p0", "0000", 2019, 3), "rpjmn-2015-2019", "8", "7–8"),
        (("p0", "0000", 2025, 3), "rkp-2025", "8.0", "7.0–8.0"),
        (("p0", "0000", 2029, 3), "rpjmn-2025-2029", "4.5", None),
        (("p0", "35", 2024, 3), "rpjmd-35-2019-2024", "8", "7–8"),
        (("p0", "35", 2025, 3), "rpjpd-35-2005-2025", "9.40", "8.90–9.40"),
        (("p0", "35", 2045, 3), "rpjpd-35-2025-2045", "3.05", "2.25–3.05"),
        (("p0", "3510", 2029, None), "rpjmd-3510-2025-2029", "4.39", None),
        (("p0", "3513", 2025, None), "rpd-3513-2024-2026", "15.75", None),
        (("p0", "3517", 2022, None), "rpjmd-3517-2018-2023", "9.90", None),
    ],
    ids=str,
)
def test_plan_targets(record_key: Key, plan: str, target: str, range_text: str | None) -> None:
    """Targets as the planning document states them; a range as its upper bound, with the range
    in the note (as the RPJMN 2020–2024 target)."""
    record = find(*record_key)
    assert record["plan"] == plan
    assert number_text(record["target"]) == target
    if range_text:
        assert range_text in record["note"]
    plans = {p["id"]: p for p in document()["plans"]}
    assert plans[plan]["start"] <= record_key[2] <= plans[plan]["end"]
    assert plans[plan]["base_year"] <= plans[plan]["end"]


# --- Misprints, provenance and precision -------------------------------------------------------


@pytest.mark.parametrize(("indicator", "region", "year", "month", "misprint"), MISPRINTS, ids=str)
def test_press_misprints_are_absent(
    indicator: str, region: str, year: int, month: int | None, misprint: str
) -> None:
    record = find(indicator, region, year, month)
    assert record["value"] != Decimal(misprint)


def test_no_regency_record_has_a_month() -> None:
    """Regency figures come from the March Susenas only (a list labelled September is wrong)."""
    with_month = [r for r in records() if is_regency(r["region"]) and "month" in r]
    assert not with_month
    assert not [g for g in document()["gaps"] if is_regency(g["region"]) and "month" in g]


def test_national_and_provincial_figures_have_march_or_september() -> None:
    for record in records():
        if not is_regency(record["region"]) and "value" in record:
            assert record.get("month") in (3, 9), record


def test_every_figure_has_a_source() -> None:
    for record in records():
        source = record.get("source")
        assert isinstance(source, str), record
        assert source.strip(), record
        for url in urls(source):
            assert re.fullmatch(r"https?://[\w.-]+\.[a-z]{2,}(/\S*)?", url), (key(record), url)


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
        ("p0", "3501", 2022, None, "13.80"),
        ("poor_count", "3524", 2013, None, "191.30"),
        ("p0", "0000", 2016, 9, "10.70"),
        ("poor_count_national", "0000", 2023, 3, "25.90"),
    ],
)
def test_trailing_zeros_are_kept(
    indicator: str, region: str, year: int, month: int | None, text: str
) -> None:
    value = find(indicator, region, year, month)["value"]
    assert str(value) == text
    line = next(
        line
        for line in data_text().splitlines()
        if f'"indicator": "{indicator}", "region": "{region}", "year": {year},' in line
        and (month is None or f'"month": {month},' in line)
    )
    assert f'"value": {text},' in line


# --- Layout ------------------------------------------------------------------------------------


def test_one_object_per_line() -> None:
    lines = data_text().splitlines()
    record_lines = [line for line in lines if line.startswith('    {"indicator": ')]
    assert len(record_lines) == len(records()) + len(document()["gaps"])
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


# --- povtrack on the bundled data ----------------------------------------------------------------


def test_validate_finds_no_error_and_no_warning() -> None:
    done = povtrack("validate", "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["errors"], result["warnings"]) == (0, 0), [
        (p["code"], p["record"], p["message"]) for p in result["files"][0]["problems"]
    ][:10]
    counts = result["files"][0]["counts"]
    assert counts["records"] == len(records())
    assert counts["regions"] == len(document()["regions"]) == 77


def test_rank_ranks_every_regency_and_city_of_east_java_in_2024() -> None:
    done = povtrack("rank", "--parent", "35", "--indicator", "p0", "--year", "2024", "-f", "json")
    assert done.returncode == 0, done.stderr
    ranking = json.loads(done.stdout, parse_float=Decimal)
    rows = ranking["rows"]
    assert {row["region"] for row in rows} == EAST_JAVA_CODES
    assert [row["rank"] for row in rows] == list(range(1, 39))
    assert [row["value"] for row in rows] == sorted((row["value"] for row in rows), reverse=True)
    assert rows[0]["region_name"] == "Kabupaten Sampang"
    for row in rows:
        assert row["value"] == find("p0", row["region"], 2024)["value"]


def test_bundle_script_rebuilds_this_file() -> None:
    """research/issue16/bundle.py, run on the research CSVs, writes exactly the bundled file."""
    done = subprocess.run(
        [sys.executable, str(BUNDLE_SCRIPT), "--check"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
