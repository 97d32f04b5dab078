"""examples/github-actions.yml: run the povtrack commands that the workflow runs, on the bundled
data, in a folder laid out like the repository the workflow checks out, and check what GitHub
would see: the exit codes, the annotations, the step summary and the CSV artifact.

PyYAML is not a dependency: the `run:` lines and the job's `env:` are read with small regular
expressions, and a test checks that the commands were found."""

from __future__ import annotations

import csv
import json
import re
import shlex
import shutil
from pathlib import Path
from typing import Final

import pytest

from .conftest import run

ROOT: Final = Path(__file__).resolve().parents[1]
WORKFLOW: Final = ROOT / "examples" / "github-actions.yml"
BUNDLED: Final = ROOT / "src" / "povtrack" / "data" / "indicators.json"
SUMMARY_VAR: Final = "$GITHUB_STEP_SUMMARY"

#: What each command of the workflow must exit with on the bundled data: the gate passes.
EXPECTED_EXIT: Final = {"validate": 0, "check": 0, "report": 0}


def workflow_text() -> str:
    return WORKFLOW.read_text(encoding="utf-8")


def povtrack_commands(text: str) -> list[list[str]]:
    """The `povtrack ...` commands of the `run:` steps, split as a shell would."""
    commands = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        match = re.match(r"^(?:-\s+)?run:\s*(povtrack\s.*)$", stripped)
        if match:
            commands.append(shlex.split(match.group(1)))
    return commands


def job_env(text: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+(POVTRACK_[A-Z_]+):\s*(\S+)\s*$", text, flags=re.MULTILINE))


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The repository as actions/checkout leaves it: data/indicators.json at the root (the
    conftest fixture has made tmp_path the current folder)."""
    (tmp_path / "data").mkdir()
    shutil.copyfile(BUNDLED, tmp_path / "data" / "indicators.json")
    return tmp_path


def test_the_workflow_has_the_documented_steps() -> None:
    text = workflow_text()
    assert re.search(r"^on:\n  pull_request:", text, flags=re.MULTILINE)
    for action in ("actions/checkout@", "actions/setup-python@", "actions/upload-artifact@"):
        assert f"uses: {action}" in text
    assert [c[:2] for c in povtrack_commands(text)] == [
        ["povtrack", "validate"],
        ["povtrack", "check"],
        ["povtrack", "report"],
    ]
    check = povtrack_commands(text)[1]
    assert check[check.index("--format") + 1] == "github"
    assert check[check.index("--summary") + 1] == SUMMARY_VAR
    report = povtrack_commands(text)[2]
    output = report[report.index("--output") + 1]
    assert re.search(rf"^\s+path: {re.escape(output)}$", text, flags=re.MULTILINE)
    assert job_env(text) == {"POVTRACK_DATA": "data/indicators.json"}


def run_step(command: list[str], summary: Path) -> tuple[int, str, str]:
    assert command[0] == "povtrack"
    args = [str(summary) if arg == SUMMARY_VAR else arg for arg in command[1:]]
    result = run(*args, env={**job_env(workflow_text()), "GITHUB_STEP_SUMMARY": str(summary)})
    return result.exit_code, result.stdout, result.stderr


def test_the_workflow_commands_on_the_bundled_data(checkout: Path) -> None:
    summary = checkout / "step_summary.md"
    summary.touch()  # the runner creates the file; steps append to it
    seen: dict[str, str] = {}
    for command in povtrack_commands(workflow_text()):
        code, stdout, stderr = run_step(command, summary)
        assert code == EXPECTED_EXIT[command[1]], (command, stdout, stderr)
        seen[command[1]] = stdout
        assert "data/indicators.json" in stderr  # read from $POVTRACK_DATA

    # validate: the bundled data has no error and no warning (its missing years are recorded gaps)
    assert "::error" not in seen["validate"]
    assert "::warning" not in seen["validate"]
    assert "valid: 0 errors, 0 warnings" in seen["validate"]

    # check: no error annotation; warnings point at data/indicators.json, a repository path
    lines = seen["check"].splitlines()
    assert not [line for line in lines if line.startswith("::error")]
    warnings = [line for line in lines if line.startswith("::warning")]
    assert warnings
    assert all(line.startswith("::warning file=data/indicators.json,line=") for line in warnings)
    assert lines[-1].startswith("check passed: 0 errors")

    # the step summary
    assert summary.read_text(encoding="utf-8").startswith("## ✅ povtrack check passed\n")

    # the artifact
    with (checkout / "povtrack-report.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    lamongan_2023 = next(
        r for r in rows if (r["indicator"], r["region"], r["year"]) == ("p0", "3524", "2023")
    )
    assert (lamongan_2023["status"], lamongan_2023["margin"]) == ("met", "0.75")


def test_without_region_the_gate_would_fail_on_the_national_target(checkout: Path) -> None:
    """Why the example scopes the gate with --region: Indonesia's latest March poverty rate
    misses its plan's target (8.47 % in 2025 against the RKP 2025's 8.0 %; before issue 16,
    9.03 % in 2024 against the RPJMN's 7 %)."""
    check = povtrack_commands(workflow_text())[1]
    assert "--region" in check
    i = check.index("--region")
    unscoped = check[:i] + check[i + 2 :]
    summary = checkout / "step_summary.md"
    code, stdout, _ = run_step(unscoped, summary)
    assert code == 1
    errors = [line for line in stdout.splitlines() if line.startswith("::error")]
    text = BUNDLED.read_text(encoding="utf-8").splitlines()
    # The latest national March P0 record, found in the file: it has a target.
    national = [
        (json.loads(t.strip().rstrip(","), parse_float=str), i + 1)
        for i, t in enumerate(text)
        if t.startswith('    {"indicator": "p0", "region": "0000", ') and '"month": 3,' in t
    ]
    latest, line = max(((r["year"], r, n) for r, n in national if "value" in r))[1:]
    assert "target" in latest
    column = text[line - 1].index("{") + 1
    [error] = [e for e in errors if f"line={line}," in e]
    assert error.startswith(
        f"::error file=data/indicators.json,line={line},col={column},title=povtrack missed::"
    )
    assert (
        f"p0 / 0000 / month=3: {latest['value']} %25 in {latest['year']} misses the target of"
        in error
    )
    assert summary.read_text(encoding="utf-8").startswith("## ❌ povtrack check failed\n")
