"""The site's pages, made again after a change by rendering only the pages it affects.

Pages come in groups (`PageWriter.groups`, which `build_site` reads too), each keyed by a
hash of what its pages are made from (`ledger/keys.py`, which `build_site`'s page store
uses too). After a change, a group whose key is the one its pages were made under is
taken as it is; any other is made again, and each of its pages is rendered only if its
context differs from the one its Markdown was rendered from, so a page never shows stale
data and no page is rendered twice for the same input. What the pages are made of (each
journey's part of the index, table rows, `/catalog.json` entries) is kept in the ledger's
memo, with a digest of the catalog beyond its journeys and the settings (`frame`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.ledger import Ledger, Memo
from generator.ledger.keys import beyond_journeys, group_keys
from generator.model.index import build_index
from generator.model.types import Catalog
from generator.render.diagrams.engine import Renderer
from generator.render.environment import TEMPLATES, environment
from generator.render.links import Linker, url
from generator.render.pages import Group, PageWriter, Planned, figures_in
from generator.render.paging import PAGE_SIZE
from generator.render.site_content import (
    SiteContent,
    add_fixed_files,
    catalog_json,
    journey_json,
    source_path,
)


@dataclass(frozen=True)
class Settings:
    """What every page depends on besides the catalog: a change makes every page again."""

    overrides: Path | None
    edit_base: str | None
    project: Path | None
    page_size: int
    hold: bool
    search_touchpoints: bool
    day: datetime.date
    templates: tuple[tuple[str, int, int], ...]


@dataclass
class _Page:
    """One rendered page: what it was rendered from, its Markdown, the blocks it holds
    aside, and its diagrams' files."""

    template: str
    context: dict[str, Any]
    markdown: str
    held: list[str] | None
    figures: dict[str, bytes | Path]
    """Each diagram's file: its SVG, or the file in the diagram cache it is a copy of."""


@dataclass
class _Made:
    """The last site made: its settings, each group's key and pages' URLs, and its pages."""

    settings: Settings
    groups: dict[Group, tuple[str | None, list[str]]]
    pages: dict[str, _Page]


@dataclass
class Report:
    """What the last `generate` did: pages made (contexts computed) and rendered."""

    pages: int = 0
    made: int = 0
    rendered: int = 0
    diagrams: int = 0
    """Diagram files that are new or changed."""

    def __str__(self) -> str:
        return (
            f"{self.rendered} of {self.pages} pages rendered ({self.made} checked), "
            f"{self.diagrams} diagram files new or changed"
        )


