"""The map drawn by one plotly.js instance that stays on the page: a new view is a ``Plotly.react``.

``st.plotly_chart`` gives a chart a new identity whenever its figure changes, so every
year, sex or colour change mounted a new MapLibre map: the browser built the map anew each
time (issue 10: a year change at 1.37× the bare floor). This Streamlit component (v2,
keyed, so its identity stays) keeps its plot: a new figure updates the colours of the map
that is there.

A session's first map is still an ``st.plotly_chart``: Streamlit fetches its plotly.js
with the page's first elements, while a component's code (and so any plotly.js of its
own) comes only after them, 0.4–0.5 s later on two cores. Every later view of the map is
this component (``live_now``), drawn with the plotly.js that first chart left in
``window.Plotly``; without it, with the venv's own ``plotly.min.js``, which Streamlit serves
from the plotly package on loopback (a v1 component's folder; no CDN).

The figure is the same as everywhere else (``dashboard.report``): exports, the table and
the description around it are unchanged. Tests read it back from the element's data
(``figure``, the figure's JSON) as they read a ``plotly_chart``'s spec.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v1 as components_v1

#: plotly.js as a file Streamlit serves: ``/component/<name>/plotly.min.js``. Declaring a
#: v1 component with a path only registers the folder; nothing of it is drawn.
_ASSETS = components_v1.declare_component(
    "plotly_js", path=str(Path(plotly.__file__).parent / "package_data")
)

#: One promise per tab for plotly.js. Streamlit's own plotly.js, loaded for the page's first
#: map, leaves ``window.Plotly`` behind: that one is used as it is. Otherwise the venv's
#: plotly.min.js is loaded, from an address taken from Streamlit's own script
#: (``<base>/static/js/index.….js``), so that it holds under a ``server.baseUrlPath``.
_LOAD_JS = """
const loadPlotly = (asset) => {
  if (!window.jamlikPlotly && window.Plotly && window.Plotly.react) {
    window.jamlikPlotly = Promise.resolve(window.Plotly);
  }
  if (!window.jamlikPlotly) {
    window.jamlikPlotly = new Promise((resolve, reject) => {
      const index = document.querySelector('script[type="module"][src*="/static/js/index."]');
      const script = document.createElement("script");
      script.src = new URL("../../component/" + asset + "/plotly.min.js", index.src).href;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => { window.jamlikPlotly = null; reject(new Error(script.src)); };
      document.head.appendChild(script);
    });
  }
  return window.jamlikPlotly;
};
"""

#: Draws the figure into the element's box, or updates the plot already there (same
#: MapLibre map, new colours). The box is as high as the figure before plotly.js is
#: loaded, so nothing below it moves; it follows its column's width.
_MAP_JS = (
    _LOAD_JS
    + """
// The look Streamlit's theme gives every other chart on the page, where the figure leaves
// it open: its font for the title, and a white hover box, its text dark enough for AA.
const PAGE_LOOK = {
  title: { font: { family: '"Source Sans", sans-serif' } },
  hoverlabel: {
    bgcolor: "#FFFFFF",
    bordercolor: "#DCD8D4",
    font: { family: '"Source Sans", sans-serif', size: 12, color: "#333333" },
  },
};
const merge = (base, over) => {
  for (const [k, v] of Object.entries(over)) {
    const nested = v && typeof v === "object" && !Array.isArray(v);
    base[k] = nested ? merge(base[k] && typeof base[k] === "object" ? base[k] : {}, v) : v;
  }
  return base;
};

export default function ({ parentElement, data }) {
  const host = parentElement.querySelector(".jamlik-live-map");
  const figure = JSON.parse(data.figure);
  const template = (figure.layout.template = figure.layout.template || {});
  template.layout = merge(template.layout || {}, PAGE_LOOK);
  host.style.height = (figure.layout.height || 450) + "px";
  // plotly's own "responsive" follows the window only; the column can change alone.
  if (!host.jamlikResize) {
    host.jamlikResize = new ResizeObserver(() => {
      if (host._fullLayout && host.jamlikPlotly) host.jamlikPlotly.Plots.resize(host);
    });
    host.jamlikResize.observe(host);
  }
  loadPlotly(data.asset).then((Plotly) => {
    host.jamlikPlotly = Plotly;
    if (host.isConnected) Plotly.react(host, figure.data, figure.layout, data.config);
  });
  return () => {
    host.jamlikResize.disconnect();
    if (host.jamlikPlotly) host.jamlikPlotly.purge(host);
  };
}
"""
)

#: The component's name, as its elements carry it.
LIVE_MAP = "jamlik_live_map"

_LIVE_MAP = st.components.v2.component(
    LIVE_MAP,
    html="<div class='jamlik-live-map' style='width: 100%'></div>",
    js=_MAP_JS,
    # plotly.js puts its styles (and MapLibre's) in the document's head: the plot must
    # be in the document, not in a shadow root, for them to apply.
    isolate_styles=False,
)

#: Session-state key: the view the page's first map showed (an ``st.plotly_chart``), then
#: True once the map is live.
FIRST_VIEW_KEY = "_live_map_first_view"


def live_now(view: str) -> bool:
    """Whether the map of ``view`` (any text that changes with what the map shows) is
    drawn live: not the session's first map, and every map after the first view changed.
    A rerun that shows the same view (opening the ranking) keeps the first chart as it is."""
    first = st.session_state.setdefault(FIRST_VIEW_KEY, view)
    if first is True or first != view:
        st.session_state[FIRST_VIEW_KEY] = True
        return True
    return False


def live_map(fig: go.Figure, key: str, config: dict[str, Any]) -> None:
    """Draw ``fig`` in the element ``key``: the first time a new plot, then an update. The
    element receives the figure's JSON, plotly's config and where plotly.js is served."""
    data = {
        "figure": fig.to_json(),
        "config": {**config, "responsive": False},
        "asset": _ASSETS.name,
    }
    _LIVE_MAP(data=data, key=key, width="stretch")


def shown_figure(data_json: str) -> dict[str, Any]:
    """The figure an element's data (its JSON, as Streamlit sends it) draws: for tests."""
    return json.loads(json.loads(data_json)["figure"])
