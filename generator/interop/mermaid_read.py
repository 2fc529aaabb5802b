"""Reading a Mermaid `journey` diagram the way Mermaid reads it, keeping positions.

Stricter than Mermaid where Mermaid would silently drop text (`#` starts a comment, a third
`:` is ignored) or fail later: each such problem is a diagnostic naming the line and
column. The `%% journeys:` comments that `to_mermaid` writes are read as `Meta`. Front
matter is read as Mermaid reads it: only its `title`, which a `title` line replaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from generator.diagnostics import Diagnostic, Location, describe, error, excerpt, warning
from generator.interop.mermaid import COMMENT, ENTITY, META_KEYS, unescape
from generator.load.strict_yaml import load_yaml
from generator.validate.schema import is_text

SYNTAX = "mermaid-syntax"


@dataclass(frozen=True)
class Text:
    """A piece of the diagram, decoded, and where it was written."""

    value: str
    location: Location


@dataclass(frozen=True)
class Meta:
    """A `%% journeys:` comment: its kind and its `key=value` fields."""

    kind: str
    location: Location
    fields: dict[str, Text] = field(default_factory=dict)

    def get(self, key: str) -> Text | None:
        return self.fields.get(key)


@dataclass(frozen=True)
class Task:
    name: Text
    score: int | None
    score_at: Location
    actors: tuple[Text, ...]
    meta: Meta | None = None


@dataclass(frozen=True)
class Section:
    name: Text
    tasks: tuple[Task, ...]
    meta: Meta | None = None


@dataclass(frozen=True)
class Diagram:
    """A Mermaid journey diagram as written: its title, sections and tasks, in order."""

    file: str
    start: Location
    title: Text | None
    sections: tuple[Section, ...]
    meta: Meta | None = None


def parse_mermaid(text: str, file: str) -> tuple[Diagram | None, list[Diagnostic]]:
    """Read a Mermaid journey diagram (a file holding only the diagram, or Markdown with a
    ```mermaid block) the way Mermaid reads it, stricter where Mermaid would silently drop
    text. Problems are diagnostics naming the line and column; a diagram with errors is
    still returned, as far as it was read, so that every problem can be reported."""
    lines = re.split(r"\r\n?|\n", text)
    block = _journey_block(lines)
    if block is None:
        return None, [
            error(
                SYNTAX,
                "no Mermaid journey diagram: the file holds no diagram "
                "starting with `journey`, nor a ```mermaid block with one",
                Location(file),
            )
        ]
    reader = _Reader(file)
    reader.read(block)
    return reader.diagram(), reader.problems


