"""The targets of issues 7 and 19, judged from the stored runs: at 10,000 members on PostgreSQL, and from 1,000
to 100,000. Issue 7 set the cached pages' (3× the floor, growth < 2×); issue 19 the pages after a change
(2× the floor, growth < 1.5×) and the home page computed once for every gunicorn worker with a shared cache."""

MAIN, SMALL, LARGE = 10_000, 1_000, 100_000
VENDOR = "postgresql"
PAGES = {"directory": "directory", "member": "member page", "home": "home page", "as_of": "home page as of a date"}
MET, MISSED, UNMEASURED = "met", "**missed**", "not measured"
# (× floor, growth from 1,000 to 100,000): cached (issue 7), after a change (issue 19).
LIMITS = {False: (3, 2), True: (2, 1.5)}


def find(runs: list[dict], members: int, vendor: str = VENDOR) -> dict | None:
    for run in runs:
        if run.get("database") == vendor and run["options"]["members"] == members:
            return run
    return None


def describe_sources(runs: list[dict]) -> list[str]:
    sizes = {
        vendor: sorted(r["options"]["members"] for r in runs if r.get("database") == vendor)
        for vendor in ("postgresql", "sqlite")
    }
    listed = "; ".join(f"{vendor}: {', '.join(f'{n:,}' for n in ns) or 'none'}" for vendor, ns in sizes.items())
    return [
        f"Judged on PostgreSQL at {MAIN:,} members, and from {SMALL:,} to {LARGE:,} members for growth, query",
        f"counts and memory, as the issue sets them. Runs kept below: {listed}.",
    ]  # fmt: skip


def _status(ok: bool | None) -> str:
    return UNMEASURED if ok is None else (MET if ok else MISSED)


def _page(run: dict | None, key: str, after_change: bool) -> dict | None:
    """A page's figures as a repeated visit gets them (cached), or computed afresh after a change."""
    page = (run or {}).get("pages", {}).get(key)
    if page and after_change:
        changed = page.get("after_change")
        return {**changed, "floor": page["floor"]} if changed else None
    return page


def _label(label: str, after_change: bool) -> str:
    return f"{label} after a change" if after_change else label


def _page_floor_rows(main: dict | None, after_change: bool = False) -> list[list[str]]:
    rows = []
    for key, label in PAGES.items():
        page = _page(main, key, after_change)
        label = _label(label, after_change)
        limit = LIMITS[after_change][0]
        if not page:
            rows.append([f"{label}: within {limit}× its floor", "–", UNMEASURED])
            continue
        ratio = page["ratio_to_floor"]
        measured = f"{ratio:.2f}× ({page['median_ms']:.1f} ms against {page['floor']['median_ms']:.1f} ms)"
        rows.append([f"{label}: within {limit}× its floor", measured, _status(ratio <= limit)])
    return rows


def _growth_rows(small: dict | None, large: dict | None, after_change: bool = False) -> list[list[str]]:
    rows = []
    for key, label in PAGES.items():
        before, after = _page(small, key, after_change), _page(large, key, after_change)
        label = _label(label, after_change)
        limit = LIMITS[after_change][1]
        if not before or not after:
            rows += [[f"{label}: grows < {limit}× from 1,000 to 100,000", "–", UNMEASURED]]
            rows += [[f"{label}: same SQL queries at 1,000 and 100,000", "–", UNMEASURED]]
            continue
        growth = after["median_ms"] / before["median_ms"]
        measured = f"{growth:.2f}× ({before['median_ms']:.1f} → {after['median_ms']:.1f} ms)"
        rows.append([f"{label}: grows < {limit}× from 1,000 to 100,000", measured, _status(growth < limit)])
        queries = f"{before['queries']} → {after['queries']}"
        rows.append(
            [f"{label}: same SQL queries at 1,000 and 100,000", queries, _status(before["queries"] == after["queries"])]
        )
    return rows


def _figures(run: dict | None, *path: str) -> dict | None:
    node = run
    for key in path:
        node = (node or {}).get(key)
    if not node or "skipped" in node:
        return None
    return node


def _export_rows(main: dict | None, large: dict | None) -> list[list[str]]:
    project, floor = _figures(main, "export", "project"), _figures(main, "export", "floor")
    rows = [["export: within 1.3× its floor", "–", UNMEASURED]]
    if project and floor:
        ratio = project["seconds"] / floor["seconds"]
        rows[0] = [
            rows[0][0],
            f"{ratio:.2f}× ({project['seconds']:.2f} s against {floor['seconds']:.2f} s)",
            _status(ratio <= 1.3),
        ]
    big = _figures(large, "export", "project")
    measured = f"{big['peak_rss_mb']:.0f} MB (process before: {big['baseline_rss_mb']:.0f} MB)" if big else "–"
    rows.append(
        ["export: peak memory < 300 MB at 100,000", measured, _status(big["peak_rss_mb"] < 300 if big else None)]
    )
    return rows


def _row(target: str, measured: str | None, ok: bool | None) -> list[str]:
    return [target, measured or "–", _status(ok)]


