"""Reading indicator files (CSV or Excel) into the tidy table, refusing bad ones with every problem."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.core.places import MUNICIPALITIES
from indicators.core.problems import Problem, ProblemsError, Reason
from indicators.table.areas import AreaIndex, fold_accents
from indicators.table.catalog import Indicator
from indicators.table.schema import TIDY_COLUMNS, Origin, validate_tidy

# Refused before parsing; the same limit as Streamlit's server.maxUploadSize (in MiB).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

# Cells that mean "no value" in Swedish tables. ".." (and Excel's autocorrected "…") and "x"
# mark a value withheld (too few people, too uncertain, confidential): the row is kept with
# an empty value and flag 'suppressed'. A dash is missing without a reason; in SCB's tables
# it can also mean "nothing to report", but a zero is never guessed: missing is never zero,
# and a user who means 0 types 0.
MISSING_MARKERS: frozenset[str] = frozenset({"", "..", "…", "-", "–", "—", "x", "X"})
SUPPRESSED_MARKERS: frozenset[str] = frozenset({"..", "…", "x", "X"})

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


def _one_of(words: str) -> frozenset[str]:
    return frozenset(w.strip() for w in words.split("|"))


# Headers that name a role, compared after ``_header_key`` (no case, accents or punctuation).
# A header that is exactly the role's own name ("area_code") outranks these. "område" may
# hold a code, a name or both; "områdeskod" and "områdesnamn" say which.
SYNONYMS: dict[str, frozenset[str]] = {
    "area": _one_of(
        "omrade | stadsdel | stadsdelar | stadsdelsomrade | primaromrade | mellanomrade | "
        "delomrade | stadsomrade | stadsdelsnamnd | regso | deso | geso | region | area | "
        "district | neighbourhood | neighborhood"
    ),
    "area_code": _one_of(
        "omrade kod | omradeskod | omrades kod | kod omrade | kod | code | area id | "
        "district code | stadsdelskod | regso kod | deso kod"
    ),
    "area_name": _one_of(
        "omrade namn | omradesnamn | omrades namn | namn omrade | namn | name | district name | "
        "stadsdelsnamn"
    ),
    "year": _one_of("ar | year | artal | tid | time | period | referensar"),
    "value": _one_of("varde | value | varden | values | obs value"),
    "sex": _one_of("kon | sex | gender"),
    "indicator": _one_of(
        "indikator | indicator | matt | nyckeltal | variabel | variable | measure"
    ),
    "municipality_code": _one_of(
        "kommunkod | kommun kod | kommun | kommunnamn | municipality | municipality code | city"
    ),
    "area_type": _one_of(
        "omradestyp | omrades typ | area type | indelning | omradesindelning | division"
    ),
    "ci_low": _one_of(
        "ki nedre | ki lag | nedre | nedre grans | nedre konfidensgrans | ci lower | lower | "
        "lower ci | lower limit | ci low"
    ),
    "ci_high": _one_of(
        "ki ovre | ki hog | ovre | ovre grans | ovre konfidensgrans | ci upper | upper | "
        "upper ci | upper limit | ci high"
    ),
    "flag": _one_of("flagga | flag | status | markering"),
    "source": _one_of("kalla | kallor | source | sources"),
}

# Words for sex in cells and in wide headers ("2024 kvinnor", "Män 2024"), after ``_header_key``.
SEX_WORDS: dict[str, str] = {
    **dict.fromkeys(
        _one_of("kvinnor | kvinna | k | women | woman | female | females | f | flickor | girls"),
        "women",
    ),
    **dict.fromkeys(_one_of("man | men | male | males | m | pojkar | boys"), "men"),
    **dict.fromkeys(
        _one_of(
            "totalt | total | tot | t | samtliga | alla | bada konen | both sexes | both | all"
        ),
        "total",
    ),
}
_SEX_ALT = "|".join(sorted((re.escape(w) for w in SEX_WORDS), key=len, reverse=True))
_WIDE = re.compile(
    rf"^(?:(?P<s1>{_SEX_ALT}) )?(?:ar |year )?(?P<y1>\d{{4}})(?:\.0+)?"
    rf"(?: ?- ?(?P<y2>\d{{4}}))?(?: (?P<s2>{_SEX_ALT}))?$"
)
_YEAR = r"^(\d{4})(?:\.0+)?$"
_PERIOD = r"^(\d{4})\s*[-–—/]\s*(\d{4})$"
_FLAGS: dict[str, str] = {
    "": "",
    **dict.fromkeys(
        _one_of("suppressed | skyddad | skyddat | sekretess | sekretessmarkerad | undertryckt"),
        "suppressed",
    ),
    **dict.fromkeys(_one_of("provisional | preliminar | preliminart | prel | p"), "provisional"),
}
_MUNICIPALITY_NAMES: dict[str, str] = {
    **{fold_accents(name): code for code, name in MUNICIPALITIES.items()},
    "gothenburg": "1480",
    "sweden": "00",
    "riket": "00",
    "hela riket": "00",
}
_CITY_SUFFIX = re.compile(r"^(.+?)s? (?:stad|kommun)$")  # 'Göteborgs stad', 'Malmö stad'
_UNNAMED = re.compile(r"^Unnamed: \d+$")  # pandas' name for an empty header cell
_WHOLE_AREAS = ("municipality", "country")


def _parse_problem(file: str, row: int | None, sv: str, en: str) -> ProblemsError:
    return ProblemsError([Problem(file, row, None, None, Reason.PARSE, sv, en)])


# -- read_raw / read_tidy: the package's own strict format -------------------------------


def _read_csv(data: bytes, file: str) -> pd.DataFrame:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise _parse_problem(
            file,
            line,
            "filen är inte UTF-8-kodad; spara den som 'CSV UTF-8' och försök igen",
            "the file is not UTF-8 encoded; save it as 'CSV UTF-8' and try again",
        ) from None
    if not text.strip():
        raise _parse_problem(file, None, "filen är tom", "the file is empty")
    header = text.splitlines()[0]
    # Swedish Excel writes semicolon-separated CSV with decimal commas.
    swedish = header.count(";") > header.count(",")
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=";" if swedish else ",",
            dtype=str,
            keep_default_na=False,
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.ParserError as err:
        raise _parse_problem(
            file,
            None,
            f"filen kunde inte läsas som CSV: {err}",
            f"the file could not be read as CSV: {err}",
        ) from None
    if swedish:
        for col in ("value", "ci_low", "ci_high"):
            if col in frame.columns:
                frame[col] = (
                    frame[col].str.replace("\u00a0", "").str.replace(" ", "").str.replace(",", ".")
                )
    return frame


def _read_excel(data: bytes, file: str) -> pd.DataFrame:
    try:
        frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as err:  # openpyxl raises many types for a damaged workbook
        raise _parse_problem(
            file,
            None,
            f"filen kunde inte läsas som Excel-fil: {err}",
            f"the file could not be read as an Excel workbook: {err}",
        ) from None
    return frame


def read_raw(data: bytes, file: str) -> pd.DataFrame:
    """The file's cells as text, whatever its format (CSV, XLSX)."""
    if file.lower().endswith((".xlsx", ".xlsm")):
        frame = _read_excel(data, file)
    else:
        frame = _read_csv(data, file)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def read_tidy(data: bytes, file: str, catalog: dict[str, Indicator]) -> pd.DataFrame:
    """A validated tidy table from a file's bytes; raises ``ProblemsError`` listing every problem."""
    return validate_tidy(read_raw(data, file), file=file, catalog=catalog)


