"""povtrack benchmark: whole-process wall time and peak memory against two floors.

    python benchmarks/bench.py                      # 10k, 100k and 1M records, 5 runs each
    python benchmarks/bench.py --sizes 10k,100k,1M,5M --runs 3

Needs povtrack installed (the `povtrack` command on PATH or beside this Python) and the
`bench` extra (`pip install ".[bench]"`: orjson and pydantic, for the floors).

For each size it generates a seeded synthetic data file in our format (5 indicators, years
2005-2024, a third of the records with targets, values with 2 decimals) and measures, as
separate processes:

- `povtrack validate FILE`
- `povtrack report --data FILE --format csv --output OUT`
- the floor: `orjson.loads` of the same file, in a fresh Python process;

and, once, the start-up floor `python -c "import typer, rich, pydantic"` against
`povtrack --version` and `povtrack report` on the bundled data. It prints the median wall time
over the runs, the peak resident memory (ru_maxrss of the child) and the ratios to the floors,
with the targets: report --format csv on 1M records <= 3.0x the orjson floor and <= 1.5 GB;
100k records < 1 s; --version <= 1.2x and report on the bundled data <= 1.5x the start-up floor.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

YEARS = range(2005, 2025)
INDICATORS = 5


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = 1
    if text.endswith("k"):
        factor, text = 1_000, text[:-1]
    elif text.endswith("m"):
        factor, text = 1_000_000, text[:-1]
    return int(float(text) * factor)


def generate(path: Path, records: int, seed: int = 20261129) -> None:
    """A valid data file of exactly `records` records: series of 20 years per (indicator,
    region), values 1.00-30.00, a third with a target."""
    rng = random.Random(seed)
    per_region = INDICATORS * len(YEARS)
    regions = -(-records // per_region)
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n  "indicators": [\n')
        out.write(
            ",\n".join(
                f'    {{"id": "i{k}", "name": "Indicator {k}", "unit": "percent", '
                f'"decimals": 2, "direction": "{"lower" if k % 2 == 0 else "higher"}"}}'
                for k in range(INDICATORS)
            )
        )
        out.write('\n  ],\n  "regions": [\n')
        out.write(
            ",\n".join(
                f'    {{"code": "{100000 + r}", "name": "Region {r}", "parent": "35"}}'
                for r in range(regions)
            )
        )
        out.write('\n  ],\n  "records": [\n')
        written = 0
        sep = ""
        lines: list[str] = []
        for r in range(regions):
            for k in range(INDICATORS):
                for year in YEARS:
                    if written == records:
                        break
                    value = rng.randint(100, 3000)
                    rec = (
                        f'    {{"indicator": "i{k}", "region": "{100000 + r}", "year": {year}, '
                        f'"value": {value // 100}.{value % 100:02d}'
                    )
                    if written % 3 == 0:
                        target = rng.randint(100, 3000)
                        rec += f', "target": {target // 100}.{target % 100:02d}'
                    rec += ', "source": "https://example.org/bps/table/1"}'
                    lines.append(rec)
                    written += 1
            if len(lines) >= 10_000:
                out.write(sep + ",\n".join(lines))
                sep, lines = ",\n", []
        if lines:
            out.write(sep + ",\n".join(lines))
        out.write("\n  ]\n}\n")


def run_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in bytes, exit code of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss * 1024, proc.returncode


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and of its descendants, from Linux's /proc (0 elsewhere).
    Pages that two processes share (a file read before a fork) count once in each."""
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * page
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, IndexError, ValueError):
            continue
        pending += [int(child) for child in children]
    return total


def sampled_peak(argv: Sequence[str], env: dict[str, str]) -> int:
    """The peak of tree_rss over one run, sampled every 20 ms (a run of its own, so that the
    sampling does not slow the timed runs)."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.02)
    return peak


def measure(argv: Sequence[str], runs: int, env: dict[str, str]) -> tuple[float, int]:
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak, code = run_once(argv, env)
        if code not in (0,):
            raise SystemExit(f"bench: {' '.join(argv)} exited {code}")
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), max(peaks)


def povtrack_command() -> list[str]:
    beside = Path(sys.executable).with_name("povtrack")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("povtrack")
    if found:
        return [found]
    return [sys.executable, "-m", "povtrack"]


def human(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1_000}k"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma list, e.g. 10k,100k,1M,5M")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    args = parser.parse_args()

    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("POVTRACK_DATA", None)
    povtrack = povtrack_command()
    python = sys.executable
    folder = args.keep or Path(tempfile.mkdtemp(prefix="povtrack-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {' '.join(povtrack)}")
    print(
        f"runs per figure: {args.runs} (median wall time; peak = the largest process's max RSS "
        "over the runs; all procs = povtrack and its child process together, sampled)\n"
    )

    startup, _ = measure([python, "-c", "import typer, rich, pydantic"], args.runs, env)
    version, _ = measure([*povtrack, "--version"], args.runs, env)
    bundled, _ = measure(
        [*povtrack, "report", "-q", "--no-color"], args.runs, {**env, "COLUMNS": "100"}
    )
    print("start-up                          wall      ratio  target")
    print(f"floor: import typer, rich, pyd. {startup:7.3f} s")
    print(f"povtrack --version              {version:7.3f} s  {version / startup:5.2f}x  <= 1.2x")
    print(f"povtrack report (bundled data)  {bundled:7.3f} s  {bundled / startup:5.2f}x  <= 1.5x")
    print()
    header = (
        f"{'records':>8} {'MB':>6} {'orjson floor':>12} {'validate':>9} {'ratio':>6} "
        f"{'peak':>7} {'report csv':>10} {'ratio':>6} {'peak':>7} {'all procs':>9}"
    )
    print(header)
    print("-" * len(header))
    rows = []
    for size in [parse_size(s) for s in args.sizes.split(",")]:
        data = folder / f"bench-{human(size)}.json"
        if not data.exists():
            generate(data, size)
        out = folder / f"bench-{human(size)}.csv"
        floor, _ = measure(
            [
                python,
                "-c",
                "import orjson,sys; orjson.loads(open(sys.argv[1],'rb').read())",
                str(data),
            ],
            args.runs,
            env,
        )
        val, val_peak = measure([*povtrack, "validate", "-q", str(data)], args.runs, env)
        report_argv = [*povtrack, "report", "-q", "--data", str(data), "--format", "csv"]
        report_argv += ["--output", str(out)]
        rep, rep_peak = measure(report_argv, args.runs, env)
        rep_all = sampled_peak(report_argv, env)
        rows.append((size, rep))
        print(
            f"{human(size):>8} {data.stat().st_size / 1e6:6.0f} {floor:10.2f} s {val:7.2f} s "
            f"{val / floor:5.2f}x {val_peak / 1e6:5.0f}MB {rep:8.2f} s {rep / floor:5.2f}x "
            f"{rep_peak / 1e6:5.0f}MB {rep_all / 1e6:7.0f}MB"
        )
    if len(rows) > 1:
        (n0, t0), (n1, t1) = rows[-2], rows[-1]
        print(
            f"\ngrowth {human(n0)} -> {human(n1)}: records x{n1 / n0:.1f}, report time "
            f"x{t1 / t0:.1f} (linear when these agree)"
        )
    print("\ntargets: 1M report csv <= 3.0x orjson floor and <= 1500 MB; 100k < 1 s")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
