"""Several gunicorn workers after a change: each process's own cache against one Redis shared by all.

gunicorn runs `workers` processes on 127.0.0.1, once with the local-memory cache (the default) and once
with DJANGO_CACHE_URL pointing at Redis under a key prefix of this run's own. After warming every
worker, the registry's revision is changed (`/bench-floor/bump`, as a write would) and the home page is
requested by a few threads at once; each response says how many SQL queries it took (the bench-only
`QueryCountMiddleware`): one is a page served from the cache, more is a page computed. The figure is
how many of the requests computed it before every worker served it from the cache, over a few rounds.
Then the directory (the pages stage's URL, cached) and the fixed response are loaded, for req/s.
"""

import http.client
import threading
import uuid

from . import load

ROUNDS = 3
REQUESTS_PER_ROUND = 40
QUERIES_HEADER = "X-Bench-Queries"


def _get(port: int, path: str) -> int:
    """The response's SQL query count (from the bench middleware's header)."""
    connection = http.client.HTTPConnection(load.HOST, port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": load.HOST, "Accept-Language": "ru"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        return int(response.getheader(QUERIES_HEADER) or 0)
    finally:
        connection.close()


def computed_after_a_change(port: int, path: str, *, concurrency: int) -> int:
    """Requests of `path` that computed the page after one change, `REQUESTS_PER_ROUND` sent by `concurrency`
    threads at once."""
    load.get(port, "/bench-floor/bump")
    queries, lock, tickets = [], threading.Lock(), iter(range(REQUESTS_PER_ROUND))

    def worker():
        while True:
            with lock:
                if next(tickets, None) is None:
                    return
            count = _get(port, path)
            with lock:
                queries.append(count)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(count > 1 for count in queries)


def measure(
    *, env: dict, cwd, workers: int, redis_url: str, directory: str, requests: int, seconds: float, concurrency: int
) -> dict:
    caches = {"local": {"DJANGO_CACHE_URL": ""}}
    if redis_url:
        caches["redis"] = {"DJANGO_CACHE_URL": redis_url, "DJANGO_CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex}"}
    results = {
        "workers": workers,
        "concurrency": concurrency,
        "rounds": ROUNDS,
        "requests_per_round": REQUESTS_PER_ROUND,
    }
    for name, extra in caches.items():
        with load.gunicorn(env={**env, **extra}, cwd=cwd, workers=workers) as port:
            for path in ("/", directory, "/bench-floor/fixed"):
                for _ in range(4 * workers):
                    load.get(port, path)
            computed = [computed_after_a_change(port, "/", concurrency=concurrency) for _ in range(ROUNDS)]
            fixed = load.load(port, "/bench-floor/fixed", requests=requests, seconds=seconds, concurrency=concurrency)
            listed = load.load(port, directory, requests=requests, seconds=seconds, concurrency=concurrency)
        share = listed["requests_per_second"] / fixed["requests_per_second"] if fixed["requests_per_second"] else None
        results[name] = {
            "home_computed_after_a_change": computed,
            "fixed": fixed,
            "directory": listed,
            "directory_share_of_fixed": round(share, 2) if share else None,
        }
    return results
