"""YAML written as text, so that comments and layout survive: scalars that read back as
written, the editor's schema line, aligned comments, and an entry added to a block list
without changing a byte of what was there."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Refused
from generator.load.document import Document
from generator.load.files import CATALOG_FILE, display_path, read_regular
from generator.load.strict_yaml import load_yaml
from generator.validate.schema import schema_dir

SCHEMA_LINE = "# yaml-language-server: $schema="
#: The column trailing comments start at, as in the format's examples.
COMMENT_COLUMN = 40
#: The layout of a list this module starts, as in the example catalog: `  - id: ...`.
DEFAULT_DASH, DEFAULT_KEYS = 2, 4


def scalar(value: str | float | bool) -> str:
    """`value` as a one-line YAML scalar that the catalog's reader reads back exactly.

    Plain when that is safe (`Open an account`), else quoted by PyYAML (`'a: #b'`), else
    double-quoted with escapes, which always fits on one line. Each choice is read back
    with the strict reader, so YAML 1.1 and 1.2 differences (`1e3`, `0o17`) cannot creep in.
    """
    for style in (None, '"'):
        text = yaml.safe_dump(value, default_style=style, allow_unicode=True, width=1 << 30)
        text = text.removesuffix("\n...\n").removesuffix("\n")
        if "\n" not in text and _reads_back(text, value):
            return text
    raise ValueError(f"cannot write {value!r} as YAML")  # pragma: no cover - '"' always does


def _reads_back(text: str, value: Any) -> bool:
    """Whether the catalog's strict reader reads `text`, as a field's value, as `value`."""
    document, problems = load_yaml(f"v: {text}\n".encode(), "<value>")
    return document is not None and not problems and document.data == {"v": value}


def commented(line: str, comment: str) -> str:
    """`line` with `# comment` after it, aligned at COMMENT_COLUMN when it fits."""
    if not comment:
        return line
    return f"{line.ljust(COMMENT_COLUMN - 2)}  # {comment}"


def schema_reference(file: Path, root: Path, name: str) -> str:
    """What the schema line of `file` names for the schema `name` (`journey`, `silos`, ...).

    The catalog's own choice first: the folder, or the site, that catalog.yaml's schema
    line names, when it holds this schema too. Otherwise the schemas the validator reads,
    relative to the file: the repository's `schema/` folder, or the installed package's.
    """
    target = f"{name}.schema.json"
    declared = declared_schema(root / CATALOG_FILE, root)
    if declared and "://" in declared:
        return f"{declared.rsplit('/', 1)[0]}/{target}"
    if declared and (root / declared).parent.joinpath(target).is_file():
        return _relative((root / declared).parent / target, file.parent)
    return _relative(schema_dir() / target, file.parent)


def declared_schema(path: Path, root: Path) -> str | None:
    """The schema the first line of `path`, a file of the catalog at `root`, names for the
    YAML language server, if it names one."""
    try:
        first = read_regular(path, root.resolve()).decode("utf-8-sig").partition("\n")[0].strip()
    except (OSError, ValueError):
        return None
    if not first.startswith(SCHEMA_LINE):
        return None
    return first.removeprefix(SCHEMA_LINE).strip() or None


def _relative(target: Path, folder: Path) -> str:
    try:
        return Path(os.path.relpath(target.resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive: only an absolute URI reaches it
        return target.resolve().as_uri()


@dataclass(frozen=True)
class Entry:
    """An entry to add to a list: its lines (the first gets the dash) and the data they hold."""

    lines: list[str]
    data: dict[str, Any]
    placeholders: list[str] = field(default_factory=list)


def add_entry(path: Path, root: Path, key: str, schema: str, entry: Entry) -> tuple[str, int]:
    """The text of `path` with `entry` added at the end of its top-level list `key`, and the
    line the entry starts at. A file that does not exist gets its schema line and the key.

    Every byte already in the file stays as it was: the entry is appended after the list's
    last item (at the end of the file when nothing follows the list), indented like the
    items before it. The result is read back, and must hold the old data plus the entry.
    """
    shown = display_path(path)
    text, newline = "", "\n"
    if path.exists():
        try:
            text = read_regular(path, root.resolve()).decode("utf-8")
        except OSError as e:
            raise Refused(f"{shown}: cannot read the file ({e.strerror}): fix it first") from e
        except UnicodeDecodeError as e:
            raise Refused(f"{shown}: cannot read the file ({e}): fix it first") from e
        newline = "\r\n" if "\r\n" in text else "\n"
    else:
        text = f"{SCHEMA_LINE}{schema_reference(path, root, schema)}\n"
    document = _read(text, shown)
    data: dict[str, Any] = document.data if document else {}
    if document is not None and key in data:
        new, start = _insert(text, document, key, entry, newline, shown)
    else:
        head = text if not text or text.endswith("\n") else text + newline
        new = head + f"{key}:{newline}" + _render(entry, DEFAULT_DASH, DEFAULT_KEYS, newline)
        start = head.count("\n") + 2
    expected = {**data, key: [*(data.get(key) or []), entry.data]}
    try:
        written = _read(new, shown)
    except Refused:  # what this command wrote does not read: not the file's fault
        written = None
    if written is None or written.data != expected:
        raise Refused(
            f"{shown}: the file is laid out in a way this command cannot add to: "
            "add the entry by hand"
        )
    return new, start


def _read(text: str, shown: str) -> Document | None:
    """The file's document, None when it holds nothing but comments; refuses a broken file."""
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return None
    document, problems = load_yaml(text.encode("utf-8"), shown)
    if document is None or problems or not isinstance(document.data, dict):
        where = problems[0] if problems else None
        found = f":{where.line}: {where.message}" if where else ": it is not a mapping of keys"
        raise Refused(f"{shown}{found}: fix the file first (journeys validate)")
    return document


