"""Diagrams of small catalogs, drawn by the real Graphviz, read back as XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.render.diagrams.engine import Diagram, Renderer
from generator.render.diagrams.svg import SVG


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
