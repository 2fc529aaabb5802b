"""Validation in layers, all reported together: YAML, schema, references, lint rules
(`layers.py` runs them; `schema.py`, `parts.py` and `rules/` are the layers)."""

from generator.validate.layers import Checked, all_codes, validate_catalog, validate_paths
from generator.validate.rules.base import RULES

__all__ = ["RULES", "Checked", "all_codes", "validate_catalog", "validate_paths"]
