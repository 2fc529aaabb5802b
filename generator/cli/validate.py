"""`journeys validate` and `journeys rules`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.ledger.document_store import FOLDER as DOCUMENTS
from generator.outputs import check_kept, guarded
from generator.reporters import REPORTERS, summary
from generator.validate import all_codes, validate_paths


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="text: one compiler-style line per finding; json: one JSON object; "
    "github: GitHub Actions annotations; gitlab: a GitLab Code Quality report.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    default=Path(".cache/journeys"),
    show_default=True,
    metavar="DIR",
    help="Keep each file's parsed form here, so that the next run parses only the files "
    "that changed (CI may cache this folder).",
)
@click.option("--no-cache", is_flag=True, help="Parse every file, and keep nothing.")
def validate_command(
    paths: tuple[Path, ...], output: str, strict: bool, cache_dir: Path, no_cache: bool
) -> None:
    """Check the catalog: YAML, schema, references and lint rules.

    PATHS are catalog folders, or files and folders inside a catalog (default:
    journeys/). The whole catalog is always checked, since references cross files,
    but only findings for the PATHS given are reported.

    Exit code 0 when there are no errors (warnings allowed unless --strict),
    1 when there are, 2 when the catalog cannot be read at all.
    """
    named = list(paths) or [Path("journeys")]
    if not no_cache:
        check_kept(cache_dir, guarded(Path.cwd(), [p for p in named if p.exists()]), "--cache-dir")
    store = None if no_cache else cache_dir / DOCUMENTS
    result = validate_paths(named, store=store)
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    click.echo(REPORTERS[output](result, colour), nl=False)
    if output != "json":
        click.echo(summary(result), err=True)
    if result.failed(strict):
        raise click.exceptions.Exit(1)


@click.command("rules")
def rules_command() -> None:
    """List every diagnostic code with its default severity and what it means.

    Lint rules (configurable: yes) can be set to error, warning or off in
    catalog.yaml under `rules:`.
    """
    for code, info in all_codes().items():
        configurable = "yes" if info.configurable else "no"
        click.echo(f"{code:32} {info.severity:8} {configurable:3}  {info.summary}")
