"""A memo keeps what was made from an object while that very object is asked about."""

from __future__ import annotations

from generator.ledger.memo import Memo, made


class Thing:
    def __init__(self, name: str) -> None:
        self.name = name


def test_a_value_is_made_once_per_object_and_kind() -> None:
    memo, calls = Memo(), []
    a = Thing("a")

    def make(thing: Thing) -> str:
        calls.append(thing.name)
        return thing.name.upper()

    assert memo.get("upper", a, make) == "A"
    assert memo.get("upper", a, make) == "A"
    assert memo.get("other", a, make) == "A"
    assert calls == ["a", "a"]


def test_an_equal_object_is_not_the_same_object() -> None:
    memo = Memo()
    assert memo.get("n", Thing("a"), lambda _: 1) == 1
    kept = Thing("a")
    assert memo.get("n", kept, lambda _: 2) == 2  # may even reuse the first one's id


def test_sweep_forgets_what_was_not_asked_for_since_the_last_sweep() -> None:
    memo = Memo()
    a, b = Thing("a"), Thing("b")
    memo.get("n", a, lambda _: 1)
    memo.get("n", b, lambda _: 2)
    memo.sweep()
    assert memo.get("n", a, lambda _: 3) == 1  # kept through one sweep, and asked again
    memo.sweep()
    assert len(memo) == 1
    assert memo.get("n", b, lambda _: 4) == 4


def test_without_a_memo_every_value_is_made_again() -> None:
    def made_of(n: int) -> int:
        return made(None, "n", Thing("a"), lambda _: n)

    assert [made_of(1), made_of(2)] == [1, 2]


def test_a_value_made_from_more_objects_is_made_again_when_one_of_them_changes() -> None:
    memo = Memo()
    a, b, c = Thing("a"), Thing("b"), Thing("c")
    assert memo.get("pair", a, lambda _: "ab", also=(b,)) == "ab"
    assert memo.get("pair", a, lambda _: "again", also=(b,)) == "ab"
    assert memo.get("pair", a, lambda _: "ac", also=(c,)) == "ac"
    assert memo.get("count", a, lambda _: 1, also=(3,)) == 1
    assert memo.get("count", a, lambda _: 2, also=(3,)) == 1  # equal counts as the same


def test_a_value_named_by_an_id_is_kept_while_what_it_is_made_from_is_the_same() -> None:
    memo = Memo()
    a, b = Thing("a"), Thing("b")
    assert memo.named("chart", "csat", lambda: 1, also=(a, 2)) == 1
    assert memo.named("chart", "csat", lambda: 2, also=(a, 2)) == 1
    assert memo.named("chart", "nps", lambda: 3, also=(a, 2)) == 3
    assert memo.named("chart", "csat", lambda: 4, also=(b, 2)) == 4


def test_a_kind_not_asked_for_in_a_round_is_kept_whole() -> None:
    memo = Memo()
    a, b = Thing("a"), Thing("b")
    memo.get("checked", a, lambda _: 1)
    memo.get("page", b, lambda _: 2)
    memo.sweep()
    memo.get("checked", a, lambda _: 3)  # a round of validation only: no page made
    memo.sweep()
    assert memo.get("page", b, lambda _: 4) == 2
    memo.sweep()
    assert memo.get("checked", a, lambda _: 5) == 1  # nor was this one in the last round
