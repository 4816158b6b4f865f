"""Writes that touch a project and its participants together."""

from collections.abc import Iterable

from django.db import transaction

from members.models import Member

from . import rules
from .models import Project


@transaction.atomic
def project_save(*, project: Project, participants: Iterable[Member]) -> Project:
    """Save a project with its participants; a lead member who does not take part is refused, not added."""
    participants = list(participants)
    project.full_clean()
    rules.check_lead_takes_part(project.lead_id, {member.pk for member in participants})
    project.save()
    project.participants.set(participants)
    return project
