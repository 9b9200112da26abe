"""``compute_all``: every gap measure for one table of districts, with the coverage rules,
the choice of reference and pairing, and the confidence limits each measure has.

The families of the registry compute the measures (``basic``, ``dispersion``, ``impact``,
``ordered``); this module checks the input, decides which rows each family may use and
hands them the rows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import numpy as np

from indicators.measures.messages import note
from indicators.measures.prepared import MIN_COVERAGE, Options, Prepared, Rows, SiiMethod, pct
from indicators.measures.registry import FAMILIES, MEASURE_IDS, MEASURES, family_ids
from indicators.measures.result import (
    FamilyRefused,
    MeasureResult,
    Refusal,
    refuse_all,
)
from indicators.measures.simulate import DEFAULT_SEED, HEAT_REPS, PHE_REPS

__all__ = ["MIN_COVERAGE", "SiiMethod", "as_mapping", "compute_all"]


def compute_all(
    table: Any,
    *,
    higher_is_better: bool | None,
    reference: str | None = None,
    ordered: bool = False,
    stratify_by: str | None = None,
    stratifier_higher_is_better: bool = True,
    quantiles: int = 5,
    scale: float | None = None,
    mean: float | None = None,
    sii_method: SiiMethod = "auto",
    reps: int = HEAT_REPS,
    sii_reps: int = PHE_REPS,
    seed: int = DEFAULT_SEED,
    confidence: float = 0.95,
    min_coverage: float = MIN_COVERAGE,
    measures: Collection[str] | None = None,
) -> dict[str, MeasureResult]:
    """Every measure of the registry (``MEASURES``) for one table of districts or groups.

    Parameters
    ----------
    table : DataFrame or mapping of columns
        ``area``, ``value``, ``population``; optional ``se``; ``rank`` when ``ordered``
        (1 = most disadvantaged); the ``stratify_by`` column when given; optional
        ``denominator`` (per area, counts of a percentage's own denominator, e.g. pupils
        who sat the test; PAR/PAF limits use them, μ stays population-weighted). Missing
        values are allowed (they count against coverage): pass one row for every area in
        force, with NaN where nothing is stored. Negative populations are not allowed.
    higher_is_better : bool or None
        Polarity; None for indicators without one (D/R then compare highest and lowest;
        MDB, PAR and PAF refuse).
    reference : str, optional
        Area used as reference group (D, R, MDR, PAR, PAF); non-ordered tables only.
    ordered : bool
        Rows are ordered groups ranked by ``rank``; then SII/RII apply and the
        non-ordered dispersion measures do not.
    stratify_by : str, optional
        Column by which districts are ranked into ``quantiles`` population-weighted
        groups for SII/RII (e.g. median income); ``stratifier_higher_is_better`` says which
        end is advantaged (True for income, False for CNI).
    scale : float, optional
        The indicator's scale as in HEAT (100 for a percentage, 1000 per thousand):
        values are read as shares of it. It bounds simulated values to [0, scale], gives
        the PAR/PAF limits (Walter, with the ``denominator`` counts as n; without them
        there are no limits) and makes ``sii_method="auto"`` use HEAT's logistic
        model. Without it, simulated values stay ≥ 0 when all values are, and SII/RII are
        the PHE linear fit.
    mean : float, optional
        μ to use instead of the population-weighted mean (e.g. the city's published value).
    sii_method : {"auto", "linear", "log", "logit", "logistic"}
        "linear", "log", "logit": PHE WLS (log/logit of the values, SE converted by the
        delta method); "logistic": HEAT's GLM (needs ``scale``).
    reps, sii_reps, seed, confidence
        Simulations for the HEAT measures (:data:`HEAT_REPS`, enough that a limit's Monte
        Carlo error is under 1 % of the interval's width; HEAT itself uses 100) and for
        PHE SII/RII (PHE's default 100 000), the seed, and the confidence level.
    measures : collection of str, optional
        Only these measure ids (default: all). A family none of whose measures is asked
        for is not computed: the simulated HEAT limits cost far more than D or SII.
    min_coverage : float
        Share of rows that must have a value and a population (0.85); D and R need no
        population, so for them a value suffices.

    Returns
    -------
    dict of str to MeasureResult
        Keyed by measure id in :data:`MEASURE_IDS` order. A refused measure has value None
        and the reason in ``refused``.

    Examples
    --------
    >>> table = {"area": ["Kista", "Bromma", "Södermalm"], "value": [78.9, 84.1, 83.0],
    ...          "population": [35000, 75000, 130000]}
    >>> res = compute_all(table, higher_is_better=True)
    >>> round(res["d"].value, 1), res["d"].ci_low
    (5.2, None)
    >>> res["d"].note()
    "No confidence limits: standard errors ('se') are missing. Bromma compared with Kista."
    >>> res["sii"].refused.reason.value
    'not_applicable'
    """
    # Under 60 lines of code; the rest documents the public keywords, which stay
    # keywords (not an Options argument) so that callers and type checkers see each one.
    options = Options(
        higher_is_better=higher_is_better,
        reference=reference,
        ordered=ordered,
        stratify_by=stratify_by,
        stratifier_higher_is_better=stratifier_higher_is_better,
        quantiles=quantiles,
        scale=scale,
        mean=mean,
        sii_method=sii_method,
        reps=reps,
        sii_reps=sii_reps,
        seed=seed,
        confidence=confidence,
        min_coverage=min_coverage,
    )
    wanted = set(MEASURE_IDS) if measures is None else set(measures)
    if wanted - set(MEASURE_IDS):
        raise ValueError(f"Unknown measure(s): {sorted(wanted - set(MEASURE_IDS))}.")
    by_value, complete = _coverage(Rows.read(table, options), options)
    results: dict[str, MeasureResult] = {}
    # Only the families of the measures asked for: the simulated HEAT limits cost far more
    # than D or SII.
    for family in dict.fromkeys(MEASURES[mid].family for mid in MEASURE_IDS if mid in wanted):
        info = FAMILIES[family]
        rows = by_value if info.values_suffice else complete
        try:
            if isinstance(rows, Refusal):
                raise FamilyRefused(rows)
            results |= info.compute(rows)
        except FamilyRefused as refused:
            results |= refuse_all(family_ids(family), refused.refusal)
    return {mid: results[mid] for mid in MEASURE_IDS if mid in wanted}


def _coverage(rows: Rows, options: Options) -> tuple[Prepared | Refusal, Prepared | Refusal]:
    """The rows D and R compute from and the rows every other measure does, or why not.

    A measure refuses when under ``min_coverage`` of the areas have a value and a
    population; D and R need only a value. Ordered groups must all be complete.
    """
    complete = np.isfinite(rows.y) & np.isfinite(rows.pop) & (rows.pop > 0)
    has_value = np.isfinite(rows.y)
    n_total, n_ok, n_val = int(complete.size), int(complete.sum()), int(has_value.sum())
    weighted: Prepared | Refusal
    if options.ordered and (n_ok < n_total or not rows.ranks_ok):
        weighted = Refusal.at("ordered_incomplete")
    elif n_total == 0 or n_ok < options.min_coverage * n_total:
        weighted = Refusal.at(
            "low_coverage",
            n_ok=n_ok,
            n_total=n_total,
            share=pct(options.min_coverage),
        )
    else:
        lacking = note("computed_on", n_ok=n_ok, n_total=n_total)
        weighted = rows.select(complete, options, lacking)
    # Ordered groups are complete or refused: D and R then use the same rows as the rest.
    if options.ordered or n_total == 0 or n_val < options.min_coverage * n_total:
        return weighted, weighted
    lacking_value = note("computed_on_values", n_ok=n_val, n_total=n_total)
    return rows.select(has_value, options, lacking_value), weighted


def _finite(x: float | None) -> float | None:
    # JSON has no NaN or infinity; a limit that is not a number is no limit.
    return x if x is not None and np.isfinite(x) else None


def as_mapping(results: Mapping[str, MeasureResult], lang: str = "en") -> dict[str, Any]:
    """Results as JSON-ready data: ``{id: {value, ci_low, ci_high, ci_method, reason, note}}``.

    Examples
    --------
    >>> as_mapping({"d": MeasureResult("d", 4.0)})
    {'d': {'value': 4.0, 'ci_low': None, 'ci_high': None, 'ci_method': None, 'reason': None, 'note': None}}
    """
    return {
        mid: {
            "value": _finite(r.value),
            "ci_low": _finite(r.ci_low),
            "ci_high": _finite(r.ci_high),
            "ci_method": r.ci_method,
            "reason": r.refused.reason.value if r.refused else None,
            "note": r.note(lang),
        }
        for mid, r in results.items()
    }
