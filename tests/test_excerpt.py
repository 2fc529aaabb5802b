"""A message quotes at most a short, one-line, escaped excerpt of what a file holds."""

from __future__ import annotations

import pytest

from generator.diagnostics import Diagnostic, describe, excerpt
from generator.interop.mermaid_read import parse_mermaid
from generator.load.csv_table import load_csv
from generator.load.strict_yaml import load_yaml
from generator.validate.schema import check_document

#: A value no message may show whole: long, several lines, terminal escapes, a bidi override.
HOSTILE = "root:x:0:0:root:/root:/bin/bash\n\x1b[2J\x1b]8;;http://x\x07\u202e" + "y" * 5000
LONGEST = 60


def test_an_excerpt_is_short_single_line_and_escaped() -> None:
    assert excerpt("open-account") == "'open-account'"
    assert excerpt("x" * 60) == f"'{'x' * 60}'"
    assert excerpt("x" * 61) == f"'{'x' * 57}...'"
    assert excerpt("a\nb\tc\x1b[31m\u202ed\x00") == "'a\\nb\\tc\\x1b[31m\\u202ed\\x00'"
    assert excerpt("ab", quoted=False) == "ab"
    shown = excerpt(HOSTILE)
    assert len(shown) <= LONGEST + 2 and shown.endswith("...'")
    assert shown.isprintable()
    assert describe(HOSTILE) == shown


def test_an_escape_is_never_cut_in_half() -> None:
    assert excerpt("x" * 55 + "\x1b" * 3) == f"'{'x' * 55}...'"


def assert_quoted_briefly(problems: list[Diagnostic]) -> None:
    assert problems
    for problem in problems:
        assert problem.message.isprintable(), problem.message
        assert "y" * LONGEST not in problem.message, problem.message


@pytest.mark.parametrize(
    "text",
    [
        f"id: x\n{HOSTILE!r}: 1\n",  # an unknown field
        f"id: x\ntitle: 1\nstages: {HOSTILE!r}\n",  # a list expected
        f"{HOSTILE!r}\n",  # not a mapping
        f"id: x\nid: 2\n{HOSTILE!r}: 1\n{HOSTILE!r}: 2\n",  # a key given twice
        f"id: !{'t' * 5000} x\n",  # a tag
        f"id: *{'a' * 5000}\n",  # an alias with no anchor
    ],
)
def test_yaml_and_schema_messages_quote_an_excerpt(text: str) -> None:
    document, problems = load_yaml(text.encode("utf-8"), "x.yaml")
    if document is not None:
        problems += check_document(document, "journey")
    assert_quoted_briefly(problems)
    assert all(len(p.message) < 400 for p in problems)


@pytest.mark.parametrize("name", [HOSTILE.replace("\n", " "), "\u202e" + "y" * 5000])
def test_csv_messages_quote_an_excerpt(name: str) -> None:
    header = f'period,journey,stage,metric,value,"{name}","{name}"\n'.encode()
    document, problems = load_csv(header, "m.csv")
    if document is not None:
        problems += check_document(document, "scores")
    assert_quoted_briefly(problems)


def test_mermaid_messages_quote_an_excerpt() -> None:
    word = HOSTILE.replace("\n", " ").replace(" ", "_")
    text = (
        f"journey\n  title T\n  section S\n  %% journeys: task {word} id=a\n  A task: {word}: Me\n"
    )
    _, problems = parse_mermaid(text, "d.mmd")
    assert_quoted_briefly(problems)
