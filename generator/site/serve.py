"""`journeys serve`: MkDocs' live preview, rebuilding in place only what a change affects."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

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


def serve(config_file: Path, dev_addr: str) -> None:
    """Serve the site of `config_file` at `dev_addr`, rebuilding it when a watched file
    changes: the first build is a full one, each later one a dirty build in which the
    journeys plugin has MkDocs build only the generated files that changed."""
    logger, terminal = logging.getLogger("mkdocs"), _Terminal()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(terminal)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        mkdocs_serve(
            config_file=str(config_file), livereload=True, build_type="dirty", dev_addr=dev_addr
        )
    finally:
        logger.removeHandler(terminal)
        logger.setLevel(level)
        logger.propagate = propagate
