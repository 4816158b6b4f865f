"""Arbitrary query parameters on the member directory and its export: never a 500, never a non-public member.

Hypothesis throws any mix of plausible and hostile values (long text, control characters, NUL, huge and
negative numbers, unknown codes) at every filter of `/members/` and `/members/export.xlsx`.
"""

import datetime
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from members.models import Member
from tests.members.factories import MemberFactory, SectorFactory

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "q",
    "country",
    "region",
    "type",
    "sector",
    "incubator",
    "headcount_min",
    "headcount_max",
    "joined_from",
    "joined_to",
    "ordering",
    "page",
]
PLAUSIBLE = [
    "RU", "ru", "FI", "NO", "DK", "company", "research", "resident", "alumnus", "sector-x", "name", "-name",
    "headcount", "-headcount", "joined", "-joined", "1", "2", "0", "-1", "2015", "1899", "3000", "25",
    "Sentinel", "сентинел", "last", "", "a\x00b", "\x00", "<script>", "%", "_", "'; DROP TABLE x; --", "9" * 40,
]  # fmt: skip
FORMER, UNPUBLISHED = "Sentinel-Former-Qx7", "Sentinel-Unpublished-Zk9"

values = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.text(max_size=250),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Zs", "Po", "Sm"]), max_size=20),
)
queries = st.dictionaries(st.sampled_from(PARAMETERS), st.lists(values, min_size=1, max_size=3), max_size=12)
paths = st.sampled_from(["/members/", "/en/members/"])
EVERYWHERE = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def registry():
    """Public members, and two sentinels that match every plausible filter but must never be shown."""
    sector = SectorFactory(slug="sector-x")
    for number in range(3):
        name = f"Sentinel public {number}"
        MemberFactory(employees=10 + number, name_ru=name, name_en=name).sectors.add(sector)
    former = MemberFactory(name_ru=FORMER, name_en=FORMER, employees=25, incubator_status="")
    former.periods.update(left_on=datetime.date(2020, 1, 1))
    Member.objects.filter(pk=former.pk).sync_summaries()  # a bulk write keeps the summaries itself
    unpublished = MemberFactory(name_ru=UNPUBLISHED, name_en=UNPUBLISHED, employees=25, is_published=False)
    for sentinel in (former, unpublished):
        sentinel.sectors.add(sector)
    return former, unpublished


def assert_no_sentinel(text: str, sentinels):
    for sentinel in sentinels:
        assert sentinel.name_ru not in text and sentinel.slug not in text


@EVERYWHERE
@given(path=paths, query=queries)
def test_the_directory_never_fails_and_never_shows_a_non_public_member(client, registry, path, query):
    response = client.get(path, query)
    has_nul = any("\x00" in value for values in query.values() for value in values)
    assert response.status_code in ((400,) if has_nul else (200, 404)), (query, response.status_code)
    assert_no_sentinel(response.content.decode(), registry)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries)
def test_the_directory_export_never_fails_and_never_lists_a_non_public_member(client, registry, query):
    response = client.get(reverse("members:member-list-export"), query)
    assert response.status_code in (200, 400, 404), (query, response.status_code)
    if response.status_code == 200:
        content = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        cells = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)
        assert_no_sentinel(cells, registry)


def test_the_sentinels_would_be_found_if_the_public_rule_were_missing(client, registry):
    # Guards the property tests above: the sentinels match the filters, so only public() keeps them out.
    from members.models import Member

    assert set(Member.objects.search("Sentinel").filter(headcount=25)) == set(registry)
    page = client.get("/members/", {"q": "Sentinel"})
    assert page.status_code == 200 and "Sentinel public 0" in page.text
