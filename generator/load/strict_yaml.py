"""Strict YAML: plain data only, with positions, and a clean diagnostic for every hazard.

PyYAML's own constructors follow YAML 1.1 (`no` is false, `0755` is 493, dates become
`datetime.date`, the last of two duplicate keys silently wins, tags construct Python
objects). Here the parser's events are composed by hand instead, so that nothing is
ever constructed from a tag and every scalar means what a person wrote:

- plain scalars follow the YAML 1.2 core schema: only `true`/`false` are booleans,
  only `null`/`~`/nothing is null, numbers are decimal (`0o`/`0x` prefixed ints too);
  everything else, `yes`, `on`, `2026-09-14`, `0755`, `12:30`, is text;
- a key given twice, a key that is not text, any explicit tag, a second document,
  an alias that contains itself, or more than `MAX_VALUES` values (billion laughs)
  is an error with the file, line and column;
- no text holds a control character, however it is written (`"\\x00"`, `"\\e"`).

Files are parsed by libyaml alone, and its reading checked where it departs from YAML 1.2
(`yaml_parser.py`, `characters.py`); its errors are reworded by `yaml_errors.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NoReturn

import yaml

from generator.diagnostics import Diagnostic, Location, describe, error, excerpt
from generator.load import characters, yaml_parser
from generator.load.document import Document, Path
from generator.load.yaml_errors import position, reader_error, syntax_error

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_VALUES = 200_000

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_RADIX_INT = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)"
)
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class _Abort(Exception):
    """Stops composing a file after a problem that makes the rest unreadable."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def resolve_plain(text: str) -> Any:
    """The value of an unquoted scalar under the YAML 1.2 core schema (see module doc)."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _RADIX_INT.fullmatch(text):
        return int(text, 0)
    if _FLOAT.fullmatch(text):
        number = float(text)
        return number if abs(number) != float("inf") else text
    return text


def decode(
    raw: bytes, file: str, limit: int = MAX_BYTES, limit_code: str = "yaml-limit"
) -> str | Diagnostic:
    """UTF-8 text of a file (a BOM is dropped), or the diagnostic saying why not."""
    if len(raw) > limit:
        return error(
            limit_code,
            f"file is larger than the limit of {limit:,} bytes: split it into smaller files",
            Location(file),
        )
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(raw) > 1 and 0 in raw[:2]):
        return error("encoding", "file is UTF-16 or UTF-32: save it as UTF-8", Location(file))
    nul = raw.find(b"\0")
    if nul >= 0:
        return error(
            "encoding", "file contains a NUL byte: is it binary?", _byte_location(raw, nul, file)
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return error(
            "encoding",
            f"file is not UTF-8 (byte 0x{raw[e.start]:02x}): save it as UTF-8",
            _byte_location(raw, e.start, file),
        )


def load_yaml(raw: bytes, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read one YAML file strictly: its document (None if unreadable) and the problems."""
    text = decode(raw, file)
    if isinstance(text, Diagnostic):
        return None, [text]
    prepared = characters.prepare(text)
    if isinstance(prepared, tuple):
        index, message = prepared
        return None, [error("encoding", message, Location(file, *position(text, index)))]
    composer = _Composer(file, prepared)
    try:
        data = composer.run(yaml_parser.parse(prepared.text))
    except _Abort as abort:
        return None, [*composer.problems, abort.diagnostic]
    except yaml.MarkedYAMLError as e:
        found = syntax_error(e, prepared.text, file)
        message = prepared.restore(found.message)
        return None, [*composer.problems, error(found.code, message, found.location)]
    except yaml.YAMLError as e:  # reader errors carry a position but no mark
        return None, [*composer.problems, reader_error(e, prepared.text, file)]
    if composer.unreadable:
        return None, composer.problems
    document = Document(file, data, composer.values, composer.keys)
    return document, composer.problems


