import pytest

from .factories import ChairTermFactory, month


@pytest.fixture
def release_terms(db):
    """The press release's four terms, each handing over to the next within a month."""
    return [
        ChairTermFactory(country="RU", first_month=month(2014, 10), last_month=month(2015, 3)),
        ChairTermFactory(country="NO", first_month=month(2015, 3), last_month=month(2016, 3)),
        ChairTermFactory(country="FI", first_month=month(2016, 3), last_month=month(2017, 4)),
        ChairTermFactory(country="RU", first_month=month(2017, 4), last_month=month(2018, 4)),
    ]