def read_tidy_path(
    path: Path, catalog: dict[str, Indicator], label: str | None = None
) -> pd.DataFrame:
    return read_tidy(path.read_bytes(), label or path.name, catalog)


# -- read_upload: the files officials really have -----------------------------------------


@dataclass(frozen=True)
class UploadDefaults:
    """Values for what the file does not say (the upload form, or the command-line flags).

    A file column wins over a default; a default also fills the column's empty cells. Rows
    without any sex are 'total'.
    """

    municipality_code: str | None = None
    area_type: str | None = None
    indicator: str | None = None
    year: int | None = None
    sex: str | None = None
    source: str | None = None


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


def _header_key(header: object) -> str:
    """A header or cell compared without case, accents or punctuation.

    >>> _header_key("Område_Kod"), _header_key("2024 (Kvinnor)"), _header_key("2006–2010")
    ('omrade kod', '2024 kvinnor', '2006-2010')
    """
    key = fold_accents(str(header))
    key = re.sub(r"[()\[\]{},;:!?\"'*/\\]|(?<=\D)\.|\.(?=\D)", " ", key)
    key = re.sub(r"(?<=\D)-|-(?=\D)", " ", key)  # 'område-kod', but not '2006-2010'
    return re.sub(r"[\s_]+", " ", key).strip()


def _wide_column(column: str) -> WideColumn | None:
    key = _header_key(column)
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


def detect_columns(raw: pd.DataFrame) -> ColumnGuess:
    """Guess each column's role from its header, in Swedish or English; see ``ColumnGuess``."""
    columns = [str(c) for c in raw.columns]
    found: dict[str, list[tuple[int, str]]] = {}
    wide: list[WideColumn] = []
    sex_only: list[WideColumn] = []
    unused: list[str] = []
    for col in columns:
        key = _header_key(col)
        exact = next((r for r in ROLES if key == r.replace("_", " ")), None)
        role = exact or next((r for r in ROLES if key in SYNONYMS[r]), None)
        if role is not None:
            found.setdefault(role, []).append((2 if exact else 1, col))
        elif (w := _wide_column(col)) is None:
            unused.append(col)
        else:
            (wide if w.year is not None else sex_only).append(w)
    roles: dict[str, str] = {}
    candidates: dict[str, tuple[str, ...]] = {}
    for role, scored in found.items():
        best = max(score for score, _ in scored)
        top = [col for score, col in scored if score == best]
        unused += [col for score, col in scored if score < best]
        if len(top) == 1:
            roles[role] = top[0]
        else:
            candidates[role] = tuple(top)
    # A header-less first column beside the values is the area (Excel pivots, PxWeb exports).
    first = columns[0] if columns else ""
    if (
        first in unused
        and _UNNAMED.match(first)
        and not any(r in roles or r in candidates for r in AREA_ROLES)
    ):
        roles["area"] = first
        unused.remove(first)
    if not wide and "value" not in roles:
        wide = sex_only  # 'Kvinnor', 'Män' as value columns; the year comes from elsewhere
    else:
        unused += [w.column for w in sex_only]
    if "value" in roles and wide:
        candidates["value"] = (roles.pop("value"), *(w.column for w in wide))
    return ColumnGuess(
        roles,
        tuple(wide),
        candidates,
        _missing_roles(roles, tuple(wide), candidates),
        tuple(c for c in columns if c in unused),
    )


