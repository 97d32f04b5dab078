"""`povtrack import csv|bps|opensdg`: figures from a file into a data file."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from povtrack.cli.common import (
    Command,
    Direction,
    Exit,
    Group,
    ImportFormat,
    LangOption,
    choice_option,
    complete_indicator,
    complete_region,
    err,
    fail,
    format_option,
    setup,
)
from povtrack.i18n import N_, t

if TYPE_CHECKING:
    from povtrack.io.importing import ImportFailure, Parsed


sub = typer.Typer(
    name="import",
    help=(
        t(
            "Import figures into a data file: from a CSV, a saved BPS WebAPI response or an "
            "Open SDG indicator CSV.\n\nThe merged file is validated before it is written "
            "(atomically); an existing figure is never changed without --replace; importing the "
            "same figures twice changes nothing.\n\nExample: povtrack import csv lamongan.csv "
            "--into data/indicators.json --indicator p0 --region 3524 --source 'BPS Lamongan'"
        )
    ),
    no_args_is_help=True,
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
)


_COLUMNS = t("CSV columns and cells")
_CREATE = t("New indicator and regions (--create)")
_MERGE = t("Merging and output")


CsvInputArgument = Annotated[
    str,
    typer.Argument(
        metavar="FILE.csv",
        help=t("The CSV file to import; it is only read. Example: lamongan.csv"),
        show_default=False,
    ),
]
BpsInputArgument = Annotated[
    str,
    typer.Argument(
        metavar="FILE.json",
        help=t(
            "The saved BPS WebAPI response (JSON) to import; it is only read. Example: pinrang.json"
        ),
        show_default=False,
    ),
]
OpenSdgInputArgument = Annotated[
    str,
    typer.Argument(
        metavar="FILE.csv",
        help=t(
            "The Open SDG indicator CSV to import; it is only read. Example: indicator_1-2-1.csv"
        ),
        show_default=False,
    ),
]
IntoOption = Annotated[
    str,
    typer.Option(
        "--into",
        metavar="DATA.json",
        help=(
            t(
                "The data file to merge the figures into (written atomically). A file that does "
                "not exist yet is started, with --create. Example: --into data/indicators.json"
            )
        ),
        show_default=False,
    ),
]
IndicatorIdOption = Annotated[
    str,
    typer.Option(
        "--indicator",
        "-i",
        autocompletion=complete_indicator,
        metavar="ID",
        help=t("The indicator the figures are. Example: --indicator p0"),
        show_default=False,
    ),
]
SourceOption = Annotated[
    str | None,
    typer.Option(
        "--source",
        metavar="TEXT",
        help=(
            t(
                "Source of every figure: the URL or citation of the publication. Example: "
                "--source https://lamongankab.bps.go.id/..."
            )
        ),
        show_default=False,
    ),
]
CreateOption = Annotated[
    bool,
    typer.Option(
        "--create",
        help=(
            t(
                "Add the indicator and regions that the data file does not define yet, from the "
                "options below (and what the input says: BPS labels, --region-name-column). "
                "Without it, an unknown one stops the import with the list of what is missing. "
                "Example: --create --name 'Population' --unit count --decimals 0 --direction "
                "none"
            )
        ),
        rich_help_panel=_CREATE,
    ),
]
NameOption = Annotated[
    str | None,
    typer.Option(
        "--name",
        metavar="TEXT",
        help=t("With --create: the new indicator's name. Example: --name 'Poverty rate (P0)'"),
        show_default=False,
        rich_help_panel=_CREATE,
    ),
]
NameIdOption = Annotated[
    str | None,
    typer.Option(
        "--name-id",
        metavar="TEXT",
        help=(
            t(
                "With --create: the new indicator's name in Indonesian. Example: --name-id "
                "'Persentase penduduk miskin (P0)'"
            )
        ),
        show_default=False,
        rich_help_panel=_CREATE,
    ),
]
UnitOption = Annotated[
    str | None,
    typer.Option(
        "--unit",
        metavar="UNIT",
        help=(
            t(
                "With --create: percent, count, thousand_people, million_people, index, ratio "
                "or rupiah. Example: --unit percent"
            )
        ),
        show_default=False,
        rich_help_panel=_CREATE,
    ),
]
DecimalsOption = Annotated[
    int | None,
    typer.Option(
        "--decimals",
        metavar="N",
        min=0,
        max=6,
        help=t("With --create: the published decimals, 0 to 6. Example: --decimals 2"),
        show_default=False,
        rich_help_panel=_CREATE,
    ),
]
DirectionOption = Annotated[
    Direction | None,
    choice_option(
        Direction,
        "--direction",
        help=(
            t("With --create: which way is better (none: never scored). Example: --direction lower")
        ),
        show_default=False,
        rich_help_panel=_CREATE,
    ),
]
RegionNameOption = Annotated[
    str | None,
    typer.Option(
        "--region-name",
        metavar="TEXT",
        help=t(
            "With --create: the name of the one new region. Example: --region-name 'Kabupaten "
            "Lamongan'"
        ),
        show_default=False,
        rich_help_panel=_CREATE,
    ),
]
RegionParentOption = Annotated[
    str | None,
    typer.Option(
        "--region-parent",
        autocompletion=complete_region,
        metavar="CODE",
        help=t(
            "With --create: the parent (province) of the new regions. Example: --region-parent 35"
        ),
        show_default=False,
        rich_help_panel=_CREATE,
    ),
]
ReplaceOption = Annotated[
    bool,
    typer.Option(
        "--replace",
        help=(
            t(
                "Replace figures that differ from those in the data file, and list each (old -> "
                "new). Without it, a difference stops the import and nothing is written. "
                "Example: --replace"
            )
        ),
        rich_help_panel=_MERGE,
    ),
]
DryRunOption = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help=(
            t(
                "Show what would be added and changed, on stdout; write nothing. Exit 0 when "
                "the import would succeed, 1 when it would be refused. Example: --dry-run"
            )
        ),
        rich_help_panel=_MERGE,
    ),
]
FormatOption = Annotated[
    ImportFormat,
    format_option(
        ImportFormat,
        t(
            "text: messages on stderr (the plan on stdout with --dry-run); json: the result "
            "(counts and every change) on stdout. Example: --format json"
        ),
        rich_help_panel=_MERGE,
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help=t("No summary on stderr; errors are still shown. Example: -q"),
        rich_help_panel=_MERGE,
    ),
]
TotalOption = Annotated[
    list[str] | None,
    typer.Option(
        "--total",
        metavar="LABEL",
        help=(
            t(
                "A breakdown category that means the total (no breakdown); repeat for several. "
                "Compared without case. Example: --total Perkotaan+Perdesaan"
            )
        ),
        show_default=False,
    ),
]
CsvTotalOption = Annotated[
    list[str] | None,
    typer.Option(
        "--total",
        metavar="LABEL",
        help=(
            t(
                "A breakdown category that means the total (no breakdown); repeat for several. "
                "Compared without case. Example: --total total"
            )
        ),
        show_default=False,
        rich_help_panel=_COLUMNS,
    ),
]


@dataclass(frozen=True, slots=True)
class Meta:
    """The --create metadata options, as given (None: not given)."""

    name: str | None = None
    name_id: str | None = None
    unit: str | None = None
    decimals: int | None = None
    direction: str | None = None
    region_name: str | None = None
    region_parent: str | None = None

    def given(self) -> list[str]:
        return [
            "--" + f.name.replace("_", "-")
            for f in fields(self)
            if getattr(self, f.name) is not None
        ]


def _failure(exc: ImportFailure) -> NoReturn:
    from povtrack.io.output import safe_line
    from povtrack.render.validation import problem_line

    for problem in exc.problems:
        err(problem_line(problem))
    details = "".join(f"\n  - {safe_line(line)}" for line in exc.details)
    fail(exc.message + details, Exit.USAGE if exc.usage else Exit.FAILED)


def _run(
    input_path: str,
    into: str,
    parse: Callable[[], Parsed],
    create: bool,
    meta: Meta,
    replace: bool,
    dry_run: bool,
    output_format: ImportFormat,
    quiet: bool,
) -> None:
    """What the three import commands share: parse, plan, validate, report, write."""
    import msgspec

    from povtrack.cli.common import options
    from povtrack.io.errors import InputError
    from povtrack.io.importing import Create, ImportFailure, prepare
    from povtrack.io.lock import writing
    from povtrack.io.output import check_output_path, open_output, safe_line
    from povtrack.render.importing import (
        RENDERERS,
        change_line,
        conflict_line,
        created_lines,
        summary_line,
    )
    from povtrack.render.validation import problem_line

    given = meta.given()
    if given and not create:
        fail(
            t(
                "{options}: only used with --create (to define a new indicator or region)",
                options=", ".join(given),
            ),
            Exit.USAGE,
        )
    try:
        same = Path(into).resolve() == Path(input_path).resolve()
    except (RuntimeError, OSError):  # a symlink loop: reading or writing it says so below
        same = False
    if same:
        fail(
            t(
                "--into {file}: is the file being imported; give the data file (.json)",
                file=safe_line(into),
            ),
            Exit.USAGE,
        )
    try:
        check_output_path(into, [input_path])
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
    spec = Create(
        enabled=create,
        name=meta.name,
        name_id=meta.name_id,
        unit=meta.unit,
        decimals=meta.decimals,
        direction=meta.direction,
        region_name=meta.region_name,
        region_parent=meta.region_parent,
    )
    try:
        parsed = parse()
    except ImportFailure as exc:
        _failure(exc)
    # The data file is read, merged and written under its lock: another import into the same
    # file waits, then merges into what this one wrote (io/lock.py). A dry run only reads.
    try:
        with contextlib.nullcontext() if dry_run else writing(into):
            try:
                outcome = prepare(into, parsed, spec, replace)
            except ImportFailure as exc:
                _failure(exc)
            result = msgspec.structs.replace(outcome.result, dry_run=dry_run)
            for note in outcome.plan.notes:
                err(t("povtrack: note: {message}", message=note))
            if outcome.problems:
                for problem in outcome.problems:
                    err(problem_line(problem))
                fail(
                    t(
                        "importing {input} would make {file} invalid; nothing was written. Fix "
                        "the figures above in {input} (or the --create options)",
                        input=safe_line(input_path),
                        file=safe_line(into),
                    ),
                    Exit.FAILED,
                )
            opts = options(sys.stdout, True)
            refused = t(
                "{count} figure(s) in {file} differ from {input}; nothing was written. Check "
                "them, and add --replace to replace them:",
                count=result.conflicts,
                file=safe_line(into),
                input=safe_line(input_path),
            )
            if dry_run:
                RENDERERS[output_format](result, sys.stdout, opts)
                if not outcome.ok:
                    fail(refused, Exit.FAILED)
                if not quiet:
                    err(t("dry run: nothing was written to {file}", file=safe_line(into)))
                raise typer.Exit(Exit.OK)
            if not outcome.ok:
                if output_format == "json":
                    RENDERERS["json"](result, sys.stdout, opts)
                listed = [conflict_line(c) for c in result.changes if c.action == "conflict"]
                fail(refused + "".join(f"\n  {line}" for line in listed), Exit.FAILED)
            assert outcome.text is not None
            if outcome.changes_file:
                try:
                    with open_output(into, newline="") as stream:
                        stream.write(outcome.text)
                except InputError as exc:
                    fail(str(exc), Exit.USAGE)
                result = msgspec.structs.replace(result, written=True)
    except InputError as exc:  # the lock could not be had: nothing was written
        fail(str(exc), Exit.USAGE)
    if output_format == "json":
        RENDERERS["json"](result, sys.stdout, opts)
    if quiet:
        return
    for line in created_lines(result):
        err(line)
    for change in result.changes:
        if change.action == "replace":
            err(change_line(change))
    err(summary_line(result))
    if outcome.new_warnings:
        err(
            t(
                "the import adds {count} warning(s) to {file} (a gap in a series, ...): see "
                "povtrack validate {file}",
                count=outcome.new_warnings,
                file=safe_line(into),
            )
        )


IMPORT_CSV_HELP = N_(
    """Import a CSV: one figure a row (long), or one column per year (--wide).

