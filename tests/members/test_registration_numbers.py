import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Member
from members.registration import format_registration_number, normalise_registration_number

from .factories import MemberFactory

VALID = [
    ("RU", "7830002293", "7830002293"),  # INN of a company, 10 digits
    ("RU", "500100732259", "500100732259"),  # INN of a person, 12 digits
    ("RU", "1027739552642", "1027739552642"),  # OGRN, 13 digits
    ("FI", "2077474-0", "20774740"),
    ("NO", "988 077 917", "988077917"),
    ("DK", "DK 13585628", "13585628"),
]
INVALID = [
    ("RU", "7830002294"),  # wrong INN check digit
    ("RU", "1027739552643"),  # wrong OGRN check digit
    ("RU", "78300"),
    ("FI", "2077474-1"),
    ("NO", "988077918"),
    ("DK", "13585627"),
]


@pytest.mark.parametrize(("country", "number", "normalised"), VALID)
def test_valid_registration_numbers_are_accepted_and_normalised(country, number, normalised):
    assert normalise_registration_number(country, number) == normalised


@pytest.mark.parametrize(("country", "number"), INVALID)
def test_invalid_registration_numbers_are_refused(country, number):
    with pytest.raises(ValidationError):
        normalise_registration_number(country, number)


def test_a_wrong_inn_checksum_names_the_field_and_the_reason(db):
    member = MemberFactory.build(country="RU", registration_number="7830002294", region=None)
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    messages = caught.value.message_dict["registration_number"]
    assert any("неверна контрольная цифра" in message for message in messages)


def test_other_countries_keep_free_text():
    assert normalise_registration_number("DE", "  HRB  12345 ") == "HRB 12345"


def test_a_duplicate_registration_number_in_the_same_country_is_refused(db):
    MemberFactory(registration_number="7830002293")
    twin = MemberFactory.build(registration_number="7830002293", slug="twin", region=None)
    with pytest.raises(ValidationError) as caught:
        twin.full_clean()
    assert "registration_number" in caught.value.message_dict
    assert Member.objects.filter(registration_number="7830002293").count() == 1


def test_the_same_number_in_another_country_is_not_a_duplicate(db):
    MemberFactory(registration_number="13585628", country="DK", region=None)
    other = MemberFactory.build(registration_number="13585628", country="NO", slug="no-twin", region=None)
    with pytest.raises(ValidationError) as caught:  # invalid in Norway, but not as a duplicate
        other.full_clean()
    assert "Another member" not in str(caught.value)


def test_the_database_refuses_a_duplicate_that_skips_validation(db):
    from django.db import IntegrityError, transaction

    MemberFactory(registration_number="7830002293")
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(name_ru="Копия", slug="copy", country="RU", registration_number="7830002293")


def test_a_norwegian_number_typed_with_spaces_is_stored_compact_and_shown_formatted(db, client):
    member = MemberFactory(country="NO", region=None, registration_number="923 609 016")
    member.full_clean()
    member.save()
    member.refresh_from_db()
    assert member.registration_number == "923609016"
    assert member.registration_number_display == "923 609 016"
    page = client.get(member.get_absolute_url()).content.decode()
    assert "923 609 016" in page.replace("&nbsp;", " ")


def test_a_finnish_business_id_is_stored_without_and_shown_with_its_hyphen(db):
    member = MemberFactory(country="FI", region=None, registration_number="2345678-0")
    member.full_clean()
    assert member.registration_number == "23456780"
    assert member.registration_number_display == "2345678-0"


def test_numbers_without_a_format_are_shown_as_stored():
    assert format_registration_number("RU", "7830002293") == "7830002293"
    assert format_registration_number("DK", "13585628") == "13585628"
    assert format_registration_number("SE", "556012-5790") == "556012-5790"
    assert format_registration_number("FI", "not a number") == "not a number"


@pytest.mark.parametrize("typed", ["923 609 016", "923609016"])
def test_the_admin_finds_a_number_by_either_form(admin_client, typed):
    member = MemberFactory(country="NO", registration_number="923609016", name_ru="Фьорд", name_en="Fjord")
    MemberFactory(country="NO", registration_number="988077917", name_ru="Другой", name_en="Other")
    response = admin_client.get(reverse("admin:members_member_changelist"), {"q": typed})
    assert [row.pk for row in response.context["cl"].result_list] == [member.pk]


def test_the_admin_finds_a_business_id_typed_with_its_hyphen(admin_client):
    member = MemberFactory(country="FI", registration_number="23456780")
    response = admin_client.get(reverse("admin:members_member_changelist"), {"q": "2345678-0"})
    assert [row.pk for row in response.context["cl"].result_list] == [member.pk]


def test_the_admin_form_shows_the_number_formatted_and_saves_it_compact(admin_client):
    member = MemberFactory(country="NO", registration_number="923609016")
    page = admin_client.get(reverse("admin:members_member_change", args=[member.pk])).content.decode()
    assert 'value="923 609 016"' in page


def test_a_number_typed_with_spaces_in_the_admin_is_saved_compact(admin_client):
    data = {"name_ru": "Фьорд", "name_en": "Fjord", "slug": "fjord", "country": "NO", "member_type": "company"}
    data |= {"cluster_role": "participant", "registration_number": "923 609 016"}
    data |= {"periods-TOTAL_FORMS": "1", "periods-INITIAL_FORMS": "0", "periods-0-joined_on": "2020-01-01"}
    data |= {"headcounts-TOTAL_FORMS": "0", "headcounts-INITIAL_FORMS": "0"}
    data |= {"yearly_figures-TOTAL_FORMS": "0", "yearly_figures-INITIAL_FORMS": "0"}
    response = admin_client.post(reverse("admin:members_member_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Member.objects.get(slug="fjord").registration_number == "923609016"
