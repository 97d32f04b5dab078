"""`--format xlsx` of report, progress and rank: the checks before any work, the sources of the
Sources sheet, and the atomic write of the workbook (`povtrack.render.xlsx`).

A workbook goes to `--output FILE.xlsx`, or to standard output when that is not a terminal
(`> report.xlsx`, a pipe): binary data on a terminal would only garble it, so there the command
exits 2 and asks for --output. A file name that does not end in `.xlsx` is refused with this
format (Excel will not open it; a device or a named pipe such as /dev/stdout is written to
whatever its name), and so is a `.xlsx` file name with any other format (it would hold text
that Excel cannot open).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from povtrack.cli.common import Exit, fail
from povtrack.i18n import t

if TYPE_CHECKING:
    import datetime

    from povtrack.io.loader import DataSource
    from povtrack.render import BinaryRenderer

R = TypeVar("R")
SUFFIX = ".xlsx"


def check_format(output_format: str, output: str) -> None:
    """Before any work: with xlsx, a place to write it to and the library to write it with;
    with another format, not a `.xlsx` file name. Exit 2 with what to do."""
    if output_format != "xlsx":
        if output != "-" and Path(output).suffix.lower() == SUFFIX:
            fail(
                t(
                    "--output {path}: a .xlsx file needs --format xlsx (this would write "
                    "{format} text into it)",
                    path=output,
                    format=output_format,
                ),
                Exit.USAGE,
            )
        return
    if output == "-":
        isatty = getattr(sys.stdout, "isatty", None)
        if isatty is not None and isatty():
            fail(
                t(
                    "--format xlsx writes a workbook, not text for the terminal: give "
                    "--output FILE.xlsx (or redirect: > FILE.xlsx)"
                ),
                Exit.USAGE,
            )
    elif Path(output).suffix.lower() != SUFFIX and not _device(output):
        fail(
            t(
                "--output {path}: a workbook's file name must end in .xlsx (Excel opens "
                "nothing else)",
                path=output,
            ),
            Exit.USAGE,
        )
    from povtrack.render.xlsx import XlsxUnavailable, require_xlsx

    try:
        require_xlsx()
    except XlsxUnavailable as exc:
        fail(str(exc), Exit.USAGE)
    generated_time()  # the Notes sheet's time: a bad SOURCE_DATE_EPOCH fails before any work


def generated_time() -> datetime.datetime:
    """When an HTML page or a workbook is generated (`render.generated_at`: SOURCE_DATE_EPOCH,
    else the clock); a malformed SOURCE_DATE_EPOCH is a usage error, exit 2, with what to do."""
    from povtrack.render import generated_at

    try:
        return generated_at()
    except ValueError as exc:
        fail(str(exc), Exit.USAGE)


def _device(output: str) -> bool:
    """A device or a named pipe (`/dev/stdout`, a FIFO): written to as it is, whatever its name."""
    path = Path(output)
    return path.exists() and not path.is_file() and not path.is_dir()


def data_name(src: DataSource) -> str | None:
    """How an HTML page or a workbook names the data file: the bundled data by povtrack's
    version, not by the folder povtrack is installed in (the same file on every machine);
    None for any other file (the path as given)."""
    if src.origin != "bundled":
        return None
    from povtrack import __version__

    label = t("bundled with povtrack {version}", version=__version__)
    return f"povtrack/data/indicators.json ({label})"


def write_workbook(output: str, inputs: list[str], renderer: BinaryRenderer[R], given: R) -> None:
    """Check the output path, then write the workbook atomically (to stdout for `-`)."""
    from povtrack.io.errors import InputError
    from povtrack.io.output import check_output_path, open_binary_output
    from povtrack.render import RenderOptions

    try:
        check_output_path(output, inputs)
        with open_binary_output(output) as stream:
            renderer(given, stream, RenderOptions())
    except InputError as exc:
        fail(str(exc), Exit.USAGE)
