"""Read the data file that an import goes into, and write it back in a stable layout.

The layout is the one of `data/indicators.json`, made for small diffs: 2-space indent, one
indicator, region or record object per line, `{"key": value, ...}` with a space after each colon
and comma, UTF-8 (no `\\u` escapes), a final newline. Numbers are written from their exact
decimal text (`12.50` stays `12.50`), never through a float.

Objects already in the file keep their keys in the order the file has them, so that an import
changes only the lines of the figures it adds or changes; new objects have their keys in the
model's field order, without the fields that are not set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import msgspec

from povtrack.i18n import t
from povtrack.io.files import read_file
from povtrack.io.importing.base import ImportFailure
from povtrack.io.loader import validate_bytes
from povtrack.io.output import safe_line
from povtrack.model.records import FIELDS, Dataset, Indicator, Record, Region

_ENCODER: Final = msgspec.json.Encoder(decimal_format="number")
BOM: Final = b"\xef\xbb\xbf"


@dataclass(slots=True)
class Existing:
    """The data file before the import: typed (validated) and as written (key order kept).
    `raw["records"][i]` is the JSON object of `dataset.records[i]`."""

    path: str
    exists: bool
    dataset: Dataset
    raw: dict[str, Any]
    warnings: int = 0


def read(path: str) -> Existing:
    """The data file, validated; an empty one when the file does not exist yet."""
    target = Path(path)
    if target.is_dir():
        raise ImportFailure(
            t(
                "--into {file}: is a folder; give the path of a data file (.json)",
                file=safe_line(path),
            ),
            usage=True,
        )
    if not target.exists():
        raw: dict[str, Any] = {"indicators": [], "regions": [], "records": []}
        empty, _ = validate_bytes(dumps(raw).encode("utf-8"), path)
        assert empty is not None
        return Existing(path, False, empty, raw)
    try:
        data = read_file(path)
    except OSError as exc:
        raise ImportFailure(
            t(
                "--into {file}: cannot be read ({reason})",
                file=safe_line(path),
                reason=exc.strerror or str(exc),
            ),
            usage=True,
        ) from None
    dataset, report = validate_bytes(data, path, locate_warnings=False)
    if dataset is None:
        raise ImportFailure(
            t(
                "{file} is not valid, so nothing was imported into it; fix the "
                "errors above first (povtrack validate {file} lists them again)",
                file=safe_line(path),
            ),
            problems=report.problems,
        )
    body = data[len(BOM) :] if data.startswith(BOM) else data
    raw = json.loads(body.decode("utf-8"), parse_float=Decimal)
    return Existing(path, True, dataset, raw, report.warnings)


def struct_dict(obj: Indicator | Region | Record) -> dict[str, Any]:
    """A model object as a JSON object: fields in model order, unset fields left out."""
    out: dict[str, Any] = {}
    for name in FIELDS[type(obj).__name__.lower()]:
        value = getattr(obj, name)
        if value is not None:
            out[name] = value
    return out


def set_field(obj: dict[str, Any], name: str, value: Any, order: tuple[str, ...]) -> None:
    """Set a field of an existing JSON object; a new field goes where the model order puts
    it among the fields already there (the other fields do not move)."""
    if name in obj:
        obj[name] = value
        return
    rank = order.index(name)
    items = list(obj.items())
    position = next(
        (i for i, (key, _) in enumerate(items) if key in order and order.index(key) > rank),
        len(items),
    )
    items.insert(position, (name, value))
    obj.clear()
    obj.update(items)


def compact(value: Any) -> str:
    """One JSON value on one line: `{"id": "p0", "decimals": 2}`; Decimals as exact numbers."""
    return msgspec.json.format(_ENCODER.encode(value), indent=0).decode("utf-8")


def dumps(doc: dict[str, Any]) -> str:
    """The whole file: each top-level list one object a line, everything else on its key's
    line."""
    lines = ["{"]
    items = list(doc.items())
    for i, (key, value) in enumerate(items):
        end = "," if i < len(items) - 1 else ""
        name = compact(key)
        if isinstance(value, list) and value:
            lines.append(f"  {name}: [")
            last = len(value) - 1
            lines.extend(
                f"    {compact(item)}{',' if j < last else ''}" for j, item in enumerate(value)
            )
            lines.append(f"  ]{end}")
        else:
            lines.append(f"  {name}: {compact(value)}{end}")
    lines.append("}")
    return "\n".join(lines) + "\n"
