"""Rules of the format itself (docs/format.md §1-§5): references, uniqueness, ids, scales."""

from __future__ import annotations

import datetime
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any

from generator.diagnostics import Diagnostic, RepeatKey, Severity, capped, did_you_mean, excerpt
from generator.load.csv_table import CsvTable, Value
from generator.model.keys import Values
from generator.model.references import ROW_TARGETS, TARGETS, Reference
from generator.model.types import (
    Catalog,
    HistoryPoint,
    Journey,
    Metric,
    Rows,
    Score,
    Source,
)
from generator.validate.rules.base import Context, JourneyRule, Rule, register


class FormatRule(Rule):
    severity = Severity.ERROR
    configurable = False


@register
class UnknownRef(FormatRule, JourneyRule):
    code = "unknown-ref"
    summary = "An id names a silo, channel, stage, journey, pain point ... that does not exist."

    def check_catalog(self, ctx: Context) -> Iterator[Diagnostic]:
        """The registries' references, the journeys named in journeys (which depend on the
        other journeys), and every row of the measurements files."""
        catalog = ctx.catalog
        between = (r for j in catalog.journeys
                   for r in ctx.kept("journeys named", j, _naming_journeys))  # fmt: skip
        outside = (r for r in ctx.outside_references if not isinstance(r.source.document, CsvTable))
        yield from self._refs(ctx, itertools.chain(outside, between))
        for rows, columns in ((catalog.measurements, _SCORE_COLUMNS),
                              (catalog.volumes, _VOLUME_COLUMNS)):  # fmt: skip
            for column in columns:
                yield from self.found_in_rows(rows, (column,), self._named(ctx, column))
        yield from self.found_in_rows(
            catalog.measurements,
            ("journey", "stage", "touchpoint"),
            lambda v: self._place(catalog.journeys.get(str(v[0])), v[1], v[2], None, False),
        )
        yield from self.found_in_rows(
            catalog.volumes,
            ("journey", "stage", "touchpoint", "pain_point"),
            lambda v: self._place(catalog.journeys.get(str(v[0])), v[1], v[2], v[3], True),
        )

    def check_journey(self, ctx: Context, journey: Journey) -> Iterator[Diagnostic]:
        yield from self.check_part(ctx, journey)
        pain_points = [p.id for p in journey.pain_points]
        for o in journey.opportunities:
            for i, pid in enumerate(o.addresses):
                if pid not in pain_points:
                    hint = did_you_mean(pid, pain_points)
                    message = f"unknown pain point '{pid}' in journey '{journey.id}'{hint}"
                    yield self.found(o.source.at("addresses", i), message)

    def check_part(self, ctx: Context, journey: Journey) -> Iterator[Diagnostic]:
        """The journey's references to the registries and catalog stages (a pain point an
        opportunity addresses may be in a part the schema rejected)."""
        refs = (r for r in ctx.journey_references(journey) if r.target != "journeys")
        yield from self._refs(ctx, refs)

    def _refs(self, ctx: Context, refs: Iterable[Reference]) -> Iterator[Diagnostic]:
        for ref in refs:
            message = self._unknown(ctx, ref.target, ref.id)
            if message:
                yield self.found(ref.location, message)

    def _unknown(self, ctx: Context, target: str, entry_id: str) -> str | None:
        """What is wrong with naming `entry_id` in `target`, or None when it is known (or its
        registry's file is broken: checked once it is fixed)."""
        if target in ctx.catalog.broken:
            return None
        attribute, noun = TARGETS[target]
        known = getattr(ctx.catalog, attribute)
        if entry_id in known:
            return None
        return f"unknown {noun} '{entry_id}'{did_you_mean(entry_id, list(known.by_id))}"

    def _named(self, ctx: Context, column: str) -> Callable[[Values], list[tuple[str, str]]]:
        """The check of a column of ids: an unknown one is a problem."""
        target = next(t for t, named in ROW_TARGETS.items() if column in named)

        def check(values: Values) -> list[tuple[str, str]]:
            value = values[0]
            message = None if value is None else self._unknown(ctx, target, str(value))
            return [(column, message)] if message else []

        return check

    def _place(
        self, journey: Journey | None, stage_id: Value | None, touchpoint_id: Value | None,
        pain: Value | None, volume: bool,
    ) -> Iterator[tuple[str, str]]:  # fmt: skip
        """A measurements row's stage, touchpoint and pain point, looked up in its journey:
        the column and message of what is unknown."""
        if journey is None:
            return
        stages = {s.id: s for s in journey.stages}
        stage = stages.get(str(stage_id))
        scope = f" in journey '{journey.id}'"
        if stage is None:
            hint = did_you_mean(str(stage_id), stages)
            yield "stage", f"unknown stage '{stage_id}'{scope}{hint}"
            return
        touchpoints = {t.id: t for t in stage.touchpoints}
        touchpoint = touchpoints.get(str(touchpoint_id or ""))
        if touchpoint_id is not None and touchpoint is None:
            elsewhere = [
                s.id for s in journey.stages for t in s.touchpoints if t.id == touchpoint_id
            ]
            hint = (
                f" (it is at stage '{elsewhere[0]}')"
                if elsewhere
                else did_you_mean(str(touchpoint_id), touchpoints)
            )
            yield (
                "touchpoint",
                f"unknown touchpoint '{touchpoint_id}' at stage '{stage.id}'{scope}{hint}",
            )
            return
        if not volume or pain is None:
            return
        pains = [p.id for p in (touchpoint.pain_points if touchpoint else journey.pain_points)]
        if pain not in pains:
            where = f" at touchpoint '{touchpoint.id}'" if touchpoint else ""
            message = f"unknown pain point '{pain}'{where}{scope}{did_you_mean(str(pain), pains)}"
            yield "pain_point", message


