"""Member profiles: both names of a city, the page's language with marked fallbacks, former members' pages."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from members.english import has_cyrillic
from members.models import Member
from members.services import member_join, member_leave
from tests.members.factories import MemberFactory, RegionFactory
from tests.members.spreadsheets import sheet_of

pytestmark = pytest.mark.django_db
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


class Cards(HTMLParser):
    """The visible text of each member card of a directory page, keyed by the member's link."""

    def __init__(self):
        super().__init__()
        self.cards: dict[str, str] = {}
        self.depth, self.href, self.text = 0, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and "member-card" in (attrs.get("class") or ""):
            self.depth, self.href, self.text = 1, None, []
        elif self.depth and tag == "li":
            self.depth += 1
        if self.depth and tag == "a" and self.href is None:
            self.href = attrs.get("href")
        if self.depth and tag == "img":
            self.text.append(attrs.get("alt") or "")

    def handle_endtag(self, tag):
        if self.depth and tag == "li":
            self.depth -= 1
            if not self.depth:
                self.cards[self.href] = " ".join("".join(self.text).split())

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def directory_cards(client, url: str, **query) -> dict[str, str]:
    cards, page = {}, 1
    while True:
        response = client.get(url, {**query, "page": page})
        if response.status_code == 404:
            return cards
        parser = Cards()
        parser.feed(response.content.decode())
        cards.update(parser.cards)
        page += 1


@pytest.fixture
def registry():
    call_command("load_registry_data", verbosity=0)


def test_english_directory_shows_no_cyrillic_letter_for_members_with_english_names(client, registry):
    cards = directory_cards(client, "/en/members/")
    assert len(cards) == Member.objects.public().count()
    named = {
        f"/en/members/{slug}/" for slug in Member.objects.public().exclude(name_en="").values_list("slug", flat=True)
    }
    assert named
    for href in named:
        assert not CYRILLIC.search(cards[href]), cards[href]


def test_russian_directory_shows_the_russian_name_of_every_city_that_has_one(client, registry):
    cards = directory_cards(client, "/members/")
    members = Member.objects.public().exclude(city_ru="")
    assert members.exclude(city_en="").exists()  # the fixtures name cities both ways
    for member in members:
        text = cards[member.get_absolute_url()]
        assert member.city_ru in text
        if member.city_en:
            assert member.city_en not in text, text


def test_every_city_of_the_fixtures_has_both_names():
    call_command("load_registry_data", verbosity=0)
    for city_ru, city_en in Member.objects.exclude(city_ru="", city_en="").values_list("city_ru", "city_en"):
        assert has_cyrillic(city_ru) and city_en and not has_cyrillic(city_en), (city_ru, city_en)


def listed_slugs(client, query: str) -> set[str]:
    return {href.strip("/").split("/")[-1] for href in directory_cards(client, "/members/", q=query)}


def test_either_spelling_of_a_city_finds_the_same_members(client, registry):
    russian, english = listed_slugs(client, "Хельсинки"), listed_slugs(client, "helsinki")
    assert russian and russian == english
    assert russian == set(Member.objects.public().filter(city_en="Helsinki").values_list("slug", flat=True))


def test_the_place_line_names_the_city_once_where_the_region_is_the_city(client):
    region = RegionFactory(name_ru="Санкт-Петербург", name_en="St. Petersburg")
    member = MemberFactory(region=region, city_ru="Санкт-Петербург", city_en="St. Petersburg")
    card = directory_cards(client, "/en/members/")[f"/en/members/{member.slug}/"]
    assert "St. Petersburg, Russia" in card
    assert card.count("St. Petersburg") == 1


def test_a_value_only_in_the_other_language_is_marked_with_its_language(client):
    member = MemberFactory(name_en="", name_ru="Только русское", city_en="", city_ru="Псков", summary_ru="Кратко.")
    html = client.get(f"/en/members/{member.slug}/").content.decode()
    for text in ("Только русское", "Псков", "Кратко."):
        assert f'<span lang="ru">{text}</span>' in html
    russian = client.get(f"/members/{member.slug}/").content.decode()
    assert 'lang="ru">Псков' not in russian and "Псков" in russian


