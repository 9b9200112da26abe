"""Which file column plays which role: headers in Swedish or English, wide tables, the user's mapping."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from indicators.core.problems import Problem, ProblemsError
from indicators.ingest.cells import UNNAMED
from indicators.table.areas import fold_accents

ROLES: tuple[str, ...] = (
    "area",
    "area_code",
    "area_name",
    "year",
    "value",
    "sex",
    "indicator",
    "municipality_code",
    "area_type",
    "ci_low",
    "ci_high",
    "flag",
    "source",
)
AREA_ROLES: tuple[str, ...] = ("area_code", "area", "area_name")


def one_of(words: str) -> frozenset[str]:
    """A set of words written 'a | b | c'."""
    return frozenset(w.strip() for w in words.split("|"))


# Headers that name a role, compared after ``header_key`` (no case, accents or punctuation).
# A header that is exactly the role's own name ("area_code") outranks these. "område" may
# hold a code, a name or both; "områdeskod" and "områdesnamn" say which.
SYNONYMS: dict[str, frozenset[str]] = {
    "area": one_of(
        "omrade | stadsdel | stadsdelar | stadsdelsomrade | primaromrade | mellanomrade | "
        "delomrade | stadsomrade | stadsdelsnamnd | regso | deso | geso | region | area | "
        "district | neighbourhood | neighborhood"
    ),
    "area_code": one_of(
        "omrade kod | omradeskod | omrades kod | kod omrade | kod | code | area id | "
        "district code | stadsdelskod | regso kod | deso kod"
    ),
    "area_name": one_of(
        "omrade namn | omradesnamn | omrades namn | namn omrade | namn | name | district name | "
        "stadsdelsnamn"
    ),
    "year": one_of("ar | year | artal | tid | time | period | referensar"),
    "value": one_of("varde | value | varden | values | obs value"),
    "sex": one_of("kon | sex | gender"),
    "indicator": one_of("indikator | indicator | matt | nyckeltal | variabel | variable | measure"),
    "municipality_code": one_of(
        "kommunkod | kommun kod | kommun | kommunnamn | municipality | municipality code | city"
    ),
    "area_type": one_of(
        "omradestyp | omrades typ | area type | indelning | omradesindelning | division"
    ),
    "ci_low": one_of(
        "ki nedre | ki lag | nedre | nedre grans | nedre konfidensgrans | ci lower | lower | "
        "lower ci | lower limit | ci low"
    ),
    "ci_high": one_of(
        "ki ovre | ki hog | ovre | ovre grans | ovre konfidensgrans | ci upper | upper | "
        "upper ci | upper limit | ci high"
    ),
    "flag": one_of("flagga | flag | status | markering"),
    "source": one_of("kalla | kallor | source | sources"),
}

# Words for sex in cells and in wide headers ("2024 kvinnor", "Män 2024"), after ``header_key``.
SEX_WORDS: dict[str, str] = {
    **dict.fromkeys(
        one_of("kvinnor | kvinna | k | women | woman | female | females | f | flickor | girls"),
        "women",
    ),
    **dict.fromkeys(one_of("man | men | male | males | m | pojkar | boys"), "men"),
    **dict.fromkeys(
        one_of("totalt | total | tot | t | samtliga | alla | bada konen | both sexes | both | all"),
        "total",
    ),
}
_SEX_ALT = "|".join(sorted((re.escape(w) for w in SEX_WORDS), key=len, reverse=True))
_WIDE = re.compile(
    rf"^(?:(?P<s1>{_SEX_ALT}) )?(?:ar |year )?(?P<y1>\d{{4}})(?:\.0+)?"
    rf"(?: ?- ?(?P<y2>\d{{4}}))?(?: (?P<s2>{_SEX_ALT}))?$"
)


@dataclass(frozen=True)
class WideColumn:
    """A value column of a wide table and what its header says (year or period, sex)."""

    column: str
    year: int | None
    sex: str | None
    period: str = ""  # '2006-2010' for a header '2006–2010'


@dataclass(frozen=True)
class ColumnGuess:
    """Which file column plays which role, as far as the headers tell.

    ``roles``: role → column. ``wide``: the value columns of a wide table. ``candidates``:
    roles that several columns could play (the user must choose). ``missing``: required roles
    no column plays (an area; a value or year columns). ``unused``: columns that are not read.
    """

    roles: Mapping[str, str]
    wide: tuple[WideColumn, ...] = ()
    candidates: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    unused: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        """True when the page should ask the user to map columns before reading."""
        return bool(self.candidates or self.missing)


def header_key(header: object) -> str:
    """A header or cell compared without case, accents or punctuation.

    >>> header_key("Område_Kod"), header_key("2024 (Kvinnor)"), header_key("2006–2010")
    ('omrade kod', '2024 kvinnor', '2006-2010')
    """
    key = fold_accents(str(header))
    key = re.sub(r"[()\[\]{},;:!?\"'*/\\]|(?<=\D)\.|\.(?=\D)", " ", key)
    key = re.sub(r"(?<=\D)-|-(?=\D)", " ", key)  # 'område-kod', but not '2006-2010'
    return re.sub(r"[\s_]+", " ", key).strip()


def wide_column(column: str) -> WideColumn | None:
    """What a wide table's header says ('2024', 'Män 2024', '2006–2010', 'Kvinnor'), if anything."""
    key = header_key(column)
    m = _WIDE.match(key)
    if m:
        word = m.group("s1") or m.group("s2")
        sex = SEX_WORDS[word] if word else None
        start, end = m.group("y1"), m.group("y2")
        if end is None:
            return WideColumn(column, int(start), sex)
        return WideColumn(column, int(end), sex, f"{start}-{end}")
    if key in SEX_WORDS and len(key) > 1:  # 'Kvinnor' alone; a lone 'k' is too thin to trust
        return WideColumn(column, None, SEX_WORDS[key])
    return None


