"""The data format: indicators, regions and records, defined once.

Each class below is at the same time

- the typed object the rest of povtrack works with (a plain slotted dataclass: `record.year`,
  `record.value`; constructing one does not validate, so an importer or the located path can
  build a record that the rules then judge);
- the model that every data file is validated against: `document_model()`, a pydantic
  `TypeAdapter` over `Document`, runs on the values of a JSON reader that keeps each number's text
  (`povtrack.io.loader`); the field types are *strict* (text must be a JSON string, a figure a
  JSON number: `"12.42"` in quotes is refused), unknown fields are refused (`extra="forbid"`),
  and the ranges below are checked;
- the JSON Schema of `povtrack schema` (`povtrack.model.schema`: the adapter's `json_schema()`,
  with the keywords pydantic does not write declared here on their fields: `WithJsonSchema`).

Numbers are `decimal.Decimal` made from the exact text of the JSON number (`4.90` stays
`Decimal("4.90")`); nothing passes through a binary float. Rules that need several fields or
the whole file (decimals per indicator, duplicates, references, sources) are in
`povtrack.io.rules`, which also words every problem.

The annotations are evaluated as the classes are made (no `from __future__ import
annotations`): pydantic then takes the types as they are instead of evaluating 45 strings,
which saved 4.6 ms of building `document_model()`, on every command that reads data.
"""

import dataclasses
import functools
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, get_args

import msgspec
from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    Strict,
    StrictInt,
    StrictStr,
    TypeAdapter,
    WithJsonSchema,
)

from povtrack.model.text import CONTROL, INVISIBLE

Unit = Literal["percent", "count", "thousand_people", "million_people", "index", "ratio", "rupiah"]
Direction = Literal["lower", "higher", "none"]
GapReason = Literal["not_published", "not_found", "methodology_break"]

UNITS: Final[tuple[str, ...]] = get_args(Unit)
DIRECTIONS: Final[tuple[str, ...]] = get_args(Direction)
GAP_REASONS: Final[tuple[str, ...]] = get_args(GapReason)

#: How each unit is written after a number, and what a change in it is called.
UNIT_SYMBOLS: Final[dict[str, str]] = {
    "percent": "%",
    "count": "",
    "thousand_people": "thousand",
    "million_people": "million",
    "index": "",
    "ratio": "",
    "rupiah": "",
}

MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2100
MAX_DECIMALS: Final = 6
#: No published poverty figure comes near this; anything larger is a typing error or hostile input.
MAX_MAGNITUDE: Final = Decimal("1e15")

#: A name, code or source: not blank, no control character. Checked by `rules.Checker.text`
#: (which says which character and where); declared here for the JSON Schema only.
TEXT_PATTERN: Final = rf"^(?=.*\S)[^{CONTROL}{INVISIBLE}]*$"
#: Text: a JSON string (strict: a number is not made text); in the JSON Schema not blank and
#: free of control characters (checked, with a message saying where, by the rules).
Text = Annotated[
    StrictStr,
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": TEXT_PATTERN}),
]


def _config(title: str) -> ConfigDict:
    """Every model refuses unknown fields."""
    return ConfigDict(extra="forbid", title=title)


def _text(description: str, *examples: str) -> Any:
    """The description and examples of a text field."""
    return Field(description=description, examples=list(examples) or None)


def _no_items() -> list[Any]:
    """An empty list: the default of an optional list. Not `default_factory=list`: pydantic
    reads the signature of a default factory, and the signature of a built-in such as `list`
    is parsed from text by `inspect`, whose tokenizer compiles a large regular expression on
    first use: 4 ms of every command's start-up (measured, interleaved runs)."""
    return []


def _as_decimal(number: int) -> Decimal:
    return Decimal(number)


#: A figure: a JSON number, kept exact. The reader gives a Decimal for a number with a
#: fraction or an exponent and an int for a whole number (made a Decimal here); text,
#: true/false and binary floats are refused (strict). Its range (±MAX_MAGNITUDE, 0–100 for a
#: percentage) is checked by the rules, with the indicator at hand, and declared here for the
#: JSON Schema: a pydantic `ge`/`le` on a Decimal cost 0.8x the orjson floor at 100k records.
if TYPE_CHECKING:
    Figure = Decimal  # what the rest of povtrack sees: always a Decimal
else:
    Figure = Annotated[
        Annotated[Decimal, Strict()] | Annotated[StrictInt, AfterValidator(_as_decimal)],
        WithJsonSchema(
            {"type": "number", "minimum": -int(MAX_MAGNITUDE), "maximum": int(MAX_MAGNITUDE)}
        ),
    ]
