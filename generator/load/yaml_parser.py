"""The one YAML parser catalog files are read with, and where its reading is checked.

Catalog files are parsed by libyaml (PyYAML's `CParser`) and by nothing else. PyYAML can
also parse in pure Python, but the two parsers give different verdicts on about twenty
cases of the official YAML test suite (a tab after a value, some comments, some flow
collections), so a file would pass on one machine and fail on another. libyaml is about
seven times faster, and PyYAML's wheels bundle it on every common platform; where it is
missing, `parse` raises `InstallError` rather than read the file differently.

libyaml departs from YAML 1.2 in a few places. `characters.prepare` hands it the text it
would misread (U+2028, a last line of spaces) and `Checks` compares its events with the
text, so that a file is either read as YAML 1.2 reads it or refused with a message saying
why:

- accepted by libyaml, refused by YAML 1.2: a comment with no space before its `#`, a
  lone `-`, `?` or `:` as text, lines that continue a quoted value or a bracketed list
  without being indented under their key, a block scalar whose blank first lines hold
  more spaces than its text;
- read differently by libyaml: an anchor name with a character other than a letter, a
  digit, `-` or `_` (`&an:chor` is the anchor `an:chor`), and `?foo` inside brackets or
  braces (the text `?foo`, not a key): refused, valid YAML but not allowed in a catalog;
- directives (`%YAML`) and document markers other than a first `---`: refused likewise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from generator.errors import InstallError

_BLOCK_INDICATOR = re.compile(r"[|>]")
_BLOCK_HEADER = re.compile(r"[|>](?:[1-9][+-]?|[+-][1-9]?)?(?:[ \t]+(?:#.*)?)?\r?")
_INDICATORS = frozenset("-?:")
_SEPARATORS = frozenset(" \t\r\n")
_FLOW_INDICATORS = frozenset(",[]{}")


def parse(text: str) -> Iterator[yaml.Event]:
    """The parser's events for `text`, from libyaml; `InstallError` if PyYAML lacks it."""
    try:
        from yaml._yaml import CParser
    except ImportError as e:
        raise InstallError(
            "PyYAML is installed without libyaml, the parser catalog files are read with: "
            "reinstall it from a wheel (pip install --force-reinstall --only-binary=:all: PyYAML)"
        ) from e
    parser = CParser(text)
    return iter(parser.get_event, None)  # the composer stops at the end of the stream


