"""The public downloads (xlsx, csv, json) are served from the cache under the registry's revision and built
in bounded slots."""

import csv
import html
import io
import json
import threading

import pytest
from django.db import connections
from openpyxl import load_workbook

from members.spreadsheets.admin_views import busy_message
from pagecache import bounded
from pagecache.downloads import busy_response

from .factories import MemberFactory
from .test_export_staff import CSV_FORMAT, EXPORT_URL, staff

pytestmark = pytest.mark.django_db

DOWNLOADS = ["/members/export.xlsx", "/members/export.csv", "/members/export.json"]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def exported_names(response) -> list[str]:
    content = body(response)
    if response["Content-Type"].startswith("text/csv"):
        return [row[0] for row in list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1:]]
    if response["Content-Type"].startswith("application/json"):
        return [member["name"] for member in json.loads(content)["members"]]
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_repeated_download_is_served_from_the_cache_with_one_query(client, django_assert_num_queries, url):
    MemberFactory.create_batch(3)
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the revision token
        second = client.get(url)
    assert second.status_code == 200 and body(second) == body(first)
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_change_of_the_registry_makes_the_cached_file_stale(client, url):
    MemberFactory(name_ru="Первая")
    assert exported_names(client.get(url)) == ["Первая"]
    MemberFactory(name_ru="Вторая")
    assert sorted(exported_names(client.get(url))) == ["Вторая", "Первая"]


@pytest.mark.parametrize("url", DOWNLOADS)
def test_each_query_string_and_language_has_its_own_file(client, url):
    MemberFactory(name_ru="Одна", name_en="One", country="FI")
    MemberFactory(name_ru="Другая", name_en="Other", country="RU")
    assert exported_names(client.get(url, {"country": "FI"})) == ["Одна"]
    assert sorted(exported_names(client.get(url))) == ["Другая", "Одна"]
    assert exported_names(client.get("/en" + url, {"country": "FI"})) == ["One"]


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_file_larger_than_the_cache_limit_is_streamed_and_built_again(client, settings, url):
    settings.REGISTRY_DOWNLOAD_CACHE_MAX_BYTES = 100
    MemberFactory.create_batch(2)
    first = client.get(url)
    assert first.streaming and len(exported_names(first)) == 2
    second = client.get(url)
    assert second.streaming and len(exported_names(second)) == 2


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_download_while_every_slot_is_taken_gets_503_with_retry_after(client, url):
    MemberFactory()
    with bounded.slot("export", 1):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == str(bounded.RETRY_AFTER)
    assert response.content.decode() == busy_response().content.decode()
    assert client.get(url).status_code == 200  # the slot is free again


@pytest.mark.parametrize("url", DOWNLOADS)
def test_the_bound_holds_across_processes_not_only_in_this_one(client, url):
    # Another process holding the slot is stood in for by a thread with a database connection of its own
    # taking the shared lock alone (advisory lock on PostgreSQL, file lock elsewhere), not this process's
    # semaphore.
    MemberFactory()
    taken, release = threading.Event(), threading.Event()

    def other_process():
        try:
            with bounded._shared_slot("export", 1, "default"):
                taken.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_process)
    thread.start()
    try:
        assert taken.wait(10)
        assert client.get(url).status_code == 503
    finally:
        release.set()
        thread.join()
    assert client.get(url).status_code == 200


def test_the_staff_export_over_the_bound_says_so_on_its_page(client, django_user_model):
    client.force_login(staff(django_user_model, "exporter", "view_member", "export_members"))
    MemberFactory()
    data = {"format": CSV_FORMAT, "resource": "0", "memberresource_name_ru": "on"}
    with bounded.slot("export", 1):
        response = client.post(EXPORT_URL, data)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert busy_message() in html.unescape(response.content.decode())
    exported = client.post(EXPORT_URL, data)
    assert exported["Content-Type"].startswith("text/csv")
