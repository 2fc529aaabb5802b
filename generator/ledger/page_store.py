"""The ledger's pages kept on disk between builds, so that a build renders again only what
changed.

The store is a folder of JSON files, one per group of pages, each named by the group's key
(`keys.py`: a hash of everything its pages are made from), like the diagram cache, which
its pages' diagrams stay in. A stored file is plain JSON (it cannot run code); one that
cannot be read, is of another format or whose diagrams are no longer in the diagram cache
is a miss, and its pages are rendered again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Bump when what a stored file holds changes.
FORMAT = "3"


@dataclass
class StoredGroup:
    """The pages of one group as the site has them: each page's Markdown and held blocks
    by source path, other files by path, and diagram files by path with their cache key."""

    pages: dict[str, str] = field(default_factory=dict)
    held: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    diagrams: dict[str, str] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)
    """A journey's entry in `/catalog.json`, by its id."""


@dataclass
class Stats:
    """How many groups of pages a build took from the store, and how many it made."""

    kept: int = 0
    made: int = 0

    def __str__(self) -> str:
        return f"{self.kept} page groups from the cache, {self.made} made"


class PageStore:
    """Groups of pages in `folder`, their diagrams in the diagram cache `diagrams`."""

    def __init__(self, folder: Path, diagrams: Path) -> None:
        self.folder = folder
        self.diagrams = diagrams
        self.used: set[str] = set()
        self.stats = Stats()

    def get(self, key: str | None) -> StoredGroup | None:
        """The stored group of `key`, if it is whole and its diagrams are still cached."""
        if key is None:
            return None
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            group = _group(data)
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if not all((self.diagrams / f"{k}.svg").is_file() for k in group.diagrams.values()):
            return None
        self.used.add(key)
        self.stats.kept += 1
        return group

    def put(self, key: str | None, group: StoredGroup) -> None:
        """Keep `group` under `key`; a store that cannot be written is left as it is."""
        self.stats.made += 1
        if key is None:
            return
        self.used.add(key)
        data = {"format": FORMAT, **dataclasses.asdict(group)}
        partial = self.folder / f".{key}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with partial.open("w", encoding="utf-8") as out:  # a page at a time: no copy
                json.dump(data, out, ensure_ascii=False)  # of the whole group in memory
            partial.replace(self.folder / f"{key}.json")
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)

    def prune(self) -> int:
        """Delete the stored groups this build did not use, of the kinds of site it built
        (the part of a key before its first `-`: pages with their tables held aside, for
        MkDocs, or written in, for a tree): a build with one engine keeps the other's.
        Returns how many were deleted."""
        if not self.folder.is_dir():
            return 0
        removed = 0
        kinds = {key.partition("-")[0] for key in self.used}
        for path in self.folder.glob("*.json"):
            if path.stem not in self.used and path.stem.partition("-")[0] in kinds:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def _group(data: Any) -> StoredGroup:
    """A stored group read back, its shape checked: anything else raises ValueError."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a stored group of this format")
    group = StoredGroup(data["pages"], data["held"], data["files"], data["diagrams"], data["parts"])
    for table, kind in ((group.pages, str), (group.files, str), (group.diagrams, str),
                        (group.parts, str)):  # fmt: skip
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, kind) for k, v in table.items()
        ):
            raise ValueError("a table of the wrong shape")
    if not isinstance(group.held, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(b, str) for b in v)
        for k, v in group.held.items()
    ):
        raise ValueError("held blocks of the wrong shape")
    if any(not _is_key(k) for k in group.diagrams.values()):
        raise ValueError("a diagram key that is not a hash")
    tables = (group.pages, group.held, group.files, group.diagrams)
    if not all(_inside(path) for table in tables for path in table):
        raise ValueError("a path outside the site")
    return group


def _inside(path: str) -> bool:
    """Whether `path` is a plain relative path, which stays inside the site."""
    parts = path.split("/")
    return bool(path) and "\\" not in path and all(p not in ("", ".", "..") for p in parts)


def _is_key(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)
