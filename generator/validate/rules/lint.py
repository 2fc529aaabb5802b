"""Lint rules: a catalog can be valid and still weak. Warnings by default, each overridable."""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Diagnostic
from generator.model.keys import Values
from generator.model.references import TARGETS
from generator.model.types import Journey
from generator.validate.rules.base import Context, JourneyRule, Rule, register


@register
class StaleReview(Rule):
    code = "stale-review"
    summary = "A journey was last reviewed longer ago than `review_max_age_days` (catalog.yaml)."

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        limit = ctx.catalog.review_max_age_days
        if limit is None:
            return
        for journey in ctx.catalog.journeys:
            if journey.reviewed is None or journey.status == "retired":
                continue
            age = (ctx.today - journey.reviewed).days
            if age > limit:
                yield self.found(
                    journey.source.at("reviewed"),
                    f"journey '{journey.id}' was last reviewed on {journey.reviewed}, more than "
                    f"{limit} days ago (review_max_age_days): review it and update `reviewed`",
                )


@register
class NeverReviewed(Rule):
    code = "never-reviewed"
    summary = (
        "A published journey has no `reviewed` date while the catalog sets `review_max_age_days`."
    )

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.catalog.review_max_age_days is None:
            return
        for journey in ctx.catalog.journeys:
            if journey.reviewed is None and journey.status == "published":
                yield self.found(
                    journey.source.at("id"),
                    f"journey '{journey.id}' has no `reviewed` date: add the date of its last review",
                )


@register
class NoDataSource(JourneyRule):
    code = "no-data-source"
    summary = "A touchpoint lists no data source: nothing is known to be recorded there."

    def check_journey(self, ctx: Context, journey: Journey) -> Iterator[Diagnostic]:
        for t in journey.touchpoints:
            if not t.data_sources:
                yield self.found(
                    t.source.at("id"),
                    f"touchpoint '{t.id}' lists no data sources: add `data_sources`, "
                    "and `data_gaps` for what is missing",
                )


@register
class UnheardPainPoint(Rule):
    code = "unheard-pain-point"
    summary = (
        "A pain point was heard from no listening source (neither its `sources` nor a row of "
        "the listening volumes names it): opinion, not evidence."
    )

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        counted = {
            (j, p) for j, p in ctx.catalog.volumes.combinations("journey", "pain_point") if p
        }
        for journey in ctx.catalog.journeys:
            for p in journey.pain_points:
                if not p.sources and (journey.id, p.id) not in counted:
                    yield self.found(
                        p.source.at("id"),
                        f"pain point '{p.id}' names no listening source: add `sources` "
                        "where customers raised it",
                    )


@register
class VolumeCategoryMismatch(Rule):
    code = "volume-category-mismatch"
    summary = (
        "A listening-volumes row counts a pain point under an issue category that is neither "
        "the pain point's own nor one of its parents: reports by category disagree."
    )

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        names = ("journey", "stage", "touchpoint", "pain_point", "issue_category")
        yield from self.found_in_rows(ctx.catalog.volumes, names, lambda v: self._row(ctx, v))

    def _row(self, ctx: Context, values: Values) -> list[tuple[str, str]]:
        journey_id, stage_id, touchpoint_id, pain_id, category = values
        journey = ctx.catalog.journeys.get(str(journey_id))
        if pain_id is None or journey is None:
            return []
        stage = next((s for s in journey.stages if s.id == stage_id), None)
        at = [t for t in stage.touchpoints if t.id == touchpoint_id] if stage else []
        pains = [p for t in at for p in t.pain_points] if touchpoint_id else journey.pain_points
        pain = next((p for p in pains if p.id == pain_id), None)
        if pain is None or category not in ctx.catalog.issue_categories:
            return []  # unknown-ref says so
        if category in _with_parents(pain.category, ctx):
            return []
        return [
            (
                "issue_category",
                f"this row counts pain point '{pain.id}' under '{category}', but "
                f"the pain point is in '{pain.category}': write '{pain.category}' (or a "
                "category above it), or change the pain point's category",
            )
        ]


def _with_parents(category: str, ctx: Context) -> set[str]:
    """The category and every category above it (through `parent`, loops stopped)."""
    found: set[str] = set()
    current: str | None = category
    while current is not None and current not in found:
        found.add(current)
        entry = ctx.catalog.issue_categories.get(current)
        current = entry.parent if entry else None
    return found


@register
class NoMetrics(Rule):
    code = "no-metrics"
    summary = "A journey measures nothing: no metric on any stage or touchpoint."

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for journey in ctx.catalog.journeys:
            if journey.status == "retired":
                continue
            measured = any(s.metrics for s in journey.stages) or any(
                t.metrics for t in journey.touchpoints
            )
            if not measured:
                yield self.found(
                    journey.source.at("id"),
                    f"journey '{journey.id}' has no metrics: add `metrics` to a stage "
                    "or touchpoint",
                )


@register
class UnusedEntry(Rule):
    code = "unused-entry"
    summary = "A registry entry or catalog stage is never referenced anywhere."

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.catalog.broken:
            return  # a file that failed to load may be the one that uses the entry
        used = {(r.target, r.id) for r in ctx.outside_references}.union(
            *(ctx.kept("uses", j, _uses) for j in ctx.catalog.journeys)
        )
        for target, (attribute, noun) in TARGETS.items():
            if target == "journeys":
                continue
            for entry in getattr(ctx.catalog, attribute):
                if (target, entry.id) not in used:
                    yield self.found(
                        entry.source.at("id"),
                        f"{noun} '{entry.id}' is never used: use it or remove it",
                    )


def _uses(ctx: Context, journey: Journey) -> frozenset[tuple[str, str]]:
    """The entries the journey names, by kind."""
    return frozenset((r.target, r.id) for r in ctx.journey_references(journey))


@register
class OpportunityAddressesNothing(Rule):
    code = "opportunity-addresses-nothing"
    summary = "An opportunity does not say which pain points it addresses."

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for journey in ctx.catalog.journeys:
            for o in journey.opportunities:
                if not o.addresses:
                    yield self.found(
                        o.source.at("id"),
                        f"opportunity '{o.id}' addresses no pain point: list them in `addresses`",
                    )


@register
class FutureImprovesNothing(Rule):
    code = "future-improves-nothing"
    summary = "A future journey does not name the current journey it redesigns (`improves`)."

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for journey in ctx.catalog.journeys:
            if journey.state == "future" and journey.improves is None:
                yield self.found(
                    journey.source.at("state"),
                    f"future journey '{journey.id}' improves nothing: name the current "
                    "journey it redesigns in `improves`",
                )
