"""`journeys build`, `journeys serve` and `journeys generate`."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import click

from generator.errors import InvalidArgument
from generator.ledger.document_store import FOLDER as DOCUMENTS
from generator.model.types import Catalog
from generator.outputs import check_folder, check_kept, looks_generated
from generator.render.diagrams.engine import Renderer
from generator.reporters import render_text, summary
from generator.site.content import (
    checked_catalog,
    plugin_options,
    project_guard,
)
from generator.site.publish import Report
from generator.validate import Checked

config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="The MkDocs configuration that uses the journeys plugin.",
)
engine_option = click.option(
    "--engine",
    type=click.Choice(["mkdocs", "zensical"]),
    default="mkdocs",
    show_default=True,
    help="What turns the pages into HTML: MkDocs with the journeys plugin, or Zensical "
    "from the generated docs tree.",
)
catalog_option = click.option(
    "--catalog",
    type=click.Path(file_okay=False, path_type=Path),
    default="journeys",
    show_default=True,
    help="The catalog folder.",
)
project_catalog_option = click.option(
    "--catalog",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The catalog folder [default: the journeys plugin's catalog in mkdocs.yml, or "
    "journeys/ beside it].",
)


def _catalog_of(config_file: Path, catalog: Path | None, options: dict[str, Any]) -> Path:
    """The catalog a site command works on: `--catalog`, or the one the journeys plugin
    names in `config_file` (relative to it), so that every engine builds the same one."""
    if catalog is not None:
        return catalog
    named = options.get("catalog", "journeys")
    if not isinstance(named, str):
        raise InvalidArgument(f"{config_file}: the journeys plugin's catalog must be a path")
    return config_file.resolve().parent / named


def validated(catalog: Path) -> Catalog:
    """The catalog's model once it validates; otherwise its findings are printed, exit 1.

    Findings go to standard error, so that what a command prints stays clean data."""
    if not catalog.is_dir():
        raise click.BadParameter(f"{catalog}: no such folder", param_hint="--catalog")
    checked = checked_catalog(catalog)
    click.echo(render_text(checked.result, sys.stderr.isatty()), nl=False, err=True)
    if checked.catalog is None or checked.result.errors:
        click.echo(summary(checked.result), err=True)
        raise click.exceptions.Exit(1)
    return checked.catalog


def _validate(catalog: Path, cache: Path) -> Checked:
    """Validate, printing findings as `validate` does; exit 1 on errors. Only the files
    that changed since the last build are parsed (the document store in `cache`)."""
    if not catalog.is_dir():
        raise click.BadParameter(f"{catalog}: no such folder", param_hint="--catalog")
    checked = checked_catalog(catalog, store=cache / DOCUMENTS)
    result = checked.result
    click.echo(render_text(result, sys.stdout.isatty()), nl=False)
    if result.errors:
        click.echo(summary(result), err=True)
        raise click.exceptions.Exit(1)
    return checked


def _cache_folder(config_file: Path, options: dict[str, Any]) -> Path:
    """The journeys plugin's `cache_dir` (its `options` in `config_file`), from the project
    folder; never the catalog, the docs or the project folder (`outputs.check_kept`)."""
    folder = options.get("cache_dir", ".cache/journeys")
    if not isinstance(folder, str):
        raise InvalidArgument(f"{config_file}: the journeys plugin's cache_dir must be a path")
    cache = config_file.resolve().parent / folder
    check_kept(cache, project_guard(config_file), "cache_dir")
    return cache


@click.command("build")
@config_option
@project_catalog_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="site",
    show_default=True,
    help="Where the site is written; replaced only when the build succeeds.",
)
@engine_option
@click.option(
    "--force", is_flag=True, help="Build even when nothing the site is built from has changed."
)
def build_command(
    config_file: Path, catalog: Path | None, site_dir: Path, engine: str, force: bool
) -> None:
    """Validate the catalog, generate its pages and build the site with MkDocs.

    The catalog is validated first, with the same output as `journeys validate`; with
    errors nothing is built. MkDocs then builds in strict mode into a temporary folder
    which replaces SITE_DIR only when the build finishes without a warning. SITE_DIR must
    be new, empty, or a site journeys built (it holds a .journeys-output file); the
    catalog, the docs folder and the project folder never are (exit 2). With
    SOURCE_DATE_EPOCH set, two builds of the same input are byte-identical.

    With --engine zensical, the docs tree `journeys generate` writes, its tables set
    aside, is kept in the cache folder and Zensical builds it with its own cache; each
    page's tables are put back into its HTML, and SITE_DIR is replaced the same way.

    When nothing the site is built from changed since this command built SITE_DIR (the
    catalog's files, mkdocs.yml, the docs folder, the theme overrides, the day, the engine
    and the installed packages) and SITE_DIR is as it was left, it is left as it is:
    --force builds it again anyway.
    """
    from generator.site import last_build
    from generator.site.build import build_site_dir
    from generator.site.publish import check_site_dir

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # an upstream notice, not about the catalog
    options = plugin_options(config_file)
    catalog = _catalog_of(config_file, catalog, options)
    check_site_dir(config_file, site_dir, (catalog,))  # before the work, not after it
    start = time.monotonic()
    cache = _cache_folder(config_file, options)
    checked = _validate(catalog, cache)
    validating = time.monotonic() - start
    inputs = last_build.inputs(config_file, engine, checked.digest)
    if not force and last_build.up_to_date(cache, site_dir, inputs):
        click.echo(
            f"{site_dir}/ is up to date: nothing it is built from changed since it was built "
            f"({time.monotonic() - start:.1f} s; --force builds it again)",
            err=True,
        )
        return
    if engine == "zensical":
        _build_with_zensical(config_file, catalog, site_dir, cache, start, validating)
        last_build.record(cache, site_dir, inputs)
        return
    built = 0
    interactive = sys.stderr.isatty()

    def progress(page: str) -> None:
        nonlocal built
        built += 1
        if interactive:
            click.echo(f"\rbuilding pages: {built}", nl=False, err=True)

    report = build_site_dir(config_file, site_dir, progress, catalog)
    if interactive:
        click.echo("", err=True)
    total = time.monotonic() - start
    click.echo(f"built {built} pages into {site_dir}/ in {total:.1f} s", err=True)
    if report:
        _timings(report, "MkDocs", total, validating)
    last_build.record(cache, site_dir, inputs)


def _build_with_zensical(
    config_file: Path, catalog: Path, site_dir: Path, cache: Path, start: float, validating: float
) -> None:
    from generator.site import zensical

    report = zensical.build_site_dir(config_file, catalog, site_dir, cache)
    total = time.monotonic() - start
    built = sum(1 for p in site_dir.rglob("*.html")) - (site_dir / "404.html").is_file()
    click.echo(f"built {built} pages into {site_dir}/ in {total:.1f} s", err=True)
    _timings(report, "Zensical", total, validating)


def _timings(report: Report, engine: str, total: float, validating: float) -> None:
    """Where a build's time went: validation, generation, diagrams, and the engine's rest."""
    d = report.diagrams
    rest = total - validating - report.generating - d.seconds
    click.echo(
        f"  validate {validating:.1f} s, generate {report.generating:.1f} s, "
        f"diagrams {d.seconds:.1f} s ({d}), {engine} {rest:.1f} s",
        err=True,
    )
    if report.pages is not None:
        click.echo(f"  pages: {report.pages}", err=True)


@click.command("serve")
@config_option
@click.option(
    "--dev-addr", default="127.0.0.1:8000", show_default=True, help="IP:port to serve on."
)
@engine_option
def serve_command(config_file: Path, dev_addr: str, engine: str) -> None:
    """Preview the site at http://127.0.0.1:8000/ while you edit.

    Saving any file under the catalog rebuilds the site and reloads the page: only the
    pages and diagrams the change affects are made and built again. While the catalog has
    errors, the terminal and the page list them, and the server keeps running.

    With --engine zensical, the docs tree is written into the cache folder and
    `zensical serve` previews it; a change writes again only the files of the tree it
    changed, and Zensical rebuilds them.
    """
    from generator.site.serve import serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # an upstream notice, not about the catalog
    if engine == "zensical":
        _serve_with_zensical(config_file, dev_addr)
        return
    with contextlib.suppress(KeyboardInterrupt):
        serve(config_file, dev_addr)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _serve_with_zensical(config_file: Path, dev_addr: str) -> None:
    from generator.site import zensical

    options = plugin_options(config_file)
    catalog = _catalog_of(config_file, None, options)
    if not catalog.is_dir():
        raise click.BadParameter(f"{catalog}: no such folder", param_hint="the plugin's catalog")
    cache = _cache_folder(config_file, options)
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a process manager: stop Zensical too
    with contextlib.suppress(KeyboardInterrupt):
        zensical.serve(
            config_file, catalog, cache, dev_addr, lambda line: click.echo(line, err=True)
        )


@click.command("generate")
@config_option
@project_catalog_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write the docs tree and its mkdocs.yml into.",
)
def generate_command(config_file: Path, catalog: Path | None, out: Path) -> None:
    """Write the generated docs tree to disk, with an mkdocs.yml that needs no plugin.

    Any engine that reads mkdocs.yml can then build OUT: `mkdocs build -f OUT/mkdocs.yml`,
    or `zensical build` in OUT. The theme's overrides are copied into OUT/overrides and
    every path in OUT/mkdocs.yml is relative, so OUT builds wherever it is moved.
    OUT must be new, empty, or a folder journeys wrote (it holds a .journeys-output file);
    the catalog, the docs folder and the project folder never are (exit 2).
    """
    from generator.site.tree import generate_content, write_tree

    options = plugin_options(config_file)
    catalog = _catalog_of(config_file, catalog, options)
    keep = project_guard(config_file, (catalog,))
    check_folder(out, keep, "--out", made=looks_generated)  # before the work, not after it
    cache = _cache_folder(config_file, options)
    _validate(catalog, cache)
    outcome = generate_content(config_file, catalog, Renderer(cache=cache / "diagrams"))
    if outcome.content is None:  # pragma: no cover - validated just above
        raise click.exceptions.Exit(1)
    write_tree(outcome.content, config_file, out, (catalog,))
    click.echo(f"wrote {len(outcome.content.pages)} pages to {out}/docs/", err=True)
