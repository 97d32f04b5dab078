"""What every importer produces and how it fails.

An importer reads one input file (a CSV, a saved BPS WebAPI response, an Open SDG CSV) and
returns `Parsed`: the figures it found as `Record`s, each with the place it came from
(`pinrang.json: datacontent "7315310990"`, `p0.csv:5`), plus what the input says about regions
and the indicator (names, units) for `--create`. It never reads or writes the data file: that is
`merge` and `writer`. A problem in the input raises `ImportFailure` with every problem found,
each with its place, so that the user can fix them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from povtrack.model.problems import Problem
from povtrack.model.records import Record


@dataclass(frozen=True, slots=True)
class Row:
    """One figure read from the input, and where it was read."""

    record: Record
    where: str


@dataclass(slots=True)
class IndicatorHints:
    """What an input says about its indicator (BPS: the variable's label, unit and decimals);
    used as defaults of `--create` metadata."""

    name: str | None = None
    unit: str | None = None
    decimals: int | None = None


@dataclass(slots=True)
class Parsed:
    """The figures of one input file."""

    kind: str
    input: str
    rows: list[Row] = field(default_factory=list)
    #: Rows or cells that hold no figure (NA, empty, -): not imported, counted.
    skipped: int = 0
    #: Region code -> name, as the input names them (BPS vervar labels, --region-name-column).
    region_names: dict[str, str] = field(default_factory=dict)
    indicator: IndicatorHints = field(default_factory=IndicatorHints)
    #: Things the user should know that are not errors (ignored columns, unmatched keys).
    notes: list[str] = field(default_factory=list)
    #: True for a format that carries no sources (Open SDG): --source is then the source of
    #: the figures the import adds or changes, and a figure already there keeps its own.
    sourceless: bool = False


class ImportFailure(Exception):
    """The import cannot go on. `usage` (exit 2): a wrong option or an unreadable path; else
    exit 1: the input or the merged data is invalid. `problems` are listed before `message`."""

    def __init__(
        self,
        message: str,
        *,
        usage: bool = False,
        problems: list[Problem] | None = None,
        details: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage
        self.problems = problems or []
        #: Plain lines shown after the message (lists of missing ids, conflicts).
        self.details = details or []


def problem(
    code: str,
    message: str,
    hint: str,
    *,
    file: str,
    path: str = "",
    line: int | None = None,
    column: int | None = None,
) -> Problem:
    """A problem in an input file, shown like `validate` shows problems in a data file."""
    return Problem(
        code=code,
        severity="error",
        message=message,
        hint=hint,
        file=file,
        path=path,
        line=line,
        column=column,
    )


def text_of(value: Decimal | str | None) -> str | None:
    """The exact text of a figure or source, for messages: `12.50` stays `12.50`."""
    if value is None:
        return None
    return str(value)


def same(a: Decimal | str | None, b: Decimal | str | None) -> bool:
    """Whether an imported field equals a stored one: figures as numbers (`15.5` from a
    spreadsheet equals a stored `15.50`: Decimal compares numbers), sources as text."""
    return a == b


def written_differently(a: Decimal | str | None, b: Decimal | str | None) -> bool:
    """Two equal figures written differently (`15.5` and `15.50`)."""
    return isinstance(a, Decimal) and isinstance(b, Decimal) and a == b and str(a) != str(b)
