"""Plain sentences from computed results: a gap measure's change and trend, a district's class.

The numbers come from the views (``views.trends.change``, ``linear_trend``, ``comparable``;
``views.significance.classify``; the ``note`` keys of ``views.reaggregate``); this module
only puts them into words, and every word comes from the catalogue (``report.i18n``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.report.i18n import t
from indicators.core.formatting import format_number, format_value
from indicators.measures import MEASURES
from indicators.measures.registry import indicator_measure_unit, measure_decimals
from indicators.table.catalog import Indicator
from indicators.views.significance import CLASSES
from indicators.views.trends import (
    ALPHA,
    Change,
    Comparable,
    change,
    comparable,
    is_ratio,
    linear_trend,
    span,
)


def lower_first(name: str) -> str:
    """'Medellivslängd vid födseln' → 'medellivslängd vid födseln'; names with capitals inside
    (acronyms, 'Care Need Index') stay as they are."""
    if any(c.isupper() for c in name[1:]):
        return name
    return name[:1].lower() + name[1:]


def format_p(p: float, lang: str = "sv") -> str:
    """'p = 0,047', 'p < 0,001'; never rounded across 0.05.

    >>> format_p(0.0472), format_p(0.0004, "en"), format_p(0.0499), format_p(0.31)
    ('p = 0,047', 'p < 0.001', 'p < 0,05', 'p = 0,31')
    """
    if p < 0.001:
        return f"p < {format_number(0.001, 3, lang)}"
    text = format_number(p, 3 if p < 0.1 else 2, lang)
    if p < ALPHA and float(text.replace(",", ".")) >= ALPHA:
        return f"p < {format_number(ALPHA, 2, lang)}"
    return f"p = {text}"


def _interval(lo: float, hi: float, decimals: int, unit: str, lang: str) -> str:
    """'0,1–1,5 år', or '-0,2 till 1,5 år' when a limit is negative (a dash would read as minus).

    A limit that would round to 0 gets more decimals (up to three more): which side of zero
    it lies on is what the test decides, so "0,0" must not hide it.

    >>> _interval(0.0006, 0.81, 1, "år", "sv")
    '0,001–0,810 år'
    """
    for extra in range(4):
        if all(x == 0 or round(x, decimals + extra) != 0 for x in (lo, hi)):
            break
    decimals += extra
    a, b = format_number(lo, decimals, lang), format_number(hi, decimals, lang)
    text = f"{a}–{b}" if lo >= 0 and hi >= 0 else t("interval_to", lang, a=a, b=b)
    return f"{text} {unit}" if unit else text


def _kind_words(kind: object, lang: str) -> str:
    """'publicerad statistik', 'exempeldata', or which roles are which."""
    if isinstance(kind, bool):
        return t("source_kind_synthetic" if kind else "source_kind_real", lang)
    if not isinstance(kind, tuple) or not kind:
        return t("source_kind_real", lang)
    syn = [role for role, synthetic in kind if synthetic]
    real = [role for role, synthetic in kind if not synthetic]
    if not syn:
        return t("source_kind_real", lang)
    if not real:
        return t("source_kind_synthetic", lang)
    both = f" {t('word_and', lang)} "
    return t(
        "source_kind_mixed",
        lang,
        syn=both.join(t(f"role_noun_{r}", lang) for r in syn),
        real=both.join(t(f"role_noun_{r}", lang) for r in real),
    )


def _years_text(span_: tuple[int, int]) -> str:
    a, b = span_
    return str(a) if a == b else f"{a}–{b}"


def left_out_sentence(found: Comparable, lang: str = "sv") -> str:
    """What a sentence leaves out because earlier years rest on another kind of sources."""
    if found.left_out is None:
        return ""
    lang = "en" if lang == "en" else "sv"
    before = _kind_words(found.left_out_kind, lang)
    after = _kind_words(found.kept_kind, lang)
    if before == after:
        # Same words, different roles of the same kind: name the change generically.
        before = t("source_kind_other", lang)
    number = "one" if found.left_out[0] == found.left_out[1] else "many"
    words = {
        "years": t(f"left_out_years_{number}", lang),
        "rest": t(f"left_out_rest_{number}", lang),
        "a": _years_text(found.left_out),
        "before": before,
        "after": after,
    }
    kept = span(found.points)
    if kept is None or kept[0] == kept[1]:
        return t("left_out_all", lang, last=str(kept[1]) if kept else "", **words)
    return t("left_out", lang, b=_years_text(kept), **words)


def _measure_unit(measure: str, indicator: Indicator, lang: str) -> str:
    if measure in MEASURES:
        return indicator_measure_unit(measure, indicator, lang)
    return indicator.unit(lang)


def _measure_decimals(measure: str, indicator: Indicator) -> int:
    if measure in MEASURES:
        return measure_decimals(measure, indicator.decimals)
    return indicator.decimals


def _amount(found: Change, ratio: bool, decimals: int, unit: str, lang: str) -> str:
    """' med 1,1 år (95 % KI 0,1–2,1 år)': the change and its interval, '' without limits."""
    diff = found.difference
    if diff is None or diff.ci_low is None or diff.ci_high is None:
        return ""
    ci = t("ci95", lang)
    if ratio:
        estimate = format_number(diff.estimate, decimals, lang)
        interval = _interval(diff.ci_low, diff.ci_high, decimals, "", lang)
        return " " + t("change_amount_ratio", lang, estimate=estimate, ci=ci, interval=interval)
    if found.direction == "same":
        estimate = format_value(diff.estimate, decimals, unit, lang)
        interval = _interval(diff.ci_low, diff.ci_high, decimals, unit, lang)
        return " " + t("change_amount_same", lang, estimate=estimate, ci=ci, interval=interval)
    sign = 1 if found.direction == "up" else -1
    lo, hi = sorted((sign * diff.ci_low, sign * diff.ci_high))
    estimate = format_value(sign * diff.estimate, decimals, unit, lang)
    interval = _interval(lo, hi, decimals, unit, lang)
    return " " + t("change_amount_by", lang, estimate=estimate, ci=ci, interval=interval)


def _clause(found: Change, lang: str) -> str:
    """Whether the change is statistically significant, with its p-value."""
    diff = found.difference
    p = format_p(diff.p, lang) if diff is not None and diff.p is not None else "{p}"
    if found.certain is None:
        return t("change_no_ci", lang)
    return t("change_significant" if found.certain else "change_not_significant", lang, p=p)


def _change_verb(direction: str, measure: str, lang: str) -> str:
    """'ökade', 'minskade' or 'var oförändrad'; 'oförändrat' agrees with the neuter subjects
    ('lutningsindex', 'mått') of every measure but the difference."""
    if direction == "same" and measure != "d":
        return t("change_same_neuter", lang)
    return t(f"change_{direction}", lang)


def _change_subject(
    measure: str,
    measure_name: str,
    indicator: Indicator,
    area_noun: str,
    stratifier_name: str,
    lang: str,
) -> str:
    """What changed: the gap in the indicator between areas, or the named measure of it."""
    return t(
        f"change_subject_{measure if measure in ('d', 'sii') else 'other'}",
        lang,
        ind=lower_first(indicator.name(lang)),
        noun=area_noun,
        measure=measure_name,
        strat=lower_first(stratifier_name),
    )


def change_sentence(
    points: pd.DataFrame,
    *,
    measure: str,
    measure_name: str,
    indicator: Indicator,
    area_noun: str,
    lang: str = "sv",
    stratifier_name: str = "",
    unit: str | None = None,
    decimals: int | None = None,
) -> str | None:
    """One sentence on how a gap measure changed, from the first to the last year that rest
    on the same kind of sources, with the change's 95 % interval and its test.

    ``points`` has year, value, ci_low, ci_high and optionally se, draws and provenance
    (or synthetic). Years before a change of provenance are left out and the sentence
    says so. The unit is the measure's (``measure_unit``) unless given.

    >>> ind = Indicator("life_expectancy", "Medellivslängd vid födseln", "Life expectancy",
    ...                 "år", "years", True, 1, "", "")
    >>> pts = pd.DataFrame({"year": [2012, 2024], "value": [7.8, 8.9],
    ...                     "ci_low": [7.1, 8.2], "ci_high": [8.5, 9.6]})
    >>> change_sentence(pts, measure="d", measure_name="Differens", indicator=ind,
    ...                 area_noun="stadsdel")  # doctest: +NORMALIZE_WHITESPACE
    'Skillnaden i medellivslängd vid födseln mellan högsta och lägsta stadsdel ökade med
     1,1 år (95 % KI 0,1–2,1 år) från 7,8 år (2012) till 8,9 år (2024); förändringen är
     statistiskt säkerställd (p = 0,029).'
    """
    lang = "en" if lang == "en" else "sv"
    ratio = is_ratio(measure)
    decimals = _measure_decimals(measure, indicator) if decimals is None else decimals
    unit = _measure_unit(measure, indicator, lang) if unit is None else unit
    found_run = comparable(points)
    note = left_out_sentence(found_run, lang)
    found = change(found_run.points, decimals, ratio=ratio)
    if found is None:
        return note or None
    text = t(
        "change_sentence",
        lang,
        subject=_change_subject(measure, measure_name, indicator, area_noun, stratifier_name, lang),
        verb=_change_verb(found.direction, measure, lang),
        amount=_amount(found, ratio, decimals, unit, lang),
        a=format_value(found.first, decimals, unit, lang),
        ya=found.first_year,
        b=format_value(found.last, decimals, unit, lang),
        yb=found.last_year,
        clause=_clause(found, lang),
    )
    text = text[0].upper() + text[1:]
    return f"{text} {note}" if note else text


def trend_sentence(
    points: pd.DataFrame,
    *,
    measure: str,
    indicator: Indicator,
    lang: str = "sv",
    unit: str | None = None,
    decimals: int | None = None,
) -> str | None:
    """The trend over every year of the latest run of like sources, as one sentence.

    >>> ind = Indicator("le", "Medellivslängd", "Life expectancy", "år", "years", True, 1, "", "")
    >>> pts = pd.DataFrame({"year": [2010, 2011, 2012], "value": [1.0, 2.0, 3.0],
    ...                     "ci_low": [0.0, 1.0, 2.0], "ci_high": [2.0, 3.0, 4.0]})
    >>> trend_sentence(pts, measure="d", indicator=ind)  # doctest: +NORMALIZE_WHITESPACE
    'Trenden 2010–2012 (viktad regression på 3 år): +1,00 år per år (95 % KI 0,29–1,71 år);
     den är statistiskt säkerställd (p = 0,006).'
    """
    lang = "en" if lang == "en" else "sv"
    ratio = is_ratio(measure)
    decimals = (_measure_decimals(measure, indicator) if decimals is None else decimals) + 1
    unit = _measure_unit(measure, indicator, lang) if unit is None else unit
    found = linear_trend(comparable(points).points, ratio=ratio)
    if found is None:
        return None
    if ratio:
        slope = t("trend_factor", lang, slope=format_number(found.slope, decimals, lang))
        limits = _interval(found.ci_low, found.ci_high, decimals, "", lang)
    else:
        slope = ("+" if found.slope > 0 else "") + format_value(found.slope, decimals, unit, lang)
        limits = _interval(found.ci_low, found.ci_high, decimals, unit, lang)
    significant = "trend_significant" if found.significant else "trend_not_significant"
    return t(
        "trend_sentence",
        lang,
        a=found.first_year,
        b=found.last_year,
        n=found.n_years,
        slope=slope,
        ci=t("ci95", lang),
        lo=limits,
        clause=t(significant, lang, p=format_p(found.p, lang)),
    )


def _gap_change(points: pd.DataFrame, measure: str, indicator: Indicator) -> Change | None:
    """The measure's change over its latest run of like sources."""
    found = comparable(points).points
    return change(found, _measure_decimals(measure, indicator), ratio=is_ratio(measure))


