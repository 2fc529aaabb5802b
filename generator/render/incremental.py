"""The site's pages, made again after a change by rendering only the pages it affects.

Pages come in groups (`PageWriter.groups`, which `build_site` reads too), each made from
one part of the catalog: a journey's page, a registry entry's page (with the continuation
pages of its long tables), a comparison, and the catalog-wide pages (the home page, the
indexes, the reports). After a change, a group is made again when
what it reads may have changed:

- a journey's page, when the journey changed, or a journey it names or that names it
  (related, improves, improved by: their titles and emotions are on the page);
- a registry entry's page, when a part of a journey that names the entry changed, before
  or after the change (a touchpoint, a stage, the opportunities, or the whole journey when
  its own fields changed), or a measurements row about a changed journey names it: every
  list on the page is of the places that name it;
- a future journey's comparison with the journey it improves, when either changed;
- the catalog-wide pages, always: they read the whole catalog.

Anything else that changed (catalog.yaml, a registry, a measurements file, a template,
the day) makes every group again. Every page made again is then rendered only if its
context differs from the one its Markdown was rendered from, so a page never shows stale
data and no page is rendered twice for the same input.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.model.export import plain
from generator.model.index import CatalogIndex, build_index, neighbours
from generator.model.memo import Memo
from generator.model.references import journey_references, outside_journeys
from generator.model.types import Catalog, Journey, JourneyStage, Touchpoint
from generator.render.diagrams.engine import Renderer
from generator.render.environment import TEMPLATES, environment
from generator.render.links import Linker, url
from generator.render.pages import WHOLE_CATALOG, Group, PageWriter, Planned, figures_in
from generator.render.paging import PAGE_SIZE
from generator.render.registry import ENTRY_PAGES
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
    """The last site made: its catalog, settings, and each group's pages by URL."""

    catalog: Catalog
    index: CatalogIndex
    settings: Settings
    groups: dict[Group, list[str]]
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
        self._journey_json: dict[str, tuple[Journey, str]] = {}
        self._memo = Memo()
        """Table rows and index parts made from the catalog's entities, for the next call."""

    @property
    def options(self) -> tuple[Path | None, str | None, Path | None, int, bool]:
        """What it was made with: overrides, edit base, project, page size, search_touchpoints."""
        return (self.overrides, self.edit_base, self.project, self.page_size,
                self.search_touchpoints)  # fmt: skip

    def generate(self, catalog: Catalog, day: datetime.date) -> SiteContent:
        """Every page of the site for `catalog`; only what changed since the last call is
        rendered again."""
        settings = Settings(self.overrides, self.edit_base, self.project, self.page_size,
                            self.hold, self.search_touchpoints, day,
                            _stamp(self.overrides, TEMPLATES))  # fmt: skip
        before = self._made
        if before is not None and (
            before.settings != settings or _changed_beyond_journeys(before.catalog, catalog)
        ):
            before, self._env = None, None
        if before is None:  # what the memo keeps depends on the registries and settings
            self._memo = Memo()
        links, index = Linker(catalog, memo=self._memo), build_index(catalog, self._memo)
        writer = PageWriter(self._environment(), catalog, links, index, day, self.edit_base,
                            self.project, self.page_size, self.hold)  # fmt: skip
        again = _affected(before, catalog, index) if before is not None else set()
        groups: dict[Group, list[str]] = {}
        pages: dict[str, _Page] = {}
        todo: list[Planned] = []
        made = 0
        for group in writer.groups():
            kept = before.groups.get(group) if before is not None else None
            if kept is not None and group not in again:
                groups[group] = kept
                pages.update((u, before.pages[u]) for u in kept)  # type: ignore[union-attr]
                continue
            groups[group] = []
            for page_url, template, context in writer.pages(group):
                made += 1
                groups[group].append(page_url)
                old = before.pages.get(page_url) if before is not None else None
                if old is not None and old.template == template and old.context == context:
                    pages[page_url] = old
                else:
                    todo.append((page_url, template, context))
        self.report = Report(made=made, rendered=len(todo))
        for page_url, page in self._render(todo, writer):
            old = before.pages.get(page_url) if before is not None else None
            self.report.diagrams += sum(
                1 for f in page.figures if old is None or f not in old.figures
            )
            pages[page_url] = page
        self.report.pages = len(pages)
        self._made = _Made(catalog, index, settings, groups, pages)
        self._memo.sweep()
        return self._content(catalog)

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

    def _catalog_json(self, catalog: Catalog) -> bytes:
        """`/catalog.json` as `build_site` writes it, each journey's part written again only
        when the journey changed."""
        parts = {}
        for journey in catalog.journeys:
            kept = self._journey_json.get(journey.id)
            if kept is None or not (kept[0] is journey or kept[0] == journey):
                kept = (journey, journey_json(journey, catalog))
            parts[journey.id] = kept
        self._journey_json = parts
        return catalog_json(catalog, {i: part for i, (_, part) in parts.items()})

    def _environment(self) -> jinja2.Environment:
        if self._env is None:
            self._env = environment(self.overrides)
            self._env.globals["search_touchpoints"] = self.search_touchpoints
        return self._env

    def _content(self, catalog: Catalog) -> SiteContent:
        made = self._made
        assert made is not None
        site = SiteContent()
        for journey in catalog.journeys:
            site.sources[source_path(url("journeys", journey.id))] = journey.source.file
        for urls in made.groups.values():
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
        site.files["catalog.json"] = self._catalog_json(catalog)
        add_fixed_files(site)
        return site


