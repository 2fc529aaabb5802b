"""Time `journeys validate` on a catalog with one large scores CSV file.

    .venv/bin/python benchmarks/bench_measurements.py [--rows 890000] [--journeys 100]
        [--seed 1] [--runs 3] [--bad] [--build]

Generates (or reuses, from benchmarks/out/) a synthetic catalog of N journeys with
synth.py, copies it into a folder of its own and writes `measurements/scores.csv` there:
`--rows` valid rows (a weekly score of three metrics at every stage and touchpoint of
every journey, week after week back from 2026-09-28, in period order as an export
appends them). With `--bad` every row's value is written with a decimal comma (`4,1`),
so that every row is a schema error. Then it runs `journeys validate --no-cache` on it
`--runs` times, each in a fresh process, and prints the wall time, CPU time and peak RSS
of each run, their minimum and median, and what `journeys validate` reported;
`--build` also runs `journeys build` once on the same catalog. Exit code 0 whatever
the figures (this is a measurement, not a test), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import random
import shutil
import statistics
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vocabulary as v  # sibling modules: this folder is on sys.path when run as a script
from bench_build import project_for
from bench_validate import OUT, PROJECT, Run, catalog_for, code_version, measure, tool

#: The target for validating the catalog with the large file: whole process.
TARGET_SECONDS = 10.0
TARGET_MIB = 500.0
LAST_WEEK = datetime.date(2026, 9, 28)
METRICS_PER_PLACE = 3
MARKER = ".bench.json"


def places(catalog: Path) -> list[tuple[str, str, str]]:
    """Every stage and touchpoint of the catalog's journeys: (journey, stage, touchpoint or
    ""), in file order."""
    found: list[tuple[str, str, str]] = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(catalog.rglob("*.yaml")):
        if path.parent.name == "registry" or path.name == "catalog.yaml":
            continue
        journey = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        for stage in journey["stages"]:
            stage_id = stage.get("id", stage["stage"])
            found.append((journey["id"], stage_id, ""))
            found.extend((journey["id"], stage_id, t["id"]) for t in stage["touchpoints"])
    return found


def write_scores(catalog: Path, out: Path, rows: int, seed: int, bad: bool) -> tuple[int, int]:
    """Write `rows` rows of scores for the catalog's places to `out`; (series, weeks)."""
    rng = random.Random(seed)
    scales = {m[0]: m for m in v.METRICS}
    series = [
        (journey, stage, touchpoint, metric)
        for journey, stage, touchpoint in places(catalog)
        for metric in rng.sample(sorted(scales), METRICS_PER_PLACE)
    ]
    weeks = -(-rows // len(series))
    written = 0
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write("journey,stage,touchpoint,metric,period,value\n")
        for week in range(weeks - 1, -1, -1):
            period = (LAST_WEEK - datetime.timedelta(weeks=week)).isoformat()
            lines = []
            for journey, stage, touchpoint, metric in series[: rows - written]:
                _, _, lo, hi, _, _, decimals = scales[metric]
                value = round(lo + (hi - lo) * rng.uniform(0.3, 0.95), decimals)
                text = f"{value:.{decimals}f}"
                if bad:
                    text = f'"{value:.1f}"'.replace(".", ",")
                lines.append(f"{journey},{stage},{touchpoint},{metric},{period},{text}\n")
            f.writelines(lines)
            written += len(lines)
    return len(series), weeks


def generator_hash() -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def catalog_with_scores(args: argparse.Namespace) -> Path:
    """The cached catalog with its scores file, written again when anything it is made
    from changed."""
    base = catalog_for(args.journeys, args.seed, args.touchpoints)
    shape = "bad" if args.bad else "valid"
    folder = OUT / f"measurements-{args.rows}-{shape}-{base.name.removeprefix('catalog-')}"
    marker = folder / MARKER
    wanted = {"rows": args.rows, "bad": args.bad, "generator": generator_hash(),
              "catalog": json.loads((base / ".synth.json").read_text(encoding="utf-8"))}  # fmt: skip
    if marker.is_file() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        print(f"using the cached catalog in {folder.relative_to(PROJECT)}")
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(base, folder)
    (folder / "measurements").mkdir()
    scores = folder / "measurements" / "scores.csv"
    series, weeks = write_scores(base, scores, args.rows, args.seed, args.bad)
    print(f"wrote {scores.relative_to(PROJECT)}: {args.rows:,} rows, "
          f"{scores.stat().st_size / 1e6:.1f} MB; {series:,} scores "
          f"(journey, stage or touchpoint, metric) of up to {weeks} weekly periods")  # fmt: skip
    marker.write_text(json.dumps(wanted), encoding="utf-8")
    return folder


def report(name: str, runs: list[Run]) -> None:
    walls = [r.seconds for r in runs]
    rss = [r.max_rss_mib for r in runs]
    for i, r in enumerate(runs, 1):
        print(f"  run {i}: {r.seconds:.2f} s wall, {r.cpu_seconds:.2f} s CPU, "
              f"peak RSS {r.max_rss_mib:.0f} MiB, exit {r.exit_code}")  # fmt: skip
    print(f"{name}: wall min {min(walls):.2f} s, median {statistics.median(walls):.2f} s; "
          f"peak RSS max {max(rss):.0f} MiB, median {statistics.median(rss):.0f} MiB")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=890_000, help="rows (default 890000)")
    parser.add_argument("--journeys", type=int, default=100, help="catalog size (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="synth.py seed (default 1)")
    parser.add_argument("--touchpoints", type=int, default=10,
                        help="touchpoints per journey, about (default %(default)s)")  # fmt: skip
    parser.add_argument("--runs", type=int, default=3, help="runs (default 3)")
    parser.add_argument("--bad", action="store_true", help="every row's value is not a number")
    parser.add_argument("--build", action="store_true", help="also time one `journeys build`")
    args = parser.parse_args(argv)
    if min(args.rows, args.journeys, args.runs) < 1:
        parser.error("--rows, --journeys and --runs must be at least 1")
    catalog = catalog_with_scores(args)
    shown = str(catalog.relative_to(PROJECT))
    size = (catalog / "measurements" / "scores.csv").stat().st_size
    load_before = os.getloadavg()[0]
    command = [str(tool("journeys")), "validate", "--no-cache", shown]
    runs = [measure(command) for _ in range(args.runs)]
    print(f"\njourneys validate --no-cache: {args.journeys} journeys and a scores file of "
          f"{args.rows:,} rows ({size / 2**20:.1f} MiB), {args.runs} runs, each a fresh process")  # fmt: skip
    report("journeys validate", runs)
    wall, rss = statistics.median(r.seconds for r in runs), max(r.max_rss_mib for r in runs)
    met = "met" if wall < TARGET_SECONDS and rss < TARGET_MIB else "NOT met"
    print(f"target: under {TARGET_SECONDS:.0f} s and {TARGET_MIB:.0f} MiB: {met}")
    output = runs[-1].output.strip().splitlines()
    print(f"it printed {len(output)} lines; the last: {output[-1] if output else '(nothing)'}")
    for line in output[:3]:
        print(f"  {line[:160]}")
    if args.build:
        project = project_for(catalog)
        shutil.rmtree(project / "site", ignore_errors=True)
        build = [str(tool("journeys")), "build", "--catalog", f"../{catalog.name}",
                 "--site-dir", "site"]  # fmt: skip
        print("\njourneys build (its caches as the last build left them) ...", flush=True)
        done = measure(build, project)
        print(f"journeys build: {done.seconds:.1f} s wall, {done.cpu_seconds:.1f} s CPU, peak "
              f"{done.max_rss_mib:.0f} MiB (one process), {done.tree_rss_mib:.0f} MiB (all its "
              f"processes), exit {done.exit_code}")  # fmt: skip
        print("  " + "\n  ".join(done.output.strip().splitlines()[-4:]))
    print(f"\nload average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after, "
          f"on {os.cpu_count()} CPUs; journeys code: commit {code_version()}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
