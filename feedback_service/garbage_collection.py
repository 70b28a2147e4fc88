"""The cyclic garbage collector runs between requests, never in the middle of one.

On Python 3.11 a collection that starts while a request is reading a large history (its ORM
objects, their SQLAlchemy states and the driver's rows all being built) has killed the
process with SIGSEGV: the summaries API, on two million answers, crashed on freed memory in
an InstanceState's attribute dictionary. It crashed with psycopg's C or pure-Python
implementation and with SQLAlchemy's compiled or pure-Python modules alike, never without the
collector, and not on Python 3.12. So the collector waits: it is paused while the application
handles a request (and while it produces each piece of a streamed body, and closes it), and
runs again once the application is done. The allocations a request made still count while the
collector is paused, so the first allocation after it (the server writing the answer) starts
the collection Python's own schedule calls for: the young generation after most requests, the
older ones as often as usual. A full collection after every request would walk the whole heap
each time (milliseconds in a process that has not frozen its start-up objects). Reference
counting still frees at once everything that is not in a cycle, so a request's memory stays
bounded.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


class CollectBetweenRequests:
    """WSGI middleware: no collection while the application works on any request."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._working = 0  # requests the application is working on, in any thread
        self._was_enabled = False

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        with self.paused():
            body = self.app(environ, start_response)
        return _PausedBody(body, self)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """No collection in the block; the collector runs again once no request is at work."""
        with self._lock:
            if self._working == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._working += 1
        try:
            yield
        finally:
            with self._lock:
                self._working -= 1
                if self._working == 0 and self._was_enabled:
                    gc.enable()


class _PausedBody:
    """A response body whose pieces are produced, and which is closed, with the collector paused
    (a streamed body runs the application's code: the CSV export reads the database)."""

    def __init__(self, body: Iterable[bytes], middleware: CollectBetweenRequests) -> None:
        self._body = body
        self._middleware = middleware

    def __iter__(self) -> Iterator[bytes]:
        pieces = iter(self._body)
        while True:
            with self._middleware.paused():
                piece = next(pieces, None)
            if piece is None:
                return
            yield piece

    def close(self) -> None:
        close = getattr(self._body, "close", None)
        if close is not None:
            with self._middleware.paused():
                close()


def collect_between_requests(app: Any) -> None:
    """Wrap `app.wsgi_app` so that the collector runs only between requests."""
    app.wsgi_app = CollectBetweenRequests(app.wsgi_app)
