"""The results as tables: printed plain at the end of a run, and kept in docs/benchmarks.md.

The raw results of the latest run of each database and size are kept as JSON files in a folder beside
the report (docs/benchmarks/postgresql-10000.json); the report is rebuilt from all of them after each run,
so the targets are judged across runs (1,000 against 100,000 members) and a later run of one size leaves
the others in place. The Markdown file has one readable section per stored run. Text between the notes
markers is written by people and kept as it is.
"""

import json
from pathlib import Path

from . import guard_report, targets
from .workers import REQUESTS_PER_ROUND

NOTES_START, NOTES_END = "<!-- notes:start -->", "<!-- notes:end -->"
DEFAULT_NOTES = "No notes yet: add them here; `manage.py bench` keeps this block when it rewrites the file."


def _ms(figures: dict | None) -> str:
    if not figures or figures.get("median_ms") is None:
        return "–"
    return f"{figures['median_ms']:,.1f} / {figures['p95_ms']:,.1f}"


def _number(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _ratio(value) -> str:
    return "–" if value is None else f"{value:.2f}×"


def page_rows(results: dict) -> list[list[str]]:
    rows = []
    for name, page in results.get("pages", {}).items():
        floor = page.get("floor", {})
        label = name.replace("_", "-")
        if name == "directory":
            facts = page.get("facts", {})
            label = f"directory, page {facts.get('page')} of {facts.get('_pages')} ({facts.get('_matching', 0):,} rows)"
        changed = page.get("after_change") or {}
        own = page.get("after_own_change")  # the member page only, and only in runs since its own key
        queries = f"{page.get('queries')} / {changed.get('queries', '–')} / {floor.get('queries')}"
        rows.append(
            [
                label,
                _ms(page),
                _ms(changed) if changed else "–",
                f"{_ms(own)} ({own.get('queries')} queries, {_ratio(own.get('ratio_to_floor'))})" if own else "–",
                _ms(floor),
                _ratio(page.get("ratio_to_floor")),
                _ratio(changed.get("ratio_to_floor")),
                queries,
            ]
        )
    return rows


def api_rows(results: dict) -> list[list[str]]:
    rows = []
    for name, page in results.get("api", {}).items():
        floor, facts = page.get("floor", {}), page.get("facts", {})
        label = f"{name}, page {facts.get('page')} of {facts.get('_pages')} ({facts.get('page_size')} a page)"
        queries = f"{page.get('queries')} / {floor.get('queries')}"
        rows.append([label, _ms(page), _ms(floor), _ratio(page.get("ratio_to_floor")), queries])
    return rows


def _transfer_row(label: str, figures: dict | None, note: str = "") -> list[str]:
    if not figures or "skipped" in figures:
        reason = (figures or {}).get("skipped") or "not measured"
        return [label, "–", "–", "–", "–", reason]
    return [
        label,
        _number(figures.get("rows")),
        _ms(figures),
        _number(figures.get("rows_per_second")),
        f"{_number(figures.get('peak_rss_mb'), 1)} ({_number(figures.get('baseline_rss_mb'), 1)})",
        note,
    ]


def export_rows(results: dict) -> list[list[str]]:
    export = results.get("export", {})
    return [
        _transfer_row("project: public xlsx export", export.get("project")),
        _transfer_row("floor: values_list + openpyxl write-only", export.get("floor")),
        _transfer_row("anchor: django-import-export defaults", export.get("anchor")),
    ]


IMPORT_LABELS = {
    "project_new": "project: N new rows",
    "project_unchanged": "project: the same file again, unchanged",
    "project_changed": "project: one row in ten changed",
    "floor_new": "floor: openpyxl + bulk_create, N new rows",
    "project_anchor": "project: the anchor's rows (same count)",
    "anchor_new": "anchor: django-import-export defaults",
}


def import_rows(results: dict) -> list[list[str]]:
    imports = results.get("import", {})
    return [
        _transfer_row(label, imports.get(key), imports.get(key, {}).get("note", ""))
        for key, label in IMPORT_LABELS.items()
    ]


YEARLY_IMPORT_LABELS = {
    "project_new": "project: N members × 4 years, new",
    "project_unchanged": "project: the same file again, unchanged",
    "floor_new": "floor: openpyxl + bulk_create, no checks, no history",
}


def yearly_import_rows(results: dict) -> list[list[str]]:
    imports = results.get("yearly_import", {})
    return [_transfer_row(label, imports.get(key)) for key, label in YEARLY_IMPORT_LABELS.items()]


YEARLY_REPORT_LABELS = {
    "indicators": "cluster indicators",
    "cdc": "the Cluster Development Center's table",
    "composition": "composition of the membership",
    "public": "home page: yearly aggregates (disclosed)",
}


def yearly_report_rows(results: dict) -> list[list[str]]:
    reports = results.get("yearly_reports", {})
    floor = reports.get("floor")
    rows = []
    for key, label in YEARLY_REPORT_LABELS.items():
        figures = reports.get(key)
        if not figures:
            rows.append([label, "–", "–", "–", "–", "not measured"])
            continue
        rows.append(
            [
                label,
                _ms(figures),
                _ms(figures.get("xlsx")),
                _ms(floor),
                _ratio(figures.get("ratio_to_floor")),
                f"{figures['queries']} / {floor['queries'] if floor else '–'}",
            ]
        )
    return rows


def throughput_rows(results: dict) -> list[list[str]]:
    load = results.get("throughput", {})
    if "skipped" in load:
        return [["throughput", "–", "–", "–", "–", load["skipped"]]]
    rows = []
    for name in ("fixed", "directory", "directory_floor", "api_members", "api_members_floor"):
        if name not in load:  # runs from before the API was loaded too
            continue
        figures = load[name]
        rows.append(
            [
                name.replace("_", " "),
                _number(figures.get("requests")),
                _number(figures.get("requests_per_second"), 1),
                _ms(figures),
                _number(figures.get("errors")),
                _ratio(figures.get("share_of_fixed")),
            ]
        )
    return rows


def workers_rows(results: dict) -> list[list[str]]:
    figures = results.get("workers")
    if not figures or "skipped" in figures:
        return [["–", "–", "–", "–", "–", (figures or {}).get("skipped", "not measured")]]
    rows = []
    for name, label in (("local", "each process's own (local memory)"), ("redis", "shared (Redis)")):
        if name not in figures:
            continue
        run = figures[name]
        rows.append(
            [
                label,
                ", ".join(map(str, run["home_computed_after_a_change"])),
                _number(run["directory"].get("requests_per_second"), 1),
                _number(run["fixed"].get("requests_per_second"), 1),
                _ratio(run.get("directory_share_of_fixed")),
                _number(run["directory"].get("errors")),
            ]
        )
    return rows


def writes_rows(results: dict) -> list[list[str]]:
    save = (results.get("writes") or {}).get("admin_save")
    if not save:
        return [["–", "–", "–", "not measured"]]
    return [
        [f"`{save['member']}`", f"{_ms(save)}", _number(save.get("queries")), "form posted back, description changed"]
    ]


def sections(results: dict) -> list[tuple[str, list[str], list[list[str]]]]:
    load = results.get("throughput", {})
    clients = f"{load.get('workers', 2)} workers, {load.get('concurrency', '?')} client threads"
    transfer = ["variant", "rows", "ms: median / p95", "rows/s", "peak RSS MB (before)", "note"]
    return [
        (
            "Pages",
            [
                "page",
                "ms: median / p95",
                "after a change ms (member page: to another member)",
                "after a change to itself ms (member page)",
                "floor ms",
                "× floor",
                "× floor after a change",
                "SQL queries (page / after a change / floor)",
            ],
            page_rows(results),
        ),
        (
            "API (filtered as the directory's bench page)",
            ["list", "ms: median / p95", "values() floor ms", "× floor", "SQL queries (API / floor)"],
            api_rows(results),
        ),
        (
            "A member's admin save (the change form posted back)",
            ["member", "ms: median / p95", "SQL queries", "note"],
            writes_rows(results),
        ),
        ("Export of the whole directory", transfer, export_rows(results)),
        ("Import", transfer, import_rows(results)),
        ("Yearly import", transfer, yearly_import_rows(results)),
        (
            "Yearly reports (2017, on the yearly import's N members × 4 years)",
            ["report", "ms: median / p95", "xlsx ms", "floor ms", "× floor", "SQL queries (report / floor)"],
            yearly_report_rows(results),
        ),
        (
            f"Throughput under gunicorn ({clients})",
            ["target", "requests", "req/s", "ms: median / p95", "errors", "share of fixed"],
            throughput_rows(results),
        ),
        (
            f"After a change under {results.get('workers', {}).get('workers', 4)} gunicorn workers, by cache",
            [
                "cache",
                f"home page computed per change ({REQUESTS_PER_ROUND} requests at once)",
                "directory req/s (cached)",
                "fixed req/s",
                "share of fixed",
                "errors",
            ],
            workers_rows(results),
        ),
        *guard_report.sections(results),
        (
            "Yearly questionnaire campaign (every current member invited; nothing sent)",
            ["members", "opening ms (queries)", "queueing s", "questionnaires", "messages and tasks", "per s"],
            campaign_rows(results),
        ),
    ]


def campaign_rows(results: dict) -> list[list[str]]:
    figures = results.get("campaign") or {}
    if "open_ms" not in figures:
        return [["–", "–", "–", "–", "–", "not measured"]]
    return [
        [
            f"{figures['current_members']:,}",
            f"{figures['open_ms']:,.1f} ({figures['open_queries']})",
            f"{figures['dispatch_seconds']:,.2f}",
            f"{figures['questionnaires']:,}",
            f"{figures['messages_queued']:,} / {figures['tasks_queued']:,}",
            _number(figures.get("per_second")),
        ]
    ]


def generated(results: dict) -> str:
    data = results.get("generate", {})
    return (
        f"Registry: {data.get('members_in_db', 0):,} members ({data.get('public_in_db', 0):,} public), "
        f"{data.get('periods_in_db', 0):,} membership periods, {data.get('headcount_reports_in_db', 0):,} headcount "
        f"reports, {data.get('projects_in_db', 0):,} projects, {data.get('awards_in_db', 0):,} awards; "
        f"generated in {data.get('seconds', 0):.1f} s after {data.get('migrate_seconds', 0):.1f} s of migrations"
    )


def import_notes(results: dict) -> str:
    imports = results.get("import", {})
    steps = imports.get("files", {}).get("steps", {})
    parts = [f"{name}: {seconds:,.1f} s" for name, seconds in steps.items()]
    preview = imports.get("project_new", {}).get("preview_seconds")
    if preview is not None:
        parts.append(f"the project's dry run (the preview before confirming) of the new rows: {preview:,.1f} s")
    return "Import files and preview: " + "; ".join(parts) if parts else ""


def stage_times(results: dict) -> str:
    stages = results.get("stages", {})
    parts = [f"{name} {t['wall_s']:.0f} s ({t['cpu_s']:.0f} s CPU)" for name, t in stages.items()]
    return "Stages, wall time (CPU time of the benchmark's processes, not the database server's): " + ", ".join(parts)


def headline(results: dict) -> str:
    machine = results.get("machine", {})
    options = results.get("options", {})
    return (
        f"{options.get('members', 0):,} members on {machine.get('database', results.get('database'))}, "
        f"seed {options.get('seed')}; {machine.get('cpu')}, {machine.get('cores')} cores, "
        f"{machine.get('memory_gb')} GB, Python {machine.get('python')}, Django {machine.get('django')}; "
        f"{machine.get('date')}; load average {machine.get('load_average_before')} before, "
        f"{machine.get('load_average_after')} after; {results.get('total_seconds')} s in all"
    )


def table(results: dict) -> str:
    lines = ["", headline(results), generated(results), stage_times(results), import_notes(results)]
    for title, headers, rows in sections(results):
        widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
        lines += ["", title, "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines) + "\n"


def markdown_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]


def run_name(results: dict) -> str:
    """The stored run's file name: one per database and size, a later run of both replaces it."""
    return f"{results.get('database')}-{results['options']['members']}.json"


def run_section(results: dict, folder: str) -> list[str]:
    lines = [f"### {results['machine'].get('database')}, {results['options']['members']:,} members", ""]
    lines += [headline(results) + ".", "", generated(results) + ".", "", stage_times(results) + ".", ""]
    if import_notes(results):
        lines += [import_notes(results) + ".", ""]
    for title, headers, rows in sections(results):
        lines += [f"**{title}**", "", *markdown_table(headers, rows), ""]
    lines += [f"Raw results: [`{folder}/{run_name(results)}`]({folder}/{run_name(results)}).", ""]
    return lines


def runs_folder(report: Path) -> Path:
    """Where the report's runs are kept: docs/benchmarks/ beside docs/benchmarks.md."""
    return report.with_suffix("")


def stored_runs(folder: Path) -> list[dict]:
    """Every run kept in `folder`, PostgreSQL first, then by size."""
    runs = [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]
    return sorted(runs, key=lambda run: (run.get("database") != "postgresql", run["options"]["members"]))


def write_run(folder: Path, results: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / run_name(results)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return path


def run_file(report: Path, results: dict) -> Path:
    return runs_folder(report) / run_name(results)


def update_markdown(path: Path, results: dict) -> None:
    """Store this run (replacing the previous run of the same database and size) and rebuild the report."""
    write_run(runs_folder(path), results)
    rebuild(path)


def rebuild(path: Path) -> None:
    """Write the report from the runs kept beside it, keeping its notes."""
    text = path.read_text() if path.exists() else ""
    notes = DEFAULT_NOTES
    if NOTES_START in text and NOTES_END in text:
        notes = text.split(NOTES_START, 1)[1].split(NOTES_END, 1)[0].strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(stored_runs(runs_folder(path)), notes, runs_folder(path).name))


def render(runs: list[dict], notes: str, folder: str = "benchmarks") -> str:
    lines = [*INTRO, "## Targets", "", *targets.describe_sources(runs), ""]
    lines += [*markdown_table(["target", "measured", "status"], targets.evaluate(runs)), ""]
    lines += ["## Notes", "", NOTES_START, notes, NOTES_END, "", "## Runs", ""]
    for run in runs:
        lines += run_section(run, folder)
    return "\n".join(lines).rstrip() + "\n"


INTRO = [
    "# Benchmarks",
    "",
    "Written by `make bench` (`manage.py bench`, code in `bench/`); the latest run of each database and size",
    "is kept below, its raw results in `docs/benchmarks/` (one JSON file each, which `make bench` reads back",
    "to rebuild this page), and the targets of issue 7 are judged from them. Every figure stands beside its",
    "floor (the least the same work could cost, measured in the same run) and, for the spreadsheets, beside",
    "the anchor a Django developer would use instead (django-import-export at its defaults).",
    "",
    "```sh",
    "make bench N=10000                        # SQLite: a temporary file, deleted afterwards",
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry make bench N=10000",
    "                                          # PostgreSQL: database registry_bench, created and dropped",
    "make bench N=100000 ARGS='--skip-anchor-export --json bench.json'   # ARGS=--help lists the options",
    "```",
    "",
    "The data are synthetic and deterministic (seeded): regions of six countries, sectors, headcount",
    "histories, members current, former and rejoined, some unpublished, projects and awards. Pages are",
    "fetched through Django's test client on production settings (debug off); times are medians and 95th",
    "percentiles in milliseconds; peak memory is the resident peak (ru_maxrss) of a process that does nothing",
    "else, with its size before the work in brackets.",
    "",
    'Public pages are cached under the registry\'s revision, which every write changes (README, "Page cache").',
    'Each page is therefore timed twice: as a repeated visit gets it, from the cache ("ms", the figure the',
    "targets judge), and *after a change*, with the revision bumped before every run so the page is computed",
    "afresh: what the first visitor after each write waits. The targets table judges both. The member page",
    'is keyed by its own member (README, "Page cache"): its after-a-change figure follows a real write to',
    "another public member (its description saved as the admin saves it), and the figure after a change to",
    'itself, the page computed afresh, stands beside it (runs before that key show "–" there).',
    "",
]
