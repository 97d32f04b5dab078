"""Reading an input file whole, refusing what is not a file.

A device (`/dev/zero`, `/dev/urandom`) never ends: reading it as a data file or a CSV ran until
memory ran out. `read_file` refuses character and block devices and sockets, reads a regular
file whole, and reads a named pipe (`povtrack validate <(curl ...)`) up to `MAX_PIPE` bytes.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Final

from povtrack.i18n import t

#: The most a named pipe may give (2 GiB, twice the benchmark's 5M-record file).
MAX_PIPE: Final = 2 * 1024**3
_CHUNK: Final = 1024**2


class NotAFile(OSError):
    """The path names a device or a socket, or a pipe that gives too much. Its strerror says
    which, in the reader's language; callers report it as they report any OSError."""


def read_file(path: str, max_pipe: int = MAX_PIPE) -> bytes:
    """The bytes of the file at `path`. Raises OSError (FileNotFoundError, PermissionError,
    IsADirectoryError, NotAFile, ...) when it cannot be read."""
    with open(path, "rb") as stream:  # noqa: PTH123 - fstat needs the open file's descriptor
        mode = os.fstat(stream.fileno()).st_mode
        if stat.S_ISREG(mode):
            return stream.read()
        if not stat.S_ISFIFO(mode):
            raise NotAFile(errno.EINVAL, t("a device, not a file; give the path of a file"))
        chunks: list[bytes] = []
        size = 0
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > max_pipe:
                raise NotAFile(
                    errno.EFBIG,
                    t(
                        "more than {limit} bytes from a pipe; save it to a file first",
                        limit=max_pipe,
                    ),
                )
            chunks.append(chunk)
        return b"".join(chunks)
