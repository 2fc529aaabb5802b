"""`journeys build`: build the site with MkDocs, strictly, into a temporary folder, then swap."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.outputs import mark
from generator.site.plugin import JourneysPlugin
from generator.site.publish import BuildFailed, Report, check_site_dir, swap

#: Called with (pages read, pages built so far) as MkDocs works.
Progress = Callable[[str], None]


class _Watcher(logging.Handler):
    """Counts MkDocs' warnings (strict mode's exit code cannot be trusted) and reports progress."""

    def __init__(self, progress: Progress | None) -> None:
        super().__init__(logging.DEBUG)
        self.warnings: list[str] = []
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.warnings.append(record.getMessage())
        elif self.progress and record.getMessage().startswith("Building page "):
            self.progress(record.getMessage().removeprefix("Building page "))


@contextmanager
def _watching(progress: Progress | None) -> Iterator[_Watcher]:
    logger = logging.getLogger("mkdocs")
    watcher = _Watcher(progress)
    level = logger.level
    logger.addHandler(watcher)
    if progress:
        logger.setLevel(logging.DEBUG)
    try:
        yield watcher
    finally:
        logger.removeHandler(watcher)
        logger.setLevel(level)


def build_site_dir(
    config_file: Path,
    site_dir: Path,
    progress: Progress | None = None,
    catalog: Path | None = None,
) -> Report | None:
    """Build into a sibling temporary folder; replace `site_dir` only when the build is clean
    and `site_dir` may be replaced (`check_site_dir`). With `catalog`, the journeys plugin
    builds that catalog instead of the one `config_file` names.

    A failed build, or one with any MkDocs warning, leaves the previous site untouched and
    raises BuildFailed naming the warnings. Returns where the journeys plugin spent its time, if it ran.
    """
    site_dir = check_site_dir(config_file, site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    try:
        with _watching(progress) as watcher:
            try:
                config = load_config(
                    config_file=str(config_file), site_dir=str(staging), strict=True
                )
                if catalog is not None and isinstance(
                    config.plugins.get("journeys"), JourneysPlugin
                ):
                    config.plugins["journeys"].config.catalog = str(catalog.resolve())
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    build(config)
                finally:
                    config.plugins.on_shutdown()
                plugin = config.plugins.get("journeys")
            except MkDocsException as e:
                raise BuildFailed(f"the site build failed: {e}{_listed(watcher)}") from e
        if watcher.warnings:
            raise BuildFailed(
                f"the site build reported warnings, so it was not published:{_listed(watcher)}"
            )
        mark(staging)
        swap(staging, site_dir)
        if not isinstance(plugin, JourneysPlugin) or plugin.diagrams is None:
            return None
        store = plugin.page_store
        return Report(plugin.generating, plugin.diagrams.stats, store.stats if store else None)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _listed(watcher: _Watcher) -> str:
    return "".join(f"\n  {w}" for w in watcher.warnings)
