"""What every command shares: options, exit codes, loading data, writing output.

Heavy modules are imported inside the functions, so that `--version` and `--help` start fast.
Messages are in the language that `setup` chose (`povtrack.i18n`); `--help` stays English (it
is built before any option is read).
"""

from __future__ import annotations

import contextlib
import sys
from enum import IntEnum
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, NoReturn, TextIO

import typer

from povtrack import __version__, i18n
from povtrack.cli import config as project_file
from povtrack.cli.config import note_source
from povtrack.i18n import Lang

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from povtrack.io.feedback import Feedback
    from povtrack.io.loader import DataSource
    from povtrack.model.problems import ValidationReport
    from povtrack.model.records import Dataset, Filters
    from povtrack.render import RenderOptions


class Exit(IntEnum):
    """Exit codes, the same for every command (README "Exit codes")."""

    OK = 0
    FAILED = 1  # the data is invalid, or a requested check failed
    USAGE = 2  # unknown option or value; a path that does not exist or cannot be read/written
    INTERNAL = 3  # a bug in povtrack: please report it


# -- choices ------------------------------------------------------------------------------------
# Each is a Literal: Typer lists its values in --help and refuses any other value with its
# usage error (exit 2), before the command runs. Those that the core or the renderers define
# too are written out here, so that --help does not import them; a test checks that they agree
# (povtrack.render.CsvDialect, povtrack.core.report.Formula, povtrack.core.progress_math.Method).

#: --format of sources.
TableFormat = Literal["table", "csv", "json", "markdown"]
#: --format of progress and rank: an Excel workbook too (povtrack.cli.workbook).
SheetFormat = Literal[TableFormat, "xlsx"]
#: --format of report.
ReportFormat = Literal[TableFormat, "html", "xlsx"]
#: --format of check.
CheckFormat = Literal["text", "json", "github", "markdown"]
#: --format of validate.
ValidateFormat = Literal["text", "json", "github"]
#: --format of import.
ImportFormat = Literal["text", "json"]
#: --csv-dialect.
CsvDialect = Literal["rfc4180", "excel", "excel-id"]
#: --achievement of report.
Formula = Literal["linear", "ratio"]
#: --method of progress and chart.
Method = Literal["unsd", "opensdg"]


def format_option(help: str, **kwargs: Any) -> Any:
    """The --format/-f option of a command, whose type is one of the formats above:
    `Annotated[ReportFormat, format_option("table, csv, ... Example: --format csv")]`."""
    return typer.Option("--format", "-f", help=help, **kwargs)


# -- the root of the CLI ------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"povtrack {__version__}\n")
        raise typer.Exit(Exit.OK)


def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the version and exit. Example: povtrack --version",
        ),
    ] = False,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            metavar="PATH",
            help=(
                "Project file to read (before the command's name). Default: $POVTRACK_CONFIG, "
                "else the nearest povtrack.toml in this folder or above (up to a folder with "
                ".git, or your home). Example: povtrack --config plans/povtrack.toml report"
            ),
            show_default=False,
        ),
    ] = None,
    no_config: Annotated[
        bool,
        typer.Option(
            "--no-config",
            help=(
                "Read no project file: only the options given and the built-in defaults. "
                "Example: povtrack --no-config report"
            ),
        ),
    ] = False,
) -> None:
    """Validate poverty indicator data and report it against planning targets, exactly."""
    try:
        project_file.apply(ctx, config, no_config)
    except project_file.ConfigError as exc:
        fail(str(exc), Exit.USAGE)


# -- options that several commands share -------------------------------------------------------


DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help=(
            "Data file to read. Default: $POVTRACK_DATA, else `data` in povtrack.toml, else "
            "./data/indicators.json, else the bundled data. Example: --data my-indicators.json"
        ),
        show_default=False,
        callback=note_source,
    ),
]
IndicatorOption = Annotated[
    list[str] | None,
    typer.Option(
        "--indicator",
        "-i",
        metavar="ID",
        help="Only this indicator; repeat for several. Example: --indicator p0 --indicator gini",
        show_default=False,
    ),
]
RegionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        "-r",
        metavar="CODE",
        help="Only this region (BPS code); repeat for several. Example: --region 3524",
        show_default=False,
        callback=note_source,
    ),
]
FromOption = Annotated[
    int | None,
    typer.Option("--from", metavar="YEAR", help="First year shown. Example: --from 2020"),
]
ToOption = Annotated[
    int | None,
    typer.Option("--to", metavar="YEAR", help="Last year shown. Example: --to 2025"),
]
OutputOption = Annotated[
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
]
NoColorOption = Annotated[
    bool,
    typer.Option(
        "--no-color",
        help="No colour, even on a terminal (NO_COLOR=1 does the same). Example: --no-color",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help=(
            "No notes on stderr (which data file was read, how many warnings it has); errors "
            "are still shown. Example: -q"
        ),
    ),
]


LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help=(
            "Language of headers, labels, sentences and messages: en or id (Bahasa Indonesia). "
            "Default: $POVTRACK_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG). "
            "Example: --lang id"
        ),
        show_default=False,
    ),
]


CsvDialectOption = Annotated[
    CsvDialect,
    typer.Option(
        "--csv-dialect",
        help=(
            "CSV flavour (with --format csv): rfc4180 (comma, decimal point; the default), "
            "excel (the same with a UTF-8 BOM), excel-id (semicolon, decimal comma, BOM, "
            "headers in the --lang language: opens as columns of numbers in Excel set to an "
            "Indonesian locale). Example: --csv-dialect excel-id"
        ),
    ),
]


def setup(lang: Lang | None) -> None:
    """First call of every command: the language of --lang, else of the environment (exit 2
    when $POVTRACK_LANG names no language we have)."""
    if lang is not None:
        i18n.set_lang(lang)
        return
    try:
        i18n.set_lang(i18n.detect())
    except ValueError as exc:
        i18n.set_lang("en")
        fail(
            i18n.t(
                "{var}={value}: choose en or id (or unset it to follow the locale)",
                var=i18n.ENV_VAR,
                value=str(exc),
            ),
            Exit.USAGE,
        )


def err(message: str) -> None:
    from povtrack.io.output import safe

    sys.stderr.write(safe(message) + "\n")


def fail(message: str, code: Exit) -> NoReturn:
    from povtrack.i18n import t

    err(t("povtrack: error: {message}", message=message))
    raise typer.Exit(code)


#: --quiet of the running command (one command per process): set by `source`.
_quiet = [False]

#: Files with at least this many records make millions of objects.
LARGE: Final = 100_000
#: Whether the running command has read a large file (see `cli.main`).
_large = [False]


def read_large(large: bool = True) -> None:
    """Say that the running command has read a large file: once it has finished, the process
    ends without freeing each of its objects (see `cli.main`, which resets it first).

    Nothing is frozen (`gc.freeze`): after a large read it saved no measurable time (1M
    records, CPU time, median of 3 interleaved runs: 7.86x vs 7.89x the orjson floor)."""
    _large[0] = large


def has_read_large() -> bool:
    return _large[0]


def given_path(value: str | None, option: str) -> None:
    """An empty path (`--data ''`, an unset variable in a script) is a usage error, never the
    current folder or the default file in its place."""
    if value is not None and not value.strip():
        from povtrack.i18n import t

        fail(t("{option} is empty; give a path", option=option), Exit.USAGE)


def source(data: str | None, quiet: bool) -> DataSource:
    """The data file to read; says which on stderr unless --quiet."""
    from povtrack.io.loader import resolve

    given_path(data, "--data")
    _quiet[0] = quiet
    project = project_file.active()
    if project is not None and project_file.from_file("data"):
        from pathlib import Path

        from povtrack.io.loader import DataSource
        from povtrack.io.output import safe_line

        source = DataSource(data or "", project.where("data"))
        if not Path(source.path).exists():
            fail(
                i18n.t(
                    "{path}: no such file (data in {config}); fix that key, or start the "
                    "file with povtrack import ... --create",
                    path=safe_line(source.path),
                    config=safe_line(project.where("data")),
                ),
                Exit.USAGE,
            )
    else:
        source = resolve(data)
    if not quiet:
        err(source.describe())
    return source


@contextlib.contextmanager
def feedback_for(path: str, quiet: bool) -> Iterator[Feedback]:
    """A progress bar on stderr for a large file on a terminal; else silence."""
    from povtrack.io.feedback import NO_FEEDBACK, TerminalFeedback, wanted

    if not wanted(path, quiet):
        yield NO_FEEDBACK
        return
    with TerminalFeedback() as feedback:
        yield feedback


