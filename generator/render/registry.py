"""A page per registry entry showing everything that touches it, and an index page per registry."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.model.compliance import Measured, measurable, measure
from generator.model.index import CatalogIndex, PainPlace, Place, ScorePlace
from generator.model.scores import Movement, against_target
from generator.model.types import Standard
from generator.render.diagrams.engine import Diagram
from generator.render.environment import Link
from generator.render.links import Linker, url


@dataclass
class Section:
    """A titled table on a page (`rows` empty shows `empty` instead), maybe with a diagram first."""

    title: str
    columns: list[str]
    rows: list[list[Any]]
    anchor: str = ""
    note: str = ""
    empty: str = "Nothing yet."
    figure: Diagram | None = None
    level: int = 2
    """The heading's level: 2, or 3 and 4 for sections within the one before."""


@dataclass
class EntityPage:
    """What entity.md.j2 shows: title, description, facts and sections."""

    url: str
    title: str
    kicker: str
    description: str | None = None
    facts: list[tuple[str, Any]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def context(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kicker": self.kicker,
            "description": self.description,
            "facts": self.facts,
            "sections": self.sections,
        }


def place_rows(links: Linker, places: list[Place]) -> list[list[Any]]:
    """Journey, stage, touchpoint, channel, owner: one row per touchpoint."""
    return [
        [
            links.journey(p.journey),
            links.stage_in(p.journey, p.stage),
            links.touchpoint(p.journey, p.touchpoint.id, p.touchpoint.name),
            links.to("channels", p.touchpoint.channel),
            links.to("silos", p.touchpoint.owner),
        ]
        for p in places
    ]


PLACE_COLUMNS = ["Journey", "Stage", "Touchpoint", "Channel", "Owner"]
PAIN_COLUMNS = ["Pain point", "Severity", "Category", "Journey", "Stage", "Contributing silos"]


def pain_rows(links: Linker, pains: list[PainPlace]) -> list[list[Any]]:
    """One row per pain point, most severe first."""
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    ranked = sorted(pains, key=lambda p: order.get(p.pain_point.severity, 4))
    return [
        [
            links.pain_point(p.place.journey, p.pain_point.id, p.pain_point.title),
            p.pain_point.severity,
            links.to("issue-categories", p.pain_point.category),
            links.journey(p.place.journey),
            links.stage_in(p.place.journey, p.place.stage),
            links.all("silos", p.silos),
        ]
        for p in ranked
    ]


SCORE_COLUMNS = ["Journey", "Where", "Target", "Actual", "Against target", "History"]


def score_rows(links: Linker, scores: list[ScorePlace]) -> list[list[Any]]:
    rows = []
    for s in scores:
        metric = links.catalog.metrics.get(s.score.metric)
        where = (
            links.touchpoint(s.journey, s.touchpoint.id, s.touchpoint.name)
            if s.touchpoint
            else links.stage_in(s.journey, s.stage)
        )
        rows.append(
            [
                links.journey(s.journey),
                where,
                s.score.target,
                s.score.actual,
                against_target(s.score, metric.higher_is_better if metric else True),
                ", ".join(f"{h.period}: {h.value:g}" for h in s.score.history),
            ]
        )
    return rows


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
                        [[links.journey(j), j.state, j.status] for j in index.journeys_by_owner[silo.id]]),
                Section("Touchpoints it owns", PLACE_COLUMNS, place_rows(links, index.owned_by[silo.id])),
                Section("Touchpoints it supports", PLACE_COLUMNS, place_rows(links, index.supported_by[silo.id])),
                Section("Pain points it contributes to", PAIN_COLUMNS, pain_rows(links, index.pains_by_silo[silo.id]),
                        note="As the touchpoint's owner or supporter, or named as a contributing silo."),
                Section("Standards it owns", ["Standard", "Statement"],
                        [[links.to("standards", s.id), s.statement] for s in c.standards if s.owner == silo.id]),
                Section("Data sources it owns", ["Data source", "System"],
                        [[links.to("data-sources", d.id), d.system] for d in c.data_sources if d.owner == silo.id]),
                Section("Opportunities it owns", ["Opportunity", "Journey", "Status"],
                        [[o.title, links.journey(j), o.status] for j, o in index.opportunities_by_owner[silo.id]]),
            ],
        )  # fmt: skip
    for stage in c.stages:
        yield EntityPage(
            url("stages", stage.id),
            stage.name,
            "Stage of experience",
            stage.description,
            [],
            [
                Section("Touchpoints at this stage", PLACE_COLUMNS, place_rows(links, index.by_stage[stage.id])),
                Section("Pain points at this stage", PAIN_COLUMNS, pain_rows(links, index.pains_by_stage[stage.id])),
            ],
        )  # fmt: skip
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
                     pain_rows(links, index.pains_by_category[category.id]))],
        )  # fmt: skip
    for listening in c.listening_sources:
        yield EntityPage(
            url("listening-sources", listening.id), listening.name, "Listening source", None,
            [("Kind", listening.kind),
             ("Channel", links.to("channels", listening.channel) if listening.channel else None)],
            [Section("Pain points heard here", PAIN_COLUMNS, pain_rows(links, index.pains_by_source[listening.id]))],
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
