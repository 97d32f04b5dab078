"""Languages: English and Bahasa Indonesia.

Every piece of text that povtrack shows a person goes through `t(key, **params)`. Each module
registers its own messages, in both languages, with `register({...})`; a test imports every
module and fails when a message lacks a language or the two disagree on their {placeholders}.
Machine formats (JSON keys, status codes, the default CSV) never change with the language.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from typing import Final, Literal, get_args

Lang = Literal["en", "id"]
LANGS: Final[tuple[Lang, ...]] = get_args(Lang)
ENV_VAR: Final = "POVTRACK_LANG"

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


def detect(environ: Mapping[str, str] | None = None) -> Lang:
    """$POVTRACK_LANG, else the first of LC_ALL, LC_MESSAGES, LANG that is set (as POSIX does):
    Indonesian when it starts with `id`, else English."""
    env = os.environ if environ is None else environ
    chosen = env.get(ENV_VAR, "").strip().lower()
    if chosen in LANGS:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "id" if value.lower().startswith("id") else "en"
    return "en"


def t(key: str, /, **params: object) -> str:
    """The message `key` in the current language, with its {placeholders} filled in."""
    template = CATALOG[key][_current[0]]
    return template.format(**params) if params else template


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
