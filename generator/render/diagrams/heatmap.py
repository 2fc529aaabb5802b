"""The silo-by-stage heat map: where each silo acts, and where it contributes to pain."""

from __future__ import annotations

import math
from collections import Counter

from generator.model.index import CatalogIndex, counted
from generator.render.diagrams import dot
from generator.render.diagrams.engine import Diagram
from generator.render.links import Linker, url

ROW_LABEL = 150.0
CELL_W = 84.0
CELL_H = 40.0
HEADER = 44.0
#: Fills for pain-point counts from none to most, each with a readable text colour.
SCALE = (
    ("#ffffff", dot.INK), ("#fff1e5", dot.INK), ("#ffd8b5", dot.INK),
    ("#ffb77a", dot.INK), ("#f08c3c", dot.INK), ("#a40e26", "white"),
)  # fmt: skip


def heat_map(links: Linker, index: CatalogIndex, page: str) -> Diagram | None:
    """Rows of silos, columns of catalog stages; each cell counts touchpoints and pain points."""
    catalog = links.catalog
    acts, hurts = counted(index, "acts", _acts), counted(index, "hurts", _hurts)
    stages = [s.id for s in catalog.stages if index.by_stage.get(s.id)]
    active = {silo for silo, _ in acts} | {silo for silo, _ in hurts}
    silos = [s.id for s in catalog.silos if s.id in active]
    if not stages or not silos:
        return None
    most = max(hurts.values(), default=0)
    canvas = dot.Canvas()
    for col, stage in enumerate(stages):
        name = links.to("stages", stage).text
        canvas.add(ROW_LABEL + (col + 0.5) * CELL_W, 0, CELL_W - 4, HEADER - 4, shape="plaintext",
                   label=dot.label(*dot.wrapped(name, 14, 3)), fontsize="9",
                   URL=dot.href(url("stages", stage), page), tooltip=dot.label(f"Stage: {name}"))  # fmt: skip
    for row, silo in enumerate(silos):
        top = HEADER + row * CELL_H
        name = links.to("silos", silo).text
        canvas.add(ROW_LABEL / 2, top, ROW_LABEL - 6, CELL_H - 4, shape="plaintext",
                   label=dot.label(*dot.wrapped(name, 24, 2)), URL=dot.href(url("silos", silo), page),
                   tooltip=dot.label(f"Silo: {name}"))  # fmt: skip
        for col, stage in enumerate(stages):
            touchpoints, pains = acts[(silo, stage)], hurts[(silo, stage)]
            fill, ink = SCALE[_step(pains, most)]
            text = f"{touchpoints} tp {pains} pp" if touchpoints or pains else "–"
            # A cell with pain points opens the silo's pain points at that stage.
            target = url("silos", silo, f"stage-{stage}") if pains else url("stages", stage)
            canvas.add(ROW_LABEL + (col + 0.5) * CELL_W, top, CELL_W - 4, CELL_H - 4, style="filled",
                       fillcolor=fill, fontcolor=ink, color="#d0d7de", label=dot.label(text),
                       URL=dot.href(target, page),
                       tooltip=dot.label(f"{name} at {links.to('stages', stage).text}: "
                                         f"{touchpoints} touchpoints, {pains} pain points"))  # fmt: skip
    bottom = HEADER + len(silos) * CELL_H + 8
    canvas.add(ROW_LABEL / 2, bottom, ROW_LABEL, 20, shape="plaintext", fontsize="9",
               label=dot.label("pain points:"))  # fmt: skip
    for n, (fill, ink) in enumerate(SCALE):
        canvas.add(ROW_LABEL + (n + 0.5) * 60, bottom, 56, 20, style="filled", fillcolor=fill,
                   fontcolor=ink, color="#d0d7de", fontsize="9", label=dot.label(_range(n, most)))  # fmt: skip
    return canvas.diagram(
        "heat map",
        "Silos by stage: touchpoints (tp) and pain points (pp)",
        (
            f"A grid of {len(silos)} silos by {len(stages)} stages. Each cell counts the "
            "touchpoints where the silo owns or supports (tp) and the pain points it contributes "
            "to (pp); the darker the cell, the more pain points."
        ),
        bottom + 24,
        wide=len(stages) > 8,
    )


def _limits(most: int) -> list[int]:
    """The largest count each step of the scale stands for."""
    return [math.ceil(k * most / 5) for k in range(1, 6)]


def _acts(index: CatalogIndex) -> Counter[tuple[str, str]]:
    """Touchpoints by silo (owning or supporting) and catalog stage."""
    return Counter((silo, p.stage.stage) for p in index.places for silo in p.touchpoint.silos)


def _hurts(index: CatalogIndex) -> Counter[tuple[str, str]]:
    """Pain points by contributing silo and catalog stage."""
    return Counter((silo, p.place.stage.stage) for p in index.pains for silo in p.silos)


def _step(count: int, most: int) -> int:
    """0 for none, else the first step of the scale whose limit reaches `count`."""
    if count == 0:
        return 0
    return 1 + next(k for k, limit in enumerate(_limits(most)) if count <= limit)


def _range(step: int, most: int) -> str:
    """The counts a step of the scale stands for, as text (a dash when none can fall there)."""
    if step == 0:
        return "0"
    limits = [0, *_limits(most)]
    low, high = limits[step - 1] + 1, limits[step]
    return "–" if low > high else (f"{low}" if low == high else f"{low}–{high}")
