"""Demo young-teacher support for ``portal demo`` (portal_demo_content hook).

A «Молодым педагогам» section in the region (with «Школа молодого педагога» and the
adaptation programme) and in the demo school's municipality (with «Клуб молодых
педагогов»), each with a consenting methodist and contact e-mail and phone; a card for
every demo young teacher (date of joining the school) and a few departures; support
records for about half of the young teachers across the seven forms.

Runs after the other plugins' demos (``trylast``), so the support they already show
(mentoring pairs, attendance, associations — whatever ``support.covered_q`` counts)
is known: records go first to people nobody supports yet, until about ``TARGET`` of the
region's young teachers are covered, and the rest to people who already have some
support. The region's figure thus stays below the 70 % target, and the coordinator's
list has people without support to find.

Idempotent: nothing is created when the region already has a «Молодым педагогам»
page. Random choices come from a stream of their own, so the rest of the demo stays
as it was.
"""

import datetime as dt
import random

from django.db import transaction
from wagtail.rich_text import RichText

from portal.core.models import Organisation, Person
from portal.core.young import young_teacher_q
from portal.sections.models import MunicipalityPage, OrganisationPage, RegionPage

from . import demo_data as data
from .models import (
    SupportForm,
    SupportProgrammePage,
    SupportRecord,
    YoungTeacherCard,
    YoungTeachersPage,
)
from .support import covered_q, young_teachers

#: Share of the region's young teachers covered after the demo (target: 70 %).
TARGET = 0.6
#: Share of the region's young teachers who get a record of this plugin.
WITH_RECORDS = 0.5
DEPARTURES = 4
#: Young teachers with only a finished or a future record (not covered today).
PAST, UPCOMING = 3, 3


def school_year_start(today: dt.date) -> dt.date:
    return dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)


