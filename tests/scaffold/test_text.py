"""YAML written as text: scalars read back as written; entries are added byte for byte."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.errors import Refused
from generator.load.strict_yaml import load_yaml
from generator.scaffold.text import Entry, add_entry, scalar

TRICKY = [
    "Open an account", "Fees: hidden", "a # b", "#hash", "- dash", "? question", "yes", "no",
    "on", "null", "~", "", " ", "true", "1e3", "0o17", "0x1f", ".inf", "2026-09-14", "0755",
    "12:30", "[a, b]", "{a: b}", "'single'", '"double"', "back\\slash", "tab\there",
    "line\nbreak", "trailing ", " leading", "\u2028separator\u2029",
    "✓ ünïcode 日本", "emoji 🎉", "&anchor", "*alias", "!tag", "%directive", "@at", "`tick`",
    "|", ">", "---", "...", "a: b: c", "<b>html</b>",
]  # fmt: skip


@pytest.mark.parametrize("value", [*TRICKY, 0, 4.5, -2, True, False])
def test_a_scalar_reads_back_exactly_on_one_line(value: Any) -> None:
    text = scalar(value)
    assert "\n" not in text
    document, problems = load_yaml(f"title: {text}  # a comment\n".encode(), "x")
    assert not problems
    assert document is not None and document.data == {"title": value}


@pytest.mark.parametrize("value", ["\x85next", "bell\x07", "nul\x00"])
def test_a_control_character_cannot_be_written(value: str) -> None:
    with pytest.raises(ValueError, match="cannot write"):
        scalar(value)


def test_plain_text_stays_plain() -> None:
    assert scalar("Open an account") == "Open an account"
    assert scalar("Fees: hidden") == "'Fees: hidden'"


ENTRY = Entry(["id: new", "name: New"], {"id": "new", "name": "New"})


def added(tmp_path: Path, text: str, key: str = "silos") -> tuple[str, int]:
    path = tmp_path / "silos.yaml"
    path.write_bytes(text.encode())
    (tmp_path / "catalog.yaml").write_text("organization: X\n")
    return add_entry(path, tmp_path, key, "silos", ENTRY)


@pytest.mark.parametrize(
    ("text", "expected", "line"),
    [
        ("silos:\n  - id: a\n", "silos:\n  - id: a\n  - id: new\n    name: New\n", 3),
        ("silos:\n- id: a\n", "silos:\n- id: a\n- id: new\n  name: New\n", 3),
        ("silos:\n    -   id: a\n", "silos:\n    -   id: a\n    -   id: new\n        name: New\n", 3),
        ("silos:\n  - id: a", "silos:\n  - id: a\n  - id: new\n    name: New\n", 3),
        ("silos:\r\n  - id: a\r\n", "silos:\r\n  - id: a\r\n  - id: new\r\n    name: New\r\n", 3),
        ("silos:\n  - id: a\n\n# the end\n", "silos:\n  - id: a\n\n# the end\n  - id: new\n    name: New\n", 5),
        ("# none yet\n", "# none yet\nsilos:\n  - id: new\n    name: New\n", 3),
        ("silos:\n  - id: a\n    # lead: ...\n# next\nother: 1\n",
         "silos:\n  - id: a\n    # lead: ...\n  - id: new\n    name: New\n# next\nother: 1\n", 4),
        ("other: 1\n", "other: 1\nsilos:\n  - id: new\n    name: New\n", 3),
        ("silos: []\n", "silos:\n  - id: new\n    name: New\n", 2),
        ("silos:\nother: 1\n", "silos:\n  - id: new\n    name: New\nother: 1\n", 2),
        ("silos: [ ]   # none yet\r\nother: 1\r\n",
         "silos:   # none yet\r\n  - id: new\r\n    name: New\r\nother: 1\r\n", 2),
        ("# x\nsilos: []", "# x\nsilos:\n  - id: new\n    name: New\n", 3),
    ],
)  # fmt: skip
def test_an_entry_is_added_where_the_list_ends(
    tmp_path: Path, text: str, expected: str, line: int
) -> None:
    assert added(tmp_path, text) == (expected, line)


def test_a_new_file_starts_with_its_schema_line(tmp_path: Path) -> None:
    path = tmp_path / "registry" / "silos.yaml"
    (tmp_path / "catalog.yaml").write_text(
        "# yaml-language-server: $schema=../s/catalog.schema.json\n"
    )
    (tmp_path.parent / "s").mkdir(exist_ok=True)
    (tmp_path.parent / "s" / "silos.schema.json").write_text("{}")
    text, line = add_entry(path, tmp_path, "silos", "silos", ENTRY)
    assert text == (
        "# yaml-language-server: $schema=../../s/silos.schema.json\n"
        "silos:\n  - id: new\n    name: New\n"
    )
    assert line == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("silos: [{id: a}]\n", "silos.yaml:1: 'silos' is not a block list"),
        ("silos: 3\n", "silos.yaml:1: 'silos' is not a block list"),
        ("silos:\n  ~\n", "silos.yaml: the file is laid out in a way this command cannot add to"),
        ("silos:\n  - id: a\n  - id: a\n  bad\n", "silos.yaml:5: invalid YAML"),
        ("- a\n", "silos.yaml: it is not a mapping of keys"),
    ],
)
def test_what_cannot_be_added_to_is_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(Refused, match=message.replace("[", r"\[")):
        added(tmp_path, text)
