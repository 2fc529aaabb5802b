"""Text from pull requests, made safe for every place a page shows it.

Three contexts, three functions, one rule: nothing a YAML file says can become markup.

- `inline(text)`: plain text inside Markdown source (a heading, a table cell). Every
  character that Markdown, its extensions or a template engine could act on is written
  as an HTML character reference, so it shows as itself and does nothing. So is every
  space but the plain one: a line break or a tab would end a heading or start a code block.
- `title(text)`: plain text used as a page title. MkDocs themes print titles without
  escaping and strip tags (which un-escapes references), so the characters that could
  open a tag or close an attribute are replaced by look-alikes instead.
- `markdown(text, under)`: a Markdown field rendered to HTML with raw HTML shown as text,
  only http(s), mailto and relative links, then sanitized by an allow-list.

`inline` and `title` also close the bidirectional embeddings a text leaves open (`closed`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_UNSAFE = re.compile(r"[^\w ,;'/%]|_")
_TITLE = str.maketrans({"<": "‹", ">": "›", '"': "”", "`": "ʼ", "&": "＆", "{": "(", "}": ")"})
_SCHEMES = {"http", "https", "mailto"}
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}


def inline(text: object) -> Markup:
    """Plain text, safe inside Markdown source and HTML alike (see module doc)."""
    return Markup(_UNSAFE.sub(lambda m: f"&#{ord(m.group())};", closed(str(text))))


def title(text: object) -> str:
    """Plain text, safe as a page title however a theme prints it (see module doc)."""
    return " ".join(closed(str(text)).translate(_TITLE).split())


_EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # left-to-right and right-to-left embeddings, overrides
_ISOLATES = "\u2066\u2067\u2068"
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def closed(text: str) -> str:
    """`text` with each bidirectional embedding, override or isolate it leaves open closed
    at its end, as the Unicode bidirectional algorithm pairs them: a right-to-left override
    in a name must not turn around what a page shows after it (the site's name in the title,
    the next link of a line)."""
    if not _BIDI.search(text):
        return text
    opened: list[str] = []
    for c in text:
        if c in _EMBEDDINGS or c in _ISOLATES:
            opened.append(c)
        elif c == "\u202c" and opened and opened[-1] in _EMBEDDINGS:
            opened.pop()
        elif c == "\u2069" and any(o in _ISOLATES for o in opened):
            while opened.pop() not in _ISOLATES:
                pass
    return text + "".join("\u2069" if o in _ISOLATES else "\u202c" for o in reversed(opened))


def _allowed_link(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in _SCHEMES or (scheme == "" and not url.strip().startswith("//"))


_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_MD.validateLink = _allowed_link  # type: ignore[method-assign]


def markdown(text: str | None, under: int = 1) -> Markup:
    """A Markdown field as safe HTML: no raw HTML, no script links, allow-listed tags only.

    The field sits under a heading of level `under`, so its own headings start one level
    below it (`#` is an h2 under the page's h1): a page keeps one h1, which is its title
    in the search index too."""
    if not text:
        return Markup("")
    tokens = _MD.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1:]) + under)}"
    html = _MD.renderer.render(tokens, _MD.options, {})
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # Template syntax stays inert however the page is processed later (e.g. a macros plugin).
    clean = clean.replace("{", "&#123;").replace("}", "&#125;")
    return Markup(clean)
