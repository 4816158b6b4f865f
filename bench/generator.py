"""A deterministic synthetic registry: member number `index` under `seed` is always the same member.

Each member draws from its own random stream (seeded with the seed and its index), so any range of
members can be made on its own: the registry is members 0 to N-1, and the rows of an import file
"of N new rows" are members N to 2N-1 of the same seed. Every date lies on or before `HORIZON`, so
who is current or former does not depend on the day the benchmark runs.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from members.registration import normalise_registration_number

HORIZON = datetime.date(2025, 12, 31)
FIRST_DAY = datetime.date(2008, 1, 1)


@dataclass(frozen=True)
class RegionSpec:
    country: str
    name_en: str
    name_ru: str
    code: str
    cities: tuple[str, ...]
    weight: int


REGIONS = (
    RegionSpec("RU", "St. Petersburg", "Санкт-Петербург", "RU-SPE", ("Санкт-Петербург", "Пушкин", "Колпино"), 40),
    RegionSpec("RU", "Leningrad Oblast", "Ленинградская область", "RU-LEN", ("Гатчина", "Выборг", "Всеволожск"), 10),
    RegionSpec("RU", "Kaliningrad Oblast", "Калининградская область", "RU-KGD", ("Калининград",), 4),
    RegionSpec("RU", "Pskov Oblast", "Псковская область", "RU-PSK", ("Псков", "Великие Луки"), 3),
    RegionSpec("RU", "Kurgan Oblast", "Курганская область", "RU-KGN", ("Курган",), 2),
    RegionSpec("RU", "Republic of Tatarstan", "Республика Татарстан", "RU-TA", ("Казань", "Набережные Челны"), 5),
    RegionSpec("RU", "Moscow", "Москва", "RU-MOW", ("Москва",), 6),
    RegionSpec("FI", "Uusimaa", "Уусимаа", "FI-18", ("Helsinki", "Espoo", "Vantaa"), 5),
    RegionSpec("FI", "Pirkanmaa", "Пирканмаа", "FI-11", ("Tampere",), 2),
    RegionSpec("FI", "Southwest Finland", "Варсинайс-Суоми", "FI-19", ("Turku",), 2),
    RegionSpec("NO", "Oslo", "Осло", "NO-03", ("Oslo",), 3),
    RegionSpec("NO", "Vestland", "Вестланн", "NO-46", ("Bergen",), 2),
    RegionSpec("DK", "Capital Region of Denmark", "Столичная область Дании", "DK-84", ("København",), 3),
    RegionSpec("DK", "Central Denmark Region", "Центральная Ютландия", "DK-82", ("Århus",), 2),
    RegionSpec("SE", "Stockholm County", "Лен Стокгольм", "SE-AB", ("Stockholm",), 3),
    RegionSpec("DE", "Berlin", "Берлин", "DE-BE", ("Berlin",), 2),
)
REGION_WEIGHTS = [region.weight for region in REGIONS]

SECTORS = (
    ("energy-efficiency", "Энергоэффективность", "Energy efficiency"),
    ("renewable-energy", "Возобновляемая энергетика", "Renewable energy"),
    ("water", "Водные технологии", "Water"),
    ("waste", "Обращение с отходами", "Waste"),
    ("green-building", "Зелёное строительство", "Green building"),
    ("smart-city", "Умный город", "Smart city"),
    ("clean-transport", "Чистый транспорт", "Clean transport"),
    ("air-quality", "Качество воздуха", "Air quality"),
    ("circular-economy", "Экономика замкнутого цикла", "Circular economy"),
)
INCUBATOR = ("ingria", "Бизнес-инкубатор «ИНГРИЯ»", "Ingria Business Incubator")

STEMS = (
    ("Эко", "Eco"), ("Грин", "Green"), ("Энерго", "Energo"), ("Аква", "Aqua"), ("Тепло", "Teplo"),
    ("Нева", "Neva"), ("Балт", "Balt"), ("Север", "Sever"), ("Солар", "Solar"), ("Ветро", "Vetro"),
    ("Гидро", "Hydro"), ("Био", "Bio"), ("Урбан", "Urban"), ("Смарт", "Smart"), ("Техно", "Techno"),
    ("Инфра", "Infra"),
)  # fmt: skip
ENDINGS = (
    ("систем", "system"), ("проект", "project"), ("сервис", "service"), ("инвест", "invest"), ("лаб", "lab"),
    ("строй", "stroy"), ("тех", "tech"), ("ресурс", "resurs"), ("монтаж", "montazh"), ("свет", "svet"),
)  # fmt: skip
QUALIFIERS = (("", ""), (" Плюс", " Plus"), (" Групп", " Group"), (" Инжиниринг", " Engineering"),
              (" Северо-Запад", " North-West"), (" Консалт", " Consult"), (" Балтика", " Baltic"))  # fmt: skip
LEGAL_FORMS = {"RU": "ООО", "FI": "Oy", "NO": "AS", "DK": "ApS", "SE": "AB", "DE": "GmbH"}
TYPES = (("company", 70), ("research", 10), ("public_body", 5), ("nonprofit", 10), ("investor", 5))
LEAVE_REASONS = ("", "Ликвидация", "Прекращение деятельности в регионе", "По собственному желанию")

# Share of members by membership story; the rest (0.78) are current with one open period.
REJOINED, FORMER, FORMER_TWICE = 0.07, 0.12, 0.03
UNPUBLISHED = 0.05


@dataclass
class MemberSpec:
    """Everything about one synthetic member, before it has a primary key."""

    index: int
    slug: str
    name_ru: str
    name_en: str
    short_name: str
    legal_form: str
    member_type: str
    country: str
    region: RegionSpec | None
    city: str
    sectors: list[str]
    website: str
    description_ru: str
    description_en: str
    registration_number: str
    incubator_status: str
    incubator_from_year: int | None
    incubator_to_year: int | None
    contact_name: str
    contact_email: str
    contact_phone: str
    is_published: bool
    story: str  # current, rejoined, former, former_twice
    periods: list[tuple[datetime.date, datetime.date | None, str]] = field(default_factory=list)
    headcounts: list[tuple[datetime.date, int]] = field(default_factory=list)

    @property
    def is_current(self) -> bool:
        return any(left is None for _joined, left, _reason in self.periods)


def member_spec(seed: int, index: int) -> MemberSpec:
    """Member number `index` of the registry made with `seed`."""
    rng = random.Random(f"{seed}:{index}")
    region = rng.choices(REGIONS, weights=REGION_WEIGHTS)[0]
    country = region.country
    if country != "RU" and rng.random() < 0.1:
        region = None  # some foreign members name no region
    stem, ending, qualifier = rng.choice(STEMS), rng.choice(ENDINGS), rng.choice(QUALIFIERS)
    base_ru = f"{stem[0]}{ending[0]}{qualifier[0]}"
    base_en = f"{stem[1]}{ending[1]}{qualifier[1]}"
    legal_form = LEGAL_FORMS[country]
    name_ru = f"{legal_form} «{base_ru}»" if country == "RU" or rng.random() < 0.5 else ""
    name_en = f"{base_en} {legal_form}" if country != "RU" or rng.random() < 0.7 else ""
    slug = f"{stem[1]}{ending[1]}-{index}".lower()
    spec = MemberSpec(
        index=index,
        slug=slug,
        name_ru=name_ru,
        name_en=name_en,
        short_name=f"{stem[1][:3]}{ending[1][:2]}".upper() if rng.random() < 0.3 else "",
        legal_form=legal_form,
        member_type=rng.choices([t for t, _w in TYPES], weights=[w for _t, w in TYPES])[0],
        country=country,
        region=region,
        city=rng.choice(region.cities) if region else "",
        sectors=sorted(rng.sample([s[0] for s in SECTORS], rng.randint(1, 3))),
        website=f"https://{slug}.example.org" if rng.random() < 0.6 else "",
        description_ru=f"Синтетическая организация № {index} для измерения производительности реестра.",
        description_en=f"Synthetic organisation no. {index}, made up to measure the registry's performance.",
        registration_number=registration_number(country, index) if rng.random() < 0.9 else "",
        incubator_status="",
        incubator_from_year=None,
        incubator_to_year=None,
        contact_name=f"Контактное лицо {index}",
        contact_email=f"contact{index}@example.org",
        contact_phone=f"+7 812 {index % 10_000_000:07d}",
        is_published=rng.random() >= UNPUBLISHED,
        story="current",
    )
    _add_incubator(rng, spec)
    _add_periods(rng, spec)
    _add_headcounts(rng, spec)
    return spec


def member_specs(seed: int, start: int, stop: int) -> list[MemberSpec]:
    return [member_spec(seed, index) for index in range(start, stop)]


def registration_number(country: str, index: int) -> str:
    """A number valid for the country's scheme, distinct for each index; "" where no check digit fits."""
    bases = {"RU": f"78{index:07d}", "FI": f"{2_000_000 + index:07d}", "NO": f"9{index:07d}", "DK": f"3{index:06d}"}
    if country not in bases:
        return f"{country}-{index:08d}"
    for digit in range(10):
        try:
            return normalise_registration_number(country, bases[country] + str(digit))
        except ValidationError:
            continue
    return ""


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _add_incubator(rng: random.Random, spec: MemberSpec) -> None:
    roll = rng.random()
    if roll < 0.03:
        spec.incubator_status, spec.incubator_from_year = "resident", rng.randint(2020, 2025)
    elif roll < 0.08:
        spec.incubator_status = "alumnus"
        spec.incubator_from_year = rng.randint(2010, 2020)
        spec.incubator_to_year = spec.incubator_from_year + rng.randint(1, 3)