def _apply_mapping(
    guess: ColumnGuess, mapping: Mapping[str, str], columns: list[str], file: str
) -> ColumnGuess:
    """The guess with the user's choices: role → column, or role → '' for "no such column"
    (``{"value": ""}`` turns a file's year columns into the values)."""
    problems = []
    roles, candidates = dict(guess.roles), dict(guess.candidates)
    for role, col in mapping.items():
        if role not in ROLES:
            problems.append(
                Problem(
                    file,
                    None,
                    None,
                    role,
                    Reason.NOT_ALLOWED,
                    f"okänd roll i kolumnvalet; möjliga roller: {', '.join(ROLES)}",
                    f"unknown role in the column mapping; possible roles: {', '.join(ROLES)}",
                )
            )
        elif col and col not in columns:
            problems.append(
                Problem(
                    file,
                    None,
                    col,
                    None,
                    Reason.MISSING_COLUMN,
                    f"kolumnen som valts för {role} finns inte i filen",
                    f"the column chosen for {role} is not in the file",
                )
            )
        else:
            candidates.pop(role, None)
            roles = {r: c for r, c in roles.items() if r != role and c != col}
            if col:
                roles[role] = col
    if problems:
        raise ProblemsError(problems)
    # A column the user gave a role is no longer a candidate for another; a role left with
    # one candidate gets it.
    taken = set(roles.values())
    for role, cols in list(candidates.items()):
        left = [c for c in cols if c not in taken]
        del candidates[role]
        if len(left) == 1 and role not in roles:
            roles[role] = left[0]
            taken.add(left[0])
        elif len(left) > 1:
            candidates[role] = tuple(left)
    wide: tuple[WideColumn, ...] = ()
    if "value" not in roles:
        found = [w for c in columns if c not in taken and (w := _wide_column(c))]
        with_year = tuple(w for w in found if w.year is not None)
        wide = with_year or tuple(found)
    used = taken | {w.column for w in wide}
    return ColumnGuess(
        roles,
        wide,
        candidates,
        _missing_roles(roles, wide, candidates),
        tuple(c for c in columns if c not in used),
    )


