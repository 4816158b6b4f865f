"""Copies of the database and their restoring, by engine: pg_dump/pg_restore for PostgreSQL,
SQLite's online backup API for SQLite (a consistent copy even while the site writes).

Used by `manage.py backup` and `manage.py restore` (`make backup`, `make restore FILE=...`).
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"


def engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise CommandError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def backup_path(directory: Path, alias: str = "default") -> Path:
    name = Path(str(connections[alias].settings_dict["NAME"])).stem
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = ".sqlite3" if engine(alias) == "sqlite" else ".dump"
    return directory / f"{name}-{stamp}{suffix}"


def backup(directory: Path, alias: str = "default") -> Path:
    """Write a backup of the database into `directory` and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    target = backup_path(directory, alias)
    if engine(alias) == "sqlite":
        _sqlite_copy(Path(connections[alias].settings_dict["NAME"]), target)
    else:
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], alias)
    return target


def restore(source: Path, alias: str = "default") -> None:
    """Replace the database's contents with the backup at `source`."""
    if not source.is_file():
        raise CommandError(f"No backup file at {source}.")
    header = source.open("rb").read(len(SQLITE_HEADER))
    connections[alias].close()
    if engine(alias) == "sqlite":
        if not header.startswith(SQLITE_HEADER):
            raise CommandError(f"{source} is not an SQLite backup.")
        _sqlite_copy(source, Path(connections[alias].settings_dict["NAME"]))
    else:
        if not header.startswith(PG_CUSTOM_HEADER):
            raise CommandError(f"{source} is not a pg_dump backup in custom format.")
        options = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
        _run([_tool("pg_restore"), *options, str(source)], alias)


def _sqlite_copy(source: Path, target: Path) -> None:
    # The online backup API copies page by page under SQLite's own locking, so a live database
    # (WAL included) gives a consistent copy; into an existing file it replaces its contents.
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as destination:
        origin.backup(destination)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def _run(command: list[str], alias: str) -> None:
    """Run a PostgreSQL client tool against the database, its password passed in the environment."""
    db = connections[alias].settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command.append(f"{option}={db[key]}")
    command.append(f"--dbname={db['NAME']}")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
