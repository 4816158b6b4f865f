"""Markup typed into any text field is shown as text, never run, on every public page in both languages."""

import pytest
from django.db import models
from django.urls import reverse

from tests.governance.factories import AffiliationFactory, BoardSeatFactory, ChairTermFactory, DocumentFactory
from tests.members.factories import IncubatorFactory, MemberFactory, SectorFactory
from tests.projects.factories import AwardFactory, AwardingBodyFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("{field}")</script><img src=x onerror=alert(1)>'
RAW = ("<script>alert(", "<img src=x")  # the escaped text &lt;img src=x onerror=...&gt; is harmless
NOT_TEXT = (models.SlugField, models.EmailField, models.URLField)


def with_markup(instance):
    """Every free-text field of `instance` filled with markup naming the field, then saved."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or isinstance(field, NOT_TEXT):
            continue
        if field.choices or not field.editable or field.name == "registration_number":
            continue
        value = PAYLOAD.format(field=field.name)
        setattr(instance, field.name, value[: field.max_length] if field.max_length else value)
    instance.save()
    return instance


@pytest.fixture
def marked():
    """A public member, its sector and incubator, a project with an award, and the board, all with markup."""
    member = with_markup(
        MemberFactory(employees=40, incubator_status="resident", incubator=with_markup(IncubatorFactory()))
    )
    member.sectors.add(with_markup(SectorFactory()))
    member.region.name_ru, member.region.name_en = PAYLOAD.format(field="region"), PAYLOAD.format(field="region")
    member.region.save()
    project = with_markup(ProjectFactory(lead=member, theme=with_markup(ThemeFactory())))
    with_markup(AwardFactory(project=project, body=with_markup(AwardingBodyFactory())))
    with_markup(ChairTermFactory(member=member))
    with_markup(BoardSeatFactory(member=member))
    with_markup(AffiliationFactory())
    with_markup(DocumentFactory())
    return member, project


def public_pages(member, project):
    pages = [
        reverse("home"),
        reverse("members:member-list"),
        reverse("members:member-list") + "?q=" + "%3Cscript%3E",
        member.get_absolute_url(),
        reverse("governance:overview"),
        reverse("projects:project-list"),
        project.get_absolute_url(),
    ]
    return pages + ["/en" + page for page in pages]


def test_markup_in_every_text_field_is_escaped_on_every_public_page(client, marked):
    member, project = marked
    for url in public_pages(member, project):
        response = client.get(url)
        assert response.status_code == 200, url
        for raw in RAW:
            assert raw not in response.text, (url, raw)


def test_the_markup_is_really_on_the_pages_as_text(client, marked):
    # Guards the test above: the fields are shown, escaped, so "not found raw" is not "not shown at all".
    member, project = marked
    detail = client.get(member.get_absolute_url()).text
    assert "&lt;script&gt;alert(&quot;description_ru&quot;)&lt;/script&gt;" in detail
    assert "&lt;script&gt;alert(&quot;name_ru&quot;)" in client.get(reverse("members:member-list")).text
    assert "&lt;script&gt;alert(&quot;title_en&quot;)" in client.get("/en" + project.get_absolute_url()).text
    assert "&lt;script&gt;" in client.get(reverse("governance:overview")).text


def test_private_fields_never_reach_a_public_page_even_as_text(client, marked):
    member, project = marked
    for url in public_pages(member, project):
        text = client.get(url).text
        for field in ("contact_name", "contact_position", "contact_phone"):
            assert f"&quot;{field}" not in text and f'"{field}' not in text, (url, field)
