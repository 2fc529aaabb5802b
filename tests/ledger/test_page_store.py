"""Pages kept between builds: a build with the page store makes exactly the pages a build
from scratch makes, and renders again only the groups a change affects."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest

from generator.ledger.page_store import PageStore
from generator.model.index import build_index, neighbours
from generator.model.references import journey_references
from generator.model.types import Catalog
from generator.render import SiteContent, build_site
from generator.render.diagrams.engine import Renderer
from generator.render.environment import environment
from generator.render.links import Linker
from generator.render.pages import PageWriter
from generator.site.content import checked_catalog
from tests.render.changes import CHANGES, EXAMPLE, MOVE_HOUSE
from tests.support import TODAY


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    copied = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, copied)
    return copied


def validated(folder: Path) -> Catalog:
    checked = checked_catalog(folder)
    assert not checked.result.errors, checked.result.diagnostics
    assert checked.catalog is not None
    return checked.catalog


def stored_build(
    catalog: Catalog, cache: Path, day: datetime.date = TODAY, page_size: int = 100
) -> tuple[SiteContent, PageStore, Renderer]:
    diagrams = Renderer(cache=cache / "diagrams")
    store = PageStore(cache / "pages", cache / "diagrams")
    site = build_site(catalog, on_day=day, diagrams=diagrams, page_size=page_size, hold=True,
                      page_store=store)  # fmt: skip
    return site, store, diagrams


def assert_same(site: SiteContent, fresh: SiteContent) -> None:
    assert list(site.pages) == list(fresh.pages)
    assert site.pages == fresh.pages
    assert site.held == fresh.held
    assert site.files == fresh.files
    assert site.copies == fresh.copies
    assert site.sources == fresh.sources
    assert site.nav == fresh.nav


def fresh_build(catalog: Catalog, cache: Path) -> SiteContent:
    return build_site(catalog, on_day=TODAY, diagrams=Renderer(cache=cache / "diagrams"),
                      hold=True)  # fmt: skip


def groups(catalog: Catalog) -> int:
    """How many groups of pages the site of `catalog` has."""
    writer = PageWriter(environment(None), catalog, Linker(catalog), build_index(catalog), TODAY,
                        None, None, 100, True)  # fmt: skip
    return len(list(writer.groups()))


def test_an_unchanged_catalog_takes_every_page_from_the_store(
    catalog: Path, tmp_path: Path
) -> None:
    model = validated(catalog)
    first, store, _ = stored_build(model, tmp_path / "cache")
    every = groups(model)
    assert every > len(model.journeys) + 20  # a page per journey, registry entry, report
    assert (store.stats.kept, store.stats.made) == (0, every)
    assert len(list((tmp_path / "cache" / "pages").glob("*.json"))) == every

    again, store, diagrams = stored_build(model, tmp_path / "cache")
    assert (store.stats.kept, store.stats.made) == (every, 0)
    drawn = {path.stem for path in again.copies.values()}  # a diagram may be on two pages
    assert (diagrams.stats.rendered, diagrams.stats.cached) == (0, len(drawn))
    assert_same(again, first)
    assert_same(again, fresh_build(model, tmp_path / "cache"))


@pytest.mark.parametrize("change", CHANGES)
def test_after_a_change_the_site_is_the_site_made_from_scratch(
    change: str, catalog: Path, tmp_path: Path
) -> None:
    stored_build(validated(catalog), tmp_path / "cache")
    CHANGES[change](catalog)
    model = validated(catalog)
    again, store, _ = stored_build(model, tmp_path / "cache")
    assert_same(again, fresh_build(model, tmp_path / "cache"))
    assert store.prune() > 0  # the groups the change made stale


def test_only_the_changed_journey_and_its_neighbours_are_made_again(
    catalog: Path, tmp_path: Path
) -> None:
    stored_build(validated(catalog), tmp_path / "cache")
    before = set((tmp_path / "cache" / "pages").glob("*.json"))
    CHANGES["touchpoint name"](catalog)
    model = validated(catalog)
    _, store, _ = stored_build(model, tmp_path / "cache")
    changed = model.journeys.get("move-house")
    assert changed is not None
    shown = neighbours(changed, build_index(model))
    assert shown == {"apply-for-mortgage", "report-lost-card", "bereavement-notification",
                     "open-current-account"}  # fmt: skip
    made = [json.loads(p.read_text()) for p in set(tmp_path.glob("cache/pages/*.json")) - before]
    assert len(made) == store.stats.made
    pages = {page for group in made for page in group["pages"]}
    journeys = {p.split("/")[1] for p in pages if p.startswith("journeys/") and p.count("/") == 2}
    assert journeys == {"move-house", *shown}
    # The home page and the reports read the whole catalog; of the silos, only those whose
    # page shows what changed: the journey's owner (its page counts the journey's
    # touchpoints), not a silo named only elsewhere in the journey, nor one it does not name.
    assert {"index.md", "reports/pain-points/index.md"} <= pages
    named = {f"silos/{r.id}/index.md" for r in journey_references(changed) if r.target == "silos"}
    remade = {page for page in pages if page.startswith("silos/") and page.count("/") == 2}
    assert f"silos/{changed.owner}/index.md" in remade
    assert remade < named
    assert store.stats.kept + store.stats.made == groups(model)


@pytest.mark.parametrize("option", ["day", "page size"])
def test_another_day_or_option_makes_every_page_again(
    option: str, catalog: Path, tmp_path: Path
) -> None:
    model = validated(catalog)
    stored_build(model, tmp_path / "cache")
    if option == "day":
        _, store, _ = stored_build(model, tmp_path / "cache", day=TODAY + datetime.timedelta(1))
    else:
        _, store, _ = stored_build(model, tmp_path / "cache", page_size=20)
    assert (store.stats.kept, store.stats.made) == (0, groups(model))


def damage_truncated(page: Path, cache: Path) -> None:
    page.write_bytes(page.read_bytes()[:100])


def damage_format(page: Path, cache: Path) -> None:
    data = json.loads(page.read_text(encoding="utf-8"))
    page.write_text(json.dumps({**data, "format": "0"}), encoding="utf-8")


def damage_path(page: Path, cache: Path) -> None:
    data = json.loads(page.read_text(encoding="utf-8"))
    data["pages"]["../../outside.md"] = "# Outside"
    page.write_text(json.dumps(data), encoding="utf-8")


def damage_shape(page: Path, cache: Path) -> None:
    data = json.loads(page.read_text(encoding="utf-8"))
    data["held"] = {path: "not a list" for path in data["pages"]}
    page.write_text(json.dumps(data), encoding="utf-8")


def damage_diagram(page: Path, cache: Path) -> None:
    data = json.loads(page.read_text(encoding="utf-8"))
    for key in data["diagrams"].values():
        (cache / "diagrams" / f"{key}.svg").unlink(missing_ok=True)


def with_diagrams(page: Path) -> bool:
    return bool(json.loads(page.read_text(encoding="utf-8"))["diagrams"])


DAMAGE = {
    "truncated": damage_truncated,
    "another format": damage_format,
    "a path outside the site": damage_path,
    "held blocks of the wrong shape": damage_shape,
    "a diagram gone from the cache": damage_diagram,
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_stored_group_is_made_again(damage: str, catalog: Path, tmp_path: Path) -> None:
    model = validated(catalog)
    cache = tmp_path / "cache"
    stored_build(model, cache)
    stored = list((cache / "pages").glob("*.json"))
    damaged = sum(map(with_diagrams, stored)) if damage == "a diagram gone from the cache" else 0
    for page in stored:
        DAMAGE[damage](page, cache)
    again, store, _ = stored_build(model, cache)
    made = damaged or groups(model)  # a group without diagrams lost none
    assert (store.stats.kept, store.stats.made) == (groups(model) - made, made)
    assert_same(again, fresh_build(model, cache))
    assert not (tmp_path / "outside.md").exists()


def test_a_store_that_cannot_be_written_still_builds(catalog: Path, tmp_path: Path) -> None:
    model = validated(catalog)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "pages").write_text("a file where the store's folder would be")
    site, store, _ = stored_build(model, tmp_path / "cache")
    assert store.stats.made == groups(model)
    assert_same(site, fresh_build(model, tmp_path / "cache"))


def test_without_a_diagram_cache_nothing_is_stored(catalog: Path, tmp_path: Path) -> None:
    model = validated(catalog)
    store = PageStore(tmp_path / "pages", tmp_path / "diagrams")
    build_site(model, on_day=TODAY, hold=True, page_store=store)
    assert not (tmp_path / "pages").exists()
    assert (store.stats.kept, store.stats.made) == (0, 0)


def test_moved_files_are_a_change(catalog: Path, tmp_path: Path) -> None:
    stored_build(validated(catalog), tmp_path / "cache")
    (catalog / "life-events" / "moving").mkdir()
    (catalog / MOVE_HOUSE).rename(catalog / "life-events" / "moving" / "move-house.yaml")
    model = validated(catalog)
    again, store, _ = stored_build(model, tmp_path / "cache")
    assert_same(again, fresh_build(model, tmp_path / "cache"))
    assert store.stats.kept > 0
