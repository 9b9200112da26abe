"""The words and exports of the map and trends pages that need no Streamlit, so pages only draw."""

from __future__ import annotations

import pandas as pd

from dashboard.report import exporting, sentences
from dashboard.report.exporting import FigureExport
from dashboard.report.i18n import area_noun, area_type_name, measure_name, t
from dashboard.report.sentences import significance_label
from indicators.table.catalog import Indicator
from indicators.table.package import BoundaryResource
from indicators.views.map import Layer, MapData
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
