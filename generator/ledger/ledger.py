"""The ledger: the catalog's files by content digest, and what each produced."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.ledger.document_store import DocumentStore, Entry, Key
from generator.ledger.memo import Memo
from generator.load import Document, Loaded, load_catalog, parse_file, read_source, unreadable
from generator.load.csv_table import CsvTable
from generator.load.files import CatalogFiles, SourceFile
from generator.model.build import build_journey
from generator.model.references import Reference, journey_references
from generator.model.types import Journey


class Ledger:
    """Each file of one catalog by the digest of its bytes, and what was made from it.

    A file is read again on every round (reading is cheap) but parsed again, with positions,
    only when its bytes changed: a file saved within the same second at the same size is
    never mistaken for the old one. An unchanged file gives the very document of the last
    round, so that everything made from it (its schema problems, its journey, what rules
    found in it, its pages: `memo`) is found again rather than made. `frame` is the digest
    of every file that is not a journey (catalog.yaml, the registries, the measurements):
    whatever reads them as well as one journey is kept with it (`Memo.get`'s `also`).

    A ledger made by `stored` starts from the documents a previous run saved (see
    `document_store.py`) and `save` writes them back: only the parse is skipped, everything
    else is checked as before.
    """

    def __init__(self, store: DocumentStore | None = None) -> None:
        self._store = store
        self.files: dict[Key, Entry] = store.load() if store is not None else {}
        """Each file as last read: the digest of its bytes, its document, its problems."""
        self.memo = Memo()
        """What was made from the documents and the model they built."""
        self.frame = ""
        """The digest of the catalog's files that are not journeys, as of the last `load`."""
        self.parsed = 0
        """How many files the last `load` parsed (the others were in the ledger)."""

    @classmethod
    def stored(cls, folder: Path, root: Path) -> Ledger:
        """A ledger holding the documents stored in `folder` for the catalog at `root` (none
        when the store is missing, damaged or written by another version)."""
        return cls(DocumentStore(folder, root))

    def save(self) -> bool:
        """Write the documents of the catalog's files (as of the last `load`) to the store
        this ledger came from. Save before positions are forgotten (`forget_positions`), or
        the store would keep documents without them. False when there is no store or it
        cannot be written (a read-only folder): the next run then parses every file."""
        return self._store is not None and self._store.save(self.files)

    def load(self, root: Path, files: CatalogFiles | None = None) -> Loaded:
        """Every file of the catalog at `root` (or `files`), as `load_catalog` reads them;
        only the files whose bytes changed since the last call are parsed again."""
        self.parsed = 0
        loaded = load_catalog(root, self.read, files)
        wanted = {(s.path, s.shown): s.kind for s in loaded.files.files}
        self.files = {k: v for k, v in self.files.items() if k in wanted}
        frame = hashlib.blake2b(digest_size=16)
        for key, kind in sorted(wanted.items()):
            if kind != "journey" and key in self.files:
                frame.update(f"{key[1]}\0{kind}\0".encode("utf-8", "surrogatepass"))
                frame.update(self.files[key][0])
        self.frame = frame.hexdigest()
        return loaded

    def read(self, source: SourceFile) -> tuple[Document | None, list[Diagnostic]]:
        """The file's document and the problems met reading it, as `load_file` gives them."""
        try:
            raw = read_source(source)
        except OSError as e:
            return None, [unreadable(source, e)]
        key = (source.path, source.shown)
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        found = self.files.get(key)
        if found is not None and found[0] == digest:
            return found[1], list(found[2])
        self.parsed += 1
        document, problems = parse_file(source, raw)
        if document is not None and not isinstance(document, CsvTable):
            document.pack()  # a tenth of the memory, until a position is asked for
        self.files[key] = (digest, document, problems)
        return document, list(problems)

    def catalog_digest(self) -> str:
        """A digest of every file as last read: its name and the digest of its bytes."""
        digest = hashlib.blake2b(digest_size=16)
        for (_, name), entry in sorted(self.files.items()):
            digest.update(name.encode("utf-8", "surrogatepass") + b"\0" + entry[0])
        return digest.hexdigest()

    def journey(self, document: Document) -> Journey:
        """The journey built from a schema-valid document, as `build_journey` builds it."""
        return self.memo.get("journey", document, build_journey)

    def references(self, journey: Journey) -> list[Reference]:
        """The references a journey makes, as `journey_references` lists them."""
        return self.memo.get("references", journey, lambda j: list(journey_references(j)))
