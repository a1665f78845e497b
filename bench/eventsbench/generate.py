"""Calendars, events and registrations for the events benchmark (seeded, repeatable).

Calendars: the demo's (the region's and three municipalities') plus one on the federal
home page, one in every other municipality and one in each of the first
``school_calendars`` school sections. Events are spread over them by level (federal 3 %,
regional and interregional 22 %, municipal 50 %, school 25 %), dated from four years
back to one year ahead, with every type, format, status and registration mode, 1–3
audiences, 0–2 subjects and education levels, some with sessions; created per calendar
with `portal.imports.pages.bulk_create_pages` (revisions, tree, audit log, outbox), the
many-to-many rows inserted beside. Registrations go to events that take them: a dozen
upcoming events with open registration get 2 % of them each (the "event with many
registrations"), the rest spread with a long tail; statuses mixed, attendance marked on
finished events.
"""

import contextlib
import datetime as dt
import random
import time
import zoneinfo
from dataclasses import dataclass, field

from bench.searchbench.console import log
from bench.searchbench.wordlists import AUDIENCES, EVENT_TITLES, SUBJECTS, TOPICS

HEAVY_EVENTS = 12  # events that get HEAVY_SHARE of all registrations each
HEAVY_SHARE = 0.02
MOSCOW = "Europe/Moscow"


@dataclass
class Place:
    """A calendar and what its events look like."""

    calendar: object
    kind: str  # federal, region, municipality, school
    levels: list[tuple[str, float]]
    zone: str
    region_id: int | None = None
    municipality_id: int | None = None
    organisation_id: int | None = None
    organisers: list[int] = field(default_factory=list)
    venue: str = ""


def marker(seed: int, events: int) -> str:
    """The slug suffix of the last generated event: a database holding it (and as
    many events and registrations) was generated with these arguments."""
    return f"-b{seed}x{events}-{events - 1}"


def is_generated(seed: int, events: int, registrations: int) -> bool:
    from plugins.events.models import EventPage, Registration

    suffix = marker(seed, events)
    return (
        EventPage.objects.filter(slug__endswith=suffix).exists()
        and EventPage.objects.filter(slug__contains=f"-b{seed}x{events}-").count()
        == events
        and Registration.objects.count() == registrations
    )


def _calendar_in(section, create: bool = True):
    from plugins.events.models import EventCalendarPage

    calendar = EventCalendarPage.objects.child_of(section).first()
    if calendar is None and create:
        calendar = EventCalendarPage(title="Мероприятия", slug="meropriyatiya")
        section.add_child(instance=calendar)
        calendar.save_revision().publish()
    return calendar


def places(school_calendars: int) -> list[Place]:
    from portal.core.models import Organisation
    from portal.sections.models import (
        HomePage,
        MunicipalityPage,
        OrganisationPage,
        RegionPage,
    )

    home = HomePage.objects.first()
    region_page = RegionPage.objects.select_related("territory").first()
    region = region_page.territory
    zone = region.timezone or MOSCOW
    orgs = list(Organisation.objects.filter(region=region).order_by("pk"))
    regional = [o.pk for o in orgs if o.municipality_id is None]
    cnppm = [o.pk for o in orgs if o.kind == "cnppm"] or regional[:1]
    result = [
        Place(_calendar_in(home), "federal", [("federal", 1.0)], MOSCOW,
              organisers=cnppm, venue="Москва, ФГАОУ ДПО «Академия Минпросвещения России»"),
        Place(_calendar_in(region_page), "region",
              [("regional", 0.8), ("interregional", 0.12), ("federal", 0.08)], zone,
              region_id=region.pk, organisers=cnppm * 3 + regional, venue="ЦНППМ"),
    ]  # fmt: skip
    municipal = {
        "mms": 3,
        "municipal_authority": 2,
    }
    for page in MunicipalityPage.objects.select_related("territory").order_by("path"):
        own = [o for o in orgs if o.municipality_id == page.territory_id]
        organisers = [o.pk for o in own for _ in range(municipal.get(o.kind, 0))] or [
            o.pk for o in own[:3]
        ]
        result.append(
            Place(_calendar_in(page), "municipality", [("municipal", 1.0)], zone,
                  region_id=region.pk, municipality_id=page.territory_id,
                  organisers=organisers, venue="Информационно-методический центр")
        )  # fmt: skip
    schools = (
        OrganisationPage.objects.filter(organisation__kind="school")
        .select_related("organisation")
        .order_by("path")[:school_calendars]
    )
    for page in schools:
        school = page.organisation
        result.append(
            Place(_calendar_in(page), "school", [("institutional", 1.0)], zone,
                  region_id=school.region_id, municipality_id=school.municipality_id,
                  organisation_id=school.pk, organisers=[school.pk],
                  venue=school.short_name or school.name)
        )  # fmt: skip
    return result


