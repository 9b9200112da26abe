"""What every figure exports: the figure, the data behind it, its metadata and its description.

The pages and ``jamlik export`` (``dashboard/cli/export.py``) build their figures here, so a
figure exported from the command line is the one the page shows. No Streamlit: images
are rendered by ``render.py``, tables written by ``exports.py`` (both beside this module).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field, replace

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
from indicators.measures.registry import indicator_measure_unit, measure_decimals
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


def _text_cell(rec: Mapping, key: str) -> str:
    """A text field of one row as a cell: empty where the row has none (None, NaN)."""
    value = rec.get(key)
    return value if isinstance(value, str) else ""


def _sources(frame: pd.DataFrame) -> list[str]:
    return sorted(set(frame["source"].dropna())) if len(frame) else []


def _source_line(prov: Provenance, sources: list[str] | tuple[str, ...], lang: str) -> str:
    """A figure's source line: every input by role when known, else the plain sources."""
    return prov.footer(lang) if prov else t("source_line", lang, source="; ".join(sources))


def _figure_note(prov: Provenance, synthetic: bool, lang: str) -> str | None:
    """A figure's example-data note, when its values or any other input are example data."""
    return synthetic_note(prov, lang) if synthetic or prov.synthetic else None


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
        source=_source_line(view.provenance, view.sources, lang),
        synthetic_note=_figure_note(view.provenance, view.synthetic, lang),
        missing=t("missing", lang),
        suppressed=t("suppressed", lang),
        scale_note=f"{t('legend_scale', lang)} · {t(polar, lang)}",
        reference_label=t("city_value", lang, city=city_name),
    )


def _population_header(recs: list[dict], lang: str) -> tuple[str, list[bool]]:
    """The population column's name, and which rows' population is example data.

    The header says "(exempeldata)" when any row's population is.
    """
    flags = [r.get("population_synthetic") is True for r in recs]
    return t("col_population_synthetic" if any(flags) else "col_population", lang), flags


def _notes_and_sources(
    recs: list[dict], synthetic_population: list[bool], lang: str
) -> dict[str, list]:
    """The last columns of a table of districts: each row's note (with the note on an
    example-data population), its source and, when any row has one, its population's source."""
    population_note = t("note_population_synthetic", lang, note=SYNTHETIC_NOTE[lang])
    columns: dict[str, list] = {
        t("col_note", lang): [
            "; ".join(p for p in (_row_note(r, lang), population_note if synthetic else "") if p)
            for r, synthetic in zip(recs, synthetic_population, strict=True)
        ],
        t("source", lang): [_text_cell(r, "source") for r in recs],
    }
    if any(isinstance(r.get("population_source"), str) for r in recs):
        columns[t("col_population_source", lang)] = [
            _text_cell(r, "population_source") for r in recs
        ]
    return columns


def district_table(
    districts: pd.DataFrame, sel: Selection, ind: Indicator, lang: str, since: str | None = None
) -> pd.DataFrame:
    """The data behind a map or ranking: one row per district, self-describing.

    Values, limits and changes carry the indicator's decimals, the population is a whole
    number; a population from example data says so in its header, its own source column
    and each row's note, also when the values are real.
    """
    recs = districts.to_dict("records")
    n = len(recs)
    value_columns = [t("col_value", lang), t("col_ci_low", lang), t("col_ci_high", lang)]
    columns: dict[str, list] = {
        t("city", lang): [MUNICIPALITIES.get(sel.city, sel.city)] * n,
        t("area_type", lang): [area_type_name(sel.area_type, lang)] * n,
        t("col_code", lang): [r["area_code"] for r in recs],
        t("col_area", lang): [r["area_name"] for r in recs],
        t("indicator", lang): [ind.name(lang)] * n,
        t("sex", lang): [sex_name(sel.sex, lang)] * n,
        t("year", lang): [_year_cell(sel.year)] * n,
        t("col_value", lang): [_number(r["value"]) for r in recs],
        t("unit", lang): [ind.unit(lang)] * n,
        t("col_ci_low", lang): [_number(r.get("ci_low")) for r in recs],
        t("col_ci_high", lang): [_number(r.get("ci_high")) for r in recs],
    }
    if since is not None:
        columns[t("col_value_since", lang, year=since)] = [
            _number(r.get("value_since")) for r in recs
        ]
        columns[t("col_change", lang)] = [_number(r.get("change")) for r in recs]
        value_columns += [t("col_value_since", lang, year=since), t("col_change", lang)]
    population_col, synthetic_population = _population_header(recs, lang)
    columns[population_col] = [_number(r.get("population")) for r in recs]
    columns.update(_notes_and_sources(recs, synthetic_population, lang))
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
    today: dt.date | None,
    lang: str,
    notes: tuple[str, ...] = (),
    description: str = "",
    provenance: Provenance | None = None,
) -> ExportMeta:
    """What an export says about itself; ``today`` defaults to the day it is made."""
    return ExportMeta(
        title=text.title,
        selection=selection,
        unit=unit,
        sources=tuple(s for s in sources if s),
        synthetic=synthetic,
        date=today or dt.date.today(),
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
        today=today,
        lang=lang,
        notes=_district_notes(view, sel, lang, notes),
        description=description,
        provenance=view.provenance,
    )


