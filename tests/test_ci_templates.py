"""The CI templates: the GitHub workflow, the GitLab example in the README and the
pre-commit hook are valid YAML, call real `journeys` commands with real options, and the
workflow's diff steps work when run as the workflow runs them."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import click
import pytest

from generator.cli import cli
from generator.load.strict_yaml import load_yaml
from tests.cli.test_diff import GIT_ENV, base_catalog, commit, git, pull_request
from tests.support import dump, journey

REPO = Path(__file__).parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "catalog.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent


def read_yaml(path: Path) -> Any:
    document, problems = load_yaml(path.read_bytes(), str(path))
    assert not problems, problems
    assert document is not None
    return document.data


def gitlab_example() -> Any:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### GitLab CI", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block, "the README shows a .gitlab-ci.yml"
    document, problems = load_yaml(block.group(1).encode(), "README.md")
    assert not problems and document is not None
    return document.data


def steps() -> list[dict[str, Any]]:
    return [step for job in read_yaml(WORKFLOW)["jobs"].values() for step in job["steps"]]


def journeys_calls(script: str) -> list[list[str]]:
    """The `journeys` command lines in a shell script, split as the shell would."""
    calls = []
    for line in script.replace("\\\n", " ").splitlines():
        words = shlex.split(line.split(" > ")[0].split(" || ")[0].split(" >> ")[0])
        if words[:1] == ["-"]:
            words = words[1:]
        if words[:1] == ["journeys"]:
            calls.append(words[1:])
    return calls


def check_call(args: list[str]) -> None:
    """Parse a command line as `journeys` would: unknown commands, options or choices fail."""
    name, *rest = args
    with click.Context(cli, info_name="journeys") as ctx:
        command = cli.get_command(ctx, name)
        assert command is not None, f"journeys has no command {name!r}"
        command.make_context(name, rest, parent=ctx)


def all_calls() -> list[list[str]]:
    calls = [c for step in steps() if "run" in step for c in journeys_calls(step["run"])]
    for job in gitlab_example().values():
        for line in job.get("script", []) if isinstance(job, dict) else []:
            calls += journeys_calls(line)
    return calls


def test_the_templates_call_real_commands_with_real_options() -> None:
    calls = all_calls()
    assert {c[0] for c in calls} == {"validate", "diff", "build"}
    for args in calls:
        check_call(args)
    with pytest.raises(click.UsageError):
        check_call(["validate", "--format", "gitlab-ci"])  # the check can fail


def test_the_workflow_covers_the_pull_request_loop() -> None:
    workflow = read_yaml(WORKFLOW)
    assert set(workflow["on"]) >= {"pull_request", "push"}
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    runs = {name: " ".join(s.get("run", "") for s in job["steps"]) for name, job in jobs.items()}
    assert "journeys validate --format github" in runs["validate"]
    assert "journeys diff" in runs["diff"] and "GITHUB_STEP_SUMMARY" in runs["diff"]
    assert "gh pr comment" in runs["diff"]
    assert jobs["diff"]["permissions"]["pull-requests"] == "write"
    assert "journeys build" in runs["site"]
    uses = [s.get("uses", "") for s in jobs["publish"]["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert jobs["publish"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "refs/heads/main" in jobs["publish"]["if"]


def test_the_site_builds_keep_their_cache_between_runs() -> None:
    """Parsed files, diagrams and pages of the last build are restored before the next
    build and validation, from the folder the plugin keeps them in."""
    cache_dir = ".cache/journeys"  # the plugin's default, which mkdocs.yml keeps
    assert "cache_dir" not in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    site = read_yaml(WORKFLOW)["jobs"]["site"]["steps"]
    cached = next(i for i, s in enumerate(site) if s.get("uses", "").startswith("actions/cache@"))
    built = next(i for i, s in enumerate(site) if "journeys build" in s.get("run", ""))
    assert cached < built
    assert site[cached]["with"]["path"] == cache_dir
    assert site[cached]["with"]["key"].endswith("${{ github.sha }}")
    # Validation reads the same store of parsed files, and leaves saving it to the build.
    checks = read_yaml(WORKFLOW)["jobs"]["validate"]["steps"]
    restored = next(i for i, s in enumerate(checks) if "cache" in s.get("uses", ""))
    validated = next(i for i, s in enumerate(checks) if "journeys validate" in s.get("run", ""))
    assert restored < validated
    assert checks[restored]["uses"].startswith("actions/cache/restore@")
    assert checks[restored]["with"] == site[cached]["with"]
    assert gitlab_example()["pages"]["cache"]["paths"] == [cache_dir]


def test_no_workflow_expression_reaches_a_shell() -> None:
    for step in steps():
        assert "${{" not in step.get("run", ""), step


def test_the_diff_steps_run_as_in_a_pull_request_checkout(tmp_path: Path) -> None:
    """GitHub checks out the pull request merged into its base: the summary is what the
    merge changes, not what the base gained since the pull request began."""
    origin = tmp_path / "origin"
    origin.mkdir()
    base_catalog(origin)
    git(origin, "checkout", "-q", "-b", "pull-request")
    pull_request(origin)
    commit(origin, "change")
    git(origin, "checkout", "-q", "main")
    dump(origin / "journeys/retail/close-later.yaml", journey("close-later", title="Later"))
    commit(origin, "the base moves on")
    git(origin, "checkout", "-q", "-b", "merge")
    git(origin, "merge", "-q", "--no-ff", "-m", "merge", "pull-request")
    checkout = tmp_path / "checkout"
    diff_steps = read_yaml(WORKFLOW)["jobs"]["diff"]["steps"]
    step = next(s for s in diff_steps if s.get("uses", "").startswith("actions/checkout@"))
    depth = str(step["with"]["fetch-depth"])
    assert step["with"]["persist-credentials"] is False
    git(tmp_path, "clone", "-q", "--depth", depth, "--branch", "merge", f"file://{origin}",
        str(checkout))  # fmt: skip
    summary = tmp_path / "summary.md"
    env = {**GIT_ENV, "PATH": f"{BIN}:{GIT_ENV['PATH']}", "GITHUB_STEP_SUMMARY": str(summary)}
    by_name = {s.get("name"): s for s in diff_steps}
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", by_name["Summarize the change"]["run"]],
                          cwd=checkout, env=env, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Journey catalog changes\n\n`HEAD^1` (")
    assert "1 journey added, 1 journey renamed, 1 journey changed" in text
    assert "**owner: Retail (`retail`) → Digital (`digital`)**" in text
    assert "close-later" not in text


def test_zizmor_finds_nothing_in_the_workflow() -> None:
    """The workflow organizations copy: actions pinned by commit, no credentials left in
    the checkout, no expression in a shell, permissions explained."""
    done = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--persona", "pedantic", str(WORKFLOW), str(HOOKS)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_every_action_is_pinned_to_a_commit_with_its_version_named() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert len(uses) == 10
    for action, comment in uses:
        assert re.fullmatch(r"[\w-]+/[\w/-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (action, comment)


def test_validate_as_the_workflow_runs_it_annotates_findings(tmp_path: Path) -> None:
    (validate,) = [s["run"] for s in steps() if "--format github" in s.get("run", "")]
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    clean = subprocess.run(["bash", "-c", validate], cwd=REPO, env=env, capture_output=True,
                           text=True)  # fmt: skip
    assert (clean.returncode, clean.stdout) == (0, "")
    base_catalog(tmp_path)
    pull_request(tmp_path)  # names a silo it removes
    broken = subprocess.run(["bash", "-c", validate], cwd=tmp_path, env=env,
                            capture_output=True, text=True)  # fmt: skip
    assert broken.returncode == 1
    assert re.fullmatch(
        r"::warning file=journeys/registry/channels\.yaml,line=5,col=7,"
        r"title=journeys \[unused-entry\]::channel 'phone' is never used[^\n]*\n"
        r"::error file=journeys/retail/open-account\.yaml,line=\d+,col=7,"
        r"title=journeys \[unknown-ref\]::unknown silo 'branch'[^\n]*\n",
        broken.stdout,
    ), broken.stdout


def test_the_pre_commit_hook_validates_the_catalog() -> None:
    (hook,) = read_yaml(HOOKS)
    assert hook["id"] == "journeys-validate"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    command, *args = shlex.split(hook["entry"])
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert command in scripts, "pre-commit installs this package and runs its script"
    check_call(args)
    files = re.compile(hook["files"])
    catalog = [p.relative_to(REPO).as_posix() for p in (REPO / "journeys").rglob("*.*")]
    assert catalog and all(files.search(p) for p in catalog)
    assert not any(files.search(p) for p in ("README.md", "schema/journey.schema.json"))
    done = subprocess.run([str(BIN / command), *args], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