def test_an_english_summary_is_shown_on_english_pages_and_the_russian_one_on_russian_pages(client):
    member = MemberFactory(summary_ru="Тепловые насосы.", summary_en="Heat pumps.")
    assert "Heat pumps." in client.get("/en/members/").content.decode()
    assert "Тепловые насосы." in client.get("/members/").content.decode()
    page = client.get(f"/en/members/{member.slug}/").content.decode()
    assert "Heat pumps." in page and "Тепловые насосы." not in page


@pytest.mark.parametrize(
    ("legal_form", "gloss"),
    [("ООО", "LLC"), ("АО", "JSC"), ("ПАО", "PJSC"), ("ФГБОУ ВО", "federal state budgetary educational institution")],
)
def test_a_russian_legal_form_keeps_its_original_with_an_english_gloss_on_english_pages(client, legal_form, gloss):
    member = MemberFactory(legal_form=legal_form)
    english = client.get(f"/en/members/{member.slug}/").content.decode()
    assert f'<span lang="ru">{legal_form}</span> ({gloss}' in english
    assert gloss not in client.get(f"/members/{member.slug}/").content.decode()


def test_a_foreign_legal_form_is_shown_as_it_is(client):
    member = MemberFactory(country="FI", region=None, legal_form="Oy", registration_number="")
    assert "<dd>Oy</dd>" in client.get(f"/en/members/{member.slug}/").content.decode()


def former_member(**fields) -> Member:
    member = MemberFactory(current=False, **fields)
    member_join(member=member, joined_on=datetime.date(2012, 3, 1))
    member_leave(member=member, left_on=datetime.date(2014, 6, 30))
    member_join(member=member, joined_on=datetime.date(2016, 1, 1))
    member_leave(member=member, left_on=datetime.date(2016, 12, 31))
    return member


def test_a_former_member_page_is_gone_and_names_the_member_and_its_years(client, django_assert_max_num_queries):
    member = former_member(name_ru="Бывший участник", name_en="Former Member")
    with django_assert_max_num_queries(
        5
    ):  # the revision, the public member (none), the former one, its periods; the footer
        response = client.get(f"/members/{member.slug}/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "Бывший участник" in html and "2012–2014" in html and "2016<" in html
    english = client.get(f"/en/members/{member.slug}/")
    assert english.status_code == 410 and "Former Member" in english.content.decode()


@pytest.mark.parametrize("state", ["unpublished former", "not yet joined"])
def test_a_member_the_public_never_saw_stays_not_found(client, state):
    if state == "unpublished former":
        member = former_member(is_published=False)
    else:
        member = MemberFactory(current=False)
        member_join(member=member, joined_on=datetime.date.today() + datetime.timedelta(days=10))
    assert client.get(f"/members/{member.slug}/").status_code == 404


def test_a_former_member_page_shows_no_private_field(client):
    member = former_member(contact_name="Secret Person", contact_email="secret@private.example.org")
    html = client.get(f"/members/{member.slug}/").content.decode().lower()
    assert "secret" not in html


def test_former_members_are_listed_counted_and_exported_only_on_request(client):
    MemberFactory(name_en="Current One")
    former_member(name_en="Former One")
    former_member(name_en="Hidden Former", is_published=False)
    plain, with_former = client.get("/en/members/"), client.get("/en/members/", {"former": "on"})
    assert "Former One" not in plain.content.decode()
    assert plain.context["paginator"].count == 1
    html = with_former.content.decode()
    assert "Current One" in html and "Former One" in html and "Hidden Former" not in html
    assert with_former.context["paginator"].count == 2
    assert "former member" in html
    export = client.get("/en/members/export.xlsx", {"former": "on"})
    content = b"".join(export.streaming_content) if export.streaming else export.content
    names = [row[0] for row in sheet_of(content).iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Current One", "Former One"]


def test_the_former_filter_keeps_the_directory_query_count(client, django_assert_max_num_queries):
    for _ in range(5):
        MemberFactory()
        former_member()
    with django_assert_max_num_queries(8):
        assert client.get("/members/", {"former": "on"}).status_code == 200
