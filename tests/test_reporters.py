"""Reporters: the exact text, JSON and GitHub shapes of docs/format.md §7."""

from __future__ import annotations

import json

from generator.diagnostics import Location, Result, error, warning
from generator.reporters import render_github, render_gitlab, render_json, render_text, summary


def result() -> Result:
    found = Result(files=3)
    found.extend(
        [
            warning(
                "no-data-source", "touchpoint 'a' lists no data sources", Location("b.yaml", 4, 2)
            ),
            error("unknown-ref", "unknown silo 'x'", Location("a.yaml", 9, 12)),
            error("unknown-ref", "unknown silo 'x'", Location("a.yaml", 9, 12)),
        ]
    )
    return found


def test_text_lines_are_sorted_deduplicated_and_compiler_style() -> None:
    assert render_text(result()) == (
        "a.yaml:9:12: error [unknown-ref] unknown silo 'x'\n"
        "b.yaml:4:2: warning [no-data-source] touchpoint 'a' lists no data sources\n"
    )


def test_text_colour_only_when_asked() -> None:
    assert "\x1b[" in render_text(result(), colour=True)
    assert "\x1b[" not in render_text(result())


def test_json_shape() -> None:
    document = json.loads(render_json(result()))
    assert document["summary"] == {"errors": 1, "warnings": 1, "files": 3}
    assert document["diagnostics"][0] == {
        "file": "a.yaml",
        "line": 9,
        "column": 12,
        "severity": "error",
        "code": "unknown-ref",
        "message": "unknown silo 'x'",
    }


def test_github_escapes_properties_and_data() -> None:
    found = Result()
    found.extend([error("schema", "50% done,\nreally: yes", Location("a,b:c.yaml", 1, 2))])
    assert render_github(found) == (
        "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=journeys [schema]::50%25 done,%0Areally: yes\n"
    )


def test_gitlab_code_quality_report() -> None:
    issues = json.loads(render_gitlab(result()))
    assert [{k: v for k, v in i.items() if k != "fingerprint"} for i in issues] == [
        {
            "description": "[unknown-ref] unknown silo 'x'",
            "check_name": "unknown-ref",
            "severity": "major",
            "location": {"path": "a.yaml", "lines": {"begin": 9}},
        },
        {
            "description": "[no-data-source] touchpoint 'a' lists no data sources",
            "check_name": "no-data-source",
            "severity": "minor",
            "location": {"path": "b.yaml", "lines": {"begin": 4}},
        },
    ]
    moved = Result()
    moved.extend([error("unknown-ref", "unknown silo 'x'", Location("a.yaml", 30, 1))])
    assert json.loads(render_gitlab(moved))[0]["fingerprint"] == issues[0]["fingerprint"]
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


def test_summary_counts_in_words() -> None:
    assert summary(result()) == "1 error, 1 warning in 3 files"
    assert summary(Result(files=1)) == "0 errors, 0 warnings in 1 file"


def test_a_file_name_cannot_write_control_characters_into_a_log() -> None:
    found = Result(files=1)
    found.extend([error("yaml-syntax", "bad", Location("journeys/a\x1b[2J\nb\u202e.yaml", 1, 1))])
    text, github = render_text(found), render_github(found)
    assert text == "journeys/a\\x1b[2J\\nb\\u202e.yaml:1:1: error [yaml-syntax] bad\n"
    assert "\x1b" not in github and "\u202e" not in github
    assert github.startswith("::error file=journeys/a\\x1b[2J\\nb\\u202e.yaml,line=1,")