class _Composer:
    """Builds plain Python data from parser events, recording positions as it goes."""

    def __init__(self, file: str, prepared: characters.Prepared) -> None:
        self.file = file
        self.prepared = prepared
        self.checks = yaml_parser.Checks(prepared.text)
        self.flow = 0  # how many brackets or braces the current node is inside
        self.indents = [-1]  # the columns of the block collections it is inside
        self.closed: yaml.Event | None = None  # the end event of the last collection
        self.unreadable = False  # a problem that makes the data unsafe to hand on
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}
        self.problems: list[Diagnostic] = []
        self.anchors: dict[str, tuple[Any, int] | None] = {}
        self.count = 0
        self.events: Iterator[yaml.Event] = iter(())

    def run(self, events: Iterator[yaml.Event]) -> Any:
        self.events = events
        self._expect(yaml.StreamStartEvent)
        empty = _Abort(error("yaml-syntax", "file is empty: it needs data", Location(self.file)))
        start = next(self.events)
        if isinstance(start, yaml.StreamEndEvent):
            raise empty
        self._check(self.checks.document_start(start))
        data, _ = self._node((), next(self.events), 0)
        end = next(self.events)
        self._check(self.checks.document_end(end))
        extra = next(self.events)
        if not isinstance(extra, yaml.StreamEndEvent):
            self._abort(
                extra,
                "yaml-syntax",
                "a second YAML document ('---') is not allowed: one file holds one document",
            )
        if data is None:
            raise empty
        return data

    def _expect(self, kind: type[yaml.Event]) -> None:
        event = next(self.events)
        if not isinstance(event, kind):  # pragma: no cover - the parser guarantees the order
            self._abort(event, "yaml-syntax", f"unexpected {type(event).__name__}")

    def _node(self, path: Path, event: yaml.Event, depth: int) -> tuple[Any, int]:
        """Compose the node that starts with `event`: its value and how many values it holds."""
        self.values[path] = _position(event)
        if type(event) is not yaml.ScalarEvent or self.checks.wanted(event, self.flow > 0):
            self._check(self.checks.node(event, self.flow > 0, self.indents[-1]))
        if isinstance(event, yaml.AliasEvent):
            return self._alias(event)
        self._check_tag(event)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.anchors[anchor] = None  # open: an alias to it now would contain itself
        if isinstance(event, yaml.ScalarEvent):
            value: Any = (
                self._scalar(event)
                if event.style or self.prepared.swapped
                else resolve_plain(event.value)
            )
            size = 1
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if depth >= MAX_DEPTH:
                self._abort(
                    event, "yaml-limit", f"values are nested more than {MAX_DEPTH} levels deep"
                )
            value, size = self._collection(event, path, depth)
        else:  # pragma: no cover - the parser guarantees a node here
            self._abort(event, "yaml-syntax", f"unexpected {type(event).__name__}")
        self._count(1, event)
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        return value, size

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        text: str = event.value
        if self.prepared.swapped:
            text = self.prepared.restore(text)
        if event.style == '"':  # the one style that writes characters as escapes
            character = characters.control_character(text)
            if character is not None:
                self.unreadable = True
                self._problem(
                    event,
                    "encoding",
                    f"this text holds {characters.describe_character(character)}, written "
                    "as an escape: a catalog file may not hold it, however it is written; "
                    "remove it",
                )
        return text if event.style else resolve_plain(text)

    def _collection(self, event: yaml.Event, path: Path, depth: int) -> tuple[Any, int]:
        flow = bool(getattr(event, "flow_style", False))
        if flow:
            self.flow += 1
        else:
            self.indents.append(self.checks.block_column(event))
        value: Any
        if isinstance(event, yaml.MappingStartEvent):
            value, size = self._mapping(path, depth)
        else:
            value, size = self._sequence(path, depth)
        if flow:
            self.flow -= 1
            assert self.closed is not None
            found = self.checks.flow_end(event, self.closed, self.flow > 0, self.indents[-1])
            self._check(found)
        else:
            self.indents.pop()
        return value, size

    def _mapping(self, path: Path, depth: int) -> tuple[dict[str, Any], int]:
        mapping: dict[str, Any] = {}
        size = 1
        for event in self.events:
            if isinstance(event, yaml.MappingEndEvent):
                self.closed = event
                return mapping, size
            key, _ = self._node((*path, "\0key"), event, depth + 1)
            del self.values[(*path, "\0key")]
            value_event = next(self.events)
            if not isinstance(key, str):
                empty = isinstance(event, yaml.ScalarEvent) and not event.value
                self._problem(
                    event,
                    "yaml-syntax",
                    "an empty key is valid YAML but not allowed in a catalog file: write the key"
                    if empty
                    else f"a key must be text, found {describe(key)}: quote it",
                )
                self._node((*path, "\0bad-key"), value_event, depth + 1)
                continue
            child = (*path, key)
            if key in mapping:
                first_line = self.keys[child][0]
                self._problem(
                    event,
                    "duplicate-key",
                    f"key {excerpt(key)} is given twice in this mapping (first on line {first_line}): "
                    "keep one",
                )
                self._node((*path, "\0duplicate"), value_event, depth + 1)
                continue
            self.keys[child] = _position(event)
            mapping[key], child_size = self._node(child, value_event, depth + 1)
            size += child_size
        raise AssertionError("unterminated mapping")  # pragma: no cover

    def _sequence(self, path: Path, depth: int) -> tuple[list[Any], int]:
        sequence: list[Any] = []
        size = 1
        for event in self.events:
            if isinstance(event, yaml.SequenceEndEvent):
                self.closed = event
                return sequence, size
            item, item_size = self._node((*path, len(sequence)), event, depth + 1)
            sequence.append(item)
            size += item_size
        raise AssertionError("unterminated sequence")  # pragma: no cover

    def _alias(self, event: yaml.AliasEvent) -> tuple[Any, int]:
        name = excerpt(event.anchor or "", quoted=False)
        if event.anchor not in self.anchors:
            self._abort(event, "yaml-syntax", f"alias *{name} has no anchor &{name}")
        target = self.anchors[event.anchor]
        if target is None:
            self._abort(
                event,
                "yaml-syntax",
                f"alias *{name} is inside the value it names: a value cannot contain itself",
            )
        value, size = target
        self._count(size, event)
        return value, size

    def _count(self, size: int, event: yaml.Event) -> None:
        self.count += size
        if self.count > MAX_VALUES:
            self._abort(
                event,
                "yaml-limit",
                f"file expands to more than {MAX_VALUES:,} values "
                "(aliases repeating aliases?): write the data out plainly",
            )

    def _check_tag(self, event: yaml.Event) -> None:
        tag = getattr(event, "tag", None)
        if tag is None:
            return
        shown = excerpt(tag.replace("tag:yaml.org,2002:", "!!"), quoted=False)
        self._problem(
            event,
            "yaml-tag",
            f"tag {shown} is not allowed: catalog files hold plain data only "
            "(remove the tag; quote the value if it is text)",
        )

    def _check(self, found: tuple[int, str] | None) -> None:
        if found is not None:
            index, message = found
            line, column = position(self.prepared.text, index)
            message = self.prepared.restore(message)
            raise _Abort(error("yaml-syntax", message, Location(self.file, line, column)))

    def _problem(self, event: yaml.Event, code: str, message: str) -> None:
        self.problems.append(error(code, message, self._location(event)))

    def _abort(self, event: yaml.Event, code: str, message: str) -> NoReturn:
        raise _Abort(error(code, message, self._location(event)))

    def _location(self, event: yaml.Event) -> Location:
        line, column = _position(event)
        return Location(self.file, line, column)


def _position(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _byte_location(raw: bytes, offset: int, file: str) -> Location:
    before = raw[:offset]
    return Location(file, before.count(b"\n") + 1, offset - before.rfind(b"\n"))
