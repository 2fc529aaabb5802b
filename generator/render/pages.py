"""Pages written: what writing them needs (`PageWriter`), where each page comes from, and
the writing itself, a batch at a time, its diagrams drawn together.

`build_site` and `SiteGenerator` both write every page with a `PageWriter`: the one way
pages are written.
"""

from __future__ import annotations

import datetime
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator.model.types import Catalog, Journey
from generator.render.comparison import compared as compared_journeys
from generator.render.comparison import comparison_index, comparison_page
from generator.render.compliance import compliance_pages
from generator.render.diagrams.engine import Diagram, Renderer
from generator.render.environment import render
from generator.render.journey import journey_context
from generator.render.links import Linker, url
from generator.render.overview import home_context, index_pages, report_pages
from generator.render.paging import paginate
from generator.render.reference import reference_page
from generator.render.registry import entry_page, registry_entries
from generator.render.site_content import SiteContent, source_path
from generator.render.tables import EntityPage, Section

T = TypeVar("T")
BATCH = 200
"""Pages whose contexts are made, and diagrams drawn, at a time."""

Planned = tuple[str, str, dict[str, Any]]
"""A page to write: its URL, its template and the template's context."""


@dataclass
class PageWriter:
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
