"""Charts drawn on a fixed grid: the emotion curve, current against future, metric trends."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from generator.model.scores import against_target, period_start
from generator.model.types import Journey, JourneyStage, Metric, Score
from generator.render.diagrams import dot
from generator.render.diagrams.engine import Diagram
from generator.render.links import EMOTIONS, Linker, url

AXIS = 96.0
LEVEL = 30.0
STEP = 46.0
TOP = 14.0
CURRENT = "#8c959f"
FUTURE = "#0969da"
MET = "#1a7f37"
MISSED = "#cf222e"


def stage_emotion(stage: JourneyStage) -> float | None:
    """The stage's own emotion, else the mean of its touchpoints' emotions, else None."""
    if stage.emotion is not None:
        return float(stage.emotion)
    known = [t.emotion for t in stage.touchpoints if t.emotion is not None]
    return sum(known) / len(known) if known else None


def _y(emotion: float) -> float:
    return TOP + (2 - emotion) * LEVEL


def _levels(canvas: dot.Canvas, right: float) -> None:
    """Grid lines for -2..+2, named on the left."""
    for level, name in EMOTIONS.items():
        y = _y(level)
        canvas.rule(AXIS, right, y, "#d0d7de" if level else dot.LINE)
        canvas.add(AXIS / 2, y - 7, AXIS, 14, shape="plaintext", label=dot.label(name),
                   fontsize="9", fontcolor=dot.MUTED)  # fmt: skip


def _series(canvas: dot.Canvas, points: Sequence[tuple[float, float, str, str | None]],
            colour: str, marker: str, dashed: bool = False) -> None:  # fmt: skip
    """Markers at (x, emotion) joined by a line; each with a tooltip and maybe a link."""
    names = []
    for x, emotion, tip, link in points:
        attributes = {"URL": link} if link else {}
        names.append(canvas.add(x, _y(emotion) - 5, 10, 10, shape=marker, label="", style="filled",
                                fillcolor="white" if dashed else colour, color=colour,
                                tooltip=dot.label(tip), **attributes))  # fmt: skip
    for a, b in itertools.pairwise(names):
        canvas.edges.append((a, b, {"color": colour, "penwidth": "2", "dir": "none",
                                    **({"style": "dashed"} if dashed else {})}))  # fmt: skip


def _key(canvas: dot.Canvas, top: float, items: list[tuple[str, str, str, bool]]) -> float:
    """A legend row: (marker, colour, text, dashed) per item; returns the new bottom."""
    x = AXIS
    for marker, colour, text, dashed in items:
        canvas.add(x + 6, top + 4, 10, 10, shape=marker, label="", style="filled",
                   fillcolor="white" if dashed else colour, color=colour)  # fmt: skip
        width = 12 + 5.6 * min(len(text), 60)
        canvas.add(x + 16 + width / 2, top, width, 18, shape="plaintext", fontsize="9",
                   label=dot.label(text[:60]))  # fmt: skip
        x += width + 30
    return top + 22


def emotion_curve(journey: Journey, links: Linker, page: str) -> Diagram | None:
    """Touchpoint emotions as a line across the stages, with each stage's emotion; None if none."""
    if not any(t.emotion is not None for t in journey.touchpoints) and not any(
        stage_emotion(s) is not None for s in journey.stages
    ):
        return None
    canvas = dot.Canvas()
    x = AXIS + STEP / 2
    spans = []
    for stage in journey.stages:
        start = x - STEP / 2
        x += STEP * len(stage.touchpoints)
        spans.append((start, x - STEP / 2, stage))
    right = x - STEP / 2
    for n, (start, end, _) in enumerate(spans):
        canvas.add((start + end) / 2, TOP - 8, end - start, 4 * LEVEL + 16, label="", style="filled",
                   color="#f6f8fa" if n % 2 == 0 else "white",
                   fillcolor="#f6f8fa" if n % 2 == 0 else "white")  # fmt: skip
    _levels(canvas, right)
    bottom = _y(-2) + 12
    for start, end, stage in spans:
        name = links.stage_name(stage)
        canvas.add((start + end) / 2, bottom, end - start - 4, 28, shape="plaintext", fontsize="9",
                   label=dot.label(*dot.wrapped(name, max(6, int((end - start) / 5.5)), 2)),
                   URL=dot.href(url("journeys", journey.id, f"stage-{stage.id}"), page),
                   tooltip=dot.label(f"Stage: {name}"))  # fmt: skip
    touchpoints = []
    for start, _, stage in spans:
        for i, t in enumerate(stage.touchpoints):
            if t.emotion is not None:
                tip = f"{t.name}: {EMOTIONS[t.emotion]}"
                link = dot.href(url("journeys", journey.id, t.id), page)
                touchpoints.append((start + STEP / 2 + i * STEP, float(t.emotion), tip, link))
    stages = [
        ((start + end) / 2, e, f"{links.stage_name(s)} (stage): {e:+.1f}", None)
        for start, end, s in spans
        if (e := stage_emotion(s)) is not None
    ]
    _series(canvas, stages, CURRENT, "square", dashed=True)
    _series(canvas, touchpoints, FUTURE, "circle")
    bottom = _key(canvas, bottom + 34, [("circle", FUTURE, "touchpoint emotion", False),
                                        ("square", CURRENT, "stage emotion", True)])  # fmt: skip
    return canvas.diagram(
        "emotion curve",
        f"Emotion curve: {journey.title}",
        (
            f"How the customer feels, from -2 (very negative) to +2 (very positive), at "
            f"{len(touchpoints)} touchpoints and {len(stages)} stages, in journey order."
        ),
        bottom,
    )


