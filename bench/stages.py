"""The stages that run inside the benchmark's child processes, on the bench database.

Each stage is `manage.py bench --stage NAME` in a process of its own, under
`bench.settings`, so its peak memory (ru_maxrss) is its own.
"""

import time

from django.core.management import call_command

from members import as_of

from . import (
    api,
    campaign,
    guards,
    import_files,
    imports,
    machine,
    pages,
    populate,
    spreadsheets,
    writes,
    yearly_imports,
    yearly_reports,
)


def generate(config: dict, log) -> dict:
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter() - started
    counts = populate.populate(members=config["members"], seed=config["seed"], batch_size=config["batch_size"], log=log)
    # The generator's bulk writes queued every member for the figures as of past days; the daily pass
    # (`refresh_membership`) would settle them before the pages are looked at.
    started = time.perf_counter()
    as_of.settle()
    settled = time.perf_counter() - started
    populate.analyse()  # the tallies the settle wrote, as autovacuum would find them
    return {
        "migrate_seconds": round(migrated, 2),
        **counts,
        "as_of_settle_seconds": round(settled, 2),
        "database": machine.database_version(),
    }


def measure_pages(config: dict, log) -> dict:
    return pages.measure_pages(repeat=config["repeat"])


def measure_api(config: dict, log) -> dict:
    return api.measure_api(repeat=config["repeat"])


def measure_writes(config: dict, log) -> dict:
    return {"admin_save": writes.measure_admin_save(repeat=config["repeat"])}


def export(config: dict, log) -> dict:
    repeat = config["anchor_repeat"] if config["variant"] == "anchor" else config["export_repeat"]
    return spreadsheets.measure_export(config["variant"], repeat=repeat, workdir=config["workdir"])


def prepare_import(config: dict, log) -> dict:
    return import_files.prepare(config, log)


def import_(config: dict, log) -> dict:
    return imports.measure_import(config["variant"], config=config)


def measure_campaign(config: dict, log) -> dict:
    return campaign.measure_campaign()


def prepare_yearly_import(config: dict, log) -> dict:
    return yearly_imports.prepare(config, log)


def yearly_import(config: dict, log) -> dict:
    return yearly_imports.measure(config["variant"], config=config)


def measure_yearly_reports(config: dict, log) -> dict:
    return yearly_reports.measure(repeat=config["repeat"])


STAGES = {
    "generate": generate,
    "pages": measure_pages,
    "api": measure_api,
    "writes": measure_writes,
    "export": export,
    "prepare-import": prepare_import,
    "import": import_,
    "import-same-name": guards.same_name_preview,
    "campaign": measure_campaign,
    "prepare-yearly-import": prepare_yearly_import,
    "yearly-import": yearly_import,
    "yearly-reports": measure_yearly_reports,
}
