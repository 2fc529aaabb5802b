"""Standards and promises kept or broken: each standard against its target where it applies,
scores that miss their own target, and promises that customers say were broken.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.index import CatalogIndex, PainPlace, Place, ScorePlace
from generator.model.scores import Movement, against_target, latest, meets, movement
from generator.model.types import Catalog, Score, Standard


@dataclass(frozen=True)
class Measured:
    """A standard at one place it applies: the touchpoint's score of the standard's metric,
    its latest value, `met` or `missed` against the standard's target (empty when either is
    unknown), and how it last moved."""

    standard: Standard
    place: Place
    score: Score | None
    value: float | None
    result: str
    movement: Movement | None


def measurable(catalog: Catalog, standard: Standard) -> bool:
    """Whether the standard names a metric of the catalog and a target to meet."""
    return standard.target is not None and standard.metric in catalog.metrics


def measure(index: CatalogIndex, standard: Standard) -> list[Measured]:
    """The standard at every touchpoint listing it, in catalog order."""
    metric = index.catalog.metrics.get(standard.metric or "")
    better = metric.higher_is_better if metric else True

    def at(place: Place) -> Measured:
        score = next((s for s in place.touchpoint.metrics if s.metric == standard.metric), None)
        value = latest(score) if score else None
        return Measured(standard, place, score, value, meets(value, standard.target, better),
                        movement(score, better) if score else None)  # fmt: skip

    kind = f"measured {standard.id}"
    return [index.kept(kind, p, at) for p in index.by_standard[standard.id]]


def missed_standards(index: CatalogIndex) -> list[Measured]:
    """Every place where a standard's latest measured value misses the standard's target."""
    return [m for s in index.catalog.standards for m in measure(index, s) if m.result == "missed"]


def missed_targets(index: CatalogIndex) -> list[ScorePlace]:
    """Every score, at a touchpoint or a stage, whose latest value misses its own target."""
    metrics = index.catalog.metrics

    def missed(s: ScorePlace) -> bool:
        metric = metrics.get(s.score.metric)
        return metric is not None and against_target(s.score, metric.higher_is_better) == "missed"

    return [s for s in index.scores if index.kept("misses its target", s, missed)]


def promise_categories(catalog: Catalog) -> frozenset[str]:
    """Issue categories of broken promises: those whose id contains `promise`, and every
    category below one of them (through `parent`, at any depth)."""
    found = {c.id for c in catalog.issue_categories if "promise" in c.id}
    grew = True
    while grew:  # a fixed point: safe even if parents make a loop
        below = {c.id for c in catalog.issue_categories if c.parent in found} - found
        found |= below
        grew = bool(below)
    return frozenset(found)


@dataclass(frozen=True)
class BrokenPromise:
    """A touchpoint that makes a promise, and its pain points in promise categories."""

    place: Place
    pains: tuple[PainPlace, ...]


def broken_promises(index: CatalogIndex) -> list[BrokenPromise]:
    """Touchpoints with a written promise and at least one pain point in a promise category."""
    categories = promise_categories(index.catalog)
    found: dict[tuple[str, str], list[PainPlace]] = {}
    for pain in index.pains:
        if pain.place.touchpoint.promise and pain.pain_point.category in categories:
            key = (pain.place.journey.id, pain.place.touchpoint.id)
            found.setdefault(key, []).append(pain)
    return [BrokenPromise(pains[0].place, tuple(pains)) for pains in found.values()]


def unwritten_promises(index: CatalogIndex) -> list[PainPlace]:
    """Pain points in a promise category at touchpoints that make no written promise."""
    categories = promise_categories(index.catalog)
    return [
        p
        for p in index.pains
        if not p.place.touchpoint.promise and p.pain_point.category in categories
    ]
