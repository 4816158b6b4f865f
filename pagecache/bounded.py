"""`slot()`: at most a few heavy jobs (exports, imports) of a kind at once, so that pages keep answering.

A gunicorn server has a handful of workers; an export of 20,000 members takes one of them for a second
or more, and twenty such requests at once would take them all. Each kind of job therefore has a number
of slots across every process (PostgreSQL advisory locks, shared by every host on the database; on other
databases, file locks in the temporary folder of this host) and one per process (a semaphore, for
threaded workers). A job that finds no slot free is not queued: `Busy` is raised at once and the caller
answers "try again in a minute" (`RETRY_AFTER`), so a burst of heavy requests never holds a worker waiting.
"""

import fcntl
import tempfile
import threading
import zlib
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.db import DatabaseError, connections

RETRY_AFTER = 60  # seconds, for the Retry-After header and the message
LOCK_FOLDER = Path(tempfile.gettempdir()) / "cluster-registry-locks"
_process_slots: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_process_lock = threading.Lock()
_held_advisory: set[tuple[int, int, int]] = set()  # (connection, key, slot): PostgreSQL's are re-entrant


class Busy(Exception):
    """Every slot of the kind is taken; try again shortly."""


@contextmanager
def slot(kind: str, limit: int, *, per_process: int = 1, using: str = "default"):
    """Hold one of `limit` slots of `kind` (across processes) and of `per_process` in this one, or raise Busy."""
    semaphore = _semaphore(kind, per_process)
    if not semaphore.acquire(blocking=False):
        raise Busy(kind)
    try:
        with _shared_slot(kind, limit, using):
            yield
    finally:
        semaphore.release()


def _semaphore(kind: str, size: int) -> threading.BoundedSemaphore:
    with _process_lock:
        return _process_slots.setdefault((kind, size), threading.BoundedSemaphore(max(size, 1)))


@contextmanager
def _shared_slot(kind: str, limit: int, using: str):
    connection = connections[using]
    taker = _advisory_lock if connection.vendor == "postgresql" else _file_lock
    with ExitStack() as stack:
        for number in range(max(limit, 1)):
            if taker(stack, connection, kind, number):
                yield
                return
        raise Busy(kind)


def _advisory_lock(stack: ExitStack, connection, kind: str, number: int) -> bool:
    # A session lock: it outlives the request's transactions, and the server drops it if the process dies.
    key = zlib.crc32(f"cluster-registry:{kind}".encode()) - 2**31  # a signed 32-bit key of its own
    held = (id(connection), key, number)
    if held in _held_advisory:  # this session holds it already, and PostgreSQL would grant it again
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [key, number])
        if not cursor.fetchone()[0]:
            return False
    _held_advisory.add(held)
    stack.callback(_advisory_unlock, connection, key, number)
    return True


def _advisory_unlock(connection, key: int, number: int) -> None:
    _held_advisory.discard((id(connection), key, number))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [key, number])
    except DatabaseError:
        connection.close()  # a session that cannot unlock (its transaction failed) gives the lock up by closing


def _file_lock(stack: ExitStack, connection, kind: str, number: int) -> bool:
    LOCK_FOLDER.mkdir(mode=0o700, exist_ok=True)
    database = zlib.crc32(str(connection.settings_dict["NAME"]).encode())  # two sites on one host: two sets
    handle = (LOCK_FOLDER / f"{kind}-{number}-{database:08x}.lock").open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return False
    stack.callback(handle.close)  # closing the file releases its lock, also when the process dies
    return True
