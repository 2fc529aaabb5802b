"""The service blueprint of a journey: stages as columns, lanes as rows, on a fixed grid.

Graphviz's ranking aligns clusters, not nodes, so the grid is laid out here and drawn
with `neato -n`: one column per touchpoint, grouped under its stage; rows for the
touchpoint itself (channel, owning silo, moment of truth), the customer's action, the
frontstage, the backstage, support (data sources and data gaps) and pain points, with
the lines of interaction, visibility and internal interaction between them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.model.types import Journey, Touchpoint
from generator.render.diagrams import dot
from generator.render.diagrams.engine import Diagram
from generator.render.links import SEVERITIES, Linker, url

LABEL_WIDTH = 118.0
COLUMN = 150.0
GAP = 10.0
STAGE_GAP = 18.0
LINE_GAP = 22.0
LINE_HEIGHT = 12.5
PAD = 14.0
WRAP = 25

#: (lane name, the line drawn below it, the touchpoint's text for the lane).
LANES: tuple[tuple[str, str | None, Callable[[Touchpoint], str | None]], ...] = (
    ("Customer actions", "line of interaction", lambda t: t.customer),
    ("Frontstage", "line of visibility", lambda t: t.frontstage),
    ("Backstage", "line of internal interaction", lambda t: t.backstage),
)


def blueprint(journey: Journey, links: Linker, page: str) -> Diagram:
    """The service blueprint of `journey`, for the journey's page at `page`."""
    catalog = links.catalog
    silo_fill = dot.fills(s.id for s in catalog.silos)
    canvas = dot.Canvas()
    columns: list[tuple[float, Touchpoint]] = []
    stages: list[tuple[float, float, Any]] = []
    x = LABEL_WIDTH + GAP
    for stage in journey.stages:
        start = x
        for t in stage.touchpoints:
            columns.append((x + COLUMN / 2, t))
            x += COLUMN + GAP
        stages.append((start, x - GAP, stage))
        x += STAGE_GAP
    right = x - STAGE_GAP
    top = 0.0

    def lane_label(name: str, top: float, h: float, shade: str) -> None:
        canvas.add(right / 2, top, right, h, label="", style="filled", fillcolor=shade, color=shade)
        canvas.add(LABEL_WIDTH / 2, top, LABEL_WIDTH, h, label=dot.label(name, width=14),
                   shape="plaintext", fontsize="11")  # fmt: skip

    height = 34.0
    for start, end, stage in stages:
        canvas.add((start + end) / 2, top, end - start, height, style="filled,rounded",
                   fillcolor=dot.INK, color=dot.INK, fontcolor="white", fontsize="11",
                   label=dot.label(*dot.wrapped(links.stage_name(stage), int((end - start) / 6.5), 2)),
                   URL=dot.href(url("journeys", journey.id, f"stage-{stage.id}"), page),
                   tooltip=dot.label(f"Stage: {links.stage_name(stage)}"))  # fmt: skip
    top += height + GAP

    def touchpoint_lines(t: Touchpoint) -> list[str]:
        return [
            *dot.wrapped(t.name, WRAP, 3),
            f"via {links.to('channels', t.channel).text}",
            f"Owner: {links.to('silos', t.owner).text}",
            *(["★ moment of truth"] if t.moment_of_truth else []),
        ]

    rows = [touchpoint_lines(t) for _, t in columns]
    height = _height(rows)
    lane_label("Touchpoint", top, height, "#ffffff")
    touchpoint_nodes = []
    for (cx, t), lines in zip(columns, rows, strict=True):
        touchpoint_nodes.append(canvas.add(
            cx, top, COLUMN, height, label=dot.label(*lines), style="filled,rounded",
            fillcolor=silo_fill.get(t.owner, dot.FILLS[-1]),
            color=dot.INK if t.moment_of_truth else dot.LINE,
            penwidth="3" if t.moment_of_truth else "1",
            URL=dot.href(url("journeys", journey.id, t.id), page), tooltip=dot.label(t.name)))  # fmt: skip
    top += height + GAP
    previous: list[str | None] = list(touchpoint_nodes)
    shades = ("#f6f8fa", "#ffffff")
    for number, (lane, line, text) in enumerate(LANES):
        rows = [dot.wrapped(text(t), WRAP, 6) for _, t in columns]
        height = _height(rows)
        lane_label(lane, top, height, shades[number % 2])
        current: list[str | None] = []
        for (cx, _), lines in zip(columns, rows, strict=True):
            current.append(
                canvas.add(cx, top, COLUMN - 8, height - 6, label=dot.label(*lines),
                           style="filled,rounded", fillcolor="white") if lines else None
            )  # fmt: skip
        _connect(canvas, previous, current)
        previous = current
        top += height
        top = _line(canvas, top, right, line)

    support = [_support_lines(t, links) for _, t in columns]
    height = _height(support)
    lane_label("Support: data sources and gaps", top, height, shades[1])
    current = []
    for (cx, t), lines in zip(columns, support, strict=True):
        current.append(canvas.add(
            cx, top, COLUMN - 8, height - 6, label=dot.label(*lines), style="filled,rounded",
            fillcolor="#fde2e4" if not t.data_sources else "white",
            tooltip=dot.label("No data source" if not t.data_sources else "Data sources")))  # fmt: skip
    _connect(canvas, previous, current)
    top += height + GAP

    pains = [
        [(p, dot.wrapped(f"⚠ {p.severity.upper()}: {p.title}", WRAP, 4)) for p in
         sorted(t.pain_points, key=lambda p: SEVERITIES.index(p.severity))]
        for _, t in columns
    ]  # fmt: skip
    heights = [sum(_height([lines]) + 4 for _, lines in cell) for cell in pains]
    height = max([*heights, 30.0])
    lane_label("Pain points", top, height, "#fff8f8")
    for (cx, _), cell in zip(columns, pains, strict=True):
        y = top
        for p, lines in cell:
            h = _height([lines])
            canvas.add(cx, y, COLUMN - 8, h, label=dot.label(*lines), style="filled",
                       fillcolor=dot.SEVERITY_COLOURS[p.severity], fontcolor="white",
                       color=dot.SEVERITY_COLOURS[p.severity],
                       URL=dot.href(url("journeys", journey.id,
                                        links.pain_anchor(journey, p.id)), page),
                       tooltip=dot.label(p.title))  # fmt: skip
            y += h + 4
    top += height + GAP
    top = _legend(canvas, top, right, journey, links, silo_fill)
    return _diagram(journey, canvas, top, columns)


