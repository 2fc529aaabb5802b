"""Scores against their targets, and measurement periods in time order."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from generator.model.types import Score


def latest(score: Score) -> float | None:
    """The score's `actual` value, else its latest measured value, else None."""
    if score.actual is not None:
        return score.actual
    if not score.history:
        return None
    return max(score.history, key=lambda h: period_start(h.period)).value


def against_target(score: Score, higher_is_better: bool) -> str:
    """`met`, `missed` or nothing, comparing the actual (or latest) value with the target."""
    return meets(latest(score), score.target, higher_is_better)


def meets(actual: float | None, target: float | None, higher_is_better: bool) -> str:
    """`met` or `missed` when both values are known, else nothing."""
    if actual is None or target is None:
        return ""
    met = actual >= target if higher_is_better else actual <= target
    return "met" if met else "missed"


@dataclass(frozen=True)
class Movement:
    """How a score moved from its previous measured value to its latest, over `periods`."""

    previous: float
    latest: float
    periods: int
    higher_is_better: bool = True

    @property
    def direction(self) -> str:
        """`up`, `down` or `flat`."""
        if self.latest == self.previous:
            return "flat"
        return "up" if self.latest > self.previous else "down"

    @property
    def verdict(self) -> str:
        """`better`, `worse` or `unchanged`, as the metric counts better."""
        if self.direction == "flat":
            return "unchanged"
        return "better" if (self.direction == "up") == self.higher_is_better else "worse"


def movement(score: Score, higher_is_better: bool) -> Movement | None:
    """The last step of the score's history, in time order; None with fewer than two points."""
    history = sorted(score.history, key=lambda h: period_start(h.period))
    if len(history) < 2:
        return None
    return Movement(history[-2].value, history[-1].value, len(history), higher_is_better)


def period_order(period: str) -> tuple[datetime.date, int]:
    """A sort key putting periods in time order: by their first day, then a longer period
    (`2026`) before a shorter one starting the same day (`2026-Q1`, `2026-01`)."""
    return period_start(period), len(period)


def period_start(period: str) -> datetime.date:
    """The first day of a period (FORMAT §4): `2026` -> 2026-01-01, `2026-Q2` -> 2026-04-01.

    The schema has checked the shape; a day that does not exist counts as its month.
    """
    year = int(period[:4])
    rest = period[5:]
    if not rest:
        return datetime.date(year, 1, 1)
    if rest.startswith("Q"):
        return datetime.date(year, 3 * int(rest[1:]) - 2, 1)
    month = int(rest[:2])
    try:
        return datetime.date(year, month, int(rest[3:5]) if len(rest) > 2 else 1)
    except ValueError:
        return datetime.date(year, month, 1)
