"""Graphs laid out by Graphviz: silo handoffs along a journey, related journeys, silos that share."""

from __future__ import annotations

import itertools
import math

from generator.model.index import CatalogIndex, shared_by_silos
from generator.model.types import Journey, Touchpoint
from generator.render.diagrams import dot
from generator.render.diagrams.engine import Diagram
from generator.render.links import Linker, url

#: The most journeys the catalog-wide graph of related journeys draws.
MOST_RELATED = 150
#: The most pairs of silos the graph of silos that share draws (the strongest).
MOST_PAIRS = 60


def silo_handoffs(journey: Journey, links: Linker, page: str) -> Diagram | None:
    """The owning silos in journey order, one box per run of touchpoints, each handoff numbered."""
    runs: list[list[Touchpoint]] = []
    for t in journey.touchpoints:
        if runs and runs[-1][0].owner == t.owner:
            runs[-1].append(t)
        else:
            runs.append([t])
    if len(runs) < 2:
        return None
    fill = dot.fills(s.id for s in links.catalog.silos)
    g = dot.graph("handoffs", rankdir="LR", nodesep="0.3", ranksep="0.45")
    ids = dot.Ids()
    names = []
    for run in runs:
        first = run[0]
        count = f"{len(run)} touchpoint{'s' if len(run) > 1 else ''}"
        name = ids()
        g.node(name, shape="box", style="filled,rounded", fillcolor=fill.get(first.owner, dot.FILLS[-1]),
               label=dot.label(*dot.wrapped(links.to("silos", first.owner).text, 22, 2), count,
                               *dot.wrapped(first.name, 22, 2)),
               URL=dot.href(url("journeys", journey.id, first.id), page),
               tooltip=dot.label(f"{links.to('silos', first.owner).text}: "
                                 + "; ".join(t.name for t in run)))  # fmt: skip
        names.append(name)
    for number, (a, b) in enumerate(itertools.pairwise(names), start=1):
        g.edge(a, b, label=dot.label(f"handoff {number}"), color=dot.INK, penwidth="1.5")
    total = len(runs) - 1
    order = " → ".join(links.to("silos", run[0].owner).text for run in runs)
    return Diagram(
        kind="silo handoffs",
        title=f"Silo handoffs: {journey.title}",
        description=f"{total} handoff{'' if total == 1 else 's'} between owning silos along the journey: {order}.",
        dot=dot.source(g),
        wide=True,
    )


def related_journeys(
    journey: Journey, links: Linker, index: CatalogIndex, page: str
) -> Diagram | None:
    """This journey with the journeys it is related to, improves, or is improved by."""
    catalog = links.catalog
    edges: list[tuple[str, str, str]] = []
    edges += [(journey.id, other, "related") for other in journey.related]
    edges += [(j.id, journey.id, "related") for j in index.related_to.get(journey.id, [])]
    if journey.improves:
        edges.append((journey.id, journey.improves, "improves"))
    edges += [(j.id, journey.id, "improves") for j in index.improved_by.get(journey.id, [])]
    edges = [(a, b, k) for a, b, k in edges if a in catalog.journeys and b in catalog.journeys]
    if not edges:
        return None
    return _journey_graph(
        f"Related journeys: {journey.title}", edges, links, page, focus=journey.id
    )


def catalog_related(links: Linker, page: str) -> Diagram | None:
    """Every journey that is related to, improves or is improved by another; None if too many."""
    catalog = links.catalog
    edges = [(j.id, other, "related") for j in catalog.journeys for other in j.related]
    edges += [(j.id, j.improves, "improves") for j in catalog.journeys if j.improves]
    edges = [(a, b, k) for a, b, k in edges if a in catalog.journeys and b in catalog.journeys]
    nodes = {n for a, b, _ in edges for n in (a, b)}
    if not edges or len(nodes) > MOST_RELATED:
        return None
    return _journey_graph("Related journeys across the catalog", edges, links, page, focus=None)


