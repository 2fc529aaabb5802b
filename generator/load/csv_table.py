"""Reading a measurements CSV strictly into columns, finding the line and column of any cell.

Python's `csv` module gives no positions, so this reads RFC 4180 itself: cells separated
by commas, rows by `\\n` or `\\r\\n`, a cell in double quotes may hold commas, line
breaks and `""` for a quote. The first row names the columns. Blank rows are skipped.

A file may hold close to a million rows, so a table keeps no object per cell: each column
is its distinct cell texts and, per row, the number of the row's text among them; each
row keeps its first line and where it starts in the file's text. The position of a cell
is found when a diagnostic needs it, by reading that one row again.
"""

from __future__ import annotations

import csv
import itertools
import operator
import re
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from generator.diagnostics import Diagnostic, Location, capped, error, excerpt
from generator.load.document import Document, Path
from generator.load.files import MAX_READ
from generator.load.strict_yaml import decode

#: Monthly exports for thousands of journeys stay well under this.
MAX_BYTES = MAX_READ

#: Columns whose cells are numbers; every other cell stays text.
NUMBER_COLUMNS = ("value", "count")

#: About how many characters of a file are split into rows at once.
_CHUNK = 1 << 20

#: The first character of a line ("" for an empty line).
_FIRST = operator.itemgetter(slice(0, 1))
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")

Value = str | int | float


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    line: int
    column: int


