"""`povtrack init`: the commented project file, the CSV template, the data file, and never an
overwrite without --force."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from povtrack import i18n
from povtrack.cli import config as project_file
from povtrack.cli.commands import init as init_module

from .conftest import run


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder, isolated from the folders above it (the search stops at .git)."""
    monkeypatch.delenv("POVTRACK_CONFIG", raising=False)
    (tmp_path / ".git").mkdir()
    return tmp_path


def comments(text: str) -> list[str]:
    return [line[2:] for line in text.splitlines() if line.startswith("# ")]


def template(path: Path) -> tuple[str, list[list[str]]]:
    """The template's separator and rows (its BOM removed)."""
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    sep = ";" if text.splitlines()[0].count(";") else ","
    return sep, list(csv.reader(io.StringIO(text), delimiter=sep))


def test_init_writes_a_project_that_loads_to_the_defaults(here: Path) -> None:
    result = run("init", "proj")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    proj = here / "proj"
    config = proj / "povtrack.toml"
    doc = tomllib.loads(config.read_text(encoding="utf-8"))
    assert set(doc) == set(project_file.KEYS)  # every key is written
    loaded = project_file.load(config, "search", proj)
    assert loaded.values == {
        "data": str(Path("data") / "indicators.json"),
        "lang": "en",
        **project_file.DEFAULTS,
    }
    # every key has its comment, in English
    text = config.read_text(encoding="utf-8")
    for key, message in init_module._COMMENTS.items():
        block = "".join(f"# {line}\n" for line in message.splitlines())
        assert f"{block}{key} = " in text
    sep, rows = template(proj / "template.csv")
    assert sep == ","
    assert rows == [["indicator", "region", "year", "value", "target", "source"]]
    # the data file is started: valid, the bundled indicators and regions, no records
    assert run("validate", str(proj / "data" / "indicators.json")).exit_code == 0
    data = json.loads((proj / "data" / "indicators.json").read_text(encoding="utf-8"))
    assert data["records"] == []
    assert {i["id"] for i in data["indicators"]} >= {"p0", "p1", "p2"}
    # what was written, and what to do next, on stderr
    for path in (config, proj / "template.csv", proj / "data" / "indicators.json"):
        assert str(path.relative_to(here)) in result.stderr
    assert "povtrack import csv template.csv" in result.stderr
    assert "cd proj" in result.stderr


