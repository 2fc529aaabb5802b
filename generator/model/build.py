"""Building the typed catalog from documents that passed their JSON Schema."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.load.csv_table import CsvTable
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
    Rows,
    Score,
    Silo,
    Source,
    Stage,
    Standard,
    Touchpoint,
    Volume,
)

T = TypeVar("T")
R = TypeVar("R", Measurement, Volume)


@dataclass(frozen=True)
class Table:
    """A measurements file: its kind (`scores` or `volumes`), its path from the catalog root
    (`measurements/scores.csv`, the same wherever the catalog is read from), and the indexes
    of the rows that passed the schema (only these are built)."""

    kind: str
    file: str
    document: CsvTable
    rows: array[int]


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
    tables = list(tables)
    measurements = _rows(Measurement, [t for t in tables if t.kind == "scores"])
    volumes = _rows(Volume, [t for t in tables if t.kind != "scores"])
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
        measurements=measurements,
        volumes=volumes,
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


def _rows(kind: type[R], tables: list[Table]) -> Rows[R]:
    """The rows kept of the tables of one kind, and the path of each table's file."""
    return Rows(kind, tuple((t.document, t.rows) for t in tables), tuple(t.file for t in tables))


def merge_scores(journeys: Iterable[Journey], measurements: Rows[Measurement]) -> Iterator[Journey]:
    """The journeys with the measured values of the scores files in their scores' history.

    A value from a file replaces the YAML history's value for the same period (the first
    row wins over a repeated one). A stage or touchpoint measured on a metric it has no
    score for gets one, without a target. A score fed by a file takes the value of its
    most recent period as its `actual`. Rows naming no known stage or touchpoint are
    left to the reference checks.
    """
    measured = _measured(measurements)
    for journey in journeys:
        mine = measured.get(journey.id)
        if not mine:
            yield journey
            continue
        stages = []
        for stage in journey.stages:
            touchpoints = tuple(
                dataclasses.replace(t, metrics=_merged(t.metrics, mine.get((stage.id, t.id))))
                for t in stage.touchpoints
            )
            stages.append(
                dataclasses.replace(
                    stage,
                    metrics=_merged(stage.metrics, mine.get((stage.id, None))),
                    touchpoints=touchpoints,
                )
            )
        yield dataclasses.replace(journey, stages=tuple(stages))


#: What the scores files measured at one place: metric -> (where the first row is, the
#: history points of the metric by period, the first row of a period winning).
_Measured = dict[str, tuple[Source, dict[str, HistoryPoint]]]


def _measured(rows: Rows[Measurement]) -> dict[str, dict[tuple[str, str | None], _Measured]]:
    """The rows of the scores files by journey, then place (stage, touchpoint), then metric."""
    found: dict[str, dict[tuple[str, str | None], _Measured]] = {}
    for (table, kept), file in zip(rows.parts, rows.files, strict=True):
        names = ("journey", "stage", "touchpoint", "metric")
        codes = [table.codes.get(n) for n in names]
        zero = itertools.repeat(0, len(kept))
        columns = [map(c.__getitem__, kept) if c is not None else zero for c in codes]
        keys = zip(*columns, strict=True)
        groups: dict[tuple[int, ...], list[int]] = {}
        for i, key in zip(kept, keys, strict=True):
            groups.setdefault(key, []).append(i)
        typed = [table.typed.get(n, [None]) for n in names]
        periods, values = table.codes["period"], table.codes["value"]
        period_texts, numbers = table.typed["period"], table.typed["value"]
        for key, indexes in groups.items():
            journey, stage, touchpoint, metric = (t[c] for t, c in zip(typed, key, strict=True))
            where = (str(stage), None if touchpoint is None else str(touchpoint))
            place = found.setdefault(str(journey), {}).setdefault(where, {})
            _, points = place.setdefault(str(metric), (Source(table, (indexes[0],)), {}))
            for i in indexes:
                period = str(period_texts[periods[i]])
                if period not in points:
                    points[period] = HistoryPoint(period, float(numbers[values[i]] or 0), file)
    return found


def _merged(scores: tuple[Score, ...], measured: _Measured | None) -> tuple[Score, ...]:
    if not measured:
        return scores
    left = dict(measured)
    merged = [_fed(s, left.pop(s.metric)[1]) if s.metric in left else s for s in scores]
    merged.extend(_fed(Score(metric, source), points) for metric, (source, points) in left.items())
    return tuple(merged)


def _fed(score: Score, measured: dict[str, HistoryPoint]) -> Score:
    points = {p.period: p for p in score.history} | measured
    history = tuple(sorted(points.values(), key=lambda p: _period_order(p.period)))
    return dataclasses.replace(score, history=history, actual=history[-1].value)


_period_order = functools.lru_cache(maxsize=4096)(period_order)
