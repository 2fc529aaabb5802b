"""A Markdown extension that stops an engine which would skip the journeys plugin.

The project's `mkdocs.yml` lists it (`generator.site.guard`) among its Markdown
extensions. Under MkDocs (or ProperDocs) it is only looked at while the configuration is
checked, and the journeys plugin removes it from the configuration in `on_config`, so no
page ever loads it. Zensical runs Markdown extensions but not plugins: without the guard,
`zensical build` on the project's configuration would publish a site with none of the
catalog's pages and say nothing. With it, the build stops with one sentence saying what
to run instead. The tree `journeys generate` writes never lists it.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from markdown import Extension, Markdown

#: The extension's name in `mkdocs.yml`.
NAME = "generator.site.guard"

MESSAGE = (
    "This mkdocs.yml builds the journey catalog through the journeys plugin, which this "
    "engine does not run: build it with `journeys build --engine zensical` (or preview it "
    "with `journeys serve --engine zensical`)."
)

#: The engines that check Markdown extensions while reading the configuration and run the
#: journeys plugin, which removes the guard before any page is made.
_PLUGIN_ENGINES = ("mkdocs", "properdocs")


class Guard(Extension):  # type: ignore[misc]  # Python-Markdown has no types
    """Stops the build with `MESSAGE` unless MkDocs is checking its configuration."""

    def extendMarkdown(self, md: Markdown) -> None:
        if _checked_by_a_plugin_engine():
            return
        print(MESSAGE, file=sys.stderr, flush=True)
        # The engine turns any exception, SystemExit too, into a traceback that hides the
        # sentence; ending the process here leaves the sentence alone on the terminal.
        os._exit(1)


def _checked_by_a_plugin_engine() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        module = str(frame.f_globals.get("__name__", ""))
        if module.split(".", 1)[0] in _PLUGIN_ENGINES:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


def makeExtension(**kwargs: Any) -> Guard:
    return Guard(**kwargs)