def _journey_graph(title: str, edges: list[tuple[str, str, str]], links: Linker, page: str,
                   focus: str | None) -> Diagram:  # fmt: skip
    catalog = links.catalog
    g = dot.graph("related", rankdir="LR", nodesep="0.25")
    ids = dot.Ids()
    names: dict[str, str] = {}
    seen: set[frozenset[str]] = set()
    for a, b, kind in edges:
        if kind == "related" and frozenset((a, b)) in seen:
            continue
        seen.add(frozenset((a, b)))
        for journey_id in (a, b):
            if journey_id not in names:
                journey = catalog.journeys.by_id[journey_id]
                names[journey_id] = ids()
                g.node(names[journey_id], shape="box", style="filled,rounded",
                       fillcolor="#0969da" if journey_id == focus else "white",
                       fontcolor="white" if journey_id == focus else dot.INK,
                       label=dot.label(*dot.wrapped(journey.title, 26, 3), f"({journey.state})"),
                       URL=dot.href(url("journeys", journey_id), page),
                       tooltip=dot.label(journey.title))  # fmt: skip
        if kind == "improves":
            g.edge(names[a], names[b], label=dot.label("improves"), color=dot.INK, style="bold")
        else:
            g.edge(names[a], names[b], label=dot.label("related"), dir="none", style="dashed")
    return Diagram(
        kind="related journeys",
        title=title,
        description=(
            f"{len(names)} journeys; solid arrows point from a future journey to the current "
            "journey it improves, dashed lines join related journeys."
        ),
        dot=dot.source(g),
    )


def shared_silos(links: Linker, index: CatalogIndex, page: str) -> Diagram | None:
    """Silos around a circle, joined when they act at the same touchpoints or share pain
    points; only the `MOST_PAIRS` strongest pairs are drawn, so that it stays readable."""
    shared = shared_by_silos(index)
    if not shared:
        return None
    strongest = sorted(shared.items(), key=lambda item: (-item[1][1], -item[1][0], item[0]))
    drawn = dict(strongest[:MOST_PAIRS])
    order = {s.id: n for n, s in enumerate(links.catalog.silos)}
    silos = sorted({s for pair in drawn for s in pair}, key=lambda s: (order.get(s, len(order)), s))
    fill = dot.fills(s.id for s in links.catalog.silos)
    radius = max(150.0, len(silos) * 120 / (2 * math.pi) * 1.3)
    canvas = dot.Canvas()
    names = {}
    for n, silo in enumerate(silos):
        angle = 2 * math.pi * n / len(silos) - math.pi / 2
        x, y = radius + 80 + radius * math.cos(angle), radius + 30 + radius * math.sin(angle)
        name = links.to("silos", silo).text
        names[silo] = canvas.add(x, y - 17, 130, 34, style="filled,rounded", fontsize="10",
                                 fillcolor=fill.get(silo, dot.FILLS[-1]),
                                 label=dot.label(*dot.wrapped(name, 22, 1), f"owns {len(index.owned_by[silo])}"),
                                 URL=dot.href(url("silos", silo), page), tooltip=dot.label(name))  # fmt: skip
    heaviest = max(sum(counts) for counts in drawn.values())
    for (a, b), (acts, hurt) in drawn.items():
        canvas.edges.append((names[a], names[b], {
            "dir": "none", "color": "#c4320a" if hurt else dot.LINE,
            "penwidth": f"{1 + 3 * math.log1p(acts + hurt) / math.log1p(heaviest):.2f}",
            **({"label": dot.label(f"{hurt} pp")} if hurt else {}),
            "tooltip": dot.label(f"{links.to('silos', a).text} and {links.to('silos', b).text}: "
                                 f"{acts} touchpoints, {hurt} pain points")}))  # fmt: skip
    left_out = len(shared) - len(drawn)
    return canvas.diagram(
        "silo graph",
        "Silos that share touchpoints and pain points",
        f"{len(silos)} silos around a circle; a line joins two silos that act at the same "
        "touchpoints (as owner or supporter) or contribute to the same pain points (drawn "
        "red, with their number: pp). The thicker the line, the more they share."
        + (f" The {left_out} weakest of {len(shared)} pairs are left out." if left_out else ""),
        2 * radius + 60,
    )