def test_the_commands_use_the_project_that_init_wrote(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("init", "-q", "--region", "3524", "--lang", "id").exit_code == 0
    nested = here / "reports"
    nested.mkdir()
    monkeypatch.chdir(nested)
    result = run("config", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    assert Path(doc["file"]) == here / "povtrack.toml"
    assert doc["settings"]["regions"]["value"] == ["3524"]
    assert doc["settings"]["lang"]["value"] == "id"
    assert doc["settings"]["csv-dialect"]["value"] == "excel-id"


def test_init_lang_id_writes_indonesian_comments_and_a_semicolon_template(here: Path) -> None:
    result = run("init", "--lang", "id", "--region", "3524", "--region", "3523")
    assert result.exit_code == 0, result.stderr
    text = (here / "povtrack.toml").read_text(encoding="utf-8")
    expected = []
    english = []
    for message in (init_module._HEADER, *init_module._COMMENTS.values()):
        expected += i18n.translated(message, "id").splitlines()
        english += message.splitlines()
    assert comments(text) == [line.rstrip() for line in expected]
    same = [a for a, b in zip(comments(text), english, strict=True) if a == b]
    assert len(same) <= 2, same  # only lines such as '"opensdg".' read alike
    doc = tomllib.loads(text)
    assert (doc["lang"], doc["csv-dialect"], doc["regions"]) == ("id", "excel-id", ["3524", "3523"])
    raw = (here / "template.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    sep, rows = template(here / "template.csv")
    assert sep == ";"
    assert rows[0] == ["Indikator", "Wilayah", "Tahun", "Nilai", "Target", "Sumber"]
    body = rows[1:]
    assert {(row[0], row[1]) for row in body} == {("p0", "3524"), ("p0", "3523")}
    years = sorted({int(row[2]) for row in body})
    assert len(years) == init_module.TEMPLATE_YEARS
    assert years == list(range(years[0], years[0] + len(years)))
    assert all(row[3:] == ["", "", ""] for row in body)
    # the messages on stderr are Indonesian too
    i18n.set_lang("id")
    assert i18n.t("Next steps:") in result.stderr


def test_init_refuses_to_overwrite(here: Path) -> None:
    assert run("init", "-q").exit_code == 0
    (here / "povtrack.toml").write_text('lang = "id"\n', encoding="utf-8")
    (here / "data" / "indicators.json").write_text("{}", encoding="utf-8")
    result = run("init")
    assert result.exit_code == 2
    assert "povtrack.toml" in result.stderr
    assert "--force" in result.stderr
    assert (here / "povtrack.toml").read_text(encoding="utf-8") == 'lang = "id"\n'
    (here / "povtrack.toml").unlink()
    result = run("init")  # the template alone is enough to refuse
    assert result.exit_code == 2
    assert "template.csv" in result.stderr
    assert not (here / "povtrack.toml").exists()
    result = run("init", "--force")
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads((here / "povtrack.toml").read_text(encoding="utf-8"))["lang"] == "en"
    # the data file is never replaced
    assert (here / "data" / "indicators.json").read_text(encoding="utf-8") == "{}"
    assert not [p.name for p in here.rglob("*.tmp")]


def test_init_refuses_a_file_as_its_folder_and_a_bad_data_path(here: Path) -> None:
    (here / "afile").write_text("", encoding="utf-8")
    result = run("init", "afile")
    assert result.exit_code == 2
    assert "afile" in result.stderr
    result = run("init", "--data", "data.csv")
    assert result.exit_code == 2
    assert "--data" in result.stderr
    assert not (here / "povtrack.toml").exists()


def test_init_writes_a_custom_data_path_and_dialect(here: Path) -> None:
    result = run("init", "-q", "--data", "plans/tuban.json", "--csv-dialect", "excel")
    assert result.exit_code == 0, result.stderr
    doc = tomllib.loads((here / "povtrack.toml").read_text(encoding="utf-8"))
    assert (doc["data"], doc["csv-dialect"]) == ("plans/tuban.json", "excel")
    assert (here / "plans" / "tuban.json").is_file()
    assert (here / "template.csv").read_bytes().startswith(b"\xef\xbb\xbfindicator,")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_filled_template_imports_with_no_option(here: Path, lang: str) -> None:
    """init -> fill the template as Excel saves it -> povtrack import csv template.csv: the
    project file gives --into; the columns and the dialect are recognised."""
    assert run("init", "-q", "--lang", lang, "--region", "3524").exit_code == 0
    sep, rows = template(here / "template.csv")
    comma = lang == "id"
    filled = [rows[0]]
    for n, row in enumerate(rows[1:]):
        value = f"{14 - n}{',' if comma else '.'}25"
        filled.append([row[0], row[1], row[2], value, "", "BPS Lamongan"])
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerows(filled)
    (here / "template.csv").write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    result = run("import", "csv", "template.csv")
    assert result.exit_code == 0, result.stderr
    data = json.loads((here / "data" / "indicators.json").read_text(encoding="utf-8"))
    got = {(r["region"], r["year"]): str(r["value"]) for r in data["records"]}
    assert got == {("3524", int(row[2])): row[3].replace(",", ".") for row in filled[1:]}


def test_the_next_steps_import_a_region_the_data_does_not_define(here: Path) -> None:
    """The steps init prints, followed as written, work for a region the bundled data lacks:
    the import step says --create --region-name (it said only `povtrack import csv
    template.csv`, which then refused the unknown region)."""
    result = run("init", "--region", "3599")
    assert result.exit_code == 0, result.stderr
    [step] = [
        line.split(". ", 1)[1]
        for line in result.stderr.splitlines()
        if line.startswith("  ") and "povtrack import csv" in line
    ]
    sep, rows = template(here / "template.csv")
    filled = [rows[0], [rows[1][0], rows[1][1], rows[1][2], "10.25", "", "BPS"]]
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerows(filled)
    (here / "template.csv").write_text(out.getvalue(), encoding="utf-8")
    imported = run(*step.replace("NAME", "Contoh").split()[1:])
    assert imported.exit_code == 0, (step, imported.stderr)
    data = json.loads((here / "data" / "indicators.json").read_text(encoding="utf-8"))
    assert {r["code"]: r["name"] for r in data["regions"]}["3599"] == "Contoh"
    assert run("report", "-q").exit_code == 0
