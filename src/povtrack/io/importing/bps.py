"""`povtrack import bps`: a saved BPS WebAPI dynamic-table response (no network access).

The response lists the table's dimensions, each item a `{"val": ..., "label": ...}`:

- `vervar`: the rows, usually regions: `val` is the region code, `label` its name (province
  rows may come as `<b>…</b>`; the tags are removed).
- `var`: the variable (the indicator); `decimal`, when present, is its published precision.
- `turvar`: a breakdown; `val` 0 ("Tidak Ada") is the total. Other categories are recorded as
  `{DIMENSION: label}` (`--dimension`, default `category`); `--total LABEL` marks a category
  that is the total (such as "Perkotaan+Perdesaan").
- `tahun`: years (`val` = year - 1900; `label` = the year).
- `turtahun`: sub-periods: 0 "Tahun" and 13 "Tahunan" are annual, 1–12 are months, 61 "Maret"
  is March (month 3) and 62 "September" is month 9.

`datacontent` maps keys to numbers. A key is the text of vervar.val + var.val + turvar.val +
tahun.val + turtahun.val with no separator, so the parts cannot be cut apart by position: every
combination is built and looked up. Two combinations that make the same key, where that key
holds a figure, make the response ambiguous: an error naming both, never a guess.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from povtrack.i18n import t
from povtrack.io.importing import cells
from povtrack.io.importing.base import ImportFailure, Parsed, Row, problem
from povtrack.io.importing.cells import CellError
from povtrack.io.output import safe_line
from povtrack.model.problems import Problem
from povtrack.model.records import Record

#: turtahun val -> month (None: annual).
PERIODS: Final[dict[str, int | None]] = {
    "0": None,
    "13": None,
    "61": 3,
    "62": 9,
    **{str(m): m for m in range(1, 13)},
}
#: BPS unit labels (compared without case) -> povtrack units, for `--create` defaults.
UNITS: Final[dict[str, str]] = {
    "persen": "percent",
    "%": "percent",
    "jiwa": "count",
    "orang": "count",
    "ribu jiwa": "thousand_people",
    "ribu orang": "thousand_people",
    "juta jiwa": "million_people",
    "juta orang": "million_people",
    "rupiah": "rupiah",
    "rupiah/kapita/bulan": "rupiah",
    "indeks": "index",
    "rasio": "ratio",
}
DIMENSIONS: Final = ("vervar", "var", "turvar", "tahun", "turtahun")
_TAG: Final = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True, kw_only=True)
class BpsOptions:
    indicator: str
    var: str | None = None
    dimension: str = "category"
    totals: tuple[str, ...] = ()
    source: str | None = None
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    val: str
    label: str
    raw: dict[str, Any]

    def describe(self, name: str) -> str:
        return f"{name} {self.val} ({self.label})" if self.label else f"{name} {self.val}"


def clean_label(text: str) -> str:
    """`<b>Jawa Timur</b>` -> `Jawa Timur`."""
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _val(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _items(root: dict[str, Any], name: str, path: str) -> list[Item]:
    raw = root.get(name)
    if not isinstance(raw, list) or not raw:
        raise ImportFailure(
            t(
                "{file}: is not a BPS WebAPI dynamic-table response: {reason}",
                file=safe_line(path),
                reason=t("its {name!r} list is missing or empty", name=name),
            )
        )
    items = []
    for index, entry in enumerate(raw):
        val = _val(entry.get("val")) if isinstance(entry, dict) else None
        if val is None or not isinstance(entry, dict):
            raise ImportFailure(
                t(
                    "{file}: is not a BPS WebAPI dynamic-table response: {reason}",
                    file=safe_line(path),
                    reason=t(
                        "{name}[{index}] needs a 'val' (a number or text) and a 'label'",
                        name=name,
                        index=index,
                    ),
                )
            )
        label = entry.get("label")
        items.append(Item(val, clean_label(label) if isinstance(label, str) else "", entry))
    return items


def load(path: str) -> dict[str, Any]:
    """The response as JSON (numbers as exact Decimals), after its status is checked."""
    text = cells.read_text(path)
    try:
        root = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ImportFailure(
            t(
                "{file}: is not valid JSON ({reason}, line {line}, column "
                "{column}); save the WebAPI response exactly as it was received",
                file=safe_line(path),
                reason=exc.msg,
                line=exc.lineno,
                column=exc.colno,
            )
        ) from None
    if not isinstance(root, dict):
        raise ImportFailure(
            t(
                "{file}: is not a BPS WebAPI dynamic-table response: {reason}",
                file=safe_line(path),
                reason=t("the top level is not a JSON object"),
            )
        )
    status = root.get("status")
    if isinstance(status, str) and status.casefold() not in ("ok", "success"):
        message = root.get("message")
        shown = message if isinstance(message, str) and message else t("no message")
        raise ImportFailure(
            t(
                "{file}: the WebAPI answered with an error: {message}",
                file=safe_line(path),
                message=shown,
            )
        )
    if root.get("data-availability") == "not-available":
        raise ImportFailure(
            t(
                "{file}: the response has no data (data-availability: "
                "not-available); check the table (var), the region (domain) and "
                "the years requested, and download it again",
                file=safe_line(path),
            )
        )
    return root


def _year(item: Item) -> int:
    if re.fullmatch(r"\d{4}", item.label):
        return int(item.label)
    return int(item.val) + 1900 if item.val.isdigit() else -1


def _figure(raw: object) -> Decimal | None:
    """A datacontent value: a number; null, "", "-" or "NA" for no figure."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise CellError(
            "bad-number", t("the value {text} is not a number", text=json.dumps(raw)), ""
        )
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, str):
        return cells.number(raw)
    raise CellError("bad-number", t("the value {text} is not a number", text=json.dumps(raw)), "")