def _missing_roles(
    roles: Mapping[str, str], wide: tuple[WideColumn, ...], candidates: Mapping[str, object]
) -> tuple[str, ...]:
    """Required roles that no column plays and no column could play."""
    missing = []
    if not any(r in roles or r in candidates for r in AREA_ROLES):
        missing.append("area")
    if not ("value" in roles or "value" in candidates or wide):
        missing.append("value")
    return tuple(missing)


def _role_of(header: str) -> tuple[str | None, int]:
    """The role a header names, and how surely: 2 its own name, 1 a synonym, 0 none."""
    key = header_key(header)
    exact = next((r for r in ROLES if key == r.replace("_", " ")), None)
    if exact is not None:
        return exact, 2
    return next((r for r in ROLES if key in SYNONYMS[r]), None), 1


@dataclass
class _Headers:
    """The headers sorted by what they say, before roles are settled."""

    found: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    wide: list[WideColumn] = field(default_factory=list)
    sex_only: list[WideColumn] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)

    @classmethod
    def sort(cls, columns: list[str]) -> _Headers:
        headers = cls()
        for col in columns:
            role, score = _role_of(col)
            if role is not None:
                headers.found.setdefault(role, []).append((score, col))
            elif (w := wide_column(col)) is None:
                headers.unused.append(col)
            else:
                (headers.wide if w.year is not None else headers.sex_only).append(w)
        return headers

    def settle(self) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        """Each role's surest column; several equally sure ones are candidates."""
        roles: dict[str, str] = {}
        candidates: dict[str, tuple[str, ...]] = {}
        for role, scored in self.found.items():
            best = max(score for score, _ in scored)
            top = [col for score, col in scored if score == best]
            self.unused += [col for score, col in scored if score < best]
            if len(top) == 1:
                roles[role] = top[0]
            else:
                candidates[role] = tuple(top)
        return roles, candidates


def _unnamed_area(
    first: str, unused: list[str], roles: Mapping[str, str], candidates: Mapping[str, object]
) -> bool:
    """A header-less first column beside the values is the area (Excel pivots, PxWeb
    exports), unless another column already names one."""
    has_area = any(r in roles or r in candidates for r in AREA_ROLES)
    return first in unused and bool(UNNAMED.match(first)) and not has_area


