"""The checks on the meaning of a well-formed file: ranges, decimals, duplicates, references.

They run on typed objects (whichever decoder made them) and name each problem by its JSON path;
the loader adds the line and column. One implementation serves the fast and the located path,
so both report the same problems. Messages and hints are in the current language
(`povtrack.i18n`) and worded only when there is a problem: a clean record never calls `t()`.
Numbers in messages are written as in the file (`12.42`), since that is what is to be fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from itertools import pairwise
from operator import attrgetter
from typing import Final

from povtrack.i18n import N_, t
from povtrack.model.problems import Problem, make
from povtrack.model.records import (
    MAX_DECIMALS,
    MAX_MAGNITUDE,
    MAX_YEAR,
    MIN_YEAR,
    Gap,
    Indicator,
    Plan,
    Record,
    Region,
    SeriesKey,
    breakdown_key,
    identity,
    shown_int,
)
from povtrack.model.text import CONTROL, INVISIBLE

_RULES_WHAT: Final = {
    "category": N_("breakdown category"),
    "dimension": N_("breakdown dimension"),
    "indicator_id": N_("indicator id"),
    "indicator_name": N_("indicator name"),
    "indicator_name_id": N_("Indonesian indicator name"),
    "note": N_("note"),
    "parent": N_("parent region code"),
    "plan_id": N_("plan id"),
    "plan_name": N_("plan name"),
    "region_code": N_("region code"),
    "region_name": N_("region name"),
    "region_name_id": N_("Indonesian region name"),
    "source": N_("source"),
    "target": N_("target"),
    "value": N_("value"),
}


#: What a name, code or source may not hold (`povtrack.model.text`).
_CONTROL: Final = re.compile(f"[{CONTROL}{INVISIBLE}]")
_HUNDRED: Final = Decimal(100)
#: The longest text a name, code, source or note may be: far above any real one, far below a
#: 100 MB string that a hostile file could hold (and every output would then repeat).
MAX_TEXT: Final = 10_000
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


def fmt_years(first: int, last: int) -> str:
    """`2018` or `2018–2019`: a run of years (never listed one by one: a year of 400 digits in
    a broken file must not make a list of that length)."""
    if first == last:
        return shown_int(first)
    return f"{shown_int(first)}–{shown_int(last)}"


def unrecorded(first: int, last: int, recorded: dict[int, str] | None) -> str:
    """The years first–last that no gap records, as runs (`2017, 2019–2020`); empty when a gap
    records every one. Walks the recorded years, never the range (a broken file's year can have
    hundreds of digits)."""
    if not recorded:
        return fmt_years(first, last)
    runs: list[str] = []
    start = first
    for year in sorted(y for y in recorded if first <= y <= last):
        if year > start:
            runs.append(fmt_years(start, year - 1))
        start = year + 1
    if start <= last:
        runs.append(fmt_years(start, last))
    return ", ".join(runs)


class Checker:
    """Collects the problems of one file. Call the `check_*` methods, then `finish()`."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.indicators: dict[str, Indicator] = {}
        self.regions: dict[str, Region] = {}
        self.plans: dict[str, Plan] = {}
        #: series -> its usable records (sorted by year in finish()); becomes Dataset.series
        self.series: dict[SeriesKey, list[Record]] = {}
        #: indicator id -> (lowest, highest, quantum of its decimals, decimals, may have target)
        self._specs: dict[str, tuple[Decimal, Decimal, Decimal, int, bool]] = {}
        self._checked_text: set[str] = set()
        #: recorded gaps: series -> year -> JSON path of that year in its gap (`gaps[2].years[0]`)
        self._gap_years: dict[SeriesKey, dict[int, str]] = {}

    # -- helpers -----------------------------------------------------------------------------
    def add(
        self, code: str, message: str, hint: str, path: str, record: Record | None = None
    ) -> None:
        rid = identity(record) if record is not None else None
        self.problems.append(make(code, message, hint, file=self.file, path=path, record=rid))

    def clean(self, value: str) -> bool:
        """Whether a text is fine (not empty, not too long, no control character), remembered
        when it is; `text` words what is wrong with one that is not."""
        if value in self._checked_text:
            return True
        if value.strip() and len(value) <= MAX_TEXT and not has_control(value):
            self._checked_text.add(value)
            return True
        return False

    def text(self, value: str, path: str, what: str, record: Record | None = None) -> None:
        """Check a text field; `what` names it (`rules.what.<what>`) when there is a problem."""
        if self.clean(value):
            return
        if not value.strip():
            noun = t(_RULES_WHAT[what])
            self.add(
                "empty-text",
                t("{what} is empty", what=noun),
                t("write the {what}, or remove the field if it is optional", what=noun),
                path,
                record,
            )
        elif len(value) > MAX_TEXT:
            self.add(
                "text-too-long",
                t(
                    "{what} is {length} characters long; at most {max} are allowed",
                    what=t(_RULES_WHAT[what]),
                    length=len(value),
                    max=MAX_TEXT,
                ),
                t("shorten it: a name, code or source is a line of text, not a document"),
                path,
                record,
            )
        elif has_control(value):
            self.add(
                "control-character",
                t(
                    "{what} contains the control character {char}",
                    what=t(_RULES_WHAT[what]),
                    char=describe_char(value),
                ),
                t("remove it: names, codes and sources are plain text"),
                path,
                record,
            )

    # -- indicators and regions ----------------------------------------------------------------
    def check_indicator(self, index: int, ind: Indicator) -> None:
        path = f"indicators[{index}]"
        self.text(ind.id, f"{path}.id", "indicator_id")
        self.text(ind.name, f"{path}.name", "indicator_name")
        if ind.name_id is not None:
            self.text(ind.name_id, f"{path}.name_id", "indicator_name_id")
        if ind.note is not None:
            self.text(ind.note, f"{path}.note", "note")
        if not 0 <= ind.decimals <= MAX_DECIMALS:
            self.add(
                "out-of-range",
                t("decimals is {decimals}", decimals=shown_int(ind.decimals)),
                t("give the published precision, a whole number from 0 to {max}", max=MAX_DECIMALS),
                f"{path}.decimals",
            )
        if ind.id in self.indicators:
            self.add(
                "duplicate-indicator",
                t("indicator id {id} is defined twice", id=repr(ind.id)),
                t("give each indicator its own id, or remove the second definition"),
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
        self.text(reg.code, f"{path}.code", "region_code")
        self.text(reg.name, f"{path}.name", "region_name")
        if reg.name_id is not None:
            self.text(reg.name_id, f"{path}.name_id", "region_name_id")
        if reg.parent is not None:
            self.text(reg.parent, f"{path}.parent", "parent")
            if reg.parent == reg.code:
                self.add(
                    "invalid-value",
                    t("region {code} names itself as its parent", code=repr(reg.code)),
                    t("give the code of the province or country it belongs to, or remove parent"),
                    f"{path}.parent",
                )
        if reg.code in self.regions:
            self.add(
                "duplicate-region",
                t("region code {code} is defined twice", code=repr(reg.code)),
                t("give each region its own code, or remove the second definition"),
                f"{path}.code",
            )
        else:
            self.regions[reg.code] = reg

    # -- plans and gaps ------------------------------------------------------------------------
    def year(self, year: int, path: str, record: Record | None = None) -> None:
        """A year of a record, a plan or a gap: within MIN_YEAR–MAX_YEAR."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            self.add(
                "out-of-range",
                t("year {year} is not plausible", year=shown_int(year)),
                t("write a four-digit year from {min} to {max}", min=MIN_YEAR, max=MAX_YEAR),
                path,
                record,
            )

    def month(self, month: int | None, path: str, record: Record | None = None) -> None:
        """The month of a record or a gap: none (annual) or 1–12."""
        if month is not None and not 1 <= month <= 12:
            self.add(
                "out-of-range",
                t("month {month} is not a month", month=shown_int(month)),
                t("write 1 to 12 (3 for March, 9 for September), or leave month out"),
                path,
                record,
            )

    def check_plan(self, index: int, plan: Plan) -> None:
        """The fields of one plan (its meaning for records: see the plan rules)."""
        path = f"plans[{index}]"
        self.text(plan.id, f"{path}.id", "plan_id")
        self.text(plan.name, f"{path}.name", "plan_name")
        for field in ("start", "end", "base_year"):
            self.year(getattr(plan, field), f"{path}.{field}")
        if plan.name_id is not None:
            self.text(plan.name_id, f"{path}.name_id", "plan_name")
        if plan.region is not None:
            self.text(plan.region, f"{path}.region", "region_code")
        if plan.source is not None:
            self.text(plan.source, f"{path}.source", "source")
        if plan.note is not None:
            self.text(plan.note, f"{path}.note", "note")
        # the plan rules: its period, its base year, its region, its id
        if plan.start > plan.end:
            self.add(
                "plan-period",
                t(
                    "the plan period starts in {start}, after it ends in {end}",
                    start=shown_int(plan.start),
                    end=shown_int(plan.end),
                ),
                t("give the first and the last year of the plan: 2021 and 2026 for 2021–2026"),
                f"{path}.start",
            )
        if plan.base_year > plan.end:
            self.add(
                "plan-base-year",
                t(
                    "the base year {base_year} is after the end of the plan period ({end})",
                    base_year=shown_int(plan.base_year),
                    end=shown_int(plan.end),
                ),
                t(
                    "give the plan's baseline year, the year its targets are measured from "
                    "(often the year before it starts: 2020 for 2021–2026)"
                ),
                f"{path}.base_year",
            )
        if plan.region is not None and plan.region not in self.regions:
            self.add(
                "unknown-region",
                t("region {code} is not defined", code=repr(plan.region)),
                t('add the region to regions, or correct the code (codes are strings: "3524")'),
                f"{path}.region",
            )
        if plan.id in self.plans:
            self.add(
                "duplicate-plan",
                t("plan id {id} is defined twice", id=repr(plan.id)),
                t("give each plan its own id, or remove the second definition"),
                f"{path}.id",
            )
        else:
            self.plans[plan.id] = plan

    def check_gap(self, index: int, gap: Gap) -> None:
        """The fields of one recorded gap (its meaning for series: see the gap rules)."""
        path = f"gaps[{index}]"
        self.text(gap.indicator, f"{path}.indicator", "indicator_id")
        self.text(gap.region, f"{path}.region", "region_code")
        for i, year in enumerate(gap.years):
            self.year(year, f"{path}.years[{i}]")
        self.month(gap.month, f"{path}.month")
        if gap.breakdown is not None:
            for dimension, category in gap.breakdown.items():
                self.text(dimension, f"{path}.breakdown", "dimension")
                self.text(category, f"{path}.breakdown.{dimension}", "category")
        if gap.indicator not in self.indicators:
            self.add(
                "unknown-indicator",
                t("indicator {id} is not defined", id=repr(gap.indicator)),
                t(
                    "use one of the defined indicators ({known}) or add it to indicators",
                    known=", ".join(sorted(self.indicators)) or t("none"),
                ),
                f"{path}.indicator",
            )
        if gap.region not in self.regions:
            self.add(
                "unknown-region",
                t("region {code} is not defined", code=repr(gap.region)),
                t('add the region to regions, or correct the code (codes are strings: "3524")'),
                f"{path}.region",
            )
        key: SeriesKey = (gap.indicator, gap.region, gap.month, breakdown_key(gap.breakdown))
        recorded = self._gap_years.setdefault(key, {})
        for i, year in enumerate(gap.years):
            recorded.setdefault(year, f"{path}.years[{i}]")
        if gap.source is not None:
            self.text(gap.source, f"{path}.source", "source")
        if gap.note is not None:
            self.text(gap.note, f"{path}.note", "note")

    # -- records -----------------------------------------------------------------------------
    def _number(
        self, number: Decimal, ind: Indicator | None, path: str, what: str, rid: Record
    ) -> bool:
        """Range and precision of a value or target (`what`: value or target); False when it is
        unusable."""
        # adjusted() first: abs() of 1e1000000 overflows the decimal context
        if (
            not number.is_finite()
            or number.adjusted() > MAX_MAGNITUDE.adjusted()
            or abs(number) > MAX_MAGNITUDE
        ):
            self.add(
                "out-of-range",
                t(
                    "{what} {number} is not a plausible figure",
                    what=t(_RULES_WHAT[what]),
                    number=number,
                ),
                t("write the published figure as a plain decimal number, such as 12.42"),
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
                t(
                    "{what} {number} is outside 0–100, and {id} is a percentage",
                    what=t(_RULES_WHAT[what]),
                    number=number,
                    id=repr(ind.id),
                ),
                t("write the percentage itself (12.42 for 12.42 %), between 0 and 100"),
                path,
                rid,
            )
            ok = False
        elif number < _ZERO:
            self.add(
                "out-of-range",
                t(
                    "{what} {number} is negative, and {id} ({unit}) cannot be",
                    what=t(_RULES_WHAT[what]),
                    number=number,
                    id=repr(ind.id),
                    unit=ind.unit,
                ),
                t("check the sign of the published figure"),
                path,
                rid,
            )
            ok = False
        places = decimals_of(number)
        field = path.rsplit(".", 1)[-1]
        if field in ("value", "target"):
            fits(rid, field, ind.decimals)
            if number.is_zero() and number.is_signed():  # -0.0: the same figure, unsigned
                setattr(rid, field, abs(number))
        if places > ind.decimals:
            self.add(
                "too-many-decimals",
                t(
                    "{what} {number} has {places} decimals; {id} is published with {decimals}",
                    what=t(_RULES_WHAT[what]),
                    number=number,
                    places=places,
                    id=repr(ind.id),
                    decimals=shown_int(ind.decimals),
                ),
                t(
                    "write the figure as published, or set decimals of {id} to {places}",
                    id=repr(ind.id),
                    places=places,
                )
                if places <= MAX_DECIMALS
                else t("write the figure as published (at most {max} decimals)", max=MAX_DECIMALS),
                path,
                rid,
            )
            ok = False
        return ok

    def check_records(self, items: Iterable[tuple[int, Record]]) -> None:
        """Check records and group them by series. This loop runs once
        per record of files with millions of them: a clean record is decided by one expression
        over local names, and anything unusual goes through `_check_fields`, which words each
        problem. Duplicate records are found in `finish`, as equal years in a series sorted by
        year."""
        specs = self._specs
        regions = self.regions
        checked = self._checked_text
        clean = self.clean
        series = self.series
        slow = self._check_fields
        lo_year, hi_year = MIN_YEAR, MAX_YEAR
        # The series of the previous record: files list a series' years one after the other,
        # so most records join the group of the record before them, found by comparing three
        # fields instead of building, hashing and looking up a key.
        last_ind = last_reg = None
        last_month: int | None = None
        last_group: list[Record] = []
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
                        and not value.is_signed()
                        and spec[0] <= value <= spec[1]
                        and (value.same_quantum(spec[2]) or fits(rec, "value", spec[3]))
                    )
                )
                and (
                    target is None
                    or (
                        spec[4]
                        and target.is_finite()
                        and not target.is_signed()
                        and spec[0] <= target <= spec[1]
                        and (target.same_quantum(spec[2]) or fits(rec, "target", spec[3]))
                    )
                )
                and (value is not None or target is not None)
                and (source is None or source in checked or clean(source))
                and (note is None or note in checked or clean(note))
                and rec.plan is None
            ):
                slow(index, rec)
            if breakdown is None:
                if rec.indicator == last_ind and rec.region == last_reg and month == last_month:
                    last_group.append(rec)
                    continue
                key: SeriesKey = (rec.indicator, rec.region, month, ())
                last_ind, last_reg, last_month = rec.indicator, rec.region, month
            else:
                key = (rec.indicator, rec.region, month, breakdown_key(breakdown))
                last_ind = None
            group = series.get(key)
            if group is None:
                group = series[key] = [rec]
            else:
                group.append(rec)
            last_group = group

    def _check_fields(self, index: int, rec: Record) -> bool:
        """Every field of one record, a message per problem; False when its value is unusable."""
        path = f"records[{index}]"
        rid = rec
        ind = self.indicators.get(rec.indicator)
        if ind is None:
            known = ", ".join(sorted(self.indicators)) or t("none")
            self.add(
                "unknown-indicator",
                t("indicator {id} is not defined", id=repr(rec.indicator)),
                t(
                    "use one of the defined indicators ({known}) or add it to indicators",
                    known=known,
                ),
                f"{path}.indicator",
                rid,
            )
        if rec.region not in self.regions:
            self.add(
                "unknown-region",
                t("region {code} is not defined", code=repr(rec.region)),
                t('add the region to regions, or correct the code (codes are strings: "3524")'),
                f"{path}.region",
                rid,
            )
        if not MIN_YEAR <= rec.year <= MAX_YEAR:  # tested here first: this runs per record
            self.year(rec.year, f"{path}.year", rid)
        if rec.month is not None and not 1 <= rec.month <= 12:
            self.month(rec.month, f"{path}.month", rid)
        if rec.breakdown is not None:
            if not rec.breakdown:
                self.add(
                    "empty-text",
                    t("breakdown is an empty object"),
                    t('leave breakdown out for the total, or give a category: {{"area": "urban"}}'),
                    f"{path}.breakdown",
                    rid,
                )
            for dimension, category in rec.breakdown.items():
                self.text(dimension, f"{path}.breakdown", "dimension", rid)
                self.text(category, f"{path}.breakdown.{dimension}", "category", rid)
        value_ok = True
        if rec.value is not None:
            value_ok = self._number(rec.value, ind, f"{path}.value", "value", rid)
            if rec.source is None:
                self.add(
                    "missing-source",
                    t("the value has no source"),
                    t("add a source: the URL or citation of the publication it comes from"),
                    path,
                    rid,
                )
        if rec.target is not None:
            self._number(rec.target, ind, f"{path}.target", "target", rid)
            if ind is not None and ind.direction == "none":
                self.add(
                    "target-not-scored",
                    t("{id} has direction none, so a target cannot be scored", id=repr(ind.id)),
                    t("remove the target, or set the indicator's direction to lower or higher"),
                    f"{path}.target",
                    rid,
                )
        if rec.value is None and rec.target is None:
            self.add(
                "empty-record",
                t("the record has neither value nor target"),
                t("add the published value or the target, or remove the record"),
                path,
                rid,
            )
        if rec.source is not None:
            self.text(rec.source, f"{path}.source", "source", rid)
        if rec.note is not None:
            self.text(rec.note, f"{path}.note", "note", rid)
        if rec.plan is not None:
            self._check_plan_of(rec, f"{path}.plan")
        return value_ok

    def _plan_covers(self, plan: Plan, region: str) -> bool:
        """Whether `plan` can set a target of `region`: a national plan (no region), the
        region's own, or one of a region above it (its parents); a plan of an undefined
        region is an error of its own."""
        if plan.region is None or plan.region not in self.regions:
            return True
        seen: set[str] = set()
        code: str | None = region
        while code is not None and code not in seen:
            if code == plan.region:
                return True
            seen.add(code)
            known = self.regions.get(code)
            code = known.parent if known is not None else None
        return False

    def _check_plan_of(self, rec: Record, path: str) -> None:
        """A record's plan: defined; only on a target; set by a plan of its region or of a
        region above it; the target's year within its period."""
        assert rec.plan is not None
        self.text(rec.plan, path, "plan_id", rec)
        plan = self.plans.get(rec.plan)
        if plan is None:
            import difflib

            known = ", ".join(repr(key) for key in self.plans) or t("none")
            close = difflib.get_close_matches(rec.plan, list(self.plans), n=1)
            self.add(
                "unknown-plan",
                t("plan {id} is not defined", id=repr(rec.plan)),
                t("did you mean {id}? Plans defined: {known}", id=repr(close[0]), known=known)
                if close
                else t("use one of the defined plans ({known}) or add it to plans", known=known),
                path,
                rec,
            )
        elif rec.target is None:
            self.add(
                "plan-without-target",
                t("the record names plan {id} but has no target", id=repr(rec.plan)),
                t(
                    "add the target that the plan set for {year}, or remove plan: a plan "
                    "belongs to a target",
                    year=shown_int(rec.year),
                ),
                path,
                rec,
            )
        elif not self._plan_covers(plan, rec.region):
            self.add(
                "plan-region",
                t(
                    "the target of region {code} names plan {id}, the plan of region {other}",
                    code=repr(rec.region),
                    id=repr(rec.plan),
                    other=repr(plan.region),
                ),
                t(
                    "name the plan that set this region's target (its own, its province's or "
                    "a national one), or correct the region"
                ),
                path,
                rec,
            )
        elif not plan.start <= rec.year <= plan.end:
            self.add(
                "target-outside-plan",
                t(
                    "the {year} target is outside the period of plan {id} ({period})",
                    year=shown_int(rec.year),
                    id=repr(rec.plan),
                    period=fmt_years(plan.start, plan.end),
                ),
                t("check the year of the target, or name the plan that set it"),
                path,
                rec,
            )

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
        gap_years = self._gap_years
        for key, items in self.series.items():
            items.sort(key=year)
            for first, second in pairwise(items):
                if first.year == second.year:
                    self.add(
                        "duplicate-record",
                        t(
                            "the same figure as {first} ({identity})",
                            first=where(first),
                            identity=identity(second),
                        ),
                        t(
                            "keep one of the two records; for March and September give each "
                            "its month"
                        ),
                        where(second),
                        second,
                    )
            ind = self.indicators.get(items[0].indicator)
            recorded = gap_years.get(key)
            previous: int | None = None
            latest: Record | None = None
            for rec in items:
                if rec.value is None:
                    continue
                if recorded is not None and rec.year in recorded:
                    self.add(
                        "gap-has-figure",
                        t(
                            "the gap lists {year}, but {identity} has a figure for it",
                            year=shown_int(rec.year),
                            identity=identity(rec),
                        ),
                        t(
                            "remove {year} from the gap's years, or the figure if it is wrong",
                            year=shown_int(rec.year),
                        ),
                        recorded[rec.year],
                        rec,
                    )
                if previous is not None and rec.year - previous > 1:
                    missing = unrecorded(previous + 1, rec.year - 1, recorded)
                else:
                    missing = ""
                if previous is not None and missing:
                    self.add(
                        "year-gap",
                        t(
                            "no figure for {years}: the change is reported against {previous}",
                            years=missing,
                            previous=shown_int(previous),
                        ),
                        t("add the missing years if they were published; otherwise nothing to do"),
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
                        t(
                            "the {year} target {target} is already met by the {latest_year} "
                            "value {value}",
                            year=rec.year,
                            target=rec.target,
                            latest_year=latest.year,
                            value=latest.value,
                        ),
                        t("nothing to do if the plan set it so; check the target otherwise"),
                        where(rec) + ".target",
                        rec,
                    )
        return self.problems
