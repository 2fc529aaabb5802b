"""The `journeys` command: parse options, call the library, pick a reporter, return a code."""

from __future__ import annotations

import sys

import click

from generator import __version__
from generator.cli.diff import diff_command
from generator.cli.export import export_command
from generator.cli.imports import import_group
from generator.cli.new import new_group
from generator.cli.site import build_command, generate_command, serve_command
from generator.cli.validate import rules_command, validate_command
from generator.errors import JourneysError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="journeys")
def cli() -> None:
    """Journey Catalog: customer journeys as version-controlled YAML.

    Exit codes: 0 success (warnings allowed unless --strict), 1 the catalog has
    errors, 2 usage error or the command could not run.
    """


cli.add_command(validate_command)
cli.add_command(rules_command)
cli.add_command(build_command)
cli.add_command(serve_command)
cli.add_command(generate_command)
cli.add_command(export_command)
cli.add_command(diff_command)
cli.add_command(new_group)
cli.add_command(import_group)


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code, never a traceback."""
    try:
        code = cli.main(args=argv, prog_name="journeys", standalone_mode=False)
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.ClickException as e:
        e.show()
        return e.exit_code
    except click.exceptions.Abort:
        click.echo("journeys: aborted", err=True)
        return 2
    except JourneysError as e:
        click.echo(f"journeys: {e}", err=True)
        return e.exit_code
    except Exception as e:  # a bug: say so plainly instead of a traceback
        click.echo(
            f"journeys: internal error ({type(e).__name__}: {e}); this is a bug, please "
            "report it with the command and the file that caused it",
            err=True,
        )
        return 2
    return code if isinstance(code, int) else 0


def run() -> None:
    """Entry point of the `journeys` console script."""
    sys.exit(main())
