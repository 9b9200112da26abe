"""What every figure exports: the figure, the data behind it, its metadata and its description.

The pages and ``jamlik export`` (``dashboard/batch.py``) build their figures here, so a
figure exported from the command line is the one the page shows. No Streamlit: images
are rendered by ``dashboard/render.py``, tables written by ``indicators/exports.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard.report import alttext, render
from dashboard.report.exports import (
    SYNTHETIC_NOTE,
    ExportMeta,
    csv_bytes,
    file_stem,
    merge_pdfs,
    round_for_export,
    synthetic_note,
    with_description,
    xlsx_bytes,
)
from dashboard.report.figures import (
    FactSheetText,
    FigureText,
    choropleth,
    city_distributions,
    class_choropleth,
    colour_ranking_by_class,
    district_lines,
    fact_sheet,
    gap_lines,
    ranking,
)
from dashboard.report.i18n import area_type_name, measure_name, sex_name, t
from dashboard.report.sentences import lower_first, significance_label, significance_summary
from indicators.core.formatting import format_number, format_period, format_value
from indicators.core.places import MUNICIPALITIES
from indicators.core.provenance import ROLE_NAMES as PROVENANCE_ROLES
from indicators.core.provenance import Provenance
from indicators.measures import MEASURES
from indicators.measures.registry import indicator_measure_unit
from indicators.table.catalog import Indicator
from indicators.views import compare, significance
from indicators.views.factsheet import CityFacts, FactSheet
from indicators.views.map import MapData, change_view
from indicators.views.selection import Selection
from indicators.views.significance import Comparison
from indicators.views.trends import RECALCULATED, series_provenance

DATA_FORMATS = ("csv", "xlsx")
FORMATS = (*render.IMAGE_FORMATS, *DATA_FORMATS)
#: Figure kinds and the page each belongs to (its url_path, for the permalink).
PAGES = {
    "map": "karta",
    "ranking": "karta",
    "trend": "utveckling",
    "gap": "utveckling",
    "compare": "jamfor",
    "factsheet": "omradesfakta",
}


@dataclass
class FigureExport:
    """One figure ready to leave the app as an image, a table or a description."""

    kind: str
    figure: go.Figure
    table: pd.DataFrame
    meta: ExportMeta
    stem: str
    _images: dict[tuple[str, str], bytes] = field(default_factory=dict, repr=False)

    def file_name(self, fmt: str, size: str = "a4") -> str:
        slide = fmt in render.IMAGE_FORMATS and size == "slide" and self.kind != "factsheet"
        suffix = f"-{size}" if slide else ""
        return f"{self.stem}{suffix}.{fmt}"

    def image(self, fmt: str, size: str = "a4") -> bytes:
        """The figure as PNG (2×), SVG or PDF at ``size`` ('a4', 'slide'), description inside."""
        if (fmt, size) not in self._images:
            data = render.render(self.export_figure(size), fmt)
            self._images[(fmt, size)] = with_description(
                data, fmt, self.meta.title, self.meta.description, self.meta.lang
            )
        return self._images[(fmt, size)]

    def export_figure(self, size: str = "a4") -> go.Figure:
        """The figure laid out for ``size``, with the export's footer."""
        target = render.PAGE if self.kind == "factsheet" else render.SIZES[size]
        return render.export_figure(self.figure, self.kind, self.meta, target)

    def file(self, fmt: str, size: str = "a4") -> bytes:
        """The bytes of ``fmt``: an image, ``csv``, ``xlsx``, or ``txt`` (the description)."""
        if fmt in render.IMAGE_FORMATS:
            return self.image(fmt, size)
        if fmt == "csv":
            return csv_bytes(self.table, self.meta)
        if fmt == "xlsx":
            return xlsx_bytes(self.table, self.meta)
        if fmt == "txt":
            return (self.meta.description + "\n").encode("utf-8")
        raise ValueError(f"unknown export format {fmt!r}")


def country_name(lang: str) -> str:
    return t("country_name", lang)


def _selection(
    city: str, area_type: str | None, year: str | None, sex: str | None, lang: str
) -> str:
    parts = [MUNICIPALITIES.get(city, city)]
    if area_type:
        parts.append(area_type_name(area_type, lang))
    if year:
        parts.append(year)
    if sex:
        parts.append(sex_name(sex, lang))
    return " · ".join(parts)


def _row_note(rec: Mapping, lang: str) -> str:
    """The table's note for one row: suppressed, missing, provisional, period, example data."""
    notes = []
    status = rec.get("status")
    flag = str(rec.get("flag") or "")
    if status == "suppressed" or flag == "suppressed":
        notes.append(t("suppressed", lang))
    elif status == "missing" or (status is None and pd.isna(rec.get("value"))):
        notes.append(t("missing", lang))
    if flag == "provisional":
        notes.append(t("flag_provisional", lang))
    if flag.startswith("period:"):
        start, _, end = flag.removeprefix("period:").partition("-")
        notes.append(t("note_period", lang, period=f"{start}–{end}"))
    if rec.get("recalculated") is True:
        notes.append(t("recalculated", lang))
    if rec.get("synthetic") is True:
        notes.append(SYNTHETIC_NOTE[lang])
    return "; ".join(notes)


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _year_cell(year: str) -> int | str:
    return int(year) if year.isdigit() else year


# --- Karta: the map and the ranking ---------------------------------------------------------


