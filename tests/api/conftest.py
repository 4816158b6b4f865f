"""Fixtures of the API's tests: a registry of every kind of public and private row, and a crawler."""

import datetime

import pytest
from rest_framework.throttling import AnonRateThrottle

from members.services import member_leave
from tests.governance.factories import AffiliationFactory, ChairTermFactory, DocumentFactory, month
from tests.members.factories import IncubatorFactory, MemberFactory, RegionFactory, SectorFactory, valid_inn
from tests.projects.factories import AwardFactory, AwardingBodyFactory, ProjectFactory

# Private values that no response of the API may ever hold.
SENTINELS = ("Sentinel-Contact-Person", "sentinel-contact@example.org", "+7 999 000-00-00", "Sentinel-Position")


@pytest.fixture(autouse=True)
def _unthrottled(monkeypatch):
    # Crawls make many requests from one address; the throttle's own test sets its rate.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})


def private(**kwargs) -> dict:
    return {
        "contact_name": SENTINELS[0],
        "contact_email": SENTINELS[1],
        "contact_phone": SENTINELS[2],
        "contact_position": SENTINELS[3],
        **kwargs,
    }


@pytest.fixture
def registry(db):
    """Thirty-odd public members of three countries, sectors, sizes; a former and an unpublished one; the rest."""
    spb = RegionFactory()
    lenobl = RegionFactory(country="RU", name_en="Leningrad Oblast", name_ru="Ленинградская область", code="RU-LEN")
    uusimaa = RegionFactory(country="FI", name_en="Uusimaa", name_ru="Уусимаа", code="FI-18")
    water = SectorFactory(slug="water", name_en="Water", name_ru="Вода")
    energy = SectorFactory(slug="energy", name_en="Energy", name_ru="Энергетика")
    incubator = IncubatorFactory()
    members = []
    for index in range(32):
        country = ("FI", "RU", "RU", "NO")[index % 4]
        member = MemberFactory(
            **private(),
            name_ru=f"Организация {chr(0x410 + index % 32)}{index:02d}",
            name_en=f"Organisation {chr(0x41 + (31 - index) % 26)}{index:02d}",
            country=country,
            region={"FI": uusimaa, "NO": None}.get(country, spb if index % 3 else lenobl),
            registration_number="" if country != "RU" else valid_inn(index + 5_000_000),
            member_type="research" if index % 5 == 0 else "company",
            employees=index * 7,
            incubator_status="resident" if index % 6 == 0 else "",
            incubator=incubator if index % 6 == 0 else None,
        )
        if index % 3 == 0:
            member.sectors.add(water)
        if index % 2 == 0:
            member.sectors.add(energy)
        members.append(member)
    unpublished = MemberFactory(**private(), slug="unpublished", is_published=False)
    former = MemberFactory(**private(), slug="former")
    member_leave(member=former, left_on=datetime.date(2018, 1, 1))
    project = ProjectFactory(lead=members[1], participants=[members[2], unpublished, former])
    ProjectFactory(lead=former, slug="led-by-a-leaver")
    ProjectFactory(slug="unpublished-project", is_published=False, lead=members[3])
    AwardFactory(project=project, body=AwardingBodyFactory())
    ChairTermFactory(country="RU", first_month=month(2014, 10), last_month=month(2015, 3), member=members[1])
    ChairTermFactory(country="FI", first_month=month(2015, 4), last_month=month(2016, 3), member=former)
    AffiliationFactory()
    DocumentFactory()
    return members


def crawl(client, start: str = "/api/v1/") -> dict[str, bytes]:
    """Every API URL reachable from `start` through the links of its responses, with its body."""
    seen: dict[str, bytes] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        path = url.removeprefix("http://testserver")
        if path in seen or not path.startswith("/api/v1/"):
            continue
        response = client.get(path)
        assert response.status_code == 200, (path, response.content[:300])
        seen[path] = response.content
        queue += list(_links(response.json()))
    return seen


def _links(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _links(value)
    elif isinstance(data, list):
        for value in data:
            yield from _links(value)
    elif isinstance(data, str) and data.startswith("http://testserver/api/v1/"):
        yield data
