"""``compute_all``: every gap measure for one table of districts, with the coverage rules,
the choice of reference and pairing, and the confidence limits each measure has."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from indicators.measures import basic, dispersion, impact
from indicators.measures._checks import (
    polarity_arg,
    require_positive,
    require_positive_mean,
    values_arg,
)
from indicators.measures.ordered import (
    MIN_GROUPS,
    PHE_MIN_QUANTILES,
    PHE_REPS,
    SlopeIndex,
    assign_quantiles,
    quantile_table,
    slope_index,
    slope_index_logistic,
)
from indicators.measures.registry import MEASURE_IDS
from indicators.measures.result import MeasureRefused, MeasureResult, Note, Reason, Refusal
from indicators.measures.simulate import (
    DEFAULT_SEED,
    HEAT_REPS,
    bounded_normal,
    percentile_rows,
    z_value,
)

SiiMethod = Literal["auto", "linear", "log", "logit", "logistic"]

#: A measure refuses when fewer than this share of districts have a value and a population.
MIN_COVERAGE = 0.85


def _pct_sv(share: float) -> str:
    # Swedish typography puts a space before the per cent sign.
    return f"{share * 100:.0f} %"


def _refusal(reason: Reason, en: str, sv: str) -> Refusal:
    return Refusal(sv=sv, en=en, reason=reason)


@dataclass
class _Table:
    """The complete rows of the input in canonical order, and how many rows there were."""

    areas: NDArray[np.str_]
    y: NDArray[np.float64]
    pop: NDArray[np.float64]
    se: NDArray[np.float64] | None
    n_total: int
    strat: NDArray[np.float64] | None
    #: Counts of the indicator's own denominator (pupils who sat the test …), or None.
    denom: NDArray[np.float64] | None = None


def _column(table: Any, name: str) -> NDArray[Any]:
    try:
        col = table[name]
    except KeyError:
        raise ValueError(f"The table has no column '{name}'.") from None
    return np.asarray(col)


def _numbers(table: Any, name: str) -> NDArray[np.float64]:
    try:
        return np.asarray(_column(table, name), dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"Column '{name}' must hold numbers.") from None


def _has(table: Any, name: str) -> bool:
    return name in (table.columns if hasattr(table, "columns") else table)


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
    if ordered and reference is not None:
        raise ValueError("A reference area cannot be combined with ordered groups.")
    if ordered and stratify_by is not None:
        raise ValueError("Use either ordered groups (rank) or a stratifier, not both.")
    if sii_method not in ("auto", "linear", "log", "logit", "logistic"):
        raise ValueError(f"Unknown sii_method '{sii_method}'.")
    if scale is not None and not scale > 0:
        raise ValueError("'scale' must be positive, e.g. 100 for a percentage.")
    if reps < 10:
        raise ValueError("'reps' must be at least 10 simulations (HEAT uses 100).")
    wanted = set(MEASURE_IDS) if measures is None else set(measures)
    if wanted - set(MEASURE_IDS):
        raise ValueError(f"Unknown measure(s): {sorted(wanted - set(MEASURE_IDS))}.")

    def report(found: Mapping[str, MeasureResult]) -> dict[str, MeasureResult]:
        return {mid: found[mid] for mid in MEASURE_IDS if mid in wanted}

    areas = _column(table, "area").astype(str)
    y = _numbers(table, "value")
    pop = _numbers(table, "population")
    se = _numbers(table, "se") if _has(table, "se") else None
    denom = _numbers(table, "denominator") if _has(table, "denominator") else None
    if (pop < 0).any():
        raise ValueError("Column 'population' must not hold negative numbers.")
    if np.unique(areas).size != areas.size:
        raise ValueError("Column 'area' must name each area once.")
    if reference is not None and reference not in set(areas.tolist()):
        raise ValueError(f"The reference area '{reference}' is not in the table.")

    # Canonical row order, so that no result (not even a simulated limit) depends on it.
    if ordered:
        rank = _numbers(table, "rank")
        if not np.isfinite(rank).all() or (rank != np.round(rank)).any():
            raise ValueError("Column 'rank' must hold whole numbers for every group.")
        if np.unique(rank).size != rank.size:
            raise ValueError("Column 'rank' must give each group its own rank.")
        order = np.argsort(rank, kind="stable")
    else:
        rank = None
        order = np.argsort(areas, kind="stable")
    strat = _numbers(table, stratify_by)[order] if stratify_by is not None else None
    areas, y, pop = areas[order], y[order], pop[order]
    se = se[order] if se is not None else None
    denom = denom[order] if denom is not None else None

    results: dict[str, MeasureResult] = {}
    complete = np.isfinite(y) & np.isfinite(pop) & (pop > 0)
    # D and R compare two values and need no population: their coverage counts values.
    has_value = np.isfinite(y)
    n_total, n_ok, n_val = int(complete.size), int(complete.sum()), int(has_value.sum())
    ranks_ok = rank is None or bool(np.array_equal(np.sort(rank), np.arange(1, rank.size + 1)))
    refusal = None
    if ordered and (n_ok < n_total or not ranks_ok):
        refusal = _refusal(
            Reason.EMPTY_QUANTILE,
            "Every ordered group (ranks 1, 2, … without gaps) needs a value and a population.",
            "Varje ordnad grupp (rang 1, 2, … utan luckor) behöver ett värde och en befolkning.",
        )
    elif n_total == 0 or n_ok < min_coverage * n_total:
        refusal = _refusal(
            Reason.LOW_COVERAGE,
            f"Only {n_ok} of {n_total} areas have a value and a population; "
            f"at least {min_coverage:.0%} are needed.",
            f"Bara {n_ok} av {n_total} områden har värde och befolkning; "
            f"minst {_pct_sv(min_coverage)} krävs.",
        )
    simple_ok = not ordered and n_total > 0 and n_val >= min_coverage * n_total
    if refusal is not None and not simple_ok:
        return report({mid: MeasureResult.refusal(mid, refusal) for mid in MEASURE_IDS})

    def context(rows: NDArray[np.bool_], lacking: Note) -> _Context:
        n_rows = int(rows.sum())
        se_ok = se is not None and bool(np.isfinite(se[rows]).all() and (se[rows] >= 0).all())
        den_ok = denom is not None and bool(
            np.isfinite(denom[rows]).all() and (denom[rows] > 0).all()
        )
        t = _Table(
            areas=areas[rows],
            y=y[rows],
            pop=pop[rows],
            se=se[rows] if se_ok and se is not None else None,
            n_total=n_total,
            strat=strat[rows] if strat is not None else None,
            denom=denom[rows] if den_ok and denom is not None else None,
        )
        ref_idx: int | None = None
        ref_missing = False
        if reference is not None:
            hits = np.nonzero(t.areas == reference)[0]
            ref_missing = hits.size == 0
            ref_idx = int(hits[0]) if hits.size else None
        return _Context(
            t,
            higher_is_better,
            ref_idx,
            ref_missing,
            reference,
            ordered,
            scale,
            mean,
            reps,
            seed,
            confidence,
            no_se,
            (lacking,) if n_rows < n_total else (),
            denom is not None,
        )

    no_se = _refusal(
        Reason.NO_SE,
        "No confidence limits: standard errors ('se') are missing.",
        "Inga konfidensgränser: medelfel ('se') saknas.",
    )
    if simple_ok:
        lacking_value = Note(
            sv=f"Beräknat på {n_val} av {n_total} områden (övriga saknar värde).",
            en=f"Computed on {n_val} of {n_total} areas (the others lack a value).",
        )
        results.update(context(has_value, lacking_value).simple())
    if refusal is not None:
        # Values suffice for D and R; every weighted measure needs the populations too.
        rest = {mid: MeasureResult.refusal(mid, refusal) for mid in MEASURE_IDS}
        return report(rest | {mid: results[mid] for mid in ("d", "r")})
    lacking = Note(
        sv=f"Beräknat på {n_ok} av {n_total} områden (övriga saknar värde eller befolkning).",
        en=f"Computed on {n_ok} of {n_total} areas (the others lack a value or a population).",
    )
    ctx = context(complete, lacking)
    if ordered:
        # Ordered groups are complete here (else refused above): D and R on all of them.
        results.update(ctx.simple())
        na = _refusal(
            Reason.NOT_APPLICABLE,
            "Not for ordered groups; use it on the districts as they are.",
            "Inte för ordnade grupper; används på områdena som de är.",
        )
        results.update({mid: MeasureResult.refusal(mid, na) for mid in _NON_ORDERED})
    elif wanted & set(_NON_ORDERED):
        results.update(ctx.non_ordered())
    if wanted & {"par", "paf"}:
        results.update(ctx.impact())
    if wanted & {"sii", "rii"}:
        results.update(
            ctx.slope(
                stratify_by,
                stratifier_higher_is_better,
                quantiles,
                sii_method,
                sii_reps,
                min_coverage,
            )
        )
    return report(results)


_NON_ORDERED = (
    "d_fifths",
    "bgv",
    "bgsd",
    "cov",
    "mdmu",
    "mdmw",
    "mdbu",
    "mdbw",
    "mdru",
    "mdrw",
    "idisu",
    "idisw",
    "ti",
    "mld",
)


@dataclass
class _Context:
    """One table's complete rows and settings; computes the measures family by family."""

    t: _Table
    hib: bool | None
    ref: int | None
    ref_missing: bool
    ref_name: str | None
    ordered: bool
    scale: float | None
    mean: float | None
    reps: int
    seed: int
    confidence: float
    no_se: Refusal
    notes: tuple[Note, ...]
    #: The input had a ``denominator`` column (even if incomplete).
    denom_given: bool = False

    # -- helpers ------------------------------------------------------------------------------

    def _run(
        self,
        mid: str,
        compute: Callable[[], float],
        ci: Callable[[float], tuple[float, float, float] | None] | None = None,
        ci_method: str | None = None,
        extra: tuple[Note, ...] = (),
        *,
        needs_se: bool = True,
    ) -> MeasureResult:
        try:
            value = compute()
        except MeasureRefused as refused:
            return MeasureResult.refusal(mid, refused.refusal)
        notes = self.notes + extra
        if ci is None:
            return MeasureResult(mid, value, notes=notes)
        if needs_se and self.t.se is None:
            return MeasureResult(mid, value, notes=notes, ci_refusal=self.no_se)
        try:
            limits = ci(value)
        except MeasureRefused as refused:
            return MeasureResult(mid, value, notes=notes, ci_refusal=refused.refusal)
        if limits is None:
            return MeasureResult(mid, value, notes=notes)
        lo, hi, se = limits
        return MeasureResult(mid, value, lo, hi, ci_method, notes, se=se)

    def _needs_reference(self, mid: str) -> MeasureResult | None:
        if self.ref_missing:
            return MeasureResult.refusal(
                mid,
                _refusal(
                    Reason.NO_REFERENCE,
                    f"The reference area '{self.ref_name}' has no value or population.",
                    f"Referensområdet '{self.ref_name}' saknar värde eller befolkning.",
                ),
            )
        return None

    def _analytic(self, value: float, se: float) -> tuple[float, float, float]:
        """value ± z·se, and the se itself (on the value's own scale)."""
        z = z_value(self.confidence)
        return value - z * se, value + z * se, se

    # -- difference and ratio -----------------------------------------------------------------

    def simple(self) -> dict[str, MeasureResult]:
        t, out = self.t, {}
        for mid in ("d", "r"):
            missing = self._needs_reference(mid)
            if missing is not None:
                out[mid] = missing
        if out:
            return out
        try:
            pair = basic.gap_pair(
                t.y, higher_is_better=self.hib, reference=self.ref, ordered=self.ordered
            )
        except MeasureRefused as refused:
            return {mid: MeasureResult.refusal(mid, refused.refusal) for mid in ("d", "r")}
        i, k = pair
        which = (
            Note(
                sv=f"{t.areas[i]} jämfört med {t.areas[k]}.",
                en=f"{t.areas[i]} compared with {t.areas[k]}.",
            ),
        )
        kw = {"higher_is_better": self.hib, "reference": self.ref, "ordered": self.ordered}

        def d_ci(value: float) -> tuple[float, float, float]:
            assert t.se is not None
            return self._analytic(value, basic.difference_se(t.y, t.se, pair))

        def r_ci(value: float) -> tuple[float, float, float]:
            assert t.se is not None
            se_ln = basic.ratio_log_se(t.y, t.se, pair)
            lo, hi, _ = self._analytic(np.log(value), se_ln)
            # Limits on the log scale; se on R's natural scale by the delta method, R·se(ln R).
            return float(np.exp(lo)), float(np.exp(hi)), value * se_ln

        return {
            "d": self._run(
                "d",
                lambda: basic.difference(t.y, **kw),
                d_ci,
                "analytic: ± z·√(σ₁² + σ₂²) (HEAT)",
                which,
            ),
            "r": self._run(
                "r",
                lambda: basic.ratio(t.y, **kw),
                r_ci,
                "analytic: delta method on ln R (healthequal)",
                which,
            ),
        }

    # -- non-ordered dispersion ---------------------------------------------------------------

    def non_ordered(self) -> dict[str, MeasureResult]:
        """BGV … MLD from the same kernels as the public functions in ``dispersion``.

        The observed table is row 0 of a matrix whose other rows are HEAT's simulated
        tables, so each kernel runs once for the value and all its simulations. Refusals
        come from the same checks the public functions make.
        """
        t, hib, ref = self.t, self.hib, self.ref
        ids = _NON_ORDERED
        too_few = _refusal_of(lambda: values_arg(t.y, minimum=dispersion.MIN_GROUPS))
        if too_few is not None:
            return {mid: MeasureResult.refusal(mid, too_few) for mid in ids}

        p = t.pop / t.pop.sum()
        u = np.full(t.y.size, 1.0 / t.y.size)
        rows = t.y[None, :]
        if t.se is not None:
            draws = bounded_normal(
                t.y,
                t.se,
                reps=self.reps,
                rng=np.random.default_rng(self.seed),
                lower=0.0 if (t.y >= 0).all() else None,
                upper=self.scale,
            )
            rows = np.vstack([rows, draws])
        mu = dispersion.setting_mean(rows, p, self.mean)

        refused: dict[str, Refusal | None] = dict.fromkeys(ids)
        not_positive = _refusal_of(lambda: (require_positive(t.y), require_positive_mean(mu[0])))
        for mid in ("cov", "idisu", "idisw", "ti", "mld"):
            refused[mid] = not_positive
        for mid in ("mdbu", "mdbw"):
            refused[mid] = _refusal_of(lambda m=mid: polarity_arg(hib, m.upper()))
        for mid in ("mdru", "mdrw"):
            missing = self._needs_reference(mid)
            refused[mid] = (
                missing.refused
                if missing is not None
                else _refusal_of(
                    lambda m=mid: dispersion.reference_required(ref, t.y.size, m.upper())
                )
            )

        with np.errstate(divide="ignore", invalid="ignore"):
            bgv = dispersion._bgv(rows, p, mu)
            sd = np.sqrt(bgv)
            mdm_u, mdm_w = dispersion._mdm(rows, u, mu), dispersion._mdm(rows, p, mu)
            sims = {
                "d_fifths": basic._fifths(rows, t.pop),
                "bgsd": sd,
                "mdmu": mdm_u,
                "mdmw": mdm_w,
            }
            if not_positive is None:
                sims |= {"cov": sd / mu * 100, "idisu": mdm_u / mu * 100, "idisw": mdm_w / mu * 100}
            if hib is not None:
                sims |= {
                    "mdbu": dispersion._mdb(rows, u, hib),
                    "mdbw": dispersion._mdb(rows, p, hib),
                }
            if ref is not None and refused["mdru"] is None:
                sims |= {
                    "mdru": dispersion._mdr(rows, u, ref),
                    "mdrw": dispersion._mdr(rows, p, ref),
                }
        values = {mid: float(v[0]) for mid, v in sims.items()} | {"bgv": float(bgv[0])}
        if not_positive is None:
            values |= {
                "ti": float(dispersion._theil(t.y, p, mu[0])),
                "mld": float(dispersion._mld(t.y, p, mu[0])),
            }

        limits: dict[str, tuple[float, float, float]] = {}
        sim_draws: dict[str, NDArray[np.float64]] = {}
        biased: dict[str, Refusal] = {}
        if t.se is not None:
            # One percentile call for all simulated measures (rows), as R's type 7.
            lo, hi = percentile_rows(np.vstack([v[1:] for v in sims.values()]), self.confidence)
            for j, mid in enumerate(sims):
                draws = sims[mid][1:]
                if not lo[j] <= values[mid] <= hi[j]:
                    # Not Monte Carlo noise but bias: the measurement error of each district
                    # adds to the spread of every simulated table, so a dispersion measure's
                    # draws lie above its estimate. A percentile interval that excludes its own
                    # estimate is no confidence interval; we publish none.
                    biased[mid] = _biased_refusal(float(np.mean(draws > values[mid])))
                    continue
                limits[mid] = (float(lo[j]), float(hi[j]), float(np.std(draws, ddof=1)))
                sim_draws[mid] = draws
            mean = self.mean
            for mid, se_fn in (
                ("bgv", dispersion.bgv_se),
                ("ti", dispersion.theil_se),
                ("mld", dispersion.mld_se),
            ):
                if mid in values:
                    limits[mid] = self._analytic(values[mid], se_fn(t.y, t.pop, t.se, mean=mean))

        sim_method = (
            f"simulation: {self.reps} draws, seed {self.seed}, percentiles "
            f"{(1 - self.confidence) / 2:.1%}–{(1 + self.confidence) / 2:.1%} (HEAT)"
        )
        methods = dict.fromkeys(sims, sim_method) | {
            "bgv": "analytic (HEAT technical notes)",
            "ti": "analytic: delta method (HEAT)",
            "mld": "analytic: delta method (HEAT)",
        }
        best: tuple[Note, ...] = ()
        if hib is not None:
            b = int(np.argmax(t.y) if hib else np.argmin(t.y))
            best = (Note(sv=f"Bäst: {t.areas[b]}.", en=f"Best: {t.areas[b]}."),)

        out: dict[str, MeasureResult] = {}
        for mid in ids:
            refusal = refused[mid]
            if refusal is not None:
                out[mid] = MeasureResult.refusal(mid, refusal)
                continue
            notes = self.notes + (best if mid in ("mdbu", "mdbw") else ())
            out[mid] = _limits_result(
                mid,
                values[mid],
                limits.get(mid),
                methods[mid],
                notes,
                biased.get(mid, None if t.se is not None else self.no_se),
                sim_draws.get(mid),
            )
        return out

    # -- impact -------------------------------------------------------------------------------

    def impact(self) -> dict[str, MeasureResult]:
        t, out = self.t, {}
        for mid in ("par", "paf"):
            missing = self._needs_reference(mid)
            if missing is not None:
                out[mid] = missing
        if out:
            return out
        kw: dict[str, Any] = {
            "higher_is_better": self.hib,
            "reference": self.ref,
            "ordered": self.ordered,
            "mean": self.mean,
        }
        extra: tuple[Note, ...] = ()
        clamped = False
        if self.hib is not None:
            r = impact.reference_group(
                t.y, higher_is_better=self.hib, reference=self.ref, ordered=self.ordered
            )
            extra = (Note(sv=f"Referens: {t.areas[r]}.", en=f"Reference: {t.areas[r]}."),)
            mu = float(t.y @ t.pop / t.pop.sum()) if self.mean is None else self.mean
            clamped = (t.y[r] < mu) if self.hib else (t.y[r] > mu)
            if clamped:
                extra += (
                    Note(
                        sv="Satt till 0 utan konfidensgränser: referensen är sämre än medelvärdet.",
                        en="Set to 0 without limits: the reference does worse than the mean.",
                    ),
                )
        no_scale = _refusal(
            Reason.NO_SCALE,
            "No confidence limits: Walter's method needs the indicator's scale (--scale).",
            "Inga konfidensgränser: Walters metod kräver indikatorns skala (--scale).",
        )

        no_denominator = _refusal(
            Reason.NO_DENOMINATOR,
            "No confidence limits: the indicator's own denominator (e.g. the number of pupils "
            "who sat the test) is missing; with the whole population as denominator the "
            "limits would be far too narrow.",
            "Inga konfidensgränser: indikatorns egen nämnare (t.ex. antal elever som skrev "
            "provet) saknas; med hela befolkningen som nämnare blir gränserna för snäva.",
        )

        def fraction_se() -> float:
            if self.scale is None:
                raise MeasureRefused(no_scale.reason, no_scale.en, no_scale.sv)
            if t.denom is None:
                # Walter's variance is binomial in n: the resident population as n made the
                # limits of a grade-3 share ~13× too narrow (issue 8). Only the share's own
                # denominator is a sound n.
                raise MeasureRefused(no_denominator.reason, no_denominator.en, no_denominator.sv)
            return impact.paf_fraction_se(t.y, t.pop, scale=self.scale, counts=t.denom, **kw)

        def par_ci(value: float) -> tuple[float, float, float] | None:
            mu = float(t.y @ (t.pop / t.pop.sum())) if self.mean is None else self.mean
            return self._analytic(value, mu * fraction_se())

        def paf_ci(value: float) -> tuple[float, float, float] | None:
            return self._analytic(value, 100 * fraction_se())

        method = "analytic: Walter (1978) with the indicator's own denominator as n (HEAT)"
        # Walter's limits rest on population counts, not on the estimates' SEs; a value
        # clamped to 0 has no limits.
        return {
            "par": self._run(
                "par",
                lambda: impact.par(t.y, t.pop, **kw),
                None if clamped else par_ci,
                method,
                extra,
                needs_se=False,
            ),
            "paf": self._run(
                "paf",
                lambda: impact.paf(t.y, t.pop, **kw),
                None if clamped else paf_ci,
                method,
                extra,
                needs_se=False,
            ),
        }

    # -- ordered: SII and RII -----------------------------------------------------------------

    def slope(
        self,
        stratify_by: str | None,
        stratifier_hib: bool,
        quantiles: int,
        sii_method: SiiMethod,
        sii_reps: int,
        min_coverage: float,
    ) -> dict[str, MeasureResult]:
        t = self.t
        ids = ("sii", "rii")
        notes = list(self.notes)
        if self.ordered:
            values, pops, se = t.y, t.pop, t.se
        elif stratify_by is None:
            na = _refusal(
                Reason.NOT_APPLICABLE,
                "Needs ordered groups: rank the districts by a stratifier (e.g. income) or "
                "give ranked groups.",
                "Kräver ordnade grupper: rangordna områdena efter en stratifierare (t.ex. "
                "inkomst) eller ange rangordnade grupper.",
            )
            return {mid: MeasureResult.refusal(mid, na) for mid in ids}
        else:
            assert t.strat is not None
            ok = np.isfinite(t.strat)
            if ok.sum() < min_coverage * t.n_total:
                low = _refusal(
                    Reason.LOW_COVERAGE,
                    f"Only {int(ok.sum())} of {t.n_total} areas have a value, a population "
                    f"and a value of '{stratify_by}'; at least {min_coverage:.0%} are needed.",
                    f"Bara {int(ok.sum())} av {t.n_total} områden har värde, befolkning och "
                    f"'{stratify_by}'; minst {_pct_sv(min_coverage)} krävs.",
                )
                return {mid: MeasureResult.refusal(mid, low) for mid in ids}
            try:
                q = assign_quantiles(
                    t.strat[ok], t.pop[ok], quantiles, higher_is_better=stratifier_hib
                )
                groups = quantile_table(
                    t.y[ok], t.pop[ok], q, quantiles, None if t.se is None else t.se[ok]
                )
            except MeasureRefused as refused:
                return {mid: MeasureResult.refusal(mid, refused.refusal) for mid in ids}
            values, pops, se = groups.values, groups.populations, groups.se
            notes.append(
                Note(
                    sv=f"Områdena rangordnade i {quantiles} befolkningsvägda grupper efter "
                    f"'{stratify_by}'; gruppens värde är områdenas befolkningsvägda medelvärde.",
                    en=f"Areas ranked into {quantiles} population-weighted groups by "
                    f"'{stratify_by}'; a group's value is the population-weighted mean of its "
                    "areas.",
                )
            )
        if values.size < PHE_MIN_QUANTILES:
            notes.append(
                Note(
                    sv="Färre än 5 grupper: PHE kräver minst 5; tolka med försiktighet.",
                    en="Fewer than 5 groups: PHE requires at least 5; interpret with care.",
                )
            )
        method = (
            sii_method
            if sii_method != "auto"
            else ("logistic" if self.scale is not None else "linear")
        )
        try:
            fit = self._fit(values, pops, se, method, sii_reps)
        except MeasureRefused as refused:
            return {mid: MeasureResult.refusal(mid, refused.refusal) for mid in ids}
        notes.append(Note(sv=f"Modell: {fit.model}.", en=f"Model: {fit.model}."))
        ci_refusal = None if fit.ci_method is not None else self.no_se
        sii = _limits_result(
            "sii",
            fit.sii,
            fit.sii_ci,
            fit.ci_method,
            tuple(notes),
            ci_refusal,
            fit.sii_draws,
            fit.sii_se,
        )
        if fit.rii is None:
            rii = MeasureResult.refusal(
                "rii",
                _refusal(
                    Reason.NON_POSITIVE,
                    "RII needs positive values and a positive fitted value at the bottom.",
                    "RII kräver positiva värden och ett positivt skattat värde i botten.",
                ),
            )
        else:
            rii = _limits_result(
                "rii",
                fit.rii,
                fit.rii_ci,
                fit.ci_method,
                tuple(notes),
                ci_refusal,
                fit.rii_draws,
                fit.rii_se,
            )
        return {"sii": sii, "rii": rii}

    def _fit(
        self,
        values: NDArray[np.float64],
        pops: NDArray[np.float64],
        se: NDArray[np.float64] | None,
        method: str,
        sii_reps: int,
    ) -> SlopeIndex:
        if values.size < MIN_GROUPS:
            raise MeasureRefused(
                Reason.TOO_FEW_GROUPS,
                f"SII and RII need at least {MIN_GROUPS} ordered groups.",
                f"SII och RII kräver minst {MIN_GROUPS} ordnade grupper.",
            )
        common = {"reps": sii_reps, "seed": self.seed, "confidence": self.confidence}
        if method == "linear":
            return slope_index(values, pops, se, **common)
        if method == "log":
            if (values <= 0).any():
                raise MeasureRefused(
                    Reason.NON_POSITIVE,
                    "A log scale needs positive values.",
                    "En logaritmisk skala kräver positiva värden.",
                )
            se_log = None if se is None else se / values
            return slope_index(values, pops, se_log, value_type="rate", transform=True, **common)
        if self.scale is None:
            raise MeasureRefused(
                Reason.NO_SCALE,
                f"The {method} SII needs the indicator's scale (--scale).",
                f"SII med {method}-modell kräver indikatorns skala (--scale).",
            )
        if method == "logistic":
            return slope_index_logistic(values, pops, scale=self.scale, confidence=self.confidence)
        share = values / self.scale
        se_logit = None if se is None else se / self.scale / (share * (1 - share))
        return slope_index(
            share,
            pops,
            se_logit,
            value_type="proportion",
            transform=True,
            multiplier=self.scale,
            **common,
        )


