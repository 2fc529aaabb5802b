"""Pages written by forked processes are the pages one process writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.ledger.page_store import PageStore
from generator.model.export import export
from generator.model.index import build_index
from generator.render import build_site
from generator.render.diagrams.engine import Renderer
from generator.render.environment import environment
from generator.render.links import Linker
from generator.render.pages import PageWriter
from generator.render.paging import PAGE_SIZE
from generator.render.site_content import SiteContent, SpilledBlocks, dumps
from generator.render.workers import forked
from generator.validate import validate_catalog
from tests.support import TODAY

REPO = Path(__file__).parents[2]


@pytest.mark.parametrize("hold", [False, True])
def test_forked_workers_write_the_same_site_and_record_every_diagram(
    tmp_path: Path, hold: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = validate_catalog(REPO / "journeys", TODAY)
    assert checked.catalog is not None
    assert len(checked.catalog.journeys) > 6
    monkeypatch.setattr("generator.render.workers.CHUNK", 3)  # several tasks, as at scale
    one = Renderer(cache=tmp_path / "one")
    alone = build_site(checked.catalog, on_day=TODAY, diagrams=one, hold=hold)
    two = Renderer(cache=tmp_path / "two")
    shared = build_site(checked.catalog, on_day=TODAY, diagrams=two, hold=hold, workers=2)

    assert shared.pages == alone.pages
    assert list(shared.pages) == list(alone.pages)  # in the same order
    exported = dumps(export(checked.catalog)) + "\n"  # journeys' entries made by the workers
    assert shared.files["catalog.json"].decode("utf-8") == exported
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


def test_the_other_pages_when_journeys_come_from_the_page_store(tmp_path: Path) -> None:
    """Journey pages kept, the other pages made again: the forked processes share those."""
    checked = validate_catalog(REPO / "journeys", TODAY)
    assert checked.catalog is not None
    alone = build_site(checked.catalog, on_day=TODAY, diagrams=Renderer(cache=tmp_path / "one"),
                       hold=True)  # fmt: skip
    store = PageStore(tmp_path / "pages", tmp_path / "two")
    two = Renderer(cache=tmp_path / "two")
    build_site(checked.catalog, on_day=TODAY, diagrams=two, hold=True, page_store=store)
    every = store.stats.made
    for stored in (tmp_path / "pages").glob("*.json"):
        if not json.loads(stored.read_text())["parts"]:  # not a journey's page
            stored.unlink()

    store = PageStore(tmp_path / "pages", tmp_path / "two")
    shared = build_site(checked.catalog, on_day=TODAY, diagrams=Renderer(cache=tmp_path / "two"),
                        hold=True, workers=2, page_store=store)  # fmt: skip
    journeys = len(checked.catalog.journeys)
    assert (store.stats.kept, store.stats.made) == (journeys, every - journeys)
    assert list(shared.pages) == list(alone.pages)
    assert shared.pages == alone.pages
    assert shared.held == alone.held
    assert shared.files == alone.files


def test_the_shares_of_the_groups_are_every_page_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However the groups are dealt among the processes, each page is written once."""
    checked = validate_catalog(REPO / "journeys", TODAY)
    assert checked.catalog is not None
    catalog = checked.catalog
    env = environment(None)
    env.globals["search_touchpoints"] = True
    writer = PageWriter(env, catalog, Linker(catalog), build_index(catalog), TODAY,
                        None, None, PAGE_SIZE, False)  # fmt: skip
    groups = list(writer.groups())
    monkeypatch.setattr("generator.render.workers.OTHER_TASKS", 2)
    written = SiteContent()
    with forked(writer, Renderer(cache=tmp_path), 3, groups, written) as parts:
        assert len(parts) > 6
        for part in parts:
            written.merge(part.result()[0])
    every = [path for group in groups for path in written.groups[group]]
    assert len(every) == len(set(every)) == len(written.pages) > len(groups)


def test_held_blocks_spilled_to_disk_are_the_blocks_kept_in_memory(tmp_path: Path) -> None:
    checked = validate_catalog(REPO / "journeys", TODAY)
    assert checked.catalog is not None
    kept = build_site(checked.catalog, on_day=TODAY, diagrams=Renderer(cache=tmp_path / "d"),
                      hold=True)  # fmt: skip
    spilled = build_site(checked.catalog, on_day=TODAY, diagrams=Renderer(cache=tmp_path / "d"),
                         hold=True, workers=2, spill=tmp_path / "held")  # fmt: skip
    assert isinstance(spilled.held, SpilledBlocks)
    assert len(list((tmp_path / "held").glob("*.json"))) == len(kept.held) > 20
    assert dict(spilled.held) == kept.held
    assert spilled.pages == kept.pages
