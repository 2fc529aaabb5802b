"""The zensical engine: the docs tree (`tree.py`) turned into HTML by Zensical.

Zensical reads `mkdocs.yml` and renders the same theme, but runs no MkDocs plugin: the
catalog's pages reach it as files. It runs in a process of its own (`python -m zensical`,
its public command line), in the folder of the tree it builds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.outputs import mark
from generator.render.diagrams.engine import Renderer
from generator.site.build import BuildFailed, Report, check_site_dir, swap
from generator.site.tree import generate_content, sync_tree

#: The folder, inside the tree, that Zensical builds the site into.
SITE = "site"


def command(*args: str) -> list[str]:
    """The command line that runs Zensical with `args`, with this tool's Python."""
    return [sys.executable, "-m", "zensical", *args]


def build_site_dir(config_file: Path, catalog: Path, site_dir: Path, cache: Path) -> Report:
    """Write the catalog's tree into a temporary folder beside `site_dir`, have Zensical
    build it there, and replace `site_dir` with the result only when Zensical succeeds and
    `site_dir` may be replaced (`build.check_site_dir`). Otherwise raises BuildFailed with
    Zensical's output, and the previous site is untouched."""
    site_dir = check_site_dir(config_file, site_dir, (catalog,))
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    try:
        start = time.perf_counter()
        diagrams = Renderer(cache=cache / "diagrams")
        outcome = generate_content(config_file, catalog, diagrams)
        if outcome.content is None:
            raise BuildFailed("the catalog has errors, so the site was not built")
        tree = staging / "tree"
        tree.mkdir()
        sync_tree(outcome.content, config_file, tree, site_dir=SITE)
        generating = time.perf_counter() - start - diagrams.stats.seconds
        run(tree)
        built = tree / SITE
        mark(built)
        swap(built, site_dir)
        return Report(generating, diagrams.stats)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def run(tree: Path) -> None:
    """`zensical build` on the tree in `tree`; BuildFailed with its output when it fails."""
    try:
        done = subprocess.run(
            command("build", "--clean", "--config-file", "mkdocs.yml"),
            cwd=tree,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as e:
        raise BuildFailed(f"Zensical could not be started ({e.strerror})") from e
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0 or not (tree / SITE / "index.html").is_file():
        shown = "".join(f"\n  {line}" for line in output.splitlines())
        raise BuildFailed(
            f"Zensical could not build the site (exit status {done.returncode}), so it was "
            f"not published:{shown}"
        )
