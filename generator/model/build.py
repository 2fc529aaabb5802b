"""Building the typed catalog from documents that passed their JSON Schema."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.load.document import Document, Path
from generator.load.files import REGISTRIES
from generator.model.scores import period_order
from generator.model.types import (
    Catalog,
    Channel,
    DataSource,
    HistoryPoint,
    IssueCategory,
    Journey,
    JourneyStage,
    ListeningSource,
    Measurement,
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
    Volume,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Table:
    """A measurements file: its kind (`scores` or `volumes`), its path from the catalog root
    (`measurements/scores.csv`, the same wherever the catalog is read from), and the indexes
    of the rows that passed the schema (only these are built)."""

    kind: str
    file: str
    document: Document
    rows: tuple[int, ...]


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
    tables: Iterable[Table] = (),
    journey: Callable[[Document], Journey] | None = None,
) -> Catalog:
    """The typed catalog. `broken` names the parts (registry stems, `catalog`) that failed.

    The scores of `tables` join the history of the journeys' scores (see `merge_scores`).
    `journey` builds a journey from its document (`build_journey`, or one that remembers).
    """
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
    measurements: list[Measurement] = []
    volumes: list[Volume] = []
    for table in tables:
        rows = [(table.document.data[i], Source(table.document, (i,))) for i in table.rows]
        if table.kind == "scores":
            measurements.extend(
                entity(Measurement, row, source, measured_in=table.file) for row, source in rows
            )
        else:
            volumes.extend(entity(Volume, row, source) for row, source in rows)
    built = map(journey or build_journey, journeys)
    return Catalog(
        organization=data.get("organization", ""),
        root=root,
        description=data.get("description"),
        review_max_age_days=data.get("review_max_age_days"),
        rules=dict(data.get("rules", {})),
        catalog_source=catalog_source,
        stages=stages,
        journeys=Registry(tuple(merge_scores(built, measurements))),
        measurements=tuple(measurements),
        volumes=tuple(volumes),
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


def merge_scores(
    journeys: Iterable[Journey], measurements: Sequence[Measurement]
) -> Iterator[Journey]:
    """The journeys with the measured values of the scores files in their scores' history.

    A value from a file replaces the YAML history's value for the same period (the first
    row wins over a repeated one). A stage or touchpoint measured on a metric it has no
    score for gets one, without a target. A score fed by a file takes the value of its
    most recent period as its `actual`. Rows naming no known stage or touchpoint are
    left to the reference checks.
    """
    rows: defaultdict[str, list[Measurement]] = defaultdict(list)
    for m in measurements:
        rows[m.journey].append(m)
    for journey in journeys:
        mine = rows.get(journey.id)
        if not mine:
            yield journey
            continue
        stages = []
        for stage in journey.stages:
            here = [m for m in mine if m.stage == stage.id]
            touchpoints = tuple(
                dataclasses.replace(
                    t, metrics=_merged(t.metrics, [m for m in here if m.touchpoint == t.id])
                )
                for t in stage.touchpoints
            )
            whole = [m for m in here if m.touchpoint is None]
            stages.append(
                dataclasses.replace(
                    stage, metrics=_merged(stage.metrics, whole), touchpoints=touchpoints
                )
            )
        yield dataclasses.replace(journey, stages=tuple(stages))


def _merged(scores: tuple[Score, ...], rows: list[Measurement]) -> tuple[Score, ...]:
    if not rows:
        return scores
    by_metric: dict[str, list[Measurement]] = {}
    for m in rows:
        by_metric.setdefault(m.metric, []).append(m)
    merged = [_fed(s, by_metric.pop(s.metric)) if s.metric in by_metric else s for s in scores]
    merged.extend(
        _fed(Score(metric, found[0].source), found) for metric, found in by_metric.items()
    )
    return tuple(merged)


def _fed(score: Score, rows: list[Measurement]) -> Score:
    measured: dict[str, HistoryPoint] = {}
    for m in rows:
        measured.setdefault(m.period, HistoryPoint(m.period, m.value, m.measured_in))
    points = {p.period: p for p in score.history} | measured
    history = tuple(sorted(points.values(), key=lambda p: period_order(p.period)))
    return dataclasses.replace(score, history=history, actual=history[-1].value)