def _decode(data: bytes) -> str:
    """Text of a CSV: UTF-16 with a BOM (Excel's 'Unicode text'), else UTF-8 with or without
    BOM, else Windows-1252 (Swedish Excel's 'CSV'), else Latin-1, which decodes any bytes."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _split_lines(sample: list[str], sep: str) -> list[list[str]]:
    try:
        return list(csv.reader(sample, delimiter=sep))
    except csv.Error:  # an unbalanced quote in the sample: count plainly
        return [line.split(sep) for line in sample]


def _sniff(sample: list[str]) -> str:
    """The separator that splits the most of the first lines into the same, largest number of
    fields. Title lines and decimal commas ('84,1') make a comma split uneven, so a Swedish
    semicolon file is not mistaken for a comma file.

    >>> _sniff(["Medellivslängd, 2024", "Område;År;Värde", "101 Kungsladugård;2024;84,1"])
    ';'
    """
    best, best_score = ",", (0, 0)
    for preference, sep in enumerate((",", ";", "\t")):  # a tie goes to tab, then semicolon
        counts = [len(r) for r in _split_lines(sample, sep) if any(c.strip() for c in r)]
        mode = max(set(counts), key=counts.count) if counts else 0
        if mode < 2:
            continue
        score = (counts.count(mode) * mode, preference)
        if score > best_score:
            best, best_score = sep, score
    return best


def _header_row(rows: list[list[str]]) -> int:
    """The first row with two or more filled cells: the header, below any title lines."""
    for i, row in enumerate(rows):
        if sum(1 for c in row if str(c).strip()) >= 2:
            return i
    return 0


def _read_text_table(data: bytes, file: str) -> tuple[pd.DataFrame, np.ndarray]:
    text = _decode(data)
    if "\x00" in text:
        raise _parse_problem(
            file,
            None,
            "filen är varken en textfil (CSV) eller en Excel-fil (XLSX)",
            "the file is neither a text (CSV) file nor an Excel (XLSX) workbook",
        )
    if not text.strip():
        raise _parse_problem(file, None, "filen är tom", "the file is empty")
    sample = re.split(r"\r\n|\r|\n", text[:65536])[:50]
    sep = _sniff(sample)
    skip = _header_row(_split_lines(sample, sep))
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            skiprows=skip,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,  # so that row i is line skip + 2 + i
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as err:
        m = re.search(r"line (\d+)", str(err))
        raise _parse_problem(
            file,
            skip + int(m.group(1)) if m else None,
            f"filen kunde inte läsas som tabell (avgränsare '{sep}'): {err}",
            f"the file could not be read as a table (separator '{sep}'): {err}",
        ) from None
    return frame, np.arange(len(frame)) + skip + 2


def _read_workbook(data: bytes, file: str, sheet: str | None) -> tuple[pd.DataFrame, np.ndarray]:
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
        names = [str(n) for n in book.sheet_names]
        if sheet is not None and sheet not in names:
            raise ProblemsError(
                [
                    Problem(
                        file,
                        None,
                        None,
                        sheet,
                        Reason.MISSING_COLUMN,
                        f"bladet finns inte i arbetsboken; bladen heter {', '.join(names)}",
                        f"the workbook has no such sheet; its sheets are {', '.join(names)}",
                    )
                ]
            )
        cells = pd.read_excel(
            book, sheet_name=sheet or 0, header=None, dtype=str, keep_default_na=False
        )
    except ProblemsError:
        raise
    except Exception as err:  # openpyxl raises many types for a damaged workbook
        raise _parse_problem(
            file,
            None,
            f"filen kunde inte läsas som Excel-fil (XLSX): {err}",
            f"the file could not be read as an Excel (XLSX) workbook: {err}",
        ) from None
    if cells.empty:
        raise _parse_problem(file, None, "bladet är tomt", "the sheet is empty")
    cells = cells.astype(str)
    head = _header_row(cells.head(50).to_numpy().tolist())
    header: list[str] = []
    for i, value in enumerate(cells.iloc[head]):
        name = str(value).strip() or f"Unnamed: {i}"
        n = sum(1 for h in header if h == name or h.startswith(f"{name}."))
        header.append(f"{name}.{n}" if n else name)  # as pandas names a repeated CSV header
    frame = cells.iloc[head + 1 :].reset_index(drop=True)
    frame.columns = header
    return frame, np.arange(len(frame)) + head + 2  # pandas keeps the sheet's leading rows


def _read_cells(data: bytes, file: str, sheet: str | None) -> tuple[pd.DataFrame, np.ndarray]:
    """The table's cells as stripped text, and the file line (sheet row) of each row."""
    if data.startswith(b"PK\x03\x04") or file.lower().endswith((".xlsx", ".xlsm")):
        frame, lines = _read_workbook(data, file, sheet)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _parse_problem(
            file,
            None,
            "gamla Excel-filer (.xls) kan inte läsas; spara som .xlsx eller CSV",
            "old Excel files (.xls) cannot be read; save as .xlsx or CSV",
        )
    else:
        frame, lines = _read_text_table(data, file)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.astype(str).apply(lambda s: s.str.strip())
    # Excel leaves empty columns and rows around a table; they say nothing.
    blank = [c for c in frame.columns if _UNNAMED.match(c) and not (frame[c] != "").any()]
    frame = frame.drop(columns=blank)
    filled = (frame != "").sum(axis=1).to_numpy()
    # Notes under the table ('Källa: SCB', '.. = uppgift saknas') fill one cell per line.
    notes = filled <= 1
    end = len(notes) - int(np.argmin(notes[::-1])) if not notes.all() else 0
    keep = (filled > 0) & (np.arange(len(frame)) < end)
    return frame[keep].reset_index(drop=True), lines[keep]


def _number_text(cells: pd.Series) -> pd.Series:
    """Numbers as the schema reads them: '1 234,5' → '1234.5', '81,5 %' → '81.5'.

    A comma is a decimal comma (Swedish); with both '.' and ',' the last one is the decimal
    separator. A cell that is still not a number is kept as written, for its problem.
    """
    if not cells.str.contains(r"[,\s\u2212%']", regex=True).any():
        return cells  # the common case, a million plain numbers: nothing to do
    text = cells.str.replace(r"[\s\u00a0\u202f']", "", regex=True).str.replace("\u2212", "-")
    text = text.str.replace(r"%$", "", regex=True)
    comma_decimal = text.str.rfind(",") > text.str.rfind(".")
    text = text.where(~comma_decimal, text.str.replace(".", "", regex=False))
    text = text.where(comma_decimal, text.str.replace(",", "", regex=False))
    text = text.str.replace(",", ".", regex=False)
    ok = (text == "") | pd.to_numeric(text.where(text != ""), errors="coerce").notna()
    return text.where(ok, cells)


def _map_unique(cells: pd.Series, fn: Callable[[str], str]) -> pd.Series:
    """``fn`` of each distinct cell, spread back: a million rows hold few distinct words."""
    codes, uniques = pd.factorize(cells)
    mapped = [fn(str(u)) for u in uniques]
    if mapped == [str(u) for u in uniques]:
        return cells  # nothing to change (a tidy file's ids): no copy
    return pd.Series(np.array(mapped, dtype=object)[codes], index=cells.index, dtype=str)


def _sex(text: str) -> str:
    return SEX_WORDS.get(_header_key(text), text) if text else "total"


