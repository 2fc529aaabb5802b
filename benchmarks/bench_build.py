"""Time `journeys build` on a synthetic catalog: cold and warm caches, and plain MkDocs.

    .venv/bin/python benchmarks/bench_build.py --journeys 1000 [--seed 1] [--no-plain]
        [--engine mkdocs|zensical]

Generates (or reuses, from benchmarks/out/) a catalog of N journeys with synth.py and a
project around it (mkdocs.yml like this repository's, an empty docs/), then runs, each
in a fresh process:

1. `journeys build` with empty caches (every diagram drawn, every page rendered);
2. `journeys build --force` with only the diagram cache kept (every page rendered again;
   with `--engine zensical`, Zensical's own cache, which is in the cache folder, emptied too);
3. `journeys build` again, nothing changed (the site is up to date: left as it is);
4. `journeys build --force`, nothing changed (pages from the page cache, built again);
5. `journeys build` after one journey was edited (its file is put back afterwards);
6. `journeys generate --out`, then a plain `mkdocs build` (with `--engine zensical`, a
   `zensical build`) of that tree: the same pages and files without the plugin (left out
   with `--no-plain`).

`--engine` is passed to every `journeys build` (mkdocs by default).

It prints the wall time of each and, for the builds, how it splits into validate /
generate / diagrams / MkDocs (as `journeys build` reports it), peak memory, and the size
of what was built. Exit code 0 whatever the figures, 2 on a usage error or a build that
fails.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import (
    OUT,
    PROJECT,
    Run,
    add_catalog_options,
    catalog_for,
    code_version,
    measure,
    tool,
)

#: The target: a warm build at most this many times a plain MkDocs build of the same tree.
TARGET_RATIO = 1.25
SPLIT = re.compile(
    r"validate (?P<validate>[\d.]+) s, generate (?P<generate>[\d.]+) s, "
    r"diagrams (?P<diagrams>[\d.]+) s \((?P<drawn>\d+) drawn, (?P<cached>\d+) from the cache\), "
    r"(?:MkDocs|Zensical) (?P<mkdocs>[\d.]+) s"
)


PAGES = re.compile(r"pages: \d+ page groups from the cache, \d+ made")
EDITED = re.compile(r"^( +name: )(?=[^\s\"'])", re.M)
"""Where the edited journey is changed: the first unquoted name (of a stage or touchpoint)."""


def forget_kept(project: Path) -> None:
    """Empty every cache of the project but the diagrams'."""
    for kept in (project / "cache").iterdir() if (project / "cache").is_dir() else ():
        if kept.name != "diagrams":
            shutil.rmtree(kept) if kept.is_dir() else kept.unlink()


@contextlib.contextmanager
def one_journey_edited(catalog: Path) -> Iterator[Path]:
    """The catalog's middle journey file with one name changed, put back afterwards."""
    files = [p for p in sorted(catalog.rglob("*.yaml"))
             if p.parent.name != "registry" and p.name != "catalog.yaml"]  # fmt: skip
    path = files[len(files) // 2]
    before = path.read_bytes()
    text = before.decode("utf-8")
    edited, count = EDITED.subn(r"\1Edited ", text, count=1)
    assert count == 1, path
    path.write_text(edited, encoding="utf-8")
    try:
        yield path
    finally:
        path.write_bytes(before)


def project_for(catalog: Path) -> Path:
    """A project folder beside the catalog: mkdocs.yml naming it, an empty docs/."""
    folder = OUT / f"site-{catalog.name.removeprefix('catalog-')}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "docs").mkdir(exist_ok=True)
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "custom_dir: site_overrides", f"custom_dir: {PROJECT / 'site_overrides'}"
    )
    config = config.replace(
        "catalog: journeys", f"catalog: ../{catalog.name}\n      cache_dir: cache"
    )
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder


def size(folder: Path, pattern: str) -> tuple[int, int, int]:
    """How many files match, their total size and the largest, in bytes."""
    sizes = [p.stat().st_size for p in folder.rglob(pattern)]
    return len(sizes), sum(sizes), max(sizes, default=0)


