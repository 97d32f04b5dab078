"""`povtrack init`: a project folder, with a commented povtrack.toml and a CSV template."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated, Any, Final

import typer

from povtrack import i18n
from povtrack.cli import config as project_file
from povtrack.cli.common import (
    Command,
    CsvDialect,
    Exit,
    LangOption,
    QuietOption,
    RegionOption,
    choice_option,
    err,
    fail,
    given_path,
    setup,
)
from povtrack.i18n import N_, t

#: The CSV template's name, in the project folder.
TEMPLATE: Final = "template.csv"
#: The template's columns in each language: the names `povtrack import csv` recognises.
TEMPLATE_HEADER: Final[dict[str, tuple[str, ...]]] = {
    "en": ("indicator", "region", "year", "value", "target", "source"),
    "id": ("Indikator", "Wilayah", "Tahun", "Nilai", "Target", "Sumber"),
}
#: The indicator the template is pre-filled with.
TEMPLATE_INDICATOR: Final = "p0"
#: How many years the template has a row for, up to the current one.
TEMPLATE_YEARS: Final = 5

#: The comment above each key of the project file (and above the whole file).
_HEADER: Final = N_(
    "povtrack project file: the settings that povtrack commands use in this folder and\n"
    "the folders below it, unless an option on the command line says otherwise.\n"
    "What wins: the command line, then an environment variable ($POVTRACK_DATA,\n"
    "$POVTRACK_LANG), then this file, then the built-in default.\n"
    "povtrack config shows the settings in force and where each came from."
)
_COMMENTS: Final[dict[str, str]] = {
    "data": N_(
        "Data file (JSON) that the commands read (--data) and that povtrack import\n"
        "writes into (--into); relative to this file's folder."
    ),
    "lang": N_(
        'Language of tables, labels, sentences and messages (--lang): "en" (English) or\n'
        '"id" (Bahasa Indonesia).'
    ),
    "regions": N_(
        "Regions (BPS codes, in quotes) that the commands show (--region); rank highlights\n"
        'them (--highlight). [] for all. Example: regions = ["35", "3524"]'
    ),
    "indicators": N_(
        "Indicators that the commands show (--indicator). [] for all.\n"
        'Example: indicators = ["p0", "p1", "p2"]'
    ),
    "achievement": N_(
        "Achievement formula of report for lower-is-better indicators (--achievement):\n"
        '"linear" (2T-R)/T x 100, or "ratio" T/R x 100.'
    ),
    "bands": N_(
        "Add the achievement band (Sangat Baik, Baik, Cukup, Kurang, Sangat Kurang) to\n"
        "each row of report (--bands): true or false."
    ),
    "csv-dialect": N_(
        'CSV flavour of the CSV outputs (--csv-dialect): "rfc4180" (comma, decimal point),\n'
        '"excel" (the same, for Excel), "excel-id" (semicolon, decimal comma: Excel set to\n'
        "Indonesian)."
    ),
    "method": N_(
        'Thresholds of the progress status of progress and chart (--method): "unsd" or\n"opensdg".'
    ),
}


def _comment(message: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in i18n.t(message).splitlines())


def project_text(values: dict[str, Any]) -> str:
    """The commented povtrack.toml, in the current language, with these values."""
    parts = [_comment(_HEADER)]
    for key in project_file.KEYS:
        parts.append("\n" + _comment(_COMMENTS[key]))
        parts.append(f"{key} = {project_file.toml_value(values[key])}\n")
    return "".join(parts)


def template_rows(lang: str, regions: list[str], year: int) -> list[list[str]]:
    """The template: its header, then for each region a row per year (value, target and source
    to fill; a row left empty is skipped by the import)."""
    rows = [list(TEMPLATE_HEADER[lang])]
    for region in regions:
        for y in range(year - TEMPLATE_YEARS + 1, year + 1):
            rows.append([TEMPLATE_INDICATOR, region, str(y), "", "", ""])
    return rows


def _starter_data(regions: list[str]) -> tuple[str, list[str]]:
    """A data file with the bundled data's indicators and regions and no records, and the
    regions it does not define."""
    import json

    from povtrack.io.loader import bundled_path

    bundled = json.loads(bundled_path().read_text(encoding="utf-8"))
    document = {
        "indicators": bundled["indicators"],
        "regions": bundled["regions"],
        "records": [],
    }
    known = {region["code"] for region in bundled["regions"]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n", [
        code for code in regions if code not in known
    ]


INIT_HELP = N_(
    """Start a project: a commented povtrack.toml and a CSV template to fill.

Writes DIR/povtrack.toml (data file, default regions, language, achievement formula, bands,
CSV dialect, progress method; every key commented in the chosen language), DIR/template.csv
(columns indicator, region, year, value, target, source, or Indikator;Wilayah;Tahun;Nilai;
Target;Sumber with --lang id; a row per region and year to fill) and, when it does not
exist, the data file. Every povtrack command run in DIR (or below it) then uses the
project file; povtrack import csv template.csv merges the filled template. Nothing is
overwritten without --force; this command reads no project file.

