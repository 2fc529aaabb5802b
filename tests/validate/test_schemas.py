"""The JSON Schemas: valid draft 2020-12, documented, with examples that pass them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

from generator.load.files import MEASUREMENTS, REGISTRIES
from generator.validate.schema import schema_dir, validator

NAMES = ["catalog", "journey", *REGISTRIES, *MEASUREMENTS]


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((schema_dir() / f"{name}.schema.json").read_text())
    return loaded


def test_there_is_one_schema_per_file_kind() -> None:
    assert sorted(p.name for p in schema_dir().glob("*.schema.json")) == sorted(
        f"{n}.schema.json" for n in NAMES
    )


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    s = schema(name)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(s)
    meta = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
    assert list(meta.iter_errors(s)) == []


@pytest.mark.parametrize("name", NAMES)
def test_schema_has_id_description_and_passing_examples(name: str) -> None:
    s = schema(name)
    assert s["$id"].endswith(name)
    assert s["description"]
    assert s["examples"]
    for example in s["examples"]:
        assert list(validator(name).iter_errors(example)) == []


def properties(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            yield f"{path}.{key}", value
        for key, value in node.items():
            yield from properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from properties(value, f"{path}[{i}]")


@pytest.mark.parametrize("name", NAMES)
def test_every_property_has_a_description(name: str) -> None:
    undocumented = [p for p, value in properties(schema(name)) if not value.get("description")]
    assert undocumented == []


@pytest.mark.parametrize("name", NAMES)
def test_id_pattern_is_the_same_everywhere_and_anchored(name: str) -> None:
    id_schema = schema(name)["$defs"]["id"]
    assert id_schema == schema("journey")["$defs"]["id"]
    pattern = id_schema["pattern"]
    assert re.search(pattern, "open-current-account")
    for bad in [
        "open-account\n",
        "Open",
        "a--b",
        "-a",
        "a-",
        "a_b",
        "\u0661\u0662",
        "abc\u0661",
        "a b",
        "",
    ]:
        assert not re.search(pattern, bad), bad


TEXT_USERS = [name for name in NAMES if "text" in schema(name)["$defs"]]


def test_text_is_the_same_wherever_it_is_used() -> None:
    assert "journey" in TEXT_USERS and "catalog" in TEXT_USERS
    for name in TEXT_USERS:
        assert schema(name)["$defs"]["text"] == schema("journey")["$defs"]["text"], name


def test_editors_say_what_is_wrong_with_a_text_rather_than_show_its_pattern() -> None:
    """VS Code and the YAML language server show `patternErrorMessage` when a pattern fails."""
    message = schema("journey")["$defs"]["text"]["patternErrorMessage"]
    assert message == "Empty or only whitespace: write the text a reader sees."


BLANK = ["", " ", "   \n", "\n", "\t", "\r\n", "\u00a0", "\u3000", "\u2028", "\u200b",
         "\u200d\u200d", "\ufeff", "\u2060", "\u00ad", "\u180e", "\u3164", "\ufe0f", "\x85"]  # fmt: skip
VISIBLE = ["a", " a ", "x\n", "\nx", "\U0001f3e6", "\u0661", "\u05d0", "e\u0301", "\u200dx", "-"]


@pytest.mark.parametrize("text", BLANK)
def test_text_without_a_visible_character_is_refused_by_both_validators(text: str) -> None:
    node = schema("journey")["$defs"]["text"]
    assert not jsonschema.Draft202012Validator(node).is_valid(text)
    assert not jsonschema_rs.validator_for(node).is_valid(text)


@pytest.mark.parametrize("text", VISIBLE)
def test_text_with_a_visible_character_passes_both_validators(text: str) -> None:
    node = schema("journey")["$defs"]["text"]
    assert jsonschema.Draft202012Validator(node).is_valid(text)
    assert jsonschema_rs.validator_for(node).is_valid(text)


def test_every_field_of_text_a_person_reads_is_text() -> None:
    """A string with no pattern, choices or format is `text`, unless it is a Markdown field
    (which may be left empty)."""
    loose = [
        f"{name}{path}"
        for name in NAMES
        for path, node in strings(schema(name))
        if not {"pattern", "enum", "format", "$ref"} & set(node)
        and "Markdown" not in node.get("description", "")
    ]
    assert loose == []


def strings(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Each property or list item that holds a string, by path; `$defs` themselves left out."""
    for prop_path, value in properties(node, path):
        target = value.get("items", value)
        if target.get("type") == "string" or target.get("$ref") == "#/$defs/text":
            yield prop_path, target


def test_every_registry_file_key_is_in_its_schema() -> None:
    for stem, key in REGISTRIES.items():
        assert schema(stem)["required"] == [key]


def test_schemas_ship_inside_the_wheel_config() -> None:
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text()
    assert '"schema" = "generator/schema"' in pyproject
