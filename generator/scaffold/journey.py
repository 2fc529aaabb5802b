"""A starter journey: a file that validates as written, names real ids of the catalog, and
shows every optional field commented, so a person fills it in rather than starts blank."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.errors import InvalidArgument, Refused
from generator.load.files import REGISTRIES, REGISTRY_DIR, YAML_SUFFIXES, discover, display_path
from generator.load.strict_yaml import load_yaml
from generator.model.types import Catalog
from generator.scaffold.base import (
    Written,
    catalog_root,
    check_id,
    check_text,
    humanize,
    known,
    writable,
)
from generator.scaffold.text import SCHEMA_LINE, commented, scalar, schema_reference
from generator.validate import validate_catalog
from generator.validate.schema import check_document, load_schema

TOUCHPOINT = "first-touchpoint"


@dataclass(frozen=True)
class Choices:
    """The ids a starter journey names: given on the command line, or the catalog's first."""

    stages: list[str]
    owner: str
    personas: list[str]
    channel: str
    data_source: str | None
    metric: str | None
    scale: str
    other_silo: str
    standard: str
    category: str
    heard_in: str


def new_journey(
    catalog: Path,
    journey_id: str,
    folder: str | None = None,
    title: str | None = None,
    owner: str | None = None,
    personas: tuple[str, ...] = (),
    channel: str | None = None,
    on_day: datetime.date | None = None,
) -> Written:
    """Write `<catalog>/[folder/]<journey_id>.yaml`, a draft journey that validates at once.

    It names the catalog's first stage and first silo, channel, persona, data source and
    metric unless `owner`, `personas` or `channel` say otherwise, which must exist. Refuses
    an invalid id or folder, an id any journey of the catalog has, and an existing file.
    """
    check_id(journey_id, "journey")
    check_text(title, "--title", "give the journey a title")
    root = catalog_root(catalog)
    path = root / _folder(folder) / f"{journey_id}.yaml"
    if not Path(os.path.realpath(path.parent)).is_relative_to(root.resolve()):
        raise InvalidArgument(
            f"--folder '{folder}' leads outside the catalog through a link: journeys are "
            "written only inside it"
        )
    writable(path, root)
    for existing in (path.with_suffix(suffix) for suffix in YAML_SUFFIXES):
        if existing.exists():
            raise Refused(f"{display_path(existing)} already exists: choose another id, or edit it")
    checked = validate_catalog(root.resolve(), on_day)
    if checked.catalog is None:
        raise Refused(
            "catalog.yaml has errors, so its stages are unknown: fix them first (journeys validate)"
        )
    _refuse_taken(root, checked.catalog, journey_id)
    choices = _choose(checked.catalog, root, owner, personas, channel)
    text = starter(
        journey_id,
        title or humanize(journey_id),
        choices,
        schema_reference(path, root, "journey"),
        on_day or datetime.date.today(),
    )
    document, problems = load_yaml(text.encode("utf-8"), display_path(path))
    if document is None or problems or check_document(document, "journey"):
        raise ValueError(f"the starter journey does not validate: {problems}")  # a bug
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except FileExistsError as e:
        raise Refused(f"{display_path(path)} already exists: choose another id, or edit it") from e
    placeholders = [] if title else ["title (made from the id)"]
    placeholders.append(f"the touchpoint '{TOUCHPOINT}': its id and name")
    notes = ["the journey is a draft: set `status: published` and `reviewed` once it is reviewed"]
    if choices.data_source is None:
        notes.append(
            "the catalog has no data source yet: `journeys validate` warns (no-data-source)"
        )
    if choices.metric is None:
        notes.append("the catalog has no metric yet: `journeys validate` warns (no-metrics)")
    return Written(path, True, 1, tuple(placeholders), tuple(notes))


