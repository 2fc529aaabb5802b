"""The parser's errors as messages a person can act on: what is wrong, where it is.

libyaml names what it expected at the place it gave up; these messages name what was
written there instead (a bad escape, a missing value, a bracket never closed), at the
character that causes it. Where libyaml refuses YAML that is valid but unusual (an empty
key, a key over several lines inside braces, a tab as a separator), the message says so
and how to write it plainly.
"""

from __future__ import annotations

import re

import yaml

from generator.diagnostics import Diagnostic, Location, error
from generator.load.characters import raw_character
from generator.load.yaml_parser import name_message

_HINTS = {
    "mapping values are not allowed": "a ': ' inside text needs quotes, or the indentation is off",
    "did not find expected key": "check the indentation of this line and the one above",
    "expected '-' indicator": "each item of this list starts with '- ': check the indentation, "
    "or look for text left over",
}
_ESCAPE_DIGITS = {"x": 2, "u": 4, "U": 8}
_CLOSERS = {"[": "]", "{": "}"}
#: Brackets, and the quoted text and comments whose brackets do not count.
_BRACKETS = re.compile(
    r"""(?m)(?:^|(?<=[\s\[{,:]))(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|#.*)|[\[\]{}]"""
)
_NOT_ALLOWED = "is valid YAML but not allowed in a catalog file"
_TAB = (
    "a tab in a line's indentation, or after '-', '?' or ':', is not allowed in a catalog "
    "file: use spaces"
)


def position(text: str, index: int) -> tuple[int, int]:
    """Line and column (1-based) of `text[index]`, counting lines as editors do (\\n,
    \\r\\n or \\r ends a line; U+2028, U+2029 and U+0085 do not)."""
    before = text[:index]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    return line, index - max(before.rfind("\n"), before.rfind("\r"))


def syntax_error(e: yaml.MarkedYAMLError, text: str, file: str) -> Diagnostic:
    """The diagnostic for a parser error in `text` (what the parser read)."""
    mark = e.problem_mark or e.context_mark
    index = min(mark.index, len(text)) if mark is not None else 0
    problem = (e.problem or str(e)).strip()
    context = (e.context or "").strip()
    found = (
        _escape(problem, context, text, index)
        or _unclosed(problem, context, e.context_mark, text, index)
        or _flow(problem, context, e.context_mark, text, index)
        or _layout(problem, context, e.context_mark, text, index)
    )
    if found is None:
        found = index, _generic(problem, context, text, index)
    at, message = found
    line, column = position(text, at)
    return error("yaml-syntax", message, Location(file, line, column))


def reader_error(e: yaml.YAMLError, text: str, file: str) -> Diagnostic:
    """The diagnostic for a character the parser cannot read at all."""
    offset = getattr(e, "position", None)  # libyaml counts bytes of UTF-8
    index = None
    if isinstance(offset, int):
        index = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
    if index is None or index >= len(text):  # pragma: no cover - libyaml gives one
        reason = getattr(e, "reason", None) or str(e)
        return error("encoding", f"file cannot be read as YAML text: {reason}", Location(file))
    return error(
        "encoding",
        raw_character(text[index]),
        Location(file, *position(text, index)),
    )


def _escape(problem: str, context: str, text: str, index: int) -> tuple[int, str] | None:
    if "quoted scalar" not in context or ("escape" not in problem and "hex" not in problem):
        return None
    backslash = text.rfind("\\", 0, index + 1)
    if backslash < 0:  # pragma: no cover - the parser stopped at an escape
        return None
    letter = text[backslash + 1 : backslash + 2]
    escape = text[backslash : backslash + 2 + _ESCAPE_DIGITS.get(letter, 0)]
    plainly = "write '\\\\' for a backslash, or use single quotes"
    if "unknown escape" in problem:
        return backslash, f"invalid YAML: '{escape}' is not an escape in double quotes: {plainly}"
    if "hex" in problem:
        digits = _ESCAPE_DIGITS.get(letter, 0)
        return backslash, (
            f"invalid YAML: '\\{letter}' starts an escape in double quotes and needs {digits} "
            f"hex digits after it: {plainly}"
        )
    code = int(escape[2:], 16) if re.fullmatch(r"[0-9a-fA-F]+", escape[2:]) else -1
    what = (
        "half of a UTF-16 surrogate pair, not a character"
        if 0xD800 <= code <= 0xDFFF
        else "not a Unicode character"
    )
    return backslash, (
        f"invalid YAML: '{escape}' is {what}: write the character itself, or its code "
        "point as '\\U' and 8 hex digits"
    )


def _unclosed(
    problem: str, context: str, opened: yaml.Mark | None, text: str, index: int
) -> tuple[int, str] | None:
    if opened is None or not ("quoted" in context or "flow" in context):
        return None
    if "document indicator" in problem:
        return index, (
            f"invalid YAML: a line starting with '{text[index : index + 3]}' inside the value "
            f"begun on line {position(text, opened.index)[0]} ends the document there: "
            "indent the line"
        )
    start: int | None = opened.index
    opener = text[opened.index : opened.index + 1]
    at_end = not text[index:].strip() or "end of stream" in problem
    if opener in _CLOSERS:  # a bracket closed nowhere after it, even if the parser went on
        at_end = at_end or opened.index in _open_brackets(text)
    elif opener not in ('"', "'"):  # the parser marked a node, not what opens it
        still_open = _open_brackets(text) if at_end else []
        start = still_open[-1] if still_open else None
        if start is None:
            return None
        opener = text[start]
    if start is None or not at_end:
        return None
    name = "quote" if opener in ('"', "'") else f"'{opener}'"
    return start, f"invalid YAML: this {name} is never closed ({problem})"