def _refusal_of(check: Callable[[], object]) -> Refusal | None:
    """The refusal a check raises, or None when it passes."""
    try:
        check()
    except MeasureRefused as refused:
        return refused.refusal
    return None


def _limits_result(
    mid: str,
    value: float,
    limits: tuple[float, float, float | None] | tuple[float, float] | None,
    method: str | None,
    notes: tuple[Note, ...],
    ci_refusal: Refusal | None,
    draws: NDArray[np.float64] | None = None,
    se: float | None = None,
) -> MeasureResult:
    """A result with its limits (lo, hi[, se]) and, for simulated limits, the draws."""
    if limits is not None and len(limits) == 3 and se is None:
        se = limits[2]
    return MeasureResult(
        id=mid,
        value=value,
        ci_low=limits[0] if limits else None,
        ci_high=limits[1] if limits else None,
        ci_method=method if limits else None,
        notes=notes,
        ci_refusal=ci_refusal,
        se=se if limits else None,
        draws=draws if limits else None,
    )


def _biased_refusal(share_above: float) -> Refusal:
    """Why a simulated interval that excludes its own estimate is not published."""
    above = share_above >= 0.5
    pct = f"{(share_above if above else 1 - share_above) * 100:.0f}"
    side_en, side_sv = ("above", "över") if above else ("below", "under")
    return _refusal(
        Reason.BIASED_SIMULATION,
        f"No confidence limits: {pct} % of the simulated values lie {side_en} the estimate "
        "(the districts' measurement error shifts the measure), so the simulated interval "
        "does not contain the estimate and would mislead.",
        f"Inga konfidensgränser: {pct} % av de simulerade värdena ligger {side_sv} "
        "skattningen (områdenas mätfel förskjuter måttet), så det simulerade intervallet "
        "innehåller inte skattningen och vore missvisande.",
    )


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