def _municipality(text: str) -> str:
    """'0180', '180' (Excel dropped the zero), 'Stockholm', 'Göteborgs stad' → the SCB code."""
    digits = text.removesuffix(".0")
    if digits.isdigit():
        return "00" if int(digits) == 0 else digits.zfill(4)
    key = fold_accents(text)
    m = _CITY_SUFFIX.match(key)
    return _MUNICIPALITY_NAMES.get(key) or (m and _MUNICIPALITY_NAMES.get(m.group(1))) or text


def _area_type(text: str, known: set[str]) -> str:
    """'stadsdelsomrade_11' as written, or 'Stadsdelsområde 11' spelled as its id."""
    slug = re.sub(r"[^a-z0-9]+", "_", fold_accents(text)).strip("_")
    return slug if text not in known and slug in known else text


def _flag(text: str) -> str:
    return text if text.startswith("period:") else _FLAGS.get(fold_accents(text), text)


def _whole_city(areas: AreaIndex, city: str, text: str) -> tuple[str, str] | None:
    """'Göteborg', 'Malmö stad', 'Riket' among a city's districts: (city, area type) of the
    row that holds the whole city or country."""
    code = _municipality(text)
    if code == city or areas.resolve(city, "municipality", text):
        return city, "municipality"
    if code == "00" or areas.resolve("00", "country", text):
        return "00", "country"
    return None


@dataclass
class _Upload:
    """The upload as tidy text columns, and where each came from in the file."""

    raw: pd.DataFrame
    file: str
    rows: np.ndarray  # the raw row of each output row
    wide: np.ndarray  # the wide column of each output row (0 in a long table)
    lines: np.ndarray
    long: bool
    columns: dict[str, pd.Series] = field(default_factory=dict)
    origin: dict[str, str | pd.Series] = field(default_factory=dict)
    texts: dict[str, pd.Series] = field(default_factory=dict)
    given: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.rows)

    def take(self, column: str) -> pd.Series:
        """A file column's cells, one per output row."""
        cells = self.raw[column]
        if self.long:
            return cells  # a long table: the rows as they are, no copy
        return pd.Series(cells.to_numpy()[self.rows], dtype=str)

    def per_row(self, values: list[object]) -> pd.Series:
        """One value per wide column, spread over the output rows."""
        return pd.Series(np.array(values, dtype=object)[self.wide], dtype=str)

    def set(
        self,
        column: str,
        values: pd.Series | str,
        origin: str | pd.Series | None,
        text: pd.Series | None = None,
    ) -> None:
        """A tidy column; ``origin`` is its file column (None: not in the file) and ``text``
        the cells as written, where the reader changed them."""
        if isinstance(values, str):
            values = pd.Series([values] * self.n, dtype=str)
        self.columns[column] = values.reset_index(drop=True).astype(str)
        if origin is None:
            self.given.add(column)
        else:
            self.origin[column] = origin
        if text is not None:
            self.texts[column] = text.reset_index(drop=True).astype(str)

    def missing(self, role: str, sv: str, en: str) -> None:
        self.problems.append(Problem(self.file, None, role, None, Reason.MISSING_COLUMN, sv, en))


def _melt(raw: pd.DataFrame, lines: np.ndarray, guess: ColumnGuess, file: str) -> _Upload:
    """One output row per value: the rows of a long table, or the filled cells of a wide one.

    An empty cell of a wide table was not reported (an unfilled template row) and makes no
    row; a marker ('..', '–') is a missing value and does.
    """
    if guess.wide:
        filled = np.column_stack([(raw[w.column] != "").to_numpy() for w in guess.wide])
        rows, wide = np.nonzero(filled)  # row-major: the file's order
    else:
        rows, wide = np.arange(len(raw)), np.zeros(len(raw), dtype=int)
    return _Upload(raw, file, rows, wide, lines[rows], long=not guess.wide)


def _values(up: _Upload, guess: ColumnGuess) -> tuple[pd.Series, str | pd.Series]:
    """Value, confidence limits; returns which cells were marked suppressed and their column."""
    if guess.wide:
        stacked = np.column_stack([up.raw[w.column].to_numpy() for w in guess.wide])
        cells = pd.Series(stacked[up.rows, up.wide], dtype=str)
        where: str | pd.Series = up.per_row([w.column for w in guess.wide])
    else:
        cells, where = up.take(guess.roles["value"]), guess.roles["value"]
    up.set("value", _number_text(cells.where(~cells.isin(MISSING_MARKERS), "")), where, cells)
    for limit in ("ci_low", "ci_high"):
        if limit in guess.roles:
            limits = up.take(guess.roles[limit])
            number = _number_text(limits.where(~limits.isin(MISSING_MARKERS), ""))
            up.set(limit, number, guess.roles[limit], limits)
        else:
            up.set(limit, "", None)
    return cells.isin(SUPPRESSED_MARKERS), where


