"""Long tables on the built site, with `page_size: 10`: the first rows on the page, the rest
on continuation pages that link to each other and back, outside search and the navigation.

25 journeys, `journey-01` to `journey-25`, each with one touchpoint (`compare`) owned by
the digital silo, so the digital silo's page lists 25 touchpoints: 10, 10 and 5 a page.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from tests.support import journey, write_catalog

from .conftest import REPO, Tab, journeys, make_project, serve_folder
from .test_browser import column
from .test_insight import Page, assert_links_land, read, target

pytestmark = pytest.mark.slow

SILO = "silos/digital/"
OWNED = "touchpoints-it-owns"


def with_page_size(project: Path, size: object, name: str = "mkdocs.yml") -> str:
    """Write the example's `mkdocs.yml`, with the plugin's `page_size` set, as `name`."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = text.replace("catalog: journeys", f"catalog: journeys\n      page_size: {size}")
    (project / name).write_text(config, encoding="utf-8")
    return name


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("paging"))
    shutil.rmtree(project / "journeys")
    write_catalog(
        project, [journey(f"journey-{n:02d}", title=f"Journey {n:02d}") for n in range(1, 26)]
    )
    with_page_size(project, 10)
    return project


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    done = journeys("build", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "site"


def owned(page: Page) -> list[str]:
    """The journey of each touchpoint in the table of touchpoints the silo owns."""
    return [row[0][0] for row in page.tables[OWNED]]


def pager(site: Path, url: str, section: str = OWNED) -> tuple[str, dict[str, str]]:
    """The line under a section's table: its text, and each of its links by text."""
    html = (site / url / "index.html").read_text(encoding="utf-8")
    below = html.split(f'id="{section}"', 1)[1]
    line = re.findall(r'<p class="jc-pager">(.*?)</p>', below)[0]
    links = {
        unescape(text): href for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', line)
    }
    return " ".join(unescape(re.sub(r"<[^>]+>", "", line)).split()), links


def lands(site: Path, url: str, href: str) -> str:
    """The page a link on `url` leads to, which must exist, as must its anchor."""
    where, anchor = target(url, href)
    assert (site / where / "index.html").is_file(), (url, href)
    if anchor:
        assert anchor in read(site, where).ids, (url, href)
    return where + (f"#{anchor}" if anchor else "")


def test_the_page_shows_the_first_rows_and_says_which(site: Path) -> None:
    page = read(site, SILO)
    assert owned(page) == [f"Journey {n:02d}" for n in range(1, 11)]
    line, links = pager(site, SILO)
    assert line == "Rows 1–10 of 25 · next 10 →"
    assert lands(site, SILO, links["next 10 →"]) == f"{SILO}{OWNED}/2/"
    assert page.facts == {}


def test_continuation_pages_hold_the_next_rows_and_link_both_ways(site: Path) -> None:
    second, third = f"{SILO}{OWNED}/2/", f"{SILO}{OWNED}/3/"
    assert owned(read(site, second)) == [f"Journey {n:02d}" for n in range(11, 21)]
    assert owned(read(site, third)) == [f"Journey {n:02d}" for n in range(21, 26)]
    assert not (site / SILO / OWNED / "4").exists()

    line, links = pager(site, second)
    assert line == "Rows 11–20 of 25 · ← previous 10 · next 5 → · back to Digital"
    assert lands(site, second, links["← previous 10"]) == f"{SILO}#{OWNED}"
    assert lands(site, second, links["next 5 →"]) == third
    assert lands(site, second, links["back to Digital"]) == f"{SILO}#{OWNED}"

    line, links = pager(site, third)
    assert line == "Rows 21–25 of 25 · ← previous 10 · back to Digital"
    assert lands(site, third, links["← previous 10"]) == second
    assert lands(site, third, links["back to Digital"]) == f"{SILO}#{OWNED}"

    for url in (second, third):
        page = read(site, url)
        assert page.facts["Part of"][0] == "Digital"
        assert_links_land(site, url, page)


def test_continuation_pages_are_left_out_of_search_and_the_navigation(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].partition("#")[0] for doc in index["docs"]}
    assert SILO in locations
    continued = [loc for loc in locations if re.search(r"/\d+/$", loc)]
    assert continued == []
    assert (site / "reports" / "pain-points" / "all-pain-points" / "2" / "index.html").is_file()
    for url in (SILO, f"{SILO}{OWNED}/2/"):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        nav = html.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
        assert not re.search(r'href="[^"]*/\d+/"', nav)


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    yield from serve_folder(site)


def test_sorting_and_filtering_act_on_the_rows_of_the_page_shown(site_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(f"{site_url}{SILO}{OWNED}/2/")
    table = page.locator("article div.jc-sortable table").first
    header = table.locator("thead th", has_text=re.compile(r"^Journey$"))
    header.click()
    header.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert column(table, "Journey") == [f"Journey {n:02d}" for n in range(20, 10, -1)]

    box = page.locator("input.jc-filter")
    expect(box).to_have_attribute("placeholder", "Filter the rows of this page")
    box.press_sequentially("journey 15")
    expect(table.locator("tbody tr").filter(visible=True)).to_have_count(1)
    assert column(table, "Journey") == ["Journey 15"]

    page.get_by_role("link", name="next 5 →").click()
    expect(page).to_have_url(f"{site_url}{SILO}{OWNED}/3/")
    assert column(page.locator("article table").first, "Journey") == [
        f"Journey {n:02d}" for n in range(21, 26)
    ]
    page.goto(f"{site_url}journeys/")
    expect(page.locator("input.jc-filter")).to_have_attribute(
        "placeholder", "Filter the rows of this page"
    )
    tab.assert_quiet()


def test_generate_splits_tables_too_and_checks_the_page_size(project: Path, tmp_path: Path) -> None:
    done = journeys("generate", "--out", str(tmp_path / "out"), cwd=project)
    assert done.returncode == 0, done.stderr
    page = tmp_path / "out" / "docs" / SILO / OWNED / "2" / "index.md"
    front = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])
    assert front == {
        "title": "Digital: Touchpoints it owns, rows 11–20 of 25",
        "search": {"exclude": True},
    }
    small = with_page_size(project, 5, "small.yml")
    generated = journeys(
        "generate", "--config", small, "--out", str(tmp_path / "small"), cwd=project
    )
    assert generated.returncode == 2
    assert "page_size must be a whole number of at least 10, not 5" in generated.stderr
    built = journeys("build", "--config", small, "--site-dir", str(tmp_path / "site"), cwd=project)
    assert built.returncode == 1
    assert "page_size" in built.stderr and "at least 10, not 5" in built.stderr
