"""Progress for long runs: a bar on stderr when it is a terminal, nothing otherwise.

The core reports progress through the small `Feedback` protocol and never prints; the command
line decides whether anybody is watching (a terminal, not --quiet, a file large enough to take
a while) and passes a `TerminalFeedback` or the silent `NO_FEEDBACK`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Protocol

from povtrack.i18n import N_, t

_FEEDBACK: Final = {
    "checking": N_("Checking records"),
    "computing": N_("Computing"),
    "decoding": N_("Decoding {file}"),
    "locating": N_("Locating problems"),
    "reading": N_("Reading {file}"),
    "writing": N_("Writing"),
}

#: Files smaller than this finish before a bar would be worth drawing.
MIN_BYTES: Final = 10_000_000


class Feedback(Protocol):
    def stage(self, key: str, total: int | None = None, **params: object) -> None:
        """Start a stage (a message key of this module); `total` units, or None: a spinner."""

    def advance(self, amount: int) -> None:
        """`amount` more units of the current stage are done."""


class _Silent:
    def stage(self, key: str, total: int | None = None, **params: object) -> None:  # noqa: ARG002
        return None

    def advance(self, amount: int) -> None:  # noqa: ARG002
        return None


NO_FEEDBACK: Final[Feedback] = _Silent()


class TerminalFeedback:
    """A rich progress bar on stderr, removed when done (it leaves no trace in the output)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True, highlight=False, markup=False),
            transient=True,
        )
        self._task: Any = None

    def __enter__(self) -> TerminalFeedback:
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def stage(self, key: str, total: int | None = None, **params: object) -> None:
        if self._task is not None:
            self._progress.remove_task(self._task)
        from povtrack.io.output import safe_line

        description = safe_line(t(_FEEDBACK[key], **params))
        self._task = self._progress.add_task(description, total=total)

    def advance(self, amount: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, amount)


def wanted(path: str, quiet: bool) -> bool:
    """A bar only on a terminal (stderr), without --quiet, for a file large enough."""
    if quiet or os.environ.get("POVTRACK_NO_PROGRESS"):
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    if not (isatty and isatty()):
        return False
    try:
        return Path(path).stat().st_size >= MIN_BYTES
    except OSError:
        return False
