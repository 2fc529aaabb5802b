"""The parts of a document that its schema accepts, when the whole does not.

A file that fails its schema is left out of the catalog, but what it says correctly can
still be checked: its references, ids and values are reported in the same run as its
schema problems, not one fix later. The part is the document without the values the
schema rejects, each value kept at the line and column it was written at.

A rejected value that its mapping requires stays when it is text (or a list of texts), as
the model's type for it is: a journey with `state: Future` keeps its stages to check. A
finding at the place of a schema problem is then the schema's to report, and left out
(`Part.taken`). A mapping missing a required field of another type is left out whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostic, Location
from generator.load.document import Document, Path
from generator.validate.schema import load_schema, validator

_GONE = object()

#: Each pass takes out at least one value, so a document settles in a few passes; this
#: bounds the work on one built to defeat that.
_PASSES = 64


@dataclass(frozen=True)
class Part:
    """The schema-valid part of a document (`document`), and the places of its schema
    problems (`taken`), where a finding in the part would repeat one of them."""

    document: Document
    taken: frozenset[Location]

    def new(self, found: Iterator[Diagnostic]) -> Iterator[Diagnostic]:
        """The findings not at the place of a schema problem."""
        return (d for d in found if d.location not in self.taken)


def schema_valid_part(document: Document, kind: str, problems: list[Diagnostic]) -> Part | None:
    """The document without the values its `kind` schema rejects (see the module's
    docstring), or None when nothing of it is left (its top level is wrong)."""
    dropped: set[Path] = set()
    kept: set[Path] = set()
    for _ in range(_PASSES):
        old_paths: dict[Path, Path] = {}
        data = _without(document.data, (), (), dropped, old_paths)
        if data is _GONE:
            return None
        rejected: set[Path] = set()
        restored_now = False
        for e in validator(kind).iter_errors(data):
            path: Path = tuple(e.absolute_path)
            if e.validator == "additionalProperties" and isinstance(e.instance, dict):
                allowed = e.schema.get("properties", {})
                rejected.update((*path, key) for key in e.instance if key not in allowed)
            elif e.validator == "required" and isinstance(e.instance, dict):
                missing = [(*old_paths[path], f) for f in e.validator_value if f not in e.instance]
                properties = e.schema.get("properties", {})
                restored = [p for p in missing if _restorable(document, p, properties, kind)]
                if len(restored) < len(missing):
                    rejected.add(path)
                restored_now = restored_now or bool(set(restored) - kept)
                kept.update(restored)
                dropped.difference_update(restored)
            else:
                rejected.add(path)
        new = {old_paths[p] for p in rejected} - kept
        if not new and not restored_now:
            taken = frozenset(d.location for d in problems)
            return Part(_with_positions(document, data, old_paths), taken)
        dropped.update(new)
    return None


def _restorable(document: Document, path: Path, properties: dict[str, Any], kind: str) -> bool:
    """Whether the value the document has at `path`, a required field that was taken out,
    is of the type the schema declares for it: text, or a list of texts."""
    value: Any = document.data
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return False
    declared = _resolved(properties.get(str(path[-1]), {}), kind)
    if declared.get("type") == "string":
        return isinstance(value, str)
    if declared.get("type") == "array":
        items = _resolved(declared.get("items", {}), kind)
        return (
            items.get("type") == "string"
            and isinstance(value, list)
            and all(isinstance(v, str) for v in value)
        )
    return False


def _resolved(schema: dict[str, Any], kind: str) -> dict[str, Any]:
    """The schema, or the definition its local `$ref` names."""
    ref = schema.get("$ref", "")
    if not ref.startswith("#/$defs/"):
        return schema
    found: dict[str, Any] = load_schema(kind)["$defs"].get(ref.removeprefix("#/$defs/"), {})
    return found


def _without(value: Any, old: Path, new: Path, dropped: set[Path], paths: dict[Path, Path]) -> Any:
    """`value` (at path `old` in the document) without the values at `dropped`; `paths`
    gets the document's path of every value kept, by its path in the result (`new`)."""
    if old in dropped:
        return _GONE
    paths[new] = old
    if isinstance(value, dict):
        kept_items = {}
        for key, item in value.items():
            kept = _without(item, (*old, key), (*new, key), dropped, paths)
            if kept is not _GONE:
                kept_items[key] = kept
        return kept_items
    if isinstance(value, list):
        kept_list: list[Any] = []
        for i, item in enumerate(value):
            kept = _without(item, (*old, i), (*new, len(kept_list)), dropped, paths)
            if kept is not _GONE:
                kept_list.append(kept)
        return kept_list
    return value


def _with_positions(document: Document, data: Any, old_paths: dict[Path, Path]) -> Document:
    """A document of `data` whose values keep the positions they had in `document`."""
    part = Document(document.file, data)
    for new, old in old_paths.items():
        if old in document.values:
            part.values[new] = document.values[old]
        if old in document.keys:
            part.keys[new] = document.keys[old]
    return part
