"""Journey pages written by forked processes are the pages one process writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.render import build_site
from generator.render.diagrams.engine import Renderer
from generator.validate import validate_catalog
from tests.support import TODAY

REPO = Path(__file__).parents[2]


@pytest.mark.parametrize("hold", [False, True])
def test_forked_workers_write_the_same_site_and_record_every_diagram(
    tmp_path: Path, hold: bool
) -> None:
    checked = validate_catalog(REPO / "journeys", TODAY)
    assert checked.catalog is not None
    one = Renderer(cache=tmp_path / "one")
    alone = build_site(checked.catalog, on_day=TODAY, diagrams=one, hold=hold)
    two = Renderer(cache=tmp_path / "two")
    shared = build_site(checked.catalog, on_day=TODAY, diagrams=two, hold=hold, workers=2)

    assert shared.pages == alone.pages
    assert list(shared.pages) == list(alone.pages)  # in the same order
    assert shared.held == alone.held
    assert shared.files == alone.files
    assert {p: c.name for p, c in shared.copies.items()} == {
        p: c.name for p, c in alone.copies.items()
    }
    assert all(c.is_file() for c in shared.copies.values())
    # Diagrams drawn by the workers count as drawn, once each, and as used: pruning keeps them.
    assert two.stats.rendered == one.stats.rendered > 0
    assert two.used == one.used
    assert two.prune() == 0
    assert sorted(p.name for p in (tmp_path / "two").glob("*.svg")) == sorted(
        p.name for p in (tmp_path / "one").glob("*.svg")
    )
