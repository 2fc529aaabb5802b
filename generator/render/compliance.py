"""The compliance reports: each standard against its target where it applies, and every
standard, target and promise that is missed or broken."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import partial
from typing import Any

from generator.model.compliance import (
    Measured,
    broken_promises,
    measurable,
    measure,
    missed_standards,
    missed_targets,
    promise_categories,
    unwritten_promises,
)
from generator.model.index import CatalogIndex, Place, ScorePlace
from generator.model.scores import latest
from generator.model.types import Metric, Standard
from generator.render.diagrams.charts import Trend, metric_trends
from generator.render.diagrams.engine import Diagram
from generator.render.environment import Link
from generator.render.links import Linker, url
from generator.render.overview import REPORTS
from generator.render.registry import MEASURED_COLUMNS, measured_rows, trend
from generator.render.tables import (
    PAIN_COLUMNS,
    ROWS_WHEN_MANY,
    EntityPage,
    Section,
    pain_rows,
    place_rows,
)

COMPLIANCE = "reports/compliance/"
MISSED = "reports/missed/"
COVERAGE = "reports/standards/"

#: The most places a standard's chart shows.
CHARTED = 8

PROMISE_RULE = (
    "A promise is broken where a customer's pain point falls in a promise category: an "
    'issue category whose id contains "promise", or any category below one (through its '
    "parent, at any depth)."
)


def compliance_pages(links: Linker, index: CatalogIndex) -> Iterator[EntityPage]:
    """The compliance report, the missed report, and the old coverage address."""
    yield _compliance(links, index)
    yield _missed(links, index)
    yield EntityPage(
        COVERAGE, "Standards coverage", "Report",
        f"Where each standard applies, and the promises made at touchpoints, are now part of "
        f"[{REPORTS[COMPLIANCE]}](../compliance/), which also measures each standard against "
        f"its target. Standards missed and promises broken are listed in "
        f"[{REPORTS[MISSED]}](../missed/).",
    )  # fmt: skip


def _count(items: list[Any], page: str, anchor: str) -> Link:
    """A count that links to the section listing what it counts."""
    return Link(str(len(items)), f"{page}#{anchor}")


def _compliance(links: Linker, index: CatalogIndex) -> EntityPage:
    c = links.catalog
    summary, sections, unmeasurable = [], [], []
    for standard in c.standards:
        measured = measure(index, standard)
        sid, own = standard.id, url("standards", standard.id)
        if not measurable(c, standard):
            why = "no metric" if not standard.metric else "no target"
            unmeasurable.append([links.to("standards", sid),
                                 links.to("silos", standard.owner) if standard.owner else "", why,
                                 Link(str(len(measured)), f"{own}#where-it-applies")])  # fmt: skip
            continue
        met = [m for m in measured if m.result == "met"]
        missed = [m for m in measured if m.result == "missed"]
        summary.append([
            links.to("standards", sid), links.to("metrics", standard.metric or ""), standard.target,
            Link(str(len(measured)), f"{own}#where-it-applies"),
            _count(met + missed, COMPLIANCE, f"standard-{sid}"),
            _count(met, COMPLIANCE, f"met-{sid}"), _count(missed, COMPLIANCE, f"missed-{sid}"),
            Link(str(len(measured) - len(met) - len(missed)), f"{own}#not-measured"),
        ])  # fmt: skip
        chart, left_out = _chart(links, standard, measured)
        sections += [
            Section(standard.title, [], [], anchor=f"standard-{sid}",
                    note=_target(links, standard) + left_out, figure=chart),
            Section("Missed", MEASURED_COLUMNS, measured_rows(links, missed), anchor=f"missed-{sid}",
                    level=3, empty="Missed nowhere it is measured.", shown=ROWS_WHEN_MANY),
            Section("Met", MEASURED_COLUMNS, measured_rows(links, met), anchor=f"met-{sid}",
                    level=3, empty="Met nowhere it is measured.", shown=ROWS_WHEN_MANY),
        ]  # fmt: skip
    promise_row = partial(_promise_row, links, promise_categories(c))
    promises = [links.kept("promise", p, promise_row) for p in index.places if p.touchpoint.promise]
    return EntityPage(COMPLIANCE, REPORTS[COMPLIANCE], "Report",
                      "Each standard with a metric and a target, at every touchpoint it applies "
                      "to that measures its metric: the latest value there against the "
                      "standard's target, and how it moved from the value measured before. "
                      "Every count links to what it counts; the places that do not measure a "
                      "standard's metric are listed on the standard's own page.", [], [
        Section("Summary", ["Standard", "Metric", "Target", "Applies at", "Measured at", "Met",
                            "Missed", "Not measured"], summary, anchor="summary",
                empty="No standard has both a metric and a target."),
        *sections,
        Section("Not measurable", ["Standard", "Owner", "Missing", "Applies at"], unmeasurable,
                anchor="not-measurable", note="Standards without a metric or a target: where they "
                "apply, but not whether they are met.", empty="Every standard can be measured."),
        Section("Promises", ["Journey", "Stage", "Touchpoint", "Owner", "Promise",
                             "Pain points in promise categories"], promises, anchor="promises",
                note=PROMISE_RULE, empty="No touchpoint makes a written promise."),
    ])  # fmt: skip


def _target(links: Linker, standard: Standard) -> str:
    metric = links.catalog.metrics.get(standard.metric or "")
    assert metric is not None and standard.target is not None  # measurable
    unit = f" {metric.unit}" if metric.unit else ""
    better = "higher" if metric.higher_is_better else "lower"
    return f"{standard.statement} Target: {standard.target:g}{unit} of {metric.name}, {better} is better."


def _chart(
    links: Linker, standard: Standard, measured: list[Measured]
) -> tuple[Diagram | None, str]:
    """A small chart per measured place with a history, against the standard's target, those
    that miss it first; at most CHARTED of them. Also a sentence saying what was left out."""
    metric = links.catalog.metrics.get(standard.metric or "")
    shown = sorted((m for m in measured if m.score and m.score.history and m.result),
                   key=lambda m: m.result != "missed")  # fmt: skip
    if metric is None or not shown:
        return None, ""
    also = (*shown[:CHARTED], len(shown), *links.frame)
    if links.memo is None:
        return _drawn(standard, metric, shown)
    return links.memo.named("chart", standard.id, lambda: _drawn(standard, metric, shown), also)


def _drawn(standard: Standard, metric: Metric, shown: list[Measured]) -> tuple[Diagram | None, str]:
    """The chart of `_chart`, of the places `shown`."""
    trends = [
        Trend(f"{m.place.touchpoint.name} ({m.place.journey.title})",
              dataclasses.replace(m.score, target=standard.target), metric)
        for m in shown[:CHARTED] if m.score
    ]  # fmt: skip
    left = (f" The chart shows {CHARTED} of the {len(shown)} places with a history, those "
            "that miss the target first." if len(shown) > CHARTED else "")  # fmt: skip
    return metric_trends(standard.title, trends), left


def _promise_row(links: Linker, categories: frozenset[str], p: Place) -> list[Any]:
    """A touchpoint's promise, with its pain points in promise `categories`."""
    return [*place_rows(links, [p])[0][:3], links.to("silos", p.touchpoint.owner),
            p.touchpoint.promise,
            [links.pain_point(p.journey, pain.id, pain.title) for pain in p.touchpoint.pain_points
             if pain.category in categories]]  # fmt: skip


