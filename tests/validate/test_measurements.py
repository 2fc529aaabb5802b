"""Measurements files in a catalog: merged into the scores' history, checked like YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.model.types import Catalog, Score
from generator.validate import validate_catalog
from tests.support import TODAY, check, journey, write_catalog

SCORES = "journey,stage,touchpoint,metric,period,value\n"
VOLUMES = "journey,stage,touchpoint,pain_point,issue_category,listening_source,period,count\n"


def catalog_with(tmp_path: Path, files: dict[str, str], **changes: Any) -> Path:
    root = write_catalog(tmp_path, [journey(**changes)])
    for name, text in files.items():
        path = root / "measurements" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def built(root: Path) -> Catalog:
    checked = validate_catalog(root, TODAY)
    assert [d for d in checked.result.sorted() if d.severity == "error"] == []
    assert checked.catalog is not None
    return checked.catalog


def stage_score(catalog: Catalog, stage: int = 0, metric: str = "csat") -> Score:
    scores = catalog.journeys.entries[0].stages[stage].metrics
    return next(s for s in scores if s.metric == metric)


def test_rows_join_the_history_and_the_file_wins_for_the_same_period(tmp_path: Path) -> None:
    base = journey()
    base["stages"][0]["metrics"] = [
        {"metric": "csat", "target": 4.5, "actual": 4.1,
         "history": [{"period": "2026-Q1", "value": 3.0}, {"period": "2026-Q2", "value": 4.1}]}
    ]  # fmt: skip
    rows = "open-account,discover,,csat,2026-Q3,4.4\nopen-account,discover,,csat,2026-Q1,3.9\n"
    root = catalog_with(tmp_path, {"q.csv": SCORES + rows}, stages=base["stages"])
    score = stage_score(built(root))
    assert [(h.period, h.value) for h in score.history] == [
        ("2026-Q1", 3.9),
        ("2026-Q2", 4.1),
        ("2026-Q3", 4.4),
    ]
    files = [h.measured_in or "YAML" for h in score.history]
    assert [f.rsplit("/", 2)[-2:] if f != "YAML" else f for f in files] == [
        ["measurements", "q.csv"],
        "YAML",
        ["measurements", "q.csv"],
    ]
    assert (score.target, score.actual) == (4.5, 4.4)


def test_a_place_measured_only_in_a_file_gets_a_score(tmp_path: Path) -> None:
    rows = "open-account,join,apply,csat,2026-05,3.2\nopen-account,join,apply,csat,2026-04,2.8\n"
    catalog = built(catalog_with(tmp_path, {"s.csv": SCORES + rows}))
    touchpoint = catalog.journeys.entries[0].stages[1].touchpoints[0]
    (score,) = touchpoint.metrics
    assert (score.metric, score.target, score.actual) == ("csat", None, 3.2)
    assert [h.period for h in score.history] == ["2026-04", "2026-05"]


def test_volumes_are_kept_with_their_places(tmp_path: Path) -> None:
    rows = (
        "open-account,discover,compare,hidden-fee,promise-gap,call-center,2026-Q1,40\n"
        "open-account,get-help,,,promise-gap,call-center,2026-Q1,0\n"
    )
    catalog = built(catalog_with(tmp_path, {"sub/v.csv": VOLUMES + rows}))
    assert [(v.stage, v.touchpoint, v.pain_point, v.count) for v in catalog.volumes] == [
        ("discover", "compare", "hidden-fee", 40),
        ("get-help", None, None, 0),
    ]


def test_a_pain_point_counted_in_the_volumes_is_heard(tmp_path: Path) -> None:
    base = journey()
    del base["stages"][0]["touchpoints"][0]["pain_points"][0]["sources"]
    unheard = catalog_with(tmp_path / "a", {}, stages=base["stages"])
    assert "unheard-pain-point" in [d.code for d in check(unheard)]
    rows = "open-account,discover,compare,hidden-fee,promise-gap,call-center,2026-Q1,40\n"
    heard = catalog_with(tmp_path / "b", {"v.csv": VOLUMES + rows}, stages=base["stages"])
    assert "unheard-pain-point" not in [d.code for d in check(heard)]


def test_metrics_and_categories_used_only_in_files_are_used(tmp_path: Path) -> None:
    base = journey()
    base["stages"][0]["metrics"] = []
    base["stages"][0]["touchpoints"][0]["pain_points"] = []
    base["opportunities"] = []
    rows = "open-account,discover,,csat,2026,4\n"
    heard = "open-account,discover,,,promise-gap,call-center,2026,4\n"
    root = catalog_with(
        tmp_path,
        {"s.csv": SCORES + rows, "v.csv": VOLUMES + heard},
        stages=base["stages"],
        opportunities=[],
    )
    assert [d for d in check(root) if d.code == "unused-entry"] == []


def test_a_bad_row_is_reported_and_the_good_rows_still_count(tmp_path: Path) -> None:
    rows = "open-account,discover,,csat,2026-Q1,lots\nopen-account,discover,,csat,2026-Q2,9\n"
    found = check(catalog_with(tmp_path, {"s.csv": SCORES + rows}))
    assert [(d.code, d.line, d.column) for d in found] == [
        ("schema", 2, 37),
        ("out-of-scale", 3, 37),
    ]
