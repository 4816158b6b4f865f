"""The member page shows what other apps register (members/sections.py), and loads nothing of theirs itself."""

import re

import pytest
from django.template.loader import get_template

from members import sections
from members.sections import member_page_sections, register_member_page_section
from tests.members.factories import MemberFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_member_page_template_names_no_other_app():
    template = get_template("members/member_detail.html").template
    assert "projects" not in template.source
    loaded = {name for tag in re.findall(r"{% load ([^%]+)%}", template.source) for name in tag.split()}
    modules = {name: template.engine.libraries[name] for name in loaded}  # name -> module path
    assert all(module.startswith(("members.", "django.")) for module in modules.values()), modules


def test_the_projects_app_declares_its_section():
    assert "projects" in {section.name for section in member_page_sections()}


def test_without_registered_sections_the_page_shows_none(client, monkeypatch):
    member = MemberFactory()
    ProjectFactory(title_ru="Проект участника", participants=[member])
    monkeypatch.setattr(sections, "_sections", {})
    response = client.get(member.get_absolute_url())
    assert response.status_code == 200
    assert "Проект участника" not in response.text


def test_sections_come_in_their_order_then_by_name(monkeypatch):
    monkeypatch.setattr(sections, "_sections", {})
    for name, order in [("late", 200), ("b", 100), ("a", 100)]:
        register_member_page_section(name=name, template_name="unused.html", context=dict, order=order)
    register_member_page_section(name="b", template_name="again.html", context=dict)  # replaces, not adds
    assert [(section.name, section.template_name) for section in member_page_sections()] == [
        ("a", "unused.html"),
        ("b", "again.html"),
        ("late", "unused.html"),
    ]