def map_text(sel: Selection, ind: Indicator, view: MapData, lang: str) -> FigureText:
    """The level map's words; the ranking and the change map vary its title."""
    city_name = MUNICIPALITIES.get(sel.city, sel.city)
    year_label = format_period(sel.year_number, sel.period, lang)
    polar = "darker_worse" if ind.higher_is_better is not None else "darker_higher"
    return FigureText(
        title=t("map_title", lang, indicator=ind.name(lang), city=city_name, year=year_label),
        subtitle=t(
            "subtitle",
            lang,
            area_type=area_type_name(sel.area_type, lang),
            sex=sex_name(sel.sex, lang),
            unit=ind.unit(lang),
        ),
        # Every input by role (values, population, the city's row), and the note when any
        # of them is example data, even when the values themselves are real.
        source=view.provenance.footer(lang)
        if view.provenance
        else t("source_line", lang, source="; ".join(view.sources)),
        synthetic_note=(
            synthetic_note(view.provenance, lang)
            if view.synthetic or view.provenance.synthetic
            else None
        ),
        missing=t("missing", lang),
        suppressed=t("suppressed", lang),
        scale_note=f"{t('legend_scale', lang)} · {t(polar, lang)}",
        reference_label=t("city_value", lang, city=city_name),
    )


def district_table(
    districts: pd.DataFrame, sel: Selection, ind: Indicator, lang: str, since: str | None = None
) -> pd.DataFrame:
    """The data behind a map or ranking: one row per district, self-describing.

    Values, limits and changes carry the indicator's decimals, the population is a whole
    number; a population from example data says so in its header, its own source column
    and each row's note, also when the values are real.
    """
    recs = districts.to_dict("records")
    city = MUNICIPALITIES.get(sel.city, sel.city)
    value_columns = [t("col_value", lang), t("col_ci_low", lang), t("col_ci_high", lang)]
    columns: dict[str, list] = {
        t("city", lang): [city] * len(recs),
        t("area_type", lang): [area_type_name(sel.area_type, lang)] * len(recs),
        t("col_code", lang): [r["area_code"] for r in recs],
        t("col_area", lang): [r["area_name"] for r in recs],
        t("indicator", lang): [ind.name(lang)] * len(recs),
        t("sex", lang): [sex_name(sel.sex, lang)] * len(recs),
        t("year", lang): [_year_cell(sel.year)] * len(recs),
        t("col_value", lang): [_number(r["value"]) for r in recs],
        t("unit", lang): [ind.unit(lang)] * len(recs),
        t("col_ci_low", lang): [_number(r.get("ci_low")) for r in recs],
        t("col_ci_high", lang): [_number(r.get("ci_high")) for r in recs],
    }
    if since is not None:
        since_col, change_col = t("col_value_since", lang, year=since), t("col_change", lang)
        columns[since_col] = [_number(r.get("value_since")) for r in recs]
        columns[change_col] = [_number(r.get("change")) for r in recs]
        value_columns += [since_col, change_col]
    population_synthetic = [r.get("population_synthetic") is True for r in recs]
    population_col = t("col_population", lang)
    if any(population_synthetic):
        population_col = t("col_population_synthetic", lang)
    columns[population_col] = [_number(r.get("population")) for r in recs]
    columns[t("col_note", lang)] = [
        "; ".join(
            p
            for p in (
                _row_note(r, lang),
                t("note_population_synthetic", lang, note=SYNTHETIC_NOTE[lang])
                if synthetic_population
                else "",
            )
            if p
        )
        for r, synthetic_population in zip(recs, population_synthetic, strict=True)
    ]
    columns[t("source", lang)] = [
        r.get("source") if isinstance(r.get("source"), str) else "" for r in recs
    ]
    if any(isinstance(r.get("population_source"), str) for r in recs):
        columns[t("col_population_source", lang)] = [
            r.get("population_source") if isinstance(r.get("population_source"), str) else ""
            for r in recs
        ]
    return round_for_export(
        pd.DataFrame(columns), {**dict.fromkeys(value_columns, ind.decimals), population_col: 0}
    )


def _district_notes(
    view: MapData, sel: Selection, lang: str, extra: tuple[str, ...]
) -> tuple[str, ...]:
    notes = list(extra)
    n = int(view.districts["value"].notna().sum())
    if n < len(view.districts):
        notes.append(t("coverage", lang, n=n, total=len(view.districts)))
    if sel.period:
        notes.append(
            t("period_note", lang, period=format_period(sel.year_number, sel.period, lang))
        )
    return tuple(notes)


def _meta(
    text: FigureText,
    *,
    selection: str,
    unit: str,
    sources: list[str] | tuple[str, ...],
    synthetic: bool,
    link: str,
    today: dt.date,
    lang: str,
    notes: tuple[str, ...] = (),
    description: str = "",
    provenance: Provenance | None = None,
) -> ExportMeta:
    return ExportMeta(
        title=text.title,
        selection=selection,
        unit=unit,
        sources=tuple(s for s in sources if s),
        synthetic=synthetic,
        date=today,
        permalink=link,
        notes=notes,
        lang=lang,
        description=description,
        provenance=provenance or None,
    )


def _district_meta(
    text: FigureText,
    view: MapData,
    ind: Indicator,
    lang: str,
    link: str,
    today: dt.date | None,
    notes: tuple[str, ...],
    description: str,
) -> ExportMeta:
    """What the map and the ranking of one view say about themselves."""
    sel = view.selection
    return _meta(
        text,
        selection=_selection(sel.city, sel.area_type, sel.year, sel.sex, lang),
        unit=ind.unit(lang),
        sources=view.sources,
        synthetic=view.synthetic,
        link=link,
        today=today or dt.date.today(),
        lang=lang,
        notes=_district_notes(view, sel, lang, notes),
        description=description,
        provenance=view.provenance,
    )


