"""Rebuilding a served site in place: MkDocs builds again only the generated files that changed.

`journeys serve` runs MkDocs' dirty builds, which skip every file whose `is_modified()`
is False (where `mkdocs_internals.usable()`: the search index of a dirty build is
completed there). MkDocs says True for every generated file, so `Rebuilds` remembers what each
generated file held when it was last written into the site folder, and hands MkDocs an
`Unchanged` file when it holds the same again. Around that it keeps the site right:

- anything every page shows (mkdocs.yml, the navigation, the docs pages, the theme
  overrides) changed: the site folder is emptied and everything is built again;
- a generated file that is gone is deleted from the site folder; while the catalog has
  errors the generated pages are moved aside instead (only the error page is served), and
  those that come back unchanged are moved back rather than built again;
- pages not built again keep their title in the navigation and their entries in the
  search index, which a dirty build would otherwise lose or duplicate.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page


class Collector:
    """Keeps Python's cycle collector out of a rebuild, and runs it once the server is idle.

    A rebuild makes a few million objects while the catalog, its pages and the site's
    files (many millions more) stay alive: each full collection walked them all, which
    took about a third of a rebuild's time. Collection waits until `delay` seconds after
    the build (put off again if a build starts), and what survives it is frozen, so that
    the next collection walks only what the next rebuild made. The catalog's objects hold
    no cycles; every `THOROUGH`th collection walks everything anyway.
    """

    THOROUGH = 20

    def __init__(self, delay: float = 1.0) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._building = False
        self._timer: threading.Timer | None = None
        self._collections = 0

    def pause(self) -> None:
        """A rebuild starts: no collection until it ends."""
        with self._lock:
            self._building = True
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            gc.disable()

    def resume(self) -> None:
        """A build ended: collect in `delay` seconds, unless a rebuild starts first."""
        with self._lock:
            self._building = False
            self._timer = threading.Timer(self.delay, self._collect)
            self._timer.daemon = True
            self._timer.start()

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._building = False
            gc.unfreeze()
            gc.enable()

    def _collect(self) -> None:
        with self._lock:
            if self._building:
                return
            gc.enable()
            self._collections += 1
            if self._collections % self.THOROUGH == 0:
                gc.unfreeze()
        gc.collect()
        gc.freeze()


class Compiled(jinja2.BytecodeCache):
    """The theme's templates compiled once per serve, not once per rebuild (Jinja checks
    each template's source against what was compiled)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class Unchanged(File):
    """A generated file holding what the last build wrote for it: a dirty build skips it."""

    def is_modified(self) -> bool:
        return False


#: What a generated file holds: its content (or the file it is a copy of), and for a page
#: the blocks it holds aside.
Held = tuple[str | bytes | Path, list[str] | None]


@dataclass
class Stats:
    """What the last build did with the generated files."""

    files: int = 0
    built: int = 0
    pages_built: int = 0
    removed: int = 0
    full: bool = True

    def __str__(self) -> str:
        if self.full:
            return f"all {self.files} generated files built"
        return (
            f"{self.built} of {self.files} generated files built again "
            f"({self.pages_built} pages), {self.removed} removed"
        )