def _district_stem(sel: Selection, ind: Indicator, lang: str, kind_word: str) -> str:
    """The file name of a map or ranking: indicator, city, area type, year, sex and kind."""
    city_name = MUNICIPALITIES.get(sel.city, sel.city)
    return file_stem(
        ind.name(lang), city_name, sel.area_type, sel.year, sex_name(sel.sex, lang), kind_word
    )


def _describe_view(
    kind: str,
    title: str,
    districts: pd.DataFrame,
    view: MapData,
    ind: Indicator,
    lang: str,
    change: bool = False,
) -> str:
    """The description of a map or ranking of ``view``, against the city's value."""
    city_name = MUNICIPALITIES.get(view.selection.city, view.selection.city)
    return alttext.describe_districts(
        kind,
        title,
        districts,
        ind,
        lang,
        synthetic=view.synthetic,
        reference=(t("city_value", lang, city=city_name), view.city_value),
        change=change,
        provenance=view.provenance,
    )


def _change_text(text: FigureText, view: MapData, ind: Indicator, lang: str) -> FigureText:
    """The change map's words: the level map's, with the change in the title and scale."""
    sel = view.selection
    title = t(
        "change_title",
        lang,
        indicator=lower_first(ind.name(lang)),
        city=MUNICIPALITIES.get(sel.city, sel.city),
        since=view.since,
        year=sel.year,
    )
    polar = ind.higher_is_better is not None
    return replace(
        text, title=title, scale_note=t("change_note_polar" if polar else "change_note", lang)
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
    districts, scale = view.districts, view.scale
    if view.since:
        districts, scale = change_view(view.districts)
        text = _change_text(text, view, ind, lang)
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
    description = _describe_view(
        "map", text.title, districts, view, ind, lang, change=view.since is not None
    )
    meta = _district_meta(text, view, ind, lang, link, today, notes, description)
    kind_word = t("stem_change", lang, since=view.since) if view.since else t("stem_map", lang)
    table = district_table(view.districts, sel, ind, lang, view.since)
    return FigureExport("map", fig, table, meta, _district_stem(sel, ind, lang, kind_word))


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
    title = t(
        "ranking_title_city",
        lang,
        indicator=ind.name(lang),
        city=MUNICIPALITIES.get(sel.city, sel.city),
        year=format_period(sel.year_number, sel.period, lang),
    )
    text = replace(map_text(sel, ind, view, lang), title=title)
    fig = ranking(
        view.districts, ind, lang=lang, text=text, scale=view.scale, city_value=view.city_value
    )
    description = _describe_view("ranking", text.title, view.districts, view, ind, lang)
    meta = _district_meta(text, view, ind, lang, link, today, notes, description)
    stem = _district_stem(sel, ind, lang, t("stem_ranking", lang))
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


def _breaks_shown(view: TrendView) -> list[tuple[int, str]]:
    """The changes of division within the years the district lines span."""
    if not len(view.series):
        return []
    years = view.series["year"]
    return [b for b in view.breaks if years.min() < b[0] <= years.max()]


def _trend_rows(view: TrendView, lang: str) -> list[dict]:
    """The district lines' rows, then the city's and Sverige's, each with its level."""
    rows = [{**rec, "level": t("level_area", lang)} for rec in view.series.to_dict("records")]
    for rec in view.references.to_dict("records"):
        is_country = rec["municipality_code"] == "00"
        rows.append(
            {
                **rec,
                "area_name": country_name(lang) if is_country else view.city_name,
                "level": t("level_country" if is_country else "level_city", lang),
            }
        )
    return rows


def _trend_table(view: TrendView, lang: str) -> pd.DataFrame:
    """The data behind the district lines: every district, the city and Sverige by year."""
    ind, rows = view.indicator, _trend_rows(view, lang)
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
            t("source", lang): [_text_cell(r, "source") for r in rows],
        }
    )
    # Values and limits as the catalog writes them ("81,50"), never binary artefacts.
    columns = (t("col_value", lang), t("col_ci_low", lang), t("col_ci_high", lang))
    return round_for_export(table, dict.fromkeys(columns, ind.decimals))


