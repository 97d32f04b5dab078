"""`povtrack config`: the settings in force and where each came from."""

from __future__ import annotations

import os
from typing import Annotated, Any, Literal, TextIO

import typer

from povtrack import i18n
from povtrack.cli import config as project_file
from povtrack.cli.common import (
    Command,
    CsvDialect,
    DataOption,
    Exit,
    Formula,
    IndicatorOption,
    LangOption,
    Method,
    RegionOption,
    choice_option,
    fail,
    format_option,
    setup,
)
from povtrack.i18n import N_, t

ConfigFormat = Literal["table", "json"]

#: Where a value came from, in JSON (stable codes) and in the table (translated).
SOURCES: dict[str, str] = {
    "command-line": i18n.N_("command line"),
    "environment": i18n.N_("environment"),
    "file": i18n.N_("project file"),
    "default": i18n.N_("default"),
}


def _setting(value: Any, source: str, origin: str) -> dict[str, Any]:
    return {"value": value, "source": source, "origin": origin}


CONFIG_HELP = N_(
    """Show the settings in force and where each came from.

Each setting comes from the command line, the environment ($POVTRACK_DATA, $POVTRACK_LANG,
the locale), the project file (povtrack.toml, found in this folder or above; its path and
key are shown) or the built-in default.

The options are those the project file can set: give one to see that it wins. What wins,
for each setting: command line, then environment, then project file, then default. A
project file with a mistake is reported with its line (exit 2).

Example: povtrack config --format json"""
)


def config(
    ctx: typer.Context,
    data: DataOption = None,
    lang: LangOption = None,
    region: RegionOption = None,
    indicator: IndicatorOption = None,
    achievement: Annotated[
        Formula | None,
        choice_option(
            Formula,
            "--achievement",
            help=t("As report --achievement: linear or ratio. Example: --achievement ratio"),
            show_default=False,
        ),
    ] = None,
    bands: Annotated[
        bool | None,
        typer.Option(
            "--bands/--no-bands",
            help=t("As report --bands. Example: --bands"),
            show_default=False,
        ),
    ] = None,
    csv_dialect: Annotated[
        CsvDialect | None,
        choice_option(
            CsvDialect,
            "--csv-dialect",
            help=t(
                "As report --csv-dialect: rfc4180, excel or excel-id. "
                "Example: --csv-dialect excel-id"
            ),
            show_default=False,
        ),
    ] = None,
    method: Annotated[
        Method | None,
        choice_option(
            Method,
            "--method",
            "-m",
            help=t("As progress --method: unsd or opensdg. Example: --method opensdg"),
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ConfigFormat,
        format_option(
            ConfigFormat, t("table (for people) or json (for scripts). Example: --format json")
        ),
    ] = "table",
) -> None:
    """The command; its --help is CONFIG_HELP."""
    setup(lang)
    project = project_file.active()
    given = {
        "data": data,
        "lang": lang,
        "regions": region,
        "indicators": indicator,
        "achievement": achievement,
        "bands": bands,
        "csv-dialect": csv_dialect,
        "method": method,
    }
    params = {
        "data": "data",
        "lang": "lang",
        "regions": "region",
        "indicators": "indicator",
        "achievement": "achievement",
        "bands": "bands",
        "csv-dialect": "csv_dialect",
        "method": "method",
    }
    flags = {key: project_file.KEYS[key][0] for key in project_file.KEYS}
    settings: dict[str, dict[str, Any]] = {}
    for key, value in given.items():
        source = ctx.get_parameter_source(params[key])
        if source is not None and source.name == "COMMANDLINE":
            settings[key] = _setting(_plain(value), "command-line", flags[key])
            continue
        env_var = project_file.ENV_OVERRIDES.get(key)
        env_value = os.environ.get(env_var, "").strip() if env_var else ""
        if env_var and env_value:
            if key == "lang":
                parsed = i18n.parse_lang(env_value)
                if parsed is None:
                    fail(
                        i18n.t(
                            "{var}={value}: choose en or id (or unset it to follow the locale)",
                            var=env_var,
                            value=env_value,
                        ),
                        Exit.USAGE,
                    )
                settings[key] = _setting(parsed, "environment", env_var)
            else:
                settings[key] = _setting(env_value, "environment", env_var)
            continue
        if project is not None and key in project.values:
            settings[key] = _setting(_plain(project.values[key]), "file", project.where(key))
            continue
        settings[key] = _default(key)
    result = {
        "file": str(project.path) if project is not None else None,
        "found_by": project.origin if project is not None else None,
        "settings": settings,
    }

    from povtrack.io.output import open_output

    with open_output("-", newline="") as out:
        if output_format == "json":
            from povtrack.render import to_json

            out.write(to_json(result))
        else:
            _table(result, out)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, (list, tuple)) else value


def _default(key: str) -> dict[str, Any]:
    if key == "data":
        from povtrack.io.loader import resolve

        found = resolve(None)
        return _setting(found.path, "default", found.origin)
    if key == "lang":
        for name in i18n.LOCALE_VARS:
            value = os.environ.get(name)
            if value:
                lang = "id" if i18n.parse_lang(value) == "id" else "en"
                return _setting(lang, "environment", name)
        return _setting("en", "default", "built-in")
    return _setting(project_file.DEFAULTS[key], "default", "built-in")


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(value) if value else i18n.t("(all)")
    return str(value)


def _table(result: dict[str, Any], out: TextIO) -> None:
    from povtrack.io.output import safe_line

    t = i18n.t
    if result["file"] is None:
        out.write(t("No project file (povtrack init writes one).") + "\n\n")
    else:
        how = {
            "search": t("the nearest povtrack.toml"),
            "--config": "--config",
            project_file.ENV_VAR: project_file.ENV_VAR,
        }[result["found_by"]]
        out.write(
            t("Project file: {path} ({how})", path=safe_line(result["file"]), how=how) + "\n\n"
        )
    rows = [(t("Setting"), t("Value"), t("From"))]
    for key, setting in result["settings"].items():
        source = setting["source"]
        origin = setting["origin"]
        if source == "file":
            where = origin
        elif source == "default" and origin == "built-in":
            where = t(SOURCES["default"])
        elif source == "default":
            where = f"{t(SOURCES['default'])} ({_default_origin(origin)})"
        else:
            where = f"{t(SOURCES[source])} ({origin})"
        rows.append((key, safe_line(_shown(setting["value"])), safe_line(where)))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for row in rows:
        out.write(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}".rstrip() + "\n")


def _default_origin(origin: str) -> str:
    return i18n.t("current folder") if origin == "current folder" else i18n.t("bundled")


def register(app: typer.Typer) -> None:
    app.command(cls=Command, help=t(CONFIG_HELP))(config)
