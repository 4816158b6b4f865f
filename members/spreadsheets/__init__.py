"""Everything about members and spreadsheets: the public export of the directory (`public_export`), the
staff export that is the import's template (`staff_export`), the import, and their forms (`forms`).

Why our own import rather than django-import-export's: import-export gives the admin its export well
(formats, the choice of columns, the changelist's filters and search), and this package keeps it for
that (`staff_export.py`). Its import, though, loads and saves one row at a time (a query or more per
row, `full_clean()` and a history row each), keeps every row's result in memory, and reports errors per
row without our cross-row rules (the same member twice, a slug taken by a new row) or our history rules
(a headcount is a new report, a date of leaving closes a period). For 10,000 to 100,000 rows that is
too slow and too big, so the import is written here:

    upload -> files.check_file (name, size, first bytes, zip directory, the rows the sheet declares:
    before anything parses) -> dry run (engine.import_members(commit=False): read every row, at most
    REGISTRY_IMPORT_MAX_ROWS, whatever the sheet declares; match, plan; nothing written)
    -> preview (each row new, updated, unchanged or in error, with the fields that change)
    -> confirm with a signed token (uploads.py) -> the same file checked again and written in one
    transaction, in bulk, with history rows for the importing user -> summary.

An error anywhere, on any row, writes nothing. Modules, in the order a row meets them: `columns`
(the headers), `files` (checks and readers), `cells` (one value), `lookups` (what is looked up, loaded
once), `rows` (a row and the member it is about), `plans` (what it changes), `writer` (bulk writes),
`engine` (the loop and the report), `preview` and `admin_views` (the admin pages); `formulas` keeps
formula-like text text in every export, and the import undoes its escaping. The rules a row is
checked by are the models' own (`members.rules` and the fields' validators), with their messages; the
member's stored headcount and start of membership are recomputed after the writes by
`members.services.member_sync_summaries()`, as after every other write.

The yearly figures have their own columns, export, import and admin views (`yearly_columns`,
`yearly_export`, `yearly_import`, `yearly_admin`) on the same files, cells, report, token and bounds.

Previews, confirmations and exports run in bounded slots (`pagecache.bounded`), so that they never take
every worker; the public export is cached under the registry's revision (`pagecache.downloads`).

Permissions: `members.import_members` to import, `members.export_members` to export; contact details
are exported, and may be imported, only with `members.view_contact_details`.
"""
