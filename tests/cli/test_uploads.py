"""``jamlik import``, ``history`` and ``withdraw``: output, exit codes, both engines.

The store holds a small package (Malmö's life expectancy by stadsdel 2006–2010) that the
command loads first, as the dashboard does.
"""

from __future__ import annotations

import json

import pytest

from dashboard.cli import main

HEADER = "municipality_code,area_type,area_code,area_name,indicator,sex,year,value,ci_low,ci_high,flag,source\n"
UNCHANGED = "1280,stadsdel_10,centrum,Centrum,life_expectancy,men,2008,77.3,,,,Malmö stad"
CHANGED = "1280,stadsdel_10,centrum,Centrum,life_expectancy,women,2008,84.0,,,,Malmö stad"
NEW = "1280,stadsdel_10,fosie,Fosie,life_expectancy,men,2011,76.0,,,,Malmö stad"
KEYS = ["status", "rows", "new", "changed", "unchanged", "version", "problems"]


@pytest.fixture
def env(store_url, small_package, tmp_path, monkeypatch):
    monkeypatch.setenv("JAMLIK_DATABASE_URL", store_url)
    monkeypatch.setenv("JAMLIK_DATA", str(small_package))
    monkeypatch.setenv("JAMLIK_VAR_DIR", str(tmp_path / "var"))
    return tmp_path


def write(folder, name: str, *lines: str, header: str = HEADER) -> str:
    path = folder / name
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def run(capsys, *argv: str) -> tuple[int, object]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if "json" in argv else out


def test_import_then_again_then_history_and_withdraw(env, capsys):
    path = write(env, "malmo.csv", UNCHANGED, CHANGED, NEW)

    code, out = run(capsys, "import", path, "--format", "json", "--editor", "anna")
    assert code == 0
    assert list(out)[: len(KEYS)] == KEYS
    assert {k: out[k] for k in KEYS if k != "version"} == {
        "status": "imported",
        "rows": 3,
        "new": 1,
        "changed": 1,
        "unchanged": 1,
        "problems": [],
    }
    version = out["version"]
    assert isinstance(version, int)

    code, again = run(capsys, "import", path, "--format", "json", "--editor", "anna")
    assert code == 0
    assert (again["status"], again["version"], again["identical_version"]) == (
        "unchanged",
        None,
        version,
    )
    assert (again["new"], again["changed"], again["unchanged"]) == (0, 0, 3)

    code, history = run(capsys, "history", "--format", "json")
    assert code == 0
    assert [(h["version"], h["origin"], h["editor"]) for h in history] == [
        (version, "upload", "anna"),
        (version - 1, "package", "datapaket"),
    ]
    assert history[0]["file_name"] == "malmo.csv" and history[0]["withdrawn_at"] is None

    code, out = run(capsys, "withdraw", str(version), "--format", "json", "--editor", "bo")
    assert (code, out["status"], out["version"]) == (0, "withdrawn", version)
    code, history = run(capsys, "history", "--format", "json")
    assert history[0]["withdrawn_by"] == "bo"

    code, out = run(capsys, "withdraw", str(version), "--format", "json")
    assert (code, out["status"]) == (1, "refused")
    code, out = run(capsys, "withdraw", str(version - 1), "--format", "json", "--lang", "en")
    assert (code, out["status"]) == (1, "refused")
    assert "data package" in out["message"]


def test_a_dry_run_is_valid_and_stores_nothing(env, capsys):
    path = write(env, "malmo.csv", CHANGED, NEW)
    code, out = run(capsys, "import", path, "--dry-run", "--format", "json")
    assert code == 0
    assert (out["status"], out["rows"], out["new"], out["changed"], out["version"]) == (
        "valid",
        2,
        1,
        1,
        None,
    )
    code, history = run(capsys, "history", "--format", "json")
    assert [h["origin"] for h in history] == ["package"]


