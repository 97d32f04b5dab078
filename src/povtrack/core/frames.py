"""The core's results as DataFrames: what `to_pandas()` and `to_polars()` of `Report`,
`ProgressResult`, `Ranking` and `CheckResult` return (the Python API, `povtrack.api`).

A frame has one row per row of the result (per finding for `check`) and one column per field
of that row type, named and ordered as in the JSON and CSV output (`ReportRow`'s fields, ...),
so that the column names are as stable as the JSON.

Exactness is the point of povtrack, so numbers never pass through a binary float:

- pandas: a decimal column has dtype `object` and holds the very `decimal.Decimal` objects of
  the result: `4.90` stays `Decimal("4.90")` (its written form too), `-0.11` never becomes
  `-0.10999999999999943`. pandas has no exact decimal dtype of its own (`float64` is binary;
  pyarrow's decimal would add a dependency), and `Decimal` objects keep arithmetic exact
  (`df["value"] - df["target"]` is computed by `Decimal.__sub__`). Whole numbers are the
  nullable `Int64`, yes/no the nullable `boolean`, text the nullable `string` (missing: NA).
- polars: a decimal column has polars' exact `Decimal` dtype, with the largest scale (number of
  decimals) of its values, so that no value is rounded. Values are exact; a column that mixes
  indicators with different decimals is padded to the largest (`543475` reads back as
  `Decimal("543475.00")` beside `4.90`: equal, only written with more zeros). Whole numbers are
  `Int64`, text `String`, yes/no `Boolean`; a breakdown (`{"area": "urban"}`) is a `Struct`.

The DataFrame libraries are optional extras (`pip install "povtrack[pandas]"`, `[polars]`),
imported only when a frame is asked for; without them a clear ImportError names the extra.
"""

from __future__ import annotations

import importlib
import types
import typing
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal, Union, cast, get_args, get_origin

import msgspec

if TYPE_CHECKING:
    import pandas
    import polars

Kind = Literal["int", "decimal", "bool", "str", "object"]

#: Which extra installs each DataFrame library.
EXTRAS: Final[dict[str, str]] = {"pandas": "pandas", "polars": "polars"}


def library(name: str) -> types.ModuleType:
    """Import `pandas` or `polars`, or raise an ImportError that says which extra to install."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        extra = EXTRAS[name]
        raise ImportError(
            f"to_{name}() needs {name}, which is not installed: "
            f'pip install "povtrack[{extra}]" (or pip install {name})'
        ) from exc


def _kind(hint: Any) -> Kind:
    """The column kind of a field's type (`int | None` is int, `Literal["met", ...]` str)."""
    origin = get_origin(hint)
    if origin is Union or origin is types.UnionType:
        kinds = {_kind(arg) for arg in get_args(hint) if arg is not type(None)}
        return kinds.pop() if len(kinds) == 1 else "object"
    if origin is Literal:
        return "str" if all(isinstance(v, str) for v in get_args(hint)) else "object"
    if hint is Decimal:
        return "decimal"
    if hint is bool:
        return "bool"
    if hint is int:
        return "int"
    if hint is str:
        return "str"
    return "object"


def columns(row_type: type[msgspec.Struct], fields: Sequence[str]) -> list[tuple[str, Kind]]:
    """Each column's name and kind, from the row type's field types."""
    hints = typing.get_type_hints(row_type)
    return [(name, _kind(hints[name])) for name in fields]


def _values(rows: Sequence[msgspec.Struct], name: str) -> list[Any]:
    return [getattr(row, name) for row in rows]


def to_pandas(
    rows: Sequence[msgspec.Struct], row_type: type[msgspec.Struct], fields: Sequence[str]
) -> pandas.DataFrame:
    """The rows as a pandas DataFrame (see the module's docstring for the dtypes)."""
    pd = library("pandas")
    dtypes: dict[Kind, str | None] = {
        "int": "Int64",
        "bool": "boolean",
        "decimal": "object",
        "object": "object",
        "str": "string",
    }
    data = {
        name: pd.Series(_values(rows, name), dtype=dtypes[kind], name=name)
        for name, kind in columns(row_type, fields)
    }
    return pd.DataFrame(data, columns=list(fields))


def scale(values: Sequence[Decimal | None]) -> int:
    """The most decimals any of the values has (0 for none): a polars Decimal scale that rounds
    none of them."""
    places = 0
    for value in values:
        if value is not None:
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > places:
                places = -exponent
    return places


def to_polars(
    rows: Sequence[msgspec.Struct], row_type: type[msgspec.Struct], fields: Sequence[str]
) -> polars.DataFrame:
    """The rows as a polars DataFrame (see the module's docstring for the dtypes)."""
    pl = library("polars")
    series = []
    for name, kind in columns(row_type, fields):
        values = _values(rows, name)
        dtype: Any
        if kind == "decimal":
            dtype = pl.Decimal(None, scale(values))
        elif kind == "int":
            dtype = pl.Int64
        elif kind == "bool":
            dtype = pl.Boolean
        elif kind == "str":
            dtype = pl.String
        else:
            dtype = None  # breakdowns: polars makes a Struct of the keys
        series.append(pl.Series(name, values, dtype=dtype))
    return cast("polars.DataFrame", pl.DataFrame(series))
