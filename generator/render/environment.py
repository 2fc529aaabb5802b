"""The Jinja environment pages are rendered with: overridable templates, safe by default."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from generator.errors import InstallError
from generator.render import safe

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Link:
    """A link to a page of the site: `url` is relative to the site root, e.g. `silos/digital/`."""

    text: str
    url: str


_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)


def relative(target: str, page: str) -> str:
    """The URL of `target` as seen from `page` (both site-root relative, directory style).

    A page URL ends in a slash; a file's (`schema/journey.schema.json`, its last part has a
    dot, which no id has) keeps its name as it is. A URL with a scheme (`https:`) is absolute
    and stays as it is.
    """
    path, hash_, fragment = target.partition("#")
    if ":" in path and _SCHEME.match(target):
        return target
    to, here = _parts(path), _parts(page)
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    # what posixpath.relpath gives for these clean paths, without its calls to getcwd
    up = len(here) - common
    if not up and common == len(to):
        return "./" + hash_ + fragment
    rel = "../" * up + "/".join(to[common:])
    if not rel.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        rel += "/"
    return rel + hash_ + fragment


@functools.lru_cache(maxsize=1 << 16)
def _parts(path: str) -> tuple[str, ...]:
    """A site path's parts: the same few thousand paths are split for every link."""
    return tuple(p for p in path.split("/") if p)


#: PyYAML's emitter, the counterpart of the reader MkDocs reads front matter with.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(title: str, searchable: bool = True) -> str:
    """YAML front matter naming the page's title, and keeping the page out of Material's
    search index when it is not `searchable`.

    The title is written by PyYAML as one double-quoted line: any text reads back exactly,
    escaped where YAML needs it (`\\U0001F3E6` for a character beyond the Basic Multilingual
    Plane, which MkDocs' reader refuses as a JSON-style surrogate pair)."""
    quoted = yaml.dump(
        safe.title(title), Dumper=_DUMPER, default_style='"', allow_unicode=True, width=1 << 30
    ).removesuffix("\n")
    hidden = "" if searchable else "search:\n  exclude: true\n"
    return f"---\ntitle: {quoted}\n{hidden}---\n\n"


#: Where a block set aside by `render(..., held=[...])` goes back into the page's HTML.
HELD = re.compile(r"<!--journeys-held:(\d+)-->")


def restore(html: str, held: list[str]) -> str:
    """The page's HTML with every block `render` set aside put back in its place."""
    return HELD.sub(lambda m: held[int(m.group(1))], html)


def _finalize(value: Any) -> Any:
    """Every `{{ value }}` that is not already markup is escaped for Markdown and HTML."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, float):
        return f"{value:g}"
    return safe.inline(value)


@functools.lru_cache(maxsize=1 << 16)
def _text(value: str) -> str:
    """`safe.inline` of a text, remembered: tables repeat the same names thousands of times."""
    return str(safe.inline(value))


_ANCHOR = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_FILE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.[a-z]+")


def _anchor(value: str) -> Markup:
    """An HTML id made of a catalog id (already validated): printed as it is."""
    if not _ANCHOR.fullmatch(value):
        raise ValueError(f"not an anchor: {value!r}")
    return Markup(value)


def _file(value: str) -> Markup:
    """A file name the generator made (`service-blueprint-0a1b2c3d4e5f.svg`): printed as it is."""
    if not _FILE.fullmatch(value):
        raise ValueError(f"not a generated file name: {value!r}")
    return Markup(value)


def environment(overrides: Path | None = None) -> jinja2.Environment:
    """Templates from `overrides` (an organization's `site_overrides/pages/`) before ours."""
    folders = [str(overrides)] if overrides and overrides.is_dir() else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, str(TEMPLATES)]),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = safe.markdown
    env.filters["anchor"] = _anchor
    env.filters["file"] = _file
    env.filters["title"] = safe.title
    env.globals["Link"] = Link
    env.tests["link"] = lambda value: isinstance(value, Link)
    return env


class _Markup:
    """The HTML of tables and facts, written in Python: on large pages they are most of the
    markup, and a Jinja macro per cell made rendering several times slower."""

    def __init__(self, page: str, held: list[str] | None) -> None:
        self.page = page
        self.held = held
        self._links: dict[Link, str] = {}  # a page links to the same entries many times

    def href(self, target: str | Link) -> Markup:
        # URLs are built from validated ids only, so they are printed as they are.
        return Markup(relative(target.url if isinstance(target, Link) else target, self.page))

    def cell(self, value: Any) -> Markup:
        """A link, a list of values joined by commas, or escaped text."""
        return Markup(self._cell(value))

    def _cell(self, value: Any) -> str:
        if isinstance(value, Link):
            html = self._links.get(value)
            if html is None:
                html = f'<a href="{relative(value.url, self.page)}">{_text(value.text)}</a>'
                self._links[value] = html
            return html
        if isinstance(value, str):
            return value if isinstance(value, Markup) else _text(value)
        if isinstance(value, Iterable) and not isinstance(value, Mapping):
            return ", ".join(self._cell(v) for v in value)
        return str(_finalize(value))

    def table(
        self,
        columns: list[str],
        rows: list[list[Any]],
        filter: bool = True,
        searchable: bool = False,
    ) -> Markup:
        """A sortable table, filterable too when `filter`; out of the search index unless
        `searchable`, which also keeps it in the Markdown."""
        kind = "jc-table jc-sortable jc-filterable" if filter else "jc-table jc-sortable"
        head = "".join(f"<th>{_finalize(c)}</th>" for c in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{self._cell(v)}</td>" for v in row) + "</tr>\n" for row in rows
        )
        html = (
            f'<div class="{kind}"{"" if searchable else " data-search-exclude"}>\n<table>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n</div>"
        )
        return Markup(html) if searchable else self.hold(html)

    def facts(self, items: list[tuple[str, Any]]) -> Markup:
        """A definition list of the items with a value (0 counts as one)."""
        shown = "".join(
            f"<dt>{_finalize(label)}</dt><dd>{self._cell(value)}</dd>\n"
            for label, value in items
            if value or value == 0
        )
        return self.hold(f'<dl class="jc-facts" data-search-exclude>\n{shown}</dl>')

    def hold(self, html: str) -> Markup:
        """`html` itself, or, when blocks are held, a placeholder for it (see `render`)."""
        if self.held is None:
            return Markup(html)
        self.held.append(html)
        return Markup(f"<!--journeys-held:{len(self.held) - 1}-->")


def render(
    env: jinja2.Environment,
    template: str,
    page: str,
    held: list[str] | None = None,
    **context: Any,
) -> str:
    """Render one page: `page` is its URL, used to make every link relative.

    With a `held` list, tables and facts are appended to it and the page has a one-line
    placeholder for each instead (`HELD`): MkDocs then reads a short page, and the plugin
    puts the blocks back into the HTML (`restore`). The blocks are finished HTML that
    neither Markdown nor the search index needs to read, and reading them was most of the
    build's time.
    """
    parts = _Markup(page, held)
    try:
        body = env.get_template(template).render(
            page=page,
            href=parts.href,
            cell_html=parts.cell,
            table_html=parts.table,
            facts_html=parts.facts,
            hold=parts.hold,
            **context,
        )
    except jinja2.TemplateSyntaxError as e:
        raise InstallError(f"{e.filename}:{e.lineno}: template error: {e.message}") from e
    except jinja2.TemplateNotFound as e:
        raise InstallError(f"page template {e.name} is missing") from e
    return front_matter(context.get("title", ""), context.get("searchable", True)) + body