def _height(rows: list[list[str]]) -> float:
    return max([len(lines) for lines in rows] + [1]) * LINE_HEIGHT + PAD


def _line(canvas: dot.Canvas, top: float, right: float, name: str | None) -> float:
    """A dashed line across the blueprint, named in the label column; returns the new top."""
    if name is None:
        return top
    y = top + LINE_GAP / 2
    canvas.rule(LABEL_WIDTH, right, y, dot.MUTED, dashed=True)
    canvas.add(LABEL_WIDTH / 2, y - 6, LABEL_WIDTH, 12, shape="plaintext", label=dot.label(name),
               fontsize="8", fontcolor=dot.MUTED)  # fmt: skip
    return top + LINE_GAP


def _connect(canvas: dot.Canvas, above: list[str | None], below: list[str | None]) -> None:
    """Arrows down each column between the cells that have something to say."""
    for a, b in zip(above, below, strict=True):
        if a and b:
            canvas.edges.append((a, b, {"arrowsize": "0.5"}))


def _support_lines(t: Touchpoint, links: Linker) -> list[str]:
    lines = [
        line
        for s in t.data_sources
        for line in dot.wrapped(f"▪ {links.to('data-sources', s).text}", WRAP, 2)
    ]
    lines += [line for gap in t.data_gaps for line in dot.wrapped(f"✗ missing: {gap}", WRAP, 3)]
    return lines or ["no data source"]


def _legend(canvas: dot.Canvas, top: float, right: float, journey: Journey, links: Linker,
            silo_fill: dict[str, str]) -> float:  # fmt: skip
    """Owning silos with their colours, severities and marks; returns the new bottom."""
    owners = list(dict.fromkeys(t.owner for t in journey.touchpoints))
    items: list[tuple[str, dict[str, str]]] = [
        (f"Owner: {links.to('silos', s).text}", {"fillcolor": silo_fill.get(s, dot.FILLS[-1])})
        for s in owners
    ]
    items += [(f"⚠ {s} pain point", {"fillcolor": dot.SEVERITY_COLOURS[s], "fontcolor": "white"})
              for s in SEVERITIES]  # fmt: skip
    items += [("★ moment of truth", {"fillcolor": "white", "penwidth": "3", "color": dot.INK}),
              ("- - - a line between lanes", {"fillcolor": "white"})]  # fmt: skip
    canvas.add(LABEL_WIDTH / 2, top, LABEL_WIDTH, 24, shape="plaintext", label=dot.label("Legend"),
               fontsize="11")  # fmt: skip
    width = COLUMN
    per_row = max(
        1, int((max(right, LABEL_WIDTH + 4 * (width + GAP)) - LABEL_WIDTH) // (width + GAP))
    )
    for n, (text, style) in enumerate(items):
        row, col = divmod(n, per_row)
        x = LABEL_WIDTH + GAP + col * (width + GAP) + width / 2
        canvas.add(x, top + row * 30, width, 24, label=dot.label(*dot.wrapped(text, WRAP, 2)),
                   style="filled,rounded", fontsize="9", **style)  # fmt: skip
    rows = (len(items) + per_row - 1) // per_row
    return top + rows * 30


def _diagram(journey: Journey, canvas: dot.Canvas, bottom: float, columns: list[Any]) -> Diagram:
    pains = sum(len(t.pain_points) for _, t in columns)
    truths = sum(1 for _, t in columns if t.moment_of_truth)
    silos = len({t.owner for _, t in columns})
    return canvas.diagram(
        "service blueprint",
        f"Service blueprint: {journey.title}",
        (
            f"{len(journey.stages)} stages and {len(columns)} touchpoints in columns; lanes for "
            f"customer actions, frontstage, backstage, support and pain points. "
            f"{pains} pain points, {truths} moments of truth, {silos} owning silos."
        ),
        bottom,
        wide=True,
    )
