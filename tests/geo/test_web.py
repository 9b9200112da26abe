"""The browser's layer is built once per boundary file and then read from its JSON cache."""

from __future__ import annotations

import geodata.simplify
from geodata.web import web_layer


def test_web_layer_is_cached_and_read_back(package, tmp_path, monkeypatch):
    res = package.boundary("1280", "stadsomrade_5")
    first = web_layer(res.path, res.sha256, tmp_path)
    assert sorted(first.names) == sorted(f["id"] for f in first.geojson["features"])
    assert len(first.names) == 5
    west, south, east, north = first.bounds
    assert 12.8 < west < east < 13.3 and 55.4 < south < north < 55.7

    def fail(*args, **kwargs):
        raise AssertionError("simplified again instead of reading the cache")

    monkeypatch.setattr(geodata.simplify, "cached_simplified", fail)
    again = web_layer(res.path, res.sha256, tmp_path)
    assert again == first


def test_a_damaged_cache_file_is_rebuilt(package, tmp_path):
    res = package.boundary("1280", "stadsomrade_5")
    web_layer(res.path, res.sha256, tmp_path)
    (cache,) = tmp_path.glob("*-web-*.json")
    cache.write_text("{not json", encoding="utf-8")
    assert len(web_layer(res.path, res.sha256, tmp_path).names) == 5
