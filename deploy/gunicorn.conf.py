"""gunicorn's settings for the web instances:
`gunicorn --config deploy/gunicorn.conf.py feedback_service.wsgi:app`.

They assume the buffering reverse proxy of deploy/nginx/ in front, which is required: gunicorn
reads a request's body in the thread that serves it, so a client that sends its body a byte at a
time holds that thread for as long as it likes (one such client held a sync worker and made
/healthz take 31.8 s). nginx reads the whole body first and hands it over at once.
"""

import os
import shutil
import tempfile
from pathlib import Path

# WEB_CONCURRENCY processes (two per core is gunicorn's advice; 2 by default), each with
# WEB_THREADS threads: a thread waiting on the database, Twilio or a mail server leaves the
# others serving, where a sync worker would wait with it.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))

# A process that stops answering its arbiter for this long is restarted; requests themselves
# end well within it (the webhooks' database deadline is DATABASE_TIMEOUT_SECONDS).
timeout = 30
# On a restart or a new version, requests under way get this long to finish.
graceful_timeout = 20

# The addresses of the proxies whose X-Forwarded-Proto is trusted (comma-separated, "*" for
# any); only the machine itself by default. FEEDBACK_TRUSTED_PROXIES handles X-Forwarded-For.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# /metrics adds up every worker's figures: each worker writes its own to files in one folder
# (prometheus-client's multiprocess mode). Set here, in the arbiter before any worker starts,
# so every worker inherits it. An instance gets a folder of its own (two instances on one
# machine must not wipe each other's figures), unless PROMETHEUS_MULTIPROC_DIR names one.
_metrics_folder_is_ours = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _metrics_folder_is_ours:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="feedback-metrics-")


def on_starting(server):
    """Start from nothing: figures left by an earlier run would be added to this run's."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob("*.db"):
        leftover.unlink()


def child_exit(server, worker):
    """A worker that ended keeps its counts in the sum; its live gauges go with it."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _metrics_folder_is_ours:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
