"""Loading a catalog: find its files and read each one strictly, keeping positions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, Location, error
from generator.load.csv_table import load_csv
from generator.load.document import Document
from generator.load.files import (
    CSV_SUFFIX,
    CatalogFiles,
    SourceFile,
    discover,
    display_path,
    find_root,
)
from generator.load.strict_yaml import load_yaml

__all__ = ["Document", "Loaded", "LoadedFile", "display_path", "find_root", "load_catalog"]


@dataclass(frozen=True)
class LoadedFile:
    """One catalog file after reading: its document, or None when it could not be read."""

    file: SourceFile
    document: Document | None


@dataclass
class Loaded:
    """Every file of a catalog as read, and the problems met reading them."""

    files: CatalogFiles
    loaded: list[LoadedFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def load_file(source: SourceFile) -> tuple[Document | None, list[Diagnostic]]:
    """Read one file strictly: a CSV file as a table, any other as YAML."""
    is_csv = source.path.suffix.lower() == CSV_SUFFIX
    code = "csv-syntax" if is_csv else "yaml-syntax"
    try:
        raw = source.path.read_bytes()
    except OSError as e:
        return None, [error(code, f"cannot read file: {e.strerror}", Location(source.shown))]
    if is_csv:
        return load_csv(raw, source.shown)
    return load_yaml(raw, source.shown)


def load_catalog(root: Path) -> Loaded:
    """Read every file of the catalog rooted at `root` (see FORMAT.md §1 for the layout)."""
    result = Loaded(discover(root))
    if not (root / "catalog.yaml").is_file():
        result.diagnostics.append(
            error(
                "missing-catalog",
                "catalog.yaml is missing: every catalog needs one at its root, "
                "naming the organization and its stages"
                + (
                    ": rename catalog.yml to catalog.yaml"
                    if (root / "catalog.yml").is_file()
                    else ""
                ),
                Location(display_path(root / "catalog.yaml")),
            )
        )
    for source in result.files.files:
        document, problems = load_file(source)
        result.diagnostics.extend(problems)
        result.loaded.append(LoadedFile(source, document))
    return result
