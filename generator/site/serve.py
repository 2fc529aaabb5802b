"""`journeys serve`: MkDocs' live preview, rebuilding in place only what a change affects."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import mkdocs.commands.serve
import watchdog.events as events
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.livereload import LiveReloadServer
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

from generator.site.preview import CHANGES, check_address

log = logging.getLogger("mkdocs.plugins.journeys")

#: Messages that would only mislead or drown the rest: MkDocs warns on every dirty build
#: that the navigation may be wrong (the journeys plugin keeps it right), and lists every
#: page left out of the navigation (the catalog's pages are, by design).
_LEFT_OUT = ("A 'dirty' build is being performed", "The following pages exist in the docs")


class _Terminal(logging.StreamHandler):  # type: ignore[type-arg]
    """MkDocs' messages as `mkdocs serve` prints them, without the ones in `_LEFT_OUT`."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_LEFT_OUT)


class _ChangeObserver(Observer):  # type: ignore[misc,valid-type]
    """The system's own file watcher (inotify on Linux), told of changes only."""

    def schedule(self, handler: events.FileSystemEventHandler, path: str | os.PathLike[str],
                 **options: Any) -> ObservedWatch:  # fmt: skip
        return super().schedule(handler, path, **{**options, "event_filter": CHANGES})  # type: ignore[no-any-return]


class _Server(LiveReloadServer):
    """MkDocs' live-reload server, told of a change as it happens by the system's file
    watcher, where MkDocs finds it by looking at every watched file twice a second (a
    quarter of a second later on average, and work for the processor all the while). Where
    the system cannot watch a folder (too many watches, a file system without events) it
    looks, as MkDocs does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.observer = _ChangeObserver()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        try:
            super().watch(path, func, recursive=recursive)
        except OSError as e:
            if isinstance(self.observer, PollingObserver):
                raise
            log.warning(
                "journeys: cannot watch %s for changes (%s): looking for them instead", path, e
            )
            watched = {**self._watched_paths, os.path.abspath(path): 1}
            self.observer = PollingObserver(timeout=0.5)
            self._watched_paths, self._watch_refs = {}, {}
            for each, count in watched.items():
                for _ in range(count):
                    super().watch(each, func, recursive=recursive)


def serve(config_file: Path, dev_addr: str) -> None:
    """Serve the site of `config_file` at `dev_addr`, rebuilding it when a watched file
    changes: the first build is a full one, each later one a dirty build in which the
    journeys plugin has MkDocs build only the generated files that changed."""
    check_address(dev_addr)  # before the first build, not a minute later
    logger, terminal = logging.getLogger("mkdocs"), _Terminal()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(terminal)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    mkdocs.commands.serve.LiveReloadServer = _Server  # type: ignore[attr-defined]
    try:
        mkdocs_serve(
            config_file=str(config_file), livereload=True, build_type="dirty", dev_addr=dev_addr
        )
    finally:
        mkdocs.commands.serve.LiveReloadServer = LiveReloadServer  # type: ignore[attr-defined]
        logger.removeHandler(terminal)
        logger.setLevel(level)
        logger.propagate = propagate