def run(name: str, command: list[str], cwd: Path) -> Run:
    print(f"  {name} ...", flush=True)
    done = measure(command, cwd)
    print(f"    {done.seconds:.1f} s wall, peak {done.max_rss_mib:.0f} MiB (one process), "
          f"{done.tree_rss_mib:.0f} MiB (all its processes), exit {done.exit_code}")  # fmt: skip
    split = SPLIT.search(done.output)
    if split:
        print(f"    {split[0]}")
    if done.exit_code != 0:
        print(done.output[-3000:])
        raise SystemExit(2)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_catalog_options(parser)
    parser.add_argument("--no-plain", action="store_true",
                        help="only the two builds: no generated tree, no plain MkDocs build")  # fmt: skip
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                        help="what journeys build turns the pages into HTML with")  # fmt: skip
    args = parser.parse_args(argv)
    if args.journeys < 1:
        parser.error("--journeys must be at least 1")
    if not shutil.which("dot"):
        print(
            "bench_build.py: Graphviz is missing: install the 'graphviz' package.", file=sys.stderr
        )
        return 2

    catalog = catalog_for(args.journeys, args.seed, args.touchpoints)
    project = project_for(catalog)
    journeys, where = str(tool("journeys")), f"../{catalog.name}"
    build = [journeys, "build", "--catalog", where, "--site-dir", "site", "--engine", args.engine]
    env_note = f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f} before"
    shutil.rmtree(project / "cache", ignore_errors=True)
    for old in ("site", "tree", "plain-site"):
        shutil.rmtree(project / old, ignore_errors=True)

    cold = run("journeys build, empty caches", build, project)
    forget_kept(project)
    warm = run("journeys build, warm diagram cache (pages rendered again)", [*build, "--force"],
               project)  # fmt: skip
    current = run("journeys build, nothing changed (the site is up to date)", build, project)
    kept = run("journeys build --force, nothing changed (pages from the cache)",
               [*build, "--force"], project)  # fmt: skip
    with one_journey_edited(catalog):
        edited = run("journeys build, one journey edited", build, project)
    generate = [journeys, "generate", "--catalog", where, "--out", "tree"]
    generated = plain = None
    if not args.no_plain:
        generated = run("journeys generate --out tree (warm cache)", generate, project)
        if args.engine == "zensical":
            plain = run("zensical build of the generated tree",
                        [str(tool("zensical")), "build", "--clean"], project / "tree")  # fmt: skip
        else:
            plain = run("mkdocs build of the generated tree", [str(tool("mkdocs")), "build", "-q",
                        "-f", "tree/mkdocs.yml", "-d", "../plain-site"], project)  # fmt: skip

    print(f"\n{args.journeys} journeys, seed {args.seed}, engine {args.engine}; "
          f"journeys code: commit {code_version()}")  # fmt: skip
    print(f"{env_note}, {os.getloadavg()[0]:.2f} after\n")
    header = ("run", "wall s", "validate", "generate", "diagrams", "MkDocs", "drawn", "cached",
              "peak MiB", "all MiB")  # fmt: skip
    rows: list[tuple[str, ...]] = [header]
    builds = (("journeys build, empty caches", cold), ("warm diagram cache", warm),
              ("nothing changed, --force", kept), ("one journey edited", edited))  # fmt: skip
    rows.append(("nothing changed (up to date)", f"{current.seconds:.1f}", "", "", "", "", "", "",
                 f"{current.max_rss_mib:.0f}", f"{current.tree_rss_mib:.0f}"))  # fmt: skip
    for name, done in builds:
        split = SPLIT.search(done.output)
        if split is None:
            print(f"no timing line in:\n{done.output[-2000:]}")
            return 2
        rows.append((name, f"{done.seconds:.1f}", *(f"{float(split[k]):.1f}" for k in
                     ("validate", "generate", "diagrams", "mkdocs")), split["drawn"],
                     split["cached"], f"{done.max_rss_mib:.0f}",
                     f"{done.tree_rss_mib:.0f}"))  # fmt: skip
    for name, other in (
        ("journeys generate --out", generated),
        (f"{args.engine} build of that tree", plain),
    ):
        if other is not None:
            rows.append((name, f"{other.seconds:.1f}", "", "", "", "", "", "",
                         f"{other.max_rss_mib:.0f}", f"{other.tree_rss_mib:.0f}"))  # fmt: skip
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(header))]
    for row in rows:
        print("| " + " | ".join(f"{c!s:>{w}}" for c, w in zip(row, widths, strict=True)) + " |")
        if row is header:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print()
    for name, done in builds[1:]:
        split = SPLIT.search(done.output)
        assert split is not None  # checked above
        pages_line = PAGES.search(done.output)
        print(f"{name}: build / its own MkDocs part {done.seconds / float(split['mkdocs']):.2f}; "
              f"{pages_line[0] if pages_line else ''}")  # fmt: skip
    print("(what validating, generating and drawing add to MkDocs' own work)")
    if plain is not None:
        for name, done in builds:
            ratio = done.seconds / plain.seconds
            met = "met" if ratio <= TARGET_RATIO else "NOT met"
            print(
                f"{name} / plain {args.engine} build: {ratio:.2f} (target <= {TARGET_RATIO}: {met})"
            )
        print("(the plain build also reads the tables, which the plugin adds after MkDocs)")
    pages, html, largest = size(project / "site", "*.html")
    svgs, svg_bytes, biggest = size(project / "site", "*.svg")
    print(f"site: {pages} HTML pages, {html / 2**20:.0f} MiB (largest {largest / 1024:.0f} KiB); "
          f"{svgs} SVG files, {svg_bytes / 2**20:.0f} MiB (largest {biggest / 1024:.0f} KiB)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
