"""Output folders: a command replaces or writes into a folder only when it made it itself.

Every folder the tool writes (a built site, a generated docs tree, exported tables) gets a
marker file, `.journeys-output`. Before replacing or writing into a folder, a command calls
`check_folder`: the folder must be missing, empty, or hold the marker. The catalog, the docs
folder, `.git` (and anything inside or above them), the project root, the repository root
and the working directory (and anything above them) are never a target, marker or not.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InvalidArgument
from generator.load.files import display_path, find_root, read_regular

#: The file every output folder holds, saying this tool made it and may replace it.
MARKER = ".journeys-output"
MARKER_TEXT = "Made by journeys; replaced by the next build. Remove this file to keep the folder.\n"


@dataclass(frozen=True)
class Guarded:
    """The folders no output may replace: `held` (never the target, nor a folder inside or
    above them) and `roots` (never the target, nor a folder above them), each with what it is."""

    held: tuple[tuple[Path, str], ...]
    roots: tuple[tuple[Path, str], ...]


def guarded(project: Path, catalogs: Iterable[Path] = (), docs: Path | None = None) -> Guarded:
    """The folders to keep for a project folder (where mkdocs.yml is), its catalogs and its
    docs folder: those, and the `.git` of the repository each lies in, its root, and the
    working directory."""
    held = [(_root(catalog), "the catalog") for catalog in catalogs]
    if docs is not None:
        held.append((docs.resolve(), "the docs folder"))
    roots = [
        (project.resolve(), "the project folder"),
        (Path.cwd().resolve(), "the working folder"),
    ]
    for start in {project.resolve(), *(path for path, _ in held)}:
        for folder in (start, *start.parents):
            if os.path.lexists(folder / ".git"):
                held.append((folder / ".git", "the git repository"))
                roots.append((folder, "the repository's root"))
                break
    return Guarded(tuple(held), tuple(roots))


def _root(catalog: Path) -> Path:
    """The real path of the catalog `catalog` names (a folder inside it names it too)."""
    return find_root(catalog).resolve() if catalog.exists() else catalog.resolve()


def check_folder(
    folder: Path, keep: Guarded, option: str, *, made: Callable[[Path], bool] | None = None
) -> Path:
    """The real path of `folder` when a command may replace it or write into it; otherwise
    raises InvalidArgument (exit 2) in one sentence naming the folder, and nothing is touched.

    A folder may be replaced when it is missing, empty, or holds the marker (and no `.git`
    of its own); with `made`,
    also when `made(folder)` says the tool made it before folders were marked
    (`looks_built`, `looks_generated`)."""
    real = check_kept(folder, keep, option)
    if not os.path.lexists(real):
        return real
    shown = display_path(folder)
    if not real.is_dir():
        raise InvalidArgument(f"{option} {shown} is a file, not a folder: choose a folder")
    if os.path.lexists(real / ".git"):  # e.g. a site folder kept as a repository to publish
        raise InvalidArgument(
            f"{option} {shown} holds a git repository (.git), which journeys never writes "
            "into: choose another folder"
        )
    if (real / MARKER).is_file() or not any(real.iterdir()) or (made and made(real)):
        return real
    raise InvalidArgument(
        f"{option} {shown} is not empty and was not made by journeys (it has no {MARKER} "
        "file), so it is never replaced: choose a new or empty folder, or empty it first"
    )


def check_kept(folder: Path, keep: Guarded, option: str) -> Path:
    """The real path of `folder` unless it is one of `keep`'s folders, or inside or above
    one (`Guarded`); then raises InvalidArgument (exit 2) naming the folder. A cache folder,
    whose own files are the only ones it replaces, is checked this way."""
    real = folder.resolve()
    places = [(*held, True) for held in keep.held] + [(*root, False) for root in keep.roots]
    for place, what, whole in sorted(places, key=lambda p: p[0] != real):  # "is" comes first
        inside = whole and real.is_relative_to(place)
        if place.is_relative_to(real) or inside:
            relation = "is" if real == place else "is in" if inside else "holds"
            raise InvalidArgument(
                f"{option} {display_path(folder)} {relation} {what}, which journeys never "
                "writes into: choose another folder"
            )
    return real


def check_file(path: Path, keep: Guarded, option: str) -> Path:
    """The real path of `path` when a command may write the file: never in the catalog or
    `.git` (a folder of `keep.held`); otherwise raises InvalidArgument (exit 2)."""
    real = path.resolve()
    for place, what in keep.held:
        if real.is_relative_to(place):
            raise InvalidArgument(
                f"{option} {display_path(path)} is in {what}, where nothing is ever written "
                "but by hand: choose a file outside it"
            )
    return real


def looks_built(folder: Path) -> bool:
    """Whether `folder` is a site the journeys plugin built before output folders were
    marked: MkDocs' home page and sitemap, and the plugin's own script."""
    return all(
        (folder / name).is_file()
        for name in ("index.html", "sitemap.xml", "assets/journeys/journeys.js")
    )


#: The first line of the mkdocs.yml that `journeys generate` writes.
GENERATED = "# Generated by `journeys generate`"


def looks_generated(folder: Path) -> bool:
    """Whether `folder` is a tree `journeys generate` wrote before output folders were
    marked: its mkdocs.yml, saying so on its first line, a docs folder, and at most the
    theme's overrides beside them."""
    names = {p.name for p in folder.iterdir()}
    if not {"mkdocs.yml", "docs"} <= names <= {"mkdocs.yml", "docs", "overrides"}:
        return False
    try:
        return read_regular(folder / "mkdocs.yml").startswith(GENERATED.encode())
    except OSError:
        return False


def mark(folder: Path) -> None:
    """Write the marker into `folder`, an output folder this tool made."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
