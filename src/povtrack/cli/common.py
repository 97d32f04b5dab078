"""What every command shares: options, exit codes, loading data, writing output.

Heavy modules are imported inside the functions, so that `--version` and `--help` start fast.
Messages are in the language that `setup` chose (`povtrack.i18n`). The help texts are `t()`
calls, translated when this module and the command modules are imported: `cli.app.main`
chooses the language from the command line and the environment before it imports them.
"""

from __future__ import annotations

import contextlib
import difflib
import sys
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, NoReturn, TextIO, get_args

import typer
import typer.core

from povtrack import __version__, i18n
from povtrack.cli import config as project_file
from povtrack.cli.config import note_source
from povtrack.i18n import Lang, t

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from povtrack.io.feedback import Feedback
    from povtrack.io.loader import DataSource
    from povtrack.model.problems import ValidationReport
    from povtrack.model.records import Dataset, Filters
    from povtrack.render import RenderOptions


class Exit(IntEnum):
    """Exit codes, the same for every command (README "Exit codes")."""

    OK = 0
    FAILED = 1  # the data is invalid, or a requested check failed
    USAGE = 2  # unknown option or value; a path that does not exist or cannot be read/written
    INTERNAL = 3  # a bug in povtrack: please report it


# -- choices ------------------------------------------------------------------------------------
# Each is a Literal: Typer lists its values in --help and refuses any other value with its
# usage error (exit 2), before the command runs. Those that the core or the renderers define
# too are written out here, so that --help does not import them; a test checks that they agree
# (povtrack.render.CsvDialect, povtrack.core.report.Formula, povtrack.core.progress_math.Method).

#: --format of sources.
TableFormat = Literal["table", "csv", "json", "markdown"]
#: --format of progress and rank: an Excel workbook too (povtrack.cli.workbook).
SheetFormat = Literal[TableFormat, "xlsx"]
#: --format of report.
ReportFormat = Literal[TableFormat, "html", "xlsx"]
#: --format of check.
CheckFormat = Literal["text", "json", "github", "markdown"]
#: --format of validate.
ValidateFormat = Literal["text", "json", "github"]
#: --format of import.
ImportFormat = Literal["text", "json"]
#: --csv-dialect.
CsvDialect = Literal["rfc4180", "excel", "excel-id"]
#: --achievement of report.
Formula = Literal["linear", "ratio"]
#: --method of progress and chart.
Method = Literal["unsd", "opensdg"]
#: --direction of import (model.records.Direction). --unit is checked by the importer (its
#: seven choices are too long a list for the options' column of --help).
Direction = Literal["lower", "higher", "none"]


def unknown_choice(value: str, choices: tuple[str, ...]) -> str:
    """`'offtrack' is not one of 'missed', ...; did you mean 'off-track'?`, in the current
    language (the closest choice by difflib, compared without case)."""
    listed = ", ".join(repr(choice) for choice in choices)
    lowered = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(value.strip().lower(), list(lowered), n=1, cutoff=0.6)
    if close:
        return t(
            "{value} is not one of {choices}; did you mean {match}?",
            value=repr(value),
            choices=listed,
            match=repr(lowered[close[0]]),
        )
    return t("{value} is not one of {choices}", value=repr(value), choices=listed)


def choice(values: Any) -> Any:
    """A Typer `parser` for a Literal option: the value when it is one of the Literal's, else
    a usage error (exit 2) that names the choices and suggests the closest one."""
    choices: tuple[str, ...] = get_args(values)

    def parse(value: str) -> str:
        if value in choices:
            return value
        raise typer.BadParameter(unknown_choice(value, choices))

    return parse


def choice_option(values: Any, *names: str, **kwargs: Any) -> Any:
    """`typer.Option` for a value among a Literal's: `Annotated[Formula,
    choice_option(Formula, "--achievement", help=t("... Example: --achievement ratio"))]`.
    --help shows the choices as `[a|b]`; a typo gets "did you mean"."""
    return typer.Option(*names, parser=choice(values), **kwargs)


def format_option(formats: Any, help: str, **kwargs: Any) -> Any:
    """The --format/-f option of a command, whose type is one of the formats above:
    `Annotated[ReportFormat, format_option(ReportFormat, t("table, ... Example: -f csv"))]`."""
    return choice_option(formats, "--format", "-f", help=help, **kwargs)


# -- --help that reads like a tool ---------------------------------------------------------------


class _Argument(typer.core.TyperArgument):
    """An argument shown by its metavar alone (`FILE`), never with Typer's `<str>`."""

    def display_type_rich(self, ctx: Any) -> str | None:  # noqa: ARG002
        return None


