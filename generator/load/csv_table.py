"""Reading a measurements CSV strictly, keeping the line and column of every cell.

Python's `csv` module gives no positions, so this reads RFC 4180 itself: cells separated
by commas, rows by `\\n` or `\\r\\n`, a cell in double quotes may hold commas, line
breaks and `""` for a quote. The first row names the columns. Blank rows are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.diagnostics import Diagnostic, Location, error, excerpt
from generator.load.document import Document
from generator.load.strict_yaml import decode

#: Monthly exports for thousands of journeys stay well under this.
MAX_BYTES = 64 * 1024 * 1024

#: Columns whose cells are numbers; every other cell stays text.
NUMBER_COLUMNS = ("value", "count")

_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class Cell:
    text: str
    line: int
    column: int


class _Unreadable(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def parse_rows(text: str, file: str) -> list[list[Cell]]:
    """Every row of the text as cells with positions; raises _Unreadable on a broken quote."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    i, line, line_start, size = 0, 1, 0, len(text)
    while i <= size:
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
        i += 1
        if any(cell.text.strip() for cell in row):
            rows.append(row)
        row = []
        line, line_start = line + 1, i
    return rows


def column_name(header: str) -> str:
    """A header as a column name: `Issue category` and `issue-category` are `issue_category`."""
    return re.sub(r"[\s-]+", "_", header.strip().lower())


def _number(column: str, text: str) -> str | int | float:
    text = text.strip()
    if column == "count" and _INTEGER.fullmatch(text):
        return int(text)
    if _NUMBER.fullmatch(text):
        return float(text)
    return text


def load_csv(raw: bytes, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """A CSV file as a document: a list of rows, each a mapping of column name to cell.

    Cells are text with surrounding spaces removed, except numbers in NUMBER_COLUMNS.
    An empty cell is left out of its row. Where each column's header was written is
    kept under the key path `(name,)`, and each cell under `(row index, name)`.
    """
    text = decode(raw, file, MAX_BYTES, "csv-syntax")
    if isinstance(text, Diagnostic):
        return None, [text]
    try:
        rows = parse_rows(text, file)
    except _Unreadable as e:
        return None, [e.diagnostic]
    if not rows:
        return None, [
            error(
                "csv-syntax", "file is empty: the first row must name the columns", Location(file)
            )
        ]
    header, *body = rows
    document = Document(file, [])
    problems: list[Diagnostic] = []
    names: list[str] = []
    for cell in header:
        name = column_name(cell.text)
        where = Location(file, cell.line, cell.column)
        if not name:
            problems.append(error("csv-syntax", "a column has no name in the header", where))
        elif name in names:
            problems.append(error("csv-syntax", f"column {excerpt(name)} is named twice", where))
        document.keys.setdefault((name,), (cell.line, cell.column))
        names.append(name)
    if problems:
        return None, problems
    for row in body:
        if len(row) != len(names):
            problems.append(
                error(
                    "csv-syntax",
                    f"row has {len(row)} cells but the header names {len(names)} columns",
                    Location(file, row[0].line, row[0].column),
                )
            )
            continue
        index = len(document.data)
        document.values[(index,)] = (row[0].line, row[0].column)
        values: dict[str, str | int | float] = {}
        for name, cell in zip(names, row, strict=True):
            document.values[(index, name)] = (cell.line, cell.column)
            if cell.text.strip():
                values[name] = (
                    _number(name, cell.text) if name in NUMBER_COLUMNS else cell.text.strip()
                )
        document.data.append(values)
    return document, problems
