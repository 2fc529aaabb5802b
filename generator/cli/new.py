"""`journeys new`: a starter journey, or a starter entry in a registry or the catalog's stages."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.site import catalog_option
from generator.model.references import TARGETS
from generator.scaffold import KINDS, Written, new_entry, new_journey
from generator.scaffold.entry import file_name, name_field


@click.group("new")
def new_group() -> None:
    """Write a starter journey, or add an entry to a registry or to the catalog's stages.

    What is written validates at once, with comments saying what each field holds and
    the optional fields commented out. Nothing already written is changed: an entry is
    added at the end of its list, every other byte of the file kept. An id that already
    exists, or a file that is already there, is refused (exit 1) and nothing is written.
    """


@new_group.command("journey", short_help="Write a starter journey file.")
@click.argument("journey_id", metavar="ID")
@catalog_option
@click.option(
    "--folder", help="The sub-folder of the catalog to write it in, e.g. retail/accounts."
)
@click.option("--title", help="The journey's title (default: made from the id).")
@click.option("--owner", help="The silo accountable for the journey (default: the first silo).")
@click.option(
    "--persona",
    "personas",
    multiple=True,
    help="A persona who takes the journey; repeat for more (default: the first persona).",
)
@click.option("--channel", help="The channel of its first touchpoint (default: the first channel).")
def journey_command(
    journey_id: str,
    catalog: Path,
    folder: str | None,
    title: str | None,
    owner: str | None,
    personas: tuple[str, ...],
    channel: str | None,
) -> None:
    """Write CATALOG/[FOLDER/]ID.yaml, a draft journey that validates as written.

    It names the catalog's first stage, and its first silo, persona, channel, data source
    and metric unless the options name others, which must exist. Every optional field is
    there, commented out, with what it holds.
    """
    written = new_journey(catalog, journey_id, folder, title, owner, personas, channel)
    click.echo(f"wrote {written.shown}")
    _report(written)
    click.echo(f"next: fill it in, then run `journeys validate {written.shown}`")


def _entry_command(kind: str) -> click.Command:
    target = KINDS[kind]
    noun = TARGETS[target][1]

    article = "an" if noun[0] in "aeiou" else "a"

    @click.command(kind, short_help=f"Add {article} {noun} to {file_name(target)}.")
    @click.argument("entry_id", metavar="ID")
    @click.option("--name", help=f"The {noun}'s {name_field(target)} (default: made from the id).")
    @catalog_option
    def command(entry_id: str, name: str | None, catalog: Path) -> None:
        written = new_entry(catalog, kind, entry_id, name)
        where = "new file " if written.created else ""
        click.echo(f"added {noun} '{entry_id}' to {where}{written.shown}, line {written.line}")
        _report(written)
        click.echo(f"next: edit it there, then run `journeys validate {catalog.as_posix()}`")

    command.help = (
        f"Add {article} {noun} to {file_name(target)} in the catalog, at the end of its list.\n\n"
        "Its required fields get values that validate (placeholders to edit, which the "
        "command lists); its optional fields are written out commented."
    )
    return command


def _report(written: Written) -> None:
    if written.placeholders:
        click.echo(f"  placeholders to edit: {'; '.join(written.placeholders)}")
    for note in written.notes:
        click.echo(f"  note: {note}")


for _kind in KINDS:
    new_group.add_command(_entry_command(_kind))
