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


def messages(text: str) -> list[tuple[str, int, int, str]]:
    _, found = load(text)
    return [(d.code, d.line, d.column, d.message) for d in found]


@pytest.mark.parametrize(
    ("text", "position", "says"),
    [
        (
            'title: "Files in C:\\Users\\me"\n',
            (1, 20),
            "'\\U' starts an escape in double quotes and needs 8 hex digits after it: "
            "write '\\\\' for a backslash, or use single quotes",
        ),
        ('title: "Tab\\qhere"\n', (1, 12), "'\\q' is not an escape in double quotes"),
        ('title: "\\x4"\n', (1, 9), "'\\x' starts an escape in double quotes and needs 2 hex"),
        ("channels: [web, , phone]\n", (1, 17), "a value is missing before this ','"),
        ("x: {a: :b}\n", (1, 8), "or text starting with ':', inside brackets or braces is valid"),
        ("x: {a: b c: d}\n", (1, 11), "expected ',' or '}' here, inside the '{' opened on line 1"),
        ("x: {a\n  b: c}\n", (2, 4), "a key over several lines, or a ':' on the line after its"),
        ("x: {a\n  : c}\n", (2, 3), "a key over several lines, or a ':' on the line after its"),
        ("a: 1\nb: [\n", (2, 4), "this '[' is never closed"),
        ("a: 1\r\nb: {c: [\r\n", (2, 8), "this '[' is never closed"),
        ("a: {b: [1, 2}\n", (1, 13), "expected ',' or ']' here, inside the '[' opened on line 1"),
        ('{"f{oo": [1}\n', (1, 12), "expected ',' or ']' here, inside the '[' opened on line 1"),
        ("a: x\nb: 'it''s\n", (2, 4), "this quote is never closed"),
        ('a: "x\n... y"\n', (2, 1), "a line starting with '...' inside the value begun on line 1"),
        ("a: [x,\n--- ]\n", (2, 1), "'---' at the start of a line marks a YAML document"),
        ("[a, b] ]\n", (1, 8), "more text after the value has ended"),
        (
            "- [a, b] ]\n",
            (1, 10),
            "expected '-' indicator (while parsing a block collection): "
            "each item of this list starts with '- '",
        ),
        ("a: {b: 1\n  c: 2}\n", (2, 4), "expected ',' or '}' before this key, inside the '{'"),
        ("a: [b\n  : 2]\n", (2, 3), "a key and its ':' must be on one line inside the '['"),
        (
            "a: &b:c 1\n",
            (1, 4),
            "the name in '&b:c' is valid YAML but not allowed in a catalog file",
        ),
        ("a: &😁 1\n", (1, 4), "the name in '&😁' is valid YAML but not allowed"),
        ("a: &no%de 1\n", (1, 4), "the name in '&no%de' is valid YAML but not allowed"),
        ("a: 1\nb: *no%de\n", (2, 4), "the name in '*no%de' is valid YAML but not allowed"),
        (">\na folded\n text\n", (2, 1), "the text of a '|' or '>' at the top of the file"),
        ("a:\n  - , b\n", (2, 5), "a value cannot start with ',' outside brackets or braces"),
        ("a:\n  : 1\n", (2, 3), "an empty key is valid YAML but not allowed in a catalog file"),
        ("%YAML 1.2\n---\na: 1\n", (1, 1), "a directive ('%YAML', '%TAG') is valid YAML but not"),
        ("a: 1\n...\n", (2, 1), "'...' (the end of a document) is valid YAML but not allowed"),
        ("a:\n  - b:\t1\n  -\tc\n", (3, 4), "a tab in a line's indentation, or after '-', '?' or"),
    ],
)
def test_a_message_names_what_is_wrong_where_it_is(
    text: str, position: tuple[int, int], says: str
) -> None:
    [(code, line, column, message)] = messages(text)
    assert (code, line, column) == ("yaml-syntax", *position)
    assert says in message


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ('key: "value"# comment\n', (1, 13)),
        ("key: 'value'# comment\n", (1, 13)),
        ("key: [a, b]# comment\n", (1, 12)),
        ("key: {a: b}# comment\n", (1, 12)),
        ("key: [a, b,# comment\n  c]\n", (1, 12)),
        ("key: [# comment\n  a]\n", (1, 7)),
        ('key: ["a"# comment\n  ]\n', (1, 10)),
        ('key: {"a":# comment\n  }\n', (1, 11)),
        ('"key":# comment\n  value\n', (1, 7)),
        ("key: [a, b]\nother: *key# comment\n", None),
        ("block: ># comment\n  text\n", (1, 8)),
        ("block: |-# comment\n  text\n", (1, 8)),
        ("block: |2# comment\n    text\n", (1, 8)),
        ("[-]\n", (1, 2)),
        ("- [-, -]\n", (1, 4)),
        ("channels: [web, -]\n", (1, 17)),
        ("x: {a: -}\n", (1, 8)),
        ("x: [?]\n", None),
        ('title: "Open\nan account"\n', (2, 1)),
        ("channels: [web,\nphone]\n", (2, 1)),
        ("channels: [web,\n  phone\n]\n", (3, 1)),
        ("stages:\n  - name: 'Join\n  us'\n", (3, 3)),
        ('title: "Open\n\tan account"\n', (2, 1)),
        ('- {"a\n# b": c}\n', (2, 1)),
        ("empty: >\n \n  \n   \n # comment\n", (5, 2)),
        ("a:\n>\n x\n", (2, 1)),
        ("b:\n  a:\n  |\n    x\n", (3, 3)),
        ("-\n|\n x\n", (2, 1)),
    ],
)
def test_yaml_other_tools_refuse_is_refused(text: str, position: tuple[int, int] | None) -> None:
    document, found = load(text)
    assert document is None
    assert found
    if position is not None:
        assert (found[0].line, found[0].column) == position


