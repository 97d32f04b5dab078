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
from typing import IO, Any, BinaryIO, Final, TextIO, cast

from povtrack.i18n import t
from povtrack.io.errors import InputError
from povtrack.model.text import CONTROL_BUT_LAYOUT, INVISIBLE

_UNSAFE: Final = re.compile(f"[{CONTROL_BUT_LAYOUT}{INVISIBLE}]")


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


def _buffered(raw: object) -> io.BufferedWriter | None:
    """A buffered writer over `raw` (standard output's binary layer) when that is unbuffered:
    with PYTHONUNBUFFERED=1 (or `python -u`), as many CI images set, sys.stdout.buffer is the
    file itself, and a large write to a pipe may be taken only in part with no error (a raw
    write returns the count, which nothing looks at): a reader gone early (`| head`) would
    then go unnoticed and the command exit 0. A buffered writer writes everything or raises,
    so it is put in between. None when `raw` is buffered already."""
    return io.BufferedWriter(raw) if isinstance(raw, io.RawIOBase) else None


def _buffered_stdout() -> tuple[TextIO, Callable[[], None]]:
    """Standard output as text, and what to call when done with it (`_buffered`)."""
    stdout = sys.stdout
    buffered = _buffered(getattr(stdout, "buffer", None))
    if buffered is None:
        return stdout, lambda: None
    stdout.flush()
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


def _binary_stdout() -> tuple[BinaryIO, Callable[[], None]]:
    """Standard output's binary layer, and what to call when done with it (`_buffered`)."""
    sys.stdout.flush()
    raw = sys.stdout.buffer
    buffered = _buffered(raw)
    if buffered is None:
        return raw, lambda: None

    def release() -> None:
        with contextlib.suppress(OSError, ValueError):
            buffered.flush()
        buffered.detach()  # sys.stdout keeps its file open

    return buffered, release


@contextlib.contextmanager
def _stdout_errors(release: Callable[[], None]) -> Iterator[None]:
    """A write to standard output that fails in the block is an InputError that says what
    happened; `release` is called in the end."""
    try:
        yield
    except BrokenPipeError:
        # The reader went away (`| head`): nothing more can be written, and Python must
        # not try again when it exits.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise InputError(t("standard output was closed before everything was written")) from None
    except OSError as exc:
        with contextlib.suppress(OSError):  # nor may Python try again when it exits
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise InputError(
            t("standard output cannot be written ({reason})", reason=exc.strerror or exc)
        ) from None
    finally:
        release()


@contextlib.contextmanager
def _to_file(output: str, mode: str, **settings: Any) -> Iterator[IO[Any]]:
    """Yield a stream to the file `output`: a temporary file in the same folder that replaces
    the target only when the block finishes without error (never half a file). A device or a
    named pipe (/dev/stdout, a FIFO) is written to directly: renaming a file over it would
    destroy it. A symlink to a file is written through (its target replaced)."""
    given = Path(output)
    try:
        if given.exists() and not given.is_file():
            with given.open(mode, **settings) as stream:
                yield stream
        else:
            with (
                atomic_file(Path(os.path.realpath(output))) as fd,
                os.fdopen(fd, mode, closefd=False, **settings) as stream,
            ):
                yield stream
    except OSError as exc:
        raise InputError(
            t("{path}: cannot be written ({reason})", path=output, reason=exc.strerror or exc)
        ) from None


@contextlib.contextmanager
def open_output(
    output: str, *, newline: str | None = None, encoding: str = "utf-8"
) -> Iterator[TextIO]:
    """Yield a text stream. For a file, everything goes to a temporary file in the same folder
    that replaces the target only when the block finishes without error: never half a file."""
    if output == "-":
        stdout, release = _buffered_stdout()
        with _stdout_errors(release):
            yield stdout
            stdout.flush()
        return
    with _to_file(output, "w", encoding=encoding, newline=newline) as stream:
        yield cast(TextIO, stream)


