"""`povtrack coverage`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from povtrack.cli.common import (
    Command,
    CsvDialectOption,
    DataOption,
    Exit,
    FromOption,
    IndicatorOption,
    LangOption,
    NoColorOption,
    OutputOption,
    QuietOption,
    RegionOption,
    TableFormat,
    ToOption,
    check_output,
    complete_region,
    err,
    fail,
    filters,
    format_option,
    load_data,
    setup,
    source,
    write,
)
from povtrack.i18n import N_, t

if TYPE_CHECKING:
    from povtrack.core.coverage import Coverage


COVERAGE_HELP = N_(
    """What the data holds: per indicator (and month), regions × years, with counts.

Each cell is a figure (●), a target only (○), a recorded gap with its reason (× not
published, ? not found, ≠ methodology break) or missing with no gap recorded (·). Totals
only (no breakdowns). Rows: the regions of --region and --parent, else those with data;
columns: every year from the first to the last figure or recorded gap (--from and --to
set them). Each region's figures (9/11), each year's, and the total are counted.

Exit 0 on success (also when nothing matches), 1 for invalid data or, with
--fail-on-missing, a missing cell; 2 for an unknown indicator, region or parent.

Example: povtrack coverage --indicator p0 --parent 35 --from 2015 --to 2025"""
)


def coverage(
    data: DataOption = None,
    indicator: IndicatorOption = None,
    region: RegionOption = None,
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent",
            "-p",
            metavar="CODE",
            autocompletion=complete_region,
            help=t(
                "Rows for every region whose parent is CODE, with data or not: the regencies "
                "of East Java are under 35 (added to any --region). Default: the regions that "
                "have data. Example: --parent 35"
            ),
            show_default=False,
        ),
    ] = None,
    year_from: FromOption = None,
    year_to: ToOption = None,
    month: Annotated[
        int | None,
        typer.Option(
            "--month",
            "-m",
            metavar="MONTH",
            min=1,
            max=12,
            help=t(
                "Only the figures of this month (3 = March, 9 = September). Default: every "
                "month and the annual figures, each its own matrix. Example: --month 3"
            ),
            show_default=False,
        ),
    ] = None,
    fail_on_missing: Annotated[
        bool,
        typer.Option(
            "--fail-on-missing",
            help=t(
                "Exit 1 when a cell is missing with no gap recorded (for CI); the output is "
                "written all the same. Example: --fail-on-missing"
            ),
        ),
    ] = False,
    output_format: Annotated[
        TableFormat,
        format_option(
            TableFormat,
            t(
                "table (terminal: a symbol per region and year), csv (one row per cell), json, "
                "or markdown (a table per indicator). Example: --format csv"
            ),
        ),
    ] = "table",
    output: OutputOption = "-",
    csv_dialect: CsvDialectOption = "rfc4180",
    lang: LangOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is COVERAGE_HELP."""
    setup(lang)
    from povtrack.core.coverage import CoverageError, build_coverage, names_of
    from povtrack.core.names import Shown
    from povtrack.i18n import tn
    from povtrack.render.coverage import RENDERERS

    src = source(data, quiet)
    check_output(output, [src.path])
    dataset = load_data(src)
    chosen = filters(dataset, indicator, region, year_from, year_to)
    try:
        result = build_coverage(dataset, chosen, parent=parent, month=month)
    except CoverageError as exc:
        fail(exc.message(), Exit.USAGE)
    shown = Shown(result, names_of(dataset, result))
    renderer = RENDERERS[output_format]
    write(
        output,
        [src.path],
        no_color,
        lambda out, opts: renderer(shown, out, opts),
        csv_dialect=csv_dialect,
    )
    if fail_on_missing and result.counts.missing:
        err(
            tn(
                "--fail-on-missing: 1 cell of {path} has no figure and no gap recorded ({first}); "
                "add the figure, or record in the file's gaps why there is none",
                "--fail-on-missing: {n} cells of {path} have no figure and no gap recorded (the "
                "first: {first}; · in the table); add the figures, or record in the file's "
                "gaps why there are none",
                result.counts.missing,
                path=src.path,
                first=_first_missing(result),
            )
        )
        raise typer.Exit(Exit.FAILED)


def _first_missing(result: Coverage) -> str:
    """The first missing cell, named as messages name a record: `p0 / 3524 / 2019`,
    `p0 / 35 / 2019-03`."""
    for matrix in result.matrices:
        for row in matrix.rows:
            for cell in row.cells:
                if cell.status == "missing":
                    when = str(cell.year)
                    if matrix.month is not None:
                        when += f"-{matrix.month:02d}"
                    return f"{matrix.indicator} / {row.region} / {when}"
    return "-"


def register(app: typer.Typer) -> None:
    app.command(cls=Command, help=t(COVERAGE_HELP))(coverage)