def _affected(before: _Made, catalog: Catalog, index: CatalogIndex) -> set[Group]:
    """The groups to make again after the journeys changed from `before` to `catalog`."""
    old = {j.id: j for j in before.catalog.journeys}
    new = {j.id: j for j in catalog.journeys}
    changed = {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
    journeys: set[str] = set()
    # Measurements and volumes are rows about a journey, shown on the pages they name.
    entries = {
        (r.target, r.id)
        for r in outside_journeys(catalog)
        if r.journey in changed and r.target in ENTRY_PAGES
    }
    for journey_id in changed:
        before_journey, journey = old.get(journey_id), new.get(journey_id)
        for version, where in ((before_journey, before.index), (journey, index)):
            if version is not None:
                journeys.update({version.id, *neighbours(version, where)})
        entries.update(_entries_shown(before_journey, journey))
    return {
        ("home",),
        *((name,) for name in WHOLE_CATALOG),
        *(("journey", j) for j in journeys if j in new),
        *(("compare", j) for j in journeys if j in new),  # a future journey or its current
        *(("entry", kind, entry) for kind, entry in entries),
    }


def _entries_shown(old: Journey | None, new: Journey | None) -> set[tuple[str, str]]:
    """The registry entries whose pages may show what changed from `old` to `new` (either
    None when the journey was added or removed).

    Every row such a page shows of a journey is about one touchpoint (or a stage, or an
    opportunity), with the journey's title and the stage's name: when only touchpoints
    changed, only the entries they name, before and after, and their stages are affected.
    """
    if old is None or new is None or not _same_frame(old, new):
        return _named(old) | _named(new)
    found = set()
    for before, after in zip(old.stages, new.stages, strict=True):
        if _fields(before, "touchpoints") != _fields(after, "touchpoints") or len(
            before.touchpoints
        ) != len(after.touchpoints):
            found |= _named(_only(old, before)) | _named(_only(new, after))
            continue
        for was, now in zip(before.touchpoints, after.touchpoints, strict=True):
            if plain(was) != plain(now):
                found |= _named(_only(old, before, was)) | _named(_only(new, after, now))
    if plain(old.opportunities) != plain(new.opportunities):
        found |= _named(dataclasses.replace(old, stages=()))
        found |= _named(dataclasses.replace(new, stages=()))
    return found


def _same_frame(old: Journey, new: Journey) -> bool:
    """Whether all but the stages' contents and the opportunities is the same: the journey's
    own fields, its file, its stages' ids and its touchpoints' ids (pain point anchors
    depend on them)."""
    return (
        _fields(old, "stages", "opportunities") == _fields(new, "stages", "opportunities")
        and old.source.file == new.source.file
        and [s.id for s in old.stages] == [s.id for s in new.stages]
        and {t.id for t in old.touchpoints} == {t.id for t in new.touchpoints}
    )


def _fields(entity: Any, *leaving: str) -> dict[str, Any]:
    """An entity's fields as plain data, without its source and the fields `leaving`."""
    return {
        f.name: plain(getattr(entity, f.name))
        for f in dataclasses.fields(entity)
        if f.name != "source" and f.name not in leaving
    }


def _only(journey: Journey, stage: JourneyStage, touchpoint: Touchpoint | None = None) -> Journey:
    """The journey reduced to one stage, or one touchpoint of it: what names its entries."""
    if touchpoint is not None:
        stage = dataclasses.replace(stage, metrics=(), touchpoints=(touchpoint,))
    return dataclasses.replace(
        journey, personas=(), improves=None, related=(), stages=(stage,), opportunities=()
    )


def _named(journey: Journey | None) -> set[tuple[str, str]]:
    """The registry entries with a page that the journey names."""
    if journey is None:
        return set()
    return {(r.target, r.id) for r in journey_references(journey) if r.target in ENTRY_PAGES}


def _changed_beyond_journeys(before: Catalog, now: Catalog) -> bool:
    """Whether anything but the journeys changed: catalog.yaml, a registry, measurements."""
    return any(
        getattr(before, f.name) != getattr(now, f.name)
        for f in dataclasses.fields(Catalog)
        if f.name != "journeys"
    )


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
