"""An editor's division as a version: checked, stored, withdrawn, and drawn like the package's own."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from indicators.core import settings
from indicators.core.places import MUNICIPALITIES
from indicators.core.problems import Problem, ProblemsError
from indicators.table.package import BoundaryResource, CrosswalkResource, Package
from indicators.table.store import Store

if TYPE_CHECKING:
    import geopandas as gpd

# geopandas and GDAL are imported where a file is read, not when the app starts: the pages
# read stored divisions as text (issue 10's warm start stays free of the geo stack).

#: An area type id: what URLs, files and the tidy table's ``area_type`` column hold.
AREA_TYPE_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: The resource name of a stored division in a package view starts so.
STORED_PREFIX = "division-"
#: Names of a division shown in pickers and titles.
MAX_NAME_CHARS = 120


@dataclass(frozen=True)
class DivisionRequest:
    """What the editor says of a division file (the CLI's options, the page's fields)."""

    municipality: str
    area_type: str
    name_sv: str = ""
    name_en: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    id_field: str = "area_code"
    name_field: str = "area_name"
    parent: str | None = None
    crs: str | None = None


@dataclass
class DivisionCheck:
    """A checked file: ``status`` "valid" (or "stored") with its areas, else "refused"."""

    request: DivisionRequest
    file_name: str
    sha256: str
    status: str = "refused"
    areas: gpd.GeoDataFrame | None = None
    source_crs: str = ""
    links: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    version: int | None = None

    @property
    def n_features(self) -> int:
        return 0 if self.areas is None else len(self.areas)

    def as_json(self, lang: str) -> dict[str, object]:
        """The CLI's JSON: status, features, version and every problem with its feature."""
        return {
            "status": self.status,
            "features": self.n_features,
            "version": self.version,
            "problems": [
                {
                    "feature": p.row,
                    "area_code": _code_of(p, self.areas),
                    "message": p.message(lang),
                }
                for p in self.problems
            ],
        }


def _code_of(problem: Problem, areas: gpd.GeoDataFrame | None) -> str | None:
    if problem.column in ("area_code", "geometry") and problem.row is not None:
        if areas is not None and problem.row <= len(areas):
            return str(areas["area_code"].iloc[problem.row - 1])
        return problem.value if problem.column == "area_code" else None
    return None


def check(path: Path, request: DivisionRequest, package: Package, store: Store) -> DivisionCheck:
    """Every problem with a division file and what the editor said of it; stores nothing."""
    from geodata.divisions import link_parent, read_division

    path = Path(path)
    checked = DivisionCheck(request, path.name, _sha256(path))
    checked.problems = _request_problems(request, package, store, path.name)
    if checked.problems:
        return checked
    try:
        division = read_division(
            path,
            municipality=request.municipality,
            id_field=request.id_field,
            name_field=request.name_field,
            crs=request.crs,
            label=path.name,
        )
    except ProblemsError as err:
        checked.problems = err.problems
        return checked
    checked.areas, checked.source_crs = division.areas, division.crs
    if request.parent:
        parents = _division_areas(package, store, request.municipality, request.parent)
        checked.links, checked.problems = link_parent(
            division.areas, parents, request.parent, path.name
        )
    checked.status = "refused" if checked.problems else "valid"
    return checked


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _request_problems(
    request: DivisionRequest, package: Package, store: Store, label: str
) -> list[Problem]:
    """What is wrong with the editor's own statements, before the file is read."""
    from geodata import municipalities

    problems = []
    if request.municipality not in municipalities.register().index:
        problems.append(
            Problem.at(
                label,
                "municipality_not_in_register",
                column="municipality",
                value=request.municipality,
            )
        )
    if not AREA_TYPE_ID.match(request.area_type):
        problems.append(
            Problem.at(label, "area_type_id", column="area_type", value=request.area_type)
        )
    elif _in_package(package, request.municipality, request.area_type):
        problems.append(
            Problem.at(label, "area_type_in_package", column="area_type", value=request.area_type)
        )
    for column, name in (("name_sv", request.name_sv), ("name_en", request.name_en)):
        if len(name) > MAX_NAME_CHARS:
            problems.append(
                Problem.at(
                    label,
                    "name_too_long",
                    column=column,
                    value=name[:40] + "…",
                    limit=MAX_NAME_CHARS,
                )
            )
    if request.valid_from and request.valid_to and request.valid_from > request.valid_to:
        problems.append(
            Problem.at(label, "valid_dates", column="valid_to", value=str(request.valid_to))
        )
    if request.parent and request.parent not in known_area_types(
        package, store, request.municipality
    ):
        problems.append(
            Problem.at(label, "parent_type_unknown", column="parent", value=request.parent)
        )
    return problems


