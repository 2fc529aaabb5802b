"""Writing DOT safely: escaped labels, generated node ids, fixed positions, site links.

Every piece of catalog text reaches Graphviz through `label()`, which removes control
characters, writes `&` as an entity (Graphviz would otherwise decode `&#60;`), and
escapes backslashes and `<...>` with `graphviz.escape`; the `graphviz` package quotes
the result. Node ids come from `Ids`, never from catalog ids, and links are built from
validated ids only (see `render.links.url`).
"""

from __future__ import annotations

import functools
import itertools
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import graphviz

from generator.render.diagrams.engine import Diagram
from generator.render.environment import relative

FONT = "Helvetica,Arial,sans-serif"
INK = "#1f2328"
MUTED = "#59636e"
LINE = "#8c959f"
#: Light fills that keep dark text readable (contrast above 7:1 with INK), one per silo.
FILLS = (
    "#cfe2ff", "#d1f0d8", "#ffe3c2", "#f3d1f0", "#d4f1f4", "#fff3b0",
    "#e2d9f3", "#f8d7da", "#dfe7c8", "#e9ecef", "#c9eae2", "#fde2e4",
)  # fmt: skip
#: Severity colours, each readable with white or dark text as used.
SEVERITY_COLOURS = {"critical": "#a40e26", "high": "#c4320a", "medium": "#9a6700", "low": "#57606a"}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@functools.lru_cache(maxsize=1 << 14)
def _wrap(text: str, width: int) -> tuple[str, ...]:
    """textwrap.wrap, remembered: the same names are drawn in many diagrams."""
    return tuple(textwrap.wrap(text, width))


def label(*parts: str | None, width: int = 0) -> str:
    """A DOT label of the given lines, each wrapped at `width` characters when given."""
    lines: list[str] = []
    for part in parts:
        if not part:
            continue
        flat = _CONTROL.sub(" ", part).replace("&", "&amp;")
        lines.extend(_wrap(flat, width) if width else [flat])
    return cast(str, graphviz.escape("\n".join(lines)))  # keeps the no-HTML mark


def wrapped(text: str | None, width: int, most: int) -> list[str]:
    """`text` wrapped at `width`, at most `most` lines, the last one ending in `…` if cut."""
    if not text:
        return []
    lines = list(_wrap(_CONTROL.sub(" ", text), width))
    if len(lines) > most:
        lines = [
            *lines[: most - 1],
            textwrap.shorten(" ".join(lines[most - 1 :]), width, placeholder=" …"),
        ]
    return lines


class Ids:
    """Generated node ids: `n1`, `n2`, …"""

    def __init__(self) -> None:
        self._count = itertools.count(1)

    def __call__(self) -> str:
        return f"n{next(self._count)}"


def graph(name: str, directed: bool = True, **attributes: str) -> graphviz.Digraph | graphviz.Graph:
    """A graph with the site's fonts and colours; `name` is a plain word, not catalog text."""
    cls = graphviz.Digraph if directed else graphviz.Graph
    g = cls(name)
    g.attr(bgcolor="white", fontname=FONT, fontcolor=INK, pad="0.2", **attributes)
    g.attr("node", fontname=FONT, fontcolor=INK, fontsize="10", color=LINE, margin="0.2,0.06")
    g.attr("edge", fontname=FONT, fontcolor=MUTED, fontsize="9", color=LINE)
    return g


def source(g: graphviz.Digraph | graphviz.Graph) -> str:
    """The DOT source of a graph."""
    return cast(str, g.source)


def at(x: float, y: float) -> str:
    """A fixed position in points, for `neato -n` (y grows upwards)."""
    return f"{x:.1f},{y:.1f}!"


def size(points: float) -> str:
    """A node dimension in inches, as Graphviz wants it, from points."""
    return f"{points / 72:.3f}"


@dataclass
class Canvas:
    """Fixed-size nodes placed in points from the top left, drawn with `neato -n`.

    Graphviz puts y = 0 at the bottom; `source` flips the coordinates once the
    height is known. Nodes are drawn in the order they are added.
    """

    nodes: list[tuple[str, float, float, dict[str, Any]]] = field(default_factory=list)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    ids: Ids = field(default_factory=lambda: Ids())

    def add(self, x: float, top: float, w: float, h: float, **attributes: Any) -> str:
        """A box `w` by `h` centred on `x`, its top edge at `top`; returns its node id."""
        name = self.ids()
        box = {"shape": "box", "fixedsize": "true", "width": size(w), "height": size(h)}
        self.nodes.append((name, x, top + h / 2, box | attributes))
        return name

    def rule(self, left: float, right: float, y: float, colour: str, dashed: bool = False) -> None:
        """A horizontal line at `y`. A solid one is drawn in order, like every node (a box with
        no height); a dashed one is an edge, drawn over all the nodes."""
        if not dashed:
            self.add((left + right) / 2, y, right - left, 0.01, label="", color=colour)
            return
        ends = [
            self.add(x, y, 0.1, 0.1, shape="point", label="", style="invis") for x in (left, right)
        ]
        self.edges.append((ends[0], ends[1], {"dir": "none", "style": "dashed", "color": colour}))

    def diagram(self, kind: str, title: str, description: str, bottom: float,
                wide: bool = False) -> Diagram:  # fmt: skip
        """The drawing as a `Diagram` rendered with `neato -n`, its lowest point at `bottom`."""
        source = self.source(kind.replace(" ", "_"), bottom)
        return Diagram(kind, title, description, source, engine="neato", fixed=True, wide=wide)

    def source(self, name: str, bottom: float) -> str:
        """The DOT source, for a drawing whose lowest point is at `bottom`.

        Written directly rather than through `graphviz.Digraph`, which quotes each value
        with regular expressions and took most of the time on large catalogs. Every value
        is either made here or went through `label()`, which doubles backslashes, so a
        `"` is always unescaped and quoting it is enough.
        """
        head = (
            source(graph(name, splines="line", outputorder="nodesfirst")).rstrip().removesuffix("}")
        )
        lines = [head.rstrip("\n")]
        for node, x, y, attributes in self.nodes:
            lines.append(f"\t{node} [{_attributes({'pos': at(x, bottom - y), **attributes})}]")
        for a, b, attributes in self.edges:
            lines.append(f"\t{a} -> {b} [{_attributes(attributes)}]")
        return "\n".join(lines) + "\n}\n"


def _attributes(attributes: dict[str, Any]) -> str:
    return " ".join(f"{key}={_quote(value)}" for key, value in attributes.items())


def _quote(value: object) -> str:
    return '"' + str(value).replace('"', '\\"') + '"'


def href(target: str, page: str) -> str:
    """A link from `page` to `target`, both site-root relative URLs built from ids."""
    return relative(target, page)


def fills(ids: Iterable[str]) -> dict[str, str]:
    """A fill colour for each id, in the order given (colours repeat after twelve)."""
    return {i: FILLS[n % len(FILLS)] for n, i in enumerate(dict.fromkeys(ids))}
