"""The staff admin's face: the cluster's name, titles in the right Russian case, its own language, the member list."""

import html
import json
import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from cluster_registry.admin_site import LANGUAGE_COOKIE
from cluster_registry.roles import REGISTRY_APPS
from governance.models import Affiliation, BoardSeat, ChairTerm, Document
from members.models import ExchangeRate, Incubator, Member, Region, Sector, YearlyFigures
from projects.models import Award, AwardingBody, Project, Theme
from reports.models import Indicator, Programme, Target
from tests.governance import factories as governance_factories
from tests.members import factories as members_factories
from tests.members.factories import MemberFactory, RegionFactory
from tests.projects import factories as projects_factories
from tests.reports import factories as reports_factories

pytestmark = pytest.mark.django_db

# Each registry model: its factory and its accusative, as in «Выберите … для изменения», «Добавить …», «Изменить …».
RUSSIAN_TITLES = {
    Member: (members_factories.MemberFactory, "участника"),
    Region: (members_factories.RegionFactory, "регион"),
    Sector: (members_factories.SectorFactory, "отрасль"),
    Incubator: (members_factories.IncubatorFactory, "бизнес-инкубатор"),
    YearlyFigures: (members_factories.YearlyFiguresFactory, "годовые показатели"),
    ExchangeRate: (members_factories.ExchangeRateFactory, "курс валюты"),
    ChairTerm: (governance_factories.ChairTermFactory, "срок председательства"),
    BoardSeat: (governance_factories.BoardSeatFactory, "место в совете директоров"),
    Affiliation: (governance_factories.AffiliationFactory, "членство в объединении"),
    Document: (governance_factories.DocumentFactory, "документ"),
    Project: (projects_factories.ProjectFactory, "проект"),
    AwardingBody: (projects_factories.AwardingBodyFactory, "награждающий орган"),
    Award: (projects_factories.AwardFactory, "награду"),
    Theme: (projects_factories.ThemeFactory, "тему"),
    Programme: (reports_factories.ProgrammeFactory, "программу развития"),
    Indicator: (reports_factories.IndicatorFactory, "показатель"),
    Target: (reports_factories.TargetFactory, "целевое значение"),
}
# The inline «add another» links, by the admin page that shows them.
RUSSIAN_ADD_ANOTHER = {
    ("members", "member"): {
        "periods": "Добавить ещё один период членства",
        "headcounts": "Добавить ещё одни сведения о численности",
        "yearly_figures": "Добавить показатели ещё одного года",
    },
    ("projects", "project"): {"awards": "Добавить ещё одну награду"},
    ("reports", "programme"): {"indicators": "Добавить ещё один показатель"},
}


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def heading(response):
    return html.unescape(re.search(r"<h1>(.*?)</h1>", response.content.decode()).group(1))


def inline_add_texts(response):
    found = re.findall(r'data-inline-formset="([^"]*)"', response.content.decode())
    data = [json.loads(html.unescape(value)) for value in found]
    return {item["options"]["prefix"]: item["options"]["addText"] for item in data}


def test_every_registry_model_has_its_expected_titles():
    registered = {model for model in admin.site._registry if model._meta.app_label in REGISTRY_APPS}
    assert registered == set(RUSSIAN_TITLES)


@pytest.mark.parametrize("model", RUSSIAN_TITLES, ids=lambda model: model.__name__)
def test_russian_titles_decline_the_model_name(staff_client, model):
    factory, accusative = RUSSIAN_TITLES[model]
    obj = factory()
    changelist = staff_client.get(url(model, "changelist"))
    assert heading(changelist) == f"Выберите {accusative} для изменения"
    assert f"Добавить {accusative}" in html.unescape(changelist.content.decode())
    assert heading(staff_client.get(url(model, "add"))) == f"Добавить {accusative}"
    assert heading(staff_client.get(url(model, "change", obj.pk))) == f"Изменить {accusative}"


def breadcrumbs(response):
    found = re.search(r'<div class="breadcrumbs">(.*?)</div>', response.content.decode(), re.S).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found)).split())


@pytest.mark.parametrize("model", RUSSIAN_TITLES, ids=lambda model: model.__name__)
def test_the_add_page_breadcrumb_declines_the_model_name(staff_client, model):
    _factory, accusative = RUSSIAN_TITLES[model]
    trail = breadcrumbs(staff_client.get(url(model, "add")))
    assert trail.endswith(f"› Добавить {accusative}")
    assert f"{model._meta.verbose_name_plural}".lower() in trail.lower()


def test_the_english_add_page_breadcrumb(staff_client):
    staff_client.cookies[LANGUAGE_COOKIE] = "en"
    assert breadcrumbs(staff_client.get(url(Award, "add"))).endswith("› Add award")


def test_a_viewer_is_asked_to_select_a_member_to_view(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", "viewer@example.org", None, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_member"))
    client.force_login(viewer)
    member = MemberFactory()
    assert heading(client.get(url(Member, "changelist"))) == "Выберите участника для просмотра"
    assert heading(client.get(url(Member, "change", member.pk))) == "Просмотреть участника"


@pytest.mark.parametrize("page", RUSSIAN_ADD_ANOTHER, ids="_".join)
def test_inline_add_another_links_decline_the_model_name(staff_client, page):
    response = staff_client.get(reverse("admin:{}_{}_add".format(*page)))
    assert inline_add_texts(response) == RUSSIAN_ADD_ANOTHER[page]