@contextlib.contextmanager
def open_binary_output(output: str) -> Iterator[BinaryIO]:
    """Yield a binary stream (a workbook): as `open_output`, to standard output for `-`, else
    to a temporary file in the same folder that replaces the target only when the block
    finishes without error (never half a file), with the target's permissions or, for a new
    file, the usual ones."""
    if output == "-":
        binary, release = _binary_stdout()
        with _stdout_errors(release):
            yield binary
            binary.flush()
        return
    with _to_file(output, "wb") as stream:
        yield cast(BinaryIO, stream)


#: `.NAME.PID.XXXXXXXX.tmp`: the temporary name of an output being written (or renamed) by
#: process PID; a later write of the same file removes those whose process is gone.
_TEMP: Final = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp")
_PROC_FD: Final = Path("/proc/self/fd")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's process, alive
        return True
    return True


def _sweep(target: Path) -> None:
    """Remove the temporary files of earlier writes of `target` whose process was killed
    (SIGKILL cannot be caught, so it could not remove them itself). Only povtrack's own
    pattern, only for this file, only of processes that no longer exist."""
    prefix = f".{target.name}."
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            if not entry.name.startswith(prefix):
                continue
            match = _TEMP.fullmatch(entry.name)
            if match is None or match.group("name") != target.name:
                continue
            pid = int(match.group("pid"))
            if pid != os.getpid() and not _alive(pid):
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()


def _mode(target: Path) -> int:
    """The permissions of the file written: the target's, or the usual ones for a new file."""
    with contextlib.suppress(OSError):
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _anonymous(folder: Path) -> int | None:
    """A file without a name in `folder` (Linux's O_TMPFILE): killed at any moment while it is
    written, nothing is left behind. None where the system or file system has none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or os.link not in os.supports_dir_fd or not _PROC_FD.is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_RDWR | os.O_CLOEXEC, 0o600)
    except OSError:  # EOPNOTSUPP, EISDIR (old kernels), EINVAL: the file system has none
        return None


def _link(fd: int, folder: int, name: str) -> None:
    """Give the anonymous file `fd` the name `name` in the folder open as `folder`. (A folder
    descriptor makes os.link call linkat() with AT_SYMLINK_FOLLOW, which links the file that
    /proc/self/fd/N stands for; plain link() would try to link that symbolic link itself.)"""
    os.link(_PROC_FD / str(fd), name, dst_dir_fd=folder, follow_symlinks=True)


def _temp_name(target: Path) -> str:
    return f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"


@contextlib.contextmanager
def atomic_file(target: Path) -> Iterator[int]:
    """Yield a file descriptor whose content replaces `target` only when the block finishes
    without error: `target` is always the old file or the whole new one, never half a file.

    Where the system allows (Linux, O_TMPFILE), the content is written to a file that has no
    name until it is complete, then linked to the target's name (a new file), or to a
    temporary name renamed over the target at once: a process killed by SIGKILL, which
    cannot be caught, leaves nothing behind while it writes, and at most one
    `.NAME.PID.XXXXXXXX.tmp` if killed between those two system calls. Elsewhere the content
    is written to such a temporary file and renamed. Either way, the next write of the same
    file removes what a killed process left. Errors are OSError."""
    _sweep(target)
    mode = _mode(target)
    fd = _anonymous(target.parent)
    if fd is None:
        yield from _named(target, mode)
        return
    try:
        yield fd
        os.fchmod(fd, mode)
        folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            _commit(fd, folder, target)
        finally:
            os.close(folder)
    finally:
        os.close(fd)


def _commit(fd: int, folder: int, target: Path) -> None:
    """Put the complete anonymous file `fd` in place of `target`."""
    try:  # a new file: its name appears with the whole content, in one system call
        _link(fd, folder, target.name)
        return
    except FileExistsError:
        pass
    while True:
        name = _temp_name(target)
        try:
            _link(fd, folder, name)
            break
        except FileExistsError:
            continue
    try:
        os.replace(name, target.name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder)
        raise


def _named(target: Path, mode: int) -> Iterator[int]:
    """atomic_file where files without a name are not available: a named temporary file."""
    prefix = f".{target.name}.{os.getpid()}."
    fd, named = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
    try:
        yield fd
        os.fchmod(fd, mode)
        Path(named).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(named).unlink()
        raise
    finally:
        os.close(fd)