def emotion_comparison(
    future: Journey, current: Journey, links: Linker, page: str
) -> Diagram | None:
    """Stage emotions of a future journey over those of the current journey it improves."""
    catalog = links.catalog
    used = {s.stage for s in (*future.stages, *current.stages)}
    axis = [s.id for s in catalog.stages if s.id in used]  # a valid catalog knows every stage

    def by_stage(journey: Journey) -> dict[str, float]:
        values: dict[str, list[float]] = {}
        for stage in journey.stages:
            if (e := stage_emotion(stage)) is not None:
                values.setdefault(stage.stage, []).append(e)
        return {k: sum(v) / len(v) for k, v in values.items()}

    before, after = by_stage(current), by_stage(future)
    if not before or not after:
        return None
    width = max(90.0, 480.0 / len(axis))
    right = AXIS + width * len(axis)
    canvas = dot.Canvas()
    _levels(canvas, right)
    bottom = _y(-2) + 12
    xs = {}
    for n, stage_id in enumerate(axis):
        xs[stage_id] = AXIS + width * (n + 0.5)
        canvas.add(xs[stage_id], bottom, width - 6, 28, shape="plaintext", fontsize="9",
                   label=dot.label(*dot.wrapped(links.to("stages", stage_id).text, int(width / 5.5), 2)),
                   URL=dot.href(url("stages", stage_id), page))  # fmt: skip
    for journey, values, colour, dashed in ((current, before, CURRENT, True),
                                            (future, after, FUTURE, False)):  # fmt: skip
        _series(canvas, [(xs[s], values[s], f"{journey.title}, {links.to('stages', s).text}: "
                          f"{values[s]:+.1f}", None) for s in axis if s in values],
                colour, "square" if dashed else "circle", dashed)  # fmt: skip
    bottom = _key(canvas, bottom + 34, [("circle", FUTURE, f"future: {future.title}", False),
                                        ("square", CURRENT, f"current: {current.title}", True)])  # fmt: skip
    return canvas.diagram(
        "emotion comparison",
        f"Emotion, current and future: {future.title}",
        (
            f"Stage emotion from -2 to +2 for the future journey {future.title} (solid line) "
            f"over the current journey {current.title} (dashed line), by catalog stage."
        ),
        bottom,
    )


@dataclass(frozen=True)
class Trend:
    """One measured score to chart: where it is, the score, and its metric."""

    where: str
    score: Score
    metric: Metric


PANEL_W = 300.0
PANEL_H = 160.0
PER_ROW = 2


