"""Acceptance: the real `journeys` command, as teams and CI run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import journey, write_catalog

REPO = Path(__file__).parents[2]
JOURNEYS = Path(sys.executable).parent / "journeys"


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(JOURNEYS), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in done.stderr
    return done


def broken_catalog(tmp_path: Path) -> Path:
    data = journey()
    data["stages"][0]["touchpoints"][0]["owner"] = "digtal"
    data["stages"][0]["touchpoints"][0]["data_sources"] = []
    write_catalog(tmp_path, [data])
    return tmp_path


def test_the_example_catalog_validates_strictly() -> None:
    done = run("validate", "--strict")
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr.startswith("0 errors, 0 warnings in ")


def test_text_format_is_compiler_style(tmp_path: Path) -> None:
    done = run("validate", cwd=broken_catalog(tmp_path))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "journeys/retail/open-account.yaml:15:9: warning [no-data-source] touchpoint 'compare' "
        "lists no data sources: add `data_sources`, and `data_gaps` for what is missing",
        "journeys/retail/open-account.yaml:18:12: error [unknown-ref] unknown silo 'digtal' "
        "(did you mean 'digital'?)",
    ]
    assert done.stderr == "1 error, 1 warning in 10 files\n"


def test_no_colour_when_not_a_terminal(tmp_path: Path) -> None:
    assert "\x1b[" not in run("validate", cwd=broken_catalog(tmp_path)).stdout


def test_json_format(tmp_path: Path) -> None:
    done = run("validate", "--format", "json", cwd=broken_catalog(tmp_path))
    assert done.returncode == 1
    document = json.loads(done.stdout)
    assert document["summary"] == {"errors": 1, "warnings": 1, "files": 10}
    first = document["diagnostics"][0]
    assert set(first) == {"file", "line", "column", "severity", "code", "message"}
    assert (first["file"], first["line"], first["column"]) == (
        "journeys/retail/open-account.yaml",
        15,
        9,
    )
    assert [d["code"] for d in document["diagnostics"]] == ["no-data-source", "unknown-ref"]


def test_github_format(tmp_path: Path) -> None:
    done = run("validate", "--format", "github", cwd=broken_catalog(tmp_path))
    assert done.stdout.splitlines()[1] == (
        "::error file=journeys/retail/open-account.yaml,line=18,col=12,"
        "title=journeys [unknown-ref]::unknown silo 'digtal' (did you mean 'digital'?)"
    )
    assert done.stdout.splitlines()[0].startswith("::warning file=")


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    data = journey()
    data["stages"][0]["touchpoints"][0]["data_sources"] = []
    write_catalog(tmp_path, [data])
    assert run("validate", cwd=tmp_path).returncode == 0
    assert run("validate", "--strict", cwd=tmp_path).returncode == 1


def test_paths_inside_a_catalog_report_only_their_files(tmp_path: Path) -> None:
    broken_catalog(tmp_path)
    assert run("validate", "journeys/registry", cwd=tmp_path).stdout == ""
    only = run("validate", "journeys/retail/open-account.yaml", cwd=tmp_path)
    assert only.returncode == 1
    assert only.stderr == "1 error, 1 warning in 1 file\n"


def test_a_path_given_from_elsewhere_is_shown_as_given(tmp_path: Path) -> None:
    broken_catalog(tmp_path)
    done = run("validate", str(tmp_path / "journeys"), cwd=REPO)
    assert done.stdout.splitlines()[0].startswith(f"{tmp_path}/journeys/retail/open-account.yaml:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "no/such/folder"], "no/such/folder: no such file or folder"),
        (["validate", "--format", "xml"], "Invalid value for '--format'"),
        (["validate", "--nope"], "No such option '--nope'"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert message in done.stderr


def test_a_folder_without_catalog_yaml_is_reported(tmp_path: Path) -> None:
    (tmp_path / "journeys").mkdir()
    done = run("validate", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.startswith("journeys/catalog.yaml:1:1: error [missing-catalog]")


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("journeys, version ")


@pytest.mark.parametrize("command", [[], ["validate"], ["rules"]])
def test_every_command_has_help(command: list[str]) -> None:
    done = run(*command, "--help")
    assert done.returncode == 0
    assert "Usage: journeys" in done.stdout
    assert len(done.stdout.splitlines()) > 5


def test_rules_lists_every_code_with_its_severity() -> None:
    lines = run("rules").stdout.splitlines()
    table = {line.split()[0]: line.split()[1] for line in lines}
    assert table["unknown-ref"] == "error"
    assert table["no-data-source"] == "warning"
    assert {"yaml-syntax", "duplicate-key", "schema", "duplicate-id", "file-id-mismatch"} <= set(
        table
    )


def test_python_dash_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--version"], capture_output=True, text=True, cwd=REPO
    )
    assert done.stdout.startswith("journeys, version ")


def stores(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "documents").glob("*.store"))


def test_the_parsed_files_are_kept_in_the_cache_folder(tmp_path: Path) -> None:
    project = broken_catalog(tmp_path / "project")
    run("validate", "--cache-dir", str(tmp_path / "cache"), cwd=project)
    assert len(stores(tmp_path / "cache")) == 1
    run("validate", cwd=project)
    assert len(stores(project / ".cache" / "journeys")) == 1


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    project = broken_catalog(tmp_path / "project")
    done = run("validate", "--no-cache", "--cache-dir", str(tmp_path / "cache"), cwd=project)
    assert done.returncode == 1
    assert not (tmp_path / "cache").exists()
    assert not (project / ".cache").exists()


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_a_warm_run_prints_what_a_cold_one_does(output: str, tmp_path: Path) -> None:
    project = broken_catalog(tmp_path / "project")
    (project / "journeys" / "retail" / "broken.yaml").write_text("id: broken\nid: twice\n")
    uncached = run("validate", "--format", output, "--no-cache", cwd=project)
    cold = run("validate", "--format", output, cwd=project)
    warm = run("validate", "--format", output, cwd=project)
    assert stores(project / ".cache" / "journeys")
    expected = (uncached.returncode, uncached.stdout, uncached.stderr)
    assert expected[0] == 1 and "duplicate-key" in expected[1]
    assert (cold.returncode, cold.stdout, cold.stderr) == expected
    assert (warm.returncode, warm.stdout, warm.stderr) == expected


def test_a_cache_folder_that_cannot_be_made_does_not_fail_validation(tmp_path: Path) -> None:
    project = broken_catalog(tmp_path / "project")
    (tmp_path / "a-file").write_text("not a folder\n")
    expected = run("validate", "--no-cache", cwd=project)
    done = run("validate", "--cache-dir", str(tmp_path / "a-file" / "cache"), cwd=project)
    assert (done.returncode, done.stdout, done.stderr) == (
        expected.returncode,
        expected.stdout,
        expected.stderr,
    )
    assert (tmp_path / "a-file").read_text() == "not a folder\n"
