"""Synthetic projects and awards: one project for every 20 members, each with a few participants and awards."""

import random

from members.models import Member
from projects.models import Award, AwardingBody, Project, Theme

MEMBERS_PER_PROJECT = 20
THEMES = (
    ("energy-efficiency", "Энергоэффективность", "Energy efficiency"),
    ("housing", "Жилищное хозяйство", "Housing"),
    ("smart-grid", "Умные сети", "Smart grids"),
)
BODIES = (
    ("housing-committee", "Жилищный комитет", "Housing Committee", "city"),
    ("energy-committee", "Комитет по энергетике", "Committee on Energy", "city"),
    ("ministry-of-energy", "Минэнерго России", "Ministry of Energy of Russia", "federal"),
)
KINDS = ("gratitude", "diploma", "prize", "certificate")


def populate(*, seed: int, members: int) -> dict:
    themes = Theme.objects.bulk_create([Theme(slug=s, name_ru=ru, name_en=en) for s, ru, en in THEMES])
    bodies = AwardingBody.objects.bulk_create(
        [AwardingBody(slug=s, name_ru=ru, name_en=en, level=level) for s, ru, en, level in BODIES]
    )
    member_ids = list(Member.objects.order_by("pk").values_list("pk", flat=True))
    made = [_project(random.Random(f"{seed}:project:{n}"), n, themes, bodies, member_ids)
            for n in range(members // MEMBERS_PER_PROJECT)]  # fmt: skip
    Project.objects.bulk_create([project for project, _team, _awards in made], batch_size=1000)
    through = Project.participants.through
    links = [through(project_id=project.pk, member_id=member) for project, team, _awards in made for member in team]
    through.objects.bulk_create(links, batch_size=2000)
    awards = []
    for project, _team, project_awards in made:
        for award in project_awards:
            award.project = project
            awards.append(award)
    Award.objects.bulk_create(awards, batch_size=1000)
    return {"projects_in_db": len(made), "awards_in_db": len(awards)}


def _project(rng: random.Random, number: int, themes, bodies, member_ids):
    """Project `number`: completed, led by the first of up to five members, with up to three awards."""
    first = rng.randint(2010, 2023)
    team = rng.sample(member_ids, min(len(member_ids), rng.randint(1, 5)))
    project = Project(
        slug=f"project-{number}",
        title_ru=f"Проект № {number}",
        title_en=f"Project no. {number}",
        theme=rng.choice(themes),
        first_year=first,
        last_year=first + rng.randint(0, 2),
        status="completed",
        lead_id=team[0],
    )
    awards = []
    for kind_number in range(rng.randint(0, 3)):
        award = Award(body=rng.choice(bodies), kind=KINDS[kind_number], year=first + rng.randint(0, 2))
        award.title_ru, award.title_en = f"Награда {kind_number} проекта {number}", f"Award {kind_number}"
        awards.append(award)
    return project, team, awards
