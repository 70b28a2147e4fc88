"""The service and a bare Flask endpoint in one WSGI app, so one server measures both.

`/bare/ping` does nothing but answer; every other path goes to the service unchanged.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from feedback_service import create_app

bare = Flask("bare")


@bare.post("/ping")
def ping() -> str:
    return "ok"


service = create_app()
application = DispatcherMiddleware(service, {"/bare": bare})
