"""Catalog-wide pages: the home page, an index page per registry, and the reports."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from generator.model.index import CatalogIndex, Place, handoffs, shared_by_silos
from generator.model.references import TARGETS
from generator.model.types import Journey
from generator.render.diagrams.graphs import catalog_related, shared_silos
from generator.render.diagrams.heatmap import heat_map
from generator.render.environment import Link
from generator.render.journey import is_stale
from generator.render.links import SEVERITIES, Linker, url
from generator.render.tables import (
    PAIN_COLUMNS,
    PLACE_COLUMNS,
    EntityPage,
    Section,
    pain_rows,
    place_rows,
)

#: Registry kind -> (index page title, what one entry is called).
INDEXES = {
    "journeys": "Journeys",
    "stages": "Stages",
    "silos": "Silos",
    "channels": "Channels",
    "personas": "Personas",
    "data-sources": "Data sources",
    "standards": "Standards",
    "metrics": "Metrics",
    "issue-categories": "Issue categories",
    "listening-sources": "Listening sources",
}

#: How many journeys a cell of the home page names; the rest are counted, with a link.
NAMED = 10

REPORTS = {
    "reports/pain-points/": "Pain-point register",
    "reports/data-gaps/": "Data gaps",
    "reports/reviews/": "Stale and unreviewed journeys",
    "reports/evidence/": "Evidence",
    "reports/compliance/": "Standards compliance",
    "reports/missed/": "Missed standards and broken promises",
    "reports/silos/": "Silos across stages",
    "compare/": "Current and future compared",
}


def index_pages(links: Linker, index: CatalogIndex) -> Iterator[EntityPage]:
    """A sortable, filterable table of every entry of each registry."""
    c = links.catalog
    journeys = [
        [links.journey(j), j.state, j.status, links.to("silos", j.owner),
         links.all("personas", j.personas), ", ".join(j.tags), len(j.touchpoints), len(j.pain_points)]
        for j in c.journeys
    ]  # fmt: skip
    page = _index("journeys", ["Journey", "State", "Status", "Owner", "Personas", "Tags",
                               "Touchpoints", "Pain points"], journeys)  # fmt: skip
    related = catalog_related(links, "journeys/")
    page.sections.append(Section(
        "Related journeys", [], [], anchor="related-journeys", figure=related,
        note="" if related else "No journeys are related, or too many to draw: each journey's "
        "page shows the journeys related to it."))  # fmt: skip
    yield page
    counts: dict[str, Callable[[str], list[int]]] = {
        "stages": lambda i: [len(index.by_stage[i]), len(index.pains_by_stage[i])],
        "silos": lambda i: [len(index.owned_by[i]), len(index.pains_by_silo[i])],
        "channels": lambda i: [len(index.by_channel[i])],
        "personas": lambda i: [len(index.journeys_by_persona[i])],
        "data-sources": lambda i: [len(index.by_data_source[i])],
        "standards": lambda i: [len(index.by_standard[i])],
        "metrics": lambda i: [len(index.scores_by_metric[i])],
        "issue-categories": lambda i: [len(index.pains_by_category[i])],
        "listening-sources": lambda i: [len(index.pains_by_source[i])],
    }
    columns = {
        "stages": ["Touchpoints", "Pain points"],
        "silos": ["Touchpoints owned", "Pain points"],
        "channels": ["Touchpoints"],
        "personas": ["Journeys"],
        "data-sources": ["Used at"],
        "standards": ["Applies at"],
        "metrics": ["Measured at"],
        "issue-categories": ["Pain points"],
        "listening-sources": ["Pain points heard"],
    }
    for kind, count in counts.items():
        attribute, noun = TARGETS[kind]
        rows = [[links.to(kind, e.id), *count(e.id)] for e in getattr(c, attribute)]
        yield _index(kind, [noun.capitalize(), *columns[kind]], rows)


def _index(kind: str, columns: list[str], rows: list[list[Any]]) -> EntityPage:
    return EntityPage(
        f"{kind}/", INDEXES[kind], "Index", None, [],
        [Section(f"All {INDEXES[kind].lower()}", columns, rows, note=f"{len(rows)} in the catalog.")],
    )  # fmt: skip


def home_context(links: Linker, index: CatalogIndex) -> dict[str, Any]:
    """The home page: counts, journeys by state, owner and tag, stages, the worst pain points."""
    c = links.catalog
    counts = [(INDEXES[k], len(getattr(c, TARGETS[k][0])), f"{k}/") for k in INDEXES]
    done = {(j.id, pid) for j in c.journeys for o in j.opportunities if o.status == "done"
            for pid in o.addresses}  # fmt: skip
    severe = [
        p
        for p in index.pains
        if p.pain_point.severity in ("critical", "high")
        and p.place.journey.status != "retired"
        and (p.place.journey.id, p.pain_point.id) not in done
    ]
    by_tag: dict[str, list[Any]] = {}
    for journey in c.journeys:
        for tag in journey.tags or ("untagged",):
            by_tag.setdefault(tag, []).append(links.journey(journey))
    sections = [
        Section("Most severe pain points", PAIN_COLUMNS, pain_rows(links, severe)[:15],
                anchor="severe-pain-points",
                note="Critical and high, across every journey, unless retired or fixed by a done opportunity.",
                empty="No critical or high pain points."),
        Section("Stages of experience", ["Stage", "Touchpoints", "Pain points"],
                [[links.to("stages", s.id), len(index.by_stage[s.id]), len(index.pains_by_stage[s.id])]
                 for s in c.stages], anchor="stages"),
        Section("Journeys by state", ["State", "Journeys"],
                [[state, _some([links.journey(j) for j in c.journeys if j.state == state], NAMED, "journeys/")]
                 for state in ("current", "future")], anchor="by-state"),
        Section("Journeys by owner", ["Owner", "Journeys"],
                [[links.to("silos", owner), _some([links.journey(j) for j in journeys], NAMED,
                                                  url("silos", owner, "journeys-it-owns"))]
                 for owner, journeys in index.journeys_by_owner.items()], anchor="by-owner"),
        Section("Journeys by tag", ["Tag", "Journeys"],
                [[t, _some(js, NAMED, "journeys/")] for t, js in sorted(by_tag.items())], anchor="by-tag"),
        Section("Reports", ["Report"], [[Link(title, url)] for url, title in REPORTS.items()],
                anchor="reports"),
    ]  # fmt: skip
    return {"title": c.organization or "Journey catalog", "catalog": c, "counts": counts,
            "questions": questions(links, index), "sections": sections}  # fmt: skip


def questions(links: Linker, index: CatalogIndex) -> list[tuple[str, list[Link]]]:
    """The questions the catalog answers, each with the links that answer it in one click."""
    c = links.catalog
    stages = [s for s in c.stages if index.by_stage[s.id]]
    futures = [j for j in c.journeys if j.improves and j.improves in c.journeys]
    gaps = sum(1 for p in index.places if p.touchpoint.data_gaps or not p.touchpoint.data_sources)
    missed = [Link("Missed standards and broken promises", "reports/missed/"),
              Link("Standards compliance", "reports/compliance/")]  # fmt: skip
    return [
        ("Which silos contribute to the pain points of a stage?",
         [Link(s.name, url("stages", s.id, "silos")) for s in stages]),
        ("Which promises and standards are missed, and where?", missed),
        ("Which touchpoints lack data?",
         [Link(f"{gaps} touchpoint{'s' if gaps != 1 else ''} with a data gap or no data source",
               "reports/data-gaps/")]),
        ("What does a future journey change?",
         [Link(j.title, url("compare", j.id)) for j in futures] or [Link("No future journey yet", "compare/")]),
        ("How did satisfaction at a stage move over time?",
         [Link(s.name, url("stages", s.id, "satisfaction")) for s in stages]),
        ("What do customers raise most at each stage?",
         [Link(s.name, url("stages", s.id, "feedback")) for s in stages]),
        ("Which journeys rest mostly on assumption?", [Link("Evidence", "reports/evidence/")]),
    ]  # fmt: skip


def report_pages(links: Linker, index: CatalogIndex, today: datetime.date) -> Iterator[EntityPage]:
    """The pain-point register, data gaps, reviews, evidence and silos across stages."""
    c = links.catalog
    everything = pain_rows(links, index.pains)
    by_severity: dict[str, list[list[Any]]] = {s: [] for s in SEVERITIES}
    for row in everything:  # the severity is a row's second cell
        by_severity.get(row[1], []).append(row)
    sections = [Section("All pain points", PAIN_COLUMNS, everything)]
    for severity in SEVERITIES:
        sections.append(Section(f"Severity: {severity}", PAIN_COLUMNS, by_severity[severity],
                                anchor=f"severity-{severity}"))  # fmt: skip
    yield EntityPage("reports/pain-points/", REPORTS["reports/pain-points/"], "Report",
                     "Every pain point in the catalog, most severe first, and by severity. "
                     "See each [stage](../../stages/), [silo](../../silos/) and "
                     "[issue category](../../issue-categories/) page for the same register by "
                     "stage, silo and category.", [], sections)  # fmt: skip

    gap_rows = partial(_gap_rows, links)
    gaps = [row for p in index.places if p.touchpoint.data_gaps
            for row in links.kept("gaps", p, gap_rows)]  # fmt: skip
    blind = [p for p in index.places if not p.touchpoint.data_sources]
    yield EntityPage("reports/data-gaps/", REPORTS["reports/data-gaps/"], "Report",
                     "Data the organization lacks where customers meet it.", [], [
        Section("Data gaps", ["Journey", "Stage", "Touchpoint", "Owner", "Data gap"], gaps),
        Section("Touchpoints with no data source", PLACE_COLUMNS, place_rows(links, blind),
                empty="Every touchpoint names a data source."),
    ])  # fmt: skip

    stale = [[links.journey(j), str(j.reviewed), links.to("silos", j.owner)]
             for j in c.journeys if is_stale(j, c.review_max_age_days, today)]  # fmt: skip
    never = [[links.journey(j), j.status, links.to("silos", j.owner)]
             for j in c.journeys if j.reviewed is None]  # fmt: skip
    limit = c.review_max_age_days
    yield EntityPage("reports/reviews/", REPORTS["reports/reviews/"], "Report",
                     f"Journeys are to be reviewed every {limit} days." if limit else None,
                     [("As of", str(today))], [
        Section("Review overdue", ["Journey", "Last reviewed", "Owner"], stale,
                empty="No review is overdue."),
        Section("Never reviewed", ["Journey", "Status", "Owner"], never,
                empty="Every journey has a review date."),
    ])  # fmt: skip

    yield _evidence_page(links, index)
    yield _silos_page(links, index)


def _gap_rows(links: Linker, p: Place) -> list[list[Any]]:
    """A row for each data gap at a touchpoint."""
    where = [links.journey(p.journey), links.stage_in(p.journey, p.stage),
             links.touchpoint(p.journey, p.touchpoint.id, p.touchpoint.name),
             links.to("silos", p.touchpoint.owner)]  # fmt: skip
    return [[*where, gap] for gap in p.touchpoint.data_gaps]


def _silos_page(links: Linker, index: CatalogIndex) -> EntityPage:
    page = "reports/silos/"
    between: dict[tuple[str, str], list[Journey]] = {}
    for journey in links.catalog.journeys:
        for pair in links.kept("handoffs", journey, _owners):
            between.setdefault(pair, []).append(journey)
    rows = [
        [links.to("silos", a), links.to("silos", b), len(journeys),
         _some([links.journey(j) for j in {j.id: j for j in journeys}.values()])]
        for (a, b), journeys in sorted(between.items(), key=lambda item: -len(item[1]))
    ]  # fmt: skip
    return EntityPage(page, REPORTS[page], "Report",
                      "Where the silos act along the stages of experience, where they hurt "
                      "customers together, and where one hands the customer to another.", [], [
        Section("Silos by stage", [], [], anchor="heat-map", figure=heat_map(links, index, page),
                note="A cell with pain points opens the silo's pain points at that stage; "
                "any other cell, the stage's page."),
        Section("Silos that share touchpoints and pain points",
                ["Silo", "With silo", "Touchpoints both act at", "Pain points both contribute to"],
                [[links.to("silos", a), links.to("silos", b), acts, hurt]
                 for (a, b), (acts, hurt) in shared_by_silos(index).items()],
                anchor="shared", figure=shared_silos(links, index, page),
                empty="No two silos act at the same touchpoint."),
        Section("Handoffs between silos", ["From", "To", "Handoffs", "In journeys"], rows,
                anchor="handoffs", note="A handoff is a touchpoint owned by one silo followed by "
                "one owned by another: where experiences break.",
                empty="No journey passes the customer from one silo to another."),
    ])  # fmt: skip


def _owners(journey: Journey) -> list[tuple[str, str]]:
    """The silos of each handoff of the journey: from, to."""
    return [(before.owner, after.owner) for before, after in handoffs(journey)]


def _some(items: list[Any], most: int = 5, more: str = "") -> list[Any]:
    """The first `most` items, and how many more there are, linked to `more` when given."""
    if len(items) <= most:
        return items
    rest = f"and {len(items) - most} more"
    return [*items[:most], Link(rest, more) if more else rest]


def _share(counts: dict[str, int], target: str = "") -> list[Any]:
    """Each kind of evidence as `count (percent%)`, linking to `target` when it counts any."""
    total = sum(counts.values()) or 1
    shares = [(counts.get(k, 0), f"{counts.get(k, 0)} ({100 * counts.get(k, 0) // total}%)")
              for k in ("observed", "assumed", "proposed")]  # fmt: skip
    return [Link(text, target) if target and n else text for n, text in shares]


def _evidence(links: Linker, journey: Journey) -> tuple[Counter[str], list[Any]]:
    """What a journey's touchpoints and pain points rest on, and its row of shares."""
    counts = Counter({"observed": 0, "assumed": 0, "proposed": 0})
    counts.update(t.evidence for t in journey.touchpoints)
    counts.update(p.evidence for p in journey.pain_points)
    return counts, [links.journey(journey), *_share(counts, url("journeys", journey.id))]


def _evidence_page(links: Linker, index: CatalogIndex) -> EntityPage:
    rows, overall, weak = [], Counter({"observed": 0, "assumed": 0, "proposed": 0}), []
    evidence = partial(_evidence, links)
    for journey in links.catalog.journeys:
        counts, row = links.kept("evidence", journey, evidence)
        overall.update(counts)
        rows.append(row)
        if counts["assumed"] * 2 > sum(counts.values()):
            weak.append(row)
    columns = ["Journey", "Observed", "Assumed", "Proposed"]
    return EntityPage("reports/evidence/", REPORTS["reports/evidence/"], "Report",
                      "What the catalog's touchpoints and pain points rest on.",
                      [("Overall", " · ".join(f"{k} {v}" for k, v in zip(
                          ("observed", "assumed", "proposed"), _share(overall), strict=True)))], [
        Section("Journeys resting mostly on assumption", columns, weak,
                empty="No journey rests mostly on assumption."),
        Section("By journey", columns, rows),
    ])  # fmt: skip
