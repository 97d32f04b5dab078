"""Languages: English and Bahasa Indonesia.

Every piece of text that povtrack shows a person goes through `t(key, **params)`. Each module
registers its own messages, in both languages, with `register({...})`, keys prefixed with the
module's name; a test imports every module and fails when a message lacks a language, when the
two disagree on their {placeholders}, or when a `t("...")` in the source names no message.
Machine formats (JSON keys, status codes, the default CSV) never change with the language.

Numbers for people go through `number()` (and `percent()`, `rupiah()`): the language's decimal
and group separators from the Unicode CLDR data (Babel), with exactly the digits of the Decimal
(`12.50` stays `12,50`, never rounded again). Babel is imported on the first such call, never
when the CLI starts.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Final, Literal, Protocol, get_args

if TYPE_CHECKING:
    from babel.core import Locale
    from babel.numbers import NumberPattern

Lang = Literal["en", "id"]
LANGS: Final[tuple[Lang, ...]] = get_args(Lang)
ENV_VAR: Final = "POVTRACK_LANG"
#: The locale variables that choose the language of messages, in POSIX order of precedence.
LOCALE_VARS: Final = ("LC_ALL", "LC_MESSAGES", "LANG")

#: key -> {"en": template, "id": template}
CATALOG: dict[str, dict[Lang, str]] = {}

_current: list[Lang] = ["en"]


def register(messages: Mapping[str, tuple[str, str]]) -> None:
    """Add messages: key -> (English, Indonesian). A key may be registered only once."""
    for key, (en, id_) in messages.items():
        if key in CATALOG and CATALOG[key] != {"en": en, "id": id_}:
            raise ValueError(f"message {key!r} is registered twice with different text")
        CATALOG[key] = {"en": en, "id": id_}


def set_lang(lang: Lang) -> None:
    _current[0] = lang


def get_lang() -> Lang:
    return _current[0]


# `id`, `id_ID`, `id_ID.UTF-8`, `id@euro`: Indonesian. `ind`, `idx`: not.
_LOCALE_LANG: Final = re.compile(r"^([a-z]{2,3})(?:[_.@-]|$)")


def parse_lang(value: str) -> Lang | None:
    """`en`, `id`, or a locale name of either (`id_ID.UTF-8`); None for anything else."""
    match = _LOCALE_LANG.match(value.strip().lower())
    if match and match.group(1) in LANGS:
        lang: Lang = "id" if match.group(1) == "id" else "en"
        return lang
    return None


def detect(environ: Mapping[str, str] | None = None) -> Lang:
    """$POVTRACK_LANG (en, id or a locale name such as id_ID.UTF-8), else the first of LC_ALL,
    LC_MESSAGES, LANG that is set and not empty (as POSIX does): Indonesian when it names the
    language `id`, else English (`C`, `POSIX`, `en_US.UTF-8`, `fr_FR`...).

    Raises ValueError when $POVTRACK_LANG is set to something else: a typo there must not
    silently give another language."""
    env = os.environ if environ is None else environ
    chosen = env.get(ENV_VAR, "").strip()
    if chosen:
        lang = parse_lang(chosen)
        if lang is None:
            raise ValueError(chosen)
        return lang
    for name in LOCALE_VARS:
        value = env.get(name)
        if value:
            return "id" if parse_lang(value) == "id" else "en"
    return "en"


def t(key: str, /, **params: object) -> str:
    """The message `key` in the current language, with its {placeholders} filled in (a
    template writes a literal brace as `{{` or `}}`).

    An unknown key raises KeyError: a missing message is a bug that the tests catch, never
    English text in the middle of an Indonesian report."""
    return CATALOG[key][_current[0]].format(**params)


def tn(key: str, count: int, /, **params: object) -> str:
    """The message `key.one` when `count` is 1, else `key.other`; `{n}` is the count."""
    return t(f"{key}.one" if count == 1 else f"{key}.other", n=count, **params)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# -- names ------------------------------------------------------------------------------------


class Named(Protocol):
    """An indicator or a region: an English name and, optionally, an Indonesian one."""

    @property
    def name(self) -> str: ...

    @property
    def name_id(self) -> str | None: ...


def name(thing: Named, lang: Lang | None = None) -> str:
    """The name to show: `name_id` in Indonesian when the data gives one, else `name`."""
    if (lang or _current[0]) == "id" and thing.name_id:
        return thing.name_id
    return thing.name


# -- numbers for people -------------------------------------------------------------------------

#: The CLDR locale of each language.
LOCALES: Final[dict[Lang, str]] = {"en": "en", "id": "id"}


@lru_cache(maxsize=4)
def _locale(lang: Lang) -> Locale:
    from babel import Locale

    return Locale.parse(LOCALES[lang])


@lru_cache(maxsize=16)
def _pattern(decimals: int) -> NumberPattern:
    """`#,##0.00` for 2 decimals: grouping, and exactly that many fraction digits."""
    from babel.numbers import parse_pattern

    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


def number(value: Decimal | int, lang: Lang | None = None, *, sign: bool = False) -> str:
    """A number for people, in the language's format, with exactly its own digits.

    `Decimal("1234.56")` is `1,234.56` in English and `1.234,56` in Indonesian; `12.50` keeps
    its zero (`12,50`); nothing is rounded. With `sign`, a positive number gets a `+`
    (`+0,75`); zero never has a sign. The minus is always the ASCII hyphen-minus, so that a
    copied figure pastes into a spreadsheet as a number."""
    if isinstance(value, int):
        value = Decimal(value)
    if value.is_zero():
        value = abs(value)
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if (lang or _current[0]) == "en":
        # CLDR's English pattern (#,##0.###) is exactly Python's own "," format; importing
        # Babel and its locale data for it cost 40 ms of a report's start-up (measured). A test
        # keeps the two equal.
        text = f"{value:,.{decimals}f}"
    else:
        text = _pattern(decimals).apply(value, _locale(lang or _current[0]))
        text = text.replace("\u2212", "-")
    return f"+{text}" if sign and value > 0 else text


def percent(value: Decimal, lang: Lang | None = None, *, sign: bool = False) -> str:
    """`12.42 %` / `12,42 %` (a space before the sign, as Indonesian and SI style write it)."""
    return f"{number(value, lang, sign=sign)} %"


def rupiah(value: Decimal, lang: Lang | None = None) -> str:
    """`Rp543,475` / `Rp543.475`: the Rupiah sign in both languages (CLDR's English `IDR` is
    not what an Indonesian reader expects)."""
    if value < 0:
        return f"-Rp{number(-value, lang)}"
    return f"Rp{number(value, lang)}"


def amount(value: Decimal, unit: str) -> str:
    """A figure with its unit, for people, in the current language: `12.42 %`,
    `149.94 thousand`, `Rp543,475` (English); `12,42 %`, `149,94 ribu`, `Rp543.475`."""
    if unit == "percent":
        return percent(value)
    if unit == "rupiah":
        return rupiah(value)
    if unit == "thousand_people":
        return t("i18n.unit.thousand", number=number(value))
    if unit == "million_people":
        return t("i18n.unit.million", number=number(value))
    return number(value)


def difference(value: Decimal, unit: str) -> str:
    """A difference in the indicator's unit: percentage points for a percentage
    (`0.75 points` / `0,75 poin`)."""
    if unit == "percent":
        return t("i18n.points.one" if value == 1 else "i18n.points.other", number=number(value))
    return amount(value, unit)


register(
    {
        "i18n.unit.thousand": ("{number} thousand", "{number} ribu"),
        "i18n.unit.million": ("{number} million", "{number} juta"),
        "i18n.points.one": ("{number} point", "{number} poin"),
        "i18n.points.other": ("{number} points", "{number} poin"),
    }
)
