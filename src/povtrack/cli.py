"""The command line: parse options, call the core, render, map the outcome to an exit code.

Heavy modules (msgspec, rich, the core) are imported inside the commands, so that
`povtrack --version` and `--help` start fast.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Annotated

import typer

from povtrack import __version__, i18n
from povtrack.clikit import Exit
from povtrack.commands import register_all
from povtrack.i18n import t

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

app = typer.Typer(
    name="povtrack",
    help=(
        "Validate poverty indicator data and report it against planning targets, exactly.\n\n"
        "Data file, first match wins: --data PATH, $POVTRACK_DATA, ./data/indicators.json, "
        "the bundled data.\n\n"
        "Example: povtrack report --indicator p0 --region 3524"
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"povtrack {__version__}\n")
        raise typer.Exit(Exit.OK)


@app.callback()
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


register_all(app)


def main() -> None:
    """Entry point: no traceback for anything but a bug, and a bug says how to report it."""
    if sys.argv[1:] == ["--version"]:
        # Answered before Typer builds its ten commands (about 20 ms, measured): scripts call
        # --version often. The same text as the eager --version option gives.
        sys.stdout.write(f"povtrack {__version__}\n")
        return
    try:
        app(prog_name="povtrack")
    except SystemExit:
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
            traceback.print_exc()
        sys.stderr.write(t("cli.internal", error=f"{type(exc).__name__}: {exc}") + "\n")
        raise SystemExit(Exit.INTERNAL) from None
