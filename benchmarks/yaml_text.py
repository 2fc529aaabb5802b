"""YAML text for the synthetic catalog, in the example catalog's hand-written style.

Written by hand rather than by a YAML library so that lists of ids come out in flow
style and history points as one-line mappings. Every value reads back as the type it
was written as, under YAML 1.1 (PyYAML) and 1.2 (the project's loader, ruamel).
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'()/%&+£-]*")
# Plain words that some YAML loader (1.1 or 1.2) reads as something other than text.
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar(value: Any) -> str:
    """One value as YAML text that every loader reads back as the same type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and text.lower() not in _RESERVED
        and not text.endswith(" ")
        and ": " not in text
        and " #" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted strings


def dump(data: dict[str, Any], spaced: tuple[str, ...] = ()) -> str:
    """A mapping as block YAML in the style of the example catalog.

    Lists of ids are written in flow style (`[a, b]`), history points as flow mappings,
    long or Markdown text as folded blocks; keys in `spaced` get a blank line before them.
    """
    lines: list[str] = []
    _mapping(data, 0, lines, spaced=spaced)
    return "\n".join(lines) + "\n"


def _mapping(
    data: dict[str, Any],
    indent: int,
    lines: list[str],
    first: str | None = None,
    spaced: tuple[str, ...] = (),
) -> None:
    pad = " " * indent
    for i, (key, value) in enumerate(data.items()):
        if key in spaced:
            lines.append("")
        _entry(f"{first if i == 0 and first is not None else pad}{key}:", value, indent, lines)


def _entry(head: str, value: Any, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        lines.append(head)
        _mapping(value, indent + 2, lines)
    elif isinstance(value, list) and all(isinstance(x, str) and ID.fullmatch(x) for x in value):
        lines.append(f"{head} [{', '.join(value)}]")
    elif isinstance(value, list):
        lines.append(head)
        for item in value:
            if isinstance(item, dict) and set(item) == {"period", "value"}:
                point = f"{{period: {scalar(item['period'])}, value: {scalar(item['value'])}}}"
                lines.append(f"{pad}  - {point}")
            elif isinstance(item, dict):
                _mapping(item, indent + 4, lines, first=f"{pad}  - ")
            else:
                lines.append(f"{pad}  - {scalar(item)}")
    elif isinstance(value, str) and (len(value) > 90 or "**" in value):
        lines.append(f"{head} >-")
        for line in textwrap.wrap(value, 76, break_long_words=False, break_on_hyphens=False):
            lines.append(f"{pad}  {line}")
    else:
        lines.append(f"{head} {scalar(value)}")
