"""Acceptance: `journeys new` writes starter journeys and entries that validate as written,
keeps every byte already written, and refuses what would overwrite or contradict the catalog."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.load.strict_yaml import load_yaml
from generator.scaffold import KINDS
from generator.validate.schema import load_schema, schema_dir
from tests.support import write_catalog

from .test_validate_cli import REPO, run

SCHEMA_LINE = "# yaml-language-server: $schema="
HOSTILE = "Fees: \"hidden\" # 'yes' & <b>no</b> \\ 1e3 ✓\ttab\nsecond line\u2028"
REGISTRY_NOUNS = {
    "silo": "silo", "channel": "channel", "persona": "persona", "data-source": "data source",
    "standard": "standard", "metric": "metric", "issue-category": "issue category",
    "listening-source": "listening source", "stage": "stage",
}  # fmt: skip


def example(tmp_path: Path) -> Path:
    """A copy of the repository's example catalog, in `tmp_path/journeys`."""
    shutil.copytree(REPO / "journeys", tmp_path / "journeys")
    return tmp_path


def small(tmp_path: Path) -> Path:
    """The small test catalog, whose lists are written without indentation (`- id:`)."""
    write_catalog(tmp_path)
    return tmp_path


CATALOGS: list[Callable[[Path], Path]] = [example, small]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def schema_target(file: Path) -> Path:
    """The file the schema line of `file` names, resolved from the file's folder."""
    first = file.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE), first
    return (file.parent / first.removeprefix(SCHEMA_LINE)).resolve()


@pytest.mark.parametrize("catalog", CATALOGS)
def test_a_new_journey_validates_as_written(
    tmp_path: Path, catalog: Callable[[Path], Path]
) -> None:
    cwd = catalog(tmp_path)
    before = run("validate", cwd=cwd)
    done = run("new", "journey", "renew-card", "--folder", "cards/renewals", cwd=cwd)
    assert done.returncode == 0, done.stderr
    path = cwd / "journeys" / "cards" / "renewals" / "renew-card.yaml"
    assert done.stdout.splitlines()[0] == "wrote journeys/cards/renewals/renew-card.yaml"
    assert done.stdout.splitlines()[-1] == (
        "next: fill it in, then run `journeys validate journeys/cards/renewals/renew-card.yaml`"
    )
    alone = run("validate", "--strict", "journeys/cards/renewals/renew-card.yaml", cwd=cwd)
    assert (alone.returncode, alone.stdout, alone.stderr) == (
        0,
        "",
        "0 errors, 0 warnings in 1 file\n",
    )
    after = run("validate", cwd=cwd)
    assert (after.returncode, after.stdout) == (before.returncode, before.stdout)
    assert schema_target(path) == (schema_dir() / "journey.schema.json").resolve()


def test_the_starter_names_real_ids_and_every_field_of_the_schema(tmp_path: Path) -> None:
    cwd = example(tmp_path)
    assert run("new", "journey", "renew-card", cwd=cwd).returncode == 0
    text = (cwd / "journeys" / "renew-card.yaml").read_text(encoding="utf-8")
    document, problems = load_yaml(text.encode(), "renew-card.yaml")
    assert document is not None and not problems
    data = document.data
    assert (data["id"], data["title"], data["status"], data["state"]) == (
        "renew-card", "Renew card", "draft", "current"
    )  # fmt: skip
    assert (data["owner"], data["personas"]) == ("digital", ["new-to-bank"])
    stage = data["stages"][0]
    assert (stage["stage"], stage["metrics"]) == ("discover", [{"metric": "csat"}])
    touchpoint = stage["touchpoints"][0]
    assert (touchpoint["channel"], touchpoint["data_sources"]) == ("web", ["cms"])
    schema = load_schema("journey")
    fields = {*schema["properties"]} | {
        name for part in schema["$defs"].values() for name in part.get("properties", {})
    }
    missing = [name for name in fields if not re.search(rf"^[ #-]*{name}:", text, re.M)]
    assert missing == []


