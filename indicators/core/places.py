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