#: A breakdown: at least one part, each named and valued by text (in the JSON Schema; the
#: rules check each name and value).
Breakdown = Annotated[
    dict[Text, Text],
    WithJsonSchema(
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"type": "string", "minLength": 1, "pattern": TEXT_PATTERN},
            "additionalProperties": {"type": "string", "minLength": 1, "pattern": TEXT_PATTERN},
        }
    ),
]


@dataclass(slots=True, frozen=True)
class Indicator:
    """What is measured, such as p0: the poverty rate, in percent, 2 decimals, lower is better."""

    __pydantic_config__ = _config("Indicator")

    id: Annotated[Text, _text("Short id that records use, such as p0 (the poverty rate).", "p0")]
    name: Annotated[Text, _text("Name, such as Poverty rate (P0).", "Poverty rate (P0)")]
    unit: Annotated[Unit, Field(description="Unit of values and targets. percent: 0–100.")]
    decimals: Annotated[
        StrictInt,
        Field(
            ge=0,
            le=MAX_DECIMALS,
            description="Decimals with which the indicator is published (0–6). A figure may "
            "not have more.",
            examples=[2],
        ),
    ]
    direction: Annotated[
        Direction,
        Field(
            description="Which way is better: lower (poverty), higher, or none (a threshold "
            "such as the poverty line: never scored, no targets)."
        ),
    ]
    name_id: Annotated[
        Text | None,
        _text(
            "Name in Indonesian, such as Persentase penduduk miskin (P0).",
            "Persentase penduduk miskin (P0)",
        ),
    ] = None
    note: Annotated[Text | None, _text("Anything a reader should know about the indicator.")] = None


@dataclass(slots=True, frozen=True)
class Region:
    """Where: a BPS region code and its name."""

    __pydantic_config__ = _config("Region")

    code: Annotated[
        Text,
        _text(
            'BPS region code, as text: "35" East Java, "3524" Lamongan (leading zeros matter).',
            "3524",
        ),
    ]
    name: Annotated[Text, _text("Name, such as Kabupaten Lamongan.", "Kabupaten Lamongan")]
    parent: Annotated[
        Text | None, _text("Code of the region it belongs to: a regency's province.", "35")
    ] = None
    name_id: Annotated[Text | None, _text("Name in Indonesian.")] = None


@dataclass(slots=True)
class Record:
    """One published figure and/or target for an indicator, region, year, month and breakdown."""

    __pydantic_config__ = _config("Record")

    indicator: Annotated[Text, Field(description="Id of a defined indicator.", examples=["p0"])]
    region: Annotated[Text, Field(description="Code of a defined region.", examples=["3524"])]
    year: Annotated[
        StrictInt,
        Field(
            ge=MIN_YEAR,
            le=MAX_YEAR,
            description="Year of the figure or target (1900–2100).",
            examples=[2023],
        ),
    ]
    month: Annotated[
        Annotated[StrictInt, Field(ge=1, le=12)] | None,
        Field(
            description="Month of a sub-annual figure: 3 (March) or 9 (September) for "
            "semi-annual poverty figures. Leave it out for an annual figure.",
            examples=[3],
        ),
    ] = None
    breakdown: Annotated[
        Breakdown | None,
        Field(
            description='A part of the population, such as {"area": "urban"}. Leave it out for '
            "the total.",
            examples=[{"area": "urban"}],
        ),
    ] = None
    value: Annotated[
        Figure | None,
        Field(
            description="The published figure, as a JSON number with its published decimals "
            '(12.50, not "12.50" or 12,50).',
            examples=[12.42],
        ),
    ] = None
    target: Annotated[
        Figure | None,
        Field(description="The planning target for that year, as a JSON number.", examples=[9.5]),
    ] = None
    plan: Annotated[
        Text | None,
        _text(
            "Id of the plan (in plans) that set the target: its base year is the one progress "
            "towards the target is measured from.",
            "rpjmd-3524-2021",
        ),
    ] = None
    source: Annotated[
        Text | None,
        _text(
            "Where the figure (and target) was published: a URL or a citation. Required with "
            "a value.",
            "https://www.bps.go.id/",
        ),
    ] = None
    note: Annotated[Text | None, _text("Anything a reader should know about the figure.")] = None


