"""The guards of issue 13 measured: the import's preview is linear in rows, and exports under load are bounded.

`same_name_preview` (a stage) times the preview (the dry run, as the admin's upload runs it) of new rows
that all share one English name, at n and 10n rows: each new slug used to be found by counting suffixes
from 1, which made such a file quadratic. Ten times the rows must cost well under twenty times the time.

`export_under_load` (in the parent, like the throughput) runs gunicorn (two workers, 127.0.0.1 only) and
sends the public export from 20 client threads while one more thread asks `/healthz` every 100 ms: once
for one URL (built once per worker before the clock starts, then served from the cache) and once with a
distinct query string per request (every request a build, so the slots refuse most with 503 at once; the
clients do not wait for Retry-After). `/healthz` must keep answering fast.
"""

import csv
import threading
import time
from pathlib import Path

from . import generator, load
from .imports import project_import
from .stats import summary

HEADER = ["country", "registration_number", "name_ru", "name_en"]
FIRST_NUMBER = 5_000_000  # generator indexes for these rows' numbers: far past the registry's 2N
LINEAR_LIMIT = 20  # 10 × the rows must cost less than this many times the time


def write_same_name_file(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as target:
        writer = csv.writer(target)
        writer.writerow(HEADER)
        for index in range(rows):
            number = generator.registration_number("RU", FIRST_NUMBER + index)
            writer.writerow(["RU", number, f"Одноимённая {index}", "Same Name Ltd"])


def same_name_preview(config: dict, log) -> dict:
    small = config.get("same_name_rows") or max(config["members"] // 10, 1000)
    workdir, figures = Path(config["workdir"]), {}
    for rows in (small, 10 * small):
        path = workdir / f"same-name-{rows}.csv"
        write_same_name_file(path, rows)
        times = []
        for _ in range(2):
            started = time.perf_counter()
            outcome = project_import(path, commit=False)
            times.append(time.perf_counter() - started)
        if outcome != {"new": rows}:
            raise RuntimeError(f"the same-name preview of {rows} rows reported {outcome}")
        figures[rows] = min(times)
        log(f"  preview of {rows:,} new rows of one name: {figures[rows]:.2f} s")
    ratio = figures[10 * small] / figures[small] if figures[small] else None
    return {
        "rows": [small, 10 * small],
        "seconds": [round(figures[small], 3), round(figures[10 * small], 3)],
        "ratio": round(ratio, 2) if ratio else None,
        "linear": ratio is not None and ratio < LINEAR_LIMIT,
    }


def _clients(port: int, paths, *, requests: int, seconds: float, concurrency: int) -> dict:
    tickets, lock, deadline = iter(range(requests)), threading.Lock(), time.monotonic() + seconds
    statuses, latencies = {}, []

    def worker():
        while time.monotonic() < deadline:
            with lock:
                ticket = next(tickets, None)
            if ticket is None:
                return
            started = time.perf_counter()
            try:
                status = load.get(port, paths(ticket))
            except OSError as error:
                status = type(error).__name__
            with lock:
                statuses[str(status)] = statuses.get(str(status), 0) + 1
                if status == 200:
                    latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"statuses": statuses, **(summary(latencies) if latencies else {"median_ms": None, "p95_ms": None})}


def _healthz(port: int, stop: threading.Event) -> dict:
    latencies, failures = [], 0
    while not stop.is_set():
        started = time.perf_counter()
        try:
            ok = load.get(port, "/healthz", timeout=30) == 200
        except OSError:
            ok = False
        latencies.append(time.perf_counter() - started)
        failures += not ok
        stop.wait(0.1)
    figures = summary(latencies) if latencies else {"median_ms": None, "p95_ms": None}
    return {**figures, "max_ms": round(max(latencies, default=0) * 1000, 1), "failures": failures}


def export_under_load(*, env: dict, cwd: Path, requests: int, seconds: float, clients: int = 20) -> dict:
    """The public export from `clients` threads, with /healthz measured beside it; see the module."""
    url = "/members/export.xlsx"
    variants = {"cached": lambda ticket: url, "distinct": lambda ticket: f"{url}?ordering=name&bench={ticket}"}
    results = {"clients": clients, "workers": 2}
    with load.gunicorn(env=env, cwd=cwd) as port:
        results["healthz_idle"] = _healthz_for(port, 2.0)
        for _ in range(8):  # each worker builds the file once (a cache per process); then it is served cached
            load.get(port, url)
            time.sleep(0.5)
        for name, paths in variants.items():
            stop = threading.Event()
            health: dict = {}
            prober = threading.Thread(target=lambda: health.update(_healthz(port, stop)))  # noqa: B023
            prober.start()
            try:
                results[name] = _clients(port, paths, requests=requests, seconds=seconds, concurrency=clients)
            finally:
                stop.set()
                prober.join()
            results[name]["healthz"] = health
    return results


def _healthz_for(port: int, seconds: float) -> dict:
    stop = threading.Event()
    timer = threading.Timer(seconds, stop.set)
    timer.start()
    return _healthz(port, stop)
