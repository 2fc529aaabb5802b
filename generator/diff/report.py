"""`journeys diff` output: a Markdown summary for a pull-request comment, or plain JSON.

Catalog text is escaped with `safe.inline`, so a title can neither break the comment's
tables nor inject HTML or mentions; ids are safe as written (their pattern allows no
markup).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.diagnostics import plural
from generator.diff.changes import (
    CatalogChanges,
    EntryChange,
    JourneyChange,
    ScoreMove,
    listed,
    own_changes,
)
from generator.model.compare import Change, PainDiff, TouchpointDiff
from generator.model.export import plain
from generator.model.references import TARGETS
from generator.model.types import Catalog, Journey
from generator.render.safe import inline

#: GitHub refuses comments over 65,536 characters: stop adding journey details before.
COMMENT_LIMIT = 60_000

#: Fields whose values are long text: a change is named, not quoted.
_PROSE = {"summary", "detail", "goal", "customer", "frontstage", "backstage", "promise",
          "description", "statement", "lead", "contact"}  # fmt: skip
_MARK = {"added": "added", "removed": "removed", "changed": "changed", "renamed": "renamed"}


class Names:
    """Display names of silos and stages, looked up in the new catalog first."""

    def __init__(self, before: Catalog, after: Catalog) -> None:
        self.silos = {s.id: s.name for s in (*before.silos, *after.silos)}
        self.stages = {s.id: s.name for s in (*before.stages, *after.stages)}

    def silo(self, silo_id: object) -> str:
        return f"{inline(self.silos.get(str(silo_id), silo_id))} (`{silo_id}`)"


def _value(value: object) -> str:
    if value is None or value == ():
        return "—"
    if isinstance(value, tuple):
        return ", ".join(f"`{v}`" if isinstance(v, str) else _value(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        return f"{value:g}"
    return str(inline(value))


def _change(change: Change, names: Names) -> str:
    if change.field in _PROSE:
        return f"{change.field} reworded"
    if change.field == "touchpoints":
        return "touchpoint order"
    if change.field == "file":
        return f"moved from `{change.before}` to `{change.after}`"
    if change.field == "owner":
        return f"**owner: {names.silo(change.before)} → {names.silo(change.after)}**"
    return f"{change.field}: {_value(change.before)} → {_value(change.after)}"


def _changes(changes: tuple[Change, ...], names: Names) -> str:
    return "; ".join(_change(c, names) for c in own_changes(changes))


def _counts(changes: CatalogChanges) -> str:
    parts = [
        f"{plural(len(found), 'journey')} {status}"
        for status in ("added", "removed", "renamed", "changed")
        if (found := changes.journeys_that(status))
    ]
    if changes.entries:
        n = len(changes.entries)
        parts.append(f"{n} registry {'entry' if n == 1 else 'entries'} added, removed or changed")
    return ", ".join(parts) if parts else "no changes to the catalog"


def markdown(
    changes: CatalogChanges,
    before: Catalog,
    after: Catalog,
    base: str,
    head: str,
    shown: Callable[[str], str] = str,
    problems: tuple[str, ...] = (),
    limit: int = COMMENT_LIMIT,
) -> str:
    """The summary of `changes` as GitHub-flavoured Markdown, at most about `limit` long.

    `shown` names a file by its path in the repository (see `diff/sides.py`)."""
    names = Names(before, after)
    head_part = [f"## Journey catalog changes\n\n{base} → {head}: **{_counts(changes)}**.\n"]
    if problems:
        head_part.append(
            "> [!CAUTION]\n" + "\n".join(f"> {p[0].upper()}{p[1:]}.  " for p in problems) + "\n"
        )
    warnings = list(_warnings(changes, names))
    if warnings:
        head_part.append("> [!WARNING]\n" + "\n".join(f"> {w}  " for w in warnings) + "\n")
    for status, title in (("added", "Journeys added"), ("removed", "Journeys removed")):
        found = changes.journeys_that(status)  # type: ignore[arg-type]
        if found:
            head_part.append(
                f"### {title}\n\n" + "\n".join(_listed(j, names) for j in found) + "\n"
            )
    if changes.entries:
        head_part.append(_registries(changes.entries, names, shown))
    body = "\n".join(head_part)
    detailed = [j for j in changes.journeys if j.status in ("renamed", "changed")]
    for i, journey in enumerate(detailed):
        section = "\n" + "\n".join(_journey(journey, names))
        if len(body) + len(section) > limit:
            left = len(detailed) - i
            body += (
                f"\n*{left} more changed {'journey is' if left == 1 else 'journeys are'} not "
                "detailed here to keep this comment within size; run `journeys diff` "
                "locally for all of it.*\n"
            )
            break
        body += section
    return body if body.endswith("\n") else body + "\n"


def _warnings(changes: CatalogChanges, names: Names) -> Iterator[str]:
    if changes.owner_changes:
        n = changes.owner_changes
        yield (
            f"**Accountability moves:** {n} {'owner changes' if n > 1 else 'owner change'} "
            "(journey or touchpoint), marked in bold below."
        )
    for entry in changes.entries:
        if entry.still_used:
            noun = TARGETS[entry.kind][1]
            yield (
                f"**Removed but still used:** {noun} `{entry.id}` is still named "
                f"{'once' if len(entry.still_used) == 1 else f'{len(entry.still_used)} times'}; "
                "see Registries."
            )


def _listed(change: JourneyChange, names: Names) -> str:
    journey = change.after or change.before
    assert journey is not None
    file = change.file_after or change.file_before
    return (
        f"- **{inline(journey.title)}** (`{journey.id}`), owner {names.silo(journey.owner)}: "
        f"{_size(journey)} — `{file}`"
    )


def _size(journey: Journey) -> str:
    return ", ".join(
        plural(len(items), noun)
        for items, noun in (
            (journey.stages, "stage"),
            (journey.touchpoints, "touchpoint"),
            (journey.pain_points, "pain point"),
        )
    )


def _registries(entries: tuple[EntryChange, ...], names: Names, shown: Callable[[str], str]) -> str:
    rows = ["### Registries\n", "| Registry | Entry | Change |", "|---|---|---|"]
    for entry in entries:
        what = _MARK[entry.status]
        if entry.changes:
            what += ": " + _changes(entry.changes, names)
        if entry.still_used:
            where = ", ".join(
                f"`{shown(ref.location.file)}:{ref.location.line}`" for ref in entry.still_used[:5]
            )
            more = f" and {len(entry.still_used) - 5} more" if len(entry.still_used) > 5 else ""
            what += f" — **still used** at {where}{more}"
        noun = TARGETS[entry.kind][1]
        rows.append(f"| {noun} | {inline(entry.name)} (`{entry.id}`) | {what} |")
    return "\n".join(rows) + "\n"


def _journey(change: JourneyChange, names: Names) -> Iterator[str]:
    after, before, comparison = change.after, change.before, change.comparison
    assert after is not None and before is not None and comparison is not None
    if change.status == "renamed":
        yield f"### Renamed: `{before.id}` → `{after.id}` — {inline(after.title)}\n"
        yield f"`{change.file_before}` → `{change.file_after}`\n"
    else:
        yield f"### {inline(after.title)} (`{after.id}`)\n"
    if change.changes:
        yield f"**Journey:** {_changes(change.changes, names)}\n"
    stages = listed(comparison.stages)
    if stages:
        yield (
            "**Stages:** "
            + "; ".join(
                f"{s.status} `{(s.after or s.before).id}`"  # type: ignore[union-attr]
                + (f" ({_changes(s.changes, names)})" if own_changes(s.changes) else "")
                for s in stages
            )
            + "\n"
        )
    touchpoints = listed(comparison.touchpoints)
    if touchpoints:
        yield from _table(
            "Touchpoints", ("Touchpoint", "Stage", "Change"), touchpoints,
            lambda t: _touchpoint_row(t, names),
        )  # fmt: skip
    pains = [p for p in comparison.pain_points if p.status != "same"]
    if pains:
        yield from _table("Pain points", ("Pain point", "Severity", "Change"), pains, _pain_row)
    if change.scores:
        yield from _table(
            "Metrics against target",
            ("Where", "Metric", "Before", "After", "Target", "Verdict"),
            change.scores,
            _score_row,
        )
    if change.opportunities:
        yield (
            "**Opportunities:** "
            + "; ".join(
                f"{'added' if o.before is None else 'removed' if o.after is None else 'changed'} "
                f"`{(o.after or o.before).id}`"  # type: ignore[union-attr]
                + (f" ({_changes(o.changes, names)})" if o.changes else "")
                for o in change.opportunities
            )
            + "\n"
        )


def _table(
    title: str, header: tuple[str, ...], items: Any, row: Callable[[Any], tuple[str, ...]]
) -> Iterator[str]:
    yield f"**{title}**\n"
    yield "| " + " | ".join(header) + " |"
    yield "|" + "---|" * len(header)
    for item in items:
        yield "| " + " | ".join(row(item)) + " |"
    yield ""


def _touchpoint_row(diff: TouchpointDiff, names: Names) -> tuple[str, ...]:
    place = diff.after or diff.before
    assert place is not None
    t = place.touchpoint
    if diff.status == "changed":
        what = _changes(diff.changes, names)
    elif diff.status == "added":
        what = f"added, owner {names.silo(t.owner)}"
    else:
        what = "removed"
    return f"{inline(t.name)} (`{t.id}`)", f"`{place.stage.id}`", what


def _pain_row(diff: PainDiff) -> tuple[str, ...]:
    place = diff.after or diff.before
    assert place is not None
    pain = place.pain_point
    severity = next((c for c in diff.changes if c.field == "severity"), None)
    shown = f"{severity.before} → **{severity.after}**" if severity else pain.severity
    if diff.status == "added":
        what = "opened"
    elif diff.status == "removed":
        what = "closed"
    else:
        what = ", ".join(c.field for c in diff.changes if c.field != "severity") or "severity"
    return f"{inline(pain.title)} (`{pain.id}`)", shown, what


def _score_row(move: ScoreMove) -> tuple[str, ...]:
    target = (
        _value(move.target_after)
        if move.target_before == move.target_after
        else f"{_value(move.target_before)} → {_value(move.target_after)}"
    )
    return (
        f"{move.where} `{move.place}`",
        f"`{move.metric}`",
        _value(move.before),
        _value(move.after),
        target,
        move.verdict,
    )


def as_json(
    changes: CatalogChanges,
    base: str,
    head: str,
    shown: Callable[[str], str] = str,
    problems: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The changes as plain data: ids, statuses and field changes, no catalog objects."""
    return {
        "base": base,
        "head": head,
        "summary": _counts(changes),
        "problems": list(problems),
        "journeys": [_journey_json(j) for j in changes.journeys],
        "registries": [
            {
                "registry": e.kind,
                "id": e.id,
                "status": e.status,
                "changes": _changes_json(e.changes),
                "still_used": [
                    {
                        "journey": r.journey,
                        "file": shown(r.location.file),
                        "line": r.location.line,
                        "column": r.location.column,
                    }
                    for r in e.still_used
                ],
            }
            for e in changes.entries
        ],
    }