def _open_brackets(text: str) -> list[int]:
    """Where each '[' or '{' still open at the end of `text` opens, outermost first (quoted
    text and comments skipped)."""
    opened: list[int] = []
    for token in _BRACKETS.finditer(text):
        character = token.group()[0]
        if character in "[{":
            opened.append(token.start())
        elif character in "]}" and opened:
            opened.pop()
    return opened


def _flow(
    problem: str, context: str, opened: yaml.Mark | None, text: str, index: int
) -> tuple[int, str] | None:
    at = text[index : index + 1]
    if "found unexpected ':'" in problem:
        colon = text.find(":", index) if at != ":" else index
        return max(colon, index), (
            f"a ':' right before ',', ']' or '}}' {_NOT_ALLOWED}: put a space and a value "
            "after it, or quote the text"
        )
    if "flow" not in context:
        return None
    if "expected node content" in problem and at == ",":
        return (
            index,
            "invalid YAML: a value is missing before this ',': remove the ',' or write the value",
        )
    if at == ":" and "expected node content" in problem:
        return index, (
            f"an empty key, or text starting with ':', inside brackets or braces {_NOT_ALLOWED}"
            ": write the key, or quote the text"
        )
    if "did not find expected ','" not in problem or opened is None:
        return None
    opener = text[opened.index : opened.index + 1]
    closer = _CLOSERS.get(opener, "]")
    line, _ = position(text, opened.index)
    inside = f"inside the '{opener}' opened on line {line}"
    item = text[max(text.rfind(c, 0, index) for c in ",[{") + 1 : index]
    if at == ":" and "\n" in item:
        if re.search(r":(?:\s|$)", item):  # a whole entry, then this one: a ',' between
            return index, (
                f"invalid YAML: expected ',' or '{closer}' before this key, {inside}: is a "
                "',' missing at the end of the line above?"
            )
        if opener == "[":
            return index, (
                f"invalid YAML: a key and its ':' must be on one line {inside}: join the lines"
            )
        return index, (
            "a key over several lines, or a ':' on the line after its key, inside braces "
            f"{_NOT_ALLOWED}: write the key and its ':' on one line"
        )
    return index, (
        f"invalid YAML: expected ',' or '{closer}' here, {inside}: separate items with "
        "', ', and quote text that holds ': '"
    )


def _layout(
    problem: str, context: str, opened: yaml.Mark | None, text: str, index: int
) -> tuple[int, str] | None:
    at = text[index : index + 1]
    if "anchor" in context or "alias" in context:
        sign = "&" if "anchor" in context else "*"
        start = opened.index if opened is not None else index
        name = re.match(r"[^\s,\[\]{}]*", text[start + 1 :])
        return start, name_message(sign, name.group() if name else "")
    if "directive" in context or "incompatible YAML document" in problem:
        return index, f"a directive ('%YAML', '%TAG') {_NOT_ALLOWED}: remove it"
    if "tab" in problem or at == "\t":
        return index, _TAB
    name = re.search(r"(?:^|(?<=[\s\[{,]))([&*])[0-9A-Za-z_-]*\Z", text[:index])
    if name is not None and at and at not in " \t\r\n":  # libyaml ended the name early
        whole = re.match(r"[^\s,\[\]{}]*", text[name.start() + 1 :])
        return name.start(), name_message(name.group(1), whole.group() if whole else "")
    if at == ":" and "expected key" in problem:
        return index, (f"a ':' with no key before it: an empty key {_NOT_ALLOWED}: write the key")
    if "expected node content" in problem and at and at in ",]}":
        return index, (
            f"invalid YAML: a value cannot start with '{at}' outside brackets or braces: "
            "quote the text"
        )
    marker = text[index : index + 3]
    if marker in ("...", "---") and (index == 0 or text[index - 1] in "\r\n"):
        return index, (
            f"'{marker}' at the start of a line marks a YAML document, and a catalog file "
            "holds one document with no markers but a first '---': remove it, or indent "
            "the line if it is text"
        )
    if "expected <document start>" in problem:
        before = text[:index]
        if re.search(r"(?m)^\.\.\.(?:[ \t]|$)", before):
            return index, f"a second document after '...' {_NOT_ALLOWED}: remove the '...'"
        if re.search(r"(?m)^%", before):
            return index, f"a directive ('%YAML', '%TAG') {_NOT_ALLOWED}: remove it"
        if re.search(r"(?m)^ *(?:---[ \t]+)?[|>][^\S\n]*[-+0-9]*[^\S\n]*(?:#.*)?$", before):
            return index, (
                f"the text of a '|' or '>' at the top of the file, at the first column, "
                f"{_NOT_ALLOWED}: indent it"
            )
        return index, (
            "invalid YAML: more text after the value has ended: is this line left over, "
            "or is its indentation off?"
        )
    return None


def _generic(problem: str, context: str, text: str, index: int) -> str:
    message = f"invalid YAML: {problem}"
    if context:
        message += f" ({context})"
    hints = [hint for known, hint in _HINTS.items() if known in problem]
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    line_end = text.find("\n", index)
    if "\t" in text[line_start : len(text) if line_end < 0 else line_end]:
        hints = ["indent with spaces, not tabs"]
    if hints:
        message += f": {hints[0]}"
    return message
