"""A preview's validation, which keeps what the rules found in each unchanged journey, finds
exactly what a fresh validation finds, whatever changed since the last one."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from generator.ledger import Ledger
from generator.validate import validate_catalog
from tests.render.changes import EXAMPLE, MOVE_HOUSE, edit
from tests.support import TODAY

#: Each step edits the catalog and names a code that the step makes appear or go.
STEPS: list[tuple[str, Callable[[Path], None], str]] = [
    ("a touchpoint names an unknown silo",
     edit("        owner: marketing\n", "        owner: marketting\n"), "unknown-ref"),
    ("the registry gains that silo",
     edit("silos:\n", "silos:\n  - id: marketting\n    name: Typo\n", "registry/silos.yaml"),
     "unknown-ref"),
    ("the registry loses a silo unchanged journeys use",
     edit("  - id: marketing\n", "  - id: brand\n", "registry/silos.yaml"), "unknown-ref"),
    ("a metric's scale shrinks under unchanged journeys' scores",
     edit("    scale_max: 5\n", "    scale_max: 4\n", "registry/metrics.yaml"), "out-of-scale"),
    ("a journey that others name goes",
     lambda root: (root / MOVE_HOUSE).unlink(), "unknown-ref"),
    ("a catalog stage is renamed under unchanged journeys",
     edit("  - id: leave\n", "  - id: depart\n", "catalog.yaml"), "unknown-ref"),
]  # fmt: skip


def _found(root: Path, cache: Ledger | None = None) -> list[tuple[str, str, int, str]]:
    checked = validate_catalog(root, TODAY, cache)
    return [(d.code, d.file, d.line, d.message) for d in checked.result.sorted()]


def test_each_step_is_checked_as_a_fresh_validation_checks_it(tmp_path: Path) -> None:
    root = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, root)
    cache = Ledger()
    before = _found(root, cache)
    assert before == _found(root)
    for step, change, code in STEPS:
        change(root)
        kept, fresh = _found(root, cache), _found(root)
        assert kept == fresh, step
        assert [d for d in kept if d[0] == code] != [d for d in before if d[0] == code], step
        before = kept
