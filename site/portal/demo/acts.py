"""Normative acts of the demo: real federal acts, fictional regional, municipal, school ones.

Federal acts are the well-known ones the seed documents cite; everything below the
federal level is invented for the fictional region. (issuer, number, date) is the
natural key; `implements` names a federal or regional act by (issuer, number).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .glossary import MINPROS
from .organisations import OrganisationPlan
from .territory import REGION_GENITIVE

GOVERNMENT = "Правительство Российской Федерации"
PRESIDENT = "Президент Российской Федерации"
CONCEPT = (
    "Об утверждении Концепции создания единой федеральной системы научно-методического "
    "сопровождения педагогических работников и управленческих кадров"
)


@dataclass(frozen=True)
class ActPlan:
    kind: str
    issuer: str
    number: str
    date: date
    title: str
    level: str
    status: str = "active"
    municipality: str | None = None  # ОКТМО
    organisation: str | None = None  # ИНН
    url: str = ""
    implements: tuple[str, str] | None = None

    @property
    def key(self) -> tuple[str, str, date]:
        return (self.issuer, self.number, self.date)


FEDERAL_ACTS = [
    ActPlan("law", "Российская Федерация", "273-ФЗ", date(2012, 12, 29),
            "Об образовании в Российской Федерации", "federal"),
    ActPlan("decree", PRESIDENT, "474", date(2020, 7, 21),
            "О национальных целях развития Российской Федерации на период до 2030 года",
            "federal"),
    ActPlan("decree", PRESIDENT, "401", date(2022, 6, 27),
            "О проведении в Российской Федерации Года педагога и наставника", "federal"),
    ActPlan("instruction", GOVERNMENT, "3273-р", date(2019, 12, 31),
            "Об утверждении основных принципов национальной системы профессионального "
            "роста педагогических работников Российской Федерации, включая национальную "
            "систему учительского роста", "federal"),
    ActPlan("instruction", MINPROS, "Р-76", date(2020, 8, 6), CONCEPT, "federal",
            status="repealed"),
    ActPlan("instruction", MINPROS, "Р-174", date(2020, 12, 16), CONCEPT, "federal"),
    ActPlan("instruction", MINPROS, "Р-33", date(2021, 2, 4),
            "Об утверждении методических рекомендаций по реализации мероприятий по "
            "формированию и обеспечению функционирования единой федеральной системы "
            "научно-методического сопровождения педагогических работников и управленческих "
            "кадров", "federal", implements=(MINPROS, "Р-174")),
    ActPlan("instruction", MINPROS, "Р-303", date(2022, 12, 15),
            "О внесении изменений в Концепцию создания единой федеральной системы "
            "научно-методического сопровождения педагогических работников и управленческих "
            "кадров", "federal", implements=(MINPROS, "Р-174")),
    ActPlan("order", MINPROS, "196", date(2023, 3, 24),
            "Об утверждении Порядка проведения аттестации педагогических работников "
            "организаций, осуществляющих образовательную деятельность", "federal"),
    ActPlan("order", "Министерство труда и социальной защиты Российской Федерации", "544н",
            date(2013, 10, 18),
            "Об утверждении профессионального стандарта «Педагог (педагогическая "
            "деятельность в сфере дошкольного, начального общего, основного общего, "
            "среднего общего образования) (воспитатель, учитель)»", "federal"),
]  # fmt: skip

# (kind, number, date, title, status, implements)
_REGIONAL = [
    ("concept", "318", date(2021, 3, 12), "Об утверждении Концепции региональной системы "
     f"научно-методического сопровождения педагогических работников и управленческих кадров "
     f"{REGION_GENITIVE}", "active", (MINPROS, "Р-174")),
    ("order", "1147-од", date(2021, 8, 30), "О создании центра непрерывного повышения "
     "профессионального мастерства педагогических работников", "active", (MINPROS, "Р-33")),
    ("roadmap", "25", date(2022, 1, 14), "Об утверждении дорожной карты развития "
     "региональной системы научно-методического сопровождения на 2022–2024 годы",
     "repealed", None),
    ("roadmap", "2031", date(2024, 12, 20), "Об утверждении дорожной карты развития "
     "региональной системы научно-методического сопровождения на 2025–2027 годы",
     "active", None),
    ("regulation", "512-р", date(2023, 4, 5), "Об утверждении Положения о региональном "
     "реестре муниципальных методистов", "active", None),
    ("order", "1290", date(2023, 8, 28), "Об утверждении Положения о системе наставничества "
     f"педагогических работников в образовательных организациях {REGION_GENITIVE}",
     "active", (PRESIDENT, "401")),
    ("order", "187", date(2025, 2, 10), "О проведении регионального этапа Всероссийского "
     "конкурса «Учитель года России» в 2025 году", "active", None),
]  # fmt: skip

_MUNICIPAL = [
    (
        "regulation",
        "Об утверждении Положения о муниципальной методической службе {gen}",
    ),
    ("order", "Об организации наставничества в образовательных организациях {gen}"),
    (
        "order",
        "О проведении муниципального этапа конкурса «Учитель года» в {year} году",
    ),
    ("order", "О создании муниципальной ассоциации молодых педагогов {gen}"),
]


def plan_acts(
    rng: random.Random, organisations: list[OrganisationPlan]
) -> list[ActPlan]:
    """Federal acts, the region's acts, one per municipality, one per featured school."""
    ministry = next(o for o in organisations if o.profile == "ministry")
    base = ministry.website.rstrip("/")
    acts = list(FEDERAL_ACTS)
    concept = (ministry.short_name, "318")
    for kind, number, day, title, status, implements in _REGIONAL:
        acts.append(ActPlan(
            kind, ministry.short_name, number, day, title, "regional", status=status,
            url=f"{base}/documents/{day:%Y}/{number}/", implements=implements,
        ))  # fmt: skip
    authorities = [o for o in organisations if o.profile == "authority"]
    for org in authorities:
        kind, title = rng.choice(_MUNICIPAL)
        day = date(2022, 1, 10) + timedelta(days=rng.randrange(0, 1400))
        number = f"{rng.randrange(12, 480)}{rng.choice(('', '-од', '-о'))}"
        acts.append(ActPlan(
            kind, org.short_name, number, day,
            title.format(gen=org.municipality.genitive, year=day.year), "municipal",
            municipality=org.municipality.oktmo, url=f"{org.website}documents/{number}/",
            implements=concept,
        ))  # fmt: skip
    featured = [o for o in organisations if o.has_content][:3]
    for org in featured:
        day = date(2023, 9, 1) + timedelta(days=rng.randrange(0, 700))
        acts.append(ActPlan(
            "regulation", org.short_name, f"{rng.randrange(40, 160)}-о", day,
            f"Положение о наставничестве в {org.short_name}", "institutional",
            organisation=org.inn, url=f"{org.website}documents/nastavnichestvo/",
        ))  # fmt: skip
    return acts
