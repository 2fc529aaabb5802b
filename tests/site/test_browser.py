"""What a person sees in a real headless Chromium: navigation, search, tables, hostile text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import Locator, Page, expect

from .conftest import REPO, VIEWPORT, Tab, journeys, make_project, serve_folder

pytestmark = pytest.mark.slow


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def journey_files(catalog: Path) -> list[Path]:
    """The catalog's journey files: every YAML file except catalog.yaml and the registries."""
    return sorted(
        path
        for path in catalog.rglob("*")
        if path.suffix in (".yaml", ".yml")
        and path.name != "catalog.yaml"
        and "registry" not in path.relative_to(catalog).parts
    )


CATALOG = load(REPO / "journeys" / "catalog.yaml")
JOURNEYS = [load(path) for path in journey_files(REPO / "journeys")]


def touchpoints(journey: dict[str, Any]) -> list[dict[str, Any]]:
    return [tp for stage in journey["stages"] for tp in stage.get("touchpoints", [])]


def pain_points(journey: dict[str, Any]) -> list[dict[str, Any]]:
    return [pp for tp in touchpoints(journey) for pp in tp.get("pain_points", [])]


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def distinctive_touchpoint() -> tuple[str, str, str, str]:
    """(journey id, touchpoint id, name, words) of the touchpoint whose name has the most
    words that no other touchpoint's name and no title uses, and those words: what a person
    who remembers the touchpoint would search for."""
    every = [(j["id"], tp["id"], tp["name"]) for j in JOURNEYS for tp in touchpoints(j)]
    titles = set().union(*(words(j["title"]) for j in JOURNEYS))

    def own_words(entry: tuple[str, str, str]) -> list[str]:
        others = set().union(*(words(name) for *_, name in every if name != entry[2]))
        return sorted(words(entry[2]) - others - titles)

    best = max(every, key=lambda entry: len(own_words(entry)))
    return (*best, " ".join(own_words(best)))


def heading(title: str) -> re.Pattern[str]:
    """A heading's text: the title, then the permalink sign the toc extension adds."""
    return re.compile(rf"^\s*{re.escape(title)}\s*¶?\s*$")


#: Each engine's search: the box, and a result's link. Zensical's search lives in a shadow
#: DOM, which Playwright's locators enter by themselves.
SEARCH_BOX = {"mkdocs": "input.md-search__input", "zensical": 'dialog input[role="combobox"]'}
RESULT = {"mkdocs": ".md-search-result__item a", "zensical": 'ol[role="listbox"] a[role="option"]'}


def search_with(engine: str, page: Page, query: str) -> Locator:
    """Open the site's search with the `/` key, type `query` key by key, and return the
    result links once the first is shown."""
    page.keyboard.press("/")
    box = page.locator(SEARCH_BOX[engine])
    expect(box).to_be_focused()
    box.press_sequentially(query)
    results = page.locator(RESULT[engine])
    results.first.wait_for()
    return results


def search(page: Page, query: str) -> None:
    """Material's search (it reads keyup: `query` is typed key by key)."""
    search_with("mkdocs", page, query)


def column(table: Locator, header: str) -> list[str]:
    """The text of one column in the rows that are not hidden, top to bottom."""
    headers = [h.strip() for h in table.locator("thead th").all_text_contents()]
    script = "(rows, i) => rows.filter(r => !r.hidden).map(r => r.cells[i].textContent.trim())"
    values: list[str] = table.locator("tbody tr").evaluate_all(script, headers.index(header))
    return values


def test_home_page_leads_to_a_journey_through_the_navigation(engine_url: str, tab: Tab) -> None:
    example_url = engine_url
    journey = JOURNEYS[0]
    page = tab.page
    page.goto(example_url)
    expect(page.locator("article h1")).to_have_text(heading(CATALOG["organization"]))

    page.locator("nav.md-nav--primary").get_by_role("link", name="Journeys", exact=True).click()
    expect(page).to_have_url(f"{example_url}journeys/")

    index = page.locator("article table").first
    index.get_by_role("link", name=journey["title"], exact=True).click()
    expect(page).to_have_url(f"{example_url}journeys/{journey['id']}/")
    expect(page.locator("article h1")).to_have_text(heading(journey["title"]))
    tab.assert_quiet()


def test_search_finds_a_touchpoint_and_opens_its_anchor(
    engine: str, engine_url: str, tab: Tab
) -> None:
    """A journey page is one search entry; its result opens the page at the touchpoint."""
    journey_id, touchpoint_id, name, query = distinctive_touchpoint()
    page = tab.page
    page.goto(engine_url)
    results = search_with(engine, page, query)

    result = results.and_(page.locator(f'a[href*="journeys/{journey_id}/"]')).first
    expect(result).not_to_have_attribute("href", re.compile("#"))
    result.click()
    page.wait_for_url(re.compile(rf"#{re.escape(touchpoint_id)}$"))
    url = urlsplit(page.url)
    # mkdocs.yml turns on search.highlight, which adds ?h=<terms> to every result link.
    assert set(parse_qs(url.query)) <= {"h"}, page.url
    assert f"{url.path}#{url.fragment}".endswith(f"/journeys/{journey_id}/#{touchpoint_id}")
    target = page.locator(f"#{touchpoint_id}")
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    expect(target).to_have_text(heading(name))
    tab.assert_quiet()


