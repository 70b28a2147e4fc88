"""The weekly trend as a picture: the score with its 95 % interval as a band, week by week.

Drawn with matplotlib's object interface (a Figure and its own canvas, never pyplot's global
figures), so two requests or two digest threads never share a figure. Pages get SVG with its
text kept as text and a title and description for screen readers; mails get PNG, which Outlook,
Gmail and Apple Mail all show, drawn at twice its size for sharp phones. Both come from one
drawing, so a page and a mail never show different charts of the same weeks.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import matplotlib

# Text stays text in the SVG (readable, searchable, small); no dates or random ids, so the same
# weeks draw the same bytes. Set once when the module loads, never changed while drawing.
matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "trend",
                            "font.family": ["DejaVu Sans"]})

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from feedback_service.coaching.trends import WeekPoint  # noqa: E402
from feedback_service.surveys.scoring import SurveyKind, is_net_score  # noqa: E402

INK = "#1a1a1a"
ACCENT = "#0b5394"
BAND = "#a9c6e8"
GRID = "#c9ccd1"
MUTED = "#555555"
# Width and height in inches at 100 dots an inch: 560 × 190 px, the width of a mail's column.
SIZE = (5.6, 1.9)


@dataclass(frozen=True)
class ChartWords:
    """The chart's own words in the reader's language: the scale's name and the weeks'."""

    scale: str  # "% happy", "NPS"
    week: str  # "Week"


def _figure(kind: SurveyKind, weeks: Sequence[WeekPoint], words: ChartWords) -> Figure:
    figure = Figure(figsize=SIZE, dpi=100, facecolor="white")
    axes = figure.add_axes((0.09, 0.24, 0.89, 0.68))
    positions = list(range(len(weeks)))
    values = [w.score.value if w.score.value is not None else float("nan") for w in weeks]
    lows = [w.score.low if w.score.low is not None else float("nan") for w in weeks]
    highs = [w.score.high if w.score.high is not None else float("nan") for w in weeks]
    band = axes.fill_between(positions, lows, highs, color=BAND, linewidth=0)
    band.set_gid("chart-band")
    (line,) = axes.plot(positions, values, color=ACCENT, linewidth=2, marker="o", markersize=4)
    line.set_gid("chart-score")
    low, high = (-100, 100) if is_net_score(kind) else (0, 100)
    axes.set_ylim(low, high)
    axes.set_yticks(range(low, high + 1, 50))
    if is_net_score(kind):
        # A net score carries its sign, with a true minus, as the figures beside it do.
        axes.set_yticklabels([f"+{v}" if v > 0 else f"−{-v}" if v < 0 else "0"
                              for v in range(low, high + 1, 50)])
    axes.set_xlim(-0.5, len(weeks) - 0.5)
    axes.set_xticks(positions)
    axes.set_xticklabels([str(w.week.week) for w in weeks])
    for position, week in zip(positions, weeks, strict=True):
        if not week.score.enough and week.answers:
            # Too few answers for a score: the count, where the score would be.
            axes.text(position, low + (high - low) * 0.06, f"n={week.answers}", ha="center",
                      fontsize=7, color=MUTED, style="italic")
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=INK, labelsize=8, length=0)
    axes.set_ylabel(words.scale, fontsize=8, color=INK)
    axes.set_xlabel(words.week, fontsize=8, color=INK, labelpad=2)
    return figure


def trend_png(kind: SurveyKind, weeks: Sequence[WeekPoint], words: ChartWords) -> bytes:
    """The chart as PNG for a mail, at twice its displayed size."""
    figure = _figure(kind, weeks, words)
    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=200, metadata={"Software": None})
    return out.getvalue()


_ID = re.compile(r'\bid="([^"]+)"')
_HEADER = re.compile(r"^.*?(?=<svg)", re.S)


def trend_svg(kind: SurveyKind, weeks: Sequence[WeekPoint], words: ChartWords, *,
              chart_id: str, title: str, description: str) -> str:
    """The chart as an inline SVG element for a page: role img, with its title and a
    description of what it shows (the table beside it has every figure).

    The parts a reader must tell apart carry classes (`chart-band`, `chart-score`), so the
    page's style sheet can give them system colours in forced-colours (high contrast) mode. Ids
    are prefixed with `chart_id`, so two charts on one page never share one."""
    figure = _figure(kind, weeks, words)
    # No background of its own: the page's shows through, also in high contrast.
    figure.patch.set_alpha(0)
    figure.axes[0].patch.set_alpha(0)
    FigureCanvasSVG(figure)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    svg = _HEADER.sub("", out.getvalue(), count=1)
    svg = svg.replace('id="chart-band"', 'class="chart-band"').replace(
        'id="chart-score"', 'class="chart-score"')
    svg = _ID.sub(lambda m: f'id="{chart_id}-{m.group(1)}"', svg)
    svg = re.sub(r'(url\(#|href="#)', rf"\g<1>{chart_id}-", svg)
    # Fixed sizes in points would overflow a phone: the view box keeps the proportions.
    svg = re.sub(r'<svg ([^>]*?)width="[^"]+" height="[^"]+"',
                 rf'<svg \1class="trend-image" role="img" '
                 rf'aria-labelledby="{chart_id}-title {chart_id}-desc"', svg, count=1)
    opening = svg.index(">") + 1
    return (f'{svg[:opening]}<title id="{chart_id}-title">{escape(title)}</title>'
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>{svg[opening:]}')