def map_export(
    geojson: dict,
    center: dict[str, float],
    zoom: float,
    view: MapData,
    ind: Indicator,
    lang: str,
    *,
    link: str = "",
    today: dt.date | None = None,
    notes: tuple[str, ...] = (),
) -> FigureExport:
    """The district map (a change map when the view has ``since``) and its data."""
    sel = view.selection
    text = map_text(sel, ind, view, lang)
    city_name = MUNICIPALITIES.get(sel.city, sel.city)
    districts, scale = view.districts, view.scale
    if view.since:
        districts, scale = change_view(view.districts)
        text = FigureText(
            **{
                **text.__dict__,
                "title": t(
                    "change_title",
                    lang,
                    indicator=lower_first(ind.name(lang)),
                    city=city_name,
                    since=view.since,
                    year=sel.year,
                ),
                "scale_note": t(
                    "change_note_polar" if ind.higher_is_better is not None else "change_note", lang
                ),
            }
        )
    fig = choropleth(
        geojson,
        districts,
        ind,
        lang=lang,
        text=text,
        scale=scale,
        center=center,
        zoom=zoom,
        diverging=view.since is not None,
    )
    description = alttext.describe_districts(
        "map",
        text.title,
        districts,
        ind,
        lang,
        synthetic=view.synthetic,
        reference=(t("city_value", lang, city=city_name), view.city_value),
        change=view.since is not None,
        provenance=view.provenance,
    )
    meta = _district_meta(text, view, ind, lang, link, today, notes, description)
    kind_word = t("stem_change", lang, since=view.since) if view.since else t("stem_map", lang)
    stem = file_stem(
        ind.name(lang), city_name, sel.area_type, sel.year, sex_name(sel.sex, lang), kind_word
    )
    return FigureExport(
        "map", fig, district_table(view.districts, sel, ind, lang, view.since), meta, stem
    )


def ranking_export(
    view: MapData,
    ind: Indicator,
    lang: str,
    *,
    link: str = "",
    today: dt.date | None = None,
    notes: tuple[str, ...] = (),
) -> FigureExport:
    """The districts ranked by value, with the city as reference line, and their data."""
    sel = view.selection
    city_name = MUNICIPALITIES.get(sel.city, sel.city)
    year_label = format_period(sel.year_number, sel.period, lang)
    text = FigureText(
        **{
            **map_text(sel, ind, view, lang).__dict__,
            "title": t(
                "ranking_title_city",
                lang,
                indicator=ind.name(lang),
                city=city_name,
                year=year_label,
            ),
        }
    )
    fig = ranking(
        view.districts, ind, lang=lang, text=text, scale=view.scale, city_value=view.city_value
    )
    description = alttext.describe_districts(
        "ranking",
        text.title,
        view.districts,
        ind,
        lang,
        synthetic=view.synthetic,
        reference=(t("city_value", lang, city=city_name), view.city_value),
        provenance=view.provenance,
    )
    meta = _district_meta(text, view, ind, lang, link, today, notes, description)
    stem = file_stem(
        ind.name(lang),
        city_name,
        sel.area_type,
        sel.year,
        sex_name(sel.sex, lang),
        t("stem_ranking", lang),
    )
    return FigureExport("ranking", fig, district_table(view.districts, sel, ind, lang), meta, stem)


# --- Utveckling: district lines and gap measures over time -----------------------------------


@dataclass(frozen=True)
class TrendView:
    """What the trends page shows, as the page and the command line both resolve it."""

    city: str
    area_type: str
    indicator: Indicator
    sex: str
    recalculated: bool
    series: pd.DataFrame
    references: pd.DataFrame
    highlight: list[str]
    breaks: list[tuple[int, str]]  # (year, label) of each change of division

    @property
    def synthetic(self) -> bool:
        return self.provenance.synthetic

    @property
    def sources(self) -> list[str]:
        return sorted(set(self.series["source"].dropna()))

    @property
    def provenance(self) -> Provenance:
        """The district lines' values and the city and Sverige lines they are shown against."""
        values = Provenance.of("values", self.series) if len(self.series) else Provenance()
        refs = self.references
        return values | (Provenance.of("reference", refs) if len(refs) else Provenance())

    @property
    def city_name(self) -> str:
        return MUNICIPALITIES.get(self.city, self.city)

    def segment(self, lang: str) -> str:
        return (
            t("recalculated", lang) if self.recalculated else area_type_name(self.area_type, lang)
        )


def trend_text(view: TrendView, lang: str) -> FigureText:
    ind = view.indicator
    return FigureText(
        title=t("trend_title", lang, indicator=ind.name(lang), city=view.city_name),
        subtitle=t(
            "subtitle",
            lang,
            area_type=view.segment(lang),
            sex=sex_name(view.sex, lang),
            unit=ind.unit(lang),
        ),
        source=view.provenance.footer(lang),
        synthetic_note=t("synthetic_note", lang) if view.synthetic else None,
        missing=t("missing", lang),
        suppressed=t("suppressed", lang),
        scale_note="",
    )


def _years(frame: pd.DataFrame) -> str:
    years = frame["year"].dropna()
    return f"{int(years.min())}–{int(years.max())}" if len(years) else ""


