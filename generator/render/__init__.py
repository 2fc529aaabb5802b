"""Rendering: the typed catalog becomes a set of pages (path -> Markdown) and files, in memory.

The MkDocs plugin and `journeys generate --out` both use this one result: `build_site`
(`render/site.py`) makes it in one go, `SiteGenerator` (`render/incremental.py`) again
after a change.
"""

from generator.render.site import build_site, today
from generator.render.site_content import SiteContent

__all__ = ["SiteContent", "build_site", "today"]
