"""Karta: one indicator for every district of a city, as a map, a ranking, a gap summary and a table."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.app import cache, state
from dashboard.app.export_menu import export_menu, page_link
from dashboard.report import exporting, tables
from dashboard.report.i18n import area_type_name, sex_name, t
from dashboard.report.sentences import significance_label
from indicators.core.formatting import format_number, format_period, format_value
from indicators.views.map import gap_summary
from indicators.views.selection import resolve

FIELDS = ("city", "area_type", "indicator", "year", "sex", "since", "compare")
NO_CHANGE = "-"
#: Colour the districts by value, or by their class against the city or Sverige.
COLOUR_MODES = ("value", "city", "country")
lang = state.lang()
package = cache.package()
catalog = cache.catalog()
inventory = cache.inventory()

request, from_link = state.requested(FIELDS, "map")
choices = resolve(inventory, package, request)
sel = choices.selection
ind = catalog[sel.indicator]
layer = cache.layer(sel.city, sel.area_type)
view = cache.view_data(sel, layer, since=request.get("since"))
compare = state.pick(request.get("compare"), list(COLOUR_MODES))
# The colour mode goes into the address only when it is not the default, so links to the
# value map stay as they were.
st.session_state["map_compare"] = compare
state.sync(
    {
        **sel.as_params(),
        "since": view.since or NO_CHANGE,
        **({"compare": compare} if compare != "value" else {}),
    },
    "map",
)
comparison = cache.comparison_classes(sel, layer) if compare != "value" else None
link = page_link("karta")

st.title(t("page_map", lang))
cols = st.columns([1, 1.6, 1.6, 1, 1])
state.place_selectors(cols, choices, catalog, "map")
cols[3].selectbox(
    t("year", lang),
    choices.years,
    key="map_year",
    format_func=lambda y: format_period(int(y.split("-")[-1]), y if "-" in y else "", lang),
)
cols[4].selectbox(
    t("sex", lang), choices.sexes, key="map_sex", format_func=lambda s: sex_name(s, lang)
)

if from_link:
    for note in choices.notes:
        st.info(t(note.key, lang, **note.params))
if choices.empty_years:
    st.caption(t("empty_years", lang, years=", ".join(choices.empty_years)))

if view.synthetic:
    st.warning(t("synthetic_banner", lang), icon=":material/science:")

year_label = format_period(sel.year_number, sel.period, lang)
if sel.period:
    st.caption(t("period_note", lang, period=year_label))


def colour_mode_selector(where: DeltaGenerator) -> None:
    """Value, or each district against the city or Sverige; kept in the address."""
    where.radio(
        t("colour_by", lang),
        COLOUR_MODES,
        key="map_compare",
        horizontal=True,
        format_func=lambda m: t(f"colour_{'value' if m == 'value' else 'vs_' + m}", lang),
    )


boundary = package.boundary(sel.city, sel.area_type)
if layer is None:
    st.info(t("no_boundaries", lang, area_type=area_type_name(sel.area_type, lang)))
    colour_mode_selector(st)
else:
    notes = []
    if boundary and not boundary.in_force(sel.year_number):
        valid = f"{boundary.valid_from or '…'} – {boundary.valid_to or '…'}"
        notes.append(
            t(
                "outside_validity",
                lang,
                area_type=area_type_name(sel.area_type, lang),
                valid=valid,
                year=sel.year_number,
            )
        )
    if boundary and boundary.status == "provisional":
        notes.append(
            t("provisional_boundaries", lang, area_type=area_type_name(sel.area_type, lang))
        )
    for note in notes:
        st.caption(note)
    since_col, mode_col = st.columns([1, 3])
    since_col.selectbox(
        t("change_since", lang),
        [NO_CHANGE, *view.change_years],
        key="map_since",
        format_func=lambda y: t("level_map", lang) if y == NO_CHANGE else y,
        disabled=not view.change_years or comparison is not None,
    )
    colour_mode_selector(mode_col)
    if comparison is not None and view.since:
        st.caption(t("compare_no_change", lang))
    if comparison is not None:
        map_export = exporting.class_map_export(
            layer.geojson,
            layer.center,
            layer.zoom,
            view,
            comparison,
            compare,
            ind,
            lang,
            link=link,
            notes=tuple(notes),
        )
    else:
        map_export = exporting.map_export(
            layer.geojson, layer.center, layer.zoom, view, ind, lang, link=link, notes=tuple(notes)
        )
    st.plotly_chart(
        map_export.figure,
        width="stretch",
        config={"displaylogo": False, "scrollZoom": False},
        key="map_figure",
    )
    export_menu(map_export, "map_export", lang)

summary = gap_summary(view.districts)
st.subheader(t("gap_summary", lang))
if summary.highest is None:
    st.info(t("no_values", lang))
else:
    m = st.columns(5)
    m[0].metric(
        t("highest", lang),
        format_value(summary.highest[1], ind.decimals, ind.unit(lang), lang),
        summary.highest[0],
        delta_color="off",
        delta_arrow="off",
    )
    m[1].metric(
        t("lowest", lang),
        format_value(summary.lowest[1], ind.decimals, ind.unit(lang), lang),
        summary.lowest[0],
        delta_color="off",
        delta_arrow="off",
    )
    m[2].metric(
        t("difference", lang), format_value(summary.difference, ind.decimals, ind.unit(lang), lang)
    )
    m[3].metric(t("ratio", lang), format_number(summary.ratio, 2, lang))
    m[4].metric(
        t("weighted_mean", lang),
        format_value(summary.weighted_mean, ind.decimals, ind.unit(lang), lang),
    )
    st.caption(t("coverage", lang, n=summary.n_with_value, total=summary.n_districts))
    if view.population_synthetic and not view.synthetic and summary.weighted_mean is not None:
        st.caption(t("weights_synthetic", lang))

ranking_export = (
    exporting.class_ranking_export(view, comparison, compare, ind, lang, link=link)
    if comparison is not None
    else exporting.ranking_export(view, ind, lang, link=link)
)
st.plotly_chart(
    ranking_export.figure, width="stretch", config={"displaylogo": False}, key="ranking_figure"
)
export_menu(ranking_export, "ranking_export", lang)

st.subheader(t("table", lang))
table = tables.district_table(view.districts, ind, lang)
if comparison is not None:
    by_code = comparison.classes.set_index("area_code")
    for reference in ("city", "country"):
        classes = view.districts["area_code"].map(by_code[f"vs_{reference}"])
        table[t(f"col_vs_{reference}", lang)] = [
            significance_label(c if isinstance(c, str) else "not_assessable", reference, lang)
            for c in classes
        ]
st.dataframe(table, hide_index=True, width="stretch")
with st.expander(t("definition", lang)):
    st.write(ind.description(lang))
    st.markdown(t("significance_method", lang))
