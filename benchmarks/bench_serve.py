"""Time `journeys serve` from saving a journey to the served page showing the change.

    .venv/bin/python benchmarks/bench_serve.py --journeys 1000 [--seed 1] [--runs 5]
        [--engine mkdocs|zensical]

Generates (or reuses, from benchmarks/out/) a catalog of N journeys with synth.py, copies
it into a project of its own (`out/serve-<N>x<T>-seed<S>/`, sharing bench_build.py's
diagram cache), starts `journeys serve` there and waits for the first build. Then, `--runs`
times, it renames one touchpoint of one journey, saves the file, and polls the journey's
page over HTTP until it shows the new name: the figure is the time from the save to that
answer. For each run it prints the CPU time the server used meanwhile (on a busy machine
it moves less than the wall time) and what `journeys serve` reported for that rebuild:
pages rendered again, generated files MkDocs built again, diagram files new or changed.
It ends with the server's peak resident memory. Exit code 0 whatever the figures, 2 on a
usage error or when the server fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html import unescape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import project_for
from bench_validate import OUT, add_catalog_options, catalog_for, code_version, journey_files, tool

#: The target: the refreshed page within this many seconds of the save.
TARGET_SECONDS = 1.5
RENDERED = re.compile(r"journeys: (\d+) of (\d+) pages rendered \((\d+) checked\), (\d+) diagram")
BUILT = re.compile(r"journeys: (?:(\d+) of (\d+) generated files built again \((\d+) pages\)|all)")
#: A touchpoint whose name is a plain scalar, so that text can be added to it as it is.
TOUCHPOINT = re.compile(r"^(\s+- id: (\S+)\n\s+name: )([A-Za-z][^\n#:\"']*)$", re.M)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> str | None:
    """The page's text, or None while nothing answers it."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return unescape(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_until(url: str, text: str, server: subprocess.Popen[bytes], limit: float) -> float:
    """Seconds until the page at `url` contains `text`; raises SystemExit if it never does."""
    start = time.perf_counter()
    while True:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode})")
        if time.perf_counter() - start > limit:
            raise SystemExit(f"{url} did not show {text!r} within {limit:.0f} s")
        time.sleep(0.05)


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) a running process has used, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid: int) -> float:
    """The most resident memory a running process has held (VmHWM, Linux)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found[1]) / 1024 if found else float("nan")


def project_copy(catalog: Path) -> Path:
    """A project with its own copy of the catalog, so that the edits never touch the cache."""
    folder = OUT / f"serve-{catalog.name.removeprefix('catalog-')}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(catalog, folder / "catalog")
    built = project_for(catalog)  # bench_build.py's project: mkdocs.yml and diagram cache
    (folder / "docs").mkdir()
    config = (built / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(f"catalog: ../{catalog.name}", "catalog: catalog")
    config = config.replace("cache_dir: cache", f"cache_dir: {built / 'cache'}")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_catalog_options(parser)
    parser.add_argument("--runs", type=int, default=5, help="edits to time (default 5)")
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                        help="the engine journeys serve previews with")  # fmt: skip
    args = parser.parse_args(argv)
    if args.journeys < 1 or args.runs < 1:
        parser.error("--journeys and --runs must be at least 1")
    if not shutil.which("dot"):
        print("bench_serve.py: Graphviz is missing: install the 'graphviz' package.",
              file=sys.stderr)  # fmt: skip
        return 2

    project = project_copy(catalog_for(args.journeys, args.seed, args.touchpoints))
    files = journey_files(project / "catalog")
    journey = files[len(files) // 2]
    original = journey.read_text(encoding="utf-8")
    found = TOUCHPOINT.search(original)
    if found is None:
        print(f"no touchpoint found in {journey}", file=sys.stderr)
        return 2
    base = f"http://127.0.0.1:{free_port()}/"
    page = f"{base}journeys/{journey.stem}/"
    log = project / "serve.log"
    load = os.getloadavg()[0]
    print(f"serving {project.relative_to(OUT.parent.parent)}; editing {journey.name}, "
          f"touchpoint {found[2]}")  # fmt: skip
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(tool("journeys")), "serve", "--dev-addr", base[7:-1], "--engine", args.engine],
            cwd=project, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )  # fmt: skip
    try:
        first = wait_until(page, found[3], server, 1800)
        print(f"  first build: {first:.1f} s")
        rows: list[tuple[int, float, float, tuple[str, ...] | None, tuple[str, ...] | None]] = []
        for run in range(1, args.runs + 1):
            name = f"{found[3]} (edited {run}, {time.time_ns()})"
            time.sleep(3)  # the server is idle again (it collects garbage after a build)
            reported, cpu = len(log.read_bytes()), cpu_seconds(server.pid)
            journey.write_text(original.replace(found[0], found[1] + name, 1), encoding="utf-8")
            seconds = wait_until(page, name, server, 600)
            cpu = cpu_seconds(server.pid) - cpu
            time.sleep(0.5)  # the log lines of this rebuild
            text = log.read_bytes()[reported:].decode("utf-8", "replace")
            rendered, built = RENDERED.findall(text), BUILT.findall(text)
            rows.append((run, seconds, cpu, rendered[-1] if rendered else None,
                         built[-1] if built else None))  # fmt: skip
            print(f"  run {run}: {seconds:.2f} s", flush=True)
        peak = peak_rss_mib(server.pid)
    finally:
        journey.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    if b"Traceback" in log.read_bytes():
        print(log.read_text(encoding="utf-8", errors="replace")[-3000:])
        return 2

    print(f"\n{args.journeys} journeys, seed {args.seed}, engine {args.engine}; "
          f"journeys code: commit {code_version()}")  # fmt: skip
    print(f"{os.cpu_count()} CPUs, load {load:.2f} before, {os.getloadavg()[0]:.2f} after\n")
    print("| run | save to page shown | server CPU | pages rendered | checked | diagram files | "
          "files MkDocs built | of which pages |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for run, seconds, cpu, pages_line, files_line in rows:
        r = (
            f"{pages_line[0]} of {pages_line[1]} | {pages_line[2]} | {pages_line[3]}"
            if pages_line
            else "? | ? | ?"
        )
        b = (
            f"{files_line[0]} of {files_line[1]} | {files_line[2]}"
            if files_line and files_line[0]
            else "all | all"
        )
        print(f"| {run} | {seconds:.2f} s | {cpu:.2f} s | {r} | {b} |")
    median = statistics.median(s for _, s, _, _, _ in rows)
    median_cpu = statistics.median(c for _, _, c, _, _ in rows)
    met = "met" if median < TARGET_SECONDS else "NOT met"
    print(f"\nfirst build {first:.1f} s; median refresh {median:.2f} s "
          f"(target < {TARGET_SECONDS:g} s: {met}), median server CPU {median_cpu:.2f} s")  # fmt: skip
    print(f"server's peak memory: {peak:,.0f} MiB (resident; journeys' process, not Zensical's)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
