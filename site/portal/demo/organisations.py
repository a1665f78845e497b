"""Organisations of the demo region: regional centres, municipal services, schools.

Names follow Russian practice: the full name spells out the legal form and the
municipality («Муниципальное бюджетное общеобразовательное учреждение «Средняя
общеобразовательная школа № 5» города Верхнеозёрска»), the short one does not
(«МБОУ «СОШ № 5»»), and spreadsheets use yet other spellings (the aliases).
"""

import random
from dataclasses import dataclass

from portal.core.slugs import latin
from portal.core.validators import inn_is_valid, ogrn_is_valid

from .territory import (
    CITIES,
    REGION_ADJECTIVE,
    REGION_CODE,
    REGION_GENITIVE,
    STREETS,
    MunicipalityPlan,
)

#: Organisations the region always has (ministry, ИРО, ЦНППМ, ЦОПМКП, college, university).
REGIONAL_COUNT = 6
MUNICIPAL_SERVICES = 2  # the education authority and the methodological service

KINDERGARTEN_NAMES = [
    "Солнышко", "Колосок", "Ромашка", "Берёзка", "Ласточка", "Золотой ключик",
    "Теремок", "Радуга", "Сказка", "Звёздочка", "Родничок", "Светлячок", "Улыбка",
    "Капелька", "Журавушка", "Рябинка", "Алёнушка", "Колокольчик", "Семицветик",
    "Ёлочка", "Жемчужинка", "Медвежонок", "Незабудка", "Василёк",
]  # fmt: skip
ADDITIONAL = [
    ("ДДТ", "Дом детского творчества"),
    ("ЦДО", "Центр дополнительного образования"),
    ("ДЮСШ", "Детско-юношеская спортивная школа"),
    ("СЮТ", "Станция юных техников"),
    ("ДШИ", "Детская школа искусств"),
    ("ЦДТ", "Центр детского творчества"),
    ("ЭБЦ", "Эколого-биологический центр"),
    ("ЦВР", "Центр внешкольной работы"),
]
METHODOLOGICAL_SERVICES = [
    ("МКУ «ИМЦ»", "Муниципальное казённое учреждение «Информационно-методический центр»"),
    ("МБУ «ЦМС»", "Муниципальное бюджетное учреждение «Центр методического сопровождения»"),
    ("МБУ «ЦРО»", "Муниципальное бюджетное учреждение «Центр развития образования»"),
    ("МКУ «ММЦ»", "Муниципальное казённое учреждение «Муниципальный методический центр»"),
]  # fmt: skip
LEGAL_FORMS = {
    "МБОУ": "Муниципальное бюджетное общеобразовательное учреждение",
    "МАОУ": "Муниципальное автономное общеобразовательное учреждение",
    "МКОУ": "Муниципальное казённое общеобразовательное учреждение",
    "МБДОУ": "Муниципальное бюджетное дошкольное образовательное учреждение",
    "МАДОУ": "Муниципальное автономное дошкольное образовательное учреждение",
    "МБУ ДО": "Муниципальное бюджетное учреждение дополнительного образования",
}
# School types in cities: (short, full, weight).
CITY_SCHOOLS = [
    ("СОШ № {n}", "Средняя общеобразовательная школа № {n}", 62),
    ("Гимназия № {n}", "Гимназия № {n}", 10),
    ("Лицей № {n}", "Лицей № {n}", 7),
    ("СОШ № {n} с УИОП", "Средняя общеобразовательная школа № {n} с углублённым изучением отдельных предметов", 9),
    ("ООШ № {n}", "Основная общеобразовательная школа № {n}", 6),
    ("Центр образования № {n}", "Центр образования № {n}", 6),
]  # fmt: skip
STATUSES = {
    "school": [
        ("Муниципальная инновационная площадка", 5),
        ("Базовая школа профессионального сообщества", 4),
        ("Стажировочная площадка", 3),
        ("Региональная инновационная площадка", 2),
        ("Менторская площадка", 2),
        ("Апробационная площадка", 2),
        ("Ресурсный центр", 1),
    ],
    "kindergarten": [
        ("Муниципальная инновационная площадка", 3),
        ("Стажировочная площадка", 1),
    ],
    "additional": [("Ресурсный центр", 3), ("Стажировочная площадка", 1)],
}
#: Relative staff sizes; people are spread over organisations in this proportion.
STAFF = {
    "school": (40, 80), "small_school": (12, 30), "kindergarten": (10, 24),
    "additional": (8, 20), "mms": (5, 10), "authority": (3, 6), "cnppm": (16, 22),
    "iro": (24, 34), "copmkp": (6, 9), "ministry": (6, 9), "college": (16, 24),
    "university": (20, 28),
}  # fmt: skip