def test_tables_sort_by_a_clicked_column_and_filter_by_typed_text(
    example_url: str, tab: Tab
) -> None:
    page = tab.page
    page.goto(f"{example_url}journeys/")
    table = page.locator("article div.jc-sortable table").first
    titles = column(table, "Journey")
    assert sorted(titles) == sorted(j["title"] for j in JOURNEYS)

    header = table.locator("thead th", has_text=re.compile(r"^Journey$"))
    header.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert column(table, "Journey") == sorted(titles, key=str.casefold)
    header.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert column(table, "Journey") == sorted(titles, key=str.casefold, reverse=True)

    table.locator("thead th", has_text=re.compile(r"^Touchpoints$")).click()
    counts = [int(value) for value in column(table, "Touchpoints")]
    assert counts == sorted(len(touchpoints(j)) for j in JOURNEYS)

    # The filter box is only added to tables of 8 rows or more.
    expect(page.locator("input.jc-filter")).to_have_count(1 if len(JOURNEYS) >= 8 else 0)

    page.goto(f"{example_url}reports/pain-points/")
    filterable = page.locator("article div.jc-filterable").first
    box = filterable.locator("input.jc-filter")
    expect(box).to_have_attribute("placeholder", "Filter this table")
    table = filterable.locator("table")
    rows = table.locator("tbody tr")
    every_row = rows.all_text_contents()
    assert len(every_row) >= 8
    fragment = max(JOURNEYS, key=lambda j: len(pain_points(j)))["title"].lower()
    matching = [row for row in every_row if fragment in row.lower()]
    assert 0 < len(matching) < len(every_row)

    box.press_sequentially(fragment)
    expect(rows.filter(visible=True)).to_have_count(len(matching))
    assert [row.text_content() for row in rows.filter(visible=True).all()] == matching
    assert all(fragment in title.lower() for title in column(table, "Journey"))

    box.fill("")
    expect(rows.filter(visible=True)).to_have_count(len(every_row))
    tab.assert_quiet()


PWNED = "window.__pwned=1"
HOSTILE = {
    "title": f'<script>{PWNED}</script> Lost card {{ onclick="{PWNED}" }}',
    "touchpoint": f'<img src=x onerror="{PWNED}"> Freezes the card {{ onclick="{PWNED}" }}',
    "pain point": f'"><svg onload={PWNED}> [click](javascript:{PWNED}) {{ onclick="{PWNED}" }}',
    "summary": (
        f'<script>{PWNED}</script> [click](javascript:{PWNED}) <img src=x onerror="{PWNED}">'
        f' {{ onclick="{PWNED}" }} "><svg onload={PWNED}>'
    ),
}

# Any element or attribute through which the hostile text would have run.
INJECTED = """() => {
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data'];
return [...document.querySelectorAll('*')].flatMap(element => [
  ...((['SCRIPT', 'IFRAME'].includes(element.tagName.toUpperCase())
        || (element.tagName.toUpperCase() === 'IMG'  // a diagram's image, before it is inlined
            && !/^[a-z-]+-[0-9a-f]{12}\\.svg$/.test(element.getAttribute('src') || ''))
        || (element.tagName.toUpperCase() === 'SVG' && !element.classList.contains('jc-svg')))
      && element.outerHTML.includes('__pwned') ? [element.outerHTML] : []),
  ...[...element.attributes]
      .filter(a => a.value.includes('__pwned')
        && (/^on/i.test(a.name) || (URL_ATTRIBUTES.includes(a.name) && /^\\s*javascript:/i.test(a.value))))
      .map(a => `${element.tagName} ${a.name}=${a.value}`),
]);
}"""


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"expected {old!r} once"
    return text.replace(old, new)


def poison_journey(project: Path) -> dict[str, Any]:
    """Put hostile text in the first journey's title, summary, a touchpoint name and a pain
    point title, editing the YAML text in place; returns what the journey was before."""
    path = journey_files(project / "journeys")[0]
    journey = load(path)
    touchpoint = next(tp for tp in touchpoints(journey) if tp.get("pain_points"))
    quoted = {key: json.dumps(value) for key, value in HOSTILE.items()}  # JSON is YAML
    text = path.read_text(encoding="utf-8")
    text = replace_once(text, f"\ntitle: {journey['title']}\n", f"\ntitle: {quoted['title']}\n")
    text, count = re.subn(
        r"^summary:.*\n(?:[ ]+.*\n)*", f"summary: {quoted['summary']}\n", text, flags=re.M
    )
    assert count == 1
    text = replace_once(text, f"name: {touchpoint['name']}\n", f"name: {quoted['touchpoint']}\n")
    title = touchpoint["pain_points"][0]["title"]
    text = replace_once(text, f"title: {title}\n", f"title: {quoted['pain point']}\n")
    path.write_text(text, encoding="utf-8")

    poisoned = load(path)
    assert poisoned["title"] == HOSTILE["title"]
    assert poisoned["summary"] == HOSTILE["summary"]
    return journey


