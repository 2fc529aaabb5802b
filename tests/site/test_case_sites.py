"""Every valid case folder, and the base catalog, built into a site by the real
`journeys build`: each page shows its text exactly as the catalog says it, in the title
element, the header, the heading, the table of contents, the search index and catalog.json.

A page's title is the text with the few characters that could open a tag replaced by
look-alikes (`safe.title`), its runs of spaces made one; headings show the text itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from generator.model.references import TARGETS
from generator.model.types import Catalog
from generator.render.safe import title
from generator.validate import validate_catalog
from tests.support import BASE, CASES, TODAY, case_result, each_case, prepare_case

from .conftest import Tab, journeys, serve_folder
from .test_browser import heading, search

pytestmark = pytest.mark.slow

SITE_NAME = "Cases"
MKDOCS_YML = f"""site_name: {SITE_NAME}
theme:
  name: material
  font: false
plugins:
  - search
  - journeys
"""
HOSTILE_CASE = CASES / "valid" / "hostile-text-everywhere"
#: What the hostile case's files say, written here with Python's escapes.
HOSTILE = {
    "organization": "\U0001f3e6 Banque <b>Nord</b> & Fils {{ config.site_name }}",
    "stage": "\U0001f468\u200d\U0001f469\u200d\U0001f467 D\u00e9couvre \u2014 "
    "\u0627\u0643\u062a\u0634\u0641 | *\u00e9toile*",
    "silo": "\u05d3\u05d9\u05d2\u05d9\u05d8\u05dc {% raw %} `code` [x](javascript:alert(1)) | pipe",
    "journey": "\U0001f3e6 Open account \u2014 \u0641\u062a\u062d \u062d\u0633\u0627\u0628 \u2014 "
    "\u05e4\u05ea\u05d9\u05d7\u05ea \u05d7\u05e9\u05d1\u05d5\u05df \u2014 "
    "<script>alert(1)</script> *bold* | pipe | {{ x }} {% if %}",
    "touchpoint": "Cafe\u0301 cre\u0300me Z\u0336a\u0336l\u0336g\u0336o\u0336 "
    "\U0001f1eb\U0001f1f7 \U0001f469\U0001f3fd\u200d\U0001f4bb reads # fees _under_",
    "pain point": "The fee table <img src=x onerror=alert(1)> is hard to read \u2014 "
    "\u0635\u0639\u0628 \u0627\u0644\u0642\u0631\u0627\u0621\u0629 \U0001f624 {{ }} {% %}",
    "opportunity": "Rewrite the fee table\n    in plain language\tnow",
}


#: The base catalog and every valid case folder (tests/test_cases.py validates them).
CASE_FOLDERS = [BASE, *sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())]


@dataclass(frozen=True)
class Built:
    """A case built: its project folder, and its catalog as the model reads it."""

    project: Path
    catalog: Catalog

    @property
    def site(self) -> Path:
        return self.project / "site"

    def page(self, url: str) -> Shown:
        return Shown((self.site / url / "index.html").read_text(encoding="utf-8"))

    def json(self, name: str) -> Any:
        return json.loads((self.site / name).read_text(encoding="utf-8"))

    def search(self) -> dict[str, tuple[str, str]]:
        """Each search entry's title and text by location, as text (the index holds HTML)."""
        docs = self.json("search/search_index.json")["docs"]
        return {d["location"]: (unescape(d["title"]), unescape(d["text"])) for d in docs}


