"""What the portal adds to the member's admin page: send an invitation, erase the contact person.

Installed from `PortalConfig.ready()` (members knows nothing of the portal): the member's change form
gets two object tools, whose pages are served by the portal's admin (`ContactErasureAdmin`'s URLs).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext

from members.models import Member
from members.permissions import VIEW_CONTACT_DETAILS

from .erasure import contact_erase
from .services import invitation_send

CHANGE_FORM = "admin/portal/member_change_form.html"


def install() -> None:
    member_admin = admin.site._registry.get(Member)
    if member_admin is not None:
        member_admin.change_form_template = CHANGE_FORM


def member_tool_urls(admin_site):
    view = admin_site.admin_view
    return [
        path("member/<int:member_id>/invite/", view(invite_view), name="portal_member_invite"),
        path("member/<int:member_id>/erase-contact/", view(erase_view), name="portal_member_erase"),
    ]


def _member(request, member_id) -> Member:
    if not (request.user.has_perm("members.change_member") and request.user.has_perm(VIEW_CONTACT_DETAILS)):
        raise PermissionDenied
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


def _confirm_page(request, member, title, question, button):
    context = {
        **admin.site.each_context(request),
        "title": title,
        "question": question,
        "button": button,
        "original": member,
        "opts": Member._meta,
    }
    return TemplateResponse(request, "admin/portal/member_confirm.html", context)


def _back(member):
    return HttpResponseRedirect(reverse("admin:members_member_change", args=[member.pk]))


def invite_view(request, member_id):
    member = _member(request, member_id)
    if request.method == "POST":
        try:
            invitation_send(member=member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                gettext("An invitation to sign in is on its way to %(email)s.") % {"email": member.contact_email},
            )
        return _back(member)
    question = gettext("Send %(email)s a link to sign in to the members' pages? It is valid for 14 days.") % {
        "email": member.contact_email or "—"
    }
    return _confirm_page(request, member, gettext("Send an invitation"), question, gettext("Send the invitation"))


def erase_view(request, member_id):
    member = _member(request, member_id)
    if request.method == "POST":
        erasure = contact_erase(member=member, user=request.user)
        messages.success(
            request,
            gettext("The contact person is erased, with %(count)d earlier versions in the history.")
            % {"count": erasure.history_rows},
        )
        return _back(member)
    question = gettext(
        "Erase the contact person of this member on their request? The name, position, e-mail and phone are "
        "cleared from the record and from every earlier version in its history, and cannot be restored."
    )
    return _confirm_page(request, member, gettext("Erase the contact person"), question, gettext("Erase"))
