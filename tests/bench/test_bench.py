"""`manage.py bench`: the generator is deterministic and makes what it says; the command runs end to end.

No test here times anything: the benchmark's figures belong in docs/benchmarks.md, not in assertions.
"""

import http.server
import json
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import F

from bench import generator, load, populate, projects_data, report, runner, targets
from bench.database import BenchDatabase
from bench.management.commands import bench as bench_command
from members.models import HeadcountReport, Member, MembershipPeriod
from members.registration import normalise_registration_number


def test_same_seed_and_size_give_the_same_members():
    assert generator.member_specs(7, 0, 150) == generator.member_specs(7, 0, 150)


def test_another_seed_gives_other_members():
    assert generator.member_specs(7, 0, 50) != generator.member_specs(8, 0, 50)


def test_a_range_of_members_is_the_same_whether_made_alone_or_with_the_rest():
    # The import's "new rows" are members N to 2N-1: they must not depend on how many were made before.
    assert generator.member_specs(7, 100, 150) == generator.member_specs(7, 0, 150)[100:]


def test_the_generator_makes_current_former_rejoined_and_unpublished_members():
    counts = generator.story_counts(generator.member_specs(2018, 0, 1000))
    assert counts["current"] + counts["former"] == 1000
    assert 700 < counts["current"] < 950
    assert counts["former"] > 50 and counts["rejoined"] > 20 and counts["unpublished"] > 10
    assert counts["headcount_reports"] > 1000


def test_every_story_has_periods_that_fit_it():
    for spec in generator.member_specs(2018, 0, 400):
        starts = [joined for joined, _left, _reason in spec.periods]
        assert starts == sorted(starts)
        for (_joined, left, _reason), (next_joined, _next_left, _r) in zip(
            spec.periods, spec.periods[1:], strict=False
        ):
            assert left is not None and left < next_joined  # closed before the next one opens
        assert all(left is None or joined <= left <= generator.HORIZON for joined, left, _r in spec.periods)
        assert spec.is_current == (spec.story in {"current", "rejoined"})
        assert len(spec.periods) == (2 if spec.story in {"rejoined", "former_twice"} else 1)


def test_registration_numbers_are_valid_for_their_country_and_distinct():
    specs = [spec for spec in generator.member_specs(2018, 0, 600) if spec.registration_number]
    keys = {(spec.country, spec.registration_number) for spec in specs}
    assert len(keys) == len(specs)
    for spec in specs:
        assert normalise_registration_number(spec.country, spec.registration_number) == spec.registration_number


@pytest.mark.django_db
def test_populate_writes_exactly_the_generated_registry():
    specs = generator.member_specs(5, 0, 120)
    expected = generator.story_counts(specs)
    result = populate.populate(members=120, seed=5, batch_size=50, log=lambda message: None)
    assert Member.objects.count() == result["members_in_db"] == 120
    assert Member.objects.current().count() == expected["current"]
    assert Member.objects.former().count() == expected["former"]
    assert Member.objects.filter(is_published=False).count() == expected["unpublished"]
    assert Member.objects.public().count() == result["public_in_db"] == expected["public"]
    assert MembershipPeriod.objects.count() == expected["periods"]
    assert HeadcountReport.objects.count() == expected["headcount_reports"]


@pytest.mark.django_db
def test_populate_fills_the_summaries_and_the_search_column():
    populate.populate(members=40, seed=5, batch_size=40, log=lambda message: None)
    for spec in generator.member_specs(5, 0, 40):
        member = Member.objects.get(slug=spec.slug)
        latest = max(spec.headcounts)[1] if spec.headcounts else None
        assert member.headcount == latest
        assert member.joined_on == spec.periods[-1][0]
        assert member.search_text == member.build_search_text() != ""


@pytest.mark.django_db
def test_populate_adds_projects_that_keep_the_projects_rules():
    from projects.models import Award, Project

    result = populate.populate(members=100, seed=5, batch_size=100, log=lambda message: None)
    assert Project.objects.count() == result["projects_in_db"] == 100 // projects_data.MEMBERS_PER_PROJECT
    assert Award.objects.count() == result["awards_in_db"] > 0
    assert not Project.objects.lead_not_participant().exists()
    assert not Award.objects.filter(year__lt=F("project__first_year")).exists()


