"""A loaded file: plain data plus the line and column of every key and value."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Location

#: A path into a document: mapping keys and sequence indexes, from the root.
Path = tuple[str | int, ...]
Position = tuple[int, int]
#: A document's positions packed (`Document.pack`): each path's last step and the number of
#: its parent (path 0 is the root), then the (path number, line, column) of every value and
#: of every key, as arrays of unsigned ints in bytes.
Packed = tuple[tuple[str | int, ...], bytes, bytes, bytes]


class Positions(MutableMapping[Path, Position]):
    """Positions by path: a dict while a file is read, then, once packed, a few arrays that
    are made a dict again only when a position is asked for (a diagnostic in that file).

    A large catalog holds millions of positions, most of them never asked for: packed, a
    file's take a tenth of the memory.
    """

    __slots__ = ("_packed", "_table")

    def __init__(self, table: dict[Path, Position] | None = None) -> None:
        self._table: dict[Path, Position] | None = {} if table is None else table
        self._packed: tuple[tuple[str | int, ...], bytes, bytes] | None = None

    @classmethod
    def from_packed(cls, steps: tuple[str | int, ...], parents: bytes, flat: bytes) -> Positions:
        positions = cls()
        positions._table, positions._packed = None, (steps, parents, flat)
        return positions

    def _open(self) -> dict[Path, Position]:
        if self._table is None:
            assert self._packed is not None
            try:
                self._table = unpack(*self._packed)
            except ValueError:  # only a store made by hand: its file is then found, not its line
                self._table = {}
            self._packed = None
        return self._table

    def __getitem__(self, path: Path) -> Position:
        return self._open()[path]

    def __setitem__(self, path: Path, position: Position) -> None:
        self._open()[path] = position

    def __delitem__(self, path: Path) -> None:
        del self._open()[path]

    def __iter__(self) -> Iterator[Path]:
        return iter(self._open())

    def __len__(self) -> int:
        return len(self._open())

    def __contains__(self, path: object) -> bool:
        return path in self._open()

    def clear(self) -> None:
        self._table, self._packed = {}, None


@dataclass(eq=False)
class Document:
    """The data of one YAML (or CSV) file and where each of its values was written.

    `values` maps a path to the position of the value at that path; `keys` maps a
    path to the position of the key that introduced it. A path with no position of
    its own (a value reached through an alias) reports its nearest ancestor's.
    """

    file: str
    data: Any
    values: MutableMapping[Path, Position] = field(default_factory=dict)
    keys: MutableMapping[Path, Position] = field(default_factory=dict)

    def at(self, path: Path = ()) -> Location:
        """Where the value at `path` was written."""
        return self._find(self.values, path)

    def key_at(self, path: Path) -> Location:
        """Where the key that introduced `path` was written (its value's place if none)."""
        if path in self.keys:
            line, column = self.keys[path]
            return Location(self.file, line, column)
        return self.at(path)

    def _find(self, table: MutableMapping[Path, Position], path: Path) -> Location:
        while path not in table and path:
            path = path[:-1]
        line, column = table.get(path, (1, 1))
        return Location(self.file, line, column)

    def pack(self) -> Packed:
        """Pack the positions (see `Positions`), and return them packed, as a store keeps
        them; packing packed positions only returns them."""
        values, keys = self.values, self.keys
        if (
            isinstance(values, Positions)
            and isinstance(keys, Positions)
            and values._packed is not None
            and keys._packed is not None
            and values._packed[:2] == keys._packed[:2]
        ):
            return (*values._packed, keys._packed[2])
        packed = pack(values, keys)
        steps, parents, flat_values, flat_keys = packed
        self.values = Positions.from_packed(steps, parents, flat_values)
        self.keys = Positions.from_packed(steps, parents, flat_keys)
        return packed


def pack(values: MutableMapping[Path, Position], keys: MutableMapping[Path, Position]) -> Packed:
    """Positions as arrays: every path is numbered, path 0 being `()` and path i being path
    `parents[i - 1]` followed by `steps[i - 1]`, so a path costs one step and one int
    instead of a tuple of every step from the root."""
    numbers: dict[Path, int] = {(): 0}
    parents = array("I")
    steps: list[str | int] = []

    def number(path: Path) -> int:
        found = numbers.get(path)
        if found is None:
            parents.append(number(path[:-1]))
            steps.append(path[-1])
            found = numbers[path] = len(steps)
        return found

    def triples(table: MutableMapping[Path, Position]) -> bytes:
        flat = array("I")
        for path, position in table.items():
            flat.append(number(path))
            flat.extend(position)
        return flat.tobytes()

    flat_values, flat_keys = triples(values), triples(keys)
    return tuple(steps), parents.tobytes(), flat_values, flat_keys


def unpack(steps: tuple[str | int, ...], parents: bytes, flat: bytes) -> dict[Path, Position]:
    """The positions `pack` packed; ValueError when the arrays do not fit together."""
    numbers = array("I")
    numbers.frombytes(parents)  # ValueError when not a whole number of ints
    if len(numbers) != len(steps):
        raise ValueError("a path without its step")
    paths: list[Path] = [()]
    for parent, step in zip(numbers, steps, strict=True):
        if parent >= len(paths):
            raise ValueError("a path before its parent")
        paths.append((*paths[parent], step))
    triples = array("I")
    triples.frombytes(flat)
    if len(triples) % 3 or any(n >= len(paths) for n in triples[::3]):
        raise ValueError("positions of paths that are not there")
    it = iter(triples)
    return {paths[n]: (line, column) for n, line, column in zip(it, it, it, strict=True)}
