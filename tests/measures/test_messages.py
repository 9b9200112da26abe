"""The measures' catalogue of refusals and notes: both languages, the same fields, all used."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from indicators.measures import ordered
from indicators.measures.dispersion import _biased_refusal
from indicators.measures.messages import NOTES, REFUSALS
from indicators.measures.result import MeasureRefused, Reason, Refusal

MEASURES = Path(__file__).resolve().parents[2] / "indicators" / "measures"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(REFUSALS))
def test_every_refusal_has_both_languages_with_the_same_fields(key):
    text = REFUSALS[key].text
    assert text.sv.strip() and text.en.strip()
    assert _fields(text.sv) == _fields(text.en)


@pytest.mark.parametrize("key", sorted(NOTES))
def test_every_note_has_both_languages_with_the_same_fields(key):
    text = NOTES[key]
    assert text.sv.strip() and text.en.strip()
    assert _fields(text.sv) == _fields(text.en)


def test_every_catalogued_sentence_is_used_by_a_measure():
    # An unused key is a sentence nobody reads; a missing one fails only when refused.
    source = "".join(
        p.read_text(encoding="utf-8") for p in MEASURES.glob("*.py") if p.name != "messages.py"
    )
    used = set(re.findall(r"\.at\(\s*\"(\w+)\"", source))
    used |= set(re.findall(r"\bnote\(\s*\"(\w+)\"", source))
    assert used == set(REFUSALS) | set(NOTES)


def test_a_refusal_carries_its_reason_and_both_filled_sentences():
    refused = MeasureRefused.at("too_few_groups", name="values", minimum=2, got=1)
    assert refused.refusal.reason is Reason.TOO_FEW_GROUPS
    assert refused.refusal.text.sv == "'values' behöver minst 2 grupper, fick 1."
    assert str(refused) == "'values' needs at least 2 groups, got 1."


def test_english_inflects_the_empty_quantiles_by_number():
    with pytest.raises(MeasureRefused) as one:
        ordered.quantile_table([1.0, 2.0], [1.0, 1.0], [1, 1], 3)
    assert one.value.refusal.text.en == (
        "Quantiles 2, 3 of 3 have no district with a value and a population."
    )
    assert one.value.refusal.text.sv == "Kvantil 2, 3 av 3 saknar område med värde och befolkning."
    with pytest.raises(MeasureRefused) as two:
        ordered.quantile_table([1.0, 2.0], [1.0, 1.0], [1, 2], 3)
    assert two.value.refusal.text.en == (
        "Quantile 3 of 3 has no district with a value and a population."
    )


def test_a_biased_simulation_names_its_side_in_each_language():
    refusal: Refusal = _biased_refusal(0.1)
    assert "90 % av de simulerade värdena ligger under skattningen" in refusal.text.sv
    assert "90 % of the simulated values lie below the estimate" in refusal.text.en