def test_the_bench_database_is_never_the_configured_one():
    sqlite = BenchDatabase.for_settings({"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/app/db.sqlite3"})
    postgres = BenchDatabase.for_settings({"ENGINE": "django.db.backends.postgresql", "NAME": "registry"})
    try:
        assert sqlite.name != "/srv/app/db.sqlite3" and Path(sqlite.name).parent == sqlite.folder
        assert postgres.name == "registry_bench" and postgres.url.endswith("/registry_bench")
    finally:
        sqlite.drop()
    assert not sqlite.folder.exists()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.send_response(200 if self.path == "/ok" else 500)
        self.end_headers()
        self.wfile.write(b"x")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_load_generator_stops_at_its_request_count(local_server):
    figures = load.load(local_server, "/ok", requests=30, seconds=30, concurrency=3)
    assert figures["requests"] == 30 and figures["errors"] == 0


def test_the_load_generator_counts_error_responses(local_server):
    figures = load.load(local_server, "/broken", requests=12, seconds=30, concurrency=2)
    assert figures["requests"] == 12 and figures["errors"] == 12 and figures["error_kinds"] == ["500"]


def test_gunicorn_serves_the_bench_urls_on_a_free_port_and_stops(tmp_path):
    env = runner.child_env(f"sqlite:///{tmp_path / 'unused.sqlite3'}")  # the fixed response reads no database
    figures = load.measure_throughput(
        env=env, cwd=settings.BASE_DIR, paths={"fixed": "/bench-floor/fixed"}, requests=20, seconds=20, concurrency=2
    )
    assert figures["fixed"]["requests"] == 20 and figures["fixed"]["errors"] == 0
    assert figures["fixed"]["share_of_fixed"] == 1.0 and figures["workers"] == 2


def _run(members: int, pages: dict, **figures) -> dict:
    return {"database": "postgresql", "options": {"members": members}, "pages": pages, **figures}


def _page(median: float, floor: float, queries: int = 5, after_change: float | None = None) -> dict:
    page = {
        "median_ms": median,
        "p95_ms": median,
        "queries": queries,
        "ratio_to_floor": round(median / floor, 2),
        "floor": {"median_ms": floor, "p95_ms": floor, "queries": 1},
    }
    if after_change is not None:
        page["after_change"] = {
            "median_ms": after_change,
            "p95_ms": after_change,
            "queries": queries + 4,
            "ratio_to_floor": after_change / floor,
        }
    return page


def test_a_page_just_within_three_times_its_floor_is_met_and_beyond_is_missed():
    run = _run(10_000, {"directory": _page(30, 10), "member": _page(31, 10)})
    rows = {row[0]: row[2] for row in targets.evaluate([run])}
    assert rows["directory: within 3× its floor"] == targets.MET
    assert rows["member page: within 3× its floor"] == targets.MISSED
    assert rows["home page: within 3× its floor"] == targets.UNMEASURED


def test_pages_after_a_change_are_judged_on_their_own_figures():
    small = _run(1_000, {"directory": _page(2, 5, after_change=10)})
    large = _run(100_000, {"directory": _page(2, 50, after_change=100)})
    main = _run(10_000, {"directory": _page(2, 10, after_change=40)})
    rows = {row[0]: row[2] for row in targets.evaluate([small, main, large])}
    assert rows["directory: within 3× its floor"] == targets.MET
    assert rows["directory after a change: within 2× its floor"] == targets.MISSED
    assert rows["directory: grows < 2× from 1,000 to 100,000"] == targets.MET
    assert rows["directory after a change: grows < 1.5× from 1,000 to 100,000"] == targets.MISSED
    assert rows["member page after a change: within 2× its floor"] == targets.UNMEASURED


def test_the_pages_table_shows_the_member_page_after_its_own_change_and_a_dash_for_older_runs():
    member = _page(2, 5, after_change=2.5)
    member["after_own_change"] = {"median_ms": 12.0, "p95_ms": 14.0, "queries": 8, "ratio_to_floor": 2.4}
    rows = report.page_rows(_run(10_000, {"member": member, "home": _page(2, 5, after_change=9)}))
    headers = report.sections({})[0][1]
    own = headers.index("after a change to itself ms (member page)")
    assert [row[own] for row in rows] == ["12.0 / 14.0 (8 queries, 2.40×)", "–"]
    assert len(headers) == len(rows[0])


def test_the_admin_save_is_judged_at_100000_members_against_50_ms():
    label = "a member's admin save under 50 ms at 100,000 members"
    save = {"member": "m", "median_ms": 49.0, "p95_ms": 60.0, "queries": 40}
    fast, slow = ({"writes": {"admin_save": {**save, "median_ms": ms}}} for ms in (49.0, 51.0))
    assert {row[0]: row[2] for row in targets.evaluate([_run(100_000, {}, **fast)])}[label] == targets.MET
    assert {row[0]: row[2] for row in targets.evaluate([_run(100_000, {}, **slow)])}[label] == targets.MISSED
    assert {row[0]: row[2] for row in targets.evaluate([_run(10_000, {}, **fast)])}[label] == targets.UNMEASURED


