"""`journeys export`: the normalized catalog as JSON, or as CSV tables for spreadsheets; one
journey as a Mermaid diagram."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from generator.cli.output import emit
from generator.cli.site import catalog_option, validated
from generator.diagnostics import did_you_mean
from generator.errors import JourneysError
from generator.interop.mermaid import fenced, to_mermaid
from generator.model.export import export, spreadsheet_safe, tables
from generator.model.types import Catalog
from generator.outputs import check_file, check_folder, guarded, mark

#: File suffixes that hold a bare Mermaid diagram; any other output is Markdown.
MERMAID_SUFFIXES = (".mmd", ".mermaid")


@click.command("export")
@click.argument("journey", required=False)
@click.option(
    "--format",
    "output",
    type=click.Choice(["json", "csv", "mermaid"]),
    default="json",
    show_default=True,
    help="json: the catalog as one document (as /catalog.json); csv: four tables; "
    "mermaid: the journey JOURNEY as a Mermaid journey diagram.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="json, mermaid: a file (default: standard output); csv: a folder to write the "
    "tables into.",
)
@catalog_option
def export_command(output: str, out: Path | None, catalog: Path, journey: str | None) -> None:
    """Write the whole normalized catalog, or one journey as a diagram, after validating it.

    The CSV tables are journeys.csv, touchpoints.csv, pain-points.csv and metrics.csv
    (one row per measured period), UTF-8 with a byte-order mark so spreadsheets read them
    as such. A text cell that a spreadsheet would take for a formula (starting with =, +,
    -, @) gets a leading ' so it is shown as written. Nothing is written while the catalog
    has errors (exit 1). The CSV folder must be new, empty, or one journeys wrote (it holds
    a .journeys-output file); no output goes into the catalog (exit 2).

    --format mermaid draws the journey JOURNEY (its id) as a Mermaid `journey` diagram: a
    section per stage, a task per touchpoint scored 1 to 5 from its emotion (emotion + 3;
    a touchpoint without one takes its stage's, else 3), its owning silo then its supporting
    silos as actors. The output is a ```mermaid Markdown block, which GitHub draws, unless
    --out ends in .mmd or .mermaid. `journeys import mermaid` reads it back.
    """
    if output == "mermaid" and journey is None:
        raise click.UsageError(
            "--format mermaid draws one journey: name it, e.g. "
            "`journeys export --format mermaid open-current-account`"
        )
    if output != "mermaid" and journey is not None:
        raise click.UsageError(
            f"JOURNEY is only for --format mermaid; --format {output} exports the whole catalog"
        )
    keep = guarded(Path.cwd(), (catalog,))
    if out is not None:  # before the work, not after it
        folder = (check_file if output != "csv" else check_folder)(out, keep, "--out")
    model = validated(catalog)
    if output in ("json", "mermaid"):
        if journey is not None:
            text = _diagram(model, journey, out)
        else:
            text = json.dumps(export(model), indent=2, ensure_ascii=False) + "\n"
        emit(text, out, catalog)
        return
    if out is None:
        raise click.UsageError("--format csv writes four files: name a folder with --out")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        mark(folder)
        for name, rows in tables(model).items():
            with (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f).writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    except OSError as e:
        raise JourneysError(f"cannot write the tables to {out}/: {e.strerror}") from e
    click.echo(f"wrote journeys.csv, touchpoints.csv, pain-points.csv and metrics.csv to {out}/")


def _diagram(model: Catalog, journey_id: str, out: Path | None) -> str:
    journey = model.journeys.get(journey_id)
    if journey is None:
        hint = did_you_mean(journey_id, model.journeys.by_id)
        raise click.BadParameter(
            f"no journey '{journey_id}' in the catalog{hint}", param_hint="JOURNEY"
        )
    diagram = to_mermaid(journey, model)
    return diagram if out is not None and out.suffix in MERMAID_SUFFIXES else fenced(diagram)