def trend_export(
    view: TrendView, lang: str, *, link: str = "", today: dt.date | None = None
) -> FigureExport:
    """One line per district, the chosen ones highlighted, the city and Sweden for reference."""
    ind = view.indicator
    text = trend_text(view, lang)
    series = view.series
    in_range = (
        [b for b in view.breaks if series["year"].min() < b[0] <= series["year"].max()]
        if len(series)
        else []
    )
    fig = district_lines(
        series,
        view.references,
        view.highlight,
        ind,
        lang=lang,
        text=text,
        reference_names={view.city: view.city_name, "00": country_name(lang)},
        breaks=in_range,
    )
    rows = []
    level_names = {"area": t("level_area", lang), "city": t("level_city", lang)}
    for rec in series.to_dict("records"):
        rows.append({**rec, "level": level_names["area"]})
    for rec in view.references.to_dict("records"):
        is_country = rec["municipality_code"] == "00"
        rows.append(
            {
                **rec,
                "area_name": country_name(lang) if is_country else view.city_name,
                "level": t("level_country" if is_country else "level_city", lang),
            }
        )
    table = pd.DataFrame(
        {
            t("col_level", lang): [r["level"] for r in rows],
            t("col_code", lang): [r["area_code"] for r in rows],
            t("col_area", lang): [r["area_name"] for r in rows],
            t("indicator", lang): [ind.name(lang)] * len(rows),
            t("sex", lang): [sex_name(view.sex, lang)] * len(rows),
            t("year", lang): [int(r["year"]) for r in rows],
            t("col_value", lang): [_number(r["value"]) for r in rows],
            t("unit", lang): [ind.unit(lang)] * len(rows),
            t("col_ci_low", lang): [_number(r.get("ci_low")) for r in rows],
            t("col_ci_high", lang): [_number(r.get("ci_high")) for r in rows],
            t("col_note", lang): [_row_note(r, lang) for r in rows],
            t("source", lang): [r["source"] if isinstance(r["source"], str) else "" for r in rows],
        }
    )
    prov = view.provenance
    synthetic = prov.synthetic
    sources = prov.lines(lang)
    notes = tuple(t("division_break", lang, year=y) for y, _ in in_range)
    meta = _meta(
        text,
        selection=_selection(view.city, view.area_type, _years(series), view.sex, lang)
        + (f" · {t('recalculated', lang)}" if view.recalculated else ""),
        unit=ind.unit(lang),
        sources=sources,
        synthetic=synthetic,
        link=link,
        today=today or dt.date.today(),
        lang=lang,
        notes=notes,
        provenance=prov,
        description=alttext.describe_trend(
            text.title, series, ind, lang, synthetic=synthetic, provenance=prov
        ),
    )
    stem = file_stem(
        ind.name(lang),
        view.city_name,
        view.area_type,
        sex_name(view.sex, lang),
        t("stem_trend", lang),
    )
    return FigureExport("trend", fig, table, meta, stem)


def _synthetic_note(rec: Mapping, lang: str) -> str:
    """The example-data note of one gap row, naming the inputs that are example data."""
    prov = rec.get("provenance")
    if isinstance(prov, Provenance) and prov.synthetic:
        roles = prov.synthetic_roles()
        if roles == ("values",) or set(roles) == set(prov.roles()):
            return SYNTHETIC_NOTE[lang]
        names = ", ".join(PROVENANCE_ROLES[r][lang].lower() for r in roles)
        return f"{SYNTHETIC_NOTE[lang]} ({names})"
    return SYNTHETIC_NOTE[lang] if rec.get("synthetic") else ""


def gap_export(
    view: TrendView,
    gaps: pd.DataFrame,
    measures: list[str],
    chain: list[str],
    stratifier: Indicator | None,
    lang: str,
    *,
    link: str = "",
    today: dt.date | None = None,
) -> FigureExport:
    """The chosen gap measures per year and division, with their limits."""
    ind = view.indicator
    base = trend_text(view, lang)
    # Every input of every measure shown: values, weights, ranking, crosswalk.
    prov = series_provenance(gaps) if len(gaps) else Provenance.of("values", view.series)
    synthetic = prov.synthetic or (bool(gaps["synthetic"].any()) if len(gaps) else False)
    text = FigureText(
        **{
            **base.__dict__,
            "source": prov.footer(lang),
            "title": t(
                "gap_title", lang, indicator=lower_first(ind.name(lang)), city=view.city_name
            ),
            "subtitle": t(
                "gap_subtitle",
                lang,
                sex=sex_name(view.sex, lang),
                strat=stratifier.name(lang) if stratifier else "–",
            ),
            "synthetic_note": t("synthetic_note", lang) if synthetic else None,
        }
    )
    segment_names = {a: area_type_name(a, lang) for a in chain}
    segment_names[RECALCULATED] = t("recalculated", lang)
    short = {m: measure_name(m, lang, short=True) for m in measures}
    fig = gap_lines(
        gaps,
        lang=lang,
        text=text,
        measure_names=short,
        segment_names=segment_names,
        # Each measure in its own unit: no "år" on RII, "år²" on BGV (issue 8).
        unit={m: indicator_measure_unit(m, ind, lang) for m in measures if m in MEASURES},
        decimals=ind.decimals + 1,
        breaks=view.breaks,
    )
    recs = gaps.to_dict("records")
    table = pd.DataFrame(
        {
            t("col_measure", lang): [measure_name(r["measure"], lang) for r in recs],
            t("area_type", lang): [segment_names.get(r["area_type"], r["area_type"]) for r in recs],
            t("year", lang): [int(r["year"]) for r in recs],
            t("col_value", lang): [_number(r["value"]) for r in recs],
            t("unit", lang): [
                indicator_measure_unit(r["measure"], ind, lang) if r["measure"] in MEASURES else ""
                for r in recs
            ],
            t("col_ci_low", lang): [_number(r["ci_low"]) for r in recs],
            t("col_ci_high", lang): [_number(r["ci_high"]) for r in recs],
            t("col_ci_method", lang): [r.get("ci_method") or "" for r in recs],
            t("col_note", lang): [
                "; ".join(p for p in (r.get(f"note_{lang}") or "", _synthetic_note(r, lang)) if p)
                for r in recs
            ],
            t("col_sources", lang): [
                " | ".join(r["provenance"].lines(lang))
                if isinstance(r.get("provenance"), Provenance)
                else ""
                for r in recs
            ],
        }
    )
    meta = _meta(
        text,
        selection=_selection(view.city, None, _years(gaps), view.sex, lang)
        + " · "
        + ", ".join(segment_names.get(a, a) for a in dict.fromkeys(gaps["area_type"]))
        if len(gaps)
        else _selection(view.city, None, None, view.sex, lang),
        unit=ind.unit(lang),
        sources=prov.lines(lang),
        synthetic=synthetic,
        link=link,
        today=today or dt.date.today(),
        lang=lang,
        notes=(t("division_note", lang),) if len(chain) > 1 and not view.recalculated else (),
        provenance=prov,
        description=alttext.describe_gaps(
            text.title,
            gaps,
            {m: measure_name(m, lang) for m in measures},
            lang,
            decimals=ind.decimals + 1,
            synthetic=synthetic,
            provenance=prov,
        ),
    )
    stem = file_stem(ind.name(lang), view.city_name, sex_name(view.sex, lang), t("stem_gap", lang))
    return FigureExport("gap", fig, table, meta, stem)


