"""`journeys build`, `journeys generate` and the plugin under plain `mkdocs build`."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import journeys, make_project

pytestmark = pytest.mark.slow


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def break_a_journey(project: Path) -> Path:
    path = project / "journeys" / "cards" / "report-lost-card.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: ", "owner: nobody-", 1))
    return path


def test_errors_stop_the_build_with_the_validate_output(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    break_a_journey(project)
    done = journeys("build", cwd=project)
    validate = journeys("validate", cwd=project)
    assert done.returncode == 1
    assert done.stdout == validate.stdout
    assert "[unknown-ref] unknown silo 'nobody-" in done.stdout
    assert not (project / "site").exists()


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert journeys("build", cwd=project).returncode == 0
    before = digest(project / "site")
    (project / "docs" / "broken.md").write_text("# Broken\n\n[a link](nowhere.md)\n")
    done = journeys("build", cwd=project)
    assert done.returncode == 1
    assert "warnings" in done.stderr and "nowhere.md" in done.stderr
    assert digest(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_a_second_build_draws_no_diagram_and_the_cache_keeps_only_what_is_used(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    first = journeys("build", cwd=project)
    assert first.returncode == 0, first.stderr
    drawn = re.search(r"diagrams [\d.]+ s \((\d+) drawn, 0 from the cache\)", first.stderr)
    assert drawn and int(drawn[1]) > 0, first.stderr
    cache = project / ".cache" / "journeys" / "diagrams"
    assert len(list(cache.glob("*.svg"))) == int(drawn[1])
    (cache / f"{'0' * 64}.svg").write_text("<svg/>")  # left over from an older catalog
    second = journeys("build", "--force", cwd=project)
    assert f"(0 drawn, {drawn[1]} from the cache)" in second.stderr
    assert len(list(cache.glob("*.svg"))) == int(drawn[1])


def test_a_second_build_takes_its_pages_from_the_cache_and_builds_the_same_site(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    env = {"SOURCE_DATE_EPOCH": "1790000000"}
    first = journeys("build", "--site-dir", "one", cwd=project, env=env)
    assert first.returncode == 0, first.stderr
    made = re.search(r"pages: 0 page groups from the cache, (\d+) made", first.stderr)
    assert made and int(made[1]) > 5, first.stderr
    stored = project / ".cache" / "journeys" / "pages"
    assert len(list(stored.glob("*.json"))) == int(made[1])
    assert list((project / ".cache" / "journeys" / "documents").iterdir())  # parsed files kept
    second = journeys("build", "--site-dir", "two", cwd=project, env=env)
    assert f"pages: {made[1]} page groups from the cache, 0 made" in second.stderr
    assert digest(project / "one") == digest(project / "two")

    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("catalog: journeys", "catalog: journeys\n      cache_pages: false")
    )
    shutil.rmtree(stored)
    third = journeys("build", "--site-dir", "three", cwd=project, env=env)
    assert third.returncode == 0 and "page groups" not in third.stderr, third.stderr
    assert not stored.exists()
    assert digest(project / "three") == digest(project / "one")


def test_builds_are_reproducible_with_source_date_epoch(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    env = {"SOURCE_DATE_EPOCH": "1790000000"}
    assert journeys("build", "--site-dir", "one", cwd=project, env=env).returncode == 0
    shutil.rmtree(project / ".cache" / "journeys" / "pages")  # every page rendered again
    assert journeys("build", "--site-dir", "two", cwd=project, env=env).returncode == 0
    one, two = digest(project / "one"), digest(project / "two")
    assert one == two
    assert len(one) > 100


def test_generate_writes_a_tree_that_builds_without_the_plugin(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    out = tmp_path / "out"
    done = journeys("generate", "--out", str(out), cwd=project)
    assert done.returncode == 0, done.stderr
    config = (out / "mkdocs.yml").read_text()
    assert (
        "journeys"
        not in config.split("plugins:", 1)[1].split("\n\n", 1)[0].replace("journeys/", "")
        or "- journeys" not in config
    )
    assert (out / "docs" / "journeys" / "open-current-account" / "index.md").is_file()
    schema = (project / "schema" / "journey.schema.json").read_bytes()
    assert (out / "docs" / "schema" / "journey.schema.json").read_bytes() == schema
    mkdocs = Path(sys.executable).parent / "mkdocs"
    built = subprocess.run(
        [str(mkdocs), "build", "-q", "-f", str(out / "mkdocs.yml"), "-d", str(tmp_path / "plain")],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(mkdocs.parent)},
    )
    assert built.returncode == 0, built.stderr
    journey = tmp_path / "plain" / "journeys" / "open-current-account" / "index.html"
    assert "<table>" in journey.read_text(encoding="utf-8")
    markdown = (out / "docs" / "journeys" / "open-current-account" / "index.md").read_text()
    assert "<table>" in markdown and "journeys-held" not in markdown
    # The same search entries as the plugin's build: one for the journey, none for its tables.
    index = json.loads((tmp_path / "plain" / "search" / "search_index.json").read_text())
    own = [e["location"] for e in index["docs"] if "/open-current-account/" in e["location"]]
    assert own == ["journeys/open-current-account/"]
    assert (tmp_path / "plain" / "schema" / "journey.schema.json").read_bytes() == schema


def test_mkdocs_own_tags_in_mkdocs_yml_are_kept_and_never_run(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        .replace("site_name: ", "site_name: !ENV [SITE_NAME, ")
        .replace("journey catalog\n", "journey catalog]\n", 1)
        + "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n",
        encoding="utf-8",
    )
    env = {"SITE_NAME": "Tagged bank"}
    built = journeys("build", cwd=project, env=env)
    assert built.returncode == 0, built.stderr
    assert "Tagged bank</title>" in (project / "site" / "index.html").read_text()
    out = tmp_path / "out"
    done = journeys("generate", "--out", str(out), cwd=project, env=env)
    assert done.returncode == 0, done.stderr
    written = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!!python/name:material.extensions.emoji.twemoji" in written
    assert "site_name: !ENV" in written
    mkdocs = Path(sys.executable).parent / "mkdocs"
    plain = subprocess.run(
        [str(mkdocs), "build", "-q", "-f", str(out / "mkdocs.yml"), "-d", str(tmp_path / "plain")],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(mkdocs.parent), **env},
    )
    assert plain.returncode == 0, plain.stderr
    assert "Tagged bank</title>" in (tmp_path / "plain" / "index.html").read_text()


def test_an_mkdocs_yml_that_is_not_yaml_is_named_with_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("docs_dir: docs", "docs_dir: [docs")
    )
    for command in ("build", "generate"):
        done = journeys(command, *(["--out", "out"] if command == "generate" else []), cwd=project)
        assert done.returncode == 1, done.stderr
        assert "mkdocs.yml:4:" in done.stderr and "is not valid YAML" in done.stderr, done.stderr
    assert not (project / "site").exists() and not (project / "out").exists()


def test_plain_mkdocs_build_uses_the_plugin_and_fails_on_catalog_errors(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    mkdocs = Path(sys.executable).parent / "mkdocs"
    ok = subprocess.run([str(mkdocs), "build", "-q"], cwd=project, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert (project / "site" / "silos" / "digital" / "index.html").is_file()
    break_a_journey(project)
    failed = subprocess.run(
        [str(mkdocs), "build", "-q"], cwd=project, capture_output=True, text=True
    )
    assert failed.returncode == 1
    assert "unknown silo 'nobody-" in failed.stderr


def test_page_templates_can_be_overridden_from_site_overrides(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    pages = project / "site_overrides" / "pages"
    pages.mkdir(parents=True)
    (pages / "home.md.j2").write_text("# {{ title }}\n\nOur own home page.\n")
    assert journeys("build", cwd=project).returncode == 0
    assert "Our own home page." in (project / "site" / "index.html").read_text()


def test_a_broken_override_names_the_template_and_line(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    pages = project / "site_overrides" / "pages"
    pages.mkdir(parents=True)
    (pages / "journey.md.j2").write_text("# {{ title }}\n\n{% if %}\n")
    done = journeys("build", cwd=project)
    assert done.returncode != 0
    assert "journey.md.j2:3: template error" in done.stderr


def test_search_touchpoints_false_keeps_touchpoint_names_out_of_the_index(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(  # one process writes every page
        text.replace(
            "catalog: journeys",
            "catalog: journeys\n      search_touchpoints: false\n      workers: 1",
        ),
        encoding="utf-8",
    )
    done = journeys("build", cwd=project)
    assert done.returncode == 0, done.stderr
    index = json.loads((project / "site" / "search" / "search_index.json").read_text())
    entry = next(e for e in index["docs"] if e["location"] == "journeys/report-lost-card/")
    assert "Report a lost" in entry["title"] and "Freezes the card" not in entry["text"]
    page = (project / "site" / "journeys" / "report-lost-card" / "index.html").read_text()
    assert "Freezes the card in the app" in page  # still shown on the page

    config.write_text(
        text.replace("catalog: journeys", "catalog: journeys\n      search_touchpoints: maybe"),
        encoding="utf-8",
    )
    refused = journeys("generate", "--out", str(tmp_path / "out"), cwd=project)
    assert refused.returncode == 2
    assert "search_touchpoints must be true or false" in refused.stderr


def test_a_site_built_from_another_folder_publishes_no_path_of_the_machine(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    site = tmp_path / "site"
    done = journeys("build", "--config", str(project / "mkdocs.yml"),
                    "--catalog", str(project / "journeys"), "--site-dir", str(site),
                    cwd=elsewhere)  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert "journeys/cards/report-lost-card.yaml" in {j["file"] for j in data["journeys"]}
    page = (site / "journeys" / "report-lost-card" / "index.html").read_text(encoding="utf-8")
    assert "<dt>Source</dt><dd>journeys/cards/report-lost-card.yaml</dd>" in html.unescape(page)
    for published in (site / "catalog.json", site / "journeys" / "report-lost-card" / "index.html"):
        assert str(tmp_path) not in published.read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_engine_builds_the_catalog_named_by_the_option_or_the_plugin(
    engine: str, tmp_path: Path
) -> None:
    project = make_project(tmp_path)
    (project / "data").mkdir()
    (project / "journeys").rename(project / "data" / "journeys")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("catalog: journeys", "catalog: data/journeys"))
    named = journeys("build", "--engine", engine, cwd=project)
    assert named.returncode == 0, named.stderr
    page = project / "site" / "journeys" / "move-house" / "index.html"
    assert "<title>Move house" in page.read_text(encoding="utf-8")

    other = project / "other"
    shutil.copytree(project / "data" / "journeys", other)
    journey = other / "life-events" / "move-house.yaml"
    journey.write_text(journey.read_text().replace("title: Move house", "title: Move home"))
    given = journeys("build", "--engine", engine, "--catalog", "other", cwd=project)
    assert given.returncode == 0, given.stderr
    assert "<title>Move home" in page.read_text(encoding="utf-8")
