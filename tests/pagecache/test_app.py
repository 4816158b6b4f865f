"""The page cache is an app of its own at the bottom: it needs none of ours, and the apps need it installed."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

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
