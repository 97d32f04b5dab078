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

- `povtrack validate` of the same file with one wrong value (`"value": "12.42"`, in the middle),
  which takes the located path (sizes up to 100k);

and, once, start-up: `povtrack report --data BUNDLED` against the minimal Typer application of
`benchmarks/startup.py` (the same command and options, a body that does nothing: the floor that
Typer itself sets). The commands of one size are run in turn, run after run (floor, validate,
report, floor, ...), so that a machine shared with other work slows them alike; each ratio is
the median over the runs of the ratio within a run. It prints the median wall time, the median
ratio, the CPU-time ratio (steadier on a busy machine), the peak resident memory (ru_maxrss of
the child), the load average, and the targets: report --format csv on 1M records <= 3.5x the
orjson floor and <= 1.5 GB; 100k records < 1 s; report on the bundled data <= 1.2x the minimal
Typer app (`benchmarks/startup.py` measures start-up alone, with more rounds).

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


def with_one_error(path: Path, broken: Path) -> None:
    """The same file with one value written as text (`"12.42"`) in its middle record."""
    text = path.read_text(encoding="utf-8")
    at = text.index('"value": ', len(text) // 2)
    end = text.index(",", at)
    broken.write_text(text[:at] + '"value": "12.42"' + text[end:], encoding="utf-8")


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
            if code != (1 if name == "located" else 0):  # exit 1: the file has errors
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

    povtrack = povtrack_command()
    python = sys.executable
    folder = args.keep or Path(tempfile.mkdtemp(prefix="povtrack-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    # Every module from bytecode compiled once, as an installed package has it, whatever
    # PYTHONDONTWRITEBYTECODE says: without bytecode, each run would compile povtrack's modules
    # (and the floors' few) from source again, a cost no installed povtrack pays.
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPYCACHEPREFIX": str(folder / "pycache")}
    env.pop("POVTRACK_DATA", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {' '.join(povtrack)}, load "
        f"average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(
        f"runs per figure: {args.runs}, interleaved (median wall time; ratio = median of the "
        "ratios to the floor of the same round; cpu = the same for CPU time, steadier on a busy "
        "machine; peak = max RSS over the runs)\n"
    )

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from startup import MINIMAL_APP, bundled_data

    minimal = folder / "minimal_app.py"
    minimal.write_text(MINIMAL_APP, encoding="utf-8")
    bundled = str(bundled_data())
    warm = folder / "warm.csv"
    for argv in (  # compile the bytecode once, untimed
        [python, str(minimal), "report", "--data", bundled],
        [*povtrack, "report", "--data", bundled],
        [*povtrack, "report", "--data", bundled, "--format", "csv", "--output", str(warm)],
        [*povtrack, "validate", bundled],
        [python, "-c", "import orjson"],
    ):
        run_once(argv, env)
    start_floor, start = interleaved(
        ([python, str(minimal), "report", "--data", bundled], env),
        {"bundled": ([*povtrack, "report", "--data", bundled], {**env, "COLUMNS": "100"})},
        max(args.runs, 5),
    )
    bundled_ratio = start["bundled"].ratio()
    print("start-up                                   wall   ratio    cpu  target")
    print(f"floor: minimal Typer app, report  {start_floor.wall():7.3f} s")
    print(
        f"povtrack report (bundled data)    {start['bundled'].wall():7.3f} s  "
        f"{bundled_ratio:5.2f}x {start['bundled'].cpu_ratio():5.2f}x  <= 1.2x"
    )
    print()
    header = (
        f"{'records':>8} {'MB':>6} {'orjson floor':>12} {'validate':>9} {'ratio':>6} "
        f"{'peak':>7} {'report csv':>10} {'ratio':>6} {'cpu':>6} {'peak':>7}"
    )
    if args.baseline:
        header += f" {'baseline':>9} {'ratio':>6} {'cpu':>6} {'peak':>7}"
    header += f" {'located':>9} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    rows = []
    verdicts: list[str] = []
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
        if size <= 100_000:
            broken = folder / f"bench-{human(size)}-one-error.json"
            with_one_error(data, broken)
            commands["located"] = ([*povtrack, "validate", "-q", str(broken)], env)
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
        if "located" in got:
            bad = got["located"]
            line += f" {bad.wall():7.2f} s {bad.ratio():5.2f}x"
        print(line, flush=True)
        if size == 100_000:
            verdicts.append(
                f"100k report csv {rep.wall():.2f} s (target < 1 s: "
                f"{'met' if rep.wall() < 1 else 'missed'})"
            )
        if size == 1_000_000:
            verdicts.append(
                f"1M report csv {rep.ratio():.2f}x the orjson floor (cpu {rep.cpu_ratio():.2f}x; "
                f"target <= 3.5x: {'met' if rep.ratio() <= 3.5 else 'missed'}), peak "
                f"{rep.peak / 1e6:.0f} MB (target <= 1500 MB: "
                f"{'met' if rep.peak <= 1.5e9 else 'missed'})"
            )
    if len(rows) > 1:
        (n0, t0), (n1, t1) = rows[-2], rows[-1]
        print(
            f"\ngrowth {human(n0)} -> {human(n1)}: records x{n1 / n0:.1f}, report time "
            f"x{t1 / t0:.1f} (linear when these agree)"
        )
    verdicts.append(
        f"start-up: report on the bundled data {bundled_ratio:.2f}x the minimal Typer app "
        f"(target <= 1.2x: {'met' if bundled_ratio <= 1.2 else 'missed'})"
    )
    print("\nload average at the end:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print("\n".join(["targets:", *(f"  {v}" for v in verdicts)]))
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