SHARES = {"federal": 0.03, "region": 0.22, "municipality": 0.50, "school": 0.25}
STREETS = ["ул. Ленина", "ул. Советская", "пр. Мира", "ул. Школьная", "ул. Гагарина",
           "ул. Молодёжная", "ул. Набережная", "ул. Садовая"]  # fmt: skip
LONG_TYPES = {"conference", "research-conference", "festival", "marathon",
              "internship", "readings"}  # fmt: skip


class EventFactory:
    """Unsaved EventPage instances, one at a time, from one seeded generator."""

    def __init__(self, seed: int, count: int, today: dt.date):
        from plugins.events.models import Audience, EducationLevel, EventType
        from portal.core.models import Person, Subject

        self.rng = random.Random(f"{seed}:bench-events")
        self.seed, self.count, self.today = seed, count, today
        self.types = list(EventType.objects.order_by("pk"))
        self.audiences = list(Audience.objects.order_by("pk"))
        self.subjects = list(Subject.objects.order_by("pk"))
        self.edu_levels = list(EducationLevel.objects.order_by("pk"))
        self.people: dict[int, list[int]] = {}
        for pk, org in Person.objects.values_list("pk", "organisation_id"):
            self.people.setdefault(org, []).append(pk)
        # Every ~count/HEAVY_EVENTS-th event is upcoming with registration open.
        self.heavy_every = max(1, count // HEAVY_EVENTS)
        self.m2m: dict[str, list[tuple[object, list]]] = {
            "audiences": [],
            "subjects": [],
            "education_levels": [],
        }

    def title(self, kind: str) -> str:
        rng = self.rng
        topic = rng.choice(TOPICS)
        template = rng.choice(EVENT_TITLES[:4])
        return template.format(
            kind=kind, topic_cap=topic[0][:1].upper() + topic[0][1:], topic_nom=topic[0],
            topic_dat=topic[2], aud_gen=rng.choice(AUDIENCES)[1],
            subject_gen=rng.choice(SUBJECTS)[1],
        )[:255]  # fmt: skip

    def event(self, number: int, place: Place):
        from plugins.events.models import EventPage, EventSession
        from portal.core.slugs import latin

        rng = self.rng
        heavy = (
            number % self.heavy_every == 0 and number // self.heavy_every < HEAVY_EVENTS
        )
        levels, weights = zip(*place.levels, strict=True)
        level = rng.choices(levels, weights)[0]
        kind = rng.choice(self.types)
        title = self.title(kind.name)
        zone = zoneinfo.ZoneInfo(place.zone)
        offset = rng.randint(5, 60) if heavy else rng.randint(-4 * 365, 365)
        day = self.today + dt.timedelta(days=offset)
        start = dt.datetime.combine(
            day, dt.time(rng.choice([9, 10, 11, 13, 14, 15, 16]), rng.choice([0, 0, 30])), zone
        )  # fmt: skip
        if kind.code in LONG_TYPES and rng.random() < 0.5:
            end = start + dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(2, 6))
        else:
            end = start + dt.timedelta(minutes=rng.choice([60, 90, 120, 180, 240]))
        fmt = rng.choice(["in_person", "online", "hybrid"])
        mode = (
            "open"
            if heavy
            else rng.choices(["none", "open", "moderated"], [35, 45, 20])[0]
        )
        status = "scheduled" if heavy else rng.choices(
            ["scheduled", "postponed", "cancelled"], [90, 5, 5])[0]  # fmt: skip
        capacity = rng.choice([None, 5000]) if heavy else rng.choice(
            [None, None, 25, 30, 50, 100, 200, 500])  # fmt: skip
        organiser = rng.choice(place.organisers) if place.organisers else None
        people = self.people.get(organiser, [])
        online = fmt != "in_person"
        page = EventPage(
            title=title, slug=f"{latin(title)[:60].strip('-')}-b{self.seed}x{self.count}-{number}",
            event_type=kind, level=level, event_format=fmt, organiser_id=organiser,
            responsible_id=rng.choice(people) if people and rng.random() < 0.5 else None,
            start=start, end=end, time_zone=place.zone,
            venue="" if fmt == "online" else place.venue,
            address="" if fmt == "online" else f"{rng.choice(STREETS)}, д. {rng.randint(1, 80)}",
            online_url=f"https://sferum.example.ru/event/{number}" if online else "",
            online_url_public=online and rng.random() < 0.5,
            intro=f"Приглашаем педагогов: {title[:1].lower()}{title[1:]}.",
            description=[("paragraph", f"<p>{title}. Программа, спикеры и материалы.</p>"),
                         ("paragraph", "<p>Участникам выдаётся сертификат.</p>")],
            capacity=capacity, registration_mode=mode, status=status,
            registration_opens=None if mode == "none" else start - dt.timedelta(days=rng.randint(20, 60)),
            registration_closes=None if mode == "none" or rng.random() < 0.4 else start - dt.timedelta(days=1),
            plan_year=start.year, region_id=place.region_id,
            municipality_id=place.municipality_id, organisation_id=place.organisation_id,
        )  # fmt: skip
        if rng.random() < 0.08:
            page.sessions = [
                EventSession(title=f"Занятие {n + 1}", sort_order=n,
                             start=start + dt.timedelta(weeks=n),
                             end=start + dt.timedelta(weeks=n, hours=2))
                for n in range(rng.randint(2, 6))
            ]  # fmt: skip
        chosen = {
            "audiences": rng.sample(self.audiences, rng.randint(1, 3)),
            "subjects": rng.sample(self.subjects, rng.randint(0, 2)),
            "education_levels": rng.sample(self.edu_levels, rng.randint(0, 2)),
        }
        for name, objects in chosen.items():
            setattr(page, name, objects)  # in memory: the revision holds them
            self.m2m[name].append((page, objects))
        return page

    def insert_m2m(self) -> None:
        """The many-to-many rows bulk_create_pages leaves out, in bulk."""
        from plugins.events.models import EventPage

        for name, pairs in self.m2m.items():
            relation = EventPage._meta.get_field(name)
            through = relation.remote_field.through
            own, other = relation.m2m_column_name(), relation.m2m_reverse_name()
            through.objects.bulk_create(
                [through(**{own: page.pk, other: obj.pk})
                 for page, objects in pairs for obj in objects],
                batch_size=5000,
            )  # fmt: skip
            pairs.clear()


