"""Renderers of `povtrack import`: text (the plan, one line per change, then the counts) and
json (the `ImportResult` itself)."""

from __future__ import annotations

from decimal import Decimal
from typing import Final, TextIO

from povtrack import i18n
from povtrack.i18n import t
from povtrack.io.importing.merge import Change, FieldChange, ImportResult
from povtrack.io.output import safe_line
from povtrack.render import Renderer, RenderOptions, render_json

i18n.register(
    {
        "import.action.add": ("add", "tambah"),
        "import.action.fill": ("fill", "lengkapi"),
        "import.action.replace": ("replace", "ganti"),
        "import.action.conflict": ("conflict", "konflik"),
        "import.field.value": ("value", "nilai"),
        "import.field.target": ("target", "target"),
        "import.field.source": ("source", "sumber"),
        "import.count.added": ("{n} added", "{n} ditambahkan"),
        "import.count.filled": ("{n} filled", "{n} dilengkapi"),
        "import.count.unchanged": ("{n} unchanged", "{n} tidak berubah"),
        "import.count.replaced": ("{n} replaced", "{n} diganti"),
        "import.count.conflicts": ("{n} in conflict", "{n} konflik"),
        "import.count.skipped": (
            "{n} without a figure (NA, empty, -) skipped",
            "{n} tanpa angka (NA, kosong, -) dilewati",
        ),
        "import.created.indicator": (
            "new indicator {id!r}",
            "indikator baru {id!r}",
        ),
        "import.created.regions": (
            "new region(s): {codes}",
            "wilayah baru: {codes}",
        ),
        "import.dry_run": (
            "dry run: nothing was written to {file}",
            "uji coba (--dry-run): tidak ada yang ditulis ke {file}",
        ),
        "import.written": ("wrote {file}", "menulis {file}"),
        "import.new_file": ("started the new data file {file}", "memulai berkas data baru {file}"),
    }
)


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
    label = t(f"import.field.{change.field}")
    if change.old is None:
        return f"{label} {_shown(change.new)}"
    arrow = f"{_shown(change.old)} -> {_shown(change.new)}"
    return arrow if change.field == "value" else f"{label} {arrow}"


def change_line(change: Change) -> str:
    """`replace   p0 / 3524 / 2023: 12.42 -> 12.2 (p0.csv:5)`"""
    fields = ", ".join(field_text(f) for f in change.fields)
    action = t(f"import.action.{change.action}")
    return safe_line(f"{action:<9} {change.record}: {fields} ({change.where})")


def conflict_line(change: Change) -> str:
    """`p0 / 3524 / 2023: 12.42 -> 12.2 (p0.csv:5)`"""
    fields = ", ".join(field_text(f) for f in change.fields)
    return safe_line(f"{change.record}: {fields} ({change.where})")


def summary_line(result: ImportResult) -> str:
    """`d.json: 3 added, 0 unchanged, 0 replaced`; filled, in conflict and skipped when any."""
    counts = [
        ("added", result.added, True),
        ("filled", result.filled, False),
        ("unchanged", result.unchanged, True),
        ("replaced", result.replaced, True),
        ("conflicts", result.conflicts, False),
        ("skipped", result.skipped, False),
    ]
    parts = [t(f"import.count.{key}", n=n) for key, n, always in counts if always or n]
    return safe_line(f"{result.into}: " + ", ".join(parts))


def created_lines(result: ImportResult) -> list[str]:
    lines = [t("import.created.indicator", id=i) for i in result.created_indicators]
    if result.created_regions:
        codes = ", ".join(repr(c) for c in result.created_regions)
        lines.append(t("import.created.regions", codes=codes))
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
