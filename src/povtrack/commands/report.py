"""`povtrack report`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from povtrack.clikit import (
    DataOption,
    Exit,
    FromOption,
    IndicatorOption,
    LangOption,
    NoColorOption,
    OutputOption,
    QuietOption,
    RegionOption,
    ToOption,
    fail,
    filters,
    load_data,
    setup,
    source,
    write,
)


class ReportFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class AchievementFormula(StrEnum):
    linear = "linear"
    ratio = "ratio"


def report(
    data: DataOption = None,
    indicator: IndicatorOption = None,
    region: RegionOption = None,
    year_from: FromOption = None,
    year_to: ToOption = None,
    achievement: Annotated[
        AchievementFormula,
        typer.Option(
            "--achievement",
            help=(
                "Achievement formula for lower-is-better indicators: linear (2T-R)/T x 100, or "
                "ratio T/R x 100. Example: --achievement ratio"
            ),
        ),
    ] = AchievementFormula.linear,
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="table (terminal), csv, json or markdown. Example: --format csv",
        ),
    ] = ReportFormat.table,
    output: OutputOption = "-",
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
    from povtrack.loader import InputError
    from povtrack.output import check_output_path
    from povtrack.render.report import RENDERERS
    from povtrack.report import build_report

    src = source(data, quiet)
    try:
        check_output_path(output, [src.path])
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
    dataset = load_data(src)
    chosen = filters(dataset, indicator, region, year_from, year_to)
    result = build_report(dataset, chosen, achievement.value)
    renderer = RENDERERS[output_format.value]
    write(output, [src.path], no_color, lambda out, opts: renderer(result, out, opts))


def register(app: typer.Typer) -> None:
    app.command()(report)
