"""What a change to the catalog changes: two catalogs compared, journey by journey and
registry by registry, as plain data for `journeys diff` to present.

Journeys are matched by id. A journey removed and another added that share most of their
touchpoints (or their title) count as one journey renamed. Within a journey, stages,
touchpoints and pain points are compared as `compare` does for a future journey.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, TypeVar

from generator.model.compare import (
    Change,
    Comparison,
    StageDiff,
    TouchpointDiff,
    compare,
    differences,
    match,
)
from generator.model.references import TARGETS, Reference, references
from generator.model.scores import latest, meets
from generator.model.types import Catalog, Journey, Opportunity, Registry, Score

JourneyStatus = Literal["added", "removed", "renamed", "changed", "same"]

JOURNEY_FIELDS = (
    "title",
    "owner",
    "state",
    "status",
    "personas",
    "summary",
    "improves",
    "reviewed",
    "tags",
    "related",
)
OPPORTUNITY_FIELDS = ("title", "addresses", "owner", "status")


@dataclass(frozen=True)
class ScoreMove:
    """A metric at a stage or touchpoint whose latest value or target differs."""

    where: str  # "stage" or "touchpoint"
    place: str  # its id in the journey
    metric: str
    before: float | None
    after: float | None
    target_before: float | None
    target_after: float | None
    higher_is_better: bool = True
    history_changed: bool = False

    @property
    def verdict(self) -> str:
        """How the move reads against the target (or, without one, against the metric)."""
        if self.after is None and self.before is None:
            return self._unmoved()
        if self.after is None:
            return "no longer measured"
        status = meets(self.after, self.target_after, self.higher_is_better)
        if self.before is None:
            verdicts = {
                "met": "newly measured, meets target",
                "missed": "newly measured, misses target",
            }
            return verdicts.get(status, "newly measured")
        was = meets(self.before, self.target_before, self.higher_is_better)
        if status and was and status != was:
            return "now meets target" if status == "met" else "now misses target"
        if self.after == self.before:
            return self._unmoved()
        better = (self.after > self.before) == self.higher_is_better
        if self.target_after is not None:
            gap_before = abs(self.target_after - self.before)
            gap_after = abs(self.target_after - self.after)
            if status == "met":
                return "still meets target, " + ("better" if better else "worse")
            return "closer to target" if gap_after < gap_before else "further from target"
        return "better" if better else "worse"

    def _unmoved(self) -> str:
        if self.target_after != self.target_before:
            return "target changed"
        return "earlier values changed" if self.history_changed else "unchanged"


@dataclass(frozen=True)
class OpportunityDiff:
    before: Opportunity | None
    after: Opportunity | None
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class JourneyChange:
    """A journey added, removed, renamed or changed; `file_before`/`file_after` are the
    files it was read from, relative to the catalog root."""

    status: JourneyStatus
    before: Journey | None
    after: Journey | None
    file_before: str | None = None
    file_after: str | None = None
    changes: tuple[Change, ...] = ()
    comparison: Comparison | None = None
    scores: tuple[ScoreMove, ...] = ()
    opportunities: tuple[OpportunityDiff, ...] = ()

    @property
    def id(self) -> str:
        found = self.after or self.before
        assert found is not None  # a change always has one side
        return found.id


@dataclass(frozen=True)
class EntryChange:
    """A registry entry (or catalog stage) added, removed or changed. A removed entry lists
    what in the changed catalog still refers to it."""

    kind: str  # a key of references.TARGETS
    id: str
    name: str
    status: Literal["added", "removed", "changed"]
    changes: tuple[Change, ...] = ()
    still_used: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class CatalogChanges:
    journeys: tuple[JourneyChange, ...]
    entries: tuple[EntryChange, ...]

    def journeys_that(self, status: JourneyStatus) -> list[JourneyChange]:
        return [j for j in self.journeys if j.status == status]

    @property
    def owner_changes(self) -> int:
        """Journeys and touchpoints whose accountable silo moved."""
        count = 0
        for j in self.journeys:
            count += any(c.field == "owner" for c in j.changes)
            count += len(j.comparison.owner_changes) if j.comparison else 0
        return count

    @property
    def empty(self) -> bool:
        return not self.journeys and not self.entries


def changes(
    before: Catalog,
    after: Catalog,
    shown: Callable[[str], str] = str,
    unreadable: frozenset[str] = frozenset(),
) -> CatalogChanges:
    """Everything `after` changes in `before`.

    `shown` turns the file a journey was read from into the name to report it by (the
    two catalogs may have been read from different folders). Journey ids in `unreadable`
    had a file that failed to load on one side: they are left out rather than reported as
    added or removed.
    """
    old = {j.id: j for j in before.journeys if j.id not in unreadable}
    new = {j.id: j for j in after.journeys if j.id not in unreadable}
    metrics = {m.id: m.higher_is_better for m in (*before.metrics, *after.metrics)}
    found: list[JourneyChange] = []
    for journey_id, journey in new.items():
        if journey_id in old:
            change = _journey_change(old[journey_id], journey, "changed", shown, metrics)
            if change.status != "same":
                found.append(change)
    removed = [j for k, j in old.items() if k not in new]
    added = [j for k, j in new.items() if k not in old]
    for a, b in _renames(removed, added):
        removed.remove(a)
        added.remove(b)
        found.append(_journey_change(a, b, "renamed", shown, metrics))
    found += [JourneyChange("added", None, j, file_after=shown(j.source.file)) for j in added]
    found += [JourneyChange("removed", j, None, shown(j.source.file)) for j in removed]
    return CatalogChanges(tuple(found), tuple(_entry_changes(before, after)))


def _journey_change(
    a: Journey,
    b: Journey,
    status: JourneyStatus,
    shown: Callable[[str], str],
    metrics: dict[str, bool],
) -> JourneyChange:
    fields = differences((name, getattr(a, name), getattr(b, name)) for name in JOURNEY_FIELDS)
    comparison = compare(a, b)
    scores = tuple(_score_moves(a, b, metrics))
    opportunities = tuple(
        d
        for d in match(
            a.opportunities,
            b.opportunities,
            lambda o: o.id,
            lambda x, y: differences((n, getattr(x, n), getattr(y, n)) for n in OPPORTUNITY_FIELDS),
            OpportunityDiff,
        )
        if d.before is None or d.after is None or d.changes
    )
    file_before, file_after = shown(a.source.file), shown(b.source.file)
    if file_before != file_after and status == "changed":
        fields += (Change("file", file_before, file_after),)
    stages, touchpoints = listed(comparison.stages), listed(comparison.touchpoints)
    pains = [p for p in comparison.pain_points if p.status != "same"]
    same = not (stages or touchpoints or pains)
    if status == "changed" and not fields and same and not scores and not opportunities:
        status = "same"
    return JourneyChange(
        status, a, b, file_before, file_after, fields, comparison, scores, opportunities
    )


def _scores(journey: Journey) -> dict[tuple[str, str, str], Score]:
    found: dict[tuple[str, str, str], Score] = {}
    for stage in journey.stages:
        for score in stage.metrics:
            found.setdefault(("stage", stage.id, score.metric), score)
        for touchpoint in stage.touchpoints:
            for score in touchpoint.metrics:
                found.setdefault(("touchpoint", touchpoint.id, score.metric), score)
    return found


def _history(score: Score | None) -> frozenset[tuple[str, float]]:
    """The values a score was measured at, whichever file gave them."""
    return frozenset((h.period, h.value) for h in score.history) if score else frozenset()


def _score_moves(a: Journey, b: Journey, metrics: dict[str, bool]) -> Iterator[ScoreMove]:
    """Each metric whose latest value, target or earlier values differ: every change to a
    stage's or touchpoint's metrics that says something (not their order, nor whether a
    value was written in the journey or in a measurements file)."""
    old, new = _scores(a), _scores(b)
    for key in dict.fromkeys([*new, *old]):
        x, y = old.get(key), new.get(key)
        values = (latest(x) if x else None, latest(y) if y else None)
        targets = (x.target if x else None, y.target if y else None)
        history = _history(x) != _history(y)
        if values[0] == values[1] and targets[0] == targets[1] and not history:
            continue
        where, place, metric = key
        yield ScoreMove(where, place, metric, *values, *targets, metrics.get(metric, True), history)


def own_changes(changes: tuple[Change, ...]) -> list[Change]:
    """The changes of a stage or touchpoint that only its own line can show: its metrics
    are score moves, its pain points have their own rows, and touchpoints added to or
    removed from a stage theirs (a stage's touchpoints count only when reordered)."""
    return [
        c
        for c in changes
        if c.field not in ("metrics", "pain_points")
        and not (c.field == "touchpoints" and _members(c.before) != _members(c.after))
    ]


def _members(value: object) -> set[object]:
    return set(value) if isinstance(value, tuple) else {value}


Listed = TypeVar("Listed", StageDiff, TouchpointDiff)


def listed(diffs: Iterable[Listed]) -> list[Listed]:
    """The stages or touchpoints a summary lists: added, removed, or changed in more than
    what is shown elsewhere (`own_changes`). A journey with none of these, no pain point
    changed, no journey field, score move or opportunity changed, is not changed."""
    return [d for d in diffs if d.status in ("added", "removed") or own_changes(d.changes)]


def _renames(removed: list[Journey], added: list[Journey]) -> list[tuple[Journey, Journey]]:
    """Pairs (removed, added) that are one journey under a new id: the same title, or at
    least half their touchpoints in common; the closest pairs first (touchpoints shared,
    plus one for the same title)."""
    scored: list[tuple[float, int, int]] = []
    for i, a in enumerate(removed):
        ids_a = {t.id for t in a.touchpoints}
        for k, b in enumerate(added):
            ids_b = {t.id for t in b.touchpoints}
            overlap = len(ids_a & ids_b) / max(len(ids_a | ids_b), 1)
            score = overlap + (1.0 if a.title == b.title else 0.0)
            if score >= 0.5:
                scored.append((score, i, k))
    pairs: list[tuple[Journey, Journey]] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, k in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if i not in used_a and k not in used_b:
            used_a.add(i)
            used_b.add(k)
            pairs.append((removed[i], added[k]))
    return pairs


def _fields(entry: object) -> list[tuple[str, object]]:
    return [
        (f.name, getattr(entry, f.name))
        for f in dataclasses.fields(entry)  # type: ignore[arg-type]
        if f.name not in ("id", "source")
    ]


def _entry_changes(before: Catalog, after: Catalog) -> Iterator[EntryChange]:
    used: dict[tuple[str, str], list[Reference]] = {}
    for ref in references(after):
        used.setdefault((ref.target, ref.id), []).append(ref)
    for kind, (attribute, _) in TARGETS.items():
        if kind == "journeys":
            continue
        old: Registry[object] = getattr(before, attribute)
        new: Registry[object] = getattr(after, attribute)
        for entry_id, entry in new.by_id.items():
            name = str(getattr(entry, "name", entry_id))
            if entry_id not in old:
                yield EntryChange(kind, entry_id, name, "added")
                continue
            fields = dict(_fields(old.by_id[entry_id]))
            diff = differences((n, fields[n], value) for n, value in _fields(entry))
            if diff:
                yield EntryChange(kind, entry_id, name, "changed", diff)
        for entry_id, entry in old.by_id.items():
            if entry_id not in new:
                name = str(getattr(entry, "name", entry_id))
                refs = tuple(used.get((kind, entry_id), ()))
                yield EntryChange(kind, entry_id, name, "removed", still_used=refs)
