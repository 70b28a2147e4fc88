"""Load generators over plain HTTP: a closed loop for throughput, an open loop for latency.

The closed loop keeps a fixed number of connections busy, each sending its next request when
the last one was answered: how many requests a second the server can take. The open loop sends
requests at fixed times whatever the answers do, and measures each from the time it was due,
so a server that falls behind shows its queue in the figures instead of slowing the client.
"""

from __future__ import annotations

import http.client
import multiprocessing
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.webhook_requests import WebhookRequest

RequestMaker = Callable[[int], WebhookRequest]  # request number -> request; must pickle


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: int = 0
    first_error: str | None = None
    sent: list[int] = field(default_factory=list)  # request numbers answered 2xx

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """The latency below which `share` of the requests were answered, in milliseconds."""
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        return statistics.quantiles(self.latencies, n=1000)[int(share * 1000) - 1] * 1000


def answered(status: int) -> bool:
    """A webhook's success: 200 with TwiML, 202 from the phone system's hook, 204 empty."""
    return 200 <= status < 300


def post(port: int, request: WebhookRequest) -> tuple[int, str]:
    """One request on its own connection, as gunicorn's sync workers serve them."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", request.path, request.body(), request.headers)
        answer = connection.getresponse()
        return answer.status, answer.read().decode(errors="replace")
    finally:
        connection.close()


class _Tally:
    """Latencies and errors from many threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors = 0
        self.first_error: str | None = None
        self.last_end = 0.0
        self.sent: list[int] = []  # request numbers answered 2xx

    def record(self, port: int, request: WebhookRequest, due: float, number: int) -> None:
        try:
            status, text = post(port, request)
            problem = None if answered(status) else f"{request.path}: {status} {text[:200]}"
        except OSError as error:
            problem = f"{request.path}: {error}"
        end = time.time()
        with self.lock:
            self.latencies.append(end - due)
            self.last_end = max(self.last_end, end)
            if problem:
                self.errors += 1
                self.first_error = self.first_error or problem
            else:
                self.sent.append(number)


def _ready(_: int) -> None:
    time.sleep(0.2)  # long enough that each process of the pool takes one


def _closed_worker(port: int, make: RequestMaker, threads: int, first: int, stride: int,
                   start_at: float, seconds: float,
                   max_requests: int | None
                   ) -> tuple[list[float], int, str | None, float, list[int]]:
    tally = _Tally()
    deadline = start_at + seconds

    def connection_loop(n: int) -> None:
        while time.time() < deadline and (max_requests is None or n < max_requests):
            request = make(n)
            tally.record(port, request, time.time(), n)
            n += stride

    time.sleep(max(0.0, start_at - time.time()))
    workers = [threading.Thread(target=connection_loop, args=(first + t,))
               for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return tally.latencies, tally.errors, tally.first_error, tally.last_end, tally.sent


def closed_loop(port: int, make: RequestMaker, *, connections: int = 8, seconds: float = 5.0,
                max_requests: int | None = None, processes: int = 2) -> LoadResult:
    """`connections` requests always in flight for `seconds` (or until `max_requests`)."""
    # Client threads share one interpreter lock; two processes keep the client off the
    # critical path of a fast endpoint. Request n goes to exactly one connection.
    per_process = max(1, connections // processes)
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        # Every client process has imported what it needs before the clock starts.
        pool.map(_ready, range(processes), chunksize=1)
        start_at = time.time() + 0.2
        results = pool.starmap(_closed_worker, [
            (port, make, per_process, p * per_process, processes * per_process, start_at,
             seconds, max_requests) for p in range(processes)])
    latencies = [latency for result in results for latency in result[0]]
    errors = [result[2] for result in results if result[2]]
    last_end = max(result[3] for result in results)
    return LoadResult(len(latencies), last_end - start_at, latencies,
                      sum(result[1] for result in results), errors[0] if errors else None,
                      sorted(n for result in results for n in result[4]))


def open_loop(port: int, make: RequestMaker, *, rate: float = 100.0, seconds: float = 10.0,
              first: int = 0, threads: int = 64) -> LoadResult:
    """Request k is due at start + k / rate, sent then by whichever thread is free."""
    total = int(rate * seconds)
    start = time.time() + 0.2
    tally = _Tally()
    next_number = iter(range(total))
    taking = threading.Lock()

    def sender() -> None:
        while True:
            with taking:
                k = next(next_number, None)
            if k is None:
                return
            request, due = make(first + k), start + k / rate
            time.sleep(max(0.0, due - time.time()))
            tally.record(port, request, due, first + k)

    workers = [threading.Thread(target=sender) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return LoadResult(total, tally.last_end - start, tally.latencies, tally.errors,
                      tally.first_error, sorted(tally.sent))
