"""The members' side end to end in headless Chromium, at a phone's width, in both languages: apply, confirm,
sign in from the mailed link, propose a change. Any console error (a CSP violation is one) fails the test.
Screenshots of each page at 375 and 1,280 px go to artifacts/screenshots/portal-*.png."""

import pytest
from django.core import mail

from portal.applications import application_approve
from portal.models import Application, Proposal
from tests.members.factories import SectorFactory, valid_inn
from tests.site.test_browser_layout import SAVED, SCREENSHOTS

from .conftest import link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "ru": {
        "send": "Отправить заявку",
        "confirm": "Подтвердить заявку",
        "sign_in": "Войти",
        "propose": "Предложить изменения",
        "send_proposal": "Отправить предложение",
        "pending": "Ждёт рассмотрения",
    },  # fmt: skip
    "en": {
        "send": "Send the application",
        "confirm": "Confirm the application",
        "sign_in": "Sign in",
        "propose": "Propose changes",
        "send_proposal": "Send the proposal",
        "pending": "Awaiting review",
    },  # fmt: skip
}


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        path = SCREENSHOTS / f"portal-{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        SAVED.append(path)
    page.set_viewport_size({"width": 375, "height": 800})


def mailed_path(live_server, run_worker, address):
    run_worker()
    [message] = [m for m in mail.outbox if address in m.to]
    mail.outbox.clear()
    return link_in(message.body).replace("http://testserver", live_server.url)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_apply_confirm_sign_in_and_propose_on_a_phone(
    open_page, live_server, run_worker, django_user_model, language, settings
):
    SectorFactory(slug="water", name_ru="Водоочистка", name_en="Water treatment")
    words, prefix = WORDS[language], "" if language == "ru" else "/en"
    address = f"maria.{language}@clean.example.ru"
    page = open_page(viewport={"width": 375, "height": 800})

    page.goto(f"{live_server.url}{prefix}/join/")
    page.fill("#id_name_ru", "ООО «Чистый город»")
    page.fill("#id_name_en", "Clean City LLC")
    page.select_option("#id_country", "RU")
    page.fill("#id_registration_number", valid_inn(777 + len(language)))
    page.select_option("#id_member_type", "company")
    page.fill("#id_city", "Санкт-Петербург")
    page.check("text=Водоочистка" if language == "ru" else "text=Water treatment")
    page.fill("#id_headcount", "42")
    page.fill("#id_contact_name", "Мария Соколова")
    page.fill("#id_contact_email", address)
    page.check("#id_consent")
    shoot(page, f"join-{language}")
    page.click(f"button:has-text('{words['send']}')")
    assert page.locator("h1").count() == 1
    assert Application.objects.get().status == Application.Status.UNCONFIRMED

    page.goto(mailed_path(live_server, run_worker, address))
    page.click(f"button:has-text('{words['confirm']}')")
    application = Application.objects.get()
    assert application.status == Application.Status.PENDING

    staff = django_user_model.objects.create_superuser("olga", "olga@example.org", "a-long-test-password-1")
    member = application_approve(application=application, user=staff)
    page.goto(mailed_path(live_server, run_worker, address))
    shoot(page, f"sign-in-{language}")
    page.click(f"button:has-text('{words['sign_in']}')")
    assert member.name_ru in page.content() and address in page.content()
    shoot(page, f"account-{language}")

    page.click(f"text={words['propose']}")
    page.fill("#id_summary_ru", "Очистка сточных вод для городов")
    shoot(page, f"propose-{language}")
    page.click(f"button:has-text('{words['send_proposal']}')")
    assert words["pending"] in page.content()
    shoot(page, f"proposal-{language}")
    assert Proposal.objects.get().changes == {"summary_ru": "Очистка сточных вод для городов"}
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.errors == []


QUESTIONNAIRE_WORDS = {
    "ru": {"sign_in": "Войти", "save": "Сохранить ответы", "saved": "ответы сохранены"},
    "en": {"sign_in": "Sign in", "save": "Save the answers", "saved": "the answers are saved"},
}


@pytest.mark.parametrize("language", ["ru", "en"])
def test_answer_the_yearly_questionnaire_on_a_phone(open_page, live_server, run_worker, django_user_model, language):
    import datetime

    from django.utils import timezone

    from portal.campaign_models import Campaign, Questionnaire
    from portal.campaigns import campaign_open
    from tests.members.factories import MemberFactory, YearlyFiguresFactory

    words = QUESTIONNAIRE_WORDS[language]
    country = "RU" if language == "ru" else "FI"
    member = MemberFactory(country=country, region=None, registration_number="", contact_email="cfo@example.org")
    YearlyFiguresFactory(member=member, year=2024, employees=40, revenue=200_000)
    staff = django_user_model.objects.create_superuser("olga", "olga@example.org", "a-long-test-password-1")
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    campaign_open(campaign=Campaign(year=2025, deadline=deadline), user=staff)
    page = open_page(viewport={"width": 375, "height": 800})
    page.goto(mailed_path(live_server, run_worker, "cfo@example.org"))
    page.click(f"button:has-text('{words['sign_in']}')")
    assert page.input_value("#id_revenue") == "200000"  # last year's, to start from
    page.fill("#id_employees", "44")
    page.fill("#id_exports", "50000")
    shoot(page, f"questionnaire-{language}")
    page.click(f"button:has-text('{words['save']}')")
    assert words["saved"] in page.content()
    assert Questionnaire.objects.get().answers["employees"] == 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.errors == []
