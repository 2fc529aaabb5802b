"""The document store: a warm run parses only what changed and finds exactly what a cold run finds."""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostic
from generator.ledger import Ledger
from generator.ledger.document_store import DocumentStore as Store
from generator.load import load_catalog
from generator.load.csv_table import CsvTable
from generator.load.document import Document
from generator.model.export import export
from generator.validate import validate_catalog, validate_paths
from tests.support import CASES, TODAY, check, journey, prepare_case, write_catalog

EXAMPLE = Path(__file__).parents[2] / "journeys"


def stored_run(store: Path, root: Path) -> tuple[list[Diagnostic], int]:
    """Validate `root` with the store in `store`, save it, and say how many files were parsed."""
    cache = Ledger.stored(store, root)
    checked = validate_catalog(root, TODAY, cache)
    assert cache.save()
    return checked.result.sorted(), cache.parsed


def store_file(store: Path, root: Path) -> Path:
    return Store(store, root).file


def plain(document: Document) -> tuple[Any, ...]:
    found = (document.file, document.data, document.values, document.keys)
    if isinstance(document, CsvTable):
        columns = (document.names, document.distinct, document.codes, document.text)
        return (*found, *columns, document.lines, document.starts)
    return found


def test_a_warm_store_parses_nothing_and_gives_the_same_documents(tmp_path: Path) -> None:
    fresh = load_catalog(EXAMPLE)
    files = len(fresh.files.files)
    assert stored_run(tmp_path, EXAMPLE) == (check(EXAMPLE), files)

    cache = Ledger.stored(tmp_path, EXAMPLE)
    warm = cache.load(EXAMPLE)
    assert cache.parsed == 0
    assert warm.diagnostics == fresh.diagnostics
    assert [plain(i.document) for i in warm.loaded if i.document] == [
        plain(i.document) for i in fresh.loaded if i.document
    ]
    assert any(i.file.kind == "measurements" for i in warm.loaded)  # CSV files too


def test_a_warm_store_builds_the_same_catalog(tmp_path: Path) -> None:
    cold = validate_catalog(EXAMPLE, TODAY)
    stored_run(tmp_path, EXAMPLE)
    warm = validate_catalog(EXAMPLE, TODAY, Ledger.stored(tmp_path, EXAMPLE))
    assert cold.catalog is not None and warm.catalog is not None
    assert export(warm.catalog) == export(cold.catalog)


