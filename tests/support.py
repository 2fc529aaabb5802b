"""Building small catalogs in tests: one valid catalog, changed one field at a time."""

from __future__ import annotations

import copy
import datetime
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

from generator.diagnostics import Diagnostic
from generator.model.types import Catalog, Journey
from generator.validate import validate_catalog

T = TypeVar("T")

TODAY = datetime.date(2026, 11, 22)

#: Data-driven cases (see tests/test_cases.py): a base catalog and the folders that change it.
CASES = Path(__file__).parent / "cases"
BASE = CASES / "base"

CATALOG: dict[str, Any] = {
    "organization": "Test Bank",
    "stages": [
        {"id": "discover", "name": "Discover"},
        {"id": "join", "name": "Join"},
        {"id": "get-help", "name": "Get help"},
    ],
    "review_max_age_days": 180,
}

REGISTRIES: dict[str, dict[str, Any]] = {
    "silos": {"silos": [{"id": "digital", "name": "Digital"}, {"id": "retail", "name": "Retail"}]},
    "channels": {"channels": [{"id": "web", "name": "Website", "kind": "digital"}]},
    "personas": {"personas": [{"id": "new-to-bank", "name": "New to bank"}]},
    "data-sources": {"data_sources": [{"id": "cms", "name": "CMS", "owner": "digital"}]},
    "standards": {
        "standards": [
            {
                "id": "plain-language",
                "title": "Plain language",
                "statement": "Be clear.",
                "metric": "csat",
                "target": 4,
            }
        ]
    },
    "metrics": {"metrics": [{"id": "csat", "name": "CSAT", "scale_min": 1, "scale_max": 5}]},
    "issue-categories": {"issue_categories": [{"id": "promise-gap", "name": "Promise gap"}]},
    "listening-sources": {
        "listening_sources": [{"id": "call-center", "name": "Calls", "channel": "web"}]
    },
}


def each_case(cases: Iterable[Path], run: Callable[[Path], T]) -> dict[Path, T | BaseException]:
    """`run(case)` for every case, several at a time (each runs a real command); a case that
    raises keeps its exception, for its own test to report rather than the whole module."""

    def one(case: Path) -> tuple[Path, T | BaseException]:
        try:
            return case, run(case)
        except Exception as e:
            return case, e

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(pool.map(one, sorted(cases)))


def case_result(case: Path, results: Mapping[Path, T | BaseException]) -> T:
    """What `each_case` got for `case`, raising the exception it met instead."""
    found = results[case]
    if isinstance(found, BaseException):
        raise found
    return found


def npm_package(name: str) -> Path:
    """The folder of an npm package the tests read, which `python3 dev.py test` installs
    (dev.py's NPM_PACKAGES) into the virtual environment's node_modules."""
    folder = Path(sys.prefix) / "node_modules" / name
    if not (folder / "package.json").is_file():
        pytest.fail(f"the npm package {name} is missing: python3 dev.py test installs it")
    return folder


def journey(journey_id: str = "open-account", **changes: Any) -> dict[str, Any]:
    """A valid, lint-clean journey touching every registry; `changes` replace top-level fields."""
    data: dict[str, Any] = {
        "id": journey_id,
        "title": "Open an account",
        "personas": ["new-to-bank"],
        "owner": "retail",
        "state": "current",
        "reviewed": "2026-10-01",
        "stages": [
            {
                "stage": "discover",
                "metrics": [{"metric": "csat", "target": 4.5, "actual": 4.1}],
                "touchpoints": [
                    {
                        "id": "compare",
                        "name": "Compares accounts",
                        "channel": "web",
                        "owner": "digital",
                        "data_sources": ["cms"],
                        "standards": ["plain-language"],
                        "pain_points": [
                            {
                                "id": "hidden-fee",
                                "title": "Fee shown late",
                                "category": "promise-gap",
                                "severity": "high",
                                "sources": ["call-center"],
                            }
                        ],
                    }
                ],
            },
            {
                "stage": "join",
                "touchpoints": [
                    {
                        "id": "apply",
                        "name": "Applies",
                        "channel": "web",
                        "owner": "retail",
                        "data_sources": ["cms"],
                    }
                ],
            },
            {
                "stage": "get-help",
                "touchpoints": [
                    {
                        "id": "call",
                        "name": "Calls us",
                        "channel": "web",
                        "owner": "retail",
                        "data_sources": ["cms"],
                    }
                ],
            },
        ],
        "opportunities": [{"id": "show-fee", "title": "Show the fee", "addresses": ["hidden-fee"]}],
    }
    data.update(changes)
    return data