class SiteGenerator:
    """Makes the site's pages for a validated catalog, and again, incrementally, after a change.

    `overrides` is a folder of page templates that replace ours by name; `edit_base`
    prefixes a journey's file path, relative to `project`, to link to where it is edited.
    Diagrams are drawn by `diagrams` (which may keep a cache), all at once before the
    pages are written, so that Graphviz runs on every core; each SVG is a file beside the
    page that shows it. A table of more than `page_size` rows shows its first rows, and
    continuation pages the rest (`render/paging.py`). With `hold`, tables and facts are
    kept out of the Markdown, in `SiteContent.held` (see `environment.render`).
    """

    def __init__(
        self,
        overrides: Path | None = None,
        edit_base: str | None = None,
        project: Path | None = None,
        diagrams: Renderer | None = None,
        page_size: int = PAGE_SIZE,
        hold: bool = False,
        search_touchpoints: bool = True,
    ) -> None:
        self.overrides = overrides
        self.edit_base = edit_base
        self.project = project
        self.diagrams = diagrams or Renderer()
        self.page_size = page_size
        self.hold = hold
        self.search_touchpoints = search_touchpoints
        self.report = Report()
        self._env: jinja2.Environment | None = None
        self._made: _Made | None = None
        self._memo = Memo()
        """What pages are made of, for the next call, when it is given no ledger."""
        self._frame: tuple[object, ...] = ()

    @property
    def options(self) -> tuple[Path | None, str | None, Path | None, int, bool]:
        """What it was made with: overrides, edit base, project, page size, search_touchpoints."""
        return (self.overrides, self.edit_base, self.project, self.page_size,
                self.search_touchpoints)  # fmt: skip

    def generate(
        self, catalog: Catalog, day: datetime.date, ledger: Ledger | None = None
    ) -> SiteContent:
        """Every page of the site for `catalog`; only the groups whose key changed since the
        last call are made again, and of their pages only those whose context changed are
        rendered. What pages are made of is kept in `ledger`'s memo (the catalog's, when it
        was validated with one) or in a memo of this generator's own."""
        settings = Settings(self.overrides, self.edit_base, self.project, self.page_size,
                            self.hold, self.search_touchpoints, day,
                            _stamp(self.overrides, TEMPLATES))  # fmt: skip
        before = self._made
        if before is not None and before.settings != settings:
            before, self._env = None, None
        memo = ledger.memo if ledger is not None else self._memo
        beyond = beyond_journeys(catalog)
        frame: tuple[object, ...] = (beyond, settings)
        if frame == self._frame:
            frame = self._frame  # the same object: each memo lookup compares it at once
        self._frame = frame
        links = Linker(catalog, memo=memo, frame=frame)
        index = build_index(catalog, memo, frame)
        writer = PageWriter(self._environment(), catalog, links, index, day, self.edit_base,
                            self.project, self.page_size, self.hold)  # fmt: skip
        groups = list(writer.groups())
        options = (settings,)  # the overrides' names, times and sizes among them
        edits = {j.id: writer.edit_link(j) for j in catalog.journeys}
        keys = group_keys(catalog, index, groups, options, edits, memo, beyond)
        made: dict[Group, tuple[str | None, list[str]]] = {}
        pages: dict[str, _Page] = {}
        todo: list[Planned] = []
        checked = 0
        for group in groups:
            key = keys[group]
            kept = before.groups.get(group) if before is not None else None
            if before is not None and kept is not None and key is not None and kept[0] == key:
                made[group] = kept
                pages.update((u, before.pages[u]) for u in kept[1])
                continue
            made[group] = (key, [])
            for page_url, template, context in writer.pages(group):
                checked += 1
                made[group][1].append(page_url)
                old = before.pages.get(page_url) if before is not None else None
                if old is not None and old.template == template and old.context == context:
                    pages[page_url] = old
                else:
                    todo.append((page_url, template, context))
        self.report = Report(made=checked, rendered=len(todo))
        for page_url, page in self._render(todo, writer):
            old = before.pages.get(page_url) if before is not None else None
            self.report.diagrams += sum(
                1 for f in page.figures if old is None or f not in old.figures
            )
            pages[page_url] = page
        self.report.pages = len(pages)
        self._made = _Made(settings, made, pages)
        site = self._content(catalog, memo, frame)
        memo.sweep()
        return site

    def _render(self, todo: list[Planned], writer: PageWriter) -> Iterator[tuple[str, _Page]]:
        """Each page rendered as `build_site` renders it, with its diagrams' files."""
        written = SiteContent()
        writer.write(todo, self.diagrams, written)
        for page_url, template, context in todo:
            path = source_path(page_url)
            figures: dict[str, bytes | Path] = {}
            for diagram in figures_in(context):
                where = f"{page_url}{diagram.file_name}"
                figures[where] = written.copies.get(where) or written.files[where]
            page = _Page(template, context, written.pages[path], written.held.get(path), figures)
            yield page_url, page

    def _catalog_json(self, catalog: Catalog, memo: Memo, frame: tuple[object, ...]) -> bytes:
        """`/catalog.json` as `build_site` writes it, each journey's part written again only
        when the journey changed."""
        parts = {
            j.id: memo.get("catalog.json", j, lambda j: journey_json(j, catalog), frame)
            for j in catalog.journeys
        }
        return catalog_json(catalog, parts)

    def _environment(self) -> jinja2.Environment:
        if self._env is None:
            self._env = environment(self.overrides)
            self._env.globals["search_touchpoints"] = self.search_touchpoints
        return self._env

    def _content(self, catalog: Catalog, memo: Memo, frame: tuple[object, ...]) -> SiteContent:
        made = self._made
        assert made is not None
        site = SiteContent()
        for journey in catalog.journeys:
            site.sources[source_path(url("journeys", journey.id))] = journey.source.file
        for _, urls in made.groups.values():
            for page_url in urls:
                page = made.pages[page_url]
                site.pages[source_path(page_url)] = page.markdown
                if page.held:
                    site.held[source_path(page_url)] = page.held
                for where, figure in page.figures.items():
                    if isinstance(figure, Path):
                        site.copies[where] = figure
                    else:
                        site.files[where] = figure
        site.pages = dict(sorted(site.pages.items()))  # as build_site orders them
        site.files["catalog.json"] = self._catalog_json(catalog, memo, frame)
        add_fixed_files(site)
        return site


def _stamp(*folders: Path | None) -> tuple[tuple[str, int, int], ...]:
    """Every template file's name, modification time and size."""
    found = []
    for folder in folders:
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = path.stat()
                found.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(found)
