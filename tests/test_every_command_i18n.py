"""Every command in both languages, on the bundled data: the CSV of each command that offers
--csv-dialect reads back from excel-id into the default CSV's numbers, with headers in the
chosen language; the tables, Markdown and sentences of every command are Indonesian throughout
with --lang id (no English word of ours, decimal commas, the Indonesian names of the data); and
the machine formats do not change with the language."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import pytest

from povtrack import i18n
from povtrack.cli.app import app
from povtrack.render import BOM

from .conftest import run

DATA: Final = Path(__file__).parents[1] / "src" / "povtrack" / "data" / "indicators.json"

#: The arguments each command that writes CSV needs besides --data (rank needs an indicator and
#: a year). A command that gains --csv-dialect must be added here: a test checks the list.
CSV_COMMANDS: Final[dict[str, tuple[str, ...]]] = {
    "report": (),
    "rank": ("--indicator", "p0", "--year", "2022", "--parent", "35", "--highlight", "3524"),
    "sources": (),
    "progress": (),
    "coverage": (),
}
#: Commands whose CSV has decimal numbers in the bundled data (sources has only counts,
#: coverage only codes and years).
WITH_DECIMALS: Final = ("report", "rank", "progress")

#: The columns whose codes the excel-id CSV (for people) writes as words of the language:
#: names, units, statuses, reasons, bands, directions, orders, kinds (and every true/false).
WORDS: Final = frozenset(
    {
        "indicator_name", "region_name", "unit", "status", "reason", "band", "direction",
        "projection_note", "order", "kind", "tied", "highlight", "target_only",
        "target_replaced",
    }
)  # fmt: skip
#: Codes and English words of ours that an Indonesian excel-id cell never is (nor contains as
#: a word): statuses, units, directions, orders, kinds, booleans, bands.
ENGLISH_CELLS: Final = (
    "met", "missed", "no_target", "no_value", "not_scored", "no target", "no value", "not scored",
    "achieved", "on_track", "needs_acceleration", "limited_progress", "deterioration",
    "cannot_assess", "on track", "needs acceleration", "ranked", "absent", "not ranked",
    "worst_first", "best_first", "highest_first", "worst first", "true", "false", "yes", "no",
    "percent", "thousand_people", "million_people", "index", "ratio", "count", "lower",
    "higher", "url", "citation", "exceeds", "very_good", "good", "fair", "poor", "very_poor",
    "Exceeds target", "Very good", "Good", "Fair", "Poor", "Very poor", "never scored", "no earlier year", "lower is better", "higher is better",
)  # fmt: skip

#: A plain decimal number as the default CSV writes it.
DECIMAL: Final = re.compile(r"-?\d+\.\d+")


def offering_csv_dialect() -> set[str]:
    import typer.main

    group = typer.main.get_command(app)
    commands: dict[str, Any] = getattr(group, "commands", {})
    return {
        name
        for name, command in commands.items()
        if any("--csv-dialect" in getattr(p, "opts", ()) for p in command.params)
    }


def csv_file(tmp_path: Path, command: str, lang: str, dialect: str) -> Path:
    out = tmp_path / f"{command}-{lang}-{dialect}.csv"
    result = run(
        command, "--data", str(DATA), *CSV_COMMANDS[command], "--format", "csv",
        "--csv-dialect", dialect, "--lang", lang, "--quiet", "--output", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, (command, result.stderr)
    assert result.stdout == ""
    return out


def read_csv(path: Path, dialect: str) -> list[list[str]]:
    if dialect == "excel-id":
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return list(csv.reader(stream, delimiter=";"))
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


# -- --csv-dialect excel-id --------------------------------------------------------------------


def test_the_commands_that_write_csv_offer_every_dialect() -> None:
    # init and config take --csv-dialect to set (show) the project file's dialect, not to
    # write a CSV output (tests/test_init.py and test_config.py test them)
    assert offering_csv_dialect() - {"init", "config"} == set(CSV_COMMANDS)


def test_export_has_no_csv_dialect() -> None:
    """Open SDG and Data Package CSV are read by other platforms: their layout is fixed."""
    for sub in ("opensdg", "datapackage"):
        result = run("export", sub, "--help")
        assert result.exit_code == 0
        assert "--csv-dialect" not in result.stdout
    assert "--csv-dialect excel-id" in " ".join(run("export", "--help").stdout.split())


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("command", CSV_COMMANDS)
def test_excel_id_reads_back_into_the_default_numbers(
    tmp_path: Path, command: str, lang: str
) -> None:
    path = csv_file(tmp_path, command, lang, "excel-id")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert path.read_bytes().count(b"\xef\xbb\xbf") == 1
    excel_id = read_csv(path, "excel-id")
    default = read_csv(csv_file(tmp_path, command, lang, "rfc4180"), "rfc4180")
    assert not csv_file(tmp_path, command, lang, "rfc4180").read_bytes().startswith(b"\xef")
    assert len(excel_id) == len(default) > 1
    header = default[0]
    assert len(excel_id[0]) == len(header)
    numbers = 0
    for row_id, row in zip(excel_id[1:], default[1:], strict=True):
        assert len(row_id) == len(row) == len(header)
        for name, cell_id, cell in zip(header, row_id, row, strict=True):
            if cell_id == cell:
                continue  # text, codes, years, counts and empty cells are the same
            if name in WORDS or cell in ("true", "false"):
                assert cell_id, (command, name, cell)  # a code said in words: see below
                continue
            # else a decimal number, and only its separator differs
            assert DECIMAL.fullmatch(cell), (command, name, cell, cell_id)
            assert cell_id == cell.replace(".", ","), (command, name)
            assert Decimal(cell_id.replace(",", ".")) == Decimal(cell)
            numbers += 1
    if command in WITH_DECIMALS:
        assert numbers > 5, command


@pytest.mark.parametrize("command", CSV_COMMANDS)
def test_excel_id_headers_follow_the_language(tmp_path: Path, command: str) -> None:
    default = read_csv(csv_file(tmp_path, command, "id", "rfc4180"), "rfc4180")
    english = read_csv(csv_file(tmp_path, command, "en", "excel-id"), "excel-id")
    indonesian = read_csv(csv_file(tmp_path, command, "id", "excel-id"), "excel-id")
    identifiers = default[0]
    for header in (english[0], indonesian[0]):
        assert len(set(header)) == len(header) == len(identifiers)
        assert all(header)
        # people's words, not the identifiers of the default CSV
        assert not any("_" in name for name in header), header
    assert english[0] != identifiers
    differ = sum(en != id_ for en, id_ in zip(english[0], indonesian[0], strict=True))
    assert differ >= len(identifiers) // 2, (english[0], indonesian[0])
    # the words follow the language; codes, numbers and the data's text do not
    words = [i for i, name in enumerate(identifiers) if name in WORDS]
    for en_row, id_row in zip(english[1:], indonesian[1:], strict=True):
        for i, (en, id_) in enumerate(zip(en_row, id_row, strict=True)):
            if i not in words and en not in ("yes", "no"):
                assert en == id_, (command, identifiers[i])
    pairs = zip(english[1:], indonesian[1:], strict=True)
    assert any(en_row[i] != id_row[i] for en_row, id_row in pairs for i in words), command
    # the default CSV keeps its identifiers in any language
    assert read_csv(csv_file(tmp_path, command, "en", "rfc4180"), "rfc4180") == default


def test_excel_id_headers_of_each_command() -> None:
    """A few headers, word for word."""
    expected = {
        "rank": ("rank", "Rank", "Peringkat"),
        "sources": ("records", "Records", "Jumlah catatan"),
        "progress": ("cagr_actual", "Actual growth rate (%/year)", "Laju pertumbuhan aktual (%/tahun)"),
    }  # fmt: skip
    for command, (column, en, id_) in expected.items():
        args = ("--data", str(DATA), *CSV_COMMANDS[command], "-f", "csv", "-q")
        default = run(command, *args).stdout
        header = next(csv.reader(io.StringIO(default)))
        position = header.index(column)
        for lang, word in (("en", en), ("id", id_)):
            text = run(command, *args, "--csv-dialect", "excel-id", "--lang", lang).stdout
            assert text.startswith(BOM)
            assert next(csv.reader(io.StringIO(text[1:]), delimiter=";"))[position] == word


def test_rank_excel_id_cells() -> None:
    text = run(
        "rank", "--data", str(DATA), *CSV_COMMANDS["rank"], "-f", "csv", "--csv-dialect",
        "excel-id", "--lang", "id", "-q",
    ).stdout  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    lamongan = next(row for row in rows if row["Wilayah"] == "3524")
    assert lamongan["Nilai"] == "12,53"
    assert lamongan["Peringkat"] == "10"
    assert lamongan["Disorot"] == "ya"
    assert lamongan["Urutan"] == "terburuk lebih dulu (makin rendah makin baik)"
    assert lamongan["Status"] == "diperingkat"
    assert lamongan["Indikator"] == "p0"  # codes stay codes


# -- Indonesian throughout ---------------------------------------------------------------------

#: Words of ours that must not appear in an Indonesian table, Markdown or sentence (codes such
#: as `missed` or `on_track`, JSON paths, the data's own text and its web addresses aside).
ENGLISH_ONLY: Final = (
    "the",
    "of",
    "and",
    "is",
    "not",
    "for",
    "with",
    "from",
    "at",
    "in",
    "to",
    "by",
    "better",
    "worse",
    "beats",
    "misses",
    "missed",
    "target of",
    "meets",
    "achievement",
    "formula",
    "points",
    "point",
    "percent",
    "thousand",
    "million",
    "Year",
    "Value",
    "Change",
    "Margin",
    "Band",
    "Exceeds",
    "Very good",
    "on track",
    "needs acceleration",
    "limited progress",
    "deterioration",
    "cannot assess",
    "current pace",
    "required",
    "projected",
    "Base",
    "Latest",
    "Ratio",
    "Method",
    "Reached",
    "Step",
    "Condition",
    "yes",
    "lower is better",
    "higher is better",
    "worst first",
    "best first",
    "highest first",
    "listed",
    "Rank",
    "Region",
    "Code",
    "Source",
    "Sources",
    "not ranked",
    "covers",
    "regions",
    "data file",
    "tied",
    "records",
    "citation",
    "no source",
    "values",
    "targets only",
    "error",
    "warning",
    "errors",
    "warnings",
    "passed",
    "FAILED",
    "failed",
    "Policy",
    "fails on",
    "as of",
    "findings",
    "Severity",
    "Series",
    "Message",
    "Place",
    "INVALID",
    "indicators",
    "fix",
    "found",
    "expected",
    "must",
    "March",
)

#: Codes and identifiers that may appear in Indonesian output (as --fail-on and [code] do).
CODES: Final = re.compile(r"(?<![\w-])(missed|regressed|stale|off-track|cannot-assess)(?![\w-])")


def data_text() -> list[str]:
    """The data's own text that is not a web address (source citations partly in English)."""
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    texts = {rec["source"] for rec in doc["records"] if rec.get("source")}
    chunks: set[str] = set()
    for text in texts:
        for chunk in re.split(r"https?://\S+", text):
            chunk = " ".join(chunk.split())
            if len(chunk) > 3:
                chunks.add(chunk)
    return sorted(chunks, key=len, reverse=True)


