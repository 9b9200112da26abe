"""Problems found in an input file, reported all at once in Swedish and English.

This lives in the lowest layer so that every reader (boundaries, crosswalks, the package,
uploads, ``jamlik gaps``) and every measure reports with one ``Problem``, one ``Reason`` and
one wording. Recurring sentences live in :data:`MESSAGES`, keyed by a message id that names
the rule (as frictionless keys its errors): a call site passes the data, not two sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from indicators.core.text import Text


class Reason(StrEnum):
    """Why a value, a file or a measure was refused; a fixed vocabulary, so callers never
    match on text."""

    # A file or one of its cells.
    PARSE = "parse"
    MISSING_COLUMN = "missing_column"
    UNEXPECTED_COLUMN = "unexpected_column"
    REQUIRED = "required"
    TYPE = "type"
    NOT_ALLOWED = "not_allowed"
    OUT_OF_RANGE = "out_of_range"
    DUPLICATE = "duplicate"
    INCONSISTENT = "inconsistent"
    UNKNOWN_REFERENCE = "unknown_reference"
    CHECKSUM = "checksum"
    MISSING_FILE = "missing_file"
    GEOMETRY = "geometry"
    CRS = "crs"
    # A gap measure or its confidence limits (OUT_OF_RANGE above serves both).
    LOW_COVERAGE = "low_coverage"
    EMPTY_QUANTILE = "empty_quantile"
    NON_POSITIVE = "non_positive"
    NO_REFERENCE = "no_reference"
    NO_POLARITY = "no_polarity"
    NO_SE = "no_se"
    NO_SCALE = "no_scale"
    TOO_FEW_GROUPS = "too_few_groups"
    NOT_APPLICABLE = "not_applicable"
    INVALID_INPUT = "invalid_input"
    #: PAR/PAF limits need the indicator's own denominator counts (issue 8).
    NO_DENOMINATOR = "no_denominator"
    #: The simulated interval excludes its own estimate: bias, not Monte Carlo noise.
    BIASED_SIMULATION = "biased_simulation"


@dataclass(frozen=True)
class Message:
    """A catalogued sentence (a template with ``{fields}``) and the reason it reports."""

    reason: Reason
    text: Text


def _m(reason: Reason, sv: str, en: str) -> Message:
    return Message(reason, Text(sv, en))


#: Sentences a reader reports, by message id. ``Problem.at`` fills in the fields, and
#: ``row``, ``column`` and ``value`` too, so a sentence may name them.
MESSAGES: dict[str, Message] = {
    # Any file.
    "file_missing": _m(Reason.MISSING_FILE, "filen finns inte.", "no such file."),
    "file_unreadable": _m(Reason.PARSE, "kan inte läsas ({error}).", "cannot be read ({error})."),
    "file_empty": _m(Reason.PARSE, "filen är tom", "the file is empty"),
    "file_too_large": _m(
        Reason.OUT_OF_RANGE,
        "filen är för stor (högst {limit:.0f} MB); dela upp den per år eller indikator",
        "the file is too large (at most {limit:.0f} MB); split it by year or indicator",
    ),
    "not_utf8": _m(
        Reason.PARSE,
        "filen är inte UTF-8-kodad; spara den som 'CSV UTF-8' och försök igen",
        "the file is not UTF-8 encoded; save it as 'CSV UTF-8' and try again",
    ),
    "not_a_table_file": _m(
        Reason.PARSE,
        "filen är varken en textfil (CSV) eller en Excel-fil (XLSX)",
        "the file is neither a text (CSV) file nor an Excel (XLSX) workbook",
    ),
    "old_excel": _m(
        Reason.PARSE,
        "gamla Excel-filer (.xls) kan inte läsas; spara som .xlsx eller CSV",
        "old Excel files (.xls) cannot be read; save as .xlsx or CSV",
    ),
    "unreadable_table": _m(
        Reason.PARSE,
        "filen kunde inte läsas som tabell (avgränsare '{separator}'): {error}",
        "the file could not be read as a table (separator '{separator}'): {error}",
    ),
    "unreadable_csv": _m(
        Reason.PARSE,
        "filen kunde inte läsas som CSV: {error}",
        "the file could not be read as CSV: {error}",
    ),
    "unreadable_workbook": _m(
        Reason.PARSE,
        "filen kunde inte läsas som Excel-fil (XLSX): {error}",
        "the file could not be read as an Excel (XLSX) workbook: {error}",
    ),
    "no_such_sheet": _m(
        Reason.MISSING_COLUMN,
        "bladet finns inte i arbetsboken; bladen heter {sheets}",
        "the workbook has no such sheet; its sheets are {sheets}",
    ),
    "empty_sheet": _m(Reason.PARSE, "bladet är tomt", "the sheet is empty"),
    # Limits that keep one file from taking the server down (issue 12 F1).
    "too_many_columns": _m(
        Reason.OUT_OF_RANGE,
        "tabellen har {value} kolumner (högst {limit}); ta bort tomma eller onödiga kolumner",
        "the table has {value} columns (at most {limit}); remove empty or unneeded columns",
    ),
    "too_many_cells": _m(
        Reason.OUT_OF_RANGE,
        "bladet sträcker sig över {value} celler (högst {limit}); "
        "radera tomma rader och kolumner längst ned och till höger, eller dela upp filen",
        "the sheet spans {value} cells (at most {limit}); delete the empty rows and columns "
        "at the bottom and right, or split the file",
    ),
    "unzipped_too_large": _m(
        Reason.OUT_OF_RANGE,
        "arbetsboken packas upp till {value} (högst {limit}); dela upp filen",
        "the workbook unpacks to {value} (at most {limit}); split the file",
    ),
    "zip_ratio": _m(
        Reason.OUT_OF_RANGE,
        "delen '{member}' av arbetsboken packas upp {value} gånger större än den är "
        "(högst {limit} gånger); filen liknar en zip-bomb och läses inte",
        "the workbook part '{member}' unpacks {value} times larger than it is (at most "
        "{limit} times); the file looks like a zip bomb and is not read",
    ),
    "parse_too_slow": _m(
        Reason.OUT_OF_RANGE,
        "filen tog längre än {limit:.0f} sekunder att läsa och avbröts; dela upp den",
        "reading the file took longer than {limit:.0f} seconds and was stopped; split it",
    ),
    "parse_out_of_memory": _m(
        Reason.OUT_OF_RANGE,
        "filen behövde mer än {limit:.0f} MB minne för att läsas och avbröts; dela upp den",
        "reading the file needed more than {limit:.0f} MB of memory and was stopped; split it",
    ),
    "formula_without_value": _m(
        Reason.TYPE,
        "cellen {cell} har en formel utan sparat resultat; öppna filen i Excel, spara den "
        "och ladda upp igen (eller klistra in värdena som värden)",
        "cell {cell} holds a formula without a saved result; open the file in Excel, save "
        "it and upload again (or paste the values as values)",
    ),
    # Text that breaks pages or the store (issue 12 F5).
    "text_too_long": _m(
        Reason.OUT_OF_RANGE,
        "texten är för lång ({length} tecken; högst {limit})",
        "the text is too long ({length} characters; at most {limit})",
    ),
    "bidi_control": _m(
        Reason.NOT_ALLOWED,
        "texten innehåller ett osynligt tecken som vänder skrivriktningen ({code}); ta bort det",
        "the text holds an invisible character that reverses the writing direction ({code}); "
        "remove it",
    ),
    "no_values": _m(
        Reason.REQUIRED,
        "filen innehåller inga värden att läsa in",
        "the file holds no values to import",
    ),
    # Boundary files (``row`` is the feature number).
    "boundary_file_missing": _m(
        Reason.MISSING_FILE,
        "Gränsfilen {path} finns inte.",
        "The boundary file {path} does not exist.",
    ),
    "not_geodata": _m(
        Reason.PARSE,
        "Filen kunde inte läsas som geodata (GeoJSON): {error}",
        "The file could not be read as geodata (GeoJSON): {error}",
    ),
    "no_property": _m(
        Reason.MISSING_COLUMN,
        "Egenskapen '{column}' saknas i filens objekt.",
        "The features have no property '{column}'.",
    ),
    "not_wgs84": _m(
        Reason.CRS,
        "Koordinatsystemet måste vara WGS84 (EPSG:4326), men är {crs}.",
        "The coordinate reference system must be WGS84 (EPSG:4326), but is {crs}.",
    ),
    "feature_without_name": _m(
        Reason.REQUIRED,
        "Objekt {row}: area_name är tomt; varje område behöver ett namn.",
        "Feature {row}: area_name is empty; every area needs a name.",
    ),
    "feature_without_code": _m(
        Reason.REQUIRED,
        "Objekt {row}: area_code är tomt; varje område behöver en kod.",
        "Feature {row}: area_code is empty; every area needs a code.",
    ),
    "feature_code_repeated": _m(
        Reason.DUPLICATE,
        "Objekt {row}: area_code '{value}' används också av objekt {others}; "
        "koderna måste vara unika.",
        "Feature {row}: area_code '{value}' is also used by feature(s) {others}; "
        "codes must be unique.",
    ),
    "feature_without_geometry": _m(
        Reason.REQUIRED,
        "Objekt {row}: geometri saknas eller kunde inte läsas.",
        "Feature {row}: the geometry is missing or could not be read.",
    ),
    "feature_not_polygon": _m(
        Reason.GEOMETRY,
        "Objekt {row}: geometrin är {value}, men måste vara Polygon eller MultiPolygon.",
        "Feature {row}: the geometry is a {value}, but must be a Polygon or MultiPolygon.",
    ),
    "feature_invalid": _m(
        Reason.GEOMETRY,
        "Objekt {row}: geometrin är ogiltig ({value}).",
        "Feature {row}: the geometry is invalid ({value}).",
    ),
    "feature_outside_sweden": _m(
        Reason.OUT_OF_RANGE,
        "Objekt {row}: koordinaterna ({value}) ligger utanför Sverige ({sweden}). "
        "Är de i WGS84 med longitud först?",
        "Feature {row}: the coordinates ({value}) lie outside Sweden ({sweden}). "
        "Are they WGS84 with longitude first?",
    ),
    "boundary_checksum": _m(
        Reason.CHECKSUM,
        "Filens kontrollsumma stämmer inte med datapaketet (väntad sha256:{expected}).",
        "The file's checksum does not match the data package (expected sha256:{expected}).",
    ),
    # An editor's own division (issue 13; ``row`` is the feature number).
    "division_format": _m(
        Reason.PARSE,
        "Filtypen {value} kan inte läsas; ladda upp GeoJSON, GeoPackage (.gpkg) eller en "
        "zippad Shapefile (.zip).",
        "Files of type {value} cannot be read; upload GeoJSON, GeoPackage (.gpkg) or a "
        "zipped Shapefile (.zip).",
    ),
    "division_too_large": _m(
        Reason.OUT_OF_RANGE,
        "Filen är för stor (högst {limit:.0f} MB).",
        "The file is too large (at most {limit:.0f} MB).",
    ),
    "zip_members": _m(
        Reason.OUT_OF_RANGE,
        "Zip-arkivet har {value} filer; högst {limit} tas emot.",
        "The zip archive holds {value} files; at most {limit} are accepted.",
    ),
    "zip_too_large": _m(
        Reason.OUT_OF_RANGE,
        "Zip-arkivet packas upp till {value}; högst {limit:.0f} MB tas emot.",
        "The zip archive unpacks to {value}; at most {limit:.0f} MB are accepted.",
    ),
    "zip_unsafe_path": _m(
        Reason.NOT_ALLOWED,
        "Zip-arkivet innehåller sökvägen '{value}' (absolut, med '..' eller en länk); "
        "den tas inte emot.",
        "The zip archive holds the path '{value}' (absolute, with '..' or a link); "
        "it is not accepted.",
    ),
    "zip_shapefiles": _m(
        Reason.PARSE,
        "Zip-arkivet ska innehålla exakt en Shapefile (.shp), men innehåller: {value}.",
        "The zip archive must hold exactly one Shapefile (.shp), but holds: {value}.",
    ),
    "crs_needed": _m(
        Reason.CRS,
        "Filen anger inget koordinatsystem som passar dess koordinater, som inte är "
        "longitud/latitud i Sverige. Ange det (t.ex. {hint} för SWEREF 99 TM).",
        "The file declares no coordinate reference system that fits its coordinates, "
        "which are not longitude/latitude in Sweden. Give it (e.g. {hint} for SWEREF 99 TM).",
    ),
    "crs_unknown": _m(
        Reason.CRS,
        "Koordinatsystemet '{value}' är okänt.",
        "The coordinate reference system '{value}' is unknown.",
    ),
    "crs_conflict": _m(
        Reason.CRS,
        "Filen anger koordinatsystemet {declared}, men {value} angavs.",
        "The file declares the coordinate reference system {declared}, but {value} was given.",
    ),
    "municipality_not_in_register": _m(
        Reason.UNKNOWN_REFERENCE,
        "Kommunkoden '{value}' finns inte bland SCB:s 290 kommuner.",
        "The municipality code '{value}' is not one of SCB's 290 municipalities.",
    ),
    "area_outside_municipality": _m(
        Reason.OUT_OF_RANGE,
        "Objekt {row} ({value}) ligger {km} km utanför {municipality}s gräns.",
        "Feature {row} ({value}) lies {km} km outside the boundary of {municipality}.",
    ),
    "areas_overlap": _m(
        Reason.GEOMETRY,
        "Objekt {row} ({value}) överlappar objekt {other} ({other_code}) med {m2} m².",
        "Feature {row} ({value}) overlaps feature {other} ({other_code}) by {m2} m².",
    ),
    "areas_gap": _m(
        Reason.GEOMETRY,
        "Ett glapp på {ha} ha mellan områdena, vid {value} (longitud latitud), hör inte "
        "till något område.",
        "A gap of {ha} ha between the areas, at {value} (longitude latitude), belongs to no area.",
    ),
    "parent_unknown": _m(
        Reason.UNKNOWN_REFERENCE,
        "Objekt {row}: överordnade området '{value}' finns inte i den indelningen.",
        "Feature {row}: the parent area '{value}' is not in that division.",
    ),
    "parent_ambiguous": _m(
        Reason.GEOMETRY,
        "Objekt {row} ({value}) ligger inte till minst 99 % inom ett överordnat område "
        "(störst andel: {share} % i {parent}).",
        "Feature {row} ({value}) does not lie at least 99 % inside one parent area "
        "(largest share: {share} % in {parent}).",
    ),
    "area_type_id": _m(
        Reason.NOT_ALLOWED,
        "Områdestypens id '{value}' måste börja med en bokstav och bara ha a–z, 0–9 och _ "
        "(högst 40 tecken), t.ex. deso_2025.",
        "The area type id '{value}' must start with a letter and hold only a–z, 0–9 and _ "
        "(at most 40 characters), e.g. deso_2025.",
    ),
    "area_type_in_package": _m(
        Reason.DUPLICATE,
        "Områdestypen '{value}' finns redan i datapaketet för kommunen; välj ett annat id.",
        "The area type '{value}' is already in the data package for the municipality; "
        "choose another id.",
    ),
    "name_too_long": _m(
        Reason.OUT_OF_RANGE,
        "Namnet '{value}' är för långt (högst {limit} tecken).",
        "The name '{value}' is too long (at most {limit} characters).",
    ),
    "valid_dates": _m(
        Reason.INCONSISTENT,
        "Giltig till ({value}) ligger före giltig från.",
        "Valid to ({value}) lies before valid from.",
    ),
    "parent_type_unknown": _m(
        Reason.UNKNOWN_REFERENCE,
        "Den överordnade indelningen '{value}' finns inte för kommunen; lägg till den först.",
        "The parent division '{value}' does not exist for the municipality; add it first.",
    ),
    "division_no_version": _m(
        Reason.UNKNOWN_REFERENCE,
        "Det finns ingen områdesindelning med version {value}.",
        "There is no division with version {value}.",
    ),
    "division_withdrawn": _m(
        Reason.NOT_ALLOWED,
        "Områdesindelningen version {value} är redan borttagen.",
        "The division version {value} is already withdrawn.",
    ),
    "division_is_parent": _m(
        Reason.NOT_ALLOWED,
        "Version {value} är överordnad indelningen '{child}'; ta bort den först.",
        "Version {value} is the parent of the division '{child}'; withdraw that first.",
    ),
    # Crosswalks (``row`` is the file line).
    "crosswalk_missing": _m(
        Reason.MISSING_FILE,
        "Kodnyckeln {path} finns inte.",
        "The crosswalk {path} does not exist.",
    ),
    "crosswalk_not_csv": _m(
        Reason.PARSE,
        "Filen kunde inte läsas som CSV (UTF-8, kommatecken): {error}",
        "The file could not be read as CSV (UTF-8, comma-separated): {error}",
    ),
    "crosswalk_first_column": _m(
        Reason.MISSING_COLUMN,
        "Första kolumnen måste vara koden för den minsta områdestypen "
        "('<områdestyp>_code'), men heter '{first}'.",
        "The first column must be the code of the smallest area type "
        "('<area_type>_code'), but is '{first}'.",
    ),
    "crosswalk_code_empty": _m(
        Reason.REQUIRED,
        "Rad {row}: {column} är tom; varje rad är ett område och behöver en kod.",
        "Line {row}: {column} is empty; every row is an area and needs a code.",
    ),
    "crosswalk_code_repeated": _m(
        Reason.DUPLICATE,
        "Rad {row}: koden '{value}' finns redan på rad {first}.",
        "Line {row}: the code '{value}' already appears on line {first}.",
    ),
    # An upload's columns.
    "unknown_role": _m(
        Reason.NOT_ALLOWED,
        "okänd roll i kolumnvalet; möjliga roller: {roles}",
        "unknown role in the column mapping; possible roles: {roles}",
    ),
    "chosen_column_missing": _m(
        Reason.MISSING_COLUMN,
        "kolumnen som valts för {role} finns inte i filen",
        "the column chosen for {role} is not in the file",
    ),
    "no_area_column": _m(
        Reason.MISSING_COLUMN,
        "hittar ingen kolumn med område (område, stadsdel, områdeskod …)",
        "no column with the area was found (area, area_code, district …)",
    ),
    "no_value_column": _m(
        Reason.MISSING_COLUMN,
        "hittar ingen kolumn med värden (värde) och inga årskolumner (2023, 2024 …)",
        "no column with values (value) and no year columns (2023, 2024 …) were found",
    ),
    "header_repeated": _m(
        Reason.DUPLICATE,
        "samma kolumnrubrik finns flera gånger; varje rubrik ska vara unik",
        "the same column header appears more than once; each header must be unique",
    ),
    "role_ambiguous": _m(
        Reason.INCONSISTENT,
        "flera kolumner kan vara {column}: {listed}; välj en",
        "several columns could be {column}: {listed}; choose one",
    ),
    "year_missing": _m(
        Reason.MISSING_COLUMN,
        "året saknas: filen har ingen årskolumn och inget år har angetts",
        "the year is missing: the file has no year column and no year was given",
    ),
    "indicator_missing": _m(
        Reason.MISSING_COLUMN,
        "indikatorn saknas: ange den i en kolumn eller i formuläret; kända: {known}",
        "the indicator is missing: give it in a column or in the form; known: {known}",
    ),
    "source_missing": _m(
        Reason.MISSING_COLUMN,
        "källan saknas: ange den i en kolumn (källa) eller i formuläret",
        "the source is missing: give it in a column (källa, source) or in the form",
    ),
    "division_ambiguous": _m(
        Reason.MISSING_COLUMN,
        "ange kommun och områdestyp (kolumn eller formulär); "
        "områdena finns i flera indelningar: {options}",
        "give the municipality and area type (column or form); "
        "the areas exist in several divisions: {options}",
    ),
    "division_unknown": _m(
        Reason.MISSING_COLUMN,
        "ange kommun och områdestyp (kolumn eller formulär); ingen indelning känner områdena",
        "give the municipality and area type (column or form); no division knows the areas",
    ),
    "name_not_code": _m(
        Reason.INCONSISTENT,
        "namnet hör till ett annat område än koden '{code}' ({name})",
        "the name belongs to another area than the code '{code}' ({name})",
    ),
    # The package's tidy format (``indicators.table.schema``).
    "tidy_column_missing": _m(
        Reason.MISSING_COLUMN,
        "kolumnen '{column}' saknas; filen ska ha kolumnerna {columns}",
        "column '{column}' is missing; the file must have the columns {columns}",
    ),
    "unexpected_column": _m(
        Reason.UNEXPECTED_COLUMN, "okänd kolumn '{column}'", "unexpected column '{column}'"
    ),
    "year_not_whole": _m(
        Reason.TYPE,
        "året måste vara ett heltal skrivet med siffror, t.ex. 2024",
        "the year must be a whole number written in digits, e.g. 2024",
    ),
    "not_a_number_eg": _m(
        Reason.TYPE,
        "måste vara ett tal, t.ex. 81,5 (tomt när värdet saknas)",
        "must be a number, e.g. 81.5 (empty when missing)",
    ),
    "implausible_value": _m(
        Reason.OUT_OF_RANGE,
        "orimligt värde för {name}: det ska vara {rule} ({unit})",
        "implausible value for {name}: it must be {rule} ({unit})",
    ),
    "cell_repeated": _m(
        Reason.DUPLICATE,
        "samma område, indikator, kön och år finns redan på rad {line} med ett annat värde",
        "the same area, indicator, sex and year is already on line {line} with another value",
    ),
    "unknown_municipality": _m(
        Reason.UNKNOWN_REFERENCE,
        "okänd kommun; kända: {known}",
        "unknown municipality; known: {known}",
    ),
    "unknown_area_type": _m(
        Reason.UNKNOWN_REFERENCE,
        "områdestypen finns inte för {city}; kända områdestyper: {known}",
        "the area type does not exist for {city}; known area types: {known}",
    ),
    "unknown_area_near": _m(
        Reason.UNKNOWN_REFERENCE,
        "okänt område i indelningen {area_type}; menade du {near}?",
        "unknown area in the division {area_type}; did you mean {near}?",
    ),
    "unknown_area": _m(
        Reason.UNKNOWN_REFERENCE,
        "okänt område i indelningen {area_type}; se mallen för giltiga koder och namn",
        "unknown area in the division {area_type}; see the template for valid codes and names",
    ),
    "not_in_force": _m(
        Reason.INCONSISTENT,
        "indelningen {area_type} gällde inte år {year:g}; den gäller {span}",
        "the division {area_type} was not in force in {year:g}; it is in force {span}",
    ),
    # The data package.
    "feature_count": _m(
        Reason.INCONSISTENT,
        "datapackage.json anger {declared} områden men filen har {found}",
        "datapackage.json says {declared} areas but the file has {found}",
    ),
    "code_not_in_boundaries": _m(
        Reason.UNKNOWN_REFERENCE,
        "koden finns inte i gränsfilen för {area_type}",
        "the code is not in the boundary file of {area_type}",
    ),
    # ``jamlik gaps`` (a small table of areas and numbers).
    "column_missing": _m(
        Reason.MISSING_COLUMN,
        "kolumnen saknas (finns: {present}).",
        "column is missing (present: {present}).",
    ),
    "area_name_missing": _m(Reason.REQUIRED, "områdets namn saknas.", "area name is missing."),
    "area_repeated": _m(Reason.DUPLICATE, "finns redan på rad {first}.", "already on row {first}."),
    "not_a_number": _m(Reason.TYPE, "är inte ett tal.", "is not a number."),
    "not_finite": _m(Reason.TYPE, "är inte ett ändligt tal.", "is not a finite number."),
    "negative": _m(
        Reason.OUT_OF_RANGE,
        "är negativt; {what} måste vara 0 eller mer.",
        "is negative; {what} must be 0 or more.",
    ),
    "rank_not_whole": _m(
        Reason.TYPE,
        "rangen måste vara ett heltal 1, 2, …",
        "rank must be a whole number 1, 2, …",
    ),
    "no_data_rows": _m(Reason.REQUIRED, "filen har inga datarader.", "the file has no data rows."),
    "reference_not_an_area": _m(
        Reason.UNKNOWN_REFERENCE,
        "--reference finns inte bland områdena.",
        "--reference is not one of the areas.",
    ),
}


#: How much of a file name, header or cell a problem shows.
SHOWN_CHARS = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one file.

    ``row`` is the line number a person sees when opening the file (the header is line 1,
    the first data row line 2); ``None`` when the problem concerns the whole file or column.
    For a GeoJSON file ``row`` is the 1-based feature number.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: Reason
    #: The sentence; ``problem.message(lang)`` reads it in one language.
    message: Text
    #: What the value most likely meant ('Stigberget (104)'), for a page to offer in its place.
    suggestions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # A 1 MB cell or header is named by its start: the problem list is read, not stored.
        for name in ("file", "column", "value"):
            text = getattr(self, name)
            if text is not None and len(text) > SHOWN_CHARS:
                object.__setattr__(self, name, text[: SHOWN_CHARS - 1] + "…")

    @classmethod
    def at(
        cls,
        file: str,
        key: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        **fields: object,
    ) -> Problem:
        """The problem :data:`MESSAGES` files under ``key`` (a message id, or a Reason that
        is also one), its sentence filled in with ``fields`` and with row, column and value.

        >>> Problem.at("a.csv", "not_a_number", row=3, column="value", value="x").text("en")
        "a.csv, row 3, column 'value', value 'x': is not a number."
        """
        found = MESSAGES[key]
        where = {"row": row, "column": column, "value": value}
        text = found.text.format(**(where | fields))
        return cls(file, row, column, value, found.reason, text)

    def text(self, lang: str = "sv") -> str:
        """One line naming file, row, column and value, then the sentence.

        >>> Problem("a.csv", 3, "year", "20x4", Reason.TYPE,
        ...         Text("måste vara ett heltal", "must be a whole number")).text("en")
        "a.csv, row 3, column 'year', value '20x4': must be a whole number"
        """
        en = lang == "en"
        parts = [self.file]
        if self.row is not None:
            parts.append(f"{'row' if en else 'rad'} {self.row}")
        if self.column is not None:
            parts.append(f"{'column' if en else 'kolumn'} '{self.column}'")
        if self.value is not None:
            parts.append(f"{'value' if en else 'värde'} '{self.value}'")
        return f"{', '.join(parts)}: {self.message(lang)}"

    def as_dict(self) -> dict[str, object]:
        """The problem as JSON-ready fields, the sentence in both languages."""
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": str(self.reason),
            "message_sv": self.message.sv,
            "message_en": self.message.en,
        }


class ProblemsError(Exception):
    """A file was refused; ``problems`` lists everything wrong with it, not just the first."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("ProblemsError needs at least one problem")
        self.problems = list(problems)
        first = self.problems[0].text("en")
        more = len(self.problems) - 1
        super().__init__(first + (f" (+{more} more problems)" if more else ""))

    def __reduce__(self) -> tuple[type[ProblemsError], tuple[list[Problem]]]:
        # Sent back from the worker process that parses an upload (``ingest.upload``).
        return (ProblemsError, (self.problems,))

    @classmethod
    def at(cls, file: str, key: str, **where_and_fields: Any) -> ProblemsError:
        """A file refused for one catalogued problem; the keywords are :meth:`Problem.at`'s."""
        return cls([Problem.at(file, key, **where_and_fields)])
