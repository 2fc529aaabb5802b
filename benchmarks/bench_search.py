"""Time the site's search in headless Chromium: how long until the first result shows.

    .venv/bin/python benchmarks/bench_search.py SITE_DIR [--query WORD] [--runs 5]

SITE_DIR is a built site, e.g. `benchmarks/out/site-1000x10-seed1/site` after
`bench_build.py`. The site is served over HTTP on 127.0.0.1, and each run opens the home
page in a fresh browser context (no cache), then:

1. **first search**: types the query as soon as the page has loaded, and times from the
   first key press to the first result shown. This includes the page fetching
   `search/search_index.json` and the search worker loading the prebuilt index
   (`search/lunr_index.json`; without one, building it), which is what a person who
   searches at once waits for.
2. **next search**: once results are shown, types a second query and times from the key
   press to its first result: the index is built by then.

A site Zensical built (its index is `search.json`) is searched through Zensical's own
search dialog, opened with the `/` key. It prints the size of the search index, each run
and the medians. The target is a first
result in under 300 ms at 1,000 journeys. Exit code 0 whatever the figures, 2 when the
site or Chromium is missing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

TARGET_MS = 300
#: Each engine's search box and result (Zensical's live in a shadow DOM, which
#: Playwright's locators enter by themselves), as the browser tests find them.
SEARCH_BOX = {"mkdocs": "input.md-search__input", "zensical": 'dialog input[role="combobox"]'}
RESULT = {"mkdocs": ".md-search-result__item", "zensical": 'ol[role="listbox"] a[role="option"]'}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def search_once(page: object, engine: str, query: str, clear: bool) -> float:
    """Type `query` into the search box; milliseconds from the first key to a result."""
    if engine == "zensical" and not clear:
        page.keyboard.press("/")  # type: ignore[attr-defined]  # its dialog opens with the key
    box = page.locator(SEARCH_BOX[engine])  # type: ignore[attr-defined]
    if engine == "mkdocs":
        box.click()
    result = page.locator(RESULT[engine]).first  # type: ignore[attr-defined]
    if clear:
        box.fill("")
        result.wait_for(state="detached")
    start = time.perf_counter()
    box.press_sequentially(query)
    result.wait_for(state="visible", timeout=60_000)
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--query", default="card", help="the first word searched for")
    parser.add_argument("--again", default="mortgage", help="the second word searched for")
    parser.add_argument("--runs", type=int, default=5, help="runs (default 5)")
    args = parser.parse_args(argv)
    index, engine = args.site / "search" / "search_index.json", "mkdocs"
    if not index.is_file() and (args.site / "search.json").is_file():
        index, engine = args.site / "search.json", "zensical"  # Zensical's own index
    if not index.is_file():
        print(f"bench_search.py: {index} is missing: build the site first", file=sys.stderr)
        return 2
    browser_path = chromium_path()
    if browser_path is None:
        print("bench_search.py: Chromium is missing: install the 'chromium' package.",
              file=sys.stderr)  # fmt: skip
        return 2
    from playwright.sync_api import sync_playwright

    data = json.loads(index.read_text(encoding="utf-8"))
    docs = len(data["docs"] if "docs" in data else data.get("items", []))
    print(f"{engine} search index: {index.stat().st_size / 2**20:.1f} MiB, {docs} entries")
    prebuilt = args.site / "search" / "lunr_index.json"
    if engine == "mkdocs":
        print(f"prebuilt index (the site's worker): {prebuilt.stat().st_size / 2**20:.1f} MiB"
              if prebuilt.is_file() else "no prebuilt index: Material's worker builds it in the browser")  # fmt: skip
    handler = functools.partial(_Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    first: list[float] = []
    again: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=browser_path, headless=True, args=["--no-sandbox"]
            )
            for run in range(args.runs):
                context = browser.new_context()
                page = context.new_page()
                page.goto(url, wait_until="load")
                first.append(search_once(page, engine, args.query, clear=False))
                again.append(search_once(page, engine, args.again, clear=True))
                print(f"  run {run + 1}: first {first[-1]:.0f} ms, next {again[-1]:.0f} ms")
                context.close()
            browser.close()
    finally:
        server.shutdown()
    median = statistics.median(first)
    verdict = "met" if median < TARGET_MS else "NOT met"
    print(f"first result (median of {args.runs}): {median:.0f} ms (target < {TARGET_MS} ms: "
          f"{verdict}); next search: {statistics.median(again):.0f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
