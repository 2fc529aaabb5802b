"""`outputs.check_folder`: a folder is replaced only when it is new, empty, or made by journeys,
and the catalog, the docs, the project and `.git` never are."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InvalidArgument
from generator.outputs import (
    GENERATED,
    MARKER,
    Guarded,
    check_file,
    check_folder,
    check_kept,
    guarded,
    looks_built,
    looks_generated,
    mark,
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("journeys/retail", "docs", ".git", "work"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "journeys" / "catalog.yaml").write_text("organization: X\n")
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    monkeypatch.chdir(tmp_path / "work")
    return tmp_path


def keep(project: Path) -> Guarded:
    return guarded(project, [project / "journeys"], project / "docs")


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("journeys", "is the catalog"),
        ("journeys/retail", "is in the catalog"),
        ("journeys/retail/new", "is in the catalog"),
        ("docs", "is the docs folder"),
        ("docs/site", "is in the docs folder"),
        (".git", "is the git repository"),
        (".git/objects", "is in the git repository"),
        (".", "is the project folder"),
        ("..", "holds the catalog"),
        ("work", "is the working folder"),
    ],
)
def test_the_places_of_the_project_are_never_a_target(
    project: Path, target: str, says: str
) -> None:
    folder = project / target
    with pytest.raises(InvalidArgument) as raised:
        check_folder(folder, keep(project), "--out")
    assert says in str(raised.value)
    assert str(raised.value).count("\n") == 0


def test_a_kept_place_is_kept_even_when_it_holds_the_marker_or_is_empty(project: Path) -> None:
    mark(project / "journeys")
    (project / "docs" / "index.md").unlink()
    kept = keep(project)
    for target in ("journeys", "docs"):
        with pytest.raises(InvalidArgument):
            check_folder(project / target, kept, "--out")


def test_a_link_to_a_kept_place_is_refused(project: Path) -> None:
    (project / "site").symlink_to(project / "journeys")
    with pytest.raises(InvalidArgument, match="is the catalog"):
        check_folder(project / "site", keep(project), "--site-dir")


def test_a_new_an_empty_and_a_marked_folder_may_be_replaced(project: Path) -> None:
    kept = keep(project)
    assert check_folder(project / "site", kept, "--out") == (project / "site").resolve()
    (project / "empty").mkdir()
    check_folder(project / "empty", kept, "--out")
    (project / "ours").mkdir()
    (project / "ours" / "page.html").write_text("x")
    mark(project / "ours")
    assert (project / "ours" / MARKER).is_file()
    check_folder(project / "ours", kept, "--out")


def test_a_foreign_folder_or_a_file_is_refused(project: Path) -> None:
    kept = keep(project)
    (project / "mine").mkdir()
    (project / "mine" / "notes.txt").write_text("mine")
    with pytest.raises(InvalidArgument, match=r"--out .*mine is not empty and was not made by"):
        check_folder(project / "mine", kept, "--out")
    (project / "file").write_text("x")
    with pytest.raises(InvalidArgument, match="is a file, not a folder"):
        check_folder(project / "file", kept, "--out")


def test_a_site_built_before_the_marker_may_be_replaced_by_a_build_only(project: Path) -> None:
    kept = keep(project)
    site = project / "site"
    for name in ("index.html", "sitemap.xml", "assets/journeys/journeys.js"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x")
    assert looks_built(site)
    check_folder(site, kept, "--site-dir", made=looks_built)
    with pytest.raises(InvalidArgument):
        check_folder(site, kept, "--out")
    (site / "sitemap.xml").unlink()
    with pytest.raises(InvalidArgument):
        check_folder(site, kept, "--site-dir", made=looks_built)


def test_a_file_is_never_written_into_the_catalog_or_git(project: Path) -> None:
    kept = keep(project)
    for target in ("journeys/retail/open.yaml", ".git/config"):
        with pytest.raises(InvalidArgument, match="where nothing is ever written"):
            check_file(project / target, kept, "--out")
    assert check_file(project / "catalog.json", kept, "--out") == project / "catalog.json"


def test_a_cache_folder_may_hold_anything_but_is_never_a_kept_place(project: Path) -> None:
    (project / ".cache" / "journeys").mkdir(parents=True)
    (project / ".cache" / "journeys" / "x.svg").write_text("<svg/>")
    assert check_kept(project / ".cache" / "journeys", keep(project), "cache_dir")
    for target in ("journeys", "docs/cache", "."):
        with pytest.raises(InvalidArgument, match="which journeys never writes into"):
            check_kept(project / target, keep(project), "cache_dir")


def test_a_tree_generated_before_the_marker_may_be_replaced_by_generate_only(
    project: Path,
) -> None:
    out = project / "build"
    (out / "docs").mkdir(parents=True)
    (out / "mkdocs.yml").write_text(f"{GENERATED}: the catalog's pages.\nsite_name: X\n")
    check_folder(out, keep(project), "--out", made=looks_generated)
    with pytest.raises(InvalidArgument):
        check_folder(out, keep(project), "--out")
    (out / "notes.txt").write_text("mine")
    with pytest.raises(InvalidArgument, match="was not made by journeys"):
        check_folder(out, keep(project), "--out", made=looks_generated)
    (out / "notes.txt").unlink()
    (out / "mkdocs.yml").write_text("site_name: Mine\n")
    with pytest.raises(InvalidArgument, match="was not made by journeys"):
        check_folder(out, keep(project), "--out", made=looks_generated)


def test_a_folder_holding_its_own_git_repository_is_never_replaced(project: Path) -> None:
    site = project / "site"
    (site / ".git").mkdir(parents=True)
    mark(site)
    with pytest.raises(InvalidArgument, match=r"site holds a git repository \(.git\)"):
        check_folder(site, keep(project), "--site-dir", made=looks_built)
