"""The Jinja environment pages are rendered with: overridable templates, safe by default."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
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
    if _SCHEME.match(target):
        return target
    path, hash_, fragment = target.partition("#")
    to = [p for p in path.split("/") if p]
    here = [p for p in page.split("/") if p]
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    # what posixpath.relpath gives for these clean paths, without its calls to getcwd
    rel = "/".join([".."] * (len(here) - common) + to[common:]) or "."
    if rel == ".":
        rel = "./"
    elif "." not in path.rsplit("/", 1)[-1]:
        rel += "/"
    return rel + hash_ + fragment


def front_matter(title: str, searchable: bool = True) -> str:
    """YAML front matter naming the page's title (a JSON string is a valid YAML scalar), and
    keeping the page out of Material's search index when it is not `searchable`."""
    hidden = "" if searchable else "search:\n  exclude: true\n"
    return f"---\ntitle: {json.dumps(safe.title(title))}\n{hidden}---\n\n"


def _finalize(value: Any) -> Any:
    """Every `{{ value }}` that is not already markup is escaped for Markdown and HTML."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, float):
        return f"{value:g}"
    return safe.inline(value)


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


def render(env: jinja2.Environment, template: str, page: str, **context: Any) -> str:
    """Render one page: `page` is its URL, used to make every link relative."""

    def href(target: str | Link) -> Markup:
        # URLs are built from validated ids only, so they are printed as they are.
        return Markup(relative(target.url if isinstance(target, Link) else target, page))

    try:
        body = env.get_template(template).render(page=page, href=href, **context)
    except jinja2.TemplateSyntaxError as e:
        raise InstallError(f"{e.filename}:{e.lineno}: template error: {e.message}") from e
    except jinja2.TemplateNotFound as e:
        raise InstallError(f"page template {e.name} is missing") from e
    return front_matter(context.get("title", ""), context.get("searchable", True)) + body
