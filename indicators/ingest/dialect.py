"""The one dialect sniffer: the separator and header row of a text table (standard library only).

The upload reader, the strict package reader and ``jamlik gaps`` all call ``sniff_dialect``.
Why a rule of our own and not ``csv.Sniffer``: see ``indicators.ingest.cells``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

#: How much of a text file the sniffer looks at: the first lines of its first 64 KiB.
SAMPLE_LINES = 50
_SAMPLE_CHARS = 65536
#: Separators in order of preference: a tie goes to tab, then semicolon.
_SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True)
class Dialect:
    """How a text table is written: its separator, and the row its header is on.

    ``header_row`` counts the title lines above the table (0: the header is the first line);
    only the upload reader skips them, the strict readers take the first line as the header.
    """

    separator: str = ","
    header_row: int = 0

    @property
    def decimal_comma(self) -> bool:
        """Swedish Excel writes ';' (or tab) with decimal commas; a comma file cannot."""
        return self.separator != ","


def split_lines(lines: list[str], sep: str) -> list[list[str]]:
    """The lines' fields, quotes respected where they balance."""
    try:
        return list(csv.reader(lines, delimiter=sep))
    except csv.Error:  # an unbalanced quote in the sample: count plainly
        return [line.split(sep) for line in lines]


def _separator(sample: list[str]) -> str:
    """The separator that splits the most of the lines into the same, largest number of
    fields. Title lines and decimal commas ('84,1') make a comma split uneven, so a Swedish
    semicolon file is not mistaken for a comma file.

    >>> _separator(["Medellivslängd, 2024", "Område;År;Värde", "101 Kungsladugård;2024;84,1"])
    ';'
    """
    best, best_score = ",", (0, 0)
    for preference, sep in enumerate(_SEPARATORS):
        counts = [len(r) for r in split_lines(sample, sep) if any(c.strip() for c in r)]
        mode = max(set(counts), key=counts.count) if counts else 0
        if mode < 2:
            continue
        score = (counts.count(mode) * mode, preference)
        if score > best_score:
            best, best_score = sep, score
    return best


def header_row(rows: list[list[str]]) -> int:
    """The first row with two or more filled cells: the header, below any title lines."""
    for i, row in enumerate(rows):
        if sum(1 for c in row if str(c).strip()) >= 2:
            return i
    return 0


def sniff_dialect(text: str) -> Dialect:
    """The one dialect rule for every reader: separator and header row of a text table.

    >>> sniff_dialect("Medellivslängd 2024\\nOmråde\\tÅr\\tVärde\\nMajorna\\t2024\\t84,1\\n")
    Dialect(separator='\\t', header_row=1)
    >>> sniff_dialect("area,value\\nA,1\\n").decimal_comma
    False
    """
    sample = re.split(r"\r\n|\r|\n", text[:_SAMPLE_CHARS])[:SAMPLE_LINES]
    sep = _separator(sample)
    return Dialect(sep, header_row(split_lines(sample, sep)))
