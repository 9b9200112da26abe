"""Gap measures between districts: pure, typed functions, one per measure (issue #3).

Formulas, oracles and sources: ``../shared/MEASURES.md``. Start with :func:`compute_all`
(every measure for one table, with coverage rules and confidence limits) and
:data:`MEASURES` (names, units, no-inequality values, family, citations). The modules:
``basic`` (μ, D, R), ``dispersion`` (d_fifths, BGV … MLD), ``impact`` (PAR, PAF),
``ordered`` (quantiles, SII/RII), ``simulate`` (seeded draws), ``result``, ``prepared``
(the checked rows and :class:`Options` every family computes from), ``registry`` and
``compute``. Each of the four families exports ``compute(prepared)`` and computes its
measures with its own kernels; ``compute_all`` checks the input, applies the coverage
rules and runs the families the registry lists for the measures asked for.

Decisions, where the sources leave a choice:

* μ is the population-weighted mean of the districts that have data (as HEAT-Measures
  when all populations are present); pass ``mean=`` to use a published city value.
* ``higher_is_better=None`` (counts): D and R compare highest and lowest; MDB, PAR and
  PAF refuse, since "best" and their clamping need a polarity.
* ``scale`` (HEAT's indicator scale, e.g. 100 for %) reads values as shares of it: it
  bounds simulated values to [0, scale], enables Walter's PAR/PAF limits and makes SII/RII
  use HEAT's logistic model. Without it SII/RII are PHE's linear weighted least squares.
* SII keeps HEAT's sign (most advantaged minus most disadvantaged) for either polarity.
* Simulated limits: HEAT measures from 20,000 shared draws with seed 123456 (Monte Carlo
  error of a limit under 1 % of the interval's width); PHE SII/RII from sorted positions
  of 100,000 seeded Monte Carlo fits (PHE's default). Every result names its method in
  ``ci_method`` and carries ``se`` (and ``draws`` when simulated).
* A measure refuses (value None, a :class:`Reason` and a Swedish and English sentence)
  when under 85 % of the areas in force have a value and a population (healthequal's
  rule; D and R need only a value), a quantile is empty, or a relative measure meets a
  value ≤ 0.

Where we knowingly differ from a source: se(R) uses the full delta method (MEASURES.md
drops a factor 1/y₂²; healthequal has it) with limits on the log scale; PAF limits use
the Walter SE on the percent scale (healthequal adds the fraction-scale SE to a
percentage); TI/MLD SEs are on their × 1000 scale; z is 1.959964 where healthequal's
PAR uses 1.96. Issue 8: HEAT's 100 draws are 20,000 here, PHE SII/RII's 1,000 are
100,000 (PHE's default; linear and ln/logit fits draw (β₀, β₁) from their exact
bivariate normal instead of refitting n simulated values); a simulated percentile interval
that excludes its own estimate is withheld (``BIASED_SIMULATION``) rather than published;
Walter's PAR/PAF limits use the indicator's own denominator as n (the ``denominator``
column) and are withheld without it (``NO_DENOMINATOR``), where HEAT uses the
population; D and R are computed when only populations are missing; ``d_fifths`` (top
minus bottom population-weighted fifth) is our addition, a robust companion to D.
"""

from indicators.measures.basic import (
    difference,
    difference_se,
    gap_pair,
    ratio,
    ratio_log_se,
    weighted_mean,
)
from indicators.measures.compute import MIN_COVERAGE, as_mapping, compute_all
from indicators.measures.dispersion import (
    bgsd,
    bgv,
    bgv_se,
    cov,
    idisu,
    idisw,
    mdbu,
    mdbw,
    mdmu,
    mdmw,
    mdru,
    mdrw,
    mld,
    mld_se,
    theil,
    theil_se,
)
from indicators.measures.impact import paf, paf_fraction_se, par, reference_group
from indicators.measures.ordered import (
    QuantileTable,
    SlopeIndex,
    assign_quantiles,
    quantile_table,
    relative_ranks,
    se_from_limits,
    slope_index,
    slope_index_logistic,
)
from indicators.measures.prepared import Options, Prepared
from indicators.measures.registry import FAMILIES, MEASURE_IDS, MEASURES, MeasureInfo
from indicators.measures.result import MeasureRefused, MeasureResult, Reason, Refusal

__all__ = [
    "FAMILIES",
    "MEASURES",
    "MEASURE_IDS",
    "MIN_COVERAGE",
    "MeasureInfo",
    "MeasureRefused",
    "MeasureResult",
    "Options",
    "Prepared",
    "QuantileTable",
    "Reason",
    "Refusal",
    "SlopeIndex",
    "as_mapping",
    "assign_quantiles",
    "bgsd",
    "bgv",
    "bgv_se",
    "compute_all",
    "cov",
    "difference",
    "difference_se",
    "gap_pair",
    "idisu",
    "idisw",
    "mdbu",
    "mdbw",
    "mdmu",
    "mdmw",
    "mdru",
    "mdrw",
    "mld",
    "mld_se",
    "paf",
    "paf_fraction_se",
    "par",
    "quantile_table",
    "ratio",
    "ratio_log_se",
    "reference_group",
    "relative_ranks",
    "se_from_limits",
    "slope_index",
    "slope_index_logistic",
    "theil",
    "theil_se",
    "weighted_mean",
]
