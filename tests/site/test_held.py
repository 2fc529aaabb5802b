"""The Markdown extension that puts held blocks into a page's HTML for Zensical's preview."""

from __future__ import annotations

from pathlib import Path

import markdown

from generator.ledger.memo import Memo
from generator.render.site_content import SiteContent
from generator.site import held

PAGE = "---\ntitle: A page\n---\n\n# A page\n\n<!--journeys-held:0-->\n\nText.\n\n<!--journeys-held:1-->\n"
BLOCKS = ["<table><tr><td>one</td></tr></table>", '<dl class="jc-facts"><dt>Lead</dt></dl>']


def spilled(folder: Path, memo: Memo | None = None) -> SiteContent:
    content = SiteContent(pages={"a/index.md": PAGE, "b/index.md": "# B\n"},
                          held={"a/index.md": BLOCKS})  # fmt: skip
    return held.spill(content, folder, memo or Memo())


def html(text: str, folder: Path) -> str:
    body = text.split("\n---\n", 1)[1]  # the engine reads the front matter itself
    return str(markdown.markdown(body, extensions=[held.makeExtension(folder=str(folder))]))


def test_the_page_gets_its_blocks_in_place(tmp_path: Path) -> None:
    content = spilled(tmp_path / "held")
    page = content.pages["a/index.md"]
    assert page.startswith("---\ntitle: A page\n---\n")  # the front matter still first
    assert content.pages["b/index.md"] == "# B\n"
    assert len(list((tmp_path / "held").glob("*.json"))) == 1
    out = html(page, tmp_path / "held")
    assert BLOCKS[0] in out and BLOCKS[1] in out
    assert out.index(BLOCKS[0]) < out.index("Text.") < out.index(BLOCKS[1])
    assert "journeys-held" not in out


def test_blocks_that_change_change_the_page_and_old_files_go(tmp_path: Path) -> None:
    memo = Memo()
    first = spilled(tmp_path / "held", memo).pages["a/index.md"]
    assert spilled(tmp_path / "held", memo).pages["a/index.md"] == first
    content = SiteContent(pages={"a/index.md": PAGE}, held={"a/index.md": ["<p>new</p>", ""]})
    second = held.spill(content, tmp_path / "held", memo).pages["a/index.md"]
    assert second != first
    assert len(list((tmp_path / "held").glob("*.json"))) == 1
    assert "<p>new</p>" in html(second, tmp_path / "held")


def test_a_page_whose_file_is_gone_loses_only_its_mark(tmp_path: Path) -> None:
    page = spilled(tmp_path / "held").pages["a/index.md"]
    for file in (tmp_path / "held").glob("*.json"):
        file.unlink()
    out = html(page, tmp_path / "held")
    assert "journeys-held-file" not in out
    assert "Text." in out