def test_a_refused_file_exits_1_and_lists_every_problem(env, capsys):
    bad_year = NEW.replace(",2011,", ",20x1,")
    unknown_area = CHANGED.replace("centrum,Centrum", "atlantis,Atlantis")
    path = write(env, "bad.csv", UNCHANGED, bad_year, unknown_area)
    code, out = run(capsys, "import", path, "--format", "json", "--lang", "en")
    assert code == 1
    assert (out["status"], out["version"], out["new"]) == ("refused", None, 0)
    found = {(p["row"], p["column"], p["value"]) for p in out["problems"]}
    assert (3, "year", "20x1") in found
    assert any(p["row"] == 4 and p["value"] in ("atlantis", "Atlantis") for p in out["problems"])
    assert all(set(p) == {"row", "column", "value", "message"} for p in out["problems"])
    code, history = run(capsys, "history", "--format", "json")
    assert len(history) == 1  # only the package


def test_text_output_names_the_version_and_the_changed_values(env, capsys):
    path = write(env, "malmo.csv", UNCHANGED, CHANGED, NEW)
    code, out = run(capsys, "import", path, "--lang", "en", "--editor", "anna")
    assert code == 0
    assert "malmo.csv: imported as version 2; 3 rows: 1 new, 1 changed, 1 unchanged" in out
    assert "1280 stadsdel_10 centrum life_expectancy women 2008: 83.4 → 84" in out
    code, out = run(capsys, "history", "--lang", "sv")
    assert "malmo.csv" in out and "1 nya, 1 ändrade" in out


def test_usage_errors_exit_2(env, capsys):
    assert main(["import", str(env / "no-such-file.csv")]) == 2
    for argv in (["import"], ["import", "x.csv", "--format", "xml"], ["withdraw", "seven"]):
        with pytest.raises(SystemExit) as err:
            main(argv)
        assert err.value.code == 2
    capsys.readouterr()


def test_a_wide_table_takes_what_it_lacks_from_the_flags(env, capsys):
    path = env / "wide.csv"
    # Swedish Excel's CSV: semicolons, decimal commas, one column per year, area names.
    path.write_text("Område;2009;2011\nCentrum;78,7;79,0\nFosie;77,0;77,5\n", encoding="utf-8")
    flags = ["--municipality", "1280", "--area-type", "stadsdel_10", "--sex", "men"]
    flags += ["--indicator", "life_expectancy", "--source", "Malmö stad", "--format", "json"]
    code, out = run(capsys, "import", str(path), *flags)
    assert code == 0, out["problems"]
    # In the package, men 2009: Centrum 78.7 (the same), Fosie 77.9 (now 77.0); 2011 is new.
    counts = (out["status"], out["rows"], out["new"], out["changed"], out["unchanged"])
    assert counts == ("imported", 4, 2, 1, 1)


def test_a_file_over_the_size_limit_is_refused_before_parsing(env, capsys):
    path = write(env, "big.csv", NEW)
    code, out = run(capsys, "import", path, "--format", "json", "--max-mb", "0")
    assert code == 1 and out["status"] == "refused"
    (problem,) = out["problems"]
    assert problem["row"] is None
    assert "för stor" in problem["message"]


def test_withdraw_dry_run_says_what_would_change_and_changes_nothing(env, capsys):
    first = write(env, "a.csv", NEW, CHANGED)
    _, a = run(capsys, "import", first, "--format", "json", "--editor", "anna")
    # B repeats A's Fosie value: withdrawing A must leave it, as B's.
    second = write(env, "b.csv", NEW, UNCHANGED.replace("77.3", "78.0"))
    _, b = run(capsys, "import", second, "--format", "json", "--editor", "bo")
    assert (b["unchanged"], b["changed"]) == (1, 1)

    code, out = run(capsys, "withdraw", str(a["version"]), "--dry-run", "--format", "json")
    assert code == 0
    assert {k: out[k] for k in ("status", "cells", "reverted", "emptied", "kept")} == {
        "status": "dry-run",
        "cells": 2,
        "reverted": 1,
        "emptied": 0,
        "kept": 1,
    }
    assert "1 behåller sitt värde" in out["message"]
    _, history = run(capsys, "history", "--format", "json")
    assert all(h["withdrawn_at"] is None for h in history)

    code, text = run(capsys, "withdraw", str(a["version"]), "--dry-run", "--lang", "en")
    assert code == 0 and "1 keep their value" in text
    code, out = run(capsys, "withdraw", "99", "--dry-run", "--format", "json")
    assert (code, out["status"]) == (1, "refused")
