"""Finding a catalog's files and telling what kind each one is (docs/format.md §1)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, Location, error
from generator.errors import CatalogNotFound, UnsafeFile

CATALOG_FILE = "catalog.yaml"
REGISTRY_DIR = "registry"
MEASUREMENTS_DIR = "measurements"
YAML_SUFFIXES = (".yaml", ".yml")
CSV_SUFFIX = ".csv"

#: Registry file stem -> (top-level key, schema name). The schema name is the stem.
REGISTRIES: dict[str, str] = {
    "silos": "silos",
    "channels": "channels",
    "personas": "personas",
    "data-sources": "data_sources",
    "standards": "standards",
    "metrics": "metrics",
    "issue-categories": "issue_categories",
    "listening-sources": "listening_sources",
}

#: Kinds of measurements file (each with its schema) -> the column that tells a file is one.
MEASUREMENTS: dict[str, str] = {"scores": "value", "volumes": "count"}


@dataclass(frozen=True)
class SourceFile:
    """One file of the catalog: its path, the name it is shown by, and its kind.

    `kind` is `catalog`, `journey`, a registry stem (`silos`, `data-sources`, ...),
    `measurements` (a CSV file under `measurements/`) or `unknown` (a file in `registry/`
    that is not one of the registries, or a CSV file outside `measurements/`).
    """

    path: Path
    shown: str
    kind: str
    root: Path | None = field(default=None, compare=False, repr=False)
    """The real path of the catalog's root: the file is read only while it is inside it."""


@dataclass(frozen=True)
class CatalogFiles:
    """Every file of one catalog, found under its root folder, and the files found there
    that are not read (`skipped`: links leading outside, FIFOs, ...), each as a diagnostic."""

    root: Path
    files: tuple[SourceFile, ...]
    skipped: tuple[Diagnostic, ...] = ()

    def of_kind(self, kind: str) -> list[SourceFile]:
        return [f for f in self.files if f.kind == kind]


def display_path(path: Path) -> str:
    """The path as diagnostics show it: relative to the working directory when inside it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def find_root(path: Path) -> Path:
    """The catalog root for a path: the folder itself or the nearest parent with catalog.yaml.

    A folder with no catalog.yaml above it is its own root, so that the missing file is
    reported as a diagnostic rather than a crash. A path that does not exist aborts.
    """
    if not path.exists():
        raise CatalogNotFound(f"{path}: no such file or folder")
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / CATALOG_FILE).is_file():
            return folder
    if path.is_dir():
        return path
    raise CatalogNotFound(f"{path}: not inside a catalog (no {CATALOG_FILE} above it)")


def discover(root: Path) -> CatalogFiles:
    """List a catalog's files in a stable order: catalog, registries, journeys, measurements.

    Only regular files whose real path is inside the catalog are listed. A link leading
    outside it, a link to nothing or to a folder, a FIFO, socket or device is never opened:
    it is in `skipped`, as a `skipped-file` error. Links to folders are not followed."""
    files: list[SourceFile] = []
    skipped: list[Diagnostic] = []
    real = Path(os.path.realpath(root))
    pending = [root]
    while pending:
        here = pending.pop()
        # Paths are worked out once per folder: a catalog has thousands of files in a few.
        shown, inside = display_path(here), here.relative_to(root).parts
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            continue  # a folder that cannot be listed holds nothing to read
        for entry in entries:
            if entry.name.startswith("."):
                continue
            name = entry.name if shown == "." else f"{shown}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                pending.append(here / entry.name)
                continue
            suffix = os.path.splitext(entry.name)[1].lower()
            known = suffix in (*YAML_SUFFIXES, CSV_SUFFIX)
            if not known and not (entry.is_symlink() and entry.is_dir()):
                continue  # not a catalog file; but a link to a folder is said not followed
            why = (
                None if entry.is_file(follow_symlinks=False) else not_read(here / entry.name, real)
            )
            if why is not None:
                skipped.append(error("skipped-file", why, Location(name)))
            elif known:
                files.append(
                    SourceFile(here / entry.name, name, _kind((*inside, entry.name)), real)
                )
    order = {"catalog": 0, "journey": 2, "measurements": 3}
    files.sort(key=lambda f: (order.get(f.kind, 1), f.shown))
    return CatalogFiles(root, tuple(files), tuple(skipped))


class NotRead(OSError):
    """A file that is not opened, and why (`strerror`): see `not_read`."""


def not_read(path: Path, root: Path | None, inside: str = "the catalog") -> str | None:
    """Why the file at `path` is not read, or None when it is a regular file (reached through
    links or not) whose real path is inside `root` (anywhere, when `root` is None), the
    folder a message calls `inside`."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return (
            "is a link to nothing (its target is missing): it is not read"
            if os.path.islink(path)
            else "is gone: it was removed while the catalog was read"
        )
    except OSError as e:
        return f"cannot be read ({e.strerror})"
    if root is not None and not Path(os.path.realpath(path)).is_relative_to(root):
        return (
            f"points outside {inside}: it is not read; move what it points to into {inside}, "
            "or remove the link"
        )
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISDIR(info.st_mode):
        return (
            "is a link to a folder: links to folders are not followed; move the folder here instead"
        )
    return f"is a {_special(info.st_mode)}, not a regular file: it is not read; remove it"


def check_tree(folder: Path, inside: str) -> None:
    """Refuse a folder that another program reads whole and publishes (MkDocs reads the docs
    folder following every link) when anything in it is not a regular file inside it: a link
    leading out, to nothing or to a folder, a FIFO, socket or device. Raises UnsafeFile
    naming the first one; links to folders are never followed here, so a loop cannot hang."""
    real = Path(os.path.realpath(folder))
    pending = [folder]
    while pending:
        here = pending.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(here / entry.name)
            elif not entry.is_file(follow_symlinks=False):
                why = not_read(here / entry.name, real, inside)
                if why is not None:
                    raise UnsafeFile(f"{display_path(here / entry.name)} {why}")


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file"


#: Opened without following a last link and without waiting: a FIFO put in the file's place
#: after it was checked cannot hang the read, and is refused once opened.
_OPEN = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


#: No file the tool reads is larger (the measurements files' limit): reading stops just past
#: it, so that a huge file costs no more memory than that before its reader refuses it.
MAX_READ = 64 * 1024 * 1024


def read_regular(path: Path, root: Path | None = None, limit: int | None = MAX_READ) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` and one more (so that a reader
    can tell a file too large); raises NotRead (an OSError) saying why for anything else
    (`not_read`): a FIFO, socket or device is never waited on, and with `root` a file whose
    real path leaves it is never opened."""
    why = not_read(path, root)
    if why is not None:
        raise NotRead(0, why)
    real = os.path.realpath(path)
    fd = os.open(real, _OPEN | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRead(0, "is not a regular file: it is not read")
        return f.read() if limit is None else f.read(limit + 1)


def _kind(parts: tuple[str, ...]) -> str:
    """The kind of the file at `parts`, its path below the catalog root."""
    stem, suffix = os.path.splitext(parts[-1])
    if suffix.lower() == CSV_SUFFIX:
        return "measurements" if parts[0] == MEASUREMENTS_DIR else "unknown"
    if parts == (CATALOG_FILE,):
        return "catalog"
    if len(parts) == 2 and parts[0] == REGISTRY_DIR:
        return stem if stem in REGISTRIES else "unknown"
    if parts[0] == REGISTRY_DIR:
        return "unknown"
    return "journey"