def metric_trends(
    subject: str, trends: list[Trend], heading: str = "Metric trends"
) -> Diagram | None:
    """Small charts, one per score with history, each with its target line; None if none."""
    trends = [t for t in trends if t.score.history]
    if not trends:
        return None
    canvas = dot.Canvas()
    for n, trend in enumerate(trends):
        row, col = divmod(n, PER_ROW)
        _panel(canvas, col * (PANEL_W + 16), row * (PANEL_H + 16), trend)
    rows = (len(trends) + PER_ROW - 1) // PER_ROW
    return canvas.diagram(
        "metric trends",
        f"{heading}: {subject}",
        (
            f"{len(trends)} small charts of measured values over time, each with its target "
            "as a dashed line when one is set."
        ),
        rows * (PANEL_H + 16),
    )


def _panel(canvas: dot.Canvas, left: float, top: float, trend: Trend) -> None:
    score, metric = trend.score, trend.metric
    history = sorted(score.history, key=lambda h: period_start(h.period))
    verdict = against_target(score, metric.higher_is_better)
    canvas.add(left + PANEL_W / 2, top, PANEL_W, PANEL_H, label="", style="filled,rounded",
               fillcolor="white", color="#d0d7de")  # fmt: skip
    heading = f"{metric.name} · {trend.where}"
    canvas.add(left + PANEL_W / 2, top + 4, PANEL_W - 12, 28, shape="plaintext", fontsize="10",
               label=dot.label(*dot.wrapped(heading, 48, 2)))  # fmt: skip
    plot_top, plot_h = top + 42, PANEL_H - 82
    plot_left, plot_w = left + 48, PANEL_W - 72
    low, high = _range([h.value for h in history], score.target, metric)

    def y(value: float) -> float:
        return plot_top + (high - value) / ((high - low) or 1.0) * plot_h

    for value in (low, high):
        canvas.rule(plot_left, plot_left + plot_w, y(value), "#d0d7de")
        canvas.add(left + 24, y(value) - 6, 40, 12, shape="plaintext", fontsize="9",
                   fontcolor=dot.MUTED, label=dot.label(f"{value:g}"))  # fmt: skip
    if score.target is not None:
        canvas.rule(plot_left, plot_left + plot_w, y(score.target), dot.INK, dashed=True)
    step = plot_w / max(1, len(history) - 1)
    points = []
    for i, h in enumerate(history):
        x = plot_left + (i * step if len(history) > 1 else plot_w / 2)
        last = i == len(history) - 1
        colour = (MET if verdict == "met" else MISSED) if last and verdict else FUTURE
        points.append(canvas.add(x, y(h.value) - 4, 8, 8, shape="circle", label="", style="filled",
                                 fillcolor=colour, color=colour,
                                 tooltip=dot.label(f"{h.period}: {h.value:g}")))  # fmt: skip
        if last or i == 0 or len(history) <= 5:
            canvas.add(x, plot_top + plot_h + 5, 56, 12, shape="plaintext", fontsize="9",
                       fontcolor=dot.MUTED, label=dot.label(h.period))  # fmt: skip
    for a, b in itertools.pairwise(points):
        canvas.edges.append((a, b, {"color": FUTURE, "penwidth": "1.5", "dir": "none"}))
    better = "higher" if metric.higher_is_better else "lower"
    target = (
        f"target {score.target:g}, {better} is better" if score.target is not None else "no target"
    )
    summary = f"latest {history[-1].value:g} · {target}" + (f" · {verdict}" if verdict else "")
    canvas.add(left + PANEL_W / 2, top + PANEL_H - 22, PANEL_W - 12, 14, shape="plaintext",
               fontsize="10", label=dot.label(summary),
               fontcolor={"met": MET, "missed": MISSED}.get(verdict, dot.INK))  # fmt: skip


def _range(values: list[float], target: float | None, metric: Metric) -> tuple[float, float]:
    """The values and target with some room around them, kept within the metric's scale."""
    low = min([*values, *([target] if target is not None else [])])
    high = max([*values, *([target] if target is not None else [])])
    room = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    step = _nice((high - low + 2 * room) / 5)
    low = math.floor((low - room) / step) * step
    high = math.ceil((high + room) / step) * step
    return max(metric.scale_min, low), min(metric.scale_max, high)


def _nice(rough: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that is at least `rough`."""
    power = 10.0 ** math.floor(math.log10(rough))
    return next(power * m for m in (1, 2, 5, 10) if power * m >= rough)
