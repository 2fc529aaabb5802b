"""What `generator/site/mkdocs_internals.py` takes from MkDocs and Material still holds.

The first test fails on a version of MkDocs or Material the module was not written for:
check each reach below against the new version, then change `WRITTEN_FOR`. The last
checks what `site/incremental.py` assumes of MkDocs' dirty builds, a public but warned-of
feature that is used only where the module is usable.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import material  # type: ignore[import-untyped]
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from generator.site import mkdocs_internals, search
from generator.site.incremental import Unchanged
from generator.site.plugin import JourneysPlugin


def test_mkdocs_and_material_are_the_versions_the_module_was_written_for() -> None:
    wrong = mkdocs_internals.unexpected()
    assert not wrong, (
        f"generator/site/mkdocs_internals.py was written for MkDocs "
        f"{mkdocs_internals.WRITTEN_FOR['MkDocs']}x and Material "
        f"{mkdocs_internals.WRITTEN_FOR['Material for MkDocs']}x, but finds "
        f"{', '.join(wrong)}: check each of its reaches against these versions (the other "
        "tests of this module), then change WRITTEN_FOR"
    )


@pytest.fixture
def other_version(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """MkDocs at a version the module was not written for."""
    found = {**mkdocs_internals.installed(), "MkDocs": "1.7.0"}
    monkeypatch.setattr(mkdocs_internals, "installed", lambda: found)
    mkdocs_internals.usable.cache_clear()
    yield
    mkdocs_internals.usable.cache_clear()


@pytest.mark.usefixtures("other_version")
def test_on_another_version_the_reaches_are_off_with_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.journeys"):
        assert not mkdocs_internals.usable()
        assert not mkdocs_internals.usable()
    assert [r.getMessage() for r in caplog.records] == [
        "journeys: MkDocs 1.7.0 (written for 1.6.x): serve rebuilds the whole site after "
        "each change and search uses Material's own worker "
        "(generator/site/mkdocs_internals.py)"
    ]
    plugin = JourneysPlugin()
    plugin.on_startup(command="serve", dirty=True)
    assert plugin.rebuilds is None  # MkDocs builds every file again
    assert not search.supported({"lang": ["en"]})  # Material's own worker


# The sites the reaches are checked on: two pages, Material and its search.

PAGES = {"index.md": "# Home\n\nWelcome.\n", "a.md": "# Alpha\n\nFirst page.\n"}


def project(folder: Path) -> MkDocsConfig:
    (folder / "docs").mkdir(parents=True)
    for name, text in PAGES.items():
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Reach\ntheme:\n  name: material\nplugins:\n  - search\n", encoding="utf-8"
    )
    return load_config(config_file=str(folder / "mkdocs.yml"), site_dir=str(folder / "site"))


def search_docs(config: MkDocsConfig) -> list[dict[str, Any]]:
    text = (Path(config.site_dir) / "search/search_index.json").read_text(encoding="utf-8")
    docs: list[dict[str, Any]] = json.loads(text)["docs"]
    return docs


@pytest.mark.slow  # builds a site
def test_materials_search_index_takes_the_entries_it_is_handed(tmp_path: Path) -> None:
    config = project(tmp_path)
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    plugin: Any = config.plugins.get("material/search")
    # What a dirty build keeps for the next one, and what this one indexed.
    assert plugin.search_index_prev is plugin.search_index
    assert {e["location"] for e in plugin.search_index.entries} == {"", "a/"}
    beta = {"location": "b/", "title": "Beta", "text": "Only this."}

    def next_build() -> None:
        """A dirty build that indexed one page, b/, and none of the others."""
        plugin.search_index = type(plugin.search_index)(**plugin.config)
        plugin.search_index.entries = [beta]

    # Material merges a dirty build's entries with the last build's, keeping the last
    # entries of every page but the first one built:
    next_build()
    plugin.on_post_build(config=config)
    assert [e["location"] for e in search_docs(config)] == ["", "a/", "b/"]
    # Handed every page's entries, it writes exactly those.
    next_build()
    handed = [{"location": "a/", "title": "Alpha", "text": "Kept."}, beta]
    seen: list[list[dict[str, Any]]] = []

    def complete(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen.append(list(entries))
        return handed

    assert mkdocs_internals.complete_search_index(config, complete)
    assert seen == [[beta]]
    assert plugin.search_index_prev is None
    plugin.on_post_build(config=config)
    assert search_docs(config) == handed


def test_without_materials_search_nothing_is_handed(tmp_path: Path) -> None:
    config = project(tmp_path)
    config.plugins.clear()
    assert not mkdocs_internals.complete_search_index(config, lambda entries: entries)


@pytest.mark.slow  # builds a site
def test_every_page_names_materials_worker_in_its_config_script(tmp_path: Path) -> None:
    config = project(tmp_path)
    build(config)
    site = Path(config.site_dir)
    for name in ("index.html", "a/index.html", "404.html"):
        html = (site / name).read_text(encoding="utf-8")
        config_script = html[html.rfind('<script id="__config"') :]
        found = mkdocs_internals.MATERIAL_WORKER.search(config_script)
        assert found, f"{name}: Material's worker is no longer named in its __config script"
        named = found[0].split('"')[-2]  # the worker's address, relative or from the root
        worker = site / named.lstrip("/") if named.startswith("/") else (site / name).parent / named
        assert worker.is_file(), f"{name}: {named} is not in the site"
        swapped = mkdocs_internals.use_search_worker(html, "assets/ours.js")
        assert swapped == html.replace(
            f'"search": "{named}"', f'"search": "{found[2]}assets/ours.js"'
        )
        assert swapped != html


def test_materials_pages_and_worker_speak_the_protocol_of_ours() -> None:
    """Material's pages send the worker its setup and queries, and its worker answers, with
    the messages ours answers: 0 setup (config, docs, options), 1 ready, 2 query, 3 result."""
    ours = (Path(search.__file__).parents[1] / "assets/search-worker.js").read_text("utf-8")
    assert "var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;" in ours
    scripts = Path(material.__file__).parent / "templates/assets/javascripts"
    (bundle,) = scripts.glob("bundle.*.min.js")
    sent = bundle.read_text(encoding="utf-8")
    assert re.search(r"\{type:0,data:\{config:\w+,docs:\w+,options:\{suggest:", sent)
    assert re.search(r"\{type:2,data:\w+\}", sent)
    (worker,) = (scripts / "workers").glob("search.*.min.js")
    answered = worker.read_text(encoding="utf-8")
    assert re.search(r"case 0:[^;]*\{type:1\};case 2:.{0,60}\{type:3,data:", answered)


def test_mkdocs_ships_lunr_js() -> None:
    lunr = mkdocs_internals.lunr_js()
    assert lunr.is_file()
    assert "lunr.version" in lunr.read_text(encoding="utf-8")


# Dirty builds, which `site/incremental.py` uses through public parts (`build(dirty=True)`,
# `File.is_modified`), as it assumes they behave.


class _Recorder(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Hands MkDocs a generated page as `Unchanged`, and records what the build did."""

    def __init__(self, unchanged: bool) -> None:
        self.unchanged = unchanged
        self.built: list[str] = []
        self.titles: dict[str, str | None] = {}
        self.nav = Navigation([], [])

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        kind = Unchanged if self.unchanged else File
        files.append(kind.generated(config, "made.md", content="# Made\n\nGenerated.\n"))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.titles = {page.file.src_uri: page.title for page in self.nav.pages}

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        self.built.append(page.file.src_uri)
        return context


@pytest.mark.slow  # builds a site
def test_a_dirty_build_skips_unchanged_files_and_leaves_their_titles_unread(
    tmp_path: Path,
) -> None:
    """What `Rebuilds` makes up for: the page keeps its last HTML, and its title in the
    navigation and its search entries are the plugin's to give."""
    config = project(tmp_path)
    first = _Recorder(unchanged=False)
    config.plugins["recorder"] = first
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    made = Path(config.site_dir) / "made/index.html"
    assert "made.md" in first.built and first.titles["made.md"] == "Made"
    written = made.stat().st_mtime_ns
    config = project(tmp_path / "again")
    config.site_dir = str(made.parents[1])
    again = _Recorder(unchanged=True)
    config.plugins["recorder"] = again
    build(config, dirty=True)
    assert "made.md" not in again.built
    assert again.titles["made.md"] is None
    assert made.stat().st_mtime_ns == written
    index: Any = config.plugins.get("material/search")
    assert "made/" not in {e["location"] for e in index.search_index.entries}