def load_data(source: DataSource, feedback: Feedback | None = None) -> Dataset:
    """Read and validate; invalid data is refused with the same messages as `validate`.
    Without a `feedback`, a large file shows its own progress bar while it loads."""
    from povtrack.i18n import t
    from povtrack.io.errors import DataError, InputError
    from povtrack.io.loader import load
    from povtrack.io.output import safe_line
    from povtrack.render.validation import problem_line, summary_line

    try:
        if feedback is None:
            with feedback_for(source.path, quiet=False) as own:
                dataset, report = load(source.path, own)
        else:
            dataset, report = load(source.path, feedback)
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
    except DataError as exc:
        for problem in exc.report.problems:
            err(problem_line(problem))
        err(summary_line(exc.report))
        fail(
            t(
                "{path} is not valid; fix the errors above (povtrack validate "
                "--data {path} lists them again)",
                path=safe_line(source.path),
            ),
            Exit.FAILED,
        )
    loaded(source, report)
    return dataset


def loaded(source: DataSource, report: ValidationReport) -> None:
    """After a valid file is read: the note of its warnings (unless --quiet), and whether it
    was large (see `read_large`)."""
    from povtrack.i18n import tn
    from povtrack.io.output import safe_line

    if report.warnings and not _quiet[0]:
        err(
            tn(
                "1 warning in {path}: see povtrack validate --data {path}",
                "{n} warnings in {path}: see povtrack validate --data {path}",
                report.warnings,
                path=safe_line(source.path),
            )
        )
    if report.counts is not None and report.counts.records >= LARGE:
        read_large()


def filters(
    dataset: Dataset,
    indicators: list[str] | None,
    regions: list[str] | None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> Filters:
    """Filters, after checking that each named indicator and region exists (else exit 2)."""
    from povtrack.i18n import t
    from povtrack.model.records import Filters

    for ind in indicators or []:
        if ind not in dataset.indicators:
            known = ", ".join(dataset.indicators) or t("none")
            fail(
                t(
                    "--indicator {id}: no such indicator in {path} (known: {known})",
                    id=repr(ind),
                    path=dataset.path,
                    known=known,
                ),
                Exit.USAGE,
            )
    for reg in regions or []:
        if reg not in dataset.regions:
            known = ", ".join(dataset.regions) or t("none")
            project = project_file.active()
            if project is not None and project_file.from_file("region"):
                fail(
                    t(
                        "{config}: region {code}: no such region in {path} (known: "
                        "{known}); fix the regions key, or give --region",
                        config=project.where("regions"),
                        code=repr(reg),
                        path=dataset.path,
                        known=known,
                    ),
                    Exit.USAGE,
                )
            fail(
                t(
                    "--region {code}: no such region in {path} (known: {known})",
                    code=repr(reg),
                    path=dataset.path,
                    known=known,
                ),
                Exit.USAGE,
            )
    if year_from is not None and year_to is not None and year_from > year_to:
        fail(t("--from {start} is after --to {end}", start=year_from, end=year_to), Exit.USAGE)
    return Filters(
        indicators=tuple(indicators or ()),
        regions=tuple(regions or ()),
        year_from=year_from,
        year_to=year_to,
    )


def options(stream: TextIO, no_color: bool, csv_dialect: CsvDialect = "rfc4180") -> RenderOptions:
    from povtrack.io.output import use_color
    from povtrack.render import RenderOptions

    return RenderOptions(color=use_color(stream, no_color), csv_dialect=csv_dialect)


def write(
    output: str,
    inputs: list[str],
    no_color: bool,
    render: Callable[[TextIO, RenderOptions], None],
    csv_dialect: CsvDialect = "rfc4180",
) -> None:
    """Check the output path, then render into it atomically (to stdout for `-`)."""
    import msgspec

    from povtrack.io.errors import InputError
    from povtrack.io.output import check_output_path, open_output

    opts = options(sys.stdout if output == "-" else sys.stderr, no_color, csv_dialect)
    if output != "-":
        opts = msgspec.structs.replace(opts, color=False)
    try:
        check_output_path(output, inputs)
        with open_output(output, newline="") as stream:
            render(stream, opts)
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
