"""The rules: importing this package registers every rule in `base.RULES`."""

from generator.validate.rules import lint, references

__all__ = ["lint", "references"]
