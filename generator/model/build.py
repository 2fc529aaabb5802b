"""Building the typed catalog from documents that passed their JSON Schema."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import operator
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.load.csv_table import CsvTable
from generator.load.document import Document, Path
from generator.load.files import REGISTRIES
from generator.model.keys import Keys
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


#: What the scores files measured at one place: metric -> (where its first row is, its
#: history points by period, the first row of a period winning, and whether they are in
#: time order: they are unless two files measured the metric there).
_Measured = dict[str, tuple[Source, dict[str, HistoryPoint], list[bool]]]


_PLACE = ("journey", "stage", "touchpoint", "metric")


def _measured(rows: Rows[Measurement]) -> dict[str, dict[tuple[str, str | None], _Measured]]:
    """The rows of the scores files by journey, then place (stage, touchpoint), then metric.

    Rows are grouped by a number made of their codes (`Keys`), sorted; a history
    point is made once for each period and value of a file, and shared."""
    found: dict[str, dict[tuple[str, str | None], _Measured]] = {}
    for (table, kept), file in zip(rows.parts, rows.files, strict=True):
        place_keys = Keys(table, kept, _PLACE)
        keys = place_keys.numbers
        periods, values = table.codes["period"], table.codes["value"]
        if len(kept) != len(table):
            periods = array("I", map(periods.__getitem__, kept))
            values = array("I", map(values.__getitem__, kept))
        points_of = _Points(table, file, periods, values)
        order = sorted(range(len(kept)), key=keys.__getitem__)
        for _, group in itertools.groupby(order, keys.__getitem__):
            at = list(group)
            journey, stage, touchpoint, metric = place_keys.values(keys[at[0]])
            where = (str(stage), None if touchpoint is None else str(touchpoint))
            place = found.setdefault(str(journey), {}).setdefault(where, {})
            source = Source(table, (kept[at[0]],))
            _, points, in_order = place.setdefault(str(metric), (source, {}, [True]))
            in_order[0] = in_order[0] and not points
            at.reverse()  # the first row of a period wins
            first = dict(zip(map(periods.__getitem__, at), points_of.at(at), strict=True))
            ordered = sorted(first, key=points_of.rank.__getitem__)
            if points:
                for p in ordered:
                    points.setdefault(first[p].period, first[p])
            else:
                points.update(zip(map(points_of.texts.__getitem__, ordered),
                                  map(first.__getitem__, ordered), strict=True))  # fmt: skip
    return found


class _Points:
    """The history points of one scores file's rows kept: each period's place in time order,
    and one point for each period and value, shared by the rows that have it, naming the
    file by its path from the catalog root (`file`)."""

    def __init__(self, table: CsvTable, file: str, periods: array[int], values: array[int]) -> None:
        self.texts = [str(t) for t in table.typed["period"]]
        present = sorted(dict.fromkeys(periods), key=lambda p: _period_order(self.texts[p]))
        self.rank = {p: n for n, p in enumerate(present)}
        size, numbers = len(table.distinct["value"]), table.typed["value"]
        self.pairs = list(map(operator.add, map(size.__mul__, periods), values))
        self.made = {
            pair: HistoryPoint(self.texts[pair // size], float(numbers[pair % size] or 0), file)
            for pair in dict.fromkeys(self.pairs)
        }  # fmt: skip

    def at(self, rows: list[int]) -> Iterator[HistoryPoint]:
        """The point of each row (by its place among the rows kept)."""
        return map(self.made.__getitem__, map(self.pairs.__getitem__, rows))


def _merged(scores: tuple[Score, ...], measured: _Measured | None) -> tuple[Score, ...]:
    if not measured:
        return scores
    left = dict(measured)
    merged = [_fed(s, *left.pop(s.metric)[1:]) if s.metric in left else s for s in scores]
    merged.extend(
        _fed(Score(metric, source), points, in_order)
        for metric, (source, points, in_order) in left.items()
    )
    return tuple(merged)


def _fed(score: Score, measured: dict[str, HistoryPoint], in_order: list[bool]) -> Score:
    if not score.history and in_order[0]:
        history = tuple(measured.values())
    else:
        points = {p.period: p for p in score.history} | measured
        history = tuple(sorted(points.values(), key=lambda p: _period_order(p.period)))
    return dataclasses.replace(score, history=history, actual=history[-1].value)


_period_order = functools.lru_cache(maxsize=4096)(period_order)
