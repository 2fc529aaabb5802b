"""Each diagram of a small catalog whose contents are known, drawn by the real Graphviz."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from generator.model.index import build_index
from generator.model.types import Catalog
from generator.render.diagrams.blueprint import blueprint
from generator.render.diagrams.charts import (
    Trend,
    emotion_comparison,
    emotion_curve,
    metric_trends,
)
from generator.render.diagrams.graphs import (
    catalog_related,
    related_journeys,
    shared_silos,
    silo_handoffs,
)
from generator.render.diagrams.heatmap import _range, heat_map
from generator.render.diagrams.svg import SITE_LINK, SVG
from generator.render.links import Linker
from tests.support import journey, load

from .conftest import draw, links, shown, texts, tooltips

PAGE = "journeys/open-account/"


def feelings(data: dict[str, Any], *emotions: int) -> dict[str, Any]:
    """The journey with an emotion on each touchpoint, in order."""
    data = copy.deepcopy(data)
    touchpoints = [t for s in data["stages"] for t in s["touchpoints"]]
    for t, emotion in zip(touchpoints, emotions, strict=True):
        t["emotion"] = emotion
    return data


def first_x(svg: ET.Element) -> dict[str, float]:
    """Where each line of text is first shown, left to right."""
    found: dict[str, float] = {}
    for t in svg.iter(f"{{{SVG}}}text"):
        found.setdefault(t.text or "", float(t.attrib["x"]))
    return found


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    first = feelings(journey(related=["close-account"]), -1, 1, 2)
    first["stages"][0]["touchpoints"][0].update(
        customer="Reads the table", frontstage="Site shows fees", backstage="Rates updated weekly",
        moment_of_truth=True, data_gaps=["What they compared"], supporting=["retail"],
    )  # fmt: skip
    first["stages"][0]["metrics"][0]["history"] = [
        {"period": "2026-Q2", "value": 3.9},
        {"period": "2026-Q1", "value": 3.5},
        {"period": "2026-Q3", "value": 4.2},
    ]
    future = feelings(journey("open-account-online", title="Open an account online",
                              state="future", improves="open-account"), 1, 2, 2)  # fmt: skip
    second = journey("close-account", title="Close an account")
    return load(tmp_path, [first, future, second])


def test_blueprint_has_stages_lanes_touchpoints_silos_and_marks(catalog: Catalog) -> None:
    svg = draw(blueprint(catalog.journeys.by_id["open-account"], Linker(catalog), PAGE))
    text = shown(svg)
    for expected in ("Discover", "Join", "Get help", "Touchpoint", "Customer actions", "Frontstage",
                     "Backstage", "Support: data sources and gaps", "Pain points",
                     "line of interaction", "line of visibility", "line of internal interaction",
                     "Compares accounts", "Applies", "Calls us", "Reads the table", "Site shows fees",
                     "Rates updated weekly", "▪ CMS", "✗ missing: What they compared",
                     "Owner: Digital", "Owner: Retail", "★ moment of truth", "⚠ HIGH: Fee shown late",
                     "Legend"):  # fmt: skip
        assert expected in text, expected
    assert svg.attrib["aria-labelledby"].split() == [svg[0].attrib["id"], svg[1].attrib["id"]]
    assert svg[0].text == "Service blueprint: Open an account"
    assert "3 stages and 3 touchpoints" in (svg[1].text or "")
    assert set(links(svg)) >= {
        "./#compare",
        "./#apply",
        "./#call",
        "./#hidden-fee",
        "./#stage-discover",
    }


def test_blueprint_keeps_touchpoints_in_columns_under_their_stage(catalog: Catalog) -> None:
    svg = draw(blueprint(catalog.journeys.by_id["open-account"], Linker(catalog), PAGE))
    x = first_x(svg)
    assert x["Discover"] == x["Compares accounts"] == x["Reads the table"] == x["▪ CMS"]
    assert x["Discover"] < x["Join"] == x["Applies"] < x["Get help"] == x["Calls us"]


def test_a_large_blueprint_is_one_grid(tmp_path: Path) -> None:
    stages = [
        {"stage": "discover", "id": f"s{n}", "touchpoints": [
            {"id": f"t{n}-{m}", "name": f"Touchpoint {n}.{m}", "channel": "web", "owner": "digital",
             "data_sources": ["cms"], "customer": "Does something quite long " * 3}
            for m in range(4)]}
        for n in range(10)
    ]  # fmt: skip
    big = journey(stages=stages, opportunities=[])
    catalog = load(tmp_path, [big], **{"standards": {"standards": []}})
    svg = draw(blueprint(catalog.journeys.by_id["open-account"], Linker(catalog), PAGE))
    x = first_x(svg)
    columns = sorted({x[f"Touchpoint {n}.{m}"] for n in range(10) for m in range(4)})
    assert len(columns) == 40
    assert float(svg.attrib["width"].removesuffix("pt")) < 40 * 200


def test_emotion_curve_and_comparison_with_the_current_journey(catalog: Catalog) -> None:
    linker = Linker(catalog)
    current = catalog.journeys.by_id["open-account"]
    future = catalog.journeys.by_id["open-account-online"]
    curve = draw(emotion_curve(current, linker, PAGE))
    assert {"+2 very positive", "−2 very negative", "touchpoint emotion", "stage emotion"} <= set(
        texts(curve)
    )
    assert "Compares accounts: −1 negative" in tooltips(curve)
    assert "Calls us: +2 very positive" in tooltips(curve)
    both = draw(emotion_comparison(future, current, linker, "journeys/open-account-online/"))
    assert {"future: Open an account online", "current: Open an account"} <= set(texts(both))
    assert "Open an account, Discover: -1.0" in tooltips(both)
    assert "Open an account online, Discover: +1.0" in tooltips(both)


def test_no_emotions_no_curve(tmp_path: Path) -> None:
    catalog = load(tmp_path, [journey()])
    assert emotion_curve(catalog.journeys.by_id["open-account"], Linker(catalog), PAGE) is None


def test_metric_trend_in_time_order_with_its_target(catalog: Catalog) -> None:
    linker = Linker(catalog)
    stage = catalog.journeys.by_id["open-account"].stages[0]
    trend = Trend("Discover", stage.metrics[0], catalog.metrics.by_id["csat"])
    svg = draw(metric_trends("Open an account", [trend]))
    lines = texts(svg)
    assert [t for t in lines if re.fullmatch(r"2026-Q\d", t)] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert "latest 4.2 · target 4.5, higher is better · missed" in lines
    assert tooltips(svg) == ["2026-Q1: 3.5", "2026-Q2: 3.9", "2026-Q3: 4.2"]
    assert linker  # the trend needs no links


def test_handoffs_are_numbered_in_journey_order(catalog: Catalog) -> None:
    svg = draw(silo_handoffs(catalog.journeys.by_id["open-account"], Linker(catalog), PAGE))
    assert "handoff 1" in texts(svg) and "handoff 2" not in texts(svg)
    assert svg[1].text == "1 handoff between owning silos along the journey: Digital → Retail."


def test_one_owner_means_no_handoff_diagram(tmp_path: Path) -> None:
    data = journey()
    for stage in data["stages"]:
        for t in stage["touchpoints"]:
            t["owner"] = "digital"
    catalog = load(tmp_path, [data])
    assert silo_handoffs(catalog.journeys.by_id["open-account"], Linker(catalog), PAGE) is None


def test_related_journeys_around_one_and_across_the_catalog(catalog: Catalog) -> None:
    linker, index = Linker(catalog), build_index(catalog)
    around = draw(related_journeys(catalog.journeys.by_id["open-account"], linker, index, PAGE))
    assert {"related", "improves", "(future)", "(current)"} <= set(texts(around))
    assert sorted(links(around)) == ["../close-account/", "../open-account-online/", "./"]
    everything = draw(catalog_related(linker, "journeys/"))
    assert "Close an account" in shown(everything)
    assert "Open an account online" in shown(everything)


def test_heat_map_counts_touchpoints_and_pain_points_per_silo_and_stage(catalog: Catalog) -> None:
    svg = draw(heat_map(Linker(catalog), build_index(catalog), "reports/silos/"))
    tips = tooltips(svg)
    # open-account: compare (digital, supported by retail; one pain point) at discover;
    # the two other journeys have the same touchpoints without the supporter.
    assert "Digital at Discover: 3 touchpoints, 3 pain points" in tips
    assert "Retail at Discover: 1 touchpoints, 1 pain points" in tips
    assert "Retail at Join: 3 touchpoints, 0 pain points" in tips
    assert "Digital at Join: 0 touchpoints, 0 pain points" in tips
    assert all(SITE_LINK.fullmatch(link) for link in links(svg))


def test_heat_map_scale_names_what_each_colour_counts() -> None:
    assert [_range(step, 6) for step in range(6)] == ["0", "1–2", "3", "4", "5", "6"]
    assert [_range(step, 2) for step in range(6)] == ["0", "1", "–", "2", "–", "–"]


def test_silos_that_share_touchpoints_and_pain_points(catalog: Catalog) -> None:
    svg = draw(shared_silos(Linker(catalog), build_index(catalog), "reports/silos/"))
    assert "Digital and Retail: 1 touchpoints, 1 pain points" in tooltips(svg)
    assert "1 pp" in texts(svg)
    assert sorted(links(svg)) == ["../../silos/digital/", "../../silos/retail/"]