# --- Jämför städer ----------------------------------------------------------------------------


def compare_export(
    rows: pd.DataFrame,
    ind: Indicator,
    year: str,
    sex: str,
    lang: str,
    *,
    link: str = "",
    today: dt.date | None = None,
    table: pd.DataFrame | None = None,
) -> FigureExport:
    """Each city's districts as points over a box, for one indicator and year.

    With ``table`` (``compare.gap_table``), the sources of each city's measures (population
    weights, the SII/RII stratifier) are listed by role too, and every row carries its
    city's number of areas and mean population per area: every measure depends on them.
    """
    prov = compare.comparison_provenance(rows, table) if len(rows) else Provenance()
    synthetic = prov.synthetic
    sources = sorted(set(rows["source"].dropna())) if len(rows) else []
    text = FigureText(
        title=t("compare_title", lang, indicator=ind.name(lang), year=year),
        subtitle=t("compare_subtitle", lang, sex=sex_name(sex, lang), unit=ind.unit(lang)),
        source=prov.footer(lang) if prov else t("source_line", lang, source="; ".join(sources)),
        synthetic_note=synthetic_note(prov, lang) if synthetic else None,
        missing=t("missing", lang),
        suppressed=t("suppressed", lang),
        scale_note="",
    )
    fig = city_distributions(rows, ind, lang=lang, text=text, city_names=MUNICIPALITIES)
    recs = rows.to_dict("records")
    population_synthetic = [r.get("population_synthetic") is True for r in recs]
    population_col = t(
        "col_population_synthetic" if any(population_synthetic) else "col_population", lang
    )
    columns: dict[str, list] = {
        t("city", lang): [MUNICIPALITIES.get(r["municipality_code"], "") for r in recs],
        t("area_type", lang): [area_type_name(r["area_type"], lang) for r in recs],
        t("col_code", lang): [r["area_code"] for r in recs],
        t("col_area", lang): [r["area_name"] for r in recs],
        t("indicator", lang): [ind.name(lang)] * len(recs),
        t("sex", lang): [sex_name(sex, lang)] * len(recs),
        t("year", lang): [_year_cell(year)] * len(recs),
        t("col_value", lang): [_number(r["value"]) for r in recs],
        t("unit", lang): [ind.unit(lang)] * len(recs),
        population_col: [_number(r.get("population")) for r in recs],
    }
    decimals: dict[str, int] = {t("col_value", lang): ind.decimals, population_col: 0}
    if table is not None and len(table):
        by_city = table.set_index("municipality_code")
        n_col, mean_col = t("col_n_areas", lang), t("col_mean_population", lang)
        columns[n_col] = [int(by_city.loc[r["municipality_code"], "n_districts"]) for r in recs]
        columns[mean_col] = [
            _number(by_city.loc[r["municipality_code"], "mean_population"]) for r in recs
        ]
        decimals.update({n_col: 0, mean_col: 0})
    columns[t("col_note", lang)] = [
        "; ".join(
            p
            for p in (
                _row_note(r, lang),
                t("note_population_synthetic", lang, note=SYNTHETIC_NOTE[lang]) if pop_syn else "",
            )
            if p
        )
        for r, pop_syn in zip(recs, population_synthetic, strict=True)
    ]
    columns[t("source", lang)] = [r["source"] if isinstance(r["source"], str) else "" for r in recs]
    if any(isinstance(r.get("population_source"), str) for r in recs):
        columns[t("col_population_source", lang)] = [
            r["population_source"] if isinstance(r.get("population_source"), str) else ""
            for r in recs
        ]
    data_table = round_for_export(pd.DataFrame(columns), decimals)
    cities = ", ".join(MUNICIPALITIES.get(c, c) for c in dict.fromkeys(rows["municipality_code"]))
    meta = _meta(
        text,
        selection=" · ".join(p for p in (cities, year, sex_name(sex, lang)) if p),
        unit=ind.unit(lang),
        sources=sources,
        synthetic=synthetic,
        link=link,
        today=today or dt.date.today(),
        lang=lang,
        notes=(t("compare_note", lang),),
        description=alttext.describe_comparison(
            text.title, rows, ind, MUNICIPALITIES, lang, synthetic=synthetic, provenance=prov
        ),
        provenance=prov,
    )
    stem = file_stem(ind.name(lang), year, sex_name(sex, lang), t("stem_compare", lang))
    return FigureExport("compare", fig, data_table, meta, stem)


