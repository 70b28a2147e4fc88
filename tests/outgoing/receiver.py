"""A real HTTP server on 127.0.0.1 that keeps what it is sent: a webhook receiver, a chat
service."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each POST with the next of `statuses` (200 once they run out), after `delay`."""

    statuses: list[int] = field(default_factory=list)
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    port: int = 0
    scheme: str = "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/hooks"

    @property
    def apprise_url(self) -> str:
        return f"json://127.0.0.1:{self.port}/chat"


@contextmanager
def receiving(receiver: Receiver | None = None, port: int = 0,
              certificate: tuple[Path, Path] | None = None) -> Iterator[Receiver]:
    """Serve `receiver` on 127.0.0.1 (on `port`, else a free one) for the block; over TLS with
    `certificate` (its certificate and key files)."""
    receiver = receiver or Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length).decode()
            receiver.received.append(Received(self.path, {k.lower(): v for k, v in
                                                          self.headers.items()}, body))
            time.sleep(receiver.delay)
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            try:
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()
            except OSError:
                pass  # the sender gave up waiting

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    if certificate:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*certificate)
        # The handshake in the request's own thread, not in accept(): a client that refuses the
        # certificate then ends a request whose socket the server closes, not one left open.
        server.socket = context.wrap_socket(server.socket, server_side=True,
                                            do_handshake_on_connect=False)
        receiver.scheme = "https"
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
