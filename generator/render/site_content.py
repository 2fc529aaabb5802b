"""The site in memory (`SiteContent`: pages by source path, other files, the nav), and the
files every site has: `/catalog.json` joined from each journey's entry, the assets, the
JSON Schemas."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from generator.model.export import export, plain
from generator.model.types import Catalog, Journey, Registry
from generator.render.overview import INDEXES, REPORTS
from generator.render.reference import SCHEMAS
from generator.validate.schema import schema_dir

ASSETS = ("journeys.css", "journeys.js")


class SpilledBlocks(MutableMapping[str, list[str]]):
    """Each page's held blocks on disk, a JSON file per page in `folder`, read back when a
    page is put together: a large site's tables are never all in memory at once. Forked
    processes writing into the same folder hand back only which pages they wrote."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._paths: set[str] = set()

    def _file(self, path: str) -> Path:
        return self.folder / f"{hashlib.blake2b(path.encode(), digest_size=16).hexdigest()}.json"

    def __getitem__(self, path: str) -> list[str]:
        if path not in self._paths:
            raise KeyError(path)
        blocks = json.loads(self._file(path).read_text(encoding="utf-8"))
        assert isinstance(blocks, list)
        return blocks

    def __setitem__(self, path: str, blocks: list[str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._file(path).write_text(json.dumps(blocks, ensure_ascii=False), encoding="utf-8")
        self._paths.add(path)

    def __delitem__(self, path: str) -> None:
        self._paths.remove(path)
        self._file(path).unlink(missing_ok=True)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._paths))

    def __len__(self) -> int:
        return len(self._paths)

    def __contains__(self, path: object) -> bool:
        return path in self._paths

    def absorb(self, other: Mapping[str, list[str]]) -> None:
        """Add `other`'s blocks: only their names when they are in this folder already."""
        if isinstance(other, SpilledBlocks) and other.folder == self.folder:
            self._paths |= other._paths
        else:
            self.update(other)

    def alike(self) -> SpilledBlocks:
        """An empty mapping that spills into the same folder (for a forked process's part)."""
        return SpilledBlocks(self.folder)


@dataclass
class SiteContent:
    """Generated pages by source path (`silos/digital/index.md`), other files, and the nav."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    """Files of the site that are copies of a file on disk (diagrams in the cache)."""
    held: MutableMapping[str, list[str]] = field(default_factory=dict)
    """With `build_site(hold=True)`: each page's tables and facts, which its Markdown only
    marks (`environment.HELD`); `environment.restore` puts them into the page's HTML. In
    memory, or on disk (`SpilledBlocks`)."""
    parts: dict[str, str] = field(default_factory=dict)
    """Each journey's entry in `/catalog.json`, by id, as JSON text (`journey_json`)."""
    groups: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    """The source paths of each group of pages written (`PageWriter.write_groups`)."""

    def alike(self) -> SiteContent:
        """An empty site that keeps held blocks where this one does."""
        held = self.held.alike() if isinstance(self.held, SpilledBlocks) else {}
        return SiteContent(held=held)

    def merge(self, other: SiteContent) -> None:
        """Add the pages and files another process wrote."""
        self.pages.update(other.pages)
        self.files.update(other.files)
        self.copies.update(other.copies)
        if isinstance(self.held, SpilledBlocks):
            self.held.absorb(other.held)
        else:
            self.held.update(other.held)
        self.parts.update(other.parts)
        self.groups.update(other.groups)


def source_path(page_url: str) -> str:
    """The Markdown source path of a page URL: `silos/digital/` -> `silos/digital/index.md`."""
    return f"{page_url}index.md"


def dumps(data: Any) -> str:
    """JSON as `/catalog.json` holds it: compact, UTF-8 text as it is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def journey_json(journey: Journey, catalog: Catalog) -> str:
    """The journey's entry in `/catalog.json`: its data as `export` gives it, as JSON text."""
    return dumps({**plain(journey), "file": catalog.published(journey.source.file)})


def catalog_json(catalog: Catalog, parts: dict[str, str]) -> bytes:
    """`/catalog.json`, the export of the catalog, with each journey's entry from `parts`
    where it is there (made by another process, or kept from an earlier build)."""
    mark = f"\x00{uuid.uuid4()}\x00"  # no catalog holds it
    data = export(dataclasses.replace(catalog, journeys=Registry()))
    data["journeys"] = mark
    listed = ",".join(parts.get(j.id) or journey_json(j, catalog) for j in catalog.journeys)
    return (dumps(data).replace(dumps(mark), f"[{listed}]", 1) + "\n").encode("utf-8")


def add_fixed_files(site: SiteContent) -> None:
    """What every site has whatever the catalog: the assets, the JSON Schemas, the nav."""
    for asset in ASSETS:
        site.files[f"assets/journeys/{asset}"] = (
            files("generator") / "assets" / asset
        ).read_bytes()
    for schema in sorted(schema_dir().glob("*.schema.json")):
        site.files[f"{SCHEMAS}{schema.name}"] = schema.read_bytes()
    site.nav = _nav()


def _nav() -> list[Any]:
    registries = [{INDEXES[k]: source_path(f"{k}/")} for k in INDEXES if k != "journeys"]
    return [
        {"Home": "index.md"},
        {"Journeys": source_path("journeys/")},
        {"Registries": registries},
        {"Reports": [{title: source_path(u)} for u, title in REPORTS.items()]},
        {"Reference": [{"Format reference": source_path("reference/format/")}]},
    ]
