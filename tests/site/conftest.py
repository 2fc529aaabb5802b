"""Fixtures that build real sites with the real `journeys` command, MkDocs and Material."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

REPO = Path(__file__).parents[2]
JOURNEYS = Path(sys.executable).parent / "journeys"
PROJECT_FILES = ("journeys", "docs", "site_overrides", "mkdocs.yml", "schema")


def make_project(folder: Path) -> Path:
    """A copy of this repository's example project (catalog, docs, mkdocs.yml) in `folder`."""
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy2(source, folder / name)
    return folder


def journeys(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `journeys` command; a traceback always fails the test."""
    done = subprocess.run(
        [str(JOURNEYS), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example catalog's site, built once for the session; returns the site folder."""
    project = make_project(tmp_path_factory.mktemp("example"))
    done = journeys("build", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over http on a free loopback port; yields the base URL."""
    handler = partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def example_url(example_site: Path) -> Iterator[str]:
    """The example site served over http (Material's search does not work from file://)."""
    yield from serve_folder(example_site)
