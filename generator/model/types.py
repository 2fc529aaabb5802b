"""The typed catalog: what the YAML files say, normalized, with where each thing was written.

Field names are the YAML keys of docs/format.md (§2-§5); defaults are the format's defaults. The
JSON Schemas decide what is valid; these classes only hold what passed them.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from array import array
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Generic, TypeVar

from generator.diagnostics import Location
from generator.load.csv_table import CsvTable
from generator.load.document import Document, Path
from generator.model.keys import Keys, Values


@dataclass(frozen=True)
class Source:
    """Where an entity was written: its document and the path to it there."""

    document: Document
    path: Path

    @property
    def file(self) -> str:
        return self.document.file

    def at(self, *fields: str | int) -> Location:
        """Where the entity's value at `fields` was written (the entity itself if none)."""
        return self.document.at((*self.path, *fields))

    def has(self, field: str) -> bool:
        """Whether the entity's mapping was written with this key."""
        node = self.document.data
        for step in self.path:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return False
        return isinstance(node, dict) and field in node

    def key_at(self, *fields: str | int) -> Location:
        """Where the key of the entity's field `fields` was written."""
        return self.document.key_at((*self.path, *fields))


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    source: Source
    description: str | None = None


@dataclass(frozen=True)
class Silo:
    id: str
    name: str
    source: Source
    lead: str | None = None
    contact: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    source: Source
    kind: str | None = None


@dataclass(frozen=True)
class Persona:
    id: str
    name: str
    source: Source
    segment: str | None = None
    description: str | None = None
    goals: tuple[str, ...] = ()
    frustrations: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataSource:
    id: str
    name: str
    source: Source
    system: str | None = None
    owner: str | None = None
    kind: str | None = None
    contains_pii: bool | None = None
    description: str | None = None


@dataclass(frozen=True)
class Standard:
    id: str
    title: str
    statement: str
    source: Source
    owner: str | None = None
    metric: str | None = None
    target: float | None = None

    @property
    def name(self) -> str:
        return self.title


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    scale_min: float
    scale_max: float
    source: Source
    higher_is_better: bool = True
    unit: str | None = None


@dataclass(frozen=True)
class IssueCategory:
    id: str
    name: str
    source: Source
    description: str | None = None
    parent: str | None = None


@dataclass(frozen=True)
class ListeningSource:
    id: str
    name: str
    source: Source
    kind: str | None = None
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """One measured value. `measured_in` names the measurements CSV it came from, if any, by
    its path from the catalog root (`measurements/scores.csv`)."""

    period: str
    value: float
    measured_in: str | None = None


@dataclass(frozen=True)
class Score:
    """A metric measured at a stage or touchpoint, against its target."""

    metric: str
    source: Source
    target: float | None = None
    actual: float | None = None
    history: tuple[HistoryPoint, ...] = ()


@dataclass(frozen=True)
class PainPoint:
    id: str
    title: str
    category: str
    severity: str
    source: Source
    sources: tuple[str, ...] = ()
    contributing_silos: tuple[str, ...] = ()
    evidence: str = "assumed"
    detail: str | None = None


@dataclass(frozen=True)
class Touchpoint:
    id: str
    name: str
    channel: str
    owner: str
    source: Source
    supporting: tuple[str, ...] = ()
    customer: str | None = None
    frontstage: str | None = None
    backstage: str | None = None
    data_sources: tuple[str, ...] = ()
    data_gaps: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    promise: str | None = None
    moment_of_truth: bool = False
    emotion: int | None = None
    evidence: str = "assumed"
    metrics: tuple[Score, ...] = ()
    pain_points: tuple[PainPoint, ...] = ()

    @cached_property
    def silos(self) -> tuple[str, ...]:
        """The owner, then the supporting silos."""
        return (self.owner, *(s for s in self.supporting if s != self.owner))


@dataclass(frozen=True)
class JourneyStage:
    """One stage of a journey: a catalog stage, possibly used more than once."""

    id: str
    stage: str
    source: Source
    name: str | None = None
    goal: str | None = None
    emotion: int | None = None
    metrics: tuple[Score, ...] = ()
    touchpoints: tuple[Touchpoint, ...] = ()


@dataclass(frozen=True)
class Opportunity:
    id: str
    title: str
    source: Source
    addresses: tuple[str, ...] = ()
    owner: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class Journey:
    id: str
    title: str
    owner: str
    state: str
    source: Source
    personas: tuple[str, ...] = ()
    summary: str | None = None
    improves: str | None = None
    status: str = "published"
    reviewed: datetime.date | None = None
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    stages: tuple[JourneyStage, ...] = ()
    opportunities: tuple[Opportunity, ...] = ()

    @cached_property
    def touchpoints(self) -> tuple[Touchpoint, ...]:
        return tuple(t for stage in self.stages for t in stage.touchpoints)

    @cached_property
    def pain_points(self) -> tuple[PainPoint, ...]:
        return tuple(p for t in self.touchpoints for p in t.pain_points)


@dataclass(frozen=True)
class Measurement:
    """One row of a scores file (`measurements/*.csv`): a metric's value in a period at a
    journey's stage, or at one of its touchpoints. `measured_in` is the file's path from the
    catalog root."""

    journey: str
    stage: str
    metric: str
    period: str
    value: float
    source: Source
    touchpoint: str | None = None
    measured_in: str = ""


