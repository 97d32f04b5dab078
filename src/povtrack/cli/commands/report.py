"""`povtrack report`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from povtrack.cli.common import (
    Command,
    CsvDialectOption,
    DataOption,
    Exit,
    Formula,
    FromOption,
    IndicatorOption,
    LangOption,
    NoColorOption,
    OutputOption,
    QuietOption,
    RegionOption,
    ReportFormat,
    ToOption,
    choice_option,
    fail,
    feedback_for,
    filters,
    format_option,
    load_data,
    setup,
    source,
    write,
)
from povtrack.i18n import N_, t

if TYPE_CHECKING:
    from povtrack.core.report import Report
    from povtrack.render import Renderer, RenderOptions


REPORT_HELP = N_(
    """Year-over-year change and the margin against each target, one row per year.

For each series (indicator x region, and month and breakdown where present): value, change
from the previous available year, target, margin (positive = beats the target), achievement
% and status, then one sentence per series' latest scored year.

Example: povtrack report --indicator p0 --region 3524 --format csv --output p0.csv"""
)


def report(
    data: DataOption = None,
    indicator: IndicatorOption = None,
    region: RegionOption = None,
    year_from: FromOption = None,
    year_to: ToOption = None,
    achievement: Annotated[
        Formula,
        choice_option(
            Formula,
            "--achievement",
            help=(
                t(
                    "Achievement formula for lower-is-better indicators: linear (2T-R)/T x 100, "
                    "or ratio T/R x 100. Example: --achievement ratio"
                )
            ),
        ),
    ] = "linear",
    output_format: Annotated[
        ReportFormat,
        format_option(
            ReportFormat,
            t(
                "table (terminal), csv, json, markdown, or html (one self-contained web page: "
                "the table, the sentences, the progress towards each next target and a chart "
                "per series). Example: --format html --output report.html"
            ),
        ),
    ] = "table",
    bands: Annotated[
        bool,
        typer.Option(
            "--bands",
            help=(
                t(
                    "Add the achievement band of each row: above 100 exceeds the target, 91-100 "
                    "very good (Sangat Baik), 76-90 good (Baik), 66-75 fair (Cukup), 51-65 poor "
                    "(Kurang), 50 or less very poor (Sangat Kurang). JSON and CSV get a `band` "
                    "column with a code. Example: --bands"
                )
            ),
        ),
    ] = False,
    output: OutputOption = "-",
    csv_dialect: CsvDialectOption = "rfc4180",
    lang: LangOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is REPORT_HELP."""
    setup(lang)

    from povtrack.core.report import build_report, report_parts
    from povtrack.io.errors import InputError
    from povtrack.io.output import check_output_path
    from povtrack.render.report import RENDERERS, render_csv_parts

    src = source(data, quiet)
    try:
        check_output_path(output, [src.path])
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
    with feedback_for(src.path, quiet) as feedback:
        dataset = load_data(src, feedback)
        chosen = filters(dataset, indicator, region, year_from, year_to)
        feedback.stage("computing")
        emit: Callable[[TextIO, RenderOptions], None]
        if output_format == "csv":
            # rows written as they are computed: a large file's rows are never all in memory
            parts = report_parts(dataset, chosen, achievement, bands=bands)

            def emit(out: TextIO, opts: RenderOptions) -> None:
                render_csv_parts(parts, out, opts)

        else:
            result = build_report(dataset, chosen, achievement, bands=bands)
            if output_format == "html":
                # the page's progress assessment uses every year of each series, as `progress`
                from povtrack.core.progress import assess_shown
                from povtrack.render.html import render_html

                renderer: Renderer[Report] = partial(
                    render_html, progress=assess_shown(dataset, chosen)
                )
            else:
                renderer = RENDERERS[output_format]

            def emit(out: TextIO, opts: RenderOptions) -> None:
                renderer(result, out, opts)

        if output != "-":  # a bar beside output on the terminal would garble it
            feedback.stage("writing")
            write(output, [src.path], no_color, emit, csv_dialect)
    if output == "-":
        write(output, [src.path], no_color, emit, csv_dialect)


def register(app: typer.Typer) -> None:
    app.command(cls=Command, help=t(REPORT_HELP))(report)