def test_a_comment_after_a_space_and_text_with_hash_marks_are_fine() -> None:
    document, found = load(
        "a: 'x' # one\nb: [c, d] # two\nc: issue#5\nd: |  # three\n  e\nf: [g, h#i]\n"
    )
    assert found == []
    assert document is not None
    assert document.data == {
        "a": "x",
        "b": ["c", "d"],
        "c": "issue#5",
        "d": "e\n",
        "f": ["g", "h#i"],
    }


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("key: &anchor value\n", {"key": "value"}),
        ("key: [?x]\n", None),
        ("{ ?foo: bar }\n", None),
        ("key: &an:chor value\n", None),
        ("a: &x 1\nb: *x:y\n", None),
        ("?x: 1\n", {"?x": 1}),
        ("foo: |\n  x\n   ", {"foo": "x\n \n"}),
        ("foo: |\n  x\n   \n", {"foo": "x\n \n"}),
        ("foo: |\n  x", {"foo": "x\n"}),  # the end of the file ends the line, as in the suite
        ("foo: |-\n  x", {"foo": "x"}),
        ("foo: |+\n  x\n ", {"foo": "x\n\n"}),
        ("foo: >\n  x\n  y\n", {"foo": "x y\n"}),
        ("foo:\n >\n  x\n", {"foo": "x\n"}),
        ("- a:\n   |\n    x\n", [{"a": "x\n"}]),
        ("title: Open account\t\n", {"title": "Open account"}),
        ("a:\n  - 'x\n   y'\n", {"a": ["x y"]}),
        ("a: [x,\n  y]\n", {"a": ["x", "y"]}),
        ("a: [x,\n# comment\n  y]\n", {"a": ["x", "y"]}),
        ("[x,\ny]\n", ["x", "y"]),
    ],
)
def test_values_are_read_as_yaml_reads_them_or_refused(text: str, value: object) -> None:
    """None: libyaml reads it differently from YAML 1.2, so it is refused."""
    document, found = load(text)
    if value is None:
        assert document is None
        assert [d.code for d in found] == ["yaml-syntax"]
    else:
        assert found == []
        assert document is not None
        assert document.data == value


@pytest.mark.parametrize(
    ("escape", "character"),
    [
        ("\\x00", "U+0000"),
        ("\\0", "U+0000"),
        ("\\u0007", "U+0007"),
        ("\\a", "U+0007"),
        ("\\b", "U+0008"),
        ("\\v", "U+000B"),
        ("\\f", "U+000C"),
        ("\\r", "U+000D"),
        ("\\e", "U+001B"),
        ("\\x1b[31m", "U+001B"),
        ("\\U0000001F", "U+001F"),
        ("\\x7f", "U+007F"),
        ("\\x85", "U+0085"),
        ("\\N", "U+0085"),
        ("\\x9b", "U+009B"),
        ("\\uFFFE", "U+FFFE"),
        ("\\uffff", "U+FFFF"),
    ],
)
def test_a_control_character_written_as_an_escape_is_refused(escape: str, character: str) -> None:
    document, found = load(f'id: x\ntitle: "Move {escape} home"\n')
    assert document is None
    [(code, line, column, message)] = [(d.code, d.line, d.column, d.message) for d in found]
    assert (code, line, column) == ("encoding", 2, 8)
    assert message.startswith(f"this text holds {character} (")
    assert message.endswith(
        "written as an escape: a catalog file may not hold it, however it is written; remove it"
    )


