"""`povtrack chart`: a line chart of one indicator, as SVG, or as PNG (the `charts` extra)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from povtrack import i18n
from povtrack.cli.common import (
    MAX_YEAR,
    MIN_YEAR,
    Command,
    DataOption,
    Exit,
    FromOption,
    IndicatorOption,
    LangOption,
    Method,
    QuietOption,
    RegionOption,
    ToOption,
    check_output,
    choice_option,
    err,
    fail,
    filters,
    load_data,
    setup,
    source,
)
from povtrack.i18n import N_, t

DEFAULT_WIDTH = 1200
DEFAULT_HEIGHT = 675
MIN_SIZE = 320
MAX_SIZE = 8000


CHART_HELP = N_(
    """Draw one indicator over the years against its targets, as PNG or SVG.

One line per selected region (and per month or breakdown where the data has them), each
value marked, a missing year left as a gap in the line; targets as hollow diamonds; the
latest value labelled with its margin against that year's target; where a target lies
ahead, the projection at the current pace to the target year, dashed (as povtrack progress
computes it). Title, axis, labels and numbers in the chosen language; the sources under
the chart. A PNG needs resvg-py: pip install 'povtrack[charts]' (exit 2 without it); an SVG
needs nothing more.

Example: povtrack chart --indicator p0 --region 3524 --output lamongan-p0.png"""
)


def chart(
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE.png|FILE.svg",
            help=(
                t(
                    "The chart file; its ending chooses the format: .png (a picture) or .svg "
                    "(scalable, text stays text). Written atomically; the folder must exist. "
                    "Example: --output lamongan-p0.png"
                )
            ),
            show_default=False,
        ),
    ],
    indicator: IndicatorOption = None,
    region: RegionOption = None,
    data: DataOption = None,
    year_from: FromOption = None,
    year_to: ToOption = None,
    width: Annotated[
        int,
        typer.Option(
            "--width",
            metavar="PIXELS",
            min=MIN_SIZE,
            max=MAX_SIZE,
            help=t(
                "Width in pixels ({min} to {max}). Example: --width 1600",
                min=MIN_SIZE,
                max=MAX_SIZE,
            ),
        ),
    ] = DEFAULT_WIDTH,
    height: Annotated[
        int,
        typer.Option(
            "--height",
            metavar="PIXELS",
            min=MIN_SIZE,
            max=MAX_SIZE,
            help=t(
                "Height in pixels ({min} to {max}). Example: --height 900",
                min=MIN_SIZE,
                max=MAX_SIZE,
            ),
        ),
    ] = DEFAULT_HEIGHT,
    method: Annotated[
        Method,
        choice_option(
            Method,
            "--method",
            "-m",
            help=(
                t(
                    "Thresholds of the progress status written at the projection, as in "
                    "povtrack progress: unsd or opensdg. Example: --method opensdg"
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
                    "Base year of the growth rate of the projection, as in povtrack progress. "
                    "Default: the base year of the plan of the assessed target "
                    "(plans[].base_year), else the first year from 2015 on with a value. "
                    "Example: --base-year 2021"
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
                    "Project to the target of this year. Default: each series' nearest target "
                    "after its latest value. Example: --target-year 2045"
                )
            ),
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is CHART_HELP."""
    setup(lang)
    from povtrack.render.svgchart import ChartsUnavailable, require_png

    suffix = Path(output).suffix.lower()
    if suffix not in (".png", ".svg"):
        fail(
            i18n.t(
                "--output {path}: the file name must end in .png or .svg (the chart's format)",
                path=output,
            ),
            Exit.USAGE,
        )
    if suffix == ".png":
        try:
            require_png()
        except ChartsUnavailable as exc:
            fail(str(exc), Exit.USAGE)

    from povtrack.core.progress import UnknownTargetYear, assess_dataset
    from povtrack.core.report import build_report
    from povtrack.render.charts import build_chart
    from povtrack.render.svgchart import png, render_file

    src = source(data, quiet)
    check_output(output, [src.path])
    dataset = load_data(src)
    if not indicator or len(set(indicator)) != 1:
        fail(
            i18n.t(
                "--indicator: give exactly one indicator (a chart shows one unit); known: {known}",
                known=", ".join(dataset.indicators),
            ),
            Exit.USAGE,
        )
    chosen = filters(dataset, indicator, region, year_from, year_to)
    report = build_report(dataset, chosen)
    try:
        progress = assess_dataset(
            dataset, chosen, method=method, base_year=base_year, target_year=target_year
        )
    except UnknownTargetYear as exc:
        known = ", ".join(str(year) for year in exc.available) or "-"
        fail(
            i18n.t(
                "--target-year {year}: the selected series have no target in "
                "{year}; their target years: {known}",
                year=target_year,
                known=known,
            ),
            Exit.USAGE,
        )
    spec = build_chart(report, progress)
    if not spec.has_data():
        fail(
            i18n.t(
                "nothing to draw: {indicator} has no value and no target for the "
                "selected regions and years",
                indicator=indicator[0],
            ),
            Exit.USAGE,
        )
    svg = render_file(spec, width, height)
    image = png(svg) if suffix == ".png" else svg.encode("utf-8")
    try:
        _write_bytes(output, image)
    except OSError as exc:
        fail(f"{output}: cannot be written ({exc.strerror or exc})", Exit.USAGE)
    if not quiet:
        err(
            i18n.t(
                "povtrack: wrote {path} ({width} x {height} px, {series} series)",
                path=output,
                width=width,
                height=height,
                series=len(spec.lines),
            )
        )


def _write_bytes(output: str, data: bytes) -> None:
    """Write the whole file or nothing (`povtrack.io.output.atomic_file`)."""
    from povtrack.io.output import atomic_file

    with atomic_file(Path(os.path.realpath(output))) as fd, os.fdopen(fd, "wb", closefd=False) as f:
        f.write(data)


def register(app: typer.Typer) -> None:
    app.command(cls=Command, help=t(CHART_HELP))(chart)
