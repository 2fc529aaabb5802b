"""Diagrams of small catalogs, drawn by the real Graphviz, read back as XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from generator.model.types import Catalog
from generator.render.diagrams.engine import Diagram, Renderer
from generator.render.diagrams.svg import SVG
from generator.validate import validate_catalog
from tests.support import TODAY, write_catalog


def load(root: Path, journeys: list[dict[str, Any]], **registries: Any) -> Catalog:
    """Write a catalog, validate it (it must have no errors) and return its model."""
    from tests.support import registries as with_changes

    folder = write_catalog(root, journeys, registries=with_changes(**registries))
    checked = validate_catalog(folder, TODAY)
    assert not checked.result.errors, checked.result.sorted()
    assert checked.catalog is not None
    return checked.catalog


def draw(diagram: Diagram | None) -> ET.Element:
    """The diagram drawn by Graphviz and cleaned, parsed back."""
    assert diagram is not None
    renderer = Renderer()
    renderer.render_all([diagram])
    return ET.fromstring(renderer.svg(diagram))


def texts(svg: ET.Element) -> list[str]:
    """Every line of text the picture shows, in order."""
    return [t.text or "" for t in svg.iter(f"{{{SVG}}}text")]


def shown(svg: ET.Element) -> str:
    """All text of the picture as one line, words separated by single spaces."""
    return re.sub(r"\s+", " ", " ".join(texts(svg)))


def tooltips(svg: ET.Element) -> list[str]:
    """The tooltip of every linked or explained shape."""
    return [t.text or "" for a in svg.iter(f"{{{SVG}}}a") for t in a.iterfind(f"{{{SVG}}}title")]


def links(svg: ET.Element) -> list[str]:
    return [a.attrib["href"] for a in svg.iter(f"{{{SVG}}}a") if "href" in a.attrib]
