"""Hostile text in every kind of field stays text everywhere in the built site."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from .conftest import journeys, make_project

pytestmark = pytest.mark.slow

PAYLOADS = [
    "<script>window.pwned=1</script>",
    '<img src=x onerror="window.pwned=2">',
    "[x](javascript:window.pwned=3)",
    '{ onclick="window.pwned=4" }',
    '"><iframe src="javascript:window.pwned=5"></iframe>',
    '--8<-- "/etc/passwd"',
    "{{ config.site_name }}",
]


def hostile(n: int) -> str:
    return " ".join(PAYLOADS[(n + i) % len(PAYLOADS)] for i in range(3))


TEXT = {"title", "name", "summary", "description", "goal", "customer", "frontstage", "backstage",
        "promise", "detail", "statement", "lead", "contact", "segment", "system", "unit",
        "organization"}  # fmt: skip
TEXT_LISTS = {"data_gaps", "goals", "frustrations", "tags"}


def poison(data: object, counter: list[int]) -> object:
    """Every free-text value becomes hostile text; ids and references stay as they are."""
    if isinstance(data, list):
        return [poison(v, counter) for v in data]
    if not isinstance(data, dict):
        return data
    out: dict[str, object] = {}
    for key, value in data.items():
        counter[0] += 1
        if key in TEXT and isinstance(value, str):
            out[key] = hostile(counter[0])
        elif key in TEXT_LISTS:
            out[key] = [hostile(counter[0] + i) for i in range(len(value))]
        else:
            out[key] = poison(value, counter)
    return out


class Markup(HTMLParser):
    """Collects what hostile text would have to create to act: tags, handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("iframe", "object", "embed") or (
            tag in ("img", "svg") and "pwned" in str(attrs) and not _diagram(tag, attrs)
        ):
            self.found.append(f"<{tag}>")
        self.script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if (value or "").strip().lower().startswith(("javascript:", "data:text")):
                self.found.append(f"{tag} {name}={value}")

    def handle_data(self, data: str) -> None:
        if self.script and "pwned" in data:
            self.found.append("script with hostile text")

    def handle_endtag(self, tag: str) -> None:
        self.script = False


def _diagram(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """The image of a diagram: its own SVG file, its text only in `alt`."""
    src = dict(attrs).get("src") or ""
    return tag == "img" and re.fullmatch(r"[a-z-]+-[0-9a-f]{12}\.svg", src) is not None


def test_hostile_text_never_becomes_markup(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    counter = [0]
    for path in (project / "journeys").rglob("*.y*ml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(poison(data, counter), sort_keys=False, allow_unicode=True))
    assert counter[0] > 500
    validated = journeys("validate", cwd=project)
    assert validated.returncode == 0, validated.stdout
    done = journeys("build", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    site = project / "site"
    pages = [*site.rglob("*.html"), *site.rglob("*.svg")]
    assert len([p for p in pages if p.suffix == ".svg"]) > 20
    for path in pages:
        parser = Markup()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.found == [], path
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        parser = Markup()
        parser.feed(doc["title"] + " " + doc["text"])
        assert parser.found == [], doc["location"]
    journey = (site / "journeys" / "open-current-account" / "index.html").read_text()
    shown = unescape(journey)
    assert "<script>window.pwned=1</script>" in shown  # shown to the reader as text
    assert "{{ config.site_name }}" in shown  # never evaluated as a template
