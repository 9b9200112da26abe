"""Tables of the upload and history pages as the reader sees them: problems, changes, versions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from dashboard.report.exports import neutralise
from dashboard.report.i18n import area_type_name, sex_name, t
from indicators.core.formatting import format_number, format_period
from indicators.core.places import MUNICIPALITIES
from indicators.core.problems import Problem
from indicators.ingest import versions
from indicators.ingest.columns import ColumnGuess
from indicators.table.catalog import Indicator

#: Problems listed on the page; the download holds them all.
SHOWN_PROBLEMS = 20
#: Changed cells listed on the page; the download holds them all.
SHOWN_CHANGES = 1000
#: What identifies one map of an upload.
MAP_KEY: tuple[str, ...] = ("municipality_code", "area_type", "indicator", "year", "period", "sex")


def template_year(inventory: pd.DataFrame, city: str, indicator: str, latest: int) -> int:
    """The year a template is most likely for: the one after the newest year the store holds
    of the city's indicator (never past ``latest``); last year when it holds none."""
    held = inventory.loc[
        (inventory["municipality_code"] == city) & (inventory["indicator"] == indicator), "year"
    ]
    return min(int(held.max()) + 1, latest) if len(held) else latest - 2


def problems_table(problems: Sequence[Problem], lang: str) -> pd.DataFrame:
    """Row, column, value and sentence of each problem (the file is the page's subject)."""
    return pd.DataFrame(
        {
            t("col_row", lang): ["" if p.row is None else str(p.row) for p in problems],
            t("col_column", lang): [p.column or "" for p in problems],
            t("col_value", lang): ["" if p.value is None else p.value for p in problems],
            t("col_problem", lang): [p.message(lang) for p in problems],
        }
    )


def problems_csv(problems: Sequence[Problem], lang: str) -> bytes:
    """Every problem as CSV for Swedish Excel: semicolons, UTF-8 with BOM.

    Values and file names come from the uploader's file, so a cell that Excel would run as a
    formula ('=HYPERLINK(…)', '@SUM(…)') is written with a leading apostrophe, as the exports do.
    """
    frame = pd.DataFrame(
        {
            t("file", lang): [p.file for p in problems],
            **problems_table(problems, lang),
            t("col_reason", lang): [str(p.reason) for p in problems],
        }
    )
    frame = frame.map(neutralise)
    return frame.to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8-sig")


def column_roles(guess: ColumnGuess, lang: str) -> pd.DataFrame:
    """How the file's columns are read: each column and the role it plays."""
    cols, roles = [], []
    for role, col in guess.roles.items():
        cols.append(col)
        roles.append(t(f"role_{role}", lang))
    for wide in guess.wide:
        parts = [wide.period or (str(wide.year) if wide.year else "")]
        if wide.sex:
            parts.append(sex_name(wide.sex, lang).lower())
        cols.append(wide.column)
        roles.append(t("role_wide", lang, what=", ".join(p for p in parts if p)))
    return pd.DataFrame({t("col_file_column", lang): cols, t("col_read_as", lang): roles})


def _cell(value: object, flag: object, decimals: int, lang: str) -> str:
    if flag == "suppressed":
        return t("suppressed", lang)
    text = format_number(None if pd.isna(value) else float(value), decimals, lang)
    return f"{text} ({t('flag_provisional', lang)})" if flag == "provisional" else text


def changed_table(changed: pd.DataFrame, catalog: dict[str, Indicator], lang: str) -> pd.DataFrame:
    """The changed cells with their old and new values, formatted."""
    recs = changed.to_dict("records")

    def decimals(r: dict) -> int:
        ind = catalog.get(r["indicator"])
        return ind.decimals if ind else 2

    return pd.DataFrame(
        {
            t("city", lang): [MUNICIPALITIES.get(r["municipality_code"], "") for r in recs],
            t("col_area", lang): [r["area_name"] for r in recs],
            t("col_code", lang): [r["area_code"] for r in recs],
            t("indicator", lang): [
                catalog[r["indicator"]].name(lang) if r["indicator"] in catalog else r["indicator"]
                for r in recs
            ],
            t("sex", lang): [sex_name(r["sex"], lang) for r in recs],
            t("year", lang): [format_period(int(r["year"]), r["period"], lang) for r in recs],
            t("col_old_value", lang): [
                _cell(r["old_value"], r["old_flag"], decimals(r), lang) for r in recs
            ],
            t("col_new_value", lang): [
                _cell(r["new_value"], r["new_flag"], decimals(r), lang) for r in recs
            ],
        }
    )


def changed_csv(changed: pd.DataFrame) -> bytes:
    """Every changed cell, unformatted, for Swedish Excel."""
    return changed.to_csv(sep=";", index=False, decimal=",", lineterminator="\r\n").encode(
        "utf-8-sig"
    )


def map_choices(rows: pd.DataFrame) -> list[tuple]:
    """The maps an upload can be shown as: one per city, area type, indicator, year and sex."""
    keys = rows[list(MAP_KEY)].drop_duplicates().sort_values(list(MAP_KEY))
    return [tuple(k) for k in keys.itertuples(index=False)]


