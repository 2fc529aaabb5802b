"""Search from the index built with the site: what a build writes, and what a person finds.

The browser tests compare the results of the site's own worker with those of Material's
worker on the same pages: the prebuilt index must find what Material would have found.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lunr.index import Index
from playwright.sync_api import Page, expect

from generator.site import search as prebuilt

from .conftest import Tab, journeys, make_project, serve_folder

pytestmark = pytest.mark.slow

CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.\w+\.min\.js$")
RESULT_LINK = ".md-search-result__item a.md-search-result__link"


def worker_of(page_html: str) -> str:
    """The search worker a page's `__config` names, as written (relative to the page)."""
    match = CONFIG.search(page_html)
    assert match, "the page has no __config script"
    worker: str = json.loads(match[1])["search"]
    return worker


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_a_build_writes_the_index_and_every_page_loads_the_worker_beside_it(
    example_site: Path,
) -> None:
    for name in (prebuilt.PREBUILT, prebuilt.WORKER, prebuilt.LUNR):
        assert (example_site / name).is_file(), name
    pages = [p for p in html_pages(example_site) if p.name != "404.html"]
    assert len(pages) > 100
    for path in pages:
        worker = worker_of(path.read_text(encoding="utf-8"))
        url = urljoin(f"https://example.org/{path.relative_to(example_site).as_posix()}", worker)
        assert url == f"https://example.org/{prebuilt.WORKER}", path
    # The 404 page may be served at any depth: it names the worker from the site's root.
    assert worker_of((example_site / "404.html").read_text(encoding="utf-8")).endswith(
        f"/{prebuilt.WORKER}"
    )


def test_the_prebuilt_index_finds_the_entries_that_hold_the_word(example_site: Path) -> None:
    docs = json.loads((example_site / prebuilt.INDEX).read_text(encoding="utf-8"))["docs"]
    index = Index.load(json.loads((example_site / prebuilt.PREBUILT).read_text(encoding="utf-8")))
    found = {docs[int(result["ref"])]["location"] for result in index.search("underwriting")}
    holding = {d["location"] for d in docs if "underwriting" in (d["title"] + d["text"]).lower()}
    assert holding
    assert found == holding


def test_only_the_config_script_names_the_worker() -> None:
    worker = "../assets/javascripts/workers/search.0123abcd.min.js"
    body = f"<p>{worker}</p>"
    page = f'<html>{body}<script id="__config" type="application/json">{{"search": "{worker}"}}</script>'
    swapped = prebuilt.use_worker(page)
    assert swapped == page.replace(f'"search": "{worker}"', f'"search": "../{prebuilt.WORKER}"')
    assert body in swapped
    assert prebuilt.use_worker(body) == body


def test_a_site_in_another_language_keeps_materials_search(tmp_path: Path) -> None:
    """lunr.py's languages are not lunr-languages: such a site's index is built in the browser."""
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  font: false\n", "  font: false\n  language: fr\n"
        ),
        encoding="utf-8",
    )
    done = journeys("build", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    site = project / "site"
    assert not (site / prebuilt.PREBUILT).exists()
    assert not (site / prebuilt.WORKER).exists()
    for path in html_pages(site):
        assert MATERIAL_WORKER.search(worker_of(path.read_text(encoding="utf-8"))), path


# What a person sees: the same results as Material's own worker, found words marked.


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The example site with `search.suggest` on, and a copy whose pages use Material's
    worker: (ours, Material's)."""
    project = make_project(tmp_path_factory.mktemp("search"))
    config = project / "mkdocs.yml"
    features = "    - search.highlight\n"
    text = config.read_text(encoding="utf-8")
    assert features in text
    config.write_text(text.replace(features, features + "    - search.suggest\n"), encoding="utf-8")
    done = journeys("build", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    ours = project / "site"
    material = project / "material-site"
    shutil.copytree(ours, material)
    worker = next((material / "assets/javascripts/workers").glob("search.*.min.js")).name
    for path in html_pages(material):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(prebuilt.WORKER, f"assets/javascripts/workers/{worker}"))
    (material / prebuilt.PREBUILT).unlink()
    served = [serve_folder(ours), serve_folder(material)]
    urls = [next(s) for s in served]
    yield urls[0], urls[1]
    for s in served:
        next(s, None)


def results(page: Page, url: str, query: str) -> list[str]:
    """Search from the home page; the result links' targets, in order."""
    page.goto(url)
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially(query)
    page.locator(".md-search-result__meta", has_text=re.compile(r"\d|No matching")).wait_for()
    hrefs: list[str] = page.locator(RESULT_LINK).evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    return hrefs


@pytest.mark.parametrize(
    ("query", "finds"),
    [("underwriting", True), ("card", True), ("lost card", True), ("mortgage adviser", True),
     ("zzzz", False)],
)  # fmt: skip
def test_search_finds_what_materials_worker_finds(
    both_sites: tuple[str, str], tab: Tab, query: str, finds: bool
) -> None:
    ours, material = both_sites
    found = results(tab.page, ours, query)
    expected = results(tab.page, material, query)
    assert bool(found) is finds
    assert sorted(found) == sorted(expected)
    assert found[:3] == expected[:3]
    tab.assert_quiet()


@pytest.mark.parametrize("query", ["mortg", "lost ca", "open a curr"])
def test_search_suggests_what_materials_worker_suggests(
    both_sites: tuple[str, str], tab: Tab, query: str
) -> None:
    shown = []
    for url in both_sites:
        results(tab.page, url, query)
        suggestion = tab.page.locator(".md-search__suggest")
        expect(suggestion, f"no suggestion at {url}").not_to_have_text("")
        shown.append(suggestion.text_content())
    assert shown[0] == shown[1]
    tab.assert_quiet()


def test_found_words_are_marked_and_missing_ones_named(
    both_sites: tuple[str, str], tab: Tab
) -> None:
    ours, _ = both_sites
    page = tab.page
    requests: list[str] = []
    page.context.on("request", lambda request: requests.append(request.url))
    results(page, ours, "underwriting zebra")
    first = page.locator(".md-search-result__item").first
    expect(first.locator("mark").first).to_have_text(re.compile("^underwriting$", re.I))
    expect(first.locator(".md-search-result__terms")).to_contain_text("zebra")
    assert any(url.endswith(prebuilt.PREBUILT) for url in requests), requests
    tab.assert_quiet()


def test_search_builds_its_index_when_the_prebuilt_one_is_missing(
    tmp_path: Path, example_site: Path, tab: Tab
) -> None:
    site = tmp_path / "site"
    shutil.copytree(example_site, site)
    (site / prebuilt.PREBUILT).unlink()
    served = serve_folder(site)
    url = next(served)
    try:
        assert any(
            "journeys/apply-for-mortgage/" in href
            for href in results(tab.page, url, "underwriting")
        )
    finally:
        next(served, None)
    assert [e for e in tab.errors if "lunr_index.json" not in e] == []