def test_english_inline_links_and_titles(staff_client):
    staff_client.cookies[LANGUAGE_COOKIE] = "en"
    response = staff_client.get(url(Member, "add"))
    assert heading(response) == "Add member"
    assert inline_add_texts(response) == {
        "periods": "Add another membership period",
        "headcounts": "Add another headcount report",
        "yearly_figures": "Add the figures of another year",
    }
    assert heading(staff_client.get(url(Member, "changelist"))) == "Select member to change"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_no_django_in_the_header_title_or_login_page(staff_client, settings, language):
    login = Client().get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE=language)
    index = staff_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)
    for response in (login, index):
        text = response.content.decode()
        assert "Django" not in text
        assert settings.CLUSTER_NAME[language] in re.search(r"<title>(.*?)</title>", text).group(1)
        assert settings.CLUSTER_NAME[language] in re.search(r'<div id="site-name">(.*?)</div>', text, re.S).group(1)


def test_the_admin_follows_the_browser_until_a_language_is_chosen(staff_client):
    assert Client().get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Content-Language"] == "en"
    assert Client().get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="fi,nb;q=0.8")["Content-Language"] == "ru"
    response = staff_client.post(
        reverse("admin:language"), {"language": "en", "next": url(Member, "changelist")}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert response.status_code == 302
    assert response["Location"] == url(Member, "changelist")
    page = staff_client.get(url(Member, "changelist"), HTTP_ACCEPT_LANGUAGE="ru")
    assert page["Content-Language"] == "en"
    assert heading(page) == "Select member to change"
    staff_client.post(reverse("admin:language"), {"language": "ru"}, HTTP_ACCEPT_LANGUAGE="en")
    assert staff_client.get(url(Member, "changelist"), HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "ru"


def test_the_language_switch_goes_nowhere_but_this_site(staff_client):
    response = staff_client.post(reverse("admin:language"), {"language": "en", "next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("admin:index")
    assert staff_client.get(reverse("admin:language")).status_code == 405


def test_the_admin_language_leaves_the_public_site_to_its_prefix(client):
    client.cookies[LANGUAGE_COOKIE] = "en"
    assert client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "ru"
    client.cookies[LANGUAGE_COOKIE] = "ru"
    assert client.get("/en/", HTTP_ACCEPT_LANGUAGE="ru")["Content-Language"] == "en"


def test_saved_messages_quote_in_the_language_and_decline_nothing(staff_client):
    response = staff_client.post(
        url(Sector, "add"), {"slug": "water", "name_ru": "Водоочистка", "name_en": "Water"}, follow=True
    )
    assert [str(message) for message in response.context["messages"]] == ["Добавлено: отрасль «Водоочистка»."]
    sector = Sector.objects.get(slug="water")
    response = staff_client.post(
        url(Sector, "change", sector.pk),
        {"slug": "water", "name_ru": "Водоочистка", "name_en": "Water", "_addanother": "1"},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [
        "Сохранено: отрасль «Водоочистка». Ниже можно добавить ещё одну отрасль."
    ]
    staff_client.cookies[LANGUAGE_COOKIE] = "en"
    response = staff_client.post(
        url(Sector, "change", sector.pk),
        {"slug": "water", "name_ru": "Водоочистка", "name_en": "Water", "_continue": "1"},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [
        "Saved: sector “Water”. You may edit it again below."
    ]


def test_the_sidebar_puts_the_registry_first_and_the_access_logs_last(staff_client):
    app_list = staff_client.get(reverse("admin:index")).context["app_list"]
    assert [app["app_label"] for app in app_list][:6] == [
        "members",
        "governance",
        "projects",
        "reports",
        "portal",
        "auth",
    ]
    assert (app_list[-1]["app_label"], app_list[-1]["name"]) == ("axes", "Журналы входа")


def test_country_and_region_filters_list_what_the_registry_holds(staff_client, django_assert_max_num_queries):
    uusimaa = RegionFactory(country="FI", name_en="Uusimaa", name_ru="Уусимаа", code="FI-18")
    MemberFactory.create_batch(2, country="FI", region=uusimaa)
    MemberFactory(country="NO", region=None)
    RegionFactory(country="DK", name_en="Capital Region", name_ru="Столичная область", code="DK-84")  # no members
    with django_assert_max_num_queries(12):
        response = staff_client.get(url(Member, "changelist"))
    specs = {
        spec.parameter_name: spec.lookup_choices
        for spec in response.context["cl"].filter_specs
        if hasattr(spec, "parameter_name")
    }
    assert specs["country__exact"] == [("NO", "Норвегия (1)"), ("FI", "Финляндия (2)")]
    assert specs["region__id__exact"] == [(uusimaa.pk, "Уусимаа (2)")]
    filtered = staff_client.get(url(Member, "changelist"), {"country__exact": "NO"})
    assert filtered.context["cl"].result_count == 1


def test_bulk_deletion_names_its_records_in_the_right_number(staff_client):
    sectors = members_factories.SectorFactory.create_batch(5)
    changelist = staff_client.get(url(Sector, "changelist"))
    assert ("delete_selected", "Удалить выбранные записи") in changelist.context["action_form"].fields["action"].choices
    response = staff_client.post(
        url(Sector, "changelist"),
        {"action": "delete_selected", "_selected_action": [sector.pk for sector in sectors], "post": "yes"},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == ["Удалено 5 записей."]
    assert not Sector.objects.exists()


def test_the_login_page_has_the_language_switch(client):
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert f'action="{reverse("admin:language")}"' in response.content.decode()
