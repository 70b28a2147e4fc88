# syntax=docker/dockerfile:1
# feedback-service: one image for the web instances (the default command), the scheduler
# (`feedback-service scheduler`, exactly one per deployment) and migrations
# (`feedback-service db upgrade`, run once before a new version's web instances).

# Build: every package in the lock as a wheel, checked against the lock's hashes, and the
# service's own wheel, which is the whole service: its build (setup.py) compiles the texts'
# catalogues and packs the templates, static files, config/ defaults and migrations inside it.
FROM python:3.13-slim AS build
WORKDIR /src
COPY requirements/runtime.lock ./
RUN pip wheel --no-cache-dir --require-hashes --wheel-dir /wheels --requirement runtime.lock
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY feedback_service ./feedback_service
COPY config ./config
COPY migrations ./migrations
# pip fetches the build's own requirements (setuptools, Babel) into an isolated environment.
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# Runtime: the wheels above and nothing else (no source, no compiler, no pip cache), run as a
# user without privileges. FEEDBACK_CONFIG_DIR, when set (a mounted folder), holds files that
# replace the packaged config/ ones.
FROM python:3.13-slim
# A process that dies of a signal prints every thread's Python stack first (faulthandler).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONFAULTHANDLER=1
WORKDIR /app
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --no-deps /wheels/*.whl
# The app's instance folder (Flask's, for an installed package: PREFIX/var/PACKAGE-instance),
# which the service creates at start, belongs to the user that runs it. The working folder holds
# gunicorn's settings and nothing else of the project.
COPY deploy/gunicorn.conf.py ./deploy/
RUN useradd --create-home --uid 10001 feedback \
    && install -d -o feedback /usr/local/var/feedback_service-instance
USER feedback
EXPOSE 8000

# No curl in a slim image: Python asks /healthz, which answers 200 when the database does.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# gunicorn's settings are in deploy/gunicorn.conf.py (WEB_CONCURRENCY processes of WEB_THREADS
# threads; FORWARDED_ALLOW_IPS, the proxies whose X-Forwarded-Proto is trusted). The instances
# belong behind the buffering proxy of deploy/nginx/ (see docs/deploy.md).
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "--bind", "0.0.0.0:8000", "feedback_service.wsgi:app"]