# --- Områdesfakta -----------------------------------------------------------------------------


def _fmt(value: object, ind: Indicator, lang: str, unit: bool = True) -> str:
    if value is None or pd.isna(value):
        return "–"
    return format_value(float(value), ind.decimals, ind.unit(lang) if unit else "", lang)


def factsheet_export(
    sheet: FactSheet,
    catalog: Mapping[str, Indicator],
    lang: str,
    *,
    link: str = "",
    today: dt.date | None = None,
) -> FigureExport:
    """One A4 page: the district's key figures against the city and Sweden, small trends."""
    city_name = MUNICIPALITIES.get(sheet.city, sheet.city)
    country = country_name(lang)
    population = (
        t(
            "fs_population_line",
            lang,
            population=format_number(sheet.population[0], 0, lang),
            year=sheet.population[1],
        )
        if sheet.population
        else ""
    )
    subtitle = " · ".join(
        p for p in (area_type_name(sheet.area_type, lang), str(sheet.year or ""), population) if p
    )
    frame = FigureText(
        title=t("fs_title", lang, area=sheet.area_name, city=city_name),
        subtitle=subtitle,
        # Several sources do not fit one line of an A4 page.
        source="<br>".join(
            render.wrap(
                sheet.provenance.footer(lang)
                if sheet.provenance
                else t("source_line", lang, source="; ".join(sheet.sources)),
                130,
            )
        ),
        synthetic_note=(
            synthetic_note(sheet.provenance, lang)
            if sheet.synthetic or sheet.provenance.synthetic
            else None
        ),
        missing=t("missing", lang),
        suppressed=t("suppressed", lang),
        scale_note="",
    )
    strip_titles = []
    for rec in sheet.facts.to_dict("records"):
        ind = catalog[rec["indicator"]]
        value = (
            t("suppressed", lang)
            if rec["status"] == "suppressed"
            else _fmt(rec["value"], ind, lang)
        )
        strip_titles.append(
            t(
                "fs_strip",
                lang,
                indicator=ind.name(lang),
                year=rec["year"],
                value=value,
                city=city_name,
                city_value=_fmt(rec["city_value"], ind, lang, unit=False),
                country=country,
                country_value=_fmt(rec["country_value"], ind, lang, unit=False),
            )
            # Against the city and Sverige, by the area's 95 % interval (issue 8).
            + "<br>"
            + " · ".join(_classes(rec, lang))
        )
    trend_indicators = list(sheet.facts["indicator"])
    trends = sheet.trends
    if sheet.population is not None and "population" in catalog:
        trend_indicators.append("population")
    trend_titles = [
        t("fs_trend", lang, indicator=catalog[i].name(lang), unit=catalog[i].unit(lang))
        for i in trend_indicators
    ]
    text = FactSheetText(
        frame=frame,
        names={
            "area": sheet.area_name,
            "city": city_name,
            "country": country,
            "others": t("fs_others", lang),
        },
        strip_titles=strip_titles,
        trend_titles=trend_titles,
    )
    fig = fact_sheet(
        sheet.facts,
        sheet.districts,
        trends,
        dict(catalog),
        lang=lang,
        text=text,
        trend_indicators=trend_indicators,
    )
    level_names = {
        "area": sheet.area_name,
        "city": city_name,
        "country": country,
    }
    recs = trends.to_dict("records")
    table = pd.DataFrame(
        {
            t("col_level", lang): [t(f"level_{r['level']}", lang) for r in recs],
            t("col_area", lang): [level_names[r["level"]] for r in recs],
            t("indicator", lang): [catalog[r["indicator"]].name(lang) for r in recs],
            t("year", lang): [int(r["year"]) for r in recs],
            t("col_value", lang): [_number(r["value"]) for r in recs],
            t("unit", lang): [catalog[r["indicator"]].unit(lang) for r in recs],
            t("col_note", lang): [_row_note(r, lang) for r in recs],
            t("source", lang): [r["source"] if isinstance(r["source"], str) else "" for r in recs],
        }
    )
    # Several indicators share the value column: each row with its own indicator's decimals.
    table = round_for_export(
        table, {t("col_value", lang): [catalog[r["indicator"]].decimals for r in recs]}
    )
    description = alttext.describe_fact_sheet(
        f"{sheet.area_name}, {city_name} ({area_type_name(sheet.area_type, lang)}, {sheet.year})",
        sheet.facts,
        sheet.population,
        city_name,
        catalog,
        lang,
        synthetic=sheet.synthetic,
        provenance=sheet.provenance,
    )
    meta = _meta(
        frame,
        selection=_selection(sheet.city, sheet.area_type, str(sheet.year or ""), "total", lang)
        + f" · {sheet.area_name} ({sheet.area_code})",
        unit="",
        sources=sheet.sources,
        synthetic=sheet.synthetic,
        link=link,
        today=today or dt.date.today(),
        lang=lang,
        description=description,
        provenance=sheet.provenance,
    )
    stem = file_stem(
        t("page_factsheet", lang), city_name, sheet.area_type, sheet.area_code, sheet.area_name
    )
    return FigureExport("factsheet", fig, table, meta, stem)


