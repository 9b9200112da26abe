"""Figure builders: plain functions from data to plotly figures, every string already translated."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from indicators.catalog import Indicator
from indicators.formatting import format_value

MISSING_COLOUR = "#f0f0f0"
SUPPRESSED_COLOUR = "#a3a3a3"
FONT = "Liberation Sans, Arial, sans-serif"
MARGIN = {"l": 10, "r": 10, "t": 70, "b": 70}
MAP_HEIGHT = 560
# The map's own drawing area, for computing the zoom that fits a city: a laptop's content
# column is at least this wide, and the height is what the margins leave.
# (the footer adds a few pixels to the bottom margin; keep some air for the outline).
MAP_PLOT_SIZE = (600, MAP_HEIGHT - MARGIN["t"] - MARGIN["b"] - 40)


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


def colorscale(indicator: Indicator) -> str:
    """Viridis ordered by lightness, dark at the unfavourable end.

    For indicators without polarity (counts), dark means high.
    """
    return "Viridis" if indicator.higher_is_better else "Viridis_r"


def _footer(fig: go.Figure, text: FigureText, shift: int) -> None:
    lines = [text.source]
    if text.synthetic_note:
        lines.append(f"<b>{text.synthetic_note}</b>")
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
        font={"size": 11, "color": "#444"},
    )
    if text.synthetic_note:
        # At the top too, beside the title, so that a cropped screenshot still says so.
        fig.add_annotation(
            text=f"<b>{text.synthetic_note}</b>",
            showarrow=False,
            xref="paper",
            yref="paper",
            x=1,
            y=1,
            xanchor="right",
            yanchor="bottom",
            yshift=6,
            font={"size": 12, "color": "#8a1c00"},
            bgcolor="rgba(255,255,255,0.85)",
        )


def _layout(fig: go.Figure, text: FigureText, height: int, footer_shift: int = 8) -> None:
    fig.update_layout(
        title={"text": text.title, "subtitle": {"text": text.subtitle}, "x": 0, "xanchor": "left"},
        height=height,
        margin={**MARGIN, "b": MARGIN["b"] + footer_shift},
        font={"family": FONT},
        paper_bgcolor="white",
        legend={
            "x": 0,
            "y": 1,
            "xanchor": "left",
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
    )
    _footer(fig, text, footer_shift)


def _features(geojson: dict, codes: set[str]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [f for f in geojson["features"] if f["properties"]["area_code"] in codes],
    }


def _hover(
    frame: pd.DataFrame, indicator: Indicator, lang: str, text: FigureText
) -> list[list[str]]:
    out = []
    for rec in frame.to_dict("records"):
        if rec["status"] == "suppressed":
            shown = text.suppressed
        elif rec["status"] == "missing":
            shown = text.missing
        else:
            shown = format_value(rec["value"], indicator.decimals, indicator.unit(lang), lang)
        out.append([rec["area_name"], shown])
    return out


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
) -> go.Figure:
    """A district map on a white background (no tiles), one colour scale for every year.

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
                colorscale=colorscale(indicator),
                marker={"line": {"width": 0.6, "color": "white"}},
                customdata=_hover(with_value, indicator, lang, text),
                hovertemplate=hovertemplate,
                colorbar={
                    "title": {"text": indicator.unit(lang)},
                    "thickness": 14,
                    "len": 0.6,
                    "x": 1,
                    "xanchor": "right",
                    "y": 0.45,
                    "tickformat": f",.{indicator.decimals}f",
                },
                name=indicator.name(lang),
                showlegend=False,
            )
        )
    for status, colour, label in (
        ("missing", MISSING_COLOUR, text.missing),
        ("suppressed", SUPPRESSED_COLOUR, text.suppressed),
    ):
        part = districts[districts["status"] == status]
        if part.empty:
            continue
        fig.add_trace(
            go.Choroplethmap(
                geojson=_features(geojson, set(part["area_code"])),
                featureidkey="properties.area_code",
                locations=part["area_code"].tolist(),
                z=[0] * len(part),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker={"line": {"width": 0.6, "color": "#7a7a7a"}},
                customdata=_hover(part, indicator, lang, text),
                hovertemplate=hovertemplate,
                name=label,
                showlegend=True,
            )
        )
    fig.update_layout(map={"style": "white-bg", "center": center, "zoom": zoom})
    _layout(fig, text, height)
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
    # Locale for the colour bar's ticks: Swedish decimal comma and space for thousands.
    if lang == "sv":
        fig.update_layout(separators=", ")
    return fig


def ranking(
    districts: pd.DataFrame,
    indicator: Indicator,
    *,
    lang: str,
    text: FigureText,
    scale: tuple[float, float] | None,
    city_value: float | None,
) -> go.Figure:
    """Districts ranked by value as horizontal bars, the city value as a reference line."""
    shown = districts[districts["status"] == "value"].sort_values("value")
    labels = [format_value(v, indicator.decimals, "", lang) for v in shown["value"]]
    fig = go.Figure(
        go.Bar(
            x=shown["value"].tolist(),
            y=shown["area_name"].tolist(),
            orientation="h",
            text=labels,
            textposition="outside",
            cliponaxis=False,
            marker={
                "color": shown["value"].tolist(),
                "colorscale": colorscale(indicator),
                "cmin": scale[0] if scale else None,
                "cmax": scale[1] if scale else None,
            },
            customdata=_hover(shown, indicator, lang, text),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            showlegend=False,
        )
    )
    if city_value is not None and text.reference_label:
        fig.add_vline(
            x=city_value,
            line={"color": "#222", "dash": "dash", "width": 1.5},
            annotation={
                "text": f"{text.reference_label}: "
                f"{format_value(city_value, indicator.decimals, '', lang)}",
                "font": {"size": 11},
            },
            annotation_position="top",
        )
    height = max(320, 22 * len(shown) + 230)
    # The footer goes below the x axis's ticks and title.
    _layout(fig, text, height, footer_shift=58)
    fig.update_layout(
        xaxis={
            "title": {"text": indicator.unit(lang)},
            "tickformat": f",.{indicator.decimals}f",
            "zeroline": False,
        },
        yaxis={"automargin": True, "tickfont": {"size": 11}},
        plot_bgcolor="white",
        bargap=0.25,
    )
    # Bars start at zero: a cut axis would overstate the differences between districts.
    if lang == "sv":
        fig.update_layout(separators=", ")
    return fig
