"""Editor support: every example file names its schema in its first line, and VS Code maps
every catalog file to its schema."""

from __future__ import annotations

import json
from pathlib import Path

from generator.load.files import REGISTRIES, discover
from generator.scaffold.text import SCHEMA_LINE

REPO = Path(__file__).parents[1]


def test_every_example_file_names_its_own_schema_in_its_first_line() -> None:
    files = [f for f in discover(REPO / "journeys").files if f.kind != "measurements"]
    wrong = []
    for file in files:
        first = file.path.read_text(encoding="utf-8").split("\n", 1)[0]
        expected = REPO / "schema" / f"{file.kind}.schema.json"
        if not first.startswith(SCHEMA_LINE):
            wrong.append(f"{file.shown}: the first line is not the schema line")
        elif (file.path.parent / first.removeprefix(SCHEMA_LINE)).resolve() != expected:
            wrong.append(f"{file.shown}: names {first.removeprefix(SCHEMA_LINE)}, not {expected}")
    assert wrong == []
    kinds = {f.kind for f in files}
    assert kinds == {"catalog", "journey", *REGISTRIES}, "each kind of file is checked"


def test_vs_code_maps_every_kind_of_file_to_its_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    expected = {"catalog", "journey", *REGISTRIES}
    assert {Path(schema).name.removesuffix(".schema.json") for schema in mapped} == expected
    assert all((REPO / schema).is_file() for schema in mapped)
    assert mapped["./schema/silos.schema.json"] == "journeys/registry/silos.{yaml,yml}"


def test_vs_code_recommends_the_yaml_extension() -> None:
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
