"""deploy/systemd/: every command the units start is one the service has, run as they run it.

The units start programs from the installation's .venv, where the wheel is installed, in a folder
that holds that .venv and gunicorn's settings (deploy/gunicorn.conf.py); here they run from the
project's .venv.
"""

from __future__ import annotations

import configparser
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.test_compose import app_env

pytestmark = [pytest.mark.own_database, pytest.mark.calendar_free]

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
INSTALLED = "/opt/feedback-service"


def service_section(unit: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(unit)
    return parser["Service"]


def exec_start(unit: Path) -> list[str]:
    """The unit's command, its program named without the installation's .venv."""
    words = shlex.split(service_section(unit)["ExecStart"])
    assert words[0].startswith(f"{INSTALLED}/.venv/bin/")
    return [Path(words[0]).name, *words[1:]]


def test_a_migration_unit_one_web_unit_per_port_and_one_scheduler():
    commands = {unit.name: exec_start(unit) for unit in UNITS}

    assert commands["feedback-migrate.service"][-2:] == ["db", "upgrade"]
    assert commands["feedback-scheduler.service"][-1] == "scheduler"
    web = commands["feedback-web@.service"]
    assert web[0] == "gunicorn"
    assert web[web.index("--bind") + 1] == "127.0.0.1:%i"
    assert (ROOT / web[web.index("--config") + 1]).is_file()
    assert web[-1] == "feedback_service.wsgi:app"
    for unit in UNITS:
        service = service_section(unit)
        assert service["WorkingDirectory"] == INSTALLED
        assert service["User"] == "feedback"


@pytest.mark.parametrize("unit", [u for u in UNITS if exec_start(u)[0] == "feedback-service"],
                         ids=lambda unit: unit.name)
def test_each_service_command_is_one_the_service_has(unit, tmp_path):
    command = exec_start(unit)
    program = Path(sys.executable).with_name(command[0])

    result = subprocess.run([program, *command[1:], "--help"], cwd=tmp_path, timeout=60,
                            env=app_env("sqlite://"), capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout
