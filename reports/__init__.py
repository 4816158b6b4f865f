"""Staff reports of the cluster: the development programme and its targets, and the yearly reports.

Models: `Programme` (the cluster's development programme, approved by whom and when), its `Indicator`s
(each one of the registry's computed figures, or a figure staff enter) and their yearly `Target`s.

Reports (admin pages with their xlsx, `reports/views.py`, mounted by the admin site under
`/admin/reports/`): the cluster's indicators for a year, the Cluster Development Center's table in
roubles, and the membership's composition. Each is a handful of grouped queries (`figures.py`,
`composition.py`) whatever the number of members.

Permissions: the programme's models have Django's own (editors change them, viewers view them);
the reports built on the members' yearly figures need the members' permission to see them as well
(`views.REPORTS`). Public pages show yearly aggregates only through `disclosure.py`.

Imports members, projects and governance; only `cluster_registry` imports it.
"""
