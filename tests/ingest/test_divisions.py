"""A new municipality's divisions as versions: checked, stored, linked, withdrawn, then used."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.core.problems import Reason
from indicators.ingest import divisions, versions
from indicators.ingest.divisions import DivisionRequest
from indicators.table.areas import AreaIndex
from indicators.table.store import Store
from tests.newcity import CODE, moved_layer, zipped_shapefile

REGSO = DivisionRequest(CODE, "regso_2025", name_sv="RegSO 2025", name_en="RegSO 2025")
DESO = DivisionRequest(CODE, "deso_2025", name_sv="DeSO 2025", parent="regso_2025")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("newcity")
    return {
        name: zipped_shapefile(moved_layer(name), folder / f"{name}.zip")
        for name in ("regso_2025", "deso_2025")
    }


@pytest.fixture
def sqlite_store(tmp_path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'store.sqlite'}")


def _add(store, package, path, request) -> divisions.DivisionCheck:
    checked = divisions.check(path, request, package, store)
    assert checked.status == "valid", [p.message.en for p in checked.problems]
    return divisions.save(store, checked, editor="test")


def test_a_parent_must_be_stored_first_and_nothing_is_stored_on_refusal(
    files, package, sqlite_store
):
    before = sqlite_store.revision()
    checked = divisions.check(files["deso_2025"], DESO, package, sqlite_store)
    assert checked.status == "refused"
    assert [p.reason for p in checked.problems] == [Reason.UNKNOWN_REFERENCE]
    assert checked.as_json("en")["problems"][0]["message"].startswith("The parent division")
    assert sqlite_store.revision() == before
    assert sqlite_store.divisions().empty


def test_package_area_types_and_bad_ids_are_refused(files, package, sqlite_store):
    taken = DivisionRequest("1480", "primaromrade")
    bad = DivisionRequest(CODE, "DeSO 2025!")
    for request in (taken, bad):
        checked = divisions.check(files["regso_2025"], request, package, sqlite_store)
        assert checked.status == "refused"
        assert checked.problems[0].column == "area_type"


def test_a_new_municipality_goes_from_boundaries_to_map_and_reaggregation(
    files, package, catalog, sqlite_store, tmp_path
):
    from indicators.views import reaggregate
    from indicators.views.map import map_layer

    regso = _add(sqlite_store, package, files["regso_2025"], REGSO)
    deso = _add(sqlite_store, package, files["deso_2025"], DESO)
    assert (regso.version, deso.version) == (1, 2)
    assert len(deso.links) == deso.n_features  # every DeSO linked to its RegSO

    seen = divisions.with_stored(package, sqlite_store, tmp_path / "divisions")
    assert seen.boundary(CODE, "deso_2025").n_features == deso.n_features
    # Finest first, as the package lists its cities' divisions.
    own = [b.area_type for b in seen.boundaries if b.municipality_code == CODE]
    assert own == ["deso_2025", "regso_2025"]
    assert seen.crosswalk(CODE).smallest_area_type == "deso_2025"

    areas = AreaIndex.from_package(seen)
    assert CODE in areas.cities()
    codes = list(areas.names(CODE, "deso_2025"))
    lines = ["kommun;områdestyp;område;år;värde;indikator;källa"]
    lines += [
        f"{CODE};deso_2025;{c};2024;{70 + i % 15};life_expectancy;Test" for i, c in enumerate(codes)
    ]
    data = ("\n".join(lines) + "\n").encode()
    rows = versions.read(data, "medellivslangd_linkoping.csv", catalog, areas=areas)
    preview = versions.preview(
        sqlite_store, rows, file_name="l.csv", sha256=versions.sha256_bytes(data)
    )
    assert versions.commit(sqlite_store, preview, editor="test").version is not None

    layer = map_layer(seen, CODE, "deso_2025", tmp_path / "cache", (600, 500))
    assert layer is not None and len(layer.geojson["features"]) == len(codes)
    assert 15.0 < layer.center["lon"] < 16.5  # Linköping, not Göteborg
    assert reaggregate.can_recalculate(seen, CODE, "regso_2025")


def test_withdrawing_a_parent_in_use_is_refused_and_a_child_goes(files, package, sqlite_store):
    _add(sqlite_store, package, files["regso_2025"], REGSO)
    child = _add(sqlite_store, package, files["deso_2025"], DESO)
    with pytest.raises(divisions.DivisionWithdrawError) as caught:
        divisions.withdraw(sqlite_store, 1, editor="test")
    assert "deso_2025" in caught.value.problem.message.en
    revision = sqlite_store.revision()
    divisions.withdraw(sqlite_store, child.version, editor="test")
    assert sqlite_store.revision() != revision  # caches see the withdrawal
    assert list(divisions.active(sqlite_store)["area_type"]) == ["regso_2025"]
    divisions.withdraw(sqlite_store, 1, editor="test")
    assert divisions.active(sqlite_store).empty
