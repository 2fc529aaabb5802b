"""The key of every group of pages: a hash of everything its pages are made from.

Pages come in groups (`PageWriter.groups`), each made from one part of the catalog:

- a journey's page, and a future journey's comparison with the journey it improves: the
  journey's data and that of the journeys it names or that name it (related, improves,
  improved by: their titles are on the page);
- a registry entry's page (with the continuation pages of its long tables): of every
  journey that names the entry, its own fields and the parts that name the entry (a
  touchpoint, a stage, the opportunities: every list on the page is of the places that
  name it), and the whole data of every journey a measurements row naming it is about;
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
from typing import Any

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
    listed = known(digests)
    every = None if listed is None else [_hash(*listed)]  # once for all the catalog-wide groups
    keys: dict[Group, str | None] = {}
    for group in groups:
        if group[0] in ("journey", "compare"):
            journey = catalog.journeys.get(group[1])
            shown = known({group[1], *neighbours(journey, index)}) if journey else None
            edit = repr(edits.get(group[1]))
        elif group[0] == "entry":
            parts = naming.get((group[1], group[2]), {})
            shown = known(parts.get("", ()))  # journeys a measurements row naming it is about
            if shown is not None:
                shown += sorted(f"{j}\0{files[j]}\0{d}" for j, d in parts.items() if j)
            edit = ""
        else:
            shown, edit = every, ""
        keys[group] = None if shown is None else _hash(site, *group, edit, *shown)
    return keys


def _naming(catalog: Catalog, memo: Memo | None) -> dict[tuple[str, str], dict[str, Any]]:
    """For each registry entry, the digest of what each journey that names it shows on its
    page (`_shown`), by journey id; under "" the set of journeys that a measurements row
    naming it is about (their whole data)."""
    naming: dict[tuple[str, str], dict[str, Any]] = {}
    for journey in catalog.journeys:
        for entry, digest in made(memo, "shown on entry pages", journey, _shown).items():
            naming.setdefault(entry, {})[journey.id] = digest
    for reference in outside_journeys(catalog):
        if reference.journey is not None:
            found = naming.setdefault((reference.target, reference.id), {})
            found.setdefault("", set()).add(reference.journey)
    return naming


def _shown(journey: Journey) -> dict[tuple[str, str], str]:
    """For each registry entry the journey names, a digest of what its page may show of the
    journey: every row such a page lists of a journey is about one touchpoint (with its pain
    points and scores), a stage or the opportunities, with the journey's title and the
    stage's name. So: the journey's own fields, its stages' and touchpoints' ids, and the
    parts that name the entry (`_part`). A change elsewhere in the journey leaves the
    entry's key as it was."""
    data = journey.source.document.data
    if not isinstance(data, dict):
        return {}
    listed = data.get("stages")
    stages: list[Any] = listed if isinstance(listed, list) else []
    frame = {key: value for key, value in data.items() if key not in ("stages", "opportunities")}
    frame["\0outline"] = [
        [s.get("id"), [t.get("id") for t in s.get("touchpoints") or [] if isinstance(t, dict)]]
        for s in stages
        if isinstance(s, dict)
    ]
    parts: dict[tuple[str, str], set[str]] = {}
    for reference in journey_references(journey):
        parts.setdefault((reference.target, reference.id), set()).add(
            _part(data, reference.source.path, reference.path)
        )
    own = _dumps(frame)
    return {entry: _hash(own, *sorted(found)) for entry, found in parts.items()}


def _part(data: dict[str, Any], path: tuple[str | int, ...], field: tuple[str | int, ...]) -> str:
    """The part of the journey's data that a page naming an entry by `field` of the entity
    at `path` shows, as text: the whole journey for its own fields (owner, personas,
    related: their pages count its touchpoints and pain points), a whole stage for the
    catalog stage it is met at (that stage's page lists its touchpoints), a stage's own
    fields for its scores, a touchpoint (with its stage's own fields) for what a
    touchpoint, its pain points and scores name, and the opportunities for theirs."""
    if not path:
        return _dumps(data)
    if path[:1] == ("opportunities",):
        return _dumps(["opportunities", data.get("opportunities")])
    if path[:1] != ("stages",) or len(path) < 2:
        return _dumps([path, field])
    try:
        stage = data["stages"][path[1]]
        if len(path) == 2 and field == ("stage",):
            return _dumps([path, stage])
        own = {k: v for k, v in stage.items() if k != "touchpoints"}
        if len(path) >= 4 and path[2] == "touchpoints":
            return _dumps([path[:4], own, stage["touchpoints"][path[3]]])
        return _dumps([path[:2], own])
    except (KeyError, IndexError, TypeError):
        return _dumps([path, field, "?"])


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


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
