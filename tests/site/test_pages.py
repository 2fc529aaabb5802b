"""The built example site: every page of docs/format.md §8 exists and shows what touches it."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from generator.model.index import build_index
from generator.model.references import TARGETS
from generator.model.types import Catalog
from generator.render.reference import FILES
from generator.validate import validate_catalog
from generator.validate.schema import schema_dir

from .conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    checked = validate_catalog(REPO / "journeys")
    assert checked.catalog is not None
    return checked.catalog


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_every_entity_has_its_page(example_site: Path, catalog: Catalog) -> None:
    missing = [
        f"{kind}/{entry.id}/"
        for kind, (attribute, _) in TARGETS.items()
        for entry in getattr(catalog, attribute)
        if not (example_site / kind / entry.id / "index.html").is_file()
    ]
    assert missing == []
    for kind in TARGETS:
        assert (example_site / kind / "index.html").is_file(), kind


def test_journey_page_has_an_anchor_per_touchpoint_and_pain_point(
    example_site: Path, catalog: Catalog
) -> None:
    for journey in catalog.journeys:
        html = page(example_site, f"journeys/{journey.id}")
        ids = set(re.findall(r'id="([^"]+)"', html))
        assert {t.id for t in journey.touchpoints} <= ids
        for p in journey.pain_points:
            assert p.id in ids or f"pain-{p.id}" in ids
        assert "<h1" in html and journey.title in unescape(html)


def test_journey_page_links_every_entity_it_mentions(example_site: Path, catalog: Catalog) -> None:
    journey = catalog.journeys.get("open-current-account")
    assert journey is not None
    html = page(example_site, "journeys/open-current-account")
    for t in journey.touchpoints:
        assert f'href="../../silos/{t.owner}/"' in html
        assert f'href="../../channels/{t.channel}/"' in html
        for source in t.data_sources:
            assert f'href="../../data-sources/{source}/"' in html
    for persona in journey.personas:
        assert f'href="../../personas/{persona}/"' in html


def test_silo_page_lists_what_it_owns_supports_and_contributes_to(
    example_site: Path, catalog: Catalog
) -> None:
    index = build_index(catalog)
    for silo in catalog.silos:
        html = page(example_site, f"silos/{silo.id}")
        for place in index.owned_by[silo.id] + index.supported_by[silo.id]:
            assert f'href="../../journeys/{place.journey.id}/#{place.touchpoint.id}"' in html
        for pain in index.pains_by_silo[silo.id]:
            assert pain.pain_point.title in unescape(html)


def test_stage_page_reports_pain_points_by_stage_of_experience(
    example_site: Path, catalog: Catalog
) -> None:
    index = build_index(catalog)
    for stage in catalog.stages:
        shown = text(page(example_site, f"stages/{stage.id}"))
        for pain in index.pains_by_stage[stage.id]:
            assert pain.pain_point.title in shown
        for place in index.by_stage[stage.id]:
            assert place.touchpoint.name in shown


def test_issue_category_and_listening_source_pages(example_site: Path, catalog: Catalog) -> None:
    index = build_index(catalog)
    for category in catalog.issue_categories:
        shown = text(page(example_site, f"issue-categories/{category.id}"))
        assert all(p.pain_point.title in shown for p in index.pains_by_category[category.id])
    for source in catalog.listening_sources:
        shown = text(page(example_site, f"listening-sources/{source.id}"))
        assert all(p.pain_point.title in shown for p in index.pains_by_source[source.id])


def test_standard_page_measures_against_target(example_site: Path, catalog: Catalog) -> None:
    index = build_index(catalog)
    measured = [
        s
        for s in catalog.standards
        if s.metric and s.target is not None and index.by_standard[s.id]
    ]
    assert measured
    for standard in measured:
        shown = text(page(example_site, f"standards/{standard.id}"))
        assert standard.statement in shown
        assert any(word in shown for word in ("met", "missed", "not measured"))


def test_reports_exist_and_count(example_site: Path, catalog: Catalog) -> None:
    register = text(page(example_site, "reports/pain-points"))
    assert all(p.title in register for j in catalog.journeys for p in j.pain_points)
    gaps = text(page(example_site, "reports/data-gaps"))
    assert all(g in gaps for j in catalog.journeys for t in j.touchpoints for g in t.data_gaps)
    for url in ("reports/reviews", "reports/evidence", "reports/standards", "reference/format"):
        assert page(example_site, url)


def test_format_reference_lists_every_journey_field(example_site: Path) -> None:
    shown = text(page(example_site, "reference/format"))
    for field in ("stages[].touchpoints[].pain_points[].contributing_silos", "review_max_age_days",
                  "data_sources[].contains_pii"):  # fmt: skip
        assert field in shown
    for kind, column in {"scores": "value", "volumes": "count"}.items():
        assert f"measurements/*.csv with a '{column}' column" in shown
        assert f"Schema: schema/{kind}.schema.json" in shown
    assert "listening_source" in shown


def test_the_schemas_are_published_byte_for_byte_and_linked(example_site: Path) -> None:
    shipped = sorted(schema_dir().glob("*.schema.json"))
    assert [p.name for p in shipped] == sorted(p.name for p in (example_site / "schema").iterdir())
    for schema in shipped:
        assert (example_site / "schema" / schema.name).read_bytes() == schema.read_bytes()
    html = page(example_site, "reference/format")
    links = re.findall(r'<a href="([^"]+\.schema\.json)">', html)
    assert links == [f"../../schema/{name}.schema.json" for name in FILES]
    for link in links:
        assert (example_site / "reference" / "format" / link).resolve().is_file()


def test_catalog_json_holds_the_measured_values(example_site: Path, catalog: Catalog) -> None:
    data = json.loads((example_site / "catalog.json").read_text(encoding="utf-8"))
    assert len(data["volumes"]) == len(catalog.volumes) > 0
    points = [
        point
        for journey in data["journeys"]
        for stage in journey["stages"]
        for score in stage["metrics"]
        for point in score["history"]
    ]
    # by its path from the catalog root, wherever the site was built
    assert {p["measured_in"] for p in points} == {
        None,
        "measurements/survey-scores-2025q4-2026q3.csv",
    }


def test_catalog_json_is_the_normalized_catalog(example_site: Path, catalog: Catalog) -> None:
    data = json.loads((example_site / "catalog.json").read_text(encoding="utf-8"))
    assert data["organization"] == catalog.organization
    assert [j["id"] for j in data["journeys"]] == [j.id for j in catalog.journeys]
    first = data["journeys"][0]
    assert first["status"] in ("draft", "published", "retired")
    assert "evidence" in first["stages"][0]["touchpoints"][0]


def test_navigation_holds_sections_not_entities(example_site: Path, catalog: Catalog) -> None:
    html = page(example_site, "silos")
    nav = html.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert not re.search(r'href="[^"]*journeys/[a-z0-9-]+/"', nav)
    assert 'href="../journeys/"' in nav


def test_home_page_counts_and_severe_pain_points(example_site: Path, catalog: Catalog) -> None:
    shown = text(page(example_site, ""))
    assert catalog.organization in shown
    assert f"{len(catalog.journeys)} Journeys" in " ".join(shown.split())
    fixed = {p for j in catalog.journeys for o in j.opportunities if o.status == "done"
             for p in o.addresses}  # fmt: skip
    live = [j for j in catalog.journeys if j.status != "retired"]
    critical = [p for j in live for p in j.pain_points if p.severity == "critical"]
    assert critical
    assert all(p.title in shown for p in critical if p.id not in fixed)
    retired = [p for j in catalog.journeys if j.status == "retired" for p in j.pain_points]
    assert not any(p.title in shown for p in retired if p.severity in ("critical", "high"))


def figures(site: Path, url: str) -> list[str]:
    """The SVG of each diagram a page shows, in order: each is a file beside the page."""
    html = page(site, url)
    shown = re.findall(r'<figure class="jc-figure[^"]*" data-search-exclude>\s*'
                       r'<a class="jc-figure-body" href="([a-z-]+-[0-9a-f]{12}\.svg)"><img', html)  # fmt: skip
    assert len(shown) == html.count("<figure"), "every figure is an image of its own SVG file"
    return [(site / url / name).read_text(encoding="utf-8") for name in shown]


def svg_title(svg: str) -> str:
    found = re.search(r"<title[^>]*>(.*?)</title>", svg, re.S)
    assert found, svg[:200]
    return unescape(found[1]).strip()


def test_every_journey_page_shows_its_diagrams(example_site: Path, catalog: Catalog) -> None:
    for journey in catalog.journeys:
        shown = figures(example_site, f"journeys/{journey.id}")
        titles = [svg_title(svg) for svg in shown]
        assert titles[0] == f"Service blueprint: {journey.title}"
        drawn = " ".join(text(shown[0]).split())
        for stage in journey.stages:
            assert (
                " ".join(text(stage.name or catalog.stages.by_id[stage.stage].name).split())
                in drawn
            )
        for touchpoint in journey.touchpoints:
            assert f'href="./#{touchpoint.id}"' in shown[0], touchpoint.id
        assert "<script" not in "".join(shown)
        if any(t.emotion is not None for t in journey.touchpoints):
            assert f"Emotion curve: {journey.title}" in titles
        if journey.improves:
            assert f"Emotion, current and future: {journey.title}" in titles


def test_silos_report_draws_the_heat_map_and_shared_silos(
    example_site: Path, catalog: Catalog
) -> None:
    shown = figures(example_site, "reports/silos")
    assert [svg_title(svg) for svg in shown] == [
        "Silos by stage: touchpoints (tp) and pain points (pp)",
        "Silos that share touchpoints and pain points",
    ]
    heat = text(shown[0])
    owners = build_index(catalog).owned_by
    for silo in catalog.silos:
        if owners[silo.id]:
            assert silo.name in heat
    for stage in catalog.stages:
        assert f'href="../../stages/{stage.id}/"' in shown[0]


def test_search_does_not_index_diagram_text(example_site: Path) -> None:
    index = (example_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "line of internal interaction" not in index
    assert "Support: data sources" not in index


def search_entries(site: Path) -> list[dict[str, str]]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries: list[dict[str, str]] = index["docs"]
    return entries


def test_search_has_one_entry_per_journey_naming_its_touchpoints_and_pain_points(
    example_site: Path, catalog: Catalog
) -> None:
    entries = search_entries(example_site)
    for journey in catalog.journeys:
        own = [e for e in entries if e["location"].startswith(f"journeys/{journey.id}/")]
        assert [e["location"] for e in own] == [f"journeys/{journey.id}/"]
        assert own[0]["title"] == journey.title
        found = " ".join(text(own[0]["text"]).split())
        for stage in journey.stages:
            for tp in stage.touchpoints:
                assert " ".join(tp.name.split()) in found, tp.id
        for pain in journey.pain_points:
            assert " ".join(pain.title.split()) in found, pain.id


def test_search_leaves_out_tables_comparisons_and_continuations(
    example_site: Path, catalog: Catalog
) -> None:
    entries = search_entries(example_site)
    locations = [e["location"] for e in entries]
    for silo in catalog.silos:
        assert [loc for loc in locations if loc.startswith(f"silos/{silo.id}/")] == [
            f"silos/{silo.id}/"
        ]
    assert not [loc for loc in locations if loc.startswith("compare/") and loc != "compare/"]
    assert "<td>" not in json.dumps(entries)
    # The format reference is documentation: each file kind's section and fields are found.
    reference = {
        e["location"]: e["text"] for e in entries if e["location"].startswith("reference/")
    }
    assert "reference/format/#journey" in reference
    assert "moment_of_truth" in reference["reference/format/#journey"]


def test_no_page_keeps_a_placeholder_for_its_tables(example_site: Path) -> None:
    for html in example_site.rglob("*.html"):
        assert "journeys-held" not in html.read_text(encoding="utf-8"), html
    silo = page(example_site, "silos/digital")
    assert silo.count("<table>") >= 2
    assert '<dl class="jc-facts"' in silo
