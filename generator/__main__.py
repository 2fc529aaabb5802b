"""`python -m generator` runs the `journeys` command."""

from generator.cli import run

run()
