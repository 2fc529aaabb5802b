"""Standards against their targets, scores that miss theirs, and broken promises."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.model.compliance import (
    broken_promises,
    measure,
    missed_standards,
    missed_targets,
    promise_categories,
    unwritten_promises,
)
from generator.model.index import build_index
from generator.model.scores import Movement, movement
from generator.model.types import Catalog
from tests.support import journey, load


def with_scores(**by_touchpoint: list[dict[str, Any]]) -> dict[str, Any]:
    """The base journey with these metric scores on these touchpoints, each of which lists
    the standard `plain-language` (CSAT, target 4, higher is better)."""
    data = copy.deepcopy(journey())
    for stage in data["stages"]:
        for t in stage["touchpoints"]:
            if t["id"] in by_touchpoint:
                t.update(standards=["plain-language"], metrics=by_touchpoint[t["id"]])
    return data


def test_each_place_is_measured_by_its_latest_value_against_the_standards_target(
    tmp_path: Path,
) -> None:
    data = with_scores(
        compare=[{"metric": "csat", "history": [{"period": "2026-Q2", "value": 4.1},
                                                {"period": "2026-Q1", "value": 3.9}]}],
        apply=[{"metric": "csat", "target": 3, "actual": 3.5}],
        call=[],
    )  # fmt: skip
    index = build_index(load(tmp_path, [data]))
    standard = index.catalog.standards.get("plain-language")
    assert standard is not None
    found = [
        (m.place.touchpoint.id, m.value, m.result, m.movement) for m in measure(index, standard)
    ]
    assert found == [
        ("compare", 4.1, "met", Movement(3.9, 4.1, 2)),
        ("apply", 3.5, "missed", None),
        ("call", None, "", None),
    ]
    assert [m.place.touchpoint.id for m in missed_standards(index)] == ["apply"]
    # the stage score (4.1 against 4.5) misses its own target; apply's 3.5 meets its own 3
    assert [(s.stage.id, s.touchpoint) for s in missed_targets(index)] == [("discover", None)]


@pytest.mark.parametrize(
    ("values", "higher_is_better", "expected"),
    [
        ((5, 3), False, ("down", "better")),
        ((5, 3), True, ("down", "worse")),
        ((3, 3), True, ("flat", "unchanged")),
        ((2, 4), True, ("up", "better")),
    ],
)
def test_movement_is_better_or_worse_as_the_metric_counts(
    tmp_path: Path, values: tuple[int, int], higher_is_better: bool, expected: tuple[str, str]
) -> None:
    history = [{"period": f"2026-0{n + 1}", "value": v} for n, v in enumerate(values)]
    catalog = load(tmp_path, [with_scores(compare=[{"metric": "csat", "history": history}])],
                   metrics={"metrics": [{"id": "csat", "name": "CSAT", "scale_min": 1,
                                         "scale_max": 5, "higher_is_better": higher_is_better}]})  # fmt: skip
    score = catalog.journeys.by_id["open-account"].touchpoints[0].metrics[0]
    moved = movement(score, higher_is_better)
    assert moved is not None and (moved.direction, moved.verdict) == expected
    assert moved.periods == 2


CATEGORIES = {"issue_categories": [
    {"id": "promise-gap", "name": "Promise gap"},
    {"id": "broken-commitment", "name": "Broken commitment", "parent": "promise-gap"},
    {"id": "late", "name": "Late", "parent": "broken-commitment"},
    {"id": "usability", "name": "Usability"},
    {"id": "unkept-promise", "name": "Unkept promise", "parent": "usability"},
]}  # fmt: skip


def promises(root: Path, **pains: str) -> Catalog:
    """The base journey with one pain point per touchpoint in the given category; `compare`
    promises something, the others do not."""
    data = copy.deepcopy(journey())
    for stage in data["stages"]:
        for t in stage["touchpoints"]:
            t["pain_points"] = [{"id": f"pain-{t['id']}", "title": f"Pain at {t['id']}",
                                 "category": pains[t["id"]], "severity": "low"}]  # fmt: skip
    data["stages"][0]["touchpoints"][0]["promise"] = "Fees first"
    data["opportunities"] = []
    return load(root, [data], **{"issue-categories": CATEGORIES})


def test_promise_categories_are_those_named_so_and_all_below_them(tmp_path: Path) -> None:
    catalog = promises(tmp_path, compare="late", apply="usability", call="late")
    assert promise_categories(catalog) == {"promise-gap", "broken-commitment", "late",
                                           "unkept-promise"}  # fmt: skip


def test_a_promise_is_broken_where_its_touchpoint_has_a_pain_in_a_promise_category(
    tmp_path: Path,
) -> None:
    index = build_index(
        promises(tmp_path, compare="late", apply="usability", call="unkept-promise")
    )
    broken = broken_promises(index)
    assert [(b.place.touchpoint.id, [p.pain_point.id for p in b.pains]) for b in broken] == [
        ("compare", ["pain-compare"])
    ]
    assert [p.pain_point.id for p in unwritten_promises(index)] == ["pain-call"]


def test_a_promise_with_no_pain_in_a_promise_category_is_kept(tmp_path: Path) -> None:
    index = build_index(
        promises(tmp_path, compare="usability", apply="usability", call="usability")
    )
    assert broken_promises(index) == [] and unwritten_promises(index) == []
