"""The projects section of a member's public page, registered with members in `ProjectsConfig.ready()`.

It lists the published projects the member takes part in and their awards, in two queries however
many there are (members/sections.py says how sections are declared). It names no other member, so a
member's taking part renews only the pages of the members it links (`participation_changed`); any
other change of projects and awards renews every member's page (members/page_cache.py).
"""

from django.db.models import Prefetch

from members.page_cache import renew_member_pages

from .models import Award, Project

TEMPLATE_NAME = "projects/includes/member_projects.html"


def member_projects_context(member) -> dict:
    awards = Prefetch("awards", queryset=Award.objects.select_related("body").chronological())
    projects = (
        Project.objects.public()
        .with_participant(member)
        .order_by("-first_year", "title_ru", "title_en", "pk")
        .prefetch_related(awards)
    )
    return {"projects": projects}


def participation_changed(*, instance, reverse, pk_set, using=None, **kwargs) -> bool:
    """`pagecache.narrow`'s handler of `Project.participants`: the pages of the members linked or unlinked."""
    if reverse:  # member.projects.add(…): the member's own page
        renew_member_pages([instance.pk], using)
        return True
    if pk_set is None:  # project.participants.clear(): which members it had is no longer known
        return False
    renew_member_pages(pk_set, using)
    return True
