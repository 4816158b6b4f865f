"""The yearly questionnaire campaign: invited at once, each message once, answers checked by the figures' rules."""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members.models import YearlyFigures
from members.rules import EXPORTS_ABOVE_REVENUE
from portal.campaign_models import Campaign, Questionnaire, State
from portal.campaigns import campaign_open, questionnaire_accept, questionnaire_submit
from portal.models import AccessToken, OutgoingMessage
from portal.session import SESSION_KEY
from portal.tokens import secret_of, token_create
from tests.members.factories import MemberFactory, YearlyFiguresFactory

from .conftest import link_in

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("olga", "olga@example.org", "a-long-test-password-1")


def open_campaign(staff, deadline=None, **fields):
    deadline = deadline or timezone.localdate() + datetime.timedelta(days=30)
    return campaign_open(campaign=Campaign(year=YEAR, deadline=deadline, **fields), user=staff)


def with_addresses(count):
    members = MemberFactory.create_batch(count)
    for n, member in enumerate(members):
        member.contact_email = f"m{n}@example.ru"
        member.save(update_fields=["contact_email"])
    return members


def test_opening_a_campaign_queues_one_task_and_writes_nothing_per_member(staff, django_assert_max_num_queries):
    with_addresses(30)
    with django_assert_max_num_queries(8):
        open_campaign(staff)
    assert not Questionnaire.objects.exists() and not OutgoingMessage.objects.exists()


def test_two_hundred_members_stopped_halfway_and_refused_in_part_get_each_message_once(staff, smtp, run_worker):
    with_addresses(200)
    MemberFactory(contact_email="")  # cannot be reached: no address
    MemberFactory(contact_email="gone@example.ru", current=False)  # not a current member: not asked
    for n in (5, 50, 120, 199):
        smtp.refuse_times[f"m{n}@example.ru"] = 1
    open_campaign(staff)
    run_worker(max_tasks=90)  # the invitations' task and 89 messages; then the worker stops
    assert 0 < len(smtp.messages) < 200
    call_command("mail_worker", "--batch", "--interval", "0")  # a new worker resumes where it stopped
    received = Counter(recipient for recipients, _message in smtp.messages for recipient in recipients)
    assert received == Counter({f"m{n}@example.ru": 1 for n in range(200)})
    campaign = Campaign.objects.get()
    assert campaign.dispatched_at is not None
    assert Questionnaire.objects.filter(campaign=campaign).count() == 201
    states = Counter(Questionnaire.objects.with_state().values_list("state", flat=True))
    assert states == {State.INVITED: 200, State.UNREACHABLE: 1}


def test_a_bounced_invitation_counts_as_cannot_be_reached(staff, smtp, run_worker):
    with_addresses(2)
    smtp.bounce.add("m0@example.ru")
    open_campaign(staff)
    run_worker()
    states = dict(Questionnaire.objects.with_state().values_list("member__contact_email", "state"))
    assert states == {"m0@example.ru": State.UNREACHABLE, "m1@example.ru": State.INVITED}


def test_the_personal_link_opens_the_questionnaire_prefilled_with_last_years_figures(client, staff, run_worker):
    [member] = with_addresses(1)
    YearlyFiguresFactory(member=member, year=YEAR - 1, employees=40, revenue=200_000)
    open_campaign(staff)
    run_worker()
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "ru" and str(YEAR) in message.body
    path = link_in(message.body).removeprefix("http://testserver")
    response = client.post(path)
    assert response["Location"] == reverse("portal:questionnaire-open")
    page = client.get(reverse("portal:questionnaire", args=[YEAR])).content.decode()
    assert 'value="200000"' in page and 'value="40"' in page
    assert Questionnaire.objects.with_state().get().state == State.OPENED