def newest_map(rows: pd.DataFrame) -> dict[str, str]:
    """The map page's selection for the newest year of saved rows ('Visa på kartan'): of
    that year's maps the first by city, area type, indicator and sex."""
    choices = map_choices(rows)
    if not choices:
        return {}
    newest = max(int(c[3]) for c in choices)
    city, area_type, indicator, year, period, sex = next(c for c in choices if int(c[3]) == newest)
    return {
        "city": city,
        "area_type": area_type,
        "indicator": indicator,
        "year": period or str(int(year)),
        "sex": sex,
    }


def map_label(choice: tuple, catalog: dict[str, Indicator], lang: str) -> str:
    city, area_type, indicator, year, period, sex = choice
    name = catalog[indicator].name(lang) if indicator in catalog else indicator
    return (
        f"{name}, {MUNICIPALITIES.get(city, city)} {format_period(int(year), period, lang)} · "
        f"{area_type_name(area_type, lang)} · {sex_name(sex, lang)}"
    )


def map_districts(rows: pd.DataFrame, choice: tuple, names: dict[str, str] | None) -> pd.DataFrame:
    """The file's values for one map as ``choropleth`` takes them; areas of the boundary file
    that the file does not mention are missing."""
    mask = pd.Series(True, index=rows.index)
    for col, value in zip(MAP_KEY, choice, strict=True):
        mask &= rows[col] == value
    frame = rows.loc[mask, ["area_code", "area_name", "value", "flag"]].reset_index(drop=True)
    if names:
        known = set(frame["area_code"])
        extra = [(code, name) for code, name in names.items() if code not in known]
        if extra:
            frame = pd.concat(
                [frame, pd.DataFrame(extra, columns=["area_code", "area_name"])],
                ignore_index=True,
            )
    frame["flag"] = frame["flag"].fillna("")
    status = pd.Series("value", index=frame.index, dtype="str")
    status[frame["value"].isna()] = "missing"
    status[frame["flag"] == "suppressed"] = "suppressed"
    return frame.assign(status=status)


def withdraw_effect(told: versions.WithdrawPreview, lang: str) -> str:
    """What a withdrawal would change, in one sentence, before the editor confirms it."""
    return t(
        "withdraw_effect",
        lang,
        version=told.version,
        cells=told.n_cells,
        reverted=told.n_reverted,
        emptied=told.n_emptied,
        kept=told.n_kept,
    )


#: The officials' clock: the store keeps UTC, the history page shows Swedish local time.
LOCAL_TIME = ZoneInfo("Europe/Stockholm")


def local_time(stamp: object) -> str:
    """A stored UTC time ('2026-11-28T21:50:00Z') as Stockholm's clock shows it: '2026-11-28 22:50'."""
    if stamp is None or (isinstance(stamp, float) and pd.isna(stamp)) or stamp == "":
        return ""
    moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    if moment.tzinfo is None:  # older stores wrote naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M")


def _contents(
    contents: pd.DataFrame | None, catalog: dict[str, Indicator], lang: str
) -> dict[int, tuple[str, str]]:
    """Each version's cities and indicators, by name, comma-separated."""
    if contents is None or contents.empty:
        return {}
    out = {}
    for version, part in contents.groupby("dataset_id"):
        cities = [MUNICIPALITIES.get(c, c) for c in dict.fromkeys(part["municipality_code"])]
        inds = [
            catalog[i].name(lang) if i in catalog else i for i in dict.fromkeys(part["indicator"])
        ]
        out[int(version)] = (", ".join(cities), ", ".join(inds))
    return out


def _withdrawn(r: dict, lang: str) -> str:
    if r["withdrawn_at"] is None or pd.isna(r["withdrawn_at"]):
        return ""
    return t("withdrawn_by", lang, time=local_time(r["withdrawn_at"]), name=r["withdrawn_by"] or "")


def _history_row(r: dict, held: tuple[str, str], lang: str) -> dict[str, object]:
    return {
        t("col_version", lang): r["version"],
        t("col_origin", lang): t(
            "origin_upload" if r["origin"] == "upload" else "origin_package", lang
        ),
        t("file", lang): r["file_name"],
        t("city", lang): held[0],
        t("indicator", lang): held[1],
        t("col_editor", lang): r["editor"],
        t("imported", lang): local_time(r["imported_at"]),
        t("rows", lang): r["n_rows"],
        t("col_new", lang): r["n_new"],
        t("col_changed", lang): r["n_changed"],
        t("col_unchanged", lang): r["n_unchanged"],
        t("col_withdrawn", lang): _withdrawn(r, lang),
        "SHA-256": str(r["sha256"])[:12],
    }


def history_table(
    history: pd.DataFrame,
    lang: str,
    contents: pd.DataFrame | None = None,
    catalog: dict[str, Indicator] | None = None,
) -> pd.DataFrame:
    """Every version, newest first, with who imported or withdrew it, when (Stockholm time),
    which cities and indicators it holds and what it changed."""
    held = _contents(contents, catalog or {}, lang)
    rows = [
        _history_row(r, held.get(int(r["version"]), ("", "")), lang)
        for r in history.to_dict("records")
    ]
    columns = list(_history_row(dict.fromkeys(history.columns, ""), ("", ""), lang))
    return pd.DataFrame(rows, columns=columns)
