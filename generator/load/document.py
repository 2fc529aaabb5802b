"""A loaded file: plain data plus the line and column of every key and value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Location

#: A path into a document: mapping keys and sequence indexes, from the root.
Path = tuple[str | int, ...]


@dataclass(eq=False)
class Document:
    """The data of one YAML (or CSV) file and where each of its values was written.

    `values` maps a path to the position of the value at that path; `keys` maps a
    path to the position of the key that introduced it. A path with no position of
    its own (a value reached through an alias) reports its nearest ancestor's.
    """

    file: str
    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: Path = ()) -> Location:
        """Where the value at `path` was written."""
        return self._find(self.values, path)

    def key_at(self, path: Path) -> Location:
        """Where the key that introduced `path` was written (its value's place if none)."""
        if path in self.keys:
            line, column = self.keys[path]
            return Location(self.file, line, column)
        return self.at(path)

    def _find(self, table: dict[Path, tuple[int, int]], path: Path) -> Location:
        while path not in table and path:
            path = path[:-1]
        line, column = table.get(path, (1, 1))
        return Location(self.file, line, column)
