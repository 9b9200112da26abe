"""The sections of the Områdesindelningar page: the request form, the check, the stored list."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from dashboard.app import cache
from dashboard.app.upload_form import show_problems
from dashboard.report import divisions as shown
from dashboard.report.i18n import t
from geodata import municipalities
from indicators.ingest import divisions
from indicators.ingest.divisions import DivisionCheck, DivisionRequest
from indicators.ingest.versions import sha256_bytes

CHECK_KEY = "division_check"


def request_form(lang: str) -> DivisionRequest:
    """What the editor says of the file: municipality, id, names, fields, parent, CRS, dates."""
    register = municipalities.register()
    cols = st.columns(2)
    city = cols[0].selectbox(
        t("division_municipality", lang),
        list(register.index),
        format_func=lambda c: f"{c} {register.loc[c, 'name']}",
        key="division_city",
    )
    area_type = cols[1].text_input(
        t("division_area_type", lang),
        key="division_area_type",
        help=t("division_area_type_help", lang),
    )
    names = st.columns(2)
    name_sv = names[0].text_input(
        t("division_name_sv", lang), key="division_name_sv", max_chars=120
    )
    name_en = names[1].text_input(
        t("division_name_en", lang), key="division_name_en", max_chars=120
    )
    fields = st.columns(3)
    id_field = fields[0].text_input(
        t("division_id_field", lang), "area_code", key="division_id_field"
    )
    name_field = fields[1].text_input(
        t("division_name_field", lang), "area_name", key="division_name_field"
    )
    crs = fields[2].text_input(
        t("division_crs", lang), key="division_crs", help=t("division_crs_help", lang)
    )
    parents = divisions.known_area_types(cache.package(), cache.store(), city)
    others = st.columns(3)
    parent = others[0].selectbox(
        t("division_parent", lang),
        ["", *[p for p in parents if p != area_type]],
        format_func=lambda p: p or t("division_no_parent", lang),
        key="division_parent",
    )
    valid_from = others[1].date_input(t("division_valid_from", lang), None, key="division_from")
    valid_to = others[2].date_input(t("division_valid_to", lang), None, key="division_to")
    return DivisionRequest(
        municipality=city,
        area_type=area_type.strip(),
        name_sv=name_sv.strip(),
        name_en=name_en.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        id_field=id_field.strip() or "area_code",
        name_field=name_field.strip() or "area_name",
        parent=parent or None,
        crs=crs.strip() or None,
    )


def check(name: str, content: bytes, request: DivisionRequest) -> DivisionCheck:
    """The file checked as the editor described it; kept until the file or form changes."""
    kept = st.session_state.get(CHECK_KEY)
    key = (sha256_bytes(content), request)
    if kept is not None and kept[0] == key:
        return kept[1]
    with tempfile.TemporaryDirectory() as folder:
        # GDAL reads paths, and the file's own name is what the problems cite.
        path = Path(folder) / Path(name).name
        path.write_bytes(content)
        checked = divisions.check(path, request, cache.package(), cache.store())
    st.session_state[CHECK_KEY] = (key, checked)
    return checked


def show_check(checked: DivisionCheck, lang: str) -> None:
    """Every problem, or the valid division's map and areas."""
    if checked.status == "refused":
        show_problems(checked.problems, checked.file_name, lang)
        return
    st.success(t("division_valid", lang, n=checked.n_features), icon=":material/check_circle:")
    # The areas, and beside them where the municipality lies in Sweden.
    areas_col, sweden_col = st.columns([3, 1])
    areas_col.plotly_chart(
        shown.preview_map(checked, lang),
        width="stretch",
        config={"displaylogo": False},
        key="division_map",
    )
    sweden_col.plotly_chart(
        shown.sweden_map(checked.request.municipality, lang),
        width="stretch",
        config={"displayModeBar": False, "scrollZoom": False},
        key="division_sweden_map",
    )
    st.dataframe(shown.areas_table(checked, lang), hide_index=True, width="stretch", height=240)


def stored(editor: str | None, lang: str) -> None:
    """The stored divisions, and (for an editor) withdrawing one of them."""
    frame = cache.store().divisions()
    st.subheader(t("division_versions", lang))
    if frame.empty:
        st.caption(t("cli_no_divisions", lang))
        return
    st.dataframe(shown.versions_table(frame, lang), hide_index=True, width="stretch")
    active = frame[frame["withdrawn_at"].isna()]["id"].tolist()
    if editor is None or not active:
        return
    cols = st.columns([1, 2])
    version = cols[0].selectbox(
        t("col_version", lang), active[::-1], key="division_withdraw_version"
    )
    if cols[1].button(
        t("division_withdraw", lang), key="division_withdraw", icon=":material/delete:"
    ):
        try:
            divisions.withdraw(cache.store(), int(version), editor=editor)
        except divisions.DivisionWithdrawError as err:
            st.error(err.problem.message(lang))
        else:
            st.success(t("division_withdrawn", lang, version=version))
