"""Fragments cached under their own content (`pagecache.fragments`): the home page's charts."""

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils import translation

from members.charts import bar_chart
from members.models import Member
from pagecache.fragments import content_key
from tests.members.factories import MemberFactory, valid_inn


def chart(value: int) -> dict:
    return bar_chart(chart_id="c", title="Members", label_header="Country", series=["Members"], rows=[("RU", value)])


def test_the_key_follows_the_data_the_language_and_the_template():
    with translation.override("ru"):
        first, same, other = chart(3)["key"], chart(3)["key"], chart(4)["key"]
        another_template = content_key({"n": 3}, template="includes/bar_chart.html") != content_key(
            {"n": 3}, template="members/includes/map.html"
        )
    with translation.override("en"):
        english = chart(3)["key"]
    assert first == same and other != first and english != first and another_template


@pytest.mark.django_db
def test_the_home_page_draws_a_changed_chart_afresh_and_an_unchanged_one_comes_from_the_cache(client):
    def drawn(response) -> dict[str, bool]:
        keys = [chart["key"] for chart in response.context["charts"]]
        return {key: cache.get(make_template_fragment_key("bar-chart", [key])) is not None for key in keys}

    cache.clear()
    MemberFactory(registration_number=valid_inn(1))
    Member.objects.sync_summaries()
    before = drawn(client.get("/en/"))
    assert before and all(before.values())  # every chart drawn once is kept
    MemberFactory(registration_number=valid_inn(2), member_type=Member.Type.RESEARCH)
    Member.objects.sync_summaries()
    response = client.get("/en/")
    after = drawn(response)
    assert all(after.values())
    # Members by country and by type changed and were drawn again; the employees (none reported) did not.
    assert set(after) - set(before) and set(after) & set(before)
    assert "Research or education institution" in response.content.decode()
