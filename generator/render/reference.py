"""The format reference page, generated from the JSON Schemas (the single source of structure)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.load.files import MEASUREMENTS, REGISTRIES
from generator.render.environment import Link
from generator.render.tables import EntityPage, Section
from generator.validate.schema import load_schema

#: Where the site publishes the JSON Schemas, byte for byte, for editors to point at.
SCHEMAS = "schema/"

FILES = (
    {"catalog": "catalog.yaml", "journey": "<any/folder>/<journey-id>.yaml"}
    | {stem: f"registry/{stem}.yaml" for stem in REGISTRIES}
    | {
        kind: f"measurements/*.csv with a '{column}' column"
        for kind, column in MEASUREMENTS.items()
    }
)


def _type(node: dict[str, Any], schema: dict[str, Any]) -> str:
    if "$ref" in node:
        target = node["$ref"].split("/")[-1]
        return "id" if target == "id" else target
    if "enum" in node:
        return " | ".join(str(v) for v in node["enum"])
    kind = node.get("type", "")
    if kind == "array":
        return f"list of {_type(node.get('items', {}), schema)}"
    return " or ".join(kind) if isinstance(kind, list) else str(kind)


def _rows(node: dict[str, Any], schema: dict[str, Any], prefix: str) -> Iterator[list[Any]]:
    required = set(node.get("required", []))
    for name, prop in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        yield [
            path,
            _type(prop, schema),
            "yes" if name in required else "",
            prop.get("description", ""),
        ]
        target = prop.get("items", prop)
        ref = target.get("$ref", "")
        if ref.startswith("#/$defs/") and ref not in ("#/$defs/id", "#/$defs/text"):
            yield from _rows(schema["$defs"][ref.split("/")[-1]], schema, f"{path}[].")
        elif target.get("properties"):
            yield from _rows(target, schema, f"{path}[]." if "items" in prop else f"{path}.")


def schema_url(name: str) -> str:
    """The site-root URL a schema is published at: `schema/journey.schema.json`."""
    return f"{SCHEMAS}{name}.schema.json"


def _schemas() -> Section:
    rows = [
        [file, Link(f"{name}.schema.json", schema_url(name)), load_schema(name)["$id"]]
        for name, file in FILES.items()
    ]
    return Section(
        "Schemas", ["File", "Schema", "Identifier"], rows, anchor="schemas", searchable=True,
        note="Each schema is published on this site, as it is in the repository, at a URL "
        "that does not change. An editor with the YAML language server checks a file "
        "against one named in the file's first line: "
        "# yaml-language-server: $schema=<this site>/schema/journey.schema.json",
    )  # fmt: skip


def reference_page() -> EntityPage:
    """Every file kind's fields: path, type, whether required, and what it means; first,
    the published schemas, linked."""
    sections = [_schemas()]
    for name, file in FILES.items():
        schema = load_schema(name)
        rows = list(_rows(schema, schema, ""))
        if name in MEASUREMENTS:
            rows = list(_rows(schema["$defs"]["row"], schema, ""))
        for stem, key in REGISTRIES.items():
            if name == stem:
                entry = schema["$defs"]["entry"]
                rows = [[f"{key}[]", "list", "yes", schema["properties"][key]["description"]],
                        *_rows(entry, schema, f"{key}[].")]  # fmt: skip
        sections.append(
            Section(file, ["Field", "Type", "Required", "Meaning"], rows, anchor=name, searchable=True,
                    note=f"{schema['description']} Schema: schema/{name}.schema.json")
        )  # fmt: skip
    return EntityPage(
        "reference/format/",
        "Format reference",
        "Reference",
        "The fields of every catalog file, generated from the JSON Schemas that validate them. "
        "An id is lowercase ASCII letters and digits in words joined by single hyphens, at "
        "most 64 characters. A text (a title, a name, a statement) is any Unicode text with "
        "at least one visible character: one that is empty or only spaces is refused.",
        [],
        sections,
    )
