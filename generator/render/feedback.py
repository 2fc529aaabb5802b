"""Feedback by stage of experience: what the stage, silo, issue-category and listening-source
pages show about pain points, listening volumes and satisfaction over time.

Every count links to the rows it counts: a stage's count of pain points in a category
to that category's table further down the stage page, a silo's count at a stage to that
stage's table on the silo's page, a count of feedback to the rows on the category's or
source's page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from statistics import fmean
from typing import Any

from generator.model.index import CatalogIndex, PainPlace, ScorePlace, VolumePlace
from generator.model.scores import period_order
from generator.model.types import HistoryPoint, Metric, Score, Silo, Stage
from generator.render.diagrams.charts import Trend, metric_trends
from generator.render.environment import Link
from generator.render.links import SEVERITIES, Linker, url
from generator.render.tables import (
    PAIN_COLUMNS,
    PLACE_COLUMNS,
    ROWS_WHEN_MANY,
    EntityPage,
    Section,
    pain_rows,
    place_rows,
)

#: How many categories a stage's feedback chart draws (the table lists them all).
CHARTED_CATEGORIES = 6


def count(number: int, target: str) -> Any:
    """A count linking to what it counts; nothing to link to when it is zero."""
    return Link(str(number), target) if number else 0


def roles(pain: PainPlace, silo: str) -> list[str]:
    """How a silo contributes to a pain point: owner or supporter of its touchpoint, named."""
    touchpoint = pain.place.touchpoint
    found = []
    if silo == touchpoint.owner:
        found.append("owner")
    if silo in touchpoint.supporting:
        found.append("supporter")
    if silo in pain.pain_point.contributing_silos:
        found.append("named")
    return found


def _periods(places: Iterable[VolumePlace]) -> list[str]:
    return sorted({p.volume.period for p in places}, key=period_order)


def _tally(
    places: list[VolumePlace], key: Callable[[VolumePlace], str]
) -> list[tuple[str, Counter[str]]]:
    """The counts by `key` (a category or a source) and period, the largest total first."""
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for p in places:
        counts[key(p)][p.volume.period] += p.volume.count
    return sorted(counts.items(), key=lambda item: (-item[1].total(), item[0]))


def _volume_table(
    places: list[VolumePlace],
    key: Callable[[VolumePlace], str],
    name: Callable[[str], Link],
    target: Callable[[str], str],
) -> tuple[list[str], list[list[Any]]]:
    """Rows of counts by `key` (a category or a source) and period, with a total column."""
    periods = _periods(places)
    ranked = _tally(places, key)
    rows = [
        [name(k), *(count(c[period], target(k)) for period in periods), count(c.total(), target(k))]
        for k, c in ranked
    ]
    return periods, rows


def _volume_trends(links: Linker, stage: Stage, places: list[VolumePlace]) -> Any:
    periods = _periods(places)
    ranked = _tally(places, lambda p: p.volume.issue_category)
    scale = Metric("feedback", "Feedback heard", 0, max(c.total() for _, c in ranked), stage.source)
    trends = [
        Trend(links.to("issue-categories", category).text,
              Score("feedback", stage.source, history=tuple(HistoryPoint(p, c[p]) for p in periods)),
              scale)
        for category, c in ranked[:CHARTED_CATEGORIES]
    ]  # fmt: skip
    return metric_trends(stage.name, trends, "Feedback heard")


def _satisfaction(
    links: Linker, stage: Stage, scores: list[ScorePlace]
) -> tuple[list[list[Any]], Any]:
    """Per metric and period: the mean of every score measured at the stage, and how many."""
    values: defaultdict[str, defaultdict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for place in scores:
        if place.journey.state != "current" or place.journey.status == "retired":
            continue
        for point in place.score.history:
            values[place.score.metric][point.period].append(point.value)
    rows: list[list[Any]] = []
    trends: list[Trend] = []
    for metric_id, by_period in values.items():
        metric = links.catalog.metrics.get(metric_id)
        if metric is None:
            continue
        periods = sorted(by_period, key=period_order)
        history = tuple(HistoryPoint(p, round(fmean(by_period[p]), 2)) for p in periods)
        trends.append(
            Trend(
                "average across journeys", Score(metric_id, stage.source, history=history), metric
            )
        )
        measured = url("metrics", metric_id)
        rows.extend(
            [
                links.to("metrics", metric_id),
                point.period,
                f"{point.value:g}",
                count(len(by_period[point.period]), measured),
            ]
            for point in history
        )
    return rows, metric_trends(stage.name, trends, "Satisfaction over time")


def stage_page(links: Linker, index: CatalogIndex, stage: Stage) -> EntityPage:
    """A stage of experience across all journeys: who hurts customers here, how often they
    say so, and how satisfied they are, over time."""
    page = url("stages", stage.id)
    pains = index.pains_by_stage[stage.id]
    volumes = index.volumes_by_stage[stage.id]
    places = index.by_stage[stage.id]

    by_silo: defaultdict[str, list[PainPlace]] = defaultdict(list)
    for pain in pains:
        for silo in pain.silos:
            by_silo[silo].append(pain)
    silo_rows = []
    for silo_id, found in sorted(by_silo.items(), key=lambda item: (-len(item[1]), item[0])):
        mine = url("silos", silo_id, f"stage-{stage.id}")
        severe = sum(1 for p in found if p.pain_point.severity in ("critical", "high"))
        role_counts = Counter(r for p in found for r in roles(p, silo_id))
        others = sorted({s for p in found for s in p.silos} - {silo_id})
        silo_rows.append([links.to("silos", silo_id), count(len(found), mine), count(severe, mine),
                          *(role_counts[r] for r in ("owner", "supporter", "named")),
                          links.all("silos", others)])  # fmt: skip

    by_category: defaultdict[str, list[PainPlace]] = defaultdict(list)
    for pain in pains:
        by_category[pain.pain_point.category].append(pain)
    categories = sorted(by_category, key=lambda c: (-len(by_category[c]), c))
    category_rows = []
    for category in categories:
        found = by_category[category]
        here = url("stages", stage.id, f"category-{category}")
        severities = Counter(p.pain_point.severity for p in found)
        category_rows.append([links.to("issue-categories", category),
                              *(count(severities[s], here) for s in SEVERITIES), count(len(found), here)])  # fmt: skip

    satisfaction, satisfaction_chart = _satisfaction(links, stage, index.scores_by_stage[stage.id])
    periods, by_category_volume = _volume_table(
        volumes, lambda p: p.volume.issue_category, lambda c: links.to("issue-categories", c),
        lambda c: url("issue-categories", c, "feedback"))  # fmt: skip
    _, by_source_volume = _volume_table(
        volumes, lambda p: p.volume.listening_source, lambda s: links.to("listening-sources", s),
        lambda s: url("listening-sources", s, "feedback"))  # fmt: skip

    sections = [
        Section("Silos behind its pain points",
                ["Silo", "Pain points", "Critical or high", "As owner", "As supporter", "Named", "Shared with"],
                silo_rows, anchor="silos",
                note="Every silo that contributes to a pain point at this stage: as the touchpoint's "
                "owner or supporter, or named as a contributing silo. A count opens the silo's pain "
                "points at this stage.", empty="No pain points at this stage."),
        Section("Pain points by category and severity", ["Category", *(s.capitalize() for s in SEVERITIES), "All"],
                category_rows, anchor="by-category", empty="No pain points at this stage."),
        Section("Satisfaction over time", ["Metric", "Period", "Average", "Places measured"], satisfaction,
                anchor="satisfaction", figure=satisfaction_chart,
                note="The average of every score measured at this stage, across current journeys "
                "that are not retired, per period.",
                empty="Nothing is measured over time at this stage."),
        Section("Feedback heard by category", ["Category", *periods, "Total"], by_category_volume,
                anchor="feedback", figure=_volume_trends(links, stage, volumes) if volumes else None,
                note="How many times customers raised each issue category at this stage, from the "
                "listening volumes in measurements/.", empty="No listening volumes for this stage."),
        Section("Feedback heard by source", ["Listening source", *periods, "Total"], by_source_volume,
                anchor="feedback-by-source", empty="No listening volumes for this stage."),
        Section("Touchpoints at this stage", PLACE_COLUMNS, place_rows(links, places), anchor="touchpoints"),
    ]  # fmt: skip
    for category in categories:
        name = links.to("issue-categories", category).text
        sections.append(Section(f"Pain points: {name}", PAIN_COLUMNS, pain_rows(links, by_category[category]),
                                anchor=f"category-{category}", shown=ROWS_WHEN_MANY))  # fmt: skip
    journeys = {p.journey.id for p in places}
    facts: list[tuple[str, Any]] = [
        ("Journeys", len(journeys)),
        ("Touchpoints", count(len(places), url("stages", stage.id, "touchpoints"))),
        ("Pain points", count(len(pains), url("stages", stage.id, "by-category"))),
        (
            "Feedback counted",
            count(sum(p.volume.count for p in volumes), url("stages", stage.id, "feedback")),
        ),
    ]
    return EntityPage(page, stage.name, "Stage of experience", stage.description, facts, sections)


def silo_pain_sections(links: Linker, index: CatalogIndex, silo: Silo) -> list[Section]:
    """A silo's accountability: the pain points it contributes to, stage by stage, and the
    silos it shares them with."""
    pains = index.pains_by_silo[silo.id]
    shared: Counter[str] = Counter(s for p in pains for s in set(p.silos) - {silo.id})
    by_stage: defaultdict[str, list[PainPlace]] = defaultdict(list)
    for pain in pains:
        by_stage[pain.place.stage.stage].append(pain)
    columns = [*PAIN_COLUMNS, "Its role", "Heard"]
    sections = [
        Section("Pain points it contributes to, by stage", ["Stage", "Pain points", "Critical or high", "Shared with"],
                [[links.to("stages", stage.id),
                  count(len(by_stage[stage.id]), url("silos", silo.id, f"stage-{stage.id}")),
                  count(sum(1 for p in by_stage[stage.id] if p.pain_point.severity in ("critical", "high")),
                        url("silos", silo.id, f"stage-{stage.id}")),
                  links.all("silos", sorted({s for p in by_stage[stage.id] for s in p.silos} - {silo.id}))]
                 for stage in links.catalog.stages if by_stage[stage.id]],
                anchor="pain-points",
                note="As the touchpoint's owner or supporter, or named as a contributing silo.",
                empty="It contributes to no pain point."),
        Section("Silos it shares pain points with", ["Silo", "Pain points shared"],
                [[links.to("silos", other), n] for other, n in sorted(shared.items(), key=lambda i: (-i[1], i[0]))],
                anchor="shared", empty="It shares no pain point with another silo."),
    ]  # fmt: skip
    for stage in links.catalog.stages:
        if by_stage[stage.id]:
            rows = pain_rows(links, by_stage[stage.id], lambda p: [
                ", ".join(roles(p, silo.id)), index.heard[(p.place.journey.id, p.pain_point.id)]])  # fmt: skip
            sections.append(
                Section(
                    f"Pain points at {stage.name}",
                    columns,
                    rows,
                    anchor=f"stage-{stage.id}",
                    shown=ROWS_WHEN_MANY,
                )
            )
    return sections


def heard_section(links: Linker, places: list[VolumePlace], by: str) -> Section:
    """The listening volumes rows of one category or source: where, when, how many."""
    other = "listening-sources" if by == "issue-categories" else "issue-categories"
    rows = [
        [links.journey(p.journey), links.stage_in(p.journey, p.stage),
         links.touchpoint(p.journey, p.touchpoint.id, p.touchpoint.name) if p.touchpoint else "",
         links.pain_point(p.journey, p.pain_point.id, p.pain_point.title) if p.pain_point else "",
         links.to(other, p.volume.listening_source if by == "issue-categories" else p.volume.issue_category),
         p.volume.period, p.volume.count]
        for p in places
    ]  # fmt: skip
    heading = "Listening source" if by == "issue-categories" else "Category"
    return Section("Feedback counted", ["Journey", "Stage", "Touchpoint", "Pain point", heading, "Period", "Count"],
                   rows, anchor="feedback", note=f"{sum(p.volume.count for p in places)} in all, "
                   "from the listening volumes in measurements/.", empty="No listening volumes yet.")  # fmt: skip
