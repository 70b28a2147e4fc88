"""deploy/compose.yaml and the Dockerfile: every command they run exists and does its job here.

The commands run as the image runs them (from a folder that holds nothing of the project: the
installed package carries its defaults and migrations), on a SQLite file instead of PostgreSQL.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from feedback_service.trial.ports import free_port
from tests.conftest import settings

pytestmark = [pytest.mark.own_database, pytest.mark.calendar_free]

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "feedback-service"
COMPOSE = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]


def dockerfile_instruction(name: str) -> str:
    """The arguments of the Dockerfile's last `name` instruction, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return re.findall(rf"^{name}\s+(.*)$", text, flags=re.MULTILINE)[-1]


def image_command() -> list[str]:
    """The image's default command (the web service)."""
    return json.loads(dockerfile_instruction("CMD"))


def health_check() -> list[str]:
    return json.loads(re.sub(r"^.*?CMD\s+", "", dockerfile_instruction("HEALTHCHECK")))


def command_of(service: dict) -> list[str]:
    return service.get("command") or image_command()


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FEEDBACK_")}
    env.update({f"FEEDBACK_{k}": str(v) for k, v in settings(database_url).items()
                if k != "TESTING"})
    return {**env, **extra}


def test_postgres_migrations_two_web_instances_and_one_scheduler_from_one_image():
    app_services = {name: s for name, s in SERVICES.items() if s.get("image") == IMAGE}
    commands = {name: command_of(s) for name, s in app_services.items()}

    assert SERVICES["postgres"]["image"].startswith("postgres:")
    assert commands["migrate"][-2:] == ["db", "upgrade"]
    assert sum(c[0] == "gunicorn" for c in commands.values()) == 2
    assert sum(c[-1:] == ["scheduler"] for c in commands.values()) == 1
    assert all(s["env_file"] == "feedback.env" for s in app_services.values())
    assert all((ROOT / "deploy" / s["build"]["context"] / "Dockerfile").is_file()
               for s in app_services.values())
    for name, service in app_services.items():
        if name != "migrate":
            assert service["depends_on"]["migrate"]["condition"] == \
                "service_completed_successfully"
    # gunicorn's settings come from the shipped file, which the image carries where it is here.
    config = image_command()[image_command().index("--config") + 1]
    assert (ROOT / config).is_file()
    assert f"COPY {config} ./deploy/" in (ROOT / "Dockerfile").read_text()


@pytest.mark.parametrize("service", [name for name, s in SERVICES.items()
                                     if s.get("command", [""])[0] == "flask"])
def test_each_flask_command_is_one_the_service_has(service):
    command = SERVICES[service]["command"]
    assert command[1:3] == ["--app", "feedback_service"]

    result = subprocess.run([sys.executable, "-m", *command, "--help"], cwd=ROOT, timeout=60,
                            env=app_env("sqlite://"), capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout


def test_migrate_then_the_web_command_serves_and_the_health_check_passes(tmp_path):
    env = app_env(f"sqlite:///{tmp_path / 'feedback.sqlite3'}")
    migrate = subprocess.run([sys.executable, "-m", *SERVICES["migrate"]["command"]], cwd=tmp_path,
                             env=env, capture_output=True, text=True, timeout=120)
    assert migrate.returncode == 0, migrate.stderr

    port = str(free_port())
    # The image's command, on a free local port instead of 8000.
    command = [part.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for part in image_command()]
    path = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    log = (tmp_path / "gunicorn.log").open("w")
    # The image's working folder holds gunicorn's settings and nothing else of the project.
    (tmp_path / "deploy").mkdir()
    shutil.copy(ROOT / "deploy" / "gunicorn.conf.py", tmp_path / "deploy")
    server = subprocess.Popen(command, cwd=tmp_path, stdout=log,
                              stderr=subprocess.STDOUT,
                              env={**env, "PATH": path, "WEB_CONCURRENCY": "1"})
    check = [part.replace(":8000/", f":{port}/") for part in health_check()]
    try:
        deadline = time.monotonic() + 30
        while True:
            result = subprocess.run([sys.executable, *check[1:]], capture_output=True, timeout=10)
            if result.returncode == 0 or time.monotonic() > deadline or server.poll() is not None:
                break
            time.sleep(0.3)
        assert result.returncode == 0, (tmp_path / "gunicorn.log").read_text()
        assert check[0] == "python"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_the_web_instances_are_reached_only_through_nginx_with_the_shipped_template():
    nginx = SERVICES["nginx"]
    template = ROOT / "deploy" / "nginx" / "feedback.conf.template"
    names = set(re.findall(r"\$\{(FEEDBACK_\w+)\}", template.read_text()))

    assert nginx["image"].startswith("nginx:")
    assert "./nginx/feedback.conf.template:/etc/nginx/templates/feedback.conf.template:ro" \
        in nginx["volumes"]
    assert names == set(nginx["environment"])
    web = {name for name, s in SERVICES.items()
           if s.get("image") == IMAGE and command_of(s)[0] == "gunicorn"}
    upstreams = {nginx["environment"]["FEEDBACK_WEB_1"], nginx["environment"]["FEEDBACK_WEB_2"]}
    assert upstreams == {f"{name}:8000" for name in web}
    assert all("ports" not in SERVICES[name] for name in web)
    assert all(SERVICES[name]["environment"]["FEEDBACK_TRUSTED_PROXIES"] == "1" for name in web)
