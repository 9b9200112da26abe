"""The sections of the upload page: templates, column mapping, defaults, problems, preview."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.app import cache, state
from dashboard.app.export_menu import CHART_CONFIG
from dashboard.report import uploads
from dashboard.report.figures import FigureText, choropleth
from dashboard.report.i18n import area_type_name, sex_name, t
from dashboard.report.markup import markdown_frame, markdown_t
from indicators.core.formatting import format_number, format_period
from indicators.core.places import MUNICIPALITIES
from indicators.core.problems import Problem, ProblemsError
from indicators.ingest import cells as ingest_cells
from indicators.ingest import isolate, versions
from indicators.ingest.columns import ColumnGuess
from indicators.ingest.upload import UploadDefaults
from indicators.table.areas import AreaIndex, fold_accents
from indicators.table.catalog import Indicator
from indicators.table.schema import SEXES, YEAR_MIN, year_max
from indicators.views.selection import area_type_order

# Session state: the file's cells and its preview (or problems), so that a rerun neither
# parses the file again nor previews anew what the Save button is about to store.
CELLS_KEY, PREVIEW_KEY = "upload_cells", "upload_preview"
#: The answers to the defaults' questions, kept where no widget cleans them up.
ANSWERS_KEY = "_upload_answers"
#: Unknown areas fixed on the page: the file's text → the suggestion the user accepted.
FIXES_KEY = "_upload_fixes"
#: Unknown areas offered a one-click fix; the rest are fixed in the file.
SHOWN_FIXES = 10


def _area_types(areas: AreaIndex, city: str) -> list[str]:
    """A city's area types, those with boundaries in the package's order first."""
    return area_type_order(cache.package(), city, areas.area_types(city))


def _indicators(catalog: Mapping[str, Indicator], lang: str) -> list[str]:
    return sorted(catalog, key=lambda i: catalog[i].name(lang).casefold())


def templates(areas: AreaIndex, catalog: Mapping[str, Indicator], lang: str) -> None:
    """Download buttons for a CSV or XLSX template with every area of a division filled in,
    built only when the expander is opened (the upload page's first draw stays light)."""
    box = st.expander(
        t("templates_title", lang), icon=":material/download:", key="templates_open",
        on_change="rerun",
    )  # fmt: skip
    if not box.open:
        return
    with box:
        st.write(t("templates_help", lang))
        cols = st.columns(3)
        # The city and indicator the user last looked at, on any page.
        seen_city, seen_indicator = state.shared("city"), state.shared("indicator")
        # The three cities and every municipality an editor gave divisions (issue 13).
        cities = list(areas.cities())
        city = cols[0].selectbox(
            t("city", lang),
            cities,
            index=cities.index(seen_city) if seen_city in cities else 0,
            format_func=MUNICIPALITIES.get,
            key="template_city",
        )
        area_type = cols[1].selectbox(
            t("area_type", lang),
            [a for a in _area_types(areas, city) if a != "country"],
            format_func=lambda a: area_type_name(a, lang),
            key="template_area_type",
        )
        indicators = _indicators(catalog, lang)
        indicator = cols[2].selectbox(
            t("indicator", lang),
            indicators,
            index=indicators.index(seen_indicator) if seen_indicator in indicators else 0,
            format_func=lambda i: catalog[i].name(lang),
            key="template_indicator",
        )
        # The year after the newest one stored; the key follows city and indicator, so the
        # default does too until the user moves the slider.
        year = uploads.template_year(cache.inventory(), city, indicator, year_max())
        first, last = st.slider(
            t("years", lang),
            YEAR_MIN,
            year_max(),
            (year, year),
            key=f"template_years_{city}_{indicator}",
        )
        sexes = ["women", "men"] if st.checkbox(t("template_by_sex", lang)) else ["total"]
        years = list(range(first, last + 1))
        stem = f"mall_{fold_accents(MUNICIPALITIES[city])}_{area_type}_{indicator}_{first}-{last}"
        _template_buttons(city, area_type, indicator, years, sexes, stem, lang)


def _template_buttons(
    city: str, area_type: str, indicator: str, years: list[int], sexes: list[str], stem: str,
    lang: str,
) -> None:  # fmt: skip
    """The CSV and XLSX downloads of one template, given as bytes (see cache.template)."""
    buttons = st.columns(2)
    for col, kind, mime, icon in (
        (buttons[0], "csv", "text/csv", ":material/table:"),
        (
            buttons[1],
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ":material/grid_on:",
        ),
    ):
        col.download_button(
            t(f"template_{kind}", lang),
            data=cache.template(kind, city, area_type, indicator, years, sexes),
            file_name=f"{stem}.{kind}",
            mime=mime,
            on_click="ignore",
            key=f"template_{kind}",
            icon=icon,
        )


def check_size(content: bytes, name: str) -> None:
    """Refuse a file over the limit before anything parses it (raises ``ProblemsError``)."""
    if len(content) > ingest_cells.MAX_UPLOAD_BYTES:
        ingest_cells.read_cells(content, name)  # refuses at once, with the reader's own problem


def _parsed(fn: Callable[..., Any], *args: Any, file: str, **kwargs: Any) -> Any:
    """``fn`` in a worker process capped in memory and time, with a spinner meanwhile: a
    large file neither stalls nor endangers the other visitors (issue 12 F1)."""
    with st.spinner(t("upload_reading", state.lang()), show_time=True):
        return isolate.run(fn, *args, file=file, **kwargs)


def cells(content: bytes, name: str, sha256: str, sheet: str | None) -> pd.DataFrame:
    """The file's table as text cells (raises ``ProblemsError``), read once per file and sheet."""
    key = (sha256, name, sheet)
    kept = st.session_state.get(CELLS_KEY)
    if kept is None or kept[0] != key:
        kept = (key, _parsed(ingest_cells.read_cells, content, name, sheet, file=name))
        st.session_state[CELLS_KEY] = kept
    return kept[1]


def mapping(guess: ColumnGuess, columns: Sequence[str], sha256: str, lang: str) -> dict | None:
    """Show how the columns are read; where that is ambiguous, ask. Returns role → column
    (``{}`` when nothing was asked), or None while the user has not chosen yet."""
    st.markdown(f"**{t('columns_found', lang)}**")
    st.dataframe(uploads.column_roles(guess, lang), hide_index=True)
    if guess.unused:
        st.caption(markdown_t("columns_unused", lang, columns=", ".join(guess.unused)))
    if not guess.ambiguous:
        return {}
    st.warning(t("mapping_needed", lang), icon=":material/help:")
    asked: dict[str, tuple[str, ...]] = dict(guess.candidates)
    for role in guess.missing:
        asked[role] = tuple(columns)
    chosen: dict[str, str | None] = {}
    for role, options in asked.items():
        if role == "value" and guess.wide:
            options = (*options, "")  # '' = the year columns hold the values
        chosen[role] = st.selectbox(
            t("mapping_question", lang, role=t(f"role_{role}", lang)),
            options,
            index=None,
            placeholder=t("choose_column", lang),
            format_func=lambda c: c or t("wide_values", lang),
            key=f"upload_map_{sha256[:12]}_{role}",
        )
    if any(c is None for c in chosen.values()):
        st.info(t("mapping_choose", lang))
        return None
    return {role: str(col) for role, col in chosen.items()}


def defaults(
    guess: ColumnGuess,
    chosen: Mapping[str, str],
    areas: AreaIndex,
    catalog: Mapping[str, Indicator],
    lang: str,
) -> tuple[UploadDefaults, list[str]]:
    """Ask for what the file does not say, and nothing else. Returns the answers and the
    names of the required ones still unanswered (indicator, year, source)."""
    lacking = _lacking(guess, chosen)
    if not any(lacking.values()):
        return UploadDefaults(area_fixes=fixes()), []
    st.markdown(f"**{t('defaults_title', lang)}**")
    st.caption(t("defaults_help", lang))
    # One cell per question asked, filled left to right, so no gap stands for a question not asked.
    cols = iter(st.columns(3) + st.columns(3))
    given: dict[str, object] = {}
    city: str | None = None
    guess_it, choose_it = t("default_guess", lang), t("default_choose", lang)
    if lacking["municipality_code"]:
        given["municipality_code"] = city = _select(
            next(cols), t("city", lang), list(areas.cities()), guess_it, "city", MUNICIPALITIES.get
        )
    if lacking["area_type"]:
        given["area_type"] = _select(
            next(cols),
            t("area_type", lang),
            _default_area_types(areas, city),
            guess_it,
            "area_type",
            lambda a: area_type_name(a, lang),
        )
    if lacking["indicator"]:
        given["indicator"] = _select(
            next(cols),
            t("indicator", lang),
            _indicators(catalog, lang),
            choose_it,
            "indicator",
            lambda i: catalog[i].name(lang),
        )
    if lacking["year"]:
        years = list(range(year_max(), YEAR_MIN - 1, -1))
        given["year"] = _select(next(cols), t("year", lang), years, choose_it, "year")
    if lacking["sex"]:
        no_sex = sex_name("total", lang)
        given["sex"] = _select(
            next(cols), t("sex", lang), SEXES, no_sex, "sex", lambda s: sex_name(s, lang)
        )
    if lacking["source"]:
        given["source"] = _ask_source(next(cols), lang)
    unanswered = [
        t(label, lang)
        for field, label in (("indicator", "indicator"), ("year", "year"), ("source", "source"))
        if lacking[field] and not given.get(field)
    ]
    return UploadDefaults(**given, area_fixes=fixes()), unanswered


def _lacking(guess: ColumnGuess, chosen: Mapping[str, str]) -> dict[str, bool]:
    """Which of the tidy columns the form may fill in the file says nothing about."""
    roles = {**guess.roles, **{r: c for r, c in chosen.items() if c}}
    # A wide table's year columns say the year (or the sex) unless a value column was chosen.
    wide = guess.wide if "value" not in roles else ()
    return {
        "municipality_code": "municipality_code" not in roles,
        "area_type": "area_type" not in roles,
        "indicator": "indicator" not in roles,
        "year": "year" not in roles and not any(w.year is not None for w in wide),
        "sex": "sex" not in roles and not any(w.sex for w in wide),
        "source": "source" not in roles,
    }


def _recall(key: str, offered: Sequence[Any] | None = None) -> str:
    """The widget key of an answer, given back its remembered value if Streamlit dropped it.

    Streamlit forgets a widget's value after a run that did not draw it: removing a file
    to upload a corrected one emptied the indicator and the source. The answers are kept
    under a key no widget has, and survive until the user changes them.
    """
    widget = f"upload_default_{key}"
    kept = st.session_state.get(ANSWERS_KEY, {}).get(key)
    fits = kept is not None and (offered is None or kept in offered)
    if widget not in st.session_state and fits:
        st.session_state[widget] = kept
    return widget


def _remember(key: str, value: Any) -> Any:
    st.session_state.setdefault(ANSWERS_KEY, {})[key] = value
    return value


def _select(
    where: DeltaGenerator,
    label: str,
    options: Sequence[Any],
    placeholder: str,
    key: str,
    format_func: Callable[[Any], Any] = str,
) -> Any:
    """A question left unanswered until the user picks: the placeholder says what then happens."""
    widget = _recall(key, options)
    answer = where.selectbox(
        label, options, index=None, placeholder=placeholder, format_func=format_func, key=widget
    )
    return _remember(key, answer)


def _default_area_types(areas: AreaIndex, city: str | None) -> list[str]:
    """The chosen city's area types, or every city's while no city is chosen."""
    if city:
        return _area_types(areas, city)
    return sorted({a for c in areas.cities() for a in areas.area_types(c)})


def _ask_source(where: DeltaGenerator, lang: str) -> str | None:
    """The source, the last one given in this session until the user writes another."""
    widget = _recall("source")
    answer = where.text_input(t("source", lang), placeholder=t("source_example", lang), key=widget)
    return _remember("source", answer.strip()) or None


def preview(
    content: bytes,
    name: str,
    sha256: str,
    sheet: str | None,
    chosen: Mapping[str, str],
    given: UploadDefaults,
    catalog: Mapping[str, Indicator],
    areas: AreaIndex,
) -> versions.Preview | list[Problem]:
    """What the file would change, or its problems; computed once per file and choices."""
    key = (sha256, name, sheet, tuple(sorted(chosen.items())), given)
    kept = st.session_state.get(PREVIEW_KEY)
    if kept is None or kept[0] != key:
        try:
            rows = _parsed(
                versions.read,
                content,
                name,
                catalog,
                areas=areas,
                defaults=given,
                mapping=dict(chosen) or None,
                sheet=sheet,
                file=name,
            )
            outcome = versions.preview(cache.store(), rows, file_name=name, sha256=sha256)
        except ProblemsError as err:
            outcome = err.problems
        kept = (key, outcome)
        st.session_state[PREVIEW_KEY] = kept
    return kept[1]


def fixes() -> tuple[tuple[str, str], ...]:
    """The areas fixed on the page so far, for ``UploadDefaults.area_fixes``."""
    return tuple(sorted(st.session_state.get(FIXES_KEY, {}).items()))


def _offer_fixes(problems: Sequence[Problem], lang: str) -> None:
    """'Använd Västra Hamnen': each unknown area's closest match, accepted with one click,
    so that a misspelt name need not be fixed in Excel and uploaded again."""
    offered: dict[str, str] = {}
    for p in problems:
        if p.suggestions and p.value and p.value not in offered:
            offered[p.value] = p.suggestions[0]
    if not offered:
        return
    st.markdown(f"**{t('fix_areas_title', lang)}**")
    for text, label in list(offered.items())[:SHOWN_FIXES]:
        key = "upload_fix_" + hashlib.sha1(text.encode()).hexdigest()[:12]
        if st.button(t("use_suggestion", lang, name=label, value=text), key=key):
            st.session_state.setdefault(FIXES_KEY, {})[text] = label
            st.rerun()


def forget() -> None:
    """Drop the kept cells, preview and answers (after saving); the source stays, as the
    next file is most often from the same source."""
    st.session_state.pop(CELLS_KEY, None)
    st.session_state.pop(PREVIEW_KEY, None)
    st.session_state.pop(FIXES_KEY, None)
    source = st.session_state.get(ANSWERS_KEY, {}).get("source")
    st.session_state[ANSWERS_KEY] = {"source": source} if source else {}
    for key in [k for k in st.session_state if str(k).startswith("upload_default_")]:
        del st.session_state[key]


def save(preview: versions.Preview, name: str, editor: str) -> None:
    """Store exactly the previewed rows (``commit`` says if they changed nothing), then
    start afresh: a new, empty uploader, with the outcome and its map link above it."""
    result = versions.commit(cache.store(), preview, editor=editor)
    st.session_state["upload_result"] = (name, result, uploads.newest_map(preview.rows))
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
    forget()
    st.rerun()


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] or "fil"


def show_problems(problems: Sequence[Problem], name: str, lang: str) -> None:
    """The count, the first problems, and every problem as a download."""
    st.error(
        markdown_t("problems_count", lang, n=len(problems), file=name), icon=":material/error:"
    )
    _offer_fixes(problems, lang)
    shown = problems[: uploads.SHOWN_PROBLEMS]
    # A real HTML table: each sentence wraps in full (a data grid cut "Ange det (t.ex.
    # EPSG:3006 …" at its column's edge) and screen readers read it cell by cell.
    st.table(markdown_frame(uploads.problems_table(shown, lang)), hide_index=True)
    if len(problems) > len(shown):
        st.caption(t("problems_more", lang, shown=len(shown), n=len(problems)))
    st.download_button(
        t("problems_download", lang, n=len(problems)),
        data=uploads.problems_csv(problems, lang),
        file_name=f"problem_{_stem(name)}.csv",
        mime="text/csv",
        on_click="ignore",
        key="upload_problems_download",
        icon=":material/download:",
    )


def show_preview(preview: versions.Preview, catalog: Mapping[str, Indicator], lang: str) -> None:
    """Counts against the store, the changed cells (old → new) and a map of the new values."""
    st.header(t("preview_title", lang, file=preview.file_name))
    if preview.identical_version is not None:
        st.info(t("identical_file", lang, version=preview.identical_version))
    metrics = st.columns(4)
    for col, key, n in zip(
        metrics,
        ("rows", "col_new", "col_changed", "col_unchanged"),
        (preview.n_rows, preview.n_new, preview.n_changed, preview.n_unchanged),
        strict=True,
    ):
        col.metric(t(key, lang), format_number(n, 0, lang))
    if len(preview.changed):
        st.markdown(f"**{t('changed_title', lang)}**")
        shown = preview.changed.head(uploads.SHOWN_CHANGES)
        st.dataframe(
            uploads.changed_table(shown, dict(catalog), lang), hide_index=True, width="stretch"
        )
        if len(preview.changed) > len(shown):
            st.caption(t("changed_more", lang, shown=len(shown), n=len(preview.changed)))
            st.download_button(
                t("changed_download", lang),
                data=uploads.changed_csv(preview.changed),
                file_name=f"andrade_{_stem(preview.file_name)}.csv",
                mime="text/csv",
                on_click="ignore",
                key="upload_changed_download",
            )
    _preview_map(preview, catalog, lang)


