"""Figure builders: plain functions from data to plotly figures, every string already translated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import get_colorscale, sample_colorscale
from shapely.geometry import mapping, shape

from dashboard.report.markup import CHAR_WIDTH, plotly_text, wrap_html
from indicators.core.formatting import format_value
from indicators.table.catalog import Indicator
from indicators.views.significance import CLASSES
from indicators.views.trends import break_at_gaps, year_step

#: Missing: white inside a dark outline; suppressed: light grey, hatched, in the same outline.
#: Neither depends on its colour: the outline and the hatching tell them from the scale,
#: whose light end is darker than both (issue 11, item 4).
MISSING_COLOUR = "#ffffff"
SUPPRESSED_COLOUR = "#d9d9d9"
STATUS_OUTLINE = "#333333"
HATCH_COLOUR = "#333333"
#: Screen pixels between hatch lines at the map's zoom (MapLibre: 512 px show 360° at zoom 0).
HATCH_PX = 7
#: Text on charts: near-black, 12.6:1 on white (WCAG 1.4.3 asks 4.5:1). Set on every text
#: element, so no theme (Streamlit's grey #808495 is 3.7:1) lowers it.
TEXT_COLOUR = "#333333"
#: The part of Viridis whose lightest colour has 3:1 against white (WCAG 1.4.11): its yellow
#: end (1.3:1) vanished on the white page.
VIRIDIS_VISIBLE = 0.55
FONT = "Liberation Sans, Arial, sans-serif"
MARGIN = {"l": 10, "r": 10, "t": 70, "b": 70}
MAP_HEIGHT = 560
# The map's own drawing area, for computing the zoom that fits a city: a laptop's content
# column is at least this wide, and the height is what the margins leave.
# (the footer adds a few pixels to the bottom margin; keep some air for the outline).
MAP_PLOT_SIZE = (600, MAP_HEIGHT - MARGIN["t"] - MARGIN["b"] - 40)
#: Plotly never wraps a title, and a chart cannot know the screen's width: titles on the
#: page are wrapped to the width a phone (390 px, less the page's padding) gives a chart,
#: which a wide screen shows as two short lines (issue 11, item 11). Exports wrap again to
#: their own width (render._fit_header).
PAGE_TITLE_WIDTH = 350
TITLE_FONT, SUBTITLE_FONT = 17, 13
#: Room under the map for its horizontal colour bar (title, bar, ticks): beside the map
#: the bar covered a third of a phone's map.
COLORBAR_ROOM = 62


@dataclass(frozen=True)
class FigureText:
    """The translated words a figure carries, so a figure reads well when exported alone."""

    title: str
    subtitle: str
    source: str
    synthetic_note: str | None
    missing: str
    suppressed: str
    scale_note: str
    reference_label: str | None = None


def colorscale(indicator: Indicator) -> list[list]:
    """Viridis ordered by lightness, dark at the unfavourable end, cut before its light end.

    For indicators without polarity (counts), dark means high. Only the part from dark
    purple to teal (``VIRIDIS_VISIBLE``) is used, so that every district stands out from
    the white page.
    """
    steps = [i / 10 for i in range(11)]
    colours = sample_colorscale("Viridis", [VIRIDIS_VISIBLE * s for s in steps])
    if not indicator.higher_is_better:
        colours = colours[::-1]
    return [[s, c] for s, c in zip(steps, colours, strict=True)]


def change_colorscale(indicator: Indicator) -> str:
    """Red–blue (ColorBrewer RdBu, colour-blind safe): blue for a favourable change.

    Without a polarity, purple–orange, which says nothing of better or worse.
    """
    if indicator.higher_is_better is None:
        return "PuOr"
    return "RdBu" if indicator.higher_is_better else "RdBu_r"


def add_footer(fig: go.Figure, lines: list[str], shift: int, size: float = 11) -> None:
    """Lines of small print under the plotting area, ``shift`` pixels below its bottom."""
    fig.add_annotation(
        text="<br>".join(lines),
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-shift,
        align="left",
        font={"size": size, "color": TEXT_COLOUR},
    )


#: Px per footer line at font size 11, and the lines the bottom margin holds as it is.
FOOTER_LINE, FOOTER_ROOM_LINES = 14, 4


def footer_extra(n_lines: int) -> int:
    """The pixels a page footer of ``n_lines`` adds to the bottom margin."""
    return max(0, n_lines - FOOTER_ROOM_LINES) * FOOTER_LINE


def _footer(fig: go.Figure, text: FigureText, shift: int, wrap: bool) -> int:
    """The sources (and the example-data note) under the plot; returns the number of lines.

    With ``wrap`` the sources are broken to a phone's chart width, as the title is: on one
    line they ran past the chart's right edge even at 1440 px (issue 11).
    """
    source = plotly_text(text.source)  # the sources are the uploads' own words
    lines = wrap_html(source, int(PAGE_TITLE_WIDTH / (CHAR_WIDTH * 11))) if wrap else [source]
    if text.synthetic_note:
        lines.append(f"<b>{text.synthetic_note}</b>")
    add_footer(fig, lines, shift)
    return len(lines)


def header_height(title_lines: int, subtitle_lines: int, scale: float = 1) -> float:
    """The top margin that holds a title and a subtitle of so many lines, with some air."""
    return 14 + (title_lines * 1.3 * TITLE_FONT + subtitle_lines * 1.4 * SUBTITLE_FONT) * scale + 12


def _layout(
    fig: go.Figure,
    text: FigureText,
    height: int,
    lang: str,
    footer_shift: int = 8,
    *,
    wrap: bool = True,
) -> None:
    """Title, subtitle, size, font, legend, footer and the number format of ``lang``.

    With ``wrap`` the title and subtitle are broken into lines a phone's chart holds.
    """
    subtitle = plotly_text(text.subtitle)
    if text.synthetic_note:
        # In the subtitle too, so that a cropped screenshot still says so.
        subtitle += f' · <span style="color:#8a1c00"><b>{text.synthetic_note}</b></span>'
    title: dict = {
        "text": plotly_text(text.title),
        "subtitle": {"text": subtitle, "font": {"color": TEXT_COLOUR, "size": SUBTITLE_FONT}},
        "x": 0,
        "xanchor": "left",
        "font": {"color": TEXT_COLOUR, "size": TITLE_FONT},
    }
    top = MARGIN["t"]
    if wrap:
        title_lines = wrap_html(title["text"], int(PAGE_TITLE_WIDTH / (CHAR_WIDTH * TITLE_FONT)))
        sub_lines = wrap_html(subtitle, int(PAGE_TITLE_WIDTH / (CHAR_WIDTH * SUBTITLE_FONT)))
        title["text"] = "<br>".join(title_lines)
        title["subtitle"]["text"] = "<br>".join(sub_lines)
        # Plotly lifts a title of several lines by about half a line: more padding keeps
        # its first line inside the chart.
        pad = 10 if len(title_lines) == 1 else 24
        title |= {"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": pad}}
        top = max(top, header_height(len(title_lines), len(sub_lines)))
    bottom = footer_extra(_footer(fig, text, footer_shift, wrap))
    fig.update_layout(
        title=title,
        # A wrapped title or footer takes its room from the margins, not from the plot.
        height=height + top - MARGIN["t"] + bottom,
        margin={**MARGIN, "t": top, "b": MARGIN["b"] + footer_shift + bottom},
        font={"family": FONT, "color": TEXT_COLOUR},
        paper_bgcolor="white",
        legend={
            "x": 0,
            "y": 1,
            "xanchor": "left",
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.85)",
            "font": {"color": TEXT_COLOUR},
        },
    )
    for update in (fig.update_xaxes, fig.update_yaxes):
        update(tickfont={"color": TEXT_COLOUR}, title={"font": {"color": TEXT_COLOUR}})
    # Every axis, colour bar and tick in Swedish: decimal comma and space for thousands.
    if lang == "sv":
        fig.update_layout(separators=", ")


def _features(geojson: dict, codes: set[str]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [f for f in geojson["features"] if f["properties"]["area_code"] in codes],
    }


def _hover(
    frame: pd.DataFrame, indicator: Indicator, lang: str, text: FigureText, signed: bool = False
) -> list[list[str]]:
    out = []
    for rec in frame.to_dict("records"):
        if rec["status"] == "suppressed":
            shown = text.suppressed
        elif rec["status"] == "missing":
            shown = text.missing
        else:
            shown = format_value(rec["value"], indicator.decimals, indicator.unit(lang), lang)
            if signed and rec["value"] > 0:
                shown = "+" + shown
        out.append([plotly_text(rec["area_name"]), shown])
    return out


def _colorbar(indicator: Indicator, lang: str) -> dict:
    """The map's colour bar: horizontal under the map, in the indicator's unit and decimals."""
    return {
        "tickfont": {"color": TEXT_COLOUR},
        "thickness": 14,
        # Under the map, not beside it: on a phone a bar beside the map lay
        # over a third of it (issue 11, item 11).
        "orientation": "h",
        "len": 0.7,
        "x": 0,
        "xanchor": "left",
        "y": 0,
        "yref": "paper",
        "yanchor": "top",
        "ypad": 6,
        "title": {
            "text": indicator.unit(lang),
            "font": {"color": TEXT_COLOUR},
            "side": "top",
        },
        "tickformat": f",.{indicator.decimals}f",
    }


def choropleth(
    geojson: dict,
    districts: pd.DataFrame,
    indicator: Indicator,
    *,
    lang: str,
    text: FigureText,
    scale: tuple[float, float] | None,
    center: dict[str, float],
    zoom: float,
    height: int = MAP_HEIGHT,
    diverging: bool = False,
) -> go.Figure:
    """A district map on a white background (no tiles), one colour scale for every year.

    With ``diverging`` the values are changes: a colour-blind-safe diverging scale centred
    on zero, favourable changes blue, unfavourable red (by the indicator's polarity).

    ``districts`` has area_code, area_name, value and status ('value', 'missing',
    'suppressed'). Missing and suppressed districts get their own grey layers and legend
    entries, so they are never mistaken for low values.
    """
    fig = go.Figure()
    hovertemplate = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"
    with_value = districts[districts["status"] == "value"]
    if len(with_value):
        fig.add_trace(
            go.Choroplethmap(
                geojson=_features(geojson, set(with_value["area_code"])),
                featureidkey="properties.area_code",
                locations=with_value["area_code"].tolist(),
                z=with_value["value"].round(indicator.decimals + 2).tolist(),
                zmin=scale[0] if scale else None,
                zmax=scale[1] if scale else None,
                colorscale=change_colorscale(indicator) if diverging else colorscale(indicator),
                zmid=0 if diverging else None,
                # Changes near zero are near white: a dark outline keeps every district seen.
                marker={"line": {"width": 0.6, "color": "white" if not diverging else "#767676"}},
                customdata=_hover(with_value, indicator, lang, text, signed=diverging),
                hovertemplate=hovertemplate,
                colorbar=_colorbar(indicator, lang),
                name=indicator.name(lang),
                showlegend=False,
            )
        )
    _status_layers(fig, geojson, districts, indicator, lang, text, hovertemplate, zoom)
    # The colour bar's room is added below the map, which keeps its size (MAP_PLOT_SIZE).
    room = COLORBAR_ROOM if len(with_value) else 0
    return _finish_map(fig, text, height + room, center, zoom, lang, footer_shift=8 + room)


def _flat_layer(
    geojson: dict,
    part: pd.DataFrame,
    colour: str,
    name: str,
    customdata: list,
    hovertemplate: str,
    line: dict | None = None,
    legendgroup: str | None = None,
) -> go.Choroplethmap:
    """One layer of districts in a single colour, with its own legend entry."""
    return go.Choroplethmap(
        geojson=_features(geojson, set(part["area_code"])),
        featureidkey="properties.area_code",
        locations=part["area_code"].tolist(),
        z=[0] * len(part),
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker={"line": line or {"width": 0.6, "color": "#7a7a7a"}},
        customdata=customdata,
        hovertemplate=hovertemplate,
        name=name,
        legendgroup=legendgroup,
        showlegend=True,
    )


def _status_layers(
    fig: go.Figure,
    geojson: dict,
    districts: pd.DataFrame,
    indicator: Indicator,
    lang: str,
    text: FigureText,
    hovertemplate: str,
    zoom: float,
    extra_hover: int = 0,
) -> None:
    """Missing and suppressed districts as grey layers of their own, outlined and hatched
    (hatching spaced for ``zoom``), each in the legend, so they are never mistaken for low
    values. ``extra_hover`` pads the hover data for a template with more fields."""
    for status, colour, label in (
        ("missing", MISSING_COLOUR, text.missing),
        ("suppressed", SUPPRESSED_COLOUR, text.suppressed),
    ):
        part = districts[districts["status"] == status]
        if part.empty:
            continue
        hover = [[*h, *[""] * extra_hover] for h in _hover(part, indicator, lang, text)]
        outline = {"width": 1.5, "color": STATUS_OUTLINE}
        fig.add_trace(
            _flat_layer(geojson, part, colour, label, hover, hovertemplate, outline, status)
        )
        fig.add_trace(_hatching(geojson, set(part["area_code"]), status, zoom))


#: Hatching by status: suppressed "/" on grey, missing "\\" on white; a white district
#: outlined without hatching is a class map's "cannot be assessed".
HATCH_DIRECTION = {"suppressed": 1, "missing": -1}


def hatch_step(zoom: float) -> float:
    """Degrees of longitude between hatch lines, ``HATCH_PX`` pixels apart at ``zoom``, so the
    hatching looks the same in a small and a large city."""
    return HATCH_PX * 360 / (512 * 2**zoom)


def hatch_lines(
    geojson: dict, codes: set[str], direction: int, step: float
) -> list[tuple[list, list]]:
    """Diagonal lines ``step`` degrees apart across the districts ``codes``, as (lons, lats)
    pieces: rising to the right ("/") with ``direction`` 1, falling ("\\") with -1."""
    pieces = []
    for f in geojson["features"]:
        if f["properties"]["area_code"] not in codes:
            continue
        area = shape(f["geometry"])
        a0, b0, a1, b1 = area.bounds
        # Lines x − d·y = k·step through the district's box, clipped to the district.
        k0 = int(min(a0 - direction * b0, a0 - direction * b1) / step) - 1
        k1 = int(max(a1 - direction * b0, a1 - direction * b1) / step) + 1
        lines = shapely.MultiLineString(
            [
                [(k * step + direction * b0, b0), (k * step + direction * b1, b1)]
                for k in range(k0, k1 + 1)
            ]
        )
        cut = area.intersection(lines)
        for geom in getattr(cut, "geoms", [cut]):
            if geom.geom_type == "LineString" and not geom.is_empty:
                xs, ys = zip(*mapping(geom)["coordinates"], strict=True)
                pieces.append((list(xs), list(ys)))
    return pieces


def _hatching(geojson: dict, codes: set[str], group: str, zoom: float) -> go.Scattermap:
    """The hatching of districts ``codes`` as one line trace, in the legend group ``group``."""
    lons: list = []
    lats: list = []
    for xs, ys in hatch_lines(geojson, codes, HATCH_DIRECTION[group], hatch_step(zoom)):
        lons += [*xs, None]
        lats += [*ys, None]
    return go.Scattermap(
        lon=lons,
        lat=lats,
        mode="lines",
        line={"width": 1, "color": HATCH_COLOUR},
        hoverinfo="skip",
        showlegend=False,
        legendgroup=group,
        name=group,
    )


def _finish_map(
    fig: go.Figure,
    text: FigureText,
    height: int,
    center: dict,
    zoom: float,
    lang: str,
    footer_shift: int = 8,
) -> go.Figure:
    """White background (no tiles), the frame, the scale note and the Swedish number format."""
    fig.update_layout(map={"style": "white-bg", "center": center, "zoom": zoom})
    _layout(fig, text, height, lang, footer_shift)
    fig.add_annotation(
        text=text.scale_note,
        showarrow=False,
        xref="paper",
        yref="paper",
        x=1,
        y=0,
        xanchor="right",
        yanchor="bottom",
        font={"size": 10, "color": "#555"},
        bgcolor="rgba(255,255,255,0.8)",
    )
    return fig


def ranking_height(bars: int) -> int:
    """The ranking's height in pixels for ``bars`` bars (22 px each, room for the frame)."""
    return max(320, 22 * bars + 230)


def bar_colours(
    values: list[float], colours: str | list, scale: tuple[float, float] | None
) -> list[str]:
    """Each value's colour on the colour scale, as a colour string.

    Streamlit's plotly.js logs a warning per bar and draw for numeric bar colours with a
    colour scale (1,090 per ranking, ~0.5 s of the browser's time): strings draw silently.
    """
    low, high = scale if scale else (min(values, default=0.0), max(values, default=0.0))
    span = (high - low) or 1.0
    points = [min(1.0, max(0.0, (v - low) / span)) for v in values]
    named = get_colorscale(colours) if isinstance(colours, str) else colours
    return sample_colorscale(named, points) if points else []


def _fitted_range(shown: pd.DataFrame, city_value: float | None) -> list[float]:
    """An x range around the values, their limits and the city value, with some air.

    Levels of 96–136 districts differ by a few per cent of their size: bars from zero
    would all look alike (issue 11), so the axis starts just below the lowest.
    """
    ends = pd.concat([shown["value"], shown["ci_low"], shown["ci_high"]]).dropna().tolist()
    if city_value is not None:
        ends.append(city_value)
    if not ends:
        return [0.0, 1.0]
    low, high = min(ends), max(ends)
    pad = (high - low) * 0.08 or abs(high) * 0.05 or 1.0
    return [low - pad, high + pad]


def _whiskers(shown: pd.DataFrame) -> dict | None:
    """Confidence limits as whiskers where a district has them; None when none has."""
    if shown[["ci_low", "ci_high"]].isna().all().all():
        return None

    def lengths(a: pd.Series) -> list[float | None]:
        return [None if pd.isna(x) else max(0.0, float(x)) for x in a]

    return {
        "type": "data",
        "symmetric": False,
        "array": lengths(shown["ci_high"] - shown["value"]),
        "arrayminus": lengths(shown["value"] - shown["ci_low"]),
        "color": "#333",
        "thickness": 1,
        "width": 3,
    }


def ranking(
    districts: pd.DataFrame,
    indicator: Indicator,
    *,
    lang: str,
    text: FigureText,
    scale: tuple[float, float] | None,
    city_value: float | None,
) -> go.Figure:
    """Districts ranked by value as horizontal bars on an axis fitted to the values, with
    confidence whiskers where limits exist and the city value as a reference line.

    The value labels sit inside each bar's start, clear of the whiskers and the city line.
    """
    shown = districts[districts["status"] == "value"].sort_values("value")
    if "ci_low" not in shown:
        shown = shown.assign(ci_low=float("nan"), ci_high=float("nan"))
    labels = [format_value(v, indicator.decimals, "", lang) for v in shown["value"]]
    x_range = _fitted_range(shown, city_value)
    values = shown["value"].tolist()
    colours = bar_colours(values, colorscale(indicator), scale)
    fig = go.Figure(
        go.Bar(
            # Each bar runs from the axis's start, so its length still orders the districts.
            x=[v - x_range[0] for v in values],
            base=x_range[0],
            y=[plotly_text(name) for name in shown["area_name"]],
            orientation="h",
            text=labels,
            textposition="inside",
            insidetextanchor="start",
            textfont={"color": [_label_colour(c) for c in colours]},
            marker={"color": colours},
            error_x=_whiskers(shown),
            customdata=_hover(shown, indicator, lang, text),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            showlegend=False,
        )
    )
    _city_line(fig, city_value, indicator, lang, text)
    # The footer goes below the x axis's ticks and title.
    _layout(fig, text, ranking_height(len(shown)), lang, footer_shift=58)
    fig.update_layout(
        xaxis={
            "title": {"text": indicator.unit(lang)},
            "tickformat": f",.{indicator.decimals}f",
            "zeroline": False,
            "range": x_range,
        },
        yaxis={"automargin": True, "tickfont": {"size": 11}},
        plot_bgcolor="white",
        bargap=0.25,
    )
    return fig


def _city_line(
    fig: go.Figure, city_value: float | None, indicator: Indicator, lang: str, text: FigureText
) -> None:
    """The city's value as a dashed reference line, labelled above the plot."""
    if city_value is None or not text.reference_label:
        return
    fig.add_vline(
        x=city_value,
        line={"color": "#222", "dash": "dash", "width": 1.5},
        annotation={
            "text": f"{text.reference_label}: "
            f"{format_value(city_value, indicator.decimals, '', lang)}",
            "font": {"size": 11, "color": TEXT_COLOUR},
        },
        annotation_position="top",
    )


def _label_colour(colour: str) -> str:
    """Black or white, whichever reads better on a bar of ``colour`` (#rrggbb or rgb(...))."""
    if colour.startswith("#"):
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    else:
        r, g, b = (int(float(x)) for x in colour[colour.index("(") + 1 : -1].split(","))
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#fff"


HIGHLIGHT_COLOURS = ("#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c", "#7f6000")
FAINT = "rgba(120,120,120,0.25)"
#: The hover of a line chart's point: the line's name, the year and the value as written.
LINE_HOVER = "<b>%{fullData.name}</b> %{x}<br>%{customdata}<extra></extra>"
#: The values of a line as its hover writes them.
Formatter = Callable[[pd.Series], list[str]]


def _band(
    fig: go.Figure, x: list, low: list, high: list, colour: str, name: str, group: str
) -> None:
    """A confidence band as a filled area between the limits (no legend entry of its own)."""
    fig.add_trace(
        go.Scatter(
            x=x + x[::-1],
            y=high + low[::-1],
            fill="toself",
            fillcolor=colour,
            line={"width": 0},
            mode="lines",
            hoverinfo="skip",
            showlegend=False,
            name=name,
            legendgroup=group,
        )
    )


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _mark_breaks(fig: go.Figure, breaks: list[tuple[int, str]] | None) -> None:
    """A dotted line before the first year of each new division, with its label."""
    for year, label in breaks or []:
        fig.add_vline(
            x=year - 0.5,
            line={"color": "#8a1c00", "dash": "dot", "width": 1},
            annotation={"text": label, "font": {"size": 10, "color": "#8a1c00"}},
            annotation_position="top left",
        )


def _runs_with_limits(part: pd.DataFrame) -> list[pd.DataFrame]:
    """The runs of consecutive rows with a value and both limits: a band is drawn over each
    on its own, never across a year without them."""
    has = part[["ci_low", "ci_high", "value"]].notna().all(axis=1).to_numpy()
    runs, start = [], None
    for i, ok in enumerate([*has, False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            runs.append(part.iloc[start:i])
            start = None
    return runs


def _with_breaks(frame: pd.DataFrame, key: str, step: int) -> pd.DataFrame:
    """Every series of ``frame`` (one per ``key``) with an empty row in each gap of years."""
    if frame.empty:
        return frame
    parts = [break_at_gaps(part, step) for _, part in frame.groupby(key, sort=False)]
    return pd.concat(parts, ignore_index=True)


def _series_with_band(
    fig: go.Figure,
    part: pd.DataFrame,
    name: str,
    group: str,
    colour: str,
    customdata: list[str],
    hover: str,
    *,
    dash: str = "solid",
    marker_size: int = 5,
    showlegend: bool = True,
) -> None:
    """A year series as a line with markers, over its confidence band where it has limits."""
    for limits in _runs_with_limits(part):
        _band(
            fig,
            limits["year"].tolist(),
            limits["ci_low"].tolist(),
            limits["ci_high"].tolist(),
            _rgba(colour, 0.15),
            name,
            group,
        )
    fig.add_trace(
        go.Scatter(
            x=part["year"].tolist(),
            y=part["value"].tolist(),
            mode="lines+markers",
            line={"color": colour, "width": 2.5, "dash": dash},
            marker={"size": marker_size},
            name=name,
            legendgroup=group,
            customdata=customdata,
            hovertemplate=hover,
            showlegend=showlegend,
        )
    )


def provenance_runs(part: pd.DataFrame) -> list[pd.DataFrame]:
    """A year series cut where its kind of sources changes (published → example data …).

    The kind is the rows' ``provenance`` (its ``kind()``), else their ``synthetic`` flag.
    """
    if part.empty:
        return []
    if "provenance" in part:
        kinds = [p.kind() if hasattr(p, "kind") else None for p in part["provenance"]]
    elif "synthetic" in part:
        kinds = [bool(x) for x in part["synthetic"]]
    else:
        return [part]
    # Years without a value take no side: they do not cut a run.
    valued = part["value"].notna().tolist()
    runs: list[list[int]] = []
    last = object()
    for i, (kind, has) in enumerate(zip(kinds, valued, strict=True)):
        if has and kind != last:
            if runs and any(valued[j] for j in runs[-1]):
                runs.append([])
            last = kind
        if not runs:
            runs.append([])
        runs[-1].append(i)
    return [part.iloc[r] for r in runs]


def district_lines(
    series: pd.DataFrame,
    references: pd.DataFrame,
    highlight: list[str],
    indicator: Indicator,
    *,
    lang: str,
    text: FigureText,
    reference_names: dict[str, str],
    breaks: list[tuple[int, str]] | None = None,
) -> go.Figure:
    """One line per district: chosen ones in colour with their limits, the rest faint.

    ``references`` holds the city and Sweden (by municipality_code, named by
    ``reference_names``); ``breaks`` marks years where the division changed.
    """
    fig = go.Figure()
    unit = indicator.unit(lang)
    # No line across years without data: each gap gets an empty point (issue 11, item 9).
    step = year_step(series, references)
    series = _with_breaks(series, "area_code", step)
    references = _with_breaks(references, "municipality_code", step)

    def custom(values: pd.Series) -> list[str]:
        return [format_value(v, indicator.decimals, unit, lang) for v in values]

    series = series.assign(area_name=series["area_name"].map(plotly_text))  # lines' names
    _faint_lines(fig, series, highlight, custom)
    _highlighted_lines(fig, series, highlight, custom)
    _reference_lines(fig, references, reference_names, custom)
    _mark_breaks(fig, breaks)
    _layout(fig, text, 480, lang, footer_shift=58)
    fig.update_layout(
        xaxis={"title": {"text": ""}, "dtick": 1, "tickformat": "d"},
        yaxis={"title": {"text": unit}, "tickformat": f",.{indicator.decimals}f"},
        plot_bgcolor="white",
        hovermode="closest",
        legend={"x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"},
    )
    return fig


def _faint_lines(
    fig: go.Figure, series: pd.DataFrame, highlight: list[str], custom: Formatter
) -> None:
    """Every district not chosen as a thin grey line, cut where its sources change."""
    for code, whole in series.groupby("area_code", sort=False):
        if code in highlight:
            continue
        for part in provenance_runs(whole.sort_values("year")):
            fig.add_trace(
                go.Scatter(
                    x=part["year"].tolist(),
                    y=part["value"].tolist(),
                    mode="lines",
                    line={"color": FAINT, "width": 1},
                    name=str(part["area_name"].iloc[0]),
                    customdata=custom(part["value"]),
                    hovertemplate=LINE_HOVER,
                    showlegend=False,
                )
            )


def _highlighted_lines(
    fig: go.Figure, series: pd.DataFrame, highlight: list[str], custom: Formatter
) -> None:
    """The chosen districts in colour over their limits, one legend entry each."""
    for i, code in enumerate(highlight):
        part = series[series["area_code"] == code]
        if part.empty:
            continue
        colour = HIGHLIGHT_COLOURS[i % len(HIGHLIGHT_COLOURS)]
        for r_i, run in enumerate(provenance_runs(part.sort_values("year"))):
            _series_with_band(
                fig,
                run,
                str(part["area_name"].iloc[0]),
                code,
                colour,
                custom(run["value"]),
                LINE_HOVER,
                showlegend=r_i == 0,
            )


def _reference_lines(
    fig: go.Figure, references: pd.DataFrame, names: dict[str, str], custom: Formatter
) -> None:
    """The city (black, dashed) and Sweden (grey, dotted)."""
    for code, part in references.groupby("municipality_code", sort=False):
        fig.add_trace(
            go.Scatter(
                x=part["year"].tolist(),
                y=part["value"].tolist(),
                mode="lines",
                line={
                    "color": "#111" if code != "00" else "#666",
                    "width": 2,
                    "dash": "dash" if code != "00" else "dot",
                },
                name=names.get(str(code), str(code)),
                customdata=custom(part["value"]),
                hovertemplate=LINE_HOVER,
            )
        )


def gap_lines(
    gaps: pd.DataFrame,
    *,
    lang: str,
    text: FigureText,
    measure_names: dict[str, str],
    segment_names: dict[str, str],
    unit: str | dict[str, str],
    decimals: int,
    breaks: list[tuple[int, str]] | None = None,
) -> go.Figure:
    """Each measure over time with its limits; each division (segment) its own line, never joined.

    ``unit`` is one unit for all, or one per measure (issue 8: RII has none, BGV år²).
    """
    units = unit if isinstance(unit, dict) else {}
    # The axis carries a unit only when every measure shown shares it.
    shown_units = {units.get(m, "") for m in gaps["measure"].unique()} if units else {unit}
    axis_unit = next(iter(shown_units)) if len(shown_units) == 1 else ""
    fig = go.Figure()
    dashes = ("solid", "dash", "dot", "dashdot")
    step = year_step(gaps)
    for m_i, (measure, by_measure) in enumerate(gaps.groupby("measure", sort=False)):
        colour = HIGHLIGHT_COLOURS[m_i % len(HIGHLIGHT_COLOURS)]
        for s_i, (segment, whole) in enumerate(by_measure.groupby("area_type", sort=False)):
            # No line across years without a measure (issue 11, item 9).
            whole = break_at_gaps(whole, step)
            name = f"{measure_names.get(measure, measure)}<br>{segment_names.get(segment, segment)}"
            # A change of sources breaks the line as a change of division does: each run of
            # years with the same kind of provenance is drawn on its own, never joined.
            for r_i, part in enumerate(provenance_runs(whole.sort_values("year"))):
                _series_with_band(
                    fig,
                    part,
                    name,
                    name,
                    colour,
                    [
                        format_value(v, decimals, units.get(measure, "") if units else unit, lang)
                        for v in part["value"]
                    ],
                    LINE_HOVER,
                    dash=dashes[s_i % len(dashes)],
                    marker_size=6,
                    showlegend=r_i == 0,
                )
    _mark_breaks(fig, breaks)
    _layout(fig, text, 440, lang, footer_shift=58)
    fig.update_layout(
        xaxis={"dtick": 1, "tickformat": "d"},
        yaxis={"title": {"text": axis_unit}, "zeroline": True, "zerolinecolor": "#bbb"},
        plot_bgcolor="white",
        legend={"x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top", "font": {"size": 11}},
    )
    return fig


def city_distributions(
    rows: pd.DataFrame,
    indicator: Indicator,
    *,
    lang: str,
    text: FigureText,
    city_names: dict[str, str],
) -> go.Figure:
    """Each city's district values as a box with every district as a point (named on hover)."""
    fig = go.Figure()
    unit = indicator.unit(lang)
    for i, (city, part) in enumerate(rows.groupby("municipality_code", sort=False)):
        part = part.dropna(subset=["value"])
        fig.add_trace(
            go.Box(
                y=part["value"].tolist(),
                name=city_names.get(str(city), str(city)),
                boxpoints="all",
                jitter=0.45,
                pointpos=0,
                marker={"size": 5, "opacity": 0.7},
                line={"width": 1.5},
                fillcolor="rgba(0,0,0,0)",
                marker_color=HIGHLIGHT_COLOURS[i % len(HIGHLIGHT_COLOURS)],
                text=[plotly_text(name) for name in part["area_name"]],
                customdata=[format_value(v, indicator.decimals, unit, lang) for v in part["value"]],
                hovertemplate="<b>%{text}</b><br>%{customdata}<extra>%{fullData.name}</extra>",
            )
        )
    _layout(fig, text, 480, lang, footer_shift=40)
    fig.update_layout(
        yaxis={"title": {"text": unit}, "tickformat": f",.{indicator.decimals}f"},
        plot_bgcolor="white",
        showlegend=False,
    )
    return fig


# --- Områdesfakta: one A4 page per district ----------------------------------------------

#: A4 portrait at 96 px per inch; kaleido's PDF page is 0.75 pt per px, i.e. 595 × 842 pt.
A4_PAGE = (794, 1123)
AREA_COLOUR = HIGHLIGHT_COLOURS[0]


@dataclass(frozen=True)
class FactSheetText:
    """The translated words of a fact sheet: its frame, the legend and each panel's title."""

    frame: FigureText
    names: dict[str, str]  # 'area', 'city', 'country', 'others' → legend names
    strip_titles: list[str]  # one per key figure, its values already written out
    trend_titles: list[str]  # one per small trend (the key figures, then population)


def _panel_domains(heights: list[float], spacing: float) -> list[tuple[float, float]]:
    """Vertical paper domains of stacked rows, top first, ``heights`` relative to each other."""
    free = 1 - spacing * (len(heights) - 1)
    total = sum(heights)
    top, out = 1.0, []
    for h in heights:
        bottom = top - free * h / total
        out.append((max(0.0, bottom), top))
        top = bottom - spacing
    return out


#: The markers of a key figure's strip: the other districts as ticks, the city as a black
#: bar, Sweden as a grey diamond and the district as a large dot.
STRIP_MARKERS = {
    "others": {"symbol": "line-ns-open", "size": 14, "color": "rgba(110,110,110,0.55)"},
    "city": {"symbol": "line-ns-open", "size": 26, "color": "#111", "line": {"width": 3}},
    "country": {"symbol": "diamond", "size": 11, "color": "#888"},
    "area": {"size": 15, "color": AREA_COLOUR, "line": {"width": 1.5, "color": "white"}},
}
#: The lines of a small trend: the district, the city and Sweden.
TREND_STYLES = {
    "area": {"color": AREA_COLOUR, "width": 2.5},
    "city": {"color": "#111", "width": 1.5, "dash": "dash"},
    "country": {"color": "#888", "width": 1.5, "dash": "dot"},
}


@dataclass
class _Panels:
    """A figure of many small panels, collected as plain dicts and built once.

    Each panel has its own pair of axes and a title over it; each level ('area', 'city',
    'country', 'others') has one legend entry, at its first trace.
    """

    names: dict[str, str]  # level → legend name
    traces: list[dict] = field(default_factory=list)
    layout: dict = field(default_factory=dict)
    annotations: list[dict] = field(default_factory=list)
    in_legend: set[str] = field(default_factory=set)

    def axes(
        self, x_domain: tuple[float, float], y_domain: tuple[float, float], title: str
    ) -> tuple[str, str]:
        """A new panel's axes ('x3', 'y3'), with ``title`` over it."""
        suffix = "" if not self.annotations else str(len(self.annotations) + 1)
        self.layout[f"xaxis{suffix}"] = {"domain": list(x_domain), "anchor": f"y{suffix}"}
        self.layout[f"yaxis{suffix}"] = {"domain": list(y_domain), "anchor": f"x{suffix}"}
        # The panel's title, left-aligned over it as in a printed fact sheet.
        self.annotations.append(
            {
                "text": title,
                "xref": "paper",
                "yref": "paper",
                "x": x_domain[0],
                "y": y_domain[1],
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "align": "left",
                "font": {"size": 11, "color": TEXT_COLOUR},
            }
        )
        return f"x{suffix}", f"y{suffix}"

    def axis(self, ref: str) -> dict:
        """The layout of axis ``ref`` ('x3' → ``xaxis3``)."""
        return self.layout[ref[0] + "axis" + ref[1:]]

    def add(self, level: str, axes: tuple[str, str], **trace: object) -> None:
        """A scatter trace of ``level`` on the panel of ``axes`` (as ``axes`` returned)."""
        first = level not in self.in_legend
        self.in_legend.add(level)
        legend = {"name": self.names[level], "legendgroup": level, "showlegend": first}
        on = {"xaxis": axes[0], "yaxis": axes[1]}
        self.traces.append({"type": "scatter", **trace, **on, **legend})


def _strip(
    panels: _Panels, axes: tuple[str, str], rec: dict, others: pd.Series, ind: Indicator, lang: str
) -> None:
    """One key figure: every district's value as a tick, the city, Sweden and the district."""
    panels.add(
        "others",
        axes,
        x=others.tolist(),
        y=[0] * len(others),
        mode="markers",
        marker=STRIP_MARKERS["others"],
        hoverinfo="skip",
    )
    for level, value in (
        ("city", rec["city_value"]),
        ("country", rec["country_value"]),
        ("area", rec["value"]),
    ):
        if value is None or pd.isna(value):
            continue
        shown = format_value(value, ind.decimals, ind.unit(lang), lang)
        panels.add(
            level,
            axes,
            x=[value],
            y=[0],
            mode="markers",
            marker=STRIP_MARKERS[level],
            hovertemplate=f"{panels.names[level]}: {shown}<extra></extra>",
        )
    panels.axis(axes[0]).update(
        tickformat=f",.{ind.decimals}f",
        showgrid=False,
        zeroline=False,
        ticks="outside",
        tickfont={"size": 9},
    )
    panels.axis(axes[1]).update(visible=False, range=[-1, 1])


def _small_trend(
    panels: _Panels,
    axes: tuple[str, str],
    levels: dict[str, pd.DataFrame],
    ind: Indicator,
    lang: str,
) -> None:
    """One indicator over the years: Sweden, the city and the district (``levels``)."""
    own = levels.get("area")
    # The years of the district's own series: references reaching further back would
    # squeeze it.
    span = (own["year"].min(), own["year"].max()) if own is not None and len(own) else None
    for level in ("country", "city", "area"):
        series = levels.get(level)
        if series is None:
            continue
        if span is not None:
            series = series[series["year"].between(*span)]
        series = break_at_gaps(series, year_step(series))
        panels.add(
            level,
            axes,
            x=series["year"].tolist(),
            y=series["value"].tolist(),
            mode="lines+markers" if level == "area" else "lines",
            line=TREND_STYLES[level],
            marker={"size": 4},
            customdata=[
                format_value(v, ind.decimals, ind.unit(lang), lang) for v in series["value"]
            ],
            hovertemplate=f"{panels.names[level]} %{{x}}: %{{customdata}}<extra></extra>",
        )
    panels.axis(axes[0]).update(dtick=2, tickformat="d", tickfont={"size": 9})
    panels.axis(axes[1]).update(
        tickformat=f",.{ind.decimals}f", tickfont={"size": 9}, gridcolor="#e5e5e5"
    )


def _a4_layout(fig: go.Figure, frame: FigureText, lang: str) -> None:
    """The frame of a fact sheet: one A4 page, the legend between the subtitle and the panels."""
    _layout(fig, frame, A4_PAGE[1], lang, footer_shift=30, wrap=False)
    fig.update_layout(
        width=A4_PAGE[0],
        margin={"l": 55, "r": 30, "t": 160, "b": 110},
        plot_bgcolor="white",
        # Below the subtitle, above the first panel.
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1 - 112 / A4_PAGE[1],
            "yref": "container",
            "yanchor": "top",
            "font": {"size": 10},
        },
        hovermode="closest",
        title={"pad": {"l": 12}},
    )


def fact_sheet(
    facts: pd.DataFrame,
    districts: pd.DataFrame,
    trends: pd.DataFrame,
    indicators: dict[str, Indicator],
    *,
    lang: str,
    text: FactSheetText,
    trend_indicators: list[str],
) -> go.Figure:
    """A district's page: each key figure on a strip of all districts, then small trends.

    The strips put the district (a large dot) among the city's other districts (ticks),
    with the city (black bar) and Sweden (grey diamond). Each small trend draws the
    district, the city and Sweden over the years. ``facts`` has one row per indicator
    (indicator, value, city_value, country_value); ``districts`` holds every district's
    value in that year; ``trends`` holds indicator, level ('area', 'city', 'country'),
    year and value. Sized for one A4 page (``A4_PAGE``).

    The panels are laid out by hand as plain dicts and the figure is built once: a city
    report builds 96 of these, and plotly's validated ``add_trace``/``update_xaxes`` per
    panel cost ten times as much.
    """
    n_strips = len(facts)
    n_trend_rows = max(1, -(-len(trend_indicators) // 2))
    # Room above each strip for its two-line title (the value, then its class against the
    # city and Sverige) without touching the tick labels of the strip above.
    domains = _panel_domains([0.045] * n_strips + [0.17] * n_trend_rows, 0.058)
    columns = ((0.0, 0.45), (0.55, 1.0))
    panels = _Panels(text.names)
    by_indicator = dict(tuple(districts.groupby("indicator", sort=False)))
    for i, rec in enumerate(facts.to_dict("records")):
        axes = panels.axes((0.0, 1.0), domains[i], text.strip_titles[i])
        others = by_indicator.get(rec["indicator"], districts.iloc[:0])["value"].dropna()
        _strip(panels, axes, rec, others, indicators[rec["indicator"]], lang)
    trends_by = dict(tuple(trends.groupby(["indicator", "level"], sort=False)))
    for j, indicator in enumerate(trend_indicators):
        axes = panels.axes(columns[j % 2], domains[n_strips + j // 2], text.trend_titles[j])
        levels = {
            lv: trends_by[(indicator, lv)] for lv in TREND_STYLES if (indicator, lv) in trends_by
        }
        _small_trend(panels, axes, levels, indicators[indicator], lang)
    fig = go.Figure(data=panels.traces, layout={**panels.layout, "annotations": panels.annotations})
    _a4_layout(fig, text.frame, lang)
    return fig


# --- issue 8 – signif: each district against the city and Sverige -------------------------

#: One colour per class (``indicators.views.significance.CLASSES``): Okabe–Ito blue and vermilion
#: for better and worse, purple and green (ColorBrewer PRGn) for higher and lower without
#: polarity, a grey-beige for no established difference. Every fill has at least 3:1
#: contrast against white (WCAG 1.4.11); "not assessable" is white with a dark outline
#: (and hatched in the ranking), so it is never read as a class of its own colour.
CLASS_COLOURS: dict[str, str] = {
    "better": "#0072B2",
    "higher": "#762A83",
    "similar": "#948B7A",
    "worse": "#D55E00",
    "lower": "#1B7837",
    "not_assessable": "#ffffff",
}
NOT_ASSESSABLE_OUTLINE = "#222222"
NOT_ASSESSABLE_HATCH = "/"


def _class_order(classes: pd.Series) -> list[str]:
    present = set(classes.dropna())
    return [c for c in CLASSES if c in present]


def class_choropleth(
    geojson: dict,
    districts: pd.DataFrame,
    indicator: Indicator,
    *,
    lang: str,
    text: FigureText,
    labels: dict[str, str],
    center: dict[str, float],
    zoom: float,
    height: int = MAP_HEIGHT,
) -> go.Figure:
    """A district map in categorical colours: each district's class against a reference.

    ``districts`` has area_code, area_name, value, status and ``signif`` (a class of
    ``significance.CLASSES``); ``labels`` names each class. Each class is one trace with a
    legend entry; missing and suppressed districts keep their grey layers.
    """
    fig = go.Figure()
    hovertemplate = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
    with_value = districts[districts["status"] == "value"]
    for cls in _class_order(with_value["signif"]):
        part = with_value[with_value["signif"] == cls]
        hover = [[*h, labels[cls]] for h in _hover(part, indicator, lang, text)]
        outline = (
            {"width": 2, "color": NOT_ASSESSABLE_OUTLINE}
            if cls == "not_assessable"
            else {"width": 0.6, "color": "white"}
        )
        fig.add_trace(
            _flat_layer(
                geojson,
                part,
                CLASS_COLOURS[cls],
                labels[cls],
                hover,
                hovertemplate,
                line=outline,
                legendgroup=cls,
            )
        )
    _status_layers(
        fig, geojson, districts, indicator, lang, text, hovertemplate, zoom, extra_hover=1
    )
    return _finish_map(fig, text, height, center, zoom, lang)


def colour_ranking_by_class(
    fig: go.Figure, districts: pd.DataFrame, labels: dict[str, str]
) -> go.Figure:
    """Recolour a ``ranking`` figure's bars by class, with one legend entry per class.

    ``districts`` is the frame the ranking was drawn from, with ``signif``; the bars are in
    the ranking's own order (by value). "Not assessable" bars are white, hatched and
    outlined. Returns the same figure.
    """
    shown = districts[districts["status"] == "value"].sort_values("value")
    classes = shown["signif"].fillna("not_assessable").tolist()
    bar = fig.data[0]
    bar.marker = {
        "color": [CLASS_COLOURS[c] for c in classes],
        "line": {
            "color": [
                NOT_ASSESSABLE_OUTLINE if c == "not_assessable" else "white" for c in classes
            ],
            "width": [1.5 if c == "not_assessable" else 0 for c in classes],
        },
        "pattern": {
            "shape": [NOT_ASSESSABLE_HATCH if c == "not_assessable" else "" for c in classes],
            "fgcolor": NOT_ASSESSABLE_OUTLINE,
            "size": 6,
        },
    }
    # The hatched "not assessable" bars are white underneath.
    bar.textfont = {"color": [_label_colour(CLASS_COLOURS[c]) for c in classes]}
    bar.customdata = [[*cd, labels[c]] for cd, c in zip(bar.customdata, classes, strict=True)]
    bar.hovertemplate = (
        "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
    )
    # Legend entries only: a bar without a length draws nothing.
    for cls in _class_order(pd.Series(classes)):
        fig.add_trace(
            go.Bar(
                x=[None],
                y=[shown["area_name"].iloc[0]] if len(shown) else [None],
                orientation="h",
                marker={
                    "color": CLASS_COLOURS[cls],
                    "line": {
                        "color": NOT_ASSESSABLE_OUTLINE if cls == "not_assessable" else "white",
                        "width": 1.5 if cls == "not_assessable" else 0,
                    },
                    "pattern": {
                        "shape": NOT_ASSESSABLE_HATCH if cls == "not_assessable" else "",
                        "fgcolor": NOT_ASSESSABLE_OUTLINE,
                    },
                },
                name=labels[cls],
                legendgroup=cls,
                showlegend=True,
                hoverinfo="skip",
            )
        )
    fig.update_layout(showlegend=True, barmode="overlay")
    return fig
