"""The catalog indexed once: for each registry entry, everything across all journeys that touches it.

Pages and reports look things up here ("where is this silo used?") instead of scanning
every journey again, so building all registry pages stays linear in the catalog's size.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from generator.ledger.memo import Memo, made
from generator.model.types import (
    Catalog,
    Journey,
    JourneyStage,
    Opportunity,
    PainPoint,
    Score,
    Touchpoint,
    Volume,
)

T = TypeVar("T")
Of = TypeVar("Of")
K = TypeVar("K")


@dataclass(frozen=True)
class Place:
    """A touchpoint in its journey and stage: the unit most pages list."""

    journey: Journey
    stage: JourneyStage
    touchpoint: Touchpoint


@dataclass(frozen=True)
class PainPlace:
    """A pain point where it was found, with the silos accountable for it."""

    place: Place
    pain_point: PainPoint
    silos: tuple[str, ...]


@dataclass(frozen=True)
class ScorePlace:
    """A metric score where it was measured: a touchpoint, or a whole stage (touchpoint None)."""

    journey: Journey
    stage: JourneyStage
    touchpoint: Touchpoint | None
    score: Score


@dataclass(frozen=True)
class VolumePlace:
    """A row of the listening volumes at the journey stage (and the touchpoint and pain
    point, when the row names them) it counts feedback about."""

    journey: Journey
    stage: JourneyStage
    volume: Volume
    touchpoint: Touchpoint | None = None
    pain_point: PainPoint | None = None


def _lists() -> defaultdict[str, list]:  # type: ignore[type-arg]
    return defaultdict(list)


@dataclass
class CatalogIndex:
    """Lookups by registry id. Every list keeps catalog order (journeys, then stages, ...)."""

    catalog: Catalog
    places: list[Place] = field(default_factory=list)
    pains: list[PainPlace] = field(default_factory=list)
    scores: list[ScorePlace] = field(default_factory=list)
    by_stage: defaultdict[str, list[Place]] = field(default_factory=_lists)
    by_channel: defaultdict[str, list[Place]] = field(default_factory=_lists)
    owned_by: defaultdict[str, list[Place]] = field(default_factory=_lists)
    supported_by: defaultdict[str, list[Place]] = field(default_factory=_lists)
    by_data_source: defaultdict[str, list[Place]] = field(default_factory=_lists)
    by_standard: defaultdict[str, list[Place]] = field(default_factory=_lists)
    pains_by_silo: defaultdict[str, list[PainPlace]] = field(default_factory=_lists)
    pains_by_category: defaultdict[str, list[PainPlace]] = field(default_factory=_lists)
    pains_by_source: defaultdict[str, list[PainPlace]] = field(default_factory=_lists)
    pains_by_stage: defaultdict[str, list[PainPlace]] = field(default_factory=_lists)
    scores_by_metric: defaultdict[str, list[ScorePlace]] = field(default_factory=_lists)
    scores_by_stage: defaultdict[str, list[ScorePlace]] = field(default_factory=_lists)
    volumes_by_stage: defaultdict[str, list[VolumePlace]] = field(default_factory=_lists)
    volumes_by_category: defaultdict[str, list[VolumePlace]] = field(default_factory=_lists)
    volumes_by_source: defaultdict[str, list[VolumePlace]] = field(default_factory=_lists)
    heard: Counter[tuple[str, str]] = field(default_factory=Counter)
    journeys_by_persona: defaultdict[str, list[Journey]] = field(default_factory=_lists)
    journeys_by_owner: defaultdict[str, list[Journey]] = field(default_factory=_lists)
    opportunities_by_owner: defaultdict[str, list[tuple[Journey, Opportunity]]] = field(
        default_factory=_lists
    )
    improved_by: defaultdict[str, list[Journey]] = field(default_factory=_lists)
    related_to: defaultdict[str, list[Journey]] = field(default_factory=_lists)
    shared: dict[tuple[str, str], tuple[int, int]] | None = field(
        default=None, repr=False, compare=False
    )
    """`shared_by_silos`, once it was asked for: the silos page and its graph both show it."""
    memo: Memo | None = field(default=None, repr=False, compare=False)
    """What was made from the catalog's entities in earlier builds of a preview (see `ledger/memo.py`)."""
    frame: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    """What else every value kept in the memo is made from (the registries, the settings)."""
    parts: list[CatalogIndex] = field(default_factory=list, repr=False, compare=False)
    """With a memo, each journey's own index, as kept there (see `counted`)."""

    def kept(self, kind: str, of: Of, make: Callable[[Of], T], also: tuple[Any, ...] = ()) -> T:
        """What `make(of)` makes, made once while `of` and `frame` last (see `Memo.get`)."""
        return made(self.memo, kind, of, make, (*also, *self.frame))


def neighbours(journey: Journey, index: CatalogIndex) -> set[str]:
    """The journeys whose titles a journey's page shows, and whose pages show the journey's:
    those it improves or names as related, and those that improve it or name it."""
    return {
        *((journey.improves,) if journey.improves else ()),
        *journey.related,
        *(j.id for j in index.related_to.get(journey.id, [])),
        *(j.id for j in index.improved_by.get(journey.id, [])),
    }


def handoffs(journey: Journey) -> list[tuple[Touchpoint, Touchpoint]]:
    """Each pair of consecutive touchpoints whose owning silos differ, in journey order."""
    touchpoints = journey.touchpoints
    return [(a, b) for a, b in itertools.pairwise(touchpoints) if a.owner != b.owner]