@pytest.fixture
def hostile_url(tmp_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    project = make_project(tmp_path)
    journey = poison_journey(project)
    checked = journeys("validate", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = journeys("build", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    for url in serve_folder(project / "site"):
        yield url, journey


def assert_harmless(tab: Tab) -> None:
    assert tab.page.evaluate("typeof window.__pwned") == "undefined", tab.page.url
    assert tab.page.evaluate(INJECTED) == [], tab.page.url


def test_hostile_text_stays_text_in_pages_and_search(
    hostile_url: tuple[str, dict[str, Any]], tab: Tab
) -> None:
    url, journey = hostile_url
    page = tab.page
    page.goto(f"{url}journeys/{journey['id']}/")
    article = page.locator("article")
    expect(article.locator("h1")).to_have_text(heading(HOSTILE["title"]))
    for text in (HOSTILE["touchpoint"], HOSTILE["pain point"]):
        shown = article.locator("h3, h4").filter(has_text=text).first  # not a diagram's title
        expect(shown).to_be_visible()
        shown.click()  # an injected onclick would run now
    article.locator("h1").click()
    expect(article.locator('a[href^="javascript:" i]')).to_have_count(0)
    assert_harmless(tab)

    for other in ("", f"silos/{journey['owner']}/"):
        page.goto(f"{url}{other}")
        assert_harmless(tab)

    page.goto(url)
    search(page, f"Lost card <script>{PWNED}")
    assert_harmless(tab)
    links = page.locator(".md-search-result__item a.md-search-result__link")
    expect(links.filter(has_text="Lost card").first).to_be_visible()
    hrefs = [link.get_attribute("href") for link in links.filter(visible=True).all()[:5]]
    assert any(f"/journeys/{journey['id']}/" in (href or "") for href in hrefs), hrefs
    for href in hrefs:
        assert href is not None
        page.goto(href)  # the ?h= terms carry the hostile text into Material's highlighter
        assert_harmless(tab)
    tab.assert_quiet()


def test_a_diagram_enlarges_on_click_and_its_links_lead_to_the_touchpoint(
    example_url: str, tab: Tab
) -> None:
    journey = JOURNEYS[0]
    first = touchpoints(journey)[0]
    page = tab.page
    page.goto(f"{example_url}journeys/{journey['id']}/")
    figure = page.locator("figure.jc-figure").first
    svg = figure.locator("svg.jc-svg")
    expect(svg).to_be_visible()
    assert svg.evaluate("s => s.getBoundingClientRect().width") > 300

    button = figure.get_by_role("button", name="Enlarge")
    button.click()
    expect(figure).to_have_class(re.compile(r"\bjc-figure-zoomed\b"))
    box = figure.bounding_box()
    assert box and box["width"] == VIEWPORT["width"] and box["height"] == VIEWPORT["height"]
    page.keyboard.press("Escape")
    expect(figure).not_to_have_class(re.compile(r"\bjc-figure-zoomed\b"))

    svg.locator(f'a[href="./#{first["id"]}"]').first.click()
    page.wait_for_url(re.compile(rf"#{re.escape(first['id'])}$"))
    expect(page.locator(f"#{first['id']}")).to_be_in_viewport()
    tab.assert_quiet()


def test_each_question_on_the_home_page_is_answered_in_one_click(
    example_url: str, tab: Tab
) -> None:
    page = tab.page
    page.goto(example_url)
    answers = page.locator(".jc-questions dd")
    expect(answers).to_have_count(7)
    wanted = {  # answer -> (the heading it shows, the address it opens)
        0: ("h2", "Silos behind its pain points", r"stages/[a-z-]+/#silos$"),
        1: ("h1", "Missed standards and broken promises", r"reports/missed/$"),
        2: ("h1", "Data gaps", r"reports/data-gaps/$"),
        3: ("h1", "compared", r"compare/[a-z0-9-]+/$"),
        4: ("h2", "Satisfaction over time", r"stages/[a-z-]+/#satisfaction$"),
        5: ("h2", "Feedback heard by category", r"stages/[a-z-]+/#feedback$"),
    }
    for n, (level, heading_text, address) in wanted.items():
        page.goto(example_url)
        answers.nth(n).get_by_role("link").first.click()
        page.wait_for_url(re.compile(address))
        shown = page.locator(f"article {level}", has_text=heading_text).first
        expect(shown).to_be_in_viewport()
    tab.assert_quiet()
