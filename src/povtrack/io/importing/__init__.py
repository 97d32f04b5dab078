"""Getting data in: import figures from CSV files, BPS WebAPI responses and Open SDG CSVs.

The steps, each a module:

1. an importer (`csv_long`, `csv_wide`, `bps`, `opensdg`) reads the input into `base.Parsed`:
   records with the place each came from; it never touches the data file;
2. `writer.read` reads and validates the data file (an empty one if it does not exist yet);
3. `merge.merge` plans what is added, filled, unchanged, replaced or in conflict, and creates
   missing indicators and regions from the --create options;
4. `prepare` lays the merged file out (`writer.dumps`) and validates those exact bytes with the
   loader, so that nothing invalid is ever written. The command writes them atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec

from povtrack.io.importing import writer
from povtrack.io.importing.base import ImportFailure, Parsed
from povtrack.io.importing.merge import Create, ImportResult, Plan, merge
from povtrack.io.loader import validate_bytes
from povtrack.model.problems import Problem

__all__ = ["Create", "ImportFailure", "ImportResult", "Outcome", "Parsed", "prepare"]


@dataclass(slots=True)
class Outcome:
    """A planned import. `text` is the file to write: None when there are conflicts (and no
    --replace) or `problems` (the merged data would be invalid). `new_warnings`: how many more
    warnings (year gaps, ...) the merged file has than the file had."""

    plan: Plan
    text: str | None
    problems: list[Problem] = field(default_factory=list)
    new_warnings: int = 0

    @property
    def result(self) -> ImportResult:
        return self.plan.result

    @property
    def ok(self) -> bool:
        return self.text is not None

    @property
    def changes_file(self) -> bool:
        """False when the import adds and changes nothing (the file is then left as it is)."""
        r = self.plan.result
        return bool(r.added or r.filled or r.replaced or r.created_indicators or r.created_regions)


def _relocate(problem: Problem, places: dict[str, str], into: str) -> Problem:
    """A problem of the merged file (not written, so its lines mean nothing) placed where the
    figure came from: `p0.csv:5`, `pinrang.json: datacontent '7315310990'`."""
    where = places.get(problem.record or "")
    if where is not None:
        return msgspec.structs.replace(problem, file=where, path="", line=None, column=None)
    return msgspec.structs.replace(problem, file=into, line=None, column=None)


def prepare(into: str, parsed: Parsed, create: Create, replace: bool) -> Outcome:
    """Plan the import of `parsed` into the data file `into`, and validate the result."""
    existing = writer.read(into)
    plan = merge(existing, parsed, create, replace)
    if plan.result.conflicts:
        return Outcome(plan, None)
    text = writer.dumps(plan.raw)
    dataset, report = validate_bytes(text.encode("utf-8"), into, locate_warnings=False)
    if dataset is None:
        problems = [
            _relocate(p, plan.places, into) for p in report.problems if p.severity == "error"
        ]
        return Outcome(plan, None, problems)
    return Outcome(plan, text, new_warnings=max(0, report.warnings - existing.warnings))
