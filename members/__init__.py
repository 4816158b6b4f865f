"""Member organisations of the cluster: the bottom app, which imports no other app of the registry.

Models: `Region`, `Sector`, `Incubator`, `Member` (with its folded `search_text`), `MembershipPeriod`,
`HeadcountReport`. Public URLs (Russian unprefixed, English under /en/): `/members/` (the directory,
django-filter parameters), `/members/<slug>/`, `/members/export.xlsx` (and `.csv`, `.json`).

What every app uses is named once here:

- `permissions.py`: the custom permissions (`VIEW_CONTACT_DETAILS`, `IMPORT_MEMBERS`, `EXPORT_MEMBERS`),
  each with its codename; the roles in `cluster_registry/roles.py` grant them.
- `text.py`: `fold()` for matching in any case and alphabet, and `bilingual()` for `<name>_ru`/`<name>_en` pairs.
- `admin_search.py`: `FoldedSearchMixin`, the case-folding search of every admin list with a search box.
- `filtering.py`: `StrictFilterSet`, the policy for nonsense filter values on every public list.
- `sections.py`: the hook through which other apps add sections to a member's page (projects does).
"""