def _journey_block(lines: Sequence[str]) -> list[tuple[int, str]] | None:
    """The numbered lines of the diagram: the first ```mermaid block that is a journey, or
    the whole file when it has no such block."""
    numbered = list(enumerate(lines, 1))
    opening = re.compile(r" {0,3}(`{3,}|~{3,})\s*mermaid\b.*", re.IGNORECASE)
    blocks: list[list[tuple[int, str]]] = []
    fence: str | None = None
    for number, line in numbered:
        if fence is None:
            match = opening.fullmatch(line)
            if match:
                fence = match.group(1)
                blocks.append([])
        elif re.fullmatch(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*", line):
            fence = None
        else:
            blocks[-1].append((number, line))
    if not blocks:
        return numbered if _first_statement(numbered) == "journey" else None
    return next((b for b in blocks if _first_statement(b) == "journey"), None)


def _first_statement(lines: Sequence[tuple[int, str]]) -> str:
    front = _front_matter(lines)
    if front is not None and not front.closed:  # a journey whose front matter is left open
        return "journey" if any(line.split()[:1] == ["journey"] for _, line in lines) else ""
    for _, line in lines[front.taken if front else 0 :]:
        stripped = line.strip()
        if stripped and not stripped.startswith(("%%", "#")):
            return stripped.split()[0].lower()
    return ""


@dataclass(frozen=True)
class FrontMatter:
    """Mermaid's front matter: the YAML between a first line `---` and the next `---` at
    the same indent, each line numbered and without that indent; `taken` counts the lines
    it takes with its fences, all of the diagram's when it is never closed."""

    body: list[tuple[int, str]]
    indent: int
    taken: int
    closed: bool


def _front_matter(lines: Sequence[tuple[int, str]]) -> FrontMatter | None:
    opening = re.fullmatch(r"([ \t]*)---\s*", lines[0][1]) if lines else None
    if opening is None:
        return None
    indent = opening.group(1)
    closing = re.compile(rf"{re.escape(indent)}---\s*")
    end = next((i for i, (_, line) in enumerate(lines) if i and closing.fullmatch(line)), None)
    body = [(n, line.removeprefix(indent)) for n, line in lines[1 : end or len(lines)]]
    taken = len(lines) if end is None else end + 1
    return FrontMatter(body, len(indent), taken, end is not None)


class _Reader:
    """Reads the lines of one diagram, statement by statement, collecting problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Diagnostic] = []
        self.start: Location | None = None
        self.title: Text | None = None
        self.front_title: Text | None = None
        self.meta: Meta | None = None
        self.sections: list[tuple[Text, Meta | None, list[Task]]] = []
        self.pending: Meta | None = None

    def at(self, line: int, index: int) -> Location:
        return Location(self.file, line, index + 1)

    def problem(self, line: int, index: int, message: str) -> None:
        self.problems.append(error(SYNTAX, message, self.at(line, index)))

    def diagram(self) -> Diagram | None:
        if self.start is None:
            return None
        sections = tuple(Section(name, tuple(tasks), meta) for name, meta, tasks in self.sections)
        return Diagram(self.file, self.start, self.title, sections, self.meta)

    def read(self, lines: list[tuple[int, str]]) -> None:
        front = _front_matter(lines)
        if front is not None:
            if not front.closed:
                self.problem(lines[0][0], 0, "the front matter opened here is never closed "
                             "by a `---` line at the same indent")  # fmt: skip
                return
            self.front_matter(front)
            lines = lines[front.taken :]
        skip_until: str | None = None
        for number, line in lines:
            stripped = line.strip()
            indent = len(line) - len(line.lstrip())
            if skip_until is not None:
                skip_until = None if skip_until in line else skip_until
            elif not stripped:
                continue
            elif stripped.startswith("%%{"):
                skip_until = None if "}%%" in stripped else "}%%"
            elif stripped.startswith("%%"):
                self.comment(number, line, indent)
            elif re.match(r"accdescr\s*\{", stripped, re.IGNORECASE):
                skip_until = None if "}" in stripped else "}"
            else:
                self.statement(number, line, indent)
        if self.start is None:
            where = lines[0][0] if lines else 1
            self.problem(where, 0, "no `journey` line: a journey diagram starts with `journey`")
        if self.pending is not None:
            self.orphan(self.pending, "the end of the diagram")

    def front_matter(self, front: FrontMatter) -> None:
        """Mermaid's front matter: its `title` is the diagram's, unless a `title` line
        follows (Mermaid sets the front matter's first, then the line's). Everything else
        in it (`config`, `displayMode`, any other key) only changes how Mermaid draws."""
        if all(not line.strip() or line.lstrip().startswith("#") for _, line in front.body):
            return  # nothing but comments: no YAML document to read
        # Blank lines first, so that the YAML's line numbers, in messages too, are the file's.
        text = "\n" * (front.body[0][0] - 1) + "".join(f"{line}\n" for _, line in front.body)
        document, problems = load_yaml(text.encode(), self.file)
        for problem in problems:
            where = self.in_front(front, problem.location)
            message = f"the front matter is not valid YAML: {problem.message}"
            self.problems.append(error(SYNTAX, message, where))
        if document is None or not isinstance(document.data, dict):
            return
        value = document.data.get("title")
        if value is None or value == "":
            return  # Mermaid draws no title for an empty one
        where = self.in_front(front, document.at(("title",)))
        if not isinstance(value, str):
            message = (
                f"the front matter's title must be text, found {describe(value)}: put it in quotes"
            )
            self.problems.append(error(SYNTAX, message, where))
        elif not is_text(value):
            self.problems.append(error(SYNTAX, "the title is empty or only whitespace", where))
        else:
            self.title = self.front_title = Text(value, where)

    def in_front(self, front: FrontMatter, location: Location) -> Location:
        """A place in the front matter's YAML as a place in the file."""
        return Location(self.file, location.line, location.column + front.indent)

    def orphan(self, meta: Meta, found: str) -> None:
        self.problems.append(
            error(
                SYNTAX,
                f"this `%% {COMMENT} {meta.kind}` comment is followed by "
                f"{found}: keep it just before the {meta.kind} it describes",
                meta.location,
            )
        )

    def take(self, kind: str, where: str) -> Meta | None:
        """The comment just before a statement of `kind`, if it describes one."""
        meta, self.pending = self.pending, None
        if meta is not None and meta.kind != kind:
            self.orphan(meta, where)
            return None
        return meta

    def comment(self, number: int, line: str, indent: int) -> None:
        body = line[indent + 2 :]
        if not body.strip().startswith(COMMENT):
            return  # a comment for people
        words = [(m.group(), m.start() + indent + 2) for m in re.finditer(r"\S+", body)]
        if len(words) < 2 or words[1][0] not in META_KEYS:
            self.problem(
                number,
                indent,
                f"a `%% {COMMENT}` comment names what it describes: {', '.join(META_KEYS)}",
            )
            return
        kind = words[1][0]
        meta = Meta(kind, self.at(number, indent))
        for word, index in words[2:]:
            key, equals, value = word.partition("=")
            if not equals or not value:
                self.problem(number, index, f"expected key=value, found {excerpt(word)}")
            elif key not in META_KEYS[kind]:
                known = ", ".join(META_KEYS[kind])
                self.problems.append(
                    warning(
                        SYNTAX,
                        f"unknown key {excerpt(key)} in a {kind} comment, ignored (known: {known})",
                        self.at(number, index),
                    )
                )
            else:
                meta.fields[key] = Text(value, self.at(number, index + len(key) + 1))
        if self.pending is not None:
            self.orphan(self.pending, f"another comment (line {number})")
        self.pending = meta

    def statement(self, number: int, line: str, indent: int) -> None:
        masked = ENTITY.sub(lambda m: "x" * len(m.group()), line)
        cut = masked.find("#")
        end = cut if cut >= 0 else len(line)
        for bad, hint in ((";", "#59;"), ("%%", "#37;#37;")):
            found = masked.find(bad, 0, end)
            if found >= 0:
                self.problem(number, found, f"'{bad}' breaks a Mermaid diagram: write {hint}")
                return
        head = re.match(r"(\S+)\s*", line[indent:end])
        if head is None:
            return  # only a `#` comment
        keyword = head.group(1).lower()
        rest_at = indent + head.end()
        rest = line[rest_at:end]
        if self.start is None:
            if keyword != "journey" or rest.strip():
                self.problem(number, indent, "a journey diagram starts with `journey`")
            self.start = self.at(number, indent)
        elif re.match(r"acc(title|descr)\s*:", line[indent:end], re.IGNORECASE):
            return  # accessible title and description: for screen readers, not for us
        elif keyword == "title":
            self.meta = self.take("journey", f"the title (line {number})")
            self.title = self.text(number, rest, rest_at, "the title")
            front = self.front_title
            if front is not None and self.title is not None and self.title.value != front.value:
                self.problems.append(
                    warning(
                        SYNTAX,
                        f"this title replaces the front matter's title '{front.value}' (line "
                        f"{front.location.line}), as it does in Mermaid: keep one of them",
                        self.title.location,
                    )
                )
        elif keyword == "section":
            meta = self.take("stage", f"a section (line {number})")
            colon = rest.find(":")
            if colon >= 0:
                self.problem(number, rest_at + colon, "':' ends a section name: write #58;")
            name = self.text(number, rest, rest_at, "the section's name")
            if name is not None:
                self.sections.append((name, meta, []))
        elif keyword.startswith("journey"):
            self.problem(
                number,
                indent,
                "only the first line may start with `journey`: write "
                f"a task's first letter as #{ord(line[indent])};",
            )
        else:
            self.task(number, line[indent:end], indent, commented=cut >= 0)

    def text(self, number: int, raw: str, index: int, what: str) -> Text | None:
        value = raw.strip()
        if not value:
            self.problem(number, index, f"{what} is empty")
            return None
        return Text(unescape(value), self.at(number, index + len(raw) - len(raw.lstrip())))

    def task(self, number: int, raw: str, indent: int, commented: bool) -> None:
        meta = self.take("touchpoint", f"a task (line {number})")
        pieces = list(_split(raw, ":", indent))
        if len(pieces) < 2:
            self.problem(
                number,
                indent,
                "expected a task, `name: score: actor, actor`, or a `title` or `section` line"
                + (" ('#' starts a comment: write #35;)" if commented else ""),
            )
            return
        if len(pieces) > 3:
            self.problem(
                number,
                pieces[3][1] - 1,
                "a task has two ':' at most "
                "(`name: score: actor, actor`): write a ':' in text as #58;",
            )
            return
        name = self.text(number, pieces[0][0], pieces[0][1], "the task's name")
        (score_text, score_index) = pieces[1]
        value = score_text.strip()
        score_at = self.at(number, score_index + len(score_text) - len(score_text.lstrip()))
        parsed: int | None = None
        if re.fullmatch(r"\+?[0-9]+(\.0*)?", value) and 1 <= float(value) <= 5:
            parsed = int(float(value))
        else:
            self.problems.append(
                error(
                    SYNTAX,
                    f"a task's score is a whole number from 1 to 5, found {excerpt(value)}",
                    score_at,
                )
            )
        actors: list[Text] = []
        if len(pieces) == 3:
            for actor, index in _split(pieces[2][0], ",", pieces[2][1]):
                found = self.text(number, actor, index, "an actor's name")
                if found is not None:
                    actors.append(found)
        if name is None:
            return
        if not self.sections:
            self.problem(number, indent, "a task comes after a `section` line: the stage it is in")
            return
        self.sections[-1][2].append(Task(name, parsed, score_at, tuple(actors), meta))


def _split(text: str, separator: str, offset: int) -> Iterator[tuple[str, int]]:
    """`text` split on `separator`, each piece with its index in the line."""
    start = 0
    for piece in text.split(separator):
        yield piece, offset + start
        start += len(piece) + len(separator)
