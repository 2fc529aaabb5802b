"""Documents kept between validations of one catalog, so that a preview re-reads only what changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.load import Document, Loaded, load_catalog, parse_file, unreadable
from generator.load.files import SourceFile
from generator.model.build import build_journey
from generator.model.references import Reference, journey_references
from generator.model.types import Journey
from generator.validate.schema import check_document


class DocumentCache:
    """Each file's document, schema problems and journey, kept while its bytes stay the same.

    A file is read again on every validation (reading is cheap) but parsed again, with
    positions, only when its bytes changed: a file saved within the same second at the
    same size is never mistaken for the old one.
    """

    def __init__(self) -> None:
        self._read: dict[tuple[Path, str], tuple[bytes, Document | None, list[Diagnostic]]] = {}
        self._checked: dict[tuple[int, str], tuple[Document, list[Diagnostic]]] = {}
        self._journeys: dict[int, tuple[Document, Journey]] = {}
        self._references: dict[int, tuple[Journey, list[Reference]]] = {}
        self.parsed = 0
        """How many files the last `load` parsed (the others came from the cache)."""

    def load(self, root: Path) -> Loaded:
        """Every file of the catalog at `root`, as `load_catalog` reads them; only the files
        whose bytes changed since the last call are parsed again."""
        self.parsed = 0
        loaded = load_catalog(root, self.read)
        self._keep(loaded.files.files)
        return loaded

    def read(self, source: SourceFile) -> tuple[Document | None, list[Diagnostic]]:
        """The file's document and the problems met reading it, as `load_file` gives them."""
        try:
            raw = source.path.read_bytes()
        except OSError as e:
            return None, [unreadable(source, e)]
        key = (source.path, source.shown)
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        found = self._read.get(key)
        if found is not None and found[0] == digest:
            return found[1], list(found[2])
        self.parsed += 1
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
