"""Current and future compared: a page per future journey against the current journey it
improves, and an index of them all."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sized
from functools import partial
from typing import Any

from generator.model.compare import Change, Comparison, Measure, StageDiff, compare
from generator.model.types import Journey, JourneyStage, Touchpoint
from generator.render.diagrams.charts import emotion_comparison
from generator.render.environment import Link
from generator.render.journey import pain_title
from generator.render.links import EMOTIONS, Linker, url
from generator.render.overview import REPORTS
from generator.render.tables import PLACE_COLUMNS, EntityPage, Section, place_rows

INDEX = "compare/"

#: Fields that hold ids, and the kind of page each id links to.
KINDS = {
    "owner": "silos", "supporting": "silos", "contributing_silos": "silos", "channel": "channels",
    "data_sources": "data-sources", "standards": "standards", "category": "issue-categories",
    "sources": "listening-sources",
}  # fmt: skip


def compared(links: Linker) -> Iterator[Journey]:
    """The future journeys that have a comparison page: those improving a journey there is."""
    for journey in links.catalog.journeys:
        if journey.state == "future" and (journey.improves or "") in links.catalog.journeys:
            yield journey


def comparison_page(links: Linker, future: Journey) -> EntityPage:
    """The page comparing a future journey with the current journey it improves."""
    current = links.catalog.journeys.get(future.improves or "")
    assert current is not None
    return _page(links, compare(current, future))


def comparison_index(links: Linker) -> EntityPage:
    """Every future journey, the journey it improves, and how many of each kind of change."""
    rows = []
    for journey in links.catalog.journeys:
        if journey.state != "future":
            continue
        current = links.catalog.journeys.get(journey.improves or "")
        rows.append(links.kept("compared", journey, partial(_row, links, current), (current,)))  # fmt: skip
    return EntityPage(INDEX, REPORTS[INDEX], "Report",
                      "Each future journey against the current journey it improves: the stages, "
                      "touchpoints, owners, handoffs and pain points that change. Every count "
                      "links to the part of the comparison that lists it.", [], [
        Section("Future journeys", ["Future journey", "Improves", "Comparison", "Stages added",
                                    "Stages removed", "Stages changed", "Touchpoints added",
                                    "Touchpoints removed", "Touchpoints changed", "Owner changes",
                                    "Handoffs before", "Handoffs after", "Pain points gone",
                                    "Pain points still present", "New pain points"], rows,
                anchor="future-journeys", empty="The catalog has no future journey.",
                note="A future journey that improves nothing has nothing to be compared with."),
    ])  # fmt: skip


def _row(links: Linker, current: Journey | None, future: Journey) -> list[Any]:
    """A future journey's row of the index: how many of each kind of change it makes."""
    if current is None:
        return [links.journey(future), "nothing", *[""] * 13]
    comparison = compare(current, future)
    page = url("compare", future.id)
    counted: list[tuple[Sized, str]] = [
        (comparison.stages_that("added"), "stages-added"),
        (comparison.stages_that("removed"), "stages-removed"),
        (comparison.stages_that("changed"), "stages-changed"),
        (comparison.touchpoints_that("added"), "touchpoints-added"),
        (comparison.touchpoints_that("removed"), "touchpoints-removed"),
        (comparison.touchpoints_that("changed"), "touchpoints-changed"),
        (comparison.owner_changes, "owner-changes"),
        (comparison.handoffs_before, "handoffs-before"),
        (comparison.handoffs_after, "handoffs-after"),
        (comparison.pain_points_that("removed"), "pain-points"),
        (comparison.still_present, "pain-points"),
        (comparison.pain_points_that("added"), "new-pain-points"),
    ]
    return [links.journey(future), links.journey(current), Link("compare", page),
            *(Link(str(len(items)), f"{page}#{anchor}") for items, anchor in counted)]  # fmt: skip


def _page(links: Linker, c: Comparison) -> EntityPage:
    before, after = c.before, c.after
    page = url("compare", after.id)

    def counts(*items: tuple[list[Any] | tuple[Any, ...], str, str]) -> list[Link]:
        return [Link(f"{len(found)} {what}", f"{page}#{anchor}") for found, what, anchor in items]

    facts = [
        ("Future journey", links.journey(after)),
        ("Improves", links.journey(before)),
        ("Stages", counts((c.stages_that("added"), "added", "stages-added"),
                          (c.stages_that("removed"), "removed", "stages-removed"),
                          (c.stages_that("changed"), "changed", "stages-changed"))),
        ("Touchpoints", counts((c.touchpoints_that("added"), "added", "touchpoints-added"),
                               (c.touchpoints_that("removed"), "removed", "touchpoints-removed"),
                               (c.touchpoints_that("changed"), "changed", "touchpoints-changed"),
                               (c.owner_changes, "with a new owner", "owner-changes"))),
        ("Handoffs between silos", counts((c.handoffs_before, "before", "handoffs-before"),
                                          (c.handoffs_after, "after", "handoffs-after"))),
        ("Pain points", counts((c.pain_points_that("removed"), "gone", "pain-points"),
                               (c.still_present, "still present", "pain-points"),
                               (c.pain_points_that("added"), "new", "new-pain-points"))),
    ]  # fmt: skip
    emotion = emotion_comparison(after, before, links, page)
    # Out of the search index: both journeys' pages are in it.
    return EntityPage(page, f"{after.title}, compared with {before.title}", "Current and future compared",
                      "Stages are matched by their id in each journey, touchpoints and pain "
                      "points by their id wherever they sit. *Current* is the journey as it is, "
                      "*future* the journey as it is meant to be.", facts, [
        Section("Emotion", [], [], anchor="emotion", figure=emotion,
                note="" if emotion else "Emotions are not recorded in both journeys."),
        *_stages(links, c, page),
        *_touchpoints(links, c),
        *_silos(links, c, page),
        *_pains(links, c),
    ], searchable=False)  # fmt: skip


