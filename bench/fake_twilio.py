"""Twilio's Messages API played on loopback by a real HTTP server, reached as api.twilio.com.

The service builds its Twilio client with the SDK's fixed `https://api.twilio.com` and no
setting changes that, so the senders are pointed here the way any HTTP client can be: the
standard `HTTPS_PROXY` variable (which the SDK's requests session honours) names this server,
which accepts the `CONNECT` tunnel and answers inside it with a certificate for
api.twilio.com that `REQUESTS_CA_BUNDLE` makes the senders trust. No code is patched.
"""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import threading
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

HOST = "api.twilio.com"
THROTTLE_EVERY = 100  # one request in a hundred gets 429 Too Many Requests


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for api.twilio.com: (certificate, key)."""
    certificate, key = folder / "fake-twilio.pem", folder / "fake-twilio.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
                    "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True)
    return certificate, key


class FakeTwilio:
    """Counts every message request per recipient: the accepted ones and the throttled ones."""

    def __init__(self, folder: Path) -> None:
        self.certificate, key = make_certificate(folder)
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(self.certificate, key)
        self.lock = threading.Lock()
        self.requests = 0
        self.accepted: Counter[str] = Counter()
        self.throttled: Counter[str] = Counter()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def proxy_env(self) -> dict[str, str]:
        """What a sender process's environment needs to reach this server as api.twilio.com."""
        port = self.server.server_address[1]
        proxy = f"http://127.0.0.1:{port}"
        return {"HTTPS_PROXY": proxy, "https_proxy": proxy,
                "NO_PROXY": "", "no_proxy": "", "REQUESTS_CA_BUNDLE": str(self.certificate)}

    def __enter__(self) -> FakeTwilio:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, form: dict[str, list[str]]) -> tuple[int, dict[str, object]]:
        """Twilio's answer to a Messages POST: 201 with a message sid, or now and then 429."""
        to = form.get("To", [""])[0]
        with self.lock:
            self.requests += 1
            throttled = self.requests % THROTTLE_EVERY == 0
            (self.throttled if throttled else self.accepted)[to] += 1
        if throttled:
            return 429, {"code": 20429, "message": "Too Many Requests", "status": 429}
        return 201, {"sid": f"SM{uuid.uuid4().hex}", "status": "queued", "to": to,
                     "from": form.get("From", [""])[0], "body": form.get("Body", [""])[0],
                     "num_segments": "1", "direction": "outbound-api",
                     "api_version": "2010-04-01", "error_code": None}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_CONNECT(self) -> None:
                # Open the tunnel, then speak TLS as api.twilio.com on the same connection.
                self.send_response(200, "Connection established")
                self.end_headers()
                self.connection: socket.socket = fake.tls.wrap_socket(self.connection,
                                                                      server_side=True)
                self.rfile = self.connection.makefile("rb")
                self.wfile = self.connection.makefile("wb")
                self.close_connection = False

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                status, body = fake.answer(form)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if status == 429:
                    self.send_header("Retry-After", "1")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_: object) -> None:
                pass

        return Handler
