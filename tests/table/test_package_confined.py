"""A hostile data package cannot make the app read outside it, and check-data never crashes."""

from __future__ import annotations

import json

import pytest

from dashboard.cli import main
from indicators.core.problems import ProblemsError, Reason
from indicators.ingest.check import check_package
from indicators.table.package import read_package

SECRET = "secret-token=hunter2,Abc\n1,2\n"


def _add(root, *resources: dict) -> None:
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"] += list(resources)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def _csv(name: str, path: str) -> dict:
    return {"name": name, "path": path, "format": "csv"}


@pytest.fixture
def outside(tmp_path):
    secret = tmp_path / "outside_secret.csv"
    secret.write_text(SECRET, encoding="utf-8")
    return secret


def _hostile(small_package, outside) -> list[str]:
    (small_package / "indicators" / "link.csv").symlink_to(outside)
    paths = [
        "../../../../etc/passwd",
        str(outside),
        "../outside_secret.csv",
        "indicators/link.csv",
        "http://127.0.0.1:8612/ssrf.csv",
        "file:///etc/hostname",
    ]
    _add(
        small_package,
        *[_csv(f"evil-{i}", p) for i, p in enumerate(paths)],
        {
            "name": "evil-geo",
            "path": "/vsicurl/http://127.0.0.1:8612/x.geojson",
            "format": "geojson",
        },
        {"name": "evil-xw", "path": "/etc/passwd", "smallest_area_type": "x", "format": "csv"},
    )
    return [*paths, "/vsicurl/http://127.0.0.1:8612/x.geojson", "/etc/passwd"]


def test_paths_out_of_the_package_are_refused_not_followed(small_package, outside):
    paths = _hostile(small_package, outside)
    with pytest.raises(ProblemsError) as refused:
        read_package(small_package)
    problems = refused.value.problems
    assert [p.value for p in problems] == paths
    assert {p.reason for p in problems} == {Reason.NOT_ALLOWED}
    assert "hunter2" not in " ".join(p.text("en") for p in problems)


def test_check_data_lists_them_without_reading_them(small_package, outside, capsys):
    paths = _hostile(small_package, outside)
    assert main(["check-data", str(small_package), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "hunter2" not in out and "root:" not in out
    assert all(p in out for p in paths)
    assert "leads outside the data package" in out


def test_a_symlink_inside_the_package_is_read(small_package):
    real = small_package / "indicators" / "catalog.csv"
    (small_package / "indicators" / "alias.csv").symlink_to(real)
    descriptor = json.loads((small_package / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        if res["name"] == "indicator-catalog":
            res["path"] = "indicators/alias.csv"
    (small_package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert read_package(small_package).catalog.path.read_text() == real.read_text()


def test_a_bad_crosswalk_is_a_listed_problem_not_a_crash(small_package):
    bad = small_package / "crosswalks" / "bad.csv"
    bad.parent.mkdir()
    bad.write_text('a,"b\nroot:x:0:0:root:/root:/bin/bash\n"c,d,e\n', encoding="utf-8")
    _add(
        small_package,
        {
            "name": "crosswalk-malmo",
            "path": "crosswalks/bad.csv",
            "municipality_code": "1280",
            "smallest_area_type": "delomrade",
            "format": "csv",
        },
    )
    report = check_package(small_package)
    (xw,) = [r for r in report.resources if r.kind == "crosswalk"]
    assert xw.problems
    assert not report.ok
    assert "bad.csv" in report.render("en")
