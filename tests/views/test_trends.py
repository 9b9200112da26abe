"""Gaps over time: measures per year and division, and the sentence that describes a change."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from dashboard.report.sentences import change_sentence
from indicators.table.catalog import DENOMINATORS, Indicator
from indicators.views.trends import (
    change,
    difference_test,
    division_areas,
    gaps_by_year,
    linear_trend,
    measure_table,
)

LIFE = Indicator(
    "life_expectancy",
    "Medellivslängd vid födseln",
    "Life expectancy at birth",
    "år",
    "years",
    True,
    1,
    "",
    "",
)
CNI = Indicator(
    "cni", "Care Need Index (CNI)", "Care Need Index (CNI)", "index", "index", False, 2, "", ""
)


def _points(values, lows=None, highs=None, years=(2012, 2024)):
    return pd.DataFrame(
        {
            "year": list(years),
            "value": values,
            "ci_low": lows or [None] * len(values),
            "ci_high": highs or [None] * len(values),
        }
    )


def test_overlapping_limits_no_longer_hide_a_significant_change():
    # D 2012 = 7.8 (7.1–8.5), D 2024 = 8.9 (8.2–9.6): the limits overlap (8.2 < 8.5), which
    # the old rule read as "not established". By hand: se = 0.7/1.96 = 0.357 each, se of
    # the difference √2·0.357 = 0.505, z = 1.1/0.505 = 2.18, p = 0.029; 95 % CI 1.1 ± 0.99.
    sentence = change_sentence(
        _points([7.8, 8.9], [7.1, 8.2], [8.5, 9.6]),
        measure="d",
        measure_name="Differens",
        indicator=LIFE,
        area_noun="stadsdel",
    )
    assert sentence == (
        "Skillnaden i medellivslängd vid födseln mellan högsta och lägsta stadsdel ökade "
        "med 1,1 år (95 % KI 0,1–2,1 år) från 7,8 år (2012) till 8,9 år (2024); "
        "förändringen är statistiskt säkerställd (p = 0,029)."
    )


def test_a_change_within_its_error_is_not_established_and_says_its_interval():
    # 7.8 → 8.6 with the same limits: z = 0.8/0.505 = 1.58, p = 0.11; CI −0.19 to 1.79.
    sentence = change_sentence(
        _points([7.8, 8.6], [7.1, 7.9], [8.5, 9.3]),
        measure="d",
        measure_name="Differens",
        indicator=LIFE,
        area_noun="stadsdel",
    )
    assert sentence.endswith(
        "ökade med 0,8 år (95 % KI -0,2 till 1,8 år) från 7,8 år (2012) till 8,6 år (2024); "
        "förändringen är inte statistiskt säkerställd (p = 0,11)."
    )


def test_a_decrease_is_stated_with_its_interval_in_english():
    # se = 0.5/1.96 = 0.255 each, of the difference 0.361; −2.9 ± 0.71; z = −8.0.
    sentence = change_sentence(
        _points([9.0, 6.1], [8.5, 5.6], [9.5, 6.6]),
        measure="d",
        measure_name="Difference",
        indicator=LIFE,
        area_noun="district",
        lang="en",
    )
    assert sentence == (
        "The difference in life expectancy at birth between the highest and the lowest "
        "district decreased by 2.9 years (95% CI 2.2–3.6 years) from 9.0 years (2012) to "
        "6.1 years (2024); the change is statistically significant (p < 0.001)."
    )


def test_without_limits_the_change_cannot_be_assessed_and_acronyms_stay():
    sentence = change_sentence(
        _points([1.20, 1.20]),
        measure="r",
        measure_name="Kvot (R)",
        indicator=CNI,
        area_noun="primärområde",
    )
    assert sentence == (
        "Kvot (R) för Care Need Index (CNI) var oförändrat från 1,20 (2012) till 1,20 "
        "(2024); förändringen kan inte bedömas eftersom konfidensintervall saknas."
    )


def test_a_ratio_is_tested_on_the_log_scale_and_has_no_unit():
    # R 1.50 (1.20–1.875) → 2.00 (1.60–2.50): log-scale se = ln(1.5625)/3.92 = 0.1139 each,
    # ln(2/1.5) = 0.2877, z = 0.2877/0.1610 = 1.79, p = 0.074; ratio 1.33 (0.97–1.83).
    sentence = change_sentence(
        _points([1.5, 2.0], [1.2, 1.6], [1.875, 2.5]),
        measure="r",
        measure_name="Kvot (R)",
        indicator=LIFE,
        area_noun="stadsdel",
    )
    assert sentence == (
        "Kvot (R) för medellivslängd vid födseln ökade (kvot mellan åren 1,33, 95 % KI "
        "0,97–1,83) från 1,50 (2012) till 2,00 (2024); förändringen är inte statistiskt "
        "säkerställd (p = 0,074)."
    )


def test_a_difference_of_percentages_is_in_percentage_points():
    employment = Indicator(
        "employment_rate",
        "Förvärvsfrekvens",
        "Employment rate",
        "procent",
        "percent",
        True,
        1,
        "",
        "",
    )
    sentence = change_sentence(
        _points([20.0, 15.0], [18.0, 13.0], [22.0, 17.0]),
        measure="d",
        measure_name="Differens",
        indicator=employment,
        area_noun="stadsdel",
    )
    assert "minskade med 5,0 procentenheter" in sentence
    assert "till 15,0 procentenheter (2024)" in sentence


def test_draws_that_share_their_random_numbers_are_paired_independently():
    # The engine seeds every year alike: the same z behind both years' draws. Paired as
    # they are, 5.0 + z and 5.3 + z differ by exactly 0.3 in every draw (p ≈ 0); two
    # independent estimates with sd 1 differ by 0.3 at p = erfc(0.3/2) ≈ 0.83.
    z = np.random.default_rng(1).standard_normal(20_000)
    found = difference_test({"value": 5.0, "draws": 5.0 + z}, {"value": 5.3, "draws": 5.3 + z})
    assert found.method == "draws"
    assert found.p == pytest.approx(0.83, abs=0.02)
    assert found.ci_low == pytest.approx(0.3 - 1.96 * 2**0.5, abs=0.06)
    assert found.ci_high == pytest.approx(0.3 + 1.96 * 2**0.5, abs=0.06)


def test_draws_take_precedence_over_standard_errors():
    z = np.random.default_rng(2).standard_normal(20_000)
    w = np.random.default_rng(3).standard_normal(20_000)
    # Limits say nothing (huge se), the draws say the change is clear.
    a = {"value": 5.0, "se": 100.0, "draws": 5.0 + 0.1 * z}
    b = {"value": 6.0, "se": 100.0, "draws": 6.0 + 0.1 * w}
    assert difference_test(a, b).p < 0.001
    assert difference_test({**a, "draws": None}, {**b, "draws": None}).p > 0.9


def test_the_trend_is_a_weighted_slope_with_its_interval():
    # Years 2010–2014 on a line of slope 0.5; se 0.5 for all but one year, whose se 5
    # gives it 1/100 of the weight: its outlier barely moves the slope.
    pts = pd.DataFrame(
        {
            "year": [2010, 2011, 2012, 2013, 2014],
            "value": [1.0, 1.5, 2.0, 2.5, 13.0],
            "se": [0.5, 0.5, 0.5, 0.5, 5.0],
        }
    )
    found = linear_trend(pts)
    # The four good years lie on slope 0.5; unweighted, the last year drags it to 2.5.
    assert found.slope == pytest.approx(0.5, abs=0.1)
    assert found.n_years == 5
    assert found.ci_low < 0.5 < found.ci_high
    unweighted = np.polyfit(pts["year"], pts["value"], 1)[0]
    assert unweighted == pytest.approx(2.5)


def test_the_trend_needs_three_years_with_errors():
    assert linear_trend(_points([1.0, 2.0], [0.5, 1.5], [1.5, 2.5])) is None


def test_a_sentence_never_compares_across_a_change_of_provenance():
    # Malmö, stadsdel_10, employment: 2010–2011 published, 2012– invented. The old
    # sentence compared 2010 with the last year; now it compares 2012–2013 and says why.
    pts = pd.DataFrame(
        {
            "year": [2010, 2011, 2012, 2013],
            "value": [39.0, 40.0, 27.7, 28.1],
            "ci_low": [None] * 4,
            "ci_high": [None] * 4,
            "synthetic": [False, False, True, True],
        }
    )
    sentence = change_sentence(
        pts, measure="d", measure_name="Differens", indicator=LIFE, area_noun="stadsdel"
    )
    assert "från 27,7 år (2012) till 28,1 år (2013)" in sentence
    assert "2010)" not in sentence
    assert sentence.endswith(
        "Åren 2010–2011 bygger på publicerad statistik, senare år på exempeldata; "
        "jämförelsen gäller 2012–2013."
    )
    english = change_sentence(
        pts, measure="d", measure_name="D", indicator=LIFE, area_noun="district", lang="en"
    )
    assert english.endswith(
        "The years 2010–2011 rest on published statistics, later years on example data; "
        "the comparison covers 2012–2013."
    )


def test_a_lone_last_year_of_another_provenance_is_not_compared():
    pts = _points([39.0, 27.7], years=(2011, 2012)).assign(synthetic=[False, True])
    sentence = change_sentence(
        pts, measure="d", measure_name="Differens", indicator=LIFE, area_noun="stadsdel"
    )
    assert sentence == (
        "År 2011 bygger på publicerad statistik, 2012 på exempeldata; de jämförs inte med varandra."
    )


def test_change_needs_two_years_with_values():
    assert change(_points([7.8, None]), 1) is None
    found = change(_points([7.8, 7.84]), 1)
    assert found.direction == "same"


def test_measure_table_uses_names_and_drops_partial_standard_errors():
    rows = pd.DataFrame(
        {
            "area_code": ["a", "b"],
            "area_name": ["Åby", "Bro"],
            "value": [80.0, 82.0],
            "ci_low": [79.0, None],
            "ci_high": [81.0, None],
        }
    )
    weights = pd.DataFrame({"area_code": ["a", "b"], "value": [100.0, 300.0]})
    table = measure_table(rows, weights)
    assert table.to_dict("list") == {
        "area": ["Åby", "Bro"],
        "value": [80.0, 82.0],
        "population": [100.0, 300.0],
    }


@pytest.fixture(scope="module")
def stockholm_gaps(loaded_store):
    catalog = loaded_store.catalog()
    chain = ["stadsdelsomrade_14", "stadsdelsomrade_13", "stadsdelsomrade_11"]
    return gaps_by_year(
        loaded_store,
        "0180",
        chain,
        catalog["life_expectancy"],
        "total",
        stratifier=catalog["median_income"],
    )


def test_each_division_is_its_own_segment_never_joined(stockholm_gaps):
    years = stockholm_gaps.groupby("area_type")["year"].agg(["min", "max"]).to_dict("index")
    assert years == {
        "stadsdelsomrade_14": {"min": 2010, "max": 2019},
        "stadsdelsomrade_13": {"min": 2020, "max": 2022},
        "stadsdelsomrade_11": {"min": 2023, "max": 2024},
    }


def test_difference_and_sii_have_limits_and_say_how(stockholm_gaps):
    d = stockholm_gaps[stockholm_gaps["measure"] == "d"]
    sii = stockholm_gaps[stockholm_gaps["measure"] == "sii"]
    assert d["value"].notna().all() and sii["value"].notna().all()
    assert (d["ci_low"] < d["value"]).all() and (d["value"] < d["ci_high"]).all()
    assert sii["ci_method"].str.contains("Monte Carlo").all()
    # Synthetic Stockholm: life expectancy rises with income, so the SII is positive.
    assert (sii["value"] > 0).all()


def test_sii_refuses_for_four_city_areas(loaded_store):
    catalog = loaded_store.catalog()
    gaps = gaps_by_year(
        loaded_store,
        "1480",
        ["stadsomrade_4"],
        catalog["life_expectancy"],
        "total",
        stratifier=catalog["median_income"],
    )
    sii = gaps[gaps["measure"] == "sii"]
    assert sii["value"].isna().all()
    assert sii["note_en"].str.len().gt(0).all()


# --- On the bundled package ---------------------------------------------------------------


def test_stockholm_life_expectancy_sii_2010_to_2019_is_established(stockholm_gaps):
    # The audit's case: SII by median income, stadsdelsområden (14), 2010 → 2019, p = 0.047
    # by a test of the difference. Its limits overlap, so the old rule said "not established".
    sii = stockholm_gaps[
        (stockholm_gaps["measure"] == "sii")
        & (stockholm_gaps["area_type"] == "stadsdelsomrade_14")
        & stockholm_gaps["year"].isin([2010, 2019])
    ].sort_values("year")
    a, b = (r for r in sii.to_dict("records"))
    assert a["ci_high"] > b["ci_low"] and b["ci_high"] > a["ci_low"]  # they overlap
    found = change(sii.drop(columns="provenance"), 2)
    assert (found.first_year, found.last_year) == (2010, 2019)
    assert found.certain is True
    assert found.difference.p == pytest.approx(0.047, abs=0.01)
    sentence = change_sentence(
        sii.drop(columns="provenance"),
        measure="sii",
        measure_name="SII",
        indicator=LIFE,
        area_noun="stadsdelsområde",
        stratifier_name="Medianinkomst",
    )
    assert "(2010) till" in sentence
    # p is 0.0498 with the exact SE of an untransformed SII: written "p < 0,05", never
    # rounded across the threshold.
    assert "förändringen är statistiskt säkerställd (p" in sentence


def test_stockholm_sii_sentence_compares_like_with_like(stockholm_gaps):
    # Stockholm's population by stadsdelsområde is published up to 2011 and invented after:
    # SII (weighted) rests on another kind of sources in 2010–2011 than in 2012–2019.
    sii = stockholm_gaps[
        (stockholm_gaps["measure"] == "sii") & (stockholm_gaps["area_type"] == "stadsdelsomrade_14")
    ]
    kinds = {int(r["year"]): r["provenance"].kind() for r in sii.to_dict("records")}
    assert kinds[2010] != kinds[2019]
    sentence = change_sentence(
        sii, measure="sii", measure_name="SII", indicator=LIFE, area_noun="stadsdelsområde"
    )
    first_year = min(y for y in kinds if kinds[y] == kinds[2019])
    assert f"({first_year}) till" in sentence and "(2019)" in sentence
    assert "publicerad statistik för befolkningsvikterna" in sentence


@pytest.fixture(scope="module")
def malmo_employment(loaded_store):
    catalog = loaded_store.catalog()
    return gaps_by_year(
        loaded_store,
        "1280",
        ["stadsdel_10"],
        catalog["employment_rate"],
        "total",
        stratifier=catalog["median_income"],
    )


def test_malmo_employment_d_no_longer_compares_published_with_invented(
    loaded_store, malmo_employment
):
    # Published 2010 (39,0) and 2011 (40,0), invented 2012 (27,7): the old sentence said
    # "minskade från 39,0 procent (2010) till 27,7 procent (2012)".
    catalog = loaded_store.catalog()
    d = malmo_employment[malmo_employment["measure"] == "d"]
    published = d[~d["synthetic"] & d["value"].notna()]
    invented = d[d["synthetic"] & d["value"].notna()]
    assert len(published) and len(invented)
    sentence = change_sentence(
        d,
        measure="d",
        measure_name="Differens",
        indicator=catalog["employment_rate"],
        area_noun="stadsdel",
    )
    first_published = int(published["year"].min())
    assert f"({first_published}) till" not in sentence
    assert "bygger på publicerad statistik" in sentence
    assert "exempeldata" in sentence


def test_malmo_employment_sii_names_each_input_by_role(malmo_employment):
    # Real values, but the weights and the median-income ranking behind SII are invented.
    sii = malmo_employment[
        (malmo_employment["measure"] == "sii") & malmo_employment["value"].notna()
    ]
    first = sii.sort_values("year").iloc[0]
    prov = first["provenance"]
    assert prov.roles() == ("values", "weights", "ranking")
    assert set(prov.synthetic_roles()) == {"weights", "ranking"}
    assert bool(first["synthetic"])
    d = malmo_employment[(malmo_employment["measure"] == "d")]
    d_first = d[d["year"] == first["year"]].iloc[0]
    assert d_first["provenance"].roles() == ("values",)  # D uses no weights
    assert not d_first["synthetic"]


def _trend_page_sentences(store, sex: str = "total"):
    """Every change sentence the Utveckling page can show: each city, area type and
    indicator of the store, measures D and SII (by median income)."""
    catalog = store.catalog()
    inv = store.inventory()
    inv = inv[
        (inv["sex"] == sex)
        & (inv["period"] == "")
        & ~inv["area_type"].isin(["municipality", "country"])
    ]
    combos = inv[["municipality_code", "area_type", "indicator"]].drop_duplicates()
    for rec in combos.to_dict("records"):
        ind = catalog[rec["indicator"]]
        gaps = gaps_by_year(
            store,
            rec["municipality_code"],
            [rec["area_type"]],
            ind,
            sex,
            stratifier=catalog["median_income"],
            # Only which years a sentence compares matters here, not its limits' last digit.
            simulations={"reps": 200, "sii_reps": 1000},
        )
        for m in ("d", "sii"):
            points = gaps[gaps["measure"] == m]
            sentence = change_sentence(
                points,
                measure=m,
                measure_name=m,
                indicator=ind,
                area_noun="område",
                stratifier_name="medianinkomst",
            )
            if sentence is not None:
                yield points, sentence


def test_no_sentence_of_the_trends_page_compares_across_a_change_of_provenance(loaded_store):
    crossing = said = n = 0
    for points, sentence in _trend_page_sentences(loaded_store):
        n += 1
        kinds = {
            int(r["year"]): r["provenance"].kind()
            for r in points.dropna(subset=["value"]).to_dict("records")
        }
        if len(set(kinds.values())) > 1:
            said += "bygger på" in sentence
        years = [int(y) for y in re.findall(r"\((\d{4})\)", sentence)[:2]]
        if len(years) == 2 and kinds[years[0]] != kinds[years[1]]:
            crossing += 1
    assert n > 100
    assert crossing == 0
    assert said > 0  # the package has such series, and their sentences say so


class _Uploaded:
    """The bundled store plus an upload of 2009 life expectancy for only some districts."""

    def __init__(self, store, rows: pd.DataFrame):
        self.store, self.rows = store, rows

    def current(self, **filters):
        found = self.store.current(**filters)
        extra = self.rows
        for key, value in filters.items():
            extra = extra[extra[key] == value]
        return pd.concat([found, extra], ignore_index=True)


def test_gaps_are_refused_when_districts_in_force_have_no_row(loaded_store, package):
    # 10 of Stockholm's 14 stadsdelsområden uploaded for 2009: the map says "10 of 14"; the
    # gap measures must count the 4 missing ones too, not only the stored rows.
    catalog = loaded_store.catalog()
    where = {"municipality_code": "0180", "area_type": "stadsdelsomrade_14", "year": 2010}
    life = loaded_store.current(**where, indicator="life_expectancy", sex="total")
    pop = loaded_store.current(**where, indicator="population", sex="total")
    areas = division_areas(package, "0180", "stadsdelsomrade_14")
    assert set(life["area_code"]) == set(areas)
    kept = sorted(areas)[:10]
    upload = pd.concat([life[life["area_code"].isin(kept)], pop], ignore_index=True).assign(
        year=2009
    )
    store = _Uploaded(loaded_store, upload)
    args = (store, "0180", ["stadsdelsomrade_14"], catalog["life_expectancy"], "total")
    before = gaps_by_year(*args, measures=("d", "bgv"))
    after = gaps_by_year(*args, measures=("d", "bgv"), areas={"stadsdelsomrade_14": areas})
    y2009 = after[after["year"] == 2009]
    assert before[before["year"] == 2009]["value"].notna().all()  # computed silently
    assert y2009["value"].isna().all()
    assert y2009["note_sv"].str.contains(f"10 av {len(areas)}").all()
    assert after[after["year"] == 2010]["value"].notna().all()


def test_measure_table_adds_a_row_for_every_area_in_force():
    rows = pd.DataFrame(
        {
            "area_code": ["a"],
            "area_name": ["Åby"],
            "value": [80.0],
            "ci_low": [79.0],
            "ci_high": [81.0],
        }
    )
    weights = pd.DataFrame({"area_code": ["a", "b"], "value": [100.0, 300.0]})
    table = measure_table(rows, weights, areas={"a": "Åby", "b": "Bro"})
    assert table["area"].tolist() == ["Åby", "Bro"]
    assert table["value"].isna().tolist() == [False, True]
    assert table["population"].tolist() == [100.0, 300.0]


def test_the_denominator_of_a_percentage_goes_with_it(loaded_store):
    # Göteborg's employment rate has the population aged 20–64 as its denominator
    # (catalog.DENOMINATORS), published by mellanområde; reading grade 3 has none.
    where = {"municipality_code": "1480", "area_type": "mellanomrade", "sex": "total"}
    rate = loaded_store.current(**where, indicator="employment_rate")
    den = loaded_store.current(**where, indicator="population_20_64")
    year = int(sorted(set(rate["year"]) & set(den["year"]))[-1])
    rows = rate[(rate["year"] == year) & (rate["period"] == "")]
    weights = loaded_store.current(**where, indicator="population", year=year)
    table = measure_table(
        rows,
        weights,
        denominators=den[den["year"] == year],
    )
    expected = rows["area_code"].map(den[den["year"] == year].set_index("area_code")["value"])
    assert table["denominator"].tolist() == expected.astype(float).tolist()
    assert table["denominator"].notna().any()
    assert DENOMINATORS["employment_rate"] == "population_20_64"
    assert "reading_grade3" not in DENOMINATORS
    reading = loaded_store.current(indicator="reading_grade3")
    one = reading[reading["year"] == reading["year"].max()]
    one = one[(one["municipality_code"] == one["municipality_code"].iloc[0])]
    one = one[(one["area_type"] == one["area_type"].iloc[0]) & (one["sex"] == one["sex"].iloc[0])]
    table = measure_table(one, weights.iloc[0:0], denominators=None)
    assert "denominator" not in table


def test_par_limits_need_the_share_own_denominator(loaded_store):
    # Reading grade 3, girls, Stockholm 2024: Walter's limits with the whole resident
    # population as n were about 13× too narrow (7,52–7,93). The package has no grade-3
    # cohort, so PAR/PAF get no limits, and the note says why.
    catalog = loaded_store.catalog()
    area_type = "stadsdelsomrade_11"  # the division in force in 2024
    gaps = gaps_by_year(
        loaded_store, "0180", [area_type], catalog["reading_grade3"], "women",
        measures=("par", "paf"),
    )  # fmt: skip
    y2024 = gaps[gaps["year"] == 2024]
    assert y2024["value"].notna().all()
    assert y2024["ci_low"].isna().all() and y2024["ci_high"].isna().all()
    assert y2024["note_sv"].str.contains("nämnare").all()
    # Employment in Göteborg's mellanområden has its denominator (residents 20–64, real
    # Göteborg statistics): there PAR has limits, from those counts.
    emp = gaps_by_year(
        loaded_store, "1480", ["mellanomrade"], catalog["employment_rate"], "total",
        measures=("par",),
    )  # fmt: skip
    denominators = loaded_store.current(
        municipality_code="1480", area_type="mellanomrade",
        indicator=DENOMINATORS["employment_rate"], sex="total",
    )  # fmt: skip
    both = emp[emp["year"].isin(set(denominators["year"])) & emp["value"].gt(0)]
    assert len(both) and both["ci_low"].notna().all()


def _yearly(years, values):
    return pd.DataFrame(
        {
            "area_code": "a",
            "area_name": "Åby",
            "year": years,
            "value": values,
            "ci_low": [v - 1 for v in values],
            "ci_high": [v + 1 for v in values],
        }
    )


def test_year_step_is_the_shortest_step_between_years_with_a_value():
    from indicators.views.trends import year_step

    yearly = _yearly([2018, 2019, 2022, 2023], [1.0, 2.0, 3.0, 4.0])
    every_other = _yearly([2010, 2012, 2014], [1.0, 2.0, 3.0])
    assert year_step(yearly) == 1
    assert year_step(every_other) == 2
    # A year whose only row has no value does not count: 2011 is not a step.
    with_empty = pd.concat([every_other, _yearly([2011], [float("nan")])])
    assert year_step(with_empty) == 2
    assert year_step(every_other, yearly) == 1


def test_break_at_gaps_puts_an_empty_year_in_each_gap_and_keeps_the_names():
    from indicators.views.trends import break_at_gaps

    out = break_at_gaps(_yearly([2018, 2019, 2022, 2023], [1.0, 2.0, 3.0, 4.0]), 1)
    assert out["year"].tolist() == [2018, 2019, 2020, 2022, 2023]
    empty = out[out["year"] == 2020].iloc[0]
    assert pd.isna(empty["value"]) and pd.isna(empty["ci_low"]) and pd.isna(empty["ci_high"])
    assert empty["area_name"] == "Åby"
    # A series measured every other year keeps its line.
    biennial = _yearly([2010, 2012, 2014], [1.0, 2.0, 3.0])
    assert break_at_gaps(biennial, 2)["year"].tolist() == [2010, 2012, 2014]
