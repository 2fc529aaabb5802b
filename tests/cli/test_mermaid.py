"""Acceptance: `journeys export --format mermaid` draws a journey for GitHub, and
`journeys import mermaid` turns a diagram back into a journey file that validates."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.model.types import Catalog
from generator.validate import validate_catalog
from tests.support import HOSTILE, TODAY, as_kept, journey, kept, registries, write_catalog

from .test_validate_cli import REPO, run

#: A diagram as the Mermaid documentation writes them: no comments, people as actors.
WORKING_DAY = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""


def example(tmp_path: Path) -> Path:
    """A copy of the example catalog, with the schema folder beside it as in the repository."""
    shutil.copytree(REPO / "journeys", tmp_path / "journeys")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    return tmp_path


def model(root: Path) -> Catalog:
    checked = validate_catalog(root / "journeys", TODAY)
    assert checked.catalog is not None
    return checked.catalog


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def round_trip(root: Path, journey_id: str) -> dict[str, Any]:
    """Export the journey, import the diagram outside the catalog, and return what was read."""
    exported = run("export", "--format", "mermaid", journey_id, "--out", "d.mmd", cwd=root)
    assert exported.returncode == 0, exported.stderr
    imported = run("import", "mermaid", "d.mmd", "--out", f"back/{journey_id}.yaml", cwd=root)
    assert imported.returncode == 0, imported.stderr
    return read(root / "back" / f"{journey_id}.yaml")


def test_a_journey_is_drawn_as_a_markdown_block_github_renders(tmp_path: Path) -> None:
    done = run("export", "--format", "mermaid", "open-current-account")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:4] == [
        "```mermaid",
        "journey",
        "  %% journeys: journey id=open-current-account owner=retail-banking state=current "
        "personas=new-to-bank",
        "  title Open a current account",
    ]
    assert "  section Finds the offer" in lines
    assert (
        "    Compares accounts on the website: 2: Digital Channels, Marketing, Product Management"
    ) in lines
    assert lines[-1] == "```"
    root = example(tmp_path)
    assert (
        run("export", "--format", "mermaid", "move-house", "--out", "m.mmd", cwd=root).stdout == ""
    )
    assert (root / "m.mmd").read_text(encoding="utf-8").startswith("journey\n")
    assert (
        run("export", "--format", "mermaid", "move-house", "--out", "m.md", cwd=root).returncode
        == 0
    )
    assert (root / "m.md").read_text(encoding="utf-8").startswith("```mermaid\njourney\n")


def test_mermaid_draws_one_journey_named_by_its_id() -> None:
    missing = run("export", "--format", "mermaid")
    assert missing.returncode == 2
    assert "--format mermaid draws one journey: name it" in missing.stderr
    extra = run("export", "open-current-account")
    assert extra.returncode == 2
    assert "JOURNEY is only for --format mermaid" in extra.stderr
    unknown = run("export", "--format", "mermaid", "open-curent-account")
    assert unknown.returncode == 2
    assert "no journey 'open-curent-account' in the catalog" in unknown.stderr
    assert "(did you mean 'open-current-account'?)" in unknown.stderr
    assert unknown.stdout == ""


def test_an_example_journey_survives_export_and_import(tmp_path: Path) -> None:
    root = example(tmp_path)
    catalog = model(root)
    original = catalog.journeys.get("open-current-account")
    assert original is not None
    back = round_trip(root, "open-current-account")
    assert as_kept(back, catalog) == kept(original, catalog)
    assert back["status"] == "draft"


def test_a_hostile_journey_survives_export_and_import(tmp_path: Path) -> None:
    data = journey(title="  Title: #1; 100%% {init} <br> `x`", opportunities=[])
    stage = data["stages"][0]
    stage.update(name="Section: one; #two %%{init: {'theme':'dark'}}%%", emotion=1)
    first = stage["touchpoints"][0]
    stage["touchpoints"] = [
        dict(first, id=f"t{i}", name=name, pain_points=[], supporting=["retail"], emotion=i % 5 - 2)
        for i, name in enumerate(HOSTILE)
    ]
    silos = {"silos": [{"id": "digital", "name": "Digital: web, app #1;"},
                       {"id": "retail", "name": " Retail %% "}]}  # fmt: skip
    write_catalog(tmp_path, [data], registries=registries(silos=silos))
    catalog = model(tmp_path)
    original = catalog.journeys.get("open-account")
    assert original is not None
    assert as_kept(round_trip(tmp_path, "open-account"), catalog) == kept(original, catalog)


def test_an_imported_journey_validates_and_starts_with_its_schema_line(tmp_path: Path) -> None:
    root = example(tmp_path)
    assert (
        run(
            "export", "--format", "mermaid", "report-lost-card", "--out", "d.md", cwd=root
        ).returncode
        == 0
    )
    done = run("import", "mermaid", "d.md", "--id", "report-lost-card-again", cwd=root)
    assert done.returncode == 0, done.stderr
    assert (
        "wrote journeys/report-lost-card-again.yaml: 3 stages, 8 touchpoints, as a draft"
        in done.stderr
    )
    written = root / "journeys" / "report-lost-card-again.yaml"
    first = written.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/journey.schema.json"
    checked = run("validate", "journeys/report-lost-card-again.yaml", cwd=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert " error " not in checked.stdout


def test_a_diagram_from_the_mermaid_docs_reports_its_unknown_names(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    (tmp_path / "day.mmd").write_text(WORKING_DAY, encoding="utf-8")
    done = run("import", "mermaid", "day.mmd", "--channel", "web", "--persona", "new-to-bank",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if ": error [" in line]
    assert errors[:3] == [
        "day.mmd:3:13: error [unknown-ref] unknown stage 'Go to work' (known: discover, join, get-help)",
        "day.mmd:4:20: error [unknown-ref] unknown silo 'Me' (known: digital, retail)",
        "day.mmd:5:23: error [unknown-ref] unknown silo 'Me' (known: digital, retail)",
    ]
    assert "day.mmd:6:23: error [unknown-ref] unknown silo 'Cat' (known: digital, retail)" in errors
    assert len(errors) == 8
    assert done.stderr.splitlines()[-1] == "8 errors, 0 warnings in 1 file; nothing written"
    assert not (tmp_path / "journeys" / "my-working-day.yaml").exists()


def test_a_diagram_with_known_names_needs_only_what_it_cannot_say(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    day = WORKING_DAY.replace("Go to work", "Discover").replace("Go home", "get help")
    (tmp_path / "day.mmd").write_text(day.replace("Me", "Digital").replace("Cat", "retail"),
                                      encoding="utf-8")  # fmt: skip
    incomplete = run("import", "mermaid", "day.mmd", cwd=tmp_path)
    assert incomplete.returncode == 1
    assert "day.mmd:1:1: error [incomplete] the diagram does not say who takes this journey: " \
        "name them with --persona (known: new-to-bank)" in incomplete.stderr  # fmt: skip
    assert "day.mmd:4:7: error [incomplete] task 'Make tea' names no channel" in incomplete.stderr
    assert (
        "day.mmd:5:7: error [incomplete] task 'Go upstairs' names no channel\n" in incomplete.stderr
    )
    done = run("import", "mermaid", "day.mmd", "--channel", "web", "--persona", "new-to-bank",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-2:] == [
        "journeys/my-working-day.yaml:9: check: the silo that owns the most touchpoints",
        "journeys/my-working-day.yaml:10: check: the diagram does not say: current (as-is) or "
        "future (to-be)",
    ]
    data = read(tmp_path / "journeys" / "my-working-day.yaml")
    assert [(s["stage"], [t["id"] for t in s["touchpoints"]]) for s in data["stages"]] == [
        ("discover", ["make-tea", "go-upstairs", "do-work"]),
        ("get-help", ["go-downstairs", "sit-down"]),
    ]
    assert data["stages"][0]["touchpoints"][2] == {
        "id": "do-work", "name": "Do work", "channel": "web", "owner": "digital",
        "supporting": ["retail"], "emotion": -2,
    }  # fmt: skip
    assert run("validate", cwd=tmp_path).returncode == 0


def test_the_title_of_the_front_matter_names_the_journey(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    day = WORKING_DAY.replace("    title My working day\n", "").replace("Go to work", "Discover")
    day = day.replace("Go home", "Join").replace("Me", "Digital").replace("Cat", "retail")
    front = "---\nconfig:\n  theme: forest\ntitle: 'My \"working\" day: 🏦'\n---\n"
    (tmp_path / "day.mmd").write_text(front + day, encoding="utf-8")
    args = ["--channel", "web", "--persona", "new-to-bank"]
    done = run("import", "mermaid", "day.mmd", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = read(tmp_path / "journeys" / "my-working-day.yaml")
    assert (data["id"], data["title"]) == ("my-working-day", 'My "working" day: 🏦')

    (tmp_path / "bare.mmd").write_text(day, encoding="utf-8")
    untitled = run("import", "mermaid", "bare.mmd", *args, "--id", "bare", cwd=tmp_path)
    assert untitled.returncode == 1
    assert (
        "bare.mmd:1:1: error [incomplete] the diagram has no title: a journey needs one, on a "
        "`title` line or as `title:` in the front matter\n" in untitled.stderr
    )


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    root = example(tmp_path)
    assert (
        run("export", "--format", "mermaid", "move-house", "--out", "d.mmd", cwd=root).returncode
        == 0
    )
    (root / "back").mkdir()
    (root / "back" / "move-house.yaml").write_text("mine\n", encoding="utf-8")
    done = run("import", "mermaid", "d.mmd", "--out", "back/move-house.yaml", cwd=root)
    assert done.returncode == 2
    assert "back/move-house.yaml already exists and is never overwritten" in done.stderr
    assert (root / "back" / "move-house.yaml").read_text(encoding="utf-8") == "mine\n"
    taken = run("import", "mermaid", "d.mmd", cwd=root)
    assert taken.returncode == 2
    assert "the catalog already has a journey 'move-house'" in taken.stderr


def test_a_broken_diagram_names_the_file_and_line(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    (tmp_path / "bad.md").write_text(
        "# Our journey\n\n```mermaid\njourney\n  title T\n  section Discover\n"
        "    Pays; then leaves: 3: Digital\n```\n", encoding="utf-8"
    )  # fmt: skip
    done = run("import", "mermaid", "bad.md", "--channel", "web", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "bad.md:7:9: error [mermaid-syntax] ';' breaks a Mermaid diagram: write #59;"
    )
    assert list((tmp_path / "journeys").glob("*.yaml")) == [tmp_path / "journeys" / "catalog.yaml"]
    (tmp_path / "latin1.mmd").write_bytes("journey\n  title Caf\xe9\n".encode("latin-1"))
    encoded = run("import", "mermaid", "latin1.mmd", cwd=tmp_path)
    assert encoded.returncode == 1
    assert "latin1.mmd:2:12: error [encoding] file is not UTF-8 (byte 0xe9)" in encoded.stderr


def test_options_are_checked_before_anything_is_read(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    (tmp_path / "day.mmd").write_text(WORKING_DAY, encoding="utf-8")
    channel = run("import", "mermaid", "day.mmd", "--channel", "wbe", cwd=tmp_path)
    assert channel.returncode == 2
    assert "unknown channel 'wbe' (did you mean 'web'?)" in channel.stderr
    bad_id = run("import", "mermaid", "day.mmd", "--id", "My Day", cwd=tmp_path)
    assert bad_id.returncode == 2
    assert "'My Day' is not an id" in bad_id.stderr
    misnamed = run("import", "mermaid", "day.mmd", "--id", "day", "--out", "journeys/x.yaml",
                   cwd=tmp_path)  # fmt: skip
    assert misnamed.returncode == 2
    assert "a journey's file is named after its id: journeys/day.yaml" in misnamed.stderr
    assert run("import", "mermaid", "nothing.mmd", cwd=tmp_path).returncode == 2
