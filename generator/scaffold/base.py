"""What every `new` command shares: the id check, the catalog's root, and what was written."""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import did_you_mean
from generator.errors import CatalogNotFound, InvalidArgument, JourneysError, Refused
from generator.load.characters import control_character, describe_character
from generator.load.files import CATALOG_FILE, display_path, find_root
from generator.validate.schema import is_text, load_schema, slug_hint


def check_text(value: str | None, option: str, hint: str) -> None:
    """Refuse (exit 2) a text given on the command line that the catalog would refuse: empty,
    only whitespace, or holding a control character (`hint` says what to give instead)."""
    if value is None:
        return
    if not is_text(value):
        raise InvalidArgument(f"{option} is empty or only whitespace: {hint}")
    found = control_character(value)
    if found is not None:
        raise InvalidArgument(
            f"{option} holds {describe_character(found)}, which no catalog text may hold: remove it"
        )


@dataclass(frozen=True)
class Written:
    """What a `new` command wrote: the file, whether it is new, the line the new text starts
    at, the placeholders a person has to edit, and notes on what comes next."""

    path: Path
    created: bool
    line: int
    placeholders: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        return display_path(self.path)


def check_id(value: str, noun: str) -> None:
    """Refuse a value that is not an id by the schemas' own pattern and length (FORMAT §1)."""
    rule = load_schema("journey")["$defs"]["id"]
    if len(value) > rule["maxLength"]:
        raise InvalidArgument(
            f"the {noun} id '{value}' is {len(value)} characters long; the most is {rule['maxLength']}"
        )
    if not re.match(rule["pattern"], value):
        raise InvalidArgument(
            f"'{value}' is not a valid {noun} id: use lowercase letters a-z, digits and "
            f"single hyphens{slug_hint(value)}"
        )


def catalog_root(catalog: Path) -> Path:
    """The root of the catalog at (or above) `catalog`; it must have its catalog.yaml."""
    root = find_root(catalog)
    if not (root / CATALOG_FILE).is_file():
        raise CatalogNotFound(
            f"{display_path(root)}: no {CATALOG_FILE} here: is it the catalog folder?"
        )
    return root


def humanize(entry_id: str) -> str:
    """A first name for an entry, made from its id: `contact-centre` -> `Contact centre`."""
    return entry_id.replace("-", " ").capitalize()


def known(ids: Collection[str], entry_id: str, noun: str, where: str) -> str:
    """`entry_id` when it is one of `ids`; refuses naming the closest id when it is not."""
    if entry_id in ids:
        return entry_id
    hint = did_you_mean(entry_id, ids) or f": {where} has no such entry"
    raise Refused(f"unknown {noun} '{entry_id}'{hint}")


def writable(path: Path, root: Path, refusal: type[JourneysError] = Refused) -> Path:
    """`path`, when a file may be written there: its real path inside the catalog at `root`,
    and nothing there yet but a regular file. Otherwise raises `refusal` saying why: never
    through a link leading outside the catalog, never a link to nothing, never a FIFO."""
    shown = display_path(path)
    if os.path.islink(path) and not path.exists():
        raise refusal(f"{shown} is a link to nothing: remove the link, nothing is written there")
    if not Path(os.path.realpath(path)).is_relative_to(root.resolve()):
        raise refusal(
            f"{shown} leads outside the catalog through a link: files are written only inside it"
        )
    if path.exists() and not path.is_file():
        raise refusal(f"{shown} is not a regular file: remove it, nothing is written there")
    return path
