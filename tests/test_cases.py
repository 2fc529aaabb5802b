"""Data-driven cases: each folder under tests/cases/ changes the base catalog and says what
`journeys validate` must print for it.

A case folder (`cases/invalid/<name>/` or `cases/valid/<name>/`) holds:

- `journeys/...`: files laid over `cases/base/journeys/` (same path replaces, new path adds);
- `remove.txt` (optional): base-relative paths to delete first, one a line;
- `expected.txt`: the exact stdout of `journeys validate`, run in the copy's folder;
- `args.txt` (optional): extra arguments, e.g. `--strict`;
- `exit.txt` (optional): the exit code; by default 1 when an error is expected, else 0;
- `must-not-exist.txt` (optional): paths, relative to the copy's folder, that the run
  must not create (a YAML tag that would run a command must not run it).

The real command runs once per case, in parallel, so the suite stays fast. Each valid case
is also built into a site by tests/site/test_case_sites.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import BASE, CASES, case_result, each_case, lines, prepare_case

JOURNEYS = Path(sys.executable).parent / "journeys"
LINE_CODE = re.compile(r"^\S+:\d+:\d+: (?:error|warning) \[([a-z0-9-]+)\] ", re.MULTILINE)
ERROR_LINE = re.compile(r"^\S+:\d+:\d+: error \[", re.MULTILINE)


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JOURNEYS), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


@dataclass(frozen=True)
class Outcome:
    """One case run: the folder it ran in and what the command did."""

    workdir: Path
    run: subprocess.CompletedProcess[str]


def _run_case(case: Path, workdir: Path) -> Outcome:
    prepare_case(case, workdir)
    args = [arg for line in lines(case / "args.txt") for arg in line.split()]
    return Outcome(workdir, _run(["validate", *args], workdir))


@pytest.fixture(scope="session")
def outcomes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[Path, Outcome | BaseException]:
    """Every selected case, run once, several at a time."""
    selected = {
        item.callspec.params["case"]
        for item in request.session.items
        if hasattr(item, "callspec") and "case" in item.callspec.params
    }
    root = tmp_path_factory.mktemp("cases")

    return each_case(selected, lambda case: _run_case(case, root / case.parent.name / case.name))


def _check(case: Path, outcomes: dict[Path, Outcome | BaseException]) -> None:
    outcome = case_result(case, outcomes)
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    exit_file = case / "exit.txt"
    if exit_file.is_file():
        expected_exit = int(exit_file.read_text(encoding="utf-8"))
    else:
        expected_exit = 1 if ERROR_LINE.search(expected) else 0
    run = outcome.run

    assert "Traceback" not in run.stderr
    assert "internal error" not in run.stderr
    assert run.stdout == expected
    assert run.returncode == expected_exit, run.stderr
    for relative in lines(case / "must-not-exist.txt"):
        assert not (outcome.workdir / relative).exists(), f"{relative} was created: a tag ran"


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case(case: Path, outcomes: dict[Path, Outcome | BaseException]) -> None:
    assert (case / "expected.txt").read_text(encoding="utf-8"), "an invalid case expects output"
    _check(case, outcomes)


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.name)
def test_valid_case(case: Path, outcomes: dict[Path, Outcome | BaseException]) -> None:
    assert (case / "expected.txt").read_text(encoding="utf-8") == ""
    _check(case, outcomes)


def test_base_catalog_is_clean_even_when_strict(tmp_path: Path) -> None:
    shutil.copytree(BASE / "journeys", tmp_path / "journeys")
    run = _run(["validate", "--strict"], tmp_path)
    assert (run.stdout, run.returncode) == ("", 0), run.stderr


def test_every_code_has_an_invalid_case() -> None:
    run = _run(["rules"], CASES)
    assert run.returncode == 0, run.stderr
    codes = {line.split()[0] for line in run.stdout.splitlines() if line.strip()}
    assert {"schema", "unknown-ref", "yaml-syntax"} <= codes
    covered: set[str] = set()
    for case in _cases("invalid"):
        covered |= set(LINE_CODE.findall((case / "expected.txt").read_text(encoding="utf-8")))
    assert sorted(codes - covered) == []
