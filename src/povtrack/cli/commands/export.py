"""`povtrack export opensdg|datapackage`: the data as files for the platforms that publish it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from povtrack.cli.common import (
    Command,
    DataOption,
    Exit,
    FromOption,
    Group,
    IndicatorOption,
    LangOption,
    QuietOption,
    RegionOption,
    ToOption,
    err,
    fail,
    filters,
    given_path,
    load_data,
    setup,
    source,
)
from povtrack.i18n import N_, t

if TYPE_CHECKING:
    from povtrack.io.exporting import Table


sub = typer.Typer(
    name="export",
    help=(
        t(
            "Export the data for the platforms that publish SDG data: Open SDG indicator CSVs, "
            "or a Frictionless Data Package.\n\nTheir CSV files are always RFC 4180 (comma, "
            "decimal point, the platform's own column names), whatever --lang: Open SDG and "
            "Frictionless tools read them, and a semicolon, a decimal comma or translated "
            "headers would break them, so there is no --csv-dialect here. For a spreadsheet in "
            "Excel set to Indonesian, use povtrack report --format csv --csv-dialect "
            "excel-id.\n\nExample: povtrack export opensdg --output site-data/"
        )
    ),
    no_args_is_help=True,
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FolderOption = Annotated[
    str,
    typer.Option(
        "--output",
        "-o",
        metavar="DIR",
        help=(
            t(
                "Folder to write into; created if it does not exist (its parent must). Files of "
                "the same name are replaced, each atomically. Example: --output export/"
            )
        ),
        show_default=False,
    ),
]


def _folder(output: str) -> Path:
    given_path(output, "--output")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        fail(
            t(
                "--output {folder}: is a file; give a folder (it is created if it does not exist)",
                folder=output,
            ),
            Exit.USAGE,
        )
    if not folder.exists():
        parent = folder.parent
        if not parent.is_dir():
            fail(
                t(
                    "--output {folder}: its parent folder {parent!r} does not exist; create it "
                    "first",
                    folder=output,
                    parent=str(parent),
                ),
                Exit.USAGE,
            )
        try:
            folder.mkdir()
        except OSError as exc:
            fail(
                t(
                    "--output {folder}: cannot be created ({reason})",
                    folder=output,
                    reason=exc.strerror or exc,
                ),
                Exit.USAGE,
            )
    return folder


def _write_tables(
    folder: Path, tables: list[Table], data_path: str, quiet: bool, also: tuple[str, ...] = ()
) -> None:
    """Write each table atomically, after checking every output path (and the `also` paths the
    caller writes next), so that a path that cannot be written stops the export before any
    file is written."""
    from povtrack.io.errors import InputError
    from povtrack.io.output import check_output_path, open_output
    from povtrack.render import write_csv

    try:
        for path in [str(folder / table.file) for table in tables] + [
            str(folder / name) for name in also
        ]:
            check_output_path(path, [data_path])
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
    for table in tables:
        path = str(folder / table.file)
        try:
            check_output_path(path, [data_path])
            with open_output(path, newline="") as stream:
                write_csv(stream, table.header, table.rows)
        except InputError as exc:
            fail(str(exc), Exit.USAGE)
        if not quiet:
            err(t("wrote {file} ({rows} rows)", file=path, rows=len(table.rows)))


EXPORT_OPENSDG_HELP = N_(
    """Write one Open SDG indicator CSV per indicator: indicator_ID.csv (indicator_p0.csv).

Columns: Year, Month (only if a record has a month; povtrack's addition), one column per
breakdown dimension (blank = total), GeoCode (the region code), Value. Only records with a
value are written; Open SDG data files have no targets or sources. povtrack import opensdg
reads the files back unchanged.

Example: povtrack export opensdg --indicator p0 --output site-data/"""
)


@sub.command("opensdg", cls=Command, help=t(EXPORT_OPENSDG_HELP))
def export_opensdg(
    output: FolderOption,
    data: DataOption = None,
    indicator: IndicatorOption = None,
    region: RegionOption = None,
    year_from: FromOption = None,
    year_to: ToOption = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is EXPORT_OPENSDG_HELP."""
    setup(lang)
    from povtrack.io.exporting import ExportError, opensdg_tables

    src = source(data, quiet)
    dataset = load_data(src)
    chosen = filters(dataset, indicator, region, year_from, year_to)
    try:
        tables = opensdg_tables(dataset, chosen)
    except ExportError as exc:
        fail(str(exc), Exit.FAILED)
    if not tables:
        fail(
            t(
                "no figures to export from {file} (with these --indicator, --region, --from, --to)",
                file=src.path,
            ),
            Exit.FAILED,
        )
    _write_tables(_folder(output), tables, src.path, quiet)


EXPORT_DATAPACKAGE_HELP = N_(
    """Write a Frictionless Tabular Data Package: datapackage.json and five CSVs.

indicators.csv, regions.csv, records.csv (one row per record: indicator, region, year,
month, breakdown as dimension=category;..., value, target, plan, source, note), plans.csv
and gaps.csv (years joined by ;), each described by a Table Schema in datapackage.json
(types, constraints, primary and foreign keys).

Example: povtrack export datapackage --output package/ --name lamongan-poverty"""
)


@sub.command("datapackage", cls=Command, help=t(EXPORT_DATAPACKAGE_HELP))
def export_datapackage(
    output: FolderOption,
    data: DataOption = None,
    indicator: IndicatorOption = None,
    region: RegionOption = None,
    year_from: FromOption = None,
    year_to: ToOption = None,
    name: Annotated[
        str,
        typer.Option(
            "--name",
            metavar="NAME",
            help=t(
                "The package name: lowercase letters, digits, . _ - /. Example: --name "
                "lamongan-poverty"
            ),
        ),
    ] = "povtrack-data",
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="TEXT",
            help=t("The package title. Example: --title 'Poverty in Lamongan'"),
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is EXPORT_DATAPACKAGE_HELP."""
    setup(lang)
    import json

    from povtrack.io.errors import InputError
    from povtrack.io.exporting import ExportError, descriptor, package_tables
    from povtrack.io.output import check_output_path, open_output
    from povtrack.render import json_safe

    try:
        package = descriptor(name, title)
    except ExportError as exc:
        fail(str(exc), Exit.USAGE)
    src = source(data, quiet)
    dataset = load_data(src)
    chosen = filters(dataset, indicator, region, year_from, year_to)
    tables = package_tables(dataset, chosen)
    folder = _folder(output)
    _write_tables(folder, tables, src.path, quiet, also=("datapackage.json",))
    path = str(folder / "datapackage.json")
    try:
        check_output_path(path, [src.path])
        with open_output(path, newline="") as stream:
            stream.write(json_safe(json.dumps(package, indent=2, ensure_ascii=False)) + "\n")
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
    if not quiet:
        err(t("wrote {file}", file=path))


def register(app: typer.Typer) -> None:
    app.add_typer(sub, name="export")