def shared_by_silos(index: CatalogIndex) -> dict[tuple[str, str], tuple[int, int]]:
    """For each pair of silos (in id order): the touchpoints where both act, as owner or
    supporter, and the pain points both contribute to (counted once per index)."""
    if index.shared is not None:
        return index.shared
    touchpoints = counted(index, "shared touchpoints", _shared_touchpoints)
    pains = counted(index, "shared pains", _shared_pains)
    index.shared = {pair: (touchpoints[pair], pains[pair])
                    for pair in sorted({*touchpoints, *pains})}  # fmt: skip
    return index.shared


def _shared_touchpoints(index: CatalogIndex) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for place in index.places:
        found.update(itertools.combinations(sorted(set(place.touchpoint.silos)), 2))
    return found


def _shared_pains(index: CatalogIndex) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for pain in index.pains:
        found.update(itertools.combinations(sorted(set(pain.silos)), 2))
    return found


def counted(
    index: CatalogIndex, kind: str, count: Callable[[CatalogIndex], Counter[K]]
) -> Counter[K]:
    """What `count` counts in the index: summed from each journey's part, each part's count
    kept in the memo (named `kind`), when the index has one."""
    if index.memo is None:
        return count(index)
    total: Counter[K] = Counter()
    for part in index.parts:
        total.update(index.kept(kind, part, count))
    return total


def build_index(
    catalog: Catalog, memo: Memo | None = None, frame: tuple[Any, ...] = ()
) -> CatalogIndex:
    """Index the catalog in one pass over its journeys; each journey's part of it is kept
    in `memo`, when given, while the journey and `frame` stay the same."""
    index = CatalogIndex(catalog, memo=memo, frame=frame)
    for journey in catalog.journeys:
        if memo is None:
            _index_journey(index, journey)
            continue
        part = memo.get("index", journey, _journey_index, frame)
        index.parts.append(part)
        for name in _LISTS:
            getattr(index, name).extend(getattr(part, name))
        for name in _GROUPS:
            group = getattr(index, name)
            for key, items in getattr(part, name).items():
                group[key].extend(items)
    stages = {(j.id, s.id): (j, s) for j in catalog.journeys for s in j.stages}
    pains = {(p.place.journey.id, p.pain_point.id): p.pain_point for p in index.pains}
    for volume in catalog.volumes:
        found = stages.get((volume.journey, volume.stage))
        if found is None:  # only in a catalog that failed validation
            continue
        journey, stage = found
        touchpoint = next((t for t in stage.touchpoints if t.id == volume.touchpoint), None)
        pain = pains.get((journey.id, volume.pain_point or ""))
        place = VolumePlace(journey, stage, volume, touchpoint, pain)
        index.volumes_by_stage[place.stage.stage].append(place)
        index.volumes_by_category[volume.issue_category].append(place)
        index.volumes_by_source[volume.listening_source].append(place)
        if volume.pain_point:
            index.heard[(volume.journey, volume.pain_point)] += volume.count
    return index


#: What a journey's part of the index holds: lists, and lists by registry id.
_LISTS = ("places", "pains", "scores")
_GROUPS = tuple(
    f.name
    for f in dataclasses.fields(CatalogIndex)
    if f.default_factory is _lists and not f.name.startswith("volumes_")
)
_NO_CATALOG = Catalog("", "")


def _journey_index(journey: Journey) -> CatalogIndex:
    """A journey's own part of the index."""
    index = CatalogIndex(_NO_CATALOG)
    _index_journey(index, journey)
    return index


def _index_journey(index: CatalogIndex, journey: Journey) -> None:
    for persona in journey.personas:
        index.journeys_by_persona[persona].append(journey)
    index.journeys_by_owner[journey.owner].append(journey)
    if journey.improves:
        index.improved_by[journey.improves].append(journey)
    for other in journey.related:
        index.related_to[other].append(journey)
    for opportunity in journey.opportunities:
        if opportunity.owner:
            index.opportunities_by_owner[opportunity.owner].append((journey, opportunity))
    for stage in journey.stages:
        for score in stage.metrics:
            _add_score(index, ScorePlace(journey, stage, None, score))
        for touchpoint in stage.touchpoints:
            place = Place(journey, stage, touchpoint)
            index.places.append(place)
            index.by_stage[stage.stage].append(place)
            index.by_channel[touchpoint.channel].append(place)
            index.owned_by[touchpoint.owner].append(place)
            for silo in touchpoint.supporting:
                index.supported_by[silo].append(place)
            for source in touchpoint.data_sources:
                index.by_data_source[source].append(place)
            for standard in touchpoint.standards:
                index.by_standard[standard].append(place)
            for score in touchpoint.metrics:
                _add_score(index, ScorePlace(journey, stage, touchpoint, score))
            for pain_point in touchpoint.pain_points:
                _add_pain(index, place, pain_point)


def _add_score(index: CatalogIndex, place: ScorePlace) -> None:
    index.scores.append(place)
    index.scores_by_metric[place.score.metric].append(place)
    index.scores_by_stage[place.stage.stage].append(place)


def _add_pain(index: CatalogIndex, place: Place, pain_point: PainPoint) -> None:
    silos = pain_point.contributing_silos or place.touchpoint.silos
    pain = PainPlace(place, pain_point, silos)
    index.pains.append(pain)
    index.pains_by_stage[place.stage.stage].append(pain)
    index.pains_by_category[pain_point.category].append(pain)
    for silo in silos:
        index.pains_by_silo[silo].append(pain)
    for source in pain_point.sources:
        index.pains_by_source[source].append(pain)
