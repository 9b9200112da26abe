"""Utveckling: each district's yearly values, and how the gap between them changed."""

from __future__ import annotations

import streamlit as st

from dashboard import data, state
from dashboard.figures import FigureText, district_lines, gap_lines
from dashboard.i18n import area_noun, area_type_name, measure_name, sex_name, t
from indicators import trends
from indicators.gaps import MEASURES
from indicators.package import MUNICIPALITIES
from indicators.reaggregate import division_breaks, successions
from indicators.views import resolve

FIELDS = ("city", "area_type", "indicator", "sex", "highlight", "measures", "strat", "recalc")
lang = state.lang()
package = data.package()
catalog = data.catalog()
inventory = data.inventory()

request, from_link = state.requested(FIELDS, "tr")
choices = resolve(inventory, package, request)
sel = choices.selection
ind = catalog[sel.indicator]
chain = next((c for c in successions(package, sel.city) if sel.area_type in c), [sel.area_type])
can_recalculate = data.can_recalculate(sel.city, sel.area_type)
recalc = can_recalculate and state.as_bool(request.get("recalc"))

series, references = data.trend(sel.city, sel.area_type, sel.indicator, sel.sex, recalc)
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

st.title(t("page_trends", lang))
cols = st.columns([1, 1.6, 1.6, 1])
cols[0].selectbox(
    t("city", lang), choices.cities, key="tr_city", format_func=lambda c: MUNICIPALITIES.get(c, c)
)
cols[1].selectbox(
    t("area_type", lang),
    choices.area_types,
    key="tr_area_type",
    format_func=lambda a: area_type_name(a, lang),
)
cols[2].selectbox(
    t("indicator", lang),
    choices.indicators,
    key="tr_indicator",
    format_func=lambda i: catalog[i].name(lang) if i in catalog else i,
)
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

synthetic = bool(series["synthetic"].any()) if len(series) else False
if synthetic:
    st.warning(t("synthetic_banner", lang), icon=":material/science:")
breaks = [
    (when.year, t("division_break", lang, year=when.year))
    for _old, _new, when in division_breaks(package, chain)
]
city_name = MUNICIPALITIES.get(sel.city, sel.city)
segment = t("recalculated", lang) if recalc else area_type_name(sel.area_type, lang)
text = FigureText(
    title=t("trend_title", lang, indicator=ind.name(lang), city=city_name),
    subtitle=t(
        "subtitle", lang, area_type=segment, sex=sex_name(sel.sex, lang), unit=ind.unit(lang)
    ),
    source=t("source_line", lang, source="; ".join(sorted(set(series["source"].dropna())))),
    synthetic_note=t("synthetic_note", lang) if synthetic else None,
    missing=t("missing", lang),
    suppressed=t("suppressed", lang),
    scale_note="",
)
st.plotly_chart(
    district_lines(
        series,
        references,
        highlight,
        ind,
        lang=lang,
        text=text,
        reference_names={sel.city: city_name, "00": "Sverige" if lang == "sv" else "Sweden"},
        breaks=[b for b in breaks if series["year"].min() < b[0] <= series["year"].max()],
    ),
    width="stretch",
    config={"displaylogo": False},
    key="trend_figure",
)

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
gaps = data.trend_gaps(
    sel.city, chain, sel.indicator, sel.sex, measures, strat, sel.area_type if recalc else None
)
segment_names = {a: area_type_name(a, lang) for a in chain}
segment_names[trends.RECALCULATED] = t("recalculated", lang)
st.plotly_chart(
    gap_lines(
        gaps,
        lang=lang,
        text=FigureText(
            **{
                **text.__dict__,
                "title": t(
                    "gap_title", lang, indicator=trends.lower_first(ind.name(lang)), city=city_name
                ),
                "subtitle": t(
                    "gap_subtitle",
                    lang,
                    sex=sex_name(sel.sex, lang),
                    strat=catalog[strat].name(lang),
                ),
            }
        ),
        measure_names={m: measure_name(m, lang, short=True) for m in measures},
        segment_names=segment_names,
        unit=ind.unit(lang),
        decimals=ind.decimals + 1,
        breaks=breaks,
    ),
    width="stretch",
    config={"displaylogo": False},
    key="gap_figure",
)
own = trends.RECALCULATED if recalc else sel.area_type
for m in measures:
    sentence = trends.change_sentence(
        gaps[(gaps["measure"] == m) & (gaps["area_type"] == own)],
        measure=m,
        measure_name=measure_name(m, lang),
        indicator=ind,
        area_noun=area_noun(sel.area_type, lang),
        lang=lang,
        stratifier_name=catalog[strat].name(lang),
        unit=ind.unit(lang) if MEASURES[m].unit.en == "the indicator's unit" else "",
        decimals=ind.decimals if MEASURES[m].unit.en == "the indicator's unit" else 2,
    )
    st.markdown(
        f"- {sentence}"
        if sentence
        else f"- {t('no_change_sentence', lang, measure=measure_name(m, lang))}"
    )
if len(chain) > 1 and not recalc:
    st.caption(t("division_note", lang))
