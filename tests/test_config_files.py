"""`FEEDBACK_CONFIG_DIR`: a folder whose files replace the packaged `config/` ones, file by file."""

from __future__ import annotations

import pytest

from feedback_service import create_app
from feedback_service.config_files import config_path, project_dir
from feedback_service.settings import settings_of
from feedback_service.topics import load_topics
from tests.conftest import settings

pytestmark = pytest.mark.calendar_free


@pytest.fixture
def company_config(tmp_path, monkeypatch, request):
    """A company's folder holding its own topics only."""
    (tmp_path / "topics.toml").write_text(
        '[topics.claims]\nlabel = { sv = "Skador", da = "Skader", en = "Claims" }\n',
        encoding="utf-8")
    monkeypatch.setenv("FEEDBACK_CONFIG_DIR", str(tmp_path))
    # Each file is read once per process: read the company's now, the packaged one after.
    load_topics.cache_clear()
    request.addfinalizer(load_topics.cache_clear)
    return tmp_path


def test_a_file_in_the_folder_replaces_the_packaged_one_and_the_others_stay(company_config):
    assert config_path("topics.toml") == company_config / "topics.toml"
    assert config_path("reasons.toml") == project_dir("config") / "reasons.toml"
    assert config_path("defaults.toml") == project_dir("config") / "defaults.toml"

    assert load_topics() == {"claims": {"sv": "Skador", "da": "Skader", "en": "Claims"}}


def test_the_service_starts_on_the_packaged_defaults_beside_the_companys_file(
        company_config, database_url):
    app = create_app(settings(database_url))

    assert settings_of(app).survey_kind == "smiley"


def test_a_folder_that_does_not_exist_stops_the_start_and_names_the_setting(
        tmp_path, monkeypatch, database_url):
    monkeypatch.setenv("FEEDBACK_CONFIG_DIR", str(tmp_path / "missing"))

    with pytest.raises(NotADirectoryError, match=r"FEEDBACK_CONFIG_DIR=.*missing is not a folder"):
        create_app(settings(database_url))
