"""A starter journey file: one line of YAML per value that reads back exactly, and the
editor's schema line pointing at the schema from wherever the file is written."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from generator.interop.journey_file import schema_reference, to_yaml, yaml_scalar
from generator.interop.starter import Starter
from generator.load.strict_yaml import load_yaml
from generator.validate.schema import schema_dir

REPO = Path(__file__).parents[2]


#: Any text a catalog may hold: every character but controls (tab and line feed aside),
#: halves of surrogate pairs and the noncharacters U+FFFE and U+FFFF, which it refuses.
TEXT = st.text(
    st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff")
    | st.sampled_from("\t\n")
)


@given(st.one_of(TEXT, st.integers(-2, 2), st.lists(TEXT, max_size=3)))
def test_every_value_is_one_line_that_reads_back_exactly(value: object) -> None:
    line = yaml_scalar(value)
    assert "\n" not in line
    document, problems = load_yaml(f"name: {line}  # check: a note\n".encode(), "f.yaml")
    assert problems == []
    assert document is not None and document.data == {"name": value}


def test_values_the_strict_loader_would_read_as_something_else_are_quoted() -> None:
    assert [yaml_scalar(v) for v in ("1e3", "true", "null", "123", "no", "plain words")] == [
        '"1e3"', "'true'", "'null'", "'123'", "'no'", "plain words"
    ]  # fmt: skip
    assert yaml_scalar(["digital", "true"]) == "[digital, 'true']"
    assert yaml_scalar(-2) == "-2"


def test_the_file_says_what_to_check_on_the_lines_it_marks() -> None:
    starter = Starter("a", {"id": "a", "owner": "digital", "stages": [
        {"stage": "use", "touchpoints": [{"id": "t", "name": "x: y"}, {"id": "u", "name": "z"}]}
    ]}, {("owner",): "the silo that owns the most touchpoints"})  # fmt: skip
    text, checks = to_yaml(starter, "../schema/journey.schema.json", "d.mmd")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema/journey.schema.json"
    assert lines[5:] == [
        "id: a",
        "owner: digital  # check: the silo that owns the most touchpoints",
        "stages:",
        "  - stage: use",
        "    touchpoints:",
        "      - id: t",
        "        name: 'x: y'",
        "      - id: u",
        "        name: z",
    ]
    assert checks == [(7, "the silo that owns the most touchpoints")]


def test_the_schema_line_follows_the_catalog_journeys(tmp_path: Path) -> None:
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    journeys = tmp_path / "journeys"
    (journeys / "cards").mkdir(parents=True)
    existing = journeys / "cards" / "a.yaml"
    existing.write_text("# yaml-language-server: $schema=../../schema/journey.schema.json\n")
    assert schema_reference(journeys / "b.yaml", journeys, [existing]) == (
        "../schema/journey.schema.json"
    )
    assert schema_reference(journeys / "x" / "y" / "b.yaml", journeys, [existing]) == (
        "../../../schema/journey.schema.json"
    )
    existing.write_text("# yaml-language-server: $schema=https://example.org/journey.json\n")
    assert schema_reference(journeys / "b.yaml", journeys, [existing]) == (
        "https://example.org/journey.json"
    )


def test_without_a_schema_beside_the_catalog_the_shipped_one_is_named(tmp_path: Path) -> None:
    out = tmp_path / "journeys" / "b.yaml"
    found = schema_reference(out, tmp_path / "journeys", [])
    assert (out.parent / found).resolve() == (schema_dir() / "journey.schema.json").resolve()
