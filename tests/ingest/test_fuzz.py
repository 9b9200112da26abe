"""The upload reader never crashes: arbitrary bytes and CSV-like text are read or refused."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.core.problems import Problem, ProblemsError
from indicators.ingest.upload import UploadDefaults, read_upload
from indicators.table.schema import TIDY_COLUMNS

# The fixtures are read-only, so sharing them between examples is safe.
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
DEFAULTS = st.sampled_from(
    [
        None,
        UploadDefaults(municipality_code="1480", indicator="life_expectancy", source="x"),
        UploadDefaults(
            municipality_code="0180", area_type="stadsdelsomrade_11", indicator="cni", year=2024
        ),
    ]
)
# Cells officials write, and the ones that break readers.
CELLS = st.one_of(
    st.sampled_from(
        [
            "101",
            "101 Kungsladugård",
            "Kungsladugård",
            "Järva",
            "Göteborg",
            "2024",
            "2006–2010",
            "1950",
            "81,5",
            "81.5",
            "1 234",
            "..",
            "x",
            "–",
            "",
            "kvinnor",
            "Män",
            "1480",
            "180",
            "primaromrade",
            "life_expectancy",
            "område",
            "år",
            "värde",
            "kön",
            "kommun",
            "2023 män",
            "Unnamed: 0",
            '"',
            "1e400",
            "nan",
            "-0",
            "period:2006-2010",
        ]
    ),
    st.text(max_size=8),
)
TABLES = st.lists(st.lists(CELLS, min_size=1, max_size=6), max_size=8)


def _read_or_refuse(data: bytes, name: str, catalog, areas, defaults) -> None:
    try:
        frame = read_upload(data, name, catalog=catalog, areas=areas, defaults=defaults)
    except ProblemsError as err:
        assert err.problems and all(isinstance(p, Problem) for p in err.problems)
        assert all(p.message.sv and p.message.en for p in err.problems)
        return
    assert list(frame.columns) == [*TIDY_COLUMNS, "period"]


@FUZZ
@given(data=st.binary(max_size=600), name=st.sampled_from(["f.csv", "f.xlsx", "f.txt"]))
def test_arbitrary_bytes_are_read_or_refused(catalog, areas, data, name):
    _read_or_refuse(data, name, catalog, areas, None)


@FUZZ
@given(
    table=TABLES,
    sep=st.sampled_from([",", ";", "\t"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    defaults=DEFAULTS,
)
def test_csv_like_text_is_read_or_refused(catalog, areas, table, sep, newline, encoding, defaults):
    text = newline.join(sep.join(row) for row in table)
    data = text.encode(encoding, errors="replace")
    _read_or_refuse(data, "f.csv", catalog, areas, defaults)
