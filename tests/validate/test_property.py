"""Property: no mutation of a valid journey makes the validator crash (nor a rule checking
the part of it the schema accepts); every finding has a place, and only one."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load.strict_yaml import load_yaml
from generator.validate import RULES, validate_catalog
from generator.validate.schema import fast_validator, validator
from tests.support import TODAY, journey, write_catalog

RULE_CODES = {rule.code for rule in RULES}
VALID_TEXT = yaml.safe_dump(journey(), sort_keys=False).encode()

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["digital", "web", "csat", "discover", "hidden-fee", "2026-13-45", "yes"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(paths(value, (*prefix, i)))
    return found


ALL_PATHS = paths(journey())[1:]


def set_at(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(data)
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return data


def validate_journey_text(text: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_catalog(Path(folder), journeys=[])
        (root / "retail").mkdir()
        (root / "retail" / "open-account.yaml").write_bytes(text)
        result = validate_catalog(root, TODAY).result
        for d in result:
            assert d.line >= 1 and d.column >= 1 and d.file and d.message
        # what the schema rejects is reported by the schema alone, never again by a rule
        schema = {d.location for d in result if d.code == "schema"}
        assert not [d for d in result if d.code in RULE_CODES and d.location in schema]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(ALL_PATHS), value=values)
def test_replacing_any_value_never_crashes(path: tuple[Any, ...], value: Any) -> None:
    mutated = set_at(journey(), path, value)
    validate_journey_text(yaml.safe_dump(mutated, sort_keys=False, allow_unicode=True).encode())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    position=st.integers(0, len(VALID_TEXT) - 1),
    length=st.integers(0, 8),
    insert=st.binary(max_size=8)
    | st.sampled_from([b": ", b"\n- ", b"&a ", b"*a", b"!!", b"{", b"'", b"\t"]),
)
def test_corrupting_the_text_never_crashes(position: int, length: int, insert: bytes) -> None:
    text = VALID_TEXT[:position] + insert + VALID_TEXT[position + length :]
    load_yaml(text, "mutated.yaml")
    validate_journey_text(text)


@settings(max_examples=300, deadline=None)
@given(path=st.sampled_from(ALL_PATHS), value=values)
def test_the_fast_and_the_explaining_validators_agree(path: tuple[Any, ...], value: Any) -> None:
    mutated = set_at(journey(), path, value)
    explained = list(validator("journey").iter_errors(mutated))
    assert fast_validator("journey").is_valid(mutated) == (explained == [])
