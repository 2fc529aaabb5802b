"""Pages written by forked processes: the work dealt in small tasks (`CHUNK` journey pages,
or a share of the other groups of pages), each sent back when done and merged by the
parent with what its renderer drew, so that no process holds much of the site at once."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from generator.render.diagrams.engine import Renderer
from generator.render.pages import Group, PageWriter
from generator.render.site_content import SiteContent

Part = tuple[SiteContent, Renderer]
"""What a task sends back: its pages and files, and what its renderer drew, read and used."""
_Task = tuple[str, int, int]
CAN_FORK = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
FORK_FROM = 50
"""The fewest journey pages to write that are worth forking processes for."""
CHUNK = 50
"""Journey pages a forked process writes and sends back at a time."""
OTHER_TASKS = 8
"""Tasks per worker that the other groups of pages are dealt into."""
_FORKED: tuple[PageWriter, Renderer, list[Group], list[Group], SiteContent] | None = None
"""The writer a forked process inherits (set just before forking, never pickled)."""


@contextlib.contextmanager
def forked(
    writer: PageWriter, diagrams: Renderer, workers: int, groups: list[Group], site: SiteContent
) -> Iterator[list[Future[Part]]]:
    """`workers` forked processes writing the pages of `groups`, each part of them kept
    like `site`'s; none (an empty list) for one worker. The work is dealt in small tasks, each sent back when done, so that no
    process holds much of the site at once and a process that is done early takes the next
    task."""
    global _FORKED
    if workers <= 1:
        yield []
        return
    journeys = [group for group in groups if group[0] == "journey"]
    others = [group for group in groups if group[0] != "journey"]
    _FORKED = (writer, Renderer(cache=diagrams.cache, workers=1), journeys, others, site)
    tasks: list[_Task] = [("journeys", start, min(start + CHUNK, len(journeys)))
                          for start in range(0, len(journeys), CHUNK)]  # fmt: skip
    if others:  # first: registry pages read many journeys, and are then never last
        shares = min(workers * OTHER_TASKS, len(others))
        tasks[:0] = [("others", share, shares) for share in range(shares)]
    # Objects made so far are left alone by the collector, so that the processes keep
    # sharing the pages that hold them instead of copying them (see gc.freeze).
    gc.freeze()
    # Forked at the first submit, all at once, before this process starts any thread.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        yield [pool.submit(_write_task, task) for task in tasks]
    finally:
        pool.shutdown(cancel_futures=True)
        gc.unfreeze()
        _FORKED = None


def _write_task(task: _Task) -> Part:
    """In a forked process: the pages of the journey groups `start:stop` for ("journeys",
    start, stop), or the `share`-th of `shares` parts of the other groups for ("others",
    share, shares); with what the process's renderer drew, read and used so far
    (`Renderer.absorb`)."""
    assert _FORKED is not None
    writer, diagrams, journeys, others, site = _FORKED
    kind, first, second = task
    part = site.alike()
    mine = journeys[first:second] if kind == "journeys" else others[first::second]
    writer.write_groups(mine, diagrams, part)
    seen = Renderer(cache=diagrams.cache, workers=1)  # the sets only: no sizes, no SVG
    seen.drawn, seen.loaded, seen.used = diagrams.drawn, diagrams.loaded, diagrams.used
    return part, seen
