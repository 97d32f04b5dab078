"""povtrack start-up against a minimal Typer application with the same command and options.

    python benchmarks/startup.py              # 21 rounds
    python benchmarks/startup.py --runs 41 --json

Typer converts every option value with a pydantic TypeAdapter, so any Typer application with
options like povtrack's pays for importing Typer, rich's help machinery where used, and
pydantic's validation. The honest floor for `povtrack report` is therefore not `python -c pass`
but `MINIMAL_APP` below: one Typer application whose `report` command declares exactly the
options of `povtrack report` (names, types, defaults, help: checked before timing, on the
options' public attributes and on `report --help`) and whose body does nothing.

Measured, as separate processes, with the same arguments (`report --data BUNDLED`), stdout and
stderr to /dev/null:

- floor:    `python minimal_app.py report --data BUNDLED`
- report:   `python -m povtrack report --data BUNDLED` (the terminal table of the bundled data)
- csv:      the same with `--format csv`
- version:  `python -m povtrack --version`, against `python -c pass` (the interpreter alone)

Rounds are interleaved (each round runs every command once, in a shuffled order) so that the
load of a shared machine falls on all of them alike. It prints, for the wall time and for the
CPU time of each (user + system: less disturbed by other processes on a shared machine), the
median, the spread (min, quartiles, max), and the ratios: the ratio of the medians and the
median of the per-round ratios. Target: report <= 1.2x the floor.

Needs povtrack importable by this Python (installed, or PYTHONPATH=src from a checkout).

Measured (2026-12-03 evening, the same machine quiet, 41 rounds): povtrack report / minimal app
1.17x CPU and wall (232 ms vs 199 ms CPU), -f csv 1.16x; 1.43x with the afternoon's code. What
closed the gap (docs/speed.md has each A/B): the command line runs with the cycle collector off
and freezes what it made at the end; the model's annotations are types, not strings pydantic
evaluates; small result types are msgspec structs instead of dataclasses; the rules keep a
record with a new clean text on their fast path. povtrack's share above the floor is now its
modules (32 ms to import), building the validator (7 ms) and the bundled data's 1,511 records
(12 ms to read, validate and check; 1.06x the floor with the 69-record file of the afternoon
before issue 16).

Measured (2026-12-03 afternoon, Python 3.11, typer 0.29.2, pydantic 2.14; a 2-core machine
shared with seven other jobs, load 7.4-9.3; 21 rounds), median and per-round ratio: povtrack
report / minimal app 1.30x and 1.31x wall, 1.24x and 1.27x CPU (448 ms vs 362 ms CPU); -f csv
1.17x and 1.15x wall; --version 135 ms wall, 64 ms CPU, against 21 ms CPU for `python -c pass`
(it imports neither Typer nor the core). The morning's run (load 8-9, beside a CI run) gave
1.16x-1.23x. povtrack's share above the floor is importing the data format's model and building
its pydantic validator (needed by every command that reads data) and msgspec. The former
private converter (`_PlainCoercion`, which kept pydantic out of option parsing) measured 194 ms
CPU in an interleaved run, about half: that is the price of using Typer as designed (Typer 0.29
builds a pydantic TypeAdapter for every option it converts), paid by every Typer application.

Since the help of every command is translated and reads like a tool's (2026-12-03, issue 14),
the floor has the same help machinery (a command class that drops `<bool>`, choices parsed by
a function that suggests the closest one). Same machine, load 10-14, 15 rounds, CPU: report
1.16x and 1.08x per round, -f csv 1.21x and 1.19x; against the code before that change, run
interleaved in the same rounds (CPU, median per-round ratio): report 1.03x, -f csv 1.02x,
report --help 0.96x, --help 1.13x (noise of a loaded machine: `python -X importtime` shows
the very same modules imported before and after, shell completion included).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

#: The floor: `povtrack report`'s options, and nothing else. Keep it in step with
#: src/povtrack/cli/commands/report.py and cli/common.py (`check_same_options` fails otherwise).
MINIMAL_APP = '''\
from typing import Annotated, Literal

import typer
import typer.core


def choice(values):
    def parse(value):
        if value in values:
            return value
        raise typer.BadParameter(f"{value!r} is not one of {values}")

    return parse


class Command(typer.core.TyperCommand):
    """The same --help as povtrack's commands: no <bool>, choices as [a|b]."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Show this help and exit."
            option.metavar = ""
        return option

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, typer.core.TyperOption) and param.is_flag:
                param.metavar = ""
        return params

app = typer.Typer(
    name="povtrack",
    help="Minimal app.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print("minimal 0")
        raise typer.Exit(0)


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the version and exit. Example: povtrack --version",
        ),
    ] = False,
    config: Annotated[str | None, typer.Option("--config", metavar="PATH")] = None,
    no_config: Annotated[bool, typer.Option("--no-config")] = False,
) -> None:
    """Minimal app."""


