"""Who works where: the positions of an organisation's staff, by organisation profile.

A slot is a position with its registry roles (PersonRole codes seeded by core/0002)
and subjects (Subject names seeded by core/0002). Extra roles — mentor, expert,
tutor — are added per person in `people.py` from their experience.
"""

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    position: str
    roles: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    female: float = 0.82  # probability that the holder is a woman
    manager: bool = False  # min age 32, never a young teacher
    teaching: bool = True  # a pedagogical position: category, career, young teachers
    young: float = 0.0  # share of young teachers (under 35, first 3 years)


MANAGEMENT = ("Управление образованием",)
UPBRINGING = ("Воспитательная работа",)

# (position, subjects, weight, share of women)
SCHOOL_TEACHING = [
    ("учитель начальных классов", ("Начальные классы",), 22, 0.97),
    ("учитель русского языка и литературы", ("Русский язык", "Литература"), 14, 0.95),
    ("учитель математики", ("Математика",), 11, 0.85),
    ("учитель математики и информатики", ("Математика", "Информатика"), 2, 0.7),
    ("учитель информатики", ("Информатика",), 3, 0.6),
    ("учитель физики", ("Физика",), 3, 0.65),
    ("учитель химии", ("Химия",), 2, 0.85),
    ("учитель химии и биологии", ("Химия", "Биология"), 2, 0.9),
    ("учитель биологии", ("Биология",), 3, 0.9),
    ("учитель географии", ("География",), 3, 0.8),
    ("учитель истории и обществознания", ("История", "Обществознание"), 6, 0.75),
    ("учитель английского языка", ("Английский язык",), 8, 0.95),
    ("учитель немецкого языка", ("Немецкий язык",), 1, 0.95),
    ("учитель физической культуры", ("Физическая культура",), 5, 0.4),
    ("преподаватель-организатор ОБЗР", ("ОБЗР",), 1, 0.25),
    ("учитель музыки", ("Музыка",), 1.5, 0.85),
    ("учитель изобразительного искусства", ("Изобразительное искусство",), 1.5, 0.9),
    ("учитель труда (технологии)", ("Труд (технология)",), 2, 0.5),
]
METHODIST_AREAS = [
    "Русский язык", "Литература", "Математика", "Информатика", "Физика", "Химия",
    "Биология", "География", "История", "Обществознание", "Английский язык",
    "Начальные классы", "Дошкольное образование", "Дополнительное образование",
    "Воспитательная работа", "Психология", "Управление образованием",
]  # fmt: skip


def _teacher(rng: random.Random, young: float) -> Slot:
    position, subjects, _, female = rng.choices(
        SCHOOL_TEACHING, [t[2] for t in SCHOOL_TEACHING]
    )[0]
    return Slot(position, ("teacher",), subjects, female, young=young)


def _methodist(rng: random.Random, position: str, roles: tuple[str, ...]) -> Slot:
    areas = tuple(rng.sample(METHODIST_AREAS, k=rng.choice((1, 1, 2, 3))))
    return Slot(position, roles, areas, 0.85, young=0.04)


def _manager(position: str, *extra: str, female: float = 0.72) -> Slot:
    return Slot(position, ("manager",), MANAGEMENT + extra, female, manager=True)


def _official(position: str) -> Slot:
    return Slot(position, (), MANAGEMENT, 0.75, teaching=False)


def _school(rng, n, org_short):
    head = [_manager("директор")]
    head += [_manager("заместитель директора по учебной работе")] * (
        1 if n >= 12 else 0
    )
    head += [
        _manager("заместитель директора по воспитательной работе", *UPBRINGING)
    ] * (1 if n >= 20 else 0)
    head += [_manager("заместитель директора по учебной работе")] * (
        1 if n >= 45 else 0
    )
    head += [_manager("заместитель директора по научно-методической работе")] * (
        1 if n >= 55 else 0
    )
    support = []
    if n >= 10:
        support.append(
            Slot("педагог-психолог", ("teacher",), ("Психология",), 0.95, young=0.2)
        )
    if n >= 18:
        support.append(
            Slot("социальный педагог", ("teacher",), UPBRINGING, 0.9, young=0.15)
        )
    if n >= 15:
        support.append(
            Slot("советник директора по воспитанию и взаимодействию с детскими "
                 "общественными объединениями", ("teacher",), UPBRINGING, 0.75, young=0.4)
        )  # fmt: skip
    if n >= 28:
        support.append(
            Slot("учитель-логопед", ("teacher",), ("Логопедия и дефектология",), 0.98)
        )
    if n >= 45:
        support.append(
            Slot("педагог-организатор", ("teacher",), UPBRINGING, 0.8, young=0.3)
        )
    return head + support + [_teacher(rng, 0.16) for _ in range(n)]


def _kindergarten(rng, n, org_short):
    preschool = ("Дошкольное образование",)
    slots = [_manager("заведующий", *preschool, female=0.97)]
    if n >= 8:
        slots += [
            Slot("старший воспитатель", ("teacher",), preschool, 0.98),
            Slot("музыкальный руководитель", ("teacher",), ("Музыка",), 0.95),
        ]
    if n >= 12:
        slots.append(
            Slot("учитель-логопед", ("teacher",), ("Логопедия и дефектология",), 0.98)
        )
    if n >= 14:
        slots.append(
            Slot(
                "инструктор по физической культуре",
                ("teacher",),
                ("Физическая культура",),
                0.8,
            )
        )
    if n >= 16:
        slots.append(
            Slot("педагог-психолог", ("teacher",), ("Психология",), 0.95, young=0.2)
        )
    return slots + [Slot("воспитатель", ("teacher",), preschool, 0.98, young=0.14)] * n


