"""The command line: parse options, call the core, render, map the outcome to an exit code.

This module imports neither Typer nor the core when it is loaded: `povtrack --version` is
answered by `main` before anything else is imported, and `main` builds only the command it runs
(`make_app`). Commands import the core, rich and msgspec inside their functions.

`main` chooses the language (`help_language`) before it imports Typer and the commands: their
help texts are `t()` calls, translated as the modules are imported, so that `--help` is in
the language that the command line, $POVTRACK_LANG (or the locale) choose.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final, NoReturn, TextIO

from povtrack import __version__, i18n
from povtrack.i18n import N_, Lang, t

if TYPE_CHECKING:
    from collections.abc import Sequence

    import typer


HELP: Final = N_(
    "Validate poverty indicator data and report it against planning targets, exactly.\n\n"
    "Data file, first match wins: --data PATH, $POVTRACK_DATA, data in povtrack.toml (the "
    "project file: povtrack init writes one), ./data/indicators.json, the bundled data.\n\n"
    "Shell completion (indicator ids and region codes of the data file in use): "
    "povtrack --install-completion.\n\n"
    "Example: povtrack report --indicator p0 --region 3524"
)

#: Typer's own words in --help and in its error panel, which it translates with the standard
#: gettext functions (`gettext.gettext`, the default text domain): marked here so that they
#: are in povtrack's catalog. Click's own words ("Usage:", "Error:", "Invalid value for",
#: "No such option", "Missing option") are plain strings in Typer 0.29: they stay English.
TYPER_WORDS: Final = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("Error"),
    N_("[default: {}]"),
    N_("[required]"),
    N_("[env var: {}]"),
    N_("(deprecated) "),
    N_("Aborted."),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("default: {default}"),
    N_("required"),
)


def make_app(command: str | None = None) -> typer.Typer:
    """The CLI with every command, or with only `command` (a key of commands.MODULES): Typer
    builds every registered command before it runs one (10 commands: about 20 ms, measured)."""
    import typer

    from povtrack.cli.commands import register, register_all
    from povtrack.cli.common import Group, root

    app = typer.Typer(
        name="povtrack",
        help=t(HELP),
        cls=Group,
        no_args_is_help=True,
        rich_markup_mode="markdown",
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
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
    from povtrack.cli.common import Exit

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
    SIGKILL cannot be caught: an output is then left as it was, never half-written, and what
    the killed process was writing has no name (`povtrack.io.output.atomic_file`)."""
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
        sys.stderr.write(
            t(
                "povtrack: error: standard output is closed; give it somewhere to "
                "write (a file, a pipe, or >/dev/null)"
            )
            + "\n"
        )
        return False
    return True


#: Exit.USAGE, for what main() answers before it imports cli.common (which imports Typer).
_USAGE: Final = 2


