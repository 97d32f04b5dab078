"""`povtrack rank`."""

from __future__ import annotations

from typing import Annotated

import typer

from povtrack.cli.common import (
    MAX_YEAR,
    MIN_YEAR,
    Command,
    CsvDialectOption,
    DataOption,
    Exit,
    LangOption,
    NoColorOption,
    OutputOption,
    QuietOption,
    SheetFormat,
    check_output,
    complete_indicator,
    complete_region,
    fail,
    format_option,
    load_data,
    setup,
    source,
    write,
)
from povtrack.cli.workbook import check_format, data_name, write_workbook
from povtrack.i18n import N_, t

RANK_HELP = N_(
    """Regions ranked by one indicator's value in one year, with the source of each value.

Rank 1 has the highest value: worst first for a lower-is-better indicator such as P0, best
first for a higher-is-better one; for direction none (the poverty line) it is only an order
by value, not a ranking of performance. Only totals are ranked (no breakdowns), one period
at a time; equal values share a rank (1, 2, 2, 4). Regions without a value that year are
listed as not ranked, with the reason. The ranking covers only the regions in the data
file, and says so.

Exit 0 on success, 2 for an unknown indicator, parent or region, or a year without values.

Example: povtrack rank --indicator p0 --year 2022 --parent 35 --highlight 3524"""
)


def rank(
    indicator: Annotated[
        str,
        typer.Option(
            "--indicator",
            "-i",
            autocompletion=complete_indicator,
            metavar="ID",
            help=t("The indicator to rank by. Example: --indicator p0"),
            show_default=False,
        ),
    ],
    year: Annotated[
        int,
        typer.Option(
            "--year",
            "-y",
            metavar="YEAR",
            min=MIN_YEAR,
            max=MAX_YEAR,
            help=t("The year whose values are ranked. Example: --year 2022"),
            show_default=False,
        ),
    ],
    month: Annotated[
        int | None,
        typer.Option(
            "--month",
            "-m",
            metavar="MONTH",
            help=(
                t(
                    "Rank the figures of this month (3 = March, 9 = September), for semi-annual "
                    "data. Default: the annual figures (no month) if there are any, else the "
                    "only month there is; required when March and September are both present. "
                    "Example: --month 9"
                )
            ),
            show_default=False,
        ),
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent",
            "-p",
            autocompletion=complete_region,
            metavar="CODE",
            help=(
                t(
                    "Only the regions whose parent is CODE: the regencies of East Java are "
                    "under 35. Default: every region in the data file. Example: --parent 35"
                )
            ),
            show_default=False,
        ),
    ] = None,
    highlight: Annotated[
        list[str] | None,
        typer.Option(
            "--highlight",
            autocompletion=complete_region,
            metavar="CODE",
            help=(
                t(
                    'Say where this region stands ("Kabupaten Lamongan: 10th of 10 listed") '
                    "and mark it in the table; repeat for several. Example: --highlight 3524"
                )
            ),
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    output_format: Annotated[
        SheetFormat,
        format_option(
            SheetFormat,
            t(
                "table (terminal), csv, json, markdown or xlsx (an Excel workbook: the ranking "
                "with its sources and notes; needs --output FILE.xlsx and the xlsx extra). "
                "Example: --format json"
            ),
        ),
    ] = "table",
    output: OutputOption = "-",
    csv_dialect: CsvDialectOption = "rfc4180",
    lang: LangOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is RANK_HELP."""
    setup(lang)
    check_format(output_format, output)
    from povtrack.core.names import Shown
    from povtrack.core.ranking import RankError, build_ranking, names_of
    from povtrack.render.rank import RENDERERS

    src = source(data, quiet)
    check_output(output, [src.path])
    dataset = load_data(src)
    try:
        result = build_ranking(
            dataset, indicator, year, month=month, parent=parent, highlight=highlight or ()
        )
    except RankError as exc:
        fail(exc.message(), Exit.USAGE)
    shown = Shown(result, names_of(dataset, result))
    if output_format == "xlsx":
        from povtrack.core import provenance
        from povtrack.core.provenance import rank_sources
        from povtrack.render.xlsx import Workbook, rank_workbook

        sources = rank_sources(dataset, result)
        given = Workbook(
            shown, sources, provenance.names_of(dataset, sources), data_name=data_name(src)
        )
        write_workbook(output, [src.path], rank_workbook, given)
        return
    renderer = RENDERERS[output_format]
    write(
        output,
        [src.path],
        no_color,
        lambda out, opts: renderer(shown, out, opts),
        csv_dialect=csv_dialect,
    )


def register(app: typer.Typer) -> None:
    app.command(cls=Command, help=t(RANK_HELP))(rank)