def _classes(rec: Mapping, lang: str) -> list[str]:
    """A key figure's class against the city and against Sverige, as words."""
    return [
        significance_label(
            rec.get(f"vs_{ref}") if isinstance(rec.get(f"vs_{ref}"), str) else "not_assessable",
            ref,
            lang,
        )
        for ref in ("city", "country")
    ]


def fact_table(sheet: FactSheet, catalog: Mapping[str, Indicator], lang: str) -> pd.DataFrame:
    """The key figures as the page's table: the district, the city and Sweden, range and rank,
    and the district against the city and Sverige."""
    city_name = MUNICIPALITIES.get(sheet.city, sheet.city)
    recs = sheet.facts.to_dict("records")

    def own(r: dict) -> str:
        if r["status"] == "suppressed":
            return t("suppressed", lang)
        return _fmt(r["value"], catalog[r["indicator"]], lang)

    return pd.DataFrame(
        {
            t("indicator", lang): [catalog[r["indicator"]].name(lang) for r in recs],
            t("year", lang): [str(r["year"]) for r in recs],
            sheet.area_name: [own(r) for r in recs],
            city_name: [_fmt(r["city_value"], catalog[r["indicator"]], lang) for r in recs],
            country_name(lang): [
                _fmt(r["country_value"], catalog[r["indicator"]], lang) for r in recs
            ],
            t("col_range", lang): [
                f"{_fmt(r['district_min'], catalog[r['indicator']], lang, unit=False)} – "
                f"{_fmt(r['district_max'], catalog[r['indicator']], lang, unit=False)}"
                for r in recs
            ],
            t("col_rank", lang): [
                f"{int(r['rank'])} / {r['n_with_value']}" if pd.notna(r["rank"]) else "–"
                for r in recs
            ],
            t("col_vs_city", lang): [_classes(r, lang)[0] for r in recs],
            t("col_vs_country", lang): [_classes(r, lang)[1] for r in recs],
        }
    )