@dataclass(slots=True, frozen=True)
class Plan:
    """A planning document whose targets records carry (RPJMN, RPJMD, RKPD): its period and the
    base year its targets are measured from."""

    __pydantic_config__ = _config("Plan")

    id: Annotated[
        Text,
        _text("Short id that records name in their plan field.", "rpjmd-3524-2021"),
    ]
    name: Annotated[
        Text, _text("Name of the plan, with its period.", "RPJMD Kabupaten Lamongan 2021–2026")
    ]
    start: Annotated[
        StrictInt,
        Field(
            ge=MIN_YEAR,
            le=MAX_YEAR,
            description="First year of the plan period (1900–2100).",
            examples=[2021],
        ),
    ]
    end: Annotated[
        StrictInt,
        Field(
            ge=MIN_YEAR,
            le=MAX_YEAR,
            description="Last year of the plan period (1900–2100).",
            examples=[2026],
        ),
    ]
    base_year: Annotated[
        StrictInt,
        Field(
            ge=MIN_YEAR,
            le=MAX_YEAR,
            description="Baseline year of the plan: progress towards its targets is measured "
            "from the "
            "value of that year (1900–2100).",
            examples=[2020],
        ),
    ]
    name_id: Annotated[Text | None, _text("Name in Indonesian.")] = None
    region: Annotated[
        Text | None,
        _text("Code of the region whose plan it is (leave out for a national plan).", "3524"),
    ] = None
    source: Annotated[Text | None, _text("Where the plan was published: a URL or a citation.")] = (
        None
    )
    note: Annotated[Text | None, _text("Anything a reader should know about the plan.")] = None


#: A year in a list of years (a gap's years).
GapYear = Annotated[StrictInt, Field(ge=MIN_YEAR, le=MAX_YEAR)]


@dataclass(slots=True, frozen=True)
class Gap:
    """Years of a series whose figure is known to be missing, and why: a recorded gap is data,
    not a problem (`povtrack validate` warns only about gaps nobody recorded)."""

    __pydantic_config__ = _config("Gap")

    indicator: Annotated[Text, Field(description="Id of a defined indicator.", examples=["p0"])]
    region: Annotated[Text, Field(description="Code of a defined region.", examples=["3505"])]
    years: Annotated[
        list[GapYear],
        Field(
            min_length=1,
            description="The years without a figure (1900–2100 each).",
            examples=[[2017, 2018]],
        ),
    ]
    reason: Annotated[
        GapReason,
        Field(
            description="Why: not_published (BPS did not publish it), not_found (published "
            "but not found in a citable source), methodology_break (not comparable)."
        ),
    ]
    month: Annotated[
        Annotated[StrictInt, Field(ge=1, le=12)] | None,
        Field(
            description="Month of the series, as in its records (leave out for annual).",
            examples=[3],
        ),
    ] = None
    breakdown: Annotated[
        Breakdown | None,
        Field(description="Breakdown of the series, as in its records (leave out for the total)."),
    ] = None
    source: Annotated[Text | None, _text("Where the absence was checked: a URL or a citation.")] = (
        None
    )
    note: Annotated[Text | None, _text("Anything a reader should know about the gap.")] = None


@dataclass(slots=True)
class Document:
    """A data file: indicators, regions, and records of figures and targets."""

    __pydantic_config__ = _config("povtrack data file")

    indicators: Annotated[
        list[Indicator], Field(description="What is measured: one object per indicator.")
    ]
    regions: Annotated[list[Region], Field(description="Where: one object per region.")]
    records: Annotated[
        list[Record],
        Field(
            description="The figures and targets: one object per indicator, region, year, "
            "month and breakdown."
        ),
    ]
    plans: Annotated[
        list[Plan],
        Field(description="The plans whose targets records carry (optional)."),
    ] = dataclasses.field(default_factory=_no_items)
    gaps: Annotated[
        list[Gap],
        Field(description="Figures known to be missing, and why (optional)."),
    ] = dataclasses.field(default_factory=_no_items)
    schema: Annotated[
        StrictStr | None,
        Field(
            alias="$schema",
            description="The JSON Schema of the file (optional), such as "
            "../schema/povtrack.schema.json.",
        ),
    ] = None
    description: Annotated[
        StrictStr | None, Field(description="What the file holds (optional).")
    ] = None


@functools.cache
def document_model() -> TypeAdapter[Document]:
    """The validator (and JSON Schema) of a whole data file, built from the models above on
    first use (building it takes some milliseconds that commands which read no file skip)."""
    return TypeAdapter(Document)


