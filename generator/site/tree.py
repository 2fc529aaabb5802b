"""The engine-neutral docs tree: the catalog's pages on disk, buildable by any engine.

`journeys generate` writes it; the zensical engine of `journeys build` and `serve` writes
it and hands it to Zensical. The tree travels: it holds everything it builds from (the
project's own docs with the generated pages, diagrams, `catalog.json`, the schemas and
assets under `docs/`, the theme's overrides under `overrides/`) and an `mkdocs.yml` that
names them relatively, so it builds wherever it is moved. Written again, only the files
whose bytes differ are written and the files gone are deleted, so that an engine's own
watcher sees only what changed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import InvalidArgument
from generator.ledger.page_store import PageStore
from generator.load.files import check_tree
from generator.outputs import GENERATED, check_folder, looks_generated, mark
from generator.render import SiteContent
from generator.render.diagrams.engine import Renderer
from generator.render.paging import PAGE_SIZE, page_size
from generator.site import guard
from generator.site.content import (
    Outcome,
    dump_config,
    entry_name,
    generate,
    markdown_extensions,
    plugin_options,
    project_guard,
    read_config,
)

#: The tree's folders it owns: a file in them that the tree no longer holds is deleted.
DOCS, OVERRIDES = "docs", "overrides"


@dataclass(frozen=True)
class TreeOptions:
    """The journeys plugin's options in `mkdocs.yml` that shape the generated pages."""

    templates: Path
    page_size: int
    search_touchpoints: bool
    workers: int
    cache_pages: bool
    edit_base: str | None
    """Where a journey's file is edited, less its path: `repo_url` joined to `edit_path`."""


def tree_options(config_file: Path) -> TreeOptions:
    """The plugin's options in `config_file`, checked; InvalidArgument names a bad one."""
    options = plugin_options(config_file)
    project = config_file.resolve().parent
    try:
        size = page_size(options.get("page_size", PAGE_SIZE))
    except ValueError as e:
        raise InvalidArgument(f"{config_file}: the journeys plugin's page_size {e}") from e
    touchpoints = options.get("search_touchpoints", True)
    if not isinstance(touchpoints, bool):
        raise InvalidArgument(
            f"{config_file}: the journeys plugin's search_touchpoints must be true or false"
        )
    workers = options.get("workers", 0)
    if not isinstance(workers, int) or isinstance(workers, bool):
        raise InvalidArgument(f"{config_file}: the journeys plugin's workers must be a number")
    templates = project / options.get("templates", "site_overrides/pages")
    cache_pages = options.get("cache_pages", True) is not False
    repo = read_config(config_file).get("repo_url")
    edit_path = str(options.get("edit_path", "edit/main/"))
    edit_base = f"{repo.rstrip('/')}/{edit_path.strip('/')}/" if isinstance(repo, str) else None
    return TreeOptions(templates, size, touchpoints, max(workers, 0), cache_pages, edit_base)


def generate_content(
    config_file: Path,
    catalog: Path,
    diagrams: Renderer,
    page_store: PageStore | None = None,
    hold: bool = False,
) -> Outcome:
    """The catalog validated and, without errors, its pages as the tree holds them: tables
    written into the Markdown (with `hold`, set aside in `content.held`, see `build_site`),
    diagrams drawn by `diagrams` into its cache, the pages that `page_store` holds taken
    from it."""
    options = tree_options(config_file)
    project = config_file.resolve().parent
    return generate(catalog, options.templates, options.edit_base, project, diagrams,
                    options.page_size, workers=options.workers,
                    search_touchpoints=options.search_touchpoints,
                    hold=hold, page_store=page_store)  # fmt: skip


def write_tree(
    content: SiteContent, mkdocs_file: Path, out: Path, catalogs: tuple[Path, ...] = ()
) -> int:
    """Write the tree into `out` when it may be replaced (`outputs.check_folder`; `catalogs`
    are kept too) and mark it; returns the number of files written or deleted."""
    out = check_folder(out, project_guard(mkdocs_file, catalogs), "--out", made=looks_generated)
    changed = sync_tree(content, mkdocs_file, out)  # refuses a docs folder to keep before writing
    mark(out)
    return changed