def _pad(value: Decimal, decimals: int | None) -> Decimal:
    """JSON drops trailing zeros (12.50 arrives as 12.5): give the value back the published
    decimals of the variable. Exact: only zeros are added, never a digit rounded away."""
    if decimals is None or not 0 <= decimals <= 6:
        return value
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent < decimals:
        return value.quantize(Decimal(1).scaleb(-decimals))
    return value


def parse(path: str, options: BpsOptions) -> Parsed:
    root = load(path)
    lists = {name: _items(root, name, path) for name in DIMENSIONS}
    content = root.get("datacontent")
    if not isinstance(content, dict):
        raise ImportFailure(
            t(
                "{file}: is not a BPS WebAPI dynamic-table response: {reason}",
                file=safe_line(path),
                reason=t("it has no 'datacontent' object"),
            )
        )
    variables = lists["var"]
    listed = ", ".join(v.describe("var") for v in variables)
    if options.var is not None:
        chosen = [v for v in variables if v.val == options.var]
        if not chosen:
            raise ImportFailure(
                t(
                    "--var {val!r}: {file} has no such variable; it has: {vars}",
                    val=options.var,
                    file=safe_line(path),
                    vars=listed,
                ),
                usage=True,
            )
        var = chosen[0]
    elif len(variables) > 1:
        raise ImportFailure(
            t(
                "{file} holds {count} variables; choose one with --var VAL: {vars}",
                file=safe_line(path),
                count=len(variables),
                vars=listed,
            ),
            usage=True,
        )
    else:
        var = variables[0]
    if options.region is not None and len(lists["vervar"]) != 1:
        raise ImportFailure(
            t(
                "--region {code!r} renames the one region of a response, and "
                "{file} has {count} (vervar): leave out --region",
                code=options.region,
                file=safe_line(path),
                count=len(lists["vervar"]),
            ),
            usage=True,
        )

    parsed = Parsed(kind="bps", input=path)
    decimal = var.raw.get("decimal")
    decimals = decimal if isinstance(decimal, int) and not isinstance(decimal, bool) else None
    unit = var.raw.get("unit")
    parsed.indicator.name = var.label or None
    parsed.indicator.unit = UNITS.get(unit.strip().casefold()) if isinstance(unit, str) else None
    parsed.indicator.decimals = decimals
    source = options.source or f"BPS WebAPI dynamic table, var {var.val}" + (
        f" ({var.label})" if var.label else ""
    )
    totals = {label.strip().casefold() for label in options.totals}

    def region_of(item: Item) -> str:
        return options.region if options.region is not None else item.val

    for item in lists["vervar"]:
        if item.label:
            parsed.region_names.setdefault(region_of(item), item.label)

    # Each key of datacontent, cut into the vals of the five lists in every way it can be
    # (keys have no separator): work follows the data, never the product of the lists (4000
    # regions x 400 categories x 13 years is 20 million combinations, nearly all empty).
    cutter = _Cutter(lists)
    made: dict[str, tuple[Item, ...]] = {}
    order: dict[str, tuple[int, ...]] = {}
    collisions: list[tuple[tuple[int, ...], str, tuple[int, ...]]] = []
    unmatched: list[str] = []
    for key in content:
        cuts = cutter.cuts(key)
        if not cuts:
            unmatched.append(key)
            continue
        if len(cuts) > 1:
            collisions.append((cuts[1], key, cuts[0]))
            continue
        made[key] = cutter.items(cuts[0])
        order[key] = cuts[0]
    problems: list[Problem] = [
        problem(
            "ambiguous-key",
            t(
                "key {key!r} is made by two combinations: {first}; and {second}",
                key=key,
                first=_describe(cutter.items(first)),
                second=_describe(cutter.items(second)),
            ),
            t(
                "the response cannot be read without guessing; download fewer "
                "regions, categories or years at a time (one vervar, say) and "
                "import each response"
            ),
            file=path,
            path=f"datacontent.{key}",
        )
        for second, key, first in sorted(collisions)
    ]
    if problems:
        raise ImportFailure(
            t(
                "{file}: {count} problem(s); nothing was imported",
                file=safe_line(path),
                count=len(problems),
            ),
            problems=problems,
        )

    if unmatched:
        parsed.notes.append(
            t(
                "{count} value(s) in datacontent match no combination of vervar, "
                "var, turvar, tahun and turtahun (first: {example!r}); they were "
                "not imported",
                count=len(unmatched),
                example=unmatched[0],
            )
        )
    made = {key: made[key] for key in sorted(made, key=order.__getitem__)}
    for key, combo in made.items():
        vervar, item_var, turvar, tahun, turtahun = combo
        if item_var.val != var.val or key not in content:
            continue
        where = f"{path}: datacontent {key!r}"
        try:
            value = _figure(content[key])
        except CellError as error:
            problems.append(
                problem(
                    error.code,
                    error.message,
                    t(
                        "write a plain decimal number such as 12.42, or NA (or leave the "
                        "cell empty) when there is no figure"
                    ),
                    file=path,
                    path=f"datacontent.{key}",
                )
            )
            continue
        if turtahun.val not in PERIODS:
            problems.append(
                problem(
                    "unknown-period",
                    t(
                        "turtahun {val} ({label!r}) is not a period povtrack knows",
                        val=turtahun.val,
                        label=turtahun.label,
                    ),
                    t(
                        "povtrack reads 0 and 13 as annual, 1–12 as months, 61 as March "
                        "and 62 as September; download the table with one of these periods"
                    ),
                    file=path,
                    path=f"datacontent.{key}",
                )
            )
            continue
        if value is None:
            parsed.skipped += 1
            continue
        breakdown = None
        if turvar.val != "0" and not (
            turvar.label.casefold() in totals or turvar.val.casefold() in totals
        ):
            breakdown = {options.dimension: turvar.label or turvar.val}
        record = Record(
            indicator=options.indicator,
            region=region_of(vervar),
            year=_year(tahun),
            month=PERIODS[turtahun.val],
            breakdown=breakdown,
            value=_pad(value, decimals),
            source=source,
        )
        parsed.rows.append(Row(record, where))
    if problems:
        raise ImportFailure(
            t(
                "{file}: {count} problem(s); nothing was imported",
                file=safe_line(path),
                count=len(problems),
            ),
            problems=problems,
        )
    return parsed


