"""Acceptance: nothing outside the catalog is read, nothing but regular files is opened, and
`journeys new` and `journeys import` write only inside the catalog."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.site.content import checked_catalog
from tests.support import journey, write_catalog

from .test_validate_cli import JOURNEYS

#: Seconds a command may take here: one that waits on a FIFO fails instead of hanging.
TIMEOUT = 60


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(JOURNEYS), *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") if p.is_file() else ""
        for p in sorted(folder.rglob("*"))
        if not p.is_symlink() and not p.is_fifo()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_catalog(tmp_path / "project")
    return tmp_path / "project"


SECRET = "secret-journey-from-elsewhere"


def outside_journey(tmp_path: Path) -> Path:
    """A valid journey file outside the project, whose title must never be published."""
    path = tmp_path / "elsewhere" / "stolen.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(journey("stolen", title=SECRET)), encoding="utf-8")
    return path


@pytest.mark.parametrize("cache", [["--no-cache"], ["--cache-dir", ".cache"], []])
def test_a_link_out_of_the_catalog_is_reported_and_never_read(
    project: Path, tmp_path: Path, cache: list[str]
) -> None:
    catalog = project / "journeys"
    (catalog / "leak.yaml").symlink_to("/etc/passwd")
    (catalog / "retail" / "stolen.yaml").symlink_to(outside_journey(tmp_path))
    (catalog / "shared").symlink_to(tmp_path / "elsewhere")
    done = run("validate", *cache, cwd=project)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"journeys/{name}:1:1: error [skipped-file] points outside the catalog: it is not "
        "read; move what it points to into the catalog, or remove the link"
        for name in ("leak.yaml", "retail/stolen.yaml", "shared")
    ]
    exported = run("export", cwd=project)
    assert exported.returncode == 1 and exported.stdout == ""
    for output in (done, exported):
        assert "root:" not in output.stdout + output.stderr
        assert SECRET not in output.stdout + output.stderr


@pytest.mark.parametrize("cache", [["--no-cache"], ["--cache-dir", ".cache"]])
def test_a_fifo_special_file_or_dangling_link_is_skipped_without_waiting(
    project: Path, cache: list[str]
) -> None:
    catalog = project / "journeys"
    os.mkfifo(catalog / "a.yaml")
    os.mkfifo(catalog / "measurements.csv")
    (catalog / "retail" / "gone.yaml").symlink_to(catalog / "nowhere.yaml")
    (catalog / "null.yml").symlink_to(os.devnull)
    done = run("validate", *cache, cwd=project)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "journeys/a.yaml:1:1: error [skipped-file] is a FIFO (named pipe), not a regular "
        "file: it is not read; remove it",
        "journeys/measurements.csv:1:1: error [skipped-file] is a FIFO (named pipe), not a "
        "regular file: it is not read; remove it",
        "journeys/null.yml:1:1: error [skipped-file] points outside the catalog: it is not "
        "read; move what it points to into the catalog, or remove the link",
        "journeys/retail/gone.yaml:1:1: error [skipped-file] is a link to nothing (its target "
        "is missing): it is not read",
    ]


def test_a_catalog_linked_inside_itself_is_read_once(project: Path) -> None:
    catalog = project / "journeys"
    (catalog / "retail" / "loop").symlink_to(catalog)
    done = run("validate", "--format", "json", cwd=project)
    found = json.loads(done.stdout)["diagnostics"]
    assert [(d["file"], d["code"]) for d in found] == [("journeys/retail/loop", "skipped-file")]


def test_new_journey_never_writes_through_a_link_out_of_the_catalog(
    project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "journeys" / "ext").symlink_to(elsewhere)
    (project / "journeys" / "ext-journey.yaml").symlink_to(elsewhere / "x.yaml")
    before = tree(tmp_path)
    done = run("new", "journey", "x", "--folder", "ext", cwd=project)
    assert (done.returncode, done.stderr) == (
        2,
        "journeys: --folder 'ext' leads outside the catalog through a link: journeys are "
        "written only inside it\n",
    )
    done = run("new", "journey", "ext-journey", cwd=project)
    assert done.returncode == 1 and "is a link to nothing" in done.stderr
    assert tree(tmp_path) == before and list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("kind", ["dangling", "outside", "fifo"])
def test_new_entry_never_writes_a_registry_file_that_is_a_link_out_or_not_a_file(
    project: Path, tmp_path: Path, kind: str
) -> None:
    registry = project / "journeys" / "registry" / "standards.yaml"
    registry.unlink()
    target = tmp_path / "elsewhere.yaml"
    if kind == "outside":
        target.write_text("standards: []\n")
    if kind == "fifo":
        os.mkfifo(registry)
    else:
        registry.symlink_to(target)
    before = tree(tmp_path)
    done = run("new", "standard", "new-one", cwd=project)
    says = {"dangling": "is a link to nothing", "outside": "leads outside the catalog",
            "fifo": "is not a regular file"}  # fmt: skip
    assert done.returncode == 1 and says[kind] in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1
    assert tree(tmp_path) == before


def test_import_reads_no_fifo_and_writes_no_journey_through_a_link(
    project: Path, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "diagram.mmd")
    done = run("import", "mermaid", str(tmp_path / "diagram.mmd"), cwd=project)
    assert done.returncode == 2 and "is a FIFO (named pipe)" in done.stderr
    exported = run("export", "--format", "mermaid", "open-account", "--out", "d.mmd", cwd=project)
    assert exported.returncode == 0, exported.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "journeys" / ".ext").symlink_to(elsewhere)  # hidden: the catalog still validates
    done = run("import", "mermaid", "d.mmd", "--id", "copy", "--out", "journeys/.ext/copy.yaml",
               cwd=project)  # fmt: skip
    assert (done.returncode, done.stderr) == (
        2,
        "journeys: journeys/.ext/copy.yaml leads outside the catalog through a link: files are "
        "written only inside it\n",
    )
    assert list(elsewhere.iterdir()) == []


def test_a_link_named_on_the_command_line_is_reported_as_itself(project: Path) -> None:
    (project / "journeys" / "leak.yaml").symlink_to("/etc/passwd")
    done = run("validate", "journeys/leak.yaml", cwd=project)
    assert done.returncode == 1
    assert done.stdout.startswith("journeys/leak.yaml:1:1: error [skipped-file] points outside")


def test_a_link_or_fifo_added_is_seen_by_the_next_validation(project: Path) -> None:
    catalog = project / "journeys"
    assert not checked_catalog(catalog).result.errors
    os.mkfifo(catalog / "retail" / "pipe.yaml")
    [found] = checked_catalog(catalog).result.sorted()
    assert (found.code, Path(found.file).name) == ("skipped-file", "pipe.yaml")


@pytest.mark.parametrize("name", ["huge.yaml", "measurements/huge.csv"])
def test_a_huge_file_is_refused_without_being_read_whole(project: Path, name: str) -> None:
    huge = project / "journeys" / name
    huge.parent.mkdir(exist_ok=True)
    with huge.open("wb") as f:
        f.truncate(3 * 1024**3)  # sparse: 3 GiB that take no disk
    measure = (
        "import resource, subprocess, sys; "
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "print(done.stdout, end='')"
    )
    done = subprocess.run(
        ["python3", "-c", measure, str(JOURNEYS), "validate", "--no-cache"],
        cwd=project, capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )  # fmt: skip
    first, *lines = done.stdout.splitlines()
    code, peak_kib = map(int, first.split())
    assert code == 1
    code_and_limit = (
        "csv-syntax] file is larger than the limit of 67,108,864"
        if name.endswith(".csv")
        else "yaml-limit] file is larger than the limit of 1,048,576"
    )
    assert [line for line in lines if f"journeys/{name}:" in line] == [
        f"journeys/{name}:1:1: error [{code_and_limit} bytes: split it into smaller files"
    ]
    assert peak_kib < 512 * 1024, "the file was read whole"
