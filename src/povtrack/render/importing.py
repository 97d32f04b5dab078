"""Renderers of `povtrack import`: text (the plan, one line per change, then the counts) and
json (the `ImportResult` itself)."""

from __future__ import annotations

from decimal import Decimal
from typing import Final, TextIO

from povtrack import i18n
from povtrack.i18n import N_, t
from povtrack.io.importing.merge import Change, FieldChange, ImportResult
from povtrack.io.output import safe_line
from povtrack.render import Renderer, RenderOptions, render_json

_IMPORT_FIELD: Final = {
    "source": N_("source"),
    "target": N_("target"),
    "value": N_("value"),
}

_IMPORT_ACTION: Final = {
    "add": N_("add"),
    "conflict": N_("conflict"),
    "fill": N_("fill"),
    "replace": N_("replace"),
}

_IMPORT_COUNT: Final = {
    "added": N_("{n} added"),
    "conflicts": N_("{n} in conflict"),
    "filled": N_("{n} filled"),
    "kept_as_stored": N_(
        "{n} figure(s) equal to the stored ones but written differently (15,5 for 15.50): "
        "kept as stored"
    ),
    "replaced": N_("{n} replaced"),
    "skipped": N_("{n} without a figure (NA, empty, -) skipped"),
    "unchanged": N_("{n} unchanged"),
}


def _shown(value: Decimal | str | None) -> str:
    """A figure in the current language's format with its exact digits (`12.42`, `12,42`), a
    source in quotes, `-` for nothing."""
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        return i18n.number(value)
    return f'"{value}"'


def field_text(change: FieldChange) -> str:
    """`12.42 -> 12.2` for a value; `target 13.17 -> 13`, `source "a" -> "b"`; a field that
    was not set: `value 12.16` (`nilai 12,16` in Indonesian)."""
    label = t(_IMPORT_FIELD[change.field])
    if change.old is None:
        return f"{label} {_shown(change.new)}"
    arrow = f"{_shown(change.old)} -> {_shown(change.new)}"
    return arrow if change.field == "value" else f"{label} {arrow}"


def change_line(change: Change) -> str:
    """`replace   p0 / 3524 / 2023: 12.42 -> 12.2 (p0.csv:5)`"""
    fields = ", ".join(field_text(f) for f in change.fields)
    action = t(_IMPORT_ACTION[change.action])
    return safe_line(f"{action:<9} {change.record}: {fields} ({change.where})")


def conflict_line(change: Change) -> str:
    """`p0 / 3524 / 2023: 12.42 -> 12.2 (p0.csv:5)`"""
    fields = ", ".join(field_text(f) for f in change.fields)
    return safe_line(f"{change.record}: {fields} ({change.where})")


def summary_line(result: ImportResult) -> str:
    """`d.json: 3 added, 0 unchanged, 0 replaced`; filled, kept as stored, in conflict and
    skipped when any."""
    counts = [
        ("added", result.added, True),
        ("filled", result.filled, False),
        ("unchanged", result.unchanged, True),
        ("kept_as_stored", result.kept_as_stored, False),
        ("replaced", result.replaced, True),
        ("conflicts", result.conflicts, False),
        ("skipped", result.skipped, False),
    ]
    parts = [t(_IMPORT_COUNT[key], n=n) for key, n, always in counts if always or n]
    return safe_line(f"{result.into}: " + ", ".join(parts))


def created_lines(result: ImportResult) -> list[str]:
    lines = [t("new indicator {id!r}", id=i) for i in result.created_indicators]
    if result.created_regions:
        codes = ", ".join(repr(c) for c in result.created_regions)
        lines.append(t("new region(s): {codes}", codes=codes))
    return [safe_line(line) for line in lines]


def render_text(result: ImportResult, out: TextIO, options: RenderOptions) -> None:
    """The plan: what was (or, in a dry run, would be) created and changed, then the counts."""
    for line in created_lines(result):
        out.write(line + "\n")
    for change in result.changes:
        out.write(change_line(change) + "\n")
    out.write(summary_line(result) + "\n")


RENDERERS: Final[dict[str, Renderer[ImportResult]]] = {
    "text": render_text,
    "json": render_json,
}
