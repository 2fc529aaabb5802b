"""`journeys serve` learns of a change from the system's file watcher, and of changes only."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.site.plugin import JourneysPlugin
from generator.site.serve import ChangeObserver, watch_changes


class Heard(FileSystemEventHandler):
    """What a server hears: whether a file changed since it last asked."""

    def __init__(self) -> None:
        self.changed = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self.changed.set()

    def since(self, within: float = 3.0) -> bool:
        heard = self.changed.wait(within)
        self.changed.clear()
        return heard


def test_reading_a_watched_file_is_not_a_change_and_writing_it_is(tmp_path: Path) -> None:
    journey = tmp_path / "journey.yaml"
    journey.write_text("id: a\n", encoding="utf-8")
    watching, heard = ChangeObserver(), Heard()
    watching.schedule(heard, str(tmp_path), recursive=True)
    watching.start()
    try:
        assert not watching.polling
        assert journey.read_text(encoding="utf-8") == "id: a\n"  # what a build does
        assert not heard.since(within=0.5)
        journey.write_text("id: b\n", encoding="utf-8")
        assert heard.since()
    finally:
        watching.stop()
        watching.join()


class _Refusing(Observer):  # type: ignore[misc,valid-type]
    """The system's watcher when it can watch no more folders (inotify's limit)."""

    def __init__(self, refuse: str) -> None:
        super().__init__()
        self.refuse = refuse

    def schedule(self, *args: Any, **kwargs: Any) -> Any:
        if self.refuse == "schedule":
            raise OSError(28, "inotify watch limit reached")
        return super().schedule(*args, **kwargs)

    def start(self) -> None:
        if self.refuse == "start":
            raise OSError(28, "inotify watch limit reached")
        super().start()


def test_where_the_system_cannot_watch_changes_are_looked_for(tmp_path: Path) -> None:
    docs, catalog = tmp_path / "docs", tmp_path / "journeys"
    docs.mkdir()
    catalog.mkdir()
    for refuse in ("schedule", "start"):
        watching, heard = ChangeObserver(lambda: _Refusing(refuse), interval=0.1), Heard()  # noqa: B023
        watching.schedule(heard, str(docs), recursive=True)
        watching.schedule(heard, str(catalog), recursive=True)
        watching.start()
        try:
            assert watching.polling, refuse
            assert watching.watched() == [str(docs), str(catalog)]
            (catalog / f"{refuse}.yaml").write_text("id: a\n", encoding="utf-8")
            assert heard.since(), refuse
            (docs / f"{refuse}.md").write_text("# Hello\n", encoding="utf-8")
            assert heard.since(), refuse
        finally:
            watching.stop()
            watching.join()


def test_the_server_keeps_what_it_watched_with_its_new_watcher(tmp_path: Path) -> None:
    docs, config, catalog = tmp_path / "docs", tmp_path / "mkdocs.yml", tmp_path / "journeys"
    docs.mkdir()
    catalog.mkdir()
    config.write_text("site_name: x\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(docs))
    server.watch(str(config))
    watch_changes(server, [str(docs), str(config), str(tmp_path / "theme")])
    server.watch(str(catalog))  # what the plugin's `config.watch` adds after `on_serve`
    assert isinstance(server.observer, ChangeObserver)
    assert server.observer.watched() == [str(docs), str(config), str(catalog)]
    server.unwatch(str(catalog))
    assert server.observer.watched() == [str(docs), str(config)]


def test_the_plugin_gives_mkdocs_server_the_change_observer(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(config.docs_dir)  # as MkDocs' serve does before `on_serve`
    server.watch(str(config.config_file_path))
    plugin = JourneysPlugin()
    plugin.load_config({})
    assert plugin.on_serve(server, config=config, builder=lambda: None) is server
    assert isinstance(server.observer, ChangeObserver)
    assert server.observer.watched() == [config.docs_dir, config.config_file_path]