Example: povtrack init lkjip-2025 --lang id --region 3523"""
)


def init(
    directory: Annotated[
        str,
        typer.Argument(
            metavar="DIR",
            help=t("The project folder; made if it does not exist. Example: lkjip-2025/"),
        ),
    ] = ".",
    region: RegionOption = None,
    data: Annotated[
        str,
        typer.Option(
            "--data",
            metavar="PATH",
            help=t(
                "The project's data file, relative to DIR. Started with the bundled data's "
                "indicators and regions (no figures) when it does not exist. "
                "Example: --data data/tuban.json"
            ),
        ),
    ] = "data/indicators.json",
    csv_dialect: Annotated[
        CsvDialect | None,
        choice_option(
            CsvDialect,
            "--csv-dialect",
            help=t(
                "CSV flavour of the template and of the project's CSV outputs. Default: excel-id "
                "(semicolon, decimal comma) with --lang id, else rfc4180 (comma, decimal point). "
                "Example: --csv-dialect excel"
            ),
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=t(
                "Replace an existing povtrack.toml and template.csv (never the data file). "
                "Example: --force"
            ),
        ),
    ] = False,
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """The command; its --help is INIT_HELP."""
    setup(lang)
    chosen = i18n.get_lang()
    given_path(directory, "DIR")
    given_path(data, "--data")
    regions = list(dict.fromkeys(code.strip() for code in region or []))
    if any(not code for code in regions):
        fail(t("--region is empty; give a BPS code such as 3524"), Exit.USAGE)
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        fail(t("{path}: is a file, not a folder; give a folder", path=directory), Exit.USAGE)
    if Path(data).is_absolute() or Path(data).suffix.lower() != ".json":
        fail(
            t(
                "--data {path}: give a .json path relative to the project folder, such as "
                "data/indicators.json",
                path=data,
            ),
            Exit.USAGE,
        )
    config_path = folder / project_file.FILE_NAME
    template_path = folder / TEMPLATE
    existing = [str(p) for p in (config_path, template_path) if p.exists()]
    if existing and not force:
        fail(
            t(
                "{paths}: already there; povtrack init does not overwrite: edit them, or run "
                "povtrack init --force to replace them (the data file is never replaced)",
                paths=", ".join(existing),
            ),
            Exit.USAGE,
        )
    dialect: CsvDialect = csv_dialect or ("excel-id" if chosen == "id" else "rfc4180")
    values: dict[str, Any] = {
        "data": Path(data).as_posix(),
        "lang": chosen,
        "regions": regions,
        **project_file.DEFAULTS,
        "csv-dialect": dialect,
    }
    values["regions"] = regions
    data_path = folder / data
    written = _write(folder, config_path, template_path, data_path, values, dialect)
    if quiet:
        return
    for path in written:
        err(t("wrote {file}", file=path))
    if data_path.exists() and str(data_path) not in written:
        err(t("kept {path} (the project's data file)", path=str(data_path)))
    _, unknown = _starter_data(regions)
    if unknown and str(data_path) in written:
        err(
            t(
                "note: {data} does not define region {codes} yet: the first import of its "
                "figures adds it with --create --region-name NAME",
                data=str(data_path),
                codes=", ".join(unknown),
            )
        )
    err("")
    err(t("Next steps:"))
    steps = []
    if folder.resolve() != Path.cwd().resolve():
        steps.append(f"cd {directory}")
    steps.append(
        t(
            "fill {template} (in Excel: keep the columns, save as CSV); rows left empty "
            "are skipped",
            template=TEMPLATE,
        )
    )
    # the first import adds a region the data lacks (one: --region-name names one region)
    new_region = len(unknown) == 1 and str(data_path) in written
    steps.append(
        f"povtrack import csv {TEMPLATE}" + (" --create --region-name NAME" if new_region else "")
    )
    steps.append("povtrack report")
    steps.append(t("povtrack config (the settings in force, and where each came from)"))
    for number, step in enumerate(steps, 1):
        err(f"  {number}. {step}")


def _write(
    folder: Path,
    config_path: Path,
    template_path: Path,
    data_path: Path,
    values: dict[str, Any],
    dialect: CsvDialect,
) -> list[str]:
    """Write the files, each atomically; the paths written."""
    import csv

    from povtrack.io.errors import InputError
    from povtrack.io.output import open_output
    from povtrack.render import BOM, csv_separator

    written: list[str] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not data_path.exists():
            data_path.parent.mkdir(parents=True, exist_ok=True)
            text, _ = _starter_data(values["regions"])
            with open_output(str(data_path), newline="\n") as out:
                out.write(text)
            written.append(str(data_path))
        with open_output(str(config_path), newline="\n") as out:
            out.write(project_text(values))
        written.append(str(config_path))
        year = datetime.datetime.now(tz=datetime.UTC).year
        with open_output(str(template_path), newline="") as out:
            if dialect != "rfc4180":
                out.write(BOM)
            writer = csv.writer(out, delimiter=csv_separator(dialect), lineterminator="\r\n")
            writer.writerows(template_rows(i18n.get_lang(), values["regions"], year))
        written.append(str(template_path))
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
    except OSError as exc:
        fail(
            t("{path}: cannot be written ({reason})", path=str(folder), reason=exc.strerror or exc),
            Exit.USAGE,
        )
    return written


def register(app: typer.Typer) -> None:
    app.command(cls=Command, help=t(INIT_HELP))(init)
