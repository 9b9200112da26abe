"""Figures to PNG, SVG and PDF through one kaleido browser per process, laid out for reports.

No Streamlit here: the dashboard's export menu and ``jamlik export`` share this module.

One Chromium (Debian's ``/usr/bin/chromium``, found by kaleido or named by
``BROWSER_PATH``) is started on the first export and kept for the life of the process:
≈0.15 s per chart and ≈1.25 s per MapLibre map afterwards, against 1.6–3.7 s for a browser
start per image (FEASIBILITY.md). kaleido's own ``start_sync_server`` is not used: its
queue hands results back in arrival order to whichever thread asks next, so two
Streamlit sessions exporting at once could swap images, and a browser that fails to
start leaves callers waiting forever. Here the browser lives on an event loop of its own
thread; each call waits for its own future, with a timeout.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import copy
import math
import os
import re
import shutil
import threading
from concurrent.futures import Future
from dataclasses import dataclass

import plotly.graph_objects as go

from dashboard.report.exports import ExportMeta, format_date
from dashboard.report.figures import (
    COLORBAR_ROOM,
    FOOTER_LINE,
    MAP_PLOT_SIZE,
    MARGIN,
    SUBTITLE_FONT,
    TITLE_FONT,
    add_footer,
    footer_extra,
    header_height,
    ranking_height,
)
from dashboard.report.i18n import t
from dashboard.report.markup import CHAR_WIDTH, plotly_text, wrap_html

#: Never a browser kaleido would download (kaleido.get_chrome): Debian's, or BROWSER_PATH.
CHROMIUM = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
RENDER_TIMEOUT = 120.0
PNG_SCALE = 2
IMAGE_FORMATS = ("png", "svg", "pdf")
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
}


class RenderError(RuntimeError):
    """The browser could not be started or did not render the figure."""


class Renderer:
    """One kaleido browser for the process, started on first use, safe to call from any thread."""

    def __init__(self, timeout: float = RENDER_TIMEOUT) -> None:
        self._timeout = timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None and self._thread is not None and self._thread.is_alive()

    def _start(self) -> None:
        import kaleido

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
        thread.start()

        async def open_browser():
            browser = kaleido.Kaleido(n=1, mathjax=False, timeout=self._timeout, path=CHROMIUM)
            await browser.__aenter__()
            return browser

        try:
            browser = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(self._timeout)
        except Exception as err:
            loop.call_soon_threadsafe(loop.stop)
            raise RenderError(f"could not start the browser at {CHROMIUM}: {err}") from err
        self._loop, self._thread, self._kaleido = loop, thread, browser

    def submit(
        self, fig: go.Figure | dict, fmt: str, width: int, height: int, scale: float
    ) -> Future:
        """Start rendering and return at once: the caller may build the next figure meanwhile."""
        with self._lock:
            if not self.running:
                self._start()
            loop, browser = self._loop, self._kaleido
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        return asyncio.run_coroutine_threadsafe(browser.calc_fig(fig, opts=opts), loop)

    def result(self, future: Future, fmt: str) -> bytes:
        """The bytes of a submitted render, or a RenderError (after the timeout at most)."""
        try:
            return future.result(self._timeout)
        except Exception as err:
            future.cancel()
            # A browser that died is started again on the next call.
            if not self.running:
                self.close()
            raise RenderError(f"kaleido could not render the figure as {fmt}: {err}") from err

    def render(
        self, fig: go.Figure | dict, fmt: str, width: int, height: int, scale: float
    ) -> bytes:
        """The figure as ``fmt`` bytes at ``width`` × ``height`` CSS pixels times ``scale``."""
        return self.result(self.submit(fig, fmt, width, height, scale), fmt)

    def close(self) -> None:
        with self._lock:
            loop, browser = self._loop, self._kaleido
            self._loop = self._thread = self._kaleido = None
        if loop is None:
            return
        if browser is not None and loop.is_running():
            # Closing (at exit, or after a failure): nothing is left to tell anyone.
            with contextlib.suppress(Exception):
                closing = browser.__aexit__(None, None, None)
                asyncio.run_coroutine_threadsafe(closing, loop).result(30)
        loop.call_soon_threadsafe(loop.stop)


RENDERER = Renderer()
atexit.register(RENDERER.close)


def available() -> bool:
    """Whether image export can work here: a Chromium to drive."""
    return os.access(CHROMIUM, os.X_OK)


# --- sizes and the export layout ----------------------------------------------------------


@dataclass(frozen=True)
class ExportSize:
    """A target medium: CSS pixels at 96 dpi; PDF pages come out at 0.75 pt per pixel."""

    key: str
    width: int
    height: int | None  # None: as the figure kind needs (A4 reports)
    font_scale: float = 1.0


#: 16 cm wide, the text column of an A4 report (605 px at 96 dpi; 1210 px in a 2× PNG).
A4 = ExportSize("a4", 605, None)
#: A 16:9 slide; text a little larger, as it is read from across a room.
SLIDE = ExportSize("slide", 1280, 720, font_scale=1.35)
#: A whole A4 page, portrait (fact sheets).
PAGE = ExportSize("page", 794, 1123)
SIZES = {s.key: s for s in (A4, SLIDE, PAGE)}
#: Heights at A4 width, per figure kind (the ranking grows with its districts).
A4_HEIGHTS = {"map": 640, "trend": 520, "gap": 520, "compare": 470, "ranking": 520}
#: A printed page holds a ranking of this height at most (24.9 cm at 96 dpi).
RANKING_MAX_HEIGHT = 940
#: Below this many pixels per bar, the labels cannot be read: the middle is left out.
MIN_BAR_PITCH = {"a4": 7.0, "slide": 11.0, "page": 7.0}


def size_for(kind: str, size: ExportSize, fig: go.Figure) -> tuple[int, int]:
    """Width and height in CSS pixels of a figure of ``kind`` at ``size``."""
    if size.height is not None:
        return size.width, size.height
    if kind == "ranking":
        bars = len(fig.data[0].y) if fig.data and fig.data[0].y is not None else 0
        return size.width, int(min(RANKING_MAX_HEIGHT, max(320, 7.6 * bars + 230)))
    if kind == "factsheet":
        return PAGE.width, PAGE.height
    return size.width, A4_HEIGHTS.get(kind, 480)


def _is_footer(annotation: go.layout.Annotation) -> bool:
    # The figure builders' footer (figures._footer): the one note hung below the plot.
    return (
        annotation.yref == "paper"
        and annotation.y == 0
        and annotation.yanchor == "top"
        and annotation.xanchor == "left"
    )


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken at '; ' or spaces."""
    lines: list[str] = []
    for part in text.split("\n"):
        current = ""
        for word in part.split(" "):
            candidate = f"{current} {word}".strip()
            if len(candidate) > width and current:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