@dataclass(frozen=True)
class Volume:
    """One row of a listening-volumes file: how many times customers raised an issue
    category, heard through a listening source, at a journey's stage in a period."""

    journey: str
    stage: str
    issue_category: str
    listening_source: str
    period: str
    count: int
    source: Source
    touchpoint: str | None = None
    pain_point: str | None = None


R = TypeVar("R", Measurement, Volume)


@dataclass(frozen=True)
class Rows(Generic[R]):
    """The rows of the measurements files of one kind that passed their schema, kept as
    the files' columns (`CsvTable`, with the rows kept of each): a row becomes a
    `Measurement` or `Volume` only when iterated over, and checks over a million rows look
    at each distinct combination of values once (`distinct`) and then at the rows holding
    one that is wrong (`where`). `files` holds the path from the catalog root of each
    part's file (`measurements/scores.csv`): what a measurement's `measured_in` names. Two
    are equal when they hold the same rows of the very same tables, from the same paths (a
    table is kept while its file's bytes stay the same)."""

    kind: type[R]
    parts: tuple[tuple[CsvTable, array[int]], ...] = ()
    files: tuple[str, ...] = ()

    def __len__(self) -> int:
        return sum(len(rows) for _, rows in self.parts)

    def __iter__(self) -> Iterator[R]:
        names = [f.name for f in dataclasses.fields(self.kind) if f.name != "source"]
        for (table, rows), file in zip(self.parts, self.files, strict=True):
            columns = [(n, table.codes[n], table.typed[n]) for n in names if n in table.codes]
            where = {"measured_in": file} if "measured_in" in names else {}
            for i in rows:
                found = {n: typed[codes[i]] for n, codes, typed in columns}
                fields = {n: v for n, v in found.items() if v is not None}
                yield self.kind(**fields, **where, source=Source(table, (i,)))  # type: ignore[arg-type]

    def distinct(self, *names: str) -> dict[Values, Source]:
        """Each combination of the values of columns `names` in a row (None for an empty or
        absent cell), with the first row holding it, in file order."""
        found: dict[Values, Source] = {}
        for table, rows, keys in self.keyed(names):
            for key, n in sorted(keys.firsts().items(), key=lambda item: item[1]):
                values = keys.values(key)
                if values not in found:
                    found[values] = Source(table, (rows[n],))
        return found

    def combinations(self, *names: str) -> set[Values]:
        """Each combination of the values of columns `names` in a row (see `distinct`)."""
        return {keys.values(key) for _, _, keys in self.keyed(names) for key in dict.fromkeys(keys)}

    def where(
        self, names: tuple[str, ...], wanted: Container[Values]
    ) -> Iterator[tuple[Values, Source]]:
        """Every row whose values of columns `names` are among `wanted`, in file order."""
        for table, rows, keys in self.keyed(names):
            decoded = {key: keys.values(key) for key in dict.fromkeys(keys)}
            bad = {key for key, values in decoded.items() if values in wanted}
            if bad:
                for i, key in zip(rows, keys, strict=True):
                    if key in bad:
                        yield decoded[key], Source(table, (i,))

    def keyed(self, names: tuple[str, ...]) -> Iterator[tuple[CsvTable, array[int], Keys]]:
        """Each file's table, its rows kept, and their codes in columns `names`."""
        for table, rows in self.parts:
            yield table, rows, Keys(table, rows, names)


E = TypeVar("E")


@dataclass(frozen=True)
class Registry(Generic[E]):
    """The entries of one registry, in file order, looked up by id (the first of a duplicate)."""

    entries: tuple[E, ...] = ()

    @cached_property
    def by_id(self) -> dict[str, E]:
        found: dict[str, E] = {}
        for entry in self.entries:
            found.setdefault(entry.id, entry)  # type: ignore[attr-defined]
        return found

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.by_id

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> E | None:
        return self.by_id.get(entry_id)


@dataclass(frozen=True)
class Catalog:
    """The whole catalog. `broken` names the registries whose files failed to load:
    references into them are not checked, so one bad file does not flood the report."""

    organization: str
    root: str
    stages: Registry[Stage] = field(default_factory=Registry)
    silos: Registry[Silo] = field(default_factory=Registry)
    channels: Registry[Channel] = field(default_factory=Registry)
    personas: Registry[Persona] = field(default_factory=Registry)
    data_sources: Registry[DataSource] = field(default_factory=Registry)
    standards: Registry[Standard] = field(default_factory=Registry)
    metrics: Registry[Metric] = field(default_factory=Registry)
    issue_categories: Registry[IssueCategory] = field(default_factory=Registry)
    listening_sources: Registry[ListeningSource] = field(default_factory=Registry)
    journeys: Registry[Journey] = field(default_factory=Registry)
    measurements: Rows[Measurement] = field(default_factory=lambda: Rows(Measurement))
    volumes: Rows[Volume] = field(default_factory=lambda: Rows(Volume))
    description: str | None = None
    review_max_age_days: int | None = None
    rules: dict[str, str] = field(default_factory=dict)
    catalog_source: Source | None = None
    broken: frozenset[str] = frozenset()

    def published(self, file: str) -> str:
        """A catalog file's path as pages and exports show it: from the folder that holds
        the catalog (`journeys/retail/open-account.yaml`), whichever folder the command ran
        in and wherever a revision was unpacked, so that no machine's path is published."""
        holder = os.path.dirname(os.path.abspath(self.root))
        return os.path.relpath(os.path.abspath(file), holder).replace(os.sep, "/")