def test_options_choose_the_ids_and_a_hostile_title_reads_back_exactly(tmp_path: Path) -> None:
    cwd = example(tmp_path)
    done = run("new", "journey", "open-isa", "--title", HOSTILE, "--owner", "product",
               "--persona", "first-time-buyer", "--persona", "new-to-bank", "--channel", "mobile-app",
               cwd=cwd)  # fmt: skip
    assert done.returncode == 0, done.stderr
    document, problems = load_yaml((cwd / "journeys" / "open-isa.yaml").read_bytes(), "x")
    assert document is not None and not problems
    assert document.data["title"] == HOSTILE
    assert document.data["owner"] == "product"
    assert document.data["personas"] == ["first-time-buyer", "new-to-bank"]
    assert document.data["stages"][0]["touchpoints"][0]["channel"] == "mobile-app"
    assert run("validate", "--strict", "journeys/open-isa.yaml", cwd=cwd).returncode == 0


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--owner", "digtal", "unknown silo 'digtal' (did you mean 'digital'?)"),
        (
            "--persona",
            "first-time-buyers",
            "unknown persona 'first-time-buyers' (did you mean 'first-time-buyer'?)",
        ),
        (
            "--channel",
            "fax",
            "unknown channel 'fax': journeys/registry/channels.yaml has no such entry",
        ),
    ],
)
def test_an_unknown_id_in_an_option_is_refused(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    cwd = example(tmp_path)
    before = snapshot(cwd)
    done = run("new", "journey", "renew-card", option, value, cwd=cwd)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"journeys: {message}\n")
    assert snapshot(cwd) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["report-lost-card"], 1,
         "journeys/cards/report-lost-card.yaml:2: journey 'report-lost-card' already exists: "
         "choose another id"),
        (["report-lost-card", "--folder", "cards"], 1,
         "journeys/cards/report-lost-card.yaml already exists: choose another id, or edit it"),
        (["Renew Card"], 2,
         "'Renew Card' is not a valid journey id: use lowercase letters a-z, digits and single "
         "hyphens, e.g. 'renew-card'"),
        (["a" * 65], 2, f"the journey id '{'a' * 65}' is 65 characters long; the most is 64"),
        (["renew-card", "--folder", "../elsewhere"], 2,
         "--folder '../elsewhere' must be a folder inside the catalog, e.g. retail/accounts"),
        (["renew-card", "--folder", "registry"], 2,
         "--folder 'registry': registry/ holds registries, not journeys"),
        (["renew-card", "--title", " "], 2,
         "--title is empty or only whitespace: give the journey a title"),
        (["renew-card", "--title", "\u200b\n"], 2,
         "--title is empty or only whitespace: give the journey a title"),
        (["renew-card", "--title", "Renew\x01 card"], 2,
         "--title holds U+0001 (a control character), which no catalog text may hold: remove it"),
        (["renew-card", "--catalog", "nowhere"], 2, "nowhere: no such file or folder"),
    ],
)  # fmt: skip
def test_a_journey_that_cannot_be_written_is_refused_and_nothing_is_written(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    cwd = example(tmp_path)
    before = snapshot(cwd)
    done = run("new", "journey", *args, cwd=cwd)
    assert (done.returncode, done.stdout, done.stderr) == (code, "", f"journeys: {message}\n")
    assert snapshot(cwd) == before


def removed(new: str, line: int, count: int) -> str:
    """`new` without the `count` lines that start at `line`: the file as it was."""
    lines = new.splitlines(keepends=True)
    return "".join(lines[: line - 1] + lines[line - 1 + count :])


@pytest.mark.parametrize("catalog", CATALOGS)
def test_every_kind_of_entry_is_added_and_keeps_every_byte(
    tmp_path: Path, catalog: Callable[[Path], Path]
) -> None:
    cwd = catalog(tmp_path)
    folder = cwd / "journeys"
    before = run("validate", cwd=cwd)
    expected = []
    for kind, noun in REGISTRY_NOUNS.items():
        file = "catalog.yaml" if kind == "stage" else f"registry/{KINDS[kind]}.yaml"
        old = (folder / file).read_bytes()
        done = run("new", kind, f"new-{kind}", cwd=cwd)
        assert done.returncode == 0, done.stderr
        first = done.stdout.splitlines()[0]
        added = re.fullmatch(rf"added {noun} 'new-{kind}' to journeys/{file}, line (\d+)", first)
        assert added, first
        line = int(added[1])
        new = (folder / file).read_bytes()
        if kind == "stage":  # the stages list is followed by other keys
            entry = len(new.splitlines()) - len(old.splitlines())
            assert removed(new.decode(), line, entry) == old.decode()
        else:
            assert new.startswith(old)
        column = new.decode().splitlines()[line - 1].index("id: ") + len("id: ") + 1
        expected.append(
            f"journeys/{file}:{line}:{column}: warning [unused-entry] {noun} 'new-{kind}' is "
            "never used: use it or remove it"
        )
    after = run("validate", cwd=cwd)
    assert after.returncode == before.returncode
    assert sorted(set(after.stdout.splitlines()) - set(before.stdout.splitlines())) == sorted(
        expected
    )


def test_entries_follow_the_indentation_of_the_list(tmp_path: Path) -> None:
    cwd = small(tmp_path)
    assert run("new", "silo", "contact-centre", cwd=cwd).returncode == 0
    lines = (cwd / "journeys" / "registry" / "silos.yaml").read_text().splitlines()
    assert lines[-5] == "- id: contact-centre"
    assert lines[-4].startswith("  name: Contact centre ")
    cwd = example(tmp_path / "example")
    assert run("new", "silo", "contact-centre", cwd=cwd).returncode == 0
    lines = (cwd / "journeys" / "registry" / "silos.yaml").read_text().splitlines()
    assert lines[-5] == "  - id: contact-centre"
    assert lines[-4].startswith("    name: Contact centre ")


def test_placeholders_are_named_and_a_hostile_name_reads_back_exactly(tmp_path: Path) -> None:
    cwd = small(tmp_path)
    done = run("new", "standard", "reply-in-a-day", "--name", HOSTILE, cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert "  placeholders to edit: statement (TODO)" in done.stdout.splitlines()
    done = run("new", "metric", "wait-time", cwd=cwd)
    assert "  placeholders to edit: name (made from the id); scale_min (1); scale_max (5)" in (
        done.stdout.splitlines()
    )
    document, _ = load_yaml((cwd / "journeys" / "registry" / "standards.yaml").read_bytes(), "x")
    assert document is not None
    assert document.data["standards"][-1] == {
        "id": "reply-in-a-day", "title": HOSTILE, "statement": "TODO"
    }  # fmt: skip


def test_an_existing_id_is_refused_and_the_file_is_unchanged(tmp_path: Path) -> None:
    cwd = example(tmp_path)
    before = snapshot(cwd)
    done = run("new", "silo", "marketing", cwd=cwd)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "journeys: journeys/registry/silos.yaml:13: silo 'marketing' already exists: "
        "choose another id\n"
    )
    done = run("new", "stage", "join", cwd=cwd)
    assert done.stderr == (
        "journeys: journeys/catalog.yaml:21: stage 'join' already exists: choose another id\n"
    )
    assert run("new", "metric", "Wait time", cwd=cwd).returncode == 2
    assert snapshot(cwd) == before


@pytest.mark.parametrize("name", ["", "  ", "\u200b", "\u3000\t"])
def test_a_name_without_a_visible_character_is_refused(tmp_path: Path, name: str) -> None:
    cwd = example(tmp_path)
    before = snapshot(cwd)
    done = run("new", "silo", "branches", "--name", name, cwd=cwd)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "journeys: --name is empty or only whitespace: give the name people know it by\n"
    )
    assert snapshot(cwd) == before


