"""schema.org `Organization` records (JSON-LD) of a member and of the cluster, for search engines.

The member's record holds what its page shows the public: its names in both languages, where it is
(locality, region, country as ISO code), its website, its registration number with the org-id.guide
scheme as `identifier`, and `memberOf` the cluster. Written into the page as data, never run
(`{% json_ld %}` in `members.templatetags.structured_data`).
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from .registration import registration_scheme
from .text import in_language

SCHEMA_ORG = "https://schema.org"


def cluster_organization(request) -> dict:
    """The cluster itself: its names in both languages and its home page."""
    names = settings.CLUSTER_NAME
    language = (get_language() or "ru")[:2]
    home = request.build_absolute_uri(reverse("home"))
    return {
        "@context": SCHEMA_ORG,
        "@type": "Organization",
        "@id": home + "#organization",
        "name": names.get(language, names["ru"]),
        "alternateName": [name for code, name in names.items() if code != language],
        "url": home,
    }


def member_organization(member, request) -> dict:
    """A public member's record; `member.region` should be selected with it."""
    page = request.build_absolute_uri(member.get_absolute_url())
    name = in_language(member.name_ru, member.name_en)
    others = [text for text in (member.name_ru, member.name_en, member.short_name) if text and text != name]
    address = {"@type": "PostalAddress", "addressCountry": str(member.country)}
    if member.city:
        address["addressLocality"] = member.city
    if member.region_id:
        address["addressRegion"] = member.region.name
    record = {
        "@context": SCHEMA_ORG,
        "@type": "Organization",
        "@id": page + "#organization",
        "name": name,
        "alternateName": list(dict.fromkeys(others)),
        "url": member.website or page,
        "mainEntityOfPage": page,
        "address": address,
        "memberOf": {key: value for key, value in cluster_organization(request).items() if key != "@context"},
    }
    scheme = registration_scheme(member.country, member.registration_number)
    if scheme:
        number = member.registration_number
        record["identifier"] = {"@type": "PropertyValue", "propertyID": scheme, "value": number}
    if member.headcount is not None:
        record["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": member.headcount}
    return record