def _add_periods(rng: random.Random, spec: MemberSpec) -> None:
    roll, year = rng.random(), datetime.timedelta(days=365)
    if roll < REJOINED:
        spec.story = "rejoined"
        joined = _day(rng, FIRST_DAY, datetime.date(2016, 12, 31))
        left = _day(rng, joined + year, joined + 4 * year)
        spec.periods = [(joined, left, rng.choice(LEAVE_REASONS)), (_day(rng, left + year, left + 3 * year), None, "")]
    elif roll < REJOINED + FORMER:
        spec.story = "former"
        joined = _day(rng, FIRST_DAY, datetime.date(2021, 12, 31))
        spec.periods = [(joined, min(_day(rng, joined + year, joined + 5 * year), HORIZON), rng.choice(LEAVE_REASONS))]
    elif roll < REJOINED + FORMER + FORMER_TWICE:
        spec.story = "former_twice"
        joined = _day(rng, FIRST_DAY, datetime.date(2015, 12, 31))
        left = _day(rng, joined + year, joined + 3 * year)
        again = _day(rng, left + year, left + 2 * year)
        spec.periods = [
            (joined, left, ""),
            (again, _day(rng, again + year, again + 2 * year), rng.choice(LEAVE_REASONS)),
        ]
    else:
        spec.periods = [(_day(rng, FIRST_DAY, datetime.date(2025, 6, 30)), None, "")]


