"""The MkDocs plugin: validates the catalog and adds its generated pages to the build.

Configured in mkdocs.yml as `plugins: [search, journeys]`; `mkdocs build` and
`mkdocs serve` then just work, and serve rebuilds when a file under the catalog changes.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Literal

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from generator.errors import JourneysError
from generator.render.diagrams.engine import Renderer
from generator.render.environment import restore
from generator.render.paging import PAGE_SIZE, page_size
from generator.reporters import render_text
from generator.site.content import error_page, generate, markdown_extensions

log = logging.getLogger("mkdocs.plugins.journeys")


class PageSize(c.Type[int]):
    """The rows a table shows on one page: a whole number, at least `paging.SMALLEST_PAGE`."""

    def __init__(self) -> None:
        super().__init__(int, default=PAGE_SIZE)

    def run_validation(self, value: object) -> int:
        try:
            return page_size(value)
        except ValueError as e:
            raise ValidationError(str(e)) from e


class JourneysConfig(base.Config):  # type: ignore[no-untyped-call]
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it."""
    catalog = c.Type(str, default="journeys")
    """The catalog folder, relative to mkdocs.yml."""
    templates = c.Type(str, default="site_overrides/pages")
    """A folder of page templates that replace the defaults by name, relative to mkdocs.yml."""
    edit_path = c.Type(str, default="edit/main/")
    """Joined to `repo_url` and a journey's file path to link to where the journey is edited."""
    cache_dir = c.Type(str, default=".cache/journeys")
    """Where drawn diagrams are kept between builds, relative to mkdocs.yml."""
    page_size = PageSize()
    """The most rows a table shows on one page; the rest go to continuation pages."""
    search_touchpoints = c.Type(bool, default=True)
    """Whether a journey's search entry names its touchpoints and pain points."""
    workers = c.Type(int, default=0)
    """Processes that write journey pages in a build: 0 for one per core, 1 for none."""


class JourneysPlugin(BasePlugin[JourneysConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str = "build"
        self.pages: dict[str, str | bytes] = {}
        self.sources: dict[str, str] = {}
        self.held: dict[str, list[str]] = {}
        self.copies: dict[str, Path] = {}
        self.project: Path = Path(".")
        self.diagrams: Renderer | None = None
        self.generating = 0.0
        """Seconds spent validating and rendering pages, diagrams not included."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.project = Path(config.config_file_path or ".").resolve().parent
        catalog = self.project / self.config.catalog
        if not catalog.is_dir():
            raise PluginError(f"journeys: the catalog folder {catalog} does not exist")
        templates = self.project / self.config.templates
        if self.diagrams is None:  # kept across serve's rebuilds, with the diagrams it drew
            self.diagrams = Renderer(cache=self.project / self.config.cache_dir / "diagrams")
        start, drawing = time.perf_counter(), self.diagrams.stats.seconds
        try:
            outcome = generate(catalog, templates, self._edit_base(config), self.project,
                               self.diagrams, self.config.page_size, hold=True,
                               workers=self._workers(),
                               search_touchpoints=self.config.search_touchpoints)  # fmt: skip
        except JourneysError as e:
            raise PluginError(f"journeys: {e}") from e
        drawing = self.diagrams.stats.seconds - drawing
        self.generating += time.perf_counter() - start - drawing
        if outcome.content is None:
            report = render_text(outcome.result)
            if self.command != "serve":
                raise PluginError(f"journeys: the catalog has errors:\n{report}")
            log.error("the catalog has errors:\n%s", report)
            self.pages, self.sources, self.held = {"index.md": error_page(report)}, {}, {}
            self.copies = {}
            return config
        self.pages = {**outcome.content.pages, **outcome.content.files}
        self.sources = outcome.content.sources
        self.held = outcome.content.held
        self.copies = outcome.content.copies
        if config.nav is None:
            own = sorted(
                p.relative_to(config.docs_dir).as_posix()
                for p in Path(config.docs_dir).rglob("*.md")
                if not p.name.startswith(".")
            )
            config.nav = [*outcome.content.nav, *([{"About": own}] if own else [])]
        for css in ("assets/journeys/journeys.css",):
            if css not in config.extra_css:
                config.extra_css.append(css)
        scripts = [str(s) for s in config.extra_javascript]
        if "assets/journeys/journeys.js" not in scripts:
            config.extra_javascript.append("assets/journeys/journeys.js")
        for extension in markdown_extensions():
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if str(catalog) not in config.watch:
            config.watch.append(str(catalog))
        return config

    @event_priority(-100)  # after the search plugin has read the page
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Put a generated page's tables and facts into its HTML: they were set aside so that
        neither Markdown nor the search index read them (`environment.render`)."""
        held = self.held.get(page.file.src_uri)
        if held and page.content is not None:
            page.content = restore(page.content, held)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.diagrams is None:
            return
        log.info("journeys: diagrams %s", self.diagrams.stats)
        if self.command == "build":
            self.diagrams.prune()  # a full build used every diagram it needs

    def _workers(self) -> int:
        """Processes that write journey pages: `workers`, or one per core, for a build; one
        under `serve`, whose server threads make forking unsafe."""
        if self.command not in ("build", "gh-deploy"):
            return 1
        return self.config.workers if self.config.workers > 0 else (os.cpu_count() or 1)

    def _edit_base(self, config: MkDocsConfig) -> str | None:
        repo = config.repo_url
        return f"{repo.rstrip('/')}/{self.config.edit_path.strip('/')}/" if repo else None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        made = [
            File.generated(config, path, content=content) for path, content in self.pages.items()
        ]
        # Diagrams are copied from the cache, never held in memory.
        made += [File.generated(config, p, abs_src_path=str(s)) for p, s in self.copies.items()]
        for file in made:
            existing = files.get_file_from_path(file.src_uri)
            if existing is not None:
                if (
                    file.src_uri == "index.md"
                    and not self.sources
                    and existing.generated_by is None
                ):
                    files.remove(existing)  # the error page replaces the home page
                else:
                    raise PluginError(
                        f"journeys: docs/{file.src_uri} would hide the generated page of the same "
                        "name: rename or remove it"
                    )
            files.append(file)
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        source = self.sources.get(page.file.src_uri)
        if source and config.repo_url:
            base_url = self._edit_base(config) or ""
            relative = Path(source).resolve().relative_to(self.project).as_posix()
            page.edit_url = base_url + relative
        elif page.file.src_uri in self.pages:
            page.edit_url = None  # a generated page has no file of its own to edit
        return markdown
