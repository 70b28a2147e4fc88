"""In a checkout: `gunicorn wsgi:app`; installed, `feedback_service.wsgi:app`."""

from feedback_service.wsgi import app

__all__ = ["app"]
