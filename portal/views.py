"""Pages of the members' side: sign-in by link, the member's own record and proposals, /join/, privacy.

A link in a message is opened with GET, which only shows a button: mail scanners open links too, and
must not use up a single-use link. The button's POST uses it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.timezone import now
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from members.models import Member, YearlyFigures

from . import campaigns, ratelimit, services
from .applications import application_confirm, application_submit
from .forms import ApplicationForm, EmailForm, ProposalForm, QuestionnaireForm
from .models import AccessToken, Proposal, Questionnaire
from .session import member_required, sign_in, sign_out, signed_in_member
from .tokens import token_find


def client_of(request) -> str | None:
    # The same address the admin's sign-in lockout takes (behind a proxy: the one it appended).
    return import_string(settings.AXES_CLIENT_IP_CALLABLE)(request)


def language_of(request) -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def account(request):
    """`/account/`: the signed-in member's record, or the form that mails a sign-in link."""
    member = signed_in_member(request)
    if member is not None:
        proposals = Proposal.objects.filter(member=member)
        questionnaires = Questionnaire.objects.filter(member=member).select_related("campaign")
        context = {"member": member, "proposals": proposals, "questionnaires": questionnaires}
        return render(request, "portal/account.html", context)
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sign_in_link_request(
            email=form.cleaned_data["email"], client=client_of(request), language=language_of(request)
        )
        # The same words whether the address is a member's or not.
        return render(request, "portal/link_sent.html", status=200)
    return render(request, "portal/sign_in_request.html", {"form": form})


def sign_in_link(request, secret):
    """`/account/sign-in/<secret>/`: a button that uses the link (POST), or why it cannot be used."""
    if request.method == "POST":
        token = services.sign_in_link_use(secret=secret, client=client_of(request), language=language_of(request))
        if token is not None:
            sign_in(request, token.member)
            if token.purpose == AccessToken.Purpose.QUESTIONNAIRE:
                return redirect("portal:questionnaire-open")
            return redirect("portal:account")
        return render(request, "portal/link_refused.html", status=410)
    _token, refusal = services.sign_in_check(secret)
    if refusal:
        return render(request, "portal/link_refused.html", status=410)
    return render(request, "portal/sign_in_confirm.html")


@require_POST
def sign_out_view(request):
    sign_out(request)
    return redirect("portal:account")


@member_required
def propose(request):
    """`/account/propose/`: changes to the member's profile and contact, kept for staff to review."""
    member = request.member
    # The form validates on a copy: the member itself must still say what the record holds.
    copy = Member.objects.get(pk=member.pk)
    form = ProposalForm(request.POST or None, request.FILES or None, instance=copy)
    if request.method == "POST" and form.is_valid():
        proposed_by = f"{member.contact_name or member.contact_email} <{member.contact_email}>"
        proposal = services.proposal_submit(
            member=member, values=form.proposed_values(), logo=form.cleaned_data.get("logo"), proposed_by=proposed_by
        )
        if proposal is None:
            form.add_error(None, ValidationError(services.NOTHING_CHANGED))
        else:
            return redirect("portal:proposal", pk=proposal.pk)
    return render(request, "portal/propose.html", {"form": form, "member": member})


@member_required
def proposal_detail(request, pk):
    """One of the member's own proposals (another member's is a 404, as if it did not exist)."""
    proposal = get_object_or_404(Proposal, pk=pk, member=request.member)
    return render(
        request, "portal/proposal_detail.html", {"proposal": proposal, "rows": services.proposal_rows(proposal)}
    )


@member_required
def questionnaire_open(request):
    """The member's questionnaire of the latest campaign (where a questionnaire link leads)."""
    latest = Questionnaire.objects.filter(member=request.member).order_by("-campaign__year").first()
    if latest is None:
        return redirect("portal:account")
    return redirect("portal:questionnaire", year=latest.campaign.year)


@member_required
def questionnaire(request, year):
    """`/account/questionnaire/<year>/`: the year's figures, prefilled with last year's, editable until accepted."""
    found = get_object_or_404(
        Questionnaire.objects.select_related("campaign"), campaign__year=year, member=request.member
    )
    campaigns.questionnaire_opened(found)
    locked = found.accepted_at is not None
    figures = YearlyFigures(member=request.member, year=year)
    form = QuestionnaireForm(
        None if locked else request.POST or None, instance=figures, initial=campaigns.previous_answers(found)
    )
    if request.method == "POST" and not locked and form.is_valid():
        try:
            campaigns.questionnaire_submit(questionnaire=found, answers=form.answers())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(f"{reverse('portal:questionnaire', kwargs={'year': year})}?saved=1")
    context = {"form": form, "questionnaire": found, "locked": locked, "saved": "saved" in request.GET}
    return render(request, "portal/questionnaire.html", context)


def join(request):
    """`/join/`: an application to join; a robot filling the hidden field is thanked and forgotten."""
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["contact_email"]
        if not form.is_robot and ratelimit.allow(address=address, client=client_of(request)):
            with transaction.atomic():
                application_submit(
                    application=form.instance, sectors=form.cleaned_data["sectors"], language=language_of(request)
                )
        return render(request, "portal/join_sent.html")
    return render(request, "portal/join.html", {"form": form, "consent_template": consent_template()})


def consent_template() -> str:
    return f"portal/consent_{settings.PORTAL_CONSENT_VERSION}.html"


def join_confirm(request, secret):
    """`/join/confirm/<secret>/`: the applicant confirms the address; then staff see the application."""
    if request.method == "POST":
        application = application_confirm(secret=secret)
        if application is None:
            return render(request, "portal/link_refused.html", status=410)
        return render(request, "portal/join_confirmed.html", {"application": application})
    token = token_find(secret)
    if token is None or token.used_at is not None or token.application_id is None or token.expires_at <= now():
        return render(request, "portal/link_refused.html", status=410)
    return render(request, "portal/join_confirm.html")


def privacy(request):
    """`/privacy/`: what is kept about contact persons, why, how long, and how to have it removed."""
    return render(request, "portal/privacy.html", {"consent_template": consent_template()})
