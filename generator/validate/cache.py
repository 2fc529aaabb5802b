"""Documents kept between validations of one catalog, so that a preview re-reads only what
changed, and, stored on disk, so that the next run of a command does too."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.load import (
    Document,
    Loaded,
    load_catalog,
    parse_file,
    read_source,
    unreadable,
)
from generator.load.files import CatalogFiles, SourceFile
from generator.model.build import build_journey
from generator.model.memo import Memo
from generator.model.references import Reference, journey_references
from generator.model.types import Journey
from generator.validate.schema import check_document
from generator.validate.store import Store


class DocumentCache:
    """Each file's document, schema problems and journey, kept while its bytes stay the same.

    A file is read again on every validation (reading is cheap) but parsed again, with
    positions, only when its bytes changed: a file saved within the same second at the
    same size is never mistaken for the old one.

    A cache made by `stored` starts from the documents a previous run saved, and `save`
    writes them back: only the parse is skipped, everything else is checked as before.
    """

    def __init__(self) -> None:
        self._read: dict[tuple[Path, str], tuple[bytes, Document | None, list[Diagnostic]]] = {}
        self._store: Store | None = None
        self._checked: dict[tuple[int, str], tuple[Document, list[Diagnostic]]] = {}
        self._journeys: dict[int, tuple[Document, Journey]] = {}
        self._references: dict[int, tuple[Journey, list[Reference]]] = {}
        self.parsed = 0
        """How many files the last `load` parsed (the others came from the cache)."""
        self.memo = Memo()
        """What rules found in each journey (see `JourneyRule`): a new memo whenever a file
        that is not a journey changed, appeared or went."""
        self._others: set[tuple[Path, str]] = set()

    @classmethod
    def stored(cls, folder: Path, root: Path) -> DocumentCache:
        """A cache holding the documents stored in `folder` for the catalog at `root` (none
        when the store is missing, damaged or written by another version: see `store.py`)."""
        cache = cls()
        cache._store = Store(folder, root)
        cache._read = cache._store.load()
        return cache

    def save(self) -> bool:
        """Write the documents of the catalog's files (as of the last `load`) to the store
        this cache came from. Save before positions are forgotten (`forget_positions`), or
        the store would keep documents without them. False when the cache has no store or
        it cannot be written (a read-only folder): the next run then parses every file."""
        return self._store is not None and self._store.save(self._read)

    def load(self, root: Path, files: CatalogFiles | None = None) -> Loaded:
        """Every file of the catalog at `root` (or `files`), as `load_catalog` reads them;
        only the files whose bytes changed since the last call are parsed again."""
        self.parsed = 0
        loaded = load_catalog(root, self.read, files)
        self._keep(loaded.files.files)
        others = {(s.path, s.shown) for s in loaded.files.files if s.kind != "journey"}
        if others != self._others:
            self.memo = Memo()
        self._others = others
        return loaded

    def read(self, source: SourceFile) -> tuple[Document | None, list[Diagnostic]]:
        """The file's document and the problems met reading it, as `load_file` gives them."""
        try:
            raw = read_source(source)
        except OSError as e:
            return None, [unreadable(source, e)]
        key = (source.path, source.shown)
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        found = self._read.get(key)
        if found is not None and found[0] == digest:
            return found[1], list(found[2])
        self.parsed += 1
        if source.kind != "journey":
            self.memo = Memo()
        document, problems = parse_file(source, raw)
        self._read[key] = (digest, document, problems)
        return document, list(problems)

    def check(self, document: Document, kind: str) -> list[Diagnostic]:
        """The document's schema problems, as `check_document` gives them."""
        found = self._checked.get((id(document), kind))
        if found is not None and found[0] is document:
            return list(found[1])
        problems = check_document(document, kind)
        self._checked[(id(document), kind)] = (document, problems)
        return list(problems)

    def journey(self, document: Document) -> Journey:
        """The journey built from a schema-valid document, as `build_journey` builds it."""
        found = self._journeys.get(id(document))
        if found is not None and found[0] is document:
            return found[1]
        built = build_journey(document)
        self._journeys[id(document)] = (document, built)
        return built

    def references(self, journey: Journey) -> list[Reference]:
        """The references a journey makes, as `journey_references` lists them."""
        found = self._references.get(id(journey))
        if found is not None and found[0] is journey:
            return found[1]
        listed = list(journey_references(journey))
        self._references[id(journey)] = (journey, listed)
        return listed

    def _keep(self, sources: tuple[SourceFile, ...]) -> None:
        """Forget the files that are no longer among `sources`, and their documents."""
        wanted = {(s.path, s.shown) for s in sources}
        self._read = {k: v for k, v in self._read.items() if k in wanted}
        alive = {id(doc) for _, doc, _ in self._read.values() if doc is not None}
        self._checked = {k: v for k, v in self._checked.items() if k[0] in alive}
        self._journeys = {k: v for k, v in self._journeys.items() if k in alive}
        journeys = {id(journey) for _, journey in self._journeys.values()}
        self._references = {k: v for k, v in self._references.items() if k in journeys}