def _in_package(package: Package, municipality: str, area_type: str) -> bool:
    """Whether the data package itself (not an editor) has this division; a package view
    with stored divisions may be given, and a stored division may get a new version."""
    res = package.boundary(municipality, area_type)
    return res is not None and not res.name.startswith(STORED_PREFIX)


def known_area_types(package: Package, store: Store, municipality: str) -> list[str]:
    """The divisions a municipality has with boundaries: the package's and those stored."""
    own = [b.area_type for b in package.boundaries if b.municipality_code == municipality]
    stored = active(store)
    return own + [
        a
        for a in stored.loc[stored["municipality_code"] == municipality, "area_type"]
        if a not in own
    ]


def active(store: Store, *, with_areas: bool = False) -> pd.DataFrame:
    """The stored divisions in force: the newest version not withdrawn of each municipality
    and area type (withdrawing it brings back the one before)."""
    frame = store.divisions(include_withdrawn=False, with_areas=with_areas)
    return frame.drop_duplicates(["municipality_code", "area_type"], keep="last").reset_index(
        drop=True
    )


def _division_areas(
    package: Package, store: Store, municipality: str, area_type: str
) -> gpd.GeoDataFrame:
    from geodata.boundaries import load_boundaries

    res = package.boundary(municipality, area_type)
    if res is not None:
        return load_boundaries(
            res.path, id_field=res.id_field, name_field=res.name_field, label=res.rel_path
        )
    stored = active(store, with_areas=True)
    row = stored[(stored["municipality_code"] == municipality) & (stored["area_type"] == area_type)]
    return _from_geojson(row["geojson"].iloc[0])


def _from_geojson(text: str) -> gpd.GeoDataFrame:
    import geopandas as gpd

    features = json.loads(text)["features"]
    return gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")


def save(store: Store, checked: DivisionCheck, *, editor: str) -> DivisionCheck:
    """Store a valid division as a new version; ``checked`` comes back "stored" with it."""
    if checked.status != "valid" or checked.areas is None:
        raise ValueError("only a valid division is stored")
    request = checked.request
    areas = checked.areas[["area_code", "area_name", "geometry"]].copy()
    areas["parent_code"] = areas["area_code"].map(checked.links) if checked.links else None
    record = {
        "municipality_code": request.municipality,
        "area_type": request.area_type,
        "name_sv": request.name_sv,
        "name_en": request.name_en,
        "valid_from": request.valid_from.isoformat() if request.valid_from else None,
        "valid_to": request.valid_to.isoformat() if request.valid_to else None,
        "parent_type": request.parent,
        "file_name": checked.file_name,
        "sha256": checked.sha256,
        "source_crs": checked.source_crs,
        "n_features": len(areas),
        "geojson": areas.to_json(drop_id=True),
        "imported_by": editor,
    }
    with store.writing() as conn:
        checked.version = store.add_division(conn, record)
    checked.status = "stored"
    return checked


class DivisionWithdrawError(Exception):
    """A division version that cannot be withdrawn: unknown, already withdrawn, or a parent."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message.en)
        self.problem = problem


def withdraw(store: Store, version: int, *, editor: str) -> None:
    """Withdraw a stored division; a division another one in force names as parent stays."""
    frame = store.divisions()
    row = frame[frame["id"] == version]
    label = f"version {version}"
    if row.empty:
        raise DivisionWithdrawError(Problem.at(label, "division_no_version", value=str(version)))
    if row["withdrawn_at"].notna().iloc[0]:
        raise DivisionWithdrawError(Problem.at(label, "division_withdrawn", value=str(version)))
    city, area_type = row["municipality_code"].iloc[0], row["area_type"].iloc[0]
    children = active(store)
    children = children[
        (children["municipality_code"] == city) & (children["parent_type"] == area_type)
    ]
    if len(children):
        raise DivisionWithdrawError(
            Problem.at(
                label, "division_is_parent", value=str(version), child=children["area_type"].iloc[0]
            )
        )
    with store.writing() as conn:
        store.withdraw_division(conn, version, editor)


def package_view(package: Package, store: Store) -> Package:
    """:func:`with_stored` with the stored divisions written under ``JAMLIK_VAR_DIR``."""
    return with_stored(package, store, settings.var_dir() / "divisions")


def area_type_names(store: Store) -> dict[str, tuple[str, str]]:
    """The (sv, en) names editors gave their divisions' area types."""
    stored = active(store)
    return {rec["area_type"]: (rec["name_sv"], rec["name_en"]) for rec in stored.to_dict("records")}


