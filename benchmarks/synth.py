"""Write a deterministic synthetic journey catalog, sized like a large organization.

    python benchmarks/synth.py --journeys 1000 --out benchmarks/out/catalog [--seed 1]

writes OUT/catalog.yaml, OUT/registry/*.yaml and one journey per file in sub-folders by
domain. Journeys have 7-9 stages of 8-12 touchpoints and reference every registry; a
few are future journeys that improve a current one. The same seed and size give
byte-identical files (on the same Python version). Every file validates with no errors
and, once there are enough journeys to use every registry entry, no warnings.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vocabulary as v  # sibling modules: this folder is on sys.path when run as a script
from yaml_text import dump

#: Written into OUT after a complete run; its presence makes OUT safe to overwrite.
MARKER = ".synth.json"
REVIEW_START = datetime.date(2025, 6, 1)


def generator_hash() -> str:
    """A hash of this generator's source, so that cached catalogs follow code changes."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("synth.py", "vocabulary.py", "yaml_text.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


# --- choosing -----------------------------------------------------------------------


class Deck:
    """Deals ids in shuffled rounds, so that every id is used once the deck has gone round."""

    def __init__(self, rng: random.Random, ids: list[str]) -> None:
        self.rng = rng
        self.ids = list(ids)
        self.pile: list[str] = []

    def draw(self, k: int = 1, exclude: tuple[str, ...] = ()) -> list[str]:
        """`k` distinct ids (fewer only if the deck is smaller), none of them in `exclude`."""
        k = min(k, len(self.ids) - len(set(exclude) & set(self.ids)))
        drawn: list[str] = []
        while len(drawn) < k:
            if not self.pile:
                self.pile = self.rng.sample(self.ids, len(self.ids))
            choice = self.pile.pop()
            if choice not in drawn and choice not in exclude:
                drawn.append(choice)
        return drawn

    def one(self, exclude: tuple[str, ...] = ()) -> str:
        return self.draw(1, exclude)[0]


