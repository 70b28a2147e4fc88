# syntax=docker/dockerfile:1
# feedback-service: one image for the web instances (the default command), the scheduler
# (`flask --app feedback_service scheduler`, exactly one per deployment) and migrations
# (`flask --app feedback_service db upgrade`, run once before a new version's web instances).

# Build: every package in the lock as a wheel, checked against the lock's hashes, and the
# service's own wheel (its templates and static files travel inside it).
FROM python:3.11-slim AS build
WORKDIR /src
COPY requirements/runtime.lock ./
RUN pip wheel --no-cache-dir --require-hashes --wheel-dir /wheels --requirement runtime.lock
COPY pyproject.toml README.md ./
COPY feedback_service ./feedback_service
COPY scripts/translations ./scripts/translations
# The texts' catalogues are compiled here (the .mo files are not in git) and packed in the wheel.
RUN pip install --no-cache-dir --no-index --no-deps /wheels/[Bb]abel-*.whl \
    && PYBABEL=pybabel scripts/translations compile
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# Runtime: the wheels above and nothing else (no compiler, no pip cache), run as a user
# without privileges.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    FEEDBACK_CONFIG_DIR=/app/config
WORKDIR /app
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --no-deps /wheels/*.whl
COPY config ./config
COPY migrations ./migrations
COPY wsgi.py ./
COPY deploy/gunicorn.conf.py ./deploy/
RUN useradd --create-home --uid 10001 feedback
USER feedback
EXPOSE 8000

# No curl in a slim image: Python asks /healthz, which answers 200 when the database does.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# gunicorn's settings are in deploy/gunicorn.conf.py (WEB_CONCURRENCY processes of WEB_THREADS
# threads; FORWARDED_ALLOW_IPS, the proxies whose X-Forwarded-Proto is trusted). The instances
# belong behind the buffering proxy of deploy/nginx/ (see docs/deploy.md).
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "--bind", "0.0.0.0:8000", "wsgi:app"]
