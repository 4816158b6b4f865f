"""Members' logos: uploaded by staff in the admin, checked with Pillow, served resized with safe headers."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.models import Member
from tests.members.factories import MemberFactory
from tests.site.test_history import change_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(size=(600, 300), image_format="PNG", mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "green").save(buffer, format=image_format)
    return buffer.getvalue()


def upload(staff_client, member, name: str, content: bytes, content_type="image/png"):
    data = change_form(member, logo_upload=SimpleUploadedFile(name, content, content_type=content_type))
    return staff_client.post(reverse("admin:members_member_change", args=[member.pk]), data)


def refusal(response) -> str:
    assert response.status_code == 200  # the form again, with its errors
    return " ".join(response.context["adminform"].form.errors.get("logo_upload", []))


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_an_accepted_logo_is_served_resized_with_nosniff(client, staff_client, image_format):
    member = MemberFactory()
    response = upload(staff_client, member, f"logo.{image_format.lower()}", image_bytes(image_format=image_format))
    assert response.status_code == 302
    member.refresh_from_db()
    for field, longest in (("logo_small", 96), ("logo_large", 256)):
        served = client.get(getattr(member, field).url)
        assert served.status_code == 200
        assert served["Content-Type"] == "image/webp"
        assert served["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in served["Content-Security-Policy"]
        image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
        assert image.format == "WEBP" and max(image.size) == longest and image.size[0] == 2 * image.size[1]


def test_a_small_logo_is_not_enlarged(staff_client):
    member = MemberFactory()
    upload(staff_client, member, "logo.png", image_bytes(size=(40, 20)))
    member.refresh_from_db()
    with member.logo_large.open() as stored:
        assert Image.open(stored).size == (40, 20)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"not an image at all"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.gif", None),  # a real image, but not one of the accepted formats
        ("logo.png", image_bytes()[:60]),  # a truncated PNG
    ],
)
def test_a_logo_that_is_not_an_accepted_image_is_refused_with_a_message(staff_client, name, content):
    member = MemberFactory()
    if content is None:
        content = image_bytes(image_format="GIF", mode="P")
    assert "не изображение PNG, JPEG или WebP" in refusal(upload(staff_client, member, name, content))
    member.refresh_from_db()
    assert not member.logo_small and not member.logo_large


def test_a_logo_larger_than_the_limit_is_refused_with_a_message(staff_client, settings):
    settings.MEMBER_LOGO_MAX_BYTES = 1000
    member = MemberFactory()
    noisy = Image.frombytes("L", (300, 300), os.urandom(300 * 300))  # noise does not compress
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG")
    content = buffer.getvalue()
    assert len(content) > 1000
    assert "не больше 1000 байт" in refusal(upload(staff_client, member, "logo.png", content)).replace("\xa0", " ")
    assert not Member.objects.get(pk=member.pk).logo_small


def test_a_decompression_bomb_is_refused_before_it_is_decoded(staff_client):
    member = MemberFactory()
    content = image_bytes(size=(6000, 6000), mode="1")  # 36 megapixels in a few kilobytes
    assert "слишком много пикселей" in refusal(upload(staff_client, member, "bomb.png", content))


def test_a_new_logo_replaces_the_old_files_and_removing_it_clears_both(
    staff_client, media_root, django_capture_on_commit_callbacks
):
    member = MemberFactory()
    upload(staff_client, member, "first.png", image_bytes())
    member.refresh_from_db()
    first = member.logo_small.name
    with django_capture_on_commit_callbacks(execute=True):  # the old files go once the new ones are saved
        upload(staff_client, member, "second.png", image_bytes(size=(200, 200)))
    member.refresh_from_db()
    assert member.logo_small.name != first and not (media_root / first).exists()
    data = change_form(member, logo_remove="on")
    staff_client.post(reverse("admin:members_member_change", args=[member.pk]), data)
    member.refresh_from_db()
    assert not member.logo_small and not member.logo_large


def test_the_logo_is_shown_on_the_card_and_the_member_page_without_extra_queries(
    client, staff_client, django_assert_max_num_queries
):
    member = MemberFactory()
    upload(staff_client, member, "logo.png", image_bytes())
    member.refresh_from_db()
    client.logout()
    with django_assert_max_num_queries(8):
        listing = client.get("/members/").content.decode()
    assert f'src="{member.logo_small.url}"' in listing
    with django_assert_max_num_queries(7):  # the page, its sections and the footer
        page = client.get(f"/members/{member.slug}/").content.decode()
    assert f'src="{member.logo_large.url}"' in page


def test_the_admin_form_offers_the_upload_and_shows_the_current_logo(staff_client):
    member = MemberFactory()
    url = reverse("admin:members_member_change", args=[member.pk])
    assert 'name="logo_upload"' in staff_client.get(url).content.decode()
    upload(staff_client, member, "logo.png", image_bytes())
    member.refresh_from_db()
    assert f'src="{member.logo_large.url}"' in staff_client.get(url).content.decode()
