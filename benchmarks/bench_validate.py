"""Time `journeys validate` against check-jsonschema on a synthetic catalog.

    .venv/bin/python benchmarks/bench_validate.py --journeys 1000 [--seed 1] [--runs 3]

Generates (or reuses, from benchmarks/out/) a catalog of N journeys with synth.py, then
runs each tool `--runs` times in a fresh process, alternating them, and prints the
median wall time of each, their ratio against the target (journeys <= 0.33 x
check-jsonschema), and the peak RSS of each process. `--profile` also runs `journeys
validate` once under cProfile and prints its hot spots.

`journeys validate` gets the whole catalog (it must: references cross files);
check-jsonschema gets the journey files only, against schema/journey.schema.json; they
are the bulk of the bytes. `journeys validate` runs with `--no-cache`: it parses every
file each time, as check-jsonschema does. Then it runs `--runs` times more with its
document store filled (nothing changed since), the figure a second run in CI or on a
laptop shows, printed on its own. Exit code 0 whatever the figures (this is a measurement,
not a test), 2 on a usage error or when a tool is missing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

import synth  # a sibling module: this folder is on sys.path when run as a script

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "benchmarks" / "out"
SCHEMA = PROJECT / "schema" / "journey.schema.json"
TARGET_RATIO = 0.33


@dataclass
class Run:
    """One process: its wall and CPU time, peak resident memory and how it ended."""

    seconds: float
    cpu_seconds: float
    max_rss_mib: float
    exit_code: int
    output: str
    tree_rss_mib: float = 0.0
    """The most memory the process and its children held together (the sum of their
    proportional set sizes, so shared pages count once), sampled every 0.5 s."""


def measure(command: list[str], cwd: Path = PROJECT) -> Run:
    """Run `command` once in a fresh process; its own rusage comes from os.wait4."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        peak = [0]
        sampler = threading.Thread(target=_sample, args=(process.pid, peak), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode(errors="replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss / 1024, process.returncode, output,  # KiB
               peak[0] / 1024)  # fmt: skip


def _sample(pid: int, peak: list[int]) -> None:
    """Keep in peak[0] the largest sum of proportional set sizes (KiB) over `pid` and its
    descendants: a page shared by forked processes counts once in all, split between them."""
    while True:
        total, todo, alive = 0, [pid], False
        while todo:
            current = todo.pop()
            try:
                rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
                tasks = list(Path(f"/proc/{current}/task").iterdir())
            except OSError:
                continue
            alive = alive or current == pid
            total += next((int(line.split()[1]) for line in rollup.splitlines()
                           if line.startswith("Pss:")), 0)  # fmt: skip
            for task in tasks:
                with contextlib.suppress(OSError):
                    todo += [int(c) for c in (task / "children").read_text().split()]
        peak[0] = max(peak[0], total)
        if not alive:
            return
        time.sleep(0.5)  # reading smaps_rollup of a large process costs the kernel a walk


def catalog_for(journeys: int, seed: int, touchpoints: int = synth.TOUCHPOINTS) -> Path:
    """The cached catalog for this size, seed and shape, generated again if synth.py changed."""
    folder = OUT / f"catalog-{journeys}x{touchpoints}-seed{seed}"
    marker = folder / synth.MARKER
    wanted = {"journeys": journeys, "seed": seed, "touchpoints": touchpoints,
              "generator": synth.generator_hash()}  # fmt: skip
    if marker.is_file() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        print(f"using the cached catalog in {folder.relative_to(PROJECT)}")
        return folder
    print(f"generating {journeys} journeys (seed {seed}) into {folder.relative_to(PROJECT)} ...")
    summary = synth.generate(folder, journeys, seed, touchpoints)
    print(f"  {summary.touchpoints} touchpoints, {summary.average_kib:.1f} KiB per journey")
    return folder


def add_catalog_options(parser: argparse.ArgumentParser) -> None:
    """The options choosing the synthetic catalog: --journeys, --seed, --touchpoints."""
    parser.add_argument("--journeys", type=int, default=1000, help="catalog size (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="synth.py seed (default 1)")
    parser.add_argument("--touchpoints", type=int, default=synth.TOUCHPOINTS,
                        help="touchpoints per journey, about (default %(default)s)")  # fmt: skip


def journey_files(catalog: Path) -> list[Path]:
    """The journey files of a catalog: every YAML file but catalog.yaml and registry/."""
    return sorted(
        p
        for p in catalog.rglob("*.y*ml")
        if p.suffix in (".yaml", ".yml")
        and p.relative_to(catalog).parts[0] != "registry"
        and p != catalog / "catalog.yaml"
    )


def tool(name: str) -> Path:
    """A console script installed next to this Python."""
    return Path(sys.executable).parent / name


def code_version() -> str:
    """The git commit, marked `+changes` when generator/ or schema/ differ from it."""
    git = ["git", "-C", str(PROJECT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "generator", "schema"], capture_output=True, text=True
    )
    return commit.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def code_fingerprint() -> dict[str, str]:
    """A hash per file of the code under test, to notice it changing in the middle of a run."""
    files = [*PROJECT.glob("generator/**/*.py"), *PROJECT.glob("schema/*.json")]
    return {
        str(p.relative_to(PROJECT)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(files)
    }


def profile(catalog: Path, top: int) -> str:
    """The hot spots of one `journeys validate` run: by cumulative, then by own time."""
    with tempfile.NamedTemporaryFile(suffix=".prof") as stats_file:
        command = [sys.executable, "-m", "cProfile", "-o", stats_file.name]
        measure([*command, str(tool("journeys")), "validate", "--no-cache", str(catalog)])
        stats: dict[tuple[str, int, str], tuple[object, int, float, float, object]]
        stats = pstats.Stats(stats_file.name).stats  # type: ignore[attr-defined]
    rows: list[tuple[float, float, int, str]] = [
        (ct, tt, nc, _where(file, line, name))
        for (file, line, name), (_, nc, tt, ct, _) in stats.items()
    ]
    total = max(row[0] for row in rows)
    lines = [f"total {total:.2f} s under cProfile (slower than a plain run)"]
    for title, key in (("cumulative", 0), ("own time", 1)):
        lines += ["", f"{'cumtime':>8} {'tottime':>8} {'calls':>9}  by {title}"]
        for ct, tt, nc, where in sorted(rows, key=lambda r: -r[0] if key == 0 else -r[1])[:top]:
            lines.append(f"{ct:8.2f} {tt:8.2f} {nc:9d}  {where}")
    return "\n".join(lines)


def _where(file: str, line: int, name: str) -> str:
    for prefix in (str(PROJECT) + "/", "site-packages/"):
        if prefix in file:
            file = file.split(prefix, 1)[1]
    return f"{file}:{line}({name})" if line else name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_catalog_options(parser)
    parser.add_argument("--runs", type=int, default=3, help="runs per tool (default 3)")
    parser.add_argument(
        "--profile", action="store_true", help="also profile one `journeys validate` run"
    )
    args = parser.parse_args(argv)
    if args.journeys < 1 or args.runs < 1:
        parser.error("--journeys and --runs must be at least 1")
    missing = [name for name in ("journeys", "check-jsonschema") if not tool(name).exists()]
    if missing:
        print(
            f"bench_validate.py: {', '.join(missing)} not installed next to {sys.executable}; "
            "run: .venv/bin/pip install check-jsonschema (the `bench` extra)",
            file=sys.stderr,
        )
        return 2

    catalog = catalog_for(args.journeys, args.seed, args.touchpoints)
    journeys = journey_files(catalog)
    shown = catalog.relative_to(PROJECT)
    ours = [str(tool("journeys")), "validate", "--no-cache", str(shown)]
    theirs = [str(tool("check-jsonschema")), "--schemafile", str(SCHEMA.relative_to(PROJECT))]
    theirs += [str(p.relative_to(PROJECT)) for p in journeys]
    all_files = sum(1 for p in catalog.rglob("*.y*ml"))

    load_before = os.getloadavg()[0]
    version, fingerprint = code_version(), code_fingerprint()
    results: dict[str, list[Run]] = {"journeys": [], "check-jsonschema": []}
    for i in range(args.runs):
        for name, command in (("journeys", ours), ("check-jsonschema", theirs)):
            run = measure(command)
            results[name].append(run)
            print(
                f"  run {i + 1}/{args.runs} {name}: {run.seconds:.2f} s wall, "
                f"{run.cpu_seconds:.2f} s CPU, exit {run.exit_code}"
            )
            if run.exit_code != 0:
                print(f"  warning: {name} exited {run.exit_code}:\n{run.output[-2000:]}")

    ours_s = statistics.median(r.seconds for r in results["journeys"])
    theirs_s = statistics.median(r.seconds for r in results["check-jsonschema"])
    ratio = ours_s / theirs_s
    cpu_ratio = statistics.median(r.cpu_seconds for r in results["journeys"]) / statistics.median(
        r.cpu_seconds for r in results["check-jsonschema"]
    )
    print()
    print(
        f"journeys validate: the whole catalog, {all_files} files (catalog, registries, journeys)"
    )
    print(f"check-jsonschema:  the {len(journeys)} journey files, against {SCHEMA.name}")
    print(f"median of {args.runs} runs, each in a fresh process\n")
    met = "met" if ratio <= TARGET_RATIO else "NOT met"
    rows: list[tuple[object, ...]] = [
        (
            "journey files",
            "all files",
            "journeys s",
            "check-jsonschema s",
            "ratio",
            f"target <= {TARGET_RATIO}",
        ),
        (len(journeys), all_files, f"{ours_s:.2f}", f"{theirs_s:.2f}", f"{ratio:.2f}", met),
    ]
    widths = [len(str(h)) for h in rows[0]]
    for row in rows:
        print(
            "| " + " | ".join(f"{cell!s:>{w}}" for cell, w in zip(row, widths, strict=True)) + " |"
        )
        if row is rows[0]:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print()
    for name, runs in results.items():
        rss = max(r.max_rss_mib for r in runs)
        per_file = statistics.median(r.seconds for r in runs) / len(journeys) * 1000
        cpu = statistics.median(r.cpu_seconds for r in runs)
        print(
            f"{name}: peak RSS {rss:.0f} MiB, {per_file:.1f} ms per journey file, "
            f"median CPU time {cpu:.2f} s"
        )
    print(
        f"load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after, "
        f"on {os.cpu_count()} CPUs (this benchmark adds about 1; more means other processes "
        "competed for the CPUs)"
    )
    print(f"ratio of median CPU times (less sensitive to a busy machine): {cpu_ratio:.2f}")
    print(f"journeys code: commit {version}")
    now = code_fingerprint()
    changed = sorted(f for f in {*now, *fingerprint} if now.get(f) != fingerprint.get(f))
    if changed:
        print(
            f"warning: changed during the run, the figures may mix versions: {', '.join(changed)}"
        )
    with tempfile.TemporaryDirectory() as kept:
        stored = [str(tool("journeys")), "validate", "--cache-dir", kept, str(shown)]
        measure(stored)  # fills the store
        warm = [measure(stored) for _ in range(args.runs)]
    warm_s = statistics.median(r.seconds for r in warm)
    print(
        f"journeys validate with its document store filled (nothing changed): median "
        f"{warm_s:.2f} s of {args.runs} runs, ratio {warm_s / theirs_s:.2f}, peak RSS "
        f"{max(r.max_rss_mib for r in warm):.0f} MiB"
    )
    last = results["journeys"][-1].output.strip().splitlines()
    print(f"journeys validate said: {last[-1] if last else '(nothing)'}")
    if args.profile:
        print("\ncProfile of one `journeys validate` run:")
        print(profile(catalog, 40))
    return 0


if __name__ == "__main__":
    sys.exit(main())