#: JSON names that differ from the attribute's.
_ALIASES: Final = {"schema": "$schema"}


def _fields(model: type[Any], required: bool = False) -> tuple[str, ...]:
    """The JSON names of a model's fields in model order (only the required ones)."""
    return tuple(
        _ALIASES.get(f.name, f.name)
        for f in dataclasses.fields(model)
        if not required
        or (f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    )


_KINDS: Final[dict[str, type[Any]]] = {
    "document": Document,
    "indicator": Indicator,
    "region": Region,
    "record": Record,
    "plan": Plan,
    "gap": Gap,
}
#: The JSON fields of each kind of object, and which are required (derived from the models).
FIELDS: Final[dict[str, tuple[str, ...]]] = {k: _fields(m) for k, m in _KINDS.items()}
REQUIRED: Final[dict[str, tuple[str, ...]]] = {k: _fields(m, True) for k, m in _KINDS.items()}
RECORD_FIELDS: Final = FIELDS["record"]

SeriesKey = tuple[str, str, int | None, tuple[tuple[str, str], ...]]
RecordKey = tuple[str, str, int, int | None, tuple[tuple[str, str], ...]]


def breakdown_key(breakdown: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    """A hashable, order-independent form of a breakdown (`()` for the total)."""
    if not breakdown:
        return ()
    return tuple(sorted(breakdown.items()))


def series_key(record: Record) -> SeriesKey:
    return (record.indicator, record.region, record.month, breakdown_key(record.breakdown))


def record_key(record: Record) -> RecordKey:
    return (
        record.indicator,
        record.region,
        record.year,
        record.month,
        breakdown_key(record.breakdown),
    )


#: A dimension or category written as it is: no separator, quote or backslash, no space at
#: either end. Anything else is written as a JSON string, so that `{"a=b": "c"}` (`"a=b"=c`) and
#: `{"a": "b=c"}` (`a="b=c"`) never read the same.
_PLAIN_PART: Final = re.compile(r'[^=,;"\\\s](?:[^=,;"\\]*[^=,;"\\\s])?')


def _part(text: str) -> str:
    if _PLAIN_PART.fullmatch(text):
        return text
    import json  # only here: not imported at start-up (1.6 ms)

    return json.dumps(text, ensure_ascii=False)


def format_breakdown(breakdown: dict[str, str] | None, sep: str = ", ") -> str:
    """`area=urban, sex=female` (`sep` between the pairs: `;` in CSV), or `` for the total. A
    dimension or category with `=`, `,`, `;`, a quote, a backslash or an outer space is quoted
    as a JSON string."""
    return sep.join(f"{_part(k)}={_part(v)}" for k, v in breakdown_key(breakdown))


def shown_int(number: int) -> str:
    """A whole number for a message: its digits, or `~10^N` for one too long to write out
    (Python refuses to turn an int of more than 4,300 digits into text, and a hostile file can
    hold one as a year, a month or decimals)."""
    if number.bit_length() < 10_000:  # about 3,000 digits
        return str(number)
    sign = "-" if number < 0 else ""
    return f"{sign}~10^{int((abs(number).bit_length() - 1) * math.log10(2))}"


def identity(record: Record) -> str:
    """How a record is named in messages: `p0 / 3524 / 2023`, `p0 / 35 / 2022-09 / area=urban`."""
    year = shown_int(record.year)
    month = "" if record.month is None else shown_int(record.month).rjust(2, "0")
    when = year if record.month is None else f"{year}-{month}"
    parts = [record.indicator, record.region, when]
    if record.breakdown:
        parts.append(format_breakdown(record.breakdown))
    return " / ".join(parts)


class Dataset(msgspec.Struct, frozen=True):
    """A validated data file: lookups by id and code, and the records in file order."""

    path: str
    indicators: dict[str, Indicator]
    regions: dict[str, Region]
    records: list[Record]
    #: the records of each series (indicator, region, month, breakdown), sorted by year
    series: dict[SeriesKey, list[Record]]
    #: the plans, by id
    plans: dict[str, Plan] = {}
    #: the recorded gaps, in file order
    gaps: list[Gap] = []


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    """Which records a command looks at. Empty tuples mean all."""

    indicators: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None

    def series(self, record: Record | Gap) -> bool:
        return (not self.indicators or record.indicator in self.indicators) and (
            not self.regions or record.region in self.regions
        )

    def year(self, year: int) -> bool:
        return (self.year_from is None or year >= self.year_from) and (
            self.year_to is None or year <= self.year_to
        )
