"""A page per registry entry showing everything that touches it, and an index page per registry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.model.compliance import Measured, measurable, measure
from generator.model.index import CatalogIndex
from generator.model.references import TARGETS
from generator.model.scores import Movement
from generator.model.types import (
    Channel,
    DataSource,
    IssueCategory,
    ListeningSource,
    Metric,
    Persona,
    Silo,
    Standard,
)
from generator.render.environment import Link
from generator.render.feedback import heard_section, silo_pain_sections, stage_page
from generator.render.links import Linker, url
from generator.render.tables import (
    PAIN_COLUMNS,
    PLACE_COLUMNS,
    SCORE_COLUMNS,
    EntityPage,
    Section,
    pain_rows,
    place_rows,
    score_rows,
)

MEASURED_COLUMNS = ["Journey", "Stage", "Touchpoint", "Owner", "Latest", "Against target", "Trend"]


def measured_rows(links: Linker, measured: list[Measured]) -> list[list[Any]]:
    """A standard where it applies: the latest value against the standard's target, the trend."""
    return [
        [*place_rows(links, [m.place])[0][:3], links.to("silos", m.place.touchpoint.owner),
         m.value, m.result or "not measured", trend(m.movement)]
        for m in measured
    ]  # fmt: skip


def trend(movement: Movement | None) -> str:
    """`3.9 → 4.1 ▲ better (2 periods)`: the last step of a history; empty without one."""
    if movement is None:
        return ""
    arrow = {"up": "▲", "down": "▼", "flat": "="}[movement.direction]
    return (
        f"{movement.previous:g} → {movement.latest:g} {arrow} {movement.verdict} "
        f"({movement.periods} periods)"
    )


def registry_entries(links: Linker) -> Iterator[tuple[str, Any]]:
    """Every registry entry that has a page, with its kind (`silos`, `stages`, ...)."""
    for kind in ENTRY_PAGES:
        attribute, _ = TARGETS[kind]
        for entry in getattr(links.catalog, attribute):
            yield kind, entry


def entry_page(links: Linker, index: CatalogIndex, kind: str, entry: Any) -> EntityPage:
    """The page of one registry entry of `kind`: everything across the catalog that names it."""
    return ENTRY_PAGES[kind](links, index, entry)


def _silo_page(links: Linker, index: CatalogIndex, silo: Silo) -> EntityPage:
    c = links.catalog
    return EntityPage(
        url("silos", silo.id),
        silo.name,
        "Silo",
        silo.description,
        [("Lead", silo.lead), ("Contact", silo.contact)],
        [
            Section("Journeys it owns", ["Journey", "State", "Status"],
                    [[links.journey(j), j.state, j.status] for j in index.journeys_by_owner[silo.id]],
                    anchor="journeys-it-owns"),
            Section("Touchpoints it owns", PLACE_COLUMNS, place_rows(links, index.owned_by[silo.id])),
            Section("Touchpoints it supports", PLACE_COLUMNS, place_rows(links, index.supported_by[silo.id])),
            *silo_pain_sections(links, index, silo),
            Section("Standards it owns", ["Standard", "Statement"],
                    [[links.to("standards", s.id), s.statement] for s in c.standards if s.owner == silo.id]),
            Section("Data sources it owns", ["Data source", "System"],
                    [[links.to("data-sources", d.id), d.system] for d in c.data_sources if d.owner == silo.id]),
            Section("Opportunities it owns", ["Opportunity", "Journey", "Status"],
                    [[o.title, links.journey(j), o.status] for j, o in index.opportunities_by_owner[silo.id]]),
        ],
    )  # fmt: skip


def _channel_page(links: Linker, index: CatalogIndex, channel: Channel) -> EntityPage:
    heard = [
        [links.to("listening-sources", s.id)]
        for s in links.catalog.listening_sources
        if s.channel == channel.id
    ]
    return EntityPage(
        url("channels", channel.id), channel.name, "Channel", None, [("Kind", channel.kind)],
        [
            Section("Touchpoints in this channel", PLACE_COLUMNS, place_rows(links, index.by_channel[channel.id])),
            Section("Listening sources", ["Listening source"], heard),
        ],
    )  # fmt: skip


def _persona_page(links: Linker, index: CatalogIndex, persona: Persona) -> EntityPage:
    return EntityPage(
        url("personas", persona.id), persona.name, "Persona", persona.description,
        [("Segment", persona.segment), ("Goals", "; ".join(persona.goals)),
         ("Frustrations", "; ".join(persona.frustrations))],
        [Section("Journeys", ["Journey", "State", "Owner"],
                 [[links.journey(j), j.state, links.to("silos", j.owner)]
                  for j in index.journeys_by_persona[persona.id]])],
    )  # fmt: skip