_SCORE_COLUMNS = ("journey", "metric")
_VOLUME_COLUMNS = ("journey", "issue_category", "listening_source")


@register
class DuplicateId(FormatRule, JourneyRule):
    code = "duplicate-id"
    checks_parts = True
    summary = (
        "Two entries share an id: registry entries in their registry, journeys across the "
        "catalog, stages, touchpoints, pain points and opportunities within their journey."
    )

    def check_catalog(self, ctx: Context) -> Iterator[Diagnostic]:
        for attribute, noun in TARGETS.values():
            entries = getattr(ctx.catalog, attribute).entries
            yield from self._duplicates(noun, "", ((e.id, e.source, "id") for e in entries))

    def check_journey(self, ctx: Context, j: Journey) -> Iterator[Diagnostic]:
        stages = ((s.id, s.source, "id" if s.source.has("id") else "stage") for s in j.stages)
        scope = f" in journey '{j.id}'"
        yield from self._duplicates("stage", scope, stages, _STAGE_HINT)
        touchpoints = ((t.id, t.source, "id") for t in j.touchpoints)
        yield from self._duplicates("touchpoint", scope, touchpoints)
        pain_points = ((p.id, p.source, "id") for p in j.pain_points)
        yield from self._duplicates("pain point", scope, pain_points)
        opportunities = ((o.id, o.source, "id") for o in j.opportunities)
        yield from self._duplicates("opportunity", scope, opportunities)

    def _duplicates(
        self, noun: str, scope: str, items: Iterable[tuple[str, Source, str]], hint: str = ""
    ) -> Iterator[Diagnostic]:
        first: dict[str, tuple[Source, str]] = {}
        for entry_id, source, field in items:
            if entry_id in first:  # positions looked up only for a duplicate: ids rarely are
                seen_in, seen_field = first[entry_id]
                seen = seen_in.at(seen_field)
                yield self.found(
                    source.at(field),
                    f"duplicate {noun} id '{entry_id}'{scope} "
                    f"(first at {seen.file}:{seen.line}){hint}",
                )
            else:
                first[entry_id] = (source, field)


