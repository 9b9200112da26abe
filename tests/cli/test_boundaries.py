"""``jamlik boundaries``: a new municipality from a zipped Shapefile to an exported map, by CLI.

Linköping (0580) gets the package's Göteborg RegSO and DeSO 2025 moved there: RegSO as a
zipped Shapefile in SWEREF 99 TM, DeSO without its .prj (so the CRS must be given) and
linked to RegSO; then a yearly indicator file, then the exported map and its data.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from PIL import Image

from dashboard.cli import main
from tests.newcity import CODE, moved_layer, zipped_shapefile


@pytest.fixture
def env(small_package, tmp_path, monkeypatch):
    monkeypatch.setenv("JAMLIK_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    monkeypatch.setenv("JAMLIK_DATA", str(small_package))
    monkeypatch.setenv("JAMLIK_VAR_DIR", str(tmp_path / "var"))
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, object]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if "json" in argv else out


def add(capsys, path, area_type: str, *extra: str) -> tuple[int, dict]:
    return run(
        capsys,
        "boundaries", "add", str(path), "--municipality", CODE, "--area-type", area_type,
        "--format", "json", "--editor", "test", *extra,
    )  # fmt: skip


def test_a_new_municipality_from_files_to_an_exported_map(env, capsys):
    regso = moved_layer("regso_2025")
    deso = moved_layer("deso_2025")
    regso_zip = zipped_shapefile(regso, env / "regso.zip")
    deso_zip = zipped_shapefile(deso, env / "deso.zip", prj=False)

    code, out = add(capsys, regso_zip, "regso_2025", "--name-sv", "RegSO 2025", "--dry-run")
    assert (code, out["status"], out["version"]) == (0, "valid", None)
    code, out = add(capsys, regso_zip, "regso_2025", "--name-sv", "RegSO 2025")
    assert (code, out["status"], out["features"]) == (0, "stored", len(regso))

    code, out = add(capsys, deso_zip, "deso_2025", "--parent", "regso_2025")
    assert (code, out["status"], out["version"]) == (1, "refused", None)
    assert "EPSG:3006" in out["problems"][0]["message"]
    code, out = add(
        capsys, deso_zip, "deso_2025", "--parent", "regso_2025", "--crs", "EPSG:3006",
        "--name-sv", "DeSO 2025", "--valid-from", "2025-01-01",
    )  # fmt: skip
    assert (code, out["status"], out["features"], out["version"]) == (0, "stored", len(deso), 2)

    code, listed = run(capsys, "boundaries", "list", "--format", "json")
    assert [(r["area_type"], r["parent_type"]) for r in listed] == [
        ("regso_2025", None),
        ("deso_2025", "regso_2025"),
    ]

    lines = ["kommun;områdestyp;område_kod;år;värde;indikator;källa"]
    lines += [
        f"{CODE};deso_2025;{c};2025;{75 + i % 9},5;life_expectancy;Test"
        for i, c in enumerate(deso["area_code"])
    ]
    (env / "le.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run(capsys, "import", str(env / "le.csv"), "--format", "json", "--editor", "t")
    assert (code, out["status"], out["new"]) == (0, "imported", len(deso)), out["problems"][:3]

    code, _ = run(
        capsys, "export", "--municipality", CODE, "--area-type", "deso_2025",
        "--indicator", "life_expectancy", "--year", "2025", "--figure", "map",
        "--format", "png,csv", "--out", str(env / "out"),
    )  # fmt: skip
    assert code == 0
    (png,) = (env / "out").glob("*.png")
    assert "linkoping" in png.name and Image.open(png).width > 1000
    (csv,) = (env / "out").glob("*.csv")
    table = pd.read_csv(csv, sep=";", decimal=",", encoding="utf-8-sig")
    assert len(table) == len(deso)

    code, out = run(capsys, "boundaries", "withdraw", "1", "--format", "json")
    assert (code, out["status"]) == (1, "refused") and "deso_2025" in out["message"]
    code, out = run(capsys, "boundaries", "withdraw", "2", "--format", "json")
    assert (code, out["status"]) == (0, "withdrawn")


def test_a_bad_division_lists_every_problem_with_feature_and_code(env, capsys):
    regso = moved_layer("regso_2025")
    regso.loc[2, "area_code"] = regso.loc[1, "area_code"]
    regso.loc[4, "geometry"] = regso.geometry.iloc[4].buffer(-10_000).buffer(0)
    code, out = add(capsys, zipped_shapefile(regso, env / "bad.zip"), "regso_2025")
    assert (code, out["status"]) == (1, "refused")
    features = {(p["feature"], p["area_code"]) for p in out["problems"]}
    assert {(2, regso.loc[1, "area_code"]), (3, regso.loc[1, "area_code"])} <= features


def test_usage_errors_exit_2(env, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["boundaries", "add", "x.zip", "--area-type", "deso"])
    assert caught.value.code == 2
    assert main(["boundaries", "add", str(env / "none.zip"), "--municipality", CODE,
                 "--area-type", "deso"]) == 2  # fmt: skip