def _unique(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3` ... whichever is not taken yet; then take it."""
    name, n = wanted, 1
    while name in taken:
        n += 1
        name = f"{wanted}-{n}"
    taken.add(name)
    return name


def _value(rng: random.Random, metric: tuple[Any, ...], low: float = 0.3) -> int | float:
    """A plausible value of `metric`, within its scale, at its usual precision."""
    _, _, lo, hi, _, _, decimals = metric
    x: float = lo + (hi - lo) * rng.uniform(low, 0.95)
    return round(x, int(decimals)) if decimals else round(x)


# --- the catalog and registries -----------------------------------------------------


def catalog() -> dict[str, Any]:
    return {
        "organization": v.ORGANIZATION,
        "description": (
            f"A synthetic catalog for benchmarks: the customer journeys of {v.ORGANIZATION}, "
            "a **bank and insurer** with retail, business, wealth and insurance customers."
        ),
        "stages": [{"id": i, "name": n, "description": d} for i, n, d in v.STAGES],
    }


def registries(rng: random.Random) -> dict[str, dict[str, Any]]:
    """Registry file stem -> its content."""
    silos = [
        {
            "id": sid,
            "name": name,
            "lead": f"{rng.choice(v.FIRST_NAMES)} {rng.choice(v.LAST_NAMES)}",
            "contact": f"{sid}@contoso.example",
            "description": f"{name}: accountable for its part of the customer experience.",
        }
        for sid, name in v.SILOS
    ]
    channels = [{"id": i, "name": n, "kind": k} for i, n, k in v.CHANNELS]
    personas = [
        {
            "id": pid,
            "name": name,
            "segment": segment,
            "description": f"{name} customers of the {segment.split(',')[0]} segment.",
            "goals": rng.sample(v.PERSONA_GOALS, 3),
            "frustrations": rng.sample(v.PERSONA_FRUSTRATIONS, 3),
        }
        for pid, name, segment in v.PERSONAS
    ]
    data_sources = [
        {
            "id": f"{area}-{suffix}",
            "name": f"{area_name} {name}",
            "system": system,
            "owner": owner,
            "kind": kind,
            "contains_pii": pii,
            "description": description,
        }
        for area, area_name, owner in v.AREAS
        for suffix, name, system, kind, pii, description in v.SYSTEMS
    ]
    standards = [
        {
            "id": f"{area}-{suffix}",
            "title": f"{title} ({area_name})",
            "statement": statement,
            "owner": owner,
            "metric": metric,
            "target": target,
        }
        for suffix, title, statement, owner, metric, target in v.STANDARD_THEMES
        for area, area_name, _ in v.AREAS[:5]
    ]
    metrics = []
    for mid, name, lo, hi, higher, unit, _ in v.METRICS:
        entry: dict[str, Any] = {"id": mid, "name": name, "scale_min": lo, "scale_max": hi}
        if not higher:
            entry["higher_is_better"] = False
        metrics.append({**entry, "unit": unit})
    categories: list[dict[str, Any]] = []
    for (pid, pname), children in v.ISSUE_CATEGORIES:
        categories.append({"id": pid, "name": pname, "description": f"Issues of {pname.lower()}."})
        categories += [
            {"id": c, "name": n, "description": f"{n}: a kind of {pname.lower()}.", "parent": pid}
            for c, n in children
        ]
    listening = [
        {"id": i, "name": n, "kind": k, "channel": c} for i, n, k, c in v.LISTENING_SOURCES
    ]
    return {
        "silos": {"silos": silos},
        "channels": {"channels": channels},
        "personas": {"personas": personas},
        "data-sources": {"data_sources": data_sources},
        "standards": {"standards": standards},
        "metrics": {"metrics": metrics},
        "issue-categories": {"issue_categories": categories},
        "listening-sources": {"listening_sources": listening},
    }


# --- journeys ----------------------------------------------------------------------


#: Touchpoints per journey by default: 1,000 journeys make about 10,000 touchpoints.
TOUCHPOINTS = 10


@dataclass
class Plan:
    """What is decided for every journey before any is written: cross-journey references."""

    id: str
    folder: str
    owner: str
    product: str
    title: str
    state: str
    improves: str | None = None


def plan(rng: random.Random, count: int) -> list[Plan]:
    plans: list[Plan] = []
    taken: set[str] = set()
    current: list[str] = []
    for i in range(count):
        folder, owner, products = v.DOMAINS[i % len(v.DOMAINS)]
        slug, phrase = rng.choice(products)
        verb, words = rng.choice(v.VERBS)
        base = f"{verb}-{slug}"
        if base in taken:
            base = f"{base}-{rng.choice(v.VARIANTS)}"
        jid = _unique(base, taken)
        future = bool(current) and rng.random() < 0.12
        p = Plan(jid, folder, owner, phrase, f"{words} {phrase}", "future" if future else "current")
        if future:
            p.improves = rng.choice(current)
            p.title += " (redesigned)"
        else:
            current.append(jid)
        plans.append(p)
    return plans


class JourneyWriter:
    """Builds journey content, drawing registry ids from shared decks."""

    def __init__(
        self, rng: random.Random, regs: dict[str, dict[str, Any]], touchpoints: int = TOUCHPOINTS
    ) -> None:
        self.rng = rng
        per_stage = touchpoints / 8  # journeys have 7-9 stages, 8 on average
        self.per_stage = (max(1, round(per_stage * 0.8)), max(1, round(per_stage * 1.2)))

        def deck(stem: str, key: str) -> Deck:
            return Deck(rng, [e["id"] for e in regs[stem][key]])

        self.silos = deck("silos", "silos")
        self.channels = deck("channels", "channels")
        self.personas = deck("personas", "personas")
        self.data_sources = deck("data-sources", "data_sources")
        self.standards = deck("standards", "standards")
        self.metrics = deck("metrics", "metrics")
        self.categories = deck("issue-categories", "issue_categories")
        self.sources = deck("listening-sources", "listening_sources")
        self.metric_by_id = {m[0]: m for m in v.METRICS}
        self.silo_names = dict(v.SILOS)
        self.channel_names = {cid: name for cid, name, _ in v.CHANNELS}
        self.stage_names = {sid: name for sid, name, _ in v.STAGES}

    def journey(self, p: Plan, all_ids: list[str]) -> dict[str, Any]:
        rng = self.rng
        data: dict[str, Any] = {
            "id": p.id,
            "title": p.title,
            "summary": (
                f"How a customer gets {p.product} from {v.ORGANIZATION}, from the first "
                f"search to the last letter, with the **{len(all_ids)}-journey** catalog's "
                "usual mix of channels, silos and pain points."
            ),
            "personas": self.personas.draw(rng.randint(1, 3)),
            "owner": p.owner,
            "state": p.state,
        }
        if p.improves:
            data["improves"] = p.improves
        data["status"] = rng.choices(["published", "draft", "retired"], [90, 8, 2])[0]
        reviewed = REVIEW_START + datetime.timedelta(days=rng.randrange(500))
        data["reviewed"] = reviewed.isoformat()
        data["tags"] = rng.sample(v.TAGS, rng.randint(1, 3))
        others = [j for j in rng.sample(all_ids, min(4, len(all_ids))) if j != p.id]
        if others:
            data["related"] = others[: rng.randint(1, 3)]
        pains: list[str] = []
        data["stages"] = [self.stage(p, sid, own_id, pains) for sid, own_id in self.stage_ids()]
        if pains:
            data["opportunities"] = self.opportunities(pains)
        return data

    def stage_ids(self) -> list[tuple[str, str | None]]:
        """7-9 (catalog stage id, own id or None): one dropped, or one met twice."""
        ids = [s[0] for s in v.STAGES]
        shape = self.rng.choice([7, 8, 8, 9])
        stages: list[tuple[str, str | None]] = [(s, None) for s in ids]
        if shape == 7:
            del stages[self.rng.randrange(1, len(stages))]
        elif shape == 9:
            again = self.rng.choice(["use", "get-help"])
            stages.insert(ids.index(again) + 1, (again, f"{again}-again"))
        return stages

    def stage(self, p: Plan, sid: str, own_id: str | None, pains: list[str]) -> dict[str, Any]:
        rng = self.rng
        stage: dict[str, Any] = {"stage": sid}
        if own_id:
            stage["id"] = own_id
        if rng.random() < 0.5:
            stage["name"] = f"{self.stage_names[sid]}: {p.product}"
        stage["goal"] = rng.choice(v.PERSONA_GOALS)
        stage["emotion"] = rng.randint(-2, 2)
        if sid == "discover" or rng.random() < 0.5:
            stage["metrics"] = [self.score(history=False)]
        actions = rng.sample(v.ACTIONS[sid], min(rng.randint(*self.per_stage), len(v.ACTIONS[sid])))
        suffix = "-again" if own_id else ""
        stage["touchpoints"] = [self.touchpoint(p, a, suffix, pains) for a in actions]
        return stage

    def touchpoint(
        self, p: Plan, action: tuple[str, str], suffix: str, pains: list[str]
    ) -> dict[str, Any]:
        rng = self.rng
        slug, name = action
        owner = self.silos.one()
        channel = self.channels.one()
        t: dict[str, Any] = {
            "id": slug + suffix,
            "name": name.format(p=p.product),
            "channel": channel,
            "owner": owner,
        }
        if rng.random() < 0.6:
            t["supporting"] = self.silos.draw(rng.randint(1, 2), exclude=(owner,))
        silo = self.silo_names[owner]
        system = rng.choice(v.SYSTEMS)[2]
        t["customer"] = rng.choice(v.CUSTOMER_DOING)
        t["frontstage"] = rng.choice(v.FRONTSTAGE).format(channel=self.channel_names[channel])
        back = [s.format(silo=silo, system=system) for s in rng.sample(v.BACKSTAGE, 2)]
        t["backstage"] = back[0] if rng.random() < 0.6 else f"{back[0]}. {back[1]}."
        t["data_sources"] = self.data_sources.draw(rng.randint(1, 3))
        if rng.random() < 0.35:
            t["data_gaps"] = rng.sample(v.DATA_GAPS, rng.randint(1, 2))
        if rng.random() < 0.6:
            t["standards"] = self.standards.draw(rng.randint(1, 2))
        if rng.random() < 0.15:
            t["promise"] = rng.choice(v.PROMISES)
        if rng.random() < 0.15:
            t["moment_of_truth"] = True
        t["emotion"] = rng.randint(-2, 2)
        t["evidence"] = rng.choice(["observed", "observed", "assumed", "proposed"])
        if rng.random() < 0.35:
            t["metrics"] = [self.score(history=True) for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.25:
            t["pain_points"] = [self.pain_point(owner, pains) for _ in range(rng.randint(1, 2))]
        return t

    def score(self, history: bool) -> dict[str, Any]:
        rng = self.rng
        metric = self.metric_by_id[self.metrics.one()]
        score: dict[str, Any] = {
            "metric": metric[0],
            "target": _value(rng, metric, 0.6),
            "actual": _value(rng, metric),
        }
        if history and rng.random() < 0.6:
            score["history"] = [
                {"period": period, "value": _value(rng, metric)}
                for period in _periods(rng, rng.randint(2, 6))
            ]
        return score

    def pain_point(self, owner: str, pains: list[str]) -> dict[str, Any]:
        rng = self.rng
        pid, title, category = rng.choice(v.PAIN_POINTS)
        if rng.random() < 0.5:
            category = self.categories.one()
        pain: dict[str, Any] = {
            "id": _unique(pid, set(pains)),
            "title": title,
            "category": category,
            "severity": rng.choices(["low", "medium", "high", "critical"], [3, 4, 2, 1])[0],
            "sources": self.sources.draw(rng.randint(1, 3)),
            "contributing_silos": [owner, *self.silos.draw(rng.randint(0, 2), exclude=(owner,))],
            "evidence": rng.choice(["observed", "assumed"]),
        }
        if rng.random() < 0.5:
            pain["detail"] = rng.choice(v.PAIN_DETAILS).format(n=rng.randint(12, 900))
        pains.append(pain["id"])
        return pain

    def opportunities(self, pains: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
        taken: set[str] = set()
        return [
            {
                "id": _unique(oid, taken),
                "title": title,
                "addresses": rng.sample(pains, min(len(pains), rng.randint(1, 3))),
                "owner": self.silos.one(),
                "status": rng.choice(["idea", "planned", "in-progress", "done"]),
            }
            for oid, title in rng.sample(v.OPPORTUNITIES, rng.randint(2, 6))
        ]


def _periods(rng: random.Random, count: int) -> list[str | int]:
    """`count` consecutive periods ending in 2026: quarters mostly, else months or years."""
    kind = rng.choices(["quarter", "month", "year"], [6, 3, 1])[0]
    if kind == "year":
        return list(range(2027 - count, 2027))
    if kind == "month":
        return [f"2026-{m:02d}" for m in range(11 - count, 11)]
    quarters = [f"{y}-Q{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)][:7]
    return list(quarters[7 - count :])


# --- writing -------------------------------------------------------------------------


@dataclass
class Summary:
    files: int
    journeys: int
    journey_bytes: int
    touchpoints: int

    @property
    def average_kib(self) -> float:
        return self.journey_bytes / max(self.journeys, 1) / 1024


def generate(out: Path, journeys: int, seed: int, touchpoints: int = TOUCHPOINTS) -> Summary:
    """Write the catalog into `out` (replacing an earlier synthetic catalog there), with
    about `touchpoints` touchpoints per journey."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise FileExistsError(f"{out} is not empty and was not written by synth.py")
        shutil.rmtree(out)
    rng = random.Random(seed)
    out.mkdir(parents=True)
    _write(out / "catalog.yaml", dump(catalog(), spaced=("stages",)))
    regs = registries(rng)
    for stem, content in regs.items():
        _write(out / "registry" / f"{stem}.yaml", dump(content))
    plans = plan(rng, journeys)
    writer = JourneyWriter(rng, regs, touchpoints)
    all_ids = [p.id for p in plans]
    summary = Summary(files=1 + len(regs), journeys=journeys, journey_bytes=0, touchpoints=0)
    for p in plans:
        data = writer.journey(p, all_ids)
        text = dump(data, spaced=("stages", "opportunities"))
        _write(out / p.folder / f"{p.id}.yaml", text)
        summary.files += 1
        summary.journey_bytes += len(text.encode())
        summary.touchpoints += sum(len(s["touchpoints"]) for s in data["stages"])
    marker = {"journeys": journeys, "seed": seed, "touchpoints": touchpoints,
              "generator": generator_hash()}  # fmt: skip
    (out / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
    return summary


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, required=True, help="how many journeys")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the catalog to")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--touchpoints", type=int, default=TOUCHPOINTS,
                        help=f"touchpoints per journey, about (default {TOUCHPOINTS})")  # fmt: skip
    args = parser.parse_args(argv)
    if args.journeys < 1 or args.touchpoints < 8:
        parser.error("--journeys must be at least 1 and --touchpoints at least 8")
    try:
        s = generate(args.out, args.journeys, args.seed, args.touchpoints)
    except (FileExistsError, OSError) as e:
        print(f"synth.py: {e}", file=sys.stderr)
        return 2
    print(
        f"wrote {s.files} files to {args.out}: {s.journeys} journeys, {s.touchpoints} "
        f"touchpoints, {s.journey_bytes / 1e6:.1f} MB of journeys, {s.average_kib:.1f} KiB "
        "per journey on average"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
