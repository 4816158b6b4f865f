"""The projects list on a phone: its filters folded behind their heading unless one is in use."""

import re

import pytest

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query,is_open", [({}, False), ({"page": "1"}, False), ({"year": "2015"}, True)])
def test_the_filters_are_folded_unless_one_is_in_use(client, query, is_open):
    ProjectFactory()
    html = client.get("/projects/", query).content.decode()
    assert re.search(r'<details class="filters-disclosure"( open)?>', html).group(1) == (" open" if is_open else None)
    assert html.index("</details>") < html.index('id="project-results-heading"')
