"""The page cache is an app of its own at the bottom: it needs none of ours, and the apps need it installed."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_migrate
from django.test import override_settings

from pagecache import revision

from .imports import circles, import_graph, project_packages


def test_pagecache_imports_nothing_of_the_project():
    graph = import_graph()
    imported = {target for module, targets in graph.items() if module.startswith("pagecache") for target in targets}
    assert imported and {target.partition(".")[0] for target in imported} == {"pagecache"}
    assert {"members", "pagecache"} <= project_packages()


def test_no_module_of_the_project_imports_itself_through_others():
    # The page cache used to live in members: members.models -> querysets -> revision -> models.
    assert circles(import_graph()) == []


def test_the_circle_check_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_an_app_asking_to_be_watched_without_pagecache_installed_is_refused():
    without = [app for app in settings.INSTALLED_APPS if app != "pagecache"]
    refused = pytest.raises(ImproperlyConfigured, match=r"'members'.*add 'pagecache' to INSTALLED_APPS")
    with refused, override_settings(INSTALLED_APPS=without):
        pass  # the apps' ready() refuses before


@pytest.mark.django_db
def test_the_revision_is_bumped_after_pagecache_itself_is_migrated():
    # Its own post_migrate, not that of members: the bump no longer depends on which app sends it.
    before = revision.token()
    config = apps.get_app_config("pagecache")
    post_migrate.send(sender=config, app_config=config, verbosity=0, interactive=False, using="default", apps=apps)
    assert revision.token() not in ("", before)