@contextlib.contextmanager
def zone_choices_once():
    """EventPage.time_zone's choices computed once, not per validated page.

    They are a callable (`zone_choices`) that walks the tz database on every call: ~50 ms
    per page in `bulk_create_pages`' field validation, 17 pages/s instead of hundreds.
    """
    from plugins.events.models import EventPage

    field = EventPage._meta.get_field("time_zone")
    saved = field.choices
    field.choices = list(saved)
    try:
        yield
    finally:
        field.choices = saved


def generate_events(seed: int, count: int, today: dt.date, school_calendars: int):
    """``count`` events over the calendars; returns the places."""
    from portal.imports.pages import bulk_create_pages

    rng = random.Random(f"{seed}:bench-places")
    chosen = places(school_calendars)
    by_kind: dict[str, list[Place]] = {}
    for place in chosen:
        by_kind.setdefault(place.kind, []).append(place)
    weights = []
    for place in chosen:
        weights.append(
            SHARES[place.kind] / len(by_kind[place.kind]) * rng.uniform(0.6, 1.4)
        )
    assigned: dict[int, list[int]] = {}
    for number in range(count):
        index = rng.choices(range(len(chosen)), weights)[0]
        assigned.setdefault(index, []).append(number)
    factory = EventFactory(seed, count, today)
    started = time.perf_counter()
    done = 0
    for index, numbers in sorted(assigned.items()):
        place = chosen[index]
        for chunk in range(0, len(numbers), 2000):
            pages = [factory.event(n, place) for n in numbers[chunk : chunk + 2000]]
            with zone_choices_once():
                bulk_create_pages(place.calendar, pages)
            factory.insert_m2m()
            done += len(pages)
        log(f"events: {done:,}/{count:,} ({time.perf_counter() - started:.0f} s)")
    return chosen


