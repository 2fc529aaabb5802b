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


FORMAT = (Path(__file__).parents[1] / "docs" / "format.md").read_text(encoding="utf-8")


def test_the_format_documents_every_command() -> None:
    commands = [f"journeys {name}" for name in cli.commands]
    assert [c for c in commands if f"`{c}" not in FORMAT] == []
    assert "`journeys export --format mermaid JOURNEY`" in FORMAT


def test_every_citation_of_the_format_names_one_of_its_sections() -> None:
    sections = set(re.findall(r"^## (\d+)\. ", FORMAT, re.M))
    root = Path(__file__).parents[1]
    files = [*root.glob("generator/**/*.py"), *root.glob("tests/**/*.py"), root / "ARCHITECTURE.md"]
    cited = {
        (path.relative_to(root).as_posix(), number)
        for path in files
        for found in re.findall(
            r"docs/format\.md[^§\n]*((?:§\d+(?:-§\d+)?,? ?)+)", path.read_text()
        )
        for number in re.findall(r"\d+", found)
    }
    assert len({path for path, _ in cited}) >= 9
    assert [c for c in cited if c[1] not in sections] == []
