"""The words and exports of the map and trends pages that need no Streamlit, so pages only draw."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from dashboard.report import exporting, sentences
from dashboard.report.exporting import FigureExport
from dashboard.report.exports import permalink
from dashboard.report.i18n import area_noun, area_type_name, measure_name, sex_name, t
from dashboard.report.markup import markdown_t
from dashboard.report.sentences import significance_label
from indicators.core.formatting import format_number, format_value
from indicators.core.places import MUNICIPALITIES
from indicators.table.catalog import Indicator
from indicators.table.package import BoundaryResource
from indicators.views.map import GapSummary, Layer, MapData
from indicators.views.selection import Replacement, Selection
from indicators.views.significance import Comparison


def boundary_notes(
    boundary: BoundaryResource | None, area_type: str, year: int, lang: str
) -> tuple[str, ...]:
    """Why the map's boundaries may not match the year: outside their validity, provisional."""
    if boundary is None:
        return ()
    notes = []
    if not boundary.in_force(year):
        valid = f"{boundary.valid_from or '…'} – {boundary.valid_to or '…'}"
        notes.append(
            t(
                "outside_validity",
                lang,
                area_type=area_type_name(area_type, lang),
                valid=valid,
                year=year,
            )
        )
    if boundary.status == "provisional":
        notes.append(t("provisional_boundaries", lang, area_type=area_type_name(area_type, lang)))
    return tuple(notes)


def map_figure(
    layer: Layer | None,
    view: MapData,
    comparison: Comparison | None,
    mode: str,
    ind: Indicator,
    lang: str,
    *,
    link: str,
    notes: tuple[str, ...],
) -> FigureExport | None:
    """The map (none without boundaries), coloured by value or, with a ``comparison``, by
    each district's class against the ``mode`` ('city' or 'country')."""
    if layer is None:
        return None
    if comparison is None:
        return exporting.map_export(
            layer.geojson, layer.center, layer.zoom, view, ind, lang, link=link, notes=notes
        )
    return exporting.class_map_export(
        layer.geojson,
        layer.center,
        layer.zoom,
        view,
        comparison,
        mode,
        ind,
        lang,
        link=link,
        notes=notes,
    )


def ranking_figure(
    view: MapData, comparison: Comparison | None, mode: str, ind: Indicator, lang: str, *, link: str
) -> FigureExport:
    """The ranking, coloured by value or, with a ``comparison``, by class against ``mode``."""
    if comparison is None:
        return exporting.ranking_export(view, ind, lang, link=link)
    return exporting.class_ranking_export(view, comparison, mode, ind, lang, link=link)


def with_class_columns(
    table: pd.DataFrame, districts: pd.DataFrame, comparison: Comparison, lang: str
) -> pd.DataFrame:
    """The district table with each district's class against the city and Sverige."""
    by_code = comparison.classes.set_index("area_code")
    for reference in ("city", "country"):
        classes = districts["area_code"].map(by_code[f"vs_{reference}"])
        table[t(f"col_vs_{reference}", lang)] = [
            significance_label(c if isinstance(c, str) else "not_assessable", reference, lang)
            for c in classes
        ]
    return table


#: The link columns of the map's table: (column key, page address).
DISTRICT_LINKS: tuple[tuple[str, str], ...] = (
    ("col_link_factsheet", "omradesfakta"),
    ("col_link_trend", "utveckling"),
)


def district_link(page: str, sel: Selection, area_code: str, lang: str) -> str:
    """The address of one district's Områdesfakta or its trend, relative to the map's page,
    with the map's selection so that the page opens where the user stands.

    >>> sel = Selection("1480", "primaromrade", "life_expectancy", "2015", "women")
    >>> district_link("utveckling", sel, "104", "sv")
    'utveckling?city=1480&area_type=primaromrade&indicator=life_expectancy&year=2015&sex=women&highlight=104&lang=sv'
    """
    params = sel.as_params()
    params["area" if page == "omradesfakta" else "highlight"] = area_code
    return permalink("", page, {**params, "lang": lang}).lstrip("/")


def with_district_links(
    table: pd.DataFrame, districts: pd.DataFrame, sel: Selection, lang: str
) -> pd.DataFrame:
    """The district table with a link to each district's Områdesfakta and to its trend."""
    for key, page in DISTRICT_LINKS:
        table[t(key, lang)] = [
            district_link(page, sel, code, lang) for code in districts["area_code"]
        ]
    return table


