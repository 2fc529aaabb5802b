"""Fixtures that build real sites with the real `journeys` command, MkDocs and Material,
and open them in a real headless Chromium."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, ViewportSize, sync_playwright

REPO = Path(__file__).parents[2]
JOURNEYS = Path(sys.executable).parent / "journeys"
PROJECT_FILES = ("journeys", "docs", "site_overrides", "mkdocs.yml", "schema")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Wide enough for Material's primary navigation sidebar (shown from 76.25em).
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}


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


ENGINES = ("mkdocs", "zensical")


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each engine `journeys build --engine` offers, in turn."""
    name: str = request.param
    return name


@pytest.fixture(scope="session")
def engine_site(engine: str, request: pytest.FixtureRequest) -> Path:
    """The example catalog's site built by `engine`, once for the session."""
    site: Path = request.getfixturevalue(f"{engine}_site")
    return site


@pytest.fixture(scope="session")
def mkdocs_site(example_site: Path) -> Path:
    return example_site


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example catalog's site built by `journeys build --engine zensical`."""
    project = make_project(tmp_path_factory.mktemp("example-zensical"))
    done = journeys("build", "--engine", "zensical", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "site"


@pytest.fixture(scope="session")
def engine_url(engine_site: Path) -> Iterator[str]:
    """The site of `engine_site` served over http."""
    yield from serve_folder(engine_site)


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


@dataclass
class Tab:
    """A fresh page, with every console error, page error and dialog it produced."""

    page: Page
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_quiet(self) -> None:
        assert self.errors == [], "the browser reported errors"
        assert self.dialogs == [], "a dialog was opened"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def tab(chromium: Browser) -> Iterator[Tab]:
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    tab = Tab(context.new_page())

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            tab.errors.append(f"console: {message.text} at {message.location}")

    def on_dialog(dialog: Dialog) -> None:
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    tab.page.on("console", on_console)
    tab.page.on("pageerror", lambda error: tab.errors.append(f"page error: {error}"))
    tab.page.on("dialog", on_dialog)
    yield tab
    context.close()
