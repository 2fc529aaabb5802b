"""Starter files and entries (`journeys new`): written as text, so comments survive, and
valid as soon as they are written.

- `journey.py`: a new journey file naming real ids of the catalog;
- `entry.py`: a new entry at the end of a registry, or of the catalog's stages, from its schema;
- `text.py`: safe scalars, the editor's schema line, and adding to a list byte for byte;
- `base.py`: the id check, the catalog's root, and `Written`, what a command wrote.
"""

from __future__ import annotations

from generator.scaffold.base import Written
from generator.scaffold.entry import KINDS, new_entry
from generator.scaffold.journey import new_journey

__all__ = ["KINDS", "Written", "new_entry", "new_journey"]
