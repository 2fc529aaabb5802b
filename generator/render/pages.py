"""Pages written: what writing them needs (`PageWriter`), the groups pages come in and where
each group's pages come from, and the writing itself, a batch at a time, its diagrams drawn
together.

`build_site` and `SiteGenerator` both list pages with `PageWriter.groups`, key them with
`ledger.keys.group_keys` and write them with a `PageWriter`: a page source is declared here
once, for both.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from generator.model.index import CatalogIndex
from generator.model.references import TARGETS
from generator.model.types import Catalog, Journey
from generator.render.comparison import compared, comparison_index, comparison_page
from generator.render.compliance import compliance_pages
from generator.render.diagrams.engine import Diagram, Renderer
from generator.render.environment import render
from generator.render.journey import journey_context
from generator.render.links import Linker, url
from generator.render.overview import home_context, index_pages, report_pages
from generator.render.paging import paginate
from generator.render.reference import reference_page
from generator.render.registry import entry_page, registry_entries
from generator.render.site_content import SiteContent, journey_json, source_path
from generator.render.tables import EntityPage, Section

T = TypeVar("T")
BATCH = 200
"""Pages whose contexts are made, and diagrams drawn, at a time."""

Planned = tuple[str, str, dict[str, Any]]
"""A page to write: its URL, its template and the template's context."""

Group = tuple[str, ...]
"""Pages made from one part of the catalog: ("home",), ("journey", id), ("entry", kind, id),
("compare", id) for a future journey, or one of `WHOLE_CATALOG`'s, such as ("reports",).
Each group's key, a hash of what its pages are made from, is `ledger/keys.py`'s."""


@dataclass
class PageWriter:
    """What writing pages needs, shared by the processes that write them."""

    env: jinja2.Environment
    catalog: Catalog
    links: Linker
    index: CatalogIndex
    day: datetime.date
    edit_base: str | None
    project: Path | None
    page_size: int
    hold: bool

    def edit_link(self, journey: Journey) -> str | None:
        """Where the journey's file is edited, when the site links there."""
        if not self.edit_base:
            return None
        return f"{self.edit_base}{_relative(journey.source.file, self.project)}"

    def groups(self) -> Iterator[Group]:
        """Every group of pages, in site order: the one list of where pages come from."""
        yield ("home",)
        for journey in self.catalog.journeys:
            yield ("journey", journey.id)
        seen: set[tuple[str, str]] = set()
        for kind, entry in registry_entries(self.links):
            if (kind, entry.id) not in seen:  # a duplicate id has one page: the first entry's
                seen.add((kind, entry.id))
                yield ("entry", kind, entry.id)
        for future in compared(self.links):
            yield ("compare", future.id)
        for name in WHOLE_CATALOG:
            yield (name,)

    def pages(self, group: Group) -> Iterator[Planned]:
        """Each page of a group: its URL, template and context."""
        links, index = self.links, self.index
        made: Iterable[EntityPage]
        if group[0] == "journey":
            journey = self.catalog.journeys.get(group[1])
            assert journey is not None
            context = journey_context(journey, links, index, self.day, self.edit_link(journey))
            yield url("journeys", journey.id), "journey.md.j2", context
            return
        if group[0] == "home":
            home = home_context(links, index)  # its own template, its tables cut like any other's
            shown, *made = paginate(
                EntityPage("", home["title"], "", sections=home["sections"]), self.page_size
            )
            yield "", "home.md.j2", {**home, "sections": shown.sections}
        elif group[0] == "entry":
            kind, entry_id = group[1], group[2]
            entry = getattr(self.catalog, TARGETS[kind][0]).get(entry_id)
            made = [entry_page(links, index, kind, entry)]
        elif group[0] == "compare":
            future = self.catalog.journeys.get(group[1])
            assert future is not None
            made = [comparison_page(links, future)]
        else:
            made = WHOLE_CATALOG[group[0]](self)
        for page in made:
            for part in paginate(page, self.page_size):
                yield part.url, "entity.md.j2", part.context()

    def write_groups(self, groups: Iterable[Group], diagrams: Renderer, site: SiteContent) -> None:
        """Write the pages of `groups` into `site` (see `write`), each group's source paths
        in `site.groups`, and each journey's entry in `/catalog.json` in `site.parts`."""

        def planned() -> Iterator[Planned]:
            for group in groups:
                paths = site.groups.setdefault(group, [])
                for page in self.pages(group):
                    paths.append(source_path(page[0]))
                    yield page
                if group[0] == "journey":
                    journey = self.catalog.journeys.get(group[1])
                    assert journey is not None
                    site.parts[journey.id] = journey_json(journey, self.catalog)

        self.write(planned(), diagrams, site)

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


WHOLE_CATALOG: dict[str, Callable[[PageWriter], Iterable[EntityPage]]] = {
    "indexes": lambda w: index_pages(w.links, w.index),
    "reports": lambda w: report_pages(w.links, w.index, w.day),
    "compliance": lambda w: compliance_pages(w.links, w.index),
    "comparisons": lambda w: [comparison_index(w.links)],
    "reference": lambda w: [reference_page()],
}
"""The groups of pages that read the whole catalog (with the home page), each made on its own."""