def _missed_standard(links: Linker, m: Measured) -> list[Any]:
    return [links.to("standards", m.standard.id), *measured_rows(links, [m])[0][:4], m.value,
            m.standard.target, trend(m.movement)]  # fmt: skip


def _missed_target(links: Linker, s: ScorePlace) -> list[Any]:
    where = (links.touchpoint(s.journey, s.touchpoint.id, s.touchpoint.name) if s.touchpoint
             else links.stage_in(s.journey, s.stage))  # fmt: skip
    owner = s.touchpoint.owner if s.touchpoint else s.journey.owner
    return [links.journey(s.journey), where, links.to("silos", owner),
            links.to("metrics", s.score.metric), latest(s.score), s.score.target]  # fmt: skip


def _missed(links: Linker, index: CatalogIndex) -> EntityPage:
    c = links.catalog
    missed_standard = partial(_missed_standard, links)
    standards = [links.kept("missed standard", m, missed_standard) for m in missed_standards(index)]
    missed_target = partial(_missed_target, links)
    targets = [links.kept("missed target", s, missed_target) for s in missed_targets(index)]
    broken = [
        [*place_rows(links, [b.place])[0][:3], links.to("silos", b.place.touchpoint.owner),
         b.place.touchpoint.promise,
         [links.pain_point(b.place.journey, p.pain_point.id, p.pain_point.title) for p in b.pains]]
        for b in broken_promises(index)
    ]  # fmt: skip
    unwritten = unwritten_promises(index)
    promise = promise_categories(c)
    categories = [x.id for x in c.issue_categories if x.id in promise]
    return EntityPage(MISSED, REPORTS[MISSED], "Report",
                      "Where the organization falls short of what it set out to do: standards "
                      "whose latest measured value misses the standard's target, scores that "
                      f"miss their own target, and promises customers say were broken. {PROMISE_RULE}", [
        ("Standards missed", _count(standards, MISSED, "standards-missed")),
        ("Targets missed", _count(targets, MISSED, "targets-missed")),
        ("Broken promises", _count(broken, MISSED, "broken-promises")),
        ("Promise gaps with no written promise", _count(unwritten, MISSED, "unwritten-promises")),
        ("Promise categories", links.all("issue-categories", categories)),
    ], [
        Section("Standards missed", ["Standard", "Journey", "Stage", "Touchpoint", "Owner",
                                     "Latest", "Target", "Trend"], standards,
                anchor="standards-missed", note="Each place a standard applies where the latest "
                "value of its metric misses the standard's target.",
                empty="No standard is missed where it is measured."),
        Section("Targets missed", ["Journey", "Where", "Owner", "Metric", "Latest", "Target"],
                targets, anchor="targets-missed", note="Scores at touchpoints and stages whose "
                "latest value misses their own target. At a stage, the owner is the journey's.",
                empty="Every score with a target meets it."),
        Section("Broken promises", ["Journey", "Stage", "Touchpoint", "Owner", "Promise",
                                    "Pain points"], broken, anchor="broken-promises",
                note="Touchpoints with a written promise and pain points in promise categories.",
                empty="No promise made in writing is reported broken."),
        Section("Promise gaps with no written promise", PAIN_COLUMNS, pain_rows(links, unwritten),
                anchor="unwritten-promises", note="Pain points in promise categories at "
                "touchpoints that make no written promise: customers were led to expect "
                "something nobody wrote down.", empty="None."),
    ])  # fmt: skip
