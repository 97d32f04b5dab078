"""One writer of a data file at a time: a lock file beside it.

Two imports into the same data file at once (two officers, two CI jobs) would each read the file,
add their records and rename their version over it: the second rename drops the first one's
records, and the file stays valid, so nobody notices. Every writer of a data file therefore holds
`NAME.lock` (beside the file, after symlinks are followed) from the moment it reads the file until
its new version has been renamed into place. A second writer waits for the first, then reads the
file the first one wrote, so it lands its records on top of them.

The lock is `filelock.FileLock`: an operating-system lock (`flock` on Unix, `msvcrt.locking` on
Windows) that the system releases when the process ends, however it ends, SIGKILL included. The
lock file itself stays after the writer is done (filelock keeps the path so that waiters share one
file) and means nothing by itself: a later writer never waits for a writer that is gone. On a file
system without such locks filelock falls back to a marker file; a writer killed there leaves the
marker, and the next writer waits `timeout` seconds and then says which file to remove.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from filelock import FileLock, Timeout

from povtrack.i18n import t
from povtrack.io.errors import InputError

#: How long a writer waits for another one (seconds); POVTRACK_LOCK_TIMEOUT overrides it.
TIMEOUT: Final = 60.0
ENV_TIMEOUT: Final = "POVTRACK_LOCK_TIMEOUT"


def lock_path(path: str) -> str:
    """The lock file of the data file `path`: `NAME.lock` beside the file that is really
    written (a symlink's target), so that every name of one file shares one lock."""
    return os.path.realpath(path) + ".lock"


def _timeout() -> float:
    text = os.environ.get(ENV_TIMEOUT, "")
    try:
        seconds = float(text)
    except ValueError:
        return TIMEOUT
    return seconds if seconds >= 0 else TIMEOUT


@contextmanager
def writing(path: str, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock of the data file `path` for the block: read the file, merge, write it
    (atomically) inside it. An InputError (exit 2) names the lock file when another writer
    holds it for longer than `timeout` seconds, or when it cannot be made."""
    lock = lock_path(path)
    seconds = _timeout() if timeout is None else timeout
    file_lock = FileLock(lock, timeout=seconds)
    try:
        file_lock.acquire()
    except Timeout:
        raise InputError(
            t(
                "{file}: another povtrack process is writing this file and still "
                "holds {lock} after {seconds} s; try again when it has finished "
                "(if no povtrack process is running, remove {lock})",
                file=path,
                lock=lock,
                seconds=f"{seconds:g}",
            )
        ) from None
    except OSError as exc:
        raise InputError(
            t(
                "{file}: cannot take the lock {lock} ({reason}); the folder must be writable",
                file=path,
                lock=lock,
                reason=exc.strerror or exc,
            )
        ) from None
    try:
        yield
    finally:
        file_lock.release()
