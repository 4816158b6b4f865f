"""Write the synthetic registry into the (benchmark's own, freshly migrated) database with bulk_create."""

import time

from django.db import connection, transaction

from members.english import by_script
from members.models import HeadcountReport, Incubator, Member, MembershipPeriod, Region, Sector

from . import generator, projects_data
from .generator import MemberSpec


def create_reference_data() -> dict:
    """Regions, sectors and the incubator the members point to; returns lookups by natural key."""
    regions = Region.objects.bulk_create(
        [Region(country=r.country, name_en=r.name_en, name_ru=r.name_ru, code=r.code) for r in generator.REGIONS]
    )
    sectors = Sector.objects.bulk_create(
        [Sector(slug=slug, name_ru=ru, name_en=en) for slug, ru, en in generator.SECTORS]
    )
    slug, name_ru, name_en = generator.INCUBATOR
    incubator = Incubator.objects.create(slug=slug, name_ru=name_ru, name_en=name_en, is_default=True)
    return reference_data(regions, sectors, incubator)


def reference_data(regions=None, sectors=None, incubator=None) -> dict:
    regions = regions if regions is not None else Region.objects.all()
    sectors = sectors if sectors is not None else Sector.objects.all()
    return {
        "regions": {(str(r.country), r.name_en): r for r in regions},
        "sectors": {s.slug: s for s in sectors},
        "incubator": incubator or Incubator.objects.get(is_default=True),
    }


def member_instance(spec: MemberSpec, reference: dict) -> Member:
    region = reference["regions"][(spec.region.country, spec.region.name_en)] if spec.region else None
    member = Member(
        slug=spec.slug,
        name_ru=spec.name_ru,
        name_en=spec.name_en,
        short_name=spec.short_name,
        legal_form=spec.legal_form,
        member_type=spec.member_type,
        country=spec.country,
        region=region,
        city_ru=by_script(spec.city)[0],
        city_en=by_script(spec.city)[1],
        website=spec.website,
        description_ru=spec.description_ru,
        description_en=spec.description_en,
        registration_number=spec.registration_number,
        incubator_status=spec.incubator_status,
        incubator=reference["incubator"] if spec.incubator_status else None,
        incubator_from_year=spec.incubator_from_year,
        incubator_to_year=spec.incubator_to_year,
        contact_name=spec.contact_name,
        contact_email=spec.contact_email,
        contact_phone=spec.contact_phone,
        is_published=spec.is_published,
    )
    member.search_text = member.build_search_text()
    return member


def write_members(specs: list[MemberSpec], reference: dict) -> list[Member]:
    """Members with their periods, headcount history and sectors; no history records, no validation."""
    members = Member.objects.bulk_create([member_instance(spec, reference) for spec in specs])
    if any(member.pk is None for member in members):  # a database that cannot return ids from a bulk insert
        ids = dict(Member.objects.filter(slug__in=[m.slug for m in members]).values_list("slug", "pk"))
        for member in members:
            member.pk = ids[member.slug]
    periods, reports, links = [], [], []
    through = Member.sectors.through
    for spec, member in zip(specs, members, strict=True):
        periods += [
            MembershipPeriod(member=member, joined_on=j, left_on=left, leave_reason=r) for j, left, r in spec.periods
        ]
        reports += [HeadcountReport(member=member, reported_on=day, employees=n) for day, n in spec.headcounts]
        links += [through(member_id=member.pk, sector_id=reference["sectors"][slug].pk) for slug in spec.sectors]
    MembershipPeriod.objects.bulk_create(periods)
    HeadcountReport.objects.bulk_create(reports)
    through.objects.bulk_create(links)
    return members


def populate(*, members: int, seed: int, batch_size: int = 2000, log=print) -> dict:
    """Fill an empty, migrated database with `members` synthetic members; returns counts and seconds."""
    started = time.perf_counter()
    with transaction.atomic():
        reference = create_reference_data()
        for start in range(0, members, batch_size):
            write_members(generator.member_specs(seed, start, min(start + batch_size, members)), reference)
            log(f"  members {min(start + batch_size, members):,} of {members:,}")
        Member.objects.sync_summaries()
        extra = projects_data.populate(seed=seed, members=members)
    analyse()
    return {"seconds": time.perf_counter() - started, **database_counts(), **extra}


def analyse() -> None:
    """Fresh statistics, as autovacuum or a long-lived SQLite file would have them.

    On PostgreSQL a VACUUM too: autovacuum vacuums a table after bulk inserts as well (PostgreSQL 13 and
    later), which marks its pages all-visible, so an index-only scan (the directory's page of ids) need
    not visit the table. Statistics alone leave the planner a table that looks freshly written.
    """
    # VACUUM cannot run in a transaction (a test's): statistics only there.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def database_counts() -> dict:
    return {
        "members_in_db": Member.objects.count(),
        "public_in_db": Member.objects.public().count(),
        "periods_in_db": MembershipPeriod.objects.count(),
        "headcount_reports_in_db": HeadcountReport.objects.count(),
    }
