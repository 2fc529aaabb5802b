"""Measurements files in a catalog: merged into the scores' history, checked like YAML."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from generator.ledger import Ledger
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


def test_a_large_file_is_checked_row_by_row_and_merged(tmp_path: Path) -> None:
    """20,000 rows: each stage and touchpoint measured every day; three bad cells among
    them are found at their exact line and column, and the rest joins the history."""
    places = [("discover", ""), ("discover", "compare"), ("join", ""), ("join", "apply")]
    start = datetime.date(2020, 1, 1)
    lines = [
        f"open-account,{stage},{touchpoint},csat,{start + datetime.timedelta(days=day)},4.2\n"
        for day in range(5_000)
        for stage, touchpoint in places
    ]
    lines[9_000] = lines[9_000].replace(",4.2", ",4,2")  # line 9,002: a quoted comma is wanted
    lines[12_345] = lines[12_345].replace(",csat,", ",cast,")
    lines[19_999] = lines[19_999].replace("join,apply", "join,aply")
    root = catalog_with(tmp_path, {"big.csv": SCORES + "".join(lines)})
    checked = validate_catalog(root, TODAY)
    found = [(d.code, d.line, d.column) for d in checked.result.sorted()]
    assert found == [
        ("csv-syntax", 9_002, 1),
        ("unknown-ref", 12_347, 31),
        ("unknown-ref", 20_001, 19),
    ]
    assert checked.catalog is not None
    assert len(checked.catalog.measurements) == 19_999  # all but the row of the wrong width
    history = stage_score(checked.catalog).history
    assert len(history) == 4_999
    assert [h.period for h in history[:2]] == ["2020-01-01", "2020-01-02"]
    assert (history[-1].period, history[-1].value) == ("2033-09-08", 4.2)
    touchpoint = checked.catalog.journeys.entries[0].stages[1].touchpoints[0]
    (score,) = touchpoint.metrics
    assert len(score.history) == 4_999  # the row naming 'aply' is not apply's


def test_the_same_problem_in_many_rows_is_shown_ten_times_then_counted(tmp_path: Path) -> None:
    bad = "".join(f"open-account,discover,,csat,2026-{m:02},lots\n" for m in range(1, 13))
    unknown = "".join(f"open-account,discovr,,csat,{year},4\n" for year in range(2000, 2025))
    checked = validate_catalog(catalog_with(tmp_path, {"s.csv": SCORES + bad + unknown}), TODAY)
    found = [(d.code, d.line, d.column, d.message) for d in checked.result.sorted()]
    value = "'value' must be a number, found 'lots'"
    stage = "unknown stage 'discovr' in journey 'open-account' (did you mean 'discover'?)"
    assert found == [
        *(("schema", line, 37, value) for line in range(2, 12)),
        ("schema", 12, 37, "... and 2 more rows with the same problem in column 'value'"),
        *(("unknown-ref", line, 14, stage) for line in range(14, 24)),
        ("unknown-ref", 24, 14, "... and 15 more rows with the same problem in column 'stage'"),
    ]


def test_a_million_bad_rows_make_eleven_diagnostics(tmp_path: Path) -> None:
    """The cap holds whatever the number of rows: the rows left out are only counted."""
    rows = "open-account,discover,,csat,2026,x\n" * 100_000
    checked = validate_catalog(catalog_with(tmp_path, {"s.csv": SCORES + rows}), TODAY)
    assert len(checked.result.diagnostics) == 11
    assert checked.result.sorted()[-1].message == (
        "... and 99,990 more rows with the same problem in column 'value'"
    )


def test_rows_are_equal_while_their_files_are_unchanged(tmp_path: Path) -> None:
    """A preview rebuilds the catalog-wide pages only when the rows changed."""
    root = catalog_with(tmp_path, {"s.csv": SCORES + "open-account,discover,,csat,2026,4\n"})
    cache = Ledger()
    first = validate_catalog(root, TODAY, cache).catalog
    again = validate_catalog(root, TODAY, cache).catalog
    assert first is not None and again is not None
    assert first.measurements == again.measurements
    (root / "measurements" / "s.csv").write_text(SCORES + "open-account,discover,,csat,2026,5\n")
    changed = validate_catalog(root, TODAY, cache).catalog
    assert changed is not None and changed.measurements != first.measurements


def test_measured_values_name_their_file_by_its_path_from_the_catalog_root(tmp_path: Path) -> None:
    """Rows kept as columns still say which file they came from, as the catalog names it."""
    rows = "open-account,discover,,csat,2026,4\nopen-account,join,apply,csat,2026,3\n"
    catalog = built(catalog_with(tmp_path, {"sub/s.csv": SCORES + rows}))
    assert [m.measured_in for m in catalog.measurements] == ["measurements/sub/s.csv"] * 2
    points = [h for h in stage_score(catalog).history if h.period == "2026"]
    assert [h.measured_in for h in points] == ["measurements/sub/s.csv"]
