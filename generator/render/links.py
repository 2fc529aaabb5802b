"""Links to entity pages (docs/format.md §8): `/<kind>/<id>/`, named after the entity."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from generator.ledger.memo import Memo, made
from generator.model.references import TARGETS
from generator.model.types import Catalog, Journey, JourneyStage
from generator.render.environment import Link

#: Severity order, most severe first.
SEVERITIES = ("critical", "high", "medium", "low")
EMOTIONS = {
    -2: "−2 very negative",
    -1: "−1 negative",
    0: "0 neutral",
    1: "+1 positive",
    2: "+2 very positive",
}


def url(kind: str, entry_id: str, anchor: str = "") -> str:
    """The site-root-relative URL of an entity page, e.g. `silos/digital/`."""
    return f"{kind}/{entry_id}/" + (f"#{anchor}" if anchor else "")


T = TypeVar("T")
Of = TypeVar("Of")

#: Anchors a journey page uses for its own sections.
RESERVED_ANCHORS = frozenset(
    {"service-blueprint", "emotion-curve", "silos-and-handoffs", "metric-trends",
     "related-journeys", "opportunities"}
)  # fmt: skip


@dataclass
class Linker:
    """Makes links to entities by kind and id, named as the catalog names them."""

    catalog: Catalog
    _touchpoint_ids: dict[str, frozenset[str]] = field(default_factory=dict)
    _made: dict[tuple[str, str], Link] = field(default_factory=dict)
    """Links made by `to` and `stage_in`: pages link to the same entries thousands of times."""
    memo: Memo | None = None
    """What earlier builds of a preview made from the catalog's entities (see `ledger/memo.py`)."""
    frame: tuple[Any, ...] = ()
    """What else every value kept in the memo is made from (the registries, the settings)."""

    def kept(self, kind: str, of: Of, make: Callable[[Of], T], also: tuple[Any, ...] = ()) -> T:
        """What `make(of)` makes (a table row, say), made once while `of` and `frame` last."""
        return made(self.memo, kind, of, make, (*also, *self.frame))

    def pain_anchor(self, journey: Journey, pain_id: str) -> str:
        """A pain point's anchor: its id, unless a touchpoint or section of the page has it."""
        taken = self._touchpoint_ids.get(journey.id)
        if taken is None:
            taken = frozenset(t.id for t in journey.touchpoints) | RESERVED_ANCHORS
            self._touchpoint_ids[journey.id] = taken
        return f"pain-{pain_id}" if pain_id in taken else pain_id

    def pain_point(self, journey: Journey, pain_id: str, title: str) -> Link:
        return Link(title, url("journeys", journey.id, self.pain_anchor(journey, pain_id)))

    def to(self, kind: str, entry_id: str) -> Link:
        made = self._made.get((kind, entry_id))
        if made is None:
            attribute, _ = TARGETS[kind]
            entry = getattr(self.catalog, attribute).get(entry_id)
            name = (
                getattr(entry, "title" if kind == "journeys" else "name", None) if entry else None
            )
            made = self._made[kind, entry_id] = Link(name or entry_id, url(kind, entry_id))
        return made

    def all(self, kind: str, ids: Iterable[str]) -> list[Link]:
        return [self.to(kind, i) for i in ids]

    def journey(self, journey: Journey) -> Link:
        made = self._made.get(("journey", journey.id))
        if made is None:
            made = self._made["journey", journey.id] = Link(
                journey.title, url("journeys", journey.id)
            )
        return made

    def stage_name(self, stage: JourneyStage) -> str:
        catalog_stage = self.catalog.stages.get(stage.stage)
        return stage.name or (catalog_stage.name if catalog_stage else stage.stage)

    def stage_in(self, journey: Journey, stage: JourneyStage) -> Link:
        where = url("journeys", journey.id, f"stage-{stage.id}")
        made = self._made.get(("stage", where))
        if made is None:
            made = self._made["stage", where] = Link(self.stage_name(stage), where)
        return made

    def touchpoint(self, journey: Journey, touchpoint_id: str, name: str) -> Link:
        return Link(name, url("journeys", journey.id, touchpoint_id))