def test_query_counts_that_change_with_the_size_miss_their_target():
    small = _run(1_000, {"directory": _page(10, 5, queries=6), "home": _page(10, 5, queries=8)})
    large = _run(100_000, {"directory": _page(12, 5, queries=6), "home": _page(25, 5, queries=9)})
    rows = {row[0]: row[2] for row in targets.evaluate([small, large])}
    assert rows["directory: same SQL queries at 1,000 and 100,000"] == targets.MET
    assert rows["directory: grows < 2× from 1,000 to 100,000"] == targets.MET
    assert rows["home page: same SQL queries at 1,000 and 100,000"] == targets.MISSED
    assert rows["home page: grows < 2× from 1,000 to 100,000"] == targets.MISSED


def test_the_report_keeps_other_runs_and_the_notes(tmp_path):
    path = tmp_path / "benchmarks.md"
    first = {**_run(1_000, {}), "machine": {"database": "PostgreSQL"}}
    report.update_markdown(path, first)
    path.write_text(path.read_text().replace(report.DEFAULT_NOTES, "Hand-written analysis."))
    report.update_markdown(path, {**_run(10_000, {}), "machine": {"database": "PostgreSQL"}})
    report.update_markdown(path, {**first, "total_seconds": 99})
    text = path.read_text()
    assert "Hand-written analysis." in text and report.DEFAULT_NOTES not in text
    runs = report.stored_runs(tmp_path / "benchmarks")
    assert sorted(run["options"]["members"] for run in runs) == [1_000, 10_000]
    assert next(run for run in runs if run["options"]["members"] == 1_000)["total_seconds"] == 99


def test_the_raw_results_are_files_beside_the_report_not_inside_it(tmp_path):
    path = tmp_path / "benchmarks.md"
    run = {**_run(1_000, {}), "machine": {"database": "PostgreSQL 15"}}
    report.update_markdown(path, run)
    stored = tmp_path / "benchmarks" / "postgresql-1000.json"
    assert json.loads(stored.read_text()) == run
    text = path.read_text()
    assert "<!--" not in text.replace(report.NOTES_START, "").replace(report.NOTES_END, "")
    assert "(benchmarks/postgresql-1000.json)" in text and "### PostgreSQL 15, 1,000 members" in text


def test_the_report_is_rebuilt_from_the_stored_files_alone(tmp_path):
    path, folder = tmp_path / "benchmarks.md", tmp_path / "benchmarks"
    report.write_run(folder, {**_run(100_000, {}), "machine": {"database": "PostgreSQL"}})
    report.write_run(folder, {**_run(1_000, {}), "database": "sqlite", "machine": {"database": "SQLite"}})
    report.write_run(folder, {**_run(1_000, {}), "machine": {"database": "PostgreSQL"}})
    report.rebuild(path)
    headings = [line for line in path.read_text().splitlines() if line.startswith("### ")]
    assert headings == ["### PostgreSQL, 1,000 members", "### PostgreSQL, 100,000 members", "### SQLite, 1,000 members"]


