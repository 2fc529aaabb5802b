"""Rules of the format itself (docs/format.md §1-§5): references, uniqueness, ids, scales."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from generator.diagnostics import Diagnostic, Location, Severity, did_you_mean, excerpt
from generator.model.references import TARGETS, Reference
from generator.model.types import Catalog, Journey, Measurement, Metric, Score, Source, Volume
from generator.validate.rules.base import Context, JourneyRule, Rule, register


class FormatRule(Rule):
    severity = Severity.ERROR
    configurable = False


@register
class UnknownRef(FormatRule, JourneyRule):
    code = "unknown-ref"
    summary = "An id names a silo, channel, stage, journey, pain point ... that does not exist."

    def check_catalog(self, ctx: Context) -> Iterator[Diagnostic]:
        """The registries' and measurements files' references, and the journeys named in
        journeys (which depend on the other journeys)."""
        catalog = ctx.catalog
        between = (r for j in catalog.journeys
                   for r in ctx.kept("journeys named", j, _naming_journeys))  # fmt: skip
        yield from self._refs(ctx, itertools.chain(ctx.outside_references, between))
        for row in _rows(catalog):
            yield from self._row(row, catalog.journeys.get(row.journey))

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
        catalog = ctx.catalog
        registries = {target: getattr(catalog, attribute)
                      for target, (attribute, _) in TARGETS.items()
                      if target not in catalog.broken}  # fmt: skip
        for ref in refs:
            known = registries.get(ref.target)
            if known is None:  # its registry's file is broken: checked once it is fixed
                continue
            if ref.id not in known:
                noun = TARGETS[ref.target][1]
                hint = did_you_mean(ref.id, list(known.by_id))
                yield self.found(ref.location, f"unknown {noun} '{ref.id}'{hint}")

    def _row(self, row: Measurement | Volume, journey: Journey | None) -> Iterator[Diagnostic]:
        """A measurements row's stage, touchpoint and pain point, looked up in its journey."""
        if journey is None:
            return
        stages = {s.id: s for s in journey.stages}
        stage = stages.get(row.stage)
        scope = f" in journey '{journey.id}'"
        if stage is None:
            hint = did_you_mean(row.stage, stages)
            yield self.found(row.source.at("stage"), f"unknown stage '{row.stage}'{scope}{hint}")
            return
        touchpoints = {t.id: t for t in stage.touchpoints}
        touchpoint = touchpoints.get(row.touchpoint or "")
        if row.touchpoint is not None and touchpoint is None:
            elsewhere = [
                s.id for s in journey.stages for t in s.touchpoints if t.id == row.touchpoint
            ]
            hint = (
                f" (it is at stage '{elsewhere[0]}')"
                if elsewhere
                else did_you_mean(row.touchpoint, touchpoints)
            )
            message = f"unknown touchpoint '{row.touchpoint}' at stage '{stage.id}'{scope}{hint}"
            yield self.found(row.source.at("touchpoint"), message)
            return
        if isinstance(row, Measurement) or row.pain_point is None:
            return
        pain = row.pain_point
        pains = [p.id for p in (touchpoint.pain_points if touchpoint else journey.pain_points)]
        if pain not in pains:
            where = f" at touchpoint '{touchpoint.id}'" if touchpoint else ""
            message = f"unknown pain point '{pain}'{where}{scope}{did_you_mean(pain, pains)}"
            yield self.found(row.source.at("pain_point"), message)


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
        for row in catalog.measurements:
            metric = catalog.metrics.get(row.metric)
            if metric is not None:
                yield from self._value(metric, row.value, row.source, "value")

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
            for i, point in enumerate(score.history):
                if not point.measured_in:
                    yield from self._value(metric, point.value, score.source, "history", i, "value")

    def _value(
        self, metric: Metric, value: float, source: Source, *field: str | int
    ) -> Iterator[Diagnostic]:
        if not metric.scale_min <= value <= metric.scale_max:
            yield self.found(
                source.at(*field),
                f"{value:g} is outside the scale of metric '{metric.id}' "
                f"({metric.scale_min:g} to {metric.scale_max:g})",
            )


def _naming_journeys(ctx: Context, journey: Journey) -> list[Reference]:
    """The journey's references to journeys (`improves`, `related`)."""
    return [r for r in ctx.journey_references(journey) if r.target == "journeys"]


def _rows(catalog: Catalog) -> list[Measurement | Volume]:
    """Every row of the measurements files: scores, then volumes."""
    return [*catalog.measurements, *catalog.volumes]


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
        for row in _rows(ctx.catalog):
            yield from self._period(row.period, row.source, "period")

    def check_journey(self, ctx: Context, journey: Journey) -> Iterator[Diagnostic]:
        for score in _scores(journey):
            for i, point in enumerate(score.history):
                if not point.measured_in:
                    yield from self._period(point.period, score.source, "history", i, "period")

    def _period(self, period: str, source: Source, *field: str | int) -> Iterator[Diagnostic]:
        if len(period) == 10 and not _is_date(period):
            yield self.found(source.at(*field), f"'{period}' is not a real date: write YYYY-MM-DD")


@register
class DuplicateMeasurement(FormatRule):
    code = "duplicate-measurement"
    summary = "Two rows of the measurements files give the same thing for the same period."

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        first: dict[tuple[str | None, ...], Location] = {}
        for row in _rows(ctx.catalog):
            if isinstance(row, Measurement):
                key: tuple[str | None, ...] = (
                    "score",
                    row.journey,
                    row.stage,
                    row.touchpoint,
                    row.metric,
                )
            else:
                key = ("volume", row.journey, row.stage, row.touchpoint, row.pain_point,
                       row.issue_category, row.listening_source)  # fmt: skip
            key = (*key, row.period)
            where = row.source.at()
            if key in first:
                seen = first[key]
                at = f"line {seen.line}" if seen.file == where.file else f"{seen.file}:{seen.line}"
                yield self.found(
                    where,
                    f"this row repeats the one at {at} (same "
                    f"{'metric' if isinstance(row, Measurement) else 'category and source'}, "
                    f"place and period '{row.period}'): keep one of them",
                )
            else:
                first[key] = where


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