def trend_export(
    view: TrendView, lang: str, *, link: str = "", today: dt.date | None = None
) -> FigureExport:
    """One line per district, the chosen ones highlighted, the city and Sweden for reference."""
    ind = view.indicator
    text = trend_text(view, lang)
    in_range = _breaks_shown(view)
    fig = district_lines(
        view.series,
        view.references,
        view.highlight,
        ind,
        lang=lang,
        text=text,
        reference_names={view.city: view.city_name, "00": country_name(lang)},
        breaks=in_range,
    )
    prov = view.provenance
    recalculated = f" · {t('recalculated', lang)}" if view.recalculated else ""
    meta = _meta(
        text,
        selection=_selection(view.city, view.area_type, _years(view.series), view.sex, lang)
        + recalculated,
        unit=ind.unit(lang),
        sources=prov.lines(lang),
        synthetic=prov.synthetic,
        link=link,
        today=today,
        lang=lang,
        notes=tuple(t("division_break", lang, year=y) for y, _ in in_range),
        provenance=prov,
        description=alttext.describe_trend(
            text.title, view.series, ind, lang, synthetic=prov.synthetic, provenance=prov
        ),
    )
    stem = file_stem(
        ind.name(lang),
        view.city_name,
        view.area_type,
        sex_name(view.sex, lang),
        t("stem_trend", lang),
    )
    return FigureExport("trend", fig, _trend_table(view, lang), meta, stem)


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


def _gap_provenance(view: TrendView, gaps: pd.DataFrame) -> tuple[Provenance, bool]:
    """Every input of every measure shown (values, weights, ranking, crosswalk), and
    whether any of them, or any measure, rests on example data."""
    if not len(gaps):
        prov = Provenance.of("values", view.series)
        return prov, prov.synthetic
    prov = series_provenance(gaps)
    return prov, prov.synthetic or bool(gaps["synthetic"].any())


def gap_text(
    view: TrendView, stratifier: Indicator | None, prov: Provenance, synthetic: bool, lang: str
) -> FigureText:
    """The gap chart's words: the trend's, with the measures' sources, title and subtitle."""
    ind = view.indicator
    return replace(
        trend_text(view, lang),
        source=prov.footer(lang),
        title=t("gap_title", lang, indicator=lower_first(ind.name(lang)), city=view.city_name),
        subtitle=t(
            "gap_subtitle",
            lang,
            sex=sex_name(view.sex, lang),
            strat=stratifier.name(lang) if stratifier else "–",
        ),
        synthetic_note=t("synthetic_note", lang) if synthetic else None,
    )


def _segment_names(chain: list[str], lang: str) -> dict[str, str]:
    """The names of the divisions a gap series runs through, and of the recalculated one."""
    names = {a: area_type_name(a, lang) for a in chain}
    names[RECALCULATED] = t("recalculated", lang)
    return names


def _measure_unit(measure: str, ind: Indicator, lang: str) -> str:
    return indicator_measure_unit(measure, ind, lang) if measure in MEASURES else ""


def _gap_note(rec: Mapping, lang: str) -> str:
    """A gap row's note: the measure's own note, then the example-data note."""
    return "; ".join(p for p in (rec.get(f"note_{lang}") or "", _synthetic_note(rec, lang)) if p)


def _role_sources(rec: Mapping, lang: str) -> str:
    """A gap row's sources, one role after another."""
    prov = rec.get("provenance")
    return " | ".join(prov.lines(lang)) if isinstance(prov, Provenance) else ""


