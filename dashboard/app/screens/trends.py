"""Utveckling: each district's yearly values, and how the gap between them changed."""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, state
from dashboard.app.components import lazy, selectors
from dashboard.app.export_menu import chart, page_link
from dashboard.report import exporting, page_parts
from dashboard.report.i18n import area_type_name, measure_name, t
from indicators.measures import MEASURES
from indicators.views import trends

FIELDS = ("city", "area_type", "indicator", "sex", "highlight", "measures", "strat", "recalc")
lang, catalog = state.lang(), cache.catalog()

page, choices = selectors.view_selection("tr", FIELDS)
sel = choices.selection
ind = catalog[sel.indicator]
can_recalculate = cache.can_recalculate(sel.city, sel.area_type)
recalc = can_recalculate and state.as_bool(page.request.get("recalc"))
trend = cache.trend(sel.city, sel.area_type, sel.indicator, sel.sex, recalc)
series, chain = trend.series, trend.chain
names = dict(zip(series["area_code"], series["area_name"], strict=False))
highlight = trends.highlight_choice(series, state.as_list(page.request.get("highlight")))
measures = trends.measure_choice(state.as_list(page.request.get("measures")))
strat_options = [s for s in ("median_income", "cni") if s in catalog]
strat = page.pick("strat", strat_options, "median_income")
params = {**sel.as_params(), "strat": strat, "recalc": recalc}
del params["year"]  # one line per year: the page has no year of its own
page.sync({**params, "highlight": highlight, "measures": measures})
link = page_link("utveckling")
own, recalculated = (trends.RECALCULATED, sel.area_type) if recalc else (sel.area_type, None)

st.title(t("page_trends", lang))
both = cache.trend_gaps(sel.city, chain, sel.indicator, sel.sex, ["d", "sii"], strat, recalculated)
st.markdown(page_parts.closing_line(both, own, sel.area_type, ind, catalog[strat], lang))
selectors.place_selectors(st.columns([1, 1.6, 1.6, 1]), choices, catalog, "tr", lang)
st.multiselect(t("highlight", lang), list(names), key="tr_highlight", format_func=names.get)
if can_recalculate:
    st.toggle(
        t("recalc_toggle", lang, area_type=area_type_name(sel.area_type, lang)), key="tr_recalc"
    )
page.show_notes(choices.notes, lang, skip=("note_year_unavailable",))

breaks = [(year, t("division_break", lang, year=year)) for year in trend.breaks]
view = exporting.TrendView(
    sel.city, sel.area_type, ind, sel.sex, recalc, series, trend.references, highlight, breaks
)
if view.synthetic:
    st.warning(t("synthetic_banner", lang), icon=":material/science:")
trend_export = exporting.trend_export(view, lang, link=link)
chart(trend_export, "trend_export", lang)

st.header(t("gap_over_time", lang))
cols = st.columns([2, 1])
cols[0].multiselect(
    t("measures", lang),
    list(MEASURES),
    key="tr_measures",
    format_func=lambda m: measure_name(m, lang),
)
selectors.stratifier_box(cols[1], strat_options, "tr_strat", catalog, lang)
gaps = cache.trend_gaps(sel.city, chain, sel.indicator, sel.sex, measures, strat, recalculated)
gap_export = exporting.gap_export(view, gaps, measures, chain, catalog.get(strat), lang, link=link)
chart(gap_export, "gap_export", lang)
own = trends.RECALCULATED if recalc else sel.area_type
lines = page_parts.gap_lines(gaps, measures, sel.area_type, own, ind, catalog[strat], lang)
for line in lines:
    st.markdown(line)
if box := lazy.expander(t("measures_help_title", lang), "trends_help_open"):
    box.markdown(t("measures_help", lang, strat=catalog[strat].name(lang).lower()))
st.caption(t("trends_change_help", lang))
if len(chain) > 1 and not recalc:
    st.caption(t("division_note", lang))
