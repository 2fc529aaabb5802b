"""Loading a catalog: find its files and read each one strictly, keeping positions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, Location, error
from generator.load.csv_table import load_csv
from generator.load.document import Document
from generator.load.files import (
    CSV_SUFFIX,
    CatalogFiles,
    NotRead,
    SourceFile,
    discover,
    display_path,
    find_root,
    read_regular,
)
from generator.load.strict_yaml import load_yaml

__all__ = [
    "Document",
    "Loaded",
    "LoadedFile",
    "Reader",
    "display_path",
    "find_root",
    "load_catalog",
    "load_file",
    "parse_file",
    "read_source",
]

#: Reads one catalog file: its document (None when unreadable) and the problems met.
Reader = Callable[[SourceFile], tuple[Document | None, list[Diagnostic]]]


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
    try:
        raw = read_source(source)
    except OSError as e:
        return None, [unreadable(source, e)]
    return parse_file(source, raw)


def read_source(source: SourceFile) -> bytes:
    """The bytes of a catalog file, read only if it is still a regular file inside the
    catalog (`files.read_regular`); raises an OSError saying why not."""
    return read_regular(source.path, source.root)


def parse_file(source: SourceFile, raw: bytes) -> tuple[Document | None, list[Diagnostic]]:
    """The document in the bytes `raw` of `source`: a table for a CSV file, else YAML."""
    if source.path.suffix.lower() == CSV_SUFFIX:
        return load_csv(raw, source.shown)
    return load_yaml(raw, source.shown)


def unreadable(source: SourceFile, e: OSError) -> Diagnostic:
    """The problem reported for a file that cannot be read, or is not (`NotRead`)."""
    if isinstance(e, NotRead):
        return error("skipped-file", str(e.strerror), Location(source.shown))
    code = "csv-syntax" if source.path.suffix.lower() == CSV_SUFFIX else "yaml-syntax"
    return error(code, f"cannot read file: {e.strerror}", Location(source.shown))


def load_catalog(root: Path, read: Reader = load_file, files: CatalogFiles | None = None) -> Loaded:
    """Read every file of the catalog rooted at `root` (see docs/format.md §1 for the layout),
    each with `read`; `files` are its files when they were just listed (`discover`)."""
    result = Loaded(files or discover(root))
    result.diagnostics.extend(result.files.skipped)
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
        document, problems = read(source)
        result.diagnostics.extend(problems)
        result.loaded.append(LoadedFile(source, document))
    return result
