"""The command line: parse options, call the core, render, map the outcome to an exit code.

Heavy modules (msgspec, rich, the core) are imported inside the commands, so that
`povtrack --version` and `--help` start fast; `main` builds only the command it runs.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Final, NoReturn, get_args, get_origin

import typer
import typer.core

from povtrack import __version__, i18n
from povtrack.cli.commands import MODULES, register, register_all
from povtrack.cli.common import Exit, has_read_large, read_large
from povtrack.i18n import t

i18n.register(
    {
        "cli.interrupted": ("povtrack: interrupted", "povtrack: dihentikan"),
        "cli.no_stdout": (
            "povtrack: error: standard output is closed; give it somewhere to write (a file, "
            "a pipe, or >/dev/null)",
            "povtrack: galat: keluaran standar tertutup; berikan tempat menulis (berkas, pipa, "
            "atau >/dev/null)",
        ),
        "cli.encoding": (
            "povtrack: error: standard output uses the {encoding} encoding, which cannot write "
            "{char}; set PYTHONIOENCODING=utf-8, or write to a file with --output",
            "povtrack: galat: keluaran standar memakai encoding {encoding}, yang tidak dapat "
            "menulis {char}; set PYTHONIOENCODING=utf-8, atau tulis ke berkas dengan --output",
        ),
        "cli.terminated": (
            "povtrack: stopped by {signal}; no output file was left half-written",
            "povtrack: dihentikan oleh {signal}; tidak ada berkas keluaran yang tertulis setengah",
        ),
        "cli.write_failed": (
            "povtrack: error: the output cannot be written ({reason})",
            "povtrack: galat: keluaran tidak dapat ditulis ({reason})",
        ),
        "cli.internal": (
            "povtrack: internal error: {error}\nThis is a bug in povtrack. Please report it "
            "with the command you ran; set POVTRACK_DEBUG=1 to see the traceback.",
            "povtrack: galat internal: {error}\nIni bug di povtrack. Mohon laporkan beserta "
            "perintah yang Anda jalankan; set POVTRACK_DEBUG=1 untuk melihat traceback-nya.",
        ),
    }
)

HELP: Final = (
    "Validate poverty indicator data and report it against planning targets, exactly.\n\n"
    "Data file, first match wins: --data PATH, $POVTRACK_DATA, ./data/indicators.json, "
    "the bundled data.\n\n"
    "Example: povtrack report --indicator p0 --region 3524"
)


# -- option values without pydantic -------------------------------------------------------------

#: What `plain_value` returns for a value it leaves to Typer.
DECLINED: Final = object()
#: A whole number as Python's int() and pydantic's lax int read it alike: no sign but a
#: minus, no leading zero, no space, no underscore, not too long.
_WHOLE: Final = re.compile(r"0|-?[1-9][0-9]{0,17}")


def plain_value(param: Any, value: object, ctx: Any) -> object:
    """The value of an option as Typer's pydantic adapter converts it, for the plain kinds that
    povtrack's options have (nothing, a string, a whole number in its range, a choice of an
    Enum, a list of those); DECLINED for anything else, including every value that Typer
    refuses, so that Typer converts it and words its error itself. A test compares the two
    over every option of every command."""
    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    if info.parser is not None:
        return DECLINED
    multi = param.multiple or param.nargs == -1
    if value is None:
        return () if multi else None
    annotation = descriptor.annotation
    if get_origin(annotation) is list:
        if not isinstance(value, list | tuple):
            return DECLINED
        (item_type,) = get_args(annotation)
        items = [_plain_item(item_type, info, item, ctx) for item in value]
        return DECLINED if any(item is DECLINED for item in items) else items
    if multi:
        return DECLINED
    return _plain_item(annotation, info, value, ctx)


def _plain_item(annotation: object, info: Any, value: object, ctx: Any) -> object:
    if annotation is str:
        return value if type(value) is str else DECLINED
    if annotation is int:
        if type(value) is int:
            number = value
        elif type(value) is str and _WHOLE.fullmatch(value):
            number = int(value)
        else:
            return DECLINED
        if (info.min is not None and number < info.min) or (
            info.max is not None and number > info.max
        ):
            return DECLINED
        return number
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        if isinstance(value, annotation):
            return value
        if type(value) is str and info.case_sensitive and ctx.token_normalize_func is None:
            for member in annotation:
                if str(member.value) == value:
                    return member
    return DECLINED


class _PlainCoercion:
    """Typer (0.29) converts every option value with a pydantic TypeAdapter, even a default:
    importing pydantic's validation and building the first adapter take about 50 ms (measured),
    more than all the rest of `povtrack report` on the bundled data. This converter gives the
    values of `plain_value` directly, and builds Typer's own converter for anything else."""

    __slots__ = ()

    def coerce(self, value: object, param: Any, ctx: Any) -> object:
        try:
            plain = plain_value(param, value, ctx)
        except AttributeError:  # a Typer whose options are made otherwise: Typer converts
            plain = DECLINED
        if plain is not DECLINED:
            return plain
        param._runtime_param = None  # Typer builds its own, as if this one never was
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)


