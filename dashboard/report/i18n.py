"""Every string of the interface, Swedish first and English complete, in one table.

``TEXTS`` is the one translation catalogue of the presentation layer: the pages' words,
the figures', the exports' labels and month names, the alt text, the trend sentences, the
significance classes and the notes of a recalculation. Modules look words up with
:func:`t`; none keeps a word table of its own. Words a lower layer needs to speak for
itself (a measure's name and refusal, a reader's problem message, a provenance role) stay
with that layer.
"""

from __future__ import annotations

from indicators.core.places import AREA_TYPE_NAMES

LANGS = ("sv", "en")

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"sv": "Jämlik stad", "en": "Jämlik stad (Equal city)"},
    "page_start": {"sv": "Om Jämlik stad", "en": "About"},
    "page_map": {"sv": "Karta", "en": "Map"},
    "page_trends": {"sv": "Utveckling", "en": "Trends"},
    "page_compare": {"sv": "Jämför städer", "en": "Compare cities"},
    "language": {"sv": "Språk", "en": "Language"},
    "tagline": {
        "sv": "Skillnader mellan stadsdelar i Stockholm, Göteborg och Malmö – kartor, rangordningar och tabeller.",
        "en": "Differences between districts of Stockholm, Göteborg and Malmö – maps, rankings and tables.",
    },
    "synthetic_banner": {
        "sv": "Exempeldata – inte officiell statistik. Värden från datapaketets syntetiska demoset visas; de är påhittade.",
        "en": "Example data – not official statistics. Values from the package's synthetic demo set are shown; they are invented.",
    },
    "synthetic_note": {
        "sv": "Exempeldata – inte officiell statistik",
        "en": "Example data – not official statistics",
    },
    "store_holds": {"sv": "Det här finns i lagret", "en": "What the store holds"},
    "package": {"sv": "Datapaket", "en": "Data package"},
    "cities": {"sv": "Städer", "en": "Cities"},
    "city": {"sv": "Stad", "en": "City"},
    "area_type": {"sv": "Områdesindelning", "en": "Area type"},
    "indicator": {"sv": "Indikator", "en": "Indicator"},
    "year": {"sv": "År", "en": "Year"},
    "sex": {"sv": "Kön", "en": "Sex"},
    "sex_total": {"sv": "Totalt", "en": "Total"},
    "sex_women": {"sv": "Kvinnor", "en": "Women"},
    "sex_men": {"sv": "Män", "en": "Men"},
    "valid_period": {"sv": "Giltig", "en": "Valid"},
    "valid_always": {"sv": "hela perioden", "en": "throughout"},
    "valid_from_to": {"sv": "{start} – {end}", "en": "{start} – {end}"},
    "areas": {"sv": "Områden", "en": "Areas"},
    "status": {"sv": "Status", "en": "Status"},
    "map": {"sv": "Karta", "en": "Map"},
    "yes": {"sv": "ja", "en": "yes"},
    "no_map": {"sv": "ingen karta", "en": "no map"},
    "years": {"sv": "År", "en": "Years"},
    "indicators": {"sv": "Indikatorer", "en": "Indicators"},
    "unit": {"sv": "Enhet", "en": "Unit"},
    "polarity": {"sv": "Högre är", "en": "Higher is"},
    "polarity_true": {"sv": "bättre", "en": "better"},
    "polarity_false": {"sv": "sämre", "en": "worse"},
    "polarity_none": {"sv": "varken bättre eller sämre", "en": "neither better nor worse"},
    "datasets": {"sv": "Dataset i lagret", "en": "Datasets in the store"},
    "kind": {"sv": "Slag", "en": "Kind"},
    "kind_real": {"sv": "Publicerad statistik", "en": "Published statistics"},
    "kind_synthetic": {"sv": "Exempeldata (syntetisk)", "en": "Example data (synthetic)"},
    "source": {"sv": "Källa", "en": "Source"},
    "rows": {"sv": "Rader", "en": "Rows"},
    "imported": {"sv": "Inläst", "en": "Imported"},
    "licence": {"sv": "Licens", "en": "Licence"},
    "file": {"sv": "Fil", "en": "File"},
    "refused_files": {
        "sv": "Filer i datapaketet som inte kunde läsas in (inget av dem har lagrats):",
        "en": "Files of the data package that could not be loaded (nothing of them was stored):",
    },
    "no_data": {
        "sv": "Lagret innehåller inga områdesvärden. Kontrollera datapaketet i JAMLIK_DATA.",
        "en": "The store holds no district values. Check the data package in JAMLIK_DATA.",
    },
    "package_unreadable": {
        "sv": "Datapaketet kunde inte läsas. Ange mappen med datapackage.json i JAMLIK_DATA och starta om.",
        "en": "The data package could not be read. Set JAMLIK_DATA to the folder with datapackage.json and restart.",
    },
    "go_to_map": {"sv": "Öppna kartan", "en": "Open the map"},
    # notes when a requested choice could not be honoured
    "note_city_unavailable": {
        "sv": "Staden '{requested}' har inga värden; visar {chosen}.",
        "en": "City '{requested}' has no values; showing {chosen}.",
    },
    "note_area_type_unavailable": {
        "sv": "Indelningen '{requested}' har inga värden för staden; visar {chosen}.",
        "en": "Area type '{requested}' has no values for this city; showing {chosen}.",
    },
    "note_indicator_unavailable": {
        "sv": "Indikatorn '{requested}' finns inte för den här indelningen; visar {chosen}.",
        "en": "Indicator '{requested}' is not available for this area type; showing {chosen}.",
    },
    "note_year_unavailable": {
        "sv": "År {requested} har inga värden för urvalet; visar {chosen}.",
        "en": "Year {requested} has no values for this selection; showing {chosen}.",
    },
    "note_sex_unavailable": {
        "sv": "Värden efter kön ('{requested}') finns inte för urvalet; visar {chosen}.",
        "en": "Values by sex ('{requested}') are not available for this selection; showing {chosen}.",
    },
    "empty_years": {
        "sv": "År utan några värden visas inte: {years}.",
        "en": "Years without any values are not offered: {years}.",
    },
    "no_boundaries": {
        "sv": "Datapaketet har inga gränser för indelningen {area_type}, så den visas som rangordning och tabell utan karta.",
        "en": "The data package has no boundaries for the area type {area_type}, so it is shown as a ranking and a table without a map.",
    },
    "outside_validity": {
        "sv": "Kartan visar indelningen {area_type} som gällde {valid}; året {year} ligger utanför den perioden.",
        "en": "The map shows the area type {area_type} as in force {valid}; the year {year} lies outside that period.",
    },
    "provisional_boundaries": {
        "sv": "Gränserna för {area_type} är preliminära (rekonstruerad indelning) – kontrollera mot stadens egna kartor innan publicering.",
        "en": "The boundaries of {area_type} are provisional (a reconstructed division) – check against the city's own maps before publishing.",
    },
    "period_note": {
        "sv": "Medelvärde för perioden {period}; visas skilt från enskilda år.",
        "en": "Average over the period {period}; kept apart from single years.",
    },
    # figures
    "missing": {"sv": "Uppgift saknas", "en": "No data"},
    "suppressed": {"sv": "Skyddat värde (för få invånare)", "en": "Suppressed (too few residents)"},
    "legend_scale": {
        "sv": "Samma färgskala för alla år och kön",
        "en": "Same colour scale for all years and sexes",
    },
    "city_value": {"sv": "{city} totalt", "en": "{city} overall"},
    "ranking_title": {"sv": "{indicator} per område, {year}", "en": "{indicator} by area, {year}"},
    "map_title": {"sv": "{indicator}, {city} {year}", "en": "{indicator}, {city} {year}"},
    "subtitle": {"sv": "{area_type} · {sex} · {unit}", "en": "{area_type} · {sex} · {unit}"},
    "source_line": {"sv": "Källa: {source}", "en": "Source: {source}"},
    "darker_worse": {"sv": "Mörkare = sämre", "en": "Darker = worse"},
    "darker_higher": {"sv": "Mörkare = högre", "en": "Darker = higher"},
    "change_since": {"sv": "Förändring sedan år", "en": "Change since year"},
    "level_map": {"sv": "– (visa nivån)", "en": "– (show the level)"},
    "change_title": {
        "sv": "Förändring i {indicator}, {city} {since}–{year}",
        "en": "Change in {indicator}, {city} {since}–{year}",
    },
    "change_note_polar": {
        "sv": "Blått = förbättring, rött = försämring · noll i mitten",
        "en": "Blue = improvement, red = deterioration · zero in the middle",
    },
    "change_note": {
        "sv": "Lila = minskning, orange = ökning · noll i mitten",
        "en": "Purple = decrease, orange = increase · zero in the middle",
    },
    # gap summary
    "gap_summary": {"sv": "Skillnader mellan områdena", "en": "Gaps between the areas"},
    "highest": {"sv": "Högst", "en": "Highest"},
    "lowest": {"sv": "Lägst", "en": "Lowest"},
    "difference": {"sv": "Skillnad högst–lägst", "en": "Difference highest–lowest"},
    "ratio": {"sv": "Kvot högst/lägst", "en": "Ratio highest/lowest"},
    "weighted_mean": {"sv": "Befolkningsviktat medelvärde", "en": "Population-weighted mean"},
    # Short units of the map's key figures, so that "98,2 procent" is not cut (issue 11, 6).
    "unit_short_percent": {"sv": "%", "en": "%"},
    "unit_short_points": {"sv": "%-enheter", "en": "pp"},
    "unit_short_thousand_sek": {"sv": "tkr", "en": "kSEK"},
    "coverage": {
        "sv": "{n} av {total} områden har ett värde.",
        "en": "{n} of {total} areas have a value.",
    },
    "weights_synthetic": {
        "sv": "Det viktade medelvärdet och kolumnen Folkmängd bygger på exempeldata (syntetisk folkmängd), inte officiell statistik.",
        "en": "The weighted mean and the Population column use example data (synthetic population), not official statistics.",
    },
    "no_values": {
        "sv": "Inget område har ett värde för urvalet.",
        "en": "No area has a value for this selection.",
    },
    # table
    "table": {"sv": "Tabell", "en": "Table"},
    "col_area": {"sv": "Område", "en": "Area"},
    "col_code": {"sv": "Kod", "en": "Code"},
    "col_value": {"sv": "Värde", "en": "Value"},
    "col_ci": {"sv": "95 % konfidensintervall", "en": "95 % confidence interval"},
    "col_population": {"sv": "Folkmängd", "en": "Population"},
    "col_note": {"sv": "Anmärkning", "en": "Note"},
    "flag_provisional": {"sv": "preliminärt", "en": "provisional"},
    "definition": {"sv": "Definition", "en": "Definition"},
    # trends
    "highlight": {"sv": "Markera områden", "en": "Highlight areas"},
    "recalc_toggle": {
        "sv": "Enhetlig serie: {area_type} omräknad för alla år från den minsta nivån (befolkningsviktad)",
        "en": "Consistent series: {area_type} recalculated for every year from the smallest level (population-weighted)",
    },
    "recalculated": {"sv": "omräknad", "en": "recalculated"},
    "division_break": {"sv": "ny indelning {year}", "en": "new division {year}"},
    "division_note": {
        "sv": "Varje indelning visas för sig; serierna binds inte ihop över en ändrad indelning, eftersom områdena inte är desamma. Slå på den enhetliga serien för en omräknad jämförelse över alla år.",
        "en": "Each division is shown on its own; series are never joined across a change of division, because the areas are not the same. Switch on the consistent series for a recalculated comparison over all years.",
    },
    "trend_title": {"sv": "{indicator} per område, {city}", "en": "{indicator} by area, {city}"},
    "gap_over_time": {"sv": "Skillnaden över tid", "en": "The gap over time"},
    "measures": {"sv": "Mått", "en": "Measures"},
    "gap_title": {"sv": "Skillnader i {indicator}, {city}", "en": "Gaps in {indicator}, {city}"},
    "gap_subtitle": {
        "sv": "{sex} · SII/RII efter kvintiler av {strat} · skuggat: 95 % konfidensintervall",
        "en": "{sex} · SII/RII by quintiles of {strat} · shaded: 95 % confidence interval",
    },
    "no_change_sentence": {
        "sv": "{measure}: för få år med värden för att beskriva en förändring.",
        "en": "{measure}: too few years with values to describe a change.",
    },
    # comparison of cities
    "stratifier": {"sv": "Rangordna områden efter (SII/RII)", "en": "Rank areas by (SII/RII)"},
    "compare_title": {
        "sv": "{indicator} i stadens områden, {year}",
        "en": "{indicator} in each city's areas, {year}",
    },
    "compare_subtitle": {
        "sv": "{sex} · {unit} · en punkt per område",
        "en": "{sex} · {unit} · one dot per area",
    },
    "compare_measures": {"sv": "Skillnadsmått per stad", "en": "Gap measures by city"},
    "col_districts": {"sv": "Områden med värde", "en": "Areas with a value"},
    "col_population_covered": {"sv": "Andel av befolkningen", "en": "Share of population"},
    "compare_note": {
        "sv": "Varje mått beror på hur finindelad staden är: fler och mindre områden ger större skillnad mellan högsta och lägsta. Det gäller också lutningsindex (SII) och RII, trots att områdena först förs samman i fem lika stora befolkningsgrupper (kvintiler) – samma mått för samma stad och år blir olika med olika indelningar. Inget av måtten gör städerna rättvist jämförbara; läs dem tillsammans med antalet områden och medelfolkmängden per område.",
        "en": "Every measure depends on how finely a city is divided: more, smaller areas give a larger gap between highest and lowest. This holds for the slope index (SII) and RII too, although they first group the areas into five equal population groups (quintiles) – the same measure for the same city and year differs between divisions. None of the measures makes the cities fairly comparable; read them with the number of areas and the mean population per area.",
    },
    # uploading, templates and history (issue #4)
    "page_upload": {"sv": "Ladda upp", "en": "Upload"},
    "page_history": {"sv": "Historik", "en": "History"},
    "upload_intro": {
        "sv": "Läs in egna värden från en CSV- eller Excelfil. Du ser först vad filen skulle ändra i lagret; inget sparas förrän du trycker på Spara. Varje sparad fil blir en version som kan dras tillbaka under Historik.",
        "en": "Import your own values from a CSV or Excel file. You first see what the file would change in the store; nothing is stored until you press Save. Every saved file becomes a version that can be withdrawn under History.",
    },
    "templates_title": {"sv": "Hämta en mall", "en": "Download a template"},
    "templates_help": {
        "sv": "En mall har alla områden i indelningen ifyllda och en tom kolumn per år (och kön). Fyll i värdena, spara och ladda upp filen här.",
        "en": "A template has every area of the division filled in and an empty column per year (and sex). Fill in the values, save and upload the file here.",
    },
    "template_by_sex": {
        "sv": "En kolumn per kön (kvinnor, män)",
        "en": "One column per sex (women, men)",
    },
    "template_csv": {"sv": "Mall som CSV", "en": "Template as CSV"},
    "template_xlsx": {"sv": "Mall som Excel (XLSX)", "en": "Template as Excel (XLSX)"},
    "upload_file_title": {"sv": "Ladda upp en fil", "en": "Upload a file"},
    "upload_file": {
        "sv": "Fil (CSV, TXT eller XLSX, högst 50 MB)",
        "en": "File (CSV, TXT or XLSX, at most 50 MB)",
    },
    "upload_file_help": {
        "sv": "Lång tabell (en rad per område och år) eller bred (en kolumn per år). Rubriker på svenska eller engelska.",
        "en": "A long table (one row per area and year) or a wide one (one column per year). Headers in Swedish or English.",
    },
    "upload_sheet": {"sv": "Blad i arbetsboken", "en": "Sheet of the workbook"},
    "upload_reading": {"sv": "Läser filen …", "en": "Reading the file …"},
    "auth_local": {
        "sv": "Ingen redaktör är konfigurerad. Uppladdning är ändå tillåten eftersom servern bara nås från den här datorn (127.0.0.1); ändringar registreras som {name}. Lägg till redaktörer med `jamlik add-editor NAMN` innan servern görs nåbar för andra.",
        "en": "No editor is configured. Uploading is allowed anyway because the server can only be reached from this computer (127.0.0.1); changes are recorded as {name}. Add editors with `jamlik add-editor NAME` before the server is made reachable by others.",
    },
    "auth_none_configured": {
        "sv": "Uppladdning är avstängd: ingen redaktör är konfigurerad, och sidan nåddes inte direkt från den här datorn som localhost eller 127.0.0.1 (servern kan nås från andra datorer, via en proxy eller under ett annat namn). Lägg till en redaktör med `jamlik add-editor NAMN` (eller i Streamlits secrets) och starta om.",
        "en": "Uploading is switched off: no editor is configured, and the page was not reached directly from this computer as localhost or 127.0.0.1 (the server can be reached from other computers, through a proxy or under another name). Add an editor with `jamlik add-editor NAME` (or in Streamlit secrets) and restart.",
    },
    "auth_needed": {
        "sv": "Alla kan se data. För att ladda upp eller dra tillbaka en version måste du logga in som redaktör.",
        "en": "Anyone can view the data. To upload or withdraw a version you must log in as an editor.",
    },
    "auth_name": {"sv": "Namn", "en": "Name"},
    "auth_password": {"sv": "Lösenord", "en": "Password"},
    "auth_sign_in": {"sv": "Logga in", "en": "Log in"},
    "auth_sign_out": {"sv": "Logga ut", "en": "Log out"},
    "auth_signed_in": {"sv": "Inloggad som redaktör: {name}", "en": "Logged in as editor: {name}"},
    "auth_failed": {"sv": "Fel namn eller lösenord.", "en": "Wrong name or password."},
    "auth_wait": {
        "sv": "För många misslyckade inloggningar. Försök igen om {seconds} sekunder.",
        "en": "Too many failed logins. Try again in {seconds} seconds.",
    },
    "columns_found": {"sv": "Så läses filens kolumner", "en": "How the file's columns are read"},
    "col_file_column": {"sv": "Kolumn i filen", "en": "Column in the file"},
    "col_read_as": {"sv": "Läses som", "en": "Read as"},
    "columns_unused": {"sv": "Läses inte: {columns}", "en": "Not read: {columns}"},
    "role_area": {"sv": "område (kod eller namn)", "en": "area (code or name)"},
    "role_area_code": {"sv": "områdeskod", "en": "area code"},
    "role_area_name": {"sv": "områdesnamn", "en": "area name"},
    "role_year": {"sv": "år", "en": "year"},
    "role_value": {"sv": "värde", "en": "value"},
    "role_sex": {"sv": "kön", "en": "sex"},
    "role_indicator": {"sv": "indikator", "en": "indicator"},
    "role_municipality_code": {"sv": "kommun", "en": "municipality"},
    "role_area_type": {"sv": "områdesindelning", "en": "area type"},
    "role_ci_low": {"sv": "nedre konfidensgräns", "en": "lower confidence limit"},
    "role_ci_high": {"sv": "övre konfidensgräns", "en": "upper confidence limit"},
    "role_flag": {"sv": "markering", "en": "flag"},
    "role_source": {"sv": "källa", "en": "source"},
    "role_wide": {"sv": "värde för {what}", "en": "value for {what}"},
    "mapping_needed": {
        "sv": "Rubrikerna säger inte säkert vilken kolumn som är vad. Välj kolumnerna nedan.",
        "en": "The headers do not say for certain which column is which. Choose the columns below.",
    },
    "mapping_choose": {
        "sv": "Välj en kolumn för varje fråga ovan för att fortsätta.",
        "en": "Choose a column for each question above to continue.",
    },
    "mapping_question": {"sv": "Vilken kolumn är {role}?", "en": "Which column holds the {role}?"},
    "choose_column": {"sv": "Välj kolumn", "en": "Choose a column"},
    "wide_values": {
        "sv": "årskolumnerna (en kolumn per år)",
        "en": "the year columns (one column per year)",
    },
    "defaults_title": {"sv": "Det filen inte säger", "en": "What the file does not say"},
    "defaults_help": {
        "sv": "Gäller bara uppgifter som saknas som kolumn i filen. Lämnas stad och indelning tomma gissas de från områdenas namn.",
        "en": "Used only for what the file has no column for. Left empty, city and area type are inferred from the area names.",
    },
    "defaults_required": {
        "sv": "Välj {fields} ovan (filen anger det inte) för att se vad filen skulle ändra.",
        "en": "Choose the {fields} above (the file does not give them) to see what the file would change.",
    },
    "default_guess": {"sv": "Gissa från områdena", "en": "Infer from the areas"},
    "default_choose": {"sv": "Välj", "en": "Choose"},
    "source_example": {"sv": "t.ex. Stockholms stad, SCB", "en": "e.g. City of Stockholm, SCB"},
    "problems_count": {
        "sv": "Filen {file} kan inte läsas in: {n} problem. Inget har sparats. Rätta det som står nedan (i filen eller i fälten ovan) och försök igen.",
        "en": "The file {file} cannot be imported: {n} problem(s). Nothing was stored. Correct what is listed below (in the file or in the fields above) and try again.",
    },
    "problems_more": {
        "sv": "Visar de första {shown} av {n} problem; hela listan finns att ladda ned.",
        "en": "Showing the first {shown} of {n} problems; download the full list.",
    },
    "problems_download": {
        "sv": "Ladda ned alla {n} problem (CSV)",
        "en": "Download all {n} problems (CSV)",
    },
    "col_row": {"sv": "Rad", "en": "Row"},
    "col_column": {"sv": "Kolumn", "en": "Column"},
    "col_problem": {"sv": "Problem", "en": "Problem"},
    "col_reason": {"sv": "Orsak", "en": "Reason"},
    "preview_title": {"sv": "Förhandsgranskning av {file}", "en": "Preview of {file}"},
    "identical_file": {
        "sv": "Exakt samma fil är redan inläst som version {version}.",
        "en": "Exactly the same file was already imported as version {version}.",
    },
    "col_new": {"sv": "Nya", "en": "New"},
    "col_changed": {"sv": "Ändrade", "en": "Changed"},
    "col_unchanged": {"sv": "Oförändrade", "en": "Unchanged"},
    "changed_title": {"sv": "Ändrade värden (gammalt → nytt)", "en": "Changed values (old → new)"},
    "col_old_value": {"sv": "Gammalt värde", "en": "Old value"},
    "col_new_value": {"sv": "Nytt värde", "en": "New value"},
    "changed_more": {
        "sv": "Visar de första {shown} av {n} ändrade värden.",
        "en": "Showing the first {shown} of {n} changed values.",
    },
    "changed_download": {
        "sv": "Ladda ned alla ändrade värden (CSV)",
        "en": "Download every changed value (CSV)",
    },
    "preview_map": {"sv": "Karta över filens värden", "en": "Map of the file's values"},
    "preview_map_choice": {"sv": "Visa på kartan", "en": "Show on the map"},
    "preview_map_title": {
        "sv": "Från filen: {indicator}, {city} {year}",
        "en": "From the file: {indicator}, {city} {year}",
    },
    "preview_missing": {"sv": "Inget värde i filen", "en": "No value in the file"},
    "preview_scale_note": {
        "sv": "Förhandsgranskning – inte sparad · färgskala efter filens värden",
        "en": "Preview – not saved · colour scale from the file's values",
    },
    "nothing_to_save": {
        "sv": "Filen ändrar ingenting i lagret; det finns inget att spara.",
        "en": "The file changes nothing in the store; there is nothing to save.",
    },
    "save": {"sv": "Spara", "en": "Save"},
    "save_help": {
        "sv": "Sparas som en ny version i ett enda steg, registrerad på {editor}. Versionen kan dras tillbaka under Historik.",
        "en": "Stored as a new version in one step, recorded as {editor}. The version can be withdrawn under History.",
    },
    "saved_version": {
        "sv": "{file} sparades som version {version}: {new} nya och {changed} ändrade värden.",
        "en": "{file} was saved as version {version}: {new} new and {changed} changed values.",
    },
    "saved_nothing": {
        "sv": "{file} ändrade ingenting i lagret; ingen version sparades.",
        "en": "{file} changed nothing in the store; no version was saved.",
    },
    "saved_differs": {
        "sv": "En annan uppladdning sparades efter din förhandsgranskning, så antalen räknades om: {new} nya, {changed} ändrade, {unchanged} oförändrade.",
        "en": "Another upload was saved after your preview, so the counts were recalculated: {new} new, {changed} changed, {unchanged} unchanged.",
    },
    "fix_areas_title": {
        "sv": "Rätta okända områden här, utan att ändra filen:",
        "en": "Fix unknown areas here, without changing the file:",
    },
    "use_suggestion": {"sv": "Använd {name} för ”{value}”", "en": "Use {name} for “{value}”"},
    "show_on_map": {"sv": "Visa på kartan", "en": "Show on the map"},
    "go_to_history": {
        "sv": "Se alla versioner under Historik",
        "en": "See every version under History",
    },
    "history_intro": {
        "sv": "Varje inläsning i lagret är en version: datapaketets filer och uppladdade filer, med vem som läste in dem och när. Ett tillbakadraget värde ersätts av det som gällde före versionen.",
        "en": "Every import into the store is a version: the data package's files and uploaded files, with who imported them and when. A withdrawn value is replaced by the one in force before the version.",
    },
    "col_area_code": {"sv": "Områdeskod", "en": "Area code"},
    "compare_cities": {"sv": "Kommuner", "en": "Municipalities"},
    "col_file": {"sv": "Fil", "en": "File"},
    "col_imported": {"sv": "Inläst", "en": "Imported"},
    "page_divisions": {"sv": "Områdesindelningar", "en": "Divisions"},
    "divisions_intro": {
        "sv": "Lägg till en kommuns egen områdesindelning (GeoJSON, GeoPackage eller zippad "
        "Shapefile). Filen kontrolleras först; inget sparas förrän du trycker Spara. En sparad "
        "indelning syns genast på kartan och kan tas emot i uppladdningar.",
        "en": "Add a municipality's own division (GeoJSON, GeoPackage or zipped Shapefile). The "
        "file is checked first; nothing is stored until you press Save. A stored division shows "
        "on the map at once and is accepted in uploads.",
    },
    "division_file": {"sv": "Fil med områden", "en": "File of areas"},
    "division_municipality": {"sv": "Kommun", "en": "Municipality"},
    "division_area_type": {"sv": "Id för indelningen", "en": "Id of the division"},
    "division_area_type_help": {
        "sv": "Små bokstäver, siffror och _, t.ex. deso_2025. Står i adresser och filer.",
        "en": "Lower-case letters, digits and _, e.g. deso_2025. Used in addresses and files.",
    },
    "division_name_sv": {"sv": "Namn på svenska", "en": "Name in Swedish"},
    "division_name_en": {"sv": "Namn på engelska", "en": "Name in English"},
    "division_id_field": {"sv": "Egenskap med områdeskoden", "en": "Property with the area code"},
    "division_name_field": {
        "sv": "Egenskap med områdesnamnet",
        "en": "Property with the area name",
    },
    "division_parent": {"sv": "Ligger i (överordnad indelning)", "en": "Lies in (parent division)"},
    "division_no_parent": {"sv": "– ingen –", "en": "– none –"},
    "division_crs": {"sv": "Koordinatsystem om filen saknar det", "en": "CRS if the file has none"},
    "division_crs_help": {
        "sv": "Tomt = filens eget. T.ex. EPSG:3006 för SWEREF 99 TM.",
        "en": "Empty = the file's own. E.g. EPSG:3006 for SWEREF 99 TM.",
    },
    "division_valid_from": {"sv": "Gäller från", "en": "Valid from"},
    "division_valid_to": {"sv": "Gäller till", "en": "Valid to"},
    "division_check": {"sv": "Kontrollera", "en": "Check"},
    "division_valid": {
        "sv": "Filen är giltig: {n} områden. Inget är sparat ännu.",
        "en": "The file is valid: {n} areas. Nothing is stored yet.",
    },
    "division_stored": {
        "sv": "{name} sparades som områdesindelning version {version} ({n} områden).",
        "en": "{name} was stored as division version {version} ({n} areas).",
    },
    "division_map_title": {
        "sv": "{area_type}, {city}: {n} områden",
        "en": "{area_type}, {city}: {n} areas",
    },
    "division_context_title": {"sv": "{city} i Sverige", "en": "{city} in Sweden"},
    "division_areas": {"sv": "Områden", "en": "Areas"},
    "division_versions": {"sv": "Sparade områdesindelningar", "en": "Stored divisions"},
    "division_history_help": {
        "sv": "Områdesindelningar läggs till och tas bort på sidan Områdesindelningar.",
        "en": "Divisions are added and withdrawn on the Divisions page.",
    },
    "division_withdraw": {"sv": "Ta bort version", "en": "Withdraw version"},
    "division_withdrawn": {
        "sv": "Områdesindelningen version {version} har tagits bort.",
        "en": "Division version {version} has been withdrawn.",
    },
    "col_version": {"sv": "Version", "en": "Version"},
    "col_origin": {"sv": "Ursprung", "en": "Origin"},
    "col_editor": {"sv": "Redaktör", "en": "Editor"},
    "col_withdrawn": {"sv": "Tillbakadragen", "en": "Withdrawn"},
    "origin_upload": {"sv": "uppladdning", "en": "upload"},
    "origin_package": {"sv": "datapaket", "en": "data package"},
    "withdrawn_by": {"sv": "{time} av {name}", "en": "{time} by {name}"},
    "withdraw_title": {"sv": "Dra tillbaka en version", "en": "Withdraw a version"},
    "withdraw_help": {
        "sv": "Bara uppladdade versioner kan dras tillbaka; datapaketets versioner följer paketet, så ändra paketet i stället.",
        "en": "Only uploaded versions can be withdrawn; the data package's versions follow the package, so change the package instead.",
    },
    "withdraw_none": {
        "sv": "Det finns ingen uppladdad version att dra tillbaka.",
        "en": "There is no uploaded version to withdraw.",
    },
    "withdraw_version": {"sv": "Version", "en": "Version"},
    "withdraw_gone": {
        "sv": "Version {version} har just dragits tillbaka av någon annan; se tabellen ovan.",
        "en": "Version {version} was just withdrawn by someone else; see the table above.",
    },
    "withdraw_option": {
        "sv": "{version} – {file} ({editor}, {time})",
        "en": "{version} – {file} ({editor}, {time})",
    },
    "withdraw_confirm": {
        "sv": "Ja, återställ värdena till det som gällde före version {version}",
        "en": "Yes, restore the values in force before version {version}",
    },
    "withdraw": {"sv": "Dra tillbaka", "en": "Withdraw"},
    "withdrawn": {
        "sv": "Version {version} drogs tillbaka; värdena är återställda.",
        "en": "Version {version} was withdrawn; the values are restored.",
    },
    "withdraw_effect": {
        "sv": "Att dra tillbaka version {version} berör {cells} celler: {reverted} får tillbaka värdet från en tidigare version, {emptied} blir tomma och {kept} behåller sitt värde, eftersom en senare version angav samma värde.",
        "en": "Withdrawing version {version} affects {cells} cells: {reverted} go back to an earlier version's value, {emptied} become empty and {kept} keep their value, because a later version stated the same value.",
    },
    # exports, permalinks and Områdesfakta (issue #5)
    "export": {"sv": "Exportera", "en": "Export"},
    "export_size": {"sv": "Storlek på bilden", "en": "Image size"},
    "size_a4": {"sv": "A4-rapport (16 cm bred)", "en": "A4 report (16 cm wide)"},
    "size_slide": {"sv": "Bildspel 16:9", "en": "Slide 16:9"},
    "export_images": {"sv": "Bild", "en": "Image"},
    "export_data": {"sv": "Data bakom diagrammet", "en": "Data behind the chart"},
    "export_alt": {
        "sv": "Beskrivning (alternativtext, finns även i bildfilen)",
        "en": "Description (alt text, also inside the image file)",
    },
    "export_no_browser": {
        "sv": "Bildexport kräver Chromium ({path}), som saknas här; data kan ändå laddas ner.",
        "en": "Image export needs Chromium ({path}), which is missing here; the data can still be downloaded.",
    },
    # the charts' text alternatives on the page (issue #11)
    "chart_table": {
        "sv": "Diagrammets värden som tabell",
        "en": "The chart's values as a table",
    },
    "page_title": {"sv": "{page} – Jämlik stad", "en": "{page} – Jämlik stad"},
    "copy_link": {"sv": "Kopiera länk", "en": "Copy link"},
    "copy_link_help": {
        "sv": "Länken öppnar exakt den här vyn. Kopiera den med knappen i rutans hörn.",
        "en": "The link opens exactly this view. Copy it with the button in the box's corner.",
    },
    "country_name": {"sv": "Sverige", "en": "Sweden"},
    "note_period": {"sv": "medelvärde {period}", "en": "average {period}"},
    "col_ci_low": {"sv": "KI 95 % nedre", "en": "CI 95 % low"},
    "col_ci_high": {"sv": "KI 95 % övre", "en": "CI 95 % high"},
    "col_value_since": {"sv": "Värde {year}", "en": "Value {year}"},
    "col_change": {"sv": "Förändring", "en": "Change"},
    "col_level": {"sv": "Nivå", "en": "Level"},
    "col_measure": {"sv": "Mått", "en": "Measure"},
    "col_ci_method": {"sv": "Metod för konfidensintervall", "en": "Confidence interval method"},
    "col_range": {"sv": "Lägst – högst bland områdena", "en": "Lowest – highest among the areas"},
    "col_rank": {"sv": "Plats (1 = högst)", "en": "Rank (1 = highest)"},
    "level_area": {"sv": "Område", "en": "Area"},
    "level_city": {"sv": "Kommunen", "en": "Municipality"},
    "level_country": {"sv": "Riket", "en": "Country"},
    "ranking_title_city": {
        "sv": "{indicator} per område, {city} {year}",
        "en": "{indicator} by area, {city} {year}",
    },
    "stem_map": {"sv": "karta", "en": "map"},
    "stem_change": {"sv": "forandring sedan {since}", "en": "change since {since}"},
    "stem_ranking": {"sv": "rangordning", "en": "ranking"},
    "stem_trend": {"sv": "utveckling", "en": "trend"},
    "stem_gap": {"sv": "skillnader", "en": "gaps"},
    "stem_compare": {"sv": "jamforelse", "en": "comparison"},
    "page_factsheet": {"sv": "Områdesfakta", "en": "Area facts"},
    "area": {"sv": "Område", "en": "Area"},
    "fs_intro": {
        "sv": "Ett område i taget: nyckeltalen senaste året jämfört med staden och Sverige, utvecklingen över tid och folkmängden – som en A4-sida att ladda ner.",
        "en": "One area at a time: the key figures of the latest year against the city and Sweden, their development over time and the population – as an A4 page to download.",
    },
    "fs_title": {"sv": "Områdesfakta: {area}, {city}", "en": "Area facts: {area}, {city}"},
    "fs_population_line": {
        "sv": "Folkmängd {population} ({year})",
        "en": "Population {population} ({year})",
    },
    "fs_strip": {
        "sv": "<b>{indicator}</b> {year}: <b>{value}</b> · {city} {city_value} · {country} {country_value}",
        "en": "<b>{indicator}</b> {year}: <b>{value}</b> · {city} {city_value} · {country} {country_value}",
    },
    "fs_trend": {"sv": "{indicator} ({unit})", "en": "{indicator} ({unit})"},
    "fs_others": {"sv": "Övriga områden i staden", "en": "Other areas of the city"},
    "fs_key_figures": {"sv": "Nyckeltal", "en": "Key figures"},
    "fs_no_areas": {
        "sv": "Indelningen har inga områden med nyckeltal.",
        "en": "The area type has no areas with key figures.",
    },
    "fs_city_report": {"sv": "Rapport för hela staden", "en": "Report for the whole city"},
    "fs_city_report_help": {
        "sv": "Områdesfakta för alla {n} områden i {area_type}, en A4-sida per område, i en PDF med bokmärken.",
        "en": "Area facts for all {n} areas of {area_type}, one A4 page per area, in one PDF with bookmarks.",
    },
    "fs_make_report": {"sv": "Skapa rapporten (PDF)", "en": "Create the report (PDF)"},
    "fs_progress": {"sv": "Sida {i} av {n}: {area}", "en": "Page {i} of {n}: {area}"},
    "fs_report_ready": {
        "sv": "Rapporten är klar: {n} sidor på {seconds} s.",
        "en": "The report is ready: {n} pages in {seconds} s.",
    },
    "fs_download_report": {"sv": "Ladda ner rapporten (PDF)", "en": "Download the report (PDF)"},
    "fs_report_title": {
        "sv": "Områdesfakta {city}: {area_type}",
        "en": "Area facts {city}: {area_type}",
    },
    "cli_impossible": {
        "sv": "Omöjligt urval – {what} '{requested}' finns inte för urvalet. Möjliga värden: {options}.",
        "en": "Impossible selection – {what} '{requested}' is not available for this selection. Possible values: {options}.",
    },
    "cli_no_boundaries": {
        "sv": "Datapaketet har inga gränser för indelningen '{area_type}', så det finns ingen karta; välj --figure ranking.",
        "en": "The data package has no boundaries for the area type '{area_type}', so there is no map; choose --figure ranking.",
    },
    "cli_no_area": {
        "sv": "Området '{area}' har inga nyckeltal i indelningen '{area_type}'. Möjliga koder: {options}.",
        "en": "Area '{area}' has no key figures in the area type '{area_type}'. Possible codes: {options}.",
    },
    "cli_bad_format": {
        "sv": "Okänt format '{fmt}'. Möjliga: {options}.",
        "en": "Unknown format '{fmt}'. Possible: {options}.",
    },
    "cli_wrote": {"sv": "skrev {path}", "en": "wrote {path}"},
    # jamlik import / history / withdraw
    "cli_no_file": {"sv": "ingen fil", "en": "no file"},
    "cli_busy": {
        "sv": "lagret är upptaget: en annan import eller tillbakadragning skrev i mer än 30 sekunder. Inget sparades; försök igen om en stund.",
        "en": "the store is busy: another import or withdrawal was writing for more than 30 seconds. Nothing was stored; try again in a while.",
    },
    "cli_refused": {"sv": "{name}: vägrad, {n} problem", "en": "{name}: refused, {n} problem(s)"},
    "cli_more": {"sv": "  … och {n} till", "en": "  … and {n} more"},
    "cli_import_counts": {
        "sv": "{rows} rader: {new} nya, {changed} ändrade, {unchanged} oförändrade",
        "en": "{rows} rows: {new} new, {changed} changed, {unchanged} unchanged",
    },
    "cli_valid": {
        "sv": "giltig (provkörning, inget sparat)",
        "en": "valid (dry run, nothing stored)",
    },
    "cli_imported": {
        "sv": "importerad som version {version}",
        "en": "imported as version {version}",
    },
    "cli_unchanged": {"sv": "oförändrad, inget sparat", "en": "unchanged, nothing stored"},
    "cli_same_file": {
        "sv": "  samma fil som version {version}",
        "en": "  the same file as version {version}",
    },
    "cli_changed_values": {
        "sv": "  ändrade värden (gammalt → nytt):",
        "en": "  changed values (old → new):",
    },
    "cli_no_versions": {"sv": "inga versioner", "en": "no versions"},
    "cli_withdrawn_mark": {"sv": "  TILLBAKADRAGEN", "en": "  WITHDRAWN"},
    "cli_history_counts": {
        "sv": "{rows} rader, {new} nya, {changed} ändrade",
        "en": "{rows} rows, {new} new, {changed} changed",
    },
    "cli_division_valid": {
        "sv": "{name}: giltig, {n} områden (inget sparat)",
        "en": "{name}: valid, {n} areas (nothing stored)",
    },
    "cli_division_stored": {
        "sv": "{name}: sparad som områdesindelning version {version}, {n} områden",
        "en": "{name}: stored as division version {version}, {n} areas",
    },
    "cli_no_divisions": {"sv": "inga områdesindelningar", "en": "no divisions"},
    "cli_division_withdrawn": {
        "sv": "områdesindelningen version {version} har tagits bort",
        "en": "division version {version} has been withdrawn",
    },
    "cli_version_withdrawn": {
        "sv": "version {version} har dragits tillbaka",
        "en": "version {version} has been withdrawn",
    },
    # issue 8 – signif: each district against the city and Sverige
    "colour_by": {"sv": "Färg efter", "en": "Colour by"},
    "colour_value": {"sv": "Värde", "en": "Value"},
    "colour_vs_city": {"sv": "Jämfört med staden", "en": "Compared with the city"},
    "colour_vs_country": {"sv": "Jämfört med Sverige", "en": "Compared with Sweden"},
    "compare_title_city": {
        "sv": "{indicator} i {city} {year} jämfört med staden",
        "en": "{indicator} in {city} {year} compared with the city",
    },
    "compare_title_country": {
        "sv": "{indicator} i {city} {year} jämfört med Sverige",
        "en": "{indicator} in {city} {year} compared with Sweden",
    },
    "compare_scale_note": {
        "sv": "95 % konfidensintervall jämfört med referensvärdet",
        "en": "95% confidence interval against the reference value",
    },
    "compare_no_change": {
        "sv": "Jämförelsen gäller nivån; välj Värde för att visa förändring.",
        "en": "The comparison is of the level; choose Value to show a change.",
    },
    "col_vs_city": {"sv": "Jämfört med staden", "en": "Compared with the city"},
    "col_vs_country": {"sv": "Jämfört med Sverige", "en": "Compared with Sweden"},
    "col_district_ci": {
        "sv": "Områdets konfidensintervall",
        "en": "The area's confidence interval",
    },
    "signif_ci_wilson": {
        "sv": "Wilson (andel av känd nämnare)",
        "en": "Wilson (share of a known denominator)",
    },
    "signif_ci_byar": {"sv": "Byar (antal händelser)", "en": "Byar (count of events)"},
    "signif_ci_row": {"sv": "publicerat", "en": "published"},
    "signif_ci_none": {"sv": "saknas", "en": "none"},
    "significance_method": {
        "sv": (
            "**Jämfört med staden och Sverige.** Ett område är *signifikant bättre* eller "
            "*signifikant sämre* än staden (eller Sverige) när stadens (Sveriges) värde ligger "
            "utanför områdets 95-procentiga konfidensintervall, annars visas *ingen säkerställd "
            "skillnad* – det betyder inte att området är likt staden, bara att skillnaden inte "
            "går att säkerställa. Intervallet räknas från antal där data har dem: Wilsons "
            "metod för en andel vars nämnare är känd (t.ex. förvärvsfrekvens med antalet "
            "20–64-åringar), Byars metod för antal händelser; annars används radens publicerade "
            "intervall. Ett värde utan intervall, eller utan referensvärde, *kan inte bedömas* "
            "och gissas aldrig. Färgen följer indikatorns riktning (högre är bättre eller "
            "sämre); för indikatorer utan riktning visas bara *högre* och *lägre*. "
            "Referensvärdets egen osäkerhet räknas inte med, eftersom området är en del av "
            "staden och staden är mycket större än området – samma metod som Fingertips "
            "(Public Health England) använder. Antal personer jämförs aldrig med staden."
        ),
        "en": (
            "**Compared with the city and Sweden.** An area is *significantly better* or "
            "*significantly worse* than the city (or Sweden) when the city's (Sweden's) value "
            "lies outside the area's 95% confidence interval; otherwise it shows *no "
            "established difference* – which does not mean the area is like the city, only "
            "that a difference cannot be established. The interval is computed from counts "
            "where the data has them: Wilson's method for a share whose denominator is known "
            "(e.g. the employment rate with the number of people aged 20–64), Byar's method "
            "for a count of events; otherwise the row's published interval is used. A value "
            "without an interval, or without a reference value, *cannot be assessed* and is "
            "never guessed. Colours follow the indicator's direction (higher is better or "
            "worse); for indicators without a direction only *higher* and *lower* are shown. "
            "The reference's own uncertainty is ignored, because the area is part of the city "
            "and the city is much larger than the area – the method Fingertips (Public Health "
            "England) uses. Counts of people are never compared with the city."
        ),
    },
    "fs_significance_note": {
        "sv": "Jämförelsen med staden och Sverige bygger på områdets 95 % konfidensintervall.",
        "en": "The comparison with the city and Sweden rests on the area's 95% confidence interval.",
    },
    # issue 8 – prov: provenance by role in map, ranking, compare and fact-sheet exports
    "col_population_synthetic": {
        "sv": "Folkmängd (exempeldata)",
        "en": "Population (example data)",
    },
    "col_population_source": {"sv": "Källa, folkmängd", "en": "Source, population"},
    "note_population_synthetic": {"sv": "Folkmängd: {note}", "en": "Population: {note}"},
    "col_n_areas": {"sv": "Antal områden", "en": "Number of areas"},
    "col_mean_population": {
        "sv": "Medelfolkmängd per område",
        "en": "Mean population per area",
    },
    "col_measure_city": {"sv": "Stadens {measure}", "en": "City's {measure}"},
    # issue 8 – trends
    "col_sources": {"sv": "Källor efter roll", "en": "Sources by role"},
    "trends_change_help": {
        "sv": (
            "Förändringen mellan två år prövas som en skillnad: skillnaden mellan åren med "
            "ett 95 % konfidensintervall, från båda årens osäkerhet (standardfel, eller de "
            "simulerade dragningarna när gränserna är simulerade). Den kallas statistiskt "
            "säkerställd när p < 0,05, alltså när intervallet för skillnaden inte rymmer noll. "
            "Att två års intervall överlappar betyder inte att ingen förändring skett. "
            "Trenden är lutningen i en viktad regression av måttet på år över alla år med "
            "samma slags källor (vikt 1/standardfel²), med sitt 95 % konfidensintervall. "
            "År som bygger på andra källor (t.ex. publicerad statistik före exempeldata) "
            "jämförs inte med senare år; linjen bryts där, som vid byte av indelning. Utan "
            "konfidensintervall kan förändringen inte bedömas."
        ),
        "en": (
            "The change between two years is tested as a difference: the difference between "
            "the years with a 95% confidence interval from both years' uncertainty (standard "
            "errors, or the simulated draws where the limits are simulated). It is called "
            "statistically significant when p < 0.05, that is when the interval of the "
            "difference excludes zero. Overlapping intervals of two years do not mean there "
            "was no change. The trend is the slope of a weighted regression of the measure on "
            "year over all years resting on the same kind of sources (weight 1/standard "
            "error²), with its 95% confidence interval. Years resting on other sources (e.g. "
            "published statistics before example data) are not compared with later years; "
            "the line breaks there, as at a change of division. Without confidence intervals "
            "the change cannot be assessed."
        ),
    },
    "provenance_break": {"sv": "Andra källor", "en": "Other sources"},
    # issue 9 – the word tables of the presentation layer, merged here.
    # Alt text of exported figures (alttext.py); the figure's kind opens the description.
    "alt_map": {"sv": "Karta", "en": "Map"},
    "alt_ranking": {"sv": "Stapeldiagram", "en": "Bar chart"},
    "alt_trend": {"sv": "Linjediagram", "en": "Line chart"},
    "alt_gap": {"sv": "Linjediagram över skillnadsmått", "en": "Line chart of gap measures"},
    "alt_compare": {"sv": "Punkt- och lådagram", "en": "Dot and box plot"},
    "alt_factsheet": {"sv": "Områdesfakta", "en": "Area fact sheet"},
    "alt_high_low": {
        "sv": "Högst: {high} ({high_value}), lägst: {low} ({low_value}); skillnad {difference}",
        "en": "Highest: {high} ({high_value}), lowest: {low} ({low_value}); difference {difference}",
    },
    "alt_ratio": {"sv": ", kvot {ratio}", "en": ", ratio {ratio}"},
    "alt_change": {
        "sv": "Förändringen var störst i {high} ({high_value}) och minst i {low} ({low_value}).",
        "en": "The change was largest in {high} ({high_value}) and smallest in {low} ({low_value}).",
    },
    "alt_reference": {"sv": "{name}: {value}.", "en": "{name}: {value}."},
    "alt_no_values": {"sv": "Inget område har ett värde.", "en": "No area has a value."},
    "alt_lines": {
        "sv": "En linje per område ({n} områden), {first}–{last}.",
        "en": "One line per area ({n} areas), {first}–{last}.",
    },
    "alt_latest": {"sv": "År {year}:", "en": "In {year}:"},
    "alt_gap_then": {
        "sv": "Skillnaden högst–lägst var {then} år {first}.",
        "en": "The difference highest–lowest was {then} in {first}.",
    },
    "alt_measure": {
        "sv": "{name}: {first_value} år {first} och {last_value} år {last}.",
        "en": "{name}: {first_value} in {first} and {last_value} in {last}.",
    },
    "alt_city": {
        "sv": "{city}: {n} områden, median {median}, från {low} ({low_name}) till {high} ({high_name}).",
        "en": "{city}: {n} areas, median {median}, from {low} ({low_name}) to {high} ({high_name}).",
    },
    "alt_population": {
        "sv": "Folkmängd {population} ({year}).",
        "en": "Population {population} ({year}).",
    },
    "alt_fact": {
        "sv": "{indicator} {year}: {value} ({city} {city_value}; Sverige {country_value}).",
        "en": "{indicator} {year}: {value} ({city} {city_value}; Sweden {country_value}).",
    },
    "alt_missing": {"sv": "uppgift saknas", "en": "no data"},
    # The metadata block of an XLSX export (exports.ExportMeta.label).
    "export_selection": {"sv": "Urval", "en": "Selection"},
    "export_unit": {"sv": "Enhet", "en": "Unit"},
    "export_source": {"sv": "Källa", "en": "Source"},
    "export_retrieved": {"sv": "Hämtad", "en": "Retrieved"},
    "export_link": {"sv": "Länk", "en": "Link"},
    "export_notes": {"sv": "Anmärkningar", "en": "Notes"},
    "export_description": {"sv": "Beskrivning", "en": "Description"},
    "export_sheet": {"sv": "Data", "en": "Data"},
    # Month names of a retrieval date: not strftime('%B'), which follows the process's locale.
    "month_1": {"sv": "januari", "en": "January"},
    "month_2": {"sv": "februari", "en": "February"},
    "month_3": {"sv": "mars", "en": "March"},
    "month_4": {"sv": "april", "en": "April"},
    "month_5": {"sv": "maj", "en": "May"},
    "month_6": {"sv": "juni", "en": "June"},
    "month_7": {"sv": "juli", "en": "July"},
    "month_8": {"sv": "augusti", "en": "August"},
    "month_9": {"sv": "september", "en": "September"},
    "month_10": {"sv": "oktober", "en": "October"},
    "month_11": {"sv": "november", "en": "November"},
    "month_12": {"sv": "december", "en": "December"},
    # The footer of an exported image (render.footer_lines) and a cut ranking's gap.
    "sources_line": {"sv": "Källor: {source}", "en": "Sources: {source}"},
    "footer_retrieved": {
        "sv": "Hämtad {date} ur Jämlik stad",
        "en": "Retrieved {date} from Jämlik stad",
    },
    "ranking_gap": {"sv": "… {n} områden däremellan …", "en": "… {n} areas in between …"},
    # One sentence on a gap measure's change and trend (sentences.py).
    "col_link_factsheet": {"sv": "Områdesfakta", "en": "Area facts"},
    "col_link_trend": {"sv": "Utveckling", "en": "Trends"},
    "link_factsheet_text": {"sv": "Visa områdesfakta", "en": "Show area facts"},
    "link_trend_text": {"sv": "Visa utveckling", "en": "Show trend"},
    # "Is it closing?": one sentence over D and SII, the page's first answer (issue 11).
    "closing_title": {"sv": "Minskar skillnaden?", "en": "Is the gap closing?"},
    "closing_both": {
        "sv": "{Verdict}: både skillnaden mellan högsta och lägsta {noun} och lutningsindex "
        "(SII) efter {strat} {moved} {period}, och båda förändringarna är statistiskt "
        "säkerställda.",
        "en": "{Verdict}: both the difference between the highest and the lowest {noun} and "
        "the slope index (SII) by {strat} {moved} {period}, and both changes are "
        "statistically significant.",
    },
    "closing_sii_only": {
        "sv": "Skillnaden efter {strat} {moved} {period} enligt lutningsindex (SII), som väger "
        "in alla områden, och förändringen är statistiskt säkerställd; skillnaden mellan "
        "högsta och lägsta {noun} bygger på två områden och dess förändring är inte "
        "säkerställd.",
        "en": "The gap by {strat} {moved} {period} by the slope index (SII), which weighs in "
        "every area, and the change is statistically significant; the difference between the "
        "highest and the lowest {noun} rests on two areas and its change is not significant.",
    },
    "closing_d_only": {
        "sv": "Skillnaden mellan högsta och lägsta {noun} {moved} {period}, statistiskt "
        "säkerställt; lutningsindex (SII) efter {strat}, som väger in alla områden, visar "
        "ingen säkerställd förändring, så det gäller ytterligheterna, inte hela fördelningen.",
        "en": "The difference between the highest and the lowest {noun} {moved} {period}, "
        "statistically significant; the slope index (SII) by {strat}, which weighs in every "
        "area, shows no significant change, so this holds for the extremes, not the whole "
        "distribution.",
    },
    "closing_conflict": {
        "sv": "Måtten pekar åt olika håll {period}: skillnaden mellan högsta och lägsta {noun} "
        "{moved_d}, men lutningsindex (SII) efter {strat} {moved_sii}, båda statistiskt "
        "säkerställda; svaret beror på vilken skillnad man frågar efter.",
        "en": "The measures point different ways {period}: the difference between the highest "
        "and the lowest {noun} {moved_d}, but the slope index (SII) by {strat} {moved_sii}, "
        "both statistically significant; the answer depends on which gap is asked about.",
    },
    "closing_unclear": {
        "sv": "Det går inte att säga att skillnaden minskar eller ökar {period}: varken "
        "skillnaden mellan högsta och lägsta {noun} eller lutningsindex (SII) efter {strat} "
        "förändrades statistiskt säkerställt (vilket inte visar att inget har ändrats).",
        "en": "It cannot be said that the gap is closing or widening {period}: neither the "
        "difference between the highest and the lowest {noun} nor the slope index (SII) by "
        "{strat} changed significantly (which does not show that nothing changed).",
    },
    "closing_yes": {"sv": "Ja, skillnaden minskar", "en": "Yes, the gap is closing"},
    "closing_no": {"sv": "Nej, skillnaden ökar", "en": "No, the gap is widening"},
    "closing_narrowed": {"sv": "minskade", "en": "narrowed"},
    "closing_widened": {"sv": "ökade", "en": "widened"},
    "closing_period": {"sv": "{a}–{b}", "en": "{a}–{b}"},
    "closing_period_two": {
        "sv": "{a}–{b} (SII {c}–{d})",
        "en": "{a}–{b} (SII {c}–{d})",
    },
    "measures_help_title": {
        "sv": "Vad betyder D, SII och RII?",
        "en": "What do D, SII and RII mean?",
    },
    "measures_help": {
        "sv": "**D (differens):** skillnaden mellan området med högst och området med lägst "
        "värde. Lätt att förstå, men den ser bara på två områden och hoppar därför mer av "
        "slumpen.\n\n"
        "**SII (lutningsindex):** områdena ordnas från lägst till högst {strat} och vägs "
        "efter hur många som bor där. SII är den uppskattade skillnaden mellan den allra "
        "lägsta och den allra högsta änden av den ordningen, i indikatorns egen enhet. Alla "
        "områden räknas, så SII är stadigare än D.\n\n"
        "**RII (relativt index):** samma sak som SII men som kvot – hur många gånger högre "
        "värdet är i ena änden än i den andra. 1 betyder ingen skillnad.",
        "en": "**D (difference):** the gap between the area with the highest and the area "
        "with the lowest value. Easy to read, but it looks at two areas only and so jumps "
        "more by chance.\n\n"
        "**SII (slope index of inequality):** the areas are ordered from the lowest to the "
        "highest {strat} and weighted by how many people live there. SII is the estimated gap "
        "between the very bottom and the very top of that order, in the indicator's own unit. "
        "Every area counts, so SII is steadier than D.\n\n"
        "**RII (relative index):** the same as SII but as a ratio – how many times higher "
        "the value is at one end than at the other. 1 means no gap.",
    },
    "change_subject_d": {
        "sv": "Skillnaden i {ind} mellan högsta och lägsta {noun}",
        "en": "The difference in {ind} between the highest and the lowest {noun}",
    },
    "change_subject_sii": {
        "sv": "Lutningsindex (SII) för {ind} mellan områden med lägst och högst {strat}",
        "en": "The slope index of inequality (SII) in {ind} between areas with the lowest and the highest {strat}",
    },
    "change_subject_other": {"sv": "{measure} för {ind}", "en": "{measure} for {ind}"},
    "change_up": {"sv": "ökade", "en": "increased"},
    "change_down": {"sv": "minskade", "en": "decreased"},
    "change_same": {"sv": "var oförändrad", "en": "was unchanged"},
    # "lutningsindex", "mått": neuter nouns in Swedish.
    "change_same_neuter": {"sv": "var oförändrat", "en": "was unchanged"},
    "change_significant": {
        "sv": "förändringen är statistiskt säkerställd ({p})",
        "en": "the change is statistically significant ({p})",
    },
    "change_not_significant": {
        "sv": "förändringen är inte statistiskt säkerställd ({p})",
        "en": "the change is not statistically significant ({p})",
    },
    "change_no_ci": {
        "sv": "förändringen kan inte bedömas eftersom konfidensintervall saknas",
        "en": "the change cannot be assessed as there are no confidence intervals",
    },
    "change_amount_ratio": {
        "sv": "(kvot mellan åren {estimate}, {ci} {interval})",
        "en": "(ratio between the years {estimate}, {ci} {interval})",
    },
    "change_amount_same": {
        "sv": "(förändring {estimate}, {ci} {interval})",
        "en": "(change {estimate}, {ci} {interval})",
    },
    "change_amount_by": {
        "sv": "med {estimate} ({ci} {interval})",
        "en": "by {estimate} ({ci} {interval})",
    },
    "change_sentence": {
        "sv": "{subject} {verb}{amount} från {a} ({ya}) till {b} ({yb}); {clause}.",
        "en": "{subject} {verb}{amount} from {a} ({ya}) to {b} ({yb}); {clause}.",
    },
    "ci95": {"sv": "95 % KI", "en": "95% CI"},
    # A limit below zero: a dash between the limits would read as a minus.
    "interval_to": {"sv": "{a} till {b}", "en": "{a} to {b}"},
    "trend_sentence": {
        "sv": "Trenden {a}–{b} (viktad regression på {n} år): {slope} per år ({ci} {lo}); {clause}.",
        "en": "The trend {a}–{b} (weighted regression on {n} years): {slope} per year ({ci} {lo}); {clause}.",
    },
    "trend_factor": {"sv": "faktorn {slope}", "en": "a factor of {slope}"},
    "trend_significant": {
        "sv": "den är statistiskt säkerställd ({p})",
        "en": "it is statistically significant ({p})",
    },
    "trend_not_significant": {
        "sv": "den är inte statistiskt säkerställd ({p})",
        "en": "it is not statistically significant ({p})",
    },
    # What a sentence leaves out because earlier years rest on another kind of sources.
    "left_out": {
        "sv": "{years} {a} {rest} på {before}, senare år på {after}; jämförelsen gäller {b}.",
        "en": "{years} {a} {rest} on {before}, later years on {after}; the comparison covers {b}.",
    },
    "left_out_all": {
        "sv": "{years} {a} {rest} på {before}, {last} på {after}; de jämförs inte med varandra.",
        "en": "{years} {a} {rest} on {before}, {last} on {after}; they are not compared.",
    },
    "left_out_years_one": {"sv": "År", "en": "The year"},
    "left_out_years_many": {"sv": "Åren", "en": "The years"},
    "left_out_rest_one": {"sv": "bygger", "en": "rests"},
    "left_out_rest_many": {"sv": "bygger", "en": "rest"},
    "source_kind_real": {"sv": "publicerad statistik", "en": "published statistics"},
    "source_kind_synthetic": {"sv": "exempeldata", "en": "example data"},
    "source_kind_mixed": {
        "sv": "publicerad statistik för {real} men exempeldata för {syn}",
        "en": "published statistics for {real} but example data for {syn}",
    },
    "source_kind_other": {"sv": "andra källor", "en": "other sources"},
    "word_and": {"sv": "och", "en": "and"},
    # The roles of provenance as nouns inside a sentence.
    "role_noun_values": {"sv": "värdena", "en": "the values"},
    "role_noun_weights": {"sv": "befolkningsvikterna", "en": "the population weights"},
    "role_noun_ranking": {"sv": "rangordningen", "en": "the ranking"},
    "role_noun_reference": {"sv": "jämförelsevärdena", "en": "the comparison values"},
    "role_noun_crosswalk": {"sv": "omräkningen", "en": "the recalculation"},
    # A district against the city and Sverige (significance classes; sentences.py).
    # "Ingen säkerställd skillnad" rather than "liknande": the test only failed to find a
    # difference, it did not show the district to be like the city.
    "signif_better": {"sv": "signifikant bättre", "en": "significantly better"},
    "signif_worse": {"sv": "signifikant sämre", "en": "significantly worse"},
    "signif_higher": {"sv": "signifikant högre", "en": "significantly higher"},
    "signif_lower": {"sv": "signifikant lägre", "en": "significantly lower"},
    "signif_similar": {"sv": "ingen säkerställd skillnad", "en": "no established difference"},
    "signif_not_assessable": {"sv": "kan inte bedömas", "en": "cannot be assessed"},
    "signif_than_city": {"sv": "än staden", "en": "than the city"},
    "signif_than_country": {"sv": "än Sverige", "en": "than Sweden"},
    "signif_from_city": {"sv": "mot staden", "en": "from the city"},
    "signif_from_country": {"sv": "mot Sverige", "en": "from Sweden"},
    "signif_summary_city": {
        "sv": "Jämfört med staden: {counts}.",
        "en": "Compared with the city: {counts}.",
    },
    "signif_summary_country": {
        "sv": "Jämfört med Sverige: {counts}.",
        "en": "Compared with Sweden: {counts}.",
    },
    # Why a recalculated value is empty or less complete (reaggregate's `note` column).
    "recalc_note_no_values": {
        "sv": "inget av delområdena har ett värde",
        "en": "none of the smaller areas has a value",
    },
    "recalc_note_incomplete_sum": {
        "sv": "ett eller flera delområden saknar värde; en summa med luckor vore för låg",
        "en": "one or more smaller areas have no value; a sum with holes would be too low",
    },
    "recalc_note_low_coverage": {
        "sv": "delområdena med värde har för liten del av befolkningen",
        "en": "the smaller areas with a value hold too small a share of the population",
    },
    "recalc_note_missing_weight": {
        "sv": "befolkningen saknas för ett eller flera delområden; täckningen räknas utan dem",
        "en": "the population is missing for one or more smaller areas; coverage leaves them out",
    },
    # issue 10/11 – the map page's ranking and table, built when opened.
    "ranking_section": {"sv": "Rangordning", "en": "Ranking"},
    "ranking_compact": {"sv": "10 högsta / 10 lägsta", "en": "10 highest / 10 lowest"},
    "ranking_show_all": {"sv": "Visa alla", "en": "Show all"},
    "ranking_view": {"sv": "Visa", "en": "Show"},
}