class Builder:
    def __init__(self, region, seed, today):
        self.region, self.today = region, today
        self.rng = random.Random(f"{seed}:young_teachers")
        self.anchor = school_year_start(today)
        self.forms = {f.code: f for f in SupportForm.objects.all()}
        self.cycle = [
            code
            for code, weight in data.FORM_WEIGHTS.items()
            if code in self.forms
            for _ in range(weight)
        ]
        self.rng.shuffle(self.cycle)
        self.position = 0
        self.created = dict.fromkeys(
            ("разделы для молодых педагогов", "программы поддержки молодых педагогов",
             "карточки молодых педагогов", "записи о поддержке молодых педагогов"),
            0,
        )  # fmt: skip
        orgs = Organisation.objects.filter(region=region)
        self.cnppm = orgs.filter(kind=Organisation.Kind.CNPPM).order_by("pk").first()
        self.mms = {
            o.municipality_id: o
            for o in orgs.filter(kind=Organisation.Kind.MMS).order_by("-pk")
        }

    # Pages ----------------------------------------------------------------------------
    def methodist(self, **where):
        consenting = Person.objects.filter(
            public_consent=True,
            public_fields__icontains='"name"',
            roles__code="methodist",
            organisation__region=self.region,
        )
        return (
            consenting.filter(**where).order_by("pk").first()
            or consenting.order_by("pk").first()
        )

    def section(self, parent, texts, methodist) -> YoungTeachersPage:
        title, intro, body, email, phone = texts
        page = YoungTeachersPage(
            title=title, slug=data.SECTION_SLUG, intro=intro,
            body=[("paragraph", RichText(body))], methodist=methodist,
            contact_email=email, contact_phone=phone,
        )  # fmt: skip
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created["разделы для молодых педагогов"] += 1
        return page

    def programme(self, section, plan: data.Programme, organiser):
        start = self.anchor
        month = start.month - 1 + plan.months
        end = dt.date(start.year + month // 12, month % 12 + 1, 1) - dt.timedelta(1)
        page = SupportProgrammePage(
            title=plan.title, slug=plan.slug, intro=plan.intro,
            body=[("paragraph", RichText(plan.body))], organiser=organiser,
            start_date=start, end_date=end,
        )  # fmt: skip
        section.add_child(instance=page)
        page.support_forms.set([self.forms[c] for c in plan.forms if c in self.forms])
        page.save_revision().publish()
        self.created["программы поддержки молодых педагогов"] += 1
        return page

    # Cards ----------------------------------------------------------------------------
    def cards(self, people: list[Person]) -> None:
        """A card for every young teacher; a few leave the profession or the region."""
        rng = self.rng
        leaving = {p.pk for p in rng.sample(people, min(DEPARTURES, len(people)))}
        reasons = list(YoungTeacherCard.Departure.values)
        cards = []
        for number, person in enumerate(people):
            joined = person.career_start_date
            if rng.random() < 0.2:  # changed schools since
                joined = min(self.today, joined + dt.timedelta(rng.randint(200, 500)))
            card = YoungTeacherCard(person=person, joined_school_on=joined)
            if person.pk in leaving:
                days = max(0, (self.today - joined).days)
                card.left_on = joined + dt.timedelta(
                    rng.randint(0, days) if days else 0
                )
                card.left_reason = reasons[number % len(reasons)]
                card.note = data.DEPARTURE_NOTES[number % len(data.DEPARTURE_NOTES)]
            cards.append(card)
        YoungTeacherCard.objects.bulk_create(cards)
        self.created["карточки молодых педагогов"] += len(cards)

    # Records --------------------------------------------------------------------------
    def organiser(self, person, code):
        if code in ("network-support", "expert-support", "continuous-education"):
            return self.cnppm or person.organisation
        if code in ("associations", "leisure", "social-activity", "contests"):
            return self.mms.get(person.organisation.municipality_id) or self.cnppm
        return person.organisation

    def record(self, person, code, start, end=None) -> SupportRecord:
        rng = self.rng
        return SupportRecord(
            person=person, form=self.forms[code],
            title=rng.choice(data.RECORD_TITLES[code]), start_date=start,
            end_date=end, organiser=self.organiser(person, code),
            source=SupportRecord.Source.IMPORT if rng.random() < 0.3
            else SupportRecord.Source.MANUAL,
        )  # fmt: skip

    def current_start(self, person) -> dt.date:
        earliest = max(self.anchor, person.career_start_date)
        days = max(0, (self.today - earliest).days)
        return earliest + dt.timedelta(self.rng.randint(0, days))

    def pick_forms(self, count: int) -> list[str]:
        """The next forms of a weighted, shuffled cycle: every form appears within a
        few records, the frequent ones more often."""
        chosen: list[str] = []
        for _ in range(len(self.cycle)):
            code = self.cycle[self.position % len(self.cycle)]
            self.position += 1
            if code not in chosen:
                chosen.append(code)
            if len(chosen) == count:
                break
        return chosen

    def records(self, young: list[Person], already: set[int]) -> None:
        """Support for about WITH_RECORDS of the young teachers: the uncovered first
        (up to TARGET covered in all), then people who have other support."""
        rng, total = self.rng, len(young)
        uncovered = [p for p in young if p.pk not in already]
        need = max(0, round(TARGET * total) - len(already))
        given = rng.sample(uncovered, min(need, len(uncovered)))
        extra = max(0, round(WITH_RECORDS * total) - len(given))
        also = rng.sample(
            [p for p in young if p.pk in already], min(extra, len(already))
        )
        end = dt.date(self.anchor.year + 1, 8, 31)
        made = []
        for person in given + also:
            for code in self.pick_forms(1 if person in also else rng.choice((1, 1, 2))):
                made.append(
                    self.record(
                        person, code, self.current_start(person),
                        end if rng.random() < 0.5 else None,
                    )
                )  # fmt: skip
        # Finished or future support only: not covered today («Моя поддержка» shows it).
        left = [p for p in uncovered if p not in given]
        earlier = [
            p for p in left if p.career_start_date <= self.anchor - dt.timedelta(300)
        ]
        for person in earlier[:PAST]:
            start = self.anchor - dt.timedelta(300)
            made.append(
                self.record(person, "contests", start, self.anchor - dt.timedelta(30))
            )
        later = [p for p in left if p not in earlier[:PAST]]
        for person in later[:UPCOMING]:
            start = self.today + dt.timedelta(rng.randint(7, 60))
            made.append(self.record(person, "network-support", start))
        SupportRecord.objects.bulk_create(made)
        self.created["записи о поддержке молодых педагогов"] += len(made)


def _demo_sections(region, organisations):
    """The region's section page and the demo school's municipality page (the first
    school of the plan with a section: the ``demo-school`` editor's)."""
    region_page = RegionPage.objects.filter(territory=region).first()
    schools = [o for o in organisations.values() if o.kind == "school"]
    school_page = next(
        (
            p
            for o in schools
            if (p := OrganisationPage.objects.filter(organisation=o).first())
        ),
        None,
    )
    municipality_page = None
    if school_page is not None and school_page.organisation.municipality_id:
        municipality_page = MunicipalityPage.objects.filter(
            territory_id=school_page.organisation.municipality_id
        ).first()
    if municipality_page is None and region_page is not None:
        municipality_page = (
            MunicipalityPage.objects.child_of(region_page).order_by("path").first()
        )
    return region_page, municipality_page


def build_demo_young_teachers(region, municipalities, organisations, seed, today):
    region_page, municipality_page = _demo_sections(region, organisations)
    if (
        region_page is None
        or YoungTeachersPage.objects.descendant_of(region_page).exists()
    ):
        return {}
    builder = Builder(region, seed, today)
    with transaction.atomic():
        section = builder.section(
            region_page,
            data.REGION_SECTION,
            builder.methodist(organisation__kind=Organisation.Kind.CNPPM),
        )
        for plan in data.REGIONAL_PROGRAMMES:
            builder.programme(section, plan, builder.cnppm)
        if municipality_page is not None:
            mun_id = municipality_page.territory_id
            section = builder.section(
                municipality_page,
                data.MUNICIPAL_SECTION,
                builder.methodist(organisation__municipality_id=mun_id),
            )
            for plan in data.MUNICIPAL_PROGRAMMES:
                builder.programme(section, plan, builder.mms.get(mun_id))
        in_region = Person.objects.filter(organisation__region=region)
        builder.cards(
            list(
                in_region.filter(young_teacher_q(today))
                .exclude(young_teacher_card__isnull=False)
                .order_by("organisation_id", "pk")
            )
        )
        young = young_teachers(today, in_region).select_related("organisation")
        already = set(young.filter(covered_q(today)).values_list("pk", flat=True))
        builder.records(list(young.order_by("organisation_id", "pk")), already)
    return builder.created
