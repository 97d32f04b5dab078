"""The project file, `povtrack.toml`: the options a planner sets once for a folder.

Where it is: `--config PATH` (a root option: `povtrack --config FILE report`), else
$POVTRACK_CONFIG, else the nearest `povtrack.toml` in the current folder or a folder above it.
The search stops after a folder that holds `.git` (the root of a repository: a project file
above it belongs to something else), at the user's home folder, and at the filesystem root.
`--no-config` reads none. `povtrack init` never reads one (it writes one).

What wins, for each setting: an option on the command line, then an environment variable
($POVTRACK_DATA for `data`, $POVTRACK_LANG for `lang`), then the project file, then the built-in
default (for `lang`: the locale, LC_ALL / LC_MESSAGES / LANG, then English).

The file's values reach the commands through Click's own mechanism: the root callback sets the
context's `default_map` (`apply`), so that each command's option takes the file's value as its
default and `ctx.get_parameter_source(name)` says where a value came from. A key that the
environment overrides is left out of the map, so that the command's own resolution (the
loader's $POVTRACK_DATA, i18n's $POVTRACK_LANG) finds it.

Unknown keys, values of the wrong type or out of their choices, and TOML syntax errors stop
every command with exit 2, naming the file, the key (its line when it can be found) and what
to do. tomllib and pydantic are imported only when a file is found.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import msgspec
import typer

from povtrack import i18n
from povtrack.i18n import N_, Lang, t

#: The project file's name.
FILE_NAME: Final = "povtrack.toml"
#: The environment variable that names a project file.
ENV_VAR: Final = "POVTRACK_CONFIG"
#: The environment variables that override a key of the file.
ENV_OVERRIDES: Final[dict[str, str]] = {"data": "POVTRACK_DATA", "lang": i18n.ENV_VAR}

#: Each key of the file, in the order `povtrack config` and `povtrack init` list them, and the
#: long options whose default it gives, in every command that has one. A list-valued key fills
#: only options that can be repeated (`--region` of report, not the single `--region` of
#: import csv).
KEYS: Final[dict[str, tuple[str, ...]]] = {
    "data": ("--data", "--into"),
    "lang": ("--lang",),
    "regions": ("--region", "--highlight"),
    "indicators": ("--indicator",),
    "achievement": ("--achievement",),
    "bands": ("--bands",),
    "csv-dialect": ("--csv-dialect",),
    "method": ("--method",),
}

#: What each key must be, for the messages about a wrong value.
EXPECTED: Final[dict[str, str]] = {
    "data": N_('a path in quotes, relative to the project file\'s folder: data = "data/x.json"'),
    "lang": N_('"en" or "id"'),
    "regions": N_('a list of region codes in quotes: regions = ["35", "3524"]'),
    "indicators": N_('a list of indicator ids in quotes: indicators = ["p0", "p1"]'),
    "achievement": N_('"linear" or "ratio"'),
    "bands": N_("true or false (without quotes)"),
    "csv-dialect": N_('"rfc4180", "excel" or "excel-id"'),
    "method": N_('"unsd" or "opensdg"'),
}


#: The built-in default of each key (what the commands do without the key; a test checks
#: that they are the commands' own defaults). `data` and `lang` have none that is a value: the
#: data file is found (./data/indicators.json, else the bundled data), the language is the
#: locale's.
DEFAULTS: Final[dict[str, Any]] = {
    "regions": [],
    "indicators": [],
    "achievement": "linear",
    "bands": False,
    "csv-dialect": "rfc4180",
    "method": "unsd",
}


class ConfigError(Exception):
    """A project file that cannot be used; the message names the file, the key and the fix."""


class ProjectConfig(msgspec.Struct, frozen=True):
    """A project file that was read and checked.

    `values` holds the keys the file sets, as the commands take them: `data` as a path from the
    current folder (the file writes it relative to its own folder). `origin` says how the file
    was found: "--config", "POVTRACK_CONFIG" or "search"."""

    path: Path
    origin: str
    values: dict[str, Any]
    lines: dict[str, int] = msgspec.field(default_factory=dict)

    def where(self, key: str) -> str:
        """`path/povtrack.toml:regions`, to name where a value came from."""
        return f"{self.path}:{key}"


#: The values a key can take (the same as the options' choices in `povtrack.cli.common`,
#: which this module does not import: common imports it; a test checks that they agree).
CHOICES: Final[dict[str, tuple[str, ...]]] = {
    "lang": ("en", "id"),
    "achievement": ("linear", "ratio"),
    "csv-dialect": ("rfc4180", "excel", "excel-id"),
    "method": ("unsd", "opensdg"),
}


@functools.cache
def _model() -> Any:
    """The pydantic model of the file's types (built on first use: pydantic is imported
    lazily); the choices are checked after it (`CHOICES`)."""
    from typing import Annotated

    from pydantic import BaseModel, ConfigDict, Field, StringConstraints

    Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

    class ProjectFile(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

        data: Text | None = None
        lang: Text | None = None
        regions: list[Text] | None = None
        indicators: list[Text] | None = None
        achievement: Text | None = None
        bands: bool | None = None
        csv_dialect: Text | None = Field(default=None, alias="csv-dialect")
        method: Text | None = None

    return ProjectFile


# -- finding the file ---------------------------------------------------------------------------


def _home(environ: Mapping[str, str]) -> Path | None:
    home = environ.get("HOME") or environ.get("USERPROFILE")
    return Path(home) if home else None


def search(cwd: Path, environ: Mapping[str, str]) -> Path | None:
    """The nearest povtrack.toml in `cwd` or a folder above it, stopping after a folder with
    `.git`, at the home folder and at the filesystem root."""
    home = _home(environ)
    start = cwd.absolute()
    for folder in (start, *start.parents):
        candidate = folder / FILE_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists() or (home is not None and folder == home):
            return None
    return None


#: The root options that take a value (`povtrack --lang id --config FILE report`).
_ROOT_VALUE_OPTIONS: Final = frozenset({"--config", "--lang"})


def option_in(argv: Sequence[str]) -> tuple[str | None, bool]:
    """`--config PATH` (or `--config=PATH`) and `--no-config` among the root options of
    `argv` (those before the command's name), for `main` before the app is built."""
    path: str | None = None
    no_config = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _ROOT_VALUE_OPTIONS and i + 1 < len(argv):
            if arg == "--config":
                path = argv[i + 1]
            i += 2
            continue
        if arg.startswith("--config="):
            path = arg.partition("=")[2]
        elif arg == "--no-config":
            no_config = True
        elif not arg.startswith("-"):
            break  # the command's name: what follows is the command's
        i += 1
    return path, no_config


def locate(
    option: str | None, no_config: bool, environ: Mapping[str, str], cwd: Path
) -> tuple[Path, str] | None:
    """Which project file to read and why: `--config`, $POVTRACK_CONFIG, or the search."""
    if no_config:
        return None
    if option is not None:
        if not option.strip():
            raise ConfigError(t("--config is empty; give the path of a povtrack.toml"))
        return Path(option), "--config"
    env = environ.get(ENV_VAR, "")
    if env.strip():
        return Path(env), ENV_VAR
    found = search(cwd, environ)
    return (found, "search") if found is not None else None


# -- reading it ---------------------------------------------------------------------------------


def _line_of(text: str, key: str) -> int | None:
    name = re.escape(key)  # `key = ...`, `"key" = ...` or a table, `[key]`
    pattern = re.compile(
        rf"^[ \t]*(?:([\"']?){name}\1[ \t]*=|\[[ \t]*{name}[ \t]*\])", re.MULTILINE
    )
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _place(path: Path, line: int | None) -> str:
    from povtrack.io.output import safe_line

    shown = safe_line(str(path))
    return f"{shown}:{line}" if line else shown


def _problem(error: Mapping[str, Any], path: Path, text: str) -> str:
    """One pydantic error as a sentence: where, which key, what is wrong, what to do."""
    loc = error.get("loc", ())
    key = str(loc[0]) if loc else "?"
    line = _line_of(text, key)
    place = _place(path, line)
    if error.get("type") == "extra_forbidden":
        close = difflib.get_close_matches(key, list(KEYS), n=1)
        if close:
            return t(
                "{place}: unknown key {key}; did you mean {suggestion}? "
                "(povtrack init --force writes a fresh commented file)",
                place=place,
                key=repr(key),
                suggestion=repr(close[0]),
            )
        return t(
            "{place}: unknown key {key}; the keys are: {known}",
            place=place,
            key=repr(key),
            known=", ".join(KEYS),
        )
    given = error.get("input")
    where = key if len(loc) < 2 else f"{key}[{loc[1]}]"
    return t(
        "{place}: {key} = {value} is not valid: write {expected}",
        place=place,
        key=where,
        value=toml_value(given),
        expected=t(EXPECTED[key]) if key in EXPECTED else "?",
    )


def toml_value(value: object) -> str:
    """A value as TOML writes it (JSON's string escapes are TOML's)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        import json  # only here: not imported at start-up (1.6 ms)

        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{...}"
    return str(value)


def load(path: Path, origin: str, cwd: Path) -> ProjectConfig:
    """Read and check a project file; ConfigError says what is wrong with it."""
    import tomllib

    from pydantic import ValidationError

    from povtrack.io.files import read_file

    shown = _place(path, None)
    try:
        # /dev/null is the usual way to say "no settings" (as GIT_CONFIG=/dev/null): an empty
        # file; any other device (--config /dev/zero) is refused, not read until memory runs out
        raw = b"" if os.path.realpath(path) == os.devnull else read_file(str(path))
    except FileNotFoundError:
        raise ConfigError(
            t(
                "{path}: no such project file (given with {origin}); check the path, or "
                "write one with povtrack init",
                path=shown,
                origin=origin,
            )
        ) from None
    except IsADirectoryError:
        raise ConfigError(
            t("{path}: is a folder; give the path of its povtrack.toml", path=shown)
        ) from None
    except OSError as exc:
        raise ConfigError(
            t("{path}: cannot be read ({reason})", path=shown, reason=exc.strerror or exc)
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(t("{path}: is not UTF-8 text; save it as UTF-8", path=shown)) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # the line as FILE:LINE, as for the other problems (Python 3.14 has exc.lineno; before
        # it, tomllib writes "(at line N, column M)" into the message)
        line = getattr(exc, "lineno", None)
        if not isinstance(line, int):
            found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
            line = int(found.group(1)) if found else None
        raise ConfigError(
            t(
                "{path}: not valid TOML: {error}; fix that line (text values are in double "
                'quotes: lang = "id"), or write a fresh file with povtrack init --force',
                path=_place(path, line),
                error=str(exc),
            )
        ) from None
    # every problem at once: the types (pydantic), then the choices of the values that are text
    errors: list[Mapping[str, Any]] = [
        {"loc": (key,), "type": "choice", "input": document[key]}
        for key, allowed in CHOICES.items()
        if isinstance(document.get(key), str) and document[key].strip() not in allowed
    ]
    checked = None
    try:
        checked = _model().model_validate(document)
    except ValidationError as exc:
        errors.extend(exc.errors())
    if errors or checked is None:
        errors.sort(key=lambda e: _line_of(text, str(e["loc"][0])) or 0)
        raise ConfigError("\n".join(_problem(error, path, text) for error in errors))
    values: dict[str, Any] = {}
    for key in KEYS:
        value = getattr(checked, key.replace("-", "_"))
        if value is not None:
            values[key] = value
    if "data" in values:
        values["data"] = _from_cwd(path.parent / values["data"], cwd)
    lines = {key: line for key in values if (line := _line_of(text, key)) is not None}
    return ProjectConfig(path=path, origin=origin, values=values, lines=lines)


def _from_cwd(path: Path, cwd: Path) -> str:
    """A path as it is best shown: relative to the current folder when it can be."""
    if not path.is_absolute():
        path = cwd / path
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive (Windows)
        return str(path)


def find(
    argv: Sequence[str], environ: Mapping[str, str] | None = None, cwd: Path | None = None
) -> ProjectConfig | None:
    """The project file in force for a command line (`argv` without the program's name), or
    None; ConfigError when it cannot be used."""
    env = os.environ if environ is None else environ
    here = Path.cwd() if cwd is None else cwd
    option, no_config = option_in(argv)
    located = locate(option, no_config, env, here)
    if located is None:
        return None
    return load(located[0], located[1], here)


def lang_from_config(
    argv: Sequence[str], environ: Mapping[str, str] | None = None, cwd: Path | None = None
) -> Lang | None:
    """The project file's `lang`, for choosing the language before the app is built (`--help`);
    None when there is no file, it sets no language, or it cannot be used (the command then
    says why). $POVTRACK_LANG and --lang, which win over the file, are the caller's to check."""
    try:
        config = find(argv, environ, cwd)
    except ConfigError:
        return None
    if config is None:
        return None
    lang = config.values.get("lang")
    return "id" if lang == "id" else ("en" if lang == "en" else None)


# -- giving it to the commands ------------------------------------------------------------------


def in_force(config: ProjectConfig, environ: Mapping[str, str]) -> dict[str, Any]:
    """The file's values that the environment does not override."""
    return {
        key: value
        for key, value in config.values.items()
        if not environ.get(ENV_OVERRIDES.get(key, ""), "").strip()
    }


def default_map(
    values: Mapping[str, Any], command: Any, environ: Mapping[str, str]
) -> dict[str, Any]:
    """Click's default_map for the commands under `command` (a Click group): for each
    subcommand, the value of each of its options that a key gives. `--into` (import) takes the
    data file in force: $POVTRACK_DATA, else the file's."""
    result: dict[str, Any] = {}
    for name, sub in (getattr(command, "commands", None) or {}).items():
        entry = default_map(values, sub, environ)
        for param in getattr(sub, "params", ()):
            opts = getattr(param, "opts", ())
            for key, flags in KEYS.items():
                if not any(flag in opts for flag in flags):
                    continue
                if "--into" in opts:
                    value = environ.get(ENV_OVERRIDES["data"], "").strip() or values.get(key)
                else:
                    value = values.get(key)
                if value is None or (isinstance(value, list) and not value):
                    continue
                if isinstance(value, list) and not getattr(param, "multiple", False):
                    continue
                entry[param.name] = value
        if entry:
            result[name] = entry
    return result


#: The project file of the running command (one command per process; reset by `apply`), and
#: the parameters whose value came from it (`note_source`).
_active: list[ProjectConfig | None] = [None]
_from_file: set[str] = set()


def active() -> ProjectConfig | None:
    return _active[0]


def from_file(param: str) -> bool:
    """Whether the running command's parameter `param` took its value from the project file."""
    return param in _from_file


def note_source(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
    """Option callback: remember whether the value came from the project file (Click's
    DEFAULT_MAP source), for messages that name where a value came from."""
    if param.name is not None:
        source = ctx.get_parameter_source(param.name)
        if source is not None and source.name == "DEFAULT_MAP":
            _from_file.add(param.name)
    return value


def apply(ctx: typer.Context, option: str | None, no_config: bool) -> None:
    """Root callback: find and check the project file, and give its values to the command that
    runs as its options' defaults. ConfigError (in the environment's language) when the file
    cannot be used."""
    _active[0] = None
    _from_file.clear()
    if ctx.invoked_subcommand == "init":
        return  # init writes a project file; a broken one must not stop it
    environ = os.environ
    cwd = Path.cwd()
    try:
        located = locate(option, no_config, environ, cwd)
        config = None if located is None else load(located[0], located[1], cwd)
    except ConfigError:
        _messages_language(environ)
        raise
    if config is None:
        return
    _active[0] = config
    values = in_force(config, environ)
    if "lang" in values:
        # until the command's own --lang is read (`common.setup`): for what is said before
        i18n.set_lang("id" if values["lang"] == "id" else "en")
    mapping = default_map(values, ctx.command, environ)
    if mapping:
        ctx.default_map = {**(ctx.default_map or {}), **mapping}


def _messages_language(environ: Mapping[str, str]) -> None:
    """The language of a message about a project file that cannot be read: the environment's."""
    try:
        i18n.set_lang(i18n.detect(environ))
    except ValueError:
        i18n.set_lang("en")
