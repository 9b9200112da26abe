"""The command line and the settings: check-data reports every problem; every setting is documented."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from dashboard.cli import main
from indicators.core.settings import SETTINGS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_check_data_passes_on_the_bundled_package(data_dir, capsys):
    assert main(["check-data", str(data_dir), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "✓ synthetic-malmo [synthetic] 34992 rows" in out
    assert "✓ boundaries-stockholm-stadsdelsomrade-13 [boundaries] 13 stadsdelsomrade_13" in out
    assert out.strip().endswith("No problems found.")


def test_check_data_lists_problems_and_exits_1(data_dir, tmp_path, capsys):
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    keep = {
        "indicator-catalog",
        "real-malmo-welfare-index-stadsdel-2010-2012",
        "boundaries-malmo-stadsdel-10",
    }
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in keep]
    for r in descriptor["resources"]:
        (tmp_path / r["path"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(data_dir / r["path"], tmp_path / r["path"])
    csv = tmp_path / "indicators/real/malmo_welfare_index_stadsdel_2010_2012.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",centrum,", ",atlantis,")
    lines[2] = lines[2].replace(",2010,", ",20x0,")
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")

    assert main(["check-data", str(tmp_path), "--lang", "sv"]) == 1
    out = capsys.readouterr().out
    assert "sha256 stämmer inte" in out
    assert "rad 3, kolumn 'year', värde '20x0'" in out
    assert "problem hittades" in out


def test_check_data_on_a_folder_without_a_package(tmp_path, capsys):
    assert main(["check-data", str(tmp_path)]) == 1
    assert "datapackage.json" in capsys.readouterr().out


def test_every_setting_is_documented_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    assert [s.env for s in SETTINGS if f"`{s.env}`" not in readme] == []
