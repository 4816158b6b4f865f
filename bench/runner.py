"""Orchestrates one benchmark run: bench database, child-process stages, gunicorn, results.

The parent process never opens the developer's database: it creates the bench database, runs each
stage as `manage.py bench --stage ...` with DATABASE_URL pointing at it, loads gunicorn, and drops
the database at the end (unless asked to keep it).
"""

import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from . import guards, load, machine, workers
from .database import BenchDatabase

EXPORT_VARIANTS = ("project", "floor", "anchor")
# In this order: project_new leaves its rows for the unchanged and changed re-imports.
IMPORT_VARIANTS = ("floor_new", "project_new", "project_unchanged", "project_changed", "project_anchor", "anchor_new")
# In this order too: project_new leaves its figures for the unchanged re-import.
YEARLY_IMPORT_VARIANTS = ("floor_new", "project_new", "project_unchanged")


def _children_cpu() -> float:
    """CPU seconds used by this process's finished children: with the wall time, it shows contention."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def child_env(database_url: str) -> dict:
    """The environment of the benchmark's processes: production settings (debug off) on the bench database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",  # as in production; debug on would also keep every query in memory
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on 127.0.0.1, as behind a TLS proxy
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),  # throwaway, for these processes only
        "PORTAL_SITE_URL": os.environ.get("PORTAL_SITE_URL", "http://127.0.0.1"),  # links in messages never sent
    }


