"""The gettext catalog: every message in the code has its Indonesian, with the same
{placeholders}; the shipped .mo is the compiled .po; the messages are found the way
`pybabel extract -F babel.cfg` finds them (Babel's public API, as the maintainers' commands)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import povtrack
from povtrack import i18n

ROOT = Path(__file__).parents[1]
PACKAGE = Path(povtrack.__file__).parent
MESSAGES = PACKAGE / "locale" / "id" / "LC_MESSAGES"
#: The functions that mark messages (babel.cfg's keywords).
KEYWORDS = ("t", "tn", "N_", "NP_")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def read_catalog() -> Catalog:
    with (MESSAGES / "povtrack.po").open("rb") as f:
        return read_po(f, locale="id", domain="povtrack")


def extracted() -> dict[tuple[str | None, str | tuple[str, ...]], str]:
    """(context, msgid) -> where, for every message that the code marks."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)  # type: ignore[no-untyped-call]
    found: dict[tuple[str | None, str | tuple[str, ...]], str] = {}
    for filename, lineno, message, _, context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        found.setdefault((context, message), f"{filename}:{lineno}")
    return found


def test_every_message_in_the_code_has_indonesian() -> None:
    catalog = read_catalog()
    found = extracted()
    assert len(found) > 500  # the extraction sees the code's messages
    missing = []
    for (context, msgid), where in found.items():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalog.get(key, context=context)
        if message is None or not all(
            message.string if isinstance(message.string, tuple) else (message.string,)
        ):
            missing.append(f"{where}: {msgid!r}")
        elif message.fuzzy:
            missing.append(f"{where}: fuzzy {msgid!r}")
    assert missing == []
    # and the .po has nothing that the code no longer says
    stale = [m.id for m in catalog if m.id and (m.context, m.id) not in found]
    assert stale == []


def test_no_singular_message_is_also_a_plural() -> None:
    """gettext keeps one entry per (context, msgid): "1 error" said alone would be looked up
    as the plural "1 error"/"{n} errors" and stay English."""
    found = extracted()
    singular = {(c, m) for c, m in found if isinstance(m, str)}
    plural = {(c, m[0]) for c, m in found if not isinstance(m, str)}
    assert singular & plural == set()


def test_no_message_inside_an_f_string() -> None:
    """Babel on Python 3.11 does not look inside an f-string's {}: a message written there
    would be missing from the catalog (so it is a module constant, marked N_())."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and getattr(call.func, "id", getattr(call.func, "attr", "")) in KEYWORDS
                    and any(isinstance(a, ast.Constant) for a in call.args)
                ):
                    found.append(f"{path.relative_to(PACKAGE)}:{call.lineno}")
    assert found == []


def _pairs(message: Message) -> list[tuple[str, str]]:
    ids = [str(x) for x in message.id] if isinstance(message.id, tuple | list) else [message.id]
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return [(ids[-1], str(s)) for s in strings]  # Indonesian has one plural form: the plural's


def test_placeholders_match_and_every_template_fills_in() -> None:
    catalog = read_catalog()
    for message in catalog:
        if not message.id:
            continue
        for english, indonesian in _pairs(message):
            assert placeholders(indonesian) == placeholders(english), message.id
            params = {"n": 1, **dict.fromkeys(placeholders(english), "x")}
            # Typer's own words (cli.app.TYPER_WORDS) have positional fields: `[default: {}]`
            positional = ["x"] * sum(
                1 for _, name, _, _ in string.Formatter().parse(english) if name == ""
            )
            assert positional == ["x"] * sum(
                1 for _, name, _, _ in string.Formatter().parse(indonesian) if name == ""
            ), message.id
            english.format(*positional, **params)
            indonesian.format(*positional, **params)
            if placeholders(english):
                assert "python-brace-format" in message.flags, message.id


def test_the_mo_is_the_compiled_po() -> None:
    """Run `pybabel compile -d src/povtrack/locale -D povtrack` when this fails."""

    def entries(catalog: Catalog) -> dict[object, object]:
        def hashable(x: object) -> object:
            return tuple(x) if isinstance(x, list | tuple) else x

        return {(m.context, hashable(m.id)): hashable(m.string) for m in catalog if m.id}

    with (MESSAGES / "povtrack.mo").open("rb") as f:
        mo = read_mo(f)
    assert entries(mo) == entries(read_catalog())


def test_gettext_reads_the_shipped_catalog() -> None:
    """The runtime uses the standard library's gettext on the package's own .mo."""
    assert Path(i18n.LOCALEDIR) == PACKAGE / "locale"
    catalog = i18n.translations("id")
    assert catalog.gettext("Year") == "Tahun"
    assert catalog.pgettext("report", "No records match the filters.") == (
        "Tidak ada data yang cocok dengan filter."
    )
    assert i18n.translations("en").gettext("Year") == "Year"


def test_plurals_and_contexts() -> None:
    i18n.set_lang("id")
    try:
        assert i18n.tn("1 error", "{n} errors", 1) == "1 galat"
        assert i18n.tn("1 error", "{n} errors", 3) == "3 galat"
        # one English word, two Indonesian ones: told apart by their gettext context
        assert i18n.t(i18n.NP_("check.md", "Series")) == "Seri"
        assert i18n.t(i18n.NP_("html", "Series")) == "Deret"
    finally:
        i18n.set_lang("en")
    assert i18n.tn("1 error", "{n} errors", 1) == "1 error"
    assert i18n.tn("1 error", "{n} errors", 0) == "0 errors"
    assert i18n.t(i18n.NP_("html", "Series")) == "Series"


def glossary() -> list[tuple[str, str, list[str]]]:
    """(English, Indonesian, rejected variants) of the glossary in docs/languages.md."""
    text = (ROOT / "docs" / "languages.md").read_text(encoding="utf-8")
    table = text.split("## Glossary", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("English", "") or set(cells[0]) <= {"-"}:
            continue
        english = re.sub(r"\s*\(.*\)$", "", cells[0])
        rejected = [word.strip() for word in cells[2].split(",") if word.strip()]
        rows.append((english, cells[1], rejected))
    return rows


def test_the_glossary_is_read() -> None:
    terms = {english: indonesian for english, indonesian, _ in glossary()}
    assert terms["linear"] == "linier"
    assert terms["vs"] == "dibanding"
    assert len(terms) >= 15


def test_one_translation_per_glossary_term() -> None:
    """A message that is a glossary term is translated as the glossary says (any context), and
    no translation uses a rejected variant (placeholders and --options aside)."""
    catalog = read_catalog()
    terms = glossary()
    for message in catalog:
        if not message.id:
            continue
        for english, indonesian in _pairs(message):
            for term, wanted, _ in terms:
                if english.strip().lower() == term.lower():
                    assert indonesian.strip().lower() == wanted.lower(), (message.context, english)
            words = re.sub(
                r"\{[^}]*\}|--[\w-]+|`[^`]*`|'[^']*'|\"[^\"]*\"", " ", indonesian
            ).lower()
            for _, _, rejected in terms:
                for variant in rejected:
                    assert not re.search(
                        rf"(?<![\w-]){re.escape(variant.lower())}(?![\w-])", words
                    ), (
                        variant,
                        english,
                        indonesian,
                    )
