"""Two catalogs compared: how metric moves read, which journeys count as renamed, and a
summary that stays within a pull-request comment."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diff.changes import ScoreMove, changes
from generator.diff.report import markdown
from tests.support import journey, load


@pytest.mark.parametrize(
    ("before", "after", "targets", "higher_is_better", "verdict"),
    [
        (4.1, 4.6, (4.5, 4.5), True, "now meets target"),
        (4.6, 4.1, (4.5, 4.5), True, "now misses target"),
        (3.0, 3.5, (4.5, 4.5), True, "closer to target"),
        (3.5, 3.0, (4.5, 4.5), True, "further from target"),
        (4.7, 4.9, (4.5, 4.5), True, "still meets target, better"),
        (2.4, 2.5, (2.0, 2.0), False, "further from target"),
        (2.5, 1.8, (2.0, 2.0), False, "now meets target"),
        (4.0, 4.0, (4.5, 4.0), True, "now meets target"),
        (4.0, 4.0, (4.5, 4.4), True, "target changed"),
        (3.0, 3.2, (None, None), True, "better"),
        (3.0, 3.2, (None, None), False, "worse"),
        (None, 4.8, (None, 4.5), True, "newly measured, meets target"),
        (None, 4.0, (None, None), True, "newly measured"),
        (4.0, None, (4.5, 4.5), True, "no longer measured"),
    ],
)
def test_a_metric_move_reads_against_its_target(
    before: float | None,
    after: float | None,
    targets: tuple[float | None, float | None],
    higher_is_better: bool,
    verdict: str,
) -> None:
    move = ScoreMove("stage", "discover", "csat", before, after, *targets, higher_is_better)
    assert move.verdict == verdict


def test_a_new_id_with_the_same_title_or_most_touchpoints_is_a_rename(tmp_path: Path) -> None:
    before = load(tmp_path / "a", [journey("open-account"), journey("close", title="Close")])
    retitled = journey("open-an-account", title="Open an account today")
    after = load(tmp_path / "b", [retitled, journey("shut", title="Close")])
    found = {
        (c.before.id if c.before else None, c.id, c.status) for c in changes(before, after).journeys
    }
    assert found == {("open-account", "open-an-account", "renamed"), ("close", "shut", "renamed")}


def test_an_unrelated_new_journey_is_not_a_rename(tmp_path: Path) -> None:
    before = load(tmp_path / "a", [journey("open-account")])
    other = journey("move-house", title="Move house")
    for stage in other["stages"]:
        for touchpoint in stage["touchpoints"]:
            touchpoint["id"] = f"move-{touchpoint['id']}"
    after = load(tmp_path / "b", [other])
    statuses = [(c.id, c.status) for c in changes(before, after).journeys]
    assert statuses == [("move-house", "added"), ("open-account", "removed")]


def test_the_summary_stays_within_a_comment(tmp_path: Path) -> None:
    ids = [f"journey-{i}" for i in range(6)]
    before = load(tmp_path / "a", [journey(i) for i in ids])
    after = load(tmp_path / "b", [journey(i, title=f"Renamed {i}") for i in ids])
    found = changes(before, after)
    whole = markdown(found, before, after, "`main`", "the working tree")
    assert whole.count("**Journey:** title:") == 6
    short = markdown(found, before, after, "`main`", "the working tree", limit=len(whole) - 10)
    assert short.count("**Journey:** title:") == 5
    assert short.endswith(
        "*1 more changed journey is not detailed here to keep this comment within size; run "
        "`journeys diff` locally for all of it.*\n"
    )


def test_earlier_values_changed_is_a_move_of_its_own() -> None:
    move = ScoreMove("stage", "use", "csat", 2.8, 2.8, None, None, True, history_changed=True)
    assert move.verdict == "earlier values changed"
    target_only = ScoreMove("stage", "use", "csat", None, None, None, 4.5)
    assert target_only.verdict == "target changed"
