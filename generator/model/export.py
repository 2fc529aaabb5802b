"""The normalized catalog as plain data: `/catalog.json` and `journeys export --format json`."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from generator.model.references import TARGETS
from generator.model.types import Catalog

#: Bumped when the shape of the export changes incompatibly.
EXPORT_VERSION = 1


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name != "source"
        }
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
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
        data[attribute] = _plain(getattr(catalog, attribute).entries)
    for journey, exported in zip(catalog.journeys, data["journeys"], strict=True):
        exported["file"] = journey.source.file
    data["volumes"] = _plain(catalog.volumes)
    return data