@app.command(cls=Command)
def report(
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="PATH",
            help=(
                "Data file to read. Default: $POVTRACK_DATA, else `data` in povtrack.toml, "
                "else ./data/indicators.json, else the bundled data. "
                "Example: --data my-indicators.json"
            ),
            show_default=False,
        ),
    ] = None,
    indicator: Annotated[
        list[str] | None,
        typer.Option(
            "--indicator",
            "-i",
            metavar="ID",
            help=(
                "Only this indicator; repeat for several. Example: --indicator p0 "
                "--indicator gini"
            ),
            show_default=False,
        ),
    ] = None,
    region: Annotated[
        list[str] | None,
        typer.Option(
            "--region",
            "-r",
            metavar="CODE",
            help="Only this region (BPS code); repeat for several. Example: --region 3524",
            show_default=False,
        ),
    ] = None,
    year_from: Annotated[
        int | None,
        typer.Option(
            "--from",
            metavar="YEAR",
            min=1900,
            max=2100,
            help="First year shown. Example: --from 2020",
        ),
    ] = None,
    year_to: Annotated[
        int | None,
        typer.Option(
            "--to", metavar="YEAR", min=1900, max=2100, help="Last year shown. Example: --to 2025"
        ),
    ] = None,
    achievement: Annotated[
        Literal["linear", "ratio"],
        typer.Option(
            "--achievement",
            parser=choice(("linear", "ratio")),
            metavar="[linear|ratio]",
            help=(
                "Achievement formula for lower-is-better indicators: linear (2T-R)/T x 100, or "
                "ratio T/R x 100. Example: --achievement ratio"
            ),
        ),
    ] = "linear",
    output_format: Annotated[
        Literal["table", "csv", "json", "markdown", "html", "xlsx"],
        typer.Option(
            "--format",
            "-f",
            parser=choice(("table", "csv", "json", "markdown", "html", "xlsx")),
            metavar="[table|csv|json|markdown|html|xlsx]",
            help=(
                "table (terminal), csv, json, markdown, html (one self-contained web page: "
                "the table, the sentences, the progress towards each next target and a chart "
                "per series) or xlsx (an Excel workbook in the LKjIP layout, with its sources "
                "and notes; needs --output FILE.xlsx and the xlsx extra). "
                "Example: --format html --output report.html"
            ),
        ),
    ] = "table",
    bands: Annotated[
        bool,
        typer.Option(
            "--bands/--no-bands",
            help=(
                "Add the achievement band of each row: above 100 exceeds the target, 91-100 very "
                "good (Sangat Baik), 76-90 good (Baik), 66-75 fair (Cukup), 51-65 poor (Kurang), "
                "50 or less very poor (Sangat Kurang). JSON and CSV get a `band` column with a "
                "code. --no-bands turns off `bands = true` of povtrack.toml. Example: --bands"
            ),
        ),
    ] = False,
    method: Annotated[
        Literal["unsd", "opensdg"],
        typer.Option(
            "--method",
            "-m",
            parser=choice(("unsd", "opensdg")),
            metavar="[unsd|opensdg]",
            help=(
                "Thresholds of the progress towards each next target (HTML, Markdown and the "
                "table's sentences), as in povtrack progress: unsd or opensdg. "
                "Example: --method opensdg"
            ),
        ),
    ] = "unsd",
    base_year: Annotated[
        int | None,
        typer.Option(
            "--base-year",
            metavar="YEAR",
            min=1900,
            max=2100,
            help=(
                "Base year of the progress towards each next target, for every series, as in "
                "povtrack progress. Default: the base year of the plan of the assessed target "
                "(plans[].base_year), else the first year from 2015 on with a value. "
                "Example: --base-year 2021"
            ),
            show_default=False,
        ),
    ] = None,
    all_series: Annotated[
        bool,
        typer.Option(
            "--all",
            help=(
                "In the terminal table, show every series. Without it, without --indicator and "
                "--region, a file of more than 25 series shows only the indicators and regions "
                "that have targets (when some do), so that it does not print thousands of rows; "
                "the other formats always have every series. Example: --all"
            ),
        ),
    ] = False,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help=(
                "Write to this file (atomically: never half a file) instead of stdout; '-' is "
                "stdout. The folder must exist. Example: --output report.csv"
            ),
        ),
    ] = "-",
    csv_dialect: Annotated[
        Literal["rfc4180", "excel", "excel-id"],
        typer.Option(
            "--csv-dialect",
            parser=choice(("rfc4180", "excel", "excel-id")),
            metavar="[rfc4180|excel|excel-id]",
            help=(
                "CSV flavour (with --format csv): rfc4180 (comma, decimal point; the default), "
                "excel (the same with a UTF-8 BOM), excel-id (semicolon, decimal comma, BOM, "
                "headers in the --lang language: opens as columns of numbers in Excel set to an "
                "Indonesian locale). Example: --csv-dialect excel-id"
            ),
        ),
    ] = "rfc4180",
    lang: Annotated[
        Literal["en", "id"] | None,
        typer.Option(
            "--lang",
            parser=choice(("en", "id")),
            metavar="[en|id]",
            help=(
                "Language of headers, labels, sentences, messages and --help: en or id (Bahasa "
                "Indonesia). Default: $POVTRACK_LANG, else the locale (LC_ALL, LC_MESSAGES, "
                "LANG). Example: --lang id"
            ),
            show_default=False,
        ),
    ] = None,
    no_color: Annotated[
        bool,
        typer.Option(
            "--no-color",
            help=(
                "No colour, even on a terminal (NO_COLOR=1 does the same). Example: --no-color"
            ),
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help=(
                "No notes on stderr (which data file was read, how many warnings it has); "
                "errors are still shown. Example: -q"
            ),
        ),
    ] = False,
) -> None:
    """Does nothing."""


