"""`manage.py bench` (`make bench`): the registry at scale, each figure beside its floor and its anchor.

- `generator`, `populate`, `projects_data`: a deterministic synthetic registry of N members, bulk-created
  into a database of the benchmark's own (`database`), never the developer's.
- `settings`, `urls`, `floors`: the project under production settings, plus bench-only floor views.
- `pages`, `spreadsheets`, `anchor`, `load`: the measurements; each heavy one runs in a process of its own.
- `runner` orchestrates the stages; `report` prints the table, writes JSON and `docs/benchmarks.md`.
"""