def with_stored(package: Package, store: Store, folder: Path) -> Package:
    """The package as the app reads it: its own divisions and those editors stored.

    Each stored division is written once to ``folder`` as GeoJSON (by content hash), so the
    map, the area index and the simplification cache read it like a package file; a
    municipality whose divisions link to parents gets a crosswalk built from the links.
    """
    stored = active(store, with_areas=True)
    if stored.empty:
        return package
    folder.mkdir(parents=True, exist_ok=True)
    boundaries = [_resource(rec, folder) for rec in _finest_first(stored).to_dict("records")]
    crosswalks = [
        cw
        for city, part in stored.groupby("municipality_code", sort=True)
        if package.crosswalk(str(city)) is None
        and (cw := _crosswalk(str(city), part, folder)) is not None
    ]
    digest = hashlib.sha256(
        (package.fingerprint + "".join(b.sha256 for b in boundaries)).encode()
    ).hexdigest()
    return dataclasses.replace(
        package,
        fingerprint=digest,
        boundaries=[*package.boundaries, *boundaries],
        crosswalks=[*package.crosswalks, *crosswalks],
    )


def _finest_first(stored: pd.DataFrame) -> pd.DataFrame:
    """Each municipality's divisions with children before their parents (the package's order)."""

    parents = dict(zip(stored["area_type"], stored["parent_type"], strict=True))

    def depth(rec: pd.Series) -> int:
        level, at = 0, rec["parent_type"]
        while isinstance(at, str) and at and level < 20:
            level, at = level + 1, parents.get(at)
        return -level

    order = stored.assign(_depth=stored.apply(depth, axis=1))
    return order.sort_values(["municipality_code", "_depth"], kind="stable").drop(columns="_depth")


def _write_once(folder: Path, name: str, text: str) -> Path:
    target = folder / name
    if not target.is_file():
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)  # a second server writing the same file changes nothing
    return target


def _resource(rec: dict, folder: Path) -> BoundaryResource:
    text = rec["geojson"]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    path = _write_once(folder, f"{digest[:16]}.geojson", text)
    name = MUNICIPALITIES.get(rec["municipality_code"], rec["municipality_code"])
    return BoundaryResource(
        name=f"{STORED_PREFIX}{rec['id']}",
        path=path,
        rel_path=f"{rec['file_name']} (version {rec['id']})",
        title=rec["name_sv"] or rec["area_type"],
        sha256=digest,
        sources=(f"{name}: {rec['file_name']}, {rec['imported_by']} {rec['imported_at'][:10]}",),
        licenses=(),
        municipality_code=rec["municipality_code"],
        area_type=rec["area_type"],
        valid_from=_day(rec["valid_from"]),
        valid_to=_day(rec["valid_to"]),
        status=f"version {rec['id']}",
        n_features=int(rec["n_features"]),
        description=rec["name_en"],
    )


def _day(value: object) -> date | None:
    """A stored ISO date; the frame has None or NaN where no date was given."""
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _crosswalk(city: str, stored: pd.DataFrame, folder: Path) -> CrosswalkResource | None:
    """A crosswalk CSV for a new municipality: its finest linked division and every level
    above it, one row per finest area, as the package's crosswalks are laid out."""
    by_type = {rec["area_type"]: rec for rec in stored.to_dict("records")}
    linked = _finest_first(stored)
    linked = linked[linked["parent_type"].notna()]
    if linked.empty:
        return None
    finest = linked.iloc[0]["area_type"]
    table = _level_table(by_type[finest])
    current = by_type[finest]
    while current["parent_type"] in by_type:
        parent = by_type[current["parent_type"]]
        table = table.merge(
            _level_table(parent),
            how="left",
            left_on=f"{current['area_type']}_parent",
            right_on=f"{parent['area_type']}_code",
        )
        current = parent
    columns = [c for c in table.columns if not c.endswith("_parent")]
    text = table[columns].to_csv(index=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    path = _write_once(folder, f"{digest[:16]}-{city}_areas.csv", text)
    return CrosswalkResource(
        name=f"crosswalk-{city}",
        path=path,
        rel_path=path.name,
        title=f"{MUNICIPALITIES.get(city, city)}",
        sha256=digest,
        sources=(),
        licenses=(),
        municipality_code=city,
        smallest_area_type=finest,
    )


def _level_table(rec: dict) -> pd.DataFrame:
    """One division's code, name and parent code columns, named after its area type."""
    props = pd.DataFrame([f["properties"] for f in json.loads(rec["geojson"])["features"]])
    area_type = rec["area_type"]
    return pd.DataFrame(
        {
            f"{area_type}_code": props["area_code"].astype("str"),
            f"{area_type}_name": props["area_name"].astype("str"),
            f"{area_type}_parent": props.get("parent_code", pd.Series([None] * len(props))),
        }
    )