def ours(output: str) -> str:
    """The output without what is not ours: the data's text, web addresses, the data path,
    JSON paths, codes; Markdown escapes removed and whitespace normalised."""
    text = " ".join(output.replace("\\", "").split())
    text = text.replace(str(DATA), " ")
    text = re.sub(r"https?://\S+", " ", text)
    for chunk in data_text():
        text = text.replace(chunk, " ")
    text = re.sub(r"records\[\d+\]", " ", text)  # JSON paths of validate and check
    return CODES.sub(" ", text)


def english_words_in(text: str) -> list[str]:
    return [w for w in ENGLISH_ONLY if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


#: (command and arguments, output format, a number that must appear with a decimal comma and
#: its English form that must not appear). validate and sources show no decimals.
PEOPLE: Final[list[tuple[tuple[str, ...], str, str | None, str | None]]] = [
    (("report", "--data", str(DATA), "--bands"), "table", "12,42", "12.42"),
    (("report", "--data", str(DATA), "--bands"), "markdown", "12,42", "12.42"),
    (("progress", "--data", str(DATA), "--explain"), "table", "12,03 %", "12.03 %"),
    (("progress", "--data", str(DATA), "--explain"), "markdown", "12,03 %", "12.03 %"),
    (("check", "--data", str(DATA), "--as-of", "2026", "--fail-on", "missed,off-track"),
     "text", "8,47 %", "8.47 %"),
    (("check", "--data", str(DATA), "--as-of", "2026", "--fail-on", "missed,off-track"),
     "markdown", "8,47 %", "8.47 %"),
    (("check", "--data", str(DATA), "--as-of", "2026"), "github", "8,47 %", "8.47 %"),
    (("rank", "--data", str(DATA), *CSV_COMMANDS["rank"]), "table", "12,53", "12.53"),
    (("rank", "--data", str(DATA), *CSV_COMMANDS["rank"]), "markdown", "12,53", "12.53"),
    (("rank", "--data", str(DATA), "-i", "p0", "-y", "2022", "--highlight", "35"),
     "table", "21,61", "21.61"),
    (("sources", "--data", str(DATA)), "table", None, None),
    (("sources", "--data", str(DATA)), "markdown", None, None),
    (("coverage", "--data", str(DATA)), "table", None, None),
    (("coverage", "--data", str(DATA)), "markdown", None, None),
    (("validate", str(DATA)), "text", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("args", "fmt", "number", "english_number"), PEOPLE)
def test_no_english_in_indonesian_output(
    args: tuple[str, ...], fmt: str, number: str | None, english_number: str | None
) -> None:
    result = run(*args, "--format", fmt, "--lang", "id")
    assert result.exit_code in (0, 1), result.stderr
    assert result.stdout
    text = ours(result.stdout)
    if fmt == "github":  # the level and the property names are GitHub's keywords
        text = re.sub(r"::(error|warning) [^:]*::", " ", text)
    assert english_words_in(text) == [], " ".join(args)
    assert english_words_in(ours(result.stderr)) == []
    if number is not None:
        assert number in text
    if english_number is not None:
        assert english_number not in text
    # the check can fail: the English output has our words
    english = run(*args, "--format", fmt, "--lang", "en")
    assert english_words_in(ours(english.stdout)), english.stdout


def test_indonesian_names_in_tables_english_names_in_json() -> None:
    """East Java is Jawa Timur, the poverty rate Persentase penduduk miskin (P0), when the data
    says so."""
    rank = run("rank", "--data", str(DATA), *CSV_COMMANDS["rank"], "--lang", "id", "-q")
    first = rank.stdout.splitlines()[0]
    assert first.startswith("Persentase penduduk miskin (P0) · 2022 · wilayah di bawah 35 (Jawa")
    assert "East Java" not in rank.stdout and "Poverty rate" not in rank.stdout
    assert re.search(
        r"Peringkat ini hanya mencakup \d+ wilayah di bawah 35 \(Jawa Timur\)",
        " ".join(rank.stdout.split()),
    )
    sources = run("sources", "--data", str(DATA), "-r", "35", "--lang", "id", "-q")
    lines = [line.strip() for line in sources.stdout.splitlines()]
    assert "p0 2021-03, 2022-03: Jawa Timur (35)" in lines
    progress = run("progress", "--data", str(DATA), "-r", "3524", "-f", "markdown", "--lang", "id")
    assert "| Kabupaten Lamongan | Persentase penduduk miskin (P0) |" in progress.stdout
    # English names in English, and in JSON whatever the language
    english = run("rank", "--data", str(DATA), *CSV_COMMANDS["rank"], "--lang", "en", "-q")
    assert "(East Java)" in english.stdout.splitlines()[0]
    doc = json.loads(run("rank", "--data", str(DATA), *CSV_COMMANDS["rank"], "-f", "json",
                         "--lang", "id", "-q").stdout)  # fmt: skip
    assert (doc["indicator_name"], doc["parent_name"]) == ("Poverty rate (P0)", "East Java")
    assert doc["note"].startswith(
        f"This ranking covers only the {len(doc['rows'])} regions under 35 (East Java)"
    )
    names = json.loads(run("sources", "--data", str(DATA), "-f", "json", "--lang", "id").stdout)
    assert names["region_names"]["35"] == "East Java"


def test_indonesian_usage_error_names_the_region_in_indonesian() -> None:
    result = run(
        "rank", "--data", str(DATA), "-i", "p0", "-y", "2014", "-p", "35", "--lang", "id", "-q"
    )
    assert result.exit_code == 2
    assert "di bawah 35 (Jawa Timur)" in result.stderr
    assert english_words_in(ours(result.stderr)) == []


@pytest.mark.parametrize(
    "args",
    [
        ("rank", *CSV_COMMANDS["rank"]),
        ("sources",),
        ("coverage",),
        ("progress", "--explain"),
        ("progress", "--base-year", "2019"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_formats_do_not_change_with_the_language(args: tuple[str, ...], fmt: str) -> None:
    if fmt == "csv" and "--explain" in args:
        return  # --explain does not fit in CSV
    command, *rest = args
    en = run(command, "--data", str(DATA), *rest, "-f", fmt, "--lang", "en", "-q")
    id_ = run(command, "--data", str(DATA), *rest, "-f", fmt, "--lang", "id", "-q")
    assert en.exit_code == id_.exit_code == 0, id_.stderr
    assert en.stdout == id_.stdout


def test_years_are_never_grouped() -> None:
    """A year is a label, not an amount: `2026`, never `2.026`."""
    for args in (
        ("progress", "--data", str(DATA), "-r", "3524", "--explain"),
        ("rank", "--data", str(DATA), *CSV_COMMANDS["rank"]),
        ("check", "--data", str(DATA), "--as-of", "2026"),
    ):
        text = run(*args, "--lang", "id").stdout
        assert not re.search(r"(?<![\d.,])2\.0[12]\d(?![\d,])", text), args
        assert "2026" in text or "2022" in text


# -- the words in the cells of the CSV for people, and JSON that never changes -----------------


@pytest.mark.parametrize("command", CSV_COMMANDS)
def test_no_english_word_in_an_indonesian_csv_cell(tmp_path: Path, command: str) -> None:
    """excel-id with --lang id: statuses, units, directions, reasons, bands... are Indonesian
    (the names and sources of the data aside: their text is the data's)."""
    rows = read_csv(csv_file(tmp_path, command, "id", "excel-id"), "excel-id")
    header, body = rows[0], rows[1:]
    default = read_csv(csv_file(tmp_path, command, "id", "rfc4180"), "rfc4180")
    columns = default[0]
    checked = 0
    for row in body:
        for name, cell in zip(columns, row, strict=True):
            if name not in WORDS or not cell:
                continue
            checked += 1
            for word in ENGLISH_CELLS:
                assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", cell), (
                    command,
                    header[columns.index(name)],
                    cell,
                )
    assert checked > 0, command


#: Each command's JSON and the arguments it needs (check's policy fails: exit 1).
JSON_COMMANDS: Final[dict[str, tuple[str, ...]]] = {
    **CSV_COMMANDS,
    "check": ("--as-of", "2026", "--fail-on", "missed,off-track"),
}


@pytest.mark.parametrize("command", JSON_COMMANDS)
def test_json_is_the_same_in_both_languages(command: str) -> None:
    """JSON keeps its stable English codes, reasons and names whatever --lang."""
    outputs = []
    for lang in i18n.LANGS:
        result = run(
            command, "--data", str(DATA), *JSON_COMMANDS[command], "-f", "json",
            "--lang", lang, *(() if command == "check" else ("-q",)),
        )  # fmt: skip
        assert result.exit_code in (0, 1), result.stderr
        doc = json.loads(result.stdout)
        if command == "check":
            # each finding's `message` is for people, in the language (as validate's): the
            # rest of the finding is what scripts read
            for finding in doc["findings"]:
                finding.pop("message")
        outputs.append(doc)
    assert outputs[0] == outputs[1]
