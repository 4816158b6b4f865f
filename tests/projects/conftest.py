import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Messages in English, for tests that read them (the site's default language is Russian)."""
    with translation.override("en"):
        yield
