"""The schema layer: each file against its JSON Schema, with messages a person can act on."""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path as FsPath
from typing import Any, cast

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import ValidationError

from generator.diagnostics import (
    Diagnostic,
    RepeatKey,
    capped,
    describe,
    did_you_mean,
    error,
    excerpt,
)
from generator.errors import InstallError
from generator.load.csv_table import CsvTable
from generator.load.document import Document, Path
from generator.load.files import MEASUREMENTS

_ID_PATTERN_START = "^[a-z0-9]+(-[a-z0-9]+)*"
_TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "nothing",
}


def schema_dir() -> FsPath:
    """The folder of JSON Schemas: shipped inside the package, or the repository's own."""
    here = FsPath(__file__).resolve().parent.parent
    for candidate in (here / "schema", here.parent / "schema"):
        if (candidate / "journey.schema.json").is_file():
            return candidate
    raise InstallError("the JSON Schemas are missing: reinstall journey-catalog")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON Schema for a kind of file (`journey`, `catalog`, `silos`, ...)."""
    path = schema_dir() / f"{name}.schema.json"
    try:
        schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InstallError(f"cannot read the schema {path}: {e}") from e
    return schema


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """The validator that explains: slower, but its errors carry paths and keywords."""
    return jsonschema.Draft202012Validator(
        load_schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@cache
def fast_validator(name: str) -> Any:
    """A compiled validator of the same schema that only answers valid or not, ~100x faster."""
    return jsonschema_rs.validator_for(load_schema(name), validate_formats=True)


def check_document(document: Document, kind: str) -> list[Diagnostic]:
    """Every schema problem of the document, one diagnostic each, in file order.

    Most files are valid, so the compiled validator answers first; only a file it
    rejects is validated again to explain each problem.
    """
    return [d for _, found in _problems(document, kind) for d in found]


def _problems(document: Document, kind: str) -> Iterator[tuple[ValidationError, list[Diagnostic]]]:
    """Each schema error of the document with its diagnostics; nothing for a valid one."""
    if fast_validator(kind).is_valid(document.data):
        return
    for e in validator(kind).iter_errors(document.data):
        yield e, list(_explain(e, document))


def check_table(table: CsvTable) -> tuple[str | None, list[Diagnostic], array[int]]:
    """Which measurements schema a CSV table follows (told by its header), every problem
    of the header and then of its rows, and the rows without a problem.

    Under a bad header the rows are not checked, and the kind is None. Each distinct cell
    of a column is checked once against the column's schema, and the rows holding a bad
    one are reported, at most `REPEATS_SHOWN` per column and kind of problem (`capped`)."""
    columns = list(table.names)
    kinds = [kind for kind, column in MEASUREMENTS.items() if column in columns]
    top = table.key_at((columns[0],)) if columns else table.at()
    if len(kinds) != 1:
        wanted = " or ".join(
            f"a '{column}' column ({kind})" for kind, column in MEASUREMENTS.items()
        )
        has = "both" if kinds else "neither"
        message = f"a measurements file has {wanted}; this one has {has}"
        return None, [error("schema", message, top)], array("I")
    kind = kinds[0]
    row = load_schema(kind)["$defs"]["row"]
    allowed = list(row["properties"])
    absent = [name for name in row["required"] if name not in columns]
    problems = [
        error(
            "schema",
            f"unknown column {excerpt(name)} in a {kind} file{_column_hint(name, absent, allowed)}; "
            f"the columns are {', '.join(allowed)}",
            table.key_at((name,)),
        )
        for name in columns
        if name not in allowed
    ]
    problems.extend(
        error(
            "schema",
            f"missing column '{name}': a {kind} file needs {', '.join(row['required'])}",
            top,
        )
        for name in absent
    )
    if problems:
        return None, problems, array("I")
    bad: dict[str, dict[int, tuple[str, str]]] = {
        name: _bad_cells(table, kind, name, name in row["required"]) for name in columns
    }
    keep = bytearray(b"\x01") * len(table)

    def found() -> Iterator[tuple[RepeatKey, Callable[[], Diagnostic]]]:
        for i, name, keyword, message in _bad_rows(table, bad):
            keep[i] = 0
            yield (table.file, name, keyword), _cell_problem(table, i, name, message)

    problems.extend(capped(found()))
    return kind, problems, array("I", itertools.compress(range(len(table)), keep))


def _bad_cells(table: CsvTable, kind: str, name: str, required: bool) -> dict[int, tuple[str, str]]:
    """The column's distinct cells that break its schema: code -> (keyword, message)."""
    bad: dict[int, tuple[str, str]] = {}
    schema = _column_validator(kind, name)
    for code, value in enumerate(table.typed[name]):
        if value is None:
            if required:
                bad[code] = ("required", f"the '{name}' cell is empty: every row needs one")
            continue
        if schema.is_valid(value):
            continue
        e = next(iter(_column_explainer(kind, name).iter_errors(value)))
        bad[code] = (str(e.validator), _message(e, excerpt(name), value))
    return bad


