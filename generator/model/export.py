"""The normalized catalog as plain data: `/catalog.json` and `journeys export --format json`."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from generator.model.references import TARGETS
from generator.model.types import Catalog, Rows

#: Bumped when the shape of the export changes incompatibly.
EXPORT_VERSION = 1


def plain(value: Any) -> Any:
    if isinstance(value, Rows):
        return [plain(row) for row in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name != "source"
        }
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def export(catalog: Catalog) -> dict[str, Any]:
    """The whole catalog with defaults filled in, each journey with the file it came from.

    Shape: `{"version", "organization", "description", "review_max_age_days", "stages": [...],
    "silos": [...], ..., "journeys": [{..., "file"}], "volumes": [...]}`, one list per
    registry, field names as in the YAML files. Scores carry the measurements files' values
    in their history (each point names the file it came from, `measured_in`); `volumes`
    are the rows of the listening-volumes files.
    """
    data: dict[str, Any] = {
        "version": EXPORT_VERSION,
        "organization": catalog.organization,
        "description": catalog.description,
        "review_max_age_days": catalog.review_max_age_days,
    }
    for attribute, _ in TARGETS.values():
        data[attribute] = plain(getattr(catalog, attribute).entries)
    for journey, exported in zip(catalog.journeys, data["journeys"], strict=True):
        exported["file"] = catalog.published(journey.source.file)
    data["volumes"] = plain(catalog.volumes)
    return data


#: Characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell that a spreadsheet shows as written: text that would start a formula gets a
    leading `'`, lists are joined with `; `, numbers stay numbers, None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, tuple | list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def tables(catalog: Catalog) -> dict[str, list[list[Any]]]:
    """The catalog as four flat tables, each a header row then one row per item:
    journeys, touchpoints, pain points and metric values (one row per measured period)."""
    journeys: list[list[Any]] = [["id", "title", "state", "status", "owner", "improves", "personas",
                                  "tags", "reviewed", "stages", "touchpoints", "pain_points", "file"]]  # fmt: skip
    touchpoints: list[list[Any]] = [["journey", "stage", "catalog_stage", "id", "name", "channel",
                                     "owner", "supporting", "data_sources", "data_gaps", "standards",
                                     "promise", "moment_of_truth", "emotion", "evidence"]]  # fmt: skip
    pains: list[list[Any]] = [["journey", "stage", "touchpoint", "id", "title", "category", "severity",
                               "sources", "contributing_silos", "evidence", "detail"]]  # fmt: skip
    metrics: list[list[Any]] = [["journey", "stage", "touchpoint", "metric", "target", "actual",
                                 "period", "value", "measured_in"]]  # fmt: skip
    for j in catalog.journeys:
        journeys.append([j.id, j.title, j.state, j.status, j.owner, j.improves, j.personas, j.tags,
                         j.reviewed.isoformat() if j.reviewed else None, len(j.stages),
                         len(j.touchpoints), len(j.pain_points), catalog.published(j.source.file)])  # fmt: skip
        for stage in j.stages:
            scored = [(None, s) for s in stage.metrics]
            for t in stage.touchpoints:
                touchpoints.append([j.id, stage.id, stage.stage, t.id, t.name, t.channel, t.owner,
                                    t.supporting, t.data_sources, t.data_gaps, t.standards, t.promise,
                                    t.moment_of_truth, t.emotion, t.evidence])  # fmt: skip
                pains.extend([j.id, stage.id, t.id, p.id, p.title, p.category, p.severity, p.sources,
                              p.contributing_silos, p.evidence, p.detail] for p in t.pain_points)  # fmt: skip
                scored.extend((t.id, s) for s in t.metrics)
            for touchpoint, s in scored:
                where = [j.id, stage.id, touchpoint, s.metric, s.target, s.actual]
                metrics.extend([*where, h.period, h.value, h.measured_in] for h in s.history)
                if not s.history:
                    metrics.append([*where, None, None, None])
    return {
        "journeys": journeys,
        "touchpoints": touchpoints,
        "pain-points": pains,
        "metrics": metrics,
    }
