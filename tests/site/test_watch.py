"""`journeys serve` learns of a change from the system's file watcher, and of changes only."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from watchdog.observers.polling import PollingObserver

from generator.site.serve import _ChangeObserver, _Server


def server() -> _Server:
    return _Server(builder=lambda: None, host="127.0.0.1", port=0, root=".")


def wants_rebuild(watching: _Server, within: float = 3.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if watching._want_rebuild:
            return True
        time.sleep(0.02)
    return False


def test_reading_a_watched_file_starts_no_rebuild_and_changing_it_does(tmp_path: Path) -> None:
    journey = tmp_path / "journey.yaml"
    journey.write_text("id: a\n", encoding="utf-8")
    watching = server()
    assert isinstance(watching.observer, _ChangeObserver)
    watching.watch(str(tmp_path))
    watching.observer.start()
    try:
        assert journey.read_text(encoding="utf-8") == "id: a\n"  # what a build does
        assert not wants_rebuild(watching, within=0.5)
        journey.write_text("id: b\n", encoding="utf-8")
        assert wants_rebuild(watching)
    finally:
        watching.observer.stop()
        watching.observer.join()


class _Refusing(_ChangeObserver):
    """The system's watcher when it can watch no more folders (inotify's limit)."""

    def schedule(self, *args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "inotify watch limit reached")


def test_where_the_system_cannot_watch_changes_are_looked_for(tmp_path: Path) -> None:
    docs, catalog = tmp_path / "docs", tmp_path / "journeys"
    docs.mkdir()
    catalog.mkdir()
    watching = server()
    watching.watch(str(docs))
    watching.observer = _Refusing()
    watching.watch(str(catalog))
    assert isinstance(watching.observer, PollingObserver)
    assert sorted(watching._watched_paths) == [str(docs), str(catalog)]
    watching.observer.start()
    try:
        (catalog / "journey.yaml").write_text("id: a\n", encoding="utf-8")
        assert wants_rebuild(watching)
        watching._want_rebuild = False
        (docs / "index.md").write_text("# Hello\n", encoding="utf-8")
        assert wants_rebuild(watching)
    finally:
        watching.observer.stop()
        watching.observer.join()
