"""The indicator catalog: names, units, polarity and decimals of every indicator id."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

CATALOG_COLUMNS = (
    "id",
    "name_sv",
    "name_en",
    "unit_sv",
    "unit_en",
    "higher_is_better",
    "decimals",
    "description_sv",
    "description_en",
)


@dataclass(frozen=True)
class Indicator:
    id: str
    name_sv: str
    name_en: str
    unit_sv: str
    unit_en: str
    higher_is_better: bool | None
    decimals: int
    description_sv: str
    description_en: str

    def name(self, lang: str = "sv") -> str:
        return self.name_en if lang == "en" else self.name_sv

    def unit(self, lang: str = "sv") -> str:
        return self.unit_en if lang == "en" else self.unit_sv

    def description(self, lang: str = "sv") -> str:
        return self.description_en if lang == "en" else self.description_sv

    @property
    def is_percent(self) -> bool:
        return self.unit_en == "percent"

    @property
    def is_count(self) -> bool:
        return self.unit_en == "persons"


#: The indicator whose counts are the denominator of a percentage: the number of people the
#: share is taken of. Walter's limits of PAR/PAF and a Wilson interval of a district's share
#: need that *n*; the whole resident population would make them far too narrow. The
#: package's catalog has no such column, so the known pairs are declared here; an indicator
#: without one gets no count-based limits (and the page says why).
DENOMINATORS: dict[str, str] = {
    "employment_rate": "population_20_64",
    "employment_rate_born_in_sweden": "population_20_64",
    "employment_rate_born_abroad": "population_20_64",
    "employment_rate_foreign_born": "population_20_64",
}


def _polarity(text: str) -> bool | None:
    text = text.strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    return None


def catalog_from_frame(frame: pd.DataFrame) -> dict[str, Indicator]:
    """Indicators keyed by id, from a frame with the catalog columns (all text)."""
    out: dict[str, Indicator] = {}
    for rec in frame.fillna("").astype(str).to_dict("records"):
        out[rec["id"]] = Indicator(
            id=rec["id"],
            name_sv=rec["name_sv"],
            name_en=rec["name_en"],
            unit_sv=rec["unit_sv"],
            unit_en=rec["unit_en"],
            higher_is_better=_polarity(rec["higher_is_better"]),
            decimals=int(rec["decimals"] or 1),
            description_sv=rec["description_sv"],
            description_en=rec["description_en"],
        )
    return out


def read_catalog(path: Path) -> dict[str, Indicator]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return catalog_from_frame(frame)


def catalog_frame(catalog: dict[str, Indicator]) -> pd.DataFrame:
    rows = [
        {
            **{c: getattr(ind, c) for c in CATALOG_COLUMNS if c != "higher_is_better"},
            "higher_is_better": (
                "" if ind.higher_is_better is None else str(ind.higher_is_better).lower()
            ),
        }
        for ind in catalog.values()
    ]
    return pd.DataFrame(rows, columns=list(CATALOG_COLUMNS))