def sync_tree(
    content: SiteContent,
    mkdocs_file: Path,
    out: Path,
    site_dir: str | None = None,
    extensions: tuple[Any, ...] = (),
) -> int:
    """Make `out` hold the tree of `content`, writing only the files whose bytes differ and
    deleting the files of `docs/` and `overrides/` it no longer holds; with `site_dir`, its
    mkdocs.yml builds there, with `extensions` among its Markdown extensions. Returns the
    number of files written or deleted."""
    config = read_config(mkdocs_file)
    project = mkdocs_file.resolve().parent
    wanted: dict[str, bytes | Path] = {}
    own_docs = project / str(config.get("docs_dir", "docs"))
    wanted.update(_files_of(own_docs, DOCS, "the docs folder"))
    theme = config.get("theme")
    theme_dir = isinstance(theme, dict) and bool(theme.get("custom_dir"))
    if isinstance(theme, dict) and theme_dir:
        overrides = _files_of(
            project / str(theme["custom_dir"]), OVERRIDES, "the theme's custom_dir"
        )
        # MkDocs publishes no README of a theme folder; Zensical would copy it into the site.
        wanted.update((p, f) for p, f in overrides.items() if "readme" not in p.lower())
        theme["custom_dir"] = OVERRIDES
    for path, text in content.pages.items():
        wanted[f"{DOCS}/{path}"] = text.encode("utf-8")
    for path, data in content.files.items():
        wanted[f"{DOCS}/{path}"] = data
    for path, source in content.copies.items():
        wanted[f"{DOCS}/{path}"] = source
    wanted["mkdocs.yml"] = _tree_config(config, content, site_dir, extensions).encode("utf-8")
    changed = _sync(out, wanted)
    if theme_dir:
        (out / OVERRIDES).mkdir(exist_ok=True)  # the engines refuse a custom_dir that is not there
    return changed


def _tree_config(
    config: dict[str, Any], content: SiteContent, site_dir: str | None, more: tuple[Any, ...]
) -> str:
    """The project's configuration as the tree's: the plugin and the guard removed, the nav,
    styles, scripts and Markdown extensions the plugin would add written out."""
    config["docs_dir"] = DOCS
    if site_dir is not None:
        config["site_dir"] = site_dir
    elif os.path.isabs(str(config.get("site_dir", ""))):
        del config["site_dir"]  # a place on one machine: the tree builds into its own site/
    config["plugins"] = [
        p for p in config.get("plugins", ["search"]) if entry_name(p) != "journeys"
    ]
    config.setdefault("nav", content.nav)
    config["extra_css"] = [*config.get("extra_css", []), "assets/journeys/journeys.css"]
    config["extra_javascript"] = [
        *config.get("extra_javascript", []),
        "assets/journeys/journeys.js",
    ]
    extensions = [e for e in config.get("markdown_extensions", []) if entry_name(e) != guard.NAME]
    names = {entry_name(e) for e in extensions}
    config["markdown_extensions"] = [
        *extensions,
        *(e for e in markdown_extensions() if e not in names),
        *more,
    ]
    return f"{GENERATED}: the catalog's pages, buildable without the plugin.\n" + dump_config(
        config
    )


def _files_of(folder: Path, under: str, inside: str) -> dict[str, bytes | Path]:
    """The files of `folder`, by their path in the tree; raises UnsafeFile (`check_tree`) when
    it holds a link leading out of it or anything but regular files."""
    if not folder.is_dir():
        return {}
    check_tree(folder, inside)
    return {
        f"{under}/{path.relative_to(folder).as_posix()}": path
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _sync(out: Path, wanted: dict[str, bytes | Path]) -> int:
    changed = 0
    for path, data in wanted.items():
        target = out / path
        new = data.read_bytes() if isinstance(data, Path) else data
        if target.is_file() and not target.is_symlink():
            if target.stat().st_size == len(new) and target.read_bytes() == new:
                continue
        elif os.path.lexists(target):
            _remove(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(new)
        changed += 1
    for folder in (DOCS, OVERRIDES):
        for dirpath, dirnames, filenames in os.walk(out / folder, topdown=False):
            here = Path(dirpath)
            for name in filenames:
                if (here / name).relative_to(out).as_posix() not in wanted:
                    (here / name).unlink()
                    changed += 1
            for name in dirnames:
                if not any((here / name).iterdir()):
                    (here / name).rmdir()
    return changed


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
