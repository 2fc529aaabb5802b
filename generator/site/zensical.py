"""The zensical engine: the docs tree (`tree.py`) turned into HTML by Zensical.

Zensical reads `mkdocs.yml` and renders the same theme, but runs no MkDocs plugin: the
catalog's pages reach it as files. It runs in a process of its own (`python -m zensical`,
its public command line), in the folder of the tree it builds.
"""

from __future__ import annotations

import copy
import errno
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import watchdog.events as events
from watchdog.observers import Observer

from generator.ledger.memo import Memo
from generator.ledger.page_store import PageStore
from generator.outputs import check_kept, mark
from generator.render import SiteContent
from generator.render.diagrams.engine import Renderer
from generator.render.environment import HELD, restore
from generator.render.incremental import SiteGenerator
from generator.reporters import render_text
from generator.site import held
from generator.site.content import error_page, project_guard, read_config, regenerate
from generator.site.preview import CHANGES, check_address
from generator.site.publish import BuildFailed, Report, check_site_dir, swap
from generator.site.tree import generate_content, sync_tree, tree_options

#: The folder, inside the tree, that Zensical builds the site into.
SITE = "site"
#: The folder, inside `serve`'s tree, of each page's held blocks (`held.py`).
BLOCKS = "held"
#: The folder of the cache holding the tree `build_site_dir` hands to Zensical (`serve`'s is
#: `zensical/`).
BUILD_TREE = "zensical-build"
#: Zensical's own cache, in the folder it builds.
ZENSICAL_CACHE = ".cache"


def command(*args: str) -> list[str]:
    """The command line that runs Zensical with `args`, with this tool's Python."""
    return [sys.executable, "-m", "zensical", *args]


def build_site_dir(config_file: Path, catalog: Path, site_dir: Path, cache: Path) -> Report:
    """Write the catalog's tree into the cache's `zensical-build/` folder, have Zensical
    build it there, put each page's tables and facts into its HTML, and replace `site_dir`
    with the result only when Zensical succeeds and `site_dir` may be replaced
    (`publish.check_site_dir`). Otherwise raises BuildFailed with Zensical's output, and the
    previous site is untouched.

    The tree stays between builds, so that Zensical's own cache (`.cache/` in it) spares
    it the pages whose Markdown did not change; its pages only mark their tables and facts
    (`build_site(hold=True)`, as under the MkDocs plugin), which neither Markdown, Zensical's
    link scan nor its search index reads."""
    site_dir = check_site_dir(config_file, site_dir, (catalog,))
    tree = cache / BUILD_TREE
    check_kept(tree, project_guard(config_file, (catalog,)), "cache_dir")
    start = time.perf_counter()
    diagrams = Renderer(cache=cache / "diagrams")
    store = None
    if tree_options(config_file).cache_pages:
        store = PageStore(cache / "pages", cache / "diagrams")
    held = _write_tree(config_file, catalog, tree, diagrams, store)
    generating = time.perf_counter() - start - diagrams.stats.seconds
    built = tree / SITE
    shutil.rmtree(built, ignore_errors=True)  # left by a build that stopped half-way
    try:
        run(tree)
    except BuildFailed:
        shutil.rmtree(tree / ZENSICAL_CACHE, ignore_errors=True)  # whatever state it is in
        raise
    fill(built, held)
    mark(built)
    publish(built, site_dir)
    if store is not None:
        store.prune()
    return Report(generating, diagrams.stats, store.stats if store else None)


def _write_tree(
    config_file: Path, catalog: Path, tree: Path, diagrams: Renderer, store: PageStore | None
) -> dict[str, list[str]]:
    """Validate and render the catalog, write its tree into `tree`; returns each page's held
    blocks, the rest of the pages let go before Zensical runs."""
    outcome = generate_content(config_file, catalog, diagrams, store, hold=True)
    if outcome.content is None:
        raise BuildFailed("the catalog has errors, so the site was not built")
    hold_figures(outcome.content)
    tree.mkdir(parents=True, exist_ok=True)
    sync_tree(outcome.content, config_file, tree, site_dir=SITE)
    return dict(outcome.content.held)


