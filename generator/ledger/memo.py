"""What was made from the catalog's objects, kept while they stay the same.

The model's objects are frozen, and a ledger hands out the very objects of the last round
wherever a file did not change (see `Ledger.read`): a document, the journey built from it,
its references. A `Memo` keeps what was made from such an object (its schema problems, what
a rule found in it, its part of the index, a table row) while that object is the one asked
about, and made from the same `also`, so that a round makes again only what the changed
files hold.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
Of = TypeVar("Of")

_Key = tuple[str, int | str]
_Kept = tuple[Any, Any, tuple[Any, ...]]


class Memo:
    """Values made from objects, each kept while its object is alive and asked about.

    A value must depend only on its object and on `also` (compared by equality: pass what
    else it reads, such as a digest of the registries and settings). `sweep` ends a round:
    of each kind asked for in the round, it forgets the values not asked for, so that what
    was made from objects that are gone is not kept; a kind not asked for at all (pages,
    while a catalog with errors is only validated) is kept whole.
    """

    def __init__(self) -> None:
        self._kept: dict[_Key, _Kept] = {}
        self._asked: dict[_Key, _Kept] = {}

    def get(self, kind: str, of: Of, make: Callable[[Of], T], also: tuple[Any, ...] = ()) -> T:
        """The value of `kind` made from `of` (by `make(of)`), and from `also` when it
        depends on more (each the same object, or equal, as when it was made): kept, or
        made now."""
        # An id is reused once its object is gone: the object itself is compared.
        return self._value((kind, id(of)), of, lambda: make(of), also)

    def named(self, kind: str, name: str, make: Callable[[], T], also: tuple[Any, ...]) -> T:
        """Like `get`, for a value named by `name` (a registry entry's id, whose object is
        made again at every validation) and made from `also`."""
        return self._value((kind, name), None, make, also)

    def _value(self, key: _Key, of: Any, make: Callable[[], T], also: tuple[Any, ...]) -> T:
        found = self._asked.get(key) or self._kept.get(key)
        if found is None or found[0] is not of or found[2] != also:
            found = (of, make(), also)
        self._asked[key] = found
        return found[1]

    def sweep(self) -> None:
        """End a round: forget the values not asked for in it, of the kinds that were."""
        asked = {kind for kind, _ in self._asked}
        kept = {key: value for key, value in self._kept.items() if key[0] not in asked}
        self._kept, self._asked = {**kept, **self._asked}, {}

    def __len__(self) -> int:
        return len(self._kept.keys() | self._asked.keys())


def made(
    memo: Memo | None, kind: str, of: Of, make: Callable[[Of], T], also: tuple[Any, ...] = ()
) -> T:
    """`memo.get(kind, of, make, also)`, or just `make(of)` without a memo (a one-off build)."""
    return make(of) if memo is None else memo.get(kind, of, make, also)
