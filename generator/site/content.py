"""From a catalog folder to the generated docs: validate, then render, or say why not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from generator.diagnostics import Result
from generator.errors import InvalidConfig
from generator.ledger import Ledger
from generator.ledger.page_store import PageStore
from generator.load.files import discover, find_root, read_regular
from generator.outputs import Guarded, guarded
from generator.render import SiteContent, build_site, today
from generator.render.diagrams.engine import Renderer
from generator.render.incremental import SiteGenerator
from generator.render.paging import PAGE_SIZE
from generator.render.safe import inline
from generator.validate import Checked, validate_catalog


@dataclass
class Outcome:
    """The validation result, and the site content when the catalog has no errors."""

    result: Result
    content: SiteContent | None


#: The last validation of each catalog root, with the state of its files then.
_CHECKED: dict[Path, tuple[tuple[object, ...], Checked, bool]] = {}
#: The ledger of each catalog root, kept between validations.
_LEDGERS: dict[Path, Ledger] = {}


def checked_catalog(
    catalog: Path, incremental: bool = False, *, store: Path | None = None
) -> Checked:
    """The catalog validated as of today, once: while none of its files changed (name,
    size, modification time), `journeys build`'s own check, the plugin's and each `serve`
    rebuild share one validation. With `incremental` (serve's), the documents of its files
    are kept, with their positions, and only the files that changed are read again; without,
    its documents keep no positions (see `forget_positions`), and with a `store` folder only
    the files that changed since the last run are parsed (see `Ledger.stored`)."""
    root = find_root(catalog).resolve()
    files = discover(root)
    stamp: tuple[object, ...] = (
        today(),
        *((f.path, *_stat(f.path)) for f in files.files),
        *files.skipped,  # a link or FIFO added or removed is a change too
    )
    found = _CHECKED.get(root)
    if found is not None and found[0] == stamp and found[2] == incremental:
        return found[1]
    if incremental:
        checked = validate_catalog(root, today(), ledger_of(root), files)
    else:
        stored = Ledger.stored(store, root) if store is not None else None
        checked = validate_catalog(root, today(), stored, files)
        if stored is not None:
            stored.save()  # first: the store keeps the positions that are forgotten next
        checked.forget_positions()  # its diagnostics are made: pages need no positions
    _CHECKED[root] = (stamp, checked, incremental)
    return checked


def ledger_of(root: Path) -> Ledger:
    """The ledger of the catalog at `root` (resolved), kept while this process runs."""
    return _LEDGERS.setdefault(root, Ledger())


def _stat(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:  # gone since it was listed: validation will say so
        return (-1, -1)
    return info.st_mtime_ns, info.st_size


def generate(
    catalog: Path,
    templates: Path | None,
    edit_base: str | None,
    project: Path | None = None,
    diagrams: Renderer | None = None,
    page_size: int = PAGE_SIZE,
    hold: bool = False,
    workers: int = 1,
    search_touchpoints: bool = True,
    page_store: PageStore | None = None,
    documents: Path | None = None,
    spill: Path | None = None,
) -> Outcome:
    """Validate the catalog at `catalog`, parsing only the files that changed since the
    store in the `documents` folder was saved; when it has no errors, render every page,
    each table `page_size` rows a page, and with `hold` its tables and facts set aside, in
    `workers` processes, taking what it can from `page_store` (see `build_site`, also for
    `search_touchpoints` and `spill`)."""
    checked = checked_catalog(catalog, store=documents)
    if checked.result.errors or checked.catalog is None:
        return Outcome(checked.result, None)
    content = build_site(
        checked.catalog, templates, edit_base, today(), project, diagrams, page_size, hold,
        workers, search_touchpoints, page_store, spill,
    )  # fmt: skip
    return Outcome(checked.result, content)


def regenerate(catalog: Path, site: SiteGenerator) -> Outcome:
    """Validate the catalog at `catalog` again; when it has no errors, make its pages with
    `site`, which renders again only what changed since it last did (`journeys serve`)."""
    checked = checked_catalog(catalog, incremental=True)
    if checked.result.errors or checked.catalog is None:
        return Outcome(checked.result, None)
    ledger = ledger_of(find_root(catalog).resolve())
    return Outcome(checked.result, site.generate(checked.catalog, today(), ledger))


def markdown_extensions() -> list[str]:
    """The Markdown extensions generated pages need: ids on headings, and a table of contents."""
    return ["attr_list", "toc"]


def error_page(report: str) -> str:
    """The page `mkdocs serve` shows while the catalog has errors."""
    lines = "".join(f"<li><code>{inline(line)}</code></li>\n" for line in report.splitlines())
    return (
        "---\ntitle: Catalog errors\n---\n\n# The catalog has errors\n\n"
        "<p>Fix these and save: the page reloads by itself.</p>\n\n"
        f'<ul class="jc-errors">\n{lines}</ul>\n'
    )


def dump_config(config: dict[str, Any]) -> str:
    """`config` as YAML, MkDocs' own tags written back as they were read (`read_config`)."""
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def project_guard(config_file: Path, catalogs: tuple[Path, ...] = ()) -> Guarded:
    """The folders no output of the project of `config_file` may replace (`outputs.guarded`):
    its folder, its docs folder, the plugin's catalog and `catalogs`."""
    project = config_file.resolve().parent
    docs = read_config(config_file).get("docs_dir", "docs")
    catalog = plugin_options(config_file).get("catalog", "journeys")
    if isinstance(catalog, str):
        catalogs = (*catalogs, project / catalog)
    return guarded(project, catalogs, project / docs if isinstance(docs, str) else None)


def plugin_options(mkdocs_file: Path) -> dict[str, Any]:
    """The options the journeys plugin is given in `mkdocs_file` (empty when it has none)."""
    config = read_config(mkdocs_file)
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and entry_name(entry) == "journeys":
            options = entry["journeys"]
            return options if isinstance(options, dict) else {}
    return {}


def entry_name(entry: Any) -> str:
    """The name of a plugin or Markdown extension as listed in mkdocs.yml."""
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


class _Tagged(NamedTuple):
    """A value under a tag only MkDocs resolves (`!ENV`, `!relative`, `!!python/name:`),
    kept as written: read without running anything, and written back unchanged."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps MkDocs' own tags instead of refusing them."""


class _Dumper(yaml.SafeDumper):
    """Safe YAML that writes the tags `_Loader` kept."""


def _keep_tag(loader: _Loader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.MappingNode):
        return _Tagged(node.tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return _Tagged(node.tag, loader.construct_scalar(node))  # type: ignore[arg-type]


def _write_tag(dumper: _Dumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _keep_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)
_Dumper.add_representer(_Tagged, _write_tag)


def read_config(mkdocs_file: Path) -> dict[str, Any]:
    """The MkDocs configuration in `mkdocs_file`, its MkDocs-only tags kept as written."""
    try:
        config = yaml.load(
            read_regular(mkdocs_file).decode("utf-8"), Loader=_Loader
        )  # a SafeLoader: tags are kept, never run
    except OSError as e:
        raise InvalidConfig(f"{mkdocs_file}: cannot be read ({e.strerror})") from e
    except UnicodeDecodeError as e:
        raise InvalidConfig(f"{mkdocs_file}: is not UTF-8 text") from e
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise InvalidConfig(
            f"{mkdocs_file}{where}: is not valid YAML ({e.problem or e.context}); "
            "fix it as `mkdocs build` would ask"
        ) from e
    except yaml.YAMLError as e:
        raise InvalidConfig(f"{mkdocs_file}: is not valid YAML ({e})") from e
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise InvalidConfig(f"{mkdocs_file}:1:1: must be a mapping of MkDocs settings")
    return config