#: A figure the search index leaves out (`data-search-exclude`), alone between blank lines:
#: finished HTML that Zensical's Markdown would only pass through, so it is held too.
_FIGURE = re.compile(
    r"(?<=\n\n)<figure\b[^>\n]*\bdata-search-exclude\b[^>\n]*>\n"
    r"(?:(?!<figure\b|<!--journeys-held:)[^\n]*\n)*?</figure>(?=\n\n|\n?\Z)"
)


def hold_figures(content: SiteContent) -> None:
    """Set each page's diagrams (`_FIGURE`) aside with its held blocks, a place for each in
    its Markdown (`environment.HELD`): Zensical's Markdown and link scan then skip them too."""
    for path, text in content.pages.items():
        if "<figure" not in text:
            continue
        held = content.held.setdefault(path, [])

        def place(match: re.Match[str], held: list[str] = held) -> str:
            held.append(match.group(0))
            return f"<!--journeys-held:{len(held) - 1}-->"

        content.pages[path] = _FIGURE.sub(place, text)


def fill(site: Path, held: dict[str, list[str]]) -> None:
    """Put each page's held tables and facts into its HTML in `site` (`environment.restore`);
    BuildFailed when a page lacks one of its places."""
    for source, blocks in held.items():
        if not blocks:
            continue
        page = site / f"{source.removesuffix('.md')}.html"
        html = page.read_text(encoding="utf-8") if page.is_file() else ""
        if {int(n) for n in HELD.findall(html)} != set(range(len(blocks))):
            raise BuildFailed(
                f"Zensical's page {page.relative_to(site).as_posix()} is missing or lost the "
                "places of its tables, so the site was not published"
            )
        page.write_text(restore(html, blocks), encoding="utf-8")


