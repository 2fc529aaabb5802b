"""`journeys import mermaid`: a starter journey file from a Mermaid journey diagram."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

import click

from generator.cli.site import catalog_option, validated
from generator.diagnostics import Result, did_you_mean, plural
from generator.errors import InvalidArgument, JourneysError
from generator.interop.journey_file import schema_reference, to_yaml
from generator.interop.mermaid import ID
from generator.interop.starter import MAX_ID, read_starter
from generator.load import display_path, find_root
from generator.load.files import read_regular
from generator.model.types import Catalog
from generator.reporters import render_text, summary
from generator.scaffold.base import writable


@click.group("import")
def import_group() -> None:
    """Turn a diagram made with another tool into a starter journey file."""


@import_group.command("mermaid")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The journey file to write; never overwritten. Default: CATALOG/<id>.yaml.",
)
@catalog_option
@click.option(
    "--id",
    "journey_id",
    help="The journey's id. Default: the name of --out (when it is an id), else the id in "
    "the diagram's comments, else its title made into an id.",
)
@click.option("--channel", help="The channel id of the tasks whose comments name none.")
@click.option(
    "--persona",
    "personas",
    multiple=True,
    help="A persona id who takes the journey, when the diagram's comments name none "
    "(repeat for more).",
)
def mermaid_import_command(
    file: Path,
    out: Path | None,
    catalog: Path,
    journey_id: str | None,
    channel: str | None,
    personas: tuple[str, ...],
) -> None:
    """Write a starter journey from a Mermaid `journey` diagram in FILE.

    FILE holds the diagram, or Markdown with a ```mermaid block holding it. Each section
    is a stage of catalog.yaml (by id or name), each task a touchpoint whose id is made
    from its name and whose emotion is its score - 3; its first actor is the silo that
    owns it and the others support it (by id or name). The `%% journeys:` comments that
    `journeys export --format mermaid` writes restore ids, channels and the journey's
    owner, state and personas exactly.

    Nothing is made up: an unknown stage, silo, channel or persona is reported with its
    line and the closest known name, and nothing is written (exit 1). The file starts as
    `status: draft`; lines marked `check` hold values the diagram did not give.
    """
    model = validated(catalog)
    _known(channel, model.channels.by_id, "--channel", "channel")
    for persona in personas:
        _known(persona, model.personas.by_id, "--persona", "persona")
    if journey_id is not None and not _is_id(journey_id):
        raise click.BadParameter(
            f"'{journey_id}' is not an id: lowercase letters and digits in words joined by "
            "single hyphens, at most 64 characters",
            param_hint="--id",
        )
    if journey_id is None and out is not None and _is_id(out.stem):
        journey_id = out.stem
    root = find_root(catalog)
    if out is not None:
        _check_place(out, journey_id, root, model)
    shown = display_path(file)
    try:
        raw = read_regular(file)
    except OSError as e:
        raise JourneysError(f"cannot read {shown}: {e.strerror}") from e
    made, problems = read_starter(raw, shown, model, journey_id, channel, personas)
    result = Result(problems, files=1)
    click.echo(render_text(result, sys.stderr.isatty()), nl=False, err=True)
    if made is None or result.errors:
        click.echo(summary(result) + "; nothing written", err=True)
        raise click.exceptions.Exit(1)
    path = out if out is not None else catalog / f"{made.journey_id}.yaml"
    _check_place(path, made.journey_id, root, model)
    schema = schema_reference(path, root, (Path(j.source.file) for j in model.journeys))
    content, checks = to_yaml(made, schema, shown)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as f:
            f.write(content)
    except FileExistsError:
        _exists(path)
    except OSError as e:
        raise JourneysError(f"cannot write {display_path(path)}: {e.strerror}") from e
    written = display_path(path)
    stages = made.data["stages"]
    count = sum(len(s["touchpoints"]) for s in stages)
    click.echo(
        f"wrote {written}: {plural(len(stages), 'stage')}, {plural(count, 'touchpoint')}, "
        "as a draft",
        err=True,
    )
    for line, note in checks:
        click.echo(f"{written}:{line}: check: {note}", err=True)


def _known(value: str | None, known: Mapping[str, object], option: str, what: str) -> None:
    if value is not None and value not in known:
        hint = did_you_mean(value, known) or f" (known: {', '.join(known) or 'none'})"
        raise click.BadParameter(f"unknown {what} '{value}'{hint}", param_hint=option)


def _is_id(text: str) -> bool:
    return ID.fullmatch(text) is not None and len(text) <= MAX_ID


def _check_place(path: Path, journey_id: str | None, root: Path, model: Catalog) -> None:
    """Refuse to overwrite a file, to write into the catalog through a link leading out of
    it, or to give the catalog a journey it cannot hold."""
    if path.exists():
        _exists(path)
    if path.absolute().is_relative_to(root.absolute()):
        writable(path, root, InvalidArgument)
    if journey_id is None or not path.resolve().is_relative_to(root.resolve()):
        return
    if path.stem != journey_id:
        raise click.BadParameter(
            f"a journey's file is named after its id: {path.parent / journey_id}.yaml, "
            f"not {path.name}",
            param_hint="--out",
        )
    existing = model.journeys.get(journey_id)
    if existing is not None:
        raise click.BadParameter(
            f"the catalog already has a journey '{journey_id}' ({existing.source.file}): "
            "give this one another id",
            param_hint="--id",
        )


def _exists(path: Path) -> None:
    raise click.BadParameter(
        f"{display_path(path)} already exists and is never overwritten: remove it, or "
        "write elsewhere with --out",
        param_hint="--out",
    )