def _build(case: Path, project: Path) -> Built:
    prepare_case(case, project)
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    done = journeys("build", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    checked = validate_catalog(project / "journeys", TODAY)
    assert checked.catalog is not None
    return Built(project, checked.catalog)


@pytest.fixture(scope="module")
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[Path, Built | BaseException]:
    """Every selected case, built once, several at a time."""
    selected = {
        item.callspec.params["case"]
        for item in request.session.items
        if hasattr(item, "callspec") and item.callspec.params.get("case") in CASE_FOLDERS
    } | {HOSTILE_CASE}
    root = tmp_path_factory.mktemp("case-sites")

    return each_case(selected, lambda case: _build(case, root / case.name))


class Shown(HTMLParser):
    """A built page read back: the title element, the header's topic, each heading of the
    article (its permalink sign left out) and each link of the table of contents."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.title = ""
        self.topic = ""
        self.headings: dict[str, str] = {}  # by tag and id: "h1", "h3#compare"
        self.toc: dict[str, str] = {}  # by the anchor linked to
        self._into: list[str] | None = None
        self._key = ""
        self._kind = ""
        self._depth = 0
        self._skip = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if self._kind == "topic" and tag == "div":
            self._depth += 1
        elif self._into is not None and "headerlink" in classes:
            self._skip = True
        elif tag == "title":
            self._open("title", "")
        elif found.get("data-md-component") == "header-topic":
            self._open("topic", "")
            self._depth = 1
        elif tag in ("h1", "h2", "h3", "h4"):
            self._open("heading", tag if tag == "h1" else f"{tag}#{found.get('id')}")
        elif tag == "a" and "md-nav__link" in classes and (found.get("href") or "")[:1] == "#":
            self._open("toc", (found.get("href") or "")[1:])

    def _open(self, kind: str, key: str) -> None:
        self._into, self._kind, self._key = [], kind, key

    def handle_data(self, data: str) -> None:
        if self._into is not None and not self._skip:
            self._into.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag == "a":
            self._skip = False
            return
        if self._into is None:
            return
        text = "".join(self._into)
        if self._kind == "topic" and tag == "div":
            self._depth -= 1
            if self._depth == 0:
                self.topic, self._into, self._kind = text.strip(), None, ""
        elif self._kind == "title" and tag == "title":
            self.title, self._into, self._kind = text, None, ""
        elif self._kind == "heading" and tag in ("h1", "h2", "h3", "h4"):
            self.headings.setdefault(self._key, text)
            self._into, self._kind = None, ""
        elif self._kind == "toc" and tag == "a":
            self.toc.setdefault(self._key, " ".join(text.split()))
            self._into, self._kind = None, ""


def entity_pages(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """Each page that shows one text as its title: the home page, each journey and entry."""
    yield "", catalog.organization or "Journey catalog"
    for kind, (attribute, _) in TARGETS.items():
        for entry in getattr(catalog, attribute):
            yield f"{kind}/{entry.id}/", getattr(entry, "name", None) or entry.title


@pytest.mark.parametrize("case", CASE_FOLDERS, ids=lambda p: p.name)
def test_each_page_shows_its_title_exactly(
    case: Path, built: dict[Path, Built | BaseException]
) -> None:
    site = case_result(case, built)
    searched = site.search()
    for url, text in entity_pages(site.catalog):
        shown = site.page(url)
        assert shown.title == f"{title(text)} - {SITE_NAME}", url
        assert shown.topic == title(text), url
        assert shown.headings["h1"] == text.strip(" "), url
        assert searched[url][0] == text.strip(" "), url


@pytest.mark.parametrize("case", CASE_FOLDERS, ids=lambda p: p.name)
def test_each_touchpoint_and_pain_point_is_a_heading_a_contents_entry_and_searched(
    case: Path, built: dict[Path, Built | BaseException]
) -> None:
    site = case_result(case, built)
    searched = site.search()
    for journey in site.catalog.journeys:
        shown = site.page(f"journeys/{journey.id}/")
        found = " ".join(searched[f"journeys/{journey.id}/"][1].split())
        for stage in journey.stages:
            for touchpoint in stage.touchpoints:
                texts = [("h3", touchpoint.id, touchpoint.name)]
                texts += [("h4", p.id, p.title) for p in touchpoint.pain_points]
                for tag, anchor, text in texts:
                    assert shown.headings[f"{tag}#{anchor}"] == text.strip(" ")
                    assert shown.toc[anchor] == " ".join(text.split())
                    assert " ".join(text.split()) in found


@pytest.mark.parametrize("case", CASE_FOLDERS, ids=lambda p: p.name)
def test_catalog_json_holds_every_text_as_the_catalog_says_it(
    case: Path, built: dict[Path, Built | BaseException]
) -> None:
    site = case_result(case, built)
    exported = site.json("catalog.json")
    catalog = site.catalog
    assert exported["organization"] == catalog.organization
    for kind, (attribute, _) in TARGETS.items():
        names = {e["id"]: e.get("name") or e.get("title") for e in exported[attribute]}
        entries = getattr(catalog, attribute)
        assert names == {e.id: getattr(e, "name", None) or e.title for e in entries}, kind
    for journey, written in zip(catalog.journeys, exported["journeys"], strict=True):
        assert [o["title"] for o in written["opportunities"]] == [
            o.title for o in journey.opportunities
        ]
        assert _texts(written["stages"]) == [
            (s.name, t.name, [p.title for p in t.pain_points])
            for s in journey.stages
            for t in s.touchpoints
        ]


def _texts(stages: list[dict[str, Any]]) -> list[tuple[str | None, str, list[str]]]:
    return [
        (s["name"], t["name"], [p["title"] for p in t["pain_points"]])
        for s in stages
        for t in s["touchpoints"]
    ]


def test_the_hostile_case_says_what_it_means_to(built: dict[Path, Built | BaseException]) -> None:
    """The texts the case holds, read independently of the loader, so that the tests above
    prove each of them reaches the site exactly."""
    catalog = case_result(HOSTILE_CASE, built).catalog
    journey = catalog.journeys.by_id["open-account"]
    touchpoint = journey.stages[0].touchpoints[0]
    assert catalog.organization == HOSTILE["organization"]
    assert catalog.stages.entries[0].name == HOSTILE["stage"]
    assert catalog.silos.entries[0].name == HOSTILE["silo"]
    assert journey.title == HOSTILE["journey"]
    assert touchpoint.name == HOSTILE["touchpoint"]
    assert touchpoint.pain_points[0].title == HOSTILE["pain point"]
    assert journey.opportunities[0].title == HOSTILE["opportunity"]
    assert len(catalog.journeys.by_id["open-account-online"].title) == 500


def test_a_person_sees_the_hostile_text_exactly(
    built: dict[Path, Built | BaseException], tab: Tab
) -> None:
    site = case_result(HOSTILE_CASE, built)
    page = tab.page
    for url in serve_folder(site.site):
        page.goto(f"{url}journeys/open-account/")
        expect(page).to_have_title(f"{title(HOSTILE['journey'])} - {SITE_NAME}")
        expect(page.locator("article h1")).to_have_text(heading(HOSTILE["journey"]))
        touchpoint = page.locator("nav.md-nav--secondary a.md-nav__link[href='#read-fees']")
        expect(touchpoint).to_have_text(HOSTILE["touchpoint"])
        expect(page.locator("article #fees-unclear")).to_have_text(heading(HOSTILE["pain point"]))

        page.goto(url)
        expect(page.locator("article h1")).to_have_text(heading(HOSTILE["organization"]))
        search(page, "Découvre")
        result = page.locator(".md-search-result__item a[href*='stages/discover/']").first
        expect(result.locator("h1")).to_have_text(HOSTILE["stage"])
    tab.assert_quiet()