def _years(up: _Upload, guess: ColumnGuess, defaults: UploadDefaults) -> pd.Series:
    """Year of every row; returns the period ('2006-2010') a year cell or header spans."""
    none = pd.Series([""] * up.n, dtype=str)
    if guess.wide and all(w.year is not None for w in guess.wide):
        headers = up.per_row([w.column for w in guess.wide])
        up.set("year", up.per_row([w.year for w in guess.wide]), headers)
        return up.per_row([w.period for w in guess.wide])
    if "year" in guess.roles:
        text = up.take(guess.roles["year"])
        if text.str.fullmatch(r"\d{4}").all():
            up.set("year", text, guess.roles["year"])
            return none  # the common case, plain years: no extraction needed
        whole = text.str.extract(_YEAR)[0]
        span = text.str.extract(_PERIOD)
        has_span = span[1].notna()
        year = whole.fillna(span[1].where(has_span, text))
        up.set("year", year, guess.roles["year"], text)
        return (span[0] + "-" + span[1]).where(has_span, "").astype(str)
    if defaults.year is not None:
        up.set("year", str(defaults.year), None)
    else:
        up.set("year", "", None)
        up.missing(
            "year",
            "året saknas: filen har ingen årskolumn och inget år har angetts",
            "the year is missing: the file has no year column and no year was given",
        )
    return none


def _from_column_or_default(
    up: _Upload,
    column: str,
    role_column: str | None,
    default: str | None,
    normalise: Callable[[str], str],
) -> bool:
    """Fill a tidy column from its file column (empty cells from the default), else from the
    default; False when there is neither."""
    if role_column is not None:
        cells = up.take(role_column)
        filled = cells.where(cells != "", default) if default else cells
        up.set(column, _map_unique(filled, normalise), role_column, cells)
        return True
    up.set(column, normalise(default) if default else "", None)
    return bool(default)


def _divisions(up: _Upload, guess: ColumnGuess, areas: AreaIndex, defaults: UploadDefaults) -> None:
    """City and area type of every row, from columns, the defaults, or — when neither says —
    the one division that knows the most of the file's areas exactly."""
    roles = guess.roles
    known_types = {t for _, t in areas.divisions()}
    has_city = _from_column_or_default(
        up,
        "municipality_code",
        roles.get("municipality_code"),
        defaults.municipality_code,
        _municipality,
    )
    has_type = _from_column_or_default(
        up,
        "area_type",
        roles.get("area_type"),
        defaults.area_type,
        lambda t: _area_type(t, known_types),
    )
    if has_city and has_type:
        return
    cities, types = up.columns["municipality_code"], up.columns["area_type"]
    texts = up.columns["_area_text"]
    groups = pd.DataFrame({"c": cities, "t": types, "a": texts, "y": up.columns["year"]})
    for (city, area_type), part in groups.groupby(["c", "t"], sort=False):
        fits = _best_divisions(
            areas, part, city if has_city else None, area_type if has_type else None
        )
        if len(fits) == 1:
            sel = part.index
            cities.loc[sel], types.loc[sel] = fits[0]
            continue
        options = ", ".join(f"{c} {t}" for c, t in fits)
        up.missing(
            "area_type" if has_city else "municipality_code",
            "ange kommun och områdestyp (kolumn eller formulär); "
            + (
                f"områdena finns i flera indelningar: {options}"
                if fits
                else "ingen indelning känner områdena"
            ),
            "give the municipality and area type (column or form); "
            + (
                f"the areas exist in several divisions: {options}"
                if fits
                else "no division knows the areas"
            ),
        )


def _best_divisions(
    areas: AreaIndex, part: pd.DataFrame, city: str | None, area_type: str | None
) -> list[tuple[str, str]]:
    """The divisions that know the most of these rows' areas exactly (at least half; a tie
    goes to the one in force in every year). Areas the chosen one does not know are still
    reported one by one, with suggestions."""
    scores = {}
    for c, t in areas.divisions():
        if (city and c != city) or (area_type and t != area_type) or t in _WHOLE_AREAS:
            continue
        words = [w for w in part["a"].unique() if w and not _whole_city(areas, c, w)]
        known = sum(1 for w in words if areas.resolve(c, t, w))
        if known and 2 * known >= len(words):
            scores[(c, t)] = known
    best = max(scores.values(), default=0)
    fits = [d for d, score in scores.items() if score == best]
    if len(fits) > 1:
        years = {int(y) for y in pd.to_numeric(part["y"], errors="coerce").dropna().unique()}
        in_force = [d for d in fits if years and all(areas.valid_in(*d, y) for y in years)]
        fits = in_force if len(in_force) == 1 else fits
    return fits


def _area_columns(up: _Upload, guess: ColumnGuess) -> tuple[str | None, str | None]:
    """The column whose text decides the area, and a name column checked against it."""
    roles = guess.roles
    code_col = roles.get("area_code") or roles.get("area") or roles.get("area_name")
    name_col = roles.get("area_name") or (roles.get("area") if "area_code" in roles else None)
    name_col = None if name_col == code_col else name_col
    empty = pd.Series([""] * up.n, dtype=str)
    code = up.take(code_col) if code_col else empty
    name = up.take(name_col) if name_col else empty
    up.columns["_area_code_text"], up.columns["_area_name_text"] = code, name
    up.columns["_area_text"] = code.where(code != "", name)
    return code_col, name_col