def write_catalog(
    root: Path,
    journeys: list[dict[str, Any]] | None = None,
    catalog: dict[str, Any] | None = None,
    registries: dict[str, dict[str, Any]] | None = None,
) -> Path:
    """Write a catalog under `root/journeys` and return that folder."""
    folder = root / "journeys"
    (folder / "registry").mkdir(parents=True, exist_ok=True)
    dump(folder / "catalog.yaml", catalog if catalog is not None else CATALOG)
    for name, data in (registries if registries is not None else REGISTRIES).items():
        dump(folder / "registry" / f"{name}.yaml", data)
    for data in journeys if journeys is not None else [journey()]:
        dump(folder / "retail" / f"{data['id']}.yaml", data)
    return folder


def dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def registries(**changes: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The base registries with some replaced."""
    result = copy.deepcopy(REGISTRIES)
    result.update(changes)
    return result


def load(
    root: Path,
    journeys: list[dict[str, Any]],
    catalog: dict[str, Any] | None = None,
    **changes: dict[str, Any],
) -> Catalog:
    """Write a catalog (the base registries with `changes`), validate it as of TODAY (it must
    have no errors) and return its model."""
    folder = write_catalog(root, journeys, catalog, registries(**changes))
    checked = validate_catalog(folder, TODAY)
    assert not checked.result.errors, checked.result.sorted()
    assert checked.catalog is not None
    return checked.catalog


def check(root: Path) -> list[Diagnostic]:
    """The sorted diagnostics of the catalog folder `root`, as of TODAY."""
    return validate_catalog(root, TODAY).result.sorted()


def codes(root: Path) -> list[str]:
    return [d.code for d in check(root)]


# Round trips through other formats.

#: Names that break or change an unescaped Mermaid diagram, each for its own reason.
HOSTILE = [
    "a:b;c#d%%e",
    "  leading spaces",
    "trailing spaces  ",
    "journey planning",
    "Title deeds arrive",
    "section 8 starts",
    "accTitle: x",
    "%%{init: {'theme':'dark'}}%%",
    "<b>bold</b><br>next",
    "#35; is a hash",
    "\ufb02\u00b0\u00b035\u00b6\u00df",
    "line\nbreak",
    "tab\there",
    "ünïcödé ✓ 日本語 😀",
    "```",
    "style x:#fff;",
    '100% sure, "really"',
]


def kept(j: Journey, catalog: Catalog) -> dict[str, Any]:
    """What a round trip through another format keeps of a journey: its ids, names, owners,
    channels and emotions, stage by stage, in the shape `as_kept` reads from plain data."""

    def name(stage_id: str, given: str | None) -> str:
        found = catalog.stages.get(stage_id)
        return given or (found.name if found else stage_id)

    return {
        "id": j.id,
        "title": j.title,
        "personas": list(j.personas),
        "owner": j.owner,
        "state": j.state,
        "stages": [
            (s.id, s.stage, name(s.stage, s.name), s.emotion,
             [(t.id, t.name, t.channel, t.owner, list(t.supporting), t.emotion)
              for t in s.touchpoints])
            for s in j.stages
        ],
    }  # fmt: skip


def as_kept(data: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """What `kept` says, read from a journey's plain data (as an import writes it)."""

    def name(stage: dict[str, Any]) -> str:
        found = catalog.stages.get(stage["stage"])
        return str(stage.get("name") or (found.name if found else stage["stage"]))

    return {
        "id": data["id"],
        "title": data["title"],
        "personas": data["personas"],
        "owner": data["owner"],
        "state": data["state"],
        "stages": [
            (s.get("id", s["stage"]), s["stage"], name(s), s.get("emotion"),
             [(t["id"], t["name"], t["channel"], t["owner"], t.get("supporting", []),
               t.get("emotion")) for t in s["touchpoints"]])
            for s in data["stages"]
        ],
    }  # fmt: skip


# Data-driven cases.


def lines(path: Path) -> list[str]:
    """The non-blank lines of a case's text file, stripped; none when it does not exist."""
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def prepare_case(case: Path, workdir: Path) -> None:
    """Copy the base catalog into `workdir`, delete what remove.txt names, lay the case over it."""
    shutil.copytree(BASE / "journeys", workdir / "journeys")
    for relative in lines(case / "remove.txt"):
        target = workdir / relative
        if not target.exists():
            raise AssertionError(f"remove.txt names {relative}, which the base does not have")
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    if (case / "journeys").is_dir():
        shutil.copytree(case / "journeys", workdir / "journeys", symlinks=True, dirs_exist_ok=True)
