"""Pages made again after a change are exactly the pages made from scratch, and only the
pages the change affects are rendered again."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.model.export import export
from generator.render import build_site
from generator.render.diagrams.engine import Renderer
from generator.render.incremental import SiteGenerator
from generator.site.content import checked_catalog
from tests.support import TODAY

EXAMPLE = Path(__file__).parents[2] / "journeys"
MOVE_HOUSE = "life-events/move-house.yaml"
DIGITAL = "retail/accounts/open-current-account-digital.yaml"
CURRENT = "retail/accounts/open-current-account.yaml"


def edit(old: str, new: str, file: str = MOVE_HOUSE) -> Callable[[Path], None]:
    def change(catalog: Path) -> None:
        path = catalog / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def remove_digital(catalog: Path) -> None:
    (catalog / DIGITAL).unlink()
    edit("related: [open-current-account-digital, move-house]", "related: [move-house]",
         CURRENT)(catalog)  # fmt: skip


def add_copy(catalog: Path) -> None:
    text = (catalog / MOVE_HOUSE).read_text(encoding="utf-8")
    (catalog / "life-events" / "move-flat.yaml").write_text(
        text.replace("id: move-house", "id: move-flat", 1).replace("title: Move house",
                                                                   "title: Move flat", 1),
        encoding="utf-8",
    )  # fmt: skip


CHANGES = {
    "touchpoint name": edit("name: Asks for help in live chat", "name: Asks the chat bot"),
    "touchpoint channel": edit("channel: live-chat", "channel: phone"),
    "touchpoint id": edit("- id: change-address-by-chat", "- id: chat-for-help"),
    "pain point category": edit("category: system-error", "category: handoff-failure"),
    "stage name": edit("name: Plans the move", "name: Thinks of moving"),
    "journey title": edit(
        "title: Open a current account in the app (to-be)",
        "title: Open an account on the phone (to-be)",
        DIGITAL,
    ),
    "journey removed": remove_digital,
    "journey added": add_copy,
    "registry entry": edit("name: ", "name: Renamed ", "registry/silos.yaml"),
}


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