def generate_registrations(seed: int, count: int, events_count: int) -> None:
    """``count`` registrations: a dozen heavy events, a long tail over the others."""
    from django.utils import timezone

    from plugins.events.models import EventPage, Registration
    from portal.core.models import Person
    from portal.demo.names import random_name

    rng = random.Random(f"{seed}:bench-registrations")
    now = timezone.now()
    events = list(
        EventPage.objects.exclude(registration_mode="none")
        .order_by("pk")
        .values_list("pk", "slug", "start", "end", "registration_mode")
    )
    if not events or not count:
        return
    every = max(1, events_count // HEAVY_EVENTS)
    tag = f"-b{seed}x{events_count}-"

    def is_heavy(slug: str) -> bool:
        number = int(slug.rsplit("-", 1)[1]) if tag in slug else -1
        return number >= 0 and number % every == 0 and number // every < HEAVY_EVENTS

    heavy = [e for e in events if is_heavy(e[1])]
    ordinary = [e for e in events if not is_heavy(e[1])]
    per_heavy = int(count * HEAVY_SHARE) if len(heavy) * HEAVY_SHARE < 0.5 else 0
    rest = count - per_heavy * len(heavy)
    weights = [min(rng.paretovariate(1.3), 60.0) for _ in ordinary]
    plan = [(e, per_heavy) for e in heavy]
    counts: dict[int, int] = {}
    for index in rng.choices(range(len(ordinary)), weights, k=rest):
        counts[index] = counts.get(index, 0) + 1
    plan += [(ordinary[i], n) for i, n in sorted(counts.items())]
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:5000])
    started = time.perf_counter()
    batch, written, serial = [], 0, 0
    for (pk, _slug, start, end, mode), number in plan:
        finished = (end or start) < now
        for _ in range(number):
            serial += 1
            name = random_name(
                rng, female=rng.random() < 0.8, birth_year=rng.randint(1965, 2001)
            )
            if finished:
                status = rng.choices(
                    ["confirmed", "cancelled", "rejected", "waitlist"], [80, 10, 5, 5]
                )[0]
            elif mode == "moderated":
                status = rng.choices(
                    ["pending", "confirmed", "rejected", "cancelled", "waitlist"],
                    [40, 40, 5, 10, 5],
                )[0]
            else:
                status = rng.choices(
                    ["confirmed", "cancelled", "waitlist"], [82, 12, 6]
                )[0]
            batch.append(Registration(
                event_id=pk, person_id=rng.choice(people) if people and rng.random() < 0.3 else None,
                name=f"{name.last_name} {name.first_name} {name.middle_name}",
                email=f"uchastnik{serial}@school.example.ru",
                organisation_name=rng.choice(["МБОУ СОШ № 1", "МАОУ «Гимназия № 2»", "МБДОУ «Детский сад № 5»", "ЦНППМ"]),
                position=rng.choice(["учитель", "методист", "заместитель директора", "воспитатель"]),
                status=status, consent_at=now,
                decided_at=now if mode == "moderated" and status in ("confirmed", "rejected") else None,
                attended=finished and status == "confirmed" and rng.random() < 0.75,
            ))  # fmt: skip
            if len(batch) == 5000:
                Registration.objects.bulk_create(batch)
                written += len(batch)
                batch = []
                if written % 50_000 == 0:
                    log(
                        f"registrations: {written:,}/{count:,} ({time.perf_counter() - started:.0f} s)"
                    )
    Registration.objects.bulk_create(batch)
