"""City, area type and area of every uploaded row: from columns, defaults, or the areas themselves."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.core.places import MUNICIPALITIES, area_type_text
from indicators.core.problems import Problem
from indicators.core.text import Text
from indicators.ingest.columns import ColumnGuess
from indicators.ingest.normalise import TidyText, area_type, municipality
from indicators.table.areas import AreaIndex

#: Area types that hold a whole city or the country, never a file's districts.
_WHOLE_AREAS = ("municipality", "country")


def whole_city(areas: AreaIndex, city: str, text: str) -> tuple[str, str] | None:
    """'Göteborg', 'Malmö stad', 'Riket' among a city's districts: (city, area type) of the
    row that holds the whole city or country."""
    code = municipality(text)
    if code == city or areas.resolve(city, "municipality", text):
        return city, "municipality"
    if code == "00" or areas.resolve("00", "country", text):
        return "00", "country"
    return None


def divisions(
    up: TidyText,
    guess: ColumnGuess,
    areas: AreaIndex,
    city_default: str | None,
    type_default: str | None,
) -> None:
    """City and area type of every row, from columns, the defaults, or — when neither says —
    the one division that knows the most of the file's areas exactly."""
    roles = guess.roles
    known_types = {t for _, t in areas.divisions()}
    has_city = up.from_column_or_default(
        "municipality_code", roles.get("municipality_code"), city_default, municipality
    )
    has_type = up.from_column_or_default(
        "area_type", roles.get("area_type"), type_default, lambda t: area_type(t, known_types)
    )
    if has_city and has_type:
        return
    cities, types = up.columns["municipality_code"], up.columns["area_type"]
    texts = up.columns["_area_text"]
    groups = pd.DataFrame({"c": cities, "t": types, "a": texts, "y": up.columns["year"]})
    for (city, kind), part in groups.groupby(["c", "t"], sort=False):
        fits = _best_divisions(areas, part, city if has_city else None, kind if has_type else None)
        if len(fits) == 1:
            sel = part.index
            cities.loc[sel], types.loc[sel] = fits[0]
        else:
            _ask_for_division(up, fits, has_city)


def _ask_for_division(up: TidyText, fits: list[tuple[str, str]], has_city: bool) -> None:
    """No single division fits: the user must say which (or none knows the areas)."""
    # By name, with the ids a file or the form may also give.
    options = Text(
        ", ".join(f"{MUNICIPALITIES.get(c, c)} {area_type_text(t).sv} ({c} {t})" for c, t in fits),
        ", ".join(f"{MUNICIPALITIES.get(c, c)} {area_type_text(t).en} ({c} {t})" for c, t in fits),
    )
    role = "area_type" if has_city else "municipality_code"
    up.missing(role, "division_ambiguous" if fits else "division_unknown", options=options)


def _known_areas(
    areas: AreaIndex, texts: np.ndarray, city: str | None, kind: str | None
) -> dict[tuple[str, str], int]:
    """Per division (of ``city`` and ``kind`` when given): how many of the texts it knows
    exactly, where that is at least half of them."""
    scores = {}
    for c, t in areas.divisions():
        if (city and c != city) or (kind and t != kind) or t in _WHOLE_AREAS:
            continue
        words = [w for w in texts if w and not whole_city(areas, c, w)]
        known = sum(1 for w in words if areas.resolve(c, t, w))
        if known and 2 * known >= len(words):
            scores[(c, t)] = known
    return scores


def _best_divisions(
    areas: AreaIndex, part: pd.DataFrame, city: str | None, kind: str | None
) -> list[tuple[str, str]]:
    """The divisions that know the most of these rows' areas exactly (at least half; a tie
    goes to the one in force in every year). Areas the chosen one does not know are still
    reported one by one, with suggestions."""
    scores = _known_areas(areas, part["a"].unique(), city, kind)
    best = max(scores.values(), default=0)
    fits = [d for d, score in scores.items() if score == best]
    if len(fits) > 1:
        years = {int(y) for y in pd.to_numeric(part["y"], errors="coerce").dropna().unique()}
        in_force = [d for d in fits if years and all(areas.valid_in(*d, y) for y in years)]
        fits = in_force if len(in_force) == 1 else fits
    return fits