class Runner:
    def __init__(self, options: dict, log):
        self.options, self.log = options, log
        self.timings: dict[str, dict] = {}
        self.workdir = Path(tempfile.mkdtemp(prefix="cluster-registry-bench-files-"))
        self.database = BenchDatabase.for_settings(settings.DATABASES["default"])
        self.env = child_env(self.database.url)

    def run(self) -> dict:
        started = time.perf_counter()
        results = {"options": self.public_options(), "machine": machine.describe(), "database": self.database.vendor}
        self.database.create()
        try:
            results["generate"] = self.stage("generate", "Generating the registry")
            results["machine"]["database"] = results["generate"].pop("database")
            results["pages"] = self.stage("pages", "Measuring the pages")
            results["api"] = self.stage("api", "Measuring the API")
            results["writes"] = self.stage("writes", "Measuring a member's admin save")
            if self.options.get("pages_only"):
                return self.finish(results, started)
            results["export"] = self.exports()
            results["import"] = self.imports()
            results["yearly_import"] = self.yearly_imports()
            # On the figures the yearly import left: N members × 4 years.
            results["yearly_reports"] = self.stage("yearly-reports", "Measuring the yearly reports")
            # The load runs come last and depend on the machine's other work: one that fails (a timeout on a
            # busy machine) is recorded as such and keeps the figures measured before it.
            results["throughput"] = self.guarded(
                self.throughput, results["pages"]["directory"], results["api"]["members"]
            )
            results["workers"] = self.guarded(self.workers, results["pages"]["directory"])
            results["export_load"] = self.guarded(self.export_load)
            results["campaign"] = self.stage("campaign", "Opening a questionnaire campaign for every member")
        finally:
            if not self.options["keep_db"]:
                self.database.drop()
                shutil.rmtree(self.workdir, ignore_errors=True)
        return self.finish(results, started)

    def finish(self, results: dict, started: float) -> dict:
        results["machine"]["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
        results["total_seconds"] = round(time.perf_counter() - started, 1)
        results["stages"] = self.timings
        return results

    def public_options(self) -> dict:
        return {key: value for key, value in self.options.items() if key not in ("json", "report")}

    def stage(self, name: str, title: str, **extra) -> dict:
        self.log(f"{title}…")
        config = {**self.options, **extra, "workdir": str(self.workdir)}
        source, target = self.workdir / f"{name}-in.json", self.workdir / f"{name}-out.json"
        source.write_text(json.dumps(config))
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "bench", "--stage", name]
        command += ["--stage-input", str(source), "--stage-output", str(target)]
        started, cpu = time.perf_counter(), _children_cpu()
        subprocess.run(command, env=self.env, cwd=settings.BASE_DIR, check=True)  # noqa: S603 (our own command)
        label = f"{name} {extra.get('variant', '')}".strip()
        self.timings[label] = {
            "wall_s": round(time.perf_counter() - started, 1),
            "cpu_s": round(_children_cpu() - cpu, 1),
        }
        return json.loads(target.read_text())

    def exports(self) -> dict:
        results = {}
        for variant in EXPORT_VARIANTS:
            if variant == "anchor" and self.options["skip_anchor_export"]:
                results[variant] = {"skipped": "--skip-anchor-export"}
                continue
            results[variant] = self.stage("export", f"Measuring the export ({variant})", variant=variant)
        return results

    def imports(self) -> dict:
        files = self.stage("prepare-import", "Writing the import files")
        results = {"files": files}
        for variant in IMPORT_VARIANTS:
            if "anchor" in variant and self.options["skip_anchor_import"]:
                results[variant] = {"skipped": "--skip-anchor-import"}
                continue
            if variant == "project_anchor" and files["anchor_rows"] == files["rows"]:
                results[variant] = {**results["project_new"], "note": "the same file as N new rows"}
                continue
            results[variant] = self.stage("import", f"Measuring the import ({variant})", variant=variant, files=files)
        results["same_name"] = self.stage("import-same-name", "Previewing new rows that share one name (n and 10n)")
        return results

    def yearly_imports(self) -> dict:
        files = self.stage("prepare-yearly-import", "Writing the yearly import file (N members × 4 years)")
        results = {"files": files}
        for variant in YEARLY_IMPORT_VARIANTS:
            title = f"Measuring the yearly import ({variant})"
            results[variant] = self.stage("yearly-import", title, variant=variant, files=files)
        return results

    def export_load(self) -> dict:
        if self.options["skip_gunicorn"]:
            return {"skipped": "--skip-gunicorn"}
        self.log(f"Loading the public export under gunicorn ({self.options['export_clients']} clients)…")
        return guards.export_under_load(
            env=self.env,
            cwd=settings.BASE_DIR,
            requests=self.options["export_requests"],
            seconds=self.options["load_seconds"],
            clients=self.options["export_clients"],
        )

    def guarded(self, measure, *args) -> dict:
        try:
            return measure(*args)
        except (OSError, RuntimeError) as error:
            self.log(f"  failed: {error!r}")
            return {"skipped": f"failed: {type(error).__name__}: {error}"}

    def workers(self, directory: dict) -> dict:
        if self.options["skip_gunicorn"]:
            return {"skipped": "--skip-gunicorn"}
        self.log(
            f"The home page after a change under {self.options['workers']} gunicorn workers, own and shared cache…"
        )
        return workers.measure(
            env=self.env,
            cwd=settings.BASE_DIR,
            workers=self.options["workers"],
            redis_url=self.options["redis_url"],
            directory=directory["url"],
            requests=self.options["load_requests"],
            seconds=self.options["load_seconds"],
            concurrency=self.options["concurrency"],
        )

    def throughput(self, directory: dict, api: dict) -> dict:
        if self.options["skip_gunicorn"]:
            return {"skipped": "--skip-gunicorn"}
        self.log("Loading the directory and the API under gunicorn…")
        paths = {
            "fixed": "/bench-floor/fixed",
            "directory": directory["url"],
            "directory_floor": directory["floor"]["url"],
            "api_members": api["url"],
            "api_members_floor": api["floor"]["url"],
        }
        return load.measure_throughput(
            env=self.env,
            cwd=settings.BASE_DIR,
            paths=paths,
            requests=self.options["load_requests"],
            seconds=self.options["load_seconds"],
            concurrency=self.options["concurrency"],
        )