def _stages(links: Linker, c: Comparison, page: str) -> list[Section]:
    columns = ["Stage", "Catalog stage", "Touchpoints"]

    def row(journey: Journey, stage: JourneyStage) -> list[Any]:
        return [links.stage_in(journey, stage), links.to("stages", stage.stage),
                [links.touchpoint(journey, t.id, t.name) for t in stage.touchpoints]]  # fmt: skip

    changed = []
    for diff in c.stages_that("changed"):
        assert diff.before and diff.after
        for change in diff.changes:
            changed.append([links.stage_in(c.after, diff.after), _label(change, "stage", "Catalog stage"),
                            *_both(links, c, change, diff)])  # fmt: skip
    return [
        Section("Stages", [], [], anchor="stages", note="A stage has changed when its catalog "
                "stage, name, goal, emotion or metrics differ, or it holds other touchpoints "
                "or holds them in another order."),
        Section("Stages added", columns, [row(c.after, d.after) for d in c.stages_that("added")
                                          if d.after], anchor="stages-added", level=3, empty="None."),
        Section("Stages removed", columns, [row(c.before, d.before) for d in c.stages_that("removed")
                                            if d.before], anchor="stages-removed", level=3, empty="None."),
        Section("Stages changed", ["Stage", "What", "Current", "Future"], changed,
                anchor="stages-changed", level=3, empty="None."),
    ]  # fmt: skip


def _touchpoints(links: Linker, c: Comparison) -> list[Section]:
    changed, owners = [], []
    for diff in c.touchpoints_that("changed"):
        assert diff.before and diff.after
        at = links.touchpoint(c.after, diff.after.touchpoint.id, diff.after.touchpoint.name)
        for change in diff.changes:
            changed.append([at, _label(change, "stage", "Stage it sits in"),
                            *_both(links, c, change, diff)])  # fmt: skip
        if diff.owner_changed:
            owners.append([at, links.stage_in(c.after, diff.after.stage),
                           links.to("silos", diff.before.touchpoint.owner),
                           links.to("silos", diff.after.touchpoint.owner),
                           links.all("silos", diff.after.touchpoint.supporting)])  # fmt: skip
    return [
        Section("Touchpoints", [], [], anchor="touchpoints", note="A touchpoint has changed when "
                "any of its fields differs, or it sits in another stage."),
        Section("Touchpoints added", PLACE_COLUMNS,
                place_rows(links, [d.after for d in c.touchpoints_that("added") if d.after]),
                anchor="touchpoints-added", level=3, empty="None."),
        Section("Touchpoints removed", PLACE_COLUMNS,
                place_rows(links, [d.before for d in c.touchpoints_that("removed") if d.before]),
                anchor="touchpoints-removed", level=3, empty="None."),
        Section("Touchpoints changed", ["Touchpoint", "What", "Current", "Future"], changed,
                anchor="touchpoints-changed", level=3, empty="None."),
        Section("Owner changes", ["Touchpoint", "Stage", "Current owner", "Future owner",
                                  "Future supporting silos"], owners, anchor="owner-changes",
                level=3, note="Where accountability for a touchpoint moves to another silo.",
                empty="Every touchpoint in both journeys keeps its owner."),
    ]  # fmt: skip


def _silos(links: Linker, c: Comparison, page: str) -> list[Section]:
    owners = [
        [links.to("silos", silo),
         *([links.touchpoint(p.journey, p.touchpoint.id, p.touchpoint.name) for p in side]
           for side in sides)]
        for silo, sides in c.owners().items()
    ]  # fmt: skip
    pairs = []
    for (a, b), (n, m) in c.handoff_pairs().items():
        trend = ("new" if not n else "gone" if not m else
                 "more" if m > n else "fewer" if m < n else "as many")  # fmt: skip
        pairs.append([links.to("silos", a), links.to("silos", b),
                      Link(str(n), f"{page}#handoffs-before"), Link(str(m), f"{page}#handoffs-after"),
                      trend])  # fmt: skip

    def handoffs(journey: Journey, found: tuple[tuple[Touchpoint, Touchpoint], ...]) -> list[Any]:
        return [[links.to("silos", x.owner), links.to("silos", y.owner),
                 [links.touchpoint(journey, x.id, x.name), links.touchpoint(journey, y.id, y.name)]]
                for x, y in found]  # fmt: skip

    columns = ["From", "To", "Between touchpoints"]
    return [
        Section("Owners and handoffs", ["Silo", "Owns in the current journey",
                                        "Owns in the future journey"], owners,
                anchor="owners-and-handoffs", note="The touchpoints each silo owns in each journey."),
        Section("Handoffs by silo pair", ["From", "To", "Current", "Future", "Change"], pairs,
                anchor="handoff-pairs", level=3, note="A handoff is a touchpoint owned by one "
                "silo followed by one owned by another: where experiences break.",
                empty="Neither journey hands the customer from one silo to another."),
        Section("Handoffs in the current journey", columns, handoffs(c.before, c.handoffs_before),
                anchor="handoffs-before", level=3, empty="None: one silo owns every touchpoint."),
        Section("Handoffs in the future journey", columns, handoffs(c.after, c.handoffs_after),
                anchor="handoffs-after", level=3, empty="None: one silo owns every touchpoint."),
    ]  # fmt: skip


