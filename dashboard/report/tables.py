"""Overview and data tables as the reader sees them: translated headers, names and numbers."""

from __future__ import annotations

import pandas as pd

from dashboard.report.i18n import area_type_name, t
from indicators.core.formatting import format_number, format_value
from indicators.table.catalog import Indicator
from indicators.table.package import Package
from indicators.views.summary import area_types_overview, indicators_overview


def area_types(inventory: pd.DataFrame, package: Package, lang: str) -> pd.DataFrame:
    frame = area_types_overview(inventory, package)

    def validity(rec: dict) -> str:
        if rec["valid_from"] is None and rec["valid_to"] is None:
            return t("valid_always", lang)
        start = rec["valid_from"].isoformat() if rec["valid_from"] else "…"
        end = rec["valid_to"].isoformat() if rec["valid_to"] else "…"
        return t("valid_from_to", lang, start=start, end=end)

    recs = frame.to_dict("records")
    return pd.DataFrame(
        {
            t("city", lang): [r["city"] for r in recs],
            t("area_type", lang): [area_type_name(r["area_type"], lang) for r in recs],
            t("areas", lang): [r["n_areas"] if r["n_areas"] else "" for r in recs],
            t("valid_period", lang): [validity(r) for r in recs],
            t("map", lang): [
                (
                    t("yes", lang)
                    + (f" ({r['status']})" if r["status"] not in ("", "official") else "")
                )
                if r["has_map"]
                else t("no_map", lang)
                for r in recs
            ],
            t("years", lang): [
                r["years"] + (f"; {r['periods']}" if r["periods"] else "") for r in recs
            ],
            t("indicators", lang): [r["n_indicators"] for r in recs],
        }
    )


def indicators(inventory: pd.DataFrame, catalog: dict[str, Indicator], lang: str) -> pd.DataFrame:
    frame = indicators_overview(inventory, catalog)
    recs = frame.to_dict("records")

    def kind(r: dict) -> str:
        kinds = []
        if r["real"]:
            kinds.append(t("kind_real", lang))
        if r["synthetic"]:
            kinds.append(t("kind_synthetic", lang))
        return ", ".join(kinds)

    def polarity(ind: Indicator | None) -> str:
        if ind is None or ind.higher_is_better is None:
            return t("polarity_none", lang)
        return t("polarity_true" if ind.higher_is_better else "polarity_false", lang)

    return pd.DataFrame(
        {
            t("indicator", lang): [
                r["indicator_obj"].name(lang) if r["indicator_obj"] else r["indicator"]
                for r in recs
            ],
            t("unit", lang): [
                r["indicator_obj"].unit(lang) if r["indicator_obj"] else "" for r in recs
            ],
            t("polarity", lang): [polarity(r["indicator_obj"]) for r in recs],
            t("cities", lang): [r["cities"] for r in recs],
            t("years", lang): [r["years"] for r in recs],
            t("kind", lang): [kind(r) for r in recs],
        }
    )


def datasets(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    recs = frame.to_dict("records")
    return pd.DataFrame(
        {
            t("file", lang): [r["file_name"] for r in recs],
            t("kind", lang): [
                t("kind_synthetic" if r["synthetic"] else "kind_real", lang) for r in recs
            ],
            t("source", lang): [r["source"] for r in recs],
            t("rows", lang): [format_number(r["n_rows"], 0, lang) for r in recs],
            t("licence", lang): [r["licenses"] for r in recs],
            t("imported", lang): [r["imported_at"] for r in recs],
        }
    )


def district_table(districts: pd.DataFrame, indicator: Indicator, lang: str) -> pd.DataFrame:
    """The map's data as a table: formatted values, CI, population and notes."""
    recs = districts.to_dict("records")

    def note(r: dict) -> str:
        if r["status"] == "suppressed":
            return t("suppressed", lang)
        if r["status"] == "missing":
            return t("missing", lang)
        if r.get("flag") == "provisional":
            return t("flag_provisional", lang)
        if r.get("synthetic"):
            return t("synthetic_note", lang)
        return ""

    def ci(r: dict) -> str:
        if pd.isna(r.get("ci_low")) or pd.isna(r.get("ci_high")):
            return ""
        return (
            f"{format_number(r['ci_low'], indicator.decimals, lang)} – "
            f"{format_number(r['ci_high'], indicator.decimals, lang)}"
        )

    return pd.DataFrame(
        {
            t("col_area", lang): [r["area_name"] for r in recs],
            t("col_code", lang): [r["area_code"] for r in recs],
            f"{t('col_value', lang)} ({indicator.unit(lang)})": [
                format_value(r["value"], indicator.decimals, "", lang) for r in recs
            ],
            t("col_ci", lang): [ci(r) for r in recs],
            t("col_population", lang): [format_number(r["population"], 0, lang) for r in recs],
            t("col_note", lang): [note(r) for r in recs],
        }
    )


def comparison(
    table: pd.DataFrame, indicator: Indicator, lang: str, stratifier: Indicator | None
) -> pd.DataFrame:
    """Each city's gap measures with limits, districts and population covered."""
    from indicators.core.places import MUNICIPALITIES

    unit_decimals = indicator.decimals + 1

    def with_ci(r: dict, mid: str, decimals: int) -> str:
        value = r[mid]
        if value is None or pd.isna(value):
            return f"– ({r[f'{mid}_note_{lang}']})" if r[f"{mid}_note_{lang}"] else "–"
        text = format_number(value, decimals, lang)
        low, high = r[f"{mid}_ci_low"], r[f"{mid}_ci_high"]
        if low is not None and high is not None and not (pd.isna(low) or pd.isna(high)):
            text += (
                f" ({format_number(low, decimals, lang)} – {format_number(high, decimals, lang)})"
            )
        return text

    recs = table.to_dict("records")
    strat = stratifier.name(lang) if stratifier else ""
    return pd.DataFrame(
        {
            t("city", lang): [
                MUNICIPALITIES.get(r["municipality_code"], r["municipality_code"]) for r in recs
            ],
            t("area_type", lang): [area_type_name(r["area_type"], lang) for r in recs],
            t("col_n_areas", lang): [r["n_districts"] for r in recs],
            t("col_mean_population", lang): [
                format_number(r["mean_population"], 0, lang)
                if r.get("mean_population") is not None and not pd.isna(r["mean_population"])
                else "–"
                for r in recs
            ],
            t("col_districts", lang): [f"{r['n_with_value']} / {r['n_districts']}" for r in recs],
            t("col_population_covered", lang): [
                format_number(100 * r["population_covered"], 1, lang) + " %"
                if r["population_covered"] is not None
                else "–"
                for r in recs
            ],
            f"{t('difference', lang)} ({indicator.unit(lang)})": [
                with_ci(r, "d", unit_decimals) for r in recs
            ],
            t("ratio", lang): [with_ci(r, "r", 3) for r in recs],
            f"SII ({indicator.unit(lang)}; {strat})": [
                with_ci(r, "sii", unit_decimals) for r in recs
            ],
            f"RII ({strat})": [with_ci(r, "rii", 3) for r in recs],
        }
    )
