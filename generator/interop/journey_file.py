"""Writing a starter journey as a file a person reads and edits: the editor's schema line
first, a few comments saying what to do with it, and each value on one line of YAML that
the strict loader reads back exactly."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from generator.interop.starter import Starter
from generator.load.files import read_regular
from generator.load.strict_yaml import resolve_plain
from generator.validate.schema import schema_dir

#: What YAML reads as a line break, even inside quotes (PyYAML may write them raw).
_BREAKS = set("\n\r\x85\u2028\u2029")


def yaml_scalar(value: object, flow: bool = False) -> str:
    """A value as one line of YAML that the strict loader reads back as exactly that value;
    a list in flow style (`[a, b]`), whose items follow flow's stricter rules."""
    if isinstance(value, list):
        return "[" + ", ".join(yaml_scalar(v, flow=True) for v in value) + "]"
    if not isinstance(value, str):
        return yaml.safe_dump(value).removesuffix("\n...\n").strip()
    if flow:  # PyYAML knows which plain text flow allows: ask it for a one-item list
        text = _dump([value], flow=True).strip()[1:-1]
    else:
        text = _dump(value).removesuffix("\n...\n").removesuffix("\n")
    if set(text) & _BREAKS or (text[:1] not in ("'", '"') and resolve_plain(text) != value):
        text = _dump(value, style='"').removesuffix("\n")
    return text


def _dump(value: object, flow: bool | None = None, style: str | None = None) -> str:
    return yaml.safe_dump(
        value, default_flow_style=flow, default_style=style, allow_unicode=True, width=1 << 30
    )


def to_yaml(starter: Starter, schema: str, source: str) -> tuple[str, list[tuple[int, str]]]:
    """The journey file's text, and the line of each field to check with why."""
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# A starter journey, imported from {source} by `journeys import mermaid`.",
        "# Check the lines marked `check`, add what a diagram cannot say (customer,",
        "# frontstage, backstage, data_sources, pain_points ...), then remove",
        "# `status: draft` to publish it.",
    ]
    checks: list[tuple[int, str]] = []
    _emit(starter.data, 0, (), starter.checks, lines, checks)
    return "\n".join(lines) + "\n", checks


def _emit(
    data: dict[str, Any],
    indent: int,
    path: tuple[str | int, ...],
    notes: dict[tuple[str | int, ...], str],
    lines: list[str],
    checks: list[tuple[int, str]],
) -> None:
    pad = " " * indent
    for key, value in data.items():
        here = (*path, key)
        note = notes.get(here)
        if note is not None:
            checks.append((len(lines) + 1, note))
        comment = f"  # check: {note}" if note else ""
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{pad}{key}:{comment}")
            for i, item in enumerate(value):
                start = len(lines)
                _emit(item, indent + 4, (*here, i), notes, lines, checks)
                lines[start] = f"{pad}  - {lines[start].lstrip()}"
        else:
            lines.append(f"{pad}{key}: {yaml_scalar(value)}{comment}")


def schema_reference(out: Path, root: Path, journeys: Iterable[Path]) -> str:
    """What the new file's `$schema=` names: the schema the catalog's journeys already name
    (relative to the new file, or their URL), else the schema folder beside the catalog,
    else the one this tool ships."""
    candidates: list[Path] = []
    for journey in journeys:
        try:
            first = read_regular(journey).decode("utf-8-sig").partition("\n")[0]
        except (OSError, ValueError):
            continue
        match = re.match(r"#\s*yaml-language-server:\s*\$schema=(\S+)", first)
        if match and "://" in match.group(1):
            return match.group(1)
        if match:
            candidates.append(journey.parent / match.group(1))
    candidates += [
        root.parent / "schema" / "journey.schema.json",
        schema_dir() / "journey.schema.json",
    ]
    target = next(c for c in candidates if c.is_file())
    try:
        return Path(os.path.relpath(target.resolve(), out.parent.resolve())).as_posix()
    except ValueError:  # another drive: no relative path exists
        return target.resolve().as_uri()
