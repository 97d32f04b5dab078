"""What every command shares: options, exit codes, loading data, writing output.

Heavy modules are imported inside the functions, so that `--version` and `--help` start fast.
"""

from __future__ import annotations

import sys
from enum import IntEnum
from typing import TYPE_CHECKING, Annotated, NoReturn, TextIO

import typer

if TYPE_CHECKING:
    from collections.abc import Callable

    from povtrack.loader import DataSource
    from povtrack.model import Dataset
    from povtrack.render import RenderOptions
    from povtrack.report import Filters


class Exit(IntEnum):
    """Exit codes, the same for every command (README "Exit codes")."""

    OK = 0
    FAILED = 1  # the data is invalid, or a requested check failed
    USAGE = 2  # unknown option or value; a path that does not exist or cannot be read/written
    INTERNAL = 3  # a bug in povtrack: please report it


DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help=(
            "Data file to read. Default: $POVTRACK_DATA, else ./data/indicators.json, else the "
            "bundled data. Example: --data my-indicators.json"
        ),
        show_default=False,
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
        "--quiet", "-q", help="Do not say on stderr which data file was read. Example: -q"
    ),
]


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="en|id",
        help=(
            "Language of headers, labels, sentences and messages: en or id (Bahasa Indonesia). "
            "Default: $POVTRACK_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG). "
            "Example: --lang id"
        ),
        show_default=False,
    ),
]


CsvDialectOption = Annotated[
    str,
    typer.Option(
        "--csv-dialect",
        metavar="rfc4180|excel|excel-id",
        help=(
            "CSV flavour: rfc4180 (comma, decimal point; the default), excel (the same with a "
            "BOM), excel-id (semicolon, decimal comma, BOM: Excel in an Indonesian locale). "
            "Example: --csv-dialect excel-id"
        ),
    ),
]


def setup(lang: str | None) -> None:
    """First call of every command: choose the language (exit 2 for an unknown one)."""
    from povtrack import i18n

    if lang is None:
        i18n.set_lang(i18n.detect())
    elif lang in i18n.LANGS:
        i18n.set_lang(lang)
    else:
        fail(f"--lang {lang!r}: choose en or id", Exit.USAGE)


def err(message: str) -> None:
    from povtrack.output import safe

    sys.stderr.write(safe(message) + "\n")


def fail(message: str, code: Exit) -> NoReturn:
    err(f"povtrack: error: {message}")
    raise typer.Exit(code)


def source(data: str | None, quiet: bool) -> DataSource:
    from povtrack.loader import resolve

    source = resolve(data)
    if not quiet:
        err(source.describe())
    return source


def load_data(source: DataSource) -> Dataset:
    """Read and validate; invalid data is refused with the same messages as `validate`."""
    from povtrack.loader import DataError, InputError, load
    from povtrack.render.validation import problem_line, summary_line

    try:
        dataset, report = load(source.path)
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
    except DataError as exc:
        for problem in exc.report.problems:
            err(problem_line(problem))
        err(summary_line(exc.report))
        fail(
            f"{source.path} is not valid; fix the errors above "
            f"(povtrack validate --data {source.path} lists them again)",
            Exit.FAILED,
        )
    if report.warnings:
        err(
            f"{report.warnings} warning(s) in {source.path}: see povtrack validate "
            f"--data {source.path}"
        )
    return dataset


def filters(
    dataset: Dataset,
    indicators: list[str] | None,
    regions: list[str] | None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> Filters:
    """Filters, after checking that each named indicator and region exists (else exit 2)."""
    from povtrack.report import Filters

    for ind in indicators or []:
        if ind not in dataset.indicators:
            known = ", ".join(dataset.indicators) or "none"
            fail(
                f"--indicator {ind!r}: no such indicator in {dataset.path} (known: {known})",
                Exit.USAGE,
            )
    for reg in regions or []:
        if reg not in dataset.regions:
            known = ", ".join(dataset.regions) or "none"
            fail(f"--region {reg!r}: no such region in {dataset.path} (known: {known})", Exit.USAGE)
    if year_from is not None and year_to is not None and year_from > year_to:
        fail(f"--from {year_from} is after --to {year_to}", Exit.USAGE)
    return Filters(
        indicators=tuple(indicators or ()),
        regions=tuple(regions or ()),
        year_from=year_from,
        year_to=year_to,
    )


def options(stream: TextIO, no_color: bool, csv_dialect: str = "rfc4180") -> RenderOptions:
    from povtrack.output import use_color
    from povtrack.render import CSV_DIALECTS, RenderOptions

    if csv_dialect not in CSV_DIALECTS:
        fail(f"--csv-dialect {csv_dialect!r}: choose one of {', '.join(CSV_DIALECTS)}", Exit.USAGE)
    return RenderOptions(
        color=use_color(stream, no_color),
        csv_dialect=csv_dialect,
    )


def write(
    output: str,
    inputs: list[str],
    no_color: bool,
    render: Callable[[TextIO, RenderOptions], None],
    csv_dialect: str = "rfc4180",
) -> None:
    """Check the output path, then render into it atomically (to stdout for `-`)."""
    import msgspec

    from povtrack.loader import InputError
    from povtrack.output import check_output_path, open_output

    opts = options(sys.stdout if output == "-" else sys.stderr, no_color, csv_dialect)
    if output != "-":
        opts = msgspec.structs.replace(opts, color=False)
    try:
        check_output_path(output, inputs)
        with open_output(output, newline="") as stream:
            render(stream, opts)
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
