"""The places the project knows by code: the three cities and Sverige, and the CNI weighting rule."""

from __future__ import annotations

#: Municipality codes (SCB) and their names; '00' is Sverige.
MUNICIPALITIES: dict[str, str] = {
    "0180": "Stockholm",
    "1480": "Göteborg",
    "1280": "Malmö",
    "00": "Sverige",
}
#: The cities whose districts the app shows, in display order.
CITY_CODES: tuple[str, ...] = ("0180", "1480", "1280")

#: Indicators weighted by the whole population whatever sex is shown: CNI is defined for a
#: population, not by sex (as the synthetic generator has it).
TOTAL_WEIGHTED: frozenset[str] = frozenset({"cni"})


def weight_sex(indicator: str, sex: str) -> str:
    """The sex of the population rows that weight ``indicator`` shown for ``sex``.

    >>> weight_sex("cni", "women"), weight_sex("life_expectancy", "women")
    ('total', 'women')
    """
    return "total" if indicator in TOTAL_WEIGHTED else sex
