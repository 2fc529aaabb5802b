"""Mermaid `journey` diagrams: a journey written as one, and one read back with positions.

Mermaid reads a task as `name: score: actor, actor` (its Jison lexer,
`diagrams/user-journey/parser/journey.jison`). There `:` ends a name, `,` an actor, `#`
starts a comment and `;` is an error; `%%` starts a comment and `%%{` a configuration
directive; a line starting with `journey`, `title`, `section`, `accTitle` or `accDescr` is
a keyword; leading spaces are dropped; `<br>` breaks a line. Before parsing, Mermaid turns
`#NN;` into the character with that code (its documented entity codes). So every such
character of catalog text is written as `#NN;`: the diagram shows the text exactly as
written, and no text can end a line, start a comment or carry a directive. Reading a
diagram decodes `#NN;` (and named codes such as `#quot;`) the same way.

Ids, channels and the other fields a diagram cannot show ride in comment lines that
Mermaid ignores, each just before the line it describes:
`%% journeys: touchpoint id=compare-accounts channel=web`.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from collections.abc import Iterable

from generator.model.types import Catalog, Journey, JourneyStage, Touchpoint

COMMENT = "journeys:"
#: Comment kind -> the keys it may carry.
META_KEYS: dict[str, tuple[str, ...]] = {
    "journey": ("id", "owner", "state", "personas"),
    "stage": ("id", "stage", "emotion"),
    "touchpoint": ("id", "channel", "emotion"),
}
ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
ENTITY = re.compile(r"#(\w+);", re.ASCII)
_ALWAYS = frozenset("#:;%<`\ufb02\u00b6")  # the last two are Mermaid's own placeholders
#: JavaScript's `\s`: what Mermaid drops around a name.
_JS_SPACE = frozenset(" \t\n\v\f\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {
    chr(c) for c in range(0x2000, 0x200B)
}
_KEYWORDS = ("journey", "title", "section", "acctitle", "accdescr")


def escape(text: str, actor: bool = False) -> str:
    """Text as Mermaid shows it verbatim: each character that could break or change the
    diagram written as `#NN;`, and so are spaces at either end (an actor's `,` too)."""
    out = []
    for i, c in enumerate(text):
        edge = i in (0, len(text) - 1) and (c in _JS_SPACE or c.isspace())
        unsafe = c in _ALWAYS or (actor and c == ",")
        if edge or unsafe or unicodedata.category(c) in ("Cc", "Zl", "Zp"):
            out.append(f"#{ord(c)};")
        else:
            out.append(c)
    return "".join(out)


def task_name(text: str) -> str:
    """A task's name escaped, and its first letter too when it would read as a keyword."""
    escaped = escape(text)
    if escaped.lower().startswith(_KEYWORDS):
        return f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped


def unescape(text: str) -> str:
    """Mermaid's entity codes decoded: `#58;` is `:`, `#quot;` is `"`; others left as written."""

    def decode(match: re.Match[str]) -> str:
        code = match.group(1)
        if re.fullmatch(r"\+?\d+", code):
            number = int(code)
            if number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF:
                return chr(number)
            return match.group(0)
        return html.entities.html5.get(code + ";", match.group(0))

    return ENTITY.sub(decode, text)


def score(emotion: int | None) -> int:
    """Mermaid's score (1 to 5) for an emotion (-2 to 2); no emotion is neutral, 3."""
    return 3 if emotion is None else emotion + 3


def task_score(stage: JourneyStage, touchpoint: Touchpoint) -> int:
    """A touchpoint's score: its emotion, else its stage's, else neutral."""
    return score(touchpoint.emotion if touchpoint.emotion is not None else stage.emotion)


def lookup(text: str, entries: Iterable[tuple[str, str]]) -> list[str]:
    """The ids of the `(id, name)` entries that `text` names: by id, else by name, ignoring
    case and surrounding spaces. More than one id means the name is ambiguous."""
    wanted = text.strip().casefold()
    pairs = list(entries)
    by_id = [i for i, _ in pairs if i.casefold() == wanted]
    return by_id or [i for i, name in pairs if name.strip().casefold() == wanted]


def silo_actor(silo_id: str, catalog: Catalog) -> str:
    """How a silo is shown as an actor: its name, or its id when the name would read back as
    another silo."""
    silo = catalog.silos.get(silo_id)
    if silo and lookup(silo.name, ((s.id, s.name) for s in catalog.silos)) == [silo_id]:
        return silo.name
    return silo_id


def to_mermaid(journey: Journey, catalog: Catalog) -> str:
    """The journey as a Mermaid `journey` diagram: a section per stage, a task per touchpoint
    scored from its emotion (see `task_score`), its owning silo then its supporting silos as
    actors, and comments carrying the ids that `journeys import mermaid` restores."""
    lines = [
        "journey",
        _comment(
            "journey",
            id=journey.id,
            owner=journey.owner,
            state=journey.state,
            personas=",".join(journey.personas),
        ),
        f"  title {escape(journey.title)}",
    ]
    for stage in journey.stages:
        catalog_stage = catalog.stages.get(stage.stage)
        name = stage.name or (catalog_stage.name if catalog_stage else stage.stage)
        lines.append(_comment("stage", id=stage.id, stage=stage.stage, emotion=stage.emotion))
        lines.append(f"  section {escape(name)}")
        for t in stage.touchpoints:
            emotion = "none" if t.emotion is None else None
            lines.append(_comment("touchpoint", id=t.id, channel=t.channel, emotion=emotion))
            actors = ", ".join(escape(silo_actor(s, catalog), actor=True) for s in t.silos)
            lines.append(f"    {task_name(t.name)}: {task_score(stage, t)}: {actors}")
    return "\n".join(lines) + "\n"


def fenced(diagram: str) -> str:
    """The diagram as a Markdown code block that GitHub and MkDocs Material draw."""
    return f"```mermaid\n{diagram}```\n"


def _comment(kind: str, **fields: object) -> str:
    pairs = " ".join(f"{k}={v}" for k, v in fields.items() if v is not None and v != "")
    indent = "    " if kind == "touchpoint" else "  "
    return f"{indent}%% {COMMENT} {kind} {pairs}"