def _pains(links: Linker, c: Comparison) -> list[Section]:
    def addressed(found: tuple[tuple[Journey, Any], ...]) -> list[Link]:
        return [Link(f"{o.title} ({j.state}{', ' + o.status if o.status else ''})",
                     url("journeys", j.id, "opportunities")) for j, o in found]  # fmt: skip

    kept, new = [], []
    for diff in c.pain_points:
        if diff.before:
            p = diff.before
            there: Any = "gone"
            if diff.after:
                shown = diff.after.pain_point
                changed = ", ".join(_label(x, "", "").lower() for x in diff.changes)
                there = [
                    links.pain_point(c.after, shown.id, "still present"),
                    *([f"changed: {changed}"] if changed else []),
                ]
            kept.append([links.pain_point(c.before, p.pain_point.id, p.pain_point.title),
                         p.pain_point.severity,
                         links.touchpoint(c.before, p.place.touchpoint.id, p.place.touchpoint.name),
                         there, addressed(diff.addressed_by)])  # fmt: skip
        elif diff.after:
            p = diff.after
            new.append([links.pain_point(c.after, p.pain_point.id, p.pain_point.title),
                        p.pain_point.severity, links.to("issue-categories", p.pain_point.category),
                        links.touchpoint(c.after, p.place.touchpoint.id, p.place.touchpoint.name),
                        addressed(diff.addressed_by)])  # fmt: skip
    return [
        Section("Pain points", ["Pain point", "Severity", "Touchpoint", "In the future journey",
                                "Addressed by"], kept, anchor="pain-points",
                note="Each pain point of the current journey, whether the future journey still "
                "has it (the same id), and the opportunities of either journey that address it.",
                empty="The current journey records no pain points."),
        Section("New pain points", ["Pain point", "Severity", "Category", "Touchpoint",
                                    "Addressed by"], new, anchor="new-pain-points", level=3,
                note="Pain points only the future journey has.", empty="None."),
    ]  # fmt: skip


def _label(change: Change, field: str, label: str) -> str:
    """The field's name for a person: `data_sources` -> `Data sources`."""
    return label if change.field == field else change.field.replace("_", " ").capitalize()


def _both(links: Linker, c: Comparison, change: Change, diff: Any) -> list[Any]:
    """The value before and after, each shown as its journey shows it, ids as links."""
    return [
        _shown(links, journey, change.field, value, diff, side)
        for journey, value, side in ((c.before, change.before, 0), (c.after, change.after, 1))
    ]


def _shown(links: Linker, journey: Journey, field: str, value: object, diff: Any, side: int) -> Any:
    if value is None or value == ():
        return "—"
    stage_diff = isinstance(diff, StageDiff)
    if field in KINDS:
        ids = value if isinstance(value, tuple) else (value,)
        return links.all(KINDS[field], [str(i) for i in ids])
    if field == "stage":
        if stage_diff:
            return links.to("stages", str(value))
        return links.stage_in(journey, (diff.before, diff.after)[side].stage)
    shown: dict[str, Callable[[Any], Any]] = {
        "emotion": lambda v: EMOTIONS.get(v, str(v)),
        "moment_of_truth": lambda v: "yes" if v else "no",
        "metrics": lambda v: [_measure(links, m) for m in v],
        "touchpoints": lambda v: [links.touchpoint(journey, i, _name(journey, i)) for i in v],
        "pain_points": lambda v: [links.pain_point(journey, i, pain_title(journey, i)) for i in v],
    }
    return shown.get(field, lambda v: v)(value)


def _measure(links: Linker, m: Measure) -> str:
    metric = links.catalog.metrics.get(m.metric)
    parts = [f"target {m.target:g}" if m.target is not None else "",
             f"actual {m.actual:g}" if m.actual is not None else "",
             f"{len(m.history)} periods measured" if m.history else ""]  # fmt: skip
    return f"{metric.name if metric else m.metric}: " + ", ".join(p for p in parts if p)


def _name(journey: Journey, touchpoint_id: str) -> str:
    return next((t.name for t in journey.touchpoints if t.id == touchpoint_id), touchpoint_id)
