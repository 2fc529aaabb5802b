"""`checked_catalog` with a document store: saved with every position before they are forgotten."""

from __future__ import annotations

from pathlib import Path

from generator.ledger import Ledger
from generator.load import load_catalog
from generator.site.content import checked_catalog
from tests.support import journey, write_catalog


def test_the_store_keeps_the_positions_a_build_forgets(tmp_path: Path) -> None:
    root = write_catalog(tmp_path, [journey("open-account"), journey("close-account")])
    checked = checked_catalog(root, store=tmp_path / "store")
    assert checked.documents and all(not d.values and not d.keys for d in checked.documents)

    cache = Ledger.stored(tmp_path / "store", root.resolve())
    warm = cache.load(root.resolve())
    fresh = load_catalog(root.resolve())
    assert cache.parsed == 0
    stored = [(i.document.values, i.document.keys) for i in warm.loaded if i.document]
    parsed = [(i.document.values, i.document.keys) for i in fresh.loaded if i.document]
    assert stored == parsed
    assert all(values for values, _ in stored)


def test_without_a_store_nothing_is_written(tmp_path: Path) -> None:
    root = write_catalog(tmp_path)
    checked_catalog(root)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journeys"]
