"""Writes that touch a project and its participants together."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from members.models import Member

from .models import Project


@transaction.atomic
def project_save(*, project: Project, participants: Iterable[Member]) -> Project:
    """Save a project with its participants; a lead member who does not take part is refused, not added."""
    participants = list(participants)
    project.full_clean()
    errors = Project.lead_errors(project.lead_id, participants)
    if errors:
        raise ValidationError(errors)
    project.save()
    project.participants.set(participants)
    return project
