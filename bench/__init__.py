"""`manage.py bench` (`make bench`): the registry at scale, each figure beside its floor and its anchor.

- `generator`, `populate`, `projects_data`: a deterministic synthetic registry of N members, bulk-created
  into a database of the benchmark's own (`database`), never the developer's.
- `settings`, `urls`, `floors`: the project under production settings, plus bench-only floor views.
- `pages`, `spreadsheets` (export), `import_files` and `imports`, `anchor` (django-import-export at its
  defaults), `load` (gunicorn and a bounded load generator): the measurements; each heavy one runs in a
  process of its own, so its peak memory is its own.
- `runner` orchestrates the stages (`stages`); `report` prints the table, writes JSON and
  `docs/benchmarks.md`; `targets` judges the issue's targets from the stored runs; `machine`, `stats` help.
"""