_STAGE_HINT = ": give the repeated stage its own `id`"


@register
class FileIdMismatch(FormatRule):
    code = "file-id-mismatch"
    summary = "A journey's id differs from its file name (the file stem must equal the id)."

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for journey in ctx.catalog.journeys:
            stem = PurePosixPath(journey.source.file).stem
            if journey.id != stem:
                yield self.found(
                    journey.source.at("id"),
                    f"journey id '{journey.id}' does not match its file name {excerpt(stem)}: "
                    f"rename the file to {journey.id}{PurePosixPath(journey.source.file).suffix} "
                    "or change the id",
                )


@register
class InvalidImproves(FormatRule):
    code = "invalid-improves"
    summary = "`improves` is on a journey that is not `future`, or names one that is not `current`."

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        journeys = ctx.catalog.journeys
        for journey in journeys:
            if journey.improves is None:
                continue
            where = journey.source.at("improves")
            if journey.state != "future":
                yield self.found(
                    where,
                    "only a future journey can improve another: set `state: future` "
                    "or remove `improves`",
                )
            target = journeys.get(journey.improves)
            if target is journey:
                yield self.found(where, "a journey cannot improve itself")
            elif target is not None and target.state != "current":
                yield self.found(
                    where,
                    f"'{target.id}' is a {target.state} journey: `improves` must name a "
                    "current journey",
                )


@register
class OutOfScale(FormatRule, JourneyRule):
    code = "out-of-scale"
    checks_parts = True
    summary = "A metric value or target lies outside the metric's scale, or a scale is empty."

    def check_catalog(self, ctx: Context) -> Iterator[Diagnostic]:
        catalog = ctx.catalog
        for metric in catalog.metrics:
            if metric.scale_min >= metric.scale_max:
                yield self.found(
                    metric.source.at("scale_max"),
                    f"scale_max ({metric.scale_max:g}) must be above scale_min "
                    f"({metric.scale_min:g})",
                )
        for standard in catalog.standards:
            metric = catalog.metrics.get(standard.metric or "")
            if metric and standard.target is not None:
                yield from self._value(metric, standard.target, standard.source, "target")
        yield from self.found_in_rows(catalog.measurements, ("metric", "value"),
                                      lambda v: self._row_value(catalog, v))  # fmt: skip

    def _row_value(self, catalog: Catalog, values: Values) -> list[tuple[str, str]]:
        metric = catalog.metrics.get(str(values[0]))
        value = values[1]
        if metric is None or not isinstance(value, int | float):
            return []
        return [("value", self._outside(metric, value))] if self._off(metric, value) else []

    def check_journey(self, ctx: Context, journey: Journey) -> Iterator[Diagnostic]:
        for score in _scores(journey):
            metric = ctx.catalog.metrics.get(score.metric)
            if metric is None:
                continue
            fed = any(point.measured_in for point in score.history)
            for name in ("target", "actual"):
                value = getattr(score, name)
                if value is not None and not (fed and name == "actual"):
                    yield from self._value(metric, value, score.source, name)
            for i, point in _written(score):
                yield from self._value(metric, point.value, score.source, "history", i, "value")

    def _value(
        self, metric: Metric, value: float, source: Source, *field: str | int
    ) -> Iterator[Diagnostic]:
        if self._off(metric, value):
            yield self.found(source.at(*field), self._outside(metric, value))

    @staticmethod
    def _off(metric: Metric, value: float) -> bool:
        return not metric.scale_min <= value <= metric.scale_max

    @staticmethod
    def _outside(metric: Metric, value: float) -> str:
        return (
            f"{value:g} is outside the scale of metric '{metric.id}' "
            f"({metric.scale_min:g} to {metric.scale_max:g})"
        )


def _naming_journeys(ctx: Context, journey: Journey) -> list[Reference]:
    """The journey's references to journeys (`improves`, `related`)."""
    return [r for r in ctx.journey_references(journey) if r.target == "journeys"]