def test_answers_follow_the_figures_rules_and_stay_editable_until_accepted(client, staff, run_worker):
    [member] = with_addresses(1)
    open_campaign(staff)
    run_worker()
    token = token_create(purpose=AccessToken.Purpose.QUESTIONNAIRE, member=member)
    client.post(reverse("portal:sign-in", kwargs={"secret": secret_of(token)}))
    url = reverse("portal:questionnaire", args=[YEAR])
    response = client.post(url, {"employees": "12", "revenue": "100", "exports": "500", "currency": "RUB"})
    assert str(EXPORTS_ABOVE_REVENUE) in response.content.decode()
    assert Questionnaire.objects.get().submitted_at is None
    client.post(url, {"employees": "12", "revenue": "1000", "exports": "500", "currency": "RUB"})
    client.post(url, {"employees": "14", "revenue": "1000", "exports": "500", "currency": "RUB"})  # edited
    questionnaire = Questionnaire.objects.get()
    assert questionnaire.answers["employees"] == 14 and questionnaire.submitted_at is not None
    assert not YearlyFigures.objects.filter(member=member, year=YEAR).exists()  # not before staff accept

    figures = questionnaire_accept(questionnaire=questionnaire, user=staff)
    assert (figures.employees, figures.revenue, figures.exports) == (14, 1000, 500)
    assert figures.confirmed_by == staff and figures.source == YearlyFigures.Source.REPORTED
    with pytest.raises(Exception, match="приняты"):
        questionnaire_submit(questionnaire=questionnaire, answers={"employees": 1})
    client.post(url, {"employees": "99", "revenue": "1000", "currency": "RUB"})
    assert YearlyFigures.objects.get(member=member, year=YEAR).employees == 14


def test_another_members_session_cannot_see_this_questionnaire(client, staff, run_worker):
    first, second = with_addresses(2)
    open_campaign(staff)
    run_worker()
    Questionnaire.objects.filter(member=second).delete()
    session = client.session
    session[SESSION_KEY] = second.pk
    session.save()
    assert client.get(reverse("portal:questionnaire", args=[YEAR])).status_code == 404


def test_reminders_go_to_those_who_have_not_submitted_with_a_new_link(staff, run_worker):
    first, second = with_addresses(2)
    campaign = open_campaign(staff)
    run_worker()
    questionnaire_submit(questionnaire=Questionnaire.objects.get(member=first), answers={"employees": 3})
    mail.outbox.clear()
    from portal.tasks import remind_campaign

    remind_campaign.enqueue(campaign.pk)
    run_worker()
    assert [m.to for m in mail.outbox] == [["m1@example.ru"]]
    assert OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.REMINDER).count() == 1
    assert Questionnaire.objects.get(member=second).reminders == 1


def test_the_automatic_reminder_is_queued_once_when_it_falls_due(staff, run_worker):
    with_addresses(1)
    campaign = open_campaign(staff, deadline=timezone.localdate() + datetime.timedelta(days=3), remind_days_before=5)
    run_worker()
    call_command("portal_daily")
    call_command("portal_daily")
    run_worker()
    assert OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.REMINDER).count() == 1
    campaign.refresh_from_db()
    assert campaign.reminded_on == timezone.localdate()


def test_a_questionnaire_past_its_deadline_is_overdue(staff, run_worker):
    with_addresses(1)
    campaign = open_campaign(staff)
    run_worker()
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert Questionnaire.objects.with_state().get().state == State.OVERDUE


def test_the_campaign_page_counts_each_state_with_a_link_to_its_list(staff_client, django_user_model, run_worker):
    with_addresses(3)
    MemberFactory(contact_email="")
    staff_client.post(
        reverse("admin:portal_campaign_add"),
        {
            "year": YEAR,
            "deadline": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
            "remind_days_before": 7,
        },
    )
    campaign = Campaign.objects.get()
    run_worker()
    page = staff_client.get(reverse("admin:portal_campaign_change", args=[campaign.pk])).content.decode()
    assert "приглашены: 3" in page and "не удаётся связаться: 1" in page
    listing = staff_client.get(
        reverse("admin:portal_questionnaire_changelist"), {"campaign__id__exact": campaign.pk, "state": "unreachable"}
    )
    assert listing.context["cl"].result_count == 1


def test_the_campaign_page_counts_in_one_query_whatever_the_number_of_members(
    staff_client, staff, run_worker, django_assert_max_num_queries
):
    with_addresses(40)
    campaign = open_campaign(staff)
    run_worker()
    # the session and the user, the campaign, its counts (one grouped query), the admin's own few
    with django_assert_max_num_queries(8):
        assert staff_client.get(reverse("admin:portal_campaign_change", args=[campaign.pk])).status_code == 200
