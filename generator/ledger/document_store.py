"""The ledger's documents kept on disk, so that a run parses only the files that changed since the last.

One file per catalog holds, for each catalog file, the digest of its bytes, its document
(data and the position of every key and value) and the problems met parsing it. A file
whose bytes have the same digest is not parsed again: the stored document is used as the
parser would have made it.

The format is `marshal`, not `pickle` and not JSON. `pickle` builds any object a file
names, so a store restored from a CI cache could run code; `marshal` builds only
built-in values and never calls anything, and the structure around each document's data
is checked for the expected types before use. JSON would be as safe, but has no tuples:
for a 1,000-journey catalog (466,000 value and 326,000 key positions) `json.loads` took
3.1 s against marshal's 1.0 s with paths written out, and 0.6 s against 0.2 s with the
paths written as below, where parsing the YAML takes 3.4 s. Python's documentation warns
that marshal is not hardened against malicious bytes: a crafted store could make the
reader fail (the store is then ignored) or, at worst, stop the process, and like a store
of parsed data in any format it could lie about a file; keep the cache folder where
only the catalog's own CI writes it.

A store file is one header line, `journeys document store <FORMAT> <stamp>`, where the
stamp names everything the parse depends on besides a file's bytes (PARSER_VERSION, the
package's version, a digest of the loader's source, PyYAML's version, the Python that
wrote it); then the 32-byte BLAKE2b digest of the body; then the body, marshalled:

    (root, ((path, shown, digest, document | None, ((code, severity, message, file,
    line, column), ...)), ...))

where a document is `(file, data, steps, parents, values, keys)` (a measurements table
is `("table", file, text, names, header, distinct, codes, lines, starts)`: see below): its
positions packed as the ledger holds them (`Document.pack`: every path of the document is
numbered, path 0 being `()` and path i being path `parents[i - 1]` followed by
`steps[i - 1]`; `parents` is an array of unsigned ints, and `values` and `keys` are arrays
of (path number, line, column) triples, all as bytes), read back packed and unpacked only
when a position is asked for. A file that cannot be
read, has another header, fails its digest or does not decode to these shapes is
ignored: the store is then empty, and every file is parsed.

A measurements table (`CsvTable`) is stored as its columns: `names` and `header` (each
column's name, and the line and column of its header cell, as an array of ints), for each
column its distinct texts (`distinct`) and the array of each row's code (`codes`), then
the arrays of each row's line and start, and the file's text, from which positions are
found again. A table of a million rows is then a few arrays and one string, not a million
rows of mappings.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import marshal
import os
import sys
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

import generator
from generator import diagnostics
from generator import load as _load
from generator.diagnostics import Diagnostic, Location, Severity
from generator.load.csv_table import CsvTable
from generator.load.document import Document, Positions
from generator.load.files import read_regular

#: Bump when the loader changes what it makes from the same bytes (a message, a position).
PARSER_VERSION = 1
#: Bump when the layout of a store file changes.
FORMAT = 2
#: The folder under a cache folder (`--cache-dir`, the plugin's `cache_dir`) that holds stores.
FOLDER = "documents"

#: What the ledger keeps per file: `(SourceFile.path, SourceFile.shown)`.
Key = tuple[Path, str]
#: What the ledger keeps of a file: the digest of its bytes, its document, its problems.
Entry = tuple[bytes, Document | None, list[Diagnostic]]

_HEADER = b"journeys document store"
_CHECKSUM = 32
_PLAIN = (dict, list, str, int, float, bool, type(None))


class _Broken(ValueError):
    """The store file does not hold what this module writes."""


class DocumentStore:
    """The store file of one catalog in a folder: `load` its entries, `save` them back.

    Entries loaded and saved again unchanged are not encoded again, and a save that
    changes nothing writes nothing.
    """

    def __init__(self, folder: Path, root: Path) -> None:
        self.root = root.resolve()
        name = hashlib.blake2b(str(self.root).encode(), digest_size=8).hexdigest()
        self.folder = folder
        self.file = folder / f"{name}.store"
        self._loaded: dict[Key, tuple[bytes, Document | None, tuple[Any, ...]]] = {}

    def load(self) -> dict[Key, Entry]:
        """Every entry of the store file; none when it is missing, unreadable or damaged."""
        self._loaded = {}
        try:
            raw = read_regular(self.file, limit=None)
        except OSError:
            return {}
        try:
            with _no_collection():
                encoded = _body(raw, self.root)
                entries = {}
                for item in encoded:
                    key, entry = _decode_entry(item)
                    entries[key] = entry
                    self._loaded[key] = (entry[0], entry[1], item)
        except Exception:  # bytes of any shape may come back from a cache: parse instead
            self._loaded = {}
            return {}
        return entries

    def save(self, entries: Mapping[Key, Entry]) -> bool:
        """Write `entries` as the store file, atomically; False when it cannot be written.

        Positions are read from each document now: save before they are forgotten."""
        if len(entries) == len(self._loaded) and all(
            self._unchanged(key, entry) for key, entry in entries.items()
        ):
            return True
        try:
            with _no_collection():
                encoded = tuple(
                    self._loaded[key][2]
                    if self._unchanged(key, entry)
                    else _encode_entry(key, entry)
                    for key, entry in entries.items()
                )
                body = marshal.dumps((str(self.root), encoded))
        except (
            ValueError,
            OverflowError,
        ):  # not a parser's document: store nothing rather than fail
            return False
        checksum = hashlib.blake2b(body, digest_size=_CHECKSUM).digest()
        partial = self.folder / f".{self.file.name}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _ignore_in_git(self.folder)
            with partial.open("wb") as out:  # in parts: no second copy of the body
                out.writelines((_header(), checksum, body))
            os.replace(partial, self.file)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            return False
        self._loaded = {
            key: (entry[0], entry[1], item)
            for (key, entry), item in zip(entries.items(), encoded, strict=True)
        }
        return True

    def _unchanged(self, key: Key, entry: Entry) -> bool:
        found = self._loaded.get(key)
        return found is not None and found[0] == entry[0] and found[1] is entry[1]


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Pause the cycle collector: decoding or encoding a store makes a million small objects,
    none in a cycle, and each collection meanwhile would only scan them again (a third of
    the time for 1,000 journeys)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@functools.cache
def _header() -> bytes:
    return b"%s %d %s\n" % (_HEADER, FORMAT, _stamp().encode())


def _stamp() -> str:
    """What a parse depends on besides the file's bytes."""
    loader = hashlib.blake2b(digest_size=8)
    sources = sorted(Path(_load.__file__).parent.glob("*.py"))
    for module in [*sources, Path(diagnostics.__file__)]:  # messages use `describe`
        with contextlib.suppress(OSError):  # an install without sources: the versions remain
            loader.update(module.read_bytes())
    libyaml = "libyaml" if getattr(yaml, "__with_libyaml__", False) else "pure"
    return (
        f"parser={PARSER_VERSION} journey-catalog={generator.__version__} "
        f"loader={loader.hexdigest()} pyyaml={yaml.__version__}/{libyaml} "
        f"python={sys.implementation.cache_tag}/{marshal.version}/{sys.byteorder}"
    )


