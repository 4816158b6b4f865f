"""Structured data for search engines (JSON-LD, meta tags, sitemap.xml, robots.txt) and the open-data page."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest

from members.services import member_leave
from tests.members.factories import MemberFactory, RegionFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def json_ld(content: bytes) -> list[dict]:
    blocks = re.findall(rb'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return [json.loads(block) for block in blocks]


def test_a_member_page_describes_the_member_as_a_schema_org_organization(client, db):
    region = RegionFactory(country="FI", name_en="Uusimaa", name_ru="Уусимаа", code="FI-18")
    member = MemberFactory(
        name_ru="Норд Хит", name_en="Nord Heat", country="FI", region=region, city_en="Espoo",
        registration_number="6851263-5", website="https://nordheat.example.fi/", employees=40,
    )  # fmt: skip
    (record,) = json_ld(client.get(f"/en/members/{member.slug}/").content)
    assert record["@type"] == "Organization"
    assert record["name"] == "Nord Heat" and "Норд Хит" in record["alternateName"]
    assert record["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "FI",
        "addressLocality": "Espoo",
        "addressRegion": "Uusimaa",
    }
    assert record["identifier"] == {"@type": "PropertyValue", "propertyID": "FI-PRO", "value": "6851263-5"}
    assert record["url"] == "https://nordheat.example.fi/"
    assert record["mainEntityOfPage"] == f"http://testserver/en/members/{member.slug}/"
    assert record["memberOf"]["name"] == "St. Petersburg Cleantech Cluster for Urban Environment"
    (russian,) = json_ld(client.get(f"/members/{member.slug}/").content)
    assert russian["name"] == "Норд Хит"


def test_the_json_ld_cannot_be_closed_by_the_data(client, db):
    member = MemberFactory(name_ru="</script><script>alert(1)</script>")
    content = client.get(f"/members/{member.slug}/").content
    (record,) = json_ld(content)
    assert record["name"] == "</script><script>alert(1)</script>"
    assert b"<script>alert" not in content


def test_the_home_page_describes_the_cluster(client, db):
    (record,) = json_ld(client.get("/").content)
    assert record["@type"] == "Organization"
    assert record["name"].startswith("Санкт-Петербургский Кластер")
    assert record["url"] == "http://testserver/"


@pytest.mark.parametrize("url", ["/", "/en/", "/members/", "/en/governance/", "/projects/", "/open-data/"])
def test_every_public_page_has_a_description_and_open_graph_tags(client, db, url):
    content = client.get(url).content.decode()
    for tag in ('name="description"', 'property="og:title"', 'property="og:description"', 'property="og:url"'):
        assert re.search(rf'<meta {tag} content="[^"]+">', content), (url, tag)


def test_member_and_project_pages_have_their_own_open_graph_title(client, db):
    member = MemberFactory(name_ru="Ромашка")
    assert '<meta property="og:title" content="Ромашка">' in client.get(f"/members/{member.slug}/").content.decode()
    project = ProjectFactory(title_ru="Чистый двор", lead=member)
    assert (
        '<meta property="og:title" content="Чистый двор">' in client.get(f"/projects/{project.slug}/").content.decode()
    )


def sitemap(client) -> dict[str, set[tuple[str, str]]]:
    """{page: {(hreflang, alternate)}} of sitemap.xml."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 -- our own response
    return {
        url.find(f"{SITEMAP}loc").text: {(link.get("hreflang"), link.get("href")) for link in url.iter(f"{XHTML}link")}
        for url in root.iter(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_every_public_page_in_both_languages_and_nothing_else(client, db):
    public = [MemberFactory() for _ in range(3)]
    hidden = MemberFactory(slug="unpublished", is_published=False)
    former = MemberFactory(slug="former")
    member_leave(member=former, left_on=datetime.date(2018, 1, 1))
    project = ProjectFactory(lead=public[0])
    ProjectFactory(slug="hidden-project", is_published=False, lead=public[1])
    pages = sitemap(client)
    for member in public:
        ru, en = f"http://testserver/members/{member.slug}/", f"http://testserver/en/members/{member.slug}/"
        assert {ru, en} <= set(pages)
        assert {("ru", ru), ("en", en), ("x-default", ru)} <= pages[ru]
    for path in ("/", "/members/", "/governance/", "/projects/", "/open-data/", f"/projects/{project.slug}/"):
        assert {f"http://testserver{path}", f"http://testserver/en{path}"} <= set(pages)
    listed = " ".join(pages)
    assert hidden.slug not in listed and former.slug not in listed and "hidden-project" not in listed
    member_pages = [page for page in pages if "/members/" in page and not page.endswith("/members/")]
    assert len(member_pages) == 2 * len(public)


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_the_open_data_page_names_the_licence_the_api_and_the_downloads(client, db, settings):
    settings.OPEN_DATA_LICENCE = {"name": "ODbL 1.0", "url": "https://opendatacommons.org/licenses/odbl/1-0/"}
    for prefix in ("", "/en"):
        content = client.get(f"{prefix}/open-data/").content.decode()
        assert "ODbL 1.0" in content and "https://opendatacommons.org/licenses/odbl/1-0/" in content
        assert "http://testserver/api/v1/" in content and "http://testserver/api/v1/schema/" in content
        assert "/members/export.csv" in content and "/members/export.json" in content
    assert "Открытые данные" in client.get("/open-data/").content.decode()
