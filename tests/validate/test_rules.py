"""Each rule: a valid catalog changed in one place gives exactly the expected finding."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.validate import RULES
from tests.support import CATALOG, check, codes, journey, registries, write_catalog


def test_the_base_catalog_is_clean(tmp_path: Path) -> None:
    assert check(write_catalog(tmp_path)) == []


def with_touchpoint(**changes: Any) -> dict[str, Any]:
    data = journey()
    data["stages"][0]["touchpoints"][0].update(changes)
    return data


def with_pain_point(**changes: Any) -> dict[str, Any]:
    data = journey()
    data["stages"][0]["touchpoints"][0]["pain_points"][0].update(changes)
    return data


def test_unknown_silo_with_suggestion_and_position(tmp_path: Path) -> None:
    root = write_catalog(tmp_path, [with_touchpoint(owner="digtal")])
    [d] = check(root)
    assert (d.code, d.severity, d.message) == (
        "unknown-ref",
        "error",
        "unknown silo 'digtal' (did you mean 'digital'?)",
    )
    line = (root / "retail/open-account.yaml").read_text().splitlines()[d.line - 1]
    assert line[d.column - 1 :].startswith("digtal")


@pytest.mark.parametrize(
    ("journey_data", "noun"),
    [
        (journey(personas=["nobody"]), "persona"),
        (journey(owner="nobody"), "silo"),
        (journey(related=["nowhere"]), "journey"),
        (with_touchpoint(channel="pigeon"), "channel"),
        (with_touchpoint(supporting=["nobody"]), "silo"),
        (with_touchpoint(data_sources=["cms", "nothing"]), "data source"),
        (with_touchpoint(standards=["nothing"]), "standard"),
        (with_touchpoint(metrics=[{"metric": "nps"}]), "metric"),
        (with_pain_point(category="nothing"), "issue category"),
        (with_pain_point(sources=["nothing"]), "listening source"),
        (with_pain_point(contributing_silos=["nobody"]), "silo"),
    ],
)
def test_every_kind_of_reference_is_checked(
    tmp_path: Path, journey_data: dict[str, Any], noun: str
) -> None:
    found = check(write_catalog(tmp_path, [journey_data]))
    [d] = [d for d in found if d.code == "unknown-ref"]
    assert d.message.startswith(f"unknown {noun} '")
    assert {d.code for d in found} <= {"unknown-ref", "unused-entry"}


def test_unknown_stage(tmp_path: Path) -> None:
    data = journey()
    data["stages"][1]["stage"] = "jion"
    diagnostics = check(write_catalog(tmp_path, [data]))
    assert [(d.file, d.code, d.message) for d in diagnostics] == [
        (diagnostics[0].file, "unused-entry", "stage 'join' is never used: use it or remove it"),
        (diagnostics[1].file, "unknown-ref", "unknown stage 'jion' (did you mean 'join'?)"),
    ]
    assert diagnostics[0].file.endswith("catalog.yaml")


def test_registry_references_are_checked(tmp_path: Path) -> None:
    regs = registries(
        **{"data-sources": {"data_sources": [{"id": "cms", "name": "CMS", "owner": "marketing"}]}}
    )
    assert codes(write_catalog(tmp_path, registries=regs)) == ["unknown-ref"]


def test_opportunity_must_address_a_pain_point_of_its_own_journey(tmp_path: Path) -> None:
    data = journey(opportunities=[{"id": "o", "title": "T", "addresses": ["hiden-fee"]}])
    [d] = check(write_catalog(tmp_path, [data]))
    assert d.message == (
        "unknown pain point 'hiden-fee' in journey 'open-account' (did you mean 'hidden-fee'?)"
    )


def test_duplicate_touchpoint_id_names_the_first(tmp_path: Path) -> None:
    data = journey()
    data["stages"][1]["touchpoints"][0]["id"] = "compare"
    [d] = check(write_catalog(tmp_path, [data]))
    assert d.code == "duplicate-id"
    assert d.message.startswith("duplicate touchpoint id 'compare' in journey 'open-account'")


def test_same_stage_twice_needs_its_own_id(tmp_path: Path) -> None:
    data = journey()
    data["stages"].append(copy.deepcopy(data["stages"][2]))
    data["stages"][3]["touchpoints"][0]["id"] = "call-again"
    assert codes(write_catalog(tmp_path, [data])) == ["duplicate-id"]
    data["stages"][3]["id"] = "get-help-again"
    assert codes(write_catalog(tmp_path, [data])) == []


def test_duplicate_journey_id_across_files(tmp_path: Path) -> None:
    root = write_catalog(tmp_path)
    (root / "other").mkdir()
    (root / "other" / "open-account.yml").write_text(
        (root / "retail" / "open-account.yaml").read_text()
    )
    assert codes(root) == ["duplicate-id"]


def test_duplicate_registry_entry(tmp_path: Path) -> None:
    regs = registries(
        silos={
            "silos": [
                {"id": "digital", "name": "A"},
                {"id": "retail", "name": "B"},
                {"id": "digital", "name": "C"},
            ]
        }
    )
    [d] = check(write_catalog(tmp_path, registries=regs))
    assert d.code == "duplicate-id"
    assert d.message.startswith("duplicate silo id 'digital' (first at ")


def test_file_name_must_equal_id(tmp_path: Path) -> None:
    root = write_catalog(tmp_path)
    (root / "retail" / "open-account.yaml").rename(root / "retail" / "open.yaml")
    [d] = check(root)
    assert d.code == "file-id-mismatch"
    assert "rename the file to open-account.yaml" in d.message


def test_a_hostile_file_name_is_quoted_as_an_excerpt(tmp_path: Path) -> None:
    root = write_catalog(tmp_path)
    name = "open\x1b[2J\n" + "x" * 200 + ".yaml"
    (root / "retail" / "open-account.yaml").rename(root / "retail" / name)
    [d] = check(root)
    assert d.code == "file-id-mismatch"
    assert "its file name 'open\\x1b[2J\\nxxxxxxxxxx" in d.message and "x...'" in d.message
    assert d.message.isprintable() and "x" * 60 not in d.message


def test_improves_must_go_from_future_to_current(tmp_path: Path) -> None:
    future = journey("open-account-v2", state="future", improves="open-account")
    assert codes(write_catalog(tmp_path, [journey(), future])) == []
    current_improving = journey("open-account-v2", improves="open-account")
    assert codes(write_catalog(tmp_path, [journey(), current_improving])) == ["invalid-improves"]


def test_improves_must_name_a_current_journey(tmp_path: Path) -> None:
    a = journey("a", state="future", improves="b")
    b = journey("b", state="future", improves="open-account")
    assert codes(write_catalog(tmp_path, [journey(), a, b])) == ["invalid-improves"]


@pytest.mark.parametrize(
    "score",
    [
        {"metric": "csat", "actual": 6},
        {"metric": "csat", "target": 0},
        {"metric": "csat", "history": [{"period": "2026-Q1", "value": 5.5}]},
    ],
)
def test_values_outside_the_metric_scale(tmp_path: Path, score: dict[str, Any]) -> None:
    [d] = check(write_catalog(tmp_path, [with_touchpoint(metrics=[score])]))
    assert d.code == "out-of-scale"
    assert "outside the scale of metric 'csat' (1 to 5)" in d.message


def test_standard_target_outside_scale(tmp_path: Path) -> None:
    regs = registries(
        standards={
            "standards": [
                {
                    "id": "plain-language",
                    "title": "P",
                    "statement": "S",
                    "metric": "csat",
                    "target": 9,
                }
            ]
        }
    )
    assert codes(write_catalog(tmp_path, registries=regs)) == ["out-of-scale"]


@pytest.mark.parametrize(
    ("period", "code"), [("2026-02-30", "invalid-period"), ("2026-Q5", "schema"), (2026, None)]
)
def test_history_periods(tmp_path: Path, period: object, code: str | None) -> None:
    score = {"metric": "csat", "history": [{"period": period, "value": 4}]}
    found = codes(write_catalog(tmp_path, [with_touchpoint(metrics=[score])]))
    assert found == ([code] if code else [])


def test_stale_review(tmp_path: Path) -> None:
    [d] = check(write_catalog(tmp_path, [journey(reviewed="2026-01-01")]))
    assert (d.code, d.severity) == ("stale-review", "warning")
    assert "2026-01-01, more than 180 days ago" in d.message


def test_never_reviewed(tmp_path: Path) -> None:
    data = journey()
    del data["reviewed"]
    assert codes(write_catalog(tmp_path, [data])) == ["never-reviewed"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (with_touchpoint(data_sources=[]), "no-data-source"),
        (with_pain_point(sources=[]), "unheard-pain-point"),
        (journey(opportunities=[{"id": "o", "title": "T"}]), "opportunity-addresses-nothing"),
        (journey(state="future"), "future-improves-nothing"),
    ],
)
def test_lint_rules(tmp_path: Path, data: dict[str, Any], code: str) -> None:
    found = check(write_catalog(tmp_path, [data]))
    [d] = [d for d in found if d.code != "unused-entry"]
    assert (d.code, d.severity) == (code, "warning")


def test_no_metrics(tmp_path: Path) -> None:
    data = journey()
    del data["stages"][0]["metrics"]
    assert codes(write_catalog(tmp_path, [data])) == ["no-metrics"]


def test_unused_registry_entry(tmp_path: Path) -> None:
    regs = registries(
        channels={"channels": [{"id": "web", "name": "W"}, {"id": "fax", "name": "F"}]}
    )
    [d] = check(write_catalog(tmp_path, registries=regs))
    assert (d.code, d.message) == (
        "unused-entry",
        "channel 'fax' is never used: use it or remove it",
    )


def test_rule_severity_is_overridable_in_catalog_yaml(tmp_path: Path) -> None:
    data = with_touchpoint(data_sources=[])
    as_error = dict(CATALOG, rules={"no-data-source": "error"})
    [d] = check(write_catalog(tmp_path, [data], catalog=as_error))
    assert (d.code, d.severity) == ("no-data-source", "error")
    off = dict(CATALOG, rules={"no-data-source": "off"})
    assert check(write_catalog(tmp_path, [data], catalog=off)) == []


def test_format_rules_cannot_be_configured_and_unknown_codes_are_reported(tmp_path: Path) -> None:
    config = dict(CATALOG, rules={"unknown-ref": "off", "no-data-sorce": "off"})
    messages = [d.message for d in check(write_catalog(tmp_path, catalog=config))]
    assert messages == [
        "rule 'unknown-ref' is part of the format and cannot be changed",
        "unknown rule 'no-data-sorce' (did you mean 'no-data-source'?)",
    ]


def test_a_broken_registry_does_not_flood_the_report(tmp_path: Path) -> None:
    regs = registries(silos={"silos": [{"id": "digital"}]})
    assert codes(write_catalog(tmp_path, registries=regs)) == ["schema"]


def test_every_rule_has_a_unique_code_and_a_summary() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert all(r.summary for r in RULES)


def _volumes(root: Path, *categories: str) -> None:
    rows = [f"open-account,discover,,hidden-fee,{c},call-center,2026-Q{n},4"
            for n, c in enumerate(categories, 1)]  # fmt: skip
    (root / "measurements").mkdir(exist_ok=True)
    (root / "measurements" / "volumes.csv").write_text(
        "journey,stage,touchpoint,pain_point,issue_category,listening_source,period,count\n"
        + "\n".join(rows) + "\n"
    )  # fmt: skip


def test_a_volumes_row_may_count_a_pain_point_under_its_category_or_one_above(
    tmp_path: Path,
) -> None:
    categories = {"issue_categories": [
        {"id": "promise-gap", "name": "Promise gap", "parent": "service"},
        {"id": "service", "name": "Service", "parent": "promise-gap"},  # a loop: still ends
        {"id": "billing", "name": "Billing"},
    ]}  # fmt: skip
    root = write_catalog(tmp_path, registries={**registries(), "issue-categories": categories})
    _volumes(root, "promise-gap", "service", "billing")
    [d] = check(root)
    assert (d.code, d.severity, d.line, d.column) == ("volume-category-mismatch", "warning", 4, 35)
    assert "under 'billing', but the pain point is in 'promise-gap'" in d.message
