"""Template tags other apps' pages use to show projects without importing the projects app.

`{% member_projects member %}` on a member's page lists the published projects the member takes
part in and their awards, in two queries however many there are.
"""

from django import template
from django.db.models import Prefetch

from projects.models import Award, Project

register = template.Library()


@register.inclusion_tag("projects/includes/member_projects.html")
def member_projects(member):
    awards = Prefetch("awards", queryset=Award.objects.select_related("body").chronological())
    projects = (
        Project.objects.public()
        .with_participant(member)
        .order_by("-first_year", "title_ru", "title_en", "pk")
        .prefetch_related(awards)
    )
    return {"member": member, "projects": projects}
