"""`journeys diff`: what a change to the catalog changes, for a pull-request comment."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator.cli.output import emit
from generator.cli.site import catalog_option
from generator.diff.report import as_json, markdown
from generator.diff.sides import diff
from generator.outputs import check_file, guarded
from generator.render import today


@click.command("diff")
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format",
    "output",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="markdown: a summary for a pull-request comment; json: the same as data.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")  # fmt: skip
@catalog_option
def diff_command(base: str, head: str | None, output: str, out: Path | None, catalog: Path) -> None:
    """Summarize what changes in the catalog from git revision BASE to HEAD.

    HEAD defaults to the working tree. Lists journeys added, removed and renamed; per
    journey, stages and touchpoints added, removed and changed (owner changes called
    out), pain points opened, closed or re-rated, metrics moved against their targets;
    and registry entries added, removed or changed, with whatever still uses a removed
    one. Only the two revisions are read, so a shallow CI checkout works once both
    are fetched.

    Exit code 0 when the summary was written (a catalog with errors is compared as far
    as it loads, and says so), 2 when a revision or the repository cannot be read.
    """
    if out is not None:  # before the work, not after it
        check_file(out, guarded(Path.cwd(), (catalog,)), "--out")
    found = diff(catalog, base, head, today())
    problems = tuple(found.problems)
    for problem in problems:
        click.echo(f"journeys diff: {problem}", err=True)
    base_label, head_label = found.base.label, found.head.label
    if output == "json":
        data = as_json(found.changes, base_label, head_label, found.shown, problems)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = markdown(
            found.changes, found.before, found.after, base_label, head_label, found.shown, problems
        )
    emit(text, out, catalog)