def _folder(folder: str | None) -> PurePosixPath:
    """The sub-folder a journey goes in: relative, inside the catalog, not a registry."""
    if not folder:
        return PurePosixPath()
    path = PurePosixPath(folder.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or any(p.startswith(".") for p in path.parts):
        raise InvalidArgument(
            f"--folder '{folder}' must be a folder inside the catalog, e.g. retail/accounts"
        )
    if path.parts and path.parts[0] == REGISTRY_DIR:
        raise InvalidArgument(
            f"--folder '{folder}': {REGISTRY_DIR}/ holds registries, not journeys"
        )
    return path


def _refuse_taken(root: Path, catalog: Catalog, journey_id: str) -> None:
    """A journey id is unique across the catalog, whatever the folder; a file stem is the id."""
    found = catalog.journeys.get(journey_id)
    if found is not None:
        line = found.source.at("id").line
        raise Refused(
            f"{found.source.file}:{line}: journey '{journey_id}' already exists: choose another id"
        )
    for file in discover(root).of_kind("journey"):
        if file.path.stem == journey_id:
            raise Refused(f"{file.shown}: journey '{journey_id}' already exists: choose another id")


def _choose(
    catalog: Catalog, root: Path, owner: str | None, personas: tuple[str, ...], channel: str | None
) -> Choices:
    def ids(target: str) -> list[str]:
        attribute = REGISTRIES[target]
        if target in catalog.broken:
            raise Refused(
                f"{REGISTRY_DIR}/{target}.yaml has errors, so its ids are unknown: fix it first (journeys validate)"
            )
        return [e.id for e in getattr(catalog, attribute)]

    def pick(target: str, noun: str, given: str | None) -> str:
        found = ids(target)
        where = display_path(root / REGISTRY_DIR / f"{target}.yaml")
        if given is not None:
            return known(found, given, noun, where)
        if not found:
            raise Refused(f"the catalog has no {noun} yet: add one first (journeys new {noun} ID)")
        return found[0]

    def first(target: str) -> str | None:
        found = [] if target in catalog.broken else ids(target)
        return found[0] if found else None

    silo = pick("silos", "silo", owner)
    chosen = [pick("personas", "persona", p) for p in personas] or [
        pick("personas", "persona", None)
    ]
    metric = first("metrics")
    scale = ""
    if metric is not None:
        m = catalog.metrics.by_id[metric]
        scale = f"{m.scale_min:g} to {m.scale_max:g}"
    others = [s for s in ids("silos") if s != silo]
    return Choices(
        stages=[s.id for s in catalog.stages],
        owner=silo,
        personas=list(dict.fromkeys(chosen)),
        channel=pick("channels", "channel", channel),
        data_source=first("data-sources"),
        metric=metric,
        scale=scale,
        other_silo=others[0] if others else silo,
        standard=first("standards") or "standard-id",
        category=first("issue-categories") or "issue-category-id",
        heard_in=first("listening-sources") or "listening-source-id",
    )


def _choices(*path: str) -> str:
    """The allowed values of a journey field, as the schema lists them: `a | b | c`."""
    node: Any = load_schema("journey")
    for step in path:
        node = node[step]
    return " | ".join(node["enum"])


def starter(journey_id: str, title: str, c: Choices, schema: str, day: datetime.date) -> str:
    """The text of a starter journey. Every field is here, the optional ones commented."""
    state = _choices("properties", "state")
    status = _choices("properties", "status")
    evidence = _choices("$defs", "touchpoint", "properties", "evidence")
    severity = _choices("$defs", "pain-point", "properties", "severity")
    progress = _choices("$defs", "opportunity", "properties", "status")
    stage = c.stages[0]
    lines = [
        f"{SCHEMA_LINE}{schema}",
        "# A starter journey: replace the placeholders, remove the `# ` before the optional",
        "# fields you need, and run `journeys validate`. The schema named above (and the",
        "# format reference page of the site) describes every field.",
        commented(f"id: {journey_id}", "== the file name; the page is /journeys/<id>/"),
        commented(f"title: {scalar(title)}", "required"),
        commented("# summary: ...", "what the journey is about; Markdown"),
        commented(f"personas: [{', '.join(c.personas)}]", "persona ids: who takes this journey"),
        commented(f"owner: {c.owner}", "silo id: accountable for the whole journey"),
        commented("state: current", state),
        commented("# improves: current-journey-id", "only on a future journey: what it redesigns"),
        commented("status: draft", f"{status}; publish it once it is reviewed"),
        commented(f"# reviewed: {day.isoformat()}", "the date of its last review"),
        commented("# tags: [tag]", "free tags"),
        commented("# related: [other-journey-id]", "ids of related journeys"),
        "",
        commented("stages:", f"in order; the catalog's stages: {', '.join(c.stages)}"),
        commented(f"  - stage: {stage}", "a catalog stage id; also this stage's id"),
        commented(f"    # id: {stage}-again", "only when a catalog stage appears twice"),
        commented("    # name: ...", "its label here (default: the catalog stage's name)"),
        commented("    # goal: ...", "what the customer wants here"),
        commented("    # emotion: 0", "how the customer feels, -2 to 2"),
    ]
    if c.metric:
        lines += [
            commented("    metrics:", "scores of the whole stage"),
            commented(f"      - metric: {c.metric}", f"metric id; its scale is {c.scale}"),
            commented("        # target: ...", "the value aimed for"),
            commented("        # actual: ...", "the latest measured value"),
            commented("        # history:", "measured values over time"),
            f"        #   - {{period: {day.year}-Q{(day.month + 2) // 3}, value: ...}}",
        ]
    else:
        lines.append(commented("    # metrics: [{metric: metric-id}]", "scores of the whole stage"))
    data_sources = f"data_sources: [{c.data_source}]" if c.data_source else "# data_sources: []"
    lines += [
        commented("    touchpoints:", "in order, at least one"),
        commented(f"      - id: {TOUCHPOINT}", "unique in the journey; its anchor on the page"),
        commented(f"        name: {scalar('What happens, in a few words')}", "required"),
        commented(f"        channel: {c.channel}", "channel id"),
        commented(f"        owner: {c.owner}", "silo id: accountable for this touchpoint"),
        commented(f"        # supporting: [{c.other_silo}]", "other silos that act here"),
        commented("        # customer: ...", "what the customer does"),
        commented("        # frontstage: ...", "what the customer sees staff or systems do"),
        commented("        # backstage: ...", "what happens out of sight"),
        commented(f"        {data_sources}", "data-source ids used or captured here"),
        commented("        # data_gaps: [...]", "data we lack here, in words"),
        commented(f"        # standards: [{c.standard}]", "standard ids that apply here"),
        commented("        # promise: ...", "what we promise the customer here"),
        commented("        # moment_of_truth: true", "a make-or-break moment"),
        commented("        # emotion: 0", "-2 to 2"),
        commented("        # evidence: assumed", f"{evidence} (default assumed)"),
        commented("        # metrics: []", "scores measured here, as on the stage"),
        commented("        # pain_points:", "where the customer hurts here"),
        commented("        #   - id: a-pain-point", "unique in the journey"),
        "        #     title: What hurts, in a sentence",
        commented(f"        #     category: {c.category}", "issue-category id"),
        commented("        #     severity: medium", severity),
        commented(f"        #     sources: [{c.heard_in}]", "listening-source ids where heard"),
        commented(f"        #     contributing_silos: [{c.owner}]", "silos whose actions cause it"),
        commented("        #     evidence: observed", evidence),
        commented("        #     detail: ...", "volumes, quotes, links; Markdown"),
        "",
        commented("# opportunities:", "improvements to the journey"),
        "#   - id: an-opportunity",
        "#     title: The improvement, in a sentence",
        commented("#     addresses: [a-pain-point]", "pain-point ids of this journey"),
        commented(f"#     owner: {c.owner}", "silo id"),
        commented("#     status: idea", progress),
    ]
    return "\n".join(lines) + "\n"