def _bad_rows(
    table: CsvTable, bad: dict[str, dict[int, tuple[str, str]]]
) -> Iterator[tuple[int, str, str, str]]:
    """(row, column, keyword, message) of every bad cell, row by row."""
    columns = [(name, table.codes[name], found) for name, found in bad.items() if found]
    if not columns:
        return
    if len(columns) == 1:
        name, codes, found = columns[0]
        for i, code in enumerate(codes):
            if code in found:
                yield (i, name, *found[code])
        return
    for i in range(len(table)):
        for name, codes, found in columns:
            if codes[i] in found:
                yield (i, name, *found[codes[i]])


def _cell_problem(table: CsvTable, row: int, name: str, message: str) -> Callable[[], Diagnostic]:
    return lambda: error("schema", message, table.at((row, name)))


@cache
def _column_schema(kind: str, name: str) -> dict[str, Any]:
    """The schema of one column's cells, with the definitions it refers to."""
    schema = load_schema(kind)
    return {"$defs": schema["$defs"], **schema["$defs"]["row"]["properties"][name]}


@cache
def _column_validator(kind: str, name: str) -> Any:
    return jsonschema_rs.validator_for(_column_schema(kind, name), validate_formats=True)


@cache
def _column_explainer(kind: str, name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        _column_schema(kind, name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _column_hint(name: str, absent: list[str], allowed: list[str]) -> str:
    """A did-you-mean for an unknown column, preferring a required column that is missing."""
    part_of = [a for a in absent if name in a or a in name]
    return f" (did you mean '{part_of[0]}'?)" if part_of else did_you_mean(name, allowed)


def _explain(e: ValidationError, document: Document) -> Iterator[Diagnostic]:
    path: Path = tuple(e.absolute_path)
    subject = _subject(path)
    keyword = e.validator
    instance = e.instance
    schema: Any = e.schema
    expected: Any = e.validator_value
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        for key in instance:
            if key not in allowed:
                message = (
                    f"unknown field {excerpt(key)}{_context(path)}{did_you_mean(key, allowed)}"
                )
                if key == "<<":
                    message = "merge keys (<<) are not supported: write the fields out"
                yield error("schema", message, document.key_at((*path, key)))
        return
    if keyword == "required":
        for missing in expected:
            if isinstance(instance, dict) and missing not in instance:
                message = f"missing required field '{missing}'{_context(path)}"
                yield error("schema", message, document.at((*path, missing)))
        return
    yield error("schema", _message(e, subject, instance), document.at(path))


def _message(e: ValidationError, subject: str, instance: Any) -> str:
    keyword, expected = e.validator, cast(Any, e.validator_value)
    found = describe(instance)
    if "propertyNames" in e.relative_schema_path:
        return (
            f"{found} is not a rule code: codes are lowercase words joined by hyphens "
            "(see `journeys rules`)"
        )
    if keyword == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(str(n), str(n)) for n in names)
        return f"{subject} must be {wanted}, found {found}{_type_hint(names, instance)}"
    if keyword == "enum":
        options = ", ".join(str(o) for o in expected)
        hint = did_you_mean(str(instance), [str(o) for o in expected])
        return f"{subject} must be one of {options}; found {found}{hint}"
    if keyword == "pattern" and expected == text_pattern():
        hint = _invisible(instance)
        return f"{subject} is empty or only whitespace{hint}: write the text a reader sees"
    if keyword == "pattern" and str(expected).startswith(_ID_PATTERN_START):
        return (
            f"{subject} {found} is not a valid id: use lowercase letters a-z, digits and "
            f"single hyphens{slug_hint(instance)}"
        )
    if keyword == "pattern":
        return (
            f"{subject} {found} is not a period: write a year (2026), quarter (2026-Q2), "
            "month (2026-05) or date (2026-05-31)"
        )
    if keyword == "format":
        return f"{subject} {found} is not a real date: write YYYY-MM-DD, e.g. 2026-09-14"
    if keyword == "maxLength":
        return f"{subject} is {len(instance)} characters long; the most is {expected}"
    if keyword == "minItems":
        return f"{subject} needs at least {expected} entr{'y' if expected == 1 else 'ies'}"
    if keyword in ("minimum", "maximum"):
        side = "at least" if keyword == "minimum" else "at most"
        return f"{subject} must be {side} {expected}, found {found}"
    if keyword == "uniqueItems":
        return f"{subject} lists the same value twice: remove the repeat"
    return f"{subject}: {e.message}"  # pragma: no cover - every keyword in our schemas is above


@cache
def text_pattern() -> str:
    """The pattern of the schemas' `text` (`$defs/text`): a title, a name, a statement must
    hold a visible character."""
    pattern: str = load_schema("journey")["$defs"]["text"]["pattern"]
    return pattern


def is_text(value: str) -> bool:
    """Whether `value` is a text the schemas accept: it holds a visible character."""
    return re.search(text_pattern(), value) is not None


def _invisible(instance: Any) -> str:
    """The invisible characters a text that looks empty holds, named: ` (and U+200B ZERO
    WIDTH SPACE, which is invisible)`; nothing when it holds only spaces and line breaks."""
    hidden = [c for c in dict.fromkeys(str(instance)) if not c.isspace()]
    if not hidden:
        return ""
    names = ", ".join(
        f"U+{ord(c):04X} {unicodedata.name(c, 'a control character')}" for c in hidden
    )
    return f" (and {names}, {'which is' if len(hidden) == 1 else 'which are'} invisible)"


def _subject(path: Path) -> str:
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return "the file"
    if isinstance(path[-1], int):
        return f"each entry of {excerpt(names[-1])}"
    return excerpt(names[-1])


def _context(path: Path) -> str:
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return ""
    noun = names[-1]
    if isinstance(path[-1], int):
        return f" in an entry of {excerpt(noun)}"
    return f" in {excerpt(noun)}"


def _type_hint(names: list[str], instance: Any) -> str:
    if "boolean" in names and isinstance(instance, str):
        return ": write true or false"
    if (
        "number" in names
        and isinstance(instance, str)
        and re.fullmatch(r"-?[0-9]+,[0-9]+", instance)
    ):
        return f": write the decimal with a point, e.g. {excerpt(instance.replace(',', '.'), quoted=False)}"
    if "string" in names and isinstance(instance, (int, float, bool)):
        return ": put it in quotes to make it text"
    if "array" in names and not isinstance(instance, (list, dict)):
        shown = excerpt(instance, quoted=False) if isinstance(instance, str) else instance
        return f": write a list, e.g. [{shown}]"
    return ""


def slug_hint(instance: Any) -> str:
    """`, e.g. 'open-account'` for a text that is not an id but can become one."""
    if not isinstance(instance, str):
        return ""
    slug = re.sub(r"[^a-z0-9]+", "-", instance.lower()).strip("-")
    return f", e.g. {excerpt(slug)}" if slug and slug != instance else ""