class _Unreadable(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _record(text: str, i: int, line: int, file: str) -> tuple[list[Cell], int, int]:
    """The row starting at offset `i` (the start of line `line`): its cells, and the offset
    and line of the next row. Raises _Unreadable on a broken quote."""
    row: list[Cell] = []
    size, line_start = len(text), i
    while True:
        start_line, start_column = line, i - line_start + 1
        if i < size and text[i] == '"':
            parts, i = [], i + 1
            while True:
                close = text.find('"', i)
                if close < 0:
                    where = Location(file, start_line, start_column)
                    raise _Unreadable(
                        error("csv-syntax", "a quote opened here is never closed", where)
                    )
                chunk = text[i:close]
                line += chunk.count("\n")
                if "\n" in chunk:
                    line_start = i + chunk.rfind("\n") + 1
                parts.append(chunk)
                if text.startswith('""', close):
                    parts.append('"')
                    i = close + 2
                    continue
                i = close + 1
                break
            value = "".join(parts)
            if i < size and text[i] not in ",\r\n":
                where = Location(file, line, i - line_start + 1)
                raise _Unreadable(
                    error(
                        "csv-syntax",
                        "text follows a closing quote: put the whole cell in quotes and "
                        'write a quote inside it as ""',
                        where,
                    )
                )
        else:
            end = i
            while end < size and text[end] not in ",\r\n":
                end += 1
            value, i = text[i:end], end
        row.append(Cell(value, start_line, start_column))
        if i < size and text[i] == ",":
            i += 1
            continue
        if text.startswith("\r\n", i):
            i += 1
        return row, i + 1, line + 1


def parse_rows(text: str, file: str) -> list[list[Cell]]:
    """Every row of the text as cells with positions; raises _Unreadable on a broken quote."""
    rows: list[list[Cell]] = []
    i, line = 0, 1
    while i <= len(text):
        row, i, line = _record(text, i, line, file)
        if any(cell.text.strip() for cell in row):
            rows.append(row)
    return rows


def column_name(header: str) -> str:
    """A header as a column name: `Issue category` and `issue-category` are `issue_category`."""
    return re.sub(r"[\s-]+", "_", header.strip().lower())


def _number(column: str, text: str) -> Value:
    if column == "count" and _INTEGER.fullmatch(text):
        return int(text)
    if _NUMBER.fullmatch(text):
        return float(text)
    return text


@dataclass(eq=False)
class CsvTable(Document):
    """A measurements file as columns; `data` is unused (None), the cells are here.

    `distinct[name]` holds the column's distinct cell texts, spaces around them removed
    (`""` for an empty cell); `codes[name][row]` is the place of the row's cell in it.
    `lines[row]` is the row's first line and `starts[row]` where it starts in `text`.
    Row numbers count the rows kept: the header, blank rows and rows of the wrong width
    have none. Paths are `(row, name)` for a cell, `(row,)` for a row, `(name,)` for a
    header cell (in `keys`).
    """

    text: str = ""
    names: tuple[str, ...] = ()
    distinct: dict[str, list[str]] = field(default_factory=dict)
    codes: dict[str, array[int]] = field(default_factory=dict)
    lines: array[int] = field(default_factory=lambda: array("I"))
    starts: array[int] = field(default_factory=lambda: array("I"))

    def __len__(self) -> int:
        return len(self.lines)

    @cached_property
    def typed(self) -> dict[str, list[Value | None]]:
        """Each column's distinct cells as values: None for an empty cell, a number in
        NUMBER_COLUMNS when it reads as one, else the text. Made once per column."""
        return {
            name: [
                None if not t else _number(name, t) if name in NUMBER_COLUMNS else t for t in texts
            ]
            for name, texts in self.distinct.items()
        }

    def value(self, name: str, row: int) -> Value | None:
        """The value of the row's cell in column `name`."""
        return self.typed[name][self.codes[name][row]]

    def row(self, row: int) -> dict[str, Value]:
        """The row's values by column name, its empty cells left out."""
        found = {name: self.value(name, row) for name in self.names}
        return {name: value for name, value in found.items() if value is not None}

    def column(self, name: str) -> Iterator[Value | None]:
        """The column's value in each row, in row order."""
        return map(self.typed[name].__getitem__, self.codes[name])

    def cells(self, row: int) -> list[Cell]:
        """The row's cells as written, read again from the text."""
        return _record(self.text, self.starts[row], self.lines[row], self.file)[0]

    def at(self, path: Path = ()) -> Location:
        if path and isinstance(path[0], int) and 0 <= path[0] < len(self):
            if len(path) > 1 and path[1] in self.names and self.text:
                cell = self.cells(path[0])[self.names.index(str(path[1]))]
                return Location(self.file, cell.line, cell.column)
            return Location(self.file, self.lines[path[0]], 1)
        if path and path[:1] in self.keys:
            return self.key_at(path[:1])
        return Location(self.file)

    def forget(self) -> None:
        """Drop the text and positions: cells can then be read but no longer located."""
        self.text = ""
        self.keys.clear()


class _Columns:
    """Builds a table's columns from rows of cell texts, a chunk at a time."""

    def __init__(self, table: CsvTable) -> None:
        self.table = table
        self.seen: list[dict[str, int]] = [{} for _ in table.names]
        self.texts: list[dict[str, int]] = [{} for _ in table.names]
        for name in table.names:
            table.distinct[name] = []
            table.codes[name] = array("I")

    def add(self, rows: list[list[str]]) -> None:
        if rows:
            self.add_columns(list(zip(*rows, strict=True)))

    def add_columns(self, columns: Sequence[Sequence[str]]) -> None:
        for k, column in enumerate(columns):
            seen, name = self.seen[k], self.table.names[k]
            for new in [c for c in dict.fromkeys(column) if c not in seen]:
                text = new.strip()
                code = self.texts[k].setdefault(text, len(self.texts[k]))
                if code == len(self.table.distinct[name]):
                    self.table.distinct[name].append(text)
                seen[new] = code
            self.table.codes[name].extend(map(seen.__getitem__, column))


class _Reader:
    """The rows of a text after its header, split a chunk at a time: lines without quotes
    or carriage returns inside are split on commas, any other row is read cell by cell."""

    def __init__(self, table: CsvTable, columns: _Columns) -> None:
        self.table, self.columns = table, columns
        self.width = len(table.names)
        self.wrong: list[tuple[int, int]] = []
        """(line, cells) of each row whose number of cells differs from the header's."""

    def read(self, i: int, line: int) -> None:
        text = self.table.text
        while i < len(text):
            end = text.find("\n", i + _CHUNK)
            i, line = self._chunk(i, len(text) if end < 0 else end + 1, line)

    def _chunk(self, pos: int, end: int, line: int) -> tuple[int, int]:
        """Read the rows from `pos` to `end` (a line's end): the offset and line after them,
        or after the first row read cell by cell that ends elsewhere than its line's end."""
        whole = self._whole_lines(self.table.text[pos:end])
        if whole is None:
            return self._rows(pos, end, line)
        found, step, columns = whole
        self.columns.add_columns(columns)
        self.table.lines.extend(range(line, line + len(found)))
        lengths = map(step.__add__, map(len, found[:-1]))
        self.table.starts.extend(itertools.accumulate(lengths, initial=pos))
        return end, line + len(found)

    def _whole_lines(self, piece: str) -> tuple[list[str], int, Sequence[Sequence[str]]] | None:
        """The lines of a piece of text when each of them is one row of the header's width,
        with the length of their line break and the columns of their cells; None when a
        line is blank or starts with a space or an empty cell, has a carriage return of
        its own, starts or ends a quoted cell that spans lines, has a quote out of place or
        another number of cells (the piece is then read row by row).

        Lines without quotes are split on commas; the others are read by the csv module
        (strict, which refuses what `_record` refuses), and positions are found later by
        `_record` all the same."""
        body = piece[:-1] if piece.endswith("\n") else piece
        if not body:
            return None
        step = 1
        if "\r" in body:
            body = body.replace("\r\n", "\n")
            if body.endswith("\r"):
                body = body[:-1]
            if "\r" in body:
                return None
            step = 2
        found = body.split("\n")
        if any(not c or c == "," or c.isspace() for c in set(map(_FIRST, found))):
            return None
        if '"' not in body:
            if set(map(str.count, found, itertools.repeat(","))) != {self.width - 1}:
                return None
            cells = ",".join(found).split(",")
            return found, step, [cells[k :: self.width] for k in range(self.width)]
        if any(map((1).__and__, map(str.count, found, itertools.repeat('"')))):
            return None  # a quoted cell goes on to the next line
        try:
            rows = list(csv.reader(found, strict=True))
        except csv.Error:
            return None
        if set(map(len, rows)) != {self.width}:
            return None
        if not all(map(str.strip, map("".join, rows))):
            return None  # a row of empty cells, skipped as blank
        return found, step, list(zip(*rows, strict=True))

    def _rows(self, pos: int, end: int, line: int) -> tuple[int, int]:
        text, rows = self.table.text, []
        lines, starts = self.table.lines, self.table.starts
        width, wrong = self.width, self.wrong
        pieces = text[pos:end].split("\n")
        if text.endswith("\n", pos, end):
            pieces.pop()
        try:
            for raw in pieces:
                length = len(raw) + 1
                plain = raw[:-1] if raw.endswith("\r") else raw
                if '"' in plain or "\r" in plain:
                    found, after, next_line = _record(text, pos, line, self.table.file)
                    cells = [c.text for c in found]
                    if any(c.strip() for c in cells):
                        if len(cells) == width:
                            rows.append(cells)
                            lines.append(line)
                            starts.append(pos)
                        else:
                            wrong.append((line, len(cells)))
                    if after != pos + length:
                        return after, next_line
                    pos, line = after, next_line
                    continue
                cells = plain.split(",")
                if (not plain or plain[0] == "," or plain[0].isspace()) and not plain.replace(
                    ",", ""
                ).strip():
                    pos, line = pos + length, line + 1
                    continue
                if len(cells) == width:
                    rows.append(cells)
                    lines.append(line)
                    starts.append(pos)
                else:
                    wrong.append((line, len(cells)))
                pos, line = pos + length, line + 1
            return pos, line
        finally:
            self.columns.add(rows)


def load_csv(raw: bytes, file: str) -> tuple[CsvTable | None, list[Diagnostic]]:
    """A CSV file as a table (see `CsvTable`), and the problems met reading it.

    The header is checked here (every column named once); a row whose number of cells
    differs from the header's is reported (at most a few per file, then a count) and
    left out.
    """
    text = decode(raw, file, MAX_BYTES, "csv-syntax")
    if isinstance(text, Diagnostic):
        return None, [text]
    try:
        return _read(text, file)
    except _Unreadable as e:
        return None, [e.diagnostic]


def _read(text: str, file: str) -> tuple[CsvTable | None, list[Diagnostic]]:
    i, line, header = 0, 1, None
    while i <= len(text) and header is None:
        row, i, next_line = _record(text, i, line, file)
        if any(cell.text.strip() for cell in row):
            header = row
        line = next_line
    if header is None:
        return None, [
            error(
                "csv-syntax", "file is empty: the first row must name the columns", Location(file)
            )
        ]
    table = CsvTable(file, None, text=text)
    problems: list[Diagnostic] = []
    names: list[str] = []
    for cell in header:
        name = column_name(cell.text)
        where = Location(file, cell.line, cell.column)
        if not name:
            problems.append(error("csv-syntax", "a column has no name in the header", where))
        elif name in names:
            problems.append(error("csv-syntax", f"column {excerpt(name)} is named twice", where))
        table.keys.setdefault((name,), (cell.line, cell.column))
        names.append(name)
    if problems:
        return None, problems
    table.names = tuple(names)
    reader = _Reader(table, _Columns(table))
    reader.read(i, line)
    problems.extend(
        capped(
            ((file, "", "width"), _wrong_width(file, at, cells, len(names)))
            for at, cells in reader.wrong
        )
    )
    return table, problems


def _wrong_width(file: str, line: int, cells: int, width: int) -> Callable[[], Diagnostic]:
    return lambda: error(
        "csv-syntax",
        f"row has {cells} cells but the header names {width} columns",
        Location(file, line, 1),
    )