def area_columns(up: TidyText, guess: ColumnGuess) -> tuple[str | None, str | None]:
    """The column whose text decides the area, and a name column checked against it."""
    roles = guess.roles
    code_col = roles.get("area_code") or roles.get("area") or roles.get("area_name")
    name_col = roles.get("area_name") or (roles.get("area") if "area_code" in roles else None)
    name_col = None if name_col == code_col else name_col
    code = up.take(code_col) if code_col else up.empty()
    name = up.take(name_col) if name_col else up.empty()
    up.columns["_area_code_text"], up.columns["_area_name_text"] = code, name
    up.columns["_area_text"] = code.where(code != "", name)
    return code_col, name_col


def _resolve_one(
    areas: AreaIndex, city: str, kind: str, code: str, name: str
) -> tuple[str, str, str, str, bool]:
    """Area code, area name, city, area type, and whether the name is another area's.

    The file's text is kept where it does not resolve, for the schema to report with
    suggestions; a whole city among districts moves to its own division.
    """
    text = code or name
    found = areas.resolve(city, kind, text) if text else None
    where = (city, kind)
    if found is None and text and areas.division(city, kind) is not None:
        whole = whole_city(areas, city, text)
        if whole:
            where, found = whole, whole[0]
    other = areas.resolve(*where, name) if code and name and found else None
    names = areas.names(*where) if found else {}
    return (
        found if found is not None else text,
        names.get(found, name or code),
        *where,
        other is not None and other != found,
    )


def _with_fixes(distinct: pd.DataFrame, fixes: Mapping[str, str]) -> pd.DataFrame:
    """The texts to resolve: a text the user fixed on the page ('Använd Västra Hamnen')
    becomes the area it was fixed to, with no name left to check against it."""
    if not fixes:
        return distinct
    asked = distinct.copy()
    text = asked["code"].where(asked["code"] != "", asked["name"])
    fixed = text.isin(list(fixes))
    asked.loc[fixed, "code"] = text[fixed].map(fixes)
    asked.loc[fixed, "name"] = ""
    return asked


def resolve_areas(
    up: TidyText,
    areas: AreaIndex,
    code_col: str | None,
    name_col: str | None,
    fixes: Mapping[str, str] | None = None,
) -> None:
    """Area code and name of every row, resolved exactly once per distinct text; ``fixes``
    maps a file's text to the area the user chose for it."""
    code_text, name_text = up.columns["_area_code_text"], up.columns["_area_name_text"]
    keys = pd.DataFrame(
        {
            "c": up.columns["municipality_code"],
            "t": up.columns["area_type"],
            "code": code_text,
            "name": name_text,
        }
    )
    distinct = keys.drop_duplicates(ignore_index=True)
    asked = _with_fixes(distinct, fixes or {})
    out = [_resolve_one(areas, *row) for row in asked.itertuples(index=False)]
    names = ["area_code", "area_name", "c_out", "t_out", "clash"]
    distinct[names] = pd.DataFrame(out, columns=names)
    resolved = keys.merge(distinct, how="left", on=["c", "t", "code", "name"], sort=False)
    if code_col and name_col:
        where_col: str | pd.Series = pd.Series(np.where(code_text != "", code_col, name_col))
    else:
        where_col = code_col or "area_code"
    up.set("area_code", resolved["area_code"], where_col, up.columns["_area_text"])
    up.set("area_name", resolved["area_name"], name_col or code_col)
    up.columns["municipality_code"] = resolved["c_out"].astype(str)
    up.columns["area_type"] = resolved["t_out"].astype(str)
    _report_clashes(up, resolved, name_col)


def _report_clashes(up: TidyText, resolved: pd.DataFrame, name_col: str | None) -> None:
    """A row whose name belongs to another area than its code: a problem at the name."""
    code_text, name_text = up.columns["_area_code_text"], up.columns["_area_name_text"]
    for i in np.flatnonzero(resolved["clash"].to_numpy(dtype=bool)):
        up.problems.append(
            Problem.at(
                up.file,
                "name_not_code",
                row=int(up.lines[i]),
                column=name_col,
                value=name_text[i],
                code=code_text[i],
                name=resolved["area_name"][i],
            )
        )