def test_a_flow_list_is_refused_rather_than_rewritten(tmp_path: Path) -> None:
    cwd = small(tmp_path)
    silos = cwd / "journeys" / "registry" / "silos.yaml"
    silos.write_text("silos: [{id: digital, name: Digital}, {id: retail, name: Retail}]\n")
    done = run("new", "silo", "branch", cwd=cwd)
    assert (done.returncode, done.stderr) == (
        1,
        "journeys: journeys/registry/silos.yaml:1: 'silos' is not a block list (one '- ' item "
        "per line): write it as one, or add the entry by hand\n",
    )
    assert (
        silos.read_text() == "silos: [{id: digital, name: Digital}, {id: retail, name: Retail}]\n"
    )


def test_an_empty_flow_list_becomes_a_block_list_with_the_entry(tmp_path: Path) -> None:
    cwd = small(tmp_path)
    path = cwd / "journeys" / "registry" / "listening-sources.yaml"
    path.write_text("listening_sources: []  # none yet\n")
    done = run("new", "listening-source", "branch-feedback", "--name", "Branch feedback", cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        "added listening source 'branch-feedback' to journeys/registry/listening-sources.yaml, "
        "line 2"
    )
    lines = path.read_text().splitlines()
    assert lines[:2] == ["listening_sources:  # none yet", "  - id: branch-feedback"]
    assert lines[2].startswith("    name: Branch feedback ")
    checked = run("validate", "journeys/registry/listening-sources.yaml", cwd=cwd)
    assert "error" not in checked.stdout, checked.stdout


