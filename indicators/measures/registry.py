"""Every gap measure declared once: names, unit, no-inequality value, family and citation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from indicators.core.text import Text
from indicators.measures import basic, dispersion, impact, ordered
from indicators.measures.prepared import Prepared
from indicators.measures.result import MeasureResult

#: The module that computes a measure, with the others of its family, from one
#: :class:`Prepared` table: "simple" — ``basic`` (D, R); "dispersion" — ``dispersion``
#: (d_fifths, BGV … MLD, all from one set of simulated tables); "impact" — ``impact``
#: (PAR, PAF); "ordered" — ``ordered`` (SII, RII). A way of computing, not HEAT's
#: simple/complex taxonomy: d_fifths compares two ends but shares the dispersion draws.
Family = Literal["simple", "dispersion", "impact", "ordered"]
#: What a measure's number is measured in:
#: "difference" — the indicator's unit (percentage points for a percentage);
#: "ratio" — a ratio, no unit (R, RII);
#: "squared" — the indicator's unit squared (BGV);
#: "percent_of_mean" — per cent of the mean (COV, IDIS, PAF);
#: "index" — a unitless index × 1000 (Theil, MLD).
UnitKind = Literal["difference", "ratio", "squared", "percent_of_mean", "index"]

_HEAT = "WHO (2024) Health Equity Assessment Toolkit (HEAT/HEAT Plus): technical notes"


@dataclass(frozen=True)
class MeasureInfo:
    """What the dashboard needs to list and explain a measure."""

    id: str
    name: Text
    unit: Text
    no_inequality: float
    family: Family
    relative: bool
    weighted: bool
    citation: str
    function: Callable[..., Any]
    unit_kind: UnitKind = "difference"

    @property
    def needs_positive(self) -> bool:
        """Relative measures divide by the level, so they need strictly positive values."""
        return self.relative


_UNIT = Text("indikatorns enhet", "the indicator's unit")
_PCT = Text("% av medelvärdet", "% of the mean")
_RATIO = Text("kvot, ingen enhet", "ratio, no unit")
_MILLE = Text("× 1000, ingen enhet", "× 1000, no unit")
_LOW = "Low A, Low A (2004) J Public Health 26:388-395 (PHE phe_sii)"

MEASURES: dict[str, MeasureInfo] = {
    m.id: m
    for m in (
        MeasureInfo(
            id="d",
            name=Text("Differens", "Difference"),
            unit=_UNIT,
            no_inequality=0.0,
            family="simple",
            relative=False,
            weighted=False,
            citation=f"{_HEAT}, ch. 3-1-1",
            function=basic.difference,
        ),
        MeasureInfo(
            id="r",
            name=Text("Kvot", "Ratio"),
            unit=_RATIO,
            no_inequality=1.0,
            family="simple",
            relative=True,
            weighted=False,
            citation=f"{_HEAT}, ch. 3-1-2",
            function=basic.ratio,
            unit_kind="ratio",
        ),
        MeasureInfo(
            id="d_fifths",
            name=Text(
                "Differens mellan befolkningsvägda femtedelar",
                "Difference between population-weighted fifths",
            ),
            unit=_UNIT,
            no_inequality=0.0,
            family="dispersion",
            relative=False,
            weighted=True,
            citation="Jämlik stad: robust companion to D (issue 8); top minus bottom fifth "
            "of the population, districts sorted by value",
            function=dispersion.fifths_difference,
        ),
        MeasureInfo(
            id="bgv",
            name=Text("Varians mellan grupper", "Between-group variance"),
            unit=Text("indikatorns enhet i kvadrat", "the indicator's unit squared"),
            no_inequality=0.0,
            family="dispersion",
            relative=False,
            weighted=True,
            citation=f"{_HEAT}, ch. 3-4-1",
            function=dispersion.bgv,
            unit_kind="squared",
        ),
        MeasureInfo(
            id="bgsd",
            name=Text("Standardavvikelse mellan grupper", "Between-group standard deviation"),
            unit=_UNIT,
            no_inequality=0.0,
            family="dispersion",
            relative=False,
            weighted=True,
            citation=f"{_HEAT}, ch. 3-4-2",
            function=dispersion.bgsd,
        ),
        MeasureInfo(
            id="cov",
            name=Text("Variationskoefficient", "Coefficient of variation"),
            unit=_PCT,
            no_inequality=0.0,
            family="dispersion",
            relative=True,
            weighted=True,
            citation=f"{_HEAT}, ch. 3-4-3",
            function=dispersion.cov,
            unit_kind="percent_of_mean",
        ),
        MeasureInfo(
            id="mdmu",
            name=Text(
                "Medelavvikelse från medelvärdet, ovägd", "Mean difference from mean, unweighted"
            ),
            unit=_UNIT,
            no_inequality=0.0,
            family="dispersion",
            relative=False,
            weighted=False,
            citation=f"{_HEAT}, ch. 3-5-1",
            function=dispersion.mdmu,
        ),
        MeasureInfo(
            id="mdmw",
            name=Text(
                "Medelavvikelse från medelvärdet, vägd", "Mean difference from mean, weighted"
            ),
            unit=_UNIT,
            no_inequality=0.0,
            family="dispersion",
            relative=False,
            weighted=True,
            citation=f"{_HEAT}, ch. 3-5-2",
            function=dispersion.mdmw,
        ),
        MeasureInfo(
            id="mdbu",
            name=Text(
                "Medelavvikelse från bästa området, ovägd",
                "Mean difference from best performing subgroup, unweighted",
            ),
            unit=_UNIT,
            no_inequality=0.0,
            family="dispersion",
            relative=False,
            weighted=False,
            citation=f"{_HEAT}, ch. 3-5-3",
            function=dispersion.mdbu,
        ),
        MeasureInfo(
            id="mdbw",
            name=Text(
                "Medelavvikelse från bästa området, vägd",
                "Mean difference from best performing subgroup, weighted",
            ),
            unit=_UNIT,
            no_inequality=0.0,
            family="dispersion",
            relative=False,
            weighted=True,
            citation=f"{_HEAT}, ch. 3-5-4",
            function=dispersion.mdbw,
        ),
        MeasureInfo(
            id="mdru",
            name=Text(
                "Medelavvikelse från referensområdet, ovägd",
                "Mean difference from reference point, unweighted",
            ),
            unit=_UNIT,
            no_inequality=0.0,
            family="dispersion",
            relative=False,
            weighted=False,
            citation=f"{_HEAT}, ch. 3-5-5",
            function=dispersion.mdru,
        ),
        MeasureInfo(
            id="mdrw",
            name=Text(
                "Medelavvikelse från referensområdet, vägd",
                "Mean difference from reference point, weighted",
            ),
            unit=_UNIT,
            no_inequality=0.0,
            family="dispersion",
            relative=False,
            weighted=True,
            citation=f"{_HEAT}, ch. 3-5-6",
            function=dispersion.mdrw,
        ),
        MeasureInfo(
            id="idisu",
            name=Text("Disparitetsindex, ovägt", "Index of disparity, unweighted"),
            unit=_PCT,
            no_inequality=0.0,
            family="dispersion",
            relative=True,
            weighted=False,
            citation=f"{_HEAT}, ch. 3-5-7; Pearcy JN, Keppel KG (2002) Public Health Rep "
            "117:273-280",
            function=dispersion.idisu,
            unit_kind="percent_of_mean",
        ),
        MeasureInfo(
            id="idisw",
            name=Text("Disparitetsindex, vägt", "Index of disparity, weighted"),
            unit=_PCT,
            no_inequality=0.0,
            family="dispersion",
            relative=True,
            weighted=True,
            citation=f"{_HEAT}, ch. 3-5-8",
            function=dispersion.idisw,
            unit_kind="percent_of_mean",
        ),
        MeasureInfo(
            id="ti",
            name=Text("Theils index", "Theil index"),
            unit=_MILLE,
            no_inequality=0.0,
            family="dispersion",
            relative=True,
            weighted=True,
            citation=f"{_HEAT}, ch. 3-6-1; Theil H (1967) Economics and Information Theory",
            function=dispersion.theil,
            unit_kind="index",
        ),
        MeasureInfo(
            id="mld",
            name=Text("Medellogaritmisk avvikelse", "Mean log deviation"),
            unit=_MILLE,
            no_inequality=0.0,
            family="dispersion",
            relative=True,
            weighted=True,
            citation=f"{_HEAT}, ch. 3-6-2",
            function=dispersion.mld,
            unit_kind="index",
        ),
        MeasureInfo(
            id="par",
            name=Text("Populationsattributabel risk", "Population attributable risk"),
            unit=_UNIT,
            no_inequality=0.0,
            family="impact",
            relative=False,
            weighted=True,
            citation=f"{_HEAT}, ch. 3-7-1",
            function=impact.par,
        ),
        MeasureInfo(
            id="paf",
            name=Text("Populationsattributabel andel", "Population attributable fraction"),
            unit=_PCT,
            no_inequality=0.0,
            family="impact",
            relative=True,
            weighted=True,
            citation=f"{_HEAT}, ch. 3-7-2; Walter SD (1978) Int J Epidemiol 7:175-182",
            function=impact.paf,
            unit_kind="percent_of_mean",
        ),
        MeasureInfo(
            id="sii",
            name=Text("Lutningsindex för ojämlikhet", "Slope index of inequality"),
            unit=_UNIT,
            no_inequality=0.0,
            family="ordered",
            relative=False,
            weighted=True,
            citation=f"{_LOW}; {_HEAT}, ch. 3-3-1",
            function=ordered.slope_index,
        ),
        MeasureInfo(
            id="rii",
            name=Text("Relativt ojämlikhetsindex", "Relative index of inequality"),
            unit=_RATIO,
            no_inequality=1.0,
            family="ordered",
            relative=True,
            weighted=True,
            citation=f"{_LOW}; {_HEAT}, ch. 3-3-2",
            function=ordered.slope_index,
            unit_kind="ratio",
        ),
    )
}

#: Measure ids in the order they are reported.
MEASURE_IDS: tuple[str, ...] = tuple(MEASURES)


@dataclass(frozen=True)
class FamilyInfo:
    """How ``compute_all`` runs one family of measures."""

    #: Every measure of the family from one prepared table; raises ``FamilyRefused`` when
    #: none applies.
    compute: Callable[[Prepared], dict[str, MeasureResult]]
    #: Coverage counts the areas with a value: D and R compare two values and need no
    #: population. Every other family needs a value and a population.
    values_suffice: bool = False


FAMILIES: dict[Family, FamilyInfo] = {
    "simple": FamilyInfo(basic.compute, values_suffice=True),
    "dispersion": FamilyInfo(dispersion.compute),
    "impact": FamilyInfo(impact.compute),
    "ordered": FamilyInfo(ordered.compute),
}


def family_ids(family: Family) -> tuple[str, ...]:
    """The ids of a family's measures, in report order.

    Examples
    --------
    >>> family_ids("ordered"), family_ids("simple")
    (('sii', 'rii'), ('d', 'r'))
    """
    return tuple(mid for mid, info in MEASURES.items() if info.family == family)


def measure_ids() -> tuple[str, ...]:
    """The measure ids in report order (also the keys of ``compute_all``'s result).

    Examples
    --------
    >>> measure_ids()[:4]
    ('d', 'r', 'd_fifths', 'bgv')
    """
    return MEASURE_IDS


_PERCENTAGE_POINTS = {"sv": "procentenheter", "en": "percentage points"}


def measure_unit(measure_id: str, indicator_unit: str, is_percent: bool, lang: str = "sv") -> str:
    """The unit a measure's number is written in, for an indicator with ``indicator_unit``.

    A difference of percentages is in percentage points; ratios and RII have no unit;
    BGV is in the unit squared; COV, IDIS and PAF are per cent of the mean; Theil and
    MLD are unitless indices.

    Examples
    --------
    >>> measure_unit("d", "år", False), measure_unit("d", "procent", True)
    ('år', 'procentenheter')
    >>> measure_unit("rii", "år", False), measure_unit("bgv", "år", False, "en")
    ('', 'år²')
    >>> measure_unit("paf", "procent", True, "en"), measure_unit("ti", "år", False)
    ('% of the mean', '× 1000')
    """
    lang = "en" if lang == "en" else "sv"
    kind = MEASURES[measure_id].unit_kind
    if kind == "ratio":
        return ""
    if kind == "percent_of_mean":
        return {"sv": "% av medelvärdet", "en": "% of the mean"}[lang]
    if kind == "index":
        return "× 1000"
    if kind == "squared":
        unit = _PERCENTAGE_POINTS[lang] if is_percent else indicator_unit
        return f"({unit})²" if " " in unit else f"{unit}²"
    return _PERCENTAGE_POINTS[lang] if is_percent else indicator_unit


class _HasUnit(Protocol):
    """What :func:`indicator_measure_unit` needs of a catalog indicator."""

    decimals: int

    def unit(self, lang: str = ...) -> str: ...

    @property
    def is_percent(self) -> bool: ...


def indicator_measure_unit(measure_id: str, indicator: _HasUnit, lang: str = "sv") -> str:
    """:func:`measure_unit` for a catalog indicator (what the gap chart and table print).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> pct = SimpleNamespace(unit=lambda lang="sv": "procent", is_percent=True, decimals=1)
    >>> indicator_measure_unit("d", pct), indicator_measure_unit("rii", pct)
    ('procentenheter', '')
    """
    return measure_unit(measure_id, indicator.unit(lang), indicator.is_percent, lang)


def measure_decimals(measure_id: str, indicator_decimals: int) -> int:
    """Decimals to show: the indicator's for a difference in its unit, else 2.

    Examples
    --------
    >>> measure_decimals("d", 1), measure_decimals("rii", 1)
    (1, 2)
    """
    return indicator_decimals if MEASURES[measure_id].unit_kind == "difference" else 2
