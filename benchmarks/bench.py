"""povtrack benchmark: whole-process wall time and peak memory against two floors.

    python benchmarks/bench.py                      # 10k, 100k and 1M records, 5 runs each
    python benchmarks/bench.py --sizes 10k,100k,1M,5M --runs 3

Needs povtrack installed (the `povtrack` command on PATH or beside this Python) and the
`bench` extra (`pip install ".[bench]"`: orjson, for the floor; pydantic is a dependency).

For each size it generates a seeded synthetic data file in our format (5 indicators, years
2005-2024, a third of the records with targets, values with 2 decimals) and measures, as
separate processes:

- `povtrack validate FILE`
- `povtrack report --data FILE --format csv --output OUT`
- the floor: `orjson.loads` of the same file, in a fresh Python process;

and, once, the start-up floor `python -c "import typer, rich, pydantic"` against
`povtrack --version` and `povtrack report` on the bundled data. The commands of one size are
run in turn, run after run (floor, validate, report, floor, ...), so that a machine shared with
other work slows them alike; each ratio is the median over the runs of the ratio within a run.
It prints the median wall time, the median ratio, the peak resident memory (ru_maxrss of the
child) with the targets: report --format csv on 1M records <= 3.5x the orjson floor and
<= 1.5 GB; 100k records < 1 s; --version <= 1.2x and report on the bundled data <= 1.5x the
start-up floor.

`--baseline SRC` also times the report of another povtrack source tree (`python -m povtrack`
with PYTHONPATH=SRC, e.g. an older checkout's `src`), interleaved the same way, to measure a
change against it.
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


def run_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int, int, float]:
    """Wall seconds, peak RSS in bytes, exit code and CPU seconds (user + system, with the
    children it waited for) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss * 1024, proc.returncode, usage.ru_utime + usage.ru_stime


class Figure:
    """The runs of one command: wall times, ratios to the floor of the same round, peak."""

    def __init__(self) -> None:
        self.walls: list[float] = []
        self.ratios: list[float] = []
        self.cpus: list[float] = []
        self.cpu_ratios: list[float] = []
        self.peak = 0

    def wall(self) -> float:
        return statistics.median(self.walls)

    def ratio(self) -> float:
        return statistics.median(self.ratios)

    def cpu_ratio(self) -> float:
        """CPU time to the floor's CPU time: steadier than wall time on a busy machine."""
        return statistics.median(self.cpu_ratios)


def interleaved(
    floor: tuple[Sequence[str], dict[str, str]],
    commands: dict[str, tuple[Sequence[str], dict[str, str]]],
    runs: int,
) -> tuple[Figure, dict[str, Figure]]:
    """Each round runs the floor and then every command once; ratios are within a round."""
    base = Figure()
    figures = {name: Figure() for name in commands}
    for _ in range(runs):
        wall, peak, code, cpu = run_once(*floor)
        base.walls.append(wall)
        base.cpus.append(cpu)
        for name, (argv, env) in commands.items():
            taken, peak, code, used = run_once(argv, env)
            if code != 0:
                raise SystemExit(f"bench: {' '.join(argv)} exited {code}")
            figure = figures[name]
            figure.walls.append(taken)
            figure.ratios.append(taken / wall)
            figure.cpus.append(used)
            figure.cpu_ratios.append(used / cpu)
            figure.peak = max(figure.peak, peak)
    return base, figures


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
    parser.add_argument(
        "--baseline", type=Path, help="also time the report of the povtrack in this src folder"
    )
    args = parser.parse_args()

    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("POVTRACK_DATA", None)
    povtrack = povtrack_command()
    python = sys.executable
    folder = args.keep or Path(tempfile.mkdtemp(prefix="povtrack-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {' '.join(povtrack)}")
    print(
        f"runs per figure: {args.runs}, interleaved (median wall time; ratio = median of the "
        "ratios to the floor of the same round; cpu = the same for CPU time, steadier on a busy "
        "machine; peak = max RSS over the runs)\n"
    )

    start_floor, start = interleaved(
        ([python, "-c", "import typer, rich, pydantic"], env),
        {
            "version": ([*povtrack, "--version"], env),
            "bundled": ([*povtrack, "report", "-q", "--no-color"], {**env, "COLUMNS": "100"}),
        },
        args.runs,
    )
    print("start-up                          wall      ratio  target")
    print(f"floor: import typer, rich, pyd. {start_floor.wall():7.3f} s")
    for name, label, target in (
        ("version", "povtrack --version            ", "<= 1.2x"),
        ("bundled", "povtrack report (bundled data)", "<= 1.5x"),
    ):
        figure = start[name]
        print(f"{label}  {figure.wall():7.3f} s  {figure.ratio():5.2f}x  {target}")
    print()
    header = (
        f"{'records':>8} {'MB':>6} {'orjson floor':>12} {'validate':>9} {'ratio':>6} "
        f"{'peak':>7} {'report csv':>10} {'ratio':>6} {'cpu':>6} {'peak':>7}"
    )
    if args.baseline:
        header += f" {'baseline':>9} {'ratio':>6} {'cpu':>6} {'peak':>7}"
    print(header)
    print("-" * len(header))
    rows = []
    for size in [parse_size(s) for s in args.sizes.split(",")]:
        data = folder / f"bench-{human(size)}.json"
        if not data.exists():
            generate(data, size)
        out = folder / f"bench-{human(size)}.csv"
        report = ["report", "-q", "--data", str(data), "--format", "csv", "--output", str(out)]
        commands: dict[str, tuple[Sequence[str], dict[str, str]]] = {
            "validate": ([*povtrack, "validate", "-q", str(data)], env),
            "report": ([*povtrack, *report], env),
        }
        if args.baseline:
            base_env = {**env, "PYTHONPATH": str(args.baseline.resolve())}
            commands["baseline"] = ([python, "-m", "povtrack", *report], base_env)
        floor, got = interleaved(
            (
                [
                    python,
                    "-c",
                    "import orjson,sys; orjson.loads(open(sys.argv[1],'rb').read())",
                    str(data),
                ],
                env,
            ),
            commands,
            args.runs,
        )
        val, rep = got["validate"], got["report"]
        rows.append((size, rep.wall()))
        line = (
            f"{human(size):>8} {data.stat().st_size / 1e6:6.0f} {floor.wall():10.2f} s "
            f"{val.wall():7.2f} s {val.ratio():5.2f}x {val.peak / 1e6:5.0f}MB "
            f"{rep.wall():8.2f} s {rep.ratio():5.2f}x {rep.cpu_ratio():5.2f}x "
            f"{rep.peak / 1e6:5.0f}MB"
        )
        if args.baseline:
            old = got["baseline"]
            line += (
                f" {old.wall():7.2f} s {old.ratio():5.2f}x {old.cpu_ratio():5.2f}x "
                f"{old.peak / 1e6:5.0f}MB"
            )
        print(line, flush=True)
    if len(rows) > 1:
        (n0, t0), (n1, t1) = rows[-2], rows[-1]
        print(
            f"\ngrowth {human(n0)} -> {human(n1)}: records x{n1 / n0:.1f}, report time "
            f"x{t1 / t0:.1f} (linear when these agree)"
        )
    print("\ntargets: 1M report csv <= 3.5x orjson floor and <= 1500 MB; 100k < 1 s")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
