"""Sections other apps add to a member's public page, declared here so that members imports none of them.

The members app knows nothing of governance, projects or reports. An app with something to show on
a member's page (`/members/<slug>/`) registers a section from its `AppConfig.ready()`:

    from members.sections import register_member_page_section

    register_member_page_section(
        name="projects", template_name="projects/includes/member_projects.html", context=projects_context
    )

`context(member)` returns the section's template context (querysets left lazy, so they are read
when the section renders); the template also gets `member`. `MemberDetailView` renders the
registered sections, by `order` and then name, after the page's own sections; a section whose
template renders nothing (a member without projects) adds nothing. The page is cached as a whole
under its member's own key (`members.page_cache`): a section shows the member's own rows, whose writes
an app narrows to the member's token (`pagecache.narrow`), or rows whose writes renew every member page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class MemberPageSection:
    name: str
    template_name: str
    context: Callable[..., dict]
    order: int = 100


_sections: dict[str, MemberPageSection] = {}


def register_member_page_section(*, name: str, template_name: str, context: Callable[..., dict], order: int = 100):
    """Add a section to every member's page; registering a name again replaces its section."""
    _sections[name] = MemberPageSection(name=name, template_name=template_name, context=context, order=order)


def member_page_sections() -> list[MemberPageSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


def render_member_page_sections(member, request=None) -> list[SafeString]:
    """The registered sections of `member`'s page, rendered (HTML, safe)."""
    return [
        render_to_string(section.template_name, {**section.context(member), "member": member}, request)
        for section in member_page_sections()
    ]
