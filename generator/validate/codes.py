"""The codes of the checks that are not rule objects: reading files and the schema layer."""

from __future__ import annotations

from dataclasses import dataclass

from generator.diagnostics import Severity


@dataclass(frozen=True)
class CodeInfo:
    """What `journeys rules` and the docs say of a code."""

    severity: Severity
    configurable: bool
    summary: str


#: Codes that always report errors -> one-line summary.
FILE_CODES: dict[str, str] = {
    "yaml-syntax": (
        "The file is not valid YAML, is empty, holds two documents, or has a key that is not text."
    ),
    "duplicate-key": "A key is given twice in one mapping; YAML would silently keep the last one.",
    "yaml-tag": "A value carries a tag (`!!python/...`, `!!set`, `!x`): files hold plain data only.",
    "yaml-limit": "The file is too large, nested too deep, or expands through aliases past a limit.",
    "encoding": "The file is not UTF-8 text (another encoding, a NUL byte, control characters).",
    "csv-syntax": (
        "A measurements CSV is empty, has an unclosed quote, a column named twice or without a "
        "name, or a row whose number of cells differs from the header's."
    ),
    "schema": "A field is missing, unknown, of the wrong type or outside its allowed values.",
    "missing-catalog": "There is no catalog.yaml at the catalog's root.",
    "skipped-file": (
        "A file of the catalog is not read: a link that points outside the catalog, a link to "
        "nothing or to a folder, or not a regular file (a FIFO, socket or device)."
    ),
    "unknown-rule": "catalog.yaml's `rules:` names a code that does not exist or cannot be changed.",
}

#: Codes that report warnings and are not rule objects -> one-line summary.
FILE_WARNINGS: dict[str, str] = {
    "unknown-file": (
        "A file in registry/ is not one of the known registries, or a CSV file lies outside "
        "measurements/; it is ignored."
    ),
}
