"""The map's key figures: short units, percentage points, no ratio of counts, places by name.

Issue 11, item 6: "98,2 proc…" and "644.0 tho…" were cut at 1440 px and everywhere at
1024 px; a difference of shares was in "procent"; counts had a ratio and "120 114 antal";
notes said "visar 0180".
"""

from __future__ import annotations

from dashboard.report.i18n import area_type_name
from dashboard.report.page_parts import key_figures, replacement_text, short_unit
from indicators.table.catalog import Indicator
from indicators.views.map import GapSummary
from indicators.views.selection import Replacement

READING = Indicator(
    "reading_grade3", "Läsförståelse", "Reading", "procent", "percent", True, 1, "", ""
)
INCOME = Indicator("median_income", "Medianinkomst", "Median income", "tkr", "thousand SEK", True, 1, "", "")  # fmt: skip
PEOPLE = Indicator("population", "Folkmängd", "Population", "antal", "persons", None, 0, "", "")
CNI = Indicator("cni", "CNI", "CNI", "index (riket = 1,00)", "index (Sweden = 1.00)", False, 2, "", "")  # fmt: skip


def _summary(high: float, low: float, mean: float) -> GapSummary:
    return GapSummary(("Hovås", high), ("Rannebergen", low), high - low, high / low, mean, 96, 94)


def _shown(figures) -> dict[str, str]:
    return {f.label: f.value for f in figures}


def test_shares_in_percent_and_their_difference_in_percentage_points():
    sv = _shown(key_figures(_summary(98.2, 45.0, 80.1), READING, "sv"))
    assert sv == {
        "Högst": "98,2\u00a0%",
        "Lägst": "45,0\u00a0%",
        "Skillnad högst–lägst": "53,2\u00a0%-enheter",
        "Kvot högst/lägst": "2,18",
        "Befolkningsviktat medelvärde": "80,1\u00a0%",
    }
    en = _shown(key_figures(_summary(98.2, 45.0, 80.1), READING, "en"))
    assert en["Difference highest–lowest"] == "53.2 pp"
    assert en["Highest"] == "98.2\u00a0%"


def test_units_are_short_enough_not_to_be_cut():
    # The longest value a key figure writes, at most 16 characters (a metric at 1024 px).
    for ind in (READING, INCOME, PEOPLE, CNI):
        for lang in ("sv", "en"):
            for fig in key_figures(_summary(644.0, 120.5, 300.0), ind, lang):
                assert len(fig.value) <= 16, (ind.id, lang, fig.value)
    assert short_unit(INCOME, "en") == "kSEK"
    assert short_unit(CNI, "sv") == "index"


def test_counts_have_no_ratio_and_no_unit_word():
    figures = key_figures(_summary(120114.0, 3210.0, 50000.0), PEOPLE, "sv")
    shown = _shown(figures)
    assert "Kvot högst/lägst" not in shown
    assert shown["Högst"].replace("\u00a0", " ") == "120 114"
    assert not any("antal" in v for v in shown.values())
    # The ends name their districts.
    assert [f.area for f in figures[:2]] == ["Hovås", "Rannebergen"]


def test_notes_on_replaced_choices_name_places_not_codes():
    note = Replacement("note_city_unavailable", {"requested": "9999", "chosen": "0180"})
    assert replacement_text(note, "sv") == "Staden '9999' har inga värden; visar Stockholm."
    division = Replacement(
        "note_area_type_unavailable", {"requested": "deso", "chosen": "stadsdel"}
    )
    assert replacement_text(division, "sv").endswith(f"visar {area_type_name('stadsdel', 'sv')}.")
    assert "stadsdel." not in replacement_text(division, "sv")
    indicator = Replacement(
        "note_indicator_unavailable", {"requested": "x", "chosen": "reading_grade3"}
    )
    text = replacement_text(indicator, "en", {"reading_grade3": READING})
    assert text.endswith("showing Reading.")