def _lang_in(args: Sequence[str]) -> Lang | None:
    """The last `--lang X` / `--lang=X` before `--` on the command line (before or after the
    command: both are options), when X is a language we have (else Typer refuses it later)."""
    found: Lang | None = None
    for position, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and position + 1 < len(args):
            value = args[position + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in i18n.LANGS:
            found = "id" if value == "id" else "en"
    return found


def help_language(args: Sequence[str], environ: dict[str, str] | None = None) -> Lang:
    """The language of this run, chosen before the commands are built (their --help is
    translated as they are built). Precedence: the command line, $POVTRACK_LANG, the project
    file, the locale. A $POVTRACK_LANG that names no language is skipped here: `setup` refuses
    it (exit 2) when the command runs."""
    env = os.environ if environ is None else environ
    given = _lang_in(args)
    if given is not None:
        return given
    chosen = i18n.parse_lang(env.get(i18n.ENV_VAR, "").strip() or "-")
    if chosen is not None:
        return chosen
    from povtrack.cli.config import lang_from_config  # `lang` in the project file

    from_file = lang_from_config(args, env)
    if from_file is not None:
        return from_file
    try:
        return i18n.detect({name: env[name] for name in i18n.LOCALE_VARS if name in env})
    except ValueError:
        return "en"


def _use_language(lang: Lang) -> None:
    """povtrack's messages in `lang`; and Typer's own words ("Options", "[default: ...]"),
    which it looks up with the standard `gettext.gettext`: its default text domain becomes
    povtrack's catalog, in `lang` ($LANGUAGE, which gettext reads first). English needs
    nothing. Done before Typer is imported (it translates some words as it is imported)."""
    i18n.set_lang(lang)
    if lang != "en":
        import gettext

        gettext.bindtextdomain(i18n.DOMAIN, i18n.LOCALEDIR)
        gettext.textdomain(i18n.DOMAIN)
        os.environ["LANGUAGE"] = lang


def _command(args: Sequence[str]) -> str | None:
    """The command that `args` run (`report` in `--lang id report -f csv` or in
    `--config FILE report`), else None: the root options that cannot change which commands
    are needed (`--lang`, `--config`, `--no-config`) are skipped; another one (`--help`) or
    none at all needs every command."""
    from povtrack.cli.commands import MODULES

    position = 0
    while position < len(args):
        arg = args[position]
        if arg in ("--lang", "--config"):
            position += 2
        elif arg.startswith(("--lang=", "--config=")) or arg == "--no-config":
            position += 1
        else:
            return arg if arg in MODULES else None
    return None


def entry() -> None:
    """The process's entry point (the `povtrack` script, `python -m povtrack`): `main`, with
    the cycle collector off, and everything frozen when it ends.

    A povtrack process runs one command, and what it makes (modules, the records it read, the
    rows it computed) mostly lives until it ends: the collector would only walk those objects
    again and again, and the interpreter's teardown would walk them once more. Measured
    (interleaved runs, CPU, 2026-12-03): `povtrack report` on the bundled data 13 % less, the
    100k-record CSV report 6 % less, the same peak memory at 1M records (706 MB). Not for a
    process that goes on after it (what it froze is never collected): call `main` there, as
    the tests do. The library only pauses the collector while it reads a file (`io.loader`)."""
    gc.disable()
    try:
        main()
    finally:
        gc.freeze()


def main() -> None:
    """The command line, for this process's arguments: no traceback for anything but a bug,
    and a bug says how to report it. Standard error is made best-effort while the command
    runs (`_standard_streams`) and given back as it was when it ends."""
    stderr = sys.stderr
    try:
        if not _standard_streams():
            raise SystemExit(_USAGE)
        _run(sys.argv[1:])
    finally:
        _give_back(stderr)


def _give_back(stderr: TextIO | None) -> None:
    """sys.stderr as it was before `_standard_streams`, for a process that goes on (tests, a
    program that calls `main`): the best-effort wrapper is detached, not left to be collected,
    which would close the stream it shares with the caller's stderr."""
    current = sys.stderr
    if current is stderr:
        return
    if isinstance(current, _BestEffortStderr):
        current.flush()
        with contextlib.suppress(ValueError):
            current.detach()
    elif current is not None:
        current.close()  # the os.devnull file opened for a closed stderr
    sys.stderr = stderr


def _run(args: list[str]) -> None:
    """main, once standard error is best-effort and standard output is there."""
    if args == ["--version"]:
        # Answered before Typer builds a command: scripts call --version often. The same text
        # as the eager --version option gives.
        try:
            sys.stdout.write(f"povtrack {__version__}\n")
            sys.stdout.flush()
        except OSError as exc:
            sys.stderr.write(
                t(
                    "povtrack: error: the output cannot be written ({reason})",
                    reason=exc.strerror or exc,
                )
                + "\n"
            )
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(_USAGE) from None
        return
    _use_language(help_language(args))
    from povtrack.cli.common import Exit, has_read_large, read_large

    # `povtrack report ...` needs only `report`; anything else (--help, a typo that Typer
    # answers with the closest command names, shell completion) gets every command.
    only = _command(args)
    read_large(False)
    _stop_cleanly_on_signals()
    try:
        make_app(only)(prog_name="povtrack")
    except SystemExit as done:
        if has_read_large():
            _leave(done.code)
        raise
    except KeyboardInterrupt:
        sys.stderr.write(t("povtrack: interrupted") + "\n")
        raise SystemExit(130) from None
    except Terminated as stop:
        with contextlib.suppress(OSError):
            sys.stderr.write(
                t(
                    "povtrack: stopped by {signal}; no output file was left half-written",
                    signal=signal.Signals(stop.signum).name,
                )
                + "\n"
            )
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
        sys.stderr.write(
            t(
                "povtrack: error: the output cannot be written ({reason})",
                reason=exc.strerror or exc,
            )
            + "\n"
        )
        raise SystemExit(Exit.USAGE) from None
    except UnicodeEncodeError as exc:
        # Only standard output has an encoding that is not ours (files are UTF-8): a terminal
        # or PYTHONIOENCODING set to ASCII or Latin-1. Never a silent `?` in a figure's name.
        sys.stderr.write(
            t(
                "povtrack: error: standard output uses the {encoding} encoding, "
                "which cannot write {char}; set PYTHONIOENCODING=utf-8, or write "
                "to a file with --output",
                encoding=exc.encoding,
                char=repr(exc.object[exc.start : exc.end]),
            )
            + "\n"
        )
        raise SystemExit(Exit.USAGE) from None
    except Exception as exc:
        if os.environ.get("POVTRACK_DEBUG"):
            import traceback

            traceback.print_exc()
        sys.stderr.write(
            t(
                "povtrack: internal error: {error}\nThis is a bug in povtrack. "
                "Please report it with the command you ran; set POVTRACK_DEBUG=1 "
                "to see the traceback.",
                error=f"{type(exc).__name__}: {exc}",
            )
            + "\n"
        )
        raise SystemExit(Exit.INTERNAL) from None
