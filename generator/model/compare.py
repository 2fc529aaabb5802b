"""Two journeys compared: what was added, removed and changed between them.

A future journey against the current one it `improves`, or two versions of one journey:
stages are matched by their journey-stage id, touchpoints and pain points by id across
the journey. Everything here is plain data, for any page or command to present.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

from generator.model.index import PainPlace, Place, handoffs
from generator.model.types import (
    HistoryPoint,
    Journey,
    JourneyStage,
    Opportunity,
    PainPoint,
    Score,
    Touchpoint,
)

Status = Literal["added", "removed", "changed", "same"]


@dataclass(frozen=True)
class Change:
    """One field that differs: its name (the YAML key, or `stage`), its value before and after.

    Values are ids, texts, numbers, tuples of them, or `Measure`s; lists whose order
    carries no meaning (silos, data sources ...) count as changed only when their members do.
    """

    field: str
    before: object
    after: object


@dataclass(frozen=True)
class Measure:
    """A score without where it was written, so that two versions that say the same are equal."""

    metric: str
    target: float | None
    actual: float | None
    history: tuple[HistoryPoint, ...]


def _status(before: object, after: object, changes: tuple[Change, ...]) -> Status:
    if before is None:
        return "added"
    if after is None:
        return "removed"
    return "changed" if changes else "same"


@dataclass(frozen=True)
class StageDiff:
    """A journey stage in either journey, matched by its id."""

    before: JourneyStage | None
    after: JourneyStage | None
    changes: tuple[Change, ...] = ()

    @property
    def status(self) -> Status:
        return _status(self.before, self.after, self.changes)


@dataclass(frozen=True)
class TouchpointDiff:
    """A touchpoint in either journey, matched by its id wherever it sits."""

    before: Place | None
    after: Place | None
    changes: tuple[Change, ...] = ()

    @property
    def status(self) -> Status:
        return _status(self.before, self.after, self.changes)

    @property
    def owner_changed(self) -> bool:
        """Whether accountability for the touchpoint moved to another silo."""
        return any(c.field == "owner" for c in self.changes)


@dataclass(frozen=True)
class PainDiff:
    """A pain point in either journey, matched by its id, and the opportunities of either
    journey that address it."""

    before: PainPlace | None
    after: PainPlace | None
    changes: tuple[Change, ...] = ()
    addressed_by: tuple[tuple[Journey, Opportunity], ...] = ()

    @property
    def status(self) -> Status:
        return _status(self.before, self.after, self.changes)


@dataclass(frozen=True)
class Comparison:
    """`after` against `before`: each stage, touchpoint and pain point of either, and the
    handoffs between silos in each. Items of `after` come first, in its order, then those
    only in `before`, in theirs."""

    before: Journey
    after: Journey
    stages: tuple[StageDiff, ...]
    touchpoints: tuple[TouchpointDiff, ...]
    pain_points: tuple[PainDiff, ...]
    handoffs_before: tuple[tuple[Touchpoint, Touchpoint], ...]
    handoffs_after: tuple[tuple[Touchpoint, Touchpoint], ...]

    def stages_that(self, status: Status) -> list[StageDiff]:
        return [s for s in self.stages if s.status == status]

    def touchpoints_that(self, status: Status) -> list[TouchpointDiff]:
        return [t for t in self.touchpoints if t.status == status]

    def pain_points_that(self, status: Status) -> list[PainDiff]:
        return [p for p in self.pain_points if p.status == status]

    @property
    def owner_changes(self) -> list[TouchpointDiff]:
        """Touchpoints in both journeys whose owning silo differs."""
        return [t for t in self.touchpoints if t.owner_changed]

    @property
    def still_present(self) -> list[PainDiff]:
        """Pain points of `before` that `after` still has (changed or not)."""
        return [p for p in self.pain_points if p.before and p.after]

    def handoff_pairs(self) -> dict[tuple[str, str], tuple[int, int]]:
        """For each (from silo, to silo): its handoffs before and after, in journey order."""
        before = Counter((a.owner, b.owner) for a, b in self.handoffs_before)
        after = Counter((a.owner, b.owner) for a, b in self.handoffs_after)
        return {pair: (before[pair], after[pair]) for pair in dict.fromkeys([*after, *before])}

    def owners(self) -> dict[str, tuple[list[Place], list[Place]]]:
        """For each silo owning a touchpoint in either journey: the touchpoints it owns in
        each, silos of `after` first."""
        found: dict[str, tuple[list[Place], list[Place]]] = {}
        for side, journey in ((1, self.after), (0, self.before)):
            for place in places(journey):
                found.setdefault(place.touchpoint.owner, ([], []))[side].append(place)
        return found


def places(journey: Journey) -> list[Place]:
    """Each touchpoint of the journey in its stage, in journey order."""
    return [Place(journey, s, t) for s in journey.stages for t in s.touchpoints]


def pain_places(journey: Journey) -> list[PainPlace]:
    """Each pain point of the journey where it was found, with its accountable silos."""
    return [
        PainPlace(p, pain, pain.contributing_silos or p.touchpoint.silos)
        for p in places(journey)
        for pain in p.touchpoint.pain_points
    ]


def compare(before: Journey, after: Journey) -> Comparison:
    """Everything that differs from `before` to `after`, and everything that stayed."""
    addressing = _addressing(before, after)

    def pain(old: PainPlace | None, new: PainPlace | None, changes: tuple[Change, ...]) -> PainDiff:
        found = new or old
        assert found is not None  # a diff always has one side
        return PainDiff(old, new, changes, addressing.get(found.pain_point.id, ()))

    return Comparison(
        before,
        after,
        tuple(match(before.stages, after.stages, lambda s: s.id, _stage_changes, StageDiff)),
        tuple(
            match(
                places(before),
                places(after),
                lambda p: p.touchpoint.id,
                _touchpoint_changes,
                TouchpointDiff,
            )
        ),
        tuple(
            match(
                pain_places(before),
                pain_places(after),
                lambda p: p.pain_point.id,
                _pain_changes,
                pain,
            )
        ),
        tuple(handoffs(before)),
        tuple(handoffs(after)),
    )


Item = TypeVar("Item")
Diff = TypeVar("Diff")


def match(
    before: Iterable[Item],
    after: Iterable[Item],
    key: Callable[[Item], str],
    changes: Callable[[Item, Item], tuple[Change, ...]],
    kind: Callable[[Item | None, Item | None, tuple[Change, ...]], Diff],
) -> list[Diff]:
    """Pair items by key: those of `after` in order (added, changed or same), then those only
    in `before`. The first of two items with one key wins, as everywhere in the model."""
    old: dict[str, Item] = {}
    for item in before:
        old.setdefault(key(item), item)
    new: dict[str, Item] = {}
    for item in after:
        new.setdefault(key(item), item)
    found = [
        kind(old.get(k), item, changes(old[k], item) if k in old else ()) for k, item in new.items()
    ]
    return found + [kind(item, None, ()) for k, item in old.items() if k not in new]


def _addressing(*journeys: Journey) -> dict[str, tuple[tuple[Journey, Opportunity], ...]]:
    found: dict[str, list[tuple[Journey, Opportunity]]] = {}
    for journey in journeys:
        for opportunity in journey.opportunities:
            for pain_id in dict.fromkeys(opportunity.addresses):
                found.setdefault(pain_id, []).append((journey, opportunity))
    return {k: tuple(v) for k, v in found.items()}


def differences(pairs: Iterable[tuple[str, object, object]]) -> tuple[Change, ...]:
    return tuple(Change(name, a, b) for name, a, b in pairs if _key(a) != _key(b))


def _key(value: object) -> object:
    """What must differ for a change: a list of ids or texts counts by its members."""
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return frozenset(value)
    return value


def _measures(scores: tuple[Score, ...]) -> tuple[Measure, ...]:
    return tuple(Measure(s.metric, s.target, s.actual, s.history) for s in scores)


def _ids(items: Iterable[Touchpoint | PainPoint]) -> tuple[str, ...]:
    return tuple(i.id for i in items)


def _stage_changes(a: JourneyStage, b: JourneyStage) -> tuple[Change, ...]:
    changes = differences(
        (name, getattr(a, name), getattr(b, name)) for name in ("stage", "name", "goal", "emotion")
    )
    changes += differences([("metrics", _measures(a.metrics), _measures(b.metrics))])
    touchpoints = _ids(a.touchpoints), _ids(b.touchpoints)
    if touchpoints[0] != touchpoints[1]:  # in a stage, order is the customer's path
        changes += (Change("touchpoints", *touchpoints),)
    return changes


TOUCHPOINT_FIELDS = (
    "name",
    "channel",
    "owner",
    "supporting",
    "customer",
    "frontstage",
    "backstage",
    "data_sources",
    "data_gaps",
    "standards",
    "promise",
    "moment_of_truth",
    "emotion",
    "evidence",
)


def _touchpoint_changes(a: Place, b: Place) -> tuple[Change, ...]:
    one, two = a.touchpoint, b.touchpoint
    return differences(
        [
            *((name, getattr(one, name), getattr(two, name)) for name in TOUCHPOINT_FIELDS),
            ("stage", a.stage.id, b.stage.id),
            ("metrics", _measures(one.metrics), _measures(two.metrics)),
            ("pain_points", _ids(one.pain_points), _ids(two.pain_points)),
        ]
    )


PAIN_FIELDS = (
    "title",
    "category",
    "severity",
    "sources",
    "contributing_silos",
    "evidence",
    "detail",
)


def _pain_changes(a: PainPlace, b: PainPlace) -> tuple[Change, ...]:
    return differences(
        [
            *(
                (name, getattr(a.pain_point, name), getattr(b.pain_point, name))
                for name in PAIN_FIELDS
            ),
            ("touchpoint", a.place.touchpoint.id, b.place.touchpoint.id),
        ]
    )
