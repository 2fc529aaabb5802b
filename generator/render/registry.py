"""A page per registry entry showing everything that touches it, and an index page per registry."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.model.compliance import Measured, measurable, measure
from generator.model.index import CatalogIndex
from generator.model.scores import Movement
from generator.model.types import Standard
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

__all__ = [
    "PAIN_COLUMNS",
    "PLACE_COLUMNS",
    "SCORE_COLUMNS",
    "EntityPage",
    "Section",
    "pain_rows",
    "place_rows",
    "registry_pages",
    "score_rows",
]


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


def registry_pages(links: Linker, index: CatalogIndex) -> Iterator[EntityPage]:
    """Every registry entry's page."""
    c = links.catalog
    for silo in c.silos:
        yield EntityPage(
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
    for stage in c.stages:
        yield stage_page(links, index, stage)
    for channel in c.channels:
        heard = [
            [links.to("listening-sources", s.id)]
            for s in c.listening_sources
            if s.channel == channel.id
        ]
        yield EntityPage(
            url("channels", channel.id), channel.name, "Channel", None, [("Kind", channel.kind)],
            [
                Section("Touchpoints in this channel", PLACE_COLUMNS, place_rows(links, index.by_channel[channel.id])),
                Section("Listening sources", ["Listening source"], heard),
            ],
        )  # fmt: skip
    for persona in c.personas:
        yield EntityPage(
            url("personas", persona.id), persona.name, "Persona", persona.description,
            [("Segment", persona.segment), ("Goals", "; ".join(persona.goals)),
             ("Frustrations", "; ".join(persona.frustrations))],
            [Section("Journeys", ["Journey", "State", "Owner"],
                     [[links.journey(j), j.state, links.to("silos", j.owner)]
                      for j in index.journeys_by_persona[persona.id]])],
        )  # fmt: skip
    for source in c.data_sources:
        used = index.by_data_source[source.id]
        gaps = [[links.journey(p.journey), links.touchpoint(p.journey, p.touchpoint.id, p.touchpoint.name), gap]
                for p in used for gap in p.touchpoint.data_gaps]  # fmt: skip
        yield EntityPage(
            url("data-sources", source.id), source.name, "Data source", source.description,
            [("System", source.system), ("Owner", links.to("silos", source.owner) if source.owner else None),
             ("Kind", source.kind), ("Holds personal data", {True: "yes", False: "no"}.get(source.contains_pii))],
            [
                Section("Where it is used", PLACE_COLUMNS, place_rows(links, used)),
                Section("Data missing where it is used", ["Journey", "Touchpoint", "Data gap"], gaps,
                        note="Gaps recorded at the touchpoints that use this source."),
            ],
        )  # fmt: skip
    for standard in c.standards:
        yield _standard_page(links, index, standard)
    for metric in c.metrics:
        scale = f"{metric.scale_min:g} to {metric.scale_max:g}" + (
            f" {metric.unit}" if metric.unit else ""
        )
        yield EntityPage(
            url("metrics", metric.id), metric.name, "Metric", None,
            [("Scale", scale), ("Better when", "higher" if metric.higher_is_better else "lower")],
            [
                Section("Measured at", SCORE_COLUMNS, score_rows(links, index.scores_by_metric[metric.id])),
                Section("Standards measured by it", ["Standard", "Target"],
                        [[links.to("standards", s.id), s.target] for s in c.standards if s.metric == metric.id]),
            ],
        )  # fmt: skip
    for category in c.issue_categories:
        children = [cat for cat in c.issue_categories if cat.parent == category.id]
        yield EntityPage(
            url("issue-categories", category.id), category.name, "Issue category", category.description,
            [("Part of", links.to("issue-categories", category.parent) if category.parent else None),
             ("Sub-categories", links.all("issue-categories", [ch.id for ch in children]))],
            [Section("Pain points in this category", PAIN_COLUMNS,
                     pain_rows(links, index.pains_by_category[category.id])),
             heard_section(links, index.volumes_by_category[category.id], "issue-categories")],
        )  # fmt: skip
    for listening in c.listening_sources:
        yield EntityPage(
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
