"""Databases that fail the way real ones do: refusing, accepting and never answering, freezing."""

from __future__ import annotations

import select
import socket
import threading
from urllib.parse import urlsplit, urlunsplit

# Port 9 on loopback has nothing listening: every connection is refused at once.
REFUSING_DATABASE_URL = "postgresql://nobody@127.0.0.1:9/none"


class SilentDatabase:
    """A TCP server that accepts every connection and never says a word, like a hung server."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"postgresql://nobody@127.0.0.1:{self.listener.getsockname()[1]}/none"

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def __enter__(self) -> SilentDatabase:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.listener.close()
        for connection in self.accepted:
            connection.close()


class FreezingProxy:
    """A TCP proxy in front of a real PostgreSQL that can stop passing anything on, both ways.

    Frozen, it is a database whose connections stay open while it no longer answers: what a
    server that hangs, or a connection pooler waiting for one, looks like from the client.
    """

    def __init__(self, database_url: str) -> None:
        parts = urlsplit(database_url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self.listener = socket.create_server(("127.0.0.1", 0))
        port = self.listener.getsockname()[1]
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
        self.url = urlunsplit(parts._replace(netloc=f"{netloc}127.0.0.1:{port}"))
        self.frozen = threading.Event()
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        peers = {client: server, server: client}
        while not self._closed.is_set():
            if self.frozen.is_set():
                self._closed.wait(0.05)
                continue
            try:
                readable, _, _ = select.select(list(peers), [], [], 0.05)
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    peers[source].sendall(data)
            except OSError:
                return

    def __enter__(self) -> FreezingProxy:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._closed.set()
        self.listener.close()
        for sock in self._sockets:
            sock.close()
