"""`journeys build` leaves a site as it is when nothing it is built from changed, and
builds it whenever anything did."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import journeys, make_project

pytestmark = pytest.mark.slow

UP_TO_DATE = "site/ is up to date"
EPOCH = {"SOURCE_DATE_EPOCH": "1790000000"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose site was built once, kept as it was built."""
    project = make_project(tmp_path_factory.mktemp("built"))
    done = journeys("build", cwd=project, env=EPOCH)
    assert done.returncode == 0, done.stderr
    assert UP_TO_DATE not in done.stderr
    return project


def copy_of(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project, its site built there once (a record is of a folder)."""
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    done = journeys("build", cwd=project, env=EPOCH)
    assert done.returncode == 0 and UP_TO_DATE not in done.stderr, done.stderr
    return project


def listing(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*")}


def test_nothing_changed_leaves_the_site_as_it_is(built: Path, tmp_path: Path) -> None:
    project = copy_of(built, tmp_path)
    before = listing(project / "site")
    again = journeys("build", cwd=project, env=EPOCH)
    assert again.returncode == 0, again.stderr
    assert UP_TO_DATE in again.stderr
    assert "pages into" not in again.stderr
    assert listing(project / "site") == before


def touch_journey(project: Path) -> None:
    path = project / "journeys" / "cards" / "report-lost-card.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")


def edit_config(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\ncopyright: Northwind\n")


def add_doc(project: Path) -> None:
    (project / "docs" / "more.md").write_text("# More\n", encoding="utf-8")


def damage_site(project: Path) -> None:
    (project / "site" / "index.html").unlink()


def add_to_site(project: Path) -> None:
    (project / "site" / "stray.html").write_text("<p>not built</p>", encoding="utf-8")


CHANGES: dict[str, Callable[[Path], None]] = {
    "a journey file's bytes": touch_journey,
    "mkdocs.yml": edit_config,
    "a page in the docs folder": add_doc,
    "a file deleted from the site": damage_site,
    "a file added to the site": add_to_site,
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_builds_the_site_again(change: str, built: Path, tmp_path: Path) -> None:
    project = copy_of(built, tmp_path)
    CHANGES[change](project)
    again = journeys("build", cwd=project, env=EPOCH)
    assert again.returncode == 0, again.stderr
    assert UP_TO_DATE not in again.stderr
    assert "pages into site/" in again.stderr
    assert (project / "site" / "index.html").is_file()
    assert not (project / "site" / "stray.html").exists()
    then = journeys("build", cwd=project, env=EPOCH)
    assert UP_TO_DATE in then.stderr, then.stderr


def test_another_day_an_environment_value_or_force_builds_again(
    built: Path, tmp_path: Path
) -> None:
    project = copy_of(built, tmp_path)
    later = journeys("build", cwd=project, env={"SOURCE_DATE_EPOCH": "1790086400"})
    assert UP_TO_DATE not in later.stderr and later.returncode == 0, later.stderr
    forced = journeys("build", "--force", cwd=project, env={"SOURCE_DATE_EPOCH": "1790086400"})
    assert UP_TO_DATE not in forced.stderr and forced.returncode == 0, forced.stderr

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nextra:\n  team: !ENV TEAM_NAME\n")
    first = journeys("build", cwd=project, env={**EPOCH, "TEAM_NAME": "one"})
    assert UP_TO_DATE not in first.stderr and first.returncode == 0, first.stderr
    same = journeys("build", cwd=project, env={**EPOCH, "TEAM_NAME": "one"})
    assert UP_TO_DATE in same.stderr
    other = journeys("build", cwd=project, env={**EPOCH, "TEAM_NAME": "two"})
    assert UP_TO_DATE not in other.stderr and other.returncode == 0, other.stderr


def test_a_record_that_cannot_be_read_builds_the_site(built: Path, tmp_path: Path) -> None:
    project = copy_of(built, tmp_path)
    record = project / ".cache" / "journeys" / "builds.json"
    assert record.is_file()
    record.write_text("{not json", encoding="utf-8")
    again = journeys("build", cwd=project, env=EPOCH)
    assert again.returncode == 0 and UP_TO_DATE not in again.stderr, again.stderr
    assert os.path.getsize(record) > 20