def _changes_json(changes: tuple[Change, ...]) -> list[dict[str, Any]]:
    return [{"field": c.field, "before": plain(c.before), "after": plain(c.after)} for c in changes]


def _journey_json(change: JourneyChange) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": change.id,
        "status": change.status,
        "file_before": change.file_before,
        "file_after": change.file_after,
    }
    if change.status == "renamed":
        data["renamed_from"] = change.before.id if change.before else None
    data["changes"] = _changes_json(change.changes)
    comparison = change.comparison
    if comparison is None:
        return data
    data["stages"] = [
        {"id": (s.after or s.before).id, "status": s.status, "changes": _changes_json(s.changes)}  # type: ignore[union-attr]
        for s in comparison.stages
        if s.status != "same"
    ]
    data["touchpoints"] = [
        {
            "id": (t.after or t.before).touchpoint.id,  # type: ignore[union-attr]
            "status": t.status,
            "owner_changed": t.owner_changed,
            "changes": _changes_json(t.changes),
        }
        for t in comparison.touchpoints
        if t.status != "same"
    ]
    data["pain_points"] = [
        {
            "id": (p.after or p.before).pain_point.id,  # type: ignore[union-attr]
            "status": {"added": "opened", "removed": "closed"}.get(p.status, p.status),
            "changes": _changes_json(p.changes),
        }
        for p in comparison.pain_points
        if p.status != "same"
    ]
    data["metrics"] = [
        {
            "where": m.where,
            "id": m.place,
            "metric": m.metric,
            "before": m.before,
            "after": m.after,
            "target_before": m.target_before,
            "target_after": m.target_after,
            "verdict": m.verdict,
        }
        for m in change.scores
    ]
    data["opportunities"] = [
        {"id": (o.after or o.before).id, "changes": _changes_json(o.changes),  # type: ignore[union-attr]
         "status": "added" if o.before is None else "removed" if o.after is None else "changed"}
        for o in change.opportunities
    ]  # fmt: skip
    return data
