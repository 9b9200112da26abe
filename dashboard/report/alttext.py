"""Generated descriptions (alt text) of exported figures: what a reader who cannot see it needs.

A description names the figure, its highest and lowest districts with their values and
the gap between them, and says when the data are example data. It is written beside an
exported image as ``.txt`` and embedded in the image where the format allows
(``dashboard/report/exports.py``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.report.i18n import TEXTS, t
from indicators.core.formatting import format_number, format_value
from indicators.core.provenance import Provenance
from indicators.measures.registry import measure_unit
from indicators.table.catalog import Indicator


def _kind_name(kind: str, lang: str) -> str:
    """'Karta', 'Stapeldiagram' …: the figure's kind in words; an unknown kind as it is."""
    return t(f"alt_{kind}", lang) if f"alt_{kind}" in TEXTS else kind


def sources_sentence(provenance: Provenance | None, lang: str) -> str:
    """The sources of a description by role, as one sentence ('' without any)."""
    if not provenance:
        return ""
    return provenance.footer(lang) + "."


def _finish(
    parts: list[str], synthetic: bool, lang: str, provenance: Provenance | None = None
) -> str:
    """The parts, then the sources by role, then the example-data note when anything is
    synthetic (the values or any other input named in ``provenance``)."""
    parts.append(sources_sentence(provenance, lang))
    if synthetic or (provenance is not None and provenance.synthetic):
        parts.append(t("synthetic_note", lang) + ".")
    return " ".join(p for p in parts if p)


def _high_low(
    frame: pd.DataFrame, indicator: Indicator, lang: str, *, signed: bool = False
) -> str | None:
    """'Högst: A (81,2 år), lägst: B (76,0 år); skillnad 5,2 år, kvot 1,07.' of the values."""
    shown = frame[frame["value"].notna()]
    if shown.empty:
        return None
    hi = shown.loc[shown["value"].idxmax()]
    lo = shown.loc[shown["value"].idxmin()]
    unit = indicator.unit(lang)

    # A difference or a change of percentages is in percentage points (issue 8, §5).
    points = measure_unit("d", unit, indicator.is_percent, lang)

    def fmt(v: float) -> str:
        text = format_value(v, indicator.decimals, points if signed else unit, lang)
        return "+" + text if signed and v > 0 else text

    if signed:
        return t(
            "alt_change",
            lang,
            high=hi["area_name"],
            high_value=fmt(hi["value"]),
            low=lo["area_name"],
            low_value=fmt(lo["value"]),
        )
    text = t(
        "alt_high_low",
        lang,
        high=hi["area_name"],
        high_value=fmt(hi["value"]),
        low=lo["area_name"],
        low_value=fmt(lo["value"]),
        difference=format_value(hi["value"] - lo["value"], indicator.decimals, points, lang),
    )
    if lo["value"] > 0 and not indicator.is_count:
        text += t("alt_ratio", lang, ratio=format_number(hi["value"] / lo["value"], 2, lang))
    return text + "."


def describe_districts(
    kind: str,
    title: str,
    districts: pd.DataFrame,
    indicator: Indicator,
    lang: str = "sv",
    *,
    synthetic: bool = False,
    reference: tuple[str, float] | None = None,
    change: bool = False,
    provenance: Provenance | None = None,
) -> str:
    """A map or ranking: how many areas have a value, the highest and lowest, the gap.

    ``districts`` has area_name and value (the change, for a change map); ``reference``
    is the city's own value, named.

    >>> from indicators.table.catalog import Indicator
    >>> life = Indicator("le", "Medellivslängd", "Life expectancy", "år", "years", True, 1, "", "")
    >>> frame = pd.DataFrame({"area_name": ["A", "B", "C"], "value": [81.0, 76.5, None]})
    >>> describe_districts("map", "Medellivslängd, Göteborg 2024", frame, life, synthetic=True)
    'Karta: Medellivslängd, Göteborg 2024. 2 av 3 områden har ett värde. Högst: A (81,0 år), lägst: B (76,5 år); skillnad 4,5 år, kvot 1,06. Exempeldata – inte officiell statistik.'
    """
    n = int(districts["value"].notna().sum())
    parts = [f"{_kind_name(kind, lang)}: {title}.", t("coverage", lang, n=n, total=len(districts))]
    parts.append(_high_low(districts, indicator, lang, signed=change) or t("alt_no_values", lang))
    if reference is not None and reference[1] is not None and not change:
        value = format_value(reference[1], indicator.decimals, indicator.unit(lang), lang)
        parts.append(t("alt_reference", lang, name=reference[0], value=value))
    return _finish(parts, synthetic, lang, provenance)


