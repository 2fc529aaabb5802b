"""What a rule is, and the one registry that lists them all."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, TypeVar

from generator.diagnostics import Diagnostic, Location, RepeatKey, Severity, capped
from generator.ledger.memo import Memo, made
from generator.model.keys import Values
from generator.model.references import Reference, journey_references, outside_journeys
from generator.model.types import Catalog, Journey, Rows, Source

T = TypeVar("T")


@dataclass
class Context:
    """What rules look at: the catalog, today's date, each journey's references (listed by
    `of_journey` when given), and with a `memo`, what `JourneyRule`s found in each journey
    at earlier validations, kept while the journey and `frame` (what else they read) are
    the same."""

    catalog: Catalog
    today: datetime.date = field(default_factory=datetime.date.today)
    of_journey: Callable[[Journey], Iterable[Reference]] | None = None
    memo: Memo | None = None
    frame: tuple[object, ...] = ()

    @cached_property
    def outside_references(self) -> list[Reference]:
        """The references made outside the journeys (see `outside_journeys`), listed once."""
        return outside_journeys(self.catalog)

    def journey_references(self, journey: Journey) -> Iterable[Reference]:
        """The references the journey makes, as `journey_references` lists them."""
        return (self.of_journey or journey_references)(journey)

    def kept(self, kind: str, journey: Journey, make: Callable[[Context, Journey], T]) -> T:
        """What `make` makes of the journey alone, made once while it stays the same."""
        return made(self.memo, kind, journey, lambda j: make(self, j), self.frame)


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

    def found_in_rows(
        self,
        rows: Rows[Any],
        names: tuple[str, ...],
        check: Callable[[Values], Iterable[tuple[str, str]]],
    ) -> Iterator[Diagnostic]:
        """What `check` finds in each combination of the values of columns `names` (a
        column and a message, for each problem), reported at every row holding it: at most
        `REPEATS_SHOWN` per file and column, then a line counting the rest (`capped`)."""
        bad = {}
        for values in rows.combinations(*names):
            problems = list(check(values))
            if problems:
                bad[values] = problems

        def found() -> Iterator[tuple[RepeatKey, Callable[[], Diagnostic]]]:
            for values, source in rows.where(names, bad):
                for column, message in bad[values]:
                    yield (source.file, column, self.code), self._maker(source, column, message)

        if bad:
            yield from capped(found())

    def _maker(self, source: Source, column: str, message: str) -> Callable[[], Diagnostic]:
        return lambda: self.found(source.at(column), message)


class JourneyRule(Rule):
    """A rule that checks each journey on its own, against what the ledger's `frame` covers
    (the registries, catalog.yaml, the measurements files): what it found in an unchanged
    journey is kept between validations of a preview (see `Context.memo`).

    Subclasses implement `check_journey`, and `check_catalog` for what lies outside the
    journeys (or across them).
    """

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        yield from self.check_catalog(ctx)
        for journey in ctx.catalog.journeys:
            yield from ctx.kept(self.code, journey, self._found_in)

    def _found_in(self, ctx: Context, journey: Journey) -> list[Diagnostic]:
        return list(self.check_journey(ctx, journey))

    def check_catalog(self, ctx: Context) -> Iterator[Diagnostic]:
        return iter(())

    def check_journey(self, ctx: Context, journey: Journey) -> Iterator[Diagnostic]:
        raise NotImplementedError

    #: Whether `check_journey` finds only what is there (a repeated id, a value off its
    #: scale), never what is missing, so that it can check a part (see `check_part`).
    checks_parts: ClassVar[bool] = False

    def check_part(self, ctx: Context, journey: Journey) -> Iterator[Diagnostic]:
        """What the rule finds in a journey built from the parts of a file that its schema
        accepts (`validate/parts.py`), the file having failed it: `check_journey`'s findings
        for a rule that `checks_parts`, else nothing, as what the part lacks may be written
        in the file, in a part the schema rejected."""
        return self.check_journey(ctx, journey) if self.checks_parts else iter(())


#: Every rule, in the order they run. Add a rule by decorating its class with @register.
RULES: list[Rule] = []


def register(cls: type[Rule]) -> type[Rule]:
    RULES.append(cls())
    return cls
