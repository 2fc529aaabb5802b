"""Rendering: the typed catalog becomes a set of pages (path -> Markdown) and files, in memory.

The MkDocs plugin and `journeys generate --out` both use this one result.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import gc
import itertools
import json
import multiprocessing
import os
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

from generator.model.export import export, plain
from generator.model.index import build_index
from generator.model.types import Catalog, Journey, Registry
from generator.render import stored
from generator.render.comparison import compared as compared_journeys
from generator.render.comparison import comparison_index, comparison_page
from generator.render.compliance import compliance_pages
from generator.render.diagrams.engine import Diagram, Renderer
from generator.render.environment import environment, render
from generator.render.journey import journey_context
from generator.render.links import Linker, url
from generator.render.overview import INDEXES, REPORTS, home_context, index_pages, report_pages
from generator.render.paging import PAGE_SIZE, paginate
from generator.render.reference import SCHEMAS, reference_page
from generator.render.registry import EntityPage, Section, entry_page, registry_entries
from generator.validate.schema import schema_dir

ASSETS = ("journeys.css", "journeys.js")
T = TypeVar("T")
BATCH = 200
"""Pages whose contexts are made, and diagrams drawn, at a time."""
FORK_FROM = 50
"""The fewest journey pages to write that are worth forking processes for."""


@dataclass
class SiteContent:
    """Generated pages by source path (`silos/digital/index.md`), other files, and the nav."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    """Files of the site that are copies of a file on disk (diagrams in the cache)."""
    held: dict[str, list[str]] = field(default_factory=dict)
    """With `build_site(hold=True)`: each page's tables and facts, which its Markdown only
    marks (`environment.HELD`); `environment.restore` puts them into the page's HTML."""
    parts: dict[str, str] = field(default_factory=dict)
    """Each journey's entry in `/catalog.json`, by id, as JSON text (`journey_json`)."""

    def merge(self, other: SiteContent) -> None:
        """Add the pages and files another process wrote."""
        self.pages.update(other.pages)
        self.files.update(other.files)
        self.copies.update(other.copies)
        self.held.update(other.held)
        self.parts.update(other.parts)


def today() -> datetime.date:
    """Today, or the day of SOURCE_DATE_EPOCH when set, so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


def source_path(page_url: str) -> str:
    """The Markdown source path of a page URL: `silos/digital/` -> `silos/digital/index.md`."""
    return f"{page_url}index.md"


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
    page_store: stored.PageStore | None = None,
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
    are written by that many forked processes, each a share of the journeys' and of the
    others': the same pages, sooner.
    Without `search_touchpoints`, a journey's search entry leaves out its touchpoint and
    pain point names (a smaller index, for very large catalogs).
    With a `page_store` (and a diagram cache), the pages of each journey whose page, and the
    other pages, were stored by an earlier build of the same input are taken from it, and
    the pages this build makes are stored (`render/stored.py`).
    """
    env = environment(overrides)
    env.globals["search_touchpoints"] = search_touchpoints
    day = on_day or today()
    job = _Job(env, catalog, Linker(catalog), build_index(catalog),
               day, edit_base, project, page_size, hold)  # fmt: skip
    diagrams = diagrams or Renderer()
    site = SiteContent()
    for journey in catalog.journeys:
        site.sources[source_path(url("journeys", journey.id))] = journey.source.file
    store = page_store if diagrams.cache is not None else None  # they name cached diagrams
    known = stored.Keys({}, None)
    if store is not None:
        options = (edit_base, page_size, hold, search_touchpoints, day,
                   stored.overrides_digest(overrides))  # fmt: skip
        edits = {j.id: job.edit_link(j) for j in catalog.journeys}
        known = stored.keys(catalog, job.index, options, edits)
    todo = [j for j in catalog.journeys if not _kept(store, known.journeys.get(j.id), site)]
    rest = _kept(store, known.rest, site)
    diagrams.reuse(path.stem for path in site.copies.values())
    if not _CAN_FORK or (len(todo) < FORK_FROM and rest):
        workers = 1
    with _forked(job, diagrams, workers or os.cpu_count() or 1, todo, not rest) as parts:
        if not parts:
            job.write(job.journey_pages(todo), diagrams, site)
            site.parts.update((j.id, journey_json(j)) for j in todo)
            if not rest:
                job.write(job.other_pages(), diagrams, site)
        for future in as_completed(parts):  # merged as they come: no process holds them all
            part, renderer = future.result()
            site.merge(part)
            diagrams.absorb(renderer)  # or pruning the cache would delete what it drew
    # One order however many processes wrote them: the search index follows it.
    site.pages = dict(sorted(site.pages.items()))
    if not rest:
        site.files["catalog.json"] = catalog_json(catalog, site.parts)
    if store is not None:
        _keep(store, known, catalog, todo, rest, site)
    add_fixed_files(site)
    return site


