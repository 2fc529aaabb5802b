"""Every reference the catalog makes, enumerated once: who points at which entry, from where.

Reference checks (`unknown-ref`), usage lint (`unused-entry`) and the site's "where is
this used?" pages all read this one list instead of walking the catalog themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from generator.diagnostics import Location
from generator.model.types import Catalog, Journey, Score, Source

#: Target kind -> the Catalog attribute holding its entries, and its singular noun.
TARGETS: dict[str, tuple[str, str]] = {
    "stages": ("stages", "stage"),
    "silos": ("silos", "silo"),
    "channels": ("channels", "channel"),
    "personas": ("personas", "persona"),
    "data-sources": ("data_sources", "data source"),
    "standards": ("standards", "standard"),
    "metrics": ("metrics", "metric"),
    "issue-categories": ("issue_categories", "issue category"),
    "listening-sources": ("listening_sources", "listening source"),
    "journeys": ("journeys", "journey"),
}


@dataclass(frozen=True)
class Reference:
    """One id written somewhere that names an entry of `target` (a key of TARGETS).

    `source` and `path` say where: the position is looked up only when it is needed.
    """

    target: str
    id: str
    source: Source
    path: tuple[str | int, ...]
    journey: str | None = None

    @property
    def location(self) -> Location:
        return self.source.at(*self.path)


def _refs(
    target: str, ids: tuple[str, ...] | str | None, source: Source, field: str, journey: str | None
) -> Iterator[Reference]:
    if ids is None:
        return
    if isinstance(ids, str):
        yield Reference(target, ids, source, (field,), journey)
        return
    for i, value in enumerate(ids):
        yield Reference(target, value, source, (field, i), journey)


def references(
    catalog: Catalog, of_journey: Callable[[Journey], Iterable[Reference]] | None = None
) -> Iterator[Reference]:
    """Every reference in the catalog, registries first, then journey by journey (each
    listed by `of_journey`: `journey_references`, or one that remembers)."""
    for d in catalog.data_sources:
        yield from _refs("silos", d.owner, d.source, "owner", None)
    for s in catalog.standards:
        yield from _refs("silos", s.owner, s.source, "owner", None)
        yield from _refs("metrics", s.metric, s.source, "metric", None)
    for c in catalog.issue_categories:
        yield from _refs("issue-categories", c.parent, c.source, "parent", None)
    for ls in catalog.listening_sources:
        yield from _refs("channels", ls.channel, ls.source, "channel", None)
    for journey in catalog.journeys:
        yield from (of_journey or journey_references)(journey)
    yield from row_references(catalog)


#: The columns of the measurements files that name registry entries or journeys: target kind
#: -> (column of the scores, column of the volumes); None where a kind has no such column.
ROW_TARGETS: dict[str, tuple[str | None, str | None]] = {
    "journeys": ("journey", "journey"),
    "metrics": ("metric", None),
    "issue-categories": (None, "issue_category"),
    "listening-sources": (None, "listening_source"),
}


def row_references(catalog: Catalog) -> Iterator[Reference]:
    """The references of the measurements files: each id once per journey and column, at
    the first row naming it (a file of a million rows names a few hundred ids). The
    reference checks look at every row themselves."""
    for rows, side in ((catalog.measurements, 0), (catalog.volumes, 1)):
        for target, columns in ROW_TARGETS.items():
            column = columns[side]
            if column is None:
                continue
            for (journey, value), source in rows.distinct("journey", column).items():
                if value is not None:
                    yield Reference(target, str(value), source, (column,), str(journey))


def journey_references(journey: Journey) -> Iterator[Reference]:
    """Every reference one journey makes to registries, stages and other journeys."""
    j, src = journey.id, journey.source
    yield from _refs("personas", journey.personas, src, "personas", j)
    yield from _refs("silos", journey.owner, src, "owner", j)
    yield from _refs("journeys", journey.improves, src, "improves", j)
    yield from _refs("journeys", journey.related, src, "related", j)
    for stage in journey.stages:
        yield from _refs("stages", stage.stage, stage.source, "stage", j)
        yield from _score_refs(stage.metrics, j)
        for t in stage.touchpoints:
            ts = t.source
            yield from _refs("channels", t.channel, ts, "channel", j)
            yield from _refs("silos", t.owner, ts, "owner", j)
            yield from _refs("silos", t.supporting, ts, "supporting", j)
            yield from _refs("data-sources", t.data_sources, ts, "data_sources", j)
            yield from _refs("standards", t.standards, ts, "standards", j)
            yield from _score_refs(t.metrics, j)
            for p in t.pain_points:
                yield from _refs("issue-categories", p.category, p.source, "category", j)
                yield from _refs("listening-sources", p.sources, p.source, "sources", j)
                yield from _refs("silos", p.contributing_silos, p.source, "contributing_silos", j)
    for o in journey.opportunities:
        yield from _refs("silos", o.owner, o.source, "owner", j)


def _score_refs(scores: tuple[Score, ...], journey: str) -> Iterator[Reference]:
    for score in scores:
        yield from _refs("metrics", score.metric, score.source, "metric", journey)


def outside_journeys(catalog: Catalog) -> list[Reference]:
    """The references made outside the journeys: by registry entries and measurements rows."""
    return list(references(catalog, of_journey=lambda _: ()))
