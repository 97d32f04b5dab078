"""The checks on the meaning of a well-formed file: ranges, decimals, duplicates, references.

They run on typed objects (whichever decoder made them) and name each problem by its JSON path;
the loader adds the line and column. One implementation serves the fast and the located path,
so both report the same problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from itertools import pairwise
from operator import attrgetter
from typing import Final

from povtrack.model import (
    MAX_DECIMALS,
    MAX_MAGNITUDE,
    MAX_YEAR,
    MIN_YEAR,
    Indicator,
    Record,
    Region,
    SeriesKey,
    breakdown_key,
    identity,
)
from povtrack.problems import Problem, make

_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_HUNDRED: Final = Decimal(100)
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)


def describe_char(text: str) -> str:
    """`U+001B` for the first control character in `text`."""
    match = _CONTROL.search(text)
    return f"U+{ord(match.group()):04X}" if match else ""


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def decimals_of(number: Decimal) -> int:
    """Decimals as written: `12.50` has 2, `1E+2` has 0."""
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def fits(rec: Record, field: str, decimals: int) -> bool:
    """Whether the record's value (or target) has at most `decimals` decimals. A number written
    in exponent form with a positive exponent (`1e2`) is replaced by its plain form (`100`),
    exactly equal, so that no output ever shows `1E+2`."""
    number: Decimal = getattr(rec, field)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        setattr(rec, field, number.quantize(_ONE))
    return decimals_of(number) <= decimals


def fmt_years(years: Sequence[int]) -> str:
    if len(years) == 1:
        return str(years[0])
    return f"{years[0]}–{years[-1]}"


class Checker:
    """Collects the problems of one file. Call the `check_*` methods, then `finish()`."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.indicators: dict[str, Indicator] = {}
        self.regions: dict[str, Region] = {}
        #: series -> its usable records (sorted by year in finish()); becomes Dataset.series
        self.series: dict[SeriesKey, list[Record]] = {}
        #: indicator id -> (lowest, highest, quantum of its decimals, decimals, may have target)
        self._specs: dict[str, tuple[Decimal, Decimal, Decimal, int, bool]] = {}
        self._checked_text: set[str] = set()

    # -- helpers -----------------------------------------------------------------------------
    def add(
        self, code: str, message: str, hint: str, path: str, record: Record | None = None
    ) -> None:
        rid = identity(record) if record is not None else None
        self.problems.append(make(code, message, hint, file=self.file, path=path, record=rid))

    def text(self, value: str, path: str, what: str, record: Record | None = None) -> None:
        if value in self._checked_text:
            return
        if not value.strip():
            self.add(
                "empty-text",
                f"{what} is empty",
                f"write the {what}, or remove the field if it is optional",
                path,
                record,
            )
        elif has_control(value):
            self.add(
                "control-character",
                f"{what} contains the control character {describe_char(value)}",
                "remove it: names, codes and sources are plain text",
                path,
                record,
            )
        else:
            self._checked_text.add(value)

    # -- indicators and regions ----------------------------------------------------------------
    def check_indicator(self, index: int, ind: Indicator) -> None:
        path = f"indicators[{index}]"
        self.text(ind.id, f"{path}.id", "indicator id")
        self.text(ind.name, f"{path}.name", "indicator name")
        if ind.name_id is not None:
            self.text(ind.name_id, f"{path}.name_id", "Indonesian indicator name")
        if ind.note is not None:
            self.text(ind.note, f"{path}.note", "note")
        if not 0 <= ind.decimals <= MAX_DECIMALS:
            self.add(
                "out-of-range",
                f"decimals is {ind.decimals}",
                f"give the published precision, a whole number from 0 to {MAX_DECIMALS}",
                f"{path}.decimals",
            )
        if ind.id in self.indicators:
            self.add(
                "duplicate-indicator",
                f"indicator id {ind.id!r} is defined twice",
                "give each indicator its own id, or remove the second definition",
                f"{path}.id",
            )
        else:
            self.indicators[ind.id] = ind
            if 0 <= ind.decimals <= MAX_DECIMALS:
                self._specs[ind.id] = (
                    _ZERO,
                    _HUNDRED if ind.unit == "percent" else MAX_MAGNITUDE,
                    Decimal(1).scaleb(-ind.decimals),
                    ind.decimals,
                    ind.direction != "none",
                )

    def check_region(self, index: int, reg: Region) -> None:
        path = f"regions[{index}]"
        self.text(reg.code, f"{path}.code", "region code")
        self.text(reg.name, f"{path}.name", "region name")
        if reg.name_id is not None:
            self.text(reg.name_id, f"{path}.name_id", "Indonesian region name")
        if reg.parent is not None:
            self.text(reg.parent, f"{path}.parent", "parent region code")
            if reg.parent == reg.code:
                self.add(
                    "invalid-value",
                    f"region {reg.code!r} names itself as its parent",
                    "give the code of the province or country it belongs to, or remove parent",
                    f"{path}.parent",
                )
        if reg.code in self.regions:
            self.add(
                "duplicate-region",
                f"region code {reg.code!r} is defined twice",
                "give each region its own code, or remove the second definition",
                f"{path}.code",
            )
        else:
            self.regions[reg.code] = reg

    # -- records -----------------------------------------------------------------------------
    def _number(
        self, number: Decimal, ind: Indicator | None, path: str, what: str, rid: Record
    ) -> bool:
        """Range and precision of a value or target; False when it is unusable."""
        if not number.is_finite() or abs(number) > MAX_MAGNITUDE:
            self.add(
                "out-of-range",
                f"{what} {number} is not a plausible figure",
                "write the published figure as a plain decimal number, such as 12.42",
                path,
                rid,
            )
            return False
        if ind is None:
            return True
        ok = True
        if ind.unit == "percent" and not _ZERO <= number <= _HUNDRED:
            self.add(
                "out-of-range",
                f"{what} {number} is outside 0–100, and {ind.id!r} is a percentage",
                "write the percentage itself (12.42 for 12.42 %), between 0 and 100",
                path,
                rid,
            )
            ok = False
        elif number < _ZERO:
            self.add(
                "out-of-range",
                f"{what} {number} is negative, and {ind.id!r} ({ind.unit}) cannot be",
                "check the sign of the published figure",
                path,
                rid,
            )
            ok = False
        places = decimals_of(number)
        field = path.rsplit(".", 1)[-1]
        if field in ("value", "target"):
            fits(rid, field, ind.decimals)
        if places > ind.decimals:
            self.add(
                "too-many-decimals",
                f"{what} {number} has {places} decimals; {ind.id!r} is published with "
                f"{ind.decimals}",
                f"write the figure as published, or set decimals of {ind.id!r} to {places}",
                path,
                rid,
            )
            ok = False
        return ok

    def check_records(self, items: Iterable[tuple[int, Record]]) -> int:
        """Check records and group them by series; return how many fields they fill in (the
        loader's proof that no key was repeated). This loop runs once per record of files with
        millions of them: a clean record is decided by one expression over local names, and
        anything unusual goes through `_check_fields`, which words each problem. Duplicate
        records are found in `finish`, as equal years in a series sorted by year."""
        specs = self._specs
        regions = self.regions
        checked = self._checked_text
        series = self.series
        slow = self._check_fields
        lo_year, hi_year = MIN_YEAR, MAX_YEAR
        fields = 0
        for index, rec in items:
            spec = specs.get(rec.indicator)
            value = rec.value
            target = rec.target
            source = rec.source
            month = rec.month
            breakdown = rec.breakdown
            note = rec.note
            if not (
                spec is not None
                and rec.region in regions
                and lo_year <= rec.year <= hi_year
                and (month is None or 1 <= month <= 12)
                and breakdown is None
                and (
                    value is None
                    or (
                        source is not None
                        and value.is_finite()
                        and spec[0] <= value <= spec[1]
                        and (value.same_quantum(spec[2]) or fits(rec, "value", spec[3]))
                    )
                )
                and (
                    target is None
                    or (
                        spec[4]
                        and target.is_finite()
                        and spec[0] <= target <= spec[1]
                        and (target.same_quantum(spec[2]) or fits(rec, "target", spec[3]))
                    )
                )
                and (value is not None or target is not None)
                and (source is None or source in checked)
                and (note is None or note in checked)
            ):
                slow(index, rec)
            fields += (
                3
                + (month is not None)
                + (value is not None)
                + (target is not None)
                + (source is not None)
                + (note is not None)
            )
            if breakdown is None:
                key: SeriesKey = (rec.indicator, rec.region, month, ())
            else:
                fields += 1 + len(breakdown)
                key = (rec.indicator, rec.region, month, breakdown_key(breakdown))
            group = series.get(key)
            if group is None:
                series[key] = [rec]
            else:
                group.append(rec)
        return fields

    def _check_fields(self, index: int, rec: Record) -> bool:
        """Every field of one record, a message per problem; False when its value is unusable."""
        path = f"records[{index}]"
        rid = rec
        ind = self.indicators.get(rec.indicator)
        if ind is None:
            known = ", ".join(sorted(self.indicators)) or "none"
            self.add(
                "unknown-indicator",
                f"indicator {rec.indicator!r} is not defined",
                f"use one of the defined indicators ({known}) or add it to indicators",
                f"{path}.indicator",
                rid,
            )
        if rec.region not in self.regions:
            self.add(
                "unknown-region",
                f"region {rec.region!r} is not defined",
                'add the region to regions, or correct the code (codes are strings: "3524")',
                f"{path}.region",
                rid,
            )
        if not MIN_YEAR <= rec.year <= MAX_YEAR:
            self.add(
                "out-of-range",
                f"year {rec.year} is not plausible",
                f"write a four-digit year from {MIN_YEAR} to {MAX_YEAR}",
                f"{path}.year",
                rid,
            )
        if rec.month is not None and not 1 <= rec.month <= 12:
            self.add(
                "out-of-range",
                f"month {rec.month} is not a month",
                "write 1 to 12 (3 for March, 9 for September), or leave month out",
                f"{path}.month",
                rid,
            )
        if rec.breakdown is not None:
            if not rec.breakdown:
                self.add(
                    "empty-text",
                    "breakdown is an empty object",
                    'leave breakdown out for the total, or give a category: {"area": "urban"}',
                    f"{path}.breakdown",
                    rid,
                )
            for dimension, category in rec.breakdown.items():
                self.text(dimension, f"{path}.breakdown", "breakdown dimension", rid)
                self.text(category, f"{path}.breakdown.{dimension}", "breakdown category", rid)
        value_ok = True
        if rec.value is not None:
            value_ok = self._number(rec.value, ind, f"{path}.value", "value", rid)
            if rec.source is None:
                self.add(
                    "missing-source",
                    "the value has no source",
                    "add a source: the URL or citation of the publication it comes from",
                    path,
                    rid,
                )
        if rec.target is not None:
            self._number(rec.target, ind, f"{path}.target", "target", rid)
            if ind is not None and ind.direction == "none":
                self.add(
                    "target-not-scored",
                    f"{ind.id!r} has direction none, so a target cannot be scored",
                    "remove the target, or set the indicator's direction to lower or higher",
                    f"{path}.target",
                    rid,
                )
        if rec.value is None and rec.target is None:
            self.add(
                "empty-record",
                "the record has neither value nor target",
                "add the published value or the target, or remove the record",
                path,
                rid,
            )
        if rec.source is not None:
            self.text(rec.source, f"{path}.source", "source", rid)
        if rec.note is not None:
            self.text(rec.note, f"{path}.note", "note", rid)
        return value_ok

    # -- series-level warnings -----------------------------------------------------------------
    def finish(self, positions: Callable[[], dict[int, int]]) -> list[Problem]:
        """Series-level warnings; sorts each series by year. `positions` maps id(record) to
        its index in the file, built only when a warning needs it."""
        index_of: dict[int, int] | None = None

        def where(rec: Record) -> str:
            nonlocal index_of
            if index_of is None:
                index_of = positions()
            return f"records[{index_of[id(rec)]}]"

        year = attrgetter("year")
        for items in self.series.values():
            items.sort(key=year)
            for first, second in pairwise(items):
                if first.year == second.year:
                    self.add(
                        "duplicate-record",
                        f"the same figure as {where(first)} ({identity(second)})",
                        "keep one of the two records; for March and September give each its month",
                        where(second),
                        second,
                    )
            ind = self.indicators.get(items[0].indicator)
            previous: int | None = None
            latest: Record | None = None
            for rec in items:
                if rec.value is None:
                    continue
                if previous is not None and rec.year - previous > 1:
                    missing = list(range(previous + 1, rec.year))
                    self.add(
                        "year-gap",
                        f"no figure for {fmt_years(missing)}: the change is reported against "
                        f"{previous}",
                        "add the missing years if they were published; otherwise nothing to do",
                        where(rec),
                        rec,
                    )
                previous = rec.year
                latest = rec
            if latest is None or latest.value is None or ind is None:
                continue
            if ind.direction == "none":
                continue
            for rec in items:
                if rec.year <= latest.year or rec.target is None:
                    continue
                met = (
                    latest.value <= rec.target
                    if ind.direction == "lower"
                    else latest.value >= rec.target
                )
                if met:
                    self.add(
                        "target-already-met",
                        f"the {rec.year} target {rec.target} is already met by the {latest.year} "
                        f"value {latest.value}",
                        "nothing to do if the plan set it so; check the target otherwise",
                        where(rec) + ".target",
                        rec,
                    )
        return self.problems
