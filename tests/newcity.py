"""A new municipality for tests: the package's Göteborg DeSO/RegSO 2025 moved into Linköping."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely

from geodata import municipalities
from geodata.municipalities import SWEREF99TM
from tests.conftest import DATA

#: Linköping: its outline holds Göteborg's DeSO, archipelago included, once moved there.
CODE = "0580"
LAYERS = {"deso_2025": "deso", "regso_2025": "regso"}


def moved_layer(name: str, code: str = CODE) -> gpd.GeoDataFrame:
    """A package layer of Göteborg in SWEREF 99 TM, moved so its centre is ``code``'s centre,
    with codes that no longer name Göteborg ("1480A0010" → "0580A0010")."""
    deso = gpd.read_file(DATA / "boundaries" / "goteborg" / "deso_2025.geojson")
    centre = shapely.union_all(deso.to_crs(SWEREF99TM).geometry.values).centroid
    target = municipalities.outline_metres(code).centroid
    layer = gpd.read_file(DATA / "boundaries" / "goteborg" / f"{name}.geojson").to_crs(SWEREF99TM)
    layer["geometry"] = layer.translate(target.x - centre.x, target.y - centre.y)
    for column in [c for c in layer.columns if c.endswith("code")]:
        layer[column] = layer[column].str.replace("1480", code, n=1)
    return layer


def zipped_shapefile(layer: gpd.GeoDataFrame, path: Path, *, prj: bool = True) -> Path:
    """``layer`` as a zipped ESRI Shapefile at ``path`` (without its .prj when ``prj`` is off)."""
    folder = path.with_suffix("")
    folder.mkdir(parents=True, exist_ok=True)
    shp = folder / f"{path.stem}.shp"
    with warnings.catch_warnings():
        # dBase truncates names to 10 characters, as in any official's Shapefile.
        warnings.simplefilter("ignore")
        layer.to_file(shp, driver="ESRI Shapefile", engine="pyogrio")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(folder.iterdir()):
            if prj or member.suffix != ".prj":
                archive.write(member, member.name)
    return path
