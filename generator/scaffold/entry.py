"""Starter entries for the registries and the catalog's stages, made from their JSON Schemas:
required fields get values that validate, optional ones are written out commented."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Refused
from generator.load.files import (
    CATALOG_FILE,
    REGISTRIES,
    REGISTRY_DIR,
    display_path,
    read_regular,
)
from generator.load.strict_yaml import load_yaml
from generator.model.references import TARGETS
from generator.scaffold.base import Written, catalog_root, check_id, check_text, humanize, writable
from generator.scaffold.text import Entry, add_entry, commented, scalar
from generator.validate.schema import load_schema

#: `journeys new KIND` -> what it adds to: a registry's file stem, or the catalog's `stages`.
KINDS: dict[str, str] = {
    TARGETS[target][1].replace(" ", "-"): target for target in ("stages", *REGISTRIES)
}


@dataclass(frozen=True)
class ListFile:
    """Where entries of a kind are kept: the file, its top-level key, its schema."""

    path: Path
    key: str
    schema: str
    entry: dict[str, Any]


def file_name(target: str) -> str:
    """The file entries of a kind go in, relative to the catalog's root."""
    return CATALOG_FILE if target == "stages" else f"{REGISTRY_DIR}/{target}.yaml"


def name_field(target: str) -> str:
    """The field that names an entry of a kind: `name`, or a standard's `title`."""
    return "name" if "name" in list_file(Path("."), target).entry["properties"] else "title"


def list_file(root: Path, target: str) -> ListFile:
    """The file a kind of entry goes in: catalog.yaml for stages, else its registry file
    (`registry/silos.yaml`, or `.yml` when only that exists)."""
    if target == "stages":
        schema = load_schema("catalog")["properties"]["stages"]["items"]
        return ListFile(root / CATALOG_FILE, "stages", "catalog", schema)
    path = root / file_name(target)
    if not path.exists() and path.with_suffix(".yml").exists():
        path = path.with_suffix(".yml")
    return ListFile(path, REGISTRIES[target], target, load_schema(target)["$defs"]["entry"])


def new_entry(catalog: Path, kind: str, entry_id: str, name: str | None = None) -> Written:
    """Add a commented starter entry for `entry_id` to the end of its list (see `KINDS`).

    Every byte already in the file is kept; a registry file that does not exist is made
    with its schema line. Refuses an id the list already has, and writes nothing then.
    """
    target = KINDS[kind]
    noun = TARGETS[target][1]
    check_id(entry_id, noun)
    check_text(name, "--name", "give the name people know it by")
    root = catalog_root(catalog)
    where = list_file(root, target)
    writable(where.path, root)
    _refuse_taken(where, entry_id, noun, root)
    entry = starter(where.entry, entry_id, name)
    created = not where.path.exists()
    text, line = add_entry(where.path, root, where.key, where.schema, entry)
    where.path.parent.mkdir(parents=True, exist_ok=True)
    where.path.write_bytes(text.encode("utf-8"))
    notes = (
        f"a new {noun} is unused until something names it; until then `journeys validate` "
        "warns about it (unused-entry)",
    )
    return Written(where.path, created, line, tuple(entry.placeholders), notes)


def _refuse_taken(where: ListFile, entry_id: str, noun: str, root: Path) -> None:
    if not where.path.exists():
        return
    shown = display_path(where.path)
    try:
        raw = read_regular(where.path, root.resolve())
    except OSError as e:
        raise Refused(f"{shown}: cannot read the file ({e.strerror}): fix it first") from e
    document, _ = load_yaml(raw, shown)
    entries = document.data.get(where.key) if document and isinstance(document.data, dict) else None
    for index, item in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(item, dict) and item.get("id") == entry_id:
            line = document.at((where.key, index, "id")).line if document else 1
            raise Refused(f"{shown}:{line}: {noun} '{entry_id}' already exists: choose another id")


def starter(schema: dict[str, Any], entry_id: str, name: str | None) -> Entry:
    """An entry of the given schema: the id, required fields with values that validate
    (placeholders unless given), then every optional field commented, each with its
    description."""
    required = set(schema.get("required", []))
    lines: list[str] = []
    data: dict[str, Any] = {}
    placeholders: list[str] = []
    for field, prop in schema["properties"].items():
        description = prop.get("description", "")
        if field == "id":
            value: Any = entry_id
        elif field in required:
            value, placeholder = _placeholder(field, prop, entry_id, name)
            if placeholder:
                placeholders.append(placeholder)
                description = f"edit: {description}"
        else:
            lines.append(commented(f"# {field}: {_example(prop)}", description))
            continue
        data[field] = value
        lines.append(commented(f"{field}: {scalar(value)}", description if field != "id" else ""))
    return Entry(lines, data, placeholders)


def _placeholder(
    field: str, prop: dict[str, Any], entry_id: str, name: str | None
) -> tuple[Any, str]:
    """A value of a required field that validates, and what to tell the person about it."""
    if field in ("name", "title"):
        return (name, "") if name else (humanize(entry_id), f"{field} (made from the id)")
    kind = prop.get("type")
    if "enum" in prop:
        value: Any = prop["enum"][0]
    elif kind in ("number", "integer"):
        value = (prop.get("examples") or [prop.get("minimum", 0)])[0]
    elif kind == "boolean":
        value = prop.get("default", False)
    elif kind == "string" or prop.get("$ref") == "#/$defs/text":
        value = "TODO"
    else:  # pragma: no cover - a kind of required field no schema has yet
        raise ValueError(f"no placeholder for the required field '{field}' ({kind})")
    return value, f"{field} ({scalar(value)})"


def _example(prop: dict[str, Any]) -> str:
    """The value shown for a commented optional field: an example of what it holds."""
    if prop.get("examples"):
        return scalar(prop["examples"][0])
    if "enum" in prop:
        return scalar(prop["enum"][0])
    kind = prop.get("type")
    if kind == "boolean":
        return scalar(not prop.get("default", False))
    if kind == "array":
        return "[]"
    return "..."