def _ignore_in_git(folder: Path) -> None:
    """Keep the folder out of version control, as pytest and ruff do with theirs."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# written by journeys: a cache, never committed\n*\n")


def _body(raw: bytes, root: Path) -> tuple[Any, ...]:
    end = raw.find(b"\n") + 1
    if not end or raw[:end] != _header():
        raise _Broken("another version")
    # Views, not slices: a store holding a large measurements file is tens of megabytes.
    checksum, body = raw[end : end + _CHECKSUM], memoryview(raw)[end + _CHECKSUM :]
    if hashlib.blake2b(body, digest_size=_CHECKSUM).digest() != checksum:
        raise _Broken("damaged")
    stored_root, encoded = marshal.loads(body)
    if stored_root != str(root) or type(encoded) is not tuple:
        raise _Broken("another catalog")
    return encoded


def _encode_entry(key: Key, entry: Entry) -> tuple[Any, ...]:
    digest, document, problems = entry
    diagnostics = tuple(
        (d.code, str(d.severity), d.message, d.file, d.line, d.column) for d in problems
    )
    coded = (
        None
        if document is None
        else _encode_table(document)
        if isinstance(document, CsvTable)
        else _encode_document(document)
    )
    return (str(key[0]), key[1], digest, coded, diagnostics)


def _decode_entry(item: Any) -> tuple[Key, Entry]:
    path, shown, digest, coded, diagnostics = _expect(item, 5)
    if type(path) is not str or type(shown) is not str or type(digest) is not bytes:
        raise _Broken("entry")
    document = (
        None
        if coded is None
        else _decode_table(coded)
        if type(coded) is tuple and coded[:1] == ("table",)
        else _decode_document(coded)
    )
    problems = [_decode_diagnostic(d) for d in _expect(diagnostics)]
    return (Path(path), shown), (digest, document, problems)


def _decode_diagnostic(item: Any) -> Diagnostic:
    code, severity, message, file, line, column = _expect(item, 6)
    if not all(type(v) is str for v in (code, severity, message, file)):
        raise _Broken("diagnostic")
    if type(line) is not int or type(column) is not int:
        raise _Broken("diagnostic")
    return Diagnostic(code, Severity(severity), message, Location(file, line, column))


def _encode_document(document: Document) -> tuple[Any, ...]:
    return (document.file, document.data, *document.pack())


def _decode_document(coded: Any) -> Document:
    file, data, steps, parents, values, keys = _expect(coded, 6)
    if type(file) is not str or type(data) not in _PLAIN or type(steps) is not tuple:
        raise _Broken("document")
    if not set(map(type, steps)) <= {str, int}:
        raise _Broken("path")
    if not all(type(b) is bytes for b in (parents, values, keys)):
        raise _Broken("numbers")
    if len(parents) != 4 * len(steps) or len(values) % 12 or len(keys) % 12:
        raise _Broken("positions")
    if any(parent > n for n, parent in enumerate(_ints(parents))):
        raise _Broken("a path before its parent")
    for flat in (_ints(values), _ints(keys)):
        if flat and max(flat[::3]) > len(steps):
            raise _Broken("positions of paths that are not there")
    # Unpacked only when a position is asked for (`Positions`).
    return Document(file, data, Positions.from_packed(steps, parents, values),
                    Positions.from_packed(steps, parents, keys))  # fmt: skip


def _encode_table(table: CsvTable) -> tuple[Any, ...]:
    header = array("I", (n for name in table.names for n in table.keys[(name,)]))
    distinct = tuple(tuple(table.distinct[name]) for name in table.names)
    codes = tuple(table.codes[name].tobytes() for name in table.names)
    return ("table", table.file, table.text, table.names, header.tobytes(), distinct, codes,
            table.lines.tobytes(), table.starts.tobytes())  # fmt: skip


def _decode_table(coded: Any) -> CsvTable:
    _, file, text, names, header, distinct, codes, lines, starts = _expect(coded, 9)
    if type(file) is not str or type(text) is not str:
        raise _Broken("table")
    names, distinct, codes = _expect(names), _expect(distinct), _expect(codes)
    if not all(type(n) is str for n in names) or not len(names) == len(distinct) == len(codes):
        raise _Broken("columns")
    positions = _ints(header)
    rows, begins = _ints(lines), _ints(starts)
    if len(positions) != 2 * len(names) or len(begins) != len(rows):
        raise _Broken("rows")
    table = CsvTable(file, None, text=text, names=names, lines=rows, starts=begins)
    for k, name in enumerate(names):
        texts, column = _expect(distinct[k]), _ints(codes[k])
        if not all(type(t) is str for t in texts) or len(column) != len(rows):
            raise _Broken("column")
        if column and max(column) >= len(texts):
            raise _Broken("codes")
        table.keys[(name,)] = (positions[2 * k], positions[2 * k + 1])
        table.distinct[name], table.codes[name] = list(texts), column
    return table


def _ints(coded: Any) -> array[int]:
    if type(coded) is not bytes:
        raise _Broken("numbers")
    numbers = array("I")
    numbers.frombytes(coded)  # ValueError when not a whole number of ints
    return numbers


def _expect(item: Any, size: int | None = None) -> tuple[Any, ...]:
    if type(item) is not tuple or (size is not None and len(item) != size):
        raise _Broken("shape")
    return item
