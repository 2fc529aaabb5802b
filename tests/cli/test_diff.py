"""Acceptance: `journeys diff` summarizes a pull request's change to the catalog, between
revisions of real git repositories made here."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.support import REGISTRIES, dump, journey, registries, write_catalog

from .test_validate_cli import REPO, run

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "PATH": "/usr/bin:/bin",
}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def with_branch_silo() -> dict[str, dict[str, Any]]:
    silos = copy.deepcopy(REGISTRIES["silos"])
    silos["silos"].append({"id": "branch", "name": "Branch Network"})
    return registries(silos=silos)


def base_catalog(repo: Path) -> str:
    """A first commit: two journeys; the branch network supports comparing accounts."""
    git(repo, "init", "-q", "-b", "main")
    first = journey()
    first["stages"][0]["touchpoints"][0]["supporting"] = ["branch"]
    close = journey("close-account", title="Close an account", opportunities=[])
    for stage in close["stages"]:
        for touchpoint in stage["touchpoints"]:
            touchpoint["id"] = f"close-{touchpoint['id']}"
            touchpoint.pop("pain_points", None)
    write_catalog(repo, [first, close], registries=with_branch_silo())
    return commit(repo, "base")


def pull_request(repo: Path) -> None:
    """The change under review, in the working tree: every kind of change at once."""
    folder = repo / "journeys"
    data = journey()
    data["stages"][0]["touchpoints"][0]["supporting"] = ["branch"]  # still uses the silo
    data["stages"][0]["metrics"][0]["actual"] = 4.6  # now meets 4.5
    compare = data["stages"][0]["touchpoints"][0]
    compare["pain_points"][0]["severity"] = "critical"
    compare["name"] = "Compares accounts | fees <script>alert(1)</script> @team"
    apply = data["stages"][1]["touchpoints"][0]
    apply["owner"] = "digital"
    apply["pain_points"] = [
        {"id": "slow-id-check", "title": "ID check takes days", "category": "promise-gap",
         "severity": "medium", "sources": ["call-center"]},
    ]  # fmt: skip
    data["stages"][2]["touchpoints"] = [
        {"id": "chat", "name": "Chats with us", "channel": "web", "owner": "retail",
         "data_sources": ["cms"]},
    ]  # fmt: skip
    dump(folder / "retail" / "open-account.yaml", data)
    old = folder / "retail" / "close-account.yaml"
    renamed = old.read_text(encoding="utf-8").replace("id: close-account", "id: close-an-account")
    old.unlink()
    (folder / "retail" / "close-an-account.yaml").write_text(renamed, encoding="utf-8")
    dump(folder / "retail" / "move-house.yaml", journey("move-house", title="Move house"))
    regs = registries()  # the branch silo is removed
    regs["channels"] = {"channels": [*REGISTRIES["channels"]["channels"],
                                     {"id": "phone", "name": "Phone", "kind": "assisted"}]}  # fmt: skip
    for name, content in regs.items():
        dump(folder / "registry" / f"{name}.yaml", content)


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_markdown_summary_of_a_pull_request_against_the_working_tree(tmp_path: Path) -> None:
    base = base_catalog(tmp_path)
    pull_request(tmp_path)
    done = run("diff", "main", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith(
        f"## Journey catalog changes\n\n`main` ({base[:7]}) → the working tree: "
        "**1 journey added, 1 journey renamed, 1 journey changed, "
        "2 registry entries added, removed or changed**.\n"
    )
    # the working tree names a silo that is gone: the summary says so, as stderr does
    assert "> [!CAUTION]\n> The working tree has 1 error (journeys validate lists them)" in out
    assert "journeys diff: the working tree has 1 error" in done.stderr
    assert "**Accountability moves:** 1 owner change" in out
    assert "**Removed but still used:** silo `branch` is still named once" in out
    assert "- **Move house** (`move-house`), owner Retail (`retail`): 3 stages, 3 touchpoints, " \
        "1 pain point — `journeys/retail/move-house.yaml`" in out  # fmt: skip
    used = line_of(tmp_path / "journeys/retail/open-account.yaml", "- branch")
    assert (
        "| silo | Branch Network (`branch`) | removed — **still used** at "
        f"`journeys/retail/open-account.yaml:{used}` |" in out
    )
    assert "| channel | Phone (`phone`) | added |" in out
    assert "### Renamed: `close-account` → `close-an-account` — Close an account\n" in out
    assert "`journeys/retail/close-account.yaml` → `journeys/retail/close-an-account.yaml`" in out
    assert "### Open an account (`open-account`)\n" in out
    assert (
        "| Applies (`apply`) | `join` | **owner: Retail (`retail`) → Digital (`digital`)** |" in out
    )
    assert "| Chats with us (`chat`) | `get-help` | added, owner Retail (`retail`) |" in out
    assert "| Calls us (`call`) | `get-help` | removed |" in out
    assert "| Fee shown late (`hidden-fee`) | high → **critical** | severity |" in out
    assert "| ID check takes days (`slow-id-check`) | medium | opened |" in out
    assert "| stage `discover` | `csat` | 4.1 | 4.6 | 4.5 | now meets target |" in out
    # catalog text cannot break the tables, run script or mention anyone
    assert "<script>" not in out and "@team" not in out
    row = next(line for line in out.splitlines() if "(`compare`)" in line)
    assert row.count("|") == 4, row


def test_json_between_two_revisions(tmp_path: Path) -> None:
    base = base_catalog(tmp_path)
    pull_request(tmp_path)
    head = commit(tmp_path, "change")
    git(tmp_path, "checkout", "-q", base)  # the working tree plays no part
    done = run("diff", base, head, "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["base"], data["head"]) == (f"`{base[:7]}`", f"`{head[:7]}`")
    journeys = {j["id"]: j for j in data["journeys"]}
    assert {k: j["status"] for k, j in journeys.items()} == {
        "open-account": "changed",
        "close-an-account": "renamed",
        "move-house": "added",
    }
    assert journeys["close-an-account"]["renamed_from"] == "close-account"
    opened = journeys["open-account"]
    assert {t["id"]: (t["status"], t["owner_changed"]) for t in opened["touchpoints"]} == {
        "compare": ("changed", False),
        "apply": ("changed", True),
        "chat": ("added", False),
        "call": ("removed", False),
    }
    assert {p["id"]: p["status"] for p in opened["pain_points"]} == {
        "hidden-fee": "changed",
        "slow-id-check": "opened",
    }
    assert opened["metrics"] == [
        {"where": "stage", "id": "discover", "metric": "csat", "before": 4.1, "after": 4.6,
         "target_before": 4.5, "target_after": 4.5, "verdict": "now meets target"},
    ]  # fmt: skip
    removed = next(r for r in data["registries"] if r["status"] == "removed")
    assert (removed["registry"], removed["id"]) == ("silos", "branch")
    git(tmp_path, "checkout", "-q", head)
    used = line_of(tmp_path / "journeys/retail/open-account.yaml", "- branch")
    assert removed["still_used"] == [
        {"journey": "open-account", "file": "journeys/retail/open-account.yaml",
         "line": used, "column": 7},
    ]  # fmt: skip


def test_a_closed_pain_point_and_a_removed_journey(tmp_path: Path) -> None:
    base_catalog(tmp_path)
    data = journey(opportunities=[])
    data["stages"][0]["touchpoints"][0]["supporting"] = ["branch"]
    del data["stages"][0]["touchpoints"][0]["pain_points"]
    dump(tmp_path / "journeys/retail/open-account.yaml", data)
    (tmp_path / "journeys/retail/close-account.yaml").unlink()
    done = run("diff", "HEAD", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    journeys = {j["id"]: j for j in json.loads(done.stdout)["journeys"]}
    assert journeys["close-account"]["status"] == "removed"
    assert journeys["open-account"]["pain_points"][0] == {
        "id": "hidden-fee", "status": "closed", "changes": [],
    }  # fmt: skip
    assert journeys["open-account"]["opportunities"] == [
        {"id": "show-fee", "changes": [], "status": "removed"}
    ]


def test_a_journey_moved_to_another_folder(tmp_path: Path) -> None:
    base_catalog(tmp_path)
    (tmp_path / "journeys/closing").mkdir()
    (tmp_path / "journeys/retail/close-account.yaml").rename(
        tmp_path / "journeys/closing/close-account.yaml"
    )
    done = run("diff", "HEAD", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(
        "### Close an account (`close-account`)\n\n**Journey:** moved from "
        "`journeys/retail/close-account.yaml` to `journeys/closing/close-account.yaml`\n"
    )


def test_a_shallow_ci_checkout_works_once_both_revisions_are_fetched(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    origin.mkdir()
    base = base_catalog(origin)
    pull_request(origin)
    head = commit(origin, "change")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    missing = run("diff", base, head, cwd=clone)
    assert missing.returncode == 2
    assert missing.stderr == (
        f"journeys: revision '{base}' is not in this clone; in a shallow CI checkout fetch "
        f"it first (git fetch --depth=1 origin {base})\n"
    )
    git(clone, "fetch", "-q", "--depth", "1", "origin", base)
    done = run("diff", base, head, cwd=clone)
    assert done.returncode == 0, done.stderr
    assert "1 journey added, 1 journey renamed, 1 journey changed" in done.stdout


def test_a_first_catalog_is_all_added(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README.md").write_text("A repository before its catalog\n")
    base = commit(tmp_path, "empty")
    write_catalog(tmp_path)
    done = run("diff", base, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (
        f"`{base[:7]}` → the working tree: **1 journey added, 12 registry entries added, removed or changed**"
        in done.stdout
    )


def test_a_file_that_fails_to_load_is_not_a_journey_removed(tmp_path: Path) -> None:
    base_catalog(tmp_path)
    path = tmp_path / "journeys/retail/close-account.yaml"
    path.write_text(path.read_text().replace("state: current", "state: [current"))
    done = run("diff", "HEAD", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (
        "> The working tree has 1 error (journeys validate lists them); left out of this "
        "comparison as they failed to load: `close-account`.  \n" in done.stdout
    )
    assert "removed" not in done.stdout
    assert "no changes to the catalog" in done.stdout


def test_no_change_says_so(tmp_path: Path) -> None:
    base_catalog(tmp_path)
    done = run("diff", "HEAD", "--out", "summary.md", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    summary = (tmp_path / "summary.md").read_text()
    assert summary.endswith("→ the working tree: **no changes to the catalog**.\n")


def test_the_summary_is_never_written_into_the_catalog_or_git(tmp_path: Path) -> None:
    base_catalog(tmp_path)
    journey_file = tmp_path / "journeys" / "retail" / "open-account.yaml"
    before = journey_file.read_bytes()
    for target in ("journeys/retail/open-account.yaml", ".git/summary.md"):
        done = run("diff", "HEAD", "--out", target, cwd=tmp_path)
        assert done.returncode == 2
        assert done.stderr == (
            f"journeys: --out {target} is in the "
            f"{'catalog' if target.startswith('journeys') else 'git repository'}, where "
            "nothing is ever written but by hand: choose a file outside it\n"
        )
    assert journey_file.read_bytes() == before
    assert not (tmp_path / ".git" / "summary.md").exists()


def test_unusable_revisions_and_folders_are_clear_errors(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    outside = run("diff", "main", cwd=tmp_path)
    assert (outside.returncode, outside.stdout) == (2, "")
    assert outside.stderr == "journeys: journeys is not inside a git repository\n"
    (tmp_path / "repo").mkdir()
    base_catalog(tmp_path / "repo")
    for revision, message in [
        ("no-such-branch", "revision 'no-such-branch' is not in this clone"),
        ("--output=/tmp/x", "'--output=/tmp/x' is not a revision"),
    ]:
        done = run("diff", "--", revision, cwd=tmp_path / "repo")
        assert done.returncode == 2
        assert done.stderr.startswith(f"journeys: {message}"), done.stderr


def example_repository(repo: Path) -> None:
    """The example catalog, its measurements included, committed in a repository of its own."""
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(REPO / "journeys", repo / "journeys")
    commit(repo, "the example catalog")


def test_a_pull_request_on_the_example_catalog_names_only_what_it_changes(tmp_path: Path) -> None:
    example_repository(tmp_path)
    path = tmp_path / "journeys/cards/report-lost-card.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("severity: low") == 1
    path.write_text(text.replace("severity: low", "severity: medium"), encoding="utf-8")
    commit(tmp_path, "a pain point is worse than thought")
    done = run("diff", "HEAD~1", "HEAD", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "**1 journey changed**." in done.stdout
    assert done.stdout.count("\n### ") == 1, done.stdout
    assert done.stdout.endswith(
        "### Report a lost or stolen debit card (`report-lost-card`)\n\n**Pain points**\n\n"
        "| Pain point | Severity | Change |\n|---|---|---|\n"
        "| The freeze switch is three menus deep (`freeze-hard-to-find`) | low → **medium** "
        "| severity |\n"
    )
    data = run("diff", "HEAD~1", "HEAD", "--format", "json", cwd=tmp_path)
    assert data.returncode == 0, data.stderr
    journeys = json.loads(data.stdout)["journeys"]
    assert [(j["id"], j["stages"], j["metrics"]) for j in journeys] == [
        ("report-lost-card", [], []),
    ]


def test_a_corrected_measurement_is_shown_with_its_file_by_catalog_path(tmp_path: Path) -> None:
    example_repository(tmp_path)
    scores = tmp_path / "journeys/measurements/survey-scores-2025q4-2026q3.csv"
    text = scores.read_text(encoding="utf-8")
    row = "report-lost-card,use,,csat,2025-Q4,2.8\n"
    assert row in text
    scores.write_text(text.replace(row, row.replace("2.8", "2.6")), encoding="utf-8")
    commit(tmp_path, "a survey figure corrected")
    for form in ("markdown", "json"):
        done = run("diff", "HEAD~1", "HEAD", "--format", form, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        # where a revision was unpacked is no part of what it says
        assert "journeys-diff-" not in done.stdout and tempfile.gettempdir() not in done.stdout
        assert str(tmp_path) not in done.stdout
    markdown = run("diff", "HEAD~1", "HEAD", cwd=tmp_path).stdout
    assert "**1 journey changed**." in markdown
    assert "| stage `use` | `csat` | 2.8 | 2.8 | — | earlier values changed |" in markdown
    (changed,) = json.loads(done.stdout)["journeys"]
    assert changed["id"] == "report-lost-card"
    assert changed["metrics"][0]["verdict"] == "earlier values changed"
    (stage,) = changed["stages"]
    (metrics,) = [c for c in stage["changes"] if c["field"] == "metrics"]
    files = {p["measured_in"] for m in metrics["after"] for p in m["history"]}
    assert files == {"measurements/survey-scores-2025q4-2026q3.csv"}


def test_metrics_reordered_or_moved_into_a_measurements_file_are_no_change(
    tmp_path: Path,
) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    data = journey()
    stage = data["stages"][0]
    stage["metrics"] = [
        {"metric": "csat", "target": 4.5, "actual": 4.1,
         "history": [{"period": "2026-Q1", "value": 3.9}, {"period": "2026-Q2", "value": 4.1}]},
        {"metric": "nps", "target": 20, "actual": 5},
    ]  # fmt: skip
    nps = {"id": "nps", "name": "NPS", "scale_min": -100, "scale_max": 100}
    metrics = {"metrics": [*REGISTRIES["metrics"]["metrics"], nps]}
    write_catalog(tmp_path, [data], registries=registries(metrics=metrics))
    commit(tmp_path, "base")
    stage["metrics"].reverse()
    del stage["metrics"][1]["history"][0]
    dump(tmp_path / "journeys/retail/open-account.yaml", data)
    measurements = tmp_path / "journeys/measurements"
    measurements.mkdir()
    (measurements / "scores.csv").write_text(
        "journey,stage,touchpoint,metric,period,value\nopen-account,discover,,csat,2026-Q1,3.9\n",
        encoding="utf-8",
    )
    done = run("diff", "HEAD", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("→ the working tree: **no changes to the catalog**.\n")


def test_a_revision_that_names_no_commit_says_what_it_names(tmp_path: Path) -> None:
    base_catalog(tmp_path)
    git(tmp_path, "tag", "folder", "HEAD^{tree}")
    git(tmp_path, "tag", "-a", "-m", "the tree", "annotated-folder", "HEAD^{tree}")
    advice = "not a commit: give a branch, a tag of a commit or a commit id"
    for revision, names in [
        ("HEAD^{tree}", "a tree (a folder)"),
        ("HEAD:journeys/catalog.yaml", "a blob (a file's contents)"),
        ("folder", "a tree (a folder)"),
        ("annotated-folder", "a tag of a tree (a folder)"),
    ]:
        done = run("diff", revision, cwd=tmp_path)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == f"journeys: revision '{revision}' names {names}, {advice}\n"


def test_an_ambiguous_short_id_asks_for_more_of_it(tmp_path: Path) -> None:
    base_catalog(tmp_path)
    tree = git(tmp_path, "rev-parse", "HEAD^{tree}")
    seen: dict[str, str] = {}
    for i in range(5000):  # commits made until two ids share their first four digits
        made = git(tmp_path, "commit-tree", "-m", f"commit {i}", tree)
        if made[:4] in seen:
            break
        seen[made[:4]] = made
    else:
        raise AssertionError("no two commit ids shared a prefix")
    done = run("diff", made[:4], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    # two commits at least; a blob or tree of the catalog may share the prefix too
    assert re.fullmatch(
        f"journeys: revision '{made[:4]}' is ambiguous: the ids of [2-9] objects start with "
        "it; give more of the commit id\n",
        done.stderr,
    ), done.stderr
    assert run("diff", made[:12], cwd=tmp_path).returncode == 0


def test_an_option_is_never_taken_for_a_revision(tmp_path: Path) -> None:
    base_catalog(tmp_path)
    for revision in ("--", "-", "--output=x", "--git-dir=elsewhere", "-h"):
        done = run("diff", "--", revision, cwd=tmp_path)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == f"journeys: '{revision}' is not a revision\n"
        head = run("diff", "HEAD", "--", revision, cwd=tmp_path)
        assert head.stderr == f"journeys: '{revision}' is not a revision\n"
    assert not (tmp_path / "x").exists()
