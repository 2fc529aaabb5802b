"""Pages made again after a change are exactly the pages made from scratch, and only the
pages the change affects are rendered again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.model.export import export
from generator.render import build_site
from generator.render.diagrams.engine import Renderer
from generator.render.incremental import SiteGenerator
from generator.site.content import checked_catalog
from tests.render.changes import CHANGES, EXAMPLE, MOVE_HOUSE
from tests.support import TODAY


@pytest.fixture(scope="module")
def diagrams(tmp_path_factory: pytest.TempPathFactory) -> Renderer:
    return Renderer(cache=tmp_path_factory.mktemp("diagrams"))


@pytest.mark.parametrize("change", CHANGES)
def test_pages_made_again_are_the_pages_made_from_scratch(
    change: str, tmp_path: Path, diagrams: Renderer
) -> None:
    catalog = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, catalog)
    site = SiteGenerator(diagrams=diagrams, hold=True)
    first = checked_catalog(catalog, incremental=True).catalog
    assert first is not None
    site.generate(first, TODAY)
    CHANGES[change](catalog)
    checked = checked_catalog(catalog, incremental=True)
    assert not checked.result.errors, checked.result.diagnostics
    assert checked.catalog is not None

    again = site.generate(checked.catalog, TODAY)
    fresh = build_site(checked.catalog, on_day=TODAY, diagrams=diagrams, hold=True)
    assert again.pages == fresh.pages
    assert list(again.pages) == list(fresh.pages)
    assert again.held == fresh.held
    assert again.files == fresh.files
    assert again.copies == fresh.copies
    assert again.sources == fresh.sources
    if change == "touchpoint name":
        assert site.report.rendered < len(fresh.pages) / 4


def test_changes_one_after_another_make_the_pages_made_from_scratch(
    tmp_path: Path, diagrams: Renderer
) -> None:
    """What one rebuild keeps for the next (index parts, table rows) never shows stale data,
    however many rebuilds it lives through, and an undone change shows the first pages."""
    catalog = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, catalog)
    site = SiteGenerator(diagrams=diagrams, hold=True)
    steps = ["touchpoint name", "pain point category", "journey title", "registry entry",
             "touchpoint channel", "undo"]  # fmt: skip
    first = None
    for step in ["start", *steps]:
        if step == "undo":
            shutil.rmtree(catalog)
            shutil.copytree(EXAMPLE, catalog)
        elif step != "start":
            CHANGES[step](catalog)
        checked = checked_catalog(catalog, incremental=True)
        assert checked.catalog is not None and not checked.result.errors
        again = site.generate(checked.catalog, TODAY)
        fresh = build_site(checked.catalog, on_day=TODAY, diagrams=diagrams, hold=True)
        assert (again.pages, again.held, again.files) == (fresh.pages, fresh.held, fresh.files), (
            step
        )
        first = first or again
    assert first is not None and again.pages == first.pages


def test_nothing_changed_renders_nothing(tmp_path: Path, diagrams: Renderer) -> None:
    catalog = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, catalog)
    (catalog / MOVE_HOUSE).touch()
    site = SiteGenerator(diagrams=diagrams)
    checked = checked_catalog(catalog, incremental=True).catalog
    assert checked is not None
    site.generate(checked, TODAY)
    (catalog / MOVE_HOUSE).write_bytes((catalog / MOVE_HOUSE).read_bytes())
    checked = checked_catalog(catalog, incremental=True).catalog
    assert checked is not None
    site.generate(checked, TODAY)
    assert site.report.rendered == 0
    assert site.report.diagrams == 0


def test_catalog_json_is_the_export_of_the_catalog(tmp_path: Path, diagrams: Renderer) -> None:
    catalog = checked_catalog(EXAMPLE, incremental=True).catalog
    assert catalog is not None
    written = SiteGenerator(diagrams=diagrams).generate(catalog, TODAY).files["catalog.json"]
    expected = json.dumps(export(catalog), ensure_ascii=False, separators=(",", ":")) + "\n"
    assert written.decode("utf-8") == expected
