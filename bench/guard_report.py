"""The guards' tables (see `bench.guards`): the same-name preview's growth and the export under load."""


def _ms(figures: dict | None, key: str = "median_ms") -> str:
    value = (figures or {}).get(key)
    return "–" if value is None else f"{value:,.1f}"


def preview_rows(results: dict) -> list[list[str]]:
    figures = results.get("import", {}).get("same_name") or {}
    if "rows" not in figures:
        return [["–", "–", "–", "–", figures.get("skipped", "not measured")]]
    (small, large), (fast, slow) = figures["rows"], figures["seconds"]
    verdict = "linear" if figures.get("linear") else "NOT linear"
    return [[f"{small:,} → {large:,}", f"{fast:,.2f} → {slow:,.2f}", f"{figures.get('ratio')}×", "< 20×", verdict]]


def load_rows(results: dict) -> list[list[str]]:
    figures = results.get("export_load") or {}
    if "skipped" in figures or not figures:
        return [["–", "–", "–", "–", "–", figures.get("skipped", "not measured")]]
    rows = [
        ["/healthz alone", "–", "–", _ms(figures.get("healthz_idle")), _ms(figures.get("healthz_idle"), "p95_ms"), ""]
    ]
    for name, label in (("cached", "one URL (cached)"), ("distinct", "a new query string each (built)")):
        variant = figures.get(name, {})
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(variant.get("statuses", {}).items()))
        health = variant.get("healthz", {})
        rows.append(
            [
                f"export, {label}",
                statuses,
                f"{_ms(variant)} / {_ms(variant, 'p95_ms')}",
                _ms(health),
                _ms(health, "p95_ms"),
                f"max {health.get('max_ms', '–')} ms, {health.get('failures', '–')} failed",
            ]
        )
    return rows


def sections(results: dict) -> list[tuple[str, list[str], list[list[str]]]]:
    clients = (results.get("export_load") or {}).get("clients", 20)
    return [
        (
            "Import preview of new rows sharing one name (10 × the rows)",
            ["rows", "seconds", "× time", "bound", "verdict"],
            preview_rows(results),
        ),
        (
            f"Public export under load ({clients} clients, 2 workers) with /healthz beside it",
            ["target", "statuses", "export ms: median / p95", "/healthz median ms", "/healthz p95 ms", "note"],
            load_rows(results),
        ),
    ]