def gap_lines(
    gaps: pd.DataFrame,
    measures: list[str],
    area_type: str,
    own: str,
    ind: Indicator,
    stratifier: Indicator,
    lang: str,
) -> list[str]:
    """One bullet per measure: how its gap changed and, where it holds, its linear trend.

    ``own`` is the area type of the rows to read: the division itself, or the recalculated one.
    """
    lines = []
    for m in measures:
        points = gaps[(gaps["measure"] == m) & (gaps["area_type"] == own)]
        sentence = sentences.change_sentence(
            points,
            measure=m,
            measure_name=measure_name(m, lang),
            indicator=ind,
            area_noun=area_noun(area_type, lang),
            lang=lang,
            stratifier_name=stratifier.name(lang),
        )
        line = sentences.trend_sentence(points, measure=m, indicator=ind, lang=lang)
        lines.append(
            f"- {sentence}" + (f" {line}" if line else "")
            if sentence
            else f"- {t('no_change_sentence', lang, measure=measure_name(m, lang))}"
        )
    return lines


# --- issue 11, item 6: the map's key figures -------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    """One key figure as the page shows it: its label, its value and, for an end, the area."""

    label: str
    value: str
    area: str | None = None


def short_unit(ind: Indicator, lang: str, *, difference: bool = False) -> str:
    """The indicator's unit as short as a key figure needs: '%', '%-enheter' for a difference
    of percentages, none for a count, no parenthesis ('index (riket = 1,00)' → 'index')."""
    if ind.is_count:
        return ""
    if ind.is_percent:
        return t("unit_short_points" if difference else "unit_short_percent", lang)
    if ind.unit_en == "thousand SEK":
        return t("unit_short_thousand_sek", lang)
    return re.sub(r"\s*\(.*\)$", "", ind.unit(lang))


def key_figures(summary: GapSummary, ind: Indicator, lang: str) -> list[KeyFigure]:
    """Highest, lowest, their difference, their ratio (not for counts: a ratio of head
    counts says nothing of a gap) and the population-weighted mean, each with a short unit."""
    unit = short_unit(ind, lang)

    def value(x: float | None, shown: str = unit) -> str:
        written = format_value(x, ind.decimals, shown, lang)
        # '98,2 %' keeps its space; a % sign never stands alone on the next line.
        return written.replace(" %", "\u00a0%")

    figures = [
        KeyFigure(t(key, lang), value(end[1]), end[0])
        for key, end in (("highest", summary.highest), ("lowest", summary.lowest))
        if end is not None
    ]
    points = short_unit(ind, lang, difference=True)
    figures.append(KeyFigure(t("difference", lang), value(summary.difference, points)))
    if not ind.is_count:
        figures.append(KeyFigure(t("ratio", lang), format_number(summary.ratio, 2, lang)))
    figures.append(KeyFigure(t("weighted_mean", lang), value(summary.weighted_mean)))
    return figures


def replacement_text(
    note: Replacement, lang: str, indicators: dict[str, Indicator] | None = None
) -> str:
    """A note on a replaced choice with places, divisions and indicators by name, not by
    code: "visar Stockholm", never "visar 0180"."""
    what = note.key.removeprefix("note_").removesuffix("_unavailable")

    def name(value: str) -> str:
        if what == "city":
            return MUNICIPALITIES.get(value, value)
        if what == "area_type":
            return area_type_name(value, lang)
        if what == "indicator" and indicators and value in indicators:
            return indicators[value].name(lang)
        if what == "sex":
            return sex_name(value, lang)
        return value

    params = {k: name(v) if k in ("requested", "chosen") else v for k, v in note.params.items()}
    # Shown as Markdown, and the requested value is the link's own words: escaped.
    return markdown_t(note.key, lang, **params)


def closing_line(
    gaps: pd.DataFrame, own: str, area_type: str, ind: Indicator, stratifier: Indicator, lang: str
) -> str:
    """Utveckling's first answer, as Markdown: is the gap closing, by D and SII together
    (``gaps`` holds both measures, ``own`` the area type of the rows to read); '' without
    two years of both."""
    rows = gaps[gaps["area_type"] == own]
    sentence = sentences.closing_sentence(
        rows[rows["measure"] == "d"],
        rows[rows["measure"] == "sii"],
        indicator=ind,
        area_noun=area_noun(area_type, lang),
        stratifier_name=stratifier.name(lang),
        lang=lang,
    )
    return f"**{t('closing_title', lang)}** {sentence}" if sentence else ""
