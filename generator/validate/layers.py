"""Running the validation layers over a catalog: YAML, schema, references, lint rules,
with `catalog.yaml`'s `rules:` overrides applied and findings kept to the paths asked for."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import (
    Diagnostic,
    Location,
    Result,
    Severity,
    did_you_mean,
    error,
    excerpt,
)
from generator.ledger import Ledger
from generator.load import Loaded, LoadedFile, display_path, find_root
from generator.load.csv_table import CsvTable
from generator.load.document import Document
from generator.load.files import (
    CSV_SUFFIX,
    MEASUREMENTS_DIR,
    REGISTRIES,
    REGISTRY_DIR,
    CatalogFiles,
)
from generator.model.build import Table, build_catalog, build_journey
from generator.model.types import Catalog
from generator.validate import rules as _rules  # noqa: F401  (registers the rules)
from generator.validate.codes import FILE_CODES, FILE_WARNINGS, CodeInfo
from generator.validate.parts import Part, schema_valid_part
from generator.validate.rules.base import RULES, Context, JourneyRule, Rule
from generator.validate.schema import check_document, check_table


@dataclass
class Checked:
    """A validated catalog: its diagnostics and, unless catalog.yaml failed, its model."""

    root: Path
    result: Result
    catalog: Catalog | None
    files: tuple[str, ...] = ()
    documents: tuple[Document, ...] = ()
    digest: str = ""
    """A digest of every file of the catalog as read: its name and the digest of its bytes."""

    def forget_positions(self) -> None:
        """Drop the line and column of every value, for a caller done with diagnostics: a
        site build needs only the model, and positions are half of a large catalog's memory.
        Diagnostics made afterwards would point at line 1."""
        for document in self.documents:
            if isinstance(document, CsvTable):
                document.forget()
            document.values.clear()
            document.keys.clear()


def all_codes() -> dict[str, CodeInfo]:
    """Every diagnostic code, sorted, with its default severity and one-line summary."""
    codes = {code: CodeInfo(Severity.ERROR, False, text) for code, text in FILE_CODES.items()}
    codes.update(
        {code: CodeInfo(Severity.WARNING, False, text) for code, text in FILE_WARNINGS.items()}
    )
    codes.update({r.code: CodeInfo(r.severity, r.configurable, r.summary) for r in RULES})
    return dict(sorted(codes.items()))


def validate_catalog(
    root: Path,
    today: datetime.date | None = None,
    ledger: Ledger | None = None,
    files: CatalogFiles | None = None,
) -> Checked:
    """Validate the catalog rooted at `root`: every layer, every file, all findings.

    With a `ledger`, files whose bytes did not change since its last round are not parsed
    or checked against their schema again, and what `JourneyRule`s found in an unchanged
    journey is kept. `files` are the catalog's files when they were just listed
    (`discover`)."""
    ledger = ledger if ledger is not None else Ledger()  # one round: nothing kept before
    loaded = ledger.load(root, files)
    result = Result(files=len(loaded.files.files))
    result.extend(loaded.diagnostics)
    layer = _schema_layer(loaded, result, _checker(ledger))
    catalog_doc, registries, journeys, tables, broken, parts = layer
    if catalog_doc is None:
        broken.add("stages")
    catalog = build_catalog(display_path(root), catalog_doc, registries, journeys, broken, tables,
                            ledger.journey)  # fmt: skip
    ctx = Context(catalog, today or datetime.date.today(), ledger.references, ledger.memo,
                  (ledger.frame,))  # fmt: skip
    result.extend(_run_rules(ctx, RULES, parts))
    ledger.memo.sweep()
    shown = tuple(f.shown for f in loaded.files.files)
    documents = tuple(item.document for item in loaded.loaded if item.document is not None)
    return Checked(root, result, catalog if catalog_doc else None, shown, documents,
                   ledger.catalog_digest())  # fmt: skip


def _checker(ledger: Ledger) -> Callable[[Document, str], list[Diagnostic]]:
    """`check_document`, its problems kept in the ledger with each document."""
    memo = ledger.memo
    return lambda doc, kind: list(
        memo.get("schema", doc, lambda d: check_document(d, kind), (kind,))
    )


def validate_paths(
    paths: Sequence[Path], today: datetime.date | None = None, store: Path | None = None
) -> Result:
    """Validate the catalogs holding `paths`; report only what lies under the paths given.

    A path may be a catalog root, a folder or a file inside one: the whole catalog is
    always checked (references cross files), but findings are kept only for the files
    under the paths named. With a `store` folder, each catalog's parsed files are kept
    there, and only the files whose bytes changed since the last run are parsed (see
    `Ledger.stored`); a store that cannot be written is left as it was.
    """
    by_root: dict[Path, list[Path]] = {}
    for path in paths:
        # a link is named as itself, not as what it points to: its findings are its own
        named = path.parent.resolve() / path.name if path.is_symlink() else path.resolve()
        by_root.setdefault(find_root(path).resolve(), []).append(named)
    combined = Result()
    for root, wanted in by_root.items():
        ledger = Ledger.stored(store, root) if store is not None else None
        checked = validate_catalog(root, today, ledger)
        if ledger is not None:
            ledger.save()
        if root in wanted:
            combined.extend(checked.result.diagnostics)
            combined.files += checked.result.files
            continue
        shown = [display_path(p) for p in wanted]
        combined.extend(d for d in checked.result.diagnostics if _under(d.file, shown))
        combined.files += sum(1 for f in checked.files if _under(f, shown))
    return combined


def _under(file: str, paths: Iterable[str]) -> bool:
    return any(file == p or file.startswith(p.rstrip("/") + "/") for p in paths)


def _schema_layer(
    loaded: Loaded, result: Result, check: Callable[[Document, str], list[Diagnostic]]
) -> tuple[Document | None, dict[str, Document], list[Document], list[Table], set[str], list[Part]]:
    """The documents that passed their schema, by kind; the parts (registries, `journeys`)
    that did not; and the schema-valid parts of the journey files that did not."""
    catalog_doc: Document | None = None
    registries: dict[str, Document] = {}
    journeys: list[Document] = []
    tables: list[Table] = []
    broken: set[str] = set()
    parts: list[Part] = []
    for item in loaded.loaded:
        kind, doc = item.file.kind, item.document
        if kind == "unknown":
            where = doc.at() if doc else Location(item.file.shown)
            result.extend([Diagnostic("unknown-file", Severity.WARNING, _unknown(item), where)])
            continue
        if kind == "measurements":
            if isinstance(doc, CsvTable):
                table_kind, problems, rows = check_table(doc)
                result.extend(problems)
                if table_kind:
                    file = item.file.path.relative_to(loaded.files.root).as_posix()
                    tables.append(Table(table_kind, file, doc, rows))
            continue
        target = "stages" if kind == "catalog" else kind
        problems = check(doc, "catalog" if kind == "catalog" else kind) if doc else []
        result.extend(problems)
        if doc is None or problems:
            broken.add(target if kind != "journey" else "journeys")
            part = schema_valid_part(doc, kind, problems) if doc and kind == "journey" else None
            if part is not None:
                parts.append(part)
            continue
        if kind == "catalog":
            catalog_doc = doc
        elif kind == "journey":
            journeys.append(doc)
        elif kind in registries:
            first = registries[kind].file
            result.extend(
                [
                    error(
                        "duplicate-id",
                        f"registry '{kind}' is defined twice, here and in {first}: merge them",
                        doc.at(),
                    )
                ]
            )
        else:
            registries[kind] = doc
    return catalog_doc, registries, journeys, tables, broken, parts


def _unknown(item: LoadedFile) -> str:
    path = item.file.path
    if path.suffix.lower() == CSV_SUFFIX:
        return (
            f"{excerpt(path.name)} is ignored: measurements files (CSV) belong in the catalog's "
            f"{MEASUREMENTS_DIR}/ folder"
        )
    if path.parent.name != REGISTRY_DIR:
        return (
            f"{excerpt(f'{path.parent.name}/{path.name}')} is ignored: registry/ has no "
            f"sub-folders; move the file to registry/{excerpt(path.name, quoted=False)}"
        )
    expected = ", ".join(f"{name}.yaml" for name in REGISTRIES)
    hint = did_you_mean(path.stem, REGISTRIES)
    return (
        f"{excerpt(path.name)} is not a registry and is ignored: registry/ holds {expected}{hint}"
    )


def _run_rules(
    ctx: Context, rules: Sequence[Rule], parts: Sequence[Part] = ()
) -> Iterator[Diagnostic]:
    """What the rules find in the catalog, and in `parts`: the schema-valid parts of the
    journey files that failed their schema (see `JourneyRule.check_part`)."""
    journeys = [(part, build_journey(part.document)) for part in parts]
    config = ctx.catalog.rules
    yield from _check_config(ctx)
    for rule in rules:
        setting = config.get(rule.code) if rule.configurable else None
        if setting == "off":
            continue
        found = rule.check(ctx)
        if isinstance(rule, JourneyRule):
            found = itertools.chain(found, *(p.new(rule.check_part(ctx, j)) for p, j in journeys))
        for diagnostic in found:
            if setting is not None:
                diagnostic = dataclasses.replace(diagnostic, severity=Severity(setting))
            yield diagnostic


def _check_config(ctx: Context) -> Iterator[Diagnostic]:
    source = ctx.catalog.catalog_source
    if source is None:
        return
    configurable = {rule.code for rule in RULES if rule.configurable}
    for code in ctx.catalog.rules:
        if code in configurable:
            continue
        where = source.key_at("rules", code)
        if code in all_codes():
            message = f"rule '{code}' is part of the format and cannot be changed"
        else:
            message = f"unknown rule '{code}'{did_you_mean(code, configurable)}"
        yield error("unknown-rule", message, where)
