"""Who may upload: salted scrypt hashes in var/editors.json or Streamlit secrets."""

from __future__ import annotations

import io
import json
import stat
import tomllib

import pytest

from dashboard.cli import main
from indicators.ingest import editors


def test_an_added_editor_is_verified_by_password_only(tmp_path):
    path = tmp_path / "var" / "editors.json"
    assert not editors.editors_configured(path)
    editors.add_editor("  Åsa  ", "rätt lösenord", path)

    assert editors.editors_configured(path)
    assert editors.verify("Åsa", "rätt lösenord", path)
    assert not editors.verify("Åsa", "fel lösenord", path)
    assert not editors.verify("Bo", "rätt lösenord", path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = json.loads(path.read_text(encoding="utf-8"))["Åsa"]
    assert set(stored) == {"salt", "hash", "n", "r", "p"}
    assert "rätt" not in path.read_text(encoding="utf-8")
    assert (stored["n"], stored["r"], stored["p"]) == (2**14, 8, 1)


def test_adding_an_editor_again_sets_a_new_password_and_keeps_the_others(tmp_path):
    path = tmp_path / "editors.json"
    editors.add_editor("anna", "första lösenordet", path)
    editors.add_editor("bo", "bos lösenord", path)
    first_salt = json.loads(path.read_text())["anna"]["salt"]
    editors.add_editor("anna", "andra lösenordet", path)
    assert not editors.verify("anna", "första lösenordet", path)
    assert editors.verify("anna", "andra lösenordet", path)
    assert editors.verify("bo", "bos lösenord", path)
    assert json.loads(path.read_text())["anna"]["salt"] != first_salt


@pytest.mark.parametrize(
    ("name", "password"),
    [("", "långt nog lösenord"), ("a\nb", "långt nog lösenord"), ("anna", "kort")],
)
def test_odd_names_and_short_passwords_are_refused(tmp_path, name, password):
    with pytest.raises(editors.EditorError):
        editors.add_editor(name, password, tmp_path / "editors.json")
    assert not (tmp_path / "editors.json").exists()


def test_secrets_hold_the_same_credential(tmp_path):
    secrets = tomllib.loads(editors.secrets_toml("Åsa Öberg", "hemligt lösenord"))["editors"]
    assert editors.editors_configured(secrets)
    assert editors.verify("Åsa Öberg", "hemligt lösenord", secrets)
    assert not editors.verify("Åsa Öberg", "fel", secrets)
    assert not editors.editors_configured({})


def test_add_editor_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JAMLIK_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setattr("sys.stdin", io.StringIO("ett bra lösenord\n"))
    assert main(["add-editor", "anna", "--password-stdin", "--lang", "en"]) == 0
    assert "editor anna saved in" in capsys.readouterr().out
    assert editors.verify("anna", "ett bra lösenord", tmp_path / "var" / "editors.json")
    assert editors.editors_configured(editors.default_path())

    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    assert main(["add-editor", "bo", "--password-stdin", "--lang", "en"]) == 1
    assert "at least 8 characters" in capsys.readouterr().err

    monkeypatch.setattr("sys.stdin", io.StringIO("ett bra lösenord\n"))
    assert main(["add-editor", "carl", "--password-stdin", "--secrets"]) == 0
    secrets = tomllib.loads(capsys.readouterr().out)["editors"]
    assert editors.verify("carl", "ett bra lösenord", secrets)
    assert not editors.verify("carl", "ett bra lösenord")  # not written to var/


def test_add_editor_asks_twice_without_stdin(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JAMLIK_VAR_DIR", str(tmp_path))
    answers = iter(["ett lösenord", "ett annat lösenord"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    assert main(["add-editor", "anna", "--lang", "en"]) == 1
    assert "the passwords differ" in capsys.readouterr().err
    assert not editors.editors_configured()
