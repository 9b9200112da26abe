"""``jamlik check-data``: validate a whole data package and say what each resource holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geodata.boundaries import load_boundaries
from geodata.crosswalk import area_types, load_crosswalk
from indicators.core.formatting import year_span
from indicators.core.problems import Problem, ProblemsError
from indicators.ingest.tidy import read_tidy_path
from indicators.table.catalog import Indicator, read_catalog
from indicators.table.package import (
    BoundaryResource,
    CrosswalkResource,
    IndicatorResource,
    Resource,
    checksum_problem,
    read_package,
)

# Rows of these area types describe a whole city or country, or a grouping that has no
# boundary file in the package by design; they are not checked against boundaries.
NO_BOUNDARY_NEEDED = ("country", "municipality")


@dataclass
class ResourceCheck:
    name: str
    kind: str
    holds: str
    problems: list[Problem] = field(default_factory=list)


@dataclass
class CheckReport:
    root: Path
    resources: list[ResourceCheck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # about the package as a whole

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.problems for r in self.resources)

    def render(self, lang: str = "sv", max_problems: int = 0) -> str:
        """A readable report; every problem is listed unless ``max_problems`` limits it."""
        en = lang == "en"
        lines = [f"{'Data package' if en else 'Datapaket'}: {self.root}"]
        for p in self.problems:
            lines.append(f"  ✗ {p.text(lang)}")
        for res in self.resources:
            mark = "✗" if res.problems else "✓"
            lines.append(f"{mark} {res.name} [{res.kind}] {res.holds}")
            shown = res.problems[:max_problems] if max_problems else res.problems
            lines += [f"    - {p.text(lang)}" for p in shown]
            if len(shown) < len(res.problems):
                more = len(res.problems) - len(shown)
                lines.append(f"    … {more} {'more problems' if en else 'problem till'}")
        n = len(self.problems) + sum(len(r.problems) for r in self.resources)
        if n:
            lines.append(f"{n} {'problems found' if en else 'problem hittades'}.")
        else:
            lines.append("No problems found." if en else "Inga problem hittades.")
        return "\n".join(lines)


def _started(res: Resource, kind: str) -> ResourceCheck:
    """A resource's check with its checksum problem, if any."""
    check = ResourceCheck(res.name, kind, "")
    problem = checksum_problem(res)
    if problem:
        check.problems.append(problem)
    return check


def _check_boundary(res: BoundaryResource, codes: dict[tuple[str, str], set[str]]) -> ResourceCheck:
    """A boundary file: readable, as many areas as declared; its codes go into ``codes``."""
    check = _started(res, "boundaries")
    if not res.path.is_file():
        return check
    try:
        gdf = load_boundaries(
            res.path, id_field=res.id_field, name_field=res.name_field, label=res.rel_path
        )
    except ProblemsError as err:
        check.problems += err.problems
        return check
    codes[(res.municipality_code, res.area_type)] = set(gdf["area_code"])
    valid = f"{res.valid_from or '…'} – {res.valid_to or '…'}"
    check.holds = f"{len(gdf)} {res.area_type} ({res.status}, {valid})"
    if res.n_features and res.n_features != len(gdf):
        check.problems.append(
            Problem.at(
                res.rel_path,
                "feature_count",
                column="n_features",
                value=str(res.n_features),
                declared=res.n_features,
                found=len(gdf),
            )
        )
    return check


def _check_crosswalk(
    res: CrosswalkResource, codes: dict[tuple[str, str], set[str]]
) -> ResourceCheck:
    """A crosswalk: every code it names is in the boundary file of its area type."""
    check = _started(res, "crosswalk")
    if not res.path.is_file():
        return check
    try:
        xw = load_crosswalk(res.path)
        types = area_types(xw)
    except ProblemsError as err:  # listed like any other problem, never a traceback
        check.problems += err.problems
        return check
    check.holds = f"{len(xw)} {res.smallest_area_type} → {', '.join(types[1:])}"
    for area_type in types:
        known = codes.get((res.municipality_code, area_type))
        column = f"{area_type}_code"
        if known is None or column not in xw.columns:
            continue
        for idx, code in xw[column].items():
            if pd.notna(code) and code not in known:
                check.problems.append(_unknown(res.rel_path, int(idx) + 2, column, code, area_type))
    return check


def _check_indicators(
    res: IndicatorResource,
    catalog: dict[str, Indicator],
    codes: dict[tuple[str, str], set[str]],
) -> ResourceCheck:
    """An indicator file: valid in the strict format, and its areas in the boundary files."""
    check = _started(res, "synthetic" if res.synthetic else "indicators")
    if not (res.path.is_file() and catalog):
        return check
    try:
        frame = read_tidy_path(res.path, catalog, label=res.rel_path)
    except ProblemsError as err:
        check.problems += err.problems
        return check
    check.holds = (
        f"{len(frame)} rows; {', '.join(sorted(frame['municipality_code'].unique()))}; "
        f"{', '.join(sorted(frame['area_type'].unique()))}; "
        f"{frame['indicator'].nunique()} indicators; {year_span(frame['year'])}"
    )
    check.problems += _unknown_areas(frame, codes, res.rel_path)
    return check


def check_package(root: Path) -> CheckReport:
    """Every resource of the package at ``root`` checked, boundaries first (the others'
    area codes are checked against them)."""
    report = CheckReport(root=Path(root))
    try:
        package = read_package(root)
    except ProblemsError as err:
        report.problems += err.problems
        return report
    codes: dict[tuple[str, str], set[str]] = {}
    report.resources += [_check_boundary(res, codes) for res in package.boundaries]
    report.resources += [_check_crosswalk(res, codes) for res in package.crosswalks]
    cat_check = _started(package.catalog, "catalog")
    catalog = {}
    if not cat_check.problems:
        try:
            catalog = read_catalog(package.catalog.path)
            cat_check.holds = f"{len(catalog)} indicators"
        except (ValueError, KeyError, UnicodeDecodeError) as err:
            cat_check.problems.append(
                Problem.at(package.catalog.rel_path, "file_unreadable", error=err)
            )
    report.resources.append(cat_check)
    report.resources += [_check_indicators(res, catalog, codes) for res in package.indicators]
    return report


def _unknown(file: str, row: int, column: str, code: str, area_type: str) -> Problem:
    return Problem.at(
        file, "code_not_in_boundaries", row=row, column=column, value=code, area_type=area_type
    )


def _unknown_areas(
    frame: pd.DataFrame, codes: dict[tuple[str, str], set[str]], file: str
) -> list[Problem]:
    """Rows whose area has a boundary file but whose code is not in it."""
    problems = []
    for (city, area_type), part in frame.groupby(["municipality_code", "area_type"]):
        known = codes.get((city, area_type))
        if known is None or area_type in NO_BOUNDARY_NEEDED:
            continue
        for idx, code in part.loc[~part["area_code"].isin(known), "area_code"].items():
            problems.append(_unknown(file, int(idx) + 2, "area_code", code, area_type))
    return problems