class _Cutter:
    """Cuts a datacontent key into the vals of vervar, var, turvar, tahun and turtahun."""

    def __init__(self, lists: dict[str, list[Item]]) -> None:
        self.lists = [lists[name] for name in DIMENSIONS]
        #: per list: val -> the positions of the items with that val (a val may repeat)
        self.positions: list[dict[str, list[int]]] = []
        for items in self.lists:
            positions: dict[str, list[int]] = {}
            for index, item in enumerate(items):
                positions.setdefault(item.val, []).append(index)
            self.positions.append(positions)
        self.lengths = [sorted({len(val) for val in positions}) for positions in self.positions]

    def cuts(self, key: str) -> list[tuple[int, ...]]:
        """Every way to read `key` as five vals, as item positions, in the order of the lists
        (the order in which BPS's table lists them)."""
        found: list[tuple[int, ...]] = []

        def walk(rest: str, level: int, taken: tuple[int, ...]) -> None:
            if level == len(self.lists):
                if not rest:
                    found.append(taken)
                return
            for length in self.lengths[level]:
                if length > len(rest):
                    break
                for index in self.positions[level].get(rest[:length], ()):
                    walk(rest[length:], level + 1, (*taken, index))

        walk(key, 0, ())
        return sorted(found)

    def items(self, cut: tuple[int, ...]) -> tuple[Item, ...]:
        return tuple(items[index] for items, index in zip(self.lists, cut, strict=True))


def _describe(combo: tuple[Item, ...]) -> str:
    return ", ".join(item.describe(name) for name, item in zip(DIMENSIONS, combo, strict=True))
