"""What the benchmark ran on: CPU, cores, memory, Python, Django, the database, the date, the load."""

import datetime
import os
import platform
import sqlite3

import django
from django.db import connection


def _first_line_with(path: str, prefix: str) -> str:
    try:
        with open(path) as lines:
            for line in lines:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def describe() -> dict:
    memory_kb = _first_line_with("/proc/meminfo", "MemTotal").split()
    return {
        "cpu": _first_line_with("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory_kb[0]) / 2**20, 1) if memory_kb else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average_before": [round(value, 2) for value in os.getloadavg()],
    }


def database_version() -> str:
    """The version of the database the benchmark's process is connected to."""
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"
