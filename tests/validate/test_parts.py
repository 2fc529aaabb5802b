"""A journey file that fails its schema: what the schema accepts of it is still checked, in
the same run, and nothing the schema reported is reported again."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic
from tests.support import check, journey, write_catalog


def findings(tmp_path: Path, data: dict[str, object]) -> list[tuple[str, str]]:
    found: list[Diagnostic] = check(write_catalog(tmp_path, [data]))
    return [(d.code, d.message) for d in found]


def test_references_are_checked_beside_a_schema_error(tmp_path: Path) -> None:
    data = journey(state="Current")
    compare = data["stages"][0]["touchpoints"][0]
    compare["owner"] = "digtal"
    compare["pain_points"][0]["category"] = "promise-gaps"
    data["stages"][1]["touchpoints"][0]["channel"] = "webb"
    assert findings(tmp_path, data) == [
        ("schema", "'state' must be one of current, future; found 'Current' (did you mean 'current'?)"),
        ("unknown-ref", "unknown silo 'digtal' (did you mean 'digital'?)"),
        ("unknown-ref", "unknown issue category 'promise-gaps' (did you mean 'promise-gap'?)"),
        ("unknown-ref", "unknown channel 'webb' (did you mean 'web'?)"),
    ]  # fmt: skip


def test_a_value_the_schema_rejects_is_reported_once(tmp_path: Path) -> None:
    data = journey(owner="Retail Banking", personas=["New To Bank"])
    data["stages"][0]["touchpoints"][0]["supporting"] = ["Branch"]
    assert [code for code, _ in findings(tmp_path, data)] == ["schema", "schema", "schema"]


def test_what_a_part_lacks_is_not_reported_missing(tmp_path: Path) -> None:
    data = journey()
    compare = data["stages"][0]["touchpoints"][0]
    del compare["pain_points"][0]["title"]  # the pain point is left out of the part
    compare["data_sources"] = "cms"  # so are its data sources
    del data["stages"][0]["metrics"]  # no metric is left on the journey
    data["stages"][1]["touchpoints"][0]["metrics"] = [{"metric": "csat", "actual": "4,2"}]
    data["opportunities"][0]["owner"] = "retial"
    assert findings(tmp_path, data) == [
        ("schema", "'data_sources' must be a list, found 'cms': write a list, e.g. [cms]"),
        ("schema", "missing required field 'title' in an entry of 'pain_points'"),
        ("schema", "'actual' must be a number, found '4,2': write the decimal with a point, e.g. 4.2"),
        ("unknown-ref", "unknown silo 'retial' (did you mean 'retail'?)"),
    ]  # fmt: skip


def test_ids_and_values_of_a_part_are_checked_too(tmp_path: Path) -> None:
    data = journey(title="")
    data["stages"][1]["touchpoints"][0]["id"] = "compare"
    data["stages"][0]["metrics"][0]["target"] = 9
    assert [code for code, _ in findings(tmp_path, data)] == [
        "schema", "out-of-scale", "duplicate-id",
    ]  # fmt: skip
