"""The docs folder the site is made from: nothing in it that leads out of it, or that is not a
regular file, is read or published; the build stops and names it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import journeys, make_project

pytestmark = pytest.mark.slow

SECRET = "a-secret-outside-the-project"


def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(f"# {SECRET}\n", encoding="utf-8")
    return secret


HAZARDS: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "a link to a file outside": (
        lambda docs, tmp: (docs / "leak.md").symlink_to(outside(tmp)),
        "docs/leak.md points outside the docs folder: it is not read; move what it points to "
        "into the docs folder, or remove the link",
    ),
    "a link to a folder outside": (
        lambda docs, tmp: (docs / "system").symlink_to(outside(tmp).parent),
        "docs/system points outside the docs folder: it is not read; move what it points to "
        "into the docs folder, or remove the link",
    ),
    "a FIFO": (
        lambda docs, tmp: os.mkfifo(docs / "pipe.md"),
        "docs/pipe.md is a FIFO (named pipe), not a regular file: it is not read; remove it",
    ),
}


@pytest.mark.parametrize("hazard", HAZARDS)
@pytest.mark.parametrize("command", [["build", "--site-dir", "out"], ["generate", "--out", "out"]])
def test_the_docs_folder_holds_only_its_own_regular_files(
    tmp_path: Path, hazard: str, command: list[str]
) -> None:
    project = make_project(tmp_path / "project")
    make, message = HAZARDS[hazard]
    make(project / "docs", tmp_path)
    done = journeys(*command, cwd=project)
    assert done.returncode == 1
    assert message in done.stderr
    assert not (project / "out").exists(), "nothing is written"
    assert SECRET not in done.stdout + done.stderr