_PLAIN_COERCION: Final = _PlainCoercion()


def _convert_plainly(command: Any) -> None:
    """Give every option of `command` and of its subcommands the plain converter, and the help
    option too (which Typer makes when a command first parses its arguments). This uses two
    private names of Typer's options (`_runtime_param`, `type_descriptor`); with a Typer that
    has no such converter built on first use, nothing changes (Typer converts every value)."""
    for param in command.params:
        _plain_option(param)
    get_help_option = getattr(command, "get_help_option", None)
    if get_help_option is not None:

        def help_option(ctx: Any) -> Any:
            option = get_help_option(ctx)
            if option is not None:
                _plain_option(option)
            return option

        command.get_help_option = help_option
    for sub in getattr(command, "commands", {}).values():
        _convert_plainly(sub)


def _plain_option(param: Any) -> None:
    if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
        param._runtime_param = _PLAIN_COERCION


class _Group(typer.core.TyperGroup):
    """povtrack's group of commands: the plain converter reads its options and its commands'."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        _convert_plainly(self)


# -- the application ----------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"povtrack {__version__}\n")
        raise typer.Exit(Exit.OK)


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the version and exit. Example: povtrack --version",
        ),
    ] = False,
) -> None:
    """Validate poverty indicator data and report it against planning targets, exactly."""


def make_app(command: str | None = None) -> typer.Typer:
    """The CLI with every command, or with only `command` (a key of commands.MODULES): Typer
    builds every registered command before it runs one (10 commands: about 20 ms, measured)."""
    app = typer.Typer(
        name="povtrack",
        help=HELP,
        no_args_is_help=True,
        rich_markup_mode="markdown",
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        cls=_Group,
    )
    app.callback()(_root)
    if command is None:
        register_all(app)
    else:
        register(app, [command])
    return app


def __getattr__(name: str) -> typer.Typer:
    """`app`, the whole CLI (for the tests and for `typer.main.get_command`), built on first
    use: `main` does not need it."""
    if name == "app":
        app = make_app()
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _leave(code: object) -> NoReturn:
    """End the process now, without freeing one by one the millions of objects that a large
    file made (0.2 s for 1M records, measured; the system takes the memory back at once).
    Only for a command that has finished: its output files are written, renamed and closed,
    its temporary files removed, its progress bar stopped; only the standard streams may
    still hold text."""
    status = code if isinstance(code, int) else (0 if code is None else 1)
    try:
        sys.stdout.flush()
    except OSError:
        status = status or int(Exit.USAGE)  # cut output is never a success
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(status)


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C, so that every `with` block closes and
    removes what it made (an output's temporary file, a lock, the progress bar)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> NoReturn:
    # A second signal must not cut the clean-up short: from now on both are ignored.
    for name in _STOP_SIGNALS:
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    raise Terminated(signum)


#: The signals that end povtrack cleanly (those that exist here: Windows has no SIGHUP).
_STOP_SIGNALS: Final = tuple(name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _stop_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP unwind the command instead of killing it where it stands (which
    left `.NAME.XXXX.tmp` files behind). A signal that is ignored (nohup) stays ignored.
    SIGKILL cannot be caught: an output is then left as it was, never half-written."""
    for name in _STOP_SIGNALS:
        number = getattr(signal, name)
        if signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _terminate)


