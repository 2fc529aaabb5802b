"""What the last `journeys build` of a site folder was built from, so that a build whose
every input is unchanged leaves the site as it is instead of building it again.

A site's inputs are its engine and every installed package's version (MkDocs, the theme,
Markdown extensions, this tool), this tool's own code, templates and schemas, the project's
`mkdocs.yml` (and the environment variables its `!ENV` tags read), the docs folder and the
theme's `custom_dir` (each file's name, size and modification time), the catalog's files by
the digest of their bytes (as validation read them), the day the pages are made for, and
the site folder itself. After a build, their digest and a listing of the site folder (each
file's name, size and modification time) are recorded in the cache folder (`builds.json`);
the next build with the same digest, into a site folder that still holds exactly what was
built, has nothing to do. A record that cannot be read is no record: the site is built.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from importlib import metadata
from pathlib import Path

from generator.ledger.keys import generator_digest
from generator.render import today
from generator.site.content import read_config

RECORD = "builds.json"
_ENV = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)")


def inputs(config_file: Path, engine: str, catalog: str) -> str:
    """The digest of everything the site of `config_file` is built from with `engine`,
    `catalog` being the digest of the catalog's files (`Checked.digest`)."""
    digest = hashlib.blake2b(digest_size=20)

    def add(*parts: object) -> None:
        for part in parts:
            digest.update(str(part).encode("utf-8", "surrogatepass") + b"\0")

    raw = config_file.read_bytes()
    add(engine, generator_digest(), catalog, today(), hashlib.sha256(raw).hexdigest())
    add(*sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()))
    names = sorted(set(_ENV.findall(raw.decode("utf-8", "replace"))))
    add(*(f"{name}={os.environ.get(name)}" for name in names))
    config, project = read_config(config_file), config_file.resolve().parent
    theme = config.get("theme")
    folders = [config.get("docs_dir", "docs")]
    if isinstance(theme, dict):
        folders.append(theme.get("custom_dir"))
    for folder in folders:
        if isinstance(folder, str):
            add(folder, *_listing(project / folder))
    return digest.hexdigest()


def up_to_date(cache: Path, site_dir: Path, digest: str) -> bool:
    """Whether `site_dir` holds what a build from inputs of `digest` made, untouched since."""
    entry = _records(cache).get(str(site_dir.resolve()))
    return (
        isinstance(entry, dict)
        and entry.get("inputs") == digest
        and entry.get("site") == _site_listing(site_dir)
    )


def record(cache: Path, site_dir: Path, digest: str) -> None:
    """Record that `site_dir` was just built from inputs of `digest` (nothing, when the
    cache folder cannot be written: the next build then builds)."""
    records = _records(cache)
    records[str(site_dir.resolve())] = {"inputs": digest, "site": _site_listing(site_dir)}
    partial = cache / f".{RECORD}.{os.getpid()}.tmp"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(records), encoding="utf-8")
        partial.replace(cache / RECORD)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _records(cache: Path) -> dict[str, object]:
    try:
        found = json.loads((cache / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _site_listing(site_dir: Path) -> str:
    return hashlib.blake2b("\n".join(_listing(site_dir)).encode("utf-8", "surrogatepass"),
                           digest_size=20).hexdigest()  # fmt: skip


def _listing(folder: Path) -> list[str]:
    """Each file under `folder`: its path, size and modification time (none for no folder)."""
    found = []
    for top, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            path = os.path.join(top, name)
            with contextlib.suppress(OSError):
                info = os.lstat(path)
                found.append(f"{os.path.relpath(path, folder)}\0{info.st_size}\0{info.st_mtime_ns}")
    return found