def footer_lines(meta: ExportMeta, width_px: int, font_px: float) -> list[str]:
    """Source line(s), the example-data note, the notes, the date and the link."""
    chars = max(40, int(width_px / (0.52 * font_px)))
    source_line = "sources_line" if len(meta.sources) > 1 else "source_line"
    lines = wrap(t(source_line, meta.lang, source="; ".join(meta.sources) or "–"), chars)
    if meta.provenance:
        # Each source by its role, the synthetic ones marked (issue 8).
        lines = wrap(meta.provenance.footer(meta.lang), chars)
    lines = [plotly_text(line) for line in lines]  # sources are the uploads' own words
    if meta.synthetic_note:
        lines.append(f"<b>{meta.synthetic_note}</b>")
    for note in meta.notes:
        lines += [plotly_text(line) for line in wrap(note, chars)]
    lines.append(t("footer_retrieved", meta.lang, date=format_date(meta.date, meta.lang)))
    if meta.permalink:
        lines.append(meta.permalink)
    return lines


def _fit_ranking(fig: go.Figure, capacity: int, gap_label: str) -> None:
    """Keep the top and bottom ends of a long ranking, with a labelled gap between them."""
    bar = fig.data[0]
    n = len(bar.y)
    if n <= capacity:
        return
    k = max(1, (capacity - 1) // 2)
    label = gap_label.format(n=n - 2 * k)

    def cut(values, filler=None):
        if values is None or isinstance(values, str) or not hasattr(values, "__len__"):
            return values
        values = list(values)
        if len(values) != n:
            return values
        return [*values[:k], values[k] if filler == "any" else filler, *values[n - k :]]

    bar.update(
        x=cut(bar.x),
        y=[*list(bar.y)[:k], label, *list(bar.y)[n - k :]],
        text=cut(bar.text),
        customdata=cut(bar.customdata),
        # No bar in the gap; its colour is never drawn but must be a valid one.
        marker={
            "color": cut(bar.marker.color, "any"),
            "line": {
                "color": cut(bar.marker.line.color, "any"),
                "width": cut(bar.marker.line.width, "any"),
            },
            "pattern": {"shape": cut(bar.marker.pattern.shape, "any")},
        },
        textfont={"color": cut(bar.textfont.color, "any")},
    )
    if bar.error_x.array is not None:
        bar.error_x.update(array=cut(bar.error_x.array), arrayminus=cut(bar.error_x.arrayminus))


def top_and_bottom(fig: go.Figure, k: int, gap_label: str) -> go.Figure:
    """A copy of a ranking with its ``k`` highest and ``k`` lowest bars and the gap between
    them labelled ("10 högsta / 10 lägsta"); the whole ranking when it is short enough."""
    out = go.Figure(fig)
    _fit_ranking(out, 2 * k + 1, gap_label)
    out.update_layout(height=ranking_height(len(out.data[0].y)) if out.data else None)
    return out


def _fit_ranking_labels(out: go.Figure, meta: ExportMeta, size: ExportSize, height: int) -> None:
    """A ranking cut to the bars the page can hold, its labels sized to the bars' pitch."""
    scale = size.font_scale
    bars = len(out.data[0].y) if out.data and out.data[0].y is not None else 0
    room = height - 230 * scale
    capacity = max(8, int(room / (MIN_BAR_PITCH.get(size.key, 7.0) * scale)))
    _fit_ranking(out, capacity, t("ranking_gap", meta.lang))
    bars = len(out.data[0].y) if out.data else bars
    pitch = room / max(bars, 1)
    tick = max(6.0, min(11.0 * scale, pitch * 0.75))
    # Every label, the gap's included: plotly would otherwise skip some when crowded.
    labels = list(out.data[0].y)
    out.update_yaxes(tickfont={"size": tick}, tickmode="array", tickvals=labels, ticktext=labels)
    out.update_traces(textfont={"size": tick}, selector={"type": "bar"})


def _fit_kind(
    out: go.Figure, kind: str, meta: ExportMeta, size: ExportSize, width: int, height: int
) -> None:
    """What one kind of figure needs to fit the page: bars, year ticks or the map's zoom."""
    if kind == "ranking":
        _fit_ranking_labels(out, meta, size, height)
    if kind in ("trend", "gap") and width < 800:
        # Years on every second tick, upright, in a 16 cm column.
        years = [x for trace in out.data for x in (trace.x or ()) if isinstance(x, int | float)]
        if years and max(years) - min(years) > 8:
            out.update_xaxes(dtick=2, tickangle=0)
    if kind == "map":
        # The map's zoom was computed for the dashboard's plot size (MAP_PLOT_SIZE, about
        # 600 × 410 px); a larger drawing area shows the same extent one step closer.
        old_w, old_h = MAP_PLOT_SIZE
        bar = any(tr.type == "choroplethmap" and tr.colorbar.orientation == "h" for tr in out.data)
        new_w = width - 20
        new_h = height - (190 + (COLORBAR_ROOM if bar else 0)) * size.font_scale
        zoom = out.layout.map.zoom
        if zoom is not None:
            out.layout.map.zoom = zoom + math.log2(max(0.25, min(new_w / old_w, new_h / old_h)))


def _replace_footer(out: go.Figure, meta: ExportMeta, width: int, scale: float) -> float:
    """The export's footer instead of the page's, the other annotations scaled; returns
    the footer's height in pixels. The room the page's longer footer took from the bottom
    margin is given back."""
    footer_font = 10.5 * scale
    lines = footer_lines(meta, width - 20, footer_font)
    shift = 8
    kept = []
    for annotation in out.layout.annotations:
        if _is_footer(annotation):
            shift = -(annotation.yshift or -8)
            page_lines = (annotation.text or "").count("<br>") + 1
            out.update_layout(margin={"b": (out.layout.margin.b or 0) - footer_extra(page_lines)})
            continue
        if scale != 1 and annotation.font is not None and annotation.font.size:
            annotation.font.size = annotation.font.size * scale
        kept.append(annotation)
    out.layout.annotations = kept
    if meta.permalink:
        # The link on one line, in a smaller type if it is long.
        link_font = min(footer_font, (width - 20) / (0.55 * len(meta.permalink)))
        lines[-1] = (
            f'<a href="{meta.permalink}" style="color:#1f4e8c">'
            f'<span style="font-size:{link_font:.1f}px">{meta.permalink}</span></a>'
        )
    add_footer(out, lines, shift, footer_font)
    return shift + len(lines) * FOOTER_LINE * scale + 14


def export_figure(fig: go.Figure, kind: str, meta: ExportMeta, size: ExportSize) -> go.Figure:
    """A copy of ``fig`` laid out for ``size``, its footer carrying sources, note, date and link.

    The figure's own title and subtitle (with the example-data note) stay; the footer is
    replaced by the export's: source line(s), the example-data note, the notes, the
    retrieval date and the permalink of the view.
    """
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    width, height = size_for(kind, size, out)
    scale = size.font_scale
    _fit_kind(out, kind, meta, size, width, height)
    bottom = _replace_footer(out, meta, width, scale)
    margin_b = out.layout.margin.b or 0
    out.update_layout(
        width=width,
        height=height,
        margin={"b": max(margin_b, bottom)},
        font={"size": 12 * scale},
    )
    if scale != 1:
        out.update_layout(legend={"font": {"size": 11 * scale}})
    if kind != "factsheet":
        _fit_header(out, kind, width, scale)
    return out


def _legend_rows(out: go.Figure, width: int, font_px: float) -> int:
    """Rows a horizontal legend of ``out``'s named traces takes at ``width`` (estimated)."""
    rows, used = 1, 0.0
    for trace in out.data:
        if trace.showlegend is False or not trace.name:
            continue
        item = 50 + len(re.sub(r"<[^>]+>", "", trace.name)) * CHAR_WIDTH * font_px
        if used and used + item > width:
            rows, used = rows + 1, 0.0
        used += item
    return rows


def _unwrap(text: str | None) -> str:
    return re.sub(r"<br\s*/?>", " ", text or "")


def _fit_header(out: go.Figure, kind: str, width: int, scale: float) -> None:
    """Title and subtitle wrapped to the width, the top margin made to hold them (and, in a
    narrow line or gap chart, the legend above the plot), every axis's labels inside.

    Plotly never wraps a title: a long subtitle ran off the right edge, and the example-data
    note at its end was lost (issue 11, item 1).
    """
    title = out.layout.title
    title_font, sub_font = TITLE_FONT * scale, SUBTITLE_FONT * scale
    room = width - 24
    # The page's figure comes wrapped for a phone (figures.PAGE_TITLE_WIDTH): joined again.
    title_lines = wrap_html(_unwrap(title.text), int(room / (CHAR_WIDTH * title_font)))
    subtitle = _unwrap(title.subtitle.text)
    sub_lines = wrap_html(subtitle, int(room / (CHAR_WIDTH * sub_font))) if subtitle else []
    top = header_height(len(title_lines), len(sub_lines), scale)
    if kind in ("trend", "gap") and width < 800:
        # Beside the plot the legend took 40 % of a 16 cm column and its last entries were
        # cut at the bottom: above the plot, one line per entry, it keeps every name.
        for trace in out.data:
            if trace.name and "<br>" in trace.name:
                trace.name = trace.name.replace("<br>", " ")
        legend_font = 11 * scale
        rows = _legend_rows(out, room, legend_font)
        out.update_layout(
            legend={
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": 1.0,
                "yref": "paper",
                "yanchor": "bottom",
                "font": {"size": legend_font},
            }
        )
        top += rows * 1.9 * legend_font + 8
    out.update_layout(
        title={
            "text": "<br>".join(title_lines),
            "font": {"size": title_font},
            "subtitle": {"text": "<br>".join(sub_lines), "font": {"size": sub_font}},
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            # A little air between the page's edge and the title.
            "pad": {"l": 12, "t": 14},
        },
        # The page's top margin held its title wrapped for a phone; the export's own is this.
        margin={"t": max(MARGIN["t"], top), "l": 16, "r": 16},
    )
    # Tick labels and axis titles push the margins out rather than off the page.
    out.update_yaxes(automargin=True)
    out.update_xaxes(automargin=True)


def submit(fig: go.Figure, fmt: str) -> Future:
    """Start rendering an export-laid-out figure (``export_figure``); see ``render``."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"not an image format: {fmt!r}")
    scale = PNG_SCALE if fmt == "png" else 1
    return RENDERER.submit(fig, fmt, int(fig.layout.width), int(fig.layout.height), scale)


def render(fig: go.Figure, fmt: str) -> bytes:
    """An export-laid-out figure as PNG at twice its pixels (sharp on paper and projectors),
    or as SVG or PDF at 1:1 (a PDF page of 0.75 pt per pixel)."""
    return RENDERER.result(submit(fig, fmt), fmt)
