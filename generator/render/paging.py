"""Long tables cut into pages of a fixed number of rows, so that no page grows with the catalog.

A section with more rows than the page size keeps its first rows on its own page, with a
line saying which rows they are and linking to the next ones; the other rows go to
continuation pages at `<page>/<section-anchor>/<n>/` (the home page's under `home/`, as
`<anchor>/<n>/` could be an entity's page: `stages/2/`), which the navigation and the search
index leave out. Headings, facts, notes and figures stay where they were, so every link
to a section still lands on it, on the page that shows its first rows.
"""

from __future__ import annotations

import dataclasses
import re

from generator.render.environment import Link
from generator.render.tables import EntityPage, Pager, Section

#: Rows a table shows on one page unless the plugin's `page_size` says otherwise.
PAGE_SIZE = 100
#: The smallest page size allowed: smaller pages would only multiply pages.
SMALLEST_PAGE = 10
#: Where the home page's continuation pages go.
HOME = "home/"


def page_size(value: object) -> int:
    """`value` as a page size: a whole number of at least SMALLEST_PAGE, else ValueError
    saying what was expected (callers name the option)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < SMALLEST_PAGE:
        raise ValueError(f"must be a whole number of at least {SMALLEST_PAGE}, not {value!r}")
    return value


def paginate(page: EntityPage, size: int = PAGE_SIZE) -> list[EntityPage]:
    """`page` with each table of more than `size` rows cut to its first `size`, then the
    continuation pages that hold the rest of each, `size` rows a page."""
    if all(len(s.rows) <= _shown(s, size) for s in page.sections):
        return [page]
    sections: list[Section] = []
    more: list[EntityPage] = []
    trail: list[str] = []
    for section, anchor in zip(page.sections, _anchors(page.sections, size), strict=True):
        trail = [*trail[: max(section.level - 2, 0)], section.title]
        if len(section.rows) <= _shown(section, size):
            sections.append(section)
            continue
        first, pages = _continued(page, section, anchor, " › ".join(trail), size)
        sections.append(first)
        more.extend(pages)
    return [dataclasses.replace(page, sections=sections), *more]


def _continued(
    page: EntityPage, section: Section, anchor: str, heading: str, size: int
) -> tuple[Section, list[EntityPage]]:
    """The section with its first rows, and a page for each further `size` rows."""
    rows, visible = section.rows, _shown(section, size)
    starts = [0, *range(visible, len(rows), size)]
    chunks = [rows[a:b] for a, b in zip(starts, [*starts[1:], len(rows)], strict=True)]
    back = f"{page.url}#{anchor}"
    under = page.url or HOME
    urls = [back, *(f"{under}{anchor}/{n}/" for n in range(2, len(chunks) + 1))]

    def pager(n: int, *back: Link) -> Pager:
        step = [Link(f"← previous {len(chunks[n - 1])}", urls[n - 1])] if n else []
        if n + 1 < len(chunks):
            step.append(Link(f"next {len(chunks[n + 1])} →", urls[n + 1]))
        first = starts[n] + 1
        return Pager(first, first + len(chunks[n]) - 1, len(rows), (*step, *back))

    pages = []
    for n in range(1, len(chunks)):
        shown = pager(n, Link(f"back to {page.title}", back))
        pages.append(EntityPage(
            urls[n], f"{page.title}: {heading}, {shown.label.lower()}", page.kicker, None,
            [("Part of", Link(page.title, back))],
            [dataclasses.replace(section, rows=chunks[n], anchor=anchor, level=2, figure=None,
                                 pager=shown)],
            searchable=False,
        ))  # fmt: skip
    return dataclasses.replace(section, rows=chunks[0], anchor=anchor, pager=pager(0)), pages


def _shown(section: Section, size: int) -> int:
    """How many of a section's rows its own page shows: `size`, or fewer if it says so."""
    return min(section.shown or size, size)


def _anchors(sections: list[Section], size: int) -> list[str]:
    """Each section's anchor: its own, or for a table to be cut that has none, one made from
    its title, unique on the page (its continuation pages are named after it)."""
    taken = {s.anchor for s in sections if s.anchor}
    found = []
    for s in sections:
        anchor = s.anchor
        if not anchor and len(s.rows) > _shown(s, size):
            base = re.sub(r"[^a-z0-9]+", "-", s.title.lower()).strip("-") or "rows"
            anchor, n = base, 1
            while anchor in taken:
                n += 1
                anchor = f"{base}-{n}"
            taken.add(anchor)
        found.append(anchor)
    return found
