"""The benchmark's own database: never the developer's.

On SQLite a file in a fresh temporary folder; on PostgreSQL a database named after the configured
one with `_bench` added, created (dropped first if a previous run left it) and dropped at the end.
"""

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SUFFIX = "_bench"


@dataclass
class BenchDatabase:
    vendor: str  # "sqlite" or "postgresql"
    url: str
    name: str
    settings: dict
    folder: Path | None = None

    @classmethod
    def for_settings(cls, configured: dict) -> "BenchDatabase":
        engine = configured["ENGINE"]
        if engine.endswith("sqlite3"):
            folder = Path(tempfile.mkdtemp(prefix="cluster-registry-bench-"))
            path = folder / "bench.sqlite3"
            return cls("sqlite", f"sqlite:///{path}", str(path), configured, folder)
        if "postgresql" in engine:
            name = f"{configured['NAME']}{SUFFIX}"
            return cls("postgresql", _postgres_url(configured, name), name, configured)
        raise SystemExit(f"The benchmark supports SQLite and PostgreSQL, not {engine}.")

    def create(self) -> None:
        if self.vendor == "postgresql":
            self._maintenance(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self._maintenance(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        elif self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _maintenance(self, *statements: str) -> None:
        import psycopg2

        options = self.settings
        connection = psycopg2.connect(
            dbname="postgres",
            user=options.get("USER") or None,
            password=options.get("PASSWORD") or None,
            host=options.get("HOST") or None,
            port=options.get("PORT") or None,
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)  # the name is ours: the configured name plus a suffix
        finally:
            connection.close()


def _postgres_url(configured: dict, name: str) -> str:
    user = quote(configured.get("USER") or "", safe="")
    password = quote(configured.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = configured.get("HOST") or "localhost"
    port = f":{configured['PORT']}" if configured.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(name, safe='')}"
