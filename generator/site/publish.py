"""What both engines' builds share: the check of the site folder, the swap that publishes
a finished build, and what a build reports. Nothing here imports an engine."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.errors import JourneysError
from generator.ledger.page_store import Stats as PageStats
from generator.outputs import check_folder, looks_built
from generator.render.diagrams.engine import Stats
from generator.site.content import project_guard


class BuildFailed(JourneysError):
    """The engine failed or warned: nothing was replaced (exit code 1)."""

    exit_code = 1


@dataclass(frozen=True)
class Report:
    """Where the time of a build went, besides the engine itself."""

    generating: float
    diagrams: Stats
    pages: PageStats | None = None
    """Page groups taken from the page cache and made, when the build kept pages."""


def check_site_dir(config_file: Path, site_dir: Path, catalogs: tuple[Path, ...] = ()) -> Path:
    """The real path of `site_dir` when a build may replace it: missing, empty, or a site
    this tool built (`outputs.check_folder`); otherwise InvalidArgument, exit 2."""
    keep = project_guard(config_file, catalogs)
    return check_folder(site_dir, keep, "--site-dir", made=looks_built)


def swap(staging: Path, site_dir: Path) -> None:
    """Put the folder `staging` where `site_dir` is, then remove the one it replaces."""
    old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
