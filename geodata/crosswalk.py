"""Crosswalks between a city's area types: which larger area each smallest unit belongs to."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators.core.problems import Problem, ProblemsError

_CODE_SUFFIX = "_code"


def load_crosswalk(path: Path) -> pd.DataFrame:
    """Read ``crosswalks/<city>_areas.csv``: every column as text, empty cells missing.

    The first column, ``<smallest_area_type>_code``, must be filled and unique: one row per
    smallest unit. Raises ``ProblemsError`` listing every problem otherwise.
    """
    path = Path(path)
    label = path.name
    table = _read_text(path, label)
    first = _first_code_column(table, label)
    problems = _unit_code_problems(table[first], first, label)
    if problems:
        raise ProblemsError(problems)
    return table


def _read_text(path: Path, label: str) -> pd.DataFrame:
    """The file as text cells, or ``ProblemsError`` when it is missing or not UTF-8 CSV."""
    if not path.is_file():
        raise ProblemsError.at(label, "crosswalk_missing", value=str(path), path=path)
    try:
        # Codes must stay text ("01", "0180"); only an empty cell means "missing", so a
        # literal "NA" or "null" in a name is kept as written.
        return pd.read_csv(
            path, dtype="str", keep_default_na=False, na_values=[""], encoding="utf-8-sig"
        )
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProblemsError.at(label, "crosswalk_not_csv", error=exc) from exc


def _first_code_column(table: pd.DataFrame, label: str) -> str:
    """The first column's name, or ``ProblemsError`` unless it is an ``<area_type>_code``."""
    first = str(table.columns[0]) if len(table.columns) else ""
    if not first.endswith(_CODE_SUFFIX):
        raise ProblemsError.at(label, "crosswalk_first_column", column=first or None, first=first)
    return first


def _unit_code_problems(codes: pd.Series, column: str, label: str) -> list[Problem]:
    """Every empty or repeated code of the smallest units, at its file line."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, code in enumerate(codes):
        line = i + 2  # the header is line 1
        if pd.isna(code) or not str(code).strip():
            problems.append(
                Problem.at(label, "crosswalk_code_empty", row=line, column=column, value="")
            )
        elif code in seen:
            problems.append(
                Problem.at(
                    label,
                    "crosswalk_code_repeated",
                    row=line,
                    column=column,
                    value=code,
                    first=seen[code],
                )
            )
        else:
            seen[code] = line
    return problems


def area_types(crosswalk: pd.DataFrame) -> list[str]:
    """The area types a crosswalk links, smallest first, from its ``<area_type>_code`` columns.

    >>> area_types(pd.DataFrame(columns=["delomrade_code", "delomrade_name",
    ...                                  "stadsdel_10_code", "stadsdel_10_confidence"]))
    ['delomrade', 'stadsdel_10']
    """
    return [
        str(c).removesuffix(_CODE_SUFFIX)
        for c in crosswalk.columns
        if str(c).endswith(_CODE_SUFFIX)
    ]


def parent_map(crosswalk: pd.DataFrame, child_type: str, parent_type: str) -> dict[str, str]:
    """Child area code → the code of the parent area it lies in.

    ``child_type`` is the crosswalk's smallest type or any type that nests in
    ``parent_type``; a child without a parent at that level is left out. Raises
    ``ValueError`` naming the codes when a child lies in two parents.

    >>> cw = pd.DataFrame({"a_code": ["1", "2", "3"], "b_code": ["x", "x", "y"]})
    >>> parent_map(cw, "a", "b")
    {'1': 'x', '2': 'x', '3': 'y'}
    """
    child_col, parent_col = (
        _code_column(crosswalk, child_type),
        _code_column(crosswalk, parent_type),
    )
    pairs = crosswalk[[child_col, parent_col]].dropna().drop_duplicates()
    split = pairs[pairs[child_col].duplicated(keep=False)]
    if not split.empty:
        groups = list(split.groupby(child_col, sort=True))
        shown = "; ".join(f"{child} → {', '.join(g[parent_col])}" for child, g in groups[:5])
        more = f"; … {len(groups)} areas in all" if len(groups) > 5 else ""
        raise ValueError(
            f"'{child_type}' does not nest in '{parent_type}': some areas lie in more than "
            f"one parent ({shown}{more})."
        )
    return dict(zip(pairs[child_col], pairs[parent_col], strict=True))


def members(
    crosswalk: pd.DataFrame, parent_type: str, parent_code: str, child_type: str
) -> list[str]:
    """Codes of the ``child_type`` areas inside one parent area, in crosswalk order.

    Raises ``ValueError`` when no area of ``parent_type`` has ``parent_code``.

    >>> cw = pd.DataFrame({"a_code": ["1", "2", "3"], "b_code": ["x", "x", "y"]})
    >>> members(cw, "b", "x", "a")
    ['1', '2']
    """
    found = [
        child
        for child, parent in parent_map(crosswalk, child_type, parent_type).items()
        if parent == parent_code
    ]
    if not found:
        raise ValueError(f"No '{parent_type}' area has the code {parent_code!r}.")
    return found


def _code_column(crosswalk: pd.DataFrame, area_type: str) -> str:
    column = f"{area_type}{_CODE_SUFFIX}"
    if column not in crosswalk.columns:
        raise ValueError(
            f"The crosswalk has no area type {area_type!r}; it links {area_types(crosswalk)}."
        )
    return column