class _BestEffortStderr(io.TextIOWrapper):
    """Standard error that never fails the command: a message that cannot be written (stderr
    closed, a full disk, /dev/full) is dropped, and a character its encoding lacks is written
    as a backslash escape. The output on stdout and the exit code stay what the command made
    them; without this, a failed message emptied stdout and exited 1 (or Python's 120)."""

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except (OSError, ValueError):
            return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            super().flush()


def _standard_streams() -> bool:
    """Make stderr best-effort; False when there is no stdout to write to (`>&-`)."""
    stderr = sys.stderr
    if stderr is None:
        # stderr closed (2>&-): messages go nowhere, for as long as the process lives
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115
    elif isinstance(stderr, io.TextIOWrapper) and not isinstance(stderr, _BestEffortStderr):
        with contextlib.suppress(OSError, ValueError):
            stderr.flush()
        sys.stderr = _BestEffortStderr(
            stderr.buffer,
            encoding=stderr.encoding,
            errors="backslashreplace",
            newline="\n",
            line_buffering=True,
        )
    if sys.stdout is None:
        sys.stderr.write(t("cli.no_stdout") + "\n")
        return False
    return True


def main() -> None:
    """Entry point: no traceback for anything but a bug, and a bug says how to report it."""
    if not _standard_streams():
        raise SystemExit(Exit.USAGE)
    args = sys.argv[1:]
    if args == ["--version"]:
        # Answered before Typer builds a command: scripts call --version often. The same text
        # as the eager --version option gives.
        try:
            sys.stdout.write(f"povtrack {__version__}\n")
            sys.stdout.flush()
        except OSError as exc:
            sys.stderr.write(t("cli.write_failed", reason=exc.strerror or exc) + "\n")
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(Exit.USAGE) from None
        return
    # `povtrack report ...` needs only `report`; anything else (--help, a typo that Typer
    # answers with the closest command names) gets every command.
    only = args[0] if args and args[0] in MODULES else None
    read_large(False)
    _stop_cleanly_on_signals()
    try:
        make_app(only)(prog_name="povtrack")
    except SystemExit as done:
        if has_read_large():
            _leave(done.code)
        raise
    except KeyboardInterrupt:
        sys.stderr.write(t("cli.interrupted") + "\n")
        raise SystemExit(130) from None
    except Terminated as stop:
        with contextlib.suppress(OSError):
            sys.stderr.write(t("cli.terminated", signal=signal.Signals(stop.signum).name) + "\n")
        raise SystemExit(128 + stop.signum) from None
    except BrokenPipeError:
        # The reader of our stdout went away (e.g. `| head`): the output could not be written
        # in full, which is exit 2; never 0, which would pass a CI gate whose output was cut.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(Exit.USAGE) from None
    except OSError as exc:
        # Reading is handled where files are read (exit 2 with the file's name); an OSError
        # that gets here is a write to standard output or standard error that failed.
        sys.stderr.write(t("cli.write_failed", reason=exc.strerror or exc) + "\n")
        raise SystemExit(Exit.USAGE) from None
    except UnicodeEncodeError as exc:
        # Only standard output has an encoding that is not ours (files are UTF-8): a terminal
        # or PYTHONIOENCODING set to ASCII or Latin-1. Never a silent `?` in a figure's name.
        sys.stderr.write(
            t("cli.encoding", encoding=exc.encoding, char=repr(exc.object[exc.start : exc.end]))
            + "\n"
        )
        raise SystemExit(Exit.USAGE) from None
    except Exception as exc:
        if os.environ.get("POVTRACK_DEBUG"):
            import traceback

            traceback.print_exc()
        sys.stderr.write(t("cli.internal", error=f"{type(exc).__name__}: {exc}") + "\n")
        raise SystemExit(Exit.INTERNAL) from None
