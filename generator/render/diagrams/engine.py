"""Rendering DOT to SVG with Graphviz: cached by a hash of the source, in parallel.

A `Diagram` is the DOT source of one picture plus its accessible title and description.
`Renderer.render_all` turns many of them into clean SVG: each is looked up in the cache
folder by the SHA-256 of everything that decides its output, and only the missing ones
are rendered, as many Graphviz processes at once as there are cores.

Graphviz lays out every graph of its input on its own, so one process draws a whole
chunk of diagrams that share a layout engine: starting a process costs more than
drawing most of ours. The SVG documents come back one after another and are split
apart; each is the same as a process of its own would have drawn, except the id of its
root group, which is made the same.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import graphviz

from generator.errors import InstallError, JourneysError
from generator.render.diagrams.svg import clean

_SIZE = re.compile(r'<svg[^>]*? width="([\d.]+)pt" height="([\d.]+)pt"')
_HEAD = 4096
"""Characters read from a cached SVG to find its size: its `<svg>` tag comes first."""
#: The most diagrams one Graphviz process draws: a chunk's output is held in memory.
CHUNK = 64
_END = b"</svg>\n"
_PAGE_ID = re.compile(rb'<g id="page\d+,\d+_graph')
"""The root group of the second and later graphs of one input (`page0,1_graph0`)."""
#: Bump when the SVG clean-up changes, so that cached diagrams are made again.
OUTPUT_VERSION = "2"


class DiagramError(JourneysError):
    """Graphviz refused a diagram we generated: a bug in the generator, never in the catalog."""


@dataclass(frozen=True)
class Diagram:
    """One picture: DOT source, the Graphviz layout engine, and text for screen readers.

    `engine` is `dot`, `circo` or `neato`; `fixed` renders with `neato -n`, which keeps
    the node positions the source gives (for grids and charts). `wide` pictures keep
    their natural size and scroll sideways; others shrink to fit the page.
    """

    kind: str
    title: str
    description: str
    dot: str
    engine: str = "dot"
    fixed: bool = False
    wide: bool = False

    @property
    def file_name(self) -> str:
        """The SVG's file name, beside the page that shows it: kind and content hash."""
        return f"{self.kind.replace(' ', '-')}-{self.key[:12]}.svg"

    @property
    def key(self) -> str:
        """The cache key: a hash of everything that decides the SVG."""
        text = "\0".join(
            (OUTPUT_VERSION, self.engine, str(self.fixed), self.title, self.description, self.dot)
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Stats:
    """How many diagrams a run rendered, and how many it found in the cache."""

    rendered: int = 0
    cached: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return f"{self.rendered} drawn, {self.cached} from the cache"


@dataclass
class Renderer:
    """Renders diagrams to SVG, keeping each result in `cache` (a folder) when one is given.

    With a cache, an SVG stays in its file: the renderer keeps only its size, and the site
    copies the file (`path`). Without one, SVGs are kept in memory.
    """

    cache: Path | None = None
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    stats: Stats = field(default_factory=Stats)
    svgs: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    drawn: set[str] = field(default_factory=set)
    loaded: set[str] = field(default_factory=set)

    def absorb(self, other: Renderer) -> None:
        """Count what another process's renderer drew, read and used (each diagram once),
        so that the totals and `prune` cover the whole build."""
        drawn = other.drawn - self.drawn - self.loaded
        loaded = other.loaded - self.loaded - self.drawn - drawn
        self.drawn |= drawn
        self.loaded |= loaded
        self.stats.rendered += len(drawn)
        self.stats.cached += len(loaded)
        self.used |= other.used

    def reuse(self, keys: Iterable[str]) -> None:
        """Count the cached diagrams of pages kept from an earlier build as used and read
        from the cache, so that the totals and `prune` cover them."""
        kept = set(keys) - self.drawn - self.loaded
        self.used |= kept
        self.loaded |= kept
        self.stats.cached += len(kept)

    def render_all(self, diagrams: Iterable[Diagram]) -> None:
        """Make the SVG of every diagram available through `svg()` and `path()`."""
        start = time.perf_counter()
        wanted = {d.key: d for d in diagrams}
        self.used.update(wanted)
        missing = [d for key, d in wanted.items() if key not in self.sizes and not self._load(key)]
        if missing:
            workers = max(1, self.workers)
            chunks = _chunks(missing, workers)
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for chunk, svgs in zip(chunks, pool.map(self._render_chunk, chunks), strict=True):
                    for diagram, svg in zip(chunk, svgs, strict=True):
                        self.sizes[diagram.key] = _size(svg)
                        if self.cache is None:
                            self.svgs[diagram.key] = svg
                        else:
                            self._store(diagram.key, svg)
            self.stats.rendered += len(missing)
            self.drawn.update(d.key for d in missing)
        self.stats.seconds += time.perf_counter() - start

    def svg(self, diagram: Diagram) -> str:
        """The SVG of a diagram passed to `render_all` before."""
        found = self.path(diagram)
        return found.read_text(encoding="utf-8") if found else self.svgs[diagram.key]

    def path(self, diagram: Diagram) -> Path | None:
        """The cached file holding the SVG of a diagram passed to `render_all` before."""
        return None if self.cache is None else self.cache / f"{diagram.key}.svg"

    def size(self, diagram: Diagram) -> tuple[int, int]:
        """The SVG's width and height in CSS pixels (Graphviz gives points)."""
        return self.sizes[diagram.key]

    def prune(self) -> int:
        """Delete cached diagrams this renderer did not use; returns how many."""
        if self.cache is None or not self.cache.is_dir():
            return 0
        removed = 0
        for path in self.cache.glob("*.svg"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def _load(self, key: str) -> bool:
        if self.cache is None:
            return False
        try:
            with (self.cache / f"{key}.svg").open("rb") as f:
                head = f.read(_HEAD).decode("utf-8", "ignore")
                f.seek(max(f.seek(0, os.SEEK_END) - 64, 0))
                tail = f.read()
        except OSError:
            return False
        if not _SIZE.search(head) or b"</svg>" not in tail:  # not one of ours, or cut short
            return False
        self.sizes[key] = _size(head)
        if key not in self.loaded:  # a kept page's diagram (`reuse`) is counted once
            self.stats.cached += 1
            self.loaded.add(key)
        return True

    def _store(self, key: str, svg: str) -> None:
        assert self.cache is not None
        self.cache.mkdir(parents=True, exist_ok=True)
        partial = self.cache / f".{key}.{os.getpid()}.tmp"
        partial.write_text(svg, encoding="utf-8")
        partial.replace(self.cache / f"{key}.svg")

    def _render_chunk(self, chunk: list[Diagram]) -> list[str]:
        """The SVGs of diagrams that share an engine, drawn by one Graphviz process. If
        Graphviz fails, or gives back another number of documents, each diagram is drawn
        by a process of its own, so that an error names the diagram it is about."""
        if len(chunk) > 1:
            try:
                raw = _pipe(chunk[0], "".join(f"{d.dot}\n" for d in chunk))
            except subprocess.CalledProcessError:
                raw = b""
            documents = raw.split(_END)
            if len(documents) == len(chunk) + 1 and not documents[-1].strip():
                return [
                    clean(_PAGE_ID.sub(b'<g id="graph', document, count=1) + _END,
                          d.key[:12], d.title, d.description)
                    for d, document in zip(chunk, documents[:-1], strict=True)
                ]  # fmt: skip
        return [self._render(d) for d in chunk]

    def _render(self, diagram: Diagram) -> str:
        try:
            raw = _pipe(diagram, diagram.dot)
        except subprocess.CalledProcessError as e:
            message = (e.stderr or b"").decode("utf-8", "replace").strip()
            raise DiagramError(f"Graphviz could not draw the {diagram.kind}: {message}") from e
        return clean(raw, diagram.key[:12], diagram.title, diagram.description)


def _pipe(like: Diagram, source: str) -> bytes:
    """Graphviz's SVG for `source`, drawn with the engine and options of `like`."""
    try:
        drawn: bytes = graphviz.pipe(
            like.engine, "svg", source.encode("utf-8"), neato_no_op=like.fixed or None, quiet=True
        )
    except graphviz.ExecutableNotFound as e:
        raise InstallError(
            "Graphviz is missing: install the 'graphviz' package "
            "(apt-get install graphviz) and run again."
        ) from e
    return drawn


def _chunks(diagrams: list[Diagram], workers: int) -> list[list[Diagram]]:
    """The diagrams in chunks for one Graphviz process each: those of one engine and
    options together, each engine's share cut into at least `workers` chunks (so that
    every core draws) of at most CHUNK diagrams."""
    by_engine: dict[tuple[str, bool], list[Diagram]] = {}
    for diagram in diagrams:
        by_engine.setdefault((diagram.engine, diagram.fixed), []).append(diagram)
    chunks: list[list[Diagram]] = []
    for same in by_engine.values():
        size = min(CHUNK, -(-len(same) // workers))
        chunks.extend(same[i : i + size] for i in range(0, len(same), size))
    return chunks


def _size(svg: str) -> tuple[int, int]:
    """An SVG's width and height in CSS pixels, from its `<svg>` tag (Graphviz gives points)."""
    found = _SIZE.search(svg[:_HEAD])
    if found is None:
        return (0, 0)
    return (round(float(found[1]) * 4 / 3), round(float(found[2]) * 4 / 3))
