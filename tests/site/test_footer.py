"""The footer on every public page: the specialised organisation and the day the registry last changed."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from cluster_registry.context_processors import registry_footer
from members.models import Member
from members.page_cache import member_page_tokens
from pagecache.models import RegistryRevision
from tests.members.factories import MemberFactory
from tests.plans import query_plan

pytestmark = pytest.mark.django_db


def footer(client, path="/") -> str:
    html = client.get(path).content.decode()
    return html[html.index('<footer class="site-footer">') :]


def set_changed_at(moment: datetime.datetime) -> None:
    # Written without bump(): the test fixes the day the footer reports.
    RegistryRevision.objects.update(changed_at=moment)


def test_the_footer_says_when_the_registry_last_changed_in_each_language(client):
    MemberFactory()
    set_changed_at(datetime.datetime(2026, 3, 5, 12, 0, tzinfo=datetime.UTC))
    assert "Данные реестра обновлены 5 марта 2026\xa0г." in footer(client)
    assert "Registry data last changed on 5 March 2026" in footer(client, "/en/members/")


def test_the_day_is_the_sites_not_utcs(client):
    set_changed_at(datetime.datetime(2026, 3, 5, 22, 30, tzinfo=datetime.UTC))  # 6 March in St. Petersburg
    assert "6 March 2026" in footer(client, "/en/")


def test_a_write_to_the_registry_moves_the_day(client):
    set_changed_at(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert "1 January 2020" in footer(client, "/en/")
    MemberFactory()
    today = timezone.localdate()
    assert f"{today.day} {today:%B} {today.year}" in footer(client, "/en/")


def test_the_footer_links_the_specialised_organisation_while_it_is_public(client):
    MemberFactory(name_ru="Обычный участник")
    specialised = MemberFactory(name_ru="НП «Городское объединение»", cluster_role=Member.Role.SPECIALISED)
    text = footer(client)
    assert f'Специализированная организация Кластера: <a href="{specialised.get_absolute_url()}">' in text
    assert "НП «Городское объединение»" in text and "Обычный участник" not in text
    Member.objects.filter(pk=specialised.pk).update(is_published=False)
    MemberFactory()  # a write, so that the cached pages are recomputed
    assert "Специализированная организация" not in footer(client)


@pytest.mark.parametrize("prefix, text", [("", "Открытые данные"), ("/en", "Open data")])
def test_the_footer_links_the_open_data_page(client, prefix, text):
    html = footer(client, f"{prefix}/")
    assert f'<a href="{prefix}/open-data/">{text}</a>' in html


def _statements(read) -> list[tuple[str, list]]:
    """The statements `read()` sends, with their parameters, as the database receives them."""
    sent = []

    def record(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        read()
    return sent


@pytest.mark.parametrize(
    "read",
    [registry_footer, lambda: member_page_tokens(None, "some-member")],
    ids=["footer of a computed page", "tokens of a cached member page"],
)
def test_the_specialised_organisation_is_looked_up_through_its_partial_index(read):
    # Both run on every page (computed, or the member page from the cache): a scan of the members there
    # grew with the registry (SQLite did not infer the index's condition from the role's equality).
    MemberFactory.create_batch(3)
    MemberFactory(cluster_role=Member.Role.SPECIALISED)
    [(sql, params)] = _statements(read)
    using = "using member_cluster_role" if connection.vendor == "postgresql" else "USING INDEX member_cluster_role"
    assert using in query_plan(sql, params)