@dataclass
class Rebuilds:
    """What the site folder holds from the builds of one `serve`, to build only what changed."""

    key: str | None = None
    """What every page shows (see `site_key`) when the site folder was last built."""
    written: dict[str, Held] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    aside: dict[str, str] = field(default_factory=dict)
    """Generated files moved out of the site folder while the catalog has errors."""
    titles: dict[str, str] = field(default_factory=dict)
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    built_pages: set[str] = field(default_factory=set)
    stats: Stats = field(default_factory=Stats)
    _pending: str | None = None
    _storage: Path | None = None

    def start(self, config: MkDocsConfig, nav: Any) -> None:
        """Before MkDocs builds: empty the site folder unless what every page shows (with
        `nav` as the navigation) is the same as in the last build."""
        self._pending = site_key(config, nav)
        self.built_pages = set()
        if self._pending != self.key:
            utils.clean_directory(config.site_dir)
            self.written, self.targets, self.urls, self.titles, self.search = {}, {}, {}, {}, {}
            self._discard_aside()
            self.stats = Stats(full=True)
        else:
            self.stats = Stats(full=False)

    def files(
        self,
        files: Files,
        config: MkDocsConfig,
        generated: Mapping[str, str | bytes | Path],
        held: Mapping[str, list[str]],
        keep_aside: bool,
    ) -> None:
        """Add the generated files to `files` (content, or a `Path` to copy), each `Unchanged`
        when the site folder already holds it. The site folder's other generated files are
        deleted or, with `keep_aside` (the catalog has errors), moved aside."""
        for path, content in generated.items():
            now: Held = (content, held.get(path))
            before = self.written.get(path)
            same = before is not None and _same(before, now)
            if path in self.aside:
                same = self._bring_back(path, same)
            kind = Unchanged if same else File
            if isinstance(content, Path):
                file = kind.generated(config, path, abs_src_path=str(content))
            else:
                file = kind.generated(config, path, content=content)
            files.append(file)
            if path not in self.targets:  # the same for every build of the serve
                self.targets[path] = file.abs_dest_path
                if file.is_documentation_page():
                    self.urls[path] = file.url
            if not same:
                self.stats.built += 1
                self.stats.pages_built += path in self.urls
            self.written[path] = now
        self.stats.files = len(generated)
        for path in [p for p in self.written if p not in generated]:
            if keep_aside:
                self._put_aside(path)
            else:
                self._remove(path)
                self.stats.removed += 1

    def nav(self, nav: Navigation) -> None:
        """Give the pages of the navigation that are not built again their last title."""
        for page in nav.pages:
            if page.title is None and not page.file.is_modified():
                page.title = self.titles.get(page.file.src_uri)

    def page_built(self, page: Page) -> None:
        """Remember a page built in this build: its title, and that its search entries are new."""
        self.built_pages.add(page.url)
        if page.title is not None:
            self.titles[page.file.src_uri] = page.title

    def search_entries(
        self, entries: list[dict[str, Any]], pages: Iterable[Page]
    ) -> list[dict[str, Any]]:
        """The whole search index after a dirty build that indexed only the pages it built
        (`entries`): theirs, and the last entries of the other pages still in the site."""
        built: dict[str, list[dict[str, Any]]] = {u: [] for u in self.built_pages}
        for entry in entries:
            built.setdefault(str(entry["location"]).partition("#")[0], []).append(entry)
        self.search.update(built)
        present = [p.url for p in pages]
        kept = {*present, *(self.urls[p] for p in self.aside if p in self.urls)}
        self.search = {u: entries for u, entries in self.search.items() if u in kept}
        return [e for u in present for e in self.search.get(u, [])]

    def finish(self) -> None:
        """After a build that succeeded: the site folder now shows what it was built from."""
        self.key = self._pending

    def failed(self) -> None:
        """After a build that failed: the next one starts from an empty site folder."""
        self.key = None

    def close(self) -> None:
        self._discard_aside()

    def _remove(self, path: str) -> None:
        self.written.pop(path, None)
        self.urls.pop(path, None)
        if path in self.aside:
            Path(self.aside.pop(path)).unlink(missing_ok=True)
        target = self.targets.pop(path, None)
        if target is None:
            return
        Path(target).unlink(missing_ok=True)
        folder = Path(target).parent
        while folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def _put_aside(self, path: str) -> None:
        target = self.targets.get(path)
        if target is None or path in self.aside or not os.path.isfile(target):
            return
        if self._storage is None:
            self._storage = Path(tempfile.mkdtemp(prefix="journeys-serve-"))
        kept = self._storage / hashlib.sha1(path.encode("utf-8")).hexdigest()
        shutil.move(target, kept)
        self.aside[path] = str(kept)

    def _bring_back(self, path: str, wanted: bool) -> bool:
        """Move a file set aside back into the site folder if it is `wanted` (unchanged);
        whether it is there again."""
        kept, target = self.aside.pop(path), self.targets.get(path)
        if not wanted or target is None or not os.path.isfile(kept):
            Path(kept).unlink(missing_ok=True)
            return False
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.move(kept, target)
        return True

    def _discard_aside(self) -> None:
        self.aside = {}
        if self._storage is not None:
            shutil.rmtree(self._storage, ignore_errors=True)
            self._storage = None


def _same(before: Held, now: Held) -> bool:
    # Unchanged pages are the very objects made last time: `is` answers at once.
    return all(a is b or a == b for a, b in zip(before, now, strict=True))


def site_key(config: MkDocsConfig, nav: Any) -> str:
    """A digest of what every page shows besides its own content: mkdocs.yml, the
    navigation `nav`, the docs pages and the theme's overrides."""
    digest = hashlib.sha256()
    if config.config_file_path and os.path.isfile(config.config_file_path):
        digest.update(Path(config.config_file_path).read_bytes())
    digest.update(repr(nav).encode("utf-8"))
    folders = [config.docs_dir, *(d for d in config.theme.dirs if not _installed(d))]
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                info = path.stat()
                digest.update(f"{path}\0{info.st_mtime_ns}\0{info.st_size}\n".encode())
    return digest.hexdigest()


def _installed(folder: str) -> bool:
    """Whether a theme folder is part of an installed package (it does not change)."""
    return not {"site-packages", "dist-packages"}.isdisjoint(Path(folder).parts)
