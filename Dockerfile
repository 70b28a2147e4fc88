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
# A process that dies of a signal prints every thread's Python stack first (faulthandler).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONFAULTHANDLER=1 \
    FEEDBACK_CONFIG_DIR=/app/config
WORKDIR /app
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --no-deps /wheels/*.whl
COPY config ./config
COPY migrations ./migrations
COPY wsgi.py ./
RUN useradd --create-home --uid 10001 feedback
USER feedback
EXPOSE 8000

# No curl in a slim image: Python asks /healthz, which answers 200 when the database does.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# FORWARDED_ALLOW_IPS: the addresses of the proxies whose X-Forwarded-* headers are trusted
# (comma-separated, "*" for any); only the container itself by default.
CMD ["sh", "-c", "exec gunicorn --bind 0.0.0.0:8000 --workers \"${WEB_CONCURRENCY:-2}\" --forwarded-allow-ips \"${FORWARDED_ALLOW_IPS:-127.0.0.1}\" wsgi:app"]
