"""The registry drives the computation: each measure's family computes it, and only it."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from indicators.core.text import Text
from indicators.measures import MEASURE_IDS, MEASURES, MeasureResult, Reason, compute_all, registry
from indicators.measures.prepared import Options, Rows
from indicators.measures.registry import FAMILIES, FamilyInfo, family_ids

# Every measure computes on this table: a polarity, a reference, a stratifier, a scale with
# the indicator's own denominators, and standard errors.
TABLE = {
    "area": ["Kista", "Bromma", "Södermalm", "Skärholmen", "Rinkeby", "Vasastan"],
    "value": [61.0, 84.0, 79.0, 58.0, 52.0, 81.0],
    "population": [35000, 75000, 130000, 38000, 48000, 70000],
    "se": [1.5, 1.0, 0.8, 1.7, 1.9, 1.1],
    "denominator": [300, 700, 1100, 320, 410, 650],
    "income": [210.0, 390.0, 350.0, 230.0, 190.0, 370.0],
}
SETTINGS = {
    "higher_is_better": True,
    "reference": "Bromma",
    "stratify_by": "income",
    "scale": 100,
    "reps": 200,
    "sii_reps": 1000,
}


def _prepared():
    options = Options(**SETTINGS)
    rows = Rows.read(TABLE, options)
    return rows.select(np.ones(rows.y.size, dtype=bool), options, Text("", ""))


def test_every_measure_belongs_to_a_family_the_registry_can_run():
    assert {info.family for info in MEASURES.values()} == set(FAMILIES)
    assert sorted(mid for family in FAMILIES for mid in family_ids(family)) == sorted(MEASURE_IDS)


@pytest.mark.parametrize("family", list(FAMILIES))
def test_each_family_computes_exactly_its_measures(family):
    found = FAMILIES[family].compute(_prepared())
    assert set(found) == set(family_ids(family))
    assert all(r.refused is None and r.ci_low is not None for r in found.values()), found


@pytest.mark.parametrize("mid", MEASURE_IDS)
def test_a_measure_asked_for_comes_from_its_family(mid):
    alone = compute_all(TABLE, measures=[mid], **SETTINGS)
    from_family = FAMILIES[MEASURES[mid].family].compute(_prepared())[mid]
    assert list(alone) == [mid]
    assert (alone[mid].value, alone[mid].ci_low, alone[mid].ci_high) == (
        from_family.value,
        from_family.ci_low,
        from_family.ci_high,
    )


def test_compute_all_dispatches_through_the_registry_and_runs_no_other_family(monkeypatch):
    called = []

    def stub(prepared):
        called.append(prepared.y.size)
        return {mid: MeasureResult(mid, 42.0) for mid in family_ids("impact")}

    def must_not_run(prepared):
        raise AssertionError("a family none of whose measures was asked for ran")

    monkeypatch.setitem(registry.FAMILIES, "impact", FamilyInfo(stub))
    for family in ("dispersion", "ordered"):
        monkeypatch.setitem(registry.FAMILIES, family, FamilyInfo(must_not_run))
    res = compute_all(TABLE, measures=["paf", "d"], **SETTINGS)
    assert list(res) == ["d", "paf"]
    assert res["paf"].value == 42.0 and called == [len(TABLE["area"])]


def test_a_refused_family_refuses_each_of_its_registered_measures():
    groups = {
        "area": ["Q1", "Q2", "Q3", "Q4", "Q5"],
        "value": [20.0, 30.0, 40.0, 50.0, 60.0],
        "population": [78, 91, 162, 103, 105],
        "rank": [1, 2, 3, 4, 5],
    }
    res = compute_all(groups, higher_is_better=True, ordered=True)
    for mid in family_ids("dispersion"):
        assert res[mid].refused is not None and res[mid].refused.reason is Reason.NOT_APPLICABLE
    assert all(res[mid].value is not None for mid in ("d", "r", "sii", "rii", "par", "paf"))


def test_no_module_of_the_measures_uses_another_ones_private_names():
    """Each family uses its own kernels: no ``from x import _y`` and no ``x._y`` across
    modules (``_checks`` is a private module with public helpers, imported by name)."""
    folder = Path(__file__).resolve().parents[3] / "indicators" / "measures"
    modules = {p.stem for p in folder.glob("*.py")}
    offenders = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "indicators.measures"
            ):
                offenders += [f"{path.name}: {a.name}" for a in node.names if a.name[0] == "_"]
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and node.attr.startswith("_")
            ):
                offenders.append(f"{path.name}: {node.value.id}.{node.attr}")
    assert offenders == []
