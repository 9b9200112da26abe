"""Utveckling: each district's yearly values, and how the gap between them changed."""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, state
from dashboard.app.export_menu import export_menu, page_link
from dashboard.report import exporting, sentences
from dashboard.report.i18n import area_noun, area_type_name, measure_name, sex_name, t
from indicators.measures import MEASURES
from indicators.views import trends
from indicators.views.selection import resolve

FIELDS = ("city", "area_type", "indicator", "sex", "highlight", "measures", "strat", "recalc")
lang = state.lang()
package = cache.package()
catalog = cache.catalog()
inventory = cache.inventory()

request, from_link = state.requested(FIELDS, "tr")
choices = resolve(inventory, package, request)
sel = choices.selection
ind = catalog[sel.indicator]
can_recalculate = cache.can_recalculate(sel.city, sel.area_type)
recalc = can_recalculate and state.as_bool(request.get("recalc"))

trend = cache.trend(sel.city, sel.area_type, sel.indicator, sel.sex, recalc)
series, chain = trend.series, trend.chain
codes = list(dict.fromkeys(series["area_code"]))
names = dict(zip(series["area_code"], series["area_name"], strict=False))
asked = state.as_list(request.get("highlight"))
highlight = [c for c in asked if c in names] if asked is not None else []
if asked is None or (asked and not highlight):
    # Nothing asked, or only areas of another division: the two ends of the gap.
    highlight = trends.highlight_defaults(series)
asked_measures = state.as_list(request.get("measures"))
measures = (
    [m for m in asked_measures if m in MEASURES]
    if asked_measures
    else list(trends.DEFAULT_MEASURES)
)
strat_options = [s for s in ("median_income", "cni") if s in catalog]
strat = state.pick(request.get("strat"), strat_options, "median_income")

state.sync(
    {
        "city": sel.city,
        "area_type": sel.area_type,
        "indicator": sel.indicator,
        "sex": sel.sex,
        "strat": strat,
        "recalc": recalc,
        "highlight": highlight,
        "measures": measures,
    },
    "tr",
)
link = page_link("utveckling")

st.title(t("page_trends", lang))
cols = st.columns([1, 1.6, 1.6, 1])
state.place_selectors(cols, choices, catalog, "tr")
cols[3].selectbox(
    t("sex", lang), choices.sexes, key="tr_sex", format_func=lambda s: sex_name(s, lang)
)
st.multiselect(t("highlight", lang), codes, key="tr_highlight", format_func=lambda c: names[c])
if can_recalculate:
    st.toggle(
        t("recalc_toggle", lang, area_type=area_type_name(sel.area_type, lang)), key="tr_recalc"
    )
if from_link:
    for note in choices.notes:
        if note.key != "note_year_unavailable":
            st.info(t(note.key, lang, **note.params))

breaks = [(year, t("division_break", lang, year=year)) for year in trend.breaks]
view = exporting.TrendView(
    sel.city, sel.area_type, ind, sel.sex, recalc, series, trend.references, highlight, breaks
)
if view.synthetic:
    st.warning(t("synthetic_banner", lang), icon=":material/science:")
trend_export = exporting.trend_export(view, lang, link=link)
st.plotly_chart(
    trend_export.figure, width="stretch", config={"displaylogo": False}, key="trend_figure"
)
export_menu(trend_export, "trend_export", lang)

st.subheader(t("gap_over_time", lang))
cols = st.columns([2, 1])
cols[0].multiselect(
    t("measures", lang),
    list(MEASURES),
    key="tr_measures",
    format_func=lambda m: measure_name(m, lang),
)
cols[1].selectbox(
    t("stratifier", lang),
    strat_options,
    key="tr_strat",
    format_func=lambda i: catalog[i].name(lang),
)
gaps = cache.trend_gaps(
    sel.city, chain, sel.indicator, sel.sex, measures, strat, sel.area_type if recalc else None
)
gap_export = exporting.gap_export(view, gaps, measures, chain, catalog.get(strat), lang, link=link)
st.plotly_chart(gap_export.figure, width="stretch", config={"displaylogo": False}, key="gap_figure")
export_menu(gap_export, "gap_export", lang)
own = trends.RECALCULATED if recalc else sel.area_type
for m in measures:
    points = gaps[(gaps["measure"] == m) & (gaps["area_type"] == own)]
    sentence = sentences.change_sentence(
        points,
        measure=m,
        measure_name=measure_name(m, lang),
        indicator=ind,
        area_noun=area_noun(sel.area_type, lang),
        lang=lang,
        stratifier_name=catalog[strat].name(lang),
    )
    line = sentences.trend_sentence(points, measure=m, indicator=ind, lang=lang)
    st.markdown(
        f"- {sentence}" + (f" {line}" if line else "")
        if sentence
        else f"- {t('no_change_sentence', lang, measure=measure_name(m, lang))}"
    )
st.caption(t("trends_change_help", lang))
if len(chain) > 1 and not recalc:
    st.caption(t("division_note", lang))
