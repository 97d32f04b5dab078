"""Merge imported figures into a data file: what is added, filled, unchanged or changed.

A record's identity is `model.record_key`: indicator, region, year, month and breakdown. For
each imported record:

- no record with its identity: **added**, at its place in the file's order (`place_new`);
- a record with its identity: each field the import gives (value, target, source) is compared:
  figures as numbers (`15,5` from a spreadsheet, read as `15.5`, equals a stored `15.50`, and
  so does `15.500`), sources as text. A field the record does not have yet is **filled**; all
  equal is **unchanged** (importing the same figures twice changes nothing), and a figure that
  is equal but written differently keeps the stored text (counted in `kept_as_stored`); a
  different one is a **conflict**, refused unless `replace`, which **replaces** it. Fields the
  import does not give (a target, when the CSV has no target column; a note) are kept.
- sources: a record holds one source, compared like a number (a CSV's --source that differs
  is a conflict). An Open SDG file carries no sources: its --source is the source of the
  figures it adds or changes, and a figure whose numbers are all already there is unchanged,
  whatever source it has (`export opensdg` then `import opensdg` changes nothing). When the
  import adds a value to a record that held only a target (or a target to one with only a
  value) and names another source, both are kept as `value: NEW | target: OLD`, the bundled
  data's way; that is a fill, not a conflict. A source of that form is compared part by part:
  a value's source with the `value:` part.

The same identity twice in one input is one figure when both rows agree, and an error naming both
places when they do not. Indicators and regions that the records name and the file does not
define are created from `Create` (the --create options and what the input says), or listed as
missing.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, Literal

import msgspec

from povtrack.i18n import N_, t
from povtrack.io.importing.base import (
    ImportFailure,
    Parsed,
    Row,
    same,
    text_of,
    written_differently,
)
from povtrack.io.importing.writer import Existing, set_field, struct_dict
from povtrack.io.output import safe_line
from povtrack.io.rules import decimals_of
from povtrack.model.records import (
    DIRECTIONS,
    MAX_DECIMALS,
    RECORD_FIELDS,
    UNITS,
    Indicator,
    Record,
    RecordKey,
    Region,
    breakdown_key,
    identity,
    record_key,
)

Action = Literal["add", "fill", "replace", "conflict"]
#: The fields an import can give; the others (note) are never touched.
FIELDS: Final = ("value", "target", "source")


class FieldChange(msgspec.Struct, frozen=True):
    """One field of one record: `old` is null for a field that was not set."""

    field: str
    old: Decimal | str | None
    new: Decimal | str | None


class Change(msgspec.Struct, frozen=True, kw_only=True):
    """What happens to one record; `where` is the place in the input it comes from."""

    action: Action
    record: str
    where: str
    indicator: str
    region: str
    year: int
    month: int | None
    breakdown: dict[str, str] | None
    fields: list[FieldChange]


class ImportResult(msgspec.Struct, frozen=True, kw_only=True):
    """The result of `povtrack import` (what `--format json` prints). `changes` lists every
    record added, filled, replaced or in conflict, in input order; unchanged ones are counted."""

    input: str
    kind: str
    into: str
    new_file: bool
    dry_run: bool
    replace: bool
    written: bool
    created_indicators: list[str]
    created_regions: list[str]
    added: int
    filled: int
    unchanged: int
    replaced: int
    conflicts: int
    skipped: int
    #: Figures equal in number to the stored ones but written differently (`15.5`, `15,5` or
    #: `15.500` for a stored `15.50`): the stored text is kept.
    kept_as_stored: int = 0
    changes: list[Change]


@dataclass(frozen=True, slots=True, kw_only=True)
class Create:
    """--create and its metadata options. Only what is missing from the file is created."""

    enabled: bool = False
    name: str | None = None
    name_id: str | None = None
    unit: str | None = None
    decimals: int | None = None
    direction: str | None = None
    region_name: str | None = None
    region_parent: str | None = None


@dataclass(slots=True)
class Plan:
    result: ImportResult
    #: The data file as it will be written (JSON objects, key order kept).
    raw: dict[str, Any]
    #: Identity of each imported record -> where it was read, for messages.
    places: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _same(a: Record, b: Record) -> bool:
    return all(same(getattr(a, f), getattr(b, f)) for f in FIELDS)


def _figures(record: Record) -> str:
    parts = [f"{f} {text_of(getattr(record, f))}" for f in FIELDS if getattr(record, f) is not None]
    return ", ".join(parts) or "-"


def _resolve_regions(rows: list[Row], existing: Existing) -> None:
    """A region cell that is not a code in the file but is exactly one region's name (or
    Indonesian name, ignoring case) names that region."""
    regions = existing.dataset.regions
    by_name: dict[str, set[str]] = defaultdict(set)
    for code, region in regions.items():
        for name in (region.name, region.name_id):
            if name:
                by_name[name.strip().casefold()].add(code)
    for row in rows:
        rec = row.record
        if rec.region not in regions:
            codes = by_name.get(rec.region.strip().casefold())
            if codes is not None and len(codes) == 1:
                rec.region = next(iter(codes))


def _create_indicator(ind_id: str, create: Create, parsed: Parsed, rows: list[Row]) -> Indicator:
    hints = parsed.indicator
    name = create.name or hints.name
    unit = create.unit or hints.unit
    decimals = create.decimals if create.decimals is not None else hints.decimals
    direction = create.direction
    needed = []
    if not name:
        needed.append("--name NAME")
    if unit is None:
        needed.append("--unit " + "|".join(UNITS))
    if decimals is None:
        places = max(
            (decimals_of(v) for r in rows for v in (r.record.value, r.record.target) if v),
            default=0,
        )
        needed.append(t("--decimals N (the figures have up to {places} decimals)", places=places))
    if direction is None:
        needed.append("--direction lower|higher|none")
    if needed:
        raise ImportFailure(
            t(
                "--create: the new indicator {id!r} needs {options}",
                id=ind_id,
                options=", ".join(needed),
            ),
            usage=True,
        )
    assert name is not None
    assert unit is not None
    assert decimals is not None
    assert direction is not None
    if unit not in UNITS:
        close = difflib.get_close_matches(unit.strip().lower(), UNITS, n=1, cutoff=0.6)
        if close:
            raise ImportFailure(
                t(
                    "--unit {value!r}: choose one of {choices}; did you mean {match!r}?",
                    value=unit,
                    choices=", ".join(UNITS),
                    match=close[0],
                ),
                usage=True,
            )
        raise ImportFailure(
            t("--unit {value!r}: choose one of {choices}", value=unit, choices=", ".join(UNITS)),
            usage=True,
        )
    if direction not in DIRECTIONS:
        raise ImportFailure(
            t("--direction {value!r}: choose lower, higher or none", value=direction), usage=True
        )
    if not 0 <= decimals <= MAX_DECIMALS:
        raise ImportFailure(
            t(
                "--decimals {value}: give a whole number from 0 to {max}",
                value=decimals,
                max=MAX_DECIMALS,
            ),
            usage=True,
        )
    return Indicator(
        id=ind_id,
        name=name,
        unit=unit,  # type: ignore[arg-type]
        decimals=decimals,
        direction=direction,  # type: ignore[arg-type]
        name_id=create.name_id,
    )


def _create_regions(codes: list[str], create: Create, parsed: Parsed) -> list[Region]:
    names = dict(parsed.region_names)
    if create.region_name is not None:
        unnamed = [c for c in codes if c not in names]
        if len(codes) == 1:
            names[codes[0]] = create.region_name
        elif len(unnamed) == 1:
            names[unnamed[0]] = create.region_name
        else:
            raise ImportFailure(
                t(
                    "--region-name names one new region, and there are {count}: {codes}",
                    count=len(codes),
                    codes=", ".join(codes),
                ),
                usage=True,
            )
    unnamed = [c for c in codes if not names.get(c)]
    if unnamed:
        raise ImportFailure(
            t(
                "--create: the new region(s) {codes} need a name: give "
                "--region-name NAME (one region) or --region-name-column COL (a "
                "CSV column)",
                codes=", ".join(repr(c) for c in unnamed),
            ),
            usage=True,
        )
    return [Region(code=c, name=names[c], parent=create.region_parent) for c in codes]


def _missing(
    existing: Existing, parsed: Parsed, create: Create, notes: list[str]
) -> tuple[list[Indicator], list[Region]]:
    rows = parsed.rows
    indicators = existing.dataset.indicators
    regions = existing.dataset.regions
    ind_missing = list(
        dict.fromkeys(r.record.indicator for r in rows if r.record.indicator not in indicators)
    )
    reg_missing = list(
        dict.fromkeys(r.record.region for r in rows if r.record.region not in regions)
    )
    if create.enabled:
        for ind_id in dict.fromkeys(r.record.indicator for r in rows):
            if ind_id in indicators and (create.name or create.unit or create.direction):
                notes.append(
                    t(
                        "--create: {what} {id!r} is already in {file}; it is kept as it is "
                        "(the metadata options are not used for it)",
                        what=t("indicator"),
                        id=ind_id,
                        file=safe_line(existing.path),
                    )
                )
    if not ind_missing and not reg_missing:
        return [], []
    if not create.enabled:
        details = [
            t("indicator {id!r} (--name, --unit, --decimals, --direction)", id=i)
            for i in ind_missing
        ]
        for code in reg_missing:
            name = parsed.region_names.get(code)
            details.append(t("region {code!r}{name}", code=code, name=f" ({name})" if name else ""))
        key = (
            N_(
                "{file} does not define what the imported figures name; add it to "
                "the file, or add --create with its metadata:"
            )
            if existing.exists
            else N_(
                "{file} does not exist yet; to start a new data file, add --create "
                "with the metadata of:"
            )
        )
        raise ImportFailure(t(key, file=safe_line(existing.path)), details=details)
    if len(ind_missing) > 1:
        raise ImportFailure(
            t(
                "--create makes one indicator at a time, and the figures name "
                "{count} that {file} does not define: {ids}; import them one "
                "indicator at a time",
                count=len(ind_missing),
                file=safe_line(existing.path),
                ids=", ".join(ind_missing),
            ),
            usage=True,
        )
    new_indicators = [_create_indicator(i, create, parsed, rows) for i in ind_missing]
    new_regions = _create_regions(reg_missing, create, parsed) if reg_missing else []
    return new_indicators, new_regions


def merge(existing: Existing, parsed: Parsed, create: Create, replace: bool) -> Plan:
    """The plan: counts, changes, and the data file as it would be written."""
    notes = list(parsed.notes)
    _resolve_regions(parsed.rows, existing)
    new_indicators, new_regions = _missing(existing, parsed, create, notes)

    index: dict[RecordKey, int] = {
        record_key(rec): i for i, rec in enumerate(existing.dataset.records)
    }
    raw_records: list[dict[str, Any]] = list(existing.raw.get("records", []))
    order = RECORD_FIELDS
    seen: dict[RecordKey, Row] = {}
    changes: list[Change] = []
    added: list[Row] = []
    counts = {"filled": 0, "unchanged": 0, "replaced": 0, "conflicts": 0, "kept": 0}
    twice = []
    places: dict[str, str] = {}
    lacking: list[Record] = []  # figures that would end up without a source

    for row in parsed.rows:
        rec = row.record
        key = record_key(rec)
        first = seen.get(key)
        if first is not None:
            if _same(first.record, rec):
                counts["unchanged"] += 1
            else:
                twice.append(
                    t(
                        "{record} is given twice with different figures: {first} and "
                        "{second}; keep one",
                        record=identity(rec),
                        first=f"{_figures(first.record)} ({first.where})",
                        second=f"{_figures(rec)} ({row.where})",
                    )
                )
            continue
        seen[key] = row
        places[identity(rec)] = row.where
        position = index.get(key)
        if position is None:
            if rec.value is not None and rec.source is None:
                lacking.append(rec)
            added.append(row)
            changes.append(
                _change(
                    "add",
                    row,
                    [
                        FieldChange(f, None, getattr(rec, f))
                        for f in FIELDS
                        if getattr(rec, f) is not None
                    ],
                )
            )
            continue
        old = existing.dataset.records[position]
        filled, differ = _compare(old, rec, sourceless=parsed.sourceless)
        counts["kept"] += sum(
            written_differently(getattr(old, f), getattr(rec, f)) for f in ("value", "target")
        )
        if not filled and not differ:
            counts["unchanged"] += 1
            continue
        if differ and not replace:
            counts["conflicts"] += 1
            changes.append(_change("conflict", row, differ + filled))
            continue
        if old.source is None and rec.source is None and rec.value is not None:
            lacking.append(rec)
        counts["replaced" if differ else "filled"] += 1
        changes.append(_change("replace" if differ else "fill", row, differ + filled))
        target = dict(raw_records[position])
        for change in differ + filled:
            set_field(target, change.field, change.new, order)
        raw_records[position] = target
    if twice:
        raise ImportFailure(
            t(
                "{file}: the same figure is given twice, differently; nothing was imported",
                file=parsed.input,
            ),
            details=twice,
        )

    _check_sources(parsed, lacking)

    raw = dict(existing.raw)
    raw["indicators"] = list(raw.get("indicators", [])) + [struct_dict(i) for i in new_indicators]
    raw["regions"] = list(raw.get("regions", [])) + [struct_dict(r) for r in new_regions]
    order_key = file_order(
        [str(i.get("id")) for i in raw["indicators"]], [str(r.get("code")) for r in raw["regions"]]
    )
    slots = place_new(existing.dataset.records, [row.record for row in added], order_key)
    before: dict[int, list[dict[str, Any]]] = defaultdict(list)
    # New records that go to the same place are written in the file's order.
    for slot, row in sorted(
        zip(slots, added, strict=True), key=lambda pair: (pair[0], order_key(pair[1].record))
    ):
        before[slot].append(struct_dict(row.record))
    records: list[dict[str, Any]] = []
    for i in range(len(raw_records) + 1):
        records.extend(before.get(i, ()))
        if i < len(raw_records):
            records.append(raw_records[i])
    raw["records"] = records
    result = ImportResult(
        input=parsed.input,
        kind=parsed.kind,
        into=existing.path,
        new_file=not existing.exists,
        dry_run=False,
        replace=replace,
        written=False,
        created_indicators=[i.id for i in new_indicators],
        created_regions=[r.code for r in new_regions],
        added=len(added),
        filled=counts["filled"],
        unchanged=counts["unchanged"],
        replaced=counts["replaced"],
        conflicts=counts["conflicts"],
        skipped=parsed.skipped,
        kept_as_stored=counts["kept"],
        changes=changes,
    )
    return Plan(result=result, raw=raw, places=places, notes=notes)


OrderKey = tuple[int, int, int, int, int, tuple[tuple[str, str], ...]]


def file_order(indicators: list[str], regions: list[str]) -> Callable[[Record], OrderKey]:
    """The order of the records of a data file, the bundled file's: by region and indicator
    (in the order the file lists them), then year, month (annual first) and breakdown (the
    total first, then fewer dimensions first, then by dimension and category)."""
    region_rank = {code: i for i, code in reversed(list(enumerate(regions)))}
    indicator_rank = {ind: i for i, ind in reversed(list(enumerate(indicators)))}

    def key(rec: Record) -> OrderKey:
        return (
            region_rank.get(rec.region, len(regions)),
            indicator_rank.get(rec.indicator, len(indicators)),
            rec.year,
            rec.month or 0,
            len(rec.breakdown or ()),
            breakdown_key(rec.breakdown),
        )

    return key


def place_new(
    existing: list[Record], new: list[Record], key: Callable[[Record], OrderKey]
) -> list[int]:
    """Where each new record goes: the index of the existing record it is written before
    (`len(existing)`: at the end). Existing records never move, so a diff of the file shows
    only the new lines.

    A new record goes right after the existing record that comes just before it in the file's
    order (`file_order`), looked for among the records of the same region and indicator, else
    of the same region, else all; when none comes before it, right before the one that comes
    just after it. In a file kept in that order (as povtrack writes it) this is the sorted
    place; in a file that is not, the record still lands beside its nearest neighbour of its
    own region and indicator."""
    keys = [key(rec) for rec in existing]
    groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        groups[k[:2]].append(i)
        groups[k[:1]].append(i)
    groups[()] = list(range(len(keys)))
    ordered: dict[tuple[int, ...], tuple[list[OrderKey], list[int]]] = {}
    slots: list[int] = []
    for rec in new:
        k = key(rec)
        level = next((p for p in (k[:2], k[:1], ()) if groups.get(p)), None)
        if level is None:  # no records yet
            slots.append(len(existing))
            continue
        if level not in ordered:
            members = sorted(groups[level], key=lambda i: keys[i])
            ordered[level] = ([keys[i] for i in members], members)
        sorted_keys, members = ordered[level]
        at = bisect.bisect_left(sorted_keys, k)
        slots.append(members[at - 1] + 1 if at else members[at])
    return slots


#: A source that names where the value and where the target come from (the bundled data's way).
_SPLIT_SOURCE: Final = re.compile(r"value: (.+?) \| target: (.+)", re.DOTALL)


def split_source(value_source: str, target_source: str) -> str:
    return f"value: {value_source} | target: {target_source}"


def _compare(
    old: Record, new: Record, *, sourceless: bool = False
) -> tuple[list[FieldChange], list[FieldChange]]:
    """(filled, differ): the fields the import sets that were empty, and those it changes.
    With `sourceless` (an Open SDG file: the format has no sources, --source names the source
    of new figures), a figure whose numbers are all already there keeps the source it has, so
    that importing back what `povtrack export opensdg` wrote changes nothing."""
    filled: list[FieldChange] = []
    differ: list[FieldChange] = []
    for name in ("value", "target"):
        new_value = getattr(new, name)
        old_value = getattr(old, name)
        if new_value is None:
            continue
        if old_value is None:
            filled.append(FieldChange(name, None, new_value))
        elif not same(old_value, new_value):
            differ.append(FieldChange(name, old_value, new_value))
    if new.source is None or new.source == old.source:
        return filled, differ
    if sourceless and not filled and not differ:
        return filled, differ
    if old.source is None:
        filled.append(FieldChange("source", None, new.source))
        return filled, differ
    gives = {c.field for c in filled + differ}
    if new.value is not None and same(new.value, old.value):
        gives.add("value")
    if new.target is not None and same(new.target, old.target):
        gives.add("target")
    parts = _SPLIT_SOURCE.fullmatch(old.source)
    if parts is not None and gives and gives <= {"value", "target"}:
        # The source names each field's origin: compare the part of each field given.
        value_source, target_source = parts.group(1), parts.group(2)
        if "value" in gives:
            value_source = new.source
        if "target" in gives:
            target_source = new.source
        merged = split_source(value_source, target_source)
        if merged != old.source:
            differ.append(FieldChange("source", old.source, merged))
        return filled, differ
    filled_fields = {c.field for c in filled}
    if gives == {"value"} and filled_fields == {"value"} and old.target is not None:
        # A value for a record that held only a target: the old source is the target's.
        filled.append(FieldChange("source", old.source, split_source(new.source, old.source)))
    elif gives == {"target"} and filled_fields == {"target"} and old.value is not None:
        filled.append(FieldChange("source", old.source, split_source(old.source, new.source)))
    else:
        differ.append(FieldChange("source", old.source, new.source))
    return filled, differ


def _check_sources(parsed: Parsed, lacking: list[Record]) -> None:
    """Every value needs a source: say so in terms of the options, before validation would."""
    if lacking:
        column = t(" or --source-column COL") if parsed.kind == "csv" else ""
        raise ImportFailure(
            t(
                "{count} new figure(s) have no source (first: {record}); give "
                "--source TEXT{column}",
                count=len(lacking),
                record=identity(lacking[0]),
                column=column,
            ),
            usage=True,
        )


def _change(action: Action, row: Row, fields: list[FieldChange]) -> Change:
    rec = row.record
    return Change(
        action=action,
        record=identity(rec),
        where=row.where,
        indicator=rec.indicator,
        region=rec.region,
        year=rec.year,
        month=rec.month,
        breakdown=rec.breakdown,
        fields=fields,
    )
