"""Reporters turn a validation result into text for people, JSON for tools, or CI annotations."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import click

from generator.diagnostics import Diagnostic, Result, Severity, plural, printable

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def text_line(d: Diagnostic, colour: bool = False) -> str:
    """One diagnostic as a compiler-style line: `file:line:column: severity [code] message`."""
    severity = str(d.severity)
    if colour:
        severity = click.style(severity, fg=_COLOURS[d.severity], bold=True)
    return f"{printable(d.file)}:{d.line}:{d.column}: {severity} [{d.code}] {d.message}"


def render_text(result: Result, colour: bool = False) -> str:
    """Compiler-style lines, one per diagnostic, coloured when `colour`."""
    return "".join(text_line(d, colour) + "\n" for d in result)


def render_json(result: Result, colour: bool = False) -> str:
    """One JSON object: the diagnostics and a summary (docs/format.md §7)."""
    document = {
        "diagnostics": [
            {
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "severity": str(d.severity),
                "code": d.code,
                "message": d.message,
            }
            for d in result
        ],
        "summary": {"errors": result.errors, "warnings": result.warnings, "files": result.files},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: Result, colour: bool = False) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic on the pull request."""
    lines = []
    for d in result:
        properties = ",".join(
            [
                f"file={_escape_property(printable(d.file))}",
                f"line={d.line}",
                f"col={d.column}",
                f"title={_escape_property(f'journeys [{d.code}]')}",
            ]
        )
        lines.append(f"::{d.severity} {properties}::{_escape_data(d.message)}\n")
    return "".join(lines)


_CODE_QUALITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def render_gitlab(result: Result, colour: bool = False) -> str:
    """A GitLab Code Quality report: merge requests show each finding on its line.

    The fingerprint leaves out the line, so a finding that only moves is not new."""
    issues = [
        {
            "description": f"[{d.code}] {d.message}",
            "check_name": d.code,
            "fingerprint": hashlib.sha256(f"{d.file}\0{d.code}\0{d.message}".encode()).hexdigest(),
            "severity": _CODE_QUALITY[d.severity],
            "location": {"path": d.file, "lines": {"begin": d.line}},
        }
        for d in result
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


#: Reporter name -> function rendering a result as the text to print.
REPORTERS: dict[str, Callable[[Result, bool], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "gitlab": render_gitlab,
}


def summary(result: Result) -> str:
    """One line: how many errors and warnings in how many files."""
    return (
        f"{plural(result.errors, 'error')}, {plural(result.warnings, 'warning')} "
        f"in {plural(result.files, 'file')}"
    )
