"""A catalog as it was at a git revision, written out to a folder so it loads like any other.

Only git plumbing is used (`rev-parse`, `ls-tree`, `cat-file`), reading objects the clone
has: two revisions fetched into a shallow CI checkout are enough, no history is walked.
Files are written by their blob contents; nothing in the repository is run.
"""

from __future__ import annotations

import re
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
    """The commit id a revision names; a clear error when this clone does not have it, or
    when what it names is not a commit."""
    # Checked here rather than with git's --end-of-options, which older gits lack: an
    # argument that starts with "-" is never handed to git, where it would be an option.
    if not revision or revision.startswith("-"):
        raise RevisionError(f"'{revision}' is not a revision")
    try:
        found = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top)
    except RevisionError:
        raise _unresolved(revision, top) from None
    return found.decode().strip()


#: An abbreviated object id, which git may find more than one object for.
_SHORT_ID = re.compile(r"[0-9a-f]{4,39}", re.IGNORECASE)

#: What git calls each kind of object, as a person would say it.
_KINDS = {"tree": "a tree (a folder)", "blob": "a blob (a file's contents)", "tag": "a tag"}


def _unresolved(revision: str, top: Path) -> RevisionError:
    """Why `revision` names no commit: it names another kind of object, it is ambiguous,
    or this clone does not have it."""
    if _SHORT_ID.fullmatch(revision):
        candidates = _git(["rev-parse", f"--disambiguate={revision}"], top).split()
        if len(candidates) > 1:
            return RevisionError(
                f"revision '{revision}' is ambiguous: the ids of {len(candidates)} objects "
                "start with it; give more of the commit id"
            )
    try:
        # without ^{commit}, which would read as part of the path in `HEAD:file`; a full
        # id is taken as written, so the object's kind also tells whether the clone has it
        found = _git(["rev-parse", "--verify", "--quiet", revision], top).decode().strip()
        kind = _git(["cat-file", "-t", found], top).decode().strip()
    except RevisionError:
        return RevisionError(
            f"revision '{revision}' is not in this clone; in a shallow CI checkout fetch it "
            f"first (git fetch --depth=1 origin {revision})"
        )
    what = _KINDS.get(kind, f"a {kind}")
    if kind == "tag":
        peeled = _git(["rev-parse", "--verify", f"{found}^{{}}"], top).decode().strip()
        inner = _git(["cat-file", "-t", peeled], top).decode().strip()
        what = f"a tag of {_KINDS.get(inner, f'a {inner}')}"
    return RevisionError(
        f"revision '{revision}' names {what}, not a commit: give a branch, a tag of a "
        "commit or a commit id"
    )


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