def detect_columns(raw: pd.DataFrame) -> ColumnGuess:
    """Guess each column's role from its header, in Swedish or English; see ``ColumnGuess``."""
    columns = [str(c) for c in raw.columns]
    headers = _Headers.sort(columns)
    roles, candidates = headers.settle()
    unused, wide = headers.unused, headers.wide
    if columns and _unnamed_area(columns[0], unused, roles, candidates):
        roles["area"] = columns[0]
        unused.remove(columns[0])
    if not wide and "value" not in roles:
        wide = headers.sex_only  # 'Kvinnor', 'Män' as value columns; the year comes from elsewhere
    else:
        unused += [w.column for w in headers.sex_only]
    if "value" in roles and wide:
        candidates["value"] = (roles.pop("value"), *(w.column for w in wide))
    unused_set = set(unused)  # membership in a set: linear in the number of columns
    return ColumnGuess(
        roles,
        tuple(wide),
        candidates,
        _missing_roles(roles, tuple(wide), candidates),
        tuple(c for c in columns if c in unused_set),
    )


def _mapping_problems(mapping: Mapping[str, str], columns: list[str], file: str) -> list[Problem]:
    """Roles that do not exist and columns that are not in the file."""
    problems = []
    for role, col in mapping.items():
        if role not in ROLES:
            problems.append(Problem.at(file, "unknown_role", value=role, roles=", ".join(ROLES)))
        elif col and col not in columns:
            problems.append(Problem.at(file, "chosen_column_missing", column=col, role=role))
    return problems


def _leftover_candidates(
    roles: dict[str, str], candidates: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """A column the user gave a role is no longer a candidate for another; a role left with
    one candidate gets it (``roles`` is updated). Returns the roles still undecided."""
    taken = set(roles.values())
    left_over: dict[str, tuple[str, ...]] = {}
    for role, cols in candidates.items():
        left = [c for c in cols if c not in taken]
        if len(left) == 1 and role not in roles:
            roles[role] = left[0]
            taken.add(left[0])
        elif len(left) > 1:
            left_over[role] = tuple(left)
    return left_over


def _free_wide_columns(columns: list[str], taken: set[str]) -> tuple[WideColumn, ...]:
    """The value columns of a wide table among the columns no role took: year columns, or
    else sex columns."""
    found = [w for c in columns if c not in taken and (w := wide_column(c))]
    with_year = tuple(w for w in found if w.year is not None)
    return with_year or tuple(found)


def apply_mapping(
    guess: ColumnGuess, mapping: Mapping[str, str], columns: list[str], file: str
) -> ColumnGuess:
    """The guess with the user's choices: role → column, or role → '' for "no such column"
    (``{"value": ""}`` turns a file's year columns into the values)."""
    problems = _mapping_problems(mapping, columns, file)
    if problems:
        raise ProblemsError(problems)
    roles, candidates = dict(guess.roles), dict(guess.candidates)
    for role, col in mapping.items():
        candidates.pop(role, None)
        roles = {r: c for r, c in roles.items() if r != role and c != col}
        if col:
            roles[role] = col
    candidates = _leftover_candidates(roles, candidates)
    taken = set(roles.values())
    wide = () if "value" in roles else _free_wide_columns(columns, taken)
    used = taken | {w.column for w in wide}
    return ColumnGuess(
        roles,
        wide,
        candidates,
        _missing_roles(roles, wide, candidates),
        tuple(c for c in columns if c not in used),
    )


def structure_problems(guess: ColumnGuess, columns: list[str], file: str) -> list[Problem]:
    """Problems with the table's shape: repeated headers, ambiguous or missing roles."""
    problems = []
    names = set(columns)
    for col in columns:
        # pandas renames a repeated header '2024' to '2024.1'; both would be read as 2024.
        m = re.fullmatch(r"(.+)\.(\d+)", col)
        if m and m.group(1) in names:
            problems.append(Problem.at(file, "header_repeated", column=m.group(1)))
    for role, cols in guess.candidates.items():
        listed = ", ".join(f"'{c}'" for c in cols)
        problems.append(Problem.at(file, "role_ambiguous", column=role, listed=listed))
    # guess.missing holds only the roles a file cannot do without: area and value.
    problems += [Problem.at(file, f"no_{role}_column", column=role) for role in guess.missing]
    return problems
