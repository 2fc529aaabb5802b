"""Long tables cut into pages: which rows each page shows, and where its links lead."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.render import build_site
from generator.render.environment import Link
from generator.render.paging import page_size, paginate
from generator.render.tables import EntityPage, Section
from tests.support import TODAY, journey, load


def rows(n: int) -> list[list[Any]]:
    return [[f"row {i}", i] for i in range(1, n + 1)]


def silo(*sections: Section) -> EntityPage:
    return EntityPage("silos/digital/", "Digital", "Silo", None, [("Lead", "Ann")], list(sections))


def test_a_page_whose_tables_fit_is_left_as_it_is() -> None:
    page = silo(Section("Touchpoints it owns", ["Touchpoint", "N"], rows(10)))
    assert paginate(page, 10) == [page]


def test_a_table_may_show_fewer_rows_on_its_page_and_continue_a_page_size_at_a_time() -> None:
    few = Section(
        "Pain points: Fees", ["Pain point", "N"], rows(23), anchor="category-fees", shown=3
    )
    main, second, third = paginate(silo(few), 10)

    [first] = main.sections
    assert first.rows == rows(3)
    assert first.pager is not None and first.pager.label == "Rows 1–3 of 23"
    assert first.pager.links == (Link("next 10 →", "silos/digital/category-fees/2/"),)
    [middle] = second.sections
    assert middle.rows == rows(23)[3:13]
    assert middle.pager is not None and middle.pager.label == "Rows 4–13 of 23"
    assert middle.pager.links[0] == Link("← previous 3", "silos/digital/#category-fees")
    [end] = third.sections
    assert end.rows == rows(23)[13:]
    assert end.pager is not None and end.pager.label == "Rows 14–23 of 23"
    # A table within its own limit is left as it is.
    assert paginate(silo(Section("Fees", ["Pain point", "N"], rows(3), shown=3)), 10)[1:] == []


def test_a_long_table_keeps_its_first_rows_and_the_rest_go_to_continuation_pages() -> None:
    short = Section("Standards it owns", ["Standard", "N"], rows(3))
    page = silo(Section("Touchpoints it owns", ["Touchpoint", "N"], rows(25), note="Owned."), short)
    main, second, third = paginate(page, 10)

    assert main.url == "silos/digital/" and main.facts == page.facts and main.searchable
    owned, kept = main.sections
    assert kept == short
    assert owned.rows == rows(10) and owned.anchor == "touchpoints-it-owns"
    assert owned.pager is not None and owned.pager.label == "Rows 1–10 of 25"
    assert owned.pager.links == (Link("next 10 →", "silos/digital/touchpoints-it-owns/2/"),)

    assert second.url == "silos/digital/touchpoints-it-owns/2/"
    assert second.title == "Digital: Touchpoints it owns, rows 11–20 of 25"
    assert not second.searchable
    assert second.facts == [("Part of", Link("Digital", "silos/digital/#touchpoints-it-owns"))]
    [shown] = second.sections
    assert (shown.title, shown.columns, shown.note, shown.rows) == (
        "Touchpoints it owns", ["Touchpoint", "N"], "Owned.", rows(25)[10:20])  # fmt: skip
    assert shown.pager is not None and shown.pager.links == (
        Link("← previous 10", "silos/digital/#touchpoints-it-owns"),
        Link("next 5 →", "silos/digital/touchpoints-it-owns/3/"),
        Link("back to Digital", "silos/digital/#touchpoints-it-owns"),
    )

    assert third.url == "silos/digital/touchpoints-it-owns/3/"
    [last] = third.sections
    assert last.rows == rows(25)[20:]
    assert last.pager is not None and last.pager.label == "Rows 21–25 of 25"
    assert last.pager.links == (
        Link("← previous 10", "silos/digital/touchpoints-it-owns/2/"),
        Link("back to Digital", "silos/digital/#touchpoints-it-owns"),
    )


def test_continuation_pages_are_named_after_the_section_anchor_or_a_unique_slug() -> None:
    page = silo(
        Section("Pain points at Join", ["Pain point", "N"], rows(11), anchor="stage-join"),
        Section("Touchpoints it owns", ["Touchpoint", "N"], rows(11), anchor="touchpoints-it-owns"),
        Section("Touchpoints it owns!", ["Touchpoint", "N"], rows(11)),
        Section("Ü", ["Touchpoint", "N"], rows(11)),
    )
    urls = [p.url for p in paginate(page, 10)]
    assert urls == [
        "silos/digital/",
        "silos/digital/stage-join/2/",
        "silos/digital/touchpoints-it-owns/2/",
        "silos/digital/touchpoints-it-owns-2/2/",
        "silos/digital/rows/2/",
    ]


def test_the_home_page_continues_under_home_not_where_an_entity_page_could_be() -> None:
    page = EntityPage(
        "", "Test Bank", "", sections=[Section("Stages", ["Stage"], rows(11), anchor="stages")]
    )
    main, more = paginate(page, 10)
    assert more.url == "home/stages/2/"
    assert main.sections[0].pager is not None
    assert main.sections[0].pager.links == (Link("next 1 →", "home/stages/2/"),)
    assert more.sections[0].pager is not None
    assert [link.url for link in more.sections[0].pager.links] == ["#stages", "#stages"]


def test_a_sub_section_names_the_section_it_is_in_and_its_figure_stays_on_the_page() -> None:
    page = EntityPage("reports/compliance/", "Standards compliance", "Report", sections=[
        Section("Plain language", [], [], anchor="standard-plain"),
        Section("Missed", ["Touchpoint", "N"], rows(12), anchor="missed-plain", level=3),
    ])  # fmt: skip
    main, more = paginate(page, 10)
    assert main.sections[0] == page.sections[0]
    assert more.title == "Standards compliance: Plain language › Missed, rows 11–12 of 12"
    assert more.sections[0].level == 2


def test_a_page_size_is_a_whole_number_of_at_least_ten() -> None:
    assert page_size(10) == 10
    for wrong in (9, 0, -5, True, 10.0, "100", None):
        with pytest.raises(ValueError, match="must be a whole number of at least 10, not"):
            page_size(wrong)


def owned_by_retail(n: int) -> list[dict[str, Any]]:
    """`n` journeys whose every touchpoint the retail silo owns."""
    found = []
    for i in range(n):
        data = journey(f"journey-{i:04d}")
        for stage in data["stages"]:
            for touchpoint in stage["touchpoints"]:
                touchpoint["owner"] = "retail"
        found.append(data)
    return found


def test_no_page_grows_with_the_number_of_journeys(tmp_path: Path) -> None:
    sizes = []
    for n in (20, 60):
        catalog = load(tmp_path / str(n), owned_by_retail(n))
        site = build_site(catalog, on_day=TODAY, page_size=10)
        silo_page = site.pages["silos/retail/index.md"]
        # Journeys it owns, touchpoints it owns, pain points at Discover; one stage counted.
        assert silo_page.count("<tr><td>") == 3 * 10 + 1
        assert re.findall(r"Rows 1&#8211;10 of (\d+)", silo_page) == [str(n), str(3 * n), str(n)]
        named = re.findall(r'href="([^"]+)">and (\d+) more', site.pages["index.md"])
        assert named == [
            (by, str(n - 10)) for by in ("journeys/", "silos/retail/#journeys-it-owns", "journeys/")
        ]
        sizes.append({path: len(text) for path, text in site.pages.items()})
    small, large = sizes
    retail = "silos/retail/index.md"
    assert abs(large[retail] - small[retail]) < small[retail] * 0.05
    grown = [p for p in small if p in large and large[p] > small[p] * 1.05 and not _last(p)]
    assert grown == []


def _last(path: str) -> bool:
    """A table's continuation page: the last one may be fuller in a larger catalog."""
    return path.removesuffix("/index.md").rsplit("/", 1)[-1].isdigit()