def _add_headcounts(rng: random.Random, spec: MemberSpec) -> None:
    """One report at the end of each of up to five recent years of membership; some members report none."""
    if rng.random() < 0.05:
        return
    first_year = spec.periods[0][0].year
    last_left = spec.periods[-1][1]
    last_year = min(last_left.year if last_left else HORIZON.year, HORIZON.year)
    years = list(range(max(first_year, last_year - rng.randint(0, 4)), last_year + 1))
    employees = max(1, min(int(rng.lognormvariate(3.5, 1.4)), 50_000))
    for year in years:
        spec.headcounts.append((datetime.date(year, 12, 31), employees))
        employees = max(1, int(employees * rng.uniform(0.85, 1.25)))


def story_counts(specs: list[MemberSpec]) -> dict:
    """What the specs say the registry holds, for the tests and the report."""
    return {
        "members": len(specs),
        "current": sum(spec.is_current for spec in specs),
        "former": sum(not spec.is_current for spec in specs),
        "rejoined": sum(spec.story == "rejoined" for spec in specs),
        "unpublished": sum(not spec.is_published for spec in specs),
        "public": sum(spec.is_current and spec.is_published for spec in specs),
        "periods": sum(len(spec.periods) for spec in specs),
        "headcount_reports": sum(len(spec.headcounts) for spec in specs),
        "sector_links": sum(len(spec.sectors) for spec in specs),
    }
