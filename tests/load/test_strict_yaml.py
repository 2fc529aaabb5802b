"""The strict YAML loader: plain data, positions, and a clean diagnostic for every hazard."""

from __future__ import annotations

import pytest

from generator.load.strict_yaml import MAX_BYTES, MAX_DEPTH, MAX_VALUES, load_yaml, resolve_plain


def load(text: str | bytes):  # type: ignore[no-untyped-def]
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_yaml(raw, "f.yaml")


def problems(text: str | bytes) -> list[tuple[str, int, int]]:
    _, found = load(text)
    return [(d.code, d.line, d.column) for d in found]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("Off", "Off"),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("42", 42),
        ("-7", -7),
        ("0755", "0755"),
        ("0o17", 15),
        ("0x1f", 31),
        ("4.5", 4.5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("1e400", "1e400"),
        (".nan", ".nan"),
        (".inf", ".inf"),
        ("2026-09-14", "2026-09-14"),
        ("12:30", "12:30"),
        ("1_000", "1_000"),
        ("2026-Q1", "2026-Q1"),
    ],
)
def test_plain_scalars_mean_what_a_person_wrote(text: str, value: object) -> None:
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_quoted_scalars_are_always_text() -> None:
    document, found = load("a: 'true'\nb: \"42\"\nc: |\n  yes\n")
    assert found == []
    assert document is not None
    assert document.data == {"a": "true", "b": "42", "c": "yes\n"}


def test_every_value_and_key_keeps_its_line_and_column() -> None:
    document, _ = load("title: Open\nstages:\n  - stage: join\n    emotion: 1\n")
    assert document is not None
    assert document.at(("title",)).line == 1
    assert (document.at(("title",)).column, document.key_at(("title",)).column) == (8, 1)
    emotion = document.at(("stages", 0, "emotion"))
    assert (emotion.line, emotion.column) == (4, 14)
    assert (document.key_at(("stages", 0, "emotion")).column) == 5
    assert document.at(("stages", 0)).line == 3


def test_a_path_without_its_own_position_reports_its_nearest_ancestor() -> None:
    document, _ = load("a:\n  b: 1\n")
    assert document is not None
    assert document.at(("a", "b", "missing")).line == 2


def test_duplicate_key_is_reported_at_the_second_key() -> None:
    _, found = load("a: 1\nb: 2\na: 3\n")
    assert [(d.code, d.line, d.column) for d in found] == [("duplicate-key", 3, 1)]
    assert "first on line 1" in found[0].message


def test_duplicate_key_in_a_flow_mapping() -> None:
    assert problems("x: {a: 1, b: 2, a: 3}\n") == [("duplicate-key", 1, 17)]


def test_the_first_of_duplicate_keys_is_kept_never_the_last() -> None:
    document, _ = load("a: first\na: second\n")
    assert document is not None
    assert document.data == {"a": "first"}


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['touch /tmp/owned']\n",
        "a: !!python/name:os.system\n",
        "a: !!set {x, y}\n",
        "a: !!binary aGVsbG8=\n",
        "a: !x foo\n",
        "a: !!str 12\n",
        "a: !<tag:example.com,2026:x> y\n",
    ],
)
def test_every_explicit_tag_is_an_error(text: str) -> None:
    _, found = load(text)
    assert [(d.code, d.line, d.column) for d in found] == [("yaml-tag", 1, 4)]


def test_a_python_tag_constructs_and_runs_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "ran"
    document, found = load(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert found[0].code == "yaml-tag"
    assert not marker.exists()
    assert document is not None
    assert document.data == {"a": [f"touch {marker}"]}


def test_billion_laughs_is_stopped_at_the_value_limit() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    document, found = load("\n".join(lines) + "\n")
    assert document is None
    assert [d.code for d in found] == ["yaml-limit"]
    assert f"{MAX_VALUES:,}" in found[0].message


def test_an_alias_inside_its_own_anchor_is_an_error() -> None:
    assert problems("a: &a [1, *a]\n") == [("yaml-syntax", 1, 11)]


def test_a_bounded_alias_is_plain_data() -> None:
    document, found = load("base: &b {x: 1}\ncopy: *b\n")
    assert found == []
    assert document is not None
    assert document.data == {"base": {"x": 1}, "copy": {"x": 1}}


def test_undefined_alias() -> None:
    assert problems("a: *nowhere\n") == [("yaml-syntax", 1, 4)]


def test_nesting_deeper_than_the_limit() -> None:
    depth = MAX_DEPTH + 5
    found = problems("a: " + "[" * depth + "]" * depth + "\n")
    assert [code for code, _, _ in found] == ["yaml-limit"]


def test_nesting_at_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1
    assert problems("[" * depth + "]" * depth + "\n") == []


def test_file_larger_than_the_limit() -> None:
    found = problems(b"a: " + b"x" * MAX_BYTES + b"\n")
    assert found == [("yaml-limit", 1, 1)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a: 1\nb: café\n".encode("latin-1"), ("encoding", 2, 7)),
        (b"a: 1\nb: x\0y\n", ("encoding", 2, 5)),
        (b"a: \x07\n", ("encoding", 1, 4)),
        (b"", ("yaml-syntax", 1, 1)),
        (b"# only a comment\n\n", ("yaml-syntax", 1, 1)),
        (b"a: 1\n---\nb: 2\n", ("yaml-syntax", 2, 1)),
        (b"1: x\n", ("yaml-syntax", 1, 1)),
        (b"? [a, b]\n: x\n", ("yaml-syntax", 1, 3)),
        (b"a: b: c\n", ("yaml-syntax", 1, 5)),
        (b"a:\n\t- b\n", ("yaml-syntax", 2, 1)),
        (b"a: 'unclosed\n", ("yaml-syntax", 1, 4)),
    ],
)
def test_unreadable_files_are_clean_errors_with_a_position(
    raw: bytes, expected: tuple[str, int, int]
) -> None:
    assert problems(raw) == [expected]


def test_a_utf8_bom_is_fine() -> None:
    document, found = load("\ufeffa: é\n".encode())
    assert found == []
    assert document is not None
    assert document.data == {"a": "é"}


def test_tab_indentation_says_to_use_spaces() -> None:
    _, found = load(b"a:\n\t- b\n")
    assert found[0].message.endswith("is not allowed in a catalog file: use spaces")


def test_values_are_counted_once_however_deep() -> None:
    rows = "".join(f"- {{id: s{i}, name: S}}\n" for i in range(30_000))
    document, found = load("silos:\n" + rows)
    assert found == []
    assert document is not None
    assert len(document.data["silos"]) == 30_000


@pytest.mark.parametrize("raw", ["a: 1\n".encode("utf-16"), "a: 1\n".encode("utf-16-be")])
def test_utf16_is_named(raw: bytes) -> None:
    _, found = load(raw)
    assert [d.message for d in found] == ["file is UTF-16 or UTF-32: save it as UTF-8"]


@pytest.mark.parametrize(
    ("text", "position", "opener"),
    [
        ("a: 1\ntags: [onboarding\nb: 2\n", (2, 7), "'['"),
        ("a: 1\nx: {b: 1\n", (2, 4), "'{'"),
        ('a: 1\ntitle: "Open an\nb: 1\n', (2, 8), "quote"),
    ],
)
def test_an_unclosed_bracket_or_quote_is_reported_where_it_opens(
    text: str, position: tuple[int, int], opener: str
) -> None:
    _, [d] = load(text)
    assert (d.line, d.column) == position
    assert d.message.startswith(f"invalid YAML: this {opener} is never closed")
