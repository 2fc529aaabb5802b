"""Writing a command's output where it was asked for: standard output or a file."""

from __future__ import annotations

from pathlib import Path

import click

from generator.errors import JourneysError
from generator.load.files import display_path
from generator.outputs import check_file, guarded


def emit(text: str, out: Path | None, catalog: Path) -> None:
    """Print `text`, or write it to `out`; a file that cannot be written, or that would be
    in the catalog `catalog` or `.git` (`outputs.check_file`), is one line, exit 2."""
    if out is None:
        click.echo(text, nl=False)
        return
    check_file(out, guarded(Path.cwd(), (catalog,)), "--out")
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as e:
        raise JourneysError(f"cannot write {display_path(out)}: {e.strerror}") from e
