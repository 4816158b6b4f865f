"""What every public page shares: both languages, the language switch, no private field, the page policy."""

import datetime
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from members.services import member_join, member_leave
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db

SENTINEL = "zq7sentinel"


@pytest.fixture
def public_member():
    return MemberFactory(
        name_ru="Технопарк Тест",
        name_en="Technopark Test",
        slug="technopark-test",
        city_ru="Псков",
        city_en="Pskov",
        employees=12,
    )


@pytest.fixture
def private_sentinel():
    """A public member and a former one whose every private field carries the sentinel."""
    private = {
        "contact_name": f"Contact {SENTINEL}",
        "contact_position": f"Director {SENTINEL}",
        "contact_email": f"{SENTINEL}@private.example.org",
        "contact_phone": f"+7 812 {SENTINEL}",
    }
    shown = MemberFactory(slug="shown", employees=40, **private)
    former = MemberFactory(slug="former", current=False, **private)
    member_join(member=former, joined_on=datetime.date(2014, 1, 1))
    member_leave(member=former, left_on=datetime.date(2016, 1, 1), reason=f"Reason {SENTINEL}")
    return shown


def public_urls(slug: str) -> list[str]:
    # Searching for a word of a private field must not find the member (nor echo anything private).
    pages = ["/", "/?on=2015-06-01", "/members/", "/members/?q=director", f"/members/{slug}/"]
    return pages + ["/en" + url for url in pages]


def test_no_private_field_appears_on_any_public_page(client, private_sentinel):
    for url in public_urls(private_sentinel.slug):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SENTINEL not in response.content.decode().lower(), url


@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [
        ("/", "ru", "Кластер сегодня"),
        ("/en/", "en", "The cluster today"),
        ("/members/", "ru", "Участники"),
        ("/en/members/", "en", "Members"),
        ("/members/technopark-test/", "ru", "Технопарк Тест"),
        ("/en/members/technopark-test/", "en", "Technopark Test"),
    ],
)
def test_each_page_renders_in_both_languages(client, public_member, url, language, heading):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert heading in html


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("/members/?country=RU&q=технопарк&page=1", "/en/members/?country=RU&q={q}&page=1"),
        ("/en/members/?country=RU&q=технопарк", "/members/?country=RU&q={q}"),
        ("/members/technopark-test/", "/en/members/technopark-test/"),
        ("/en/?on=2015-06-01", "/?on=2015-06-01"),
    ],
)
def test_the_language_switch_keeps_the_page_and_its_query(client, public_member, url, other):
    # Sent as a browser sends it (escaped) and as some clients do (raw UTF-8): the same link either way.
    assert client.get(url.replace("технопарк", quote("технопарк"))).content == client.get(url).content
    html = client.get(url).content.decode()
    switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    links = re.findall(r'href="([^"]+)"', switch)
    expected = other.format(q=quote("технопарк")).replace("&", "&amp;")
    assert links == [expected]
    assert client.get(expected.replace("&amp;", "&")).status_code == 200


class PagePolicy(HTMLParser):
    """Collects what a strict Content-Security-Policy would refuse or what loads from elsewhere."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self.labelled_ids, self.inputs, self.h1 = set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs or any(name.startswith("on") for name in attrs):
            self.problems.append(f"inline style or handler on <{tag}>")
        # A JSON-LD block is data that browsers never run (the CSP does not apply to it); any other is code.
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/ld+json":
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name in ("src", "href"):
            if tag in ("script", "link", "img", "iframe") and re.match(r"(https?:)?//", attrs.get(name) or ""):
                self.problems.append(f"<{tag}> loads {attrs[name]}")
        if tag == "label" and attrs.get("for"):
            self.labelled_ids.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.inputs.append(attrs.get("id"))
        self.h1 += tag == "h1"


@pytest.mark.parametrize("query", ["", "?country=ZZ&headcount_min=abc"])
def test_public_pages_have_no_inline_code_no_other_host_and_labelled_fields(client, private_sentinel, query):
    for url in public_urls(private_sentinel.slug):
        parser = PagePolicy()
        parser.feed(client.get(url + (query if "?" not in url else "")).content.decode())
        assert parser.problems == [], url
        assert parser.h1 == 1, url
        assert all(field_id in parser.labelled_ids for field_id in parser.inputs), url


def test_pages_have_landmarks_and_a_skip_link(client, public_member):
    html = client.get("/members/").content.decode()
    for landmark in ['<main id="content">', '<header class="site-header">', '<footer class="site-footer">']:
        assert landmark in html
    assert 'href="#content"' in html
    assert 'role="search"' in html
