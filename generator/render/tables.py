"""The building blocks of entity pages: titled tables of rows, and the rows most pages list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from generator.model.index import PainPlace, Place, ScorePlace
from generator.model.scores import against_target
from generator.render.diagrams.engine import Diagram
from generator.render.environment import Link
from generator.render.links import SEVERITIES, Linker


@dataclass(frozen=True)
class Pager:
    """Which of a long table's rows a page shows, and links to the pages with the others."""

    first: int
    last: int
    total: int
    links: tuple[Link, ...] = ()
    """Previous, next, and (from a continuation page) back to the table on its own page."""

    @property
    def label(self) -> str:
        return f"Rows {self.first:,}–{self.last:,} of {self.total:,}"


#: The rows shown on the page itself by a table that is one of many alike on a page (one
#: per issue category, stage or standard): the page stays small however many there are and
#: however large the catalog; the rest of each table continues on pages of its own.
ROWS_WHEN_MANY = 10


@dataclass
class Section:
    """A titled table on a page (`rows` empty shows `empty` instead), maybe with a diagram first."""

    title: str
    columns: list[str]
    rows: list[list[Any]]
    anchor: str = ""
    note: str = ""
    empty: str = "Nothing yet."
    figure: Diagram | None = None
    level: int = 2
    """The heading's level: 2, or 3 and 4 for sections within the one before."""
    pager: Pager | None = None
    """Set when `rows` are one page of a longer table (see `render/paging.py`)."""
    shown: int | None = None
    """At most this many rows on the page itself, when fewer than the page size: for a page
    with many such tables, so that it stays small (the rest are on continuation pages)."""
    searchable: bool = False
    """Whether the search index has the section's heading and table. Most sections list
    what other pages describe (and index) already; the page's own entry is its title,
    kicker and description."""


@dataclass
class EntityPage:
    """What entity.md.j2 shows: title, description, facts and sections."""

    url: str
    title: str
    kicker: str
    description: str | None = None
    facts: list[tuple[str, Any]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    searchable: bool = True
    """False keeps the page out of the search index (a table's continuation pages)."""

    def context(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kicker": self.kicker,
            "description": self.description,
            "facts": self.facts,
            "sections": self.sections,
            "searchable": self.searchable,
        }


def place_rows(links: Linker, places: list[Place]) -> list[list[Any]]:
    """Journey, stage, touchpoint, channel, owner: one row per touchpoint."""
    row = partial(_place_row, links)
    return [links.kept("place", p, row) for p in places]


def _place_row(links: Linker, p: Place) -> list[Any]:
    return [
        links.journey(p.journey),
        links.stage_in(p.journey, p.stage),
        links.touchpoint(p.journey, p.touchpoint.id, p.touchpoint.name),
        links.to("channels", p.touchpoint.channel),
        links.to("silos", p.touchpoint.owner),
    ]


PLACE_COLUMNS = ["Journey", "Stage", "Touchpoint", "Channel", "Owner"]
PAIN_COLUMNS = ["Pain point", "Severity", "Category", "Journey", "Stage", "Contributing silos"]


def pain_rows(
    links: Linker, pains: list[PainPlace], extra: Callable[[PainPlace], list[Any]] | None = None
) -> list[list[Any]]:
    """One row per pain point, most severe first; `extra` adds cells at the end of each row."""
    order = {s: i for i, s in enumerate(SEVERITIES)}
    ranked = sorted(pains, key=lambda p: order.get(p.pain_point.severity, len(order)))
    row = partial(_pain_row, links)
    rows = [links.kept("pain", p, row) for p in ranked]
    return [[*row, *extra(p)] for row, p in zip(rows, ranked, strict=True)] if extra else rows


def _pain_row(links: Linker, p: PainPlace) -> list[Any]:
    return [
        links.pain_point(p.place.journey, p.pain_point.id, p.pain_point.title),
        p.pain_point.severity,
        links.to("issue-categories", p.pain_point.category),
        links.journey(p.place.journey),
        links.stage_in(p.place.journey, p.place.stage),
        links.all("silos", p.silos),
    ]


SCORE_COLUMNS = ["Journey", "Where", "Target", "Actual", "Against target", "History"]


def score_rows(links: Linker, scores: list[ScorePlace]) -> list[list[Any]]:
    rows = []
    for s in scores:
        metric = links.catalog.metrics.get(s.score.metric)
        where = (
            links.touchpoint(s.journey, s.touchpoint.id, s.touchpoint.name)
            if s.touchpoint
            else links.stage_in(s.journey, s.stage)
        )
        rows.append(
            [
                links.journey(s.journey),
                where,
                s.score.target,
                s.score.actual,
                against_target(s.score, metric.higher_is_better if metric else True),
                ", ".join(f"{h.period}: {h.value:g}" for h in s.score.history),
            ]
        )
    return rows
