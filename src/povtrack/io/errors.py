"""The two ways reading a file fails, shared by every reader and writer of files."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from povtrack.model.problems import ValidationReport


class InputError(Exception):
    """A file that cannot be used at all: missing, unreadable, a folder. Exit code 2."""


class DataError(Exception):
    """The data is invalid. Exit code 1. Carries the full validation report."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"{report.file}: {report.errors} error(s)")
        self.report = report
