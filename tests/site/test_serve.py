"""`journeys serve`: a live preview that shows catalog errors and recovers when they are fixed."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path

import pytest
import yaml

from .conftest import ENGINES, JOURNEYS, REPO, make_project

pytestmark = pytest.mark.slow

JOURNEY_FILE = Path("journeys/life-events/move-house.yaml")
JOURNEY_URL = "journeys/move-house/"
ERROR_HEADING = "The catalog has errors"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> tuple[int, str]:
    """The status and body of `url`; (0, reason) when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        return 0, str(e)


def wait_for(
    what: str, check: Callable[[], bool], server: subprocess.Popen[str], log: Path
) -> None:
    """Poll `check` until it holds; fail after 60 s, or at once if the server has exited."""
    deadline = time.monotonic() + 60
    while not check():
        assert server.poll() is None, (
            f"the server exited while waiting for {what}:\n{log.read_text()}"
        )
        assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{log.read_text()}"
        time.sleep(0.25)


@pytest.mark.parametrize("engine", ENGINES)
def test_serve_stops_at_once_when_its_address_is_taken(tmp_path: Path, engine: str) -> None:
    project = make_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(JOURNEYS), "serve", "--engine", engine, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert f"cannot serve at 127.0.0.1:{port} (Address already in use)" in done.stderr
    assert "--dev-addr" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "Building documentation" not in done.stderr  # it did not build for nothing
    assert "files of the tree written" not in done.stderr


@pytest.fixture(params=ENGINES)
def served(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[str, Path, subprocess.Popen[str], Path]]:
    """`journeys serve` with each engine, running in a copy of the example project:
    (url, project, process, log)."""
    project = make_project(tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(JOURNEYS), "serve", "--engine", request.param, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        yield f"http://127.0.0.1:{port}/", project, server, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert "Traceback" not in log.read_text(), log.read_text()
    if request.param == "zensical":
        assert server.returncode == 0, log.read_text()  # it stopped cleanly, Zensical with it
        with socket.socket() as probe:  # nothing serves there any more
            assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_serve_shows_catalog_errors_and_recovers_when_they_are_fixed(
    served: tuple[str, Path, subprocess.Popen[str], Path],
) -> None:
    url, project, server, log = served
    wait_for("the home page", lambda: fetch(url)[0] == 200, server, log)
    source = project / JOURNEY_FILE
    good = source.read_text(encoding="utf-8")
    title = yaml.safe_load(good)["title"]
    status, page = fetch(url + JOURNEY_URL)
    assert status == 200
    assert title in unescape(page)
    # serve rebuilds often: its pages keep Material's worker, which indexes in the browser
    assert "zensical" in str(server.args) or re.search(
        r'"search": "[^"]*assets/javascripts/workers/search\.\w+\.min\.js"', page
    )
    source.write_text(good.replace("\ntitle: ", "\ntitle: [never closed ", 1), encoding="utf-8")

    def shows_the_error() -> bool:
        status, home = fetch(url)
        shown = unescape(home)
        return status == 200 and ERROR_HEADING in shown and JOURNEY_FILE.name in shown

    wait_for("the error page", shows_the_error, server, log)
    assert server.poll() is None, log.read_text()

    source.write_text(good, encoding="utf-8")
    wait_for("the journey page again", lambda: fetch(url + JOURNEY_URL)[0] == 200, server, log)
    # Zensical's preview keeps the pages while the home page lists the errors
    wait_for("the home page again", lambda: ERROR_HEADING not in fetch(url)[1], server, log)
    assert title in unescape(fetch(url + JOURNEY_URL)[1])
    status, home = fetch(url)
    assert status == 200
    assert ERROR_HEADING not in home
    assert server.poll() is None, log.read_text()


def test_zensical_serve_follows_the_projects_docs_and_page_templates(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(JOURNEYS), "serve", "--engine", "zensical", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, stdout=output, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    try:
        wait_for("the home page", lambda: fetch(url)[0] == 200, server, log)
        docs = project / "docs" / "contributing.md"
        docs.write_text(docs.read_text(encoding="utf-8") + "\nA sentence added.\n")
        wait_for(
            "the docs page",
            lambda: "A sentence added." in fetch(url + "contributing/")[1],
            server,
            log,
        )
        template = (REPO / "generator" / "templates" / "journey.md.j2").read_text(encoding="utf-8")
        (project / "site_overrides" / "pages").mkdir()
        (project / "site_overrides" / "pages" / "journey.md.j2").write_text(
            template.replace("# {{ title }}\n", "# {{ title }}\n\nOur own journey template.\n", 1)
        )
        wait_for(
            "the template",
            lambda: "Our own journey template." in fetch(url + JOURNEY_URL)[1],
            server,
            log,
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert server.returncode == 0, log.read_text()
    assert "Traceback" not in log.read_text(), log.read_text()


def test_served_pages_have_their_tables_and_an_edit_reaches_them(
    served: tuple[str, Path, subprocess.Popen[str], Path],
) -> None:
    url, project, server, log = served
    wait_for("the journey page", lambda: fetch(url + JOURNEY_URL)[0] == 200, server, log)
    page = fetch(url + JOURNEY_URL)[1]
    assert "<table" in page and 'class="jc-facts' in page
    assert "journeys-held" not in page
    source = project / JOURNEY_FILE
    good = source.read_text(encoding="utf-8")
    name = yaml.safe_load(good)["stages"][0]["touchpoints"][0]["name"]
    source.write_text(good.replace(f"name: {name}", f"name: {name} and more", 1), encoding="utf-8")
    try:
        # the touchpoint's name is in the stage's table of touchpoints, held until it is served
        wait_for("the new name", lambda: f"{name} and more" in unescape(fetch(url + JOURNEY_URL)[1]),
                 server, log)  # fmt: skip
        assert "journeys-held" not in fetch(url + JOURNEY_URL)[1]
    finally:
        source.write_text(good, encoding="utf-8")