def _insert(
    text: str, document: Document, key: str, entry: Entry, newline: str, shown: str
) -> tuple[str, int]:
    key_line, key_column = document.keys[(key,)]
    items = document.data[key]
    value_line, value_column = document.values[(key,)]
    lines = text.split("\n")  # every line but the last ended with "\n"
    if items in ([], None):  # `key: []` or `key:`, the list's first entry: a block list
        line = lines[key_line - 1].rstrip("\r")
        after = _EMPTY.fullmatch(line, key_column - 1)
        if after is not None:
            lines[key_line - 1] = line[: key_column - 1] + f"{key}:" + after[1]
            head = "\n".join(lines[:key_line]) + newline
            rest = "\n".join(lines[key_line:])
            dash = key_column + 1
            return head + _render(entry, dash, dash + 2, newline) + rest, key_line + 1
    if not isinstance(items, list) or value_line == key_line:
        raise Refused(
            f"{shown}:{key_line}: '{key}' is not a block list (one '- ' item per line): "
            "write it as one, or add the entry by hand"
        )
    dash = value_column - 1
    keys = document.values[(key, 0)][1] - 1 if items and isinstance(items[0], dict) else dash + 2
    indent_of_key = key_column - 1
    last = key_line - 1
    for number in range(key_line, len(lines)):
        line = lines[number].rstrip("\r")
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if not stripped:
            continue
        if stripped.startswith("#"):
            last = number if indent > indent_of_key else last
            continue
        is_item = stripped == "-" or stripped.startswith("- ")
        if indent < indent_of_key or (indent == indent_of_key and not is_item):
            break  # the next key: the entry goes after the list's last line
        last = number
    else:  # nothing follows the list: append at the very end of the file
        head = text if text.endswith("\n") else text + newline
        return head + _render(entry, dash, keys, newline), head.count("\n") + 1
    head = "\n".join(lines[: last + 1]) + "\n"
    rest = "\n".join(lines[last + 1 :])
    return head + _render(entry, dash, keys, newline) + rest, last + 2


#: A key with no list yet, from the key on: `key:` or `key: []`, and an optional comment.
_EMPTY = re.compile(r"[^:\s]+\s*:\s*(?:\[\s*\])?(\s*(?:#.*)?)")


def _render(entry: Entry, dash: int, keys: int, newline: str) -> str:
    first, *others = entry.lines
    out = [" " * dash + "-" + " " * (keys - dash - 1) + first]
    out.extend(" " * keys + line for line in others)
    return "".join(line + newline for line in out)