class Checks:
    """Where libyaml's events are checked against the text (see the module doc). Each
    check returns None, or the index in the text and the message of what is wrong."""

    def __init__(self, text: str) -> None:
        self.text = text
        # most files have neither: the checks that look for them are skipped
        self.glued = _glued_anywhere(text)
        self.question = "?" in text

    def document_start(self, event: yaml.Event) -> tuple[int, str] | None:
        if getattr(event, "version", None) is not None or getattr(event, "tags", None):
            return _start(event), (
                "a directive ('%YAML', '%TAG') is valid YAML but not allowed in a catalog "
                "file: remove it"
            )
        return None

    def document_end(self, event: yaml.Event) -> tuple[int, str] | None:
        if getattr(event, "explicit", False):
            return _start(event), (
                "'...' (the end of a document) is valid YAML but not allowed in a catalog "
                "file: remove it"
            )
        return None

    def block_column(self, event: yaml.Event) -> int:
        """The column (0-based) of a block collection's first key or '-', past any anchor."""
        if getattr(event, "anchor", None) is None and getattr(event, "tag", None) is None:
            return event.start_mark.column if event.start_mark is not None else 0
        text = self.text
        index = _start(event)
        while index < len(text):
            if text[index] in _SEPARATORS:
                index += 1
            elif text[index] == "#":
                index = text.find("\n", index) % (len(text) + 1)
            elif text[index] in "&!":
                index += len(self._name_at(index))
            else:
                break
        return index - max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) - 1

    def wanted(self, event: yaml.ScalarEvent, in_flow: bool) -> bool:
        """Whether `node` has anything to check in this scalar: most text has nothing."""
        style = event.style
        if event.anchor is not None or self.glued or style in ("|", ">"):
            return True
        if in_flow and self.question:
            return True
        if not style:
            return event.value[:1] in _INDICATORS
        return self.text.find("\n", _start(event), _end(event)) >= 0

    def node(self, event: yaml.Event, in_flow: bool, indent: int) -> tuple[int, str] | None:
        """The checks of a node's start: its anchor, its first character, its layout."""
        if getattr(event, "tag", None) is not None:
            return None  # refused already: a tag is not allowed
        start = _start(event)
        anchor: str | None = getattr(event, "anchor", None)
        if (
            anchor is not None
            and not isinstance(event, yaml.AliasEvent)
            and self.text.startswith("&" + anchor, start)
        ):
            after = start + 1 + len(anchor)
            if not self._ends_name(after):
                return start, name_message("&", self._name_at(start + 1))
            start = self._skip_blanks(after)
        if isinstance(event, yaml.AliasEvent):
            if not self._ends_name(start + 1 + len(event.anchor or "")):
                return start, name_message("*", self._name_at(start + 1))
            return self._glued_comment(_end(event), in_flow)
        if (
            self.question
            and start > 0
            and self.text[start - 1] == "?"
            and self._indicator_at(start - 1)
        ):
            text = "?" + self._name_at(start).removesuffix(":")
            return start - 1, (
                f"'{text}' inside brackets or braces is valid YAML but not allowed in a "
                f"catalog file: YAML 1.2 reads the text '{text}', other tools a key; quote "
                "it, or put a space after '?' to make it a key"
            )
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, start, in_flow, indent)
        if isinstance(event, yaml.CollectionStartEvent) and event.flow_style:
            return self._glued_comment(_end(event), in_flow)
        return None

    def flow_end(
        self, start: yaml.Event, end: yaml.Event, in_flow: bool, indent: int
    ) -> tuple[int, str] | None:
        """The checks of a bracketed list or braced mapping, once it is closed."""
        if not self.glued and (in_flow or self.text.find("\n", _start(start), _end(end)) < 0):
            return None
        if not in_flow:
            found = self._continuation(_start(start), _end(end), indent, True)
            if found is not None:
                return found
        return self._glued_comment(_end(end), in_flow)

    def _scalar(
        self, event: yaml.ScalarEvent, start: int, in_flow: bool, indent: int
    ) -> tuple[int, str] | None:
        text = self.text
        style = event.style
        if not style:
            value = event.value
            if value and value[0] in "-?:":
                following = text[start + 1 : start + 2]
                if (
                    not following
                    or following in _SEPARATORS
                    or (in_flow and following in _FLOW_INDICATORS)
                ):
                    return start, (
                        f"invalid YAML: a lone '{value[0]}' is not text here: quote it "
                        f"('\"{value}\"')"
                    )
            if in_flow:
                return self._glued_comment(_end(event), in_flow)
            return None
        if style in "|>":
            return self._block_scalar(start, indent)
        # inside brackets too: a line of quoted text starting with '#' is no comment
        found = self._continuation(start, _end(event), indent, False)
        if found is not None:
            return found
        return self._glued_comment(_end(event), in_flow)

    def _block_scalar(self, start: int, indent: int) -> tuple[int, str] | None:
        text = self.text
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        header = _BLOCK_INDICATOR.search(text, start, line_end)
        if header is None:  # pragma: no cover - the parser found one
            return None
        if not _BLOCK_HEADER.fullmatch(text, header.start(), line_end):
            return header.start(), (
                "invalid YAML: a block scalar's '|' or '>' may be followed only by an "
                "indentation or chomping indicator, then a space before any '# comment'"
            )
        line_start = max(text.rfind("\n", 0, header.start()), text.rfind("\r", 0, header.start()))
        column = header.start() - line_start - 1
        if column <= indent and not text[line_start + 1 : header.start()].strip(" "):
            return header.start(), (
                f"invalid YAML: this '{text[header.start()]}' on the line after its key must be "
                "indented more than the key (or written on the key's line)"
            )
        if any(c.isdigit() for c in text[header.start() : line_end].split("#")[0]):
            return None
        widest = 0
        position = line_end + 1
        while position < len(text):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            line = text[position:end].rstrip("\r")
            spaces = len(line) - len(line.lstrip(" "))
            if line.strip(" "):
                if indent < spaces < widest:
                    return position + spaces, (
                        "invalid YAML: a blank line at the start of this block scalar holds "
                        "more spaces than its first line: remove the spaces"
                    )
                return None
            widest = max(widest, spaces)
            position = end + 1
        return None

    def _continuation(
        self, start: int, end: int, indent: int, comments: bool
    ) -> tuple[int, str] | None:
        """A value over several lines in block context (quoted, or in brackets or braces):
        each further line must be indented more than the key or '-' it belongs to."""
        text = self.text
        line_break = text.find("\n", start, end)
        while line_break >= 0:
            position = line_break + 1
            line_end = text.find("\n", position)
            line = text[position : len(text) if line_end < 0 else line_end]
            content = line.lstrip(" ")
            spaces = len(line) - len(content)
            if (
                position < end
                and spaces <= indent
                and content.strip()
                and not (comments and content.startswith("#"))
            ):
                return position + spaces, (
                    "invalid YAML: this line continues the value begun on an earlier line, "
                    f"so it must be indented more than its key or '-' (by at least {indent + 1} "
                    f"space{'s' if indent else ''}, never a tab)"
                )
            line_break = text.find("\n", position, end)
        return None

    def _glued_comment(self, index: int, in_flow: bool) -> tuple[int, str] | None:
        if not self.glued:
            return None
        text = self.text
        size = len(text)
        while index < size and text[index] in " \t":
            index += 1
        if index < size and (text[index] == ":" or (in_flow and text[index] == ",")):
            index += 1
        if index < size and text[index] == "#" and text[index - 1] not in " \t":
            return index, (
                "invalid YAML: a comment needs a space before its '#' (or write the '#' "
                "inside quotes if it is text)"
            )
        return None

    def _ends_name(self, index: int) -> bool:
        return index >= len(self.text) or self.text[index] in _SEPARATORS | _FLOW_INDICATORS

    def _name_at(self, index: int) -> str:
        end = index
        while end < len(self.text) and self.text[end] not in _SEPARATORS | _FLOW_INDICATORS:
            end += 1
        return self.text[index:end]

    def _indicator_at(self, index: int) -> bool:
        """Whether the character at `index` stands where libyaml takes it as an indicator."""
        return index == 0 or self.text[index - 1] in _SEPARATORS | _FLOW_INDICATORS

    def _skip_blanks(self, index: int) -> int:
        while index < len(self.text) and self.text[index] in _SEPARATORS:
            index += 1
        return index


def _glued_anywhere(text: str) -> bool:
    """Whether any '#' in `text` follows something other than a space or a line break."""
    index = text.find("#", 1)
    while index >= 0:
        if text[index - 1] not in _SEPARATORS:
            return True
        index = text.find("#", index + 1)
    return False


def _start(event: yaml.Event) -> int:
    return event.start_mark.index if event.start_mark is not None else 0


def _end(event: yaml.Event) -> int:
    return event.end_mark.index if event.end_mark is not None else 0


def name_message(sign: str, name: str) -> str:
    """Why an anchor or alias name is refused, and what to do."""
    return (
        f"the name in '{sign}{name}' is valid YAML but not allowed in a catalog file, where "
        "anchor and alias names are letters, digits, '-' and '_' (other tools read "
        "other characters differently): rename it"
    )
