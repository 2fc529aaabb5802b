"""Rebuilds as `journeys serve` makes them: real MkDocs dirty builds of a copy of the example
project, in place, each compared with a clean build of the same files."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator.site.plugin import JourneysPlugin

from .conftest import make_project

pytestmark = pytest.mark.slow

SERVE_URL = "http://127.0.0.1:8000/"
MOVE_HOUSE = Path("journeys/life-events/move-house.yaml")
DIGITAL = Path("journeys/retail/accounts/open-current-account-digital.yaml")
CURRENT = Path("journeys/retail/accounts/open-current-account.yaml")
CHAT = "Asks for help in live chat"  # move-house's touchpoint change-address-by-chat


class Preview:
    """The builds of one `journeys serve`: the first a full one, each later one dirty."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.site = project / "served"
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=True)
        plugin = config.plugins["journeys"]
        assert isinstance(plugin, JourneysPlugin)
        self.plugin = plugin

    def _config(self) -> MkDocsConfig:
        config = load_config(config_file=str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> None:
        build(self._config(), serve_url=SERVE_URL, dirty=True)

    def close(self) -> None:
        self.plugin.on_shutdown()

    def page(self, url: str) -> str:
        """The text of a page's HTML, character references resolved."""
        return unescape((self.site / url / "index.html").read_text(encoding="utf-8"))

    def search_text(self) -> str:
        return (self.site / "search" / "search_index.json").read_text(encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    served = Preview(make_project(tmp_path / "project"))
    served.rebuild()
    yield served
    served.close()


def state(site: Path) -> dict[str, tuple[int, str]]:
    """Each file of the site: its modification time and a digest of its bytes."""
    return {
        p.relative_to(site).as_posix(): (
            p.stat().st_mtime_ns,
            hashlib.sha256(p.read_bytes()).hexdigest(),
        )
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def contents(site: Path) -> dict[str, str]:
    """Each file's digest; the search index's entries in a fixed order (a dirty build
    appends the entries of the pages it built)."""
    found = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name == "search_index.json":
            index = json.loads(data)
            index["docs"].sort(key=lambda e: json.dumps(e, sort_keys=True))
            data = json.dumps(index).encode("utf-8")
        found[path.relative_to(site).as_posix()] = hashlib.sha256(data).hexdigest()
    return found


def clean_build(project: Path) -> dict[str, str]:
    """The same project built from scratch, as `journeys serve`'s first build makes it, in a
    process of its own."""
    site = project / "clean"
    script = (
        "import sys\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])\n"
        f"config.site_url = {SERVE_URL!r}\n"
        "config.plugins.on_startup(command='serve', dirty=False)\n"
        f"build(config, serve_url={SERVE_URL!r})\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(project / "mkdocs.yml"), str(site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return contents(site)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_shows_on_every_page_that_lists_it_and_nothing_else_is_built_again(
    preview: Preview,
) -> None:
    before = state(preview.site)
    edit(preview.project / MOVE_HOUSE, f"name: {CHAT}", "name: Asks the chat bot for help")
    preview.rebuild()
    after = state(preview.site)

    for url in ("journeys/move-house", "silos/contact-center", "channels/live-chat",
                "data-sources/crm", "standards/resolve-first-time"):  # fmt: skip
        page = preview.page(url)
        assert "Asks the chat bot for help" in page, url
        assert CHAT not in page, url
    assert "Asks the chat bot for help" in preview.search_text()
    assert CHAT not in preview.search_text()
    untouched = ["journeys/report-lost-card/index.html", "silos/marketing/index.html",
                 "contributing/index.html", "assets/journeys/journeys.css"]  # fmt: skip
    for path in untouched:
        assert after[path] == before[path], path
    built = [p for p in after if p.endswith(".html") and after[p] != before.get(p)]
    assert len(built) < len([p for p in after if p.endswith(".html")]) / 4
    assert contents(preview.site) == clean_build(preview.project)


def test_a_title_shows_on_the_pages_of_the_journeys_related_to_it(preview: Preview) -> None:
    edit(preview.project / DIGITAL, "title: Open a current account in the app (to-be)",
         "title: Open an account on the phone (to-be)")  # fmt: skip
    preview.rebuild()
    page = preview.page("journeys/open-current-account")
    assert "Open an account on the phone (to-be)" in page
    assert "Open a current account in the app" not in page
    assert contents(preview.site) == clean_build(preview.project)


def test_a_removed_journey_and_a_renamed_touchpoint_disappear_everywhere(
    preview: Preview,
) -> None:
    (preview.project / DIGITAL).unlink()
    edit(preview.project / CURRENT, "related: [open-current-account-digital, move-house]",
         "related: [move-house]")  # fmt: skip
    edit(preview.project / MOVE_HOUSE, "- id: change-address-by-chat", "- id: chat-for-help")
    preview.rebuild()

    assert not (preview.site / "journeys" / "open-current-account-digital").exists()
    assert not (preview.site / "compare" / "open-current-account-digital").exists()
    for path in preview.site.rglob("*.html"):
        html = unescape(path.read_text(encoding="utf-8"))
        assert "Open a current account in the app" not in html, path
        assert "change-address-by-chat" not in html, path
    assert "open-current-account-digital/" not in preview.search_text()
    assert "Open a current account in the app" not in preview.search_text()
    assert "change-address-by-chat" not in preview.search_text()
    assert "#chat-for-help" in preview.page("silos/contact-center")
    assert contents(preview.site) == clean_build(preview.project)


def test_an_error_shows_the_error_page_and_the_fix_brings_the_site_back(
    preview: Preview,
) -> None:
    before = state(preview.site)
    source = preview.project / MOVE_HOUSE
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("\ntitle: ", "\ntitle: [never closed ", 1), encoding="utf-8")
    preview.rebuild()

    home = unescape(preview.site.joinpath("index.html").read_text(encoding="utf-8"))
    assert "The catalog has errors" in home
    assert "move-house.yaml" in home
    assert not (preview.site / "journeys" / "move-house" / "index.html").exists()
    assert not (preview.site / "journeys" / "report-lost-card" / "index.html").exists()
    assert "report-lost-card" not in preview.search_text()

    source.write_text(good, encoding="utf-8")
    preview.rebuild()
    after = state(preview.site)
    assert "The catalog has errors" not in preview.site.joinpath("index.html").read_text()
    # pages the error did not change come back as they were, without being built again
    for path in ("journeys/report-lost-card/index.html", "silos/marketing/index.html"):
        assert after[path] == before[path], path
    assert contents(preview.site) == clean_build(preview.project)


def test_a_changed_registry_entry_builds_the_site_again(preview: Preview) -> None:
    silos = preview.project / "journeys" / "registry" / "silos.yaml"
    text = silos.read_text(encoding="utf-8")
    name = re.search(r"- id: contact-center\n\s+name: (.+)\n", text)
    assert name is not None
    edit(silos, f"name: {name[1]}", "name: Customer care")
    preview.rebuild()
    assert "Customer care" in preview.page("journeys/move-house")
    assert contents(preview.site) == clean_build(preview.project)
