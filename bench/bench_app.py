"""The service and a bare Flask endpoint in one WSGI app, so one server measures both.

`/bare/twiml` does nothing but answer constant TwiML; every other path goes to the service
unchanged. Run by gunicorn with the service's `FEEDBACK_*` settings in the environment.
"""

from __future__ import annotations

import gc

from flask import Flask, Response
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from bench.webhook_requests import BARE_TWIML
from feedback_service import create_app

bare = Flask("bare")


@bare.post("/twiml")
def constant_twiml() -> Response:
    return Response(BARE_TWIML, mimetype="text/xml")


service = create_app()
application = DispatcherMiddleware(service, {"/bare": bare})
gc.freeze()  # as wsgi.py does
