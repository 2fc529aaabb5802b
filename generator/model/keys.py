"""Keys: some columns of a measurements table's rows as one number per row, so that checks
and merges over a million rows find distinct combinations, first rows and repeats in C
loops instead of making a tuple per row."""

from __future__ import annotations

import operator
from array import array
from collections.abc import Iterable, Iterator, Sequence

from generator.load.csv_table import CsvTable, Value

#: The values of some columns in one row (None for an empty cell or an absent column).
Values = tuple[Value | None, ...]


class Keys:
    """Some columns of a table's rows kept, as one number per row: the rows' codes in the
    columns as the digits of a number, each column its own base (an absent column adds
    nothing, and its value is None). Numbers are made, counted and looked up in C loops,
    where a tuple per row would cost a million objects."""

    def __init__(self, table: CsvTable, rows: array[int], names: tuple[str, ...]) -> None:
        self.typed = [table.typed.get(n, [None]) for n in names]
        self.rows = rows
        numbers: Iterable[int] | None = None
        for name in names:
            codes = table.codes.get(name)
            if codes is None:
                continue
            column = codes if len(rows) == len(table) else map(codes.__getitem__, rows)
            base = len(table.distinct[name])
            numbers = (
                column if numbers is None else map(operator.add, map(base.__mul__, numbers), column)
            )
        if isinstance(numbers, array) or numbers is None:  # one column: its codes as they are
            self.numbers: Sequence[int] = numbers if numbers is not None else [0] * len(rows)
        else:
            self.numbers = list(numbers)

    def __iter__(self) -> Iterator[int]:
        return iter(self.numbers)

    def firsts(self) -> dict[int, int]:
        """Each key, with the place among the rows kept of the first row holding it."""
        last = len(self.numbers) - 1
        return dict(zip(reversed(self.numbers), range(last, -1, -1), strict=True))

    def all_different(self) -> bool:
        """Whether no two rows have the same key."""
        return len(set(self.numbers)) == len(self.numbers)

    def values(self, key: int) -> Values:
        """The values a key stands for (None for an empty or absent cell)."""
        found: list[Value | None] = []
        for typed in reversed(self.typed):
            key, code = divmod(key, len(typed))
            found.append(typed[code])
        return tuple(reversed(found))
