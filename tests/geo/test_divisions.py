"""An editor's own division: every refusal names its feature and code; a good file reads."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
import shapely.affinity

from geodata import divisions, municipalities
from geodata.divisions import link_parent, read_division
from indicators.core.problems import ProblemsError, Reason
from tests.newcity import CODE, moved_layer, zipped_shapefile


@pytest.fixture(scope="module")
def deso() -> gpd.GeoDataFrame:
    return moved_layer("deso_2025")


@pytest.fixture(scope="module")
def regso() -> gpd.GeoDataFrame:
    return moved_layer("regso_2025")


def _refused(path: Path, **kwargs) -> list:
    kwargs.setdefault("municipality", CODE)
    with pytest.raises(ProblemsError) as caught:
        read_division(path, **kwargs)
    return caught.value.problems


def test_the_register_names_every_municipality_from_scb():
    register = municipalities.register()
    assert len(register) == 290
    assert register.loc["0580", "name"] == "Linköping"
    assert register.loc["1280", "name"] == "Malmö"
    assert register.geometry.notna().all()


def test_a_zipped_shapefile_in_sweref_is_read_and_reprojected(deso, tmp_path):
    path = zipped_shapefile(deso, tmp_path / "deso.zip")
    division = read_division(path, municipality=CODE)
    assert division.crs == "EPSG:3006"
    assert len(division.areas) == len(deso)
    assert division.areas.crs == "EPSG:4326"
    assert division.areas["area_code"].iloc[0].startswith("0580A")
    # Inside Linköping, whose outline is in lon/lat: reprojection really happened.
    linkoping = municipalities.outline(CODE)
    assert linkoping.intersects(division.areas.geometry.iloc[len(deso) // 2])
    # dBase keeps 10 characters of a name: the parent link property arrives shortened.
    assert "regso_2025" in division.areas.columns


def test_a_geopackage_and_a_geojson_read_alike(regso, tmp_path):
    gpkg = tmp_path / "regso.gpkg"
    regso.to_file(gpkg, driver="GPKG", engine="pyogrio")
    geojson = tmp_path / "regso.geojson"
    regso.to_crs("EPSG:4326").to_file(geojson, driver="GeoJSON", engine="pyogrio")
    a = read_division(gpkg, municipality=CODE).areas
    b = read_division(geojson, municipality=CODE).areas
    assert list(a["area_code"]) == list(b["area_code"])
    # GeoPackage keeps multipolygons where GeoJSON has polygons: compare the areas covered.
    first, other = a.geometry.iloc[0], b.geometry.iloc[0]
    assert first.symmetric_difference(other).area < 1e-6 * first.area


def test_sweref_numbers_without_a_crs_are_refused_then_read_with_crs_given(deso, tmp_path):
    path = zipped_shapefile(deso, tmp_path / "deso.zip", prj=False)
    (problem,) = _refused(path)
    assert problem.reason is Reason.CRS
    assert "EPSG:3006" in problem.message.sv and "EPSG:3006" in problem.message.en
    assert len(read_division(path, municipality=CODE, crs="EPSG:3006").areas) == len(deso)


def test_a_geojson_of_sweref_numbers_is_not_taken_for_wgs84(deso, tmp_path):
    # GeoJSON is WGS84 by definition, so the reader declares it whatever the numbers are.
    path = tmp_path / "deso.geojson"
    deso.set_crs("EPSG:4326", allow_override=True).to_file(path, driver="GeoJSON")
    (problem,) = _refused(path)
    assert problem.reason is Reason.CRS


def test_a_crs_given_against_the_files_own_is_refused(deso, tmp_path):
    path = zipped_shapefile(deso, tmp_path / "deso.zip")
    (problem,) = _refused(path, crs="EPSG:3021")
    assert problem.reason is Reason.CRS and "EPSG:3006" in problem.message.en


def test_a_bow_tie_duplicate_overlap_and_gap_are_all_reported(regso, tmp_path):
    layer = regso.copy()
    x0, y0, x1, y1 = layer.geometry.iloc[0].bounds
    layer.loc[0, "geometry"] = shapely.Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])
    layer.loc[2, "area_code"] = layer.loc[1, "area_code"]
    layer.loc[3, "geometry"] = layer.geometry.iloc[3].buffer(400)  # spills over neighbours
    path = zipped_shapefile(layer, tmp_path / "regso.zip")
    problems = _refused(path)
    by_feature = {(p.row, p.reason) for p in problems}
    assert (1, Reason.GEOMETRY) in by_feature
    assert "Self-intersection" in next(p.value for p in problems if p.row == 1)
    assert {(2, Reason.DUPLICATE), (3, Reason.DUPLICATE)} <= by_feature
    # Geometry problems stop the spatial checks, so the overlap is a second file.
    layer = regso.copy()
    layer.loc[3, "geometry"] = layer.geometry.iloc[3].buffer(400)
    inner = _surrounded(layer)
    layer.loc[inner, "geometry"] = layer.geometry.iloc[inner].buffer(-300)  # a ring no one covers
    problems = _refused(zipped_shapefile(layer, tmp_path / "regso2.zip"))
    overlaps = [p for p in problems if "overlaps" in p.message.en]
    # Every overlap is feature 4's spill onto a neighbour, and names it by number and code.
    assert overlaps
    assert all(layer.loc[3, "area_code"] in p.message.en for p in overlaps)
    assert all("feature 4 " in p.message.en.casefold() for p in overlaps)
    gaps = [p for p in problems if "gap" in p.message.en]
    assert gaps and all(" ha " in p.message.en for p in gaps)
    # Each language writes the numbers its own way: "1 234,5 m²" and "1,234.5 m²".
    assert all(re.search(r"by [\d,]+ m²", p.message.en) for p in overlaps)
    assert all(re.search(r"med [\d\u00a0]+ m²", p.message.sv) for p in overlaps)
    assert all(re.search(r"\d,\d ha", p.message.sv) for p in gaps)
    assert all(re.search(r"\d\.\d ha", p.message.en) for p in gaps)


def _surrounded(layer: gpd.GeoDataFrame) -> int:
    """The first area with neighbours all round (not on the coast or the city's edge)."""
    union = shapely.union_all(layer.geometry.values).buffer(1)
    return next(i for i, g in enumerate(layer.geometry) if g.buffer(100).within(union))


def test_an_area_outside_the_municipality_is_named(regso, tmp_path):
    layer = regso.copy()
    layer.loc[5, "geometry"] = shapely.affinity.translate(layer.geometry.iloc[5], 60_000, 0)
    problems = _refused(zipped_shapefile(layer, tmp_path / "regso.zip"))
    outside = [p for p in problems if p.reason is Reason.OUT_OF_RANGE]
    assert [(p.row, p.value) for p in outside] == [(6, layer.loc[5, "area_code"])]
    assert "Linköping" in outside[0].message.sv


def test_an_unknown_municipality_code_is_refused(regso, tmp_path):
    problems = _refused(zipped_shapefile(regso, tmp_path / "r.zip"), municipality="0999")
    assert [p.reason for p in problems] == [Reason.UNKNOWN_REFERENCE]


def test_zip_slip_paths_are_refused_before_anything_is_unpacked(tmp_path):
    path = tmp_path / "slip.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../etc/evil.shp", b"x")
        archive.writestr("/abs/evil.dbf", b"x")
    problems = _refused(path)
    assert {p.value for p in problems if "path" in p.message.en} == {
        "../../etc/evil.shp",
        "/abs/evil.dbf",
    }
    assert not (tmp_path.parent.parent / "etc" / "evil.shp").exists()


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.shp", b"\0" * (divisions.MAX_UNZIPPED_BYTES + 1))
    assert path.stat().st_size < 1_000_000  # small on the wire
    problems = _refused(path)
    assert [p.reason for p in problems] == [Reason.OUT_OF_RANGE]
    assert "unpacks to" in problems[0].message.en


def test_a_file_of_another_kind_is_refused(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("a,b\n", encoding="utf-8")
    (problem,) = _refused(path)
    assert ".csv" in problem.message.en


def test_parents_come_from_the_code_property_or_by_overlay(deso, regso):
    parents = regso.to_crs("EPSG:4326")
    by_property, problems = link_parent(deso, parents, "regso_2025", "deso.zip")
    assert problems == []
    by_overlay, problems = link_parent(
        deso.drop(columns="regso_2025_code"), parents, "regso_2025", "deso.zip"
    )
    assert problems == []
    assert by_overlay == by_property
    assert len(by_property) == len(deso)


def test_an_area_split_between_parents_is_reported(deso, regso):
    child = deso.drop(columns="regso_2025_code").head(3).copy()
    straddling = shapely.union_all([regso.geometry.iloc[0], regso.geometry.iloc[1]])
    child.loc[0, "geometry"] = straddling
    links, problems = link_parent(child, regso, "regso_2025", "deso.zip")
    assert [p.row for p in problems] == [1]
    assert "99 %" in problems[0].message.sv
    assert child.loc[0, "area_code"] not in links
