"""Findings about a catalog: diagnostics are values, collected into a result."""

from __future__ import annotations

import dataclasses
import difflib
import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.StrEnum):
    """How much a finding matters: errors fail validation, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: 1-based line and column."""

    file: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    """One finding: a stable rule code, a severity, a message and where it applies."""

    code: str
    severity: Severity
    message: str
    location: Location

    @property
    def file(self) -> str:
        return self.location.file

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def column(self) -> int:
        return self.location.column

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)


def error(code: str, message: str, location: Location) -> Diagnostic:
    """Build an error diagnostic."""
    return Diagnostic(code, Severity.ERROR, message, location)


def warning(code: str, message: str, location: Location) -> Diagnostic:
    """Build a warning diagnostic."""
    return Diagnostic(code, Severity.WARNING, message, location)


@dataclass
class Result:
    """The diagnostics of one validation run and the number of files it read."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    def extend(self, found: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(found)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.diagnostics), key=Diagnostic.sort_key)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.sorted() if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.sorted() if d.severity is Severity.WARNING)

    def failed(self, strict: bool = False) -> bool:
        """True when the run should exit 1: any error, or any warning when strict."""
        return self.errors > 0 or (strict and self.warnings > 0)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())


#: How many rows of a file with the same problem in the same column are reported one by one.
REPEATS_SHOWN = 10

#: What identifies "the same problem" among many rows: file, column ("" for a whole row) and
#: a kind of problem chosen by the check (a field, a schema keyword ...).
RepeatKey = tuple[str, str, str]


def capped(
    found: Iterable[tuple[RepeatKey, Callable[[], Diagnostic]]], shown: int = REPEATS_SHOWN
) -> Iterator[Diagnostic]:
    """The diagnostics that `found` can make, but only the first `shown` of each key: for a
    key with more, one more diagnostic, at the first row left out, counts the rest
    (`... and 889,990 more rows with the same problem in column 'value'`). Diagnostics
    left out are never made, so a file of a million bad rows costs no million messages."""
    counts: dict[RepeatKey, int] = {}
    first_left: dict[RepeatKey, Callable[[], Diagnostic]] = {}
    for key, make in found:
        n = counts.get(key, 0)
        counts[key] = n + 1
        if n < shown:
            yield make()
        elif n == shown:
            first_left[key] = make
    for key, make in first_left.items():
        more = counts[key] - shown
        column = f" in column '{key[1]}'" if key[1] else ""
        rows = "row" if more == 1 else "rows"
        message = f"... and {more:,} more {rows} with the same problem{column}"
        yield dataclasses.replace(make(), message=message)


def describe(value: Any) -> str:
    """A value as a message shows what was found: `'text'`, `42`, `true`, `a list`, `nothing`."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"{value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return excerpt(str(value))


#: How a character that would break a message's line, or hide in it, is written.
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def excerpt(text: str, limit: int = 60, *, quoted: bool = True) -> str:
    """`text` as a message quotes a value found in a file: in single quotes (unless not
    `quoted`), on one line, every character that is not printable escaped (`\\n`, `\\x1b`,
    `\\u202e`), and at most `limit` characters, the rest cut off with `...`. A message never
    holds more of a file than that."""
    parts: list[str] = []
    length = 0
    for char in text:  # stops past the limit: a long text costs no more than a short one
        part = char if char.isprintable() else _ESCAPES.get(char) or _escaped(char)
        parts.append(part)
        length += len(part)
        if length > limit:
            break
    quote = "'" if quoted else ""
    if length <= limit:
        return f"{quote}{''.join(parts)}{quote}"
    kept: list[str] = []
    used = 0
    for part in parts:
        if used + len(part) > limit - 3:
            break
        kept.append(part)
        used += len(part)
    return f"{quote}{''.join(kept)}...{quote}"


def printable(text: str) -> str:
    """`text` whole, with every character that is not printable escaped as `excerpt` does:
    how a file's name is shown, so that no name can move the cursor or colour a log."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _ESCAPES.get(c) or _escaped(c) for c in text)


def _escaped(char: str) -> str:
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def plural(n: int, word: str) -> str:
    """`1 file`, `2 files`."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` hint naming the closest option, or nothing."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