def _readable(param: Any, ctx: Any) -> None:
    """No `<bool>` after a flag, no `<str>` after an argument, choices as `[a|b|c]`."""
    if isinstance(param, typer.core.TyperArgument):
        if param.metavar is not None and not isinstance(param, _Argument):
            param.__class__ = _Argument
    elif isinstance(param, typer.core.TyperOption) and param.metavar is None:
        if param.is_flag:
            param.metavar = ""
        else:
            shown = param.display_type(ctx)
            if "|" in shown and shown.startswith("<") and shown.endswith(">"):
                param.metavar = f"[{shown[1:-1]}]"


class _Readable:
    """What povtrack's commands and groups share in --help (through Click's public
    `get_params` and `get_help_option`): see `_readable`; the help option's text is ours,
    in the current language."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = t("Show this help and exit.")
            option.metavar = ""
        return option

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            _readable(param, ctx)
        return params


class Command(_Readable, typer.core.TyperCommand):
    """The class of every povtrack command: `app.command(cls=Command, help=t(HELP))`."""


class Group(_Readable, typer.core.TyperGroup):
    """The class of povtrack and of its groups (`import`, `export`)."""


# -- completion of indicator ids and region codes ----------------------------------------------


def _data_names(ctx: Any) -> tuple[dict[str, str], dict[str, str]]:
    """The indicators and regions (id -> name) of the data file that the partial command line
    names (--data, or --into for import), else $POVTRACK_DATA, ./data/indicators.json or the
    bundled data. Read quickly (msgspec skips the records) and silently: a file that cannot
    be read completes nothing."""
    try:
        import msgspec

        from povtrack.io.loader import resolve

        params = getattr(ctx, "params", None) or {}
        given = params.get("data") or params.get("into")
        path = resolve(given if isinstance(given, str) and given.strip() else None).path

        # built with defstruct: this module's annotations are strings, which msgspec cannot
        # resolve for classes defined in a function
        named = msgspec.defstruct("Named", [("name", str, ""), ("id", str, ""), ("code", str, "")])
        ids_type = msgspec.defstruct(
            "Ids",
            [("indicators", list[named], []), ("regions", list[named], [])],  # type: ignore[valid-type]
        )
        ids: Any = msgspec.json.decode(Path(path).read_bytes(), type=ids_type)
        return (
            {item.id: item.name for item in ids.indicators if item.id},
            {item.code: item.name for item in ids.regions if item.code},
        )
    except Exception:  # completion must never print a traceback
        return {}, {}


def complete_indicator(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of --indicator: the ids of the data file in use, with their names."""
    indicators, _ = _data_names(ctx)
    return [(id_, name) for id_, name in indicators.items() if id_.startswith(incomplete)]


