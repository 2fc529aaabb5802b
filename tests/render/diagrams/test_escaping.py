"""Catalog text reaches every diagram as text: never as DOT syntax, an HTML label or markup."""

from __future__ import annotations

import re
from pathlib import Path

from generator.model.index import build_index
from generator.render.diagrams.blueprint import blueprint
from generator.render.diagrams.charts import Trend, metric_trends
from generator.render.diagrams.engine import Diagram
from generator.render.diagrams.graphs import related_journeys, shared_silos, silo_handoffs
from generator.render.diagrams.heatmap import heat_map
from generator.render.links import Linker
from tests.support import journey, load

from .conftest import draw, shown

QUOTES = 'say "hi" \\ and \\"'
HTML = "<b>bold</b>"
ESCAPES = "\\N \\G \\L \\n x:y end\\"
ENTITY = "&#60;i&#62; &amp; & <"


def hostile_catalog(tmp_path: Path) -> tuple[Linker, Diagram, list[Diagram]]:
    data = journey(title=HTML, related=["other"])
    stage = data["stages"][0]
    stage["name"] = ESCAPES
    stage["metrics"][0]["history"] = [{"period": "2026", "value": 4}]
    t = stage["touchpoints"][0]
    t.update(name=QUOTES, customer=ENTITY, frontstage=HTML, backstage=ESCAPES, data_gaps=[QUOTES],
             supporting=["retail"])  # fmt: skip
    t["pain_points"][0]["title"] = ESCAPES
    silos = {"silos": [{"id": "digital", "name": QUOTES}, {"id": "retail", "name": ENTITY}]}
    metrics = {"metrics": [{"id": "csat", "name": HTML, "scale_min": 1, "scale_max": 5}]}
    channels = {"channels": [{"id": "web", "name": ESCAPES}]}
    catalog = load(tmp_path, [data, journey("other", title=ENTITY)], silos=silos,
                   metrics=metrics, channels=channels)  # fmt: skip
    linker, index = Linker(catalog), build_index(catalog)
    mine = catalog.journeys.by_id["open-account"]
    page = "journeys/open-account/"
    trend = Trend(QUOTES, mine.stages[0].metrics[0], catalog.metrics.by_id["csat"])
    others = [
        silo_handoffs(mine, linker, page),
        metric_trends(HTML, [trend]),
        related_journeys(mine, linker, index, page),
        heat_map(linker, index, "reports/silos/"),
        shared_silos(linker, index, "reports/silos/"),
    ]
    assert all(d is not None for d in others)
    return linker, blueprint(mine, linker, page), [d for d in others if d is not None]


def test_hostile_labels_are_shown_exactly_as_written(tmp_path: Path) -> None:
    _, plan, others = hostile_catalog(tmp_path)
    text = shown(draw(plan))
    for hostile in (QUOTES, HTML, ESCAPES, ENTITY):
        assert hostile in text, hostile
    handoffs, trends, related, heat, shared = (shown(draw(d)) for d in others)
    assert QUOTES in handoffs and ENTITY in handoffs
    assert HTML in trends and QUOTES in trends
    assert HTML in related and ENTITY in related
    assert QUOTES in heat and ENTITY in heat
    assert QUOTES in shared and ENTITY in shared


def test_node_ids_are_generated_and_no_label_is_html_like(tmp_path: Path) -> None:
    _, plan, others = hostile_catalog(tmp_path)
    for diagram in (plan, *others):
        statements = re.findall(r"^\t(\S+?)(?: -[->] (\S+))? \[", diagram.dot, flags=re.M)
        names = {n for pair in statements for n in pair if n} - {"graph", "node", "edge"}
        assert names and all(re.fullmatch(r"n\d+", n) for n in names), diagram.kind
        assert not re.search(r"=<", diagram.dot), diagram.kind  # HTML-like labels start with <
        assert "<script" not in draw(diagram).__repr__()
