"""A walk over every admin URL of the registry, as a viewer and as an editor, with hostile ids and parameters.

Hypothesis draws a URL of any registry admin (lists, forms, history, versions, as-of, leaving, import,
export), path ids (real, missing, huge, negative, text), and query parameters: a lookup on every field
and every field one relation away (`member__contact_email__startswith`), ordering, search, paging,
huge and repeated values. Two properties:

- no answer is a server error, for either role;
- for a viewer, the answer does not depend on contact details: the same request is made again after
  every member's contact details (and their history) have been replaced, and must answer the same,
  byte for byte once the per-response CSRF tokens are set aside. A count that moved with a prefix of
  an e-mail address would show here.
"""

import difflib
import re
from itertools import count
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cluster_registry import roles
from members.models import Member
from members.restricted import RESTRICTED_FIELDS
from tests.governance.factories import AffiliationFactory, BoardSeatFactory, ChairTermFactory, DocumentFactory
from tests.members.factories import MemberFactory, SectorFactory
from tests.projects.factories import AwardFactory, ProjectFactory

pytestmark = pytest.mark.django_db

REGISTRY = [
    (model, admin_) for model, admin_ in admin.site._registry.items() if model._meta.app_label in roles.REGISTRY_APPS
]
LOOKUPS = ["", "exact", "iexact", "startswith", "icontains", "gt", "lte", "isnull", "in", "regex", "range", "year"]
SPECIAL = ["o", "q", "p", "e", "all", "membership", "date", "_popup", "_to_field", "_changelist_filters", "t"]
# Two sets of contact details; the walk switches every member between them.
CONTACTS = [
    {"contact_name": "Анна Секретова", "contact_position": "Хранитель", "contact_email": "sekret@example.org",
     "contact_phone": "+7 812 5550101"},
    {"contact_name": "Борис Тайнов", "contact_position": "Boss", "contact_email": "tajna@example.net",
     "contact_phone": "8 800 1002030"},
]  # fmt: skip
PREFIXES = [value[:length] for state in CONTACTS for value in state.values() for length in (1, 3, 40)]
HOSTILE = [
    "0", "-1", "9" * 30, "1.5", "abc", " ", "%", "_", "'", "(", "[", "..", "١", "9" * 5000, "true", "False", "\x00",
]  # fmt: skip
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"')
MESSAGES = re.compile(rb'<ul class="messagelist">.*?</ul>', re.DOTALL)
SPACE = re.compile(rb"\s+")


def lookup_paths(model) -> list[str]:
    """Every field of the model and of the models one relation away, as a lookup path."""
    paths = []
    for field in model._meta.get_fields():
        paths.append(field.name)
        if field.is_relation and field.related_model is not None:
            paths += [f"{field.name}__{far.name}" for far in field.related_model._meta.get_fields()]
    return [f"{path}__{lookup}" if lookup else path for path in paths for lookup in LOOKUPS]


def routes() -> list[tuple]:
    """(model, URL name, number of path arguments) of every named URL of every registry admin."""
    found = []
    for model, model_admin in REGISTRY:
        for pattern in model_admin.get_urls():
            if pattern.name:
                found.append((model, f"admin:{pattern.name}", pattern.pattern.regex.groups))
    return found


ROUTES = routes()
AUTOCOMPLETE = [
    (model._meta.app_label, model._meta.model_name, field)
    for model, admin_ in REGISTRY
    for field in admin_.autocomplete_fields
]
values = st.one_of(
    st.sampled_from(PREFIXES + HOSTILE + ["", "1", "2", "all", "current", "former", "2016-01-01", "0.1.2", "-1"]),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)


@st.composite
def requests(draw, ids):
    model, name, arguments = draw(st.sampled_from(ROUTES))
    path_ids = [draw(st.one_of(st.sampled_from(ids), st.sampled_from(HOSTILE).map(quote))) for _ in range(arguments)]
    keys = st.sampled_from(lookup_paths(model) + SPECIAL + [f"{path}__startswith" for path in restricted_paths()])
    params = draw(st.dictionaries(keys, st.lists(values, min_size=1, max_size=3), max_size=4))
    post = name.endswith("_export") and draw(st.booleans())
    return name, path_ids, params, post


