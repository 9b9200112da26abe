"""Loading and validating boundary files: string codes, every problem reported with its place."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geodata.boundaries import load_boundaries, validate_boundaries
from geodata.crosswalk import area_types, load_crosswalk
from indicators.core.problems import ProblemsError, Reason

# A square near Stockholm's centre and a "bowtie" whose edges cross at (18.005, 59.305).
SQUARE = shapely.box(18.0, 59.3, 18.01, 59.31)
BOWTIE = shapely.Polygon([(18.0, 59.3), (18.01, 59.31), (18.01, 59.3), (18.0, 59.31)])


def test_goteborg_stadsomrade_codes_keep_leading_zeros(data_dir: Path) -> None:
    layer = load_boundaries(data_dir / "boundaries/goteborg/stadsomrade_4.geojson")
    assert list(layer.columns) == ["area_code", "area_name", "geometry"]
    assert layer["area_code"].tolist() == ["01", "02", "03", "04"]
    assert pd.api.types.is_string_dtype(layer["area_code"])
    assert layer.crs.to_epsg() == 4326


def test_malmo_delomrade_codes_are_strings(data_dir: Path) -> None:
    layer = load_boundaries(data_dir / "boundaries/malmo/delomrade.geojson")
    assert layer["area_code"].iloc[0] == "10101"
    assert all(isinstance(code, str) for code in layer["area_code"])


def test_every_package_file_loads_and_matches_its_crosswalk(
    data_dir: Path, boundary_resource: dict
) -> None:
    resource = boundary_resource
    layer = load_boundaries(
        data_dir / resource["path"],
        id_field=resource["id_field"],
        name_field=resource["name_field"],
    )
    assert len(layer) == resource["n_features"]
    city = Path(resource["path"]).parent.name
    crosswalk = load_crosswalk(data_dir / f"crosswalks/{city}_areas.csv")
    area_type = resource["area_type"]
    if area_type in area_types(crosswalk):
        # README: "Codes in the crosswalks are exactly the area_codes of the boundary files."
        assert set(layer["area_code"]) == set(crosswalk[f"{area_type}_code"].dropna())


def test_numeric_codes_become_text(tmp_path: Path, write_geojson: Callable) -> None:
    path = write_geojson(tmp_path / "n.geojson", [({"area_code": 101, "area_name": "A"}, SQUARE)])
    assert load_boundaries(path)["area_code"].tolist() == ["101"]


def test_other_field_names_are_renamed(tmp_path: Path, write_geojson: Callable) -> None:
    path = write_geojson(tmp_path / "m.geojson", [({"do_kod": "10101", "namn": "Västra"}, SQUARE)])
    layer = load_boundaries(path, id_field="do_kod", name_field="namn")
    assert layer[["area_code", "area_name"]].values.tolist() == [["10101", "Västra"]]


def test_every_problem_is_reported_with_feature_column_and_value(
    tmp_path: Path, write_geojson: Callable
) -> None:
    path = write_geojson(
        tmp_path / "bad.geojson",
        [
            ({"area_code": "a", "area_name": "A"}, SQUARE),
            ({"area_code": "b", "area_name": "B"}, BOWTIE),
            ({"area_code": "a", "area_name": "A igen"}, shapely.box(18.01, 59.3, 18.02, 59.31)),
            ({"area_code": "", "area_name": "Utan kod"}, shapely.Point(18.0, 59.3)),
            ({"area_code": "e", "area_name": "E"}, None),
        ],
    )
    with pytest.raises(ProblemsError) as caught:
        load_boundaries(path)
    found = {(p.row, p.column, p.reason, p.value) for p in caught.value.problems}
    assert found == {
        (1, "area_code", Reason.DUPLICATE, "a"),
        (2, "geometry", Reason.GEOMETRY, "Self-intersection[18.005 59.305]"),
        (3, "area_code", Reason.DUPLICATE, "a"),
        (4, "geometry", Reason.GEOMETRY, "Point"),
        (4, "area_code", Reason.REQUIRED, ""),
        (5, "geometry", Reason.REQUIRED, ""),
    }
    for problem in caught.value.problems:
        assert problem.file == "bad.geojson"
        assert f"Objekt {problem.row}" in problem.message.sv
        assert f"Feature {problem.row}" in problem.message.en
    bowtie = next(p for p in caught.value.problems if p.row == 2)
    assert "Self-intersection" in bowtie.message.sv
    assert "Self-intersection" in bowtie.message.en
    duplicate = next(p for p in caught.value.problems if p.row == 1)
    assert "'a'" in duplicate.message.en
    assert "3" in duplicate.message.en  # names the other feature with the same code


def test_wrong_crs_is_reported(tmp_path: Path, stockholm_grid: gpd.GeoDataFrame) -> None:
    path = tmp_path / "sweref.geojson"
    stockholm_grid.to_crs("EPSG:3006").to_file(path, engine="pyogrio")
    with pytest.raises(ProblemsError) as caught:
        load_boundaries(path)
    # Only the CRS: coordinates in metres are not also reported as outside Sweden.
    assert [(p.row, p.column, p.reason, p.value) for p in caught.value.problems] == [
        (None, "crs", Reason.CRS, "EPSG:3006")
    ]
    assert "EPSG:4326" in caught.value.problems[0].message.sv


def test_missing_crs_is_reported(stockholm_grid: gpd.GeoDataFrame) -> None:
    problems = validate_boundaries(stockholm_grid.set_crs(None, allow_override=True), "x")
    assert [(p.reason, p.column) for p in problems] == [(Reason.CRS, "crs")]


def test_swapped_axes_are_out_of_range(stockholm_grid: gpd.GeoDataFrame) -> None:
    swapped = stockholm_grid.set_geometry(
        shapely.transform(stockholm_grid.geometry.values, lambda xy: xy[:, ::-1])
    )
    problems = validate_boundaries(swapped, "swapped.geojson")
    assert [(p.row, p.reason) for p in problems] == [(i, Reason.OUT_OF_RANGE) for i in (1, 2, 3, 4)]
    assert "lon 59.3..59.31" in problems[0].value


def test_valid_layer_has_no_problems(stockholm_grid: gpd.GeoDataFrame) -> None:
    assert validate_boundaries(stockholm_grid, "grid") == []


def test_missing_id_field_is_reported(tmp_path: Path, write_geojson: Callable) -> None:
    path = write_geojson(tmp_path / "k.geojson", [({"kod": "a", "area_name": "A"}, SQUARE)])
    with pytest.raises(ProblemsError) as caught:
        load_boundaries(path)
    assert [(p.column, p.reason) for p in caught.value.problems] == [
        ("area_code", Reason.MISSING_COLUMN)
    ]


def test_an_unreadable_geometry_is_reported_by_feature(tmp_path: Path) -> None:
    path = tmp_path / "ring.geojson"
    one_point_ring = {"type": "Polygon", "coordinates": [[[18.0, 59.3]]]}
    features = [
        {"type": "Feature", "properties": {"area_code": "a", "area_name": "A"}, "geometry": g}
        for g in (shapely.geometry.mapping(SQUARE), one_point_ring)
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with pytest.raises(ProblemsError) as caught:
        load_boundaries(path)
    assert {(p.row, p.column, p.reason) for p in caught.value.problems} == {
        (1, "area_code", Reason.DUPLICATE),
        (2, "area_code", Reason.DUPLICATE),
        (2, "geometry", Reason.REQUIRED),
    }


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, Reason.MISSING_FILE), (b"\x00not json at all", Reason.PARSE)],
)
def test_unreadable_files_are_refused(
    tmp_path: Path, content: bytes | None, reason: Reason
) -> None:
    path = tmp_path / "broken.geojson"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ProblemsError) as caught:
        load_boundaries(path, label="broken")
    assert [(p.file, p.reason) for p in caught.value.problems] == [("broken", reason)]
