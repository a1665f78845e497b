"""People of the demo region: names, ages, careers, categories, contacts, consent.

Dates are counted back from an anchor (the start of the current school year), so
young teachers — under 35 and in their first three years (DOMAIN.md) — stay young
whenever the demo is built, and a rebuild within the same school year is identical.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from portal.core.slugs import latin

from .names import random_name
from .organisations import OrganisationPlan
from .staff import Slot, staff_slots

YEAR = 365.25
# (fields shown publicly, weight) for people who consented to publication.
PUBLIC_FIELD_SETS = [
    (("name", "position", "organisation", "subjects"), 40),
    (("name", "position", "organisation"), 30),
    (("name", "organisation"), 10),
    (("name", "subjects"), 8),
    (("name",), 7),
    (("position", "organisation"), 5),
]
CONSENT = {"methodist": 0.65, "tutor": 0.65, "manager": 0.45}
BASE_CONSENT = 0.28


@dataclass(frozen=True)
class PersonPlan:
    """One person; (organisation ИНН, last, first, middle name) is the natural key."""

    organisation: str  # ИНН
    last_name: str
    first_name: str
    middle_name: str
    position: str
    roles: tuple[str, ...]
    subjects: tuple[str, ...]
    qualification_category: str
    birth_date: date
    career_start_date: date | None
    email: str
    phone: str
    public_consent: bool
    public_fields: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.organisation, self.last_name, self.first_name, self.middle_name)


def anchor_date(today: date) -> date:
    """1 September of the current school year."""
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def _dates(rng: random.Random, slot: Slot, anchor: date) -> tuple[date, date | None]:
    """Birth date and career start; young teachers get both from their own branch."""
    if slot.teaching and not slot.manager and rng.random() < slot.young:
        age = int(rng.triangular(22, 35, 24))
        years_worked = min(rng.choice((0, 1, 1, 2, 2)), age - 22)
        birth = anchor - timedelta(days=int(age * YEAR + rng.uniform(0, 360)))
        start = date(anchor.year - years_worked, 9, 1)
        if rng.random() < 0.2 and years_worked:
            start += timedelta(days=rng.randrange(20, 200))
        return birth, start
    low = 35 if slot.manager else 24
    age = min(65, max(low, int(rng.triangular(low, 66, 48))))
    birth = anchor - timedelta(days=int(age * YEAR + rng.uniform(0, 360)))
    if not slot.teaching and rng.random() < 0.5:
        return birth, None
    at_start = rng.uniform(21, 25) if rng.random() < 0.8 else rng.uniform(25, 40)
    start = birth + timedelta(days=int(at_start * YEAR))
    if rng.random() < 0.7:
        start = date(start.year, 9, 1)
    # Outside the young-teacher branch nobody is in their first three years.
    latest = date(anchor.year - 4, 9, 1)
    return birth, min(start, latest)


def _category(rng: random.Random, slot: Slot, experience: float) -> str:
    if not slot.teaching:
        return ""
    if slot.manager:
        return rng.choice(("", "highest", "highest", "first"))
    if experience < 2:
        return ""
    if experience < 5:
        return rng.choices(("", "first", "highest"), (50, 45, 5))[0]
    if experience < 15:
        return rng.choices(("", "first", "highest"), (10, 45, 45))[0]
    return rng.choices(("first", "highest", "methodist", "mentor"), (30, 58, 6, 6))[0]


def _extra_roles(rng: random.Random, slot: Slot, category: str, experience: float):
    roles = list(slot.roles)
    if "teacher" not in roles or experience < 5:
        return tuple(roles)
    if category == "mentor" or (experience >= 8 and rng.random() < 0.18):
        roles.append("mentor")
    if category in ("highest", "methodist") and rng.random() < 0.08:
        roles.append("expert")
    if category == "methodist" and rng.random() < 0.5:
        roles.append("methodist")
    if rng.random() < 0.025:
        roles.append("tutor")
    return tuple(dict.fromkeys(roles))


class PeopleBuilder:
    def __init__(self, rng: random.Random, anchor: date):
        self.rng = rng
        self.anchor = anchor
        self.emails: set[str] = set()

    def _email(self, last: str, first: str, middle: str, domain: str) -> str:
        roll = self.rng.random()
        if roll < 0.15:
            return ""
        if roll < 0.3:
            base = f"{latin(first)}.{latin(last)}"
            domain = "pochta.test"
        else:
            base = f"{latin(last)}.{latin(first)[:1]}{latin(middle)[:1]}"
        email, n = f"{base}@{domain}", 2
        while email in self.emails:
            email, n = f"{base}{n}@{domain}", n + 1
        self.emails.add(email)
        return email

    def _phone(self) -> str:
        if self.rng.random() < 0.4:
            return ""
        r = self.rng.randrange
        return f"+7 (9{r(10, 99)}) {r(100, 999)}-{r(100):02d}-{r(100):02d}"

    def person(self, org: OrganisationPlan, slot: Slot, taken: set) -> PersonPlan:
        rng = self.rng
        birth, start = _dates(rng, slot, self.anchor)
        while True:
            name = random_name(
                rng, female=rng.random() < slot.female, birth_year=birth.year
            )
            key = (name.last_name, name.first_name, name.middle_name)
            if key not in taken:
                taken.add(key)
                break
        experience = (self.anchor - start).days / YEAR if start else 0.0
        category = _category(rng, slot, experience)
        roles = _extra_roles(rng, slot, category, experience)
        consent = max([BASE_CONSENT, *(CONSENT.get(r, 0) for r in roles)])
        public = rng.random() < consent
        fields = (
            rng.choices(PUBLIC_FIELD_SETS, [f[1] for f in PUBLIC_FIELD_SETS])[0][0]
            if public
            else ()
        )
        return PersonPlan(
            organisation=org.inn,
            last_name=name.last_name,
            first_name=name.first_name,
            middle_name=name.middle_name,
            position=slot.position,
            roles=roles,
            subjects=slot.subjects,
            qualification_category=category,
            birth_date=birth,
            career_start_date=start,
            email=self._email(
                name.last_name,
                name.first_name,
                name.middle_name,
                org.email.split("@")[1],
            ),
            phone=self._phone(),
            public_consent=public,
            public_fields=fields,
        )


def plan_people(
    rng: random.Random,
    organisations: list[OrganisationPlan],
    sizes: list[int],
    anchor: date,
) -> list[PersonPlan]:
    """`sizes[i]` people for `organisations[i]`, management first."""
    builder = PeopleBuilder(rng, anchor)
    result = []
    for org, size in zip(organisations, sizes, strict=True):
        taken: set = set()
        for slot in staff_slots(rng, org.profile, size, org.short_name):
            result.append(builder.person(org, slot, taken))
    return result
