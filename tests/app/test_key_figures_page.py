"""The map page's key figures as the page shows them (issue 11, item 6), read back by AppTest."""

from __future__ import annotations

from tests.app.conftest import open_map


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_key_figures_of_shares_use_short_units_and_percentage_points(app):
    at = open_map(app, city="1480", indicator="reading_grade3")
    assert [e.value for e in at.exception] == []
    shown = _metrics(at)
    assert shown["Högst"].endswith("\u00a0%") and "procent" not in shown["Högst"]
    assert shown["Skillnad högst–lägst"].endswith("%-enheter")
    assert "Kvot högst/lägst" in shown


def test_key_figures_of_counts_have_no_ratio_and_no_unit_word(app):
    at = open_map(app, city="1480", indicator="population")
    shown = _metrics(at)
    assert shown, "no key figures"
    assert "Kvot högst/lägst" not in shown
    assert not any("antal" in v for v in shown.values())


def test_a_replaced_city_is_named_not_coded(app):
    at = open_map(app, opened=False, city="9999")
    notes = [i.value for i in at.info]
    assert any("visar Stockholm" in n for n in notes), notes
    assert not any("0180" in n for n in notes)
