"""The words of computed results: every class, note and source role a view can return has
its sentence in the catalogue, in both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.report.i18n import LANGS
from dashboard.report.sentences import (
    _kind_words,
    recalculation_note,
    significance_label,
    significance_summary,
)
from indicators.core.provenance import ROLE_NAMES
from indicators.views.reaggregate import NOTE_KEYS
from indicators.views.significance import CLASSES, REFERENCES


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("reference", REFERENCES)
def test_every_class_has_its_own_label(lang, reference):
    words = {significance_label(c, reference, lang) for c in CLASSES}
    assert len(words) == len(CLASSES)  # all distinct
    assert all(words)


def test_labels_read_as_before():
    assert significance_label("similar", "city", "sv") == "ingen säkerställd skillnad mot staden"
    assert significance_label("not_assessable", "country", "sv") == "kan inte bedömas"
    assert significance_label("worse", "country", "en") == "significantly worse than Sweden"
    assert significance_label("lower", "city", "en") == "significantly lower than the city"


def test_the_summary_counts_each_class_in_legend_order_without_the_reference():
    classes = pd.Series(["worse", "similar", "worse", "higher"])
    assert significance_summary(classes, "country", "en") == (
        "Compared with Sweden: 1 significantly higher, 1 no established difference, "
        "2 significantly worse."
    )
    assert significance_summary(pd.Series([], dtype=str), "city", "sv") == ""


@pytest.mark.parametrize("lang", LANGS)
def test_every_note_of_a_recalculation_has_a_sentence(lang):
    sentences = {recalculation_note(key, lang) for key in NOTE_KEYS}
    assert len(sentences) == len(NOTE_KEYS) and all(sentences)


@pytest.mark.parametrize("lang", LANGS)
def test_every_role_of_provenance_can_be_named_in_a_sentence(lang):
    # One invented input among real ones: the sentence names both groups, each role by
    # its noun (a role without one would raise KeyError here, not on a page).
    for role in ROLE_NAMES:
        others = [r for r in ROLE_NAMES if r != role]
        text = _kind_words(((role, True), *((r, False) for r in others)), lang)
        assert text.count(" och " if lang == "sv" else " and ") == len(others) - 1
        assert "{" not in text
