"""The journey page: stages in order, each touchpoint and pain point with its own anchor."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from generator.model.index import CatalogIndex, handoffs
from generator.model.scores import against_target
from generator.model.types import Journey, Score, Touchpoint
from generator.render.diagrams.blueprint import blueprint
from generator.render.diagrams.charts import (
    Trend,
    emotion_comparison,
    emotion_curve,
    metric_trends,
)
from generator.render.diagrams.graphs import related_journeys, silo_handoffs
from generator.render.environment import Link
from generator.render.links import EMOTIONS, Linker, url


def is_stale(journey: Journey, max_age: int | None, today: datetime.date) -> bool:
    """Whether the journey's last review is older than the catalog allows."""
    if max_age is None or journey.reviewed is None:
        return False
    return (today - journey.reviewed).days > max_age


def score_row(links: Linker, score: Score) -> list[Any]:
    """Metric, target, actual, whether it meets the target, and its history."""
    metric = links.catalog.metrics.get(score.metric)
    history = ", ".join(f"{h.period}: {h.value:g}" for h in score.history)
    return [
        links.to("metrics", score.metric),
        score.target,
        score.actual,
        against_target(score, metric.higher_is_better if metric else True),
        history,
    ]


def journey_context(
    journey: Journey, links: Linker, index: CatalogIndex, today: datetime.date, edit_url: str | None
) -> dict[str, Any]:
    """Everything journey.md.j2 shows, with every mentioned entity as a link."""
    catalog = links.catalog
    improved_by = index.improved_by.get(journey.id, [])
    current = journey.improves in catalog.journeys
    shown = catalog.published(journey.source.file)
    facts = [
        ("Personas", links.all("personas", journey.personas)),
        ("Owner", links.to("silos", journey.owner)),
        ("State", journey.state),
        ("Status", journey.status),
        ("Reviewed", str(journey.reviewed) if journey.reviewed else "never"),
        ("Improves", links.to("journeys", journey.improves) if journey.improves else None),
        (
            "Compared with current",
            Link("what changes", url("compare", journey.id)) if current else None,
        ),
        ("Improved by", [links.journey(j) for j in improved_by]),
        ("Comparisons", [Link(f"with {j.title}", url("compare", j.id)) for j in improved_by]),
        ("Tags", ", ".join(journey.tags)),
        ("Related", links.all("journeys", journey.related)),
        ("Source", Link(shown, edit_url) if edit_url else shown),
    ]
    return {
        "title": journey.title,
        "journey": journey,
        "stale": is_stale(journey, catalog.review_max_age_days, today),
        "facts": facts,
        "silo_rows": _silo_rows(journey, links),
        **_handoffs(journey, links),
        "stages": [_stage(journey, s, links) for s in journey.stages],
        **_figures(journey, links, index),
        "opportunities": [
            [
                o.title,
                [links.pain_point(journey, p, pain_title(journey, p)) for p in o.addresses],
                links.to("silos", o.owner) if o.owner else "",
                o.status or "",
            ]
            for o in journey.opportunities
        ],
    }


def _figures(journey: Journey, links: Linker, index: CatalogIndex) -> dict[str, Any]:
    """The journey's diagrams: blueprint, emotions, handoffs, metric trends, related journeys."""
    page = url("journeys", journey.id)
    current = links.catalog.journeys.get(journey.improves) if journey.improves else None
    trends = [
        Trend(where, score, metric)
        for stage in journey.stages
        for where, score in [
            *((links.stage_name(stage), s) for s in stage.metrics),
            *((t.name, s) for t in stage.touchpoints for s in t.metrics),
        ]
        if (metric := links.catalog.metrics.get(score.metric)) is not None
    ]
    return {
        "blueprint": blueprint(journey, links, page),
        "emotions": emotion_curve(journey, links, page),
        "comparison": emotion_comparison(journey, current, links, page) if current else None,
        "handoff_figure": silo_handoffs(journey, links, page),
        "trends": metric_trends(journey.title, trends),
        "related_figure": related_journeys(journey, links, index, page),
    }


def pain_title(journey: Journey, pain_id: str) -> str:
    """The title of the journey's pain point with this id (the id if there is none)."""
    return next((p.title for p in journey.pain_points if p.id == pain_id), pain_id)


def _stage(journey: Journey, stage: Any, links: Linker) -> dict[str, Any]:
    emotion = EMOTIONS.get(stage.emotion) if stage.emotion is not None else None
    return {
        "name": links.stage_name(stage),
        "anchor": f"stage-{stage.id}",
        "facts": [
            ("Stage", links.to("stages", stage.stage)),
            ("Customer's goal", stage.goal),
            ("Emotion", emotion),
        ],
        "metrics": [score_row(links, s) for s in stage.metrics],
        "touchpoints": [_touchpoint(journey, t, links) for t in stage.touchpoints],
    }


def _touchpoint(journey: Journey, t: Touchpoint, links: Linker) -> dict[str, Any]:
    lanes = [
        (lane, text)
        for lane, text in (
            ("Customer", t.customer),
            ("Frontstage", t.frontstage),
            ("Backstage", t.backstage),
        )
        if text
    ]
    return {
        "name": t.name,
        "anchor": t.id,
        "facts": [
            ("Channel", links.to("channels", t.channel)),
            ("Owner", links.to("silos", t.owner)),
            ("Supporting", links.all("silos", t.supporting)),
            ("Data sources", links.all("data-sources", t.data_sources)),
            ("Data gaps", "; ".join(t.data_gaps)),
            ("Standards", links.all("standards", t.standards)),
            ("Promise", t.promise),
            ("Moment of truth", "yes" if t.moment_of_truth else None),
            ("Emotion", EMOTIONS.get(t.emotion) if t.emotion is not None else None),
            ("Evidence", t.evidence),
        ],
        "lanes": lanes,
        "metrics": [score_row(links, s) for s in t.metrics],
        "pain_points": [
            {
                "title": p.title,
                "anchor": links.pain_anchor(journey, p.id),
                "detail": p.detail,
                "facts": [
                    ("Severity", p.severity),
                    ("Category", links.to("issue-categories", p.category)),
                    ("Heard through", links.all("listening-sources", p.sources)),
                    ("Contributing silos", links.all("silos", p.contributing_silos or t.silos)),
                    ("Evidence", p.evidence),
                ],
            }
            for p in t.pain_points
        ],
    }


def _silo_rows(journey: Journey, links: Linker) -> list[list[Any]]:
    owns: Counter[str] = Counter()
    supports: Counter[str] = Counter()
    pains: Counter[str] = Counter()
    for t in journey.touchpoints:
        owns[t.owner] += 1
        supports.update(t.supporting)
        for p in t.pain_points:
            pains.update(p.contributing_silos or t.silos)
    silos = list(dict.fromkeys([journey.owner, *owns, *supports, *pains]))
    return [[links.to("silos", s), owns[s], supports[s], pains[s]] for s in silos]


def _handoffs(journey: Journey, links: Linker) -> dict[str, Any]:
    rows = [
        [
            links.to("silos", before.owner),
            links.to("silos", after.owner),
            [
                links.touchpoint(journey, before.id, before.name),
                links.touchpoint(journey, after.id, after.name),
            ],
        ]
        for before, after in handoffs(journey)
    ]
    return {"handoffs": rows, "handoff_count": len(rows)}