def test_the_command_runs_end_to_end_and_writes_every_figure(tmp_path):
    out, markdown = tmp_path / "bench.json", tmp_path / "benchmarks.md"
    # The test process runs the product's settings, without the bench app: the command is called as an object.
    call_command(
        bench_command.Command(), "--members", "60", "--repeat", "2", "--export-repeat", "1", "--import-repeat", "1",
        "--anchor-rows", "20", "--anchor-repeat", "1", "--skip-gunicorn", "--json", str(out), "--report", str(markdown),
        "--same-name-rows", "20",
    )  # fmt: skip
    results = json.loads(out.read_text())
    assert results["generate"]["members_in_db"] == 60
    assert set(results["pages"]) == {"directory", "member", "home", "as_of"}
    for name, page in results["pages"].items():
        assert page["median_ms"] > 0 and page["p95_ms"] >= page["median_ms"]
        assert page["queries"] >= 1 and page["floor"]["queries"] == 1 and page["floor"]["median_ms"] > 0
        # A repeated visit is served from the cache; after a change the page is computed again, but for the
        # member page after a change to another member: still from the cache.
        assert page["queries"] == 1 and (page["after_change"]["queries"] == 1) is (name == "member")
        assert page["after_change"]["median_ms"] > 0 and page["after_change"]["ratio_to_floor"] > 0
    member = results["pages"]["member"]
    assert member["facts"]["changed_member"] != member["facts"]["slug"]
    assert member["after_own_change"]["queries"] > 1 and member["after_own_change"]["ratio_to_floor"] > 0
    assert "after a change to itself" in markdown.read_text()
    save = results["writes"]["admin_save"]
    assert save["median_ms"] > 0 and save["queries"] > 5 and "A member's admin save" in markdown.read_text()
    api = results["api"]["members"]
    assert api["median_ms"] > 0 and api["floor"]["median_ms"] > 0 and api["floor"]["queries"] == 1
    assert api["facts"]["page_size"] == 100 and api["queries"] <= 5
    for variant in ("project", "floor", "anchor"):
        figures = results["export"][variant]
        assert figures["rows"] == results["generate"]["public_in_db"]
        assert figures["median_ms"] > 0 and figures["rows_per_second"] > 0 and figures["peak_rss_mb"] > 0
    imports = results["import"]
    assert imports["project_new"]["outcome"] == imports["floor_new"]["outcome"] == {"new": 60}
    assert imports["project_unchanged"]["outcome"] == {"unchanged": 60}
    assert imports["project_changed"]["outcome"] == {"updated": 6, "unchanged": 54}
    assert imports["project_anchor"]["outcome"] == imports["anchor_new"]["outcome"] == {"new": 20}
    for variant in runner.IMPORT_VARIANTS:
        figures = imports[variant]
        assert figures["median_ms"] > 0 and figures["rows_per_second"] > 0 and figures["peak_rss_mb"] > 0
    assert imports["project_new"]["preview_seconds"] > 0
    assert imports["same_name"]["rows"] == [20, 200] and all(seconds > 0 for seconds in imports["same_name"]["seconds"])
    yearly = results["yearly_reports"]  # on the figures the yearly import left: every member × 4 years
    assert yearly["rows"] == results["yearly_import"]["files"]["rows"] and yearly["floor"]["queries"] == 1
    for key in ("indicators", "cdc", "composition", "public"):
        assert yearly[key]["median_ms"] > 0 and 1 < yearly[key]["queries"] <= 7
    assert all(yearly[key]["xlsx"]["median_ms"] > 0 for key in ("indicators", "cdc", "composition"))
    assert "Yearly reports (2017" in markdown.read_text()
    assert results["throughput"] == results["export_load"] == {"skipped": "--skip-gunicorn"}
    campaign = results["campaign"]
    assert campaign["questionnaires"] == campaign["current_members"] > 0 and campaign["open_queries"] <= 8
    assert 0 < campaign["messages_queued"] == campaign["tasks_queued"] <= campaign["questionnaires"]
    assert "Yearly questionnaire campaign" in markdown.read_text()
    assert "sharing one name" in markdown.read_text() and "Public export under load" in markdown.read_text()
    assert report.stored_runs(tmp_path / "benchmarks") == [results]
    stored = f"{results['database']}-60.json"  # sqlite or postgresql: the database the tests run on
    assert [path.name for path in (tmp_path / "benchmarks").iterdir()] == [stored]
    assert f"(benchmarks/{stored})" in markdown.read_text()
    assert not Path(settings.BASE_DIR, "db.sqlite3-bench").exists()


def test_the_api_members_list_is_loaded_under_gunicorn_beside_its_floor(monkeypatch):
    asked = {}
    monkeypatch.setattr(load, "measure_throughput", lambda **kwargs: asked.update(kwargs) or {})
    bench = runner.Runner.__new__(runner.Runner)  # no bench database: only the choice of URLs is tested
    bench.options, bench.log, bench.env = {"skip_gunicorn": False, "load_requests": 1, "load_seconds": 1,
                                           "concurrency": 1}, lambda message: None, {}  # fmt: skip
    page = {"url": "/members/?x", "floor": {"url": "/bench-floor/directory?x"}}
    api = {"url": "/api/v1/members/?x", "floor": {"url": "/bench-floor/api-members?x"}}
    bench.throughput(page, api)
    assert asked["paths"]["api_members"] == api["url"] and asked["paths"]["api_members_floor"] == api["floor"]["url"]
    assert asked["paths"]["directory"] == page["url"] and "fixed" in asked["paths"]


def test_pages_only_measures_the_pages_the_api_and_the_admin_save_and_nothing_after(tmp_path):
    out, markdown = tmp_path / "bench.json", tmp_path / "benchmarks.md"
    call_command(
        bench_command.Command(), "--members", "30", "--repeat", "2", "--pages-only", "--json", str(out),
        "--report", str(markdown),
    )  # fmt: skip
    results = json.loads(out.read_text())
    assert set(results["pages"]) == {"directory", "member", "home", "as_of"}
    assert results["api"]["members"]["median_ms"] > 0 and results["writes"]["admin_save"]["queries"] > 5
    assert not {"export", "import", "yearly_import", "throughput", "campaign"} & set(results)
    assert list(results["stages"]) == ["generate", "pages", "api", "writes"]
    assert "A member's admin save" in markdown.read_text()
