"""`manage.py bench`: the registry at scale, each figure beside its floor and anchor (see `bench`).

Exists only under `bench.settings` (`make bench`); the product's settings do not install the bench app.
"""

import argparse
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from bench import report
from bench.runner import Runner
from bench.stages import STAGES


class Command(BaseCommand):
    help = "Generate N synthetic members in a database of the benchmark's own and measure pages, export, import, load."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("-n", "--members", type=int, default=1000, help="Members to generate (default 1000).")
        parser.add_argument("--seed", type=int, default=2018, help="Seed of the generator (default 2018).")
        parser.add_argument("--repeat", type=int, default=20, help="Timed runs of each page and its floor.")
        parser.add_argument(
            "--export-repeat", type=int, help="Timed runs of each export (default 3, fewer from 20,000 members)."
        )
        parser.add_argument(
            "--import-repeat", type=int, help="Timed runs of each import (default 3, fewer from 5,000 members)."
        )
        parser.add_argument(
            "--anchor-rows", type=int, default=2000, help="Rows django-import-export imports (it is slow at scale)."
        )
        parser.add_argument(
            "--anchor-repeat", type=int, help="Timed runs of django-import-export (default 2, 1 from 10,000 members)."
        )
        parser.add_argument(
            "--skip-anchor-export", action="store_true", help="Do not time django-import-export's export."
        )
        parser.add_argument(
            "--skip-anchor-import", action="store_true", help="Do not time django-import-export's import."
        )
        parser.add_argument("--skip-gunicorn", action="store_true", help="Do not load the directory under gunicorn.")
        parser.add_argument(
            "--pages-only",
            action="store_true",
            help="Measure the pages, the API and the admin save only (the quick look at a large registry).",
        )
        parser.add_argument(
            "--workers", type=int, default=4, help="gunicorn workers for the own-or-shared cache run (default 4)."
        )
        parser.add_argument(
            "--redis-url",
            default="redis://127.0.0.1:6379/0",
            help="Redis for the shared-cache run (its keys under a prefix of the run's own); empty: none.",
        )
        parser.add_argument("--load-requests", type=int, default=1000, help="Requests per target under gunicorn.")
        parser.add_argument("--load-seconds", type=float, default=10, help="Time limit per target under gunicorn.")
        parser.add_argument("--concurrency", type=int, default=4, help="Threads of the load generator.")
        parser.add_argument(
            "--same-name-rows",
            type=int,
            help="Rows n of the same-name preview, timed at n and 10n (default N/10, at least 1000).",
        )
        parser.add_argument(
            "--export-clients", type=int, default=20, help="Threads downloading the public export under gunicorn."
        )
        parser.add_argument(
            "--export-requests", type=int, default=100, help="Public exports requested under gunicorn, per variant."
        )
        parser.add_argument("--batch-size", type=int, default=2000, help="Rows per bulk_create batch.")
        parser.add_argument("--keep-db", action="store_true", help="Keep the bench database (it is printed).")
        parser.add_argument("--json", help="Write the results as JSON to this path.")
        parser.add_argument(
            "--report",
            default=str(settings.BASE_DIR / "docs" / "benchmarks.md"),
            help="Markdown report to update (default docs/benchmarks.md, its runs' JSON in docs/benchmarks/); "
            "an empty value writes none.",
        )
        parser.add_argument(
            "--rebuild-report", action="store_true", help="Only rewrite the report from its stored runs' JSON."
        )
        parser.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
        parser.add_argument("--stage-input", help=argparse.SUPPRESS)
        parser.add_argument("--stage-output", help=argparse.SUPPRESS)

    def handle(self, *args, stage=None, stage_input=None, stage_output=None, **options):
        if stage:
            return self.run_stage(stage, Path(stage_input), Path(stage_output))
        if options["rebuild_report"]:
            report.rebuild(Path(options["report"]))
            return self.log(f"Report rebuilt: {options['report']}")
        keys = ("members", "seed", "repeat", "export_repeat", "import_repeat", "anchor_rows", "anchor_repeat")
        keys += ("skip_anchor_export", "skip_anchor_import")
        keys += ("skip_gunicorn", "pages_only", "load_requests", "load_seconds", "concurrency", "batch_size", "keep_db")
        keys += ("export_clients", "export_requests", "same_name_rows", "workers", "redis_url")
        chosen = {key: options[key] for key in keys}
        members = chosen["members"]
        chosen["export_repeat"] = chosen["export_repeat"] or (3 if members < 20_000 else 2 if members < 50_000 else 1)
        chosen["anchor_repeat"] = chosen["anchor_repeat"] or (2 if members < 10_000 else 1)
        chosen["import_repeat"] = chosen["import_repeat"] or (3 if members < 5_000 else 2 if members < 50_000 else 1)
        runner = Runner(chosen, log=self.log)
        results = runner.run()
        self.stdout.write(report.table(results))
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(results, indent=2, ensure_ascii=False))
            self.log(f"JSON written to {options['json']}")
        if options["report"]:
            report.update_markdown(Path(options["report"]), results)
            self.log(
                f"Report updated: {options['report']}; this run: {report.run_file(Path(options['report']), results)}"
            )
        if options["keep_db"]:
            self.log(f"Bench database kept: {runner.database.url}; its files: {runner.workdir}")

    def run_stage(self, stage: str, source: Path, target: Path) -> None:
        result = STAGES[stage](json.loads(source.read_text()), self.log)
        target.write_text(json.dumps(result, ensure_ascii=False))

    def log(self, message: str) -> None:
        self.stderr.write(message)
        self.stderr.flush()