def _kept(store: stored.PageStore | None, key: str | None, site: SiteContent) -> bool:
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
    store: stored.PageStore,
    known: stored.Keys,
    catalog: Catalog,
    made: list[Journey],
    rest: bool,
    site: SiteContent,
) -> None:
    """Put the groups this build made into the store: each journey's page, and the rest."""
    by_page: dict[str, dict[str, str]] = {}
    for where, cached in site.copies.items():
        by_page.setdefault(where[: where.rfind("/") + 1], {})[where] = cached.stem
    journey_pages = {j.id: source_path(url("journeys", j.id)) for j in catalog.journeys}
    for journey in made:
        group = _group(site, [journey_pages[journey.id]], by_page)
        group.parts[journey.id] = site.parts[journey.id]
        store.put(known.journeys[journey.id], group)
    if rest:
        return
    others = set(site.pages) - set(journey_pages.values())
    group = _group(site, sorted(others), by_page)
    group.files["catalog.json"] = site.files["catalog.json"].decode("utf-8")
    store.put(known.rest, group)


def _group(
    site: SiteContent, paths: Iterable[str], by_page: dict[str, dict[str, str]]
) -> stored.Group:
    """The pages at `paths` as the store keeps them, with their diagrams."""
    group = stored.Group()
    for path in paths:
        group.pages[path] = site.pages[path]
        if path in site.held:
            group.held[path] = site.held[path]
        group.diagrams.update(by_page.get(path.removesuffix("index.md"), {}))
    return group


def dumps(data: Any) -> str:
    """JSON as `/catalog.json` holds it: compact, UTF-8 text as it is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def journey_json(journey: Journey) -> str:
    """The journey's entry in `/catalog.json`: its data as `export` gives it, as JSON text."""
    return dumps({**plain(journey), "file": journey.source.file})


def catalog_json(catalog: Catalog, parts: dict[str, str]) -> bytes:
    """`/catalog.json`, the export of the catalog, with each journey's entry from `parts`
    where it is there (made by another process, or kept from an earlier build)."""
    mark = f"\x00{uuid.uuid4()}\x00"  # no catalog holds it
    data = export(dataclasses.replace(catalog, journeys=Registry()))
    data["journeys"] = mark
    listed = ",".join(parts.get(j.id) or journey_json(j) for j in catalog.journeys)
    return (dumps(data).replace(dumps(mark), f"[{listed}]", 1) + "\n").encode("utf-8")


def add_fixed_files(site: SiteContent) -> None:
    """What every site has whatever the catalog: the assets, the JSON Schemas, the nav."""
    for asset in ASSETS:
        site.files[f"assets/journeys/{asset}"] = (
            files("generator") / "assets" / asset
        ).read_bytes()
    for schema in sorted(schema_dir().glob("*.schema.json")):
        site.files[f"{SCHEMAS}{schema.name}"] = schema.read_bytes()
    site.nav = _nav()


Planned = tuple[str, str, dict[str, Any]]
"""A page to write: its URL, its template and the template's context."""


@dataclass
class _Job:
    """What writing pages needs, shared by the processes that write them."""

    env: Any
    catalog: Catalog
    links: Linker
    index: Any
    day: datetime.date
    edit_base: str | None
    project: Path | None
    page_size: int
    hold: bool

    def journey_pages(self, journeys: Iterable[Journey]) -> Iterator[Planned]:
        for journey in journeys:
            context = journey_context(
                journey, self.links, self.index, self.day, self.edit_link(journey)
            )
            yield url("journeys", journey.id), "journey.md.j2", context

    def edit_link(self, journey: Journey) -> str | None:
        """Where the journey's file is edited, when the site links there."""
        if not self.edit_base:
            return None
        return f"{self.edit_base}{_relative(journey.source.file, self.project)}"

    def other_pages(self, share: int = 0, shares: int = 1) -> Iterator[Planned]:
        """Every page but the journeys', or with `shares` above 1 the `share`-th of that many
        parts of them (each page in one part; parts of about the same work)."""
        for k, make in enumerate(self._other_sources()):
            if k % shares == share:
                for page in make():
                    if isinstance(page, tuple):
                        yield page
                        continue
                    for part in paginate(page, self.page_size):
                        yield part.url, "entity.md.j2", part.context()

    def _other_sources(self) -> list[Callable[[], Iterable[EntityPage | Planned]]]:
        """What makes the pages other than the journeys': each a part made on its own."""
        links, index = self.links, self.index
        entries = [functools.partial(lambda k, e: [entry_page(links, index, k, e)], kind, entry)
                   for kind, entry in registry_entries(links)]  # fmt: skip
        compared = [functools.partial(lambda j: [comparison_page(links, j)], journey)
                    for journey in compared_journeys(links)]  # fmt: skip
        return [
            self._home, *entries, lambda: index_pages(links, index),
            lambda: report_pages(links, index, self.day), lambda: compliance_pages(links, index),
            *compared, lambda: [comparison_index(links)], lambda: [reference_page()],
        ]  # fmt: skip

    def _home(self) -> Iterator[EntityPage | Planned]:
        home = home_context(self.links, self.index)  # its own template, its tables cut as any
        shown, *continued = paginate(
            EntityPage("", home["title"], "", sections=home["sections"]), self.page_size
        )
        yield "", "home.md.j2", {**home, "sections": shown.sections}
        yield from continued

    def write(self, planned: Iterable[Planned], diagrams: Renderer, site: SiteContent) -> None:
        """Write the pages, a batch at a time: their diagrams drawn together (Graphviz on
        every core), then the pages; a large catalog's contexts are never all in memory."""
        self.env.globals["size"] = diagrams.size
        for batch in _batches(planned, BATCH):
            diagrams.render_all(d for _, _, context in batch for d in figures_in(context))
            for page_url, template, context in batch:
                path = source_path(page_url)
                held: list[str] | None = [] if self.hold else None
                site.pages[path] = render(self.env, template, page_url, held, **context)
                if held:
                    site.held[path] = held
                for diagram in figures_in(context):
                    where, cached = f"{page_url}{diagram.file_name}", diagrams.path(diagram)
                    if cached is None:
                        site.files[where] = diagrams.svg(diagram).encode("utf-8")
                    else:
                        site.copies[where] = cached


