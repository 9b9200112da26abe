"""Benchmark of the gap-measure engine on the synthetic city data (a script, not a test).

Times ``compute_all`` for one indicator across every year × area type × sex of a city,
population from the same file, districts ranked into population-weighted quintiles by
median income for SII/RII, with the default simulations (HEAT measures 20,000, PHE SII/RII
100,000); and the PHE SII/RII with 100,000 simulations on its own.
Budgets (issue #3): ≤ 200 ms and ≤ 1 s. Run from the repository root::

    .venv/bin/python bench/bench_gaps.py [--city stockholm] [--indicator life_expectancy]
"""

from __future__ import annotations

import argparse
import platform
import shlex
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.core import settings
from indicators.measures import compute_all, slope_index

KEYS = ["area_type", "year", "sex"]


def load(data: Path, city: str, indicator: str) -> tuple[pd.DataFrame, bool | None]:
    """Long table of (area type, year, sex, area) with value, population and median income."""
    raw = pd.read_csv(data / "indicators" / "synthetic" / f"{city}.csv", dtype={"area_code": str})
    raw = raw[raw["area_type"] != "municipality"]
    wide = raw.pivot_table(
        index=[*KEYS, "area_code"],
        columns="indicator",
        values=["value", "ci_low", "ci_high"],
        aggfunc="first",
    )
    # CNI exists for 'total' only; income for every sex: stratify by the same sex's income.
    table = pd.DataFrame(
        {
            "value": wide[("value", indicator)],
            "population": wide[("value", "population")],
            "median_income": wide[("value", "median_income")],
        }
    )
    if ("ci_low", indicator) in wide.columns:
        # 95 % limits → standard errors, so that the confidence limits are timed too.
        table["se"] = (wide[("ci_high", indicator)] - wide[("ci_low", indicator)]) / 3.919928
    table = table.reset_index()
    table = table.rename(columns={"area_code": "area"}).dropna(subset=["value"], how="all")
    catalog = pd.read_csv(data / "indicators" / "catalog.csv", dtype=str, keep_default_na=False)
    flag = catalog.set_index("id").loc[indicator, "higher_is_better"]
    return table, {"true": True, "false": False}.get(flag)


def time_it(fn, repeat: int) -> float:  # noqa: ANN001 - a bench helper
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--city", default="stockholm")
    parser.add_argument("--indicator", default="life_expectancy")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args(argv)
    data = settings.data_dir()

    table, higher_is_better = load(data, args.city, args.indicator)
    groups = [g for _, g in table.groupby(KEYS, sort=True)]

    def all_tables() -> int:
        refused = 0
        for g in groups:
            res = compute_all(
                g,
                higher_is_better=higher_is_better,
                stratify_by="median_income",
                quantiles=5,
            )
            refused += sum(r.refused is not None for r in res.values())
        return refused

    def page_default() -> None:
        # What Utveckling computes by default: D and SII only (compute_all's ``measures``
        # skips the HEAT simulations nobody asked for).
        for g in groups:
            compute_all(
                g,
                higher_is_better=higher_is_better,
                stratify_by="median_income",
                quantiles=5,
                measures=("d", "sii"),
            )

    refused = all_tables()
    t_all = time_it(all_tables, args.repeat)
    t_default = time_it(page_default, args.repeat)

    # One table of income quintiles, as compute_all builds it, fitted with 100,000 draws.
    rng = np.random.default_rng(1)
    values = np.array([78.1, 80.2, 81.5, 82.4, 83.9])
    pops = rng.integers(150_000, 200_000, size=5).astype(float)
    se = np.full(5, 0.4)
    t_sii = time_it(lambda: slope_index(values, pops, se, reps=100_000), args.repeat)

    cmd = "python " + " ".join(shlex.quote(a) for a in sys.argv)
    print(f"Command: `{cmd}` (JAMLIK_DATA={data})  ")
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
        f"best of {args.repeat}\n"
    )
    print("| case | tables | time | budget |")
    print("|---|---:|---:|---:|")
    print(
        f"| compute_all, {args.city} `{args.indicator}`, every year × area type × sex, "
        f"SII/RII by median-income quintiles | {len(groups)} | {t_all * 1000:.0f} ms "
        f"| 200 ms |"
    )
    print(
        f"| D and SII only (Utveckling's default), same tables | {len(groups)} | "
        f"{t_default * 1000:.0f} ms | 200 ms |"
    )
    print(
        f"| PHE SII/RII with 100,000 simulations (5 quintiles) | 1 | {t_sii * 1000:.1f} ms "
        f"| 1000 ms |"
    )
    with_se = "with" if "se" in table.columns else "without"
    print(
        f"\nStandard errors: {with_se}. {refused} of {len(groups) * 20} measure results were "
        "refusals (MDRU/MDRW need a reference)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
