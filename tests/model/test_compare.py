"""Two journeys compared: one valid journey, and a copy with one thing changed."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.model.compare import Change, Comparison, compare
from generator.model.index import PainPlace, Place
from tests.support import CATALOG, journey, load

FUTURE = "open-account-online"


def future(**changes: Any) -> dict[str, Any]:
    """The base journey as a future journey that improves it, with top-level `changes`."""
    data = copy.deepcopy(journey(FUTURE, state="future", improves="open-account"))
    data.update(changes)
    return data


def compared(root: Path, after: dict[str, Any], before: dict[str, Any] | None = None) -> Comparison:
    catalog = load(root, [before or journey(), after], {**CATALOG, "stages": [
        *CATALOG["stages"], {"id": "use", "name": "Use"}]})  # fmt: skip
    one, two = catalog.journeys.get("open-account"), catalog.journeys.get(FUTURE)
    assert one is not None and two is not None
    return compare(one, two)


def touchpoint(data: dict[str, Any], touchpoint_id: str) -> dict[str, Any]:
    return next(t for s in data["stages"] for t in s["touchpoints"] if t["id"] == touchpoint_id)


def ids(diffs: Sequence[Any]) -> list[str]:
    """The id of each stage, touchpoint or pain point compared, from whichever side has it."""

    def key(side: Any) -> str:
        if isinstance(side, PainPlace):
            return side.pain_point.id
        return side.touchpoint.id if isinstance(side, Place) else str(side.id)

    return [key(d.after or d.before) for d in diffs]


def test_a_copy_changes_nothing(tmp_path: Path) -> None:
    c = compared(tmp_path, future())
    statuses = {d.status for d in c.stages} | {d.status for d in c.touchpoints}
    assert statuses | {d.status for d in c.pain_points} == {"same"}
    assert [ids(c.stages), ids(c.touchpoints)] == [["discover", "join", "get-help"],
                                                    ["compare", "apply", "call"]]  # fmt: skip
    assert c.owner_changes == [] and ids(c.still_present) == ["hidden-fee"]
    assert c.handoff_pairs() == {("digital", "retail"): (1, 1)}


def test_stages_are_matched_by_their_own_id_not_their_catalog_stage(tmp_path: Path) -> None:
    data = future()
    data["stages"][2] = {
        "stage": "join",
        "id": "join-again",
        "touchpoints": data["stages"][2]["touchpoints"],
    }
    c = compared(tmp_path, data)
    assert ids(c.stages_that("added")) == ["join-again"]
    assert ids(c.stages_that("removed")) == ["get-help"]
    assert c.stages_that("changed") == []
    moved = c.touchpoints_that("changed")
    assert ids(moved) == ["call"]
    assert moved[0].changes == (Change("stage", "get-help", "join-again"),)


def test_a_stage_changes_with_its_fields_and_the_touchpoints_it_holds(tmp_path: Path) -> None:
    data = future()
    data["stages"][0]["goal"] = "See every fee"
    data["stages"][1]["touchpoints"].append(data["stages"][2]["touchpoints"].pop())
    data["stages"][2]["touchpoints"] = [{"id": "chat", "name": "Chats", "channel": "web",
                                         "owner": "retail"}]  # fmt: skip
    c = compared(tmp_path, data)
    changed = {d.before.id: d.changes for d in c.stages_that("changed") if d.before}
    assert changed == {
        "discover": (Change("goal", None, "See every fee"),),
        "join": (Change("touchpoints", ("apply",), ("apply", "call")),),
        "get-help": (Change("touchpoints", ("call",), ("chat",)),),
    }
    assert ids(c.touchpoints_that("added")) == ["chat"]
    assert ids(c.touchpoints_that("removed")) == []


def test_an_owner_change_is_called_out(tmp_path: Path) -> None:
    data = future()
    touchpoint(data, "apply")["owner"] = "digital"
    c = compared(tmp_path, data)
    assert ids(c.owner_changes) == ["apply"]
    assert c.owner_changes[0].changes == (Change("owner", "retail", "digital"),)
    assert c.handoff_pairs() == {("digital", "retail"): (1, 1)}
    assert [t.id for t, _ in c.handoffs_after] == ["apply"]
    owners = {silo: [[p.touchpoint.id for p in side] for side in sides]
              for silo, sides in c.owners().items()}  # fmt: skip
    assert owners == {"digital": [["compare"], ["compare", "apply"]],
                      "retail": [["apply", "call"], ["call"]]}  # fmt: skip


def test_lists_of_ids_change_only_when_their_members_do(tmp_path: Path) -> None:
    before, after = journey(), future()
    touchpoint(before, "compare")["supporting"] = ["retail", "digital"]
    touchpoint(after, "compare")["supporting"] = ["digital", "retail"]
    assert compared(tmp_path, after, before).touchpoints_that("changed") == []
    touchpoint(after, "compare")["supporting"] = ["digital"]
    assert compared(tmp_path / "two", after, before).touchpoints_that("changed")[0].changes == (
        Change("supporting", ("retail", "digital"), ("digital",)),
    )


def test_every_other_touchpoint_field_is_compared(tmp_path: Path) -> None:
    data = future()
    touchpoint(data, "compare").update(promise="Fees first", emotion=1, data_gaps=["Who compared"],
                                       metrics=[{"metric": "csat", "actual": 4.2}])  # fmt: skip
    changes = compared(tmp_path, data).touchpoints_that("changed")[0].changes
    assert [c.field for c in changes] == ["data_gaps", "promise", "emotion", "metrics"]
    assert changes[1] == Change("promise", None, "Fees first")


def test_pain_points_gone_still_present_new_and_what_addresses_them(tmp_path: Path) -> None:
    before = journey()
    touchpoint(before, "call")["pain_points"] = [
        {"id": "no-callback", "title": "No call back", "category": "promise-gap", "severity": "low"}
    ]
    after = future(opportunities=[{"id": "fees-first", "title": "Fees first",
                                   "addresses": ["hidden-fee", "lost"]}])  # fmt: skip
    touchpoint(after, "call")["pain_points"] = [
        {"id": "lost", "title": "Gets lost", "category": "promise-gap", "severity": "medium"}
    ]
    touchpoint(after, "compare")["pain_points"][0]["severity"] = "low"
    c = compared(tmp_path, after, before)
    assert ids(c.pain_points_that("removed")) == ["no-callback"]
    assert ids(c.pain_points_that("added")) == ["lost"]
    assert ids(c.still_present) == ["hidden-fee"]
    kept = c.still_present[0]
    assert kept.changes == (Change("severity", "high", "low"),)
    assert [(j.id, o.id) for j, o in kept.addressed_by] == [("open-account", "show-fee"),
                                                            (FUTURE, "fees-first")]  # fmt: skip
    assert [o.id for _, o in c.pain_points_that("added")[0].addressed_by] == ["fees-first"]
    assert c.pain_points_that("removed")[0].addressed_by == ()