def _additional(rng, n, org_short):
    extra = ("Дополнительное образование",)
    slots = [_manager("директор", *extra)]
    if n >= 8:
        slots.append(_manager("заместитель директора", *extra))
    if n >= 6:
        slots.append(Slot("методист", ("methodist",), extra, 0.85))
    if n >= 10:
        slots.append(
            Slot("педагог-организатор", ("teacher",), UPBRINGING, 0.8, young=0.3)
        )
    sport = "ДЮСШ" in org_short
    for _ in range(n):
        if sport or rng.random() < 0.15:
            slots.append(
                Slot(
                    "тренер-преподаватель",
                    ("teacher",),
                    ("Физическая культура",),
                    0.4,
                    young=0.15,
                )
            )
        else:
            slots.append(
                Slot(
                    "педагог дополнительного образования",
                    ("teacher",),
                    extra,
                    0.8,
                    young=0.15,
                )
            )
    return slots


def _mms(rng, n, org_short):
    slots = [_manager("директор")]
    if n >= 6:
        slots.append(_manager("заместитель директора", female=0.85))
    for _ in range(n):
        roll = rng.random()
        if roll < 0.2:
            slots.append(_methodist(rng, "старший методист", ("methodist",)))
        elif roll < 0.32:
            slots.append(_methodist(rng, "методист-тьютор", ("methodist", "tutor")))
        else:
            slots.append(_methodist(rng, "методист", ("methodist",)))
    return slots


def _authority(rng, n, org_short):
    slots = [_manager("начальник"), _manager("заместитель начальника")]
    return slots + [
        _official(rng.choice(("главный специалист", "ведущий специалист")))
        for _ in range(n)
    ]


def _cnppm(rng, n, org_short):
    slots = [
        _manager("руководитель центра"),
        _manager("заместитель руководителя центра"),
    ]
    options = [
        ("старший методист", ("methodist",), 15),
        ("методист", ("methodist",), 35),
        ("тьютор", ("tutor",), 25),
        ("тьютор-методист", ("tutor", "methodist"), 15),
        (
            "эксперт по диагностике профессиональных дефицитов",
            ("expert", "methodist"),
            10,
        ),
    ]
    for _ in range(n):
        position, roles, _ = rng.choices(options, [o[2] for o in options])[0]
        slots.append(_methodist(rng, position, roles))
    return slots


def _faculty(rng, n, heads: list[Slot], titles: tuple[str, ...]):
    slots = list(heads)
    for _ in range(n):
        subjects = tuple(rng.sample(METHODIST_AREAS, k=rng.choice((1, 2))))
        roles = ("teacher", "expert") if rng.random() < 0.35 else ("teacher",)
        slots.append(Slot(rng.choice(titles), roles, subjects, 0.7, young=0.05))
    return slots


def _iro(rng, n, org_short):
    heads = [
        _manager("ректор", female=0.5),
        _manager("проректор по научно-методической работе"),
        _manager("проректор по учебной работе"),
        *[Slot("заведующий кафедрой", ("manager", "expert"), MANAGEMENT, 0.65, manager=True)] * 3,
        *[Slot("методист", ("methodist",), MANAGEMENT, 0.9)] * 3,
    ]  # fmt: skip
    return _faculty(rng, n, heads, ("доцент кафедры", "старший преподаватель"))


def _copmkp(rng, n, org_short):
    slots = [_manager("директор")]
    for _ in range(n):
        if rng.random() < 0.6:
            slots.append(_methodist(rng, "эксперт-аналитик", ("expert",)))
        else:
            slots.append(_methodist(rng, "методист", ("methodist", "expert")))
    return slots


def _ministry(rng, n, org_short):
    slots = [
        _manager("министр", female=0.5),
        _manager("заместитель министра"),
        _manager("начальник отдела общего образования"),
        _manager("начальник отдела развития педагогических кадров"),
    ]
    return slots + [
        _official(rng.choice(("консультант", "главный специалист-эксперт")))
        for _ in range(n)
    ]


def _college(rng, n, org_short):
    heads = [_manager("директор"), _manager("заместитель директора по учебной работе")]
    return _faculty(rng, n, heads, ("преподаватель",))


def _university(rng, n, org_short):
    heads = [
        _manager("ректор", female=0.3),
        _manager("проректор по образовательной деятельности", female=0.5),
        _manager("декан факультета педагогики и психологии"),
        Slot(
            "заведующий кафедрой", ("manager", "expert"), MANAGEMENT, 0.55, manager=True
        ),
    ]
    titles = ("доцент кафедры", "профессор кафедры", "старший преподаватель")
    return _faculty(rng, n, heads, titles)


PROFILES = {
    "school": _school, "small_school": _school, "kindergarten": _kindergarten,
    "additional": _additional, "mms": _mms, "authority": _authority, "cnppm": _cnppm,
    "iro": _iro, "copmkp": _copmkp, "ministry": _ministry, "college": _college,
    "university": _university,
}  # fmt: skip


def staff_slots(
    rng: random.Random, profile: str, size: int, org_short: str
) -> list[Slot]:
    """`size` positions of an organisation: its management first, then the rest."""
    return PROFILES[profile](rng, size, org_short)[:size]