@pytest.mark.parametrize(
    "case",
    sorted(p for kind in ("invalid", "valid") for p in (CASES / kind).iterdir() if p.is_dir()),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_every_case_finds_the_same_warm_and_cold(case: Path, tmp_path: Path) -> None:
    prepare_case(case, tmp_path)
    root = tmp_path / "journeys"
    expected = check(root)
    files = len(load_catalog(root).files.files)
    assert stored_run(tmp_path / "store", root) == (expected, files)
    assert stored_run(tmp_path / "store", root) == (expected, 0)


def test_errors_met_parsing_are_stored_with_their_positions(tmp_path: Path) -> None:
    root = write_catalog(tmp_path)
    (root / "retail" / "syntax.yaml").write_text("id: syntax\ntitle: [unclosed\n")
    (root / "retail" / "twice.yaml").write_text("id: twice\nid: again\n")
    expected = check(root)
    assert {d.code for d in expected} >= {"yaml-syntax", "duplicate-key", "schema"}
    stored_run(tmp_path / "store", root)
    assert stored_run(tmp_path / "store", root) == (expected, 0)


def test_only_the_edited_file_is_parsed_again(tmp_path: Path) -> None:
    root = write_catalog(tmp_path, [journey("open-account"), journey("close-account")])
    stored_run(tmp_path / "store", root)
    edited = root / "retail" / "close-account.yaml"
    edited.write_text(edited.read_text().replace("owner: retail", "owner: retial", 1))
    diagnostics, parsed = stored_run(tmp_path / "store", root)
    assert parsed == 1
    assert diagnostics == check(root)
    assert [d.code for d in diagnostics] == ["unknown-ref"]
    assert stored_run(tmp_path / "store", root) == (diagnostics, 0)


def test_a_deleted_file_is_dropped_from_the_store(tmp_path: Path) -> None:
    root = write_catalog(tmp_path, [journey("open-account"), journey("close-account")])
    stored_run(tmp_path / "store", root)
    (root / "retail" / "close-account.yaml").unlink()
    assert stored_run(tmp_path / "store", root) == (check(root), 0)
    kept = {path.name for path, _ in Store(tmp_path / "store", root).load()}
    assert "close-account.yaml" not in kept
    assert "open-account.yaml" in kept


def test_each_catalog_has_its_own_store_file(tmp_path: Path) -> None:
    first = write_catalog(tmp_path / "first")
    second = write_catalog(tmp_path / "second", [journey("close-account")])
    stored_run(tmp_path / "store", first)
    stored_run(tmp_path / "store", second)
    assert store_file(tmp_path / "store", first) != store_file(tmp_path / "store", second)
    assert stored_run(tmp_path / "store", first) == (check(first), 0)
    assert stored_run(tmp_path / "store", second) == (check(second), 0)


def test_a_save_that_changes_nothing_writes_nothing(tmp_path: Path) -> None:
    root = write_catalog(tmp_path)
    stored_run(tmp_path / "store", root)
    written = store_file(tmp_path / "store", root).stat().st_ino  # each write is a new file
    stored_run(tmp_path / "store", root)
    assert store_file(tmp_path / "store", root).stat().st_ino == written


def test_the_store_folder_is_kept_out_of_git(tmp_path: Path) -> None:
    stored_run(tmp_path / "store", write_catalog(tmp_path))
    assert (tmp_path / "store" / ".gitignore").read_text().splitlines()[-1] == "*"


def _truncated(raw: bytes) -> bytes:
    return raw[: len(raw) // 2]


def _flipped(raw: bytes) -> bytes:
    return raw[:-10] + bytes([raw[-10] ^ 0xFF]) + raw[-9:]


def _text_changed(raw: bytes) -> bytes:  # still decodes: only the checksum tells
    assert b"Test Bank" in raw
    return raw.replace(b"Test Bank", b"Best Bank", 1)


def _other_version(raw: bytes) -> bytes:
    return raw.replace(b" parser=", b" parser=0", 1)


def _header_only(raw: bytes) -> bytes:
    return raw.partition(b"\n")[0]


def _empty(raw: bytes) -> bytes:
    return b""


def _noise(raw: bytes) -> bytes:
    return bytes(range(256)) * 64


@pytest.mark.parametrize(
    "damage", [_truncated, _flipped, _text_changed, _other_version, _header_only, _empty, _noise]
)
def test_a_damaged_store_is_ignored(damage: Callable[[bytes], bytes], tmp_path: Path) -> None:
    root = write_catalog(tmp_path)
    (root / "retail" / "syntax.yaml").write_text("id: [unclosed\n")
    expected = check(root)
    files = len(load_catalog(root).files.files)
    stored_run(tmp_path / "store", root)
    file = store_file(tmp_path / "store", root)
    file.write_bytes(damage(file.read_bytes()))
    assert stored_run(tmp_path / "store", root) == (expected, files)
    assert stored_run(tmp_path / "store", root) == (expected, 0)  # and it was written anew


def _resealed(file: Path, change: Callable[[Any], Any]) -> None:
    """Rewrite the store file's body with `change`, under a checksum that matches it."""
    header, _, rest = file.read_bytes().partition(b"\n")
    root, entries = marshal.loads(rest[32:])
    body = marshal.dumps(change((root, entries)))
    file.write_bytes(header + b"\n" + hashlib.blake2b(body, digest_size=32).digest() + body)


def _entry(change: Callable[[list[Any]], None]) -> Callable[[Any], Any]:
    """A change to the body that changes the first stored document (a list of its fields)."""

    def changed(body: Any) -> Any:
        root, entries = body
        first = list(entries[0])
        document = list(first[3])
        change(document)
        first[3] = tuple(document)
        return root, (tuple(first), *entries[1:])

    return changed


SHAPES: dict[str, Callable[[Any], Any]] = {
    "not a pair": lambda body: body[1],
    "another catalog": lambda body: ("/elsewhere", body[1]),
    "entries in a list": lambda body: (body[0], list(body[1])),
    "an entry too short": lambda body: (body[0], (body[1][0][:4], *body[1][1:])),
    "data of no YAML type": _entry(lambda d: d.__setitem__(1, {1, 2})),
    "a path step of no key type": _entry(lambda d: d.__setitem__(2, (1.5, *d[2][1:]))),
    "a path pointing forward": _entry(lambda d: d.__setitem__(3, b"\xff" * len(d[3]))),
    "positions cut short": _entry(lambda d: d.__setitem__(4, d[4][:-4])),
    "positions of no path": _entry(lambda d: d.__setitem__(4, b"\xff" * 12 + d[4][12:])),
    "positions as a tuple": _entry(lambda d: d.__setitem__(5, (1, 1, 1))),
}


@pytest.mark.parametrize("change", SHAPES.values(), ids=SHAPES.keys())
def test_a_store_of_the_wrong_shapes_is_ignored(
    change: Callable[[Any], Any], tmp_path: Path
) -> None:
    root = write_catalog(tmp_path)
    files = len(load_catalog(root).files.files)
    stored_run(tmp_path / "store", root)
    _resealed(store_file(tmp_path / "store", root), change)
    assert stored_run(tmp_path / "store", root) == (check(root), files)


def test_a_diagnostic_of_an_unknown_severity_is_ignored(tmp_path: Path) -> None:
    root = write_catalog(tmp_path)
    (root / "retail" / "twice.yaml").write_text("id: twice\nid: again\n")
    files = len(load_catalog(root).files.files)
    stored_run(tmp_path / "store", root)

    def fatal(body: Any) -> Any:
        root, entries = body
        entry = next(e for e in entries if e[4])
        problem = ("duplicate-key", "fatal", *entry[4][0][2:])
        changed = (*entry[:4], (problem,))
        return root, tuple(changed if e is entry else e for e in entries)

    _resealed(store_file(tmp_path / "store", root), fatal)
    assert stored_run(tmp_path / "store", root) == (check(root), files)


def test_a_store_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    root = write_catalog(tmp_path)
    (tmp_path / "a-file").write_text("not a folder\n")
    cache = Ledger.stored(tmp_path / "a-file" / "store", root)
    checked = validate_catalog(root, TODAY, cache)
    assert checked.result.sorted() == check(root)
    assert cache.save() is False
    assert (tmp_path / "a-file").read_text() == "not a folder\n"


def test_a_cache_without_a_store_saves_nothing(tmp_path: Path) -> None:
    cache = Ledger()
    validate_catalog(write_catalog(tmp_path), TODAY, cache)
    assert cache.save() is False


def test_validate_paths_keeps_a_store_per_catalog(tmp_path: Path) -> None:
    data = journey()
    data["stages"][0]["touchpoints"][0]["owner"] = "digtal"
    root = write_catalog(tmp_path, [data])
    cold = validate_paths([root / "retail"], TODAY)
    assert [d.code for d in cold.sorted()] == ["unknown-ref"]
    first = validate_paths([root / "retail"], TODAY, tmp_path / "store")
    assert (first.sorted(), first.files) == (cold.sorted(), cold.files)
    assert len(Store(tmp_path / "store", root).load()) == len(load_catalog(root).files.files)
    warm = validate_paths([root / "retail"], TODAY, tmp_path / "store")
    assert (warm.sorted(), warm.files) == (cold.sorted(), cold.files)
