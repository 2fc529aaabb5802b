"""A catalog as it was at a git revision, written out to a folder so it loads like any other.

Only git plumbing is used (`rev-parse`, `ls-tree`, `cat-file`), reading objects the clone
has: two revisions fetched into a shallow CI checkout are enough, no history is walked.
Files are written by their blob contents; nothing in the repository is run.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from generator.errors import JourneysError

#: git modes of entries that are files: regular and executable. Symlinks and submodules
#: are left out, as the loader would not follow them either.
_FILE_MODES = ("100644", "100755")


class RevisionError(JourneysError):
    """A revision that does not name a commit here, or a folder outside any git repository."""


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError as e:
        raise RevisionError("git is not installed: install git to compare revisions") from e
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"git {args[0]} failed: {message[-1] if message else 'no output'}")
    return done.stdout


def repository(folder: Path) -> tuple[Path, PurePosixPath]:
    """The top of the git work tree holding `folder` (or the nearest existing parent), and
    the folder's path inside it."""
    start = folder.absolute()
    existing = next((p for p in (start, *start.parents) if p.is_dir()), Path.cwd())
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], existing).decode().strip())
        inside = start.resolve().relative_to(top.resolve())
    except RevisionError as e:
        reason = str(e).removeprefix("git rev-parse failed: ")
        hint = "" if "not a git repository" in reason else f" ({reason})"
        raise RevisionError(f"{folder} is not inside a git repository{hint}") from e
    except ValueError as e:
        raise RevisionError(f"{folder} is outside the git repository at {top}") from e
    return top, PurePosixPath(inside.as_posix())


def resolve(revision: str, top: Path) -> str:
    """The commit id a revision names; a clear error when this clone does not have it."""
    if not revision or revision.startswith("-"):
        raise RevisionError(f"'{revision}' is not a revision")
    try:
        found = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top)
    except RevisionError as e:
        raise RevisionError(
            f"revision '{revision}' is not in this clone; in a shallow CI checkout fetch it "
            f"first (git fetch --depth=1 origin {revision})"
        ) from e
    return found.decode().strip()


def write_catalog_at(commit: str, top: Path, folder: PurePosixPath, dest: Path) -> Path:
    """Write the files under `folder` at `commit` into `dest`, keeping their paths below
    `folder`; return where the catalog root now is (it may hold no files)."""
    prefix = "" if str(folder) == "." else f"{folder}/"
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or "."], top)
    wanted: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        path = name.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode in _FILE_MODES and path.startswith(prefix):
            wanted.append((blob, path[len(prefix) :]))
    root = dest / "catalog"
    root.mkdir(parents=True, exist_ok=True)
    if not wanted:
        return root
    batch = _git(["cat-file", "--batch"], top, "".join(f"{b}\n" for b, _ in wanted).encode())
    at = 0
    for _, relative in wanted:
        header_end = batch.index(b"\n", at)
        size = int(batch[at:header_end].split()[2])
        content = batch[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
        parts = PurePosixPath(relative).parts
        if any(p in ("..", "") for p in parts):  # git never stores these; never write them
            continue
        target = root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return root
