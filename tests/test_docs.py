"""The docs say what the code does: every diagnostic code is documented with its severity."""

from __future__ import annotations

import re
from pathlib import Path

import click

from generator.cli import cli
from generator.validate import all_codes

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    block = README.split("```")[1]
    assert "python3 dev.py site" in block
    assert "python3 dev.py test" in block


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text()
    assert [line for line in ci.splitlines() if "dev.py" in line] == ["python3 dev.py test"]


def test_readme_documents_every_code_with_its_severity() -> None:
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \| (yes|no) \|", README, re.M)
    documented = {code: (severity, configurable) for code, severity, configurable in rows}
    actual = {
        code: (str(info.severity), "yes" if info.configurable else "no")
        for code, info in all_codes().items()
    }
    assert documented == actual


def test_readme_documents_every_command() -> None:
    commands = []
    for name, command in cli.commands.items():
        commands.append(f"journeys {name}")
        if isinstance(command, click.Group):
            commands.extend(f"journeys {name} {sub}" for sub in command.commands)
    assert "journeys new listening-source" in commands
    assert [c for c in commands if f"`{c}" not in README and f"{c} " not in README] == []
