"""`journeys serve`: MkDocs' live preview, rebuilding in place only what a change affects."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import watchdog.events as events
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.livereload import LiveReloadServer
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from generator.site import mkdocs_internals
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


class ChangeObserver:
    """A file watcher for MkDocs' live-reload server, told of a change as it happens by the
    system's file watcher (inotify on Linux), and of changes only, not reads; MkDocs'
    own looks at every watched file twice a second (a change is seen a quarter of a second
    later on average, and the processor works all the while). Where the system cannot
    watch (too many watches, a file system without events) it looks, as MkDocs does.

    It has the methods of a watchdog observer that the server calls: `schedule`,
    `unschedule`, `start`, `stop`, `join`, `is_alive`.
    """

    def __init__(self, system: Callable[[], BaseObserver] = Observer, interval: float = 0.5):
        self.interval = interval
        self.observer: BaseObserver = system()
        self._scheduled: list[tuple[events.FileSystemEventHandler, str, bool, ObservedWatch]] = []

    @property
    def polling(self) -> bool:
        return isinstance(self.observer, PollingObserver)

    def watched(self) -> list[str]:
        """The paths watched, in the order they were first scheduled."""
        return list(dict.fromkeys(os.path.abspath(p) for _, p, _, _ in self._scheduled))

    def schedule(
        self, handler: events.FileSystemEventHandler, path: str, *, recursive: bool = False
    ) -> ObservedWatch:
        try:
            watch = self.observer.schedule(handler, path, recursive=recursive, event_filter=CHANGES)
        except OSError as e:
            self._poll(path, e)
            watch = self.observer.schedule(handler, path, recursive=recursive, event_filter=CHANGES)
        self._scheduled.append((handler, path, recursive, watch))
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        self._scheduled = [s for s in self._scheduled if s[3] != watch]
        self.observer.unschedule(watch)

    def start(self) -> None:
        try:
            self.observer.start()
        except OSError as e:
            self._poll(", ".join(self.watched()), e)
            self.observer.start()

    def stop(self) -> None:
        self.observer.stop()

    def join(self, timeout: float | None = None) -> None:
        if self.observer.is_alive():
            self.observer.join(timeout)

    def is_alive(self) -> bool:
        return self.observer.is_alive()

    def _poll(self, where: str, error: OSError) -> None:
        """Look for changes from now on, as MkDocs does, everywhere watched."""
        if self.polling:
            raise error
        log.warning("journeys: cannot watch %s for changes (%s): looking for them instead",
                    where, error)  # fmt: skip
        system, alive = self.observer, self.observer.is_alive()
        system.stop()
        self.observer = PollingObserver(timeout=self.interval)
        for handler, path, recursive, _ in self._scheduled:
            self.observer.schedule(handler, path, recursive=recursive, event_filter=CHANGES)
        if alive:
            self.observer.start()


def watch_changes(server: LiveReloadServer, paths: Iterable[str | None]) -> None:
    """Give `server` a `ChangeObserver`, before it starts (the plugin's `on_serve`): each of
    `paths` that it watches already (MkDocs watches the docs folder, mkdocs.yml and, with
    `--watch-theme`, the theme's folders) is watched by it instead. Only public parts of the
    server are used: `unwatch` (which raises for a path not watched), `observer`, `watch`."""
    moved: list[str] = []
    for path in dict.fromkeys(p for p in paths if p):
        while True:
            try:
                server.unwatch(path)
            except KeyError:
                break
            moved.append(path)
    # The server calls only the methods ChangeObserver has.
    server.observer = ChangeObserver()  # type: ignore[assignment]
    for path in moved:
        server.watch(path)


def serve(config_file: Path, dev_addr: str) -> None:
    """Serve the site of `config_file` at `dev_addr`, rebuilding it when a watched file
    changes: the first build is a full one, each later one a dirty build in which the
    journeys plugin has MkDocs build only the generated files that changed (a full one
    where `mkdocs_internals` is not usable)."""
    check_address(dev_addr)  # before the first build, not a minute later
    logger, terminal = logging.getLogger("mkdocs"), _Terminal()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(terminal)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    build_type = "dirty" if mkdocs_internals.usable() else None
    try:
        mkdocs_serve(
            config_file=str(config_file), livereload=True, build_type=build_type, dev_addr=dev_addr
        )
    finally:
        logger.removeHandler(terminal)
        logger.setLevel(level)
        logger.propagate = propagate