def test_a_control_character_in_a_key_is_refused_too() -> None:
    assert problems('"a\\0": 1\n') == [("encoding", 1, 1)]


@pytest.mark.parametrize("escape", ["\\ud83c", "\\ud83c\\udfe6", "\\uDFFF", "\\U0000D800"])
def test_half_a_surrogate_pair_is_refused_and_named(escape: str) -> None:
    [(code, line, column, message)] = messages(f'title: "Open {escape} account"\n')
    assert (code, line, column) == ("yaml-syntax", 1, 14)
    assert "is half of a UTF-16 surrogate pair, not a character" in message


@pytest.mark.parametrize(
    ("raw", "position", "character"),
    [
        ("a: 1\nb: x\x85y\n", (2, 5), "U+0085 (NEXT LINE, a control character)"),
        ("a: 1\nb: x\x9by\n", (2, 5), "U+009B (a control character)"),
        ("a: 1\nb: x\x0cy\n", (2, 5), "U+000C (a control character)"),
        ("a: 1\nb: x\x7fy\n", (2, 5), "U+007F (a control character)"),
        ("a: \u2028\nb: x\ufffey\n", (2, 5), "U+FFFE (not a character)"),
        ("a: 1\nb: x\ufeffy\n", (2, 5), "U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
    ],
)
def test_a_control_character_written_as_it_is_is_named_where_it_is(
    raw: str, position: tuple[int, int], character: str
) -> None:
    assert messages(raw) == [
        (
            "encoding",
            *position,
            f"file cannot be read as YAML text: {character} is not allowed: remove it",
        )
    ]


@pytest.mark.parametrize("escape", ["\\t", "\\n", "\\u00e9", "\\U0001F3E6", "\\L", "\\P", "\\_"])
def test_escapes_of_text_are_fine(escape: str) -> None:
    document, found = load(f'title: "a{escape}b"\n')
    assert found == []
    assert document is not None


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
@pytest.mark.parametrize(
    "template",
    ["title: a{s}b\n", "title: 'a{s}b'\n", 'title: "a{s}b"\n', "title: |\n  a{s}b\n", "a{s}b: 1\n"],
)
def test_a_line_or_paragraph_separator_is_text_and_keeps_positions(
    separator: str, template: str
) -> None:
    text = template.format(s=separator)
    document, found = load(text + "next: [1, 2]\n")
    assert found == []
    assert document is not None
    assert f"a{separator}b" in [*document.data, *document.data.values()] or (
        document.data["title"] == f"a{separator}b\n"
    )
    assert document.at(("next",)).line == text.count("\n") + 1
    assert document.at(("next", 1)).column == 11


def test_positions_count_lines_as_editors_do() -> None:
    text = "a: x\u2028y\nb: x\u2029y\nc: |\n  x\u2028y\nd: {e: [\n"
    assert problems(text) == [("yaml-syntax", 5, 8)]


@pytest.mark.parametrize(
    "title",
    [
        "فتح حساب جديد",
        "פתיחת חשבון",
        "e\u0301te\u0301 — Ouvrir un compte",
        "🏦 Open account",
        "👨\u200d👩\u200d👧\u200d👦 Family account",
        "x" * 500,
        "🏦" * 500,
        "Open\u00a0account\u200b",
        "a\u0085b".replace("\u0085", "\u2028"),
    ],
)
@pytest.mark.parametrize("quoting", ["{}", "'{}'", '"{}"', "|-\n  {}"])
def test_any_text_loads_exactly_as_written(title: str, quoting: str) -> None:
    text = f"title: {quoting.format(title)}\nafter: 1\n"
    document, found = load(text)
    assert found == []
    assert document is not None
    assert document.data == {"title": title, "after": 1}
    assert document.at(("after",)).line == text.count("\n")
    assert document.at(("title",)).column == 8
