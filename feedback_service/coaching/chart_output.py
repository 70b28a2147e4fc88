"""What pages and mails get of a matplotlib chart: an inline SVG element that says what it shows,
or a PNG.

Every chart (the weekly trend, a reason's weekly share, the loyalty matrix) is drawn on its own
Figure with its own canvas, never with pyplot's global figures, so two requests or two mail
threads never share one. Pages get SVG with its text kept as text and a title and description
for screen readers; mails get PNG, which Outlook, Gmail and Apple Mail all show.

matplotlib (with numpy, some 50 MB) loads with the first chart drawn, not with the app.
"""

from __future__ import annotations

import base64
import io
import re
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

INK = "#1a1a1a"
ACCENT = "#0b5394"
BAND = "#a9c6e8"
GRID = "#c9ccd1"
MUTED = "#555555"
ACTION = "#8a5a00"  # an improvement action's marker, the mails' and pages' notice colour
FONT = 9
# Mails' PNG drawn larger than shown (up to 560 px), for sharp phones.
PNG_DPI = 160


@lru_cache(maxsize=1)
def set_up_matplotlib() -> None:
    """Once, before the first chart, never while drawing: text stays text in the SVG (readable,
    searchable, small), and no dates or random ids, so the same figures draw the same bytes."""
    import matplotlib

    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "chart",
                                "font.family": ["DejaVu Sans"], "axes.unicode_minus": True})


def new_figure(size: tuple[float, float], dpi: int = 100) -> Figure:
    """An empty figure of `size` inches on a white background, matplotlib set up."""
    set_up_matplotlib()
    from matplotlib.figure import Figure

    return Figure(figsize=size, dpi=dpi, facecolor="white")


def png_of(figure: Figure) -> bytes:
    """The figure as PNG for a mail, on white."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=PNG_DPI, facecolor="white",
                   metadata={"Software": None}, pil_kwargs={"compress_level": 3})
    return out.getvalue()


def png_data_uri(png: bytes) -> str:
    """A PNG as a data: URI in a mail's stored HTML; the outbox sends it as an inline image by
    Content-ID (multipart/related), which Outlook, Gmail and Apple Mail all show."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


_ID = re.compile(r'\bid="([^"]+)"')
_PART = re.compile(r'\bid="(chart-[a-z-]+)"')
_STYLE = re.compile(r'\bstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>|<metadata>.*?</metadata>", re.S)
_HEADER = re.compile(r"^.*?(?=<svg)", re.S)


def _as_attributes(match: re.Match[str]) -> str:
    """`style="fill: #fff; stroke-width: 2"` as presentation attributes: the pages' Content
    Security Policy allows no inline styles, and the page's style sheet can still override
    these (in forced-colours mode) where it could not override a style attribute."""
    attributes = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip().replace("'", "")
        if name and value:
            attributes.append(f'{name}="{value}"')
    return " ".join(attributes)


def inline_svg(figure: Figure, *, image_class: str, chart_id: str, title: str,
               description: str) -> str:
    """The figure as an inline SVG element for a page: role img, with its title and a
    description that carries every figure it shows.

    The parts a reader must tell apart are drawn with a gid `chart-…` (`chart-band`,
    `chart-bar`, `chart-dot`, …) that becomes their class, so the page's style sheet can give
    them system colours in forced-colours (high contrast) mode. Other ids are prefixed with
    `chart_id`, so two charts on one page never share one."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    # No background of its own: the page's shows through, also in high contrast.
    figure.patch.set_alpha(0)
    for axes in figure.axes:
        axes.patch.set_alpha(0)
    FigureCanvasSVG(figure)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    svg = _HEADER.sub("", out.getvalue(), count=1)
    svg = _STYLE.sub(_as_attributes, _STYLE_ELEMENT.sub("", svg))
    svg = _PART.sub(r'class="\1"', svg)
    svg = _ID.sub(lambda m: f'id="{chart_id}-{m.group(1)}"', svg)
    svg = re.sub(r'(url\(#|href="#)', rf"\g<1>{chart_id}-", svg)
    # Fixed sizes in points would overflow a phone: the view box keeps the proportions.
    svg = re.sub(r'<svg ([^>]*?)width="[^"]+" height="[^"]+"',
                 rf'<svg \1class="chart-image {image_class}" role="img" '
                 rf'aria-labelledby="{chart_id}-title {chart_id}-desc"', svg, count=1)
    opening = svg.index(">") + 1
    return (f'{svg[:opening]}<title id="{chart_id}-title">{escape(title)}</title>'
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>{svg[opening:]}')