if __name__ == "__main__":
    app(prog_name="povtrack")
'''


def bundled_data() -> Path:
    """The data file that povtrack ships: in the installed package, else in this checkout."""
    installed = Path(str(resources.files("povtrack") / "data" / "indicators.json"))
    if installed.is_file():
        return installed
    return Path(__file__).resolve().parents[1] / "data" / "indicators.json"


def _options(app: Any) -> tuple[list[tuple[Any, ...]], str]:
    """The options of `app`'s report command, through Typer's and Click's public interfaces:
    each option's name, flags, default, multiplicity and help, and the options panel of
    `report --help` (which shows each option's type or choices and its default)."""
    import typer.main
    from typer.testing import CliRunner

    group: Any = typer.main.get_command(app)
    report = group.commands["report"]
    params = [
        (p.name, p.opts, p.secondary_opts, p.default, p.multiple, p.required, p.help)
        for p in report.params
    ]
    shown = CliRunner().invoke(app, ["report", "--help"], env={"COLUMNS": "200"}).output
    return params, shown[shown.index("Options") :]


def check_same_options(minimal: Path) -> None:
    """Exit with a message unless the minimal app's `report` has exactly povtrack's options."""
    from povtrack.cli.app import make_app

    spec = importlib.util.spec_from_file_location("minimal_app", minimal)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ours, theirs = _options(make_app("report")), _options(module.app)
    if ours[0] != theirs[0]:
        differ = [(a, b) for a, b in zip(ours[0], theirs[0], strict=False) if a != b]
        sys.exit(f"the minimal app's options are not povtrack report's: {differ or ours[0]}")
    if ours[1] != theirs[1]:
        sys.exit(f"the minimal app's --help differs from povtrack report's:\n{theirs[1]}")


def run_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the child) of one run, in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        check=True,
        close_fds=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def spread(times: list[float]) -> str:
    q = statistics.quantiles(times, n=4)
    return (
        f"min {min(times) * 1e3:5.0f}  q1 {q[0] * 1e3:5.0f}  q3 {q[2] * 1e3:5.0f}  "
        f"max {max(times) * 1e3:5.0f}"
    )


LABELS = {
    "floor": "minimal Typer app report",
    "report": "povtrack report",
    "csv": "povtrack report -f csv",
    "python": "python -c pass",
    "version": "povtrack --version",
}
#: (measured, floor) for each ratio printed.
RATIOS = {"report": "floor", "csv": "floor", "version": "python"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="rounds (default: 21)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()

    python = sys.executable
    data = str(bundled_data())
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        check_same_options(minimal)
        # Every module of every command from bytecode compiled once, in a folder of our own
        # (as an installed package has it), whatever PYTHONDONTWRITEBYTECODE says: without
        # it, povtrack's modules would be compiled from source in each run and the floor's not.
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands: dict[str, list[str]] = {
            "floor": [python, str(minimal), "report", "--data", data],
            "report": [python, "-m", "povtrack", "report", "--data", data],
            "csv": [python, "-m", "povtrack", "report", "--data", data, "--format", "csv"],
            "python": [python, "-c", "pass"],
            "version": [python, "-m", "povtrack", "--version"],
        }
        for argv in commands.values():  # warm the caches (bytecode, file system) once
            run_once(argv, env)
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        rng = random.Random(20261203)
        for _ in range(args.runs):
            order = list(commands)
            rng.shuffle(order)
            for name in order:
                w, c = run_once(commands[name], env)
                wall[name].append(w)
                cpu[name].append(c)

    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, {args.runs} interleaved rounds"
    )
    print(f"data: {data}")
    figures: dict[str, Any] = {"runs": args.runs}
    for kind, times in (("wall", wall), ("cpu", cpu)):
        median = {name: statistics.median(values) for name, values in times.items()}
        print(f"\n{kind} time{'':19} {'median':>7}   spread (ms)")
        for name, label in LABELS.items():
            print(f"{label:28} {median[name] * 1e3:5.0f} ms   {spread(times[name])}")
        print("ratios: of the medians, and the median of the per-round ratios")
        ratios = {}
        for name, floor in RATIOS.items():
            per_round = statistics.median(
                a / b for a, b in zip(times[name], times[floor], strict=True)
            )
            ratios[name] = (median[name] / median[floor], per_round)
            target = "   target <= 1.2x" if name == "report" else ""
            print(
                f"  {LABELS[name]} / {LABELS[floor]}: {ratios[name][0]:.2f}x, "
                f"{ratios[name][1]:.2f}x{target}"
            )
        figures[kind] = {"median_s": median, "ratios": ratios}
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