def _data_source_page(links: Linker, index: CatalogIndex, source: DataSource) -> EntityPage:
    used = index.by_data_source[source.id]
    gaps = [[links.journey(p.journey), links.touchpoint(p.journey, p.touchpoint.id, p.touchpoint.name), gap]
            for p in used for gap in p.touchpoint.data_gaps]  # fmt: skip
    return EntityPage(
        url("data-sources", source.id), source.name, "Data source", source.description,
        [("System", source.system), ("Owner", links.to("silos", source.owner) if source.owner else None),
         ("Kind", source.kind), ("Holds personal data", _yes_no(source.contains_pii))],
        [
            Section("Where it is used", PLACE_COLUMNS, place_rows(links, used)),
            Section("Data missing where it is used", ["Journey", "Touchpoint", "Data gap"], gaps,
                    note="Gaps recorded at the touchpoints that use this source."),
        ],
    )  # fmt: skip


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else "yes" if value else "no"


def _metric_page(links: Linker, index: CatalogIndex, metric: Metric) -> EntityPage:
    scale = f"{metric.scale_min:g} to {metric.scale_max:g}" + (
        f" {metric.unit}" if metric.unit else ""
    )
    return EntityPage(
        url("metrics", metric.id), metric.name, "Metric", None,
        [("Scale", scale), ("Better when", "higher" if metric.higher_is_better else "lower")],
        [
            Section("Measured at", SCORE_COLUMNS, score_rows(links, index.scores_by_metric[metric.id])),
            Section("Standards measured by it", ["Standard", "Target"],
                    [[links.to("standards", s.id), s.target] for s in links.catalog.standards
                     if s.metric == metric.id]),
        ],
    )  # fmt: skip


def _category_page(links: Linker, index: CatalogIndex, category: IssueCategory) -> EntityPage:
    children = [cat for cat in links.catalog.issue_categories if cat.parent == category.id]
    return EntityPage(
        url("issue-categories", category.id), category.name, "Issue category", category.description,
        [("Part of", links.to("issue-categories", category.parent) if category.parent else None),
         ("Sub-categories", links.all("issue-categories", [ch.id for ch in children]))],
        [Section("Pain points in this category", PAIN_COLUMNS,
                 pain_rows(links, index.pains_by_category[category.id])),
         heard_section(links, index.volumes_by_category[category.id], "issue-categories")],
    )  # fmt: skip


def _listening_page(links: Linker, index: CatalogIndex, listening: ListeningSource) -> EntityPage:
    return EntityPage(
        url("listening-sources", listening.id), listening.name, "Listening source", None,
        [("Kind", listening.kind),
         ("Channel", links.to("channels", listening.channel) if listening.channel else None)],
        [Section("Pain points heard here", PAIN_COLUMNS, pain_rows(links, index.pains_by_source[listening.id])),
         heard_section(links, index.volumes_by_source[listening.id], "listening-sources")],
    )  # fmt: skip


def _standard_page(links: Linker, index: CatalogIndex, standard: Standard) -> EntityPage:
    measured = measure(index, standard)
    sections = [Section("Where it applies", MEASURED_COLUMNS, measured_rows(links, measured),
                        anchor="where-it-applies")]  # fmt: skip
    if measurable(links.catalog, standard):
        sections = [
            Section("Where it applies", [], [], anchor="where-it-applies",
                    note="Latest: the touchpoint's latest value of the standard's metric. "
                    "Trend: from its previous measured value to its latest."),
            *(Section(title, MEASURED_COLUMNS,
                      measured_rows(links, [m for m in measured if m.result == result]),
                      anchor=anchor, level=3, empty="Nowhere.")
              for title, result, anchor in (("Missed", "missed", "missed"), ("Met", "met", "met"),
                                            ("Not measured", "", "not-measured"))),
        ]  # fmt: skip
    return EntityPage(
        url("standards", standard.id),
        standard.title,
        "Standard",
        None,
        [
            ("Statement", standard.statement),
            ("Owner", links.to("silos", standard.owner) if standard.owner else None),
            ("Measured by", links.to("metrics", standard.metric) if standard.metric else None),
            ("Target", standard.target),
            ("Compliance", Link("Standards compliance", f"reports/compliance/#standard-{standard.id}")
             if measurable(links.catalog, standard) else None),
        ],
        sections,
    )  # fmt: skip


#: Each kind of registry entry that has a page -> what makes its page, in site order.
ENTRY_PAGES: dict[str, Callable[[Linker, CatalogIndex, Any], EntityPage]] = {
    "silos": _silo_page,
    "stages": stage_page,
    "channels": _channel_page,
    "personas": _persona_page,
    "data-sources": _data_source_page,
    "standards": _standard_page,
    "metrics": _metric_page,
    "issue-categories": _category_page,
    "listening-sources": _listening_page,
}
