"""What the MkDocs adapter takes from MkDocs and Material beyond their public interfaces.

Every other module of `site/` uses only what MkDocs and Material offer publicly: plugin
events, `File.generated` and `File.is_modified`, dirty builds, the live-reload server's
`watch`, `unwatch` and `observer`, the files a build writes. What they offer no public
way for is here, each reach one small function that says what it touches, why, and what
it buys (figures from `benchmarks/`, 1,000 journeys, 2 cores).

The reaches are written for the versions in `WRITTEN_FOR`, and
`tests/site/test_mkdocs_internals.py` checks that each still holds. On any other version
`usable()` is False, with one warning: `journeys serve` then rebuilds the whole site
after every change (MkDocs' own serve), and search keeps Material's own worker. Slower,
never wrong.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import material  # type: ignore[import-untyped]
import mkdocs
from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.journeys")

#: The versions the reaches below were written for (and checked against MkDocs 1.6.1 and
#: Material 9.8.2): a version must start with the prefix. ProperDocs 1.6, the fork of
#: MkDocs 1.x, answers to the same imports.
WRITTEN_FOR: dict[str, str] = {"MkDocs": "1.6.", "Material for MkDocs": "9.8."}

Entries = list[dict[str, Any]]


def installed() -> dict[str, str]:
    """The versions of MkDocs and Material in use, by the names of `WRITTEN_FOR`."""
    return {"MkDocs": mkdocs.__version__, "Material for MkDocs": material.__version__}


def unexpected() -> list[str]:
    """Each package whose version this module was not written for, as 'Name version
    (written for ...)'; empty when all are."""
    found = installed()
    return [
        f"{name} {found[name]} (written for {prefix}x)"
        for name, prefix in WRITTEN_FOR.items()
        if not found[name].startswith(prefix)
    ]


@functools.cache
def usable() -> bool:
    """Whether the reaches below may be used; when not, says so once."""
    wrong = unexpected()
    if wrong:
        log.warning(
            "journeys: %s: serve rebuilds the whole site after each change and search "
            "uses Material's own worker (generator/site/mkdocs_internals.py)",
            ", ".join(wrong),
        )
    return not wrong


# Search under a dirty serve.


def complete_search_index(config: MkDocsConfig, complete: Callable[[Entries], Entries]) -> bool:
    """Hand Material's search plugin the entries of every page before it writes its index
    at the end of a dirty build: `complete` is given the entries of the pages this build
    indexed and returns all of them. False when the site has no such plugin.

    Reaches the search plugin's `search_index.entries` (the entries indexed in this build)
    and `search_index_prev` (the index it keeps from the last dirty build, set to None so
    that it merges nothing). A dirty build indexes only the pages it builds, and Material's
    merge keeps the last index's entries for every page but the first one built: with
    several pages built, the others' entries would be there twice.

    Buys dirty rebuilds under `journeys serve`, only the files a change affects built
    again: at 1,000 journeys a saved journey shows in 0.9 s, against 45 s when every page
    is rendered and built again (`benchmarks/bench_serve.py`).
    """
    plugin = config.plugins.get("material/search")
    index: Any = getattr(plugin, "search_index", None)
    if plugin is None or not isinstance(getattr(index, "entries", None), list):
        return False
    index.entries = complete(index.entries)
    plugin.search_index_prev = None
    return True


# Search that answers at once.

#: Material's search worker, as the `__config` script of every page names it.
MATERIAL_WORKER = re.compile(
    r'("search": ")([^"]*?)assets/javascripts/workers/search\.\w+\.min\.js"'
)


def use_search_worker(html: str, worker: str) -> str:
    """The page with Material's search worker replaced by `worker` (a path from the site's
    root), at the same relative base.

    Reaches the `"search"` key of the `__config` script Material writes into every page,
    and Material's worker protocol (the messages `assets/search-worker.js` answers).
    Material dropped custom search workers in 9.0 and says `prebuild_index` is
    unsupported, so there is no public way to give its search an index built ahead.

    Buys an index built with the site, not in the browser on every page load: at 1,000
    journeys the first result shows in 0.26 s, against 0.91 s with Material's worker
    (`benchmarks/bench_search.py`).
    """
    start = html.rfind('<script id="__config"')
    if start < 0:
        return html
    head, config = html[:start], html[start:]
    return head + MATERIAL_WORKER.sub(rf'\g<1>\g<2>{worker}"', config, count=1)


def lunr_js() -> Path:
    """lunr.js as MkDocs ships it, for its own search plugin: the prebuilt index is read by
    the lunr.js it was written for, without a copy kept in this project. Reaches a file of
    MkDocs' package that is not part of its interface."""
    return Path(mkdocs.__file__).parent / "contrib/search/templates/search/lunr.js"
