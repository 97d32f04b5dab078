"""The Indonesian names of a result's indicators and regions, kept beside the result.

A command's result (and its JSON) names indicators and regions in English, as the data does;
the tables, Markdown and sentences show their Indonesian names (`name_id`) with `--lang id`
when the data gives them. Those names are not part of the result (its JSON shape is a stable
interface), so the core hands them to the renderers explicitly: `Shown(result, names)`, where
`names` is an `IndonesianNames` lookup built from the dataset.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

import msgspec

from povtrack import i18n
from povtrack.model.records import Dataset

R = TypeVar("R")


class IndonesianNames(msgspec.Struct, frozen=True, kw_only=True):
    """The Indonesian names (`name_id`) of indicators (by id) and regions (by code), for those
    the data gives one. Empty: show the English names."""

    indicators: dict[str, str] = {}
    regions: dict[str, str] = {}

    def indicator(self, indicator: str, english: str, lang: i18n.Lang | None = None) -> str:
        """The name to show of `indicator`, whose English name is `english`, in `lang`
        (default: the current language)."""
        if (lang or i18n.get_lang()) == "id":
            return self.indicators.get(indicator, english)
        return english

    def region(self, code: str, english: str, lang: i18n.Lang | None = None) -> str:
        """The name to show of the region `code`, whose English name is `english`."""
        if (lang or i18n.get_lang()) == "id":
            return self.regions.get(code, english)
        return english


#: No Indonesian names: everything is shown by its English name.
ENGLISH_ONLY = IndonesianNames()


def indonesian_names(
    dataset: Dataset, indicators: Iterable[str] = (), regions: Iterable[str] = ()
) -> IndonesianNames:
    """The Indonesian names that the data gives of these indicators and regions."""
    return IndonesianNames(
        indicators={
            ind: name
            for ind in indicators
            if ind in dataset.indicators and (name := dataset.indicators[ind].name_id)
        },
        regions={
            code: name
            for code in regions
            if code in dataset.regions and (name := dataset.regions[code].name_id)
        },
    )


class Shown(msgspec.Struct, Generic[R], frozen=True):
    """A result and the Indonesian names of what it names: what the renderers of `rank` and
    `sources` take (JSON and CSV write `result` alone, the tables and Markdown use `names`)."""

    result: R
    names: IndonesianNames = ENGLISH_ONLY
