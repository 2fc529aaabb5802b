"""Rendering: the typed catalog becomes a set of pages (path -> Markdown) and files, in memory.

The MkDocs plugin and `journeys generate --out` both use this one result.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import itertools
import json
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

from generator.model.export import export
from generator.model.index import build_index
from generator.model.types import Catalog, Journey
from generator.render.comparison import comparison_pages
from generator.render.compliance import compliance_pages
from generator.render.diagrams.engine import Diagram, Renderer
from generator.render.environment import environment, render
from generator.render.journey import journey_context
from generator.render.links import Linker, url
from generator.render.overview import INDEXES, REPORTS, home_context, index_pages, report_pages
from generator.render.paging import PAGE_SIZE, paginate
from generator.render.reference import SCHEMAS, reference_page
from generator.render.registry import EntityPage, Section, registry_pages
from generator.validate.schema import schema_dir

ASSETS = ("journeys.css", "journeys.js")
T = TypeVar("T")
BATCH = 200
"""Pages whose contexts are made, and diagrams drawn, at a time."""


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

    def merge(self, other: SiteContent) -> None:
        """Add the pages and files another process wrote."""
        self.pages.update(other.pages)
        self.files.update(other.files)
        self.copies.update(other.copies)
        self.held.update(other.held)


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
) -> SiteContent:
    """Every page of the site for a validated catalog.

    `overrides` is a folder of page templates that replace ours by name; `edit_base`
    prefixes a journey's file path, relative to `project`, to link to where it is edited.
    Diagrams are drawn by `diagrams` (which may keep a cache), those of a batch of pages
    at once before the pages are written, so that Graphviz runs on every core; each SVG is
    a file beside the page that shows it. A table of more than `page_size` rows shows its
    first rows, and continuation pages the rest (`render/paging.py`). With `hold`, tables
    and facts are kept out of the Markdown, in `SiteContent.held` (see `environment.render`).

    With `workers` above 1 (0 for one per core; where processes can be forked), journey
    pages are written by that many forked processes while this one writes the others: the
    same pages, sooner.
    Without `search_touchpoints`, a journey's search entry leaves out its touchpoint and
    pain point names (a smaller index, for very large catalogs).
    """
    env = environment(overrides)
    env.globals["search_touchpoints"] = search_touchpoints
    job = _Job(env, catalog, Linker(catalog), build_index(catalog),
               on_day or today(), edit_base, project, page_size, hold)  # fmt: skip
    diagrams = diagrams or Renderer()
    site = SiteContent()
    for journey in catalog.journeys:
        site.sources[source_path(url("journeys", journey.id))] = journey.source.file
    workers = (workers or os.cpu_count() or 1) if _CAN_FORK else 1
    with _forked(job, diagrams, workers) as parts:
        if not parts:
            job.write(job.journey_pages(catalog.journeys), diagrams, site)
        job.write(job.other_pages(), diagrams, site)
        for future in parts:
            part, renderer = future.result()
            site.merge(part)
            diagrams.absorb(renderer)  # or pruning the cache would delete what it drew
    # One order however many processes wrote them: the search index follows it.
    site.pages = dict(sorted(site.pages.items()))
    site.files["catalog.json"] = (dumps(export(catalog)) + "\n").encode("utf-8")
    add_fixed_files(site)
    return site


def dumps(data: Any) -> str:
    """JSON as `/catalog.json` holds it: compact, UTF-8 text as it is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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
            edit = (
                f"{self.edit_base}{_relative(journey.source.file, self.project)}"
                if self.edit_base
                else None
            )
            context = journey_context(journey, self.links, self.index, self.day, edit)
            yield url("journeys", journey.id), "journey.md.j2", context

    def other_pages(self) -> Iterator[Planned]:
        links, index, size = self.links, self.index, self.page_size
        home = home_context(links, index)  # its own template, its tables cut like any other's
        shown, *continued = paginate(
            EntityPage("", home["title"], "", sections=home["sections"]), size
        )
        yield "", "home.md.j2", {**home, "sections": shown.sections}
        for page in itertools.chain(
            continued, registry_pages(links, index), index_pages(links, index),
            report_pages(links, index, self.day), compliance_pages(links, index),
            comparison_pages(links, index), [reference_page()],
        ):  # fmt: skip
            for part in paginate(page, size):
                yield part.url, "entity.md.j2", part.context()

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
_CAN_FORK = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
_FORKED: tuple[_Job, Renderer, int] | None = None
"""The job a forked process inherits (set just before forking, never pickled)."""


@contextlib.contextmanager
def _forked(job: _Job, diagrams: Renderer, workers: int) -> Iterator[list[Future[_Part]]]:
    """`workers` forked processes, each writing every `workers`-th journey page; none
    (an empty list) for one worker."""
    global _FORKED
    if workers <= 1:
        yield []
        return
    _FORKED = (job, Renderer(cache=diagrams.cache, workers=1), workers)
    # Objects made so far are left alone by the collector, so that the processes keep
    # sharing the pages that hold them instead of copying them (see gc.freeze).
    gc.freeze()
    # Forked at the first submit, all at once, before this process starts any thread.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        yield [pool.submit(_journeys_share, k) for k in range(workers)]
    finally:
        pool.shutdown(cancel_futures=True)
        gc.unfreeze()
        _FORKED = None


def _journeys_share(k: int) -> _Part:
    """In a forked process: the pages of every `workers`-th journey from the `k`-th."""
    assert _FORKED is not None
    job, diagrams, workers = _FORKED
    part = SiteContent()
    job.write(job.journey_pages(list(job.catalog.journeys)[k::workers]), diagrams, part)
    diagrams.sizes.clear()  # not needed back
    return part, diagrams


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
