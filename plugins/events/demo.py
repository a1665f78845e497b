"""Demo calendars and events for ``portal demo`` (through the portal_demo_content hook).

A calendar in the region's section and in the first three municipalities', each with a
few events from two months back to three months ahead, so the calendar, its month grid,
archive, feeds and the section panels have something to show. Idempotent: nothing is
created when the region already has a calendar.
"""

import datetime as dt
import random
import zoneinfo

from django.db import transaction

from portal.core.models import Organisation
from portal.core.slugs import latin
from portal.sections.models import MunicipalityPage, RegionPage

from .models import Audience, EventCalendarPage, EventPage, EventType

REGIONAL = [
    (
        "conference",
        "Региональная научно-практическая конференция «Наставничество в школе»",
    ),
    ("webinar", "Вебинар «Функциональная грамотность: задания PISA на уроке»"),
    ("mastery-contest", "Региональный этап конкурса «Учитель года»"),
    ("seminar", "Семинар для методистов муниципальных служб"),
    ("internship", "Стажировка на базе школы — региональной инновационной площадки"),
    ("round-table", "Круглый стол «Индивидуальный образовательный маршрут педагога»"),
    ("webinar", "Вебинар для молодых педагогов: первые сто дней в школе"),
    ("strategy-session", "Стратегическая сессия руководителей школ"),
]
MUNICIPAL = [
    ("methodological-seminar", "Методический семинар учителей математики"),
    ("open-lesson", "Открытый урок литературы в 7 классе"),
    ("master-class", "Мастер-класс «Цифровые инструменты учителя»"),
    ("meeting", "Заседание ассоциации молодых педагогов"),
]
FORMATS = ["in_person", "online", "hybrid"]
#: Every registration mode is there to try; most events are open.
REGISTRATION_MODES = ["open", "open", "open", "moderated", "head", "none"]


def build_demo_events(region, municipalities, seed, today) -> dict[str, int]:
    region_page = RegionPage.objects.filter(territory=region).first()
    if (
        region_page is None
        or EventCalendarPage.objects.descendant_of(region_page).exists()
    ):
        return {}
    rng = random.Random(f"{seed}:events")
    # Registration modes from a stream of their own: the dates stay as they were.
    modes = random.Random(f"{seed}:events:registration")
    zone = zoneinfo.ZoneInfo(region.timezone or "Europe/Moscow")
    types = {t.code: t for t in EventType.objects.all()}
    audiences = list(Audience.objects.all())
    cnppm = Organisation.objects.filter(region=region, kind="cnppm").first()
    created = {"календари мероприятий": 0, "мероприятия": 0}
    with transaction.atomic():
        places = [(region_page, REGIONAL, "regional", cnppm)]
        mun_pages = MunicipalityPage.objects.filter(
            territory__in=[t.pk for t in municipalities.values()]
        ).order_by("title")[:3]
        places += [(page, MUNICIPAL, "municipal", None) for page in mun_pages]
        for parent, events, level, organiser in places:
            calendar = EventCalendarPage(title="Мероприятия", slug="meropriyatiya")
            parent.add_child(instance=calendar)
            calendar.save_revision().publish()
            created["календари мероприятий"] += 1
            for number, (code, title) in enumerate(events):
                day = today + dt.timedelta(days=rng.randint(-60, 90))
                start = dt.datetime.combine(
                    day, dt.time(rng.choice([10, 11, 14, 15])), zone
                )
                event = EventPage(
                    title=title,
                    slug=f"{latin(title)[:50]}-{number + 1}",
                    event_type=types.get(code),
                    level=level,
                    event_format=rng.choice(FORMATS),
                    organiser=organiser,
                    start=start,
                    end=start + dt.timedelta(hours=rng.choice([2, 3, 4])),
                    venue="ЦНППМ"
                    if level == "regional"
                    else "Информационно-методический центр",
                    intro="Приглашаем педагогов и руководителей образовательных организаций.",
                    capacity=rng.choice([None, 30, 50, 100]),
                    registration_mode=modes.choice(REGISTRATION_MODES),
                    plan_year=day.year,
                )
                calendar.add_child(instance=event)
                event.audiences.set(rng.sample(audiences, k=2))
                event.save_revision().publish()
                created["мероприятия"] += 1
    return created
