"""Finding a catalog's files and their kinds (docs/format.md §1)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from generator.errors import CatalogNotFound
from generator.load.files import NotRead, discover, display_path, find_root, read_regular


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


def skipped(root: Path) -> dict[str, str]:
    return {d.file: d.message for d in discover(root).skipped}


def test_links_leading_outside_and_files_that_are_not_regular_are_never_listed(
    tmp_path: Path,
) -> None:
    root, outside = tmp_path / "catalog", tmp_path / "outside"
    touch(root, "catalog.yaml", "retail/a.yaml")
    touch(outside, "stolen.yaml", "deep/b.yaml")
    (root / "leak.yaml").symlink_to("/etc/passwd")
    (root / "stolen.yaml").symlink_to(outside / "stolen.yaml")
    (root / "shared").symlink_to(outside / "deep")
    (root / "dangling.yaml").symlink_to(root / "nothing.yaml")
    (root / "same.yaml").symlink_to(root / "retail" / "a.yaml")  # inside: read
    (root / "retail" / "loop").symlink_to(root)
    (root / "elsewhere").symlink_to(root / "retail")
    os.mkfifo(root / "pipe.yaml")
    (root / "notes.txt").symlink_to("/etc/passwd")  # not a catalog file: not looked at
    listed = [f.path.relative_to(root).as_posix() for f in discover(root).files]
    assert listed == ["catalog.yaml", "retail/a.yaml", "same.yaml"]
    found = skipped(root)
    outside_message = "points outside the catalog: it is not read"
    assert sorted(found) == sorted(
        display_path(root / name)
        for name in ("leak.yaml", "stolen.yaml", "shared", "dangling.yaml", "retail/loop",
                     "elsewhere", "pipe.yaml")
    )  # fmt: skip
    assert found[display_path(root / "leak.yaml")].startswith(outside_message)
    assert found[display_path(root / "shared")].startswith(outside_message)
    assert "link to nothing" in found[display_path(root / "dangling.yaml")]
    assert "links to folders are not followed" in found[display_path(root / "retail/loop")]
    assert found[display_path(root / "pipe.yaml")].startswith("is a FIFO (named pipe)")
    assert all(d.code == "skipped-file" and d.severity == "error" for d in discover(root).skipped)


def test_a_socket_or_a_device_is_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "catalog.yaml")
    (tmp_path / "null.yaml").symlink_to(os.devnull)
    with socket.socket(socket.AF_UNIX) as server:
        monkeypatch.chdir(tmp_path)  # a socket's path is short
        server.bind("sock.yaml")
        found = skipped(tmp_path)
    assert "points outside the catalog" in found[display_path(tmp_path / "null.yaml")]
    assert found[display_path(tmp_path / "sock.yaml")].startswith("is a socket")


def test_read_regular_refuses_what_is_not_a_regular_file_inside_the_root(tmp_path: Path) -> None:
    touch(tmp_path, "inside.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "leak.yaml").symlink_to("/etc/passwd")
    assert read_regular(tmp_path / "inside.yaml", tmp_path) == b"x: 1\n"
    with pytest.raises(NotRead, match="FIFO"):
        read_regular(tmp_path / "pipe.yaml")
    with pytest.raises(NotRead, match="points outside the catalog"):
        read_regular(tmp_path / "leak.yaml", tmp_path)
