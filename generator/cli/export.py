"""`journeys export`: the normalized catalog as JSON, or as CSV tables for spreadsheets."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from generator.cli.site import catalog_option, validated
from generator.model.export import export, spreadsheet_safe, tables


@click.command("export")
@click.option(
    "--format",
    "output",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="json: the catalog as one document (as /catalog.json); csv: four tables.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="json: a file (default: standard output); csv: a folder to write the tables into.",
)
@catalog_option
def export_command(output: str, out: Path | None, catalog: Path) -> None:
    """Write the whole normalized catalog, after validating it.

    The CSV tables are journeys.csv, touchpoints.csv, pain-points.csv and metrics.csv
    (one row per measured period), UTF-8 with a byte-order mark so spreadsheets read them
    as such. A text cell that a spreadsheet would take for a formula (starting with =, +,
    -, @) gets a leading ' so it is shown as written. Nothing is written while the catalog
    has errors (exit 1).
    """
    model = validated(catalog)
    if output == "json":
        text = json.dumps(export(model), indent=2, ensure_ascii=False) + "\n"
        if out is None:
            click.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")
        return
    if out is None:
        raise click.UsageError("--format csv writes four files: name a folder with --out")
    if out.exists() and not out.is_dir():
        raise click.BadParameter(f"{out} is a file, not a folder", param_hint="--out")
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables(model).items():
        with (out / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    click.echo(f"wrote journeys.csv, touchpoints.csv, pain-points.csv and metrics.csv to {out}/")
