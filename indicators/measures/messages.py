"""The measures' sentences: refusals and notes, keyed by the rule they state, with ``{fields}``.

As with :data:`indicators.core.problems.MESSAGES`, a call site passes a key and the data
(``MeasureRefused.at("too_few_groups", name="values", minimum=2, got=1)``), never two
sentences; so each rule is worded once, and both languages carry the same fields.
"""

from __future__ import annotations

from indicators.core.problems import Message, Reason
from indicators.core.text import Text


def _r(reason: Reason, sv: str, en: str) -> Message:
    return Message(reason, Text(sv, en))


#: Why a measure (or its limits) gives no number, by the rule it breaks.
#: ``Refusal.at`` and ``MeasureRefused.at`` fill in the fields.
REFUSALS: dict[str, Message] = {
    # Input checks (any measure).
    "not_numbers": _r(
        Reason.INVALID_INPUT,
        "Alla värden i '{name}' måste vara tal.",
        "All values in '{name}' must be numbers.",
    ),
    "not_flat": _r(
        Reason.INVALID_INPUT,
        "'{name}' måste vara en enkel följd av tal.",
        "'{name}' must be a flat sequence of numbers.",
    ),
    "not_finite": _r(
        Reason.INVALID_INPUT,
        "'{name}' har saknade eller oändliga värden; ta bort ofullständiga rader först.",
        "'{name}' has missing or infinite entries; drop incomplete rows first.",
    ),
    "too_few_groups": _r(
        Reason.TOO_FEW_GROUPS,
        "'{name}' behöver minst {minimum} grupper, fick {got}.",
        "'{name}' needs at least {minimum} groups, got {got}.",
    ),
    "not_positive": _r(
        Reason.INVALID_INPUT,
        "Alla värden i '{name}' måste vara positiva.",
        "All values in '{name}' must be positive.",
    ),
    "negative_se": _r(
        Reason.INVALID_INPUT,
        "Alla värden i '{name}' måste vara noll eller positiva.",
        "All values in '{name}' must be zero or positive.",
    ),
    "length_mismatch": _r(
        Reason.INVALID_INPUT,
        "'{name}' har {got} värden men 'values' har {n}.",
        "'{name}' has {got} entries but 'values' has {n}.",
    ),
    "mean_not_finite": _r(
        Reason.INVALID_INPUT, "'mean' måste vara ett tal.", "'mean' must be a finite number."
    ),
    "reference_not_integer": _r(
        Reason.INVALID_INPUT,
        "'reference' måste vara referensgruppens position (ett heltal).",
        "'reference' must be the position (an integer) of the reference group.",
    ),
    "reference_out_of_range": _r(
        Reason.NO_REFERENCE,
        "'reference' är {reference}, men det finns bara {n} grupper.",
        "'reference' is {reference}, but there are only {n} groups.",
    ),
    # What a measure needs to mean anything.
    "values_not_positive": _r(
        Reason.NON_POSITIVE,
        "Alla värden i '{name}' måste vara positiva för detta mått.",
        "All values in '{name}' must be positive for this measure.",
    ),
    "mean_not_positive": _r(
        Reason.NON_POSITIVE,
        "Medelvärdet måste vara positivt för detta mått (det är {mu:g}).",
        "The mean must be positive for this measure (it is {mu:g}).",
    ),
    "no_polarity": _r(
        Reason.NO_POLARITY,
        "{measure} behöver veta om höga värden är bättre eller sämre.",
        "{measure} needs to know whether higher values are better or worse.",
    ),
    "needs_reference": _r(
        Reason.NO_REFERENCE,
        "{measure} behöver en referensgrupp.",
        "{measure} needs a reference group.",
    ),
    "reference_area_missing": _r(
        Reason.NO_REFERENCE,
        "Referensområdet '{name}' saknar värde eller befolkning.",
        "The reference area '{name}' has no value or population.",
    ),
    "ordered_no_reference": _r(
        Reason.INVALID_INPUT,
        "Ordnade grupper har ingen referensgrupp; ytterligheterna jämförs.",
        "Ordered groups have no reference group; their extremes are compared.",
    ),
    "not_for_ordered": _r(
        Reason.NOT_APPLICABLE,
        "Inte för ordnade grupper; används på områdena som de är.",
        "Not for ordered groups; use it on the districts as they are.",
    ),
    "needs_order": _r(
        Reason.NOT_APPLICABLE,
        "Kräver ordnade grupper: rangordna områdena efter en stratifierare (t.ex. "
        "inkomst) eller ange rangordnade grupper.",
        "Needs ordered groups: rank the districts by a stratifier (e.g. income) or "
        "give ranked groups.",
    ),
    # Coverage of the table.
    "ordered_incomplete": _r(
        Reason.EMPTY_QUANTILE,
        "Varje ordnad grupp (rang 1, 2, … utan luckor) behöver ett värde och en befolkning.",
        "Every ordered group (ranks 1, 2, … without gaps) needs a value and a population.",
    ),
    "low_coverage": _r(
        Reason.LOW_COVERAGE,
        "Bara {n_ok} av {n_total} områden har värde och befolkning; minst {share} krävs.",
        "Only {n_ok} of {n_total} areas have a value and a population; "
        "at least {share} are needed.",
    ),
    "low_coverage_stratified": _r(
        Reason.LOW_COVERAGE,
        "Bara {n_ok} av {n_total} områden har värde, befolkning och "
        "'{stratify_by}'; minst {share} krävs.",
        "Only {n_ok} of {n_total} areas have a value, a population "
        "and a value of '{stratify_by}'; at least {share} are needed.",
    ),
    # ``quantiles`` and ``lack`` are Texts: English inflects them by number, Swedish does not.
    "empty_quantile": _r(
        Reason.EMPTY_QUANTILE,
        "{quantiles} {listed} av {n_groups} {lack} område med värde och befolkning.",
        "{quantiles} {listed} of {n_groups} {lack} no district with a value and a population.",
    ),
    # The slope indices.
    "sii_too_few_groups": _r(
        Reason.TOO_FEW_GROUPS,
        "SII och RII kräver minst {minimum} ordnade grupper.",
        "SII and RII need at least {minimum} ordered groups.",
    ),
    "log_not_positive": _r(
        Reason.NON_POSITIVE,
        "En logaritmisk skala kräver positiva värden.",
        "A log scale needs positive values.",
    ),
    "logit_out_of_range": _r(
        Reason.OUT_OF_RANGE,
        "Andelar måste ligga mellan 0 och 1 (ej lika med) för logitskala.",
        "Proportions must lie strictly between 0 and 1 for a logit scale.",
    ),
    "logistic_out_of_range": _r(
        Reason.OUT_OF_RANGE,
        "Värdena måste ligga mellan 0 och skalan ({scale:g}) för den logistiska modellen.",
        "Values must lie between 0 and the scale ({scale:g}) for the logistic model.",
    ),
    "logistic_no_fit": _r(
        Reason.NOT_APPLICABLE,
        "Den logistiska modellen kan inte skattas (värden på 0 eller på skalan).",
        "The logistic model cannot be fitted (values at 0 or at the scale).",
    ),
    "sii_no_scale": _r(
        Reason.NO_SCALE,
        "SII med {method}-modell kräver indikatorns skala (--scale).",
        "The {method} SII needs the indicator's scale (--scale).",
    ),
    "no_rii": _r(
        Reason.NON_POSITIVE,
        "RII kräver positiva värden och ett positivt skattat värde i botten.",
        "RII needs positive values and a positive fitted value at the bottom.",
    ),
    # Confidence limits.
    "no_se": _r(
        Reason.NO_SE,
        "Inga konfidensgränser: medelfel ('se') saknas.",
        "No confidence limits: standard errors ('se') are missing.",
    ),
    "walter_out_of_range": _r(
        Reason.OUT_OF_RANGE,
        "Walters konfidensgränser kräver värden mellan 0 och skalan.",
        "Walter's limits need values between 0 and the scale.",
    ),
    "walter_no_scale": _r(
        Reason.NO_SCALE,
        "Inga konfidensgränser: Walters metod kräver indikatorns skala (--scale).",
        "No confidence limits: Walter's method needs the indicator's scale (--scale).",
    ),
    "no_denominator": _r(
        Reason.NO_DENOMINATOR,
        "Inga konfidensgränser: indikatorns egen nämnare (t.ex. antal elever som skrev "
        "provet) saknas; med hela befolkningen som nämnare blir gränserna för snäva.",
        "No confidence limits: the indicator's own denominator (e.g. the number of pupils "
        "who sat the test) is missing; with the whole population as denominator the "
        "limits would be far too narrow.",
    ),
    # ``side`` is a Text ("över"/"above" or "under"/"below").
    "biased_simulation": _r(
        Reason.BIASED_SIMULATION,
        "Inga konfidensgränser: {pct} % av de simulerade värdena ligger {side} "
        "skattningen (områdenas mätfel förskjuter måttet), så det simulerade intervallet "
        "innehåller inte skattningen och vore missvisande.",
        "No confidence limits: {pct} % of the simulated values lie {side} the estimate "
        "(the districts' measurement error shifts the measure), so the simulated interval "
        "does not contain the estimate and would mislead.",
    ),
}

