"""`povtrack report`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Annotated, NamedTuple, TextIO

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
    loaded,
    setup,
    source,
    write,
)

if TYPE_CHECKING:
    from povtrack.core.report import Report
    from povtrack.io.feedback import Feedback
    from povtrack.io.loader import DataSource
    from povtrack.model.records import Dataset
    from povtrack.render import CsvDialect, Renderer, RenderOptions


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
            "table (terminal), csv, json, markdown, or html (one self-contained web page: the "
            "table, the sentences, the progress towards each next target and a chart per "
            "series). Example: --format html --output report.html"
        ),
    ] = "table",
    bands: Annotated[
        bool,
        typer.Option(
            "--bands",
            help=(
                "Add the achievement band of each row: above 100 exceeds the target, 91-100 very "
                "good (Sangat Baik), 76-90 good (Baik), 66-75 fair (Cukup), 51-65 poor (Kurang), "
                "50 or less very poor (Sangat Kurang). JSON and CSV get a `band` column with a "
                "code. Example: --bands"
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
    dialect = csv_dialect
    from povtrack.core.report import build_report, report_parts
    from povtrack.io.errors import InputError
    from povtrack.io.feedback import NO_FEEDBACK
    from povtrack.io.output import check_output_path
    from povtrack.render.report import RENDERERS, render_csv_parts

    src = source(data, quiet)
    try:
        check_output_path(output, [src.path])
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
    choice = Choice(indicator, region, year_from, year_to, achievement, bands)
    # Into stdout, no bar: while rich's bar runs, sys.stdout is its proxy to the terminal.
    if (
        output_format == "csv"
        and output == "-"
        and _in_halves(src, NO_FEEDBACK, choice, output, no_color, dialect, quiet)
    ):
        return
    with feedback_for(src.path, quiet) as feedback:
        if (
            output_format == "csv"
            and output != "-"
            and _in_halves(src, feedback, choice, output, no_color, dialect, quiet)
        ):
            return
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
            write(output, [src.path], no_color, emit, dialect)
    if output == "-":
        write(output, [src.path], no_color, emit, dialect)


class Choice(NamedTuple):
    """The options that choose the report's rows."""

    indicator: list[str] | None
    region: list[str] | None
    year_from: int | None
    year_to: int | None
    formula: Formula
    bands: bool


class _OneProcess(Exception):
    """The file must be reported in one process; nothing was written."""


def _in_halves(
    src: DataSource,
    feedback: Feedback,
    choice: Choice,
    output: str,
    no_color: bool,
    dialect: CsvDialect,
    quiet: bool,
) -> bool:
    """The CSV report of a large file in two processes (povtrack.cli.halves). False, with nothing
    written, when it must be done in one: a small file, one core, a file that is not clean or
    not listed region by region. The CSV is the same, byte for byte."""
    from pathlib import Path

    from povtrack.cli import halves
    from povtrack.core.report import report_parts
    from povtrack.render.report import render_csv_parts

    try:
        if not halves.worth_splitting(Path(src.path).stat().st_size):
            return False
        if output != "-" and Path(output).exists() and not Path(output).is_file():
            return False  # a device or a named pipe is opened once, by the path that writes
    except OSError:
        return False  # the one-process path says what is wrong
    plan = halves.plan(src.path)
    if plan is None:
        return False
    frame = plan.frame
    if (
        any(ind not in frame.indicators for ind in choice.indicator or ())
        or any(reg not in frame.regions for reg in choice.region or ())
        or (choice.year_from or 0) > (choice.year_to if choice.year_to is not None else 10**9)
    ):
        return False  # invalid data is refused first (exit 1): the one-process path says it
    chosen = filters(frame, choice.indicator, choice.region, choice.year_from, choice.year_to)
    folder = None if output == "-" else str(Path(output).resolve().parent)
    outcome = []

    def render(out: TextIO, opts: RenderOptions) -> None:
        def half(dataset: Dataset, stream: TextIO, first: bool) -> None:
            parts = report_parts(dataset, chosen, choice.formula, bands=choice.bands)
            render_csv_parts(parts, stream, opts, header=first)

        validation = halves.render(plan, half, out, folder, feedback)
        if validation is None:
            raise _OneProcess
        outcome.append(validation)

    try:
        write(output, [src.path], no_color, render, dialect)
    except _OneProcess:
        return False
    loaded(src, outcome[0])
    return True


def register(app: typer.Typer) -> None:
    app.command()(report)
