"""The generated part of the benchmark corpus (the query mix: querymix.py).

`portal demo --scale` gives some 14,000 public documents (pages, organisations,
acts, glossary terms, people who consented). The rest of the benchmark corpus is
written here: announcements of events, news and methodological materials of the
kind a regional system of methodological support publishes — seminars, webinars,
contests, meetings of методические объединения, функциональная грамотность,
наставничество, ИОМ — spread over the demo region's levels, municipalities and
organisations, with dates in the past and the future.

Everything is drawn from `random.Random(f"{seed}:…")` streams, so the corpus and the
queries are the same in every run and every process for a given seed and size.
Nothing here touches the database: the territories and organisations come in as
plain data (`Territory`), which keeps this module importable without Django.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from .wordlists import (
    AUDIENCES,
    EVENT_KINDS,
    EVENT_TITLES,
    FEDERAL_ORGANISERS,
    FORMATS,
    INITIALS,
    MATERIAL_OPENINGS,
    MATERIAL_TITLES,
    MONTHS,
    NEWS_OPENINGS,
    NEWS_TITLES,
    OPENINGS,
    SENTENCES,
    SPEAKER_ROLES,
    SUBJECT_FREE,
    SUBJECTS,
    SURNAMES,
    TOPICS,
)

LEVEL_WEIGHTS = {"federal": 6, "regional": 24, "municipal": 38, "institutional": 32}
TYPE_WEIGHTS = {"event": 50, "news": 35, "material": 15}


@dataclass(frozen=True)
class Organiser:
    pk: int
    name: str
    short_name: str
    level: str
    region: int | None
    municipality: int | None


def municipality_forms(name: str) -> tuple[str, str]:
    """(genitive, «в …» phrase) of a demo municipality's name.

    «Белоярский муниципальный район» → «Белоярского муниципального района»,
    «в Белоярском муниципальном районе»; «Городской округ Тихоборск» → «городского
    округа Тихоборск», «в городском округе Тихоборск».
    """
    words = name.split()
    if words[0].lower() == "городской" and len(words) > 2:
        rest = " ".join(words[2:])
        return f"городского округа {rest}", f"в городском округе {rest}"
    if len(words) == 3 and words[0][-2:] in ("ий", "ой", "ый"):
        stem, noun = words[0][:-2], words[2]
        noun_gen, noun_in = {
            "район": ("района", "районе"),
            "округ": ("округа", "округе"),
        }.get(noun, (noun, noun))
        return (
            f"{stem}ого муниципального {noun_gen}",
            f"в {stem}ом муниципальном {noun_in}",
        )
    return name, f"в муниципалитете «{name}»"


@dataclass
class Territory:
    """What the generator knows about the demo region (read from the database)."""

    region: int | None
    region_name: str
    #: «Северо-Озёрской области».
    region_genitive: str
    #: (pk, name) of municipalities.
    municipalities: list[tuple[int, str]]
    #: Organisations by level; "institutional" ones also by municipality.
    organisers: dict[str, list[Organiser]] = field(default_factory=dict)

    def of_municipality(self, pk: int) -> list[Organiser]:
        return [
            o for o in self.organisers.get("institutional", []) if o.municipality == pk
        ]


@dataclass
class Document:
    """A generated document: the fields of SearchDocument and of BenchDocument."""

    type: str
    title: str
    summary: str
    body: str
    level: str
    region: int | None
    municipality: int | None
    organisation: int | None
    subjects: list[str]
    audience: list[str]
    start: dt.datetime | None
    end: dt.datetime | None
    published: dt.datetime | None


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if not text.startswith("«") else text


def _date_phrase(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} года"


class Generator:
    """Documents for the benchmark, deterministic for (seed, territory, today)."""

    def __init__(self, seed: int, territory: Territory, today: dt.date, tz: dt.tzinfo):
        self.rng = random.Random(f"{seed}:bench-corpus")
        self.territory = territory
        self.today = today
        self.tz = tz
        self.by_municipality: dict[int, list[Organiser]] = {}
        for org in territory.organisers.get("institutional", []):
            self.by_municipality.setdefault(org.municipality, []).append(org)
        municipal = territory.organisers.get("municipal", [])
        self.services = {}
        for org in municipal:
            self.services.setdefault(org.municipality, []).append(org)
        self.muni_forms = {
            pk: municipality_forms(name) for pk, name in territory.municipalities
        }
        # Larger municipalities (more organisations) publish more.
        self.muni_weights = [
            1 + len(self.by_municipality.get(pk, []))
            for pk, _ in territory.municipalities
        ]

    def documents(self, count: int):
        for _ in range(count):
            yield self.document()

    def _speaker(self) -> str:
        rng = self.rng
        return (
            f"{rng.choice(SURNAMES)} {rng.choice(INITIALS)}. {rng.choice(INITIALS)}., "
            f"{rng.choice(SPEAKER_ROLES)}"
        )

    def document(self) -> Document:
        rng = self.rng
        kind_type = rng.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()))[0]
        level = rng.choices(list(LEVEL_WEIGHTS), list(LEVEL_WEIGHTS.values()))[0]
        region = municipality = organisation = None
        t = self.territory
        if level == "federal":
            organiser_name = organiser_short = rng.choice(FEDERAL_ORGANISERS)
            territory_gen, territory_in = "Российской Федерации", "в регионах России"
        else:
            region = t.region
            if level == "regional" or not t.municipalities:
                orgs = t.organisers.get("regional") or []
                org = rng.choice(orgs) if orgs else None
                territory_gen = t.region_genitive
                territory_in = f"в {t.region_genitive}"  # «области»: same form
                level = "regional"
            else:
                municipality = rng.choices(
                    [pk for pk, _ in t.municipalities], self.muni_weights
                )[0]
                territory_gen, territory_in = self.muni_forms[municipality]
                pool = (
                    self.services.get(municipality)
                    if level == "municipal"
                    else self.by_municipality.get(municipality)
                )
                org = rng.choice(pool) if pool else None
                if org is None:
                    level = "municipal"
            if org is not None:
                organisation = org.pk
                organiser_name, organiser_short = org.name, org.short_name or org.name
            else:
                organiser_name = organiser_short = "Методическая служба"
        kind, kind_gen, verb = rng.choice(EVENT_KINDS)
        topic_nom, topic_gen, topic_dat = rng.choice(TOPICS)
        subject_pool = SUBJECTS if rng.random() < 0.8 else SUBJECT_FREE
        subject_nom, subject_gen = rng.choice(subject_pool)
        subjects = [subject_nom]
        if rng.random() < 0.25:
            other = rng.choice(SUBJECTS)[0]
            if other != subject_nom:
                subjects.append(other)
        audiences = rng.sample(AUDIENCES, k=rng.choice((1, 1, 2, 3)))
        aud_value = [a[0] for a in audiences]
        aud_gen = " и ".join(a[1] for a in audiences[:2])
        aud_dat = " и ".join(a[2] for a in audiences[:2])
        grade = rng.randint(1, 11)
        start = end = published = None
        if kind_type == "event":
            offset = int(rng.triangular(-540, 200, 30))
            day = self.today + dt.timedelta(days=offset)
            hour, minute = rng.choice(((10, 0), (11, 0), (14, 0), (15, 30), (16, 0)))
            start = dt.datetime.combine(day, dt.time(hour, minute), self.tz)
            long = kind in ("Курсы повышения квалификации", "Стажировка", "Форум")
            end = start + (
                dt.timedelta(days=rng.randint(2, 14))
                if long
                else dt.timedelta(minutes=rng.choice((90, 120, 180, 240)))
            )
            published = start - dt.timedelta(days=rng.randint(7, 40))
            date_phrase = _date_phrase(day)
        else:
            day = self.today - dt.timedelta(days=int(rng.expovariate(1 / 200)))
            published = dt.datetime.combine(day, dt.time(9, 0), self.tz)
            date_phrase = _date_phrase(day)
        slots = {
            "kind": kind, "kind_gen": kind_gen, "verb": verb,
            "kind_acc": kind.lower() if kind not in ("Конференция", "Стажировка", "Консультация",
                                                      "Педагогическая мастерская",
                                                      "Школа молодого педагога", "Проектная сессия",
                                                      "Диагностика профессиональных компетенций")
            else {"Конференция": "конференцию", "Стажировка": "стажировку",
                  "Консультация": "консультацию",
                  "Педагогическая мастерская": "педагогическую мастерскую",
                  "Школа молодого педагога": "школу молодого педагога",
                  "Проектная сессия": "проектную сессию",
                  "Диагностика профессиональных компетенций":
                      "диагностику профессиональных компетенций"}[kind],
            "topic_nom": topic_nom, "topic_cap": _cap(topic_nom), "topic_gen": topic_gen,
            "topic_dat": topic_dat, "topic_acc": topic_nom,
            "subject_nom": subject_nom.lower() if subject_nom != "ОБЗР" else subject_nom,
            "subject_gen": subject_gen,
            "subject_of": f"по предмету «{subject_nom}»",
            "aud_gen": aud_gen, "aud_acc": aud_gen, "aud_dat": aud_dat,
            "organiser": organiser_name, "organiser_short": organiser_short,
            "venue": organiser_short, "territory_gen": territory_gen,
            "territory_in": territory_in, "date_phrase": _cap(date_phrase),
            "format_phrase": rng.choice(FORMATS)[1],
            "deadline": _date_phrase(day - dt.timedelta(days=rng.randint(1, 5))),
            "hours": rng.choice((2, 4, 6, 16, 36, 72)),
            "grade": grade, "grades": rng.choice(("1–4", "5–6", "7–9", "10–11")),
            "speaker": self._speaker(), "speaker2": self._speaker(),
            "school_year": f"{day.year if day.month >= 9 else day.year - 1}/"
                           f"{day.year + 1 if day.month >= 9 else day.year}",
            "count": rng.randint(12, 480), "munis": rng.randint(2, 60),
        }  # fmt: skip
        titles = {
            "event": EVENT_TITLES,
            "news": NEWS_TITLES,
            "material": MATERIAL_TITLES,
        }
        title = rng.choice(titles[kind_type]).format(**slots)
        openings = {
            "event": OPENINGS,
            "news": NEWS_OPENINGS,
            "material": MATERIAL_OPENINGS,
        }
        summary = rng.choice(openings[kind_type]).format(**slots)
        sentences = rng.sample(SENTENCES, k=rng.randint(4, 9))
        body = " ".join([summary, *(s.format(**slots) for s in sentences)])
        return Document(
            type=kind_type,
            title=title,
            summary=summary,
            body=body,
            level=level,
            region=region,
            municipality=municipality,
            organisation=organisation,
            subjects=subjects,
            audience=aud_value,
            start=start,
            end=end,
            published=published,
        )
