"""Search that answers at once on a large site: its index is built with the site.

Material's search worker builds a lunr index from `search/search_index.json` in the
browser, on every page load: at a thousand journeys that is most of a second before the
first result. A build makes the same index ahead, with lunr.py from the same entries and
Material's search settings (separator, pipeline, field and page boosts), and writes it to
`search/lunr_index.json`. The pages then load `assets/journeys/search-worker.js` instead
of Material's worker: it speaks Material's worker protocol and loads the index with
lunr.js, the copy that MkDocs ships. It builds the index in the browser only when the
prebuilt one cannot be fetched. Material offers no public way to use another worker (it
dropped custom workers in 9.0): the swap is one of the reaches of `mkdocs_internals.py`,
and without it (another version of Material) the site keeps Material's worker.

Only English sites are prebuilt (lunr.py's other languages need NLTK and differ from
lunr-languages); others keep Material's worker.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from lunr.builder import Builder
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from generator.site import mkdocs_internals

INDEX = "search/search_index.json"
PREBUILT = "search/lunr_index.json"
WORKER = "assets/journeys/search-worker.js"
LUNR = "assets/journeys/lunr.js"
LUNR_JS = mkdocs_internals.lunr_js()

_REF = "ref"
_FUNCTIONS = {"trimmer": trimmer, "stopWordFilter": stop_word_filter, "stemmer": stemmer}
_TAG = re.compile(r"<[^>]*>")


def supported(search_config: dict[str, Any]) -> bool:
    """Whether a site with these search settings gets a prebuilt index: English only, a
    separator that Python reads as JavaScript does (the usual ones), and MkDocs' lunr.js
    at hand; and a version of Material the worker is written for."""
    if not mkdocs_internals.usable() or not LUNR_JS.is_file():
        return False
    try:
        re.compile(search_config.get("separator") or r"[\s\-]+")
    except re.error:
        return False
    return list(search_config.get("lang") or ["en"]) == ["en"]


def use_worker(html: str) -> str:
    """The page with Material's search worker replaced by ours, at the same relative base."""
    return mkdocs_internals.use_search_worker(html, WORKER)


def lunr_index(search_index: dict[str, Any]) -> dict[str, Any]:
    """The serialized lunr index of Material's `search_index.json` (as lunr.js's
    `Index.toJSON` writes it), tokenized and filtered as Material's worker would. Entries
    are referred to by their place in `docs`; weights keep four significant digits."""
    config = search_index["config"]
    separator = re.compile(config.get("separator") or r"[\s\-]+")
    pipeline = config.get("pipeline") or []
    builder = Builder()
    for name in ("trimmer", "stopWordFilter", "stemmer"):  # Material's order
        if name in pipeline:
            builder.pipeline.add(_FUNCTIONS[name])
    if "stemmer" in pipeline:
        builder.search_pipeline.add(stemmer)
    builder.b(0)  # as Material: no penalty for long entries
    # An entry's reference is its place in the entries: far shorter than its location, which
    # the index would repeat for every word of the entry.
    builder.ref(_REF)
    for name, spec in config["fields"].items():
        builder.field(name, boost=spec.get("boost", 1), extractor=_field(name, separator))
    for position, doc in enumerate(search_index["docs"]):
        builder.add({**doc, _REF: position}, {"boost": doc["boost"]} if "boost" in doc else None)
    index: dict[str, Any] = builder.build().serialize()
    for _, vector in index["fieldVectors"]:
        vector[1::2] = [float(f"{weight:.4g}") for weight in vector[1::2]]
    return index


def write_prebuilt(site_dir: Path) -> bool:
    """Write the prebuilt index of the site's search index, the worker and lunr.js into
    `site_dir`. False, writing nothing, when the site has no search index or settings
    that are not `supported`."""
    # Read back from the file: an entry's reference is its place in what the pages fetch.
    source = site_dir / INDEX
    if not source.is_file():
        return False
    search_index = json.loads(source.read_text(encoding="utf-8"))
    if not supported(search_index.get("config", {})):
        return False
    prebuilt = json.dumps(lunr_index(search_index), ensure_ascii=False, separators=(",", ":"))
    (site_dir / PREBUILT).write_text(prebuilt, encoding="utf-8")
    worker = site_dir / WORKER
    worker.parent.mkdir(parents=True, exist_ok=True)
    worker.write_bytes((files("generator") / "assets" / "search-worker.js").read_bytes())
    shutil.copyfile(LUNR_JS, site_dir / LUNR)
    return True


def _field(name: str, separator: re.Pattern[str]) -> Callable[[dict[str, Any]], str | None]:
    """An entry's field as lunr's tokenizer should split it: tags and Material's
    separators made spaces."""

    def extract(doc: dict[str, Any]) -> str | None:
        value = doc.get(name)
        if value is None:
            return None
        text = " ".join(value) if isinstance(value, list) else str(value)
        return separator.sub(" ", _TAG.sub(" ", text))

    return extract