# Display names of the area types in the package and of the cities: declared in the core
# layer, where upload problems name them too.
AREA_TYPES: dict[str, dict[str, str]] = {
    code: {"sv": name.sv, "en": name.en} for code, name in AREA_TYPE_NAMES.items()
}


# The word for one area of a type, as in "mellan högsta och lägsta stadsdel".
AREA_NOUNS: dict[str, dict[str, str]] = {
    "stadsdel": {"sv": "stadsdel", "en": "district"},
    "stadsdelsomrade_14": {"sv": "stadsdelsområde", "en": "city district area"},
    "stadsdelsomrade_13": {"sv": "stadsdelsområde", "en": "city district area"},
    "stadsdelsomrade_11": {"sv": "stadsdelsområde", "en": "city district area"},
    "stadsdelsomrade_group": {"sv": "del av staden", "en": "part of the city"},
    "primaromrade": {"sv": "primärområde", "en": "primary area"},
    "mellanomrade": {"sv": "mellanområde", "en": "middle area"},
    "stadsdelsnamnd_10": {"sv": "stadsdelsnämnd", "en": "district council area"},
    "stadsomrade_4": {"sv": "stadsområde", "en": "city area"},
    "regso_2025": {"sv": "RegSO-område", "en": "RegSO area"},
    "regso_2020": {"sv": "RegSO-område", "en": "RegSO area"},
    "deso_2025": {"sv": "DeSO-område", "en": "DeSO area"},
    "delomrade": {"sv": "delområde", "en": "sub-area"},
    "stadsdel_10": {"sv": "stadsdel", "en": "district"},
    "stadsomrade_5": {"sv": "stadsområde", "en": "city area"},
    "geso_14": {"sv": "statistikområde", "en": "statistical area"},
}


def area_noun(area_type: str, lang: str = "sv") -> str:
    entry = AREA_NOUNS.get(area_type)
    return entry[lang] if entry else ("område" if lang == "sv" else "area")


def measure_name(measure: str, lang: str = "sv", short: bool = False) -> str:
    """The gap measure's name from the measure registry, with its id for the experts."""
    # Imported here: the registry loads every measure module (numpy), which a page that
    # only needs its words should not pay for.
    from indicators.measures import MEASURES

    info = MEASURES.get(measure)
    if info is None or short:
        return measure.upper()
    return f"{info.name.text(lang)} ({measure.upper()})"


def t(key: str, lang: str = "sv", **params: object) -> str:
    """The text for ``key`` in ``lang``, with ``{params}`` filled in."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry["sv"]
    return text.format(**params) if params else text


def area_type_name(area_type: str, lang: str = "sv") -> str:
    entry = AREA_TYPES.get(area_type) or ADDED_AREA_TYPES.get(area_type)
    return (entry.get(lang) or entry["sv"]) if entry else area_type


#: Names of the divisions editors added (issue 13), by area type; never the built-in ones.
ADDED_AREA_TYPES: dict[str, dict[str, str]] = {}


def name_added_area_types(names: dict[str, tuple[str, str]]) -> None:
    """Learn the (sv, en) names of stored divisions' area types, for pickers and titles.

    A built-in area type keeps its own name; an empty name falls back to the other
    language, then to the id.
    """
    for area_type, (sv, en) in names.items():
        if area_type not in AREA_TYPES and (sv or en):
            ADDED_AREA_TYPES[area_type] = {"sv": sv or en, "en": en or sv}


def sex_name(sex: str, lang: str = "sv") -> str:
    return t(f"sex_{sex}", lang)


#: Streamlit's own English accessible names, titles and placeholders, in Swedish: it has no
#: setting for them (issue 11). Whole strings, then prefixes ("Help for Stad").
STREAMLIT_LABELS_SV: dict[str, str] = {
    "App pages": "Sidor",
    "Choose an option": "Välj",
    "Choose date": "Välj datum",
    "Upload": "Välj fil",
    "Clear all": "Rensa alla",
    "Close": "Stäng",
    "Close fullscreen": "Stäng helskärm",
    "Collapse sidebar": "Fäll ihop sidopanelen",
    "Download as CSV": "Ladda ned som CSV",
    "Expand sidebar": "Fäll ut sidopanelen",
    "file upload": "Välj fil",
    "Fullscreen": "Helskärm",
    "Link to heading": "Länk till rubriken",
    "Map": "Karta",
    "Open": "Öppna",
    "Search": "Sök",
    "Selected values": "Valda värden",
    "Show/hide columns": "Visa eller dölj kolumner",
    "Sidebar": "Sidopanel",
    "Toggle attribution": "Visa eller dölj källhänvisningen",
}
STREAMLIT_PREFIXES_SV: dict[str, str] = {
    "Help for ": "Hjälp om ",
    "Remove ": "Ta bort ",
    "day, ": "dag, ",
    "month, ": "månad, ",
    "year, ": "år, ",
}