def _narrowed(found: Change) -> bool | None:
    """Whether the gap's size shrank (True), grew (False) or stayed (None): D is never
    negative, an SII's sign only says which end is higher, so its size is compared."""
    if found.direction == "same":
        return None
    return abs(found.last) < abs(found.first)


def _period(d: Change, sii: Change, lang: str) -> str:
    """'2012–2024', or both runs when D's and SII's like sources span different years."""
    years = {"a": d.first_year, "b": d.last_year, "c": sii.first_year, "d": sii.last_year}
    same = (d.first_year, d.last_year) == (sii.first_year, sii.last_year)
    return t("closing_period" if same else "closing_period_two", lang, **years)


def closing_sentence(
    d_points: pd.DataFrame,
    sii_points: pd.DataFrame,
    *,
    indicator: Indicator,
    area_noun: str,
    stratifier_name: str,
    lang: str = "sv",
) -> str | None:
    """ "Is the gap closing?" in one sentence that reconciles D and SII: a yes or no only
    when both changes are statistically significant the same way; otherwise which measure
    moved, what it rests on, and that a change that is not significant is not shown to be
    absent (docs/METHODS.md). None without two years of both.

    >>> ind = Indicator("le", "Medellivslängd", "Life expectancy", "år", "years", True, 1, "", "")
    >>> d = pd.DataFrame({"year": [2012, 2024], "value": [8.0, 7.0],
    ...                   "ci_low": [6.0, 5.0], "ci_high": [10.0, 9.0]})
    >>> sii = pd.DataFrame({"year": [2012, 2024], "value": [6.0, 4.0],
    ...                     "ci_low": [5.5, 3.5], "ci_high": [6.5, 4.5]})
    >>> closing_sentence(d, sii, indicator=ind, area_noun="stadsdel",
    ...                  stratifier_name="Medianinkomst")  # doctest: +NORMALIZE_WHITESPACE
    'Skillnaden efter medianinkomst minskade 2012–2024 enligt lutningsindex (SII), som väger in
     alla områden, och förändringen är statistiskt säkerställd; skillnaden mellan högsta och
     lägsta stadsdel bygger på två områden och dess förändring är inte säkerställd.'
    """
    lang = "en" if lang == "en" else "sv"
    d, sii = _gap_change(d_points, "d", indicator), _gap_change(sii_points, "sii", indicator)
    if d is None or sii is None:
        return None
    words = {
        "noun": area_noun,
        "strat": lower_first(stratifier_name),
        "period": _period(d, sii, lang),
    }
    d_moved, sii_moved = _narrowed(d), _narrowed(sii)
    d_sure = bool(d.certain) and d_moved is not None
    sii_sure = bool(sii.certain) and sii_moved is not None

    def moved(narrowed: bool | None) -> str:
        return t("closing_narrowed" if narrowed else "closing_widened", lang)

    if d_sure and sii_sure and d_moved == sii_moved:
        verdict = t("closing_yes" if d_moved else "closing_no", lang)
        return t("closing_both", lang, Verdict=verdict, moved=moved(d_moved), **words)
    if d_sure and sii_sure:
        return t(
            "closing_conflict", lang, moved_d=moved(d_moved), moved_sii=moved(sii_moved), **words
        )
    if sii_sure:
        return t("closing_sii_only", lang, moved=moved(sii_moved), **words)
    if d_sure:
        return t("closing_d_only", lang, moved=moved(d_moved), **words)
    return t("closing_unclear", lang, **words)


