"""Mermaid journey diagrams: written so that no text can break them, read back exactly."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.interop.mermaid import (
    escape,
    fenced,
    lookup,
    silo_actor,
    task_name,
    task_score,
    to_mermaid,
    unescape,
)
from generator.interop.mermaid_read import Diagram, parse_mermaid
from generator.interop.starter import slug, starter, unique
from generator.model.types import Catalog, Journey
from generator.validate import validate_catalog
from tests.support import HOSTILE, TODAY, as_kept, journey, kept, load, registries

REPO = Path(__file__).parents[2]


def example_catalog() -> Catalog:
    checked = validate_catalog(REPO / "journeys", TODAY)
    assert checked.catalog is not None
    return checked.catalog


def reimported(j: Journey, catalog: Catalog) -> dict[str, Any]:
    diagram, problems = parse_mermaid(to_mermaid(j, catalog), "d.mmd")
    assert problems == []
    assert diagram is not None
    made, problems = starter(diagram, catalog)
    assert problems == []
    assert made is not None
    return made.data


def test_every_example_journey_reads_back_as_it_was() -> None:
    catalog = example_catalog()
    assert len(catalog.journeys) >= 7
    for j in catalog.journeys:
        assert as_kept(reimported(j, catalog), catalog) == kept(j, catalog), j.id


def test_a_hostile_journey_reads_back_as_it_was(tmp_path: Path) -> None:
    data = journey(title=" Title: #1; 100%% {init} <br> `x`", opportunities=[])
    stage = data["stages"][0]
    stage.update(name="  Section: one; #two %%{init: {'theme':'dark'}}%% ", emotion=-2)
    data["stages"][1]["name"] = "join"  # the catalog stage's id: still the journey's own name
    first = stage["touchpoints"][0]
    stage["touchpoints"] = [
        dict(first, id=f"t{i}", name=name, pain_points=[], supporting=["retail"],
             **({"emotion": i % 5 - 2} if i % 3 else {}))
        for i, name in enumerate(HOSTILE)
    ]  # fmt: skip
    silos = {"silos": [{"id": "digital", "name": "Digital, Web: team #1;"},
                       {"id": "retail", "name": " Retail %% "}]}  # fmt: skip
    catalog = load(tmp_path, [data], silos=silos)
    j = catalog.journeys.get("open-account")
    assert j is not None
    assert as_kept(reimported(j, catalog), catalog) == kept(j, catalog)


def test_the_diagram_escapes_what_would_break_it(tmp_path: Path) -> None:
    data = journey()
    data["stages"][0]["touchpoints"][0]["name"] = "Title: a; b # c %% d"
    catalog = load(tmp_path, [data])
    j = catalog.journeys.get("open-account")
    assert j is not None
    text = to_mermaid(j, catalog)
    assert "    #84;itle#58; a#59; b #35; c #37;#37; d: 3: Digital\n" in text
    for line in text.splitlines():
        statement = re.sub(r"#\w+;", "", line.strip())
        if not statement.startswith("%%"):
            assert not set(statement) & set("#;%"), line


@given(st.text(min_size=1))
def test_any_name_and_actor_read_back_exactly(text: str) -> None:
    source = (f"journey\n  title {escape(text)}\n  section {escape(text)}\n"
              f"    {task_name(text)}: 4: {escape(text, actor=True)}, x\n")  # fmt: skip
    diagram, problems = parse_mermaid(source, "d.mmd")
    assert problems == []
    assert diagram is not None and diagram.title is not None
    (section,) = diagram.sections
    (task,) = section.tasks
    assert (diagram.title.value, section.name.value, task.name.value) == (text, text, text)
    assert [a.value for a in task.actors] == [text, "x"]
    assert task.score == 4


@given(st.text())
def test_escaping_is_undone_exactly(text: str) -> None:
    assert unescape(escape(text)) == text
    assert unescape(task_name(text)) == text
    assert unescape(escape(text, actor=True)) == text


def test_mermaid_entity_codes_are_decoded() -> None:
    assert unescape("#quot;hi#quot; #9829; #35;35; #nosuch; #0; #55296; #1114112;") == (
        '"hi" ♥ #35; #nosuch; \x00 #55296; #1114112;'
    )


def test_score_is_the_emotion_plus_three_else_the_stage_else_neutral(tmp_path: Path) -> None:
    data = journey()
    stages = data["stages"]
    stages[0]["emotion"] = -1
    stages[0]["touchpoints"][0]["emotion"] = 2
    stages[1]["emotion"] = -2
    catalog = load(tmp_path, [data])
    j = catalog.journeys.get("open-account")
    assert j is not None
    scores = [task_score(s, t) for s in j.stages for t in s.touchpoints]
    assert scores == [5, 1, 3]
    back = reimported(j, catalog)["stages"]
    assert [t.get("emotion") for s in back for t in s["touchpoints"]] == [2, None, None]
    edited = to_mermaid(j, catalog).replace("Applies: 1:", "Applies: 4:")
    diagram, _ = parse_mermaid(edited, "d.mmd")
    assert diagram is not None
    made, _ = starter(diagram, catalog)
    assert made is not None
    touchpoints = [t for s in made.data["stages"] for t in s["touchpoints"]]
    assert [t.get("emotion") for t in touchpoints] == [2, 1, None], "a changed score is kept"


def test_silos_are_actors_by_name_unless_the_name_is_ambiguous(tmp_path: Path) -> None:
    silos = {"silos": [{"id": "digital", "name": "Branches"}, {"id": "retail", "name": "Branches"},
                       {"id": "ops", "name": "digital"}]}  # fmt: skip
    data = journey()
    data["stages"][0]["touchpoints"][0]["supporting"] = ["ops"]
    catalog = load(tmp_path, [data], silos=silos)
    assert [silo_actor(s, catalog) for s in ("digital", "retail", "ops")] == [
        "digital", "retail", "ops"
    ]  # fmt: skip
    assert lookup("RETAIL", [("digital", "Retail"), ("retail", "Retail")]) == ["retail"]
    assert lookup(" retail ", [("a", "Retail"), ("b", "retail")]) == ["a", "b"]
    j = catalog.journeys.get("open-account")
    assert j is not None
    assert as_kept(reimported(j, catalog), catalog) == kept(j, catalog)
    diagram, _ = parse("journey\n  title T\n  section Join\n    Applies: 3: RETAIL, Branches\n")
    assert diagram is not None
    _, problems = starter(diagram, catalog, channel="web", personas=("new-to-bank",))
    assert [(p.column, p.message) for p in problems] == [
        (25, "'Branches' names 2 silos (digital, retail): write the id of the one you mean")
    ]


def parse(text: str) -> tuple[Diagram | None, list[tuple[int, int, str]]]:
    diagram, problems = parse_mermaid(text, "d.mmd")
    return diagram, [(p.line, p.column, p.message) for p in problems]


@pytest.mark.parametrize(
    ("text", "line", "column", "says"),
    [
        ("journey\n  section S\n    a;b: 3: X\n", 3, 6, "';' breaks a Mermaid diagram"),
        ("journey\n  section S\n    a %% b: 3: X\n", 3, 7, "'%%' breaks"),
        ("journey\n  section S\n    a: 3: X: Y\n", 3, 12, "two ':' at most"),
        ("journey\n  section S\n    a: six: X\n", 3, 8, "found 'six'"),
        ("journey\n  section S\n    a: 9: X\n", 3, 8, "from 1 to 5, found '9'"),
        ("journey\n  section S\n    a # note: 3: X\n", 3, 5, "'#' starts a comment: write #35;"),
        ("journey\n  section S: x\n    a: 3: X\n", 2, 12, "':' ends a section name"),
        ("journey\n  a: 3: X\n", 2, 3, "a task comes after a `section`"),
        ("journey\n  title\n", 2, 8, "the title is empty"),
        ("journey\n  section S\n    a: 3: X,, Y\n", 3, 13, "an actor's name is empty"),
        ("journey\n  section S\n    journeyman: 3: X\n", 3, 5, "write a task's first letter as #106;"),
        ("journey\n  %% journeys: touchpoint id=a\n  section S\n", 2, 3, "followed by a section"),
        ("journey\n  section S\n    %% journeys: task id=a\n", 3, 5, "names what it describes"),
        ("journey\n  section S\n    %% journeys: touchpoint id\n    a: 3: X\n", 3, 29, "key=value"),
        ("journey\n  section S\n    %% journeys: touchpoint id=a\n", 3, 5, "the end of the diagram"),
    ],
)  # fmt: skip
def test_problems_name_their_line_and_column(text: str, line: int, column: int, says: str) -> None:
    _, problems = parse(text)
    assert any((l, c) == (line, column) and says in m for l, c, m in problems), problems  # noqa: E741


def test_a_file_without_a_journey_is_one_problem() -> None:
    diagram, problems = parse("graph TD\n  A --> B\n")
    assert diagram is None
    assert problems == [(1, 1, problems[0][2])]
    assert "no Mermaid journey diagram" in problems[0][2]


def test_the_journey_block_of_a_markdown_file_keeps_its_line_numbers() -> None:
    text = "# Notes\n\n```mermaid\ngraph TD\n```\n\n" + fenced(
        "journey\n  section S\n    a;: 3: X\n"
    )
    _, problems = parse(text)
    assert [(l, c) for l, c, _ in problems] == [(10, 6)]  # noqa: E741


def test_mermaid_syntax_it_does_not_need_is_skipped() -> None:
    text = (
        "---\nconfig:\n  theme: forest\n---\njourney\n%%{init: {'theme': 'forest'}}%%\n"
        "  accTitle: A title\n  accDescr {\n  many\n  lines\n  }\n"
        "  %% a comment for people\n  # another\n  title My working day\n"
        "  section Go to work\n    Make tea: 5: Me\n    Do work: 1: Me, Cat\n"
    )
    diagram, problems = parse(text)
    assert problems == []
    assert diagram is not None and diagram.title is not None
    assert diagram.title.value == "My working day"
    (section,) = diagram.sections
    assert [(t.name.value, t.score, [a.value for a in t.actors]) for t in section.tasks] == [
        ("Make tea", 5, ["Me"]), ("Do work", 1, ["Me", "Cat"])
    ]  # fmt: skip


def test_unknown_names_are_reported_where_written_and_nothing_is_made_up(tmp_path: Path) -> None:
    catalog = load(tmp_path, [journey()])
    text = (
        "journey\n  title My working day\n  section Go to work\n    Make tea: 5: Me\n"
        "  section Discover\n    %% journeys: touchpoint id=tea channel=wbe\n"
        "    Drink tea: 3: Digtal, Retail\n"
    )
    diagram, _ = parse(text)
    assert diagram is not None
    made, problems = starter(diagram, catalog, personas=("new-to-bank",))
    assert made is None
    found = [(p.code, p.line, p.column, p.message) for p in problems]
    assert found == [
        ("unknown-ref", 3, 11, "unknown stage 'Go to work' (known: discover, join, get-help)"),
        ("incomplete", 4, 5, "task 'Make tea' names no channel (no `%% journeys: touchpoint "
         "channel=...` comment before it): give the channel of such tasks with --channel "
         "(known: web)"),
        ("unknown-ref", 4, 18, "unknown silo 'Me' (known: digital, retail)"),
        ("unknown-ref", 6, 44, "unknown channel 'wbe' (did you mean 'web'?)"),
        ("unknown-ref", 7, 19, "unknown silo 'Digtal' (did you mean 'Digital'?)"),
    ]  # fmt: skip


def test_what_the_diagram_does_not_say_comes_from_options_or_is_marked(tmp_path: Path) -> None:
    catalog = load(tmp_path, [journey()], silos=registries()["silos"])
    text = "journey\n  title Get help fast\n  section get help\n    Calls: 2: Retail, digital\n"
    diagram, _ = parse(text)
    assert diagram is not None
    made, problems = starter(diagram, catalog, channel="web", personas=("new-to-bank",))
    assert problems == []
    assert made is not None
    assert made.data == {
        "id": "get-help-fast", "title": "Get help fast", "personas": ["new-to-bank"],
        "owner": "retail", "state": "current", "status": "draft",
        "stages": [{"stage": "get-help", "touchpoints": [
            {"id": "calls", "name": "Calls", "channel": "web", "owner": "retail",
             "supporting": ["digital"], "emotion": -1}]}],
    }  # fmt: skip
    assert set(made.checks) == {("owner",), ("state",)}


def test_ids_are_made_from_names_and_kept_unique() -> None:
    assert slug("Compares accounts: on the Web!") == "compares-accounts-on-the-web"
    assert slug("Ünïcödé café") == "unicode-cafe"
    assert slug("日本語") == ""
    assert slug("word " * 30) == "-".join(["word"] * 13)
    assert len(slug("x" * 100)) == 64
    taken = {"calls"}
    assert [unique("calls", taken), unique("calls", taken), unique("new", taken)] == [
        "calls-2", "calls-3", "new"
    ]  # fmt: skip
    assert unique("a" * 64, {"a" * 64}) == "a" * 62 + "-2"


DAY = "journey\n  section Go to work\n    Make tea: 5: Me\n"


def titled(text: str) -> tuple[str | None, tuple[int, int] | None, list[tuple[int, int, str]]]:
    """The title a diagram is read with, where it was written, and the problems."""
    diagram, problems = parse(text)
    title = diagram.title if diagram else None
    where = (title.location.line, title.location.column) if title else None
    return (title.value if title else None), where, problems


def test_the_title_of_the_front_matter_is_the_diagrams() -> None:
    assert titled(f"---\ntitle: My working day\n---\n{DAY}") == ("My working day", (2, 8), [])


def test_front_matter_keys_other_than_the_title_are_ignored() -> None:
    front = (
        "---\nconfig:\n  theme: forest\n  journey:\n    taskFontSize: 14\n"
        "displayMode: compact\nowner: nobody\n# a comment\n"
        "title: 'Say \"hi\": it''s #1 --- really'\naccTitle: x\n---\n"
    )
    assert titled(front + DAY) == ('Say "hi": it\'s #1 --- really', (9, 8), [])


def test_front_matter_at_an_indent_is_read_as_mermaid_reads_it() -> None:
    text = "  ---\n  title: Indented\n  ---\n" + DAY
    assert titled(text) == ("Indented", (2, 10), [])


def test_front_matter_in_a_markdown_block_keeps_its_line_numbers() -> None:
    text = "# Notes\n\n" + fenced(f"---\ntitle: In a block\n---\n{DAY}")
    assert titled(text) == ("In a block", (5, 8), [])


def test_a_title_line_replaces_the_front_matters_as_in_mermaid_and_says_so() -> None:
    text = f"---\ntitle: Front\n---\njourney\n  title Line\n{DAY.removeprefix('journey')}"
    assert titled(text) == ("Line", (5, 9), [
        (5, 9, "this title replaces the front matter's title 'Front' (line 2), as it does in "
         "Mermaid: keep one of them"),
    ])  # fmt: skip
    same = f"---\ntitle: Same\n---\njourney\n  title Same\n{DAY.removeprefix('journey')}"
    assert titled(same) == ("Same", (5, 9), [])


@pytest.mark.parametrize(
    ("front", "line", "column", "says"),
    [
        ("title: 2026\n", 2, 8, "the front matter's title must be text, found 2026: put it in quotes"),
        ("title: [a, b]\n", 2, 8, "the front matter's title must be text, found a list"),
        ("title: '  '\n", 2, 8, "the title is empty or only whitespace"),
        ("title: a\ntitle: b\n", 3, 1,
         "the front matter is not valid YAML: key 'title' is given twice in this mapping "
         "(first on line 2): keep one"),
        ("title: [a\n", 2, 8, "the front matter is not valid YAML: invalid YAML: this '[' is never closed"),
        ("title: !!python/name:os.system x\n", 2, 8, "the front matter is not valid YAML: "),
    ],
)  # fmt: skip
def test_front_matter_problems_name_their_line_and_column(
    front: str, line: int, column: int, says: str
) -> None:
    _, problems = parse(f"---\n{front}---\n{DAY}")
    assert any((l, c) == (line, column) and says in m for l, c, m in problems), problems  # noqa: E741


def test_an_empty_front_matter_title_is_no_title() -> None:
    for front in ("title:\n", "title: ''\n", "# only a comment\n", "config: {}\n", "- a list\n"):
        assert titled(f"---\n{front}---\n{DAY}") == (None, None, [])


def test_front_matter_never_closed_is_one_problem() -> None:
    diagram, problems = parse(f"---\ntitle: Open\n{DAY}")
    assert diagram is None
    assert problems == [
        (1, 1, "the front matter opened here is never closed by a `---` line at the same indent")
    ]