def _import_against_anchor(main: dict | None) -> list[str]:
    target = "import of new rows: ≥ 3× as fast as django-import-export"
    same_rows = _figures(main, "import", "project_anchor") or _figures(main, "import", "project_new")
    anchor = _figures(main, "import", "anchor_new")
    if not same_rows or not anchor:
        return _row(target, None, None)
    speed = same_rows["rows_per_second"] / anchor["rows_per_second"]
    measured = (
        f"{speed:.1f}× ({same_rows['rows_per_second']:,.0f} against {anchor['rows_per_second']:,.0f} rows/s, "
        f"{anchor['rows']:,} rows)"
    )
    return _row(target, measured, speed >= 3)


def _import_against_floor(main: dict | None) -> list[str]:
    new, floor = _figures(main, "import", "project_new"), _figures(main, "import", "floor_new")
    if not new or not floor:
        return _row("import of new rows: within 4× its floor", None, None)
    ratio = new["seconds"] / floor["seconds"]
    measured = f"{ratio:.2f}× ({new['seconds']:.2f} s against {floor['seconds']:.2f} s)"
    return _row("import of new rows: within 4× its floor", measured, ratio <= 4)


def _unchanged_import(main: dict | None) -> list[str]:
    new, unchanged = _figures(main, "import", "project_new"), _figures(main, "import", "project_unchanged")
    if not new or not unchanged:
        return _row("unchanged re-import faster than the new rows", None, None)
    measured = f"{unchanged['seconds']:.2f} s against {new['seconds']:.2f} s"
    return _row("unchanged re-import faster than the new rows", measured, unchanged["seconds"] < new["seconds"])


def _import_memory(large: dict | None) -> list[str]:
    big = [_figures(large, "import", key) for key in ("project_new", "project_unchanged", "project_changed")]
    peak = max((figures["peak_rss_mb"] for figures in big if figures), default=None)
    measured = f"{peak:.0f} MB" if peak is not None else None
    return _row("import: peak memory < 300 MB at 100,000 rows", measured, peak < 300 if peak is not None else None)


def _yearly_import_against_floor(main: dict | None) -> list[str]:
    target = "yearly import of new rows: within 4× its floor"
    new, floor = _figures(main, "yearly_import", "project_new"), _figures(main, "yearly_import", "floor_new")
    if not new or not floor:
        return _row(target, None, None)
    ratio = new["seconds"] / floor["seconds"]
    return _row(target, f"{ratio:.2f}× ({new['seconds']:.2f} s against {floor['seconds']:.2f} s)", ratio <= 4)


def _import_rows(main: dict | None, large: dict | None) -> list[list[str]]:
    return [
        _import_against_anchor(main),
        _import_against_floor(main),
        _unchanged_import(main),
        _import_memory(large),
        _yearly_import_against_floor(main),
    ]


def _throughput_rows(main: dict | None) -> list[list[str]]:
    load = (main or {}).get("throughput", {})
    directory, fixed = load.get("directory"), load.get("fixed")
    if not directory or not fixed:
        return [["directory under gunicorn: ≥ ⅓ of the fixed response's req/s, no errors", "–", UNMEASURED]]
    share = directory["requests_per_second"] / fixed["requests_per_second"]
    measured = (
        f"{share:.2f} ({directory['requests_per_second']:.1f} against {fixed['requests_per_second']:.1f} req/s), "
        f"{directory['errors']} errors"
    )
    ok = share >= 1 / 3 and directory["errors"] == 0
    return [["directory under gunicorn: ≥ ⅓ of the fixed response's req/s, no errors", measured, _status(ok)]]


def _workers_rows(main: dict | None) -> list[list[str]]:
    figures = (main or {}).get("workers", {})
    label = "home page after a change, 4 gunicorn workers, shared cache: computed once"
    shared = figures.get("redis")
    if not shared:
        return [[label, "–", UNMEASURED]]
    computed = shared["home_computed_after_a_change"]
    local = figures.get("local", {}).get("home_computed_after_a_change", [])
    measured = f"{', '.join(map(str, computed))} per change (each process's own cache: {', '.join(map(str, local))})"
    return [[label, measured, _status(all(count == 1 for count in computed))]]


def _admin_save_rows(large: dict | None) -> list[list[str]]:
    save = _figures(large, "writes", "admin_save")
    target = "a member's admin save under 50 ms at 100,000 members"
    if not save:
        return [_row(target, None, None)]
    measured = f"{save['median_ms']:.1f} ms (p95 {save['p95_ms']:.1f} ms, {save['queries']} SQL queries)"
    return [_row(target, measured, save["median_ms"] < 50)]


def evaluate(runs: list[dict]) -> list[list[str]]:
    main, small, large = find(runs, MAIN), find(runs, SMALL), find(runs, LARGE)
    return [
        *_page_floor_rows(main),
        *_growth_rows(small, large),
        *_page_floor_rows(main, after_change=True),
        *_growth_rows(small, large, after_change=True),
        *_export_rows(main, large),
        *_import_rows(main, large),
        *_throughput_rows(main),
        *_workers_rows(main),
        *_admin_save_rows(large),
    ]
