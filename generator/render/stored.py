"""Pages kept between builds, so that a build renders again only what changed.

The store is a folder of JSON files, one per group of pages, each named by a hash of
everything its pages are made from (like the diagram cache, which its pages' diagrams
stay in). Two kinds of group:

- a journey's page: made from the journey's document, the journeys it names or that name
  it (related, improves, improved by: their titles are on the page), and everything the
  whole site depends on;
- every other page, with `/catalog.json`: made from the whole catalog.

"Everything the whole site depends on" is the generator itself (its code, templates,
assets and schemas, and Jinja's version), the page templates that override ours, the
build's options, the day (stale journeys, reports) and the catalog without its journeys
(catalog.yaml, the registries, the measurements and volumes). A journey is known by its
file's name and the data read from it, not by its model, so that keying a large catalog
costs milliseconds. Keys are a hash of all of that: any change makes its groups again,
and pages are never shown stale.

A stored file is plain JSON (it cannot run code); one that cannot be read, is of another
format or whose diagrams are no longer in the diagram cache is a miss, and its pages are
rendered again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import marshal
import os
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator.load.csv_table import CsvTable
from generator.model.export import export
from generator.model.index import CatalogIndex, neighbours
from generator.model.types import Catalog, Journey, Registry
from generator.validate.schema import schema_dir

#: Bump when what a stored file holds, or what a key covers, changes.
FORMAT = "2"
_PACKAGE = Path(__file__).resolve().parents[1]
_SOURCES = (".py", ".j2", ".css", ".js", ".json", ".html")


@dataclass
class Group:
    """The pages of one group as the site has them: each page's Markdown and held blocks
    by source path, other files by path, and diagram files by path with their cache key."""

    pages: dict[str, str] = field(default_factory=dict)
    held: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    diagrams: dict[str, str] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)
    """A journey's entry in `/catalog.json`, by its id."""


@dataclass
class Keys:
    """The key of each journey's page (None when it cannot be keyed) and of the other pages."""

    journeys: dict[str, str | None]
    rest: str | None


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

    def get(self, key: str | None) -> Group | None:
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

    def put(self, key: str | None, group: Group) -> None:
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
        """Delete the stored groups this build did not use; returns how many."""
        if not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.glob("*.json"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def keys(
    catalog: Catalog, index: CatalogIndex, options: Iterable[object], edits: dict[str, str | None]
) -> Keys:
    """The key of every group of the site of `catalog`, built with `options` (the build's
    settings, the day and the template overrides folder), `edits` being each journey's
    edit link."""
    site = _hash(FORMAT, generator_digest(), *map(repr, options), _beyond_journeys(catalog))
    digests = {j.id: _document_digest(j) for j in catalog.journeys}
    journeys: dict[str, str | None] = {}
    for journey in catalog.journeys:
        own = digests[journey.id]
        if own is None:
            journeys[journey.id] = None
            continue
        shown = sorted(neighbours(journey, index))
        if any(digests.get(n, "") is None for n in shown):
            journeys[journey.id] = None
            continue
        journeys[journey.id] = _hash(
            site, "journey", journey.id, journey.source.file, repr(edits.get(journey.id)), own,
            *(f"{n}\0{_neighbour_file(catalog, n)}\0{digests.get(n, '-')}" for n in shown),
        )  # fmt: skip
    whole = [f"{j.id}\0{j.source.file}\0{digests[j.id]}" for j in catalog.journeys]
    rest = None if any(d is None for d in digests.values()) else _hash(site, "rest", *whole)
    return Keys(journeys, rest)


def overrides_digest(folder: Path | None) -> str:
    """A hash of the names and contents of the template overrides in `folder`."""
    return _hash(*_files_of([folder] if folder is not None else []))


@functools.cache
def generator_digest() -> str:
    """A hash of the generator's code, templates, assets and schemas, and Jinja's version:
    another version of the tool never reuses pages it did not make."""
    return _hash(jinja2.__version__, *_files_of([_PACKAGE, schema_dir()]))


def _files_of(folders: Iterable[Path]) -> Iterator[str]:
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in _SOURCES and path.is_file() and "__pycache__" not in path.parts:
                yield path.relative_to(folder).as_posix()
                yield hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def _beyond_journeys(catalog: Catalog) -> str:
    """The catalog without its journeys, as text: what every page may show of it."""
    data = export(dataclasses.replace(catalog, journeys=Registry()))
    data["measurements"] = [_rows_digest(table, rows) for table, rows in catalog.measurements.parts]
    data["rules"] = catalog.rules
    data["root"] = catalog.root
    return json.dumps(data, sort_keys=True, default=str)


def _rows_digest(table: CsvTable, rows: array[int]) -> str:
    """A hash of a scores file's rows kept: their cells, column by column (a million rows
    are hashed in a moment, where writing them out as data would take seconds)."""
    digest = hashlib.blake2b(table.file.encode(), digest_size=16)
    for name in table.names:
        digest.update("\0".join([name, *table.distinct[name]]).encode("utf-8", "surrogatepass"))
        digest.update(table.codes[name].tobytes())
    digest.update(rows.tobytes())
    return digest.hexdigest()


def _document_digest(journey: Journey) -> str | None:
    """A hash of the data read from the journey's file (None if it cannot be hashed)."""
    try:
        raw = marshal.dumps(journey.source.document.data, 2)  # version 2: no shared refs
    except ValueError:
        return None
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _neighbour_file(catalog: Catalog, journey_id: str) -> str:
    found = catalog.journeys.get(journey_id)
    return found.source.file if found is not None else "-"


def _hash(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0\1")
    return digest.hexdigest()


def _group(data: Any) -> Group:
    """A stored group read back, its shape checked: anything else raises ValueError."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a stored group of this format")
    group = Group(data["pages"], data["held"], data["files"], data["diagrams"], data["parts"])
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
