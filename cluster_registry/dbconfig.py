"""Timeouts of the database connections, so that a database that hangs is reported as down.

Read by the settings (every connection) and by `/healthz` (its own short-lived probe connection).
No Django import: the settings module imports this before Django is set up.
"""

import math
import re

# libpq rounds a connect_timeout below 2 seconds up to 2.
LIBPQ_MIN_CONNECT_TIMEOUT = 2
# SQLite has no "no limit" busy timeout; this stands for it (a day).
SQLITE_UNLIMITED_BUSY_TIMEOUT = 24 * 60 * 60
_STATEMENT_TIMEOUT = re.compile(r"-c\s*statement_timeout=\S+")


def with_timeouts(engine: str, options: dict, *, connect_timeout: float, statement_timeout_ms: int) -> dict:
    """`options` (a DATABASES OPTIONS dict) with the timeouts for `engine`; 0 ms is no statement limit.

    PostgreSQL: libpq's connect_timeout bounds the whole start-up, a server that accepts the TCP connection
    and then says nothing included; statement_timeout makes the server cancel a statement that runs too long;
    TCP keepalives and tcp_user_timeout notice a server host that vanished during a query.
    SQLite: the file is local, so only the wait for another writer's lock can hang: its busy timeout.
    """
    options = dict(options)
    if "postgresql" in engine:
        connect_timeout = max(LIBPQ_MIN_CONNECT_TIMEOUT, math.ceil(connect_timeout))
        server_options = _STATEMENT_TIMEOUT.sub("", options.get("options", "")).strip()
        options["options"] = f"{server_options} -c statement_timeout={int(statement_timeout_ms)}".strip()
        options["connect_timeout"] = connect_timeout
        options.update(keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3)
        # Data the server's host does not acknowledge for as long as a connection may take to open: it is gone.
        options["tcp_user_timeout"] = connect_timeout * 1000
    elif "sqlite" in engine:
        options["timeout"] = statement_timeout_ms / 1000 if statement_timeout_ms else SQLITE_UNLIMITED_BUSY_TIMEOUT
    return options
