"""Factories for projects, awarding bodies and awards; members come from the members' factories."""

import factory

from projects.models import Award, AwardingBody, Project, Theme
from tests.members.factories import MemberFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class AwardingBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardingBody
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"body-{n}")
    name_ru = factory.Sequence(lambda n: f"Комитет {n}")
    name_en = factory.Sequence(lambda n: f"Committee {n}")
    level = AwardingBody.Level.CITY


class ProjectFactory(factory.django.DjangoModelFactory):
    """A published project of 2015-2016 led by a new member, who is its only participant.

    `participants=[...]` adds members besides the lead; `lead=None` makes a project of the cluster as a whole.
    """

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title_ru = factory.Sequence(lambda n: f"Проект {n}")
    title_en = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    theme = factory.SubFactory(ThemeFactory)
    kind = Project.Kind.PROJECT
    first_year = 2015
    last_year = 2016
    status = Project.Status.COMPLETED
    lead = factory.SubFactory(MemberFactory)
    is_published = True

    @factory.post_generation
    def participants(obj, create, extracted, **kwargs):
        if not create:
            return
        members = list(extracted or [])
        if obj.lead_id and obj.lead not in members:
            members.insert(0, obj.lead)
        obj.participants.set(members)


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    project = factory.SubFactory(ProjectFactory)
    body = factory.SubFactory(AwardingBodyFactory)
    kind = Award.Kind.DIPLOMA
    year = factory.LazyAttribute(lambda award: award.project.first_year)
    title_ru = factory.Sequence(lambda n: f"Диплом {n}")
    title_en = factory.Sequence(lambda n: f"Diploma {n}")