def publish(built: Path, site_dir: Path) -> None:
    """Move the folder `built` beside `site_dir` (copied when the cache is on another file
    system), then swap it in (`publish.swap`)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    try:
        moved = staging / site_dir.name
        try:
            built.rename(moved)
        except OSError as e:
            if e.errno != errno.EXDEV:
                raise
            shutil.copytree(built, moved)
            shutil.rmtree(built)
        swap(moved, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def run(tree: Path) -> None:
    """`zensical build --strict` on the tree in `tree` (a warning fails it, as under MkDocs),
    with its cache: it renders again only the pages that changed, and writes every file of
    the site. BuildFailed with its output when it fails."""
    try:
        done = subprocess.run(
            command("build", "--strict", "--config-file", "mkdocs.yml"),
            cwd=tree,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as e:
        raise BuildFailed(f"Zensical could not be started ({e.strerror})") from e
    if done.returncode != 0 or not (tree / SITE / "index.html").is_file():
        shown = "".join(f"\n  {line}" for line in readable(done.stdout + done.stderr))
        raise BuildFailed(
            f"Zensical could not build the site (exit status {done.returncode}), so it was "
            f"not published:{shown}"
        )


def readable(output: str) -> list[str]:
    """Zensical's output as lines a person reads: without colour codes, and a Python
    traceback (its command line ends a failed build with one) cut down to its message."""
    lines: list[str] = []
    in_traceback = False
    for line in _COLOURS.sub("", output).splitlines():
        if line.startswith("Traceback (most recent call last):"):
            in_traceback = True
        elif in_traceback and not line.startswith(" "):
            in_traceback = False
            lines.append(line.partition(": ")[2] or line)
        elif not in_traceback and line.strip():
            lines.append(line)
    return lines


_COLOURS = re.compile(r"\x1b\[[0-9;]*m")

#: Where `serve` writes what it tells the person: one line a call.
Say = Callable[[str], None]


def serve(config_file: Path, catalog: Path, cache: Path, dev_addr: str, say: Say) -> None:
    """Serve the site of `config_file` with `zensical serve` at `dev_addr`: the tree is
    written into the cache's `zensical/` folder, and each change to the catalog writes again
    only the files of the tree it changed, so that Zensical's own watcher rebuilds them.
    Returns when Zensical stops; a KeyboardInterrupt (Ctrl-C) stops both."""
    check_address(dev_addr)  # before the first build, not after it
    tree = cache / "zensical"
    check_kept(tree, project_guard(config_file, (catalog,)), "cache_dir")
    tree.mkdir(parents=True, exist_ok=True)
    preview = Preview(config_file, catalog, tree, Renderer(cache=cache / "diagrams"), say)
    preview.update()
    changed, restart = threading.Event(), threading.Event()
    observer = Observer()
    observer.schedule(_Changes((catalog.resolve(),), changed), str(catalog), recursive=True)
    own = _Changes(own_files(config_file), changed, restart)
    for path in own.paths:  # a folder and what is in it; a file from its folder, alone
        observer.schedule(own, str(path if path.is_dir() else path.parent), recursive=path.is_dir())
    observer.start()
    process = subprocess.Popen(
        command("serve", "--config-file", "mkdocs.yml", "-a", dev_addr), cwd=tree
    )
    try:
        while process.poll() is None:
            if changed.wait(0.5):
                time.sleep(0.1)  # an editor's save is often several events
                changed.clear()
                if restart.is_set():
                    restart.clear()
                    preview.restart()
                preview.update()
        if process.returncode:
            raise BuildFailed(f"Zensical stopped with exit status {process.returncode}")
    finally:
        observer.stop()
        _stop(process)
        observer.join()


class Preview:
    """The tree `serve` hands to Zensical, made again after each change: only the pages a
    change affects are rendered again (`SiteGenerator`) and only the files whose bytes
    differ are written. While the catalog has errors, its findings are printed and the
    home page lists them; the other pages stay as they were."""

    def __init__(
        self, config_file: Path, catalog: Path, tree: Path, diagrams: Renderer, say: Say
    ) -> None:
        self.config_file, self.catalog, self.tree, self.say = config_file, catalog, tree, say
        self.diagrams = diagrams
        self.site = self._generator()
        self.content = SiteContent()
        self.spilled = Memo()

    def _generator(self) -> SiteGenerator:
        options = tree_options(self.config_file)
        return SiteGenerator(options.templates, options.edit_base, self.config_file.resolve().parent,
                             self.diagrams, options.page_size, hold=True,
                             search_touchpoints=options.search_touchpoints)  # fmt: skip

    def restart(self) -> None:
        """Render every page at the next update: the configuration, the project's docs or
        the theme's overrides (and so the page templates) changed."""
        self.site = self._generator()

    def update(self) -> int:
        """Validate and render again, write what changed; returns the files written or deleted."""
        start = time.perf_counter()
        outcome = regenerate(self.catalog, self.site)
        if outcome.content is None:
            report = render_text(outcome.result)
            self.say(f"journeys: the catalog has errors:\n{report}")
            content = copy.copy(self.content)
            content.pages = {**self.content.pages, "index.md": error_page(report)}
        else:
            content = self.content = outcome.content
        # Tables held aside, put in by a Markdown extension: Zensical reads a tenth as much.
        blocks = self.tree / BLOCKS
        content = held.spill(content, blocks, self.spilled)
        changed = sync_tree(content, self.config_file, self.tree,
                            extensions=(held.extension(blocks.resolve()),))  # fmt: skip
        seconds = time.perf_counter() - start
        self.say(f"journeys: {changed} files of the tree written in {seconds:.1f} s")
        return changed


def own_files(config_file: Path) -> tuple[Path, ...]:
    """What of the project, besides the catalog, the tree is made from: `mkdocs.yml`, the
    docs folder and the theme's overrides (with the page templates), those that exist."""
    config = read_config(config_file)
    project = config_file.resolve().parent
    paths = [config_file.resolve(), project / str(config.get("docs_dir", "docs"))]
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        paths.append(project / str(theme["custom_dir"]))
    return tuple(path.resolve() for path in paths if path.exists())


class _Changes(events.FileSystemEventHandler):
    """Sets `changed` (and `restart`, when given) when a file at or under one of `paths` is
    created, written, moved or deleted."""

    def __init__(
        self,
        paths: tuple[Path, ...],
        changed: threading.Event,
        restart: threading.Event | None = None,
    ) -> None:
        self.paths, self.changed, self.restart = paths, changed, restart

    def on_any_event(self, event: events.FileSystemEvent) -> None:
        if type(event) not in CHANGES or event.is_directory:
            return
        touched = {Path(os.fsdecode(event.src_path))}
        if getattr(event, "dest_path", ""):
            touched.add(Path(os.fsdecode(event.dest_path)))
        if any(p == path or path in p.parents for p in touched for path in self.paths):
            if self.restart is not None:
                self.restart.set()
            self.changed.set()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
