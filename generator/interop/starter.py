"""A starter journey from a Mermaid journey diagram, resolved against the catalog.

Every name in the diagram must be known to the catalog: a section names a catalog stage
(by id or name, or through its `%% journeys: stage` comment), the first actor of a task is
the silo that owns it and the others support it, and a comment's channel, owner and
personas are registry ids. Anything unknown is reported where it was written, with the
closest known name, and nothing is made up in its place. What a diagram cannot say is
taken from the comments `to_mermaid` writes, from the command's options, or derived and
marked for the person to check.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic, Location, did_you_mean, error, excerpt
from generator.interop.mermaid import ID, lookup, score
from generator.interop.mermaid_read import SYNTAX, Diagram, Meta, Section, Task, Text, parse_mermaid
from generator.load.strict_yaml import decode
from generator.model.types import Catalog

UNKNOWN = "unknown-ref"
DUPLICATE = "duplicate-id"
#: The diagram lacks something a journey needs, and no option gives it.
INCOMPLETE = "incomplete"
MAX_ID = 64


@dataclass
class Starter:
    """A journey ready to be written: its data, keys in file order, and the fields a person
    should check, by path, with why."""

    journey_id: str
    data: dict[str, Any]
    checks: dict[tuple[str | int, ...], str] = field(default_factory=dict)


def slug(text: str, limit: int = MAX_ID) -> str:
    """An id made from text: ASCII words, lowercase, joined by hyphens, cut at a word to
    fit `limit`. Empty when the text has no ASCII letter or digit."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    result = ""
    for word in words:
        joined = f"{result}-{word}" if result else word
        if len(joined) > limit:
            break
        result = joined
    return result or (words[0][:limit] if words else "")


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3` ... whichever is free; the result is added to `taken`."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: MAX_ID - len(suffix)].rstrip("-") + suffix
    taken.add(candidate)
    return candidate


def read_starter(
    raw: bytes,
    file: str,
    catalog: Catalog,
    journey_id: str | None = None,
    channel: str | None = None,
    personas: tuple[str, ...] = (),
) -> tuple[Starter | None, list[Diagnostic]]:
    """The starter journey in the bytes of a Mermaid file: read as UTF-8, parsed, and once it
    reads cleanly, resolved against the catalog (see `starter`)."""
    text = decode(raw, file, limit_code=SYNTAX)
    if isinstance(text, Diagnostic):
        return None, [text]
    diagram, problems = parse_mermaid(text, file)
    if diagram is None or any(p.severity == "error" for p in problems):
        return None, problems
    made, more = starter(diagram, catalog, journey_id, channel, personas)
    return made, problems + more


def starter(
    diagram: Diagram,
    catalog: Catalog,
    journey_id: str | None = None,
    channel: str | None = None,
    personas: tuple[str, ...] = (),
) -> tuple[Starter | None, list[Diagnostic]]:
    """The journey a diagram describes, or the problems that keep it from being one.

    `journey_id` is used before the diagram's own; `channel` and `personas` fill in what the
    diagram's comments do not say (they must be registry ids)."""
    return _Builder(diagram, catalog).build(journey_id, channel, personas)


class _Builder:
    def __init__(self, diagram: Diagram, catalog: Catalog) -> None:
        self.diagram = diagram
        self.catalog = catalog
        self.problems: list[Diagnostic] = []
        self.checks: dict[tuple[str | int, ...], str] = {}
        self.without_channel = False  # said how to give a channel once

    def problem(self, location: Location, message: str, code: str) -> None:
        self.problems.append(error(code, message, location))

    def known(self, what: str, text: Text, entries: Iterable[tuple[str, str]]) -> str | None:
        """The id that `text` names among `entries`, or None with the problem reported."""
        pairs = list(entries)
        found = lookup(text.value, pairs)
        if len(found) == 1:
            return found[0]
        if found:
            self.problem(
                text.location,
                f"{excerpt(text.value)} names {len(found)} {what}s "
                f"({', '.join(found)}): write the id of the one you mean",
                UNKNOWN,
            )
            return None
        hint = did_you_mean(text.value, [i for i, _ in pairs] + [n for _, n in pairs])
        known = f" (known: {', '.join(i for i, _ in pairs) or 'none'})"
        self.problem(text.location, f"unknown {what} {excerpt(text.value)}{hint or known}", UNKNOWN)
        return None

    def meta_id(self, meta: Meta | None) -> str | None:
        text = meta.get("id") if meta else None
        if text is None:
            return None
        if not ID.fullmatch(text.value) or len(text.value) > MAX_ID:
            self.problem(
                text.location,
                f"{excerpt(text.value)} is not an id: lowercase letters and "
                "digits in words joined by single hyphens",
                SYNTAX,
            )
            return None
        return text.value

    def emotion(self, meta: Meta | None) -> int | None:
        text = meta.get("emotion") if meta else None
        if text is None:
            return None
        if re.fullmatch(r"-?[0-2]", text.value):
            return int(text.value)
        self.problem(
            text.location,
            f"a stage's emotion is a whole number from -2 to 2, found {excerpt(text.value)}",
            SYNTAX,
        )
        return None

    def build(
        self, journey_id: str | None, channel: str | None, personas: tuple[str, ...]
    ) -> tuple[Starter | None, list[Diagnostic]]:
        d = self.diagram
        if d.title is None:
            self.problem(
                d.start,
                "the diagram has no title: a journey needs one, on a `title` line or as "
                "`title:` in the front matter",
                INCOMPLETE,
            )
        if not d.sections:
            self.problem(
                d.start, "the diagram has no `section`: a journey needs a stage", INCOMPLETE
            )
        title = d.title.value if d.title else ""
        jid = journey_id or self.meta_id(d.meta) or slug(title)
        if not jid and d.title:
            self.problem(
                d.title.location,
                "cannot make an id from this title: give one with --id",
                INCOMPLETE,
            )
        reserved = {
            t.meta.fields["id"].value
            for s in d.sections
            for t in s.tasks
            if t.meta and "id" in t.meta.fields
        }
        stage_ids: set[str] = set()
        touchpoint_ids: set[str] = set()
        stages = [self.stage(s, stage_ids, touchpoint_ids, reserved, channel) for s in d.sections]
        data: dict[str, Any] = {"id": jid, "title": title}
        data["personas"] = self.personas(personas)
        data["owner"] = self.owner(stages)
        data["state"] = self.state()
        data["status"] = "draft"
        data["stages"] = stages
        if self.problems:
            return None, self.problems
        return Starter(jid, data, self.checks), []

    def personas(self, given: tuple[str, ...]) -> list[str]:
        text = self.diagram.meta.get("personas") if self.diagram.meta else None
        if text is None:
            if not given:
                known = (
                    ", ".join(self.catalog.personas.by_id)
                    or "none: add one to registry/personas.yaml"
                )
                self.problem(
                    self.diagram.start,
                    "the diagram does not say who takes this "
                    f"journey: name them with --persona (known: {known})",
                    INCOMPLETE,
                )
            return list(given)
        found: list[str] = []
        column = text.location.column
        for part in text.value.split(","):
            where = Location(text.location.file, text.location.line, column)
            column += len(part) + 1
            persona = self.known("persona", Text(part, where), _entries(self.catalog.personas))
            if persona is not None and persona not in found:
                found.append(persona)
        return found

    def owner(self, stages: list[dict[str, Any]]) -> str:
        text = self.diagram.meta.get("owner") if self.diagram.meta else None
        if text is not None:
            return self.known("silo", text, _entries(self.catalog.silos)) or ""
        owners = Counter(t.get("owner") for s in stages for t in s["touchpoints"])
        self.checks[("owner",)] = "the silo that owns the most touchpoints"
        return str(owners.most_common(1)[0][0]) if owners else ""

    def state(self) -> str:
        text = self.diagram.meta.get("state") if self.diagram.meta else None
        if text is None:
            self.checks[("state",)] = "the diagram does not say: current (as-is) or future (to-be)"
            return "current"
        if text.value not in ("current", "future"):
            self.problem(
                text.location, f"state is current or future, found {excerpt(text.value)}", SYNTAX
            )
        return text.value

    def stage(
        self,
        section: Section,
        stage_ids: set[str],
        touchpoint_ids: set[str],
        reserved: set[str],
        channel: str | None,
    ) -> dict[str, Any]:
        meta = section.meta
        named = meta.get("stage") if meta else None
        catalog_stages = _entries(self.catalog.stages)
        stage = self.known("stage", named or section.name, catalog_stages)
        stage_id = self.meta_id(meta)
        if stage_id is not None and stage_id in stage_ids:
            self.problem(
                meta.fields["id"].location if meta else section.name.location,
                f"two stages have the id {excerpt(stage_id)}",
                DUPLICATE,
            )
        stage_id = unique(stage_id or stage or "stage", stage_ids)
        entry: dict[str, Any] = {"stage": stage or ""}
        if stage_id != stage:
            entry["id"] = stage_id
        written = section.name.value
        if meta is not None:  # exported: the name is exactly the journey's own, or the default
            default = stage is not None and written == self._stage_name(stage)
        else:
            default = stage is not None and bool(
                lookup(written, [(stage, self._stage_name(stage))])
            )
        if not default:
            entry["name"] = written
        emotion = self.emotion(meta)
        if emotion is not None:
            entry["emotion"] = emotion
        if not section.tasks:
            self.problem(
                section.name.location,
                f"section {excerpt(section.name.value)} has no "
                "tasks: a stage needs at least one touchpoint",
                INCOMPLETE,
            )
        entry["touchpoints"] = [
            self.touchpoint(t, emotion, touchpoint_ids, reserved, channel) for t in section.tasks
        ]
        return entry

    def _stage_name(self, stage: str) -> str:
        found = self.catalog.stages.get(stage)
        return found.name if found else stage

    def touchpoint(
        self,
        task: Task,
        stage_emotion: int | None,
        taken: set[str],
        reserved: set[str],
        channel: str | None,
    ) -> dict[str, Any]:
        meta = task.meta
        given = self.meta_id(meta)
        if given is not None and given in taken:
            self.problem(
                meta.fields["id"].location if meta else task.name.location,
                f"two tasks have the id {excerpt(given)}",
                DUPLICATE,
            )
        if given is not None:
            touchpoint_id = unique(given, taken)
        else:
            touchpoint_id = unique(slug(task.name.value) or "touchpoint", taken | reserved)
            taken.add(touchpoint_id)
        entry: dict[str, Any] = {"id": touchpoint_id, "name": task.name.value}
        named_channel = meta.get("channel") if meta else None
        if named_channel is not None:
            entry["channel"] = self.known("channel", named_channel, _entries(self.catalog.channels))
        elif channel is not None:
            entry["channel"] = channel
        else:
            known = ", ".join(self.catalog.channels.by_id) or "none"
            said = self.without_channel
            self.without_channel = True
            self.problem(
                task.name.location,
                f"task {excerpt(task.name.value)} names no channel"
                + (
                    ""
                    if said
                    else " (no `%% journeys: touchpoint channel=...` comment before it): give "
                    f"the channel of such tasks with --channel (known: {known})"
                ),
                INCOMPLETE,
            )
        silos = [self.known("silo", a, _entries(self.catalog.silos)) for a in task.actors]
        if not task.actors:
            self.problem(
                task.score_at,
                f"task {excerpt(task.name.value)} names no actor: after its "
                "score, name the silo that owns it, then those that support it",
                INCOMPLETE,
            )
        owner = silos[0] if silos else None
        entry["owner"] = owner or ""
        supporting = [s for s in dict.fromkeys(silos[1:]) if s is not None and s != owner]
        if supporting:
            entry["supporting"] = supporting
        inherits = meta is not None and meta.get("emotion") is not None
        if inherits and meta is not None and meta.fields["emotion"].value != "none":
            text = meta.fields["emotion"]
            self.problem(
                text.location,
                "a task's emotion is its score; its comment may only "
                f"say emotion=none, found {excerpt(text.value)}",
                SYNTAX,
            )
        if task.score is not None and not (inherits and task.score == score(stage_emotion)):
            entry["emotion"] = task.score - 3
        return entry


def _entries(registry: Iterable[Any]) -> list[tuple[str, str]]:
    return [(entry.id, entry.name) for entry in registry]
