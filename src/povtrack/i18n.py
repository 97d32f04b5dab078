"""Languages: English and Bahasa Indonesia, with gettext.

Every piece of text that povtrack shows a person goes through `t(message, **params)`: the
message is its English text, written in the code (`t("No records match the filters.")`), and
gettext finds its translation in the compiled catalog of the current language,
`povtrack/locale/id/LC_MESSAGES/povtrack.mo` (English needs no catalog). `{placeholders}` are
filled in with `str.format` after the translation (a template writes a literal brace as `{{`).
Plurals go through `tn(singular, plural, n, **params)` (gettext's `ngettext`; `{n}` is the
count). Where one English text needs two translations, the message carries a gettext context:
`t(NP_("html", "Series"))`. A message chosen at run time is marked where it is
written, `N_("on track")` (or `NP_(context, text)`), so that `pybabel extract` finds it; `t()`
translates it when it is shown.

Machine formats (JSON keys, status codes, the default CSV) never change with the language.

Only the standard library's `gettext` is used at run time: Babel (the catalog tools) is used by
the maintainers and the tests, never imported when the CLI starts (a test checks). The .mo is
committed beside the .po and shipped in the wheel as package data, so that a wheel and an
editable install both work with no build step; tests/test_catalog.py fails when the .mo is not
the compiled .po, when a message in the code has no Indonesian, or when their {placeholders}
differ.

Changing or adding a message (from the repository root; keywords and files are in babel.cfg):

    pybabel extract -F babel.cfg --no-location --sort-output -o povtrack.pot .
    pybabel update -i povtrack.pot -d src/povtrack/locale -D povtrack -l id -w 100 \\
        --ignore-obsolete --ignore-pot-creation-date --no-fuzzy-matching
    # translate the new, empty or fuzzy entries of src/povtrack/locale/id/LC_MESSAGES/povtrack.po
    pybabel compile -d src/povtrack/locale -D povtrack
    rm povtrack.pot

On an unchanged tree these commands give back the committed .po and .mo byte for byte (no
source locations, sorted by msgid: fewer merge conflicts). `pybabel compile` reports two
"placeholders are incompatible" errors and exits 1: Babel reads the `% s` of "% sign" as a
%-format placeholder, but povtrack's messages are `str.format` templates (whose {placeholders}
tests/test_catalog.py checks); the .mo is written all the same. `--no-fuzzy-matching`: Babel's
guesses for a new message are often wrong (it once proposed " dan " for "plan id").

Numbers for people go through `number()` (and `percent()`, `rupiah()`): the language's decimal
and group separators from the Unicode CLDR data (Babel), with exactly the digits of the Decimal
(`12.50` stays `12,50`, never rounded again). Babel is imported on the first such call, never
when the CLI starts.
"""

from __future__ import annotations

import gettext
import os
import re
import string
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, Protocol, get_args

if TYPE_CHECKING:
    from babel.core import Locale
    from babel.numbers import NumberPattern

Lang = Literal["en", "id"]
LANGS: Final[tuple[Lang, ...]] = get_args(Lang)
ENV_VAR: Final = "POVTRACK_LANG"
#: The locale variables that choose the language of messages, in POSIX order of precedence.
LOCALE_VARS: Final = ("LC_ALL", "LC_MESSAGES", "LANG")

#: The gettext domain: the catalogs are locale/<lang>/LC_MESSAGES/povtrack.mo.
DOMAIN: Final = "povtrack"
#: Where the compiled catalogs are, inside the package.
LOCALEDIR: Final = str(Path(__file__).with_name("locale"))
#: What separates a context from its message in `NP_()` (as in a .mo file).
CONTEXT_SEP: Final = "\x04"

_current: list[Lang] = ["en"]


@lru_cache(maxsize=len(LANGS))
def translations(lang: Lang) -> gettext.NullTranslations:
    """The catalog of `lang`, read once (gettext's own fallback: the English msgids)."""
    return gettext.translation(DOMAIN, localedir=LOCALEDIR, languages=[lang], fallback=True)


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


def N_(message: str) -> str:
    """Mark a message for `pybabel extract` where it is written; `t()` translates it later."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark a message with a context (`msgctxt`) for when one English text has two
    translations; `t()` translates it with `pgettext`."""
    return f"{context}{CONTEXT_SEP}{message}"


def translated(message: str, lang: Lang) -> str:
    """`message` (its English text, or `NP_(context, text)`) in `lang`, as it is (no
    placeholder filled in)."""
    catalog = translations(lang)
    if CONTEXT_SEP in message:
        context, _, msgid = message.partition(CONTEXT_SEP)
        return catalog.pgettext(context, msgid)
    return catalog.gettext(message)


def t(message: str, /, **params: object) -> str:
    """`message` (its English text, or `NP_(context, text)`) in the current language, with its
    {placeholders} filled in (a template writes a literal brace as `{{` or `}}`)."""
    return translated(message, _current[0]).format(**params)


def tn(singular: str, plural: str, count: int, /, **params: object) -> str:
    """`singular` when `count` is 1, else `plural`, by the current language's rules
    (`ngettext`); `{n}` is the count."""
    return translations(_current[0]).ngettext(singular, plural, count).format(n=count, **params)


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
        return t("{number} thousand", number=number(value))
    if unit == "million_people":
        return t("{number} million", number=number(value))
    return number(value)


def difference(value: Decimal, unit: str) -> str:
    """A difference in the indicator's unit: percentage points for a percentage
    (`0.75 points` / `0,75 poin`)."""
    if unit == "percent":
        points = N_("{number} point") if value == 1 else N_("{number} points")
        return t(points, number=number(value))
    return amount(value, unit)
