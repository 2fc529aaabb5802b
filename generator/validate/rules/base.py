"""What a rule is, and the one registry that lists them all."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from generator.diagnostics import Diagnostic, Location, Severity
from generator.model.references import Reference, references
from generator.model.types import Catalog, Journey


@dataclass
class Context:
    """What rules look at: the catalog, today's date, and its references listed once
    (each journey's by `of_journey` when given, see `references`)."""

    catalog: Catalog
    today: datetime.date = field(default_factory=datetime.date.today)
    of_journey: Callable[[Journey], Iterable[Reference]] | None = None

    @cached_property
    def references(self) -> list[Reference]:
        return list(references(self.catalog, self.of_journey))


class Rule:
    """A check with a stable code and a default severity.

    Subclasses set `code`, `severity` and `summary` (one line for the docs) and
    implement `check`. Rules with `configurable = False` belong to the format itself:
    `catalog.yaml`'s `rules:` cannot turn them off.
    """

    code: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[str]
    configurable: ClassVar[bool] = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def found(self, location: Location, message: str) -> Diagnostic:
        return Diagnostic(self.code, self.severity, message, location)


#: Every rule, in the order they run. Add a rule by decorating its class with @register.
RULES: list[Rule] = []


def register(cls: type[Rule]) -> type[Rule]:
    RULES.append(cls())
    return cls