def _gap_table(
    gaps: pd.DataFrame, segment_names: dict[str, str], ind: Indicator, lang: str
) -> pd.DataFrame:
    """The data behind the gap chart: each measure by division and year, with its limits."""
    recs = gaps.to_dict("records")
    table = pd.DataFrame(
        {
            t("col_measure", lang): [measure_name(r["measure"], lang) for r in recs],
            t("area_type", lang): [segment_names.get(r["area_type"], r["area_type"]) for r in recs],
            t("year", lang): [int(r["year"]) for r in recs],
            t("col_value", lang): [_number(r["value"]) for r in recs],
            t("unit", lang): [_measure_unit(r["measure"], ind, lang) for r in recs],
            t("col_ci_low", lang): [_number(r["ci_low"]) for r in recs],
            t("col_ci_high", lang): [_number(r["ci_high"]) for r in recs],
            t("col_ci_method", lang): [r.get("ci_method") or "" for r in recs],
            t("col_note", lang): [_gap_note(r, lang) for r in recs],
            t("col_sources", lang): [_role_sources(r, lang) for r in recs],
        }
    )
    # Each measure with the decimals the gap chart shows: one more than the indicator for a
    # difference in its unit, two for a ratio or index.
    per_row = [measure_decimals(r["measure"], ind.decimals + 1) for r in recs]
    columns = (t("col_value", lang), t("col_ci_low", lang), t("col_ci_high", lang))
    return round_for_export(table, dict.fromkeys(columns, per_row))


