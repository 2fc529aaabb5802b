"""Positions packed once a file is read: the same positions, a fraction of the memory."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.load import load_file
from generator.load.document import Document, Position, Positions, pack, unpack
from generator.load.document import Path as KeyPath
from generator.load.files import SourceFile

EXAMPLE = Path(__file__).parents[2] / "journeys" / "life-events" / "move-house.yaml"


def read() -> tuple[dict[KeyPath, Position], dict[KeyPath, Position], Document]:
    document, problems = load_file(SourceFile(EXAMPLE, "move-house.yaml", "journey"))
    assert document is not None and not problems
    return dict(document.values), dict(document.keys), document


def test_packed_positions_are_the_positions_read() -> None:
    values, keys, document = read()
    packed = document.pack()
    assert isinstance(document.values, Positions)
    assert document.pack() == packed
    assert dict(document.values) == values
    assert dict(document.keys) == keys
    assert len(values) > 200
    where = ("stages", 1, "touchpoints", 0, "name")
    assert (document.at(where).line, document.at(where).column) == values[where]


def test_packed_they_take_a_fraction_of_the_memory() -> None:
    values, keys, _ = read()
    steps, parents, flat_values, flat_keys = pack(values, keys)
    packed = sum(map(sys.getsizeof, (steps, parents, flat_values, flat_keys)))
    as_dicts = sum(
        sys.getsizeof(table)
        + sum(sys.getsizeof(path) + sys.getsizeof(p) for path, p in table.items())
        for table in (values, keys)
    )
    assert packed * 5 < as_dicts


def test_arrays_that_do_not_fit_together_are_refused() -> None:
    values, keys, _ = read()
    steps, parents, flat_values, _ = pack(values, keys)
    assert unpack(steps, parents, flat_values) == values
    for broken in (
        (steps[:-1], parents, flat_values),
        (steps, b"\xff" * len(parents), flat_values),
        (steps, parents, b"\xff" * 12 + flat_values[12:]),
    ):
        try:
            unpack(*broken)
        except ValueError:
            continue
        raise AssertionError(f"accepted {broken[0][:3]}...")
    assert dict(Positions.from_packed(steps, parents, b"\xff" * 12)) == {}  # found, not lined