def complete_region(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of --region, --parent, --highlight: the region codes of the data file
    in use, with their names."""
    _, regions = _data_names(ctx)
    return [(code, name) for code, name in regions.items() if code.startswith(incomplete)]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"povtrack {__version__}\n")
        raise typer.Exit(Exit.OK)


# -- options that several commands share -------------------------------------------------------


#: The years a year option takes (model.MIN_YEAR and MAX_YEAR, written out so that --help
#: does not import the model; tests/test_check.py checks that they agree).
MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2100

DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help=t(
            "Data file to read. Default: $POVTRACK_DATA, else `data` in povtrack.toml, else "
            "./data/indicators.json, else the bundled data. Example: --data my-indicators.json"
        ),
        show_default=False,
        callback=note_source,
    ),
]
IndicatorOption = Annotated[
    list[str] | None,
    typer.Option(
        "--indicator",
        "-i",
        metavar="ID",
        help=t("Only this indicator; repeat for several. Example: --indicator p0 --indicator gini"),
        show_default=False,
        autocompletion=complete_indicator,
    ),
]
RegionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        "-r",
        metavar="CODE",
        help=t("Only this region (BPS code); repeat for several. Example: --region 3524"),
        show_default=False,
        callback=note_source,
        autocompletion=complete_region,
    ),
]
FromOption = Annotated[
    int | None,
    typer.Option(
        "--from",
        metavar="YEAR",
        min=MIN_YEAR,
        max=MAX_YEAR,
        help=t("First year shown. Example: --from 2020"),
    ),
]
ToOption = Annotated[
    int | None,
    typer.Option(
        "--to",
        metavar="YEAR",
        min=MIN_YEAR,
        max=MAX_YEAR,
        help=t("Last year shown. Example: --to 2025"),
    ),
]
OutputOption = Annotated[
    str,
    typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        help=t(
            "Write to this file (atomically: never half a file) instead of stdout; '-' is "
            "stdout. The folder must exist. Example: --output report.csv"
        ),
    ),
]
NoColorOption = Annotated[
    bool,
    typer.Option(
        "--no-color",
        help=t("No colour, even on a terminal (NO_COLOR=1 does the same). Example: --no-color"),
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help=t(
            "No notes on stderr (which data file was read, how many warnings it has); errors "
            "are still shown. Example: -q"
        ),
    ),
]


LangOption = Annotated[
    Lang | None,
    choice_option(
        Lang,
        "--lang",
        help=t(
            "Language of headers, labels, sentences, messages and --help: en or id (Bahasa "
            "Indonesia). Default: $POVTRACK_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG). "
            "Example: --lang id"
        ),
        show_default=False,
    ),
]


# -- the root of the CLI (after LangOption, which it uses) --------------------------------------


#: The --lang given before the command (`povtrack --lang id report`), for `setup`.
_root_lang: list[Lang | None] = [None]


def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help=t("Print the version and exit. Example: povtrack --version"),
        ),
    ] = False,
    lang: LangOption = None,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            metavar="PATH",
            help=t(
                "Project file to read (before the command's name). Default: $POVTRACK_CONFIG, "
                "else the nearest povtrack.toml in this folder or above (up to a folder with "
                ".git, or your home). Example: povtrack --config plans/povtrack.toml report"
            ),
            show_default=False,
        ),
    ] = None,
    no_config: Annotated[
        bool,
        typer.Option(
            "--no-config",
            help=t(
                "Read no project file: only the options given and the built-in defaults. "
                "Example: povtrack --no-config report"
            ),
        ),
    ] = False,
) -> None:
    """Validate poverty indicator data and report it against planning targets, exactly."""
    _root_lang[0] = lang
    try:
        project_file.apply(ctx, config, no_config)
    except project_file.ConfigError as exc:
        fail(str(exc), Exit.USAGE)


CsvDialectOption = Annotated[
    CsvDialect,
    choice_option(
        CsvDialect,
        "--csv-dialect",
        help=t(
            "CSV flavour (with --format csv): rfc4180 (comma, decimal point; the default), "
            "excel (the same with a UTF-8 BOM), excel-id (semicolon, decimal comma, BOM, "
            "headers in the --lang language: opens as columns of numbers in Excel set to an "
            "Indonesian locale). Example: --csv-dialect excel-id"
        ),
    ),
]


def setup(lang: Lang | None) -> None:
    """First call of every command: the language of its --lang, else of the --lang before the
    command, else of the environment (exit 2 when $POVTRACK_LANG names no language we have)."""
    lang = lang or _root_lang[0]
    if lang is not None:
        i18n.set_lang(lang)
        return
    try:
        i18n.set_lang(i18n.detect())
    except ValueError as exc:
        i18n.set_lang("en")
        fail(
            i18n.t(
                "{var}={value}: choose en or id (or unset it to follow the locale)",
                var=i18n.ENV_VAR,
                value=str(exc),
            ),
            Exit.USAGE,
        )


def err(message: str) -> None:
    from povtrack.io.output import safe

    sys.stderr.write(safe(message) + "\n")


def fail(message: str, code: Exit) -> NoReturn:
    from povtrack.i18n import t

    err(t("povtrack: error: {message}", message=message))
    raise typer.Exit(code)


#: --quiet of the running command (one command per process): set by `source`.
_quiet = [False]

#: Files with at least this many records make millions of objects.
LARGE: Final = 100_000
#: Whether the running command has read a large file (see `cli.main`).
_large = [False]


def read_large(large: bool = True) -> None:
    """Say that the running command has read a large file: once it has finished, the process
    ends without freeing each of its objects (see `cli.main`, which resets it first, and which
    runs every command with the cycle collector off)."""
    _large[0] = large


def has_read_large() -> bool:
    return _large[0]


def given_path(value: str | None, option: str) -> None:
    """An empty path (`--data ''`, an unset variable in a script) is a usage error, never the
    current folder or the default file in its place."""
    if value is not None and not value.strip():
        from povtrack.i18n import t

        fail(t("{option} is empty; give a path", option=option), Exit.USAGE)


def source(data: str | None, quiet: bool) -> DataSource:
    """The data file to read; says which on stderr unless --quiet."""
    from povtrack.io.loader import resolve

    given_path(data, "--data")
    _quiet[0] = quiet
    project = project_file.active()
    if project is not None and project_file.from_file("data"):
        from pathlib import Path

        from povtrack.io.loader import DataSource
        from povtrack.io.output import safe_line

        source = DataSource(data or "", project.where("data"))
        if not Path(source.path).exists():
            fail(
                i18n.t(
                    "{path}: no such file (data in {config}); fix that key, or start the "
                    "file with povtrack import ... --create",
                    path=safe_line(source.path),
                    config=safe_line(project.where("data")),
                ),
                Exit.USAGE,
            )
    else:
        source = resolve(data)
    if not quiet:
        err(source.describe())
    return source


@contextlib.contextmanager
def feedback_for(path: str, quiet: bool) -> Iterator[Feedback]:
    """A progress bar on stderr for a large file on a terminal; else silence."""
    from povtrack.io.feedback import NO_FEEDBACK, TerminalFeedback, wanted

    if not wanted(path, quiet):
        yield NO_FEEDBACK
        return
    with TerminalFeedback() as feedback:
        yield feedback


def load_data(source: DataSource, feedback: Feedback | None = None) -> Dataset:
    """Read and validate; invalid data is refused with the same messages as `validate`.
    Without a `feedback`, a large file shows its own progress bar while it loads."""
    from povtrack.i18n import t
    from povtrack.io.errors import DataError, InputError
    from povtrack.io.loader import load
    from povtrack.io.output import safe_line
    from povtrack.render.validation import problem_line, summary_line

    try:
        if feedback is None:
            with feedback_for(source.path, quiet=False) as own:
                dataset, report = load(source.path, own)
        else:
            dataset, report = load(source.path, feedback)
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
    except DataError as exc:
        for problem in exc.report.problems:
            err(problem_line(problem))
        err(summary_line(exc.report))
        fail(
            t(
                "{path} is not valid; fix the errors above (povtrack validate --data {path} "
                "lists them again)",
                path=safe_line(source.path),
            ),
            Exit.FAILED,
        )
    loaded(source, report)
    return dataset


def loaded(source: DataSource, report: ValidationReport) -> None:
    """After a valid file is read: the note of its warnings (unless --quiet), and whether it
    was large (see `read_large`)."""
    from povtrack.i18n import tn
    from povtrack.io.output import safe_line

    if report.warnings and not _quiet[0]:
        err(
            tn(
                "1 warning in {path}: see povtrack validate --data {path}",
                "{n} warnings in {path}: see povtrack validate --data {path}",
                report.warnings,
                path=safe_line(source.path),
            )
        )
    if report.counts is not None and report.counts.records >= LARGE:
        read_large()


def filters(
    dataset: Dataset,
    indicators: list[str] | None,
    regions: list[str] | None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> Filters:
    """Filters, after checking that each named indicator and region exists (else exit 2)."""
    from povtrack.i18n import t
    from povtrack.model.records import Filters

    for ind in indicators or []:
        if ind not in dataset.indicators:
            known = ", ".join(dataset.indicators) or t("none")
            fail(
                t(
                    "--indicator {id}: no such indicator in {path} (known: {known})",
                    id=repr(ind),
                    path=dataset.path,
                    known=known,
                ),
                Exit.USAGE,
            )
    for reg in regions or []:
        if reg not in dataset.regions:
            known = ", ".join(dataset.regions) or t("none")
            project = project_file.active()
            if project is not None and project_file.from_file("region"):
                fail(
                    t(
                        "{config}: region {code}: no such region in {path} (known: "
                        "{known}); fix the regions key, or give --region",
                        config=project.where("regions"),
                        code=repr(reg),
                        path=dataset.path,
                        known=known,
                    ),
                    Exit.USAGE,
                )
            fail(
                t(
                    "--region {code}: no such region in {path} (known: {known})",
                    code=repr(reg),
                    path=dataset.path,
                    known=known,
                ),
                Exit.USAGE,
            )
    if year_from is not None and year_to is not None and year_from > year_to:
        fail(t("--from {start} is after --to {end}", start=year_from, end=year_to), Exit.USAGE)
    return Filters(
        indicators=tuple(indicators or ()),
        regions=tuple(regions or ()),
        year_from=year_from,
        year_to=year_to,
    )


def options(stream: TextIO, no_color: bool, csv_dialect: CsvDialect = "rfc4180") -> RenderOptions:
    from povtrack.io.output import use_color
    from povtrack.render import RenderOptions

    return RenderOptions(color=use_color(stream, no_color), csv_dialect=csv_dialect)


def check_output(output: str, inputs: list[str]) -> None:
    """Refuse, before any data is read, an output that cannot be written or that is one of
    the `inputs` (exit 2, with the reason); `-` is standard output."""
    from povtrack.io.errors import InputError
    from povtrack.io.output import check_output_path

    try:
        check_output_path(output, inputs)
    except InputError as exc:
        fail(str(exc), Exit.USAGE)


def write(
    output: str,
    inputs: list[str],
    no_color: bool,
    render: Callable[[TextIO, RenderOptions], None],
    csv_dialect: CsvDialect = "rfc4180",
) -> None:
    """Check the output path, then render into it atomically (to stdout for `-`)."""
    import msgspec

    from povtrack.io.errors import InputError
    from povtrack.io.output import check_output_path, open_output

    opts = options(sys.stdout if output == "-" else sys.stderr, no_color, csv_dialect)
    if output != "-":
        opts = msgspec.structs.replace(opts, color=False)
    try:
        check_output_path(output, inputs)
        with open_output(output, newline="") as stream:
            render(stream, opts)
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
