"""Concurrent writers: no "database is locked" on SQLite, no lost history on PostgreSQL; /healthz recovers.

The SQLite test runs this module as a script against a temporary database file (the test database is
in memory with a shared cache, whose locking is not SQLite's real one): several threads edit members
through the services while others import spreadsheets, each in its own connection, all at once.
"""

import contextlib
import datetime
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections

BASE_DIR = Path(settings.BASE_DIR)
EDITORS, IMPORTERS, ROUNDS = 4, 3, 12


def run_writers() -> dict:
    """Create members, then edit and import at once from several threads; report errors and counts."""
    from django.core.management import call_command

    from members.models import HeadcountReport, Member
    from tests.members.factories import MemberFactory
    from tests.members.spreadsheets import CSV, run_rows

    call_command("migrate", verbosity=0)
    members = [MemberFactory(name_ru=f"Участник {n}") for n in range(EDITORS + IMPORTERS)]
    errors, start = [], threading.Barrier(EDITORS + IMPORTERS)

    def edit(member):
        from members.services import member_report_headcount

        for round_ in range(ROUNDS):
            fresh = Member.objects.get(pk=member.pk)
            fresh.name_ru = f"{member.name_ru}, правка {round_}"
            fresh.full_clean()
            fresh.save()
            member_report_headcount(member=fresh, employees=round_ + 1, reported_on=datetime.date(2000 + round_, 1, 1))

    def import_(member):
        for round_ in range(ROUNDS):
            rows = [["country", "registration_number", "headcount", "headcount_reported_on"]]
            rows.append(["RU", member.registration_number, round_ + 1, f"{2000 + round_}-06-30"])
            report = run_rows(rows, CSV, commit=True)
            if not report.committed:
                errors.append("; ".join(error.message for error in report.errors))

    def worker(job, member):
        try:
            start.wait()
            job(member)
        except OperationalError as error:
            errors.append(str(error))
        finally:
            connections.close_all()

    jobs = [edit] * EDITORS + [import_] * IMPORTERS
    threads = [threading.Thread(target=worker, args=pair) for pair in zip(jobs, members, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "errors": errors,
        "reports": HeadcountReport.objects.count(),
        "member_history": Member.history.filter(history_type="~").count(),
        "report_history": HeadcountReport.history.count(),
    }


def test_concurrent_edits_and_imports_on_sqlite_never_fail_with_database_is_locked(tmp_path):
    result = run_script(tmp_path / "concurrent.sqlite3")
    assert result["errors"] == []
    assert result["reports"] == (EDITORS + IMPORTERS) * ROUNDS
    assert result["report_history"] == (EDITORS + IMPORTERS) * ROUNDS
    assert result["member_history"] >= EDITORS * ROUNDS  # every edit kept in the history


def test_without_immediate_transactions_and_a_busy_timeout_the_same_load_fails(tmp_path):
    # The control: the settings are what prevents the failure, not a load too light to collide.
    result = run_script(tmp_path / "control.sqlite3", "--without-settings")
    assert any("database is locked" in error for error in result["errors"])


def run_script(path: Path, *options) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{path}", DJANGO_SETTINGS_MODULE="cluster_registry.settings")
    script = [sys.executable, "-m", "tests.site.test_concurrency", *options]
    done = subprocess.run(script, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_on_postgresql_keep_every_change_in_the_history():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only; on SQLite the test above runs against a real database file")
    from members.models import Member
    from tests.members.factories import MemberFactory

    member = MemberFactory(name_ru="Общий участник")
    before = member.history.count()
    writers, saves = 6, 10
    start, errors = threading.Barrier(writers), []

    def save_many(writer):
        try:
            start.wait()
            for save in range(saves):
                fresh = Member.objects.get(pk=member.pk)
                fresh.short_name = f"w{writer}-s{save}"
                fresh.save()
        except Exception as error:  # any failure at all is reported by the assert below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save_many, args=(writer,)) for writer in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    recorded = set(member.history.values_list("short_name", flat=True))
    assert member.history.count() == before + writers * saves
    assert {f"w{w}-s{s}" for w in range(writers) for s in range(saves)} <= recorded


class Proxy:
    """A TCP relay to the database that the test can take down (refusing and cutting connections) and bring back."""

    def __init__(self, host: str, port: int):
        self.target, self.sockets, self.server = (host, port), [], None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    def up(self):
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def down(self):
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close() alone would not
        self.server.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self.sockets = []

    def _accept(self, server):
        with contextlib.suppress(OSError):
            while True:
                client, _address = server.accept()
                upstream = socket.create_connection(self.target)
                self.sockets += [client, upstream]
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)


@contextlib.contextmanager
def served(database_url: str):
    """The site under gunicorn (as in production: persistent connections with health checks)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY="recovery-test-" + "k" * 60,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_CONN_MAX_AGE="60",
    )
    command = [sys.executable, "-m", "gunicorn", "cluster_registry.wsgi", "--workers=1", f"--bind=127.0.0.1:{port}"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    server = subprocess.Popen(command, cwd=BASE_DIR, env=env, **quiet)  # noqa: S603 -- our own interpreter
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        for _ in range(150):
            if health(url) is not None:
                break
            time.sleep(0.2)
        yield lambda: health(url)
    finally:
        server.terminate()
        server.wait(timeout=30)


def health(url: str) -> int | None:
    """The health check's status code; None while nothing answers."""
    try:
        return urllib.request.urlopen(url, timeout=30).status  # noqa: S310 -- our own server
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def test_healthz_on_sqlite_reports_a_missing_database_and_recovers_without_a_restart(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    sqlite3.connect(folder / "registry.sqlite3").close()
    with served(f"sqlite:///{folder / 'registry.sqlite3'}") as check:
        assert check() == 200
        folder.rename(tmp_path / "away")  # the volume is gone: the file cannot be opened
        assert check() == 503
        (tmp_path / "away").rename(folder)
        assert check() == 200


def test_healthz_on_postgresql_reports_a_database_that_is_down_and_recovers_without_a_restart():
    if connection.vendor != "postgresql":
        pytest.skip("needs a PostgreSQL server to take down; the SQLite case is tested above")
    db = connection.settings_dict
    proxy = Proxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    proxy.up()
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    try:
        with served(f"postgres://{db['USER']}{password}@127.0.0.1:{proxy.port}/postgres") as check:
            assert check() == 200
            assert check() == 200  # the persistent connection is reused
            proxy.down()
            assert check() == 503
            assert check() == 503
            proxy.up()
            assert check() == 200  # the first request after the database returns
    finally:
        proxy.down()


def _main() -> None:
    import django

    if "--without-settings" in sys.argv:
        # SQLite's defaults: deferred transactions and no waiting for the lock.
        options = settings.DATABASES["default"].setdefault("OPTIONS", {})
        options.update(timeout=0, transaction_mode="DEFERRED")
    django.setup()
    print(json.dumps(run_writers()))


if __name__ == "__main__":
    _main()
