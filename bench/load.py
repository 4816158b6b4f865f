"""The directory under gunicorn (two workers on 127.0.0.1), loaded by a bounded generator.

The generator is a few threads of `http.client`, a new connection per request (gunicorn's sync
workers close each one); it stops after a fixed number of requests or a time limit, whichever
comes first, and only ever talks to 127.0.0.1. It runs on the same two cores as gunicorn, so the
fixed-response figure is this machine's ceiling, generator included.
"""

import http.client
import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from .stats import ratio, summary

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get(port: int, path: str, timeout: float = 30) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": HOST, "Accept-Language": "ru"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@contextmanager
def gunicorn(*, env: dict, cwd: Path, workers: int = 2, ready_path: str = "/bench-floor/fixed"):
    """Start gunicorn on a free port, wait until it answers, yield the port, then stop it."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "cluster_registry.wsgi", "--workers", str(workers)]
    command += ["--bind", f"{HOST}:{port}", "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, cwd=cwd)  # noqa: S603 (our own fixed command)
    try:
        _wait_until_ready(process, port, ready_path)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process: subprocess.Popen, port: int, path: str, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before answering")
        try:
            if get(port, path, timeout=5) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {limit} seconds")


def load(port: int, path: str, *, requests: int, seconds: float, concurrency: int) -> dict:
    """Send up to `requests` GETs from `concurrency` threads, stopping at `seconds`; count errors."""
    tickets, lock = itertools.count(), threading.Lock()
    latencies, errors = [], []
    deadline = time.monotonic() + seconds

    def worker():
        while time.monotonic() < deadline:
            with lock:
                if next(tickets) >= requests:
                    return
            started = time.perf_counter()
            try:
                status = get(port, path)
            except OSError as error:
                status = type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                (latencies if status == 200 else errors).append(elapsed if status == 200 else status)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    done = len(latencies) + len(errors)
    figures = summary(latencies) if latencies else {"runs": 0, "median_ms": None, "p95_ms": None}
    return {
        "path": path,
        "requests": done,
        "errors": len(errors),
        "error_kinds": sorted({str(error) for error in errors}),
        "seconds": round(wall, 3),
        "requests_per_second": round(done / wall, 1) if wall else None,
        **{key: figures[key] for key in ("median_ms", "p95_ms")},
    }


def measure_throughput(*, env: dict, cwd: Path, paths: dict, requests: int, seconds: float, concurrency: int) -> dict:
    """`paths` maps a name to a URL path; "fixed" must be among them (the ceiling)."""
    results = {}
    with gunicorn(env=env, cwd=cwd) as port:
        for path in paths.values():  # each worker builds its caches and connections before the clock starts
            for _ in range(4 * concurrency):
                get(port, path)
        for name, path in paths.items():
            results[name] = load(port, path, requests=requests, seconds=seconds, concurrency=concurrency)
    fixed = results["fixed"]["requests_per_second"]
    for figures in results.values():
        figures["share_of_fixed"] = ratio(figures["requests_per_second"], fixed)
    results["concurrency"], results["workers"] = concurrency, 2
    results["cpu_count"] = os.cpu_count()
    return results