def _resolve_areas(
    up: _Upload, areas: AreaIndex, code_col: str | None, name_col: str | None
) -> None:
    """Area code and name of every row, resolved exactly once per distinct text. An area that
    does not resolve keeps the file's text, for the schema to report with suggestions."""
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
    out = []
    for city, area_type, code, name in distinct.itertuples(index=False):
        text = code or name
        found = areas.resolve(city, area_type, text) if text else None
        where = (city, area_type)
        if found is None and text and areas.division(city, area_type) is not None:
            whole = _whole_city(areas, city, text)
            if whole:
                where, found = whole, whole[0]
        other = areas.resolve(*where, name) if code and name and found else None
        names = areas.names(*where) if found else {}
        out.append(
            (
                found if found is not None else text,
                names.get(found, name or code),
                *where,
                other is not None and other != found,
            )
        )
    distinct[["area_code", "area_name", "c_out", "t_out", "clash"]] = pd.DataFrame(
        out, columns=["area_code", "area_name", "c_out", "t_out", "clash"]
    )
    resolved = keys.merge(distinct, how="left", on=["c", "t", "code", "name"], sort=False)
    if code_col and name_col:
        where_col: str | pd.Series = pd.Series(np.where(code_text != "", code_col, name_col))
    else:
        where_col = code_col or "area_code"
    up.set("area_code", resolved["area_code"], where_col, up.columns["_area_text"])
    up.set("area_name", resolved["area_name"], name_col or code_col)
    up.columns["municipality_code"] = resolved["c_out"].astype(str)
    up.columns["area_type"] = resolved["t_out"].astype(str)
    for i in np.flatnonzero(resolved["clash"].to_numpy(dtype=bool)):
        up.problems.append(
            Problem(
                up.file,
                int(up.lines[i]),
                name_col,
                name_text[i],
                Reason.INCONSISTENT,
                f"namnet hör till ett annat område än koden '{code_text[i]}' "
                f"({resolved['area_name'][i]})",
                f"the name belongs to another area than the code '{code_text[i]}' "
                f"({resolved['area_name'][i]})",
            )
        )


def _tidy_text(
    raw: pd.DataFrame,
    lines: np.ndarray,
    guess: ColumnGuess,
    *,
    file: str,
    catalog: Mapping[str, Indicator],
    areas: AreaIndex,
    defaults: UploadDefaults,
) -> _Upload:
    """The file's cells arranged as the tidy table's text columns."""
    up = _melt(raw, lines, guess, file)
    roles = guess.roles
    suppressed, value_column = _values(up, guess)
    period = _years(up, guess, defaults)

    if guess.wide and any(w.sex for w in guess.wide):
        headers = up.per_row([w.column for w in guess.wide])
        up.set("sex", up.per_row([w.sex or "total" for w in guess.wide]), headers)
    else:
        _from_column_or_default(up, "sex", roles.get("sex"), defaults.sex, _sex)
        if "sex" not in roles and not defaults.sex:
            up.set("sex", "total", None)

    names = {fold_accents(n): i.id for i in catalog.values() for n in (i.name_en, i.name_sv, i.id)}
    if not _from_column_or_default(
        up,
        "indicator",
        roles.get("indicator"),
        defaults.indicator,
        lambda t: t if t in catalog else names.get(fold_accents(t), t),
    ):
        ids = ", ".join(sorted(catalog))
        up.missing(
            "indicator",
            f"indikatorn saknas: ange den i en kolumn eller i formuläret; kända: {ids}",
            f"the indicator is missing: give it in a column or in the form; known: {ids}",
        )
    has_source = _from_column_or_default(
        up, "source", roles.get("source"), defaults.source, str.strip
    )
    if not has_source or (up.n and not (up.columns["source"] != "").any()):  # once, not per row
        up.missing(
            "source",
            "källan saknas: ange den i en kolumn (källa) eller i formuläret",
            "the source is missing: give it in a column (källa, source) or in the form",
        )

    flag = up.take(roles["flag"]) if "flag" in roles else pd.Series([""] * up.n, dtype=str)
    mapped = _map_unique(flag, _flag)
    mapped = mapped.where(~((mapped == "") & (period != "")), "period:" + period)
    mapped = mapped.where(~((mapped == "") & suppressed), "suppressed")
    # Without a flag column, a marker or a period header set the flag: point at that cell.
    up.set("flag", mapped, roles.get("flag", value_column), flag if "flag" in roles else None)

    code_col, name_col = _area_columns(up, guess)
    _divisions(up, guess, areas, defaults)
    _resolve_areas(up, areas, code_col, name_col)
    return up