#: Which words tie a class to its reference: "bättre än staden", "ingen … skillnad mot staden".
_RELATION = {"similar": "from", "not_assessable": None}


def significance_label(cls: str, reference: str = "city", lang: str = "sv") -> str:
    """The words for a class of ``views.significance.classify`` against ``reference``
    ('city' or 'country').

    >>> significance_label("better", "city", "sv")
    'signifikant bättre än staden'
    >>> significance_label("similar", "country", "en")
    'no established difference from Sweden'
    """
    words = t(f"signif_{cls}", lang)
    relation = _RELATION.get(cls, "than")
    return f"{words} {t(f'signif_{relation}_{reference}', lang)}" if relation else words


def significance_summary(classes: pd.Series, reference: str = "city", lang: str = "sv") -> str:
    """One sentence counting the districts of each class, for alt text and notes.

    >>> significance_summary(
    ...     pd.Series(["better", "similar", "better", "not_assessable"]), "city", "sv")
    'Jämfört med staden: 2 signifikant bättre, 1 ingen säkerställd skillnad, 1 kan inte bedömas.'
    """
    counts: Mapping[str, int] = classes.value_counts().to_dict()
    parts = [f"{int(counts[c])} {t(f'signif_{c}', lang)}" for c in CLASSES if counts.get(c, 0)]
    return t(f"signif_summary_{reference}", lang, counts=", ".join(parts)) if parts else ""


def recalculation_note(key: str, lang: str = "sv") -> str:
    """The sentence for a ``note`` key of ``views.reaggregate``; '' for no note.

    >>> recalculation_note("incomplete_sum", "en")
    'one or more smaller areas have no value; a sum with holes would be too low'
    >>> recalculation_note("")
    ''
    """
    return t(f"recalc_note_{key}", lang) if key else ""