Cells that are empty, NA, N/A or - hold no figure and are skipped. Numbers keep their exact
text (12.50 stays 12.50). Columns that no option names are found by their headers, in
English or Indonesian (Indikator;Wilayah;Tahun;Nilai;Target;Sumber needs no option).

Example: povtrack import csv p0.csv --into data/indicators.json --indicator p0
--region-column code --date-column date --breakdown-column area --total total
--source 'BPS Jawa Timur'"""
)


@sub.command("csv", cls=Command, help=t(IMPORT_CSV_HELP))
def import_csv(
    file: CsvInputArgument,
    into: IntoOption,
    indicator: Annotated[
        str | None,
        typer.Option(
            "--indicator",
            "-i",
            autocompletion=complete_indicator,
            metavar="ID",
            help=t(
                "Every row is this indicator (default: the column 'indicator' or "
                "'indikator', any case). Example: --indicator p0"
            ),
            show_default=False,
        ),
    ] = None,
    indicator_column: Annotated[
        str | None,
        typer.Option(
            "--indicator-column",
            metavar="COL",
            help=(
                t(
                    "The column of indicator ids (instead of --indicator). Example: "
                    "--indicator-column indikator"
                )
            ),
            show_default=False,
            rich_help_panel=_COLUMNS,
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            autocompletion=complete_region,
            metavar="CODE",
            help=t(
                "Every row is this region (BPS code); default: the column 'region', "
                "'wilayah', 'kode_wilayah' or 'kode', any case. Example: --region 3524"
            ),
            show_default=False,
        ),
    ] = None,
    region_column: Annotated[
        str | None,
        typer.Option(
            "--region-column",
            metavar="COL",
            help=(
                t(
                    "The column of region codes (instead of --region). A cell may also be a "
                    "region's name exactly as the data file has it. Example: --region-column "
                    "kode"
                )
            ),
            show_default=False,
            rich_help_panel=_COLUMNS,
        ),
    ] = None,
    region_name_column: Annotated[
        str | None,
        typer.Option(
            "--region-name-column",
            metavar="COL",
            help=(
                t(
                    "With --create: the column of the new regions' names. Example: "
                    "--region-name-column nama_wilayah"
                )
            ),
            show_default=False,
            rich_help_panel=_COLUMNS,
        ),
    ] = None,
    year_column: Annotated[
        str | None,
        typer.Option(
            "--year-column",
            metavar="COL",
            help=(
                t(
                    "The column of years (default: the column 'year' or 'tahun', any case). "
                    "Example: --year-column periode"
                )
            ),
            show_default=False,
            rich_help_panel=_COLUMNS,
        ),
    ] = None,
    date_column: Annotated[
        str | None,
        typer.Option(
            "--date-column",
            metavar="COL",
            help=(
                t(
                    "A column of ISO dates instead of years: 2023-03-01 or 2023-03 give the "
                    "year and the month (March), 2023 an annual figure. Example: --date-column "
                    "periode"
                )
            ),
            show_default=False,
            rich_help_panel=_COLUMNS,
        ),
    ] = None,
    month_column: Annotated[
        str | None,
        typer.Option(
            "--month-column",
            metavar="COL",
            help=(
                t(
                    "A column of months, 1-12 (empty: annual), with the year column (default: "
                    "the column 'month' or 'bulan', any case). Example: --month-column bln"
                )
            ),
            show_default=False,
            rich_help_panel=_COLUMNS,
        ),
    ] = None,
    value_column: Annotated[
        str | None,
        typer.Option(
            "--value-column",
            metavar="COL",
            help=(
                t(
                    "The column of values (default, when neither this nor --target-column is "
                    "given: the column 'value' or 'nilai', any case). Example: --value-column "
                    "persentase"
                )
            ),
            show_default=False,
            rich_help_panel=_COLUMNS,
        ),
    ] = None,
    target_column: Annotated[
        str | None,
        typer.Option(
            "--target-column",
            metavar="COL",
            help=t(
                "A column of targets (default, when neither this nor --value-column is "
                "given: the column 'target', any case). Example: --target-column target_rpjmd"
            ),
            show_default=False,
            rich_help_panel=_COLUMNS,
        ),
    ] = None,
    breakdown_column: Annotated[
        list[str] | None,
        typer.Option(
            "--breakdown-column",
            metavar="COL",
            help=(
                t(
                    "A breakdown column; its name is the dimension, its cells the categories "
                    "(empty = total). Repeatable. Example: --breakdown-column area"
                )
            ),
            show_default=False,
            rich_help_panel=_COLUMNS,
        ),
    ] = None,
    total: CsvTotalOption = None,
    source: SourceOption = None,
    source_column: Annotated[
        str | None,
        typer.Option(
            "--source-column",
            metavar="COL",
            help=(
                t(
                    "A column of sources; an empty cell takes --source (default: the column "
                    "'source' or 'sumber', any case). Example: --source-column rujukan"
                )
            ),
            show_default=False,
            rich_help_panel=_COLUMNS,
        ),
    ] = None,
    decimal_comma: Annotated[
        bool | None,
        typer.Option(
            "--decimal-comma/--no-decimal-comma",
            help=(
                t(
                    "--decimal-comma: numbers are written 12,42 (the comma is the decimal mark, "
                    "points separate thousands: 1.234,56); --no-decimal-comma: 12.42. Default: a "
                    "comma-separated file has decimal points; a file separated by ; or tabs has "
                    "decimal commas when its numbers say so unambiguously. Example: --decimal-comma"
                )
            ),
            show_default=False,
            rich_help_panel=_COLUMNS,
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            metavar="CHAR",
            help=(
                t(
                    "Cell separator: one character, or 'tab'. Default: the one of , ; tab "
                    "in the header line (when it has several, the one that fits every row). "
                    "Example: --delimiter ';'"
                )
            ),
            show_default=False,
            rich_help_panel=_COLUMNS,
        ),
    ] = None,
    wide: Annotated[
        bool,
        typer.Option(
            "--wide",
            help=(
                t(
                    "A wide CSV: regions in rows, one column per year (headed 2023, or 2023-03 "
                    "for March), as BPS lays out tables. Example: --wide"
                )
            ),
            rich_help_panel=_COLUMNS,
        ),
    ] = False,
    create: CreateOption = False,
    name: NameOption = None,
    name_id: NameIdOption = None,
    unit: UnitOption = None,
    decimals: DecimalsOption = None,
    direction: DirectionOption = None,
    region_name: RegionNameOption = None,
    region_parent: RegionParentOption = None,
    replace: ReplaceOption = False,
    dry_run: DryRunOption = False,
    output_format: FormatOption = "text",
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is IMPORT_CSV_HELP."""
    setup(lang)
    from povtrack.io.importing import csv_long, csv_wide

    opts = csv_long.CsvOptions(
        indicator=indicator,
        indicator_column=indicator_column,
        region=region,
        region_column=region_column,
        region_name_column=region_name_column,
        year_column=year_column,
        date_column=date_column,
        month_column=month_column,
        value_column=value_column,
        target_column=target_column,
        breakdown_columns=tuple(breakdown_column or ()),
        source=source,
        source_column=source_column,
        totals=tuple(total or ()),
        decimal_comma=decimal_comma,
        delimiter=delimiter,
    )
    reader = csv_wide.parse if wide else csv_long.parse
    meta = Meta(name, name_id, unit, decimals, direction, region_name, region_parent)
    _run(
        file, into, lambda: reader(file, opts), create, meta, replace, dry_run, output_format, quiet
    )


