"""The export menu under each figure and the "Kopiera länk" box: Streamlit's side of exports.

Images are rendered only when a download button is clicked (``st.download_button`` with
a callable runs it on the click, in a thread of its own): a page rerun never waits for
kaleido, and formats nobody asks for are never drawn. Both popovers build their contents
only while open (``on_change="rerun"``): a closed menu costs the page one button, and the
link's code box does not make every page load the 1.6 MB syntax highlighter (issue 10).
"""

from __future__ import annotations

from functools import partial

import plotly.graph_objects as go
import streamlit as st

from dashboard.app.components.live_map import live_map
from dashboard.report import render
from dashboard.report.exporting import DATA_FORMATS, FigureExport
from dashboard.report.exports import permalink
from dashboard.report.i18n import t
from dashboard.report.markup import markdown_frame
from indicators.core import settings


def page_link(url_path: str, **overrides: str) -> str:
    """The address of the current view: the browser's address (or ``JAMLIK_PUBLIC_URL``
    and the page's path) with the view's query parameters, some replaced by ``overrides``."""
    params = {**st.query_params.to_dict(), **overrides}
    base = st.context.url
    if base:
        return permalink(base, "", params)
    return permalink(settings.public_url(), url_path, params)


#: Session-state key of the "Kopiera länk" popover: True while it is open.
COPY_LINK_KEY = "copy_link_menu"


def menu_key(key: str) -> str:
    """Session-state key of the export popover of the figure ``key``: True while open."""
    return f"{key}_menu"


def copy_link(url_path: str, lang: str) -> None:
    """The view's full address in a box with a copy button, in a "Kopiera länk" popover."""
    menu = st.popover(
        t("copy_link", lang), icon=":material/link:", key=COPY_LINK_KEY, on_change="rerun"
    )
    if not menu.open:
        return
    with menu:
        st.code(page_link(url_path), language=None, wrap_lines=True)
        st.caption(t("copy_link_help", lang))


#: Plotly's own toolbar is English whatever the interface language and duplicates the
#: export menu, so it is hidden; the export menu and the table below give the same.
CHART_CONFIG: dict[str, object] = {"displaylogo": False, "displayModeBar": False}


def chart(
    export: FigureExport,
    key: str,
    lang: str,
    *,
    width: str = "stretch",
    theme: str | None = "streamlit",
    config: dict[str, object] | None = None,
    figure: go.Figure | None = None,
    live: bool = False,
) -> None:
    """A figure with its text alternatives on the page: the description under it, its
    values as a table in a closed expander, and right after them the export menu, so the
    keyboard reaches the menu from the chart in a few Tabs.

    ``figure`` is shown instead of the export's own (the ranking's compact view). The
    table is built only when its expander is opened (issue 10: a page's first draw is
    its charts, nothing else). A ``live`` chart keeps its plot from run to run and only
    updates it (``components.live_map``: the map).
    """
    shown = export.figure if figure is None else figure
    config = {**CHART_CONFIG, **(config or {})}
    chart_key = key.removesuffix("_export") + "_figure"
    if live:
        live_map(shown, chart_key, config)
    else:
        st.plotly_chart(shown, width=width, theme=theme, config=config, key=chart_key)
    st.caption(export.meta.description)
    # A real HTML table, which screen readers read cell by cell (st.dataframe draws on a canvas).
    table = st.expander(
        t("chart_table", lang), icon=":material/table:", key=f"{key}_table", on_change="rerun"
    )
    if table.open:
        table.table(markdown_frame(export.table), hide_index=True, alt=export.meta.title)
    export_menu(export, key, lang)


#: Streamlit disables a deferred download button while its file is being made, and a
#: focused button that is disabled drops the focus to <body>: a keyboard user pressing
#: Enter or Space on "PNG" would have to Tab through the whole page again (issue 11). The
#: script gives the focus back to the button when it is enabled again, unless the user has
#: moved on meanwhile. Installed once per page; a document-level listener survives reruns.
KEEP_FOCUS_JS = """<script>
(() => {
  if (window.jamlikKeepFocus) return;
  window.jamlikKeepFocus = true;
  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-testid="stDownloadButton"] button');
    if (!button) return;
    const observer = new MutationObserver(() => {
      if (button.disabled) return;
      observer.disconnect();
      const at = document.activeElement;
      if (button.isConnected && (!at || at === document.body)) button.focus();
    });
    observer.observe(button, {attributes: true, attributeFilter: ['disabled']});
    setTimeout(() => observer.disconnect(), 120000);
  }, true);
})();
</script>"""


def export_menu(export: FigureExport, key: str, lang: str) -> None:
    """A popover with the size (A4 or 16:9), PNG/SVG/PDF, CSV/XLSX and the description."""
    menu = st.popover(
        t("export", lang), icon=":material/download:", key=menu_key(key), on_change="rerun"
    )
    if not menu.open:
        return
    with menu:
        size = "a4"
        if export.kind != "factsheet":
            size = st.radio(
                t("export_size", lang),
                ["a4", "slide"],
                key=f"{key}_size",
                horizontal=True,
                format_func=lambda s: t(f"size_{s}", lang),
            )
        can_render = render.available()
        st.caption(t("export_images", lang))
        for col, fmt in zip(st.columns(3), render.IMAGE_FORMATS, strict=True):
            col.download_button(
                fmt.upper(),
                data=partial(export.file, fmt, size),
                file_name=export.file_name(fmt, size),
                mime=render.MIME[fmt],
                key=f"{key}_{fmt}",
                on_click="ignore",
                disabled=not can_render,
                icon=":material/image:",
            )
        if not can_render:
            st.caption(t("export_no_browser", lang, path=render.CHROMIUM))
        st.caption(t("export_data", lang))
        for col, fmt in zip(st.columns(3), DATA_FORMATS, strict=False):
            col.download_button(
                fmt.upper(),
                data=partial(export.file, fmt),
                file_name=export.file_name(fmt),
                mime=render.MIME[fmt],
                key=f"{key}_{fmt}",
                on_click="ignore",
                icon=":material/table:",
            )
        st.caption(t("export_alt", lang))
        st.code(export.meta.description, language=None, wrap_lines=True)
        st.html(KEEP_FOCUS_JS, unsafe_allow_javascript=True)
