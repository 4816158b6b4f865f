"""The projects section of a member's public page, registered with members in `ProjectsConfig.ready()`.

It lists the published projects the member takes part in and their awards, in two queries however
many there are (members/sections.py says how sections are declared).
"""

from django.db.models import Prefetch

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
