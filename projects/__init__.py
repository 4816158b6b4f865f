"""Recognised cluster projects and initiatives, the bodies that award them, and the awards.

Models: `Theme`, `Project` (lead member and participants from `members`), `AwardingBody`, `Award`
(dated to the year at least; a scan or a link to the document). Every one keeps its history.

Public URLs (Russian unprefixed, English under /en/): `/projects/` lists published projects with
filters by year, awarding body, kind of award, member and theme, each choice with its count;
`/projects/<slug>/` shows a project, its public members and its awards. Member pages show a
member's projects through the section `member_page.py` registers with `members.sections` in
`ProjectsConfig.ready()`; the home page
counts awards with `Award.objects.public().counts_by_body_and_kind()`.

Permissions: the registry roles (`cluster_registry/roles.py`) cover these models: editors add and
change, viewers view, only superusers delete. The public sees published projects only, and of their
members only those public in the directory. Award scans are served from MEDIA_URL.
`members` never imports this app.
"""
