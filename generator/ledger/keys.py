"""The key of every group of pages: a hash of everything its pages are made from.

Pages come in groups (`PageWriter.groups`), each made from one part of the catalog:

- a journey's page, and a future journey's comparison with the journey it improves: the
  journey's data and that of the journeys it names or that name it (related, improves,
  improved by: their titles are on the page);
- a registry entry's page (with the continuation pages of its long tables): the data of
  every journey that names the entry, and of every journey a measurements row naming it
  is about (every list on the page is of the places that name it);
- the home page and the catalog-wide groups (the indexes, the reports): every journey.

Every key also covers what every page depends on: the generator itself (its code,
templates, assets and schemas, and Jinja's version), the page templates that override
ours, the build's options, the day (stale journeys, reports) and the catalog without its
journeys (catalog.yaml, the registries, the measurements and volumes). A journey is known
by its file's name and a digest of the data read from it, not by its model, so that keying
a large catalog costs milliseconds. Any change makes its groups again: a group whose key
the ledger holds is taken as it is, and pages are never shown stale.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import marshal
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

import jinja2

from generator.ledger.memo import Memo, made
from generator.load.csv_table import CsvTable
from generator.model.export import export
from generator.model.index import CatalogIndex, neighbours
from generator.model.references import journey_references, outside_journeys
from generator.model.types import Catalog, Journey, Registry
from generator.validate.schema import schema_dir

#: Bump when what a key covers changes.
FORMAT = "3"
_PACKAGE = Path(__file__).resolve().parents[1]
_SOURCES = (".py", ".j2", ".css", ".js", ".json", ".html")

Group = tuple[str, ...]
"""Pages made from one part of the catalog (see `render/pages.py`)."""


def group_keys(
    catalog: Catalog,
    index: CatalogIndex,
    groups: Iterable[Group],
    options: Iterable[object],
    edits: dict[str, str | None],
    memo: Memo | None = None,
    beyond: str | None = None,
) -> dict[Group, str | None]:
    """The key of each of `groups` of the site of `catalog`, built with `options` (the
    build's settings, the day and the template overrides), `edits` being each journey's
    edit link; None for a group that cannot be keyed (made every time). Each journey's
    digest and references are kept in `memo`, when given, while it stays the same.
    `beyond` is `beyond_journeys(catalog)`, when it was already made."""
    beyond = beyond or beyond_journeys(catalog)
    site = _hash(FORMAT, generator_digest(), *map(repr, options), beyond)
    digests = {j.id: made(memo, "digest", j, _document_digest) for j in catalog.journeys}
    files = {j.id: j.source.file for j in catalog.journeys}

    def known(journey_ids: Iterable[str]) -> list[str] | None:
        found = []
        for journey_id in sorted(set(journey_ids)):
            digest = digests.get(journey_id, "-")
            if digest is None:
                return None
            found.append(f"{journey_id}\0{files.get(journey_id, '-')}\0{digest}")
        return found

    naming = _naming(catalog, memo)
    keys: dict[Group, str | None] = {}
    for group in groups:
        if group[0] in ("journey", "compare"):
            journey = catalog.journeys.get(group[1])
            shown = known({group[1], *neighbours(journey, index)}) if journey else None
            edit = repr(edits.get(group[1]))
        elif group[0] == "entry":
            shown, edit = known(naming.get((group[1], group[2]), ())), ""
        else:
            shown, edit = known(digests), ""
        keys[group] = None if shown is None else _hash(site, *group, edit, *shown)
    return keys


def _naming(catalog: Catalog, memo: Memo | None) -> dict[tuple[str, str], set[str]]:
    """The journeys that name each registry entry, or that a measurements row naming it is
    about."""
    naming: dict[tuple[str, str], set[str]] = {}
    for journey in catalog.journeys:
        for target, entry in made(memo, "names", journey, _names):
            naming.setdefault((target, entry), set()).add(journey.id)
    for reference in outside_journeys(catalog):
        if reference.journey is not None:
            naming.setdefault((reference.target, reference.id), set()).add(reference.journey)
    return naming


def _names(journey: Journey) -> frozenset[tuple[str, str]]:
    return frozenset((r.target, r.id) for r in journey_references(journey))


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


def beyond_journeys(catalog: Catalog) -> str:
    """A digest of the catalog without its journeys: what every page may show of it."""
    data = export(dataclasses.replace(catalog, journeys=Registry()))
    data["measurements"] = [_rows_digest(table, rows) for table, rows in catalog.measurements.parts]
    data["rules"] = catalog.rules
    data["root"] = catalog.root
    return _hash(json.dumps(data, sort_keys=True, default=str))


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


def _hash(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0\1")
    return digest.hexdigest()
