"""The two sides of `journeys diff`: the catalog at two git revisions (or a revision and the
working tree) read, validated and compared.

Each revision is written to a temporary folder and read like any catalog; a file that
fails to load there is named in `Diffed.problems` and its journey left out of the
comparison, so a broken file never shows as a journey removed.
"""

from __future__ import annotations

import datetime
import functools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.diagnostics import Severity, plural
from generator.diff.changes import CatalogChanges, changes
from generator.errors import JourneysError
from generator.load.files import CATALOG_FILE, REGISTRY_DIR, YAML_SUFFIXES
from generator.load.revision import repository, resolve, write_catalog_at
from generator.model.types import Catalog
from generator.validate import validate_catalog


@dataclass
class Side:
    """One catalog of the two: where it was read from and how to name its files."""

    label: str
    root: Path
    shown_root: str
    catalog: Catalog | None = None
    broken_journeys: set[str] = field(default_factory=set)
    errors: int = 0

    def relative(self, file: str) -> PurePosixPath | None:
        """A file of this side by its path in the catalog, or None if it is not in it."""
        try:
            return PurePosixPath(Path(file).absolute().relative_to(self.root.absolute()).as_posix())
        except ValueError:
            return None

    def shown(self, file: str) -> str:
        """A file of this side by its path in the repository, wherever it was read from."""
        relative = self.relative(file)
        return file if relative is None else (PurePosixPath(self.shown_root) / relative).as_posix()


@dataclass
class Diffed:
    changes: CatalogChanges
    before: Catalog
    after: Catalog
    base: Side
    head: Side

    def shown(self, file: str) -> str:
        """A file of either side by its path in the repository."""
        return _shown(self.base, self.head, file)

    @property
    def problems(self) -> list[str]:
        """One sentence per side that has errors, for the person reading the summary."""
        found = []
        for side in (self.base, self.head):
            if side.errors:
                errors = plural(side.errors, "error")
                text = f"{side.label} has {errors} (journeys validate lists them)"
                if side.broken_journeys:
                    left = ", ".join(f"`{j}`" for j in sorted(side.broken_journeys))
                    text += f"; left out of this comparison as they failed to load: {left}"
                found.append(text)
        return found


def diff(catalog: Path, base: str, head: str | None, today: datetime.date) -> Diffed:
    """Compare the catalog folder at revision `base` with revision `head`, or with the
    working tree when `head` is None."""
    top, folder = repository(catalog)
    with tempfile.TemporaryDirectory(prefix="journeys-diff-") as tmp:
        old = _read(top, folder, base, Path(tmp) / "base", today)
        if head is None:
            new = Side("the working tree", catalog, folder.as_posix())
            _check(new, today)
        else:
            new = _read(top, folder, head, Path(tmp) / "head", today)
        before, after = _model(old), _model(new)
        broken = frozenset(
            j
            for side, other in ((old, after), (new, before))
            for j in side.broken_journeys
            if j in other.journeys
        )
        found = changes(before, after, functools.partial(_shown, old, new), broken)
        return Diffed(found, before, after, old, new)


def _shown(base: Side, head: Side, file: str) -> str:
    return base.shown(head.shown(file))


def _read(
    top: Path, folder: PurePosixPath, revision: str, dest: Path, today: datetime.date
) -> Side:
    commit = resolve(revision, top)
    root = write_catalog_at(commit, top, folder, dest)
    label = f"`{commit[:7]}`" if commit.startswith(revision) else f"`{revision}` ({commit[:7]})"
    side = Side(label, root, folder.as_posix())
    if any(root.iterdir()):
        _check(side, today)
    return side


def _check(side: Side, today: datetime.date) -> None:
    checked = validate_catalog(side.root, today)
    errors = [d for d in checked.result.diagnostics if d.severity is Severity.ERROR]
    side.errors = len(errors)
    side.catalog = checked.catalog
    for d in errors:
        path = side.relative(d.file)
        if (
            path
            and path.suffix in YAML_SUFFIXES
            and path.parts[0] not in (CATALOG_FILE, REGISTRY_DIR)
        ):
            side.broken_journeys.add(path.stem)
    if side.catalog is not None:  # a journey with reference errors still loaded
        side.broken_journeys -= set(side.catalog.journeys.by_id)
    if side.catalog is None:
        raise JourneysError(
            f"the catalog at {side.label} cannot be read: its {CATALOG_FILE} has errors "
            "(journeys validate lists them)"
        )


def _model(side: Side) -> Catalog:
    return side.catalog or Catalog(organization="", root=side.shown_root)
