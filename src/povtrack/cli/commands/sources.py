"""`povtrack sources`."""

from __future__ import annotations

from typing import Annotated

import typer

from povtrack.cli.common import (
    Command,
    CsvDialectOption,
    DataOption,
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
    filters,
    format_option,
    load_data,
    setup,
    source,
    write,
)
from povtrack.i18n import N_, t

SOURCES_HELP = N_(
    """The sources behind the records that `report` shows with the same filters, to cite them.

Each distinct source once, with the records it backs (values or targets; indicator,
periods, regions), in the order of the report: by region, indicator, then year. Web
addresses are printed in full. Records without a source are listed last.

Example: povtrack sources --region 3524 --from 2020 --format markdown --output refs.md"""
)


def sources(
    data: DataOption = None,
    indicator: IndicatorOption = None,
    region: RegionOption = None,
    year_from: FromOption = None,
    year_to: ToOption = None,
    output_format: Annotated[
        TableFormat,
        format_option(
            TableFormat,
            t(
                "table (terminal), csv (one row per source), json, or markdown (a numbered list "
                "of links for a reference section). Example: --format markdown"
            ),
        ),
    ] = "table",
    output: OutputOption = "-",
    csv_dialect: CsvDialectOption = "rfc4180",
    lang: LangOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is SOURCES_HELP."""
    setup(lang)
    from povtrack.core.names import Shown
    from povtrack.core.provenance import build_sources, names_of
    from povtrack.render.sources import RENDERERS

    src = source(data, quiet)
    check_output(output, [src.path])
    dataset = load_data(src)
    chosen = filters(dataset, indicator, region, year_from, year_to)
    result = build_sources(dataset, chosen)
    shown = Shown(result, names_of(dataset, result))
    renderer = RENDERERS[output_format]
    write(
        output,
        [src.path],
        no_color,
        lambda out, opts: renderer(shown, out, opts),
        csv_dialect=csv_dialect,
    )


def register(app: typer.Typer) -> None:
    app.command(cls=Command, help=t(SOURCES_HELP))(sources)
