"""The Python API: povtrack's commands as functions, for notebooks and scripts.

```python
import povtrack

data = povtrack.load("data/indicators.json")      # or povtrack.load() for the bundled data
report = povtrack.report(data, indicator="p0", region="3524", year_from=2019)
report.to_pandas()                                 # exact decimals (see docs/api.md)
povtrack.progress(data, region="3524").to_polars()
povtrack.rank(data, indicator="p0", year=2023, parent="35").rows[0]
povtrack.check("data/indicators.json", fail_on="missed,regressed", as_of=2026).passed
```

Each function takes the data as a `Dataset` (from `load`), a path, or None for the bundled
data, and keyword arguments named after the options of its command (`--indicator` is
`indicator`, `--from` is `year_from`, ...). It returns the object whose JSON the command's
`--format json` prints (`Report`, `ProgressResult`, `Ranking`, `CheckResult`), with
`to_pandas()` and `to_polars()`. Errors are exceptions: `InputError` (a file that cannot be
read), `DataError` (invalid data; `.report` lists the problems) and `ValueError` (an option
that names nothing in the data, or a bad value).

This module is imported lazily by `povtrack/__init__.py` (`povtrack.report` imports it on first
use), so that `import povtrack` and the command line stay fast. Messages are in the current
language of `povtrack.i18n` (English unless changed).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from typing import TypeAlias

from povtrack.core import gate
from povtrack.core.gate import CheckResult, FailOn
from povtrack.core.progress import ProgressResult, assess_dataset
from povtrack.core.progress_math import Method
from povtrack.core.ranking import Ranking, build_ranking
from povtrack.core.report import Formula, Report, build_report
from povtrack.io import loader
from povtrack.io.errors import DataError, InputError
from povtrack.model.records import Dataset, Filters

__all__ = [
    "CheckResult",
    "DataError",
    "Dataset",
    "InputError",
    "ProgressResult",
    "Ranking",
    "Report",
    "check",
    "load",
    "progress",
    "rank",
    "report",
]

PathLike: TypeAlias = "str | os.PathLike[str]"
#: What every function accepts as its data: a loaded Dataset, a path, or None (bundled data).
Data: TypeAlias = "Dataset | str | os.PathLike[str] | None"
#: One id or code, or several.
Names: TypeAlias = "str | Iterable[str] | None"


def _path(path: PathLike | None) -> str:
    if path is None:
        return str(loader.bundled_path())
    text = os.fspath(path)
    if not isinstance(text, str):  # a bytes path: povtrack's messages need text
        raise TypeError(f"path must be str or os.PathLike[str], not {type(path).__name__}")
    return text


def load(path: PathLike | None = None) -> Dataset:
    """Read and validate a data file; return its indicators, regions and records.

    `path` is a `.json` data file (str or `pathlib.Path`); None reads the data bundled with
    povtrack (East Java, Lamongan and Indonesia), whatever $POVTRACK_DATA or the current folder
    hold (the command line looks at those; a script says which file it means). Numbers are
    exact `Decimal`s made from the file's text: `4.90` stays `Decimal("4.90")`. Validation
    warnings do not stop loading (`povtrack validate` lists them).

    Raises `InputError` when the file cannot be read (missing, a folder, no permission) and
    `DataError` when the data is invalid (`exc.report.problems` lists each problem with its
    line and column).

    >>> import povtrack
    >>> data = povtrack.load()
    >>> data.indicators["p0"].unit
    'percent'
    >>> [r.value for r in data.series[("p0", "3524", None, ())] if r.year == 2023]
    [Decimal('12.42')]
    """
    dataset, _ = loader.load(_path(path))
    return dataset


def _dataset(data: Data) -> Dataset:
    return data if isinstance(data, Dataset) else load(data)


def _names(value: Names) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _filters(
    dataset: Dataset,
    indicator: Names,
    region: Names,
    year_from: int | None = None,
    year_to: int | None = None,
) -> Filters:
    """Filters, after checking that each named indicator and region exists (as the CLI does)."""
    indicators, regions = _names(indicator), _names(region)
    for ind in indicators:
        if ind not in dataset.indicators:
            known = ", ".join(dataset.indicators) or "none"
            raise ValueError(f"indicator {ind!r}: not in {dataset.path} (known: {known})")
    for reg in regions:
        if reg not in dataset.regions:
            known = ", ".join(dataset.regions) or "none"
            raise ValueError(f"region {reg!r}: not in {dataset.path} (known: {known})")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise ValueError(f"year_from {year_from} is after year_to {year_to}")
    return Filters(indicators=indicators, regions=regions, year_from=year_from, year_to=year_to)


def report(
    data: Data = None,
    *,
    indicator: Names = None,
    region: Names = None,
    year_from: int | None = None,
    year_to: int | None = None,
    achievement: Formula = "linear",
    bands: bool = False,
) -> Report:
    """`povtrack report`: each year of each series, its change and its margin against the
    target, computed exactly.

    `indicator` and `region` select series (an id or code, or a list; default all),
    `year_from`/`year_to` the years shown (`--from`/`--to`; a change still compares with the
    latest earlier value). `achievement` is the formula for lower-is-better indicators:
    `"linear"` (2T-R)/T x 100 or `"ratio"` T/R x 100. `bands` adds each row's achievement band.
    Raises ValueError for an indicator or region that is not in the data.

    >>> import povtrack
    >>> rep = povtrack.report(indicator="p0", region="3524", year_from=2023, year_to=2023)
    >>> row = rep.rows[0]
    >>> row.value, row.previous_value, row.change, row.status
    (Decimal('12.42'), Decimal('12.53'), Decimal('-0.11'), 'met')
    >>> rep.to_pandas().loc[0, ["value", "change"]].tolist()  # needs the pandas extra
    [Decimal('12.42'), Decimal('-0.11')]
    """
    dataset = _dataset(data)
    chosen = _filters(dataset, indicator, region, year_from, year_to)
    if achievement not in ("linear", "ratio"):
        raise ValueError(f"achievement {achievement!r}: expected 'linear' or 'ratio'")
    return build_report(dataset, chosen, achievement, bands=bands)


def progress(
    data: Data = None,
    *,
    indicator: Names = None,
    region: Names = None,
    method: Method = "unsd",
    base_year: int | None = None,
    target_year: int | None = None,
    explain: bool = False,
) -> ProgressResult:
    """`povtrack progress`: will each series reach its next target at the current pace?

    `method` is `"unsd"` (UN SDG Progress Chart) or `"opensdg"`; `base_year` overrides the
    base year of every series (by default the base year of the plan that set the assessed
    target, else the first year from 2015 on with a value; `row.base_year_source` says which);
    `target_year` assesses against that year's target instead of
    the next one (`UnknownTargetYear`, a ValueError, when no selected series has one);
    `explain` adds each row's steps (formulas and unrounded values). Rows of series that cannot
    be assessed have status `cannot_assess` and a reason.

    >>> import povtrack
    >>> [row] = povtrack.progress(indicator="p0", region="3524").rows
    >>> row.target_year, row.status, row.ratio
    (2026, 'on_track', Decimal('1.07'))
    """
    dataset = _dataset(data)
    chosen = _filters(dataset, indicator, region)
    return assess_dataset(
        dataset,
        chosen,
        method=method,
        base_year=base_year,
        target_year=target_year,
        explain=explain,
    )


def rank(
    data: Data = None,
    *,
    indicator: str,
    year: int,
    month: int | None = None,
    parent: str | None = None,
    highlight: str | Iterable[str] = (),
) -> Ranking:
    """`povtrack rank`: the regions ordered by one indicator's value in one year, highest
    first (worst first for lower-is-better indicators); ties share a rank.

    `month` picks the period when a year has several (3 March, 9 September); `parent` ranks
    only the regions under that code; `highlight` says where these regions stand. Raises
    `RankError` (a ValueError) for an unknown indicator, parent or region, or a year without
    values.

    >>> import povtrack
    >>> ranking = povtrack.rank(indicator="p0", year=2023, parent="35", highlight="3524")
    >>> ranking.order, ranking.highlight[0].region
    ('worst_first', '3524')
    """
    dataset = _dataset(data)
    marks = _names(highlight)
    return build_ranking(dataset, indicator, year, month=month, parent=parent, highlight=marks)


def check(
    data: Data = None,
    *,
    indicator: Names = None,
    region: Names = None,
    fail_on: str | Iterable[FailOn] = ("missed",),
    year: int | None = None,
    as_of: int | None = None,
    max_age: int = gate.DEFAULT_MAX_AGE,
    method: Method = "unsd",
    base_year: int | None = None,
) -> CheckResult:
    """`povtrack check`: the CI gate. `result.passed` is False when the data is invalid or a
    finding named by `fail_on` was found; the other findings are warnings.

    `fail_on` lists the checks that fail (`"missed"`, `"regressed"`, `"stale"`,
    `"off-track"`), as a list or as the command's comma text (`"missed,stale"`, `"none"`).
    `year` judges that year's result instead of the latest; `as_of` is the year that `stale`
    counts from (default: this year), `max_age` the years a latest value may be older.
    `method` and `base_year` are off-track's, as `progress`'s (default base year: the base year
    of the plan that set the assessed target, else the first year from 2015 on with a value).

    Given a path (or None), the file is read once: invalid data gives a failing result whose
    `problems` list the validation problems (as the command), and each finding has the line
    and column of its record in those same bytes. Given a Dataset, which keeps no positions,
    findings have no line and column.

    >>> import povtrack
    >>> result = povtrack.check(region="3524", fail_on="missed,regressed", as_of=2025)
    >>> result.valid, result.passed, [f.code for f in result.findings if f.severity == "error"]
    (True, False, ['regressed'])
    """
    codes = gate.parse_fail_on(fail_on) if isinstance(fail_on, str) else _fail_on(fail_on)
    policy = gate.Policy(
        fail_on=codes,
        as_of=datetime.date.today().year if as_of is None else as_of,
        max_age=max_age,
        year=year,
        method=method,
        base_year=base_year,
    )
    locate: gate.Locate | None = None
    if isinstance(data, Dataset):
        dataset = data
    else:
        path = _path(data)
        raw = loader.read_bytes(path)
        valid, problems = loader.validate_bytes(raw, path, locate_warnings=False)
        if valid is None:
            return gate.invalid(problems, policy)
        dataset, locate = valid, gate.locator(raw)
    chosen = _filters(dataset, indicator, region)
    return gate.evaluate(dataset, policy, chosen, locate=locate)


def _fail_on(codes: Iterable[str]) -> tuple[FailOn, ...]:
    """The codes in canonical order, each checked (ValueError for an unknown one)."""
    chosen = set(codes)
    for code in chosen:
        if code not in gate.FAIL_ON:
            raise ValueError(f"fail_on: unknown check {code!r}; choose from {gate.FAIL_ON}")
    return tuple(code for code in gate.FAIL_ON if code in chosen)
