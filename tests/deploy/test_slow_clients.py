"""The shipped server configuration survives clients that send their request bodies slowly.

Debian's nginx runs deploy/nginx/feedback.conf.template (filled in with loopback ports and a
certificate made for the test) in front of gunicorn with deploy/gunicorn.conf.py, as a
deployment runs them. Clients trickle request bodies a byte at a time, as many as the web
instance has threads, and /healthz must still answer at once through the proxy. Without the
proxy the same clients hold every thread, which is why the deployment docs require it.
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import string
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest

from feedback_service.trial.ports import free_port
from tests.deploy.gunicorn_server import ROOT, gunicorn_serving, wait_until_answering
from tests.deploy.test_compose import app_env

pytestmark = [pytest.mark.own_database, pytest.mark.calendar_free]

# One process with two threads: two trickling clients are enough to hold all of it.
THREADS = 2
BODY = b"From=%2B46701234567&Body=" + b"1" * 400


def nginx_binary() -> str:
    """Debian's nginx, which ./scripts/test installs: CI must have it, elsewhere it may lack."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK)
                                      else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed: ./scripts/test installs Debian's nginx")
        pytest.skip("nginx is not installed (./scripts/test installs Debian's nginx)")
    return found


@pytest.fixture
def gunicorn(tmp_path) -> Iterator[int]:
    """The web instance as a deployment runs it: the shipped config, on a loopback port."""
    env = app_env(f"sqlite:///{tmp_path / 'feedback.sqlite3'}",
                  WEB_CONCURRENCY="1", WEB_THREADS=str(THREADS))
    with gunicorn_serving(env, tmp_path / "gunicorn.log") as port:
        yield port


@pytest.fixture
def nginx(tmp_path, gunicorn) -> Iterator[int]:
    """nginx with the shipped server block, its ${…} filled in as envsubst would."""
    binary = nginx_binary()
    folder = tmp_path / "nginx"
    folder.mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(folder / "key.pem"),
                    "-out", str(folder / "cert.pem")], check=True, capture_output=True, timeout=60)
    port = free_port()
    template = (ROOT / "deploy" / "nginx" / "feedback.conf.template").read_text()
    server_block = string.Template(template).safe_substitute(
        FEEDBACK_SERVER_NAME="127.0.0.1",
        FEEDBACK_LISTEN=f"127.0.0.1:{port}",
        FEEDBACK_TLS_CERTIFICATE=str(folder / "cert.pem"),
        FEEDBACK_TLS_CERTIFICATE_KEY=str(folder / "key.pem"),
        FEEDBACK_WEB_1=f"127.0.0.1:{gunicorn}",
        FEEDBACK_WEB_2=f"127.0.0.1:{gunicorn}",
    )
    assert "${FEEDBACK_" not in server_block
    (folder / "feedback.conf").write_text(server_block)
    # The parts of nginx.conf a distribution ships, pointed at the test's folder.
    (folder / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 64; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/feedback.conf;
}}
""")
    log = folder / "error.log"
    with (folder / "output.log").open("w") as output:
        proxy = subprocess.Popen([binary, "-e", str(log), "-p", str(folder),
                                  "-c", str(folder / "nginx.conf")],
                                 stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until_answering(f"https://127.0.0.1:{port}/healthz", insecure(), proxy, log)
        yield port
    finally:
        proxy.terminate()
        proxy.wait(timeout=30)


def insecure() -> ssl.SSLContext:
    """The test's own certificate is trusted as it is."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class Trickle:
    """A client sending a form body to /twilio/sms/inbound one byte every half second."""

    def __init__(self, port: int, tls: bool) -> None:
        connection = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.socket = insecure().wrap_socket(connection) if tls else connection
        self.socket.sendall(b"POST /twilio/sms/inbound HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            b"Content-Type: application/x-www-form-urlencoded\r\n"
                            b"Content-Length: %d\r\n\r\n" % len(BODY))
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._send, daemon=True)
        self.thread.start()

    def _send(self) -> None:
        for byte in BODY[:-1]:
            if self.stopping.wait(0.5):
                break
            try:
                self.socket.sendall(bytes([byte]))
            except OSError:
                break

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        self.socket.close()


def health_seconds(url: str, context: ssl.SSLContext | None, timeout: float) -> float:
    """How long /healthz took to answer 200; `timeout` when it did not answer within it."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=context) as answer:
            assert answer.status == 200
    except TimeoutError:
        return timeout
    return time.monotonic() - started


def test_trickling_clients_hold_no_web_thread_behind_the_proxy(nginx, gunicorn):
    trickles = [Trickle(nginx, tls=True) for _ in range(THREADS)]
    try:
        time.sleep(1.5)  # a few bytes in: each would now be in a thread of its own without nginx
        seconds = [health_seconds(f"https://127.0.0.1:{nginx}/healthz", insecure(), timeout=5)
                   for _ in range(3)]
        still_sending = all(trickle.thread.is_alive() for trickle in trickles)
    finally:
        for trickle in trickles:
            trickle.close()

    assert still_sending
    assert max(seconds) < 1.0, seconds


def test_without_the_proxy_the_same_clients_hold_every_thread(gunicorn):
    trickles = [Trickle(gunicorn, tls=False) for _ in range(THREADS)]
    try:
        time.sleep(1.5)
        seconds = health_seconds(f"http://127.0.0.1:{gunicorn}/healthz", None, timeout=3)
    finally:
        for trickle in trickles:
            trickle.close()

    assert seconds == 3
