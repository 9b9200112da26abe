"""Every string of the interface, Swedish first and English complete, in one table."""

from __future__ import annotations

from indicators.gaps import MEASURES

LANGS = ("sv", "en")

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"sv": "Jämlik stad", "en": "Jämlik stad (Equal city)"},
    "page_start": {"sv": "Start", "en": "Start"},
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
    "share_link": {"sv": "Länk till den här vyn", "en": "Link to this view"},
    "share_help": {
        "sv": "Adressen i webbläsaren återskapar exakt den här vyn.",
        "en": "The address in the browser restores exactly this view.",
    },
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
        "sv": "Måtten beror på hur många områden en stad är indelad i: fler och mindre områden ger större skillnad mellan högsta och lägsta. Jämför hellre lutningsindex (SII) och RII, där områdena först förs samman i fem lika stora befolkningsgrupper (kvintiler) efter rangordningsvariabeln.",
        "en": "The measures depend on how many areas a city is divided into: more, smaller areas give a larger gap between highest and lowest. Prefer the slope index (SII) and RII for comparisons: they first group the areas into five equal population groups (quintiles) by the ranking variable.",
    },
}

# Display names of the area types in the package and of the cities.
AREA_TYPES: dict[str, dict[str, str]] = {
    "stadsdel": {"sv": "Stadsdelar", "en": "Districts (stadsdelar)"},
    "stadsdelsomrade_14": {
        "sv": "Stadsdelsområden (14, 2007–2020)",
        "en": "City district areas (14, 2007–2020)",
    },
    "stadsdelsomrade_13": {
        "sv": "Stadsdelsområden (13, 2020–2023)",
        "en": "City district areas (13, 2020–2023)",
    },
    "stadsdelsomrade_11": {
        "sv": "Stadsdelsområden (11, från 2023)",
        "en": "City district areas (11, from 2023)",
    },
    "stadsdelsomrade_group": {
        "sv": "Västerort, Inre staden, Söderort",
        "en": "Västerort, Inner city, Söderort",
    },
    "primaromrade": {"sv": "Primärområden", "en": "Primary areas (primärområden)"},
    "mellanomrade": {"sv": "Mellanområden", "en": "Middle areas (mellanområden)"},
    "stadsdelsnamnd_10": {
        "sv": "Stadsdelsnämnder (10, 2011–2020)",
        "en": "District councils (10, 2011–2020)",
    },
    "stadsomrade_4": {"sv": "Stadsområden (4, från 2021)", "en": "City areas (4, from 2021)"},
    "regso_2025": {"sv": "RegSO 2025", "en": "RegSO 2025"},
    "regso_2020": {"sv": "RegSO 2020", "en": "RegSO 2020"},
    "deso_2025": {"sv": "DeSO 2025", "en": "DeSO 2025"},
    "delomrade": {"sv": "Delområden", "en": "Sub-areas (delområden)"},
    "stadsdel_10": {"sv": "Stadsdelar (10, till 2013)", "en": "Districts (10, until 2013)"},
    "stadsomrade_5": {"sv": "Stadsområden (5, från 2013)", "en": "City areas (5, from 2013)"},
    "geso_14": {
        "sv": "Geografiska statistikområden (14, från 2022)",
        "en": "Statistical areas GeSO (14, from 2022)",
    },
    "municipality": {"sv": "Kommunen", "en": "Municipality"},
    "country": {"sv": "Riket", "en": "Country"},
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
    entry = AREA_TYPES.get(area_type)
    return (entry.get(lang) or entry["sv"]) if entry else area_type


def sex_name(sex: str, lang: str = "sv") -> str:
    return t(f"sex_{sex}", lang)
