"""`manage.py bench` (`make bench`): the registry at scale, each figure beside its floor and its anchor.

Tooling, not product: a Django app installed only by `bench.settings` (the product's settings plus this
app), which `make bench` selects; nothing in the product imports it.

- `generator`, `populate`, `projects_data`: a deterministic synthetic registry of N members, bulk-created
  into a database of the benchmark's own (`database`), never the developer's.
- `settings`, `urls`, `floors`: the project's settings and URLs plus the bench-only floor views; the
  measuring processes run them with debug off, as production does (`runner.child_env`).
- `pages`, `spreadsheets` (export), `import_files` and `imports`, `anchor` (django-import-export at its
  defaults), `load` (gunicorn and a bounded load generator): the measurements; each heavy one runs in a
  process of its own, so its peak memory is its own.
- `runner` orchestrates the stages (`stages`); `report` prints the table, stores each run's JSON in
  `docs/benchmarks/` and rebuilds `docs/benchmarks.md` from them; `targets` judges the issue's targets
  from the stored runs; `machine`, `stats` help.
"""
