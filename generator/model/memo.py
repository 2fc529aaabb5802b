"""What was made from the catalog's entities, kept for the next rebuild of a preview.

The model's entities are frozen, and `journeys serve` rebuilds from the very objects of the
last rebuild wherever a file did not change (see `DocumentCache`). A `Memo` keeps what was
made from an object (a journey's part of the index, a table row) while that object is the
one asked about, so that a rebuild makes again only what the changed files hold.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
Of = TypeVar("Of")


class Memo:
    """Values made from objects, each kept while its object is alive and asked about.

    A value must depend only on its object, and on what stays the same as long as the memo
    is used (the registries, the settings): whoever keeps a memo starts a new one when they
    change. `sweep` forgets every value not asked for since the last sweep, so that what was
    made from objects that are gone is not kept.
    """

    def __init__(self) -> None:
        self._kept: dict[tuple[str, int | str], tuple[Any, Any, tuple[Any, ...]]] = {}
        self._asked: dict[tuple[str, int | str], tuple[Any, Any, tuple[Any, ...]]] = {}

    def get(self, kind: str, of: Of, make: Callable[[Of], T], also: tuple[Any, ...] = ()) -> T:
        """The value of `kind` made from `of` (by `make(of)`), and from `also` when it
        depends on more (each the same object, or equal, as when it was made): kept, or
        made now."""
        # An id is reused once its object is gone: the object itself is compared.
        return self._value((kind, id(of)), of, lambda: make(of), also)

    def named(self, kind: str, name: str, make: Callable[[], T], also: tuple[Any, ...]) -> T:
        """Like `get`, for a value named by `name` (a registry entry's id, whose object is
        made again at every validation) and made from `also` and what the memo depends on."""
        return self._value((kind, name), None, make, also)

    def _value(
        self, key: tuple[str, int | str], of: Any, make: Callable[[], T], also: tuple[Any, ...]
    ) -> T:
        found = self._asked.get(key) or self._kept.get(key)
        if found is None or found[0] is not of or found[2] != also:
            found = (of, make(), also)
        self._asked[key] = found
        return found[1]

    def sweep(self) -> None:
        """Forget the values not asked for since the last sweep."""
        self._kept, self._asked = self._asked, {}

    def __len__(self) -> int:
        return len(self._kept.keys() | self._asked.keys())


def made(
    memo: Memo | None, kind: str, of: Of, make: Callable[[Of], T], also: tuple[Any, ...] = ()
) -> T:
    """`memo.get(kind, of, make, also)`, or just `make(of)` without a memo (a one-off build)."""
    return make(of) if memo is None else memo.get(kind, of, make, also)