def _gap_selection(
    view: TrendView, gaps: pd.DataFrame, segment_names: dict[str, str], lang: str
) -> str:
    """City, years, sex and the divisions the gap series run through."""
    if not len(gaps):
        return _selection(view.city, None, None, view.sex, lang)
    divisions = ", ".join(segment_names.get(a, a) for a in dict.fromkeys(gaps["area_type"]))
    return f"{_selection(view.city, None, _years(gaps), view.sex, lang)} · {divisions}"


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
    prov, synthetic = _gap_provenance(view, gaps)
    text = gap_text(view, stratifier, prov, synthetic, lang)
    segment_names = _segment_names(chain, lang)
    fig = gap_lines(
        gaps,
        lang=lang,
        text=text,
        measure_names={m: measure_name(m, lang, short=True) for m in measures},
        segment_names=segment_names,
        # Each measure in its own unit: no "år" on RII, "år²" on BGV (issue 8).
        unit={m: indicator_measure_unit(m, ind, lang) for m in measures if m in MEASURES},
        decimals=ind.decimals + 1,
        breaks=view.breaks,
    )
    meta = _meta(
        text,
        selection=_gap_selection(view, gaps, segment_names, lang),
        unit=ind.unit(lang),
        sources=prov.lines(lang),
        synthetic=synthetic,
        link=link,
        today=today,
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
    return FigureExport("gap", fig, _gap_table(gaps, segment_names, ind, lang), meta, stem)


# --- Jämför städer ----------------------------------------------------------------------------


def compare_text(
    rows: pd.DataFrame, ind: Indicator, year: str, sex: str, prov: Provenance, lang: str
) -> FigureText:
    """The comparison's words: indicator, year, sex and unit, and its sources by role."""
    return FigureText(
        title=t("compare_title", lang, indicator=ind.name(lang), year=year),
        subtitle=t("compare_subtitle", lang, sex=sex_name(sex, lang), unit=ind.unit(lang)),
        source=_source_line(prov, _sources(rows), lang),
        synthetic_note=_figure_note(prov, False, lang),
        missing=t("missing", lang),
        suppressed=t("suppressed", lang),
        scale_note="",
    )


def _per_city_columns(recs: list[dict], table: pd.DataFrame, lang: str) -> dict[str, list]:
    """Each row's city's number of areas and mean population per area (``gap_table``)."""
    by_city = table.set_index("municipality_code")
    return {
        t("col_n_areas", lang): [
            int(by_city.loc[r["municipality_code"], "n_districts"]) for r in recs
        ],
        t("col_mean_population", lang): [
            _number(by_city.loc[r["municipality_code"], "mean_population"]) for r in recs
        ],
    }


def _compare_table(
    rows: pd.DataFrame,
    ind: Indicator,
    year: str,
    sex: str,
    lang: str,
    table: pd.DataFrame | None,
) -> pd.DataFrame:
    """The data behind the comparison: every district of every city, self-describing."""
    recs = rows.to_dict("records")
    n = len(recs)
    population_col, synthetic_population = _population_header(recs, lang)
    columns: dict[str, list] = {
        t("city", lang): [MUNICIPALITIES.get(r["municipality_code"], "") for r in recs],
        t("area_type", lang): [area_type_name(r["area_type"], lang) for r in recs],
        t("col_code", lang): [r["area_code"] for r in recs],
        t("col_area", lang): [r["area_name"] for r in recs],
        t("indicator", lang): [ind.name(lang)] * n,
        t("sex", lang): [sex_name(sex, lang)] * n,
        t("year", lang): [_year_cell(year)] * n,
        t("col_value", lang): [_number(r["value"]) for r in recs],
        t("unit", lang): [ind.unit(lang)] * n,
        population_col: [_number(r.get("population")) for r in recs],
    }
    decimals: dict[str, int] = {t("col_value", lang): ind.decimals, population_col: 0}
    if table is not None and len(table):
        per_city = _per_city_columns(recs, table, lang)
        columns.update(per_city)
        decimals.update(dict.fromkeys(per_city, 0))
    columns.update(_notes_and_sources(recs, synthetic_population, lang))
    return round_for_export(pd.DataFrame(columns), decimals)


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
    text = compare_text(rows, ind, year, sex, prov, lang)
    fig = city_distributions(rows, ind, lang=lang, text=text, city_names=MUNICIPALITIES)
    cities = ", ".join(MUNICIPALITIES.get(c, c) for c in dict.fromkeys(rows["municipality_code"]))
    meta = _meta(
        text,
        selection=" · ".join(p for p in (cities, year, sex_name(sex, lang)) if p),
        unit=ind.unit(lang),
        sources=_sources(rows),
        synthetic=prov.synthetic,
        link=link,
        today=today,
        lang=lang,
        notes=(t("compare_note", lang),),
        description=alttext.describe_comparison(
            text.title, rows, ind, MUNICIPALITIES, lang, synthetic=prov.synthetic, provenance=prov
        ),
        provenance=prov,
    )
    stem = file_stem(ind.name(lang), year, sex_name(sex, lang), t("stem_compare", lang))
    table_out = _compare_table(rows, ind, year, sex, lang, table)
    return FigureExport("compare", fig, table_out, meta, stem)


# --- Områdesfakta -----------------------------------------------------------------------------


def _fmt(value: object, ind: Indicator, lang: str, unit: bool = True) -> str:
    if value is None or pd.isna(value):
        return "–"
    return format_value(float(value), ind.decimals, ind.unit(lang) if unit else "", lang)


def _own_value(rec: Mapping, ind: Indicator, lang: str) -> str:
    """The district's own value of a key figure as written, or that it is suppressed."""
    if rec["status"] == "suppressed":
        return t("suppressed", lang)
    return _fmt(rec["value"], ind, lang)


def _factsheet_frame(sheet: FactSheet, lang: str) -> FigureText:
    """The fact sheet's title, subtitle (area type, year, population) and footer."""
    city_name = MUNICIPALITIES.get(sheet.city, sheet.city)
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
    return FigureText(
        title=t("fs_title", lang, area=sheet.area_name, city=city_name),
        subtitle=subtitle,
        # Several sources do not fit one line of an A4 page.
        source="\n".join(render.wrap(_source_line(sheet.provenance, sheet.sources, lang), 130)),
        synthetic_note=_figure_note(sheet.provenance, sheet.synthetic, lang),
        missing=t("missing", lang),
        suppressed=t("suppressed", lang),
        scale_note="",
    )


def _strip_title(rec: Mapping, ind: Indicator, city_name: str, lang: str) -> str:
    """A key figure's title: the district's, the city's and Sverige's values, then its
    class against the city and Sverige, by the area's 95 % interval (issue 8)."""
    values = t(
        "fs_strip",
        lang,
        indicator=ind.name(lang),
        year=rec["year"],
        value=_own_value(rec, ind, lang),
        city=city_name,
        city_value=_fmt(rec["city_value"], ind, lang, unit=False),
        country=country_name(lang),
        country_value=_fmt(rec["country_value"], ind, lang, unit=False),
    )
    return values + "<br>" + " · ".join(_classes(rec, lang))


def _trend_indicators(sheet: FactSheet, catalog: Mapping[str, Indicator]) -> list[str]:
    """The small trends: one per key figure, then the population when the sheet has one."""
    population = sheet.population is not None and "population" in catalog
    return [*sheet.facts["indicator"], *(["population"] if population else [])]


def factsheet_text(sheet: FactSheet, catalog: Mapping[str, Indicator], lang: str) -> FactSheetText:
    """The fact sheet's words: its frame, the legend's names and each panel's title."""
    city_name = MUNICIPALITIES.get(sheet.city, sheet.city)
    return FactSheetText(
        frame=_factsheet_frame(sheet, lang),
        names={
            "area": sheet.area_name,
            "city": city_name,
            "country": country_name(lang),
            "others": t("fs_others", lang),
        },
        strip_titles=[
            _strip_title(rec, catalog[rec["indicator"]], city_name, lang)
            for rec in sheet.facts.to_dict("records")
        ],
        trend_titles=[
            t("fs_trend", lang, indicator=catalog[i].name(lang), unit=catalog[i].unit(lang))
            for i in _trend_indicators(sheet, catalog)
        ],
    )


def _factsheet_table(sheet: FactSheet, catalog: Mapping[str, Indicator], lang: str) -> pd.DataFrame:
    """The data behind the small trends: the district, the city and Sverige by year."""
    level_names = {
        "area": sheet.area_name,
        "city": MUNICIPALITIES.get(sheet.city, sheet.city),
        "country": country_name(lang),
    }
    recs = sheet.trends.to_dict("records")
    table = pd.DataFrame(
        {
            t("col_level", lang): [t(f"level_{r['level']}", lang) for r in recs],
            t("col_area", lang): [level_names[r["level"]] for r in recs],
            t("indicator", lang): [catalog[r["indicator"]].name(lang) for r in recs],
            t("year", lang): [int(r["year"]) for r in recs],
            t("col_value", lang): [_number(r["value"]) for r in recs],
            t("unit", lang): [catalog[r["indicator"]].unit(lang) for r in recs],
            t("col_note", lang): [_row_note(r, lang) for r in recs],
            t("source", lang): [_text_cell(r, "source") for r in recs],
        }
    )
    # Several indicators share the value column: each row with its own indicator's decimals.
    return round_for_export(
        table, {t("col_value", lang): [catalog[r["indicator"]].decimals for r in recs]}
    )


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
    text = factsheet_text(sheet, catalog, lang)
    fig = fact_sheet(
        sheet.facts,
        sheet.districts,
        sheet.trends,
        dict(catalog),
        lang=lang,
        text=text,
        trend_indicators=_trend_indicators(sheet, catalog),
    )
    area_type = area_type_name(sheet.area_type, lang)
    description = alttext.describe_fact_sheet(
        f"{sheet.area_name}, {city_name} ({area_type}, {sheet.year})",
        sheet.facts,
        sheet.population,
        city_name,
        catalog,
        lang,
        synthetic=sheet.synthetic,
        provenance=sheet.provenance,
    )
    selection = _selection(sheet.city, sheet.area_type, str(sheet.year or ""), "total", lang)
    meta = _meta(
        text.frame,
        selection=f"{selection} · {sheet.area_name} ({sheet.area_code})",
        unit="",
        sources=sheet.sources,
        synthetic=sheet.synthetic,
        link=link,
        today=today,
        lang=lang,
        description=description,
        provenance=sheet.provenance,
    )
    stem = file_stem(
        t("page_factsheet", lang), city_name, sheet.area_type, sheet.area_code, sheet.area_name
    )
    return FigureExport("factsheet", fig, _factsheet_table(sheet, catalog, lang), meta, stem)


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
    return pd.DataFrame(
        {
            t("indicator", lang): [catalog[r["indicator"]].name(lang) for r in recs],
            t("year", lang): [str(r["year"]) for r in recs],
            sheet.area_name: [_own_value(r, catalog[r["indicator"]], lang) for r in recs],
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
    return replace(
        meta,
        sources=tuple(prov.sources()),
        synthetic=meta.synthetic or prov.synthetic,
        provenance=prov,
    )


def _class_text(text: FigureText, view: MapData, comparison: Comparison, lang: str) -> FigureText:
    prov = view.provenance | comparison.provenance
    return replace(
        text,
        source=prov.footer(lang),
        synthetic_note=_figure_note(prov, False, lang),
        scale_note=t("compare_scale_note", lang),
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
    title = t(
        f"compare_title_{reference}",
        lang,
        indicator=ind.name(lang),
        city=city_name,
        year=year_label,
    )
    text = replace(text, title=title)
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
    stem = _district_stem(sel, ind, lang, t(f"colour_vs_{reference}", lang))
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
        replace(text, title=base.meta.title),
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