@dataclass(frozen=True)
class OrganisationPlan:
    """One organisation to upsert; `inn` is its natural key."""

    profile: str  # staff profile: school, small_school, kindergarten, mms, cnppm…
    kind: str  # Organisation.Kind value
    name: str
    short_name: str
    number: str
    inn: str
    ogrn: str
    slug: str
    address: str
    phone: str
    email: str
    website: str
    staff: float
    municipality: MunicipalityPlan | None = None
    aliases: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    has_content: bool = False  # its section gets news, contacts and acts pages


class OrganisationBuilder:
    """Keeps the shared state of one plan: used ИНН/ОГРН, slugs, the random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.inns: set[str] = set()
        self.ogrns: set[str] = set()
        self.slugs: dict[str | None, set[str]] = {}

    def registration(self, tax_office: str) -> tuple[str, str]:
        """A fresh (ИНН, ОГРН) pair with valid check digits."""
        rng = self.rng
        while True:
            body = f"{REGION_CODE}{tax_office}{rng.randrange(100000):05d}"
            weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
            check = sum(int(d) * w for d, w in zip(body, weights, strict=True))
            inn = body + str(check % 11 % 10)
            if inn not in self.inns:
                break
        while True:
            year = rng.randrange(2, 24)
            body = f"1{year:02d}{REGION_CODE}{tax_office}{rng.randrange(100000):05d}"
            ogrn = body + str(int(body) % 11 % 10)
            if ogrn not in self.ogrns:
                break
        assert inn_is_valid(inn) and ogrn_is_valid(ogrn)
        self.inns.add(inn)
        self.ogrns.add(ogrn)
        return inn, ogrn

    def slug(self, parent: str | None, text: str) -> str:
        taken = self.slugs.setdefault(parent, set())
        base = latin(text)[:60].strip("-") or "org"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        return slug

    def phone(self, code: str) -> str:
        r = self.rng.randrange
        return f"+7 ({code}) {r(20, 80)}-{r(100):02d}-{r(100):02d}"

    def address(self, place: str) -> str:
        return f"{place}, {self.rng.choice(STREETS)}, д. {self.rng.randrange(1, 60)}"

    def statuses(self, group: str, share: float) -> tuple[str, ...]:
        options = STATUSES.get(group)
        if not options or self.rng.random() >= share:
            return ()
        names = [o[0] for o in options]
        weights = [o[1] for o in options]
        first = self.rng.choices(names, weights)[0]
        second = self.rng.choices(names, weights)[0]
        return (
            (first,) if second == first or self.rng.random() < 0.75 else (first, second)
        )

    def make(self, mun: MunicipalityPlan | None, profile: str, kind: str, **fields):
        tax_office = mun.tax_office if mun else "01"
        inn, ogrn = self.registration(tax_office)
        parent = mun.slug if mun else None
        slug = self.slug(parent, fields.pop("slug_text"))
        domain = f"{mun.slug if mun else 'obr-severo-ozersk'}.example.org"
        low, high = STAFF[profile]
        return OrganisationPlan(
            profile=profile,
            kind=kind,
            inn=inn,
            ogrn=ogrn,
            slug=slug,
            phone=self.phone(mun.phone_code if mun else "8190"),
            email=f"{slug}@{domain}",
            website=f"https://{slug}.{domain}/",
            staff=self.rng.uniform(low, high),
            municipality=mun,
            **fields,
        )


def regional_organisations(b: OrganisationBuilder) -> list[OrganisationPlan]:
    capital = f"г. {CITIES[0]}"
    adj = REGION_ADJECTIVE
    specs = [
        ("ministry", "regional_authority", f"Министерство образования {REGION_GENITIVE}",
         f"Минобразования {REGION_GENITIVE}", ("Министерство образования", "Минобр"), "minobr"),
        ("iro", "dpo", "Государственное автономное учреждение дополнительного профессионального "
         f"образования «{adj} институт развития образования»", "ГАУ ДПО «СОИРО»",
         ("ИРО", "СОИРО", "Институт развития образования", "ИПК"), "iro"),
        ("cnppm", "cnppm", "Государственное автономное учреждение дополнительного профессионального "
         "образования «Центр непрерывного повышения профессионального мастерства педагогических "
         f"работников {REGION_GENITIVE}»", "ГАУ ДПО «ЦНППМ»",
         ("ЦНППМ", "ЦНППМПР", "ЦНППМ ПР", "Центр непрерывного повышения профессионального мастерства"),
         "cnppm"),
        ("copmkp", "copmkp", "Государственное бюджетное учреждение «Центр оценки профессионального "
         f"мастерства и квалификаций педагогов {REGION_GENITIVE}»", "ГБУ «ЦОПМКП»",
         ("ЦОПМКП", "Центр оценки профессионального мастерства"), "copmkp"),
        ("college", "college", "Государственное бюджетное профессиональное образовательное "
         f"учреждение «{CITIES[0][:-2]}ский педагогический колледж»", "ГБПОУ «ВПК»",
         ("Педколледж", f"{CITIES[0][:-2]}ский педколледж"), "pedkolledzh"),
        ("university", "university", "Федеральное государственное бюджетное образовательное "
         f"учреждение высшего образования «{adj} государственный педагогический университет»",
         "ФГБОУ ВО «СОГПУ»", ("СОГПУ", "Педуниверситет"), "sogpu"),
    ]  # fmt: skip
    return [
        b.make(None, profile, kind, name=name, short_name=short, number="",
               aliases=aliases, slug_text=slug, address=b.address(capital))
        for profile, kind, name, short, aliases, slug in specs
    ]  # fmt: skip


def municipal_services(
    b: OrganisationBuilder, mun: MunicipalityPlan, capital: bool
) -> list[OrganisationPlan]:
    rng = b.rng
    if capital:
        authority = "Департамент образования администрации"
    elif mun.is_city or rng.random() < 0.5:
        authority = "Управление образования администрации"
    else:
        authority = "Отдел образования администрации"
    short_authority = authority.replace(" администрации", "")
    mms_short, mms_full = rng.choice(METHODOLOGICAL_SERVICES)
    mms_abbr = mms_short.split("«")[1].rstrip("»")
    return [
        b.make(mun, "authority", "municipal_authority", name=f"{authority} {mun.genitive}",
               short_name=f"{short_authority} {mun.short_genitive}", number="",
               aliases=(f"УО {mun.short_genitive}",), slug_text="upravlenie-obrazovaniya",
               address=b.address(mun.centre)),
        b.make(mun, "mms", "mms", name=f"{mms_full} {mun.genitive}",
               short_name=f"{mms_short} {mun.short_genitive}", number="",
               aliases=(f"ММС {mun.short_genitive}", mms_abbr, f"{mms_abbr} {mun.short_genitive}"),
               slug_text=mms_abbr, address=b.address(mun.centre)),
    ]  # fmt: skip
