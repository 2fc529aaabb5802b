"""The two engines: the tree `journeys generate` writes travels and builds with either,
and `zensical build` on the project's own mkdocs.yml stops with a sentence."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from generator.render import SiteContent
from generator.site import guard
from generator.site.publish import BuildFailed
from generator.site.tree import sync_tree
from generator.site.zensical import fill, hold_figures, publish

from .conftest import journeys, make_project

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_a_generated_tree_moved_elsewhere_builds_with_both_engines(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    (project / "site_overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block announce %}Overridden here{% endblock %}',
        encoding="utf-8",
    )
    done = journeys("generate", "--out", str(tmp_path / "tree"), cwd=project)
    assert done.returncode == 0, done.stderr
    config = (tmp_path / "tree" / "mkdocs.yml").read_text(encoding="utf-8")
    assert str(tmp_path) not in config and "custom_dir: overrides" in config
    assert guard.NAME not in config
    moved = tmp_path / "elsewhere" / "tree"
    moved.parent.mkdir()
    shutil.move(tmp_path / "tree", moved)
    shutil.rmtree(project)  # nothing outside the tree is read
    mkdocs = run(str(BIN / "mkdocs"), "build", "-q", "-d", "by-mkdocs", cwd=moved)
    assert mkdocs.returncode == 0, mkdocs.stderr
    zensical = run(str(BIN / "zensical"), "build", cwd=moved)
    assert zensical.returncode == 0, zensical.stdout + zensical.stderr
    by_mkdocs, by_zensical = html_pages(moved / "by-mkdocs"), html_pages(moved / "site")
    assert by_mkdocs == by_zensical
    assert "journeys/open-current-account/index.html" in by_zensical
    for site in (moved / "by-mkdocs", moved / "site"):
        assert "Overridden here" in (site / "index.html").read_text(encoding="utf-8")


def test_zensical_on_the_projects_own_config_stops_with_one_sentence(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    done = run(str(BIN / "zensical"), "build", cwd=project)
    assert done.returncode == 1
    assert done.stderr.strip() == guard.MESSAGE, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not (project / "site" / "journeys").exists()


def test_mkdocs_on_the_projects_own_config_never_loads_the_guard(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    done = run(str(BIN / "mkdocs"), "build", "-q", cwd=project)
    assert done.returncode == 0, done.stderr
    assert guard.NAME in (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert (project / "site" / "journeys" / "open-current-account" / "index.html").is_file()


def test_both_engines_publish_the_same_pages_and_diagrams(
    example_site: Path, zensical_site: Path, tmp_path: Path
) -> None:
    assert html_pages(zensical_site) == html_pages(example_site)
    project = make_project(tmp_path / "project")
    assert journeys("generate", "--out", str(tmp_path / "tree"), cwd=project).returncode == 0
    docs = tmp_path / "tree" / "docs"
    pages = {p.relative_to(docs).with_suffix("").as_posix() for p in docs.rglob("*.md")}
    assert len(pages) > 100
    for page in pages:
        url = "index.html" if page == "index" else f"{page.removesuffix('/index')}/index.html"
        assert (zensical_site / url).is_file(), url
    diagrams = {p.relative_to(docs).as_posix() for p in docs.rglob("*.svg")}
    assert diagrams
    for site in (example_site, zensical_site):
        assert {d for d in diagrams if (site / d).is_file()} == diagrams
    journey = (zensical_site / "journeys" / "open-current-account" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'class="jc-figure' in journey and ".svg" in journey
    assert (zensical_site / "search.json").is_file()
    assert (zensical_site / "catalog.json").read_bytes() == (
        example_site / "catalog.json"
    ).read_bytes()


FIGURE = re.compile(r"<figure\b.*?</figure>", re.S)


def test_zensical_pages_show_the_same_tables_and_diagrams_as_mkdocs_pages(
    example_site: Path, zensical_site: Path
) -> None:
    tables = figures = 0
    for page in sorted(html_pages(example_site)):
        by_mkdocs = (example_site / page).read_text(encoding="utf-8")
        by_zensical = (zensical_site / page).read_text(encoding="utf-8")
        assert by_zensical.count("<table") == by_mkdocs.count("<table"), page
        assert by_zensical.count('class="jc-facts"') == by_mkdocs.count('class="jc-facts"'), page
        assert "journeys-held" not in by_zensical, page
        assert FIGURE.findall(by_zensical) == FIGURE.findall(by_mkdocs), page
        tables += by_zensical.count("<table")
        figures += len(FIGURE.findall(by_zensical))
    assert tables > 100 and figures > 50
    search = (zensical_site / "search.json").read_text(encoding="utf-8")
    assert "journeys-held" not in search and "<table" not in search


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_zensical_build_keeps_its_tree_and_publishes_what_changed_since_the_last(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    assert journeys("build", "--engine", "zensical", cwd=project).returncode == 0
    first = site_files(project / "site")
    tree = project / ".cache" / "journeys" / "zensical-build"
    assert (tree / "docs" / "journeys" / "report-lost-card" / "index.md").is_file()
    assert (tree / ".cache").is_dir() and not (tree / "site").exists()
    assert journeys("build", "--engine", "zensical", cwd=project).returncode == 0
    assert site_files(project / "site") == first
    journey = project / "journeys" / "cards" / "report-lost-card.yaml"
    text = journey.read_text(encoding="utf-8")
    journey.write_text(text.replace("Freezes the card in the app", "Freezes the card at once"))
    assert journeys("build", "--engine", "zensical", cwd=project).returncode == 0
    edited = site_files(project / "site")
    page = "journeys/report-lost-card/index.html"
    assert b"Freezes the card at once" in edited[page]
    assert b"Freezes the card in the app" not in edited[page]
    # Its diagrams are named by their content: the old ones are gone, no other file is.
    changed = edited.keys() ^ first.keys()
    assert changed and all(
        p.startswith("journeys/report-lost-card/") and p.endswith(".svg") for p in changed
    )
    assert (
        edited["journeys/open-current-account/index.html"]
        == (first["journeys/open-current-account/index.html"])
    )
    assert [p.name for p in project.iterdir() if "building" in p.name] == []


def test_a_zensical_build_replaces_only_a_site_it_made_and_keeps_it_when_zensical_fails(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    (project / "mine").mkdir()
    (project / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    refused = journeys("build", "--engine", "zensical", "--site-dir", "mine", cwd=project)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "--site-dir mine" in refused.stderr
    assert journeys("build", "--engine", "zensical", cwd=project).returncode == 0
    built = (project / "site" / "index.html").read_bytes()
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("name: material", "name: nosuchtheme"),
        encoding="utf-8",
    )
    failed = journeys("build", "--engine", "zensical", cwd=project)
    assert failed.returncode == 1
    first, *output = failed.stderr.splitlines()
    assert first == (
        "journeys: Zensical could not build the site (exit status 1), so it was not published:"
    )
    assert any("nosuchtheme" in line for line in output)
    assert (project / "site" / "index.html").read_bytes() == built
    tree = project / ".cache" / "journeys" / "zensical-build"
    assert tree.is_dir() and not (tree / ".cache").exists()  # the next build starts clean
    assert [p.name for p in project.iterdir() if "building" in p.name] == []


def test_writing_the_tree_again_writes_only_what_changed_and_deletes_what_is_gone(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project")
    tree = tmp_path / "tree"
    pages = {"index.md": "# Home\n", "a/index.md": "# A\n", "b/index.md": "# B\n"}
    first = sync_tree(SiteContent(pages=dict(pages)), project / "mkdocs.yml", tree)
    assert first == len(pages) + 3  # and mkdocs.yml and the project's two own pages
    written = {p: (tree / "docs" / p).stat().st_mtime_ns for p in pages}
    time.sleep(0.01)
    again = sync_tree(SiteContent(pages=dict(pages)), project / "mkdocs.yml", tree)
    assert again == 0
    changed = {"index.md": "# Home\n", "a/index.md": "# A, changed\n"}
    assert sync_tree(SiteContent(pages=changed), project / "mkdocs.yml", tree) == 2
    assert (tree / "docs" / "index.md").stat().st_mtime_ns == written["index.md"]
    assert (tree / "docs" / "a" / "index.md").read_text(encoding="utf-8") == "# A, changed\n"
    assert not (tree / "docs" / "b").exists()
    assert (tree / "docs" / "contributing.md").is_file() and (tree / "overrides").is_dir()


def test_a_journey_links_to_where_its_file_is_edited_with_either_engine(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        "repo_url: https://example.org/our/catalog\n" + config.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    edit = "https://example.org/our/catalog/edit/main/journeys/"
    for engine in ("mkdocs", "zensical"):
        done = journeys("build", "--engine", engine, "--site-dir", engine, cwd=project)
        assert done.returncode == 0, done.stderr
        page = project / engine / "journeys" / "open-current-account" / "index.html"
        assert f'href="{edit}' in page.read_text(encoding="utf-8"), engine


def test_a_zensical_warning_fails_the_build_in_words_without_a_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    docs = project / "docs" / "contributing.md"
    docs.write_text(docs.read_text(encoding="utf-8") + "\n[A link](nowhere.md)\n")
    failed = journeys("build", "--engine", "zensical", cwd=project)
    assert failed.returncode == 1
    assert failed.stderr.startswith("journeys: Zensical could not build the site"), failed.stderr
    assert "page does not exist" in failed.stderr and "contributing.md" in failed.stderr
    assert "Traceback" not in failed.stderr and "\x1b[" not in failed.stderr
    assert "Aborted because --strict flag is set" in failed.stderr
    assert not (project / "site").exists()


def test_figures_the_search_leaves_out_are_held_with_the_tables() -> None:
    figure = '<figure class="jc-figure" data-search-exclude>\n<img src="a.svg" alt="A">\n</figure>'
    searched = '<figure class="jc-figure">\n<img src="b.svg" alt="B">\n</figure>'
    page = f"# T\n\n<!--journeys-held:0-->\n\n{figure}\n\n{searched}\n\nText.\n\n{figure}\n"
    content = SiteContent(pages={"p/index.md": page}, held={"p/index.md": ["<table></table>"]})
    hold_figures(content)
    assert content.held["p/index.md"] == ["<table></table>", figure, figure]
    assert content.pages["p/index.md"] == (
        f"# T\n\n<!--journeys-held:0-->\n\n<!--journeys-held:1-->\n\n{searched}\n\n"
        "Text.\n\n<!--journeys-held:2-->\n"
    )


def test_a_page_that_lost_the_places_of_its_tables_is_not_published(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p><!--journeys-held:0--></p>", encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"a/index\.html is missing or lost the places"):
        fill(tmp_path, {"a/index.md": ["<table></table>", "<dl></dl>"]})
    with pytest.raises(BuildFailed, match=r"b/index\.html is missing"):
        fill(tmp_path, {"b/index.md": ["<table></table>"]})
    fill(tmp_path, {"a/index.md": ["<table></table>"], "c/index.md": []})
    assert (tmp_path / "a" / "index.html").read_text(encoding="utf-8") == "<p><table></table></p>"


SHM = Path("/dev/shm")


@pytest.mark.skipif(
    not SHM.is_dir() or SHM.stat().st_dev == Path(tempfile.gettempdir()).stat().st_dev,
    reason="needs a second file system (/dev/shm) beside the temporary folder",
)
def test_a_site_built_on_another_file_system_is_copied_into_place(tmp_path: Path) -> None:
    built = Path(tempfile.mkdtemp(dir=SHM)) / "site"
    try:
        (built / "a").mkdir(parents=True)
        (built / "a" / "index.html").write_text("new", encoding="utf-8")
        (tmp_path / "site").mkdir()
        (tmp_path / "site" / "old.html").write_text("old", encoding="utf-8")
        publish(built, tmp_path / "site")
        assert site_files(tmp_path / "site") == {"a/index.html": b"new"}
        assert not built.exists()
        assert [p.name for p in tmp_path.iterdir()] == ["site"]
    finally:
        shutil.rmtree(built.parent, ignore_errors=True)
