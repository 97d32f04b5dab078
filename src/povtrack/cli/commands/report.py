"""`povtrack report`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from povtrack.cli.common import (
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
    fail,
    feedback_for,
    filters,
    format_option,
    load_data,
    setup,
    source,
    write,
)
from povtrack.cli.workbook import check_format, report_sources, write_workbook

if TYPE_CHECKING:
    from povtrack.core.report import Report
    from povtrack.io.feedback import Feedback
    from povtrack.model.records import Dataset, Filters
    from povtrack.render import Renderer, RenderOptions


def report(
    data: DataOption = None,
    indicator: IndicatorOption = None,
    region: RegionOption = None,
    year_from: FromOption = None,
    year_to: ToOption = None,
    achievement: Annotated[
        Formula,
        typer.Option(
            "--achievement",
            help=(
                "Achievement formula for lower-is-better indicators: linear (2T-R)/T x 100, or "
                "ratio T/R x 100. Example: --achievement ratio"
            ),
        ),
    ] = "linear",
    output_format: Annotated[
        ReportFormat,
        format_option(
            "table (terminal), csv, json, markdown, html (one self-contained web page: the "
            "table, the sentences, the progress towards each next target and a chart per "
            "series) or xlsx (an Excel workbook in the LKjIP layout, with its sources and "
            "notes; needs --output FILE.xlsx and the xlsx extra). "
            "Example: --format html --output report.html"
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
    output: OutputOption = "-",
    csv_dialect: CsvDialectOption = "rfc4180",
    lang: LangOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
) -> None:
    """Year-over-year change and the margin against each target, one row per year.

    For each series (indicator x region, and month and breakdown where present): value, change
    from the previous available year, target, margin (positive = beats the target), achievement
    % and status, then one sentence per series' latest scored year.

    Example: povtrack report --indicator p0 --region 3524 --format csv --output p0.csv
    """
    setup(lang)
    check_format(output_format, output)

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
        if output_format == "xlsx":
            _workbook(dataset, chosen, achievement, bands, output, src.path, feedback)
            return
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


def _workbook(
    dataset: Dataset,
    chosen: Filters,
    achievement: Formula,
    bands: bool,
    output: str,
    path: str,
    feedback: Feedback,
) -> None:
    from povtrack.core.provenance import names_of
    from povtrack.core.report import build_report
    from povtrack.render.xlsx import Workbook, report_workbook

    result = build_report(dataset, chosen, achievement, bands=bands)
    sources = report_sources(dataset, chosen)
    given = Workbook(result, sources, names_of(dataset, sources))
    feedback.stage("writing")
    write_workbook(output, [path], report_workbook, given)


def register(app: typer.Typer) -> None:
    app.command()(report)
