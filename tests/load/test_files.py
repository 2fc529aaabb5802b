"""Finding a catalog's files and their kinds (docs/format.md §1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import CatalogNotFound
from generator.load.files import discover, find_root


def touch(root: Path, *paths: str) -> None:
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("x: 1\n")


def test_kinds_and_order(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "catalog.yaml",
        "registry/silos.yaml",
        "registry/notes.yaml",
        "z/deep/er/journey-b.yml",
        "a-journey.yaml",
        "README.md",
        ".hidden/x.yaml",
        "registry/.draft.yaml",
    )
    kinds = [(f.path.relative_to(tmp_path).as_posix(), f.kind) for f in discover(tmp_path).files]
    assert kinds == [
        ("catalog.yaml", "catalog"),
        ("registry/notes.yaml", "unknown"),
        ("registry/silos.yaml", "silos"),
        ("a-journey.yaml", "journey"),
        ("z/deep/er/journey-b.yml", "journey"),
    ]


def test_root_is_found_from_a_file_or_folder_inside(tmp_path: Path) -> None:
    touch(tmp_path, "catalog.yaml", "retail/a.yaml")
    assert find_root(tmp_path / "retail" / "a.yaml") == tmp_path
    assert find_root(tmp_path / "retail") == tmp_path


def test_a_folder_without_catalog_is_its_own_root(tmp_path: Path) -> None:
    assert find_root(tmp_path) == tmp_path


def test_a_missing_path_aborts(tmp_path: Path) -> None:
    with pytest.raises(CatalogNotFound, match="no such file or folder"):
        find_root(tmp_path / "nope")
