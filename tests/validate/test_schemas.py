"""The JSON Schemas: valid draft 2020-12, documented, with examples that pass them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
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


def test_every_registry_file_key_is_in_its_schema() -> None:
    for stem, key in REGISTRIES.items():
        assert schema(stem)["required"] == [key]


def test_schemas_ship_inside_the_wheel_config() -> None:
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text()
    assert '"schema" = "generator/schema"' in pyproject
