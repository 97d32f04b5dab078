"""`povtrack report`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Annotated, Final, TextIO

import typer

from povtrack.cli.common import (
    MAX_YEAR,
    MIN_YEAR,
    Command,
    CsvDialectOption,
    DataOption,
    Formula,
    FromOption,
    IndicatorOption,
    LangOption,
    Method,
    NoColorOption,
    OutputOption,
    QuietOption,
    RegionOption,
    ReportFormat,
    ToOption,
    check_output,
    choice_option,
    err,
    feedback_for,
    filters,
    format_option,
    load_data,
    setup,
    source,
    write,
)
from povtrack.cli.workbook import (
    check_format,
    data_name,
    generated_time,
    write_workbook,
)
from povtrack.i18n import N_, t

if TYPE_CHECKING:
    from povtrack.core.report import Report
    from povtrack.io.feedback import Feedback
    from povtrack.io.loader import DataSource
    from povtrack.model.records import Dataset, Filters
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
                "table (terminal), csv, json, markdown, html (one self-contained web page: the "
                "table, the sentences, the progress towards each next target and a chart per "
                "series) or xlsx (an Excel workbook in the LKjIP layout, with its sources and "
                "notes; needs --output FILE.xlsx and the xlsx extra). "
                "Example: --format html --output report.html"
            ),
        ),
    ] = "table",
    bands: Annotated[
        bool,
        typer.Option(
            "--bands/--no-bands",
            help=(
                t(
                    "Add the achievement band of each row: above 100 exceeds the target, 91-100 "
                    "very good (Sangat Baik), 76-90 good (Baik), 66-75 fair (Cukup), 51-65 poor "
                    "(Kurang), 50 or less very poor (Sangat Kurang). JSON and CSV get a `band` "
                    "column with a code. --no-bands turns off `bands = true` of povtrack.toml. "
                    "Example: --bands"
                )
            ),
        ),
    ] = False,
    method: Annotated[
        Method,
        choice_option(
            Method,
            "--method",
            "-m",
            help=t(
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
            min=MIN_YEAR,
            max=MAX_YEAR,
            help=t(
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
            help=t(
                "In the terminal table, show every series. Without it, without --indicator and "
                "--region, a file of more than 25 series shows only the indicators and regions "
                "that have targets (when some do), so that it does not print thousands of rows; "
                "the other formats always have every series. Example: --all"
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
    check_format(output_format, output)

    from povtrack.core.report import build_report, report_parts
    from povtrack.render.report import RENDERERS, render_csv_parts

    src = source(data, quiet)
    check_output(output, [src.path])
    with feedback_for(src.path, quiet) as feedback:
        dataset = load_data(src, feedback)
        chosen = filters(dataset, indicator, region, year_from, year_to)
        if output_format == "table" and not (all_series or indicator or region):
            chosen = _with_targets(dataset, chosen, quiet)
        feedback.stage("computing")
        emit: Callable[[TextIO, RenderOptions], None]
        if output_format == "xlsx":
            _workbook(dataset, chosen, achievement, bands, output, src, feedback)
            return
        if output_format == "csv":
            # rows written as they are computed: a large file's rows are never all in memory
            parts = report_parts(dataset, chosen, achievement, bands=bands)

            def emit(out: TextIO, opts: RenderOptions) -> None:
                render_csv_parts(parts, out, opts)

        else:
            result = build_report(dataset, chosen, achievement, bands=bands)
            # the progress towards each next target uses every year of each series and the
            # base year of `povtrack progress` (--base-year, else the target's plan's)
            from povtrack.core.progress import assess_shown

            renderer: Renderer[Report]
            if output_format == "html":
                from povtrack.render.html import render_html

                generated = generated_time()  # SOURCE_DATE_EPOCH, else the clock
                named = data_name(src)  # the bundled data: not where povtrack is installed
                if named is not None:
                    import msgspec

                    result = msgspec.structs.replace(result, data=named)
                progress = assess_shown(dataset, chosen, method=method, base_year=base_year)
                renderer = partial(render_html, progress=progress, generated=generated)
            elif output_format in ("markdown", "table"):
                progress = assess_shown(dataset, chosen, method=method, base_year=base_year)
                from povtrack.render.report import render_markdown, render_table

                text = render_markdown if output_format == "markdown" else render_table
                renderer = partial(text, progress=progress)
            else:
                renderer = RENDERERS[output_format]

            def emit(out: TextIO, opts: RenderOptions) -> None:
                renderer(result, out, opts)

        if output != "-":  # a bar beside output on the terminal would garble it
            feedback.stage("writing")
            write(output, [src.path], no_color, emit, csv_dialect)
    if output == "-":
        write(output, [src.path], no_color, emit, csv_dialect)


#: A terminal table of more series than this shows, by default, those with targets only.
TABLE_SERIES: Final = 25


def _with_targets(dataset: Dataset, chosen: Filters, quiet: bool) -> Filters:
    """The table's default on a file of more than TABLE_SERIES series: only the indicators and
    regions with a target somewhere (when some have one and others not), and a note on stderr
    saying how to see the rest."""
    import msgspec

    from povtrack.i18n import t

    if len(dataset.series) <= TABLE_SERIES:
        return chosen
    every = {(key[0], key[1]) for key in dataset.series}
    targeted = {
        (key[0], key[1])
        for key, items in dataset.series.items()
        if any(rec.target is not None for rec in items)
    }
    if not targeted or targeted == every:
        return chosen
    narrowed = msgspec.structs.replace(
        chosen,
        indicators=tuple(dict.fromkeys(ind for ind, _ in sorted(targeted))),
        regions=tuple(dict.fromkeys(reg for _, reg in sorted(targeted))),
    )
    if not quiet:
        shown = sum(1 for items in dataset.series.values() if narrowed.series(items[0]))
        err(
            t(
                "showing the {shown} of {total} series whose indicator and region have "
                "targets; choose others with --region or --indicator, or see every series with "
                "--all",
                shown=shown,
                total=len(dataset.series),
            )
        )
    return narrowed


def _workbook(
    dataset: Dataset,
    chosen: Filters,
    achievement: Formula,
    bands: bool,
    output: str,
    src: DataSource,
    feedback: Feedback,
) -> None:
    from povtrack.core.provenance import names_of, report_sources
    from povtrack.core.report import build_report
    from povtrack.render.xlsx import Workbook, report_workbook

    result = build_report(dataset, chosen, achievement, bands=bands)
    sources = report_sources(dataset, chosen)
    given = Workbook(result, sources, names_of(dataset, sources), data_name=data_name(src))
    feedback.stage("writing")
    write_workbook(output, [src.path], report_workbook, given)


def register(app: typer.Typer) -> None:
    app.command(cls=Command, help=t(REPORT_HELP))(report)
