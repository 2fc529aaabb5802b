"""The front matter of every page: its title reads back exactly with MkDocs' own reader."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.render.environment import front_matter
from generator.render.safe import title

TITLES = [
    "🏦 Open account",
    "👨\u200d👩\u200d👧 Family account",
    "فتح حساب جار",
    "פתיחת חשבון",
    "Cafe\u0301 cre\u0300me, Z\u0336a\u0336l\u0336g\u0336o\u0336",
    "🏳️\u200d🌈 " + "x" * 500,
    'Say "yes": # not a comment, & a * star | pipe',
    "null",
    "- a list? no",
    "\ufeffbom, \u2028line separator, \x85next line",
]


@pytest.mark.parametrize("text", TITLES)
def test_the_title_reads_back_exactly(text: str) -> None:
    body, meta = get_data(front_matter(text) + "# Body\n")
    assert meta == {"title": title(text)}
    assert body == "# Body\n"


def test_the_title_is_one_line_whatever_the_text() -> None:
    lines = front_matter("🏦 Open\naccount\u2028now").splitlines()
    assert lines[0] == "---" and lines[2] == "---"
    assert lines[1].startswith('title: "') and lines[1].endswith('"')


def test_a_page_out_of_search_says_so() -> None:
    _, meta = get_data(front_matter("Page 2", searchable=False))
    assert meta == {"title": "Page 2", "search": {"exclude": True}}


@given(st.text(st.characters(exclude_categories=["Cs"])))
def test_any_title_reads_back(text: str) -> None:
    body, meta = get_data(front_matter(text) + "text\n")
    assert meta == {"title": title(text)}
    assert body == "text\n"
