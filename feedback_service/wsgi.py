"""The WSGI entry point for gunicorn: `gunicorn feedback_service.wsgi:app`, from any folder."""

import gc

from feedback_service import create_app

app = create_app()
# The app's own objects live as long as the process: set apart from the cyclic garbage
# collector, whose passes would otherwise walk them over and over while a request builds
# thousands of short-lived counts (a fifth of the CPU of a week's summaries for every agent).
gc.freeze()
