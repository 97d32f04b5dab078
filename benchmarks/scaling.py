"""How povtrack's cost grows with the shapes that hostile or unusual data takes (issue 18).

    python benchmarks/scaling.py                 # n = 5k and 20k, 3 runs each
    python benchmarks/scaling.py --sizes 10k,40k --runs 5

For each shape it writes a valid data file with n of something, times the command as a whole
process at each size (median of the runs) and prints the growth: time(large) / time(small)
against size(large) / size(small). Linear work grows like the size (x4 for 5k -> 20k), quadratic
work like its square (x16). The start-up of a process (~0.2 s) is in every time, so small sizes
understate the growth; the sizes are chosen large enough for the work to dominate.

Shapes:
- validate, n warnings (n series with a gap between two years);
- check, n series;
- report table (into a file), n indicators;
- report html, n regions;
- import bps, one response of 4000 regions x 400 categories x 13 years with three figures (a
  single size: it is the product of the lists that must not cost, not n).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = 1_000 if text.endswith("k") else 1
    return int(float(text.rstrip("k")) * factor)


def _indicator(ident: str) -> dict[str, Any]:
    return {"id": ident, "name": ident, "unit": "percent", "decimals": 2, "direction": "lower"}


def _record(ind: str, reg: str, year: int, value: str) -> dict[str, Any]:
    return {"indicator": ind, "region": reg, "year": year, "value": value, "source": "s"}


def series_with_gaps(n: int) -> dict[str, Any]:
    """n regions, each one series with a gap (2010, 2015): n year-gap warnings."""
    regions = [{"code": f"{i:06d}", "name": f"R{i}"} for i in range(n)]
    records = [_record("p0", r["code"], y, "10.25") for r in regions for y in (2010, 2015)]
    return {"indicators": [_indicator("p0")], "regions": regions, "records": records}


def many_indicators(n: int) -> dict[str, Any]:
    """n indicators, one region, two years each."""
    indicators = [_indicator(f"i{i}") for i in range(n)]
    records = [_record(i["id"], "35", y, "10.25") for i in indicators for y in (2022, 2023)]
    return {"indicators": indicators, "regions": [{"code": "35", "name": "Jatim"}],
            "records": records}  # fmt: skip


def many_regions(n: int) -> dict[str, Any]:
    """n regions, one indicator, two years each with a target."""
    regions = [{"code": f"{i:06d}", "name": f"R{i}"} for i in range(n)]
    records = [
        {**_record("p0", r["code"], y, "10.25"), "target": "11.00"}
        for r in regions
        for y in (2022, 2023)
    ]
    return {"indicators": [_indicator("p0")], "regions": regions, "records": records}


def _write(path: Path, doc: dict[str, Any]) -> Path:
    # numbers as JSON numbers, not strings
    text = json.dumps(doc)
    for key in ("value", "target"):
        text = text.replace(f'"{key}": "10.25"', f'"{key}": 10.25').replace(
            f'"{key}": "11.00"', f'"{key}": 11.00'
        )
    path.write_text(text, encoding="utf-8")
    return path


def _time(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "povtrack", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


Shape = tuple[str, Callable[[int], dict[str, Any]], Callable[[Path, Path], list[str]]]

SHAPES: list[Shape] = [
    ("validate, n warnings", series_with_gaps, lambda d, _o: ["validate", str(d)]),
    ("check, n series", series_with_gaps, lambda d, _o: ["check", "--data", str(d)]),
    (
        "report table, n indicators",
        many_indicators,
        lambda d, o: ["report", "-q", "--data", str(d), "-o", str(o / "r.txt")],
    ),
    (
        "report html, n regions",
        many_regions,
        lambda d, o: ["report", "-q", "--data", str(d), "-f", "html", "-o", str(o / "r.html")],
    ),
]


def bps_response(folder: Path) -> Path:
    response = {
        "status": "OK",
        "var": [{"val": 1, "label": "P0", "unit": "Persen", "decimal": 2}],
        "turvar": [{"val": 0, "label": "Tidak Ada"}]
        + [{"val": 1000 + i, "label": f"K{i}"} for i in range(399)],
        "vervar": [{"val": 350000 + i, "label": f"R{i}"} for i in range(4000)],
        "tahun": [{"val": 110 + i, "label": str(2010 + i)} for i in range(13)],
        "turtahun": [{"val": 0, "label": "Tahun"}],
        "datacontent": {"35000110120" + "0": 10.25, "35399910122" + "0": 9.5},
    }
    path = folder / "bps.json"
    path.write_text(json.dumps(response), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5k,20k", help="two sizes, e.g. 5k,20k")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    small, large = (parse_size(s) for s in options.sizes.split(","))
    print(f"{'shape':32} {small:>8} {large:>8}  growth (size x{large / small:g})")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, make, args in SHAPES:
            times = []
            for n in (small, large):
                data = _write(folder / f"d{n}.json", make(n))
                times.append(_time(args(data, folder), options.runs))
            growth = times[1] / times[0]
            print(f"{name:32} {times[0]:7.2f}s {times[1]:7.2f}s  x{growth:.1f}")
        bps = bps_response(folder)
        into = folder / "into.json"
        seconds = _time(
            ["import", "bps", str(bps), "--into", str(into), "-i", "p0", "--create", "--name",
             "P0", "--unit", "percent", "--decimals", "2", "--direction", "lower",
             "--dry-run"],
            options.runs,
        )  # fmt: skip
        print(f"{'import bps, 4000x400x13 lists':32} {seconds:7.2f}s")


if __name__ == "__main__":
    main()