def describe_trend(
    title: str,
    series: pd.DataFrame,
    indicator: Indicator,
    lang: str = "sv",
    *,
    synthetic: bool = False,
    provenance: Provenance | None = None,
) -> str:
    """A line per district: the years covered, the highest and lowest in the last year, the gap then and now."""
    parts = [f"{t('alt_trend', lang)}: {title}."]
    shown = series[series["value"].notna()]
    if shown.empty:
        parts.append(t("alt_no_values", lang))
        return _finish(parts, synthetic, lang, provenance)
    first, last = int(shown["year"].min()), int(shown["year"].max())
    parts.append(t("alt_lines", lang, n=shown["area_code"].nunique(), first=first, last=last))
    latest = shown[shown["year"] == last]
    parts.append(
        t("alt_latest", lang, year=last) + " " + (_high_low(latest, indicator, lang) or "")
    )
    early = shown[shown["year"] == first]
    if first != last and len(early) > 1:
        then = early["value"].max() - early["value"].min()
        parts.append(
            t(
                "alt_gap_then",
                lang,
                then=format_value(then, indicator.decimals, indicator.unit(lang), lang),
                first=first,
            )
        )
    return _finish(parts, synthetic, lang, provenance)


def describe_gaps(
    title: str,
    gaps: pd.DataFrame,
    measure_names: Mapping[str, str],
    lang: str = "sv",
    *,
    decimals: int = 2,
    synthetic: bool = False,
    provenance: Provenance | None = None,
) -> str:
    """Gap measures over time: each measure's first and last value (of each division)."""
    parts = [f"{t('alt_gap', lang)}: {title}."]
    shown = gaps[gaps["value"].notna()]
    if shown.empty:
        parts.append(t("alt_no_values", lang))
    for (measure, _segment), part in shown.groupby(["measure", "area_type"], sort=False):
        part = part.sort_values("year")
        a, b = part.iloc[0], part.iloc[-1]
        parts.append(
            t(
                "alt_measure",
                lang,
                name=measure_names.get(measure, str(measure).upper()),
                first_value=format_number(a["value"], decimals, lang),
                first=int(a["year"]),
                last_value=format_number(b["value"], decimals, lang),
                last=int(b["year"]),
            )
        )
    return _finish(parts, synthetic, lang, provenance)


def describe_comparison(
    title: str,
    rows: pd.DataFrame,
    indicator: Indicator,
    city_names: Mapping[str, str],
    lang: str = "sv",
    *,
    synthetic: bool = False,
    provenance: Provenance | None = None,
) -> str:
    """Each city's districts: how many, the median, the lowest and highest."""
    parts = [f"{t('alt_compare', lang)}: {title}."]
    unit = indicator.unit(lang)
    for city, part in rows.groupby("municipality_code", sort=False):
        part = part[part["value"].notna()]
        if part.empty:
            continue
        hi = part.loc[part["value"].idxmax()]
        lo = part.loc[part["value"].idxmin()]
        parts.append(
            t(
                "alt_city",
                lang,
                city=city_names.get(str(city), str(city)),
                n=len(part),
                median=format_value(part["value"].median(), indicator.decimals, unit, lang),
                low=format_value(lo["value"], indicator.decimals, unit, lang),
                low_name=lo["area_name"],
                high=format_value(hi["value"], indicator.decimals, unit, lang),
                high_name=hi["area_name"],
            )
        )
    return _finish(parts, synthetic, lang, provenance)


def describe_fact_sheet(
    title: str,
    facts: pd.DataFrame,
    population: tuple[float, int] | None,
    city_name: str,
    catalog: Mapping[str, Indicator],
    lang: str = "sv",
    *,
    synthetic: bool = False,
    provenance: Provenance | None = None,
) -> str:
    """A district's key figures against the city and Sweden, with its population.

    ``facts`` has indicator, year, value, city_value, country_value (one row per indicator).
    """
    parts = [f"{t('alt_factsheet', lang)}: {title}."]
    if population is not None:
        parts.append(
            t(
                "alt_population",
                lang,
                population=format_number(population[0], 0, lang),
                year=population[1],
            )
        )
    for rec in facts.to_dict("records"):
        ind = catalog[rec["indicator"]]
        unit = ind.unit(lang)

        def fmt(v: float | None, unit: str = unit, decimals: int = ind.decimals) -> str:
            if v is None or pd.isna(v):
                return t("alt_missing", lang)
            return format_value(v, decimals, unit, lang)

        parts.append(
            t(
                "alt_fact",
                lang,
                indicator=ind.name(lang),
                year=rec["year"],
                value=fmt(rec["value"]),
                city=city_name,
                city_value=fmt(rec["city_value"], ""),
                country_value=fmt(rec["country_value"], ""),
            )
        )
    return _finish(parts, synthetic, lang, provenance)