IMPORT_BPS_HELP = N_(
    """Import a saved BPS WebAPI dynamic-table response (povtrack never goes online).

Regions come from vervar (code = val, name = label), breakdowns from turvar (0 = total),
years from tahun, months from turtahun (61 = March, 62 = September, 0 = annual). With
--create, the variable's label, unit and decimals are the defaults of --name, --unit and
--decimals. Default source: 'BPS WebAPI dynamic table, var VAL (label)'.

Example: povtrack import bps pinrang.json --into data/indicators.json --indicator
population --create --unit count --direction none"""
)


@sub.command("bps", cls=Command, help=t(IMPORT_BPS_HELP))
def import_bps(
    file: BpsInputArgument,
    into: IntoOption,
    indicator: IndicatorIdOption,
    var: Annotated[
        str | None,
        typer.Option(
            "--var",
            metavar="VAL",
            help=t("The variable to import, when the response has several. Example: --var 31"),
            show_default=False,
        ),
    ] = None,
    dimension: Annotated[
        str,
        typer.Option(
            "--dimension",
            metavar="NAME",
            help=(t("The breakdown dimension of the turvar categories. Example: --dimension area")),
        ),
    ] = "category",
    total: TotalOption = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            autocompletion=complete_region,
            metavar="CODE",
            help=(
                t(
                    "Record the response's one region (vervar) under this code, when its vervar "
                    "val is a table-local id. Example: --region 3524"
                )
            ),
            show_default=False,
        ),
    ] = None,
    source: SourceOption = None,
    create: CreateOption = False,
    name: NameOption = None,
    name_id: NameIdOption = None,
    unit: UnitOption = None,
    decimals: DecimalsOption = None,
    direction: DirectionOption = None,
    region_name: RegionNameOption = None,
    region_parent: RegionParentOption = None,
    replace: ReplaceOption = False,
    dry_run: DryRunOption = False,
    output_format: FormatOption = "text",
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is IMPORT_BPS_HELP."""
    setup(lang)
    from povtrack.io.importing import bps

    opts = bps.BpsOptions(
        indicator=indicator,
        var=var,
        dimension=dimension,
        totals=tuple(total or ()),
        source=source,
        region=region,
    )
    meta = Meta(name, name_id, unit, decimals, direction, region_name, region_parent)
    _run(
        file,
        into,
        lambda: bps.parse(file, opts),
        create,
        meta,
        replace,
        dry_run,
        output_format,
        quiet,
    )


IMPORT_OPENSDG_HELP = N_(
    """Import an Open SDG indicator CSV: Year first, Value last, GeoCode (optional) before it.

