"""The service and its two baselines in one WSGI app, so one server measures all three.

`/bare/twiml` does nothing but answer constant TwiML; `/limit/twilio` is the least a signed
webhook that keeps its key can do (see `bench.baselines`); every other path goes to the service
unchanged. Run by gunicorn with the service's `FEEDBACK_*` settings in the environment; the
limit's table is made before the server starts (`create_limit_table`).
"""

from __future__ import annotations

from werkzeug.middleware.dispatcher import DispatcherMiddleware

from bench.baselines import create_bare_app, create_limit_app
from feedback_service import create_app
from feedback_service.settings import settings_of

service = create_app()
settings = settings_of(service)
application = DispatcherMiddleware(service, {
    "/bare": create_bare_app(),
    "/limit": create_limit_app(settings.database_url, settings.twilio_auth_token,
                               settings.public_base_url),
})
