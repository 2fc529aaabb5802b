"""A Markdown extension that puts each page's held blocks (its tables and facts) into its
HTML, for an engine that runs Markdown extensions but not the journeys plugin: Zensical's
live preview (`journeys serve --engine zensical`).

Pages are made with their tables held aside (`environment.render`), as for MkDocs: their
Markdown is a tenth of the size, and the engine's Markdown and link scan never read the
tables. `spill` writes each page's blocks into a folder, as `<key>.json` where the key is a
digest of them, and marks the page, after its front matter, with
`<!--journeys-held-file:<key>-->`: a
page whose blocks change changes too, so an engine that keeps the pages it built builds it
again. The extension (listed in the tree's `mkdocs.yml` with that folder) puts the blocks
into the page's HTML after Markdown, where the plugin would.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from generator.ledger.memo import Memo
from generator.render.environment import restore
from generator.render.site_content import SiteContent

#: The extension's name in a tree's `mkdocs.yml`.
NAME = "generator.site.held"
_MARK = re.compile(r"<!--journeys-held-file:([0-9a-f]{32})-->\n?")


class _Restore(Postprocessor):  # type: ignore[misc]  # Python-Markdown has no types
    def __init__(self, md: Markdown, folder: Path) -> None:
        super().__init__(md)
        self.folder = folder

    def run(self, text: str) -> str:
        found = _MARK.search(text)
        if found is None:
            return text
        text = _MARK.sub("", text)
        try:
            blocks = json.loads((self.folder / f"{found[1]}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return text  # a file gone since: the next build of the page has it again
        if not isinstance(blocks, list) or not all(isinstance(b, str) for b in blocks):
            return text
        return restore(text, blocks)


class Held(Extension):  # type: ignore[misc]
    """Puts the blocks of the file a page names into its HTML, after Markdown and raw HTML."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"folder": ["", "The folder of the pages' blocks."]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        folder = Path(self.getConfig("folder"))
        md.postprocessors.register(_Restore(md, folder), "journeys_held", 0)


def makeExtension(**kwargs: Any) -> Held:
    return Held(**kwargs)


def extension(folder: Path) -> dict[str, dict[str, str]]:
    """The entry that lists the extension in `mkdocs.yml`, its blocks in `folder`."""
    return {NAME: {"folder": str(folder)}}


def spill(content: SiteContent, folder: Path, memo: Memo) -> SiteContent:
    """`content` with each page's held blocks written into `folder` and named after its
    front matter; files of blocks no page names any more are deleted. A page and blocks unchanged
    since the last call (the same objects, `memo`) are not written or hashed again."""
    folder.mkdir(parents=True, exist_ok=True)
    pages, keys = {}, set()
    for path, markdown in content.pages.items():
        held = content.held.get(path)
        if not held:
            pages[path] = markdown
            continue
        key, marked = memo.get("held file", markdown, functools.partial(_marked, held=held,
                               folder=folder), (held,))  # fmt: skip
        pages[path] = marked
        keys.add(key)
    for name in os.listdir(folder):
        if name.endswith(".json") and name[:-5] not in keys:
            (folder / name).unlink(missing_ok=True)
    memo.sweep()
    return SiteContent(pages, content.files, content.nav, content.sources, content.copies)


def _marked(markdown: str, *, held: list[str], folder: Path) -> tuple[str, str]:
    data = json.dumps(held, ensure_ascii=False).encode("utf-8")
    key = hashlib.blake2b(data, digest_size=16).hexdigest()
    target = folder / f"{key}.json"
    if not target.is_file():
        partial = folder / f".{key}.{os.getpid()}.tmp"
        partial.write_bytes(data)
        partial.replace(target)
    mark = f"<!--journeys-held-file:{key}-->\n\n"
    if markdown.startswith("---\n"):  # after the front matter, which must come first
        end = markdown.find("\n---\n", 4)
        if end >= 0:
            end += len("\n---\n")
            return key, f"{markdown[:end]}\n{mark}{markdown[end:]}"
    return key, mark + markdown