def _preview_map(preview: versions.Preview, catalog: Mapping[str, Indicator], lang: str) -> None:
    choices = uploads.map_choices(preview.rows)
    if not choices:
        return
    st.markdown(f"**{t('preview_map', lang)}**")
    choice = choices[0]
    if len(choices) > 1:
        choice = st.selectbox(
            t("preview_map_choice", lang),
            choices,
            format_func=lambda c: uploads.map_label(c, dict(catalog), lang),
            key="upload_map_choice",
        )
    city, area_type, indicator, year, period, sex = choice
    layer = cache.layer(city, area_type)
    if layer is None or indicator not in catalog:
        st.caption(t("no_boundaries", lang, area_type=area_type_name(area_type, lang)))
        return
    ind = catalog[indicator]
    districts = uploads.map_districts(preview.rows, choice, layer.names)
    values = districts["value"].dropna()
    sources = sorted(set(preview.rows["source"].dropna()))
    text = FigureText(
        title=t(
            "preview_map_title",
            lang,
            indicator=ind.name(lang),
            city=MUNICIPALITIES.get(city, city),
            year=format_period(int(year), period, lang),
        ),
        subtitle=t(
            "subtitle",
            lang,
            area_type=area_type_name(area_type, lang),
            sex=sex_name(sex, lang),
            unit=ind.unit(lang),
        ),
        source=t("source_line", lang, source="; ".join(sources)),
        synthetic_note=None,
        missing=t("preview_missing", lang),
        suppressed=t("suppressed", lang),
        scale_note=t("preview_scale_note", lang),
    )
    figure = choropleth(
        layer.geojson,
        districts,
        ind,
        lang=lang,
        text=text,
        scale=(float(values.min()), float(values.max())) if len(values) else None,
        center=layer.center,
        zoom=layer.zoom,
    )
    st.plotly_chart(
        figure,
        width="stretch",
        config={**CHART_CONFIG, "scrollZoom": False},
        key="upload_preview_map",
    )


def show_result(
    outcome: tuple[str, versions.CommitResult, dict[str, str]] | None, lang: str
) -> None:
    """What the last Save did: a new version, or nothing; whether the counts moved; and a
    link to the map of the saved data's newest year."""
    if outcome is None:
        return
    name, result, shown = outcome
    if result.status == versions.CommitStatus.IMPORTED:
        st.success(
            markdown_t(
                "saved_version",
                lang,
                file=name,
                version=result.version,
                new=result.n_new,
                changed=result.n_changed,
            ),
            icon=":material/check_circle:",
        )
    else:
        st.info(markdown_t("saved_nothing", lang, file=name))
    if result.differs_from_preview:
        st.warning(
            t(
                "saved_differs",
                lang,
                new=result.n_new,
                changed=result.n_changed,
                unchanged=result.n_unchanged,
            )
        )
    if result.status == versions.CommitStatus.IMPORTED and shown:
        # The new data at its newest year, as the map's own link would open it.
        st.page_link(
            "screens/map.py",
            label=t("show_on_map", lang),
            icon=":material/map:",
            query_params={**shown, "lang": lang},
        )
    st.page_link("screens/history.py", label=t("go_to_history", lang), icon=":material/history:")