#: Notes a result carries beside its value, by what they say; :func:`note` fills them in.
NOTES: dict[str, Text] = {
    "computed_on": Text(
        "Beräknat på {n_ok} av {n_total} områden (övriga saknar värde eller befolkning).",
        "Computed on {n_ok} of {n_total} areas (the others lack a value or a population).",
    ),
    "computed_on_values": Text(
        "Beräknat på {n_ok} av {n_total} områden (övriga saknar värde).",
        "Computed on {n_ok} of {n_total} areas (the others lack a value).",
    ),
    "pair": Text("{first} jämfört med {second}.", "{first} compared with {second}."),
    "best": Text("Bäst: {area}.", "Best: {area}."),
    "reference": Text("Referens: {area}.", "Reference: {area}."),
    "reference_worse": Text(
        "Satt till 0 utan konfidensgränser: referensen är sämre än medelvärdet.",
        "Set to 0 without limits: the reference does worse than the mean.",
    ),
    "few_groups_phe": Text(
        "Färre än {minimum} grupper: PHE kräver minst {minimum}; tolka med försiktighet.",
        "Fewer than {minimum} groups: PHE requires at least {minimum}; interpret with care.",
    ),
    "model": Text("Modell: {model}.", "Model: {model}."),
    "ranked_groups": Text(
        "Områdena rangordnade i {quantiles} befolkningsvägda grupper efter "
        "'{stratify_by}'; gruppens värde är områdenas befolkningsvägda medelvärde.",
        "Areas ranked into {quantiles} population-weighted groups by "
        "'{stratify_by}'; a group's value is the population-weighted mean of its areas.",
    ),
}


def note(key: str, **fields: object) -> Text:
    """The note filed under ``key`` with ``fields`` filled in.

    >>> note("best", area="Rinkeby").text("en")
    'Best: Rinkeby.'
    """
    return NOTES[key].format(**fields)
