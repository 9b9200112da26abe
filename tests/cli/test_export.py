"""``jamlik export``: the pages' figures as files for scripted reports; exit 1 on the impossible."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard.cli.export import main
from dashboard.report import render

# `make test` installs Debian's chromium; without it these tests fail, never skip.
assert render.available(), f"no chromium at {render.CHROMIUM}: run `make test`, which installs it"
BASE = ["export", "--municipality", "1480", "--area-type", "primaromrade"]


def test_a_map_with_its_data_and_description(tmp_path, capsys):
    args = [*BASE, "--indicator", "life_expectancy", "--year", "2023", "--sex", "women"]
    code = main([*args, "--figure", "map", "--format", "png,csv,xlsx", "--out", str(tmp_path)])
    assert code == 0
    stem = "medellivslangd-vid-fodseln-goteborg-primaromrade-2023-kvinnor-karta"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"{stem}.csv",
        f"{stem}.png",
        f"{stem}.txt",
        f"{stem}.xlsx",
    ]
    assert f"skrev {tmp_path / stem}.png" in capsys.readouterr().out
    image = Image.open(tmp_path / f"{stem}.png")
    assert image.width == 2 * render.A4.width
    description = (tmp_path / f"{stem}.txt").read_text(encoding="utf-8").strip()
    assert description == image.text["Description"]
    assert description.startswith("Karta: Medellivslängd vid födseln, Göteborg 2023.")
    table = pd.read_csv(tmp_path / f"{stem}.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert len(table) == 96
    assert set(table["Kön"]) == {"Kvinnor"} and set(table["År"]) == {2023}


def test_a_ranking_as_data_only_needs_no_browser(tmp_path):
    args = [*BASE, "--figure", "ranking", "--format", "csv", "--lang", "en", "--out", str(tmp_path)]
    assert main(args) == 0
    (csv,) = tmp_path.iterdir()
    assert csv.name.endswith("-ranking.csv")
    assert "Example data – not official statistics" in csv.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (
            ["--year", "2031", "--figure", "map"],
            "år '2031' finns inte för urvalet. Möjliga värden: 2010,",
        ),
        (["--indicator", "happiness", "--figure", "trend"], "Möjliga värden: cni, employment_rate"),
        (["--sex", "men", "--indicator", "cni", "--figure", "ranking"], "kön 'men'"),
        (["--figure", "factsheet", "--area", "9999"], "Området '9999' har inga nyckeltal"),
    ],
)
def test_an_impossible_selection_exits_1_and_says_what_is_possible(tmp_path, capsys, extra, said):
    assert main([*BASE, *extra, "--format", "csv", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("jamlik export: ")
    assert said.lower() in err.lower()
    assert list(tmp_path.iterdir()) == []


def test_a_city_report_before_its_division_existed_names_the_years_it_has(tmp_path, capsys):
    # Göteborg's four stadsområden exist from 2021: a report as of 2015 has no key figure.
    args = ["export", "--municipality", "1480", "--area-type", "stadsomrade_4", "--year", "2015"]
    args += ["--indicator", "life_expectancy", "--figure", "factsheet", "--format", "csv"]
    assert main([*args, "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "år '2015' finns inte" in err and "Möjliga värden: 2021," in err
    assert list(tmp_path.iterdir()) == []


def test_a_city_that_does_not_exist(tmp_path, capsys):
    args = ["export", "--municipality", "9999", "--area-type", "x", "--figure", "map"]
    assert main([*args, "--out", str(tmp_path)]) == 1
    assert "Möjliga värden: 0180, 1480, 1280" in capsys.readouterr().err


def test_an_unknown_format_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*BASE, "--figure", "map", "--format", "png,gif", "--out", str(tmp_path)])
    assert exit_.value.code == 2
    assert "unknown format 'gif'" in capsys.readouterr().err


def test_the_gap_figure_follows_the_division_change(tmp_path):
    args = ["export", "--municipality", "1480", "--area-type", "stadsomrade_4", "--figure", "gap"]
    assert main([*args, "--year", "2022", "--format", "svg,csv", "--out", str(tmp_path)]) == 0
    (csv,) = tmp_path.glob("*.csv")
    table = pd.read_csv(csv, sep=";", decimal=",", encoding="utf-8-sig")
    assert set(table["Områdesindelning"]) == {
        "Stadsdelsnämnder (10, 2011–2020)",
        "Stadsområden (4, från 2021)",
    }
    assert table["År"].max() == 2022
    assert (tmp_path / csv.name.replace(".csv", ".txt")).is_file()


def test_the_city_report_is_one_pdf_page_per_area(tmp_path):
    args = ["export", "--municipality", "1480", "--area-type", "stadsomrade_4"]
    assert (
        main([*args, "--figure", "factsheet", "--format", "pdf,csv", "--out", str(tmp_path)]) == 0
    )
    pdf = tmp_path / "omradesfakta-goteborg-stadsomrade-4.pdf"
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) == 4
    assert [o.title for o in reader.outline] == ["Centrum", "Hisingen", "Nordost", "Sydväst"]
    table = pd.read_csv(
        tmp_path / "omradesfakta-goteborg-stadsomrade-4.csv",
        sep=";",
        decimal=",",
        encoding="utf-8-sig",
    )
    assert {"Centrum", "Hisingen", "Nordost", "Sydväst", "Göteborg", "Sverige"} <= set(
        table["Område"]
    )


def test_jamlik_export_is_a_sub_command_of_jamlik(capsys):
    from dashboard.cli import main as jamlik

    with pytest.raises(SystemExit) as exit_:
        jamlik(["export", "--help"])
    assert exit_.value.code == 0
    assert "--figure {map,ranking,trend,gap,factsheet}" in capsys.readouterr().out
