"""Finding a catalog's files and telling what kind each one is (docs/format.md §1)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import CatalogNotFound

CATALOG_FILE = "catalog.yaml"
REGISTRY_DIR = "registry"
MEASUREMENTS_DIR = "measurements"
YAML_SUFFIXES = (".yaml", ".yml")
CSV_SUFFIX = ".csv"

#: Registry file stem -> (top-level key, schema name). The schema name is the stem.
REGISTRIES: dict[str, str] = {
    "silos": "silos",
    "channels": "channels",
    "personas": "personas",
    "data-sources": "data_sources",
    "standards": "standards",
    "metrics": "metrics",
    "issue-categories": "issue_categories",
    "listening-sources": "listening_sources",
}

#: Kinds of measurements file (each with its schema) -> the column that tells a file is one.
MEASUREMENTS: dict[str, str] = {"scores": "value", "volumes": "count"}


@dataclass(frozen=True)
class SourceFile:
    """One file of the catalog: its path, the name it is shown by, and its kind.

    `kind` is `catalog`, `journey`, a registry stem (`silos`, `data-sources`, ...),
    `measurements` (a CSV file under `measurements/`) or `unknown` (a file in `registry/`
    that is not one of the registries, or a CSV file outside `measurements/`).
    """

    path: Path
    shown: str
    kind: str


@dataclass(frozen=True)
class CatalogFiles:
    """Every file of one catalog, found under its root folder."""

    root: Path
    files: tuple[SourceFile, ...]

    def of_kind(self, kind: str) -> list[SourceFile]:
        return [f for f in self.files if f.kind == kind]


def display_path(path: Path) -> str:
    """The path as diagnostics show it: relative to the working directory when inside it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def find_root(path: Path) -> Path:
    """The catalog root for a path: the folder itself or the nearest parent with catalog.yaml.

    A folder with no catalog.yaml above it is its own root, so that the missing file is
    reported as a diagnostic rather than a crash. A path that does not exist aborts.
    """
    if not path.exists():
        raise CatalogNotFound(f"{path}: no such file or folder")
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / CATALOG_FILE).is_file():
            return folder
    if path.is_dir():
        return path
    raise CatalogNotFound(f"{path}: not inside a catalog (no {CATALOG_FILE} above it)")


def discover(root: Path) -> CatalogFiles:
    """List a catalog's files in a stable order: catalog, registries, journeys, measurements."""
    files: list[SourceFile] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(folder)
        # Paths are worked out once per folder: a catalog has thousands of files in a few.
        shown, inside = display_path(here), here.relative_to(root).parts
        for name in sorted(names):
            suffix = os.path.splitext(name)[1].lower()
            if name.startswith(".") or suffix not in (*YAML_SUFFIXES, CSV_SUFFIX):
                continue
            files.append(SourceFile(here / name, name if shown == "." else f"{shown}/{name}",
                                    _kind((*inside, name))))  # fmt: skip
    order = {"catalog": 0, "journey": 2, "measurements": 3}
    files.sort(key=lambda f: (order.get(f.kind, 1), f.shown))
    return CatalogFiles(root, tuple(files))


def _kind(parts: tuple[str, ...]) -> str:
    """The kind of the file at `parts`, its path below the catalog root."""
    stem, suffix = os.path.splitext(parts[-1])
    if suffix.lower() == CSV_SUFFIX:
        return "measurements" if parts[0] == MEASUREMENTS_DIR else "unknown"
    if parts == (CATALOG_FILE,):
        return "catalog"
    if len(parts) == 2 and parts[0] == REGISTRY_DIR:
        return stem if stem in REGISTRIES else "unknown"
    if parts[0] == REGISTRY_DIR:
        return "unknown"
    return "journey"