def city_report(
    facts: CityFacts,
    catalog: Mapping[str, Indicator],
    lang: str,
    *,
    link_for: Callable[[str], str] = lambda _code: "",
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> tuple[bytes, str]:
    """Every district's fact sheet, one A4 page each, in one PDF with a bookmark per district.

    Returns the PDF and its file name; ``progress(i, n, name)`` is called before each page.
    """
    areas = facts.areas()
    city_name = MUNICIPALITIES.get(facts.city, facts.city)
    pages: list[tuple[str, bytes]] = []
    pending: tuple[str, Future] | None = None
    for i, (code, name) in enumerate(areas, start=1):
        if progress is not None:
            progress(i, len(areas), name)
        export = factsheet_export(
            facts.sheet(code), catalog, lang, link=link_for(code), today=today
        )
        # The browser renders this page while the next one is built.
        future = render.submit(export.export_figure(), "pdf")
        if pending is not None:
            pages.append((pending[0], render.RENDERER.result(pending[1], "pdf")))
        pending = (name, future)
    if pending is not None:
        pages.append((pending[0], render.RENDERER.result(pending[1], "pdf")))
    title = t(
        "fs_report_title", lang, city=city_name, area_type=area_type_name(facts.area_type, lang)
    )
    description = t(
        "fs_city_report_help",
        lang,
        n=len(areas),
        area_type=area_type_name(facts.area_type, lang),
    )
    return merge_pdfs(pages, title, description, lang), f"{city_report_stem(facts, lang)}.pdf"


def city_report_stem(facts: CityFacts, lang: str) -> str:
    """The file name (without extension) of a whole city's fact sheets."""
    city_name = MUNICIPALITIES.get(facts.city, facts.city)
    return file_stem(t("page_factsheet", lang), city_name, facts.area_type)


# --- issue 8 – signif: the map and the ranking coloured by comparison with a reference ------


def _with_classes(districts: pd.DataFrame, comparison: Comparison, reference: str) -> pd.DataFrame:
    """The view's districts with ``signif`` (the class against ``reference``) and the
    interval the comparison used."""
    used = comparison.classes.rename(
        columns={"ci_low": "signif_ci_low", "ci_high": "signif_ci_high"}
    )
    out = districts.merge(used, on="area_code", how="left")
    out["signif"] = out[f"vs_{reference}"].fillna("not_assessable")
    return out


def class_labels(reference: str, lang: str) -> dict[str, str]:
    """Legend words of every class against 'city' or 'country'."""
    return {c: significance_label(c, reference, lang) for c in significance.CLASSES}


def class_table(districts: pd.DataFrame, sel: Selection, ind: Indicator, lang: str) -> pd.DataFrame:
    """The district table with each district's class against the city and Sverige, and the
    interval (and its method) the classes rest on."""
    table = district_table(districts, sel, ind, lang)
    recs = districts.to_dict("records")
    # The population column is named "Folkmängd (exempeldata)" when it is example data.
    names = {t("col_population", lang), t("col_population_synthetic", lang)}
    where = next(i for i, c in enumerate(table.columns) if c in names)
    extra = {
        t("col_district_ci", lang): [
            f"{format_number(r['signif_ci_low'], ind.decimals + 1, lang)} – "
            f"{format_number(r['signif_ci_high'], ind.decimals + 1, lang)}"
            if pd.notna(r.get("signif_ci_low"))
            else ""
            for r in recs
        ],
        t("col_ci_method", lang): [
            t(f"signif_ci_{r.get('ci_method') or 'none'}", lang)
            if isinstance(r.get("ci_method"), str)
            else t("signif_ci_none", lang)
            for r in recs
        ],
        t("col_vs_city", lang): [
            significance_label(r.get("vs_city") or "not_assessable", "city", lang)
            if isinstance(r.get("vs_city"), str)
            else significance_label("not_assessable", "city", lang)
            for r in recs
        ],
        t("col_vs_country", lang): [
            significance_label(r.get("vs_country") or "not_assessable", "country", lang)
            if isinstance(r.get("vs_country"), str)
            else significance_label("not_assessable", "country", lang)
            for r in recs
        ],
    }
    for k, (name, values) in enumerate(extra.items()):
        table.insert(where + k, name, values)
    return table


def _class_meta(
    text: FigureText,
    view: MapData,
    comparison: Comparison,
    ind: Indicator,
    lang: str,
    link: str,
    today: dt.date | None,
    notes: tuple[str, ...],
    description: str,
) -> ExportMeta:
    """The view's metadata with the comparison's references and denominators among its
    inputs by role, and the example-data note when any of them is synthetic."""
    meta = _district_meta(text, view, ind, lang, link, today, notes, description)
    prov = view.provenance | comparison.provenance
    return ExportMeta(
        **{
            **meta.__dict__,
            "sources": tuple(prov.sources()),
            "synthetic": meta.synthetic or prov.synthetic,
            "provenance": prov,
        }
    )


def _class_text(text: FigureText, view: MapData, comparison: Comparison, lang: str) -> FigureText:
    prov = view.provenance | comparison.provenance
    return FigureText(
        **{
            **text.__dict__,
            "source": prov.footer(lang),
            "synthetic_note": synthetic_note(prov, lang) if prov.synthetic else None,
            "scale_note": t("compare_scale_note", lang),
        }
    )


def class_map_export(
    geojson: dict,
    center: dict[str, float],
    zoom: float,
    view: MapData,
    comparison: Comparison,
    reference: str,
    ind: Indicator,
    lang: str,
    *,
    link: str = "",
    today: dt.date | None = None,
    notes: tuple[str, ...] = (),
) -> FigureExport:
    """The district map coloured by each district's class against 'city' or 'country'."""
    sel = view.selection
    city_name = MUNICIPALITIES.get(sel.city, sel.city)
    year_label = format_period(sel.year_number, sel.period, lang)
    text = _class_text(map_text(sel, ind, view, lang), view, comparison, lang)
    text = FigureText(
        **{
            **text.__dict__,
            "title": t(
                f"compare_title_{reference}",
                lang,
                indicator=ind.name(lang),
                city=city_name,
                year=year_label,
            ),
        }
    )
    districts = _with_classes(view.districts, comparison, reference)
    labels = class_labels(reference, lang)
    fig = class_choropleth(
        geojson, districts, ind, lang=lang, text=text, labels=labels, center=center, zoom=zoom
    )
    ref_value = comparison.city_value if reference == "city" else comparison.country_value
    ref_name = t("city_value", lang, city=city_name) if reference == "city" else country_name(lang)
    description = alttext.describe_districts(
        "map",
        text.title,
        districts,
        ind,
        lang,
        synthetic=text.synthetic_note is not None,
        reference=(ref_name, ref_value),
        provenance=view.provenance | comparison.provenance,
    )
    description = f"{description} {significance_summary(districts['signif'], reference, lang)}"
    meta = _class_meta(text, view, comparison, ind, lang, link, today, notes, description)
    stem = file_stem(
        ind.name(lang),
        city_name,
        sel.area_type,
        sel.year,
        sex_name(sel.sex, lang),
        t(f"colour_vs_{reference}", lang),
    )
    both = _with_classes(view.districts, comparison, "city")
    return FigureExport("map", fig, class_table(both, sel, ind, lang), meta, stem)


def class_ranking_export(
    view: MapData,
    comparison: Comparison,
    reference: str,
    ind: Indicator,
    lang: str,
    *,
    link: str = "",
    today: dt.date | None = None,
    notes: tuple[str, ...] = (),
) -> FigureExport:
    """The ranking with its bars coloured by each district's class against the reference."""
    base = ranking_export(view, ind, lang, link=link, today=today, notes=notes)
    districts = _with_classes(view.districts, comparison, reference)
    fig = colour_ranking_by_class(base.figure, districts, class_labels(reference, lang))
    text = _class_text(map_text(view.selection, ind, view, lang), view, comparison, lang)
    if text.synthetic_note and not view.synthetic:
        # The comparison's inputs are example data while the values are not: say so on the
        # figure too.
        fig.update_layout(
            title={
                "subtitle": {
                    "text": fig.layout.title.subtitle.text
                    + f' · <span style="color:#8a1c00"><b>{text.synthetic_note}</b></span>'
                }
            }
        )
    description = (
        f"{base.meta.description} {significance_summary(districts['signif'], reference, lang)}"
    )
    meta = _class_meta(
        FigureText(**{**text.__dict__, "title": base.meta.title}),
        view,
        comparison,
        ind,
        lang,
        link,
        today,
        notes,
        description,
    )
    both = _with_classes(view.districts, comparison, "city")
    return FigureExport(
        "ranking", fig, class_table(both, view.selection, ind, lang), meta, base.stem
    )
