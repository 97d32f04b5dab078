"""The command line: parse options, call the core, render, map the outcome to an exit code.

This module imports neither Typer nor the core when it is loaded: `povtrack --version` is
answered by `main` before anything else is imported, and `main` builds only the command it runs
(`make_app`). Commands import the core, rich and msgspec inside their functions.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING, Final, NoReturn

from povtrack import __version__, i18n
from povtrack.i18n import t

if TYPE_CHECKING:
    import typer

i18n.register(
    {
        "cli.interrupted": ("povtrack: interrupted", "povtrack: dihentikan"),
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


def make_app(command: str | None = None) -> typer.Typer:
    """The CLI with every command, or with only `command` (a key of commands.MODULES): Typer
    builds every registered command before it runs one (10 commands: about 20 ms, measured)."""
    import typer

    from povtrack.cli.commands import register, register_all
    from povtrack.cli.common import root

    app = typer.Typer(
        name="povtrack",
        help=HELP,
        no_args_is_help=True,
        rich_markup_mode="markdown",
        add_completion=False,
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


def main() -> None:
    """Entry point: no traceback for anything but a bug, and a bug says how to report it."""
    args = sys.argv[1:]
    if args == ["--version"]:
        # Answered before Typer builds a command: scripts call --version often. The same text
        # as the eager --version option gives.
        sys.stdout.write(f"povtrack {__version__}\n")
        return
    from povtrack.cli.commands import MODULES
    from povtrack.cli.common import Exit, has_read_large, read_large

    # `povtrack report ...` needs only `report`; anything else (--help, a typo that Typer
    # answers with the closest command names) gets every command.
    only = args[0] if args and args[0] in MODULES else None
    read_large(False)
    try:
        make_app(only)(prog_name="povtrack")
    except SystemExit as done:
        if has_read_large():
            _leave(done.code)
        raise
    except KeyboardInterrupt:
        sys.stderr.write(t("cli.interrupted") + "\n")
        raise SystemExit(130) from None
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
    except Exception as exc:
        if os.environ.get("POVTRACK_DEBUG"):
            import traceback

            traceback.print_exc()
        sys.stderr.write(t("cli.internal", error=f"{type(exc).__name__}: {exc}") + "\n")
        raise SystemExit(Exit.INTERNAL) from None
