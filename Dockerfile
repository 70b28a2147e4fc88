# feedback-service: one image for the web instances (default command) and the scheduler
# (`flask --app feedback_service scheduler`, exactly one per deployment).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    FEEDBACK_CONFIG_DIR=/app/config

WORKDIR /app
RUN useradd --create-home --uid 10001 feedback

COPY pyproject.toml README.md ./
COPY feedback_service ./feedback_service
RUN pip install .

COPY config ./config
COPY migrations ./migrations
COPY wsgi.py ./

USER feedback
EXPOSE 8000

# Migrations run before the web service starts; every instance may run them, because the
# migration environment holds a PostgreSQL advisory lock and skips what is already applied.
CMD ["sh", "-c", "flask --app feedback_service db upgrade && exec gunicorn --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2} --forwarded-allow-ips='*' wsgi:app"]
