"""Writing a command's output where it was asked for: standard output or a file."""

from __future__ import annotations

from pathlib import Path

import click

from generator.errors import JourneysError
from generator.load.files import display_path


def emit(text: str, out: Path | None) -> None:
    """Print `text`, or write it to `out`; a file that cannot be written is one line, exit 2."""
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as e:
        raise JourneysError(f"cannot write {display_path(out)}: {e.strerror}") from e
