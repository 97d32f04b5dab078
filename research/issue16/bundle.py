"""Rebuild the bundled data file `src/povtrack/data/indicators.json` from the issue 16 research.

    python research/issue16/bundle.py            # rewrite the bundled file in place
    python research/issue16/bundle.py --check    # exit 1 if the file is not what this builds

Reads `figures.csv`, `gaps.csv`, `conflicts.csv` (for notes on variants and misprints) and
`targets.csv` next to this script, `audited.json` (the 69 records bundled before issue 16, as they
were, one a line) and the indicators of the bundled file as it is; the output depends on nothing
else, so running it twice gives the same file. Nothing is computed from the
figures: every value is the text of the CSV (or of the bundled file), written as a JSON number with
its published decimals; every record keeps its source.

- Every record of `audited.json` (bundled before issue 16) is kept as it is (value, target,
  source, note): they were audited against docs/bundled-data.md's reference. A research
  figure for the same indicator, region, year and month is not written over it; where the two
  differ the script prints the difference.
- Regency figures have no `month` (BPS publishes them for the March Susenas only); provincial and
  national figures keep month 3 or 9.
- The plans and the targets that the research found in a named planning document (RPJMN, RKP,
  RPJPD/RPJMD/RPD) are written with `plan`; a range is recorded as its upper bound (the bound that
  separates "within the range" from "missed" for a lower-is-better indicator), the range in the
  note, as the bundled RPJMN 2020–2024 target already was.
- Gaps: every row of `gaps.csv` (grouped by indicator, region, month, reason and note), and every
  year missing inside a series that `gaps.csv` does not list (the research enumerated gaps for P0
  and the number of poor only): reason `not_found`, with a note that says so.
- Order: regions as listed below (Indonesia, East Java, its 38 regencies and cities, then the other
  37 provinces by code); records and gaps by region, indicator (file order), year and month.
  One object per line, as before.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BUNDLED = HERE.parents[1] / "src" / "povtrack" / "data" / "indicators.json"
AUDITED = HERE / "audited.json"

NATIONAL = "0000"
EAST_JAVA = "35"

#: East Java's regencies (Kabupaten) and cities (Kota), BPS codes.
REGENCIES: dict[str, str] = {
    "3501": "Kabupaten Pacitan",
    "3502": "Kabupaten Ponorogo",
    "3503": "Kabupaten Trenggalek",
    "3504": "Kabupaten Tulungagung",
    "3505": "Kabupaten Blitar",
    "3506": "Kabupaten Kediri",
    "3507": "Kabupaten Malang",
    "3508": "Kabupaten Lumajang",
    "3509": "Kabupaten Jember",
    "3510": "Kabupaten Banyuwangi",
    "3511": "Kabupaten Bondowoso",
    "3512": "Kabupaten Situbondo",
    "3513": "Kabupaten Probolinggo",
    "3514": "Kabupaten Pasuruan",
    "3515": "Kabupaten Sidoarjo",
    "3516": "Kabupaten Mojokerto",
    "3517": "Kabupaten Jombang",
    "3518": "Kabupaten Nganjuk",
    "3519": "Kabupaten Madiun",
    "3520": "Kabupaten Magetan",
    "3521": "Kabupaten Ngawi",
    "3522": "Kabupaten Bojonegoro",
    "3523": "Kabupaten Tuban",
    "3524": "Kabupaten Lamongan",
    "3525": "Kabupaten Gresik",
    "3526": "Kabupaten Bangkalan",
    "3527": "Kabupaten Sampang",
    "3528": "Kabupaten Pamekasan",
    "3529": "Kabupaten Sumenep",
    "3571": "Kota Kediri",
    "3572": "Kota Blitar",
    "3573": "Kota Malang",
    "3574": "Kota Probolinggo",
    "3575": "Kota Pasuruan",
    "3576": "Kota Mojokerto",
    "3577": "Kota Madiun",
    "3578": "Kota Surabaya",
    "3579": "Kota Batu",
}

#: The 38 provinces: BPS code -> (English name, Indonesian name).
PROVINCES: dict[str, tuple[str, str]] = {
    "11": ("Aceh", "Aceh"),
    "12": ("North Sumatra", "Sumatera Utara"),
    "13": ("West Sumatra", "Sumatera Barat"),
    "14": ("Riau", "Riau"),
    "15": ("Jambi", "Jambi"),
    "16": ("South Sumatra", "Sumatera Selatan"),
    "17": ("Bengkulu", "Bengkulu"),
    "18": ("Lampung", "Lampung"),
    "19": ("Bangka Belitung Islands", "Kepulauan Bangka Belitung"),
    "21": ("Riau Islands", "Kepulauan Riau"),
    "31": ("Jakarta", "DKI Jakarta"),
    "32": ("West Java", "Jawa Barat"),
    "33": ("Central Java", "Jawa Tengah"),
    "34": ("Yogyakarta", "DI Yogyakarta"),
    "35": ("East Java", "Jawa Timur"),
    "36": ("Banten", "Banten"),
    "51": ("Bali", "Bali"),
    "52": ("West Nusa Tenggara", "Nusa Tenggara Barat"),
    "53": ("East Nusa Tenggara", "Nusa Tenggara Timur"),
    "61": ("West Kalimantan", "Kalimantan Barat"),
    "62": ("Central Kalimantan", "Kalimantan Tengah"),
    "63": ("South Kalimantan", "Kalimantan Selatan"),
    "64": ("East Kalimantan", "Kalimantan Timur"),
    "65": ("North Kalimantan", "Kalimantan Utara"),
    "71": ("North Sulawesi", "Sulawesi Utara"),
    "72": ("Central Sulawesi", "Sulawesi Tengah"),
    "73": ("South Sulawesi", "Sulawesi Selatan"),
    "74": ("Southeast Sulawesi", "Sulawesi Tenggara"),
    "75": ("Gorontalo", "Gorontalo"),
    "76": ("West Sulawesi", "Sulawesi Barat"),
    "81": ("Maluku", "Maluku"),
    "82": ("North Maluku", "Maluku Utara"),
    "91": ("West Papua", "Papua Barat"),
    "92": ("Southwest Papua", "Papua Barat Daya"),
    "94": ("Papua", "Papua"),
    "95": ("South Papua", "Papua Selatan"),
    "96": ("Central Papua", "Papua Tengah"),
    "97": ("Highland Papua", "Papua Pegunungan"),
}

#: Provinces whose boundary changed in 2022 (Papua Selatan, Tengah and Pegunungan were split
#: from Papua; Papua Barat Daya from Papua Barat): their figures up to 2023 cover the old province.
SPLIT_NOTE = (
    "Boundary before the 2022 split (Papua Selatan, Papua Tengah and Papua Pegunungan were "
    "formed from Papua, Papua Barat Daya from Papua Barat): not comparable with 2024 onwards."
)

RANGE_NOTE = (
    "The {plan} target is a range, {low}–{high} % by {year}. Recorded as its upper bound, {high}: "
    "a result at or below {high} is within the range."
)

#: The plans whose P0 targets are bundled (targets.csv rows with a named planning document).
#: base_year: the baseline stated by the source, or else (said in the note) the year before the
#: plan period, the convention of Indonesian medium-term plans.
PLANS: list[dict[str, Any]] = [
    {
        "id": "rpjmn-2015-2019",
        "name": "RPJMN 2015–2019",
        "name_id": "Rencana Pembangunan Jangka Menengah Nasional 2015–2019",
        "region": NATIONAL,
        "start": 2015,
        "end": 2019,
        "base_year": 2014,
        "source": "http://docplayer.info/61833776-karakteristik-kemiskinan-di-jawa-timur-dan-"
        "kemiskinan-dinamis-jawa-timur-ppls-2011-dengan-pbdt-2015.html",
        "note": "Target quoted in a TNP2K presentation (March 2017). Base year: the year before "
        "the plan period (not stated in the source).",
    },
    {
        "id": "rpjmn-2020-2024",
        "name": "RPJMN 2020–2024",
        "name_id": "Rencana Pembangunan Jangka Menengah Nasional 2020–2024",
        "region": NATIONAL,
        "start": 2020,
        "end": 2024,
        "base_year": 2019,
        "source": "RPJMN 2020–2024",
        "note": "Base year: the year before the plan period.",
    },
    {
        "id": "rkp-2025",
        "name": "RKP 2025 (Government Work Plan 2025)",
        "name_id": "Rencana Kerja Pemerintah 2025",
        "region": NATIONAL,
        "start": 2025,
        "end": 2025,
        "base_year": 2023,
        "source": "https://ekonomi.bisnis.com/read/20240313/9/1748704/"
        "pemerintah-sasar-angka-kemiskinan-turun-ke-angka-7-tahun-depan",
        "note": "The source compares the target with the March 2023 figure, 9.36 %.",
    },
    {
        "id": "rpjmn-2025-2029",
        "name": "RPJMN 2025–2029",
        "name_id": "Rencana Pembangunan Jangka Menengah Nasional 2025–2029",
        "region": NATIONAL,
        "start": 2025,
        "end": 2029,
        "base_year": 2024,
        "source": "https://suaraindonews.com/"
        "rpjmn-2025-2029-target-0-kemiskinan-ekstrem-pada-2026-ekonomi-tumbuh-8/",
        "note": "Target stated by the Head of Bappenas at the Musrenbang RPJMN (30 December 2024). "
        "Base year: the year before the plan period (not stated in the source).",
    },
    {
        "id": "rpjmd-35-2019-2024",
        "name": "RPJMD East Java 2019–2024",
        "name_id": "RPJMD Provinsi Jawa Timur 2019–2024",
        "region": EAST_JAVA,
        "start": 2019,
        "end": 2024,
        "base_year": 2018,
        "source": "https://jatim.antaranews.com/berita/790425/"
        "pj-gubernur-jatim-optimistis-akhir-tahun-kemiskinan-ekstrem-nol-persen",
        "note": "Target stated by the acting Governor (ANTARA). Base year: the year before the "
        "plan period (not stated in the source).",
    },
    {
        "id": "rpjpd-35-2005-2025",
        "name": "RPJPD East Java 2005–2025",
        "name_id": "RPJPD Provinsi Jawa Timur 2005–2025",
        "region": EAST_JAVA,
        "start": 2005,
        "end": 2025,
        "base_year": 2004,
        "source": "https://kominfo.jatimprov.go.id/berita/"
        "pj-gubernur-sampaikan-jawaban-eksekutif-terkait-rpjpd-jawa-timur-2005-2025",
        "note": "Long-term plan; target for its final year, stated in the acting Governor's answer "
        "to the DPRD. Base year: the year before the plan period (not stated in the source).",
    },
    {
        "id": "rpjpd-35-2025-2045",
        "name": "RPJPD East Java 2025–2045",
        "name_id": "RPJPD Provinsi Jawa Timur 2025–2045",
        "region": EAST_JAVA,
        "start": 2025,
        "end": 2045,
        "base_year": 2023,
        "source": "https://kominfo.jatimprov.go.id/berita/"
        "pj-gubernur-sampaikan-jawaban-eksekutif-terkait-rpjpd-jawa-timur-2005-2025",
        "note": "Long-term plan. Base year: the latest figure the source cites (2023, 10.35 %).",
    },
    {
        "id": "rpjmd-3510-2025-2029",
        "name": "RPJMD Kabupaten Banyuwangi 2025–2029 (draft)",
        "name_id": "Rancangan RPJMD Kabupaten Banyuwangi 2025–2029",
        "region": "3510",
        "start": 2025,
        "end": 2029,
        "base_year": 2024,
        "source": "https://ganeshabwi.com/"
        "musrenbang-rpjmd-2025-2029-bupati-ipuk-targetkan-kemiskinan-banyuwangi-turun-ke-439-persen",
        "note": "Draft presented at the Musrenbang RPJMD (30 April 2025); may change. The source "
        "gives the 2024 figure, 6.54 %, as the baseline.",
    },
    {
        "id": "rpd-3513-2024-2026",
        "name": "RPD Kabupaten Probolinggo 2024–2026",
        "name_id": "Rencana Pembangunan Daerah Kabupaten Probolinggo 2024–2026",
        "region": "3513",
        "start": 2024,
        "end": 2026,
        "base_year": 2023,
        "source": "https://jatim.antaranews.com/berita/910317/"
        "pemkab-probolinggo-targetkan-kemiskinan-turun-jadi-1575-persen",
        "note": "Interim development plan (RPD) in place of an RPJMD. Base year: the year before "
        "the plan period.",
    },
    {
        "id": "rpjmd-3517-2018-2023",
        "name": "RPJMD Kabupaten Jombang 2018–2023 (revised)",
        "name_id": "Perubahan RPJMD Kabupaten Jombang 2018–2023",
        "region": "3517",
        "start": 2018,
        "end": 2023,
        "base_year": 2017,
        "source": "https://jatimpos.co/jatim/mataraman/"
        "12065-bappeda-paparkan-kinerja-penanggulangan-kemiskinan-di-kabupaten-jombang",
        "note": "Targets stated by the head of Bappeda Jombang. Base year: the year before the "
        "plan period (not stated in the source).",
    },
]

#: (region, year, start of targets.csv's `plan` column) -> plan id. Rows not listed are not
#: bundled (see docs/bundled-data.md: statements without a planning document, a draft annual
#: plan for a year that a long-term plan already targets, a conflicting aggregator value).
TARGET_PLAN: dict[tuple[str, str, str], str] = {
    ("0000", "2019", "RPJMN 2015-2019"): "rpjmn-2015-2019",
    ("0000", "2024", "RPJMN 2020-2024"): "rpjmn-2020-2024",
    ("0000", "2025", "RKP 2025 (Rencana Kerja Pemerintah 2025)"): "rkp-2025",
    ("0000", "2029", "RPJMN 2025-2029"): "rpjmn-2025-2029",
    ("35", "2024", "RPJMD Provinsi Jawa Timur 2019-2024"): "rpjmd-35-2019-2024",
    ("35", "2025", "RPJPD Provinsi Jawa Timur 2005-2025"): "rpjpd-35-2005-2025",
    ("35", "2045", "RPJPD Provinsi Jawa Timur 2025-2045"): "rpjpd-35-2025-2045",
    ("3510", "2029", "RPJMD Kabupaten Banyuwangi 2025-2029"): "rpjmd-3510-2025-2029",
    ("3513", "2024", "RPD Kabupaten Probolinggo 2024-2026 (Rencana Pembangunan Daerah)"): (
        "rpd-3513-2024-2026"
    ),
    ("3513", "2025", "RPD Kabupaten Probolinggo 2024-2026"): "rpd-3513-2024-2026",
    ("3513", "2026", "RPD Kabupaten Probolinggo 2024-2026"): "rpd-3513-2024-2026",
    ("3517", "2022", "P-RPJMD Kabupaten Jombang 2018-2023 (perubahan RPJMD)"): (
        "rpjmd-3517-2018-2023"
    ),
    ("3517", "2023", "P-RPJMD Kabupaten Jombang 2018-2023 (perubahan RPJMD)"): (
        "rpjmd-3517-2018-2023"
    ),
}

#: Extra words for a target's note (keyed by plan id and year).
TARGET_NOTES: dict[tuple[str, int], str] = {
    ("rpjmn-2025-2029", 2029): 'Other officials have been quoted with "5 persen" and "di bawah '
    '5 persen"; the text of the RPJMN itself was not read.',
    ("rpjpd-35-2005-2025", 2025): "The draft RKPD 2025 aimed at 9.75–9.95 % "
    "(https://harianbangsa.net/rancangan-awal-9-prioritas-pembangunan-jatim-2025-dari-pengentasan-"
    "kemiskinan-hingga-pengembangan-wilayah-terpadu).",
    ("rpd-3513-2024-2026", 2024): "The same speaker called 16.00 the 2024 result; BPS gives 16.45.",
}

GAP_REASONS = {"not found": "not_found", "not published": "not_published"}
FILLED_NOTE = (
    "Not found: the research collected this indicator where the sources searched for P0 gave it, "
    "and none gave this year."
)


def month_of(code: str, month: str) -> int | None:
    """Regency figures have no month (March Susenas only)."""
    return None if len(code) == 4 and code != NATIONAL else int(month)


def number(text: str) -> Decimal:
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise SystemExit(f"not a plain decimal number: {text!r}")
    return Decimal(text)


def read_csv(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def regions() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"code": NATIONAL, "name": "Indonesia", "name_id": "Indonesia"}]
    out.append(
        {"code": EAST_JAVA, "name": "East Java", "name_id": "Jawa Timur", "parent": NATIONAL}
    )
    out += [{"code": c, "name": n, "name_id": n, "parent": EAST_JAVA} for c, n in REGENCIES.items()]
    out += [
        {"code": c, "name": en, "name_id": id_, "parent": NATIONAL}
        for c, (en, id_) in PROVINCES.items()
        if c != EAST_JAVA
    ]
    return out


Key = tuple[str, str, int, int | None]


def key_of(record: dict[str, Any]) -> Key:
    return (record["indicator"], record["region"], record["year"], record.get("month"))


def research_note(code: str, year: int, note: str) -> str | None:
    """The research note, without the merge bookkeeping; the boundary note for 91/94 to 2023."""
    parts = [p.strip() for p in note.split(";") if p.strip()]
    parts = [p for p in parts if not p.startswith("already bundled") and "pre-2022-split" not in p]
    text = "; ".join(parts)
    if code in ("91", "94") and year <= 2023:
        text = f"{text}. {SPLIT_NOTE}" if text else SPLIT_NOTE
    return text or None


def conflict_notes() -> dict[Key, str]:
    """For each preferred figure, the other value a source printed (variants and misprints)."""
    notes: dict[Key, str] = {}
    for row in read_csv("conflicts.csv"):
        code = row["region_code"]
        if not re.fullmatch(r"\d+", code) or not row["month"].isdigit():
            continue
        year = int(row["year"])
        key: Key = (row["indicator"], code, year, month_of(code, row["month"]))
        kept, other = row["preferred"], row["value_b"]
        if not kept or not re.fullmatch(r"\d+(\.\d+)?", other) or other == kept:
            continue
        source = row["source_b"]
        reason = row["note"].removeprefix("manual:").removeprefix("automatic:").strip()
        if reason.startswith("two recorded sources disagree"):
            reason = ""
        text = f"Another source printed {other} ({source})"
        notes[key] = f"{text}: {reason}" if reason else f"{text}."
    return notes


def build() -> tuple[dict[str, Any], list[str]]:
    """The document, and the differences between the bundled records and the research."""
    current = json.loads(BUNDLED.read_text(encoding="utf-8"), parse_float=Decimal)
    audited = json.loads(AUDITED.read_text(encoding="utf-8"), parse_float=Decimal)
    report: list[str] = []
    records: dict[Key, dict[str, Any]] = {}
    for record in audited["records"]:
        for field in ("value", "target"):
            if field in record:
                record[field] = Decimal(str(record[field]))
        records[key_of(record)] = record
    bundled = set(records)
    variants = conflict_notes()

    for row in read_csv("figures.csv"):
        code, year = row["region_code"], int(row["year"])
        key: Key = (row["indicator"], code, year, month_of(code, row["month"]))
        value = number(row["value"])
        if key in records:
            old = records[key]
            if old.get("value") != value:
                report.append(
                    f"{key}: bundled {old.get('value')}, research {value} ({row['source']})"
                )
            continue
        record: dict[str, Any] = {
            "indicator": key[0],
            "region": code,
            "year": year,
            "month": key[3],
            "value": value,
            "source": row["source"],
        }
        notes = [n for n in (research_note(code, year, row["note"]), variants.get(key)) if n]
        if notes:
            record["note"] = " ".join(n if n.endswith(".") else n + "." for n in notes)
        records[key] = record

    plans = {plan["id"]: plan for plan in PLANS}
    for row in read_csv("targets.csv"):
        plan_id = next(
            (
                pid
                for (code, year, name), pid in TARGET_PLAN.items()
                if (code, year) == (row["region_code"], row["year"])
                and row["plan"].startswith(name)
            ),
            None,
        )
        if plan_id is None:
            continue
        plan = plans[plan_id]
        code, year = row["region_code"], int(row["year"])
        month = None if len(code) == 4 and code != NATIONAL else 3
        key = (row["indicator"], code, year, month)
        low, _, high = row["target"].partition("-")
        target = number(high or low)
        record = records.get(key)
        if key in bundled and record is not None and "target" in record:
            if record["target"] != target:
                report.append(f"{key}: bundled target {record['target']}, research {row['target']}")
            record["plan"] = plan_id
            continue
        note = (
            RANGE_NOTE.format(plan=plan["name"], low=low, high=high, year=year)
            if high
            else f"Target of the {plan['name']}."
        )
        extra = TARGET_NOTES.get((plan_id, year))
        if extra:
            note = f"{note} {extra}"
        if record is None:
            record = records[key] = {
                "indicator": row["indicator"],
                "region": code,
                "year": year,
                "month": month,
                "source": row["source"],
            }
        else:
            record["source"] = f"value: {record['source']} | target: {row['source']}"
            if record.get("note"):
                note = f"{record['note']} {note}"
        record["target"] = target
        record["plan"] = plan_id
        record["note"] = note

    region_order = [r["code"] for r in regions()]
    indicator_order = [i["id"] for i in current["indicators"]]

    def order(k: Key) -> tuple[int, int, int, int]:
        return (region_order.index(k[1]), indicator_order.index(k[0]), k[2], k[3] or 0)

    ordered = [records[k] for k in sorted(records, key=order)]
    gaps = build_gaps(ordered, order)
    document = {
        "indicators": current["indicators"],
        "regions": regions(),
        "plans": PLANS,
        "records": ordered,
        "gaps": gaps,
    }
    return document, report


def build_gaps(records: list[dict[str, Any]], order: Any) -> list[dict[str, Any]]:
    """gaps.csv, grouped; and every year missing inside a series that gaps.csv does not list."""
    groups: dict[tuple[str, str, int | None, str, str], list[int]] = defaultdict(list)
    listed: set[Key] = set()
    for row in read_csv("gaps.csv"):
        code, note = row["region_code"], row["note"]
        month: int | None = None
        match = re.match(r"month (\d+); ", note)
        if match:
            month, note = int(match.group(1)), note[match.end() :]
        month = month if not (len(code) == 4 and code != NATIONAL) else None
        year = int(row["year"])
        groups[(row["indicator"], code, month, GAP_REASONS[row["reason"]], note)].append(year)
        listed.add((row["indicator"], code, year, month))

    series: dict[tuple[str, str, int | None], set[int]] = defaultdict(set)
    for record in records:
        if "value" in record:
            series[(record["indicator"], record["region"], record.get("month"))].add(record["year"])
    for (indicator, code, month), years in series.items():
        for year in range(min(years) + 1, max(years)):
            if year not in years and (indicator, code, year, month) not in listed:
                groups[(indicator, code, month, "not_found", FILLED_NOTE)].append(year)

    out = []
    for (indicator, code, month, reason, note), years in groups.items():
        gap: dict[str, Any] = {"indicator": indicator, "region": code, "years": sorted(years)}
        if month is not None:
            gap["month"] = month
        gap["reason"] = reason
        if note:
            gap["note"] = note[0].upper() + note[1:]
        out.append(gap)
    out.sort(key=lambda g: order((g["indicator"], g["region"], g["years"][0], g.get("month"))))
    return out


def dumps(value: Any) -> str:
    """One JSON value on one line; numbers as written (`11.40`), text unescaped (`–`)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(k)}: {dumps(v)}" for k, v in value.items() if v is not None)
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(dumps(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


RECORD_ORDER = ("indicator", "region", "year", "month", "value", "target", "plan", "source", "note")


def render(document: dict[str, Any]) -> str:
    lines = ["{"]
    sections = list(document.items())
    for index, (name, items) in enumerate(sections):
        if name == "records":
            items = [{k: r[k] for k in RECORD_ORDER if r.get(k) is not None} for r in items]
        lines.append(f"  {json.dumps(name)}: [")
        body = [f"    {dumps(item)}" for item in items]
        lines.append(",\n".join(body))
        lines.append("  ]" + ("," if index < len(sections) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    document, report = build()
    text = render(document)
    for line in report:
        print("differs:", line, file=sys.stderr)
    if "--check" in argv:
        same = BUNDLED.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{BUNDLED} differs from what bundle.py builds")
        return 0 if same else 1
    BUNDLED.write_text(text, encoding="utf-8")
    counts = {k: len(v) for k, v in document.items()}
    print(f"wrote {BUNDLED}: {counts}, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