def test_a_missing_registry_file_is_made_with_its_schema_line(tmp_path: Path) -> None:
    cwd = small(tmp_path)
    path = cwd / "journeys" / "registry" / "listening-sources.yaml"
    path.unlink()
    done = run("new", "listening-source", "branch-feedback", "--name", "Branch feedback", cwd=cwd)
    assert done.stdout.splitlines()[0] == (
        "added listening source 'branch-feedback' to new file "
        "journeys/registry/listening-sources.yaml, line 3"
    )
    assert schema_target(path) == (schema_dir() / "listening-sources.schema.json").resolve()
    assert path.read_text().splitlines()[1:3] == [
        "listening_sources:",
        "  - id: branch-feedback",
    ]
    checked = run("validate", "journeys/registry/listening-sources.yaml", cwd=cwd)
    assert checked.stdout == (
        "journeys/registry/listening-sources.yaml:3:9: warning [unused-entry] listening source "
        "'branch-feedback' is never used: use it or remove it\n"
    )


def test_the_schema_line_follows_the_catalogs_own(tmp_path: Path) -> None:
    cwd = example(tmp_path)
    shutil.copytree(REPO / "schema", cwd / "schema")  # where catalog.yaml's line points
    assert run("new", "journey", "renew-card", "--folder", "cards", cwd=cwd).returncode == 0
    journey = cwd / "journeys" / "cards" / "renew-card.yaml"
    assert journey.read_text().splitlines()[0] == f"{SCHEMA_LINE}../../schema/journey.schema.json"
    catalog = cwd / "journeys" / "catalog.yaml"
    text = catalog.read_text().split("\n", 1)[1]
    catalog.write_text(f"{SCHEMA_LINE}https://cx.example.org/schema/catalog.schema.json\n{text}")
    assert run("new", "journey", "close-card", cwd=cwd).returncode == 0
    assert (cwd / "journeys" / "close-card.yaml").read_text().splitlines()[0] == (
        f"{SCHEMA_LINE}https://cx.example.org/schema/journey.schema.json"
    )


def test_new_and_its_kinds_have_help() -> None:
    done = run("new", "--help")
    assert done.returncode == 0
    assert set(KINDS) | {"journey"} <= set(re.findall(r"^  ([a-z-]+) ", done.stdout, re.M))
    assert "--persona" in run("new", "journey", "--help").stdout
    assert "The standard's title" in run("new", "standard", "--help").stdout


def test_a_name_holding_a_control_character_is_refused(tmp_path: Path) -> None:
    cwd = example(tmp_path)
    before = snapshot(cwd)
    done = run("new", "silo", "branches", "--name", "Branch\x1b[31m network", cwd=cwd)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "journeys: --name holds U+001B (a control character), which no catalog text may hold: "
        "remove it\n"
    )
    assert snapshot(cwd) == before
