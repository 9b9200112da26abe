"""Numbers as Swedish (81,5; 1 234) or English (81.5; 1,234) readers expect them."""

from __future__ import annotations

import math
from collections.abc import Iterable

from indicators.core.text import Text

NBSP = "\u00a0"


def format_number(value: float | None, decimals: int = 1, lang: str = "sv") -> str:
    """A number with fixed decimals; '–' for missing.

    >>> format_number(81.456, 1)
    '81,5'
    >>> format_number(996000, 0).replace("\\u00a0", " ")
    '996 000'
    >>> format_number(-1234.5, 1, "en")
    '-1,234.5'
    >>> format_number(None)
    '–'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    # Swedish: space (no-break, so numbers never wrap) for thousands, comma for decimals,
    # and a real minus sign as in Swedish typesetting is avoided: Excel users copy these.
    return text.replace(",", NBSP).replace(".", ",")


def number_text(value: float, decimals: int = 1) -> Text:
    """``value`` as each language writes it, for a message's field (``Text.format``).

    >>> number_text(12345.67, 1)
    Text(sv='12\xa0345,7', en='12,345.7')
    """
    return Text(format_number(value, decimals, "sv"), format_number(value, decimals, "en"))


def format_value(value: float | None, decimals: int, unit: str, lang: str = "sv") -> str:
    """'81,5 år'; units that are whole words ('procent') follow the number with a space.

    >>> format_value(81.46, 1, "år")
    '81,5 år'
    >>> format_value(None, 1, "år")
    '–'
    """
    text = format_number(value, decimals, lang)
    if text == "–" or not unit:
        return text
    return f"{text} {unit}"


def format_period(year: int, period: str, lang: str = "sv") -> str:
    """'2010' or '2006–2010 (medelvärde)'.

    >>> format_period(2010, "2006-2010")
    '2006–2010 (medelvärde)'
    """
    if not period:
        return str(year)
    start, end = period.split("-")
    word = "average" if lang == "en" else "medelvärde"
    return f"{start}–{end} ({word})"


def year_span(years: Iterable[int]) -> str:
    """'2010–2024', or '2016' for a single year, or '2000, 2005, 2010–2011' when broken.

    >>> year_span([2000, 2005, 2010, 2011])
    '2000, 2005, 2010–2011'
    """
    ys = sorted({int(y) for y in years})
    if not ys:
        return ""
    runs: list[tuple[int, int]] = []
    for y in ys:
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