The other columns are breakdowns (Units and Series too); a blank cell is the total. A
column headed Month (written by povtrack export opensdg) is the month. Open SDG files carry
no source: give --source for figures that are new to the data file.

Example: povtrack import opensdg indicator_1-2-1.csv --into data/indicators.json
--indicator p0 --region 0000 --source 'https://sdgs.bappenas.go.id/...'"""
)


@sub.command("opensdg", cls=Command, help=t(IMPORT_OPENSDG_HELP))
def import_opensdg(
    file: OpenSdgInputArgument,
    into: IntoOption,
    indicator: IndicatorIdOption,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            autocompletion=complete_region,
            metavar="CODE",
            help=(
                t(
                    "The region of rows without a GeoCode (all rows, if the file has no GeoCode "
                    "column). Example: --region 0000"
                )
            ),
            show_default=False,
        ),
    ] = None,
    source: SourceOption = None,
    create: CreateOption = False,
    name: NameOption = None,
    name_id: NameIdOption = None,
    unit: UnitOption = None,
    decimals: DecimalsOption = None,
    direction: DirectionOption = None,
    region_name: RegionNameOption = None,
    region_parent: RegionParentOption = None,
    replace: ReplaceOption = False,
    dry_run: DryRunOption = False,
    output_format: FormatOption = "text",
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is IMPORT_OPENSDG_HELP."""
    setup(lang)
    from povtrack.io.importing import opensdg

    opts = opensdg.OpenSdgOptions(indicator=indicator, region=region, source=source)
    meta = Meta(name, name_id, unit, decimals, direction, region_name, region_parent)
    _run(
        file,
        into,
        lambda: opensdg.parse(file, opts),
        create,
        meta,
        replace,
        dry_run,
        output_format,
        quiet,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(sub, name="import")
