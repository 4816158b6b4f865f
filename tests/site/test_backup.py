"""Backups: `manage.py backup` then `manage.py restore` into a fresh database gives back the same rows."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from pagecache.models import RegistryRevision

BASE_DIR = Path(settings.BASE_DIR)
TABLES = ["members_member", "members_membershipperiod", "members_headcountreport", "members_historicalmember"]


def manage(*args, database_url, check=True):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_DEBUG="1", DATABASE_URL=database_url)
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def sqlite_rows(path: Path) -> dict[str, list]:
    with sqlite3.connect(path) as db:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in TABLES}  # noqa: S608


def test_an_sqlite_backup_restored_into_a_fresh_database_has_the_same_rows(tmp_path):
    source, fresh = tmp_path / "registry.sqlite3", tmp_path / "fresh.sqlite3"
    manage("migrate", "--noinput", database_url=f"sqlite:///{source}")
    manage("load_registry_data", database_url=f"sqlite:///{source}")
    out = manage("backup", "--output", str(tmp_path / "backups"), database_url=f"sqlite:///{source}").stdout
    backup = Path(out.strip().splitlines()[-1])
    assert backup.parent == tmp_path / "backups" and backup.name.startswith("registry-")
    manage("restore", str(backup), "--noinput", database_url=f"sqlite:///{fresh}")
    expected = sqlite_rows(source)
    assert len(expected["members_member"]) > 50
    assert sqlite_rows(fresh) == expected
    # The restored database gets a revision of its own, so no page cached before the restore answers.
    table = RegistryRevision._meta.db_table
    tokens = [sqlite3.connect(path).execute(f"SELECT token FROM {table}").fetchall() for path in (source, fresh)]  # noqa: S608
    assert tokens[0] != tokens[1] and len(tokens[1]) == 1


def test_a_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(tmp_path):
    target = tmp_path / "target.sqlite3"
    with sqlite3.connect(target) as db:
        db.execute("CREATE TABLE kept (value TEXT)")
        db.execute("INSERT INTO kept VALUES ('still here')")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"PGDMP not an sqlite file")
    result = manage("restore", str(junk), "--noinput", database_url=f"sqlite:///{target}", check=False)
    assert result.returncode != 0 and "not an SQLite backup" in result.stderr
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT value FROM kept").fetchall() == [("still here",)]


@pytest.mark.django_db
def test_restore_asks_before_replacing_the_database(tmp_path, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(tmp_path / "whatever.sqlite3"))


def pg_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def pg_admin(sql: str):
    db = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db.get("PASSWORD") or None, host=db["HOST"], port=db["PORT"]
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql)
    admin.close()


def pg_rows(name: str) -> dict[str, list]:
    db = connection.settings_dict
    with (
        psycopg2.connect(
            dbname=name, user=db["USER"], password=db.get("PASSWORD") or None, host=db["HOST"], port=db["PORT"]
        ) as scratch,
        scratch.cursor() as cursor,
    ):
        rows = {}
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608
            rows[table] = cursor.fetchall()
    scratch.close()
    return rows


@pytest.mark.postgres_only
def test_a_postgresql_backup_restored_into_a_scratch_database_has_the_same_rows(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL; the SQLite round trip is tested above")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")
    base = connection.settings_dict["NAME"]
    source, fresh = f"{base}_backup_source", f"{base}_backup_fresh"
    for name in (source, fresh):
        pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
        pg_admin(f'CREATE DATABASE "{name}"')
    try:
        manage("migrate", "--noinput", database_url=pg_url(source))
        manage("load_registry_data", database_url=pg_url(source))
        out = manage("backup", "--output", str(tmp_path), database_url=pg_url(source)).stdout
        backup = Path(out.strip().splitlines()[-1])
        assert backup.read_bytes().startswith(b"PGDMP")
        manage("restore", str(backup), "--noinput", database_url=pg_url(fresh))
        expected = pg_rows(source)
        assert len(expected["members_member"]) > 50
        assert pg_rows(fresh) == expected
    finally:
        for name in (source, fresh):
            pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restore_with_no_one_to_answer_replaces_nothing(tmp_path):
    target = tmp_path / "live.sqlite3"
    with sqlite3.connect(target) as db:
        db.execute("CREATE TABLE kept (value TEXT)")
        db.execute("INSERT INTO kept VALUES ('still here')")
    backup = tmp_path / "other.sqlite3"
    sqlite3.connect(backup).close()
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{target}"}
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "cancelled" in result.stderr and "Traceback" not in result.stderr
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT value FROM kept").fetchall() == [("still here",)]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(("extra", "unattended"), [([], False), (["YES=1"], True)])
def test_make_restore_asks_unless_told_yes(extra, unattended):
    dry_run = subprocess.run(  # noqa: S603 (make, the project's own Makefile, printing only)
        [shutil.which("make"), "-n", "restore", "FILE=backups/x.dump", *extra],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    command = [line for line in dry_run.stdout.splitlines() if "manage.py restore" in line]
    assert command and command[-1].rstrip().endswith('"backups/x.dump" --noinput') == unattended