def _structure_problems(guess: ColumnGuess, columns: list[str], file: str) -> list[Problem]:
    """Problems with the table's shape: repeated headers, ambiguous or missing roles."""
    problems = []
    for col in columns:
        # pandas renames a repeated header '2024' to '2024.1'; both would be read as 2024.
        m = re.fullmatch(r"(.+)\.(\d+)", col)
        if m and m.group(1) in columns:
            problems.append(
                Problem(
                    file,
                    None,
                    m.group(1),
                    None,
                    Reason.DUPLICATE,
                    "samma kolumnrubrik finns flera gånger; varje rubrik ska vara unik",
                    "the same column header appears more than once; each header must be unique",
                )
            )
    for role, cols in guess.candidates.items():
        listed = ", ".join(f"'{c}'" for c in cols)
        problems.append(
            Problem(
                file,
                None,
                role,
                None,
                Reason.INCONSISTENT,
                f"flera kolumner kan vara {role}: {listed}; välj en",
                f"several columns could be {role}: {listed}; choose one",
            )
        )
    sentences = {
        "area": (
            "hittar ingen kolumn med område (område, stadsdel, områdeskod …)",
            "no column with the area was found (area, area_code, district …)",
        ),
        "value": (
            "hittar ingen kolumn med värden (värde) och inga årskolumner (2023, 2024 …)",
            "no column with values (value) and no year columns (2023, 2024 …) were found",
        ),
    }
    for role in guess.missing:
        sv, en = sentences[role]
        problems.append(Problem(file, None, role, None, Reason.MISSING_COLUMN, sv, en))
    return problems


def _too_large(file: str, size: int, max_bytes: int = MAX_UPLOAD_BYTES) -> ProblemsError:
    mb, limit = size / 2**20, max_bytes / 2**20
    return ProblemsError(
        [
            Problem(
                file,
                None,
                None,
                f"{mb:.1f} MB",
                Reason.OUT_OF_RANGE,
                f"filen är för stor (högst {limit:.0f} MB); dela upp den per år eller indikator",
                f"the file is too large (at most {limit:.0f} MB); split it by year or indicator",
            )
        ]
    )


def read_cells(data: bytes, file_name: str, sheet: str | None = None) -> pd.DataFrame:
    """A file's table as ``read_upload`` sees it: text cells, stripped, without title lines
    above or notes below. For ``detect_columns`` and a preview; raises ``ProblemsError``."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large(file_name, len(data))
    return _read_cells(data, file_name, sheet)[0]


def sheet_names(data: bytes) -> list[str]:
    """The sheets of an Excel workbook, in order; empty for anything else."""
    if not data.startswith(b"PK\x03\x04"):
        return []
    try:
        return [str(n) for n in pd.ExcelFile(io.BytesIO(data), engine="openpyxl").sheet_names]
    except Exception:  # a damaged workbook: read_upload says what is wrong with it
        return []


def read_upload(
    data: bytes,
    file_name: str,
    *,
    catalog: Mapping[str, Indicator],
    areas: AreaIndex,
    defaults: UploadDefaults | None = None,
    mapping: Mapping[str, str] | None = None,
    sheet: str | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> pd.DataFrame:
    """A validated tidy table (``TIDY_COLUMNS`` + period) from a file an official uploads.

    Reads CSV (comma, semicolon or tab; UTF-8 with or without BOM, Windows-1252, Latin-1;
    decimal comma) and XLSX (the first sheet, or ``sheet``), long or wide (one column per
    year, optionally per sex). ``mapping`` (role → column) overrides ``detect_columns``;
    ``defaults`` fills what the file does not say. Columns that play no role are not read
    (``detect_columns(read_cells(...)).unused`` lists them, for the page to show). Raises
    ``ProblemsError`` with every problem, each naming the file's line, column and value;
    nothing is guessed silently. Files over ``max_bytes`` are refused before parsing (the
    browser's limit; the command line on the server allows more).
    """
    if len(data) > max_bytes:
        raise _too_large(file_name, len(data), max_bytes)
    raw, lines = _read_cells(data, file_name, sheet)
    guess = detect_columns(raw)
    if mapping:
        guess = _apply_mapping(guess, mapping, list(raw.columns), file_name)
    problems = _structure_problems(guess, list(raw.columns), file_name)
    if problems:
        raise ProblemsError(problems)
    up = _tidy_text(
        raw,
        lines,
        guess,
        file=file_name,
        catalog=catalog,
        areas=areas,
        defaults=defaults or UploadDefaults(),
    )
    if any(p.reason is Reason.MISSING_COLUMN for p in up.problems):
        raise ProblemsError(up.problems)
    if up.n == 0:  # an unfilled template, or a table of headers only
        raise ProblemsError(
            [
                Problem(
                    file_name,
                    None,
                    None,
                    None,
                    Reason.REQUIRED,
                    "filen innehåller inga värden att läsa in",
                    "the file holds no values to import",
                )
            ]
        )
    tidy = pd.DataFrame({c: up.columns[c] for c in TIDY_COLUMNS})
    origin = Origin(
        lines=pd.Series(up.lines, index=tidy.index),
        columns=up.origin,
        texts=up.texts,
        given=frozenset(up.given),
    )
    try:
        frame = validate_tidy(tidy, file=file_name, catalog=catalog, areas=areas, origin=origin)
    except ProblemsError as err:
        merged = sorted([*up.problems, *err.problems], key=lambda p: p.row or 0)
        raise ProblemsError(merged) from None
    if up.problems:
        raise ProblemsError(up.problems)
    return frame
