"""Acceptance: no command replaces a folder it did not make; the catalog, the docs, the
project and `.git` are never a target (exit 2, one sentence, nothing touched)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.outputs import MARKER

from .conftest import journeys, make_project

#: Each command that writes a folder, with the option that names it.
COMMANDS = {
    "build": ("build", "--site-dir"),
    "generate": ("generate", "--out"),
    "export-csv": ("export", "--format", "csv", "--out"),
}
#: Folders no command may replace, from the project folder, and what the refusal says.
FORBIDDEN = {
    "journeys": "is the catalog",
    "journeys/cards": "is in the catalog",
    "docs": "is the docs folder",
    ".": "is the project folder",
    "..": "holds the catalog",
    ".git": "is the git repository",
    "mine": "was not made by journeys",
    "README.md": "is a file",
}


def tree(folder: Path) -> dict[str, str]:
    """Every file and link under `folder`, with a digest of its content."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[name] = "folder"
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_project(tmp_path_factory.mktemp("outputs") / "project")
    (folder / "README.md").write_text("# Our project\n")
    (folder / "pyproject.toml").write_text("[project]\nname = 'ours'\n")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "mine").mkdir()
    (folder / "mine" / "notes.txt").write_text("mine, not the tool's\n")
    (folder / "to-catalog").symlink_to("journeys")
    return folder


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("target", [*FORBIDDEN, "to-catalog"])
def test_a_folder_the_tool_did_not_make_is_never_replaced(
    project: Path, command: str, target: str
) -> None:
    before = tree(project.parent)
    done = journeys(*COMMANDS[command], target, cwd=project)
    says = FORBIDDEN.get(target, "is the catalog")
    if command == "export-csv" and target == "docs":  # export knows no mkdocs.yml
        says = FORBIDDEN["mine"]
    assert done.returncode == 2, done.stderr
    assert says in done.stderr.splitlines()[-1] and target in done.stderr, done.stderr
    assert target == "README.md" or done.stderr.count("\n") == 1  # click's own usage error
    assert tree(project.parent) == before


def test_a_file_export_never_writes_into_the_catalog(project: Path) -> None:
    before = tree(project.parent)
    for target in ("journeys/cards/report-lost-card.yaml", "to-catalog/new.json", ".git/HEAD"):
        done = journeys("export", "--out", target, cwd=project)
        assert done.returncode == 2, done.stderr
        assert "where nothing is ever written" in done.stderr
    assert tree(project.parent) == before


@pytest.mark.slow
def test_plain_mkdocs_build_never_builds_into_the_catalog(project: Path) -> None:
    before = tree(project.parent)
    mkdocs = Path(sys.executable).parent / "mkdocs"
    for target in ("journeys", "journeys/cards", ".git"):  # MkDocs itself refuses "."
        done = subprocess.run([str(mkdocs), "build", "-q", "-d", target], cwd=project,
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        assert done.returncode == 1, done.stderr
        assert f"journeys: site_dir {target} is" in done.stderr
    assert tree(project.parent) == before


@pytest.mark.slow
def test_what_the_tool_made_it_replaces(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert journeys("build", cwd=project).returncode == 0
    assert (project / "site" / MARKER).is_file()
    (project / "site" / MARKER).unlink()  # a site built before the marker: still a site
    assert journeys("build", cwd=project).returncode == 0
    assert (project / "site" / MARKER).is_file()
    (project / "empty").mkdir()
    for args in (("generate", "--out", "empty"), ("export", "--format", "csv", "--out", "tables")):
        assert journeys(*args, cwd=project).returncode == 0
        assert journeys(*args, cwd=project).returncode == 0, "made by it: replaced"
    assert (project / "empty" / MARKER).is_file() and (project / "tables" / MARKER).is_file()
    (project / "empty" / MARKER).unlink()  # a tree generated before the marker: still one
    assert journeys("generate", "--out", "empty", cwd=project).returncode == 0


@pytest.mark.parametrize("target", ["journeys", "journeys/cards", "docs", ".", ".git/cache"])
def test_a_cache_folder_is_never_a_place_of_the_project(project: Path, target: str) -> None:
    before = tree(project.parent)
    if target != "docs":  # validate reads no mkdocs.yml, so knows no docs folder
        done = journeys("validate", "--cache-dir", target, cwd=project)
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        assert done.stderr.startswith(f"journeys: --cache-dir {target} ")
        assert "which journeys never writes into" in done.stderr
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    try:
        config.write_text(text.replace("      catalog: journeys", f"      cache_dir: {target}"))
        assert f"cache_dir: {target}" in config.read_text(encoding="utf-8")
        done = journeys("build", cwd=project)
        assert done.returncode == 2 and f"cache_dir {target} " in done.stderr, done.stderr
    finally:
        config.write_text(text)
    assert tree(project.parent) == before
