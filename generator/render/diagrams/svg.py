"""Graphviz's SVG made fit to inline in a page: no script, own links only, unique ids.

Graphviz writes an XML prolog, comments naming nodes, a `<title>` per node holding its
generated id, and ids like `node1` that would collide between two diagrams on a page.
`clean` keeps only the drawing elements Graphviz uses, drops event attributes and any
link that does not lead to a page of the site, writes links the SVG 2 way (`href`, and a
`<title>` for the tooltip), prefixes every id, and gives the root a `<title>` and `<desc>`
that screen readers announce.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

#: The elements Graphviz draws with; anything else is dropped with its content.
DRAWING = frozenset(
    f"{{{SVG}}}{tag}"
    for tag in ("svg", "g", "a", "text", "polygon", "polyline", "path", "ellipse", "title")
)
#: A link to a page of the site: relative, no scheme, no host, an optional anchor.
SITE_LINK = re.compile(r"(\.\./|\./)*([a-z0-9-]+/)*(#[a-z0-9-]+)?")
_URL_REF = re.compile(r"url\(#([^)]*)\)")


def clean(raw: bytes, prefix: str, title: str, description: str) -> str:
    """The inline SVG for Graphviz output `raw`; ids start with `jc-<prefix>-`."""
    root = ET.fromstring(raw)
    prefix = f"jc-{prefix}-"
    _prune(root)
    _plain_links(root)
    for element in root.iter():
        for name in list(element.attrib):
            local = name.rpartition("}")[2]
            value = element.attrib[name]
            if _unsafe(local, value):
                del element.attrib[name]
            elif local == "id":
                element.attrib[name] = prefix + value
            elif "url(#" in value:
                element.attrib[name] = _URL_REF.sub(lambda m: f"url(#{prefix}{m[1]})", value)
    root.attrib.update(
        {
            "class": "jc-svg",
            "role": "img" if not _has_links(root) else "group",
            "aria-labelledby": f"{prefix}title {prefix}desc",
        }
    )
    desc = ET.Element(f"{{{SVG}}}desc", {"id": f"{prefix}desc"})
    desc.text = description
    heading = ET.Element(f"{{{SVG}}}title", {"id": f"{prefix}title"})
    heading.text = title
    root.insert(0, desc)
    root.insert(0, heading)
    return ET.tostring(root, encoding="unicode")


def _prune(element: ET.Element) -> None:
    """Drop elements Graphviz should not have made, and its per-node `<title>`s."""
    for child in list(element):
        if child.tag not in DRAWING or child.tag == f"{{{SVG}}}title":
            element.remove(child)
        else:
            _prune(child)
        if child.tail is not None:
            child.tail = "\n" if child.tail.strip() == "" else child.tail


def _plain_links(root: ET.Element) -> None:
    """SVG 2 links: `href` instead of `xlink:href`, and the tooltip as a `<title>` child,
    which screen readers also use to name the link."""
    for link in root.iter(f"{{{SVG}}}a"):
        href = link.attrib.pop(f"{{{XLINK}}}href", None)
        tip = link.attrib.pop(f"{{{XLINK}}}title", None)
        if href is not None:
            link.attrib["href"] = href
        if tip:
            title = ET.Element(f"{{{SVG}}}title")
            title.text = tip
            title.tail = "\n"
            link.insert(0, title)


def _unsafe(name: str, value: str) -> bool:
    """Event handlers, link targets, and links that leave the site."""
    if name.lower().startswith("on") or name == "target":
        return True
    return name == "href" and not SITE_LINK.fullmatch(value)


def _has_links(root: ET.Element) -> bool:
    return any("href" in e.attrib for e in root.iter(f"{{{SVG}}}a"))