def _written(score: Score) -> Iterator[tuple[int, HistoryPoint]]:
    """The points of a score's history written in the YAML (not from a measurements file),
    with their places: picked in C loops, since a file may add thousands of points."""
    history = score.history
    written = map(operator.not_, map(_MEASURED_IN, history))
    return ((i, history[i]) for i in itertools.compress(range(len(history)), written))


_MEASURED_IN = operator.attrgetter("measured_in")


def _scores(journey: Journey) -> Iterator[Score]:
    for stage in journey.stages:
        yield from stage.metrics
        for touchpoint in stage.touchpoints:
            yield from touchpoint.metrics


@register
class InvalidPeriod(FormatRule, JourneyRule):
    code = "invalid-period"
    checks_parts = True
    summary = "A history period has the right shape but is not a real date (2026-02-30)."

    def check_catalog(self, ctx: Context) -> Iterator[Diagnostic]:
        for rows in (ctx.catalog.measurements, ctx.catalog.volumes):
            yield from self.found_in_rows(rows, ("period",), self._row_period)

    def _row_period(self, values: Values) -> list[tuple[str, str]]:
        period = str(values[0])
        bad = len(period) == 10 and not _is_date(period)
        return [("period", f"'{period}' is not a real date: write YYYY-MM-DD")] if bad else []

    def check_journey(self, ctx: Context, journey: Journey) -> Iterator[Diagnostic]:
        for score in _scores(journey):
            for i, point in _written(score):
                yield from self._period(point.period, score.source, "history", i, "period")

    def _period(self, period: str, source: Source, *field: str | int) -> Iterator[Diagnostic]:
        if len(period) == 10 and not _is_date(period):
            yield self.found(source.at(*field), f"'{period}' is not a real date: write YYYY-MM-DD")


@register
class DuplicateMeasurement(FormatRule):
    code = "duplicate-measurement"
    summary = "Two rows of the measurements files give the same thing for the same period."

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        yield from capped(self._repeats(ctx.catalog.measurements, _SCORE_KEY, "metric"))
        yield from capped(self._repeats(ctx.catalog.volumes, _VOLUME_KEY, "category and source"))

    def _repeats(
        self, rows: Rows[Any], names: tuple[str, ...], what: str
    ) -> Iterator[tuple[RepeatKey, Callable[[], Diagnostic]]]:
        """Each row that repeats an earlier one (in its file, or in a file before it)."""
        first: dict[Values, Source] = {}
        parts = list(rows.keyed(names))
        for table, kept, keys in parts:
            if len(parts) == 1 and keys.all_different():
                return
            firsts = keys.firsts()
            earlier: dict[int, Source] = {}
            if len(parts) > 1:
                for key, n in firsts.items():
                    values = keys.values(key)
                    seen = first.setdefault(values, Source(table, (kept[n],)))
                    if seen.document is not table:
                        earlier[key] = seen
            if len(firsts) == len(kept) and not earlier:
                continue
            for n, key in enumerate(keys):
                before = earlier.get(key) or (
                    Source(table, (kept[firsts[key]],)) if firsts[key] != n else None
                )
                if before is not None:
                    source = Source(table, (kept[n],))
                    period = keys.values(key)[-1]
                    yield (
                        (table.file, "", self.code),
                        self._maker_repeat(source, before, what, period),
                    )

    def _maker_repeat(
        self, source: Source, seen: Source, what: str, period: Value | None
    ) -> Callable[[], Diagnostic]:
        def make() -> Diagnostic:
            where, at = source.at(), seen.at()
            line = f"line {at.line}" if at.file == where.file else f"{at.file}:{at.line}"
            return self.found(where, f"this row repeats the one at {line} (same {what}, "
                              f"place and period '{period}'): keep one of them")  # fmt: skip

        return make


_SCORE_KEY = ("journey", "stage", "touchpoint", "metric", "period")
_VOLUME_KEY = ("journey", "stage", "touchpoint", "pain_point", "issue_category",
               "listening_source", "period")  # fmt: skip


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
