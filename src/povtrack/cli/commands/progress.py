"""`povtrack progress`."""

from __future__ import annotations

from typing import Annotated

import typer

from povtrack import i18n
from povtrack.cli.common import (
    MAX_YEAR,
    MIN_YEAR,
    Command,
    CsvDialectOption,
    DataOption,
    Exit,
    IndicatorOption,
    LangOption,
    Method,
    NoColorOption,
    OutputOption,
    QuietOption,
    RegionOption,
    SheetFormat,
    check_output,
    choice_option,
    err,
    fail,
    filters,
    format_option,
    load_data,
    setup,
    source,
    write,
)
from povtrack.cli.workbook import check_format, data_name, write_workbook
from povtrack.i18n import N_, t

PROGRESS_HELP = N_(
    """Will each target be reached in time at the current pace?

For each series with a target in a year after its latest value: base, latest and target
values, the actual and the required compound annual growth rate (CAGR), their ratio, a
status (achieved, on_track, needs_acceleration, limited_progress, deterioration,
cannot_assess with the reason), the value projected for the target year at the current
pace and the year in which the target would be reached. The table, Markdown and the
excel-id CSV follow --lang; JSON and the default CSV keep codes and English reasons and
notes whatever the language.

Example: povtrack progress --region 3524 --base-year 2021 --explain"""
)


def progress(
    data: DataOption = None,
    indicator: IndicatorOption = None,
    region: RegionOption = None,
    method: Annotated[
        Method,
        choice_option(
            Method,
            "--method",
            "-m",
            help=(
                t(
                    "Thresholds of the ratio CR = actual / required growth rate: unsd (UNSD SDG "
                    "Progress Chart: on track >= 0.95, needs acceleration >= 0.5, limited "
                    "progress >= -0.1) or opensdg (Open SDG: >= 0.95, >= 0.6, >= 0). Example: "
                    "--method opensdg"
                )
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
            help=(
                t(
                    "Base year of the growth rates, for every series. Default: the base year of "
                    "the plan of the assessed target (plans[].base_year), else the first year "
                    "from 2015 on with a value, else the first year with a value. A series "
                    "without a value in that year cannot be assessed. Example: --base-year 2021"
                )
            ),
            show_default=False,
        ),
    ] = None,
    target_year: Annotated[
        int | None,
        typer.Option(
            "--target-year",
            metavar="YEAR",
            min=MIN_YEAR,
            max=MAX_YEAR,
            help=(
                t(
                    "Assess against the target of this year (only series with a target in it). "
                    "Default: each series' nearest target after its latest value. Example: "
                    "--target-year 2045"
                )
            ),
            show_default=False,
        ),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help=(
                t(
                    "Show every input, intermediate figure and formula, to redo the arithmetic "
                    "by hand (table, markdown; 'steps' in JSON). Example: --explain"
                )
            ),
        ),
    ] = False,
    output_format: Annotated[
        SheetFormat,
        format_option(
            SheetFormat,
            t(
                "table (terminal), csv, json, markdown or xlsx (an Excel workbook: the "
                "progress sheet with its sources and notes; needs --output FILE.xlsx and the "
                "xlsx extra). Example: --format json"
            ),
        ),
    ] = "table",
    output: OutputOption = "-",
    csv_dialect: CsvDialectOption = "rfc4180",
    lang: LangOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is PROGRESS_HELP."""
    setup(lang)
    check_format(output_format, output)
    from povtrack.core.progress import UnknownTargetYear, assess_shown
    from povtrack.render.progress import RENDERERS

    if explain and output_format == "csv":
        fail(
            i18n.t("--explain does not fit in CSV: use --format json, table or markdown"),
            Exit.USAGE,
        )
    src = source(data, quiet)
    check_output(output, [src.path])
    dataset = load_data(src)
    chosen = filters(dataset, indicator, region)
    for ind in dict.fromkeys(indicator or []):
        if dataset.indicators[ind].direction == "none":
            err(
                i18n.t(
                    "povtrack: note: --indicator {indicator} has direction none: it is "
                    "never assessed",
                    indicator=ind,
                )
            )
    try:
        result = assess_shown(
            dataset,
            chosen,
            method=method,
            base_year=base_year,
            target_year=target_year,
            explain=explain,
        )
    except UnknownTargetYear as exc:
        if exc.available:
            known = ", ".join(str(year) for year in exc.available)
            fail(
                i18n.t(
                    "--target-year {year}: no selected series has a target in {year}; "
                    "target years in the selected series: {known}",
                    year=target_year,
                    known=known,
                ),
                Exit.USAGE,
            )
        fail(
            i18n.t("--target-year {year}: no selected series has any target", year=target_year),
            Exit.USAGE,
        )
    if output_format == "xlsx":
        from povtrack.core.provenance import names_of, progress_sources
        from povtrack.render.xlsx import Workbook, progress_workbook

        sources = progress_sources(dataset, result.result)
        decimals = {ind.id: ind.decimals for ind in dataset.indicators.values()}
        given = Workbook(
            result, sources, names_of(dataset, sources), decimals, data_name=data_name(src)
        )
        write_workbook(output, [src.path], progress_workbook, given)
        return
    renderer = RENDERERS[output_format]
    write(
        output,
        [src.path],
        no_color,
        lambda out, opts: renderer(result, out, opts),
        csv_dialect=csv_dialect,
    )


def register(app: typer.Typer) -> None:
    app.command(cls=Command, help=t(PROGRESS_HELP))(progress)