_Part = tuple[SiteContent, Renderer]
_Task = tuple[str, int, int]
_CAN_FORK = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
_FORKED: tuple[_Job, Renderer, list[Journey]] | None = None
"""The job a forked process inherits (set just before forking, never pickled)."""
CHUNK = 50
"""Journey pages a forked process writes and sends back at a time."""
OTHER_TASKS = 8
"""Tasks per worker that the other pages are dealt into."""


@contextlib.contextmanager
def _forked(
    job: _Job, diagrams: Renderer, workers: int, journeys: list[Journey], others: bool
) -> Iterator[list[Future[_Part]]]:
    """`workers` forked processes writing the pages of `journeys` and, with `others`, the
    other pages; none (an empty list) for one worker. The work is dealt in small tasks,
    each sent back when done, so that no process holds much of the site at once and a
    process that is done early takes the next task."""
    global _FORKED
    if workers <= 1:
        yield []
        return
    _FORKED = (job, Renderer(cache=diagrams.cache, workers=1), journeys)
    tasks: list[_Task] = [("journeys", start, min(start + CHUNK, len(journeys)))
                          for start in range(0, len(journeys), CHUNK)]  # fmt: skip
    if others:  # first: the catalog-wide pages take longest, and are then never last
        shares = workers * OTHER_TASKS
        tasks[:0] = [("others", share, shares) for share in range(shares)]
    # Objects made so far are left alone by the collector, so that the processes keep
    # sharing the pages that hold them instead of copying them (see gc.freeze).
    gc.freeze()
    # Forked at the first submit, all at once, before this process starts any thread.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        yield [pool.submit(_write_task, task) for task in tasks]
    finally:
        pool.shutdown(cancel_futures=True)
        gc.unfreeze()
        _FORKED = None


def _write_task(task: _Task) -> _Part:
    """In a forked process: the pages of `journeys[start:stop]` for ("journeys", start,
    stop), or the `share`-th of `shares` parts of the others for ("others", share, shares);
    with what the process's renderer drew, read and used so far (`Renderer.absorb`)."""
    assert _FORKED is not None
    job, diagrams, journeys = _FORKED
    kind, first, second = task
    part = SiteContent()
    if kind == "journeys":
        mine = journeys[first:second]
        job.write(job.journey_pages(mine), diagrams, part)
        part.parts.update((j.id, journey_json(j)) for j in mine)
    else:
        job.write(job.other_pages(first, second), diagrams, part)
    seen = Renderer(cache=diagrams.cache, workers=1)  # the sets only: no sizes, no SVG
    seen.drawn, seen.loaded, seen.used = diagrams.drawn, diagrams.loaded, diagrams.used
    return part, seen


def figures_in(context: dict[str, Any]) -> Iterator[Diagram]:
    """The diagrams a page context holds, directly, in a list, or in a section."""
    for value in context.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Diagram):
                yield item
            elif isinstance(item, Section) and item.figure is not None:
                yield item.figure


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last may be shorter); itertools.batched from 3.12."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _relative(file: str, project: Path | None) -> str:
    path = Path(file).resolve()
    if project is None or not path.is_relative_to(project.resolve()):
        return Path(file).as_posix()
    return path.relative_to(project.resolve()).as_posix()


def _nav() -> list[Any]:
    registries = [{INDEXES[k]: source_path(f"{k}/")} for k in INDEXES if k != "journeys"]
    return [
        {"Home": "index.md"},
        {"Journeys": source_path("journeys/")},
        {"Registries": registries},
        {"Reports": [{title: source_path(u)} for u, title in REPORTS.items()]},
        {"Reference": [{"Format reference": source_path("reference/format/")}]},
    ]
