"""Building the typed catalog from documents that passed their JSON Schema."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from generator.load.document import Document, Path
from generator.load.files import REGISTRIES
from generator.model.types import (
    Catalog,
    Channel,
    DataSource,
    HistoryPoint,
    IssueCategory,
    Journey,
    JourneyStage,
    ListeningSource,
    Metric,
    Opportunity,
    PainPoint,
    Persona,
    Registry,
    Score,
    Silo,
    Source,
    Stage,
    Standard,
    Touchpoint,
)

T = TypeVar("T")

#: Registry file stem -> the class of its entries.
ENTRY_TYPES: dict[str, type] = {
    "silos": Silo,
    "channels": Channel,
    "personas": Persona,
    "data-sources": DataSource,
    "standards": Standard,
    "metrics": Metric,
    "issue-categories": IssueCategory,
    "listening-sources": ListeningSource,
}


def entity(cls: type[T], data: Mapping[str, Any], source: Source, **nested: Any) -> T:
    """An instance of dataclass `cls` from the mapping's keys of the same names.

    Lists become tuples; `nested` gives fields that need their own building.
    """
    values: dict[str, Any] = {"source": source}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data and data[f.name] is not None and f.name not in nested:
            value = data[f.name]
            values[f.name] = tuple(value) if isinstance(value, list) else value
    values.update(nested)
    return cls(**values)


def build_catalog(
    root: str,
    catalog: Document | None,
    registries: Mapping[str, Document],
    journeys: Iterable[Document],
    broken: Iterable[str] = (),
) -> Catalog:
    """The typed catalog. `broken` names the parts (registry stems, `catalog`) that failed."""
    data = catalog.data if catalog else {}
    catalog_source = Source(catalog, ()) if catalog else None
    stages = Registry(
        tuple(
            entity(Stage, stage, Source(catalog, ("stages", i)))
            for i, stage in enumerate(data.get("stages", []))
            if catalog
        )
    )
    kwargs: dict[str, Any] = {}
    for stem, cls in ENTRY_TYPES.items():
        document = registries.get(stem)
        key = REGISTRIES[stem]
        entries = document.data.get(key, []) if document else []
        kwargs[key] = Registry(
            tuple(entity(cls, e, Source(document, (key, i))) for i, e in enumerate(entries))  # type: ignore[arg-type]
        )
    return Catalog(
        organization=data.get("organization", ""),
        root=root,
        description=data.get("description"),
        review_max_age_days=data.get("review_max_age_days"),
        rules=dict(data.get("rules", {})),
        catalog_source=catalog_source,
        stages=stages,
        journeys=Registry(tuple(build_journey(d) for d in journeys)),
        broken=frozenset(broken),
        **kwargs,
    )


def build_journey(document: Document) -> Journey:
    """A journey from its schema-valid document."""
    data = document.data
    return entity(
        Journey,
        data,
        Source(document, ()),
        reviewed=_date(data.get("reviewed")),
        stages=tuple(_stage(document, s, ("stages", i)) for i, s in enumerate(data["stages"])),
        opportunities=tuple(
            entity(Opportunity, o, Source(document, ("opportunities", i)))
            for i, o in enumerate(data.get("opportunities", []))
        ),
        status=data.get("status", "published"),
    )


def _stage(document: Document, data: Mapping[str, Any], path: Path) -> JourneyStage:
    return entity(
        JourneyStage,
        data,
        Source(document, path),
        id=data.get("id", data["stage"]),
        metrics=_scores(document, data, path),
        touchpoints=tuple(
            _touchpoint(document, t, (*path, "touchpoints", i))
            for i, t in enumerate(data["touchpoints"])
        ),
    )


def _touchpoint(document: Document, data: Mapping[str, Any], path: Path) -> Touchpoint:
    return entity(
        Touchpoint,
        data,
        Source(document, path),
        metrics=_scores(document, data, path),
        pain_points=tuple(
            entity(PainPoint, p, Source(document, (*path, "pain_points", i)))
            for i, p in enumerate(data.get("pain_points", []))
        ),
    )


def _scores(document: Document, data: Mapping[str, Any], path: Path) -> tuple[Score, ...]:
    return tuple(
        entity(
            Score,
            s,
            Source(document, (*path, "metrics", i)),
            history=tuple(HistoryPoint(str(h["period"]), h["value"]) for h in s.get("history", [])),
        )
        for i, s in enumerate(data.get("metrics", []))
    )


def _date(text: str | None) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:  # the schema's date format has already reported it
        return None
