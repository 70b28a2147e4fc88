"""A broken configuration file, a bad setting or missing catalogues stop the start, with a
message that names the file and line; never a 500 at the first caller."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from feedback_service import create_app
from feedback_service.config_files import config_dir
from feedback_service.settings import SettingsError
from tests.conftest import settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def config_folder(tmp_path, monkeypatch) -> Path:
    """A copy of the configuration folder, pointed at by FEEDBACK_CONFIG_DIR, to break."""
    folder = tmp_path / "config"
    shutil.copytree(config_dir(), folder)
    monkeypatch.setenv("FEEDBACK_CONFIG_DIR", str(folder))
    return folder


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refusal(database_url: str) -> str:
    with pytest.raises(SettingsError) as refused:
        create_app(settings(database_url))
    return refused.value.message


def test_a_reasons_file_that_is_not_toml_names_its_line_and_column(config_folder, database_url):
    replace_in(config_folder / "reasons.toml", 'code = "resolution"', 'code = "resolution')
    assert refusal(database_url) == (
        f"{config_folder / 'reasons.toml'}, line 28, column 19: Illegal character '\\n'")


def test_a_reason_with_an_unknown_owner_names_the_entry_and_its_line(config_folder, database_url):
    replace_in(config_folder / "reasons.toml", 'owner = "agent"', 'owner = "boss"')
    assert refusal(database_url) == (
        f"{config_folder / 'reasons.toml'}, line 27: [[reasons]] number 2: `owner` must be one "
        "of agent, process, outside, not 'boss'")


def test_a_process_reason_without_an_owner_contact_is_refused_at_start(config_folder,
                                                                    database_url):
    replace_in(config_folder / "reasons.toml", 'owned_by = "workforce@example.com"\n', "")
    assert refusal(database_url) == (
        f"{config_folder / 'reasons.toml'}, line 19: [[reasons]] number 1: a process reason "
        "needs `owned_by`: the e-mail address or team slug of whoever can act on it")


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ('owned_by = "product@example.com"', 'owned_by = "Product Team"', 49,
     "[[reasons]] number 5: `owned_by` must be an e-mail address or a team slug, not "
     "'Product Team'"),
    ('owner = "agent"', 'owner = "agent"\nowned_by = "quality@example.com"', 27,
     "[[reasons]] number 2: `owned_by` is for process and outside reasons; an agent reason is "
     "coached by the agent's supervisors"),
])
def test_a_wrong_owner_contact_names_the_entry(config_folder, database_url, old, new, line,
                                               message):
    replace_in(config_folder / "reasons.toml", old, new)
    assert refusal(database_url) == f"{config_folder / 'reasons.toml'}, line {line}: {message}"


def test_two_praise_choices_on_one_key_are_refused(config_folder, database_url):
    replace_in(config_folder / "praise.toml", "digit = 2", "digit = 1")
    message = refusal(database_url)
    assert message.startswith(f"{config_folder / 'praise.toml'}, line ")
    assert message.endswith(": [[praise]] number 2: `digit` 1 is already taken")


def test_a_reasons_file_missing_from_the_installation_is_named(tmp_path, monkeypatch,
                                                              database_url):
    # A company folder without reasons.toml takes the packaged one; an installation that lost
    # its own copy has none to fall back on.
    installed = tmp_path / "installed"
    shutil.copytree(config_dir(), installed)
    (installed / "reasons.toml").unlink()
    monkeypatch.setattr("feedback_service.config_files.project_dir", lambda name: installed)
    monkeypatch.setenv("FEEDBACK_CONFIG_DIR", str(tmp_path / "company"))
    (tmp_path / "company").mkdir()
    assert refusal(database_url) == f"{installed / 'reasons.toml'} is missing"


def test_a_bad_value_in_the_settings_file_names_the_file_and_line(config_folder, database_url):
    replace_in(config_folder / "defaults.toml", 'SURVEY_KIND = "smiley"', 'SURVEY_KIND = "stars"')
    line = next(n for n, text in enumerate(
        (config_folder / "defaults.toml").read_text().splitlines(), 1) if "stars" in text)
    assert refusal(database_url) == (
        f"{config_folder / 'defaults.toml'}, line {line}: SURVEY_KIND 'stars': Input should be "
        "'smiley', 'nps' or 'ces'")


def test_an_unknown_name_in_the_settings_file_is_refused(config_folder, database_url):
    with open(config_folder / "defaults.toml", "a", encoding="utf-8") as f:
        f.write('SURVEY_KND = "nps"\n')
    assert refusal(database_url).endswith("SURVEY_KND is not a setting")


def test_missing_catalogues_stop_the_start(monkeypatch, tmp_path, database_url):
    from feedback_service import languages

    empty = tmp_path / "translations"
    empty.mkdir()
    monkeypatch.setattr(languages, "TRANSLATIONS_DIR", empty)
    languages.translations.cache_clear()
    try:
        message = refusal(database_url)
    finally:
        languages.translations.cache_clear()
    assert f"{empty / 'sv' / 'LC_MESSAGES' / 'messages.mo'} is missing" in message
    assert "scripts/translations compile" in message


def test_the_command_line_refuses_with_the_message_and_exit_status_1(config_folder, tmp_path):
    replace_in(config_folder / "reasons.toml", 'digit = 3', 'digit = "three"')
    env = {**os.environ, "FLASK_DEBUG": "1", "FEEDBACK_CONFIG_DIR": str(config_folder),
           "FEEDBACK_DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite3"}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "feedback_service", "outbox",
                           "flush"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"Error: {config_folder / 'reasons.toml'}, line 34: [[reasons]] number 3: `digit` must "
        "be a keypad digit 1-9, not 'three'")
    assert "Traceback" not in done.stderr
