"""`build_site`: every page of the site for a validated catalog, made in one go.

Pages come from a `PageWriter` (`render/pages.py`), written here or by forked processes
(`render/workers.py`), and, with a page store, taken from an earlier build where their
group's key is the same (`ledger/keys.py`, `ledger/page_store.py`).
"""

from __future__ import annotations

import datetime
import os
from concurrent.futures import as_completed
from pathlib import Path

from generator.ledger.keys import group_keys, overrides_digest
from generator.ledger.page_store import PageStore, StoredGroup
from generator.model.index import build_index
from generator.model.types import Catalog
from generator.render.diagrams.engine import Renderer
from generator.render.environment import environment
from generator.render.links import Linker, url
from generator.render.pages import WHOLE_CATALOG, Group, PageWriter
from generator.render.paging import PAGE_SIZE
from generator.render.site_content import (
    SiteContent,
    SpilledBlocks,
    add_fixed_files,
    catalog_json,
    source_path,
)
from generator.render.workers import CAN_FORK, FORK_FROM, forked


def today() -> datetime.date:
    """Today, or the day of SOURCE_DATE_EPOCH when set, so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


def build_site(
    catalog: Catalog,
    overrides: Path | None = None,
    edit_base: str | None = None,
    on_day: datetime.date | None = None,
    project: Path | None = None,
    diagrams: Renderer | None = None,
    page_size: int = PAGE_SIZE,
    hold: bool = False,
    workers: int = 1,
    search_touchpoints: bool = True,
    page_store: PageStore | None = None,
    spill: Path | None = None,
) -> SiteContent:
    """Every page of the site for a validated catalog.

    `overrides` is a folder of page templates that replace ours by name; `edit_base`
    prefixes a journey's file path, relative to `project`, to link to where it is edited.
    Diagrams are drawn by `diagrams` (which may keep a cache), those of a batch of pages
    at once before the pages are written, so that Graphviz runs on every core; each SVG is
    a file beside the page that shows it. A table of more than `page_size` rows shows its
    first rows, and continuation pages the rest (`render/paging.py`). With `hold`, tables
    and facts are kept out of the Markdown, in `SiteContent.held` (see `environment.render`).

    With `workers` above 1 (0 for one per core; where processes can be forked), the pages
    are written by that many forked processes, each a share of the groups of pages: the
    same pages, sooner.
    Without `search_touchpoints`, a journey's search entry leaves out its touchpoint and
    pain point names (a smaller index, for very large catalogs).
    With a `page_store` (and a diagram cache), each group of pages whose key
    (`ledger/keys.py`) an earlier build stored is taken from it, and the groups this build
    makes are stored.
    With `hold` and a `spill` folder, the blocks held aside are kept there, not in memory
    (`SpilledBlocks`).
    """
    env = environment(overrides)
    env.globals["search_touchpoints"] = search_touchpoints
    day = on_day or today()
    writer = PageWriter(env, catalog, Linker(catalog), build_index(catalog),
                        day, edit_base, project, page_size, hold)  # fmt: skip
    diagrams = diagrams or Renderer()
    site = SiteContent(held=SpilledBlocks(spill) if hold and spill is not None else {})
    for journey in catalog.journeys:
        site.sources[source_path(url("journeys", journey.id))] = journey.source.file
    store = page_store if diagrams.cache is not None else None  # they name cached diagrams
    groups = list(writer.groups())
    keys: dict[Group, str | None] = {}
    if store is not None:
        options = (edit_base, page_size, hold, search_touchpoints, day, overrides_digest(overrides))
        edits = {j.id: writer.edit_link(j) for j in catalog.journeys}
        kind = "held" if hold else "written"
        found = group_keys(catalog, writer.index, groups, options, edits)
        keys = {group: f"{kind}-{key}" for group, key in found.items() if key is not None}
    todo = [group for group in groups if not _kept(store, keys.get(group), site)]
    diagrams.reuse(path.stem for path in site.copies.values())
    journeys = sum(1 for group in todo if group[0] == "journey")
    if not CAN_FORK or (journeys < FORK_FROM and len(todo) - journeys < FORK_FROM):
        workers = 1
    # The catalog-wide groups read every journey: written here, not in a forked process,
    # where reading them would copy the whole catalog's pages (see `forked`).
    whole = [group for group in todo if group[0] in ("home", *WHOLE_CATALOG)]
    shared = [group for group in todo if group not in whole]
    with forked(writer, diagrams, workers or os.cpu_count() or 1, shared, site) as parts:
        writer.write_groups(whole if parts else todo, diagrams, site)
        for future in as_completed(parts):  # merged as they come: no process holds them all
            part, renderer = future.result()
            site.merge(part)
            diagrams.absorb(renderer)  # or pruning the cache would delete what it drew
    # One order however many processes wrote them: the search index follows it.
    site.pages = dict(sorted(site.pages.items()))
    site.files["catalog.json"] = catalog_json(catalog, site.parts)
    if store is not None:
        _keep(store, keys, todo, site)
    add_fixed_files(site)
    return site


def _kept(store: PageStore | None, key: str | None, site: SiteContent) -> bool:
    """Whether the group of `key` was in the store: its pages are then added to `site`."""
    group = store.get(key) if store is not None else None
    if group is None:
        return False
    site.pages.update(group.pages)
    site.held.update(group.held)
    site.parts.update(group.parts)
    site.files.update((path, text.encode("utf-8")) for path, text in group.files.items())
    assert store is not None
    site.copies.update((p, store.diagrams / f"{k}.svg") for p, k in group.diagrams.items())
    return True


def _keep(
    store: PageStore, keys: dict[Group, str | None], made: list[Group], site: SiteContent
) -> None:
    """Put the groups this build made into the store, each with its pages' diagrams and,
    for a journey, its entry in `/catalog.json`."""
    by_page: dict[str, dict[str, str]] = {}
    for where, cached in site.copies.items():
        by_page.setdefault(where[: where.rfind("/") + 1], {})[where] = cached.stem
    for group in made:
        stored = StoredGroup()
        for path in site.groups.get(group, []):
            stored.pages[path] = site.pages[path]
            if path in site.held:
                stored.held[path] = site.held[path]
            stored.diagrams.update(by_page.get(path.removesuffix("index.md"), {}))
        if group[0] == "journey":
            stored.parts[group[1]] = site.parts[group[1]]
        store.put(keys.get(group), stored)
