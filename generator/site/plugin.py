"""The MkDocs plugin: validates the catalog and adds its generated pages to the build.

Configured in mkdocs.yml as `plugins: [search, journeys]`; `mkdocs build` and
`mkdocs serve` then just work, and serve rebuilds when a file under the catalog changes.
In a dirty serve (`journeys serve`, `mkdocs serve --dirty`) a rebuild renders and builds
again only the pages the change affects (`render/incremental.py`, `site/incremental.py`).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any, Literal

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from generator.errors import JourneysError
from generator.ledger.document_store import FOLDER as DOCUMENTS
from generator.ledger.page_store import PageStore
from generator.load.files import check_tree
from generator.outputs import check_folder, check_kept, guarded, looks_built, mark
from generator.render.diagrams.engine import Renderer
from generator.render.environment import restore
from generator.render.incremental import SiteGenerator
from generator.render.paging import PAGE_SIZE, page_size
from generator.reporters import render_text
from generator.site import guard, mkdocs_internals, search
from generator.site.content import error_page, generate, markdown_extensions, regenerate
from generator.site.incremental import Collector, Compiled, Rebuilds
from generator.site.serve import watch_changes

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
    """Where drawn diagrams, and with `cache_pages` rendered pages, are kept between builds,
    relative to mkdocs.yml."""
    cache_pages = c.Type(bool, default=True)
    """Whether a build keeps the pages it renders, to render again only what changed."""
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
        self.held: MutableMapping[str, list[str]] = {}
        self._spill: Path | None = None
        self.copies: dict[str, Path] = {}
        self.project: Path = Path(".")
        self.diagrams: Renderer | None = None
        self.page_store: PageStore | None = None
        """Set in a build with `cache_pages`: pages kept from earlier builds."""
        self.site: SiteGenerator | None = None
        self.rebuilds: Rebuilds | None = None
        """Set in a dirty serve: what the site folder holds, to build only what changed."""
        self.collector: Collector | None = None
        self.compiled: Compiled | None = None
        self.nav: list[Any] | None = None
        self.failed = False
        """Whether the catalog has errors: the site shows them on its home page."""
        self.prebuilt_search = False
        """Whether this build writes a prebuilt search index and its worker (`site/search.py`)."""
        self._files: Files | None = None
        self.generating = 0.0
        """Seconds spent validating and rendering pages, diagrams not included."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds (and across
        # the builds of one process: what belongs to one build or serve starts afresh here).
        self.command = command
        if self.rebuilds is not None:
            self.rebuilds.close()
        if self.collector is not None:
            self.collector.close()
        dirty = dirty and mkdocs_internals.usable()  # else MkDocs builds every file again
        self.rebuilds = Rebuilds() if command == "serve" and dirty else None
        self.collector = Collector() if self.rebuilds is not None else None
        self.compiled = Compiled() if self.rebuilds is not None else None
        self.diagrams, self.site, self.nav, self.failed = None, None, None, False
        self.page_store = None

    def on_shutdown(self) -> None:
        self._drop_spill()
        if self.rebuilds is not None:
            self.rebuilds.close()
        if self.collector is not None:
            self.collector.close()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if guard.NAME in config.markdown_extensions:  # it is for engines without plugins
            config.markdown_extensions.remove(guard.NAME)
        if not self.config.enabled:
            return config
        self.project = Path(config.config_file_path or ".").resolve().parent
        catalog = self.project / self.config.catalog
        if not catalog.is_dir():
            raise PluginError(f"journeys: the catalog folder {catalog} does not exist")
        keep = guarded(self.project, (catalog,), Path(config.docs_dir))
        cache = self.project / self.config.cache_dir
        try:
            check_kept(cache, keep, "cache_dir")
            check_tree(Path(config.docs_dir), "the docs folder")
            if self.command != "serve":  # serve builds into a temporary folder of its own
                check_folder(Path(config.site_dir), keep, "site_dir", made=looks_built)
        except JourneysError as e:
            raise PluginError(f"journeys: {e}") from e
        if self.collector is not None and self.rebuilds is not None and self.rebuilds.key:
            self.collector.pause()  # a rebuild: resumed when it ends
        if self.diagrams is None:  # kept across serve's rebuilds, with the diagrams it drew
            self.diagrams = Renderer(cache=cache / "diagrams")
        documents = cache / DOCUMENTS if self.command != "serve" else None
        if self.rebuilds is None and self.config.cache_pages and self.command != "serve":
            self.page_store = PageStore(cache / "pages", cache / "diagrams")
        start, drawing = time.perf_counter(), self.diagrams.stats.seconds
        try:
            if self.rebuilds is not None:
                outcome = regenerate(catalog, self._site_generator(config))
            else:
                outcome = generate(catalog, self.project / self.config.templates,
                                   self._edit_base(config), self.project, self.diagrams,
                                   self.config.page_size, hold=True, workers=self._workers(),
                                   search_touchpoints=self.config.search_touchpoints,
                                   page_store=self.page_store,
                                   documents=documents, spill=self._spill_folder(cache))  # fmt: skip
        except JourneysError as e:
            raise PluginError(f"journeys: {e}") from e
        drawing = self.diagrams.stats.seconds - drawing
        self.generating += time.perf_counter() - start - drawing
        self.failed = outcome.content is None
        if outcome.content is None:
            report = render_text(outcome.result)
            if self.command != "serve":
                raise PluginError(f"journeys: the catalog has errors:\n{report}")
            log.error("the catalog has errors:\n%s", report)
            self.pages, self.sources, self.held = {"index.md": error_page(report)}, {}, {}
            self.copies = {}
            return config
        if self.site is not None:
            log.info("journeys: %s", self.site.report)
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
            self.nav = config.nav
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

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if self.rebuilds is not None:
            self.rebuilds.page_built(page)
        return context

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.prebuilt_search = self._prebuilds_search(config)
        if self.rebuilds is not None:
            # The error page's site is the last good one with its pages set aside: once
            # fixed, it is built again in place, with the same navigation.
            nav = self.nav if self.failed and self.nav is not None else config.nav
            self.rebuilds.start(config, nav)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.rebuilds is not None:
            self.rebuilds.nav(nav)
        return nav

    @event_priority(50)  # before the search plugin writes its index
    def _post_build_before_search(self, *, config: MkDocsConfig) -> None:
        if self.rebuilds is not None:
            self._complete_search_index(config)
            self.rebuilds.finish()
            log.info("journeys: %s", self.rebuilds.stats)
        self._files = None  # the build's files and pages: for the collector once served
        if self.collector is not None:
            self.collector.resume()
        if self.diagrams is None:
            return
        log.info("journeys: diagrams %s", self.diagrams.stats)
        if self.page_store is not None:
            log.info("journeys: pages %s", self.page_store.stats)
        if self.command == "build":
            self.diagrams.prune()  # a full build used every diagram it needs
            if self.page_store is not None:
                self.page_store.prune()

    @event_priority(-100)  # after the search plugin has written its index
    def _post_build_after_search(self, *, config: MkDocsConfig) -> None:
        if self.prebuilt_search and not search.write_prebuilt(Path(config.site_dir)):
            raise PluginError(f"journeys: the search index {search.INDEX} was not written")
        if self.command != "serve":  # MkDocs' cleaning keeps it: its name starts with a dot
            mark(Path(config.site_dir))
        self._drop_spill()

    on_post_build = CombinedEvent(_post_build_before_search, _post_build_after_search)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Put a generated page's tables and facts into its HTML: they were set aside so that
        neither Markdown nor the search index read them (`environment.render`), and are put
        into the page written, not into `page.content`, which MkDocs keeps for every page
        until the build ends."""
        held = self.held.get(page.file.src_uri)
        if held:
            output = restore(output, held)
        return search.use_worker(output) if self.prebuilt_search else output

    def _spill_folder(self, cache: Path) -> Path | None:
        """A new folder in the cache for a build's held blocks (`SpilledBlocks`), removed
        when the build ends; none under `serve`, which keeps its pages in memory."""
        self._drop_spill()
        if self.command == "serve":
            return None
        with contextlib.suppress(OSError):
            cache.mkdir(parents=True, exist_ok=True)
            self._spill = Path(tempfile.mkdtemp(prefix="held-", dir=cache))
        return self._spill

    def _drop_spill(self) -> None:
        if self._spill is not None:
            shutil.rmtree(self._spill, ignore_errors=True)
            self._spill = None

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        return search.use_worker(output_content) if self.prebuilt_search else output_content

    def _prebuilds_search(self, config: MkDocsConfig) -> bool:
        """A full build with Material's search in English gets a prebuilt index; `serve`
        (which rebuilds often) and plain MkDocs' search keep their own."""
        plugin = config.plugins.get("material/search")
        if not self.config.enabled or self.command == "serve" or plugin is None:
            return False
        settings = getattr(plugin, "config", {})
        return bool(settings.get("enabled", True)) and search.supported(dict(settings))

    def _workers(self) -> int:
        """Processes that write journey pages: `workers` (0: one per core) for a build; one
        under `serve`, whose server threads make forking unsafe."""
        return self.config.workers if self.command in ("build", "gh-deploy") else 1

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        if self.compiled is not None:
            env.bytecode_cache = self.compiled
        return env

    @event_priority(100)  # before other plugins watch anything
    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        if self.config.enabled:
            watch_changes(server, [config.docs_dir, config.config_file_path, *config.theme.dirs])
        return server

    def on_build_error(self, *, error: Exception) -> None:
        self._drop_spill()
        if self.rebuilds is not None:
            self.rebuilds.failed()
        self._files = None
        if self.collector is not None:
            self.collector.resume()

    def _complete_search_index(self, config: MkDocsConfig) -> None:
        """A dirty build indexes only the pages it built: the search plugin is handed the
        entries of every page instead (Material's own merge keeps one page's only)."""
        rebuilds, files = self.rebuilds, self._files
        if rebuilds is None or files is None:
            return
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        mkdocs_internals.complete_search_index(
            config, lambda entries: rebuilds.search_entries(entries, pages)
        )

    def _site_generator(self, config: MkDocsConfig) -> SiteGenerator:
        """The page generator of a dirty serve, kept across rebuilds with the pages it made."""
        assert self.diagrams is not None
        wanted = (self.project / self.config.templates, self._edit_base(config), self.project,
                  self.config.page_size, self.config.search_touchpoints)  # fmt: skip
        site = self.site
        if site is None or site.options != wanted:
            overrides, edit_base, project, size, touchpoints = wanted
            site = SiteGenerator(overrides, edit_base, project, self.diagrams, size, hold=True,
                                 search_touchpoints=touchpoints)  # fmt: skip
            self.site = site
        return site

    def _edit_base(self, config: MkDocsConfig) -> str | None:
        repo = config.repo_url
        return f"{repo.rstrip('/')}/{self.config.edit_path.strip('/')}/" if repo else None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        made: dict[str, str | bytes | Path] = {**self.pages, **self.copies}
        for path in made:
            existing = files.src_uris.get(path)  # generated paths are already POSIX and plain
            if existing is not None:
                if path == "index.md" and self.failed and existing.generated_by is None:
                    files.remove(existing)  # the error page replaces the home page
                else:
                    raise PluginError(
                        f"journeys: docs/{path} would hide the generated page of the same "
                        "name: rename or remove it"
                    )
        if self.rebuilds is not None:
            self.rebuilds.files(files, config, made, self.held, keep_aside=self.failed)
        else:
            for path, content in self.pages.items():
                files.append(File.generated(config, path, content=content))
            # Diagrams are copied from the cache, never held in memory.
            for path, source in self.copies.items():
                files.append(File.generated(config, path, abs_src_path=str(source)))
        self._files = files
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