@st.composite
def autocomplete_requests(draw):
    """The admin's autocomplete, which searches a registry model for a field of another's form."""
    app_label, model_name, field_name = draw(st.sampled_from(AUTOCOMPLETE))
    params = {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": draw(values)}
    return "admin:autocomplete", [], {**params, **draw(st.dictionaries(st.sampled_from(SPECIAL), values))}, False


def restricted_paths() -> list[str]:
    names = [name for rules in RESTRICTED_FIELDS.values() for _permission, fields in rules for name in fields]
    return names + [f"member__{name}" for name in names] + [f"lead__{name}" for name in names]


def set_contacts(state: int) -> None:
    """Give every member, and every version of it in the history, the contact details of `state`."""
    numbers = count()
    for model in (Member, Member.history.model):
        for pk in model.objects.values_list("pk", flat=True):
            number = next(numbers)
            details = {key: f"{value} {number}" if key != "contact_email" else f"{number}{value}"
                       for key, value in CONTACTS[state].items()}  # fmt: skip
            model.objects.filter(pk=pk).update(**details)


def fingerprint(response) -> tuple:
    if response.status_code in (301, 302):
        return response.status_code, response["Location"]
    content = MESSAGES.sub(b"", CSRF.sub(b"", response.content))
    return response.status_code, SPACE.sub(b" ", content)  # a message left by an earlier answer leaves blank lines


def difference(before, after) -> str:
    """The two answers tag by tag, where they differ."""
    tags = [[str(status), *body.decode(errors="replace").split(">")] for status, body in (before, after)]
    return "\n".join(difflib.unified_diff(*tags, lineterm="", n=2))


def answer(client, name, path_ids, params, post):
    try:
        url = reverse(name, args=path_ids)
    except NoReverseMatch:
        url = reverse(name, args=["1"] * len(path_ids))
    if post:
        columns = {f"memberresource{suffix}_name_ru": "on" for suffix in ("", "withcontacts")}
        query = urlencode(params, doseq=True)
        response = client.post(f"{url}?{query}", {"format": "1", "resource": "0", **columns})
    else:
        response = client.get(url, params)
    assert response.status_code < 500, (url, params)
    return response


@pytest.fixture
def registry_data():
    """A little of everything the admin lists, members with contact details among them."""
    sector = SectorFactory()
    members = [MemberFactory(employees=10 + number) for number in range(3)]
    members[0].sectors.add(sector)
    MemberFactory(current=False, is_published=False)
    ChairTermFactory(member=members[0], person="Председатель")
    BoardSeatFactory(member=members[1])
    AffiliationFactory()
    DocumentFactory()
    AwardFactory(project=ProjectFactory(lead=members[2], participants=[members[1]]))
    set_contacts(0)
    ids = {str(pk) for model, _admin in REGISTRY for pk in model.objects.values_list("pk", flat=True)}
    ids |= {str(pk) for pk in Member.history.values_list("history_id", flat=True)}
    return sorted(ids)


def logged_in(django_user_model, group_name) -> Client:
    user = django_user_model.objects.create_user(group_name.split()[-1], None, None, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return client


WALK = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_a_viewer_gets_no_error_and_no_answer_that_depends_on_contact_details(django_user_model, registry_data):
    client = logged_in(django_user_model, roles.VIEWERS)
    state = [0]

    @WALK
    @given(request=st.one_of(requests(registry_data), autocomplete_requests()))
    def walk(request):
        before = fingerprint(answer(client, *request))
        state[0] = 1 - state[0]
        set_contacts(state[0])
        after = fingerprint(answer(client, *request))
        assert after == before, difference(before, after)

    walk()


def test_an_editor_gets_no_error_from_any_admin_url(django_user_model, registry_data):
    client = logged_in(django_user_model, roles.EDITORS)

    @WALK
    @given(request=st.one_of(requests(registry_data), autocomplete_requests()))
    def walk(request):
        answer(client, *request)

    walk()
