"""The WSGI entry point for gunicorn: `gunicorn feedback_service.wsgi:app`, from any folder."""

from feedback_service import create_app

# The app's start-up objects are left to the cyclic garbage collector like any others: set apart
# with gc.freeze(), a collection in the middle of a read crashed the process on Python 3.11 with
# SQLAlchemy's compiled extensions (docs/operate/python-versions.md).
app = create_app()
