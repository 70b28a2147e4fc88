"""The weekly trend as a picture: the score with its 95 % interval as a band, week by week.

Pages get it as inline SVG, mails as PNG (coaching/chart_output.py says how), both from one
drawing, so a page and a mail never show different charts of the same weeks.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from feedback_service.coaching.chart_output import (
    ACCENT,
    BAND,
    FONT,
    GRID,
    INK,
    MUTED,
    PNG_DPI,
    inline_svg,
    new_figure,
)
from feedback_service.coaching.trends import WeekPoint
from feedback_service.coaching.weeks import week_of
from feedback_service.surveys.scoring import SurveyKind, is_net_score

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Width and height in inches: drawn 420 × 170 px, shown as wide as a page's column or a mail's
# (up to 560 px), so its 9-point words read at 10–13 px on a phone and a desktop alike.
SIZE = (4.2, 1.7)


@dataclass(frozen=True)
class ChartWords:
    """The chart's own words in the reader's language: the scale's name and the weeks'."""

    scale: str  # "% happy", "NPS"
    week: str  # "Week"


def _scale(kind: SurveyKind) -> tuple[int, int]:
    return (-100, 100) if is_net_score(kind) else (0, 100)


def _frame(kind: SurveyKind, week_numbers: Sequence[int], words: ChartWords,
           dpi: int) -> tuple[Figure, Axes]:
    """What a chart of these weeks has whatever its scores: the scale, its lines, the week
    numbers and the axes' names. They are plain texts and lines rather than matplotlib's axes
    with tick objects, which cost five times as much to draw."""
    figure = new_figure(SIZE, dpi)
    axes = figure.add_axes((0.15, 0.3, 0.83, 0.64))
    axes.set_axis_off()
    low, high = _scale(kind)
    axes.set_ylim(low, high)
    axes.set_xlim(-0.5, len(week_numbers) - 0.5)
    for value in range(low, high + 1, 50):
        axes.axhline(value, color=INK if value == low else GRID, linewidth=0.8, zorder=0)
        # A net score carries its sign, with a true minus, as the figures beside it do.
        label = (f"+{value}" if value > 0 else f"−{-value}" if value < 0 else "0"
                 ) if is_net_score(kind) else str(value)
        axes.text(-0.7, value, label, ha="right", va="center", fontsize=FONT, color=INK)
    below = low - (high - low) * 0.06
    for position, number in enumerate(week_numbers):
        axes.text(position, below, str(number), ha="center", va="top", fontsize=FONT, color=INK)
    figure.text(0.565, 0.04, words.week, ha="center", va="bottom", fontsize=FONT, color=INK)
    figure.text(0.015, 0.62, words.scale, ha="left", va="center", rotation=90, fontsize=FONT,
                color=INK)
    return figure, axes


def _scores(axes: Axes, kind: SurveyKind, weeks: Sequence[WeekPoint], *,
            counts: bool = True) -> list[Artist]:
    """The weeks' own marks on a frame: the interval band, the score's line and (with
    `counts`) the answer count of each week with too few for a score."""
    positions = list(range(len(weeks)))
    values = [w.score.value if w.score.value is not None else float("nan") for w in weeks]
    lows = [w.score.low if w.score.low is not None else float("nan") for w in weeks]
    highs = [w.score.high if w.score.high is not None else float("nan") for w in weeks]
    low, high = _scale(kind)
    band = axes.fill_between(positions, lows, highs, color=BAND, linewidth=0)
    band.set_gid("chart-band")
    (line,) = axes.plot(positions, values, color=ACCENT, linewidth=2, marker="o", markersize=4)
    line.set_gid("chart-score")
    marks: list[Artist] = [band, line]
    for position, week in zip(positions, weeks, strict=True):
        if counts and not week.score.enough and week.answers:
            # Too few answers for a score: the count, where the score would be.
            marks.append(axes.text(position, low + (high - low) * 0.06, f"n={week.answers}",
                                   ha="center", fontsize=FONT - 1, color=MUTED, style="italic"))
    return marks


# A day marked on the trend (a coaching talk): where it falls, in weeks from the first week's
# middle, and its name.
Marker = tuple[float, str]


def marker_positions(weeks: Sequence[WeekPoint],
                     days: Sequence[tuple[date, str]]) -> tuple[Marker, ...]:
    """Each `(day, label)` placed at its day within its week, when that week is on the chart."""
    index = {point.week: position for position, point in enumerate(weeks)}
    return tuple((index[week] - 0.5 + (day.weekday() + 0.5) / 7, label)
                 for day, label in days if (week := week_of(day)) in index)


def _figure(kind: SurveyKind, weeks: Sequence[WeekPoint], words: ChartWords,
            markers: Sequence[Marker] = ()) -> Figure:
    figure, axes = _frame(kind, [w.week.week for w in weeks], words, 100)
    _scores(axes, kind, weeks)
    high = _scale(kind)[1]
    for position, label in markers:
        line = axes.axvline(position, color=MUTED, linewidth=1.5, linestyle=(0, (4, 3)))
        line.set_gid("chart-marker")
        axes.text(position, high, label, ha="center", va="bottom", fontsize=FONT - 1, color=MUTED)
    return figure


def trend_png(kind: SurveyKind, weeks: Sequence[WeekPoint], words: ChartWords) -> bytes:
    """The chart as PNG for a mail, 672 px wide: sharp where a mail shows it 560 px wide or
    less (a phone's column is about 340)."""
    return _png(kind, tuple(weeks), words)


# A frame drawn once and kept, with its pixels, for every chart of the same weeks: a digest
# run draws one chart per team, most of them over the same twelve weeks.
_frames: dict[tuple[SurveyKind, tuple[int, ...], ChartWords], tuple[Any, Axes, Any]] = {}
_drawing = threading.Lock()  # a kept frame is drawn on by one thread at a time


@lru_cache(maxsize=64)
def _png(kind: SurveyKind, weeks: tuple[WeekPoint, ...], words: ChartWords) -> bytes:
    # Cached by what it shows: a team's chart for its next supervisor, or the next request.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    key = (kind, tuple(w.week.week for w in weeks), words)
    with _drawing:
        if key not in _frames:
            if len(_frames) >= 16:
                _frames.clear()
            figure, axes = _frame(kind, key[1], words, PNG_DPI)
            canvas = FigureCanvasAgg(figure)
            canvas.draw()
            _frames[key] = (canvas, axes, canvas.copy_from_bbox(figure.bbox))
        canvas, axes, background = _frames[key]
        # The frame's pixels back, then only the weeks' own marks drawn over them (blitting).
        canvas.restore_region(background)
        # A mail writes each week's figures beside its chart, the counts of the weeks with too
        # few answers among them: drawn too, they would cost most of the drawing.
        marks = _scores(axes, kind, weeks, counts=False)
        for mark in marks:
            axes.draw_artist(mark)
        width, height = canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA",
                                 0, 1).convert("RGB")
        for mark in marks:
            mark.remove()
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


def trend_svg(kind: SurveyKind, weeks: Sequence[WeekPoint], words: ChartWords, *,
              chart_id: str, title: str, description: str,
              markers: Sequence[Marker] = ()) -> str:
    """The chart as an inline SVG element for a page: role img, with its title and a
    description of what it shows (the table beside it has every figure).

    Cached by what it shows, so a page opened again draws nothing. The band, the score's line
    and the markers carry the classes `chart-band`, `chart-score` and `chart-marker`."""
    return _svg(kind, tuple(weeks), words, chart_id, title, description, tuple(markers))


@lru_cache(maxsize=256)
def _svg(kind: SurveyKind, weeks: tuple[WeekPoint, ...], words: ChartWords, chart_id: str,
         title: str, description: str, markers: tuple[Marker, ...]) -> str:
    return inline_svg(_figure(kind, weeks, words, markers), image_class="trend-image",
                      chart_id=chart_id, title=title, description=description)
