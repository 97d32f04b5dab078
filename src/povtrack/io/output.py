"""Where output goes: stdout, or a file written atomically; text made safe for a terminal."""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, Final, TextIO

from povtrack.i18n import t
from povtrack.io.errors import InputError

_UNSAFE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text with every control character (ANSI escapes, bidi overrides, ...) made visible as
    `\\u001b`, so data can never drive the terminal. Newlines and tabs are kept."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe_line(text: str) -> str:
    """Like `safe`, and newlines too: for one-line cells and messages."""
    return safe(text).replace("\n", "\\n").replace("\t", " ")


def use_color(stream: TextIO, no_color: bool = False) -> bool:
    """Colour only on a terminal, never with --no-color or NO_COLOR (https://no-color.org)."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def check_output_path(output: str, inputs: list[str]) -> None:
    """Refuse an output path that cannot be written or that is one of the inputs."""
    if output == "-":
        return
    if not output.strip():
        raise InputError(t("--output is empty; give a file name, or - for standard output"))
    target = Path(os.path.realpath(output))
    folder = target.parent if str(target.parent) else Path()
    if not folder.is_dir():
        raise InputError(
            t(
                "{path}: the folder {folder} does not exist; create it first "
                "(povtrack never creates folders)",
                path=output,
                folder=repr(str(folder) or "."),
            )
        )
    if target.is_dir():
        raise InputError(t("{path}: is a folder; give a file name", path=output))
    # A symlink loop raises RuntimeError before Python 3.13, OSError after.
    try:
        resolved = target.resolve()
    except (RuntimeError, OSError):
        raise InputError(
            t("{path}: is a loop of symbolic links; give the path of a file", path=output)
        ) from None
    for source in inputs:
        try:
            same = resolved == Path(source).resolve()
        except (RuntimeError, OSError):  # an input that is a loop says so when it is read
            continue
        if not same and target.exists():
            with contextlib.suppress(OSError):
                same = target.samefile(source)
        if same:
            raise InputError(
                t(
                    "{path}: is the data file being read; povtrack never overwrites "
                    "its input, choose another output file",
                    path=output,
                )
            )
    if not os.access(folder, os.W_OK):
        raise InputError(
            t(
                "{path}: the folder {folder} is not writable",
                path=output,
                folder=repr(str(folder) or "."),
            )
        )


def _buffered_stdout() -> tuple[TextIO, Callable[[], None]]:
    """Standard output, and what to call when done with it. With PYTHONUNBUFFERED=1 (or
    `python -u`), as many CI images set, sys.stdout writes straight to the file descriptor,
    and a large write to a pipe may be taken only in part with no error (the text layer does
    not look at the count): a reader gone early (`| head`) would then go unnoticed and the
    command exit 0. A buffered writer writes everything or raises, so it is put in between."""
    stdout = sys.stdout
    raw = getattr(stdout, "buffer", None)
    if not isinstance(raw, io.RawIOBase):
        return stdout, lambda: None
    stdout.flush()
    buffered = io.BufferedWriter(raw)
    text = io.TextIOWrapper(
        buffered,
        encoding=stdout.encoding,
        errors=stdout.errors,
        newline="\n",  # as sys.stdout: "\r\n" in a CSV stays "\r\n", also on Windows
        line_buffering=bool(getattr(stdout, "line_buffering", False)),
    )

    def release() -> None:
        with contextlib.suppress(OSError, ValueError):
            text.flush()
        text.detach()
        buffered.detach()  # sys.stdout keeps its file open

    return text, release


@contextlib.contextmanager
def open_output(
    output: str, *, newline: str | None = None, encoding: str = "utf-8"
) -> Iterator[TextIO]:
    """Yield a text stream. For a file, everything goes to a temporary file in the same folder
    that replaces the target only when the block finishes without error: never half a file."""
    if output == "-":
        stdout, release = _buffered_stdout()
        try:
            yield stdout
            stdout.flush()
        except BrokenPipeError:
            # The reader went away (`| head`): nothing more can be written, and Python must
            # not try again when it exits.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise InputError(
                t("standard output was closed before everything was written")
            ) from None
        except OSError as exc:
            with contextlib.suppress(OSError):  # nor may Python try again when it exits
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise InputError(
                t("standard output cannot be written ({reason})", reason=exc.strerror or exc)
            ) from None
        finally:
            release()
        return
    # A device or a named pipe (/dev/stdout, a FIFO) is written to directly: renaming a file
    # over it would destroy it. A symlink to a file is written through (its target replaced).
    given = Path(output)
    if given.exists() and not given.is_file():
        try:
            with given.open("w", encoding=encoding, newline=newline) as stream:
                yield stream
        except OSError as exc:
            raise InputError(
                t("{path}: cannot be written ({reason})", path=output, reason=exc.strerror or exc)
            ) from None
        return
    target = Path(os.path.realpath(output))
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(
            t("{path}: cannot be written ({reason})", path=output, reason=exc.strerror or exc)
        ) from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as stream:
            yield stream
        if target.exists():
            with contextlib.suppress(OSError):
                Path(tmp).chmod(target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            Path(tmp).chmod(0o666 & ~umask)
        Path(tmp).replace(target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        if isinstance(exc, OSError):
            raise InputError(
                t("{path}: cannot be written ({reason})", path=output, reason=exc.strerror or exc)
            ) from None
        raise


@contextlib.contextmanager
def open_binary_output(output: str) -> Iterator[BinaryIO]:
    """Yield a binary stream (a workbook): as `open_output`, to standard output for `-`, else
    to a temporary file in the same folder that replaces the target only when the block
    finishes without error (never half a file), with the target's permissions or, for a new
    file, the usual ones."""
    if output == "-":
        stdout = sys.stdout.buffer
        try:
            sys.stdout.flush()
            yield stdout
            stdout.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise InputError(
                t("standard output was closed before everything was written")
            ) from None
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise InputError(
                t("standard output cannot be written ({reason})", reason=exc.strerror or exc)
            ) from None
        return
    given = Path(output)
    if given.exists() and not given.is_file():  # a device or a named pipe: written directly
        try:
            with given.open("wb") as stream:
                yield stream
        except OSError as exc:
            raise InputError(
                t("{path}: cannot be written ({reason})", path=output, reason=exc.strerror or exc)
            ) from None
        return
    target = Path(os.path.realpath(output))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(
            t("{path}: cannot be written ({reason})", path=output, reason=exc.strerror or exc)
        ) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
        if target.exists():
            with contextlib.suppress(OSError):
                Path(tmp).chmod(target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            Path(tmp).chmod(0o666 & ~umask)
        Path(tmp).replace(target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        if isinstance(exc, OSError):
            raise InputError(
                t("{path}: cannot be written ({reason})", path=output, reason=exc.strerror or exc)
            ) from None
        raise
