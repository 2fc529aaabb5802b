"""What characters a catalog file may hold, and the text libyaml is handed to read them.

Any text loads exactly as written, in every script, but no value holds a control
character, however it is written: C0 controls but tab and line feed, DEL, C1 controls,
halves of UTF-16 surrogate pairs, U+FFFE and U+FFFF. libyaml refuses most of them written
as they are; `control_character` finds them in what escapes wrote.

Some characters libyaml reads differently from YAML 1.2. U+2028 and U+2029 are text in
YAML 1.2 but line breaks for libyaml: `prepare` hands them to the parser as private-use
characters (`Prepared.restore` puts them back), so values keep them and every position
counts lines as editors do (\\n, \\r\\n or \\r ends one). U+0085 (NEXT LINE) is a
control character, and U+FEFF a byte-order mark YAML 1.2 allows only at the start: both
are refused where they are written. And a file whose last line has no line break gets
one: libyaml would drop that line's break, or the whole line if it holds only spaces,
from a block scalar, where YAML reads the end of the file as the end of the line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: Line breaks for libyaml that YAML 1.2 reads as text.
_TEXT_BREAKS = ("\u2028", "\u2029")
#: Characters libyaml reads that YAML 1.2 does not allow as they are: U+0085 (a control
#: character, a line break for libyaml) and U+FEFF past the start of the file (a byte-order
#: mark, invisible in the middle of text).
_REFUSED_RAW = ("\x85", "\ufeff")
_PRIVATE_USE = range(0xE000, 0xF900)

#: Characters no scalar may hold, however written (escapes included), as libyaml refuses
#: them written plainly: C0 controls but tab and line feed, DEL, C1 controls, halves of
#: UTF-16 surrogate pairs, and the noncharacters U+FFFE and U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Prepared:
    """The text handed to the parser, and how to give values back their own characters."""

    text: str
    swapped: dict[str, str] = field(default_factory=dict)

    def restore(self, value: str) -> str:
        """`value` with the characters `prepare` swapped for the parser put back."""
        for stand_in, original in self.swapped.items():
            value = value.replace(stand_in, original)
        return value


def prepare(text: str) -> Prepared | tuple[int, str]:
    """The text for the parser (see the module doc), or (index, message) saying why not."""
    for refused in _REFUSED_RAW:
        index = text.find(refused)
        if index >= 0:
            return index, raw_character(refused)
    prepared = Prepared(text)
    present = [c for c in _TEXT_BREAKS if c in text]
    if present:
        free = (chr(c) for c in _PRIVATE_USE if chr(c) not in text)
        for original in present:
            stand_in = next(free, None)
            if stand_in is None:  # pragma: no cover - a file would need 6,400 distinct ones
                return text.find(original), raw_character(original)
            prepared.text = prepared.text.replace(original, stand_in)
            prepared.swapped[stand_in] = original
    if prepared.text and prepared.text[-1] not in "\r\n":
        prepared.text += "\n"
    return prepared


def describe_character(character: str) -> str:
    """A character as a message names it: `U+0000 (a control character)`."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        kind = "half of a UTF-16 surrogate pair, not a character"
    elif code == 0x85:
        kind = "NEXT LINE, a control character"
    elif unicodedata.category(character) == "Cc":
        kind = "a control character"
    else:
        kind = unicodedata.name(character, "not a character")
    return f"U+{code:04X} ({kind})"


def raw_character(character: str) -> str:
    """The message for a character written as it is that no catalog file may hold."""
    return f"file cannot be read as YAML text: {describe_character(character)} is not allowed: remove it"


def control_character(value: str) -> str | None:
    """The first character of `value` no catalog text may hold, if any."""
    found = _CONTROL.search(value)
    return found.group() if found else None
