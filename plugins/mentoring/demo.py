"""Demo mentoring for ``portal demo`` (portal_demo_content hook).

A mentors' registry in the region's section; programmes in the region, in the first
school's municipality and in that school (the school of the ``demo-school`` editor
account, so a coordinator sees its pairs and «нужен наставник» list); three region
plan templates; about thirty mentors among the demo people (their own consent decides
who appears publicly); about forty pairs of every form and status, registered through
``pairing.register_pair`` with plans filled from the templates, meetings and
self-assessments; a few recorded needs and pending requests. Most young teachers are
left without a mentor, so the coordinator's list is full.

Idempotent: nothing is created when the region already has a mentors' registry.
Random choices come from a stream of their own, so the rest of the demo stays as it
was.
"""

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.core.levels import EducationStage
from portal.core.models import Competence, Organisation, Person
from portal.core.young import years_before, young_teacher_q
from portal.sections.models import MunicipalityPage, OrganisationPage, RegionPage

from . import demo_data as data
from .models import (
    Meeting,
    Mentor,
    MentoringForm,
    MentoringNeed,
    MentoringProgrammePage,
    MentorRegistryPage,
    MentorStatus,
    PairRequest,
    PairStatus,
    PlanTemplate,
    PlanTemplateTask,
    ProgrammeStatus,
    SelfAssessment,
    TaskStatus,
)
from .pairing import close_pair, register_pair
from .plan_templates import apply_template

MENTORS = 30
PAIRS = 40
#: Share of a school's young teachers who get a mentor: the rest need one.
COVERED = 0.4


class Builder:
    def __init__(self, region, seed, today):
        self.region, self.today = region, today
        self.rng = random.Random(f"{seed}:mentoring")
        self.forms = {f.code: f for f in MentoringForm.objects.all()}
        self.competences = {c.code: c for c in Competence.objects.all()}
        self.created = dict.fromkeys(
            ("реестры наставников", "программы наставничества", "наставники",
             "наставнические пары", "шаблоны планов наставничества",
             "потребности в наставнике", "запросы на наставничество"),
            0,
        )  # fmt: skip
        self.templates: dict[str, PlanTemplate] = {}
        self.taken: set[int] = set()  # people in a pair (as mentor or mentee)

    # Pages ----------------------------------------------------------------------------
    def publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def registry(self, region_page):
        self.publish(
            region_page,
            MentorRegistryPage(
                title=data.REGISTRY_TITLE, slug=data.REGISTRY_SLUG,
                intro=data.REGISTRY_INTRO,
            ),
        )  # fmt: skip
        self.created["реестры наставников"] += 1

    def programme(self, section, plan: data.Programme, coordinators):
        start = dt.date(
            self.today.year if self.today.month >= 9 else self.today.year - 1, 9, 1
        )
        page = MentoringProgrammePage(
            title=plan.title, slug=plan.slug, intro=plan.intro, goals=plan.goals,
            coordinator=self.rng.choice(coordinators) if coordinators else None,
            start_date=start, end_date=dt.date(start.year + 2, 6, 30),
            status=ProgrammeStatus.ACTIVE,
        )  # fmt: skip
        section.add_child(instance=page)
        page.mentoring_forms.set([self.forms[c] for c in plan.forms if c in self.forms])
        page.save_revision().publish()
        self.created["программы наставничества"] += 1
        return page

    # Templates -------------------------------------------------------------------------
    def plan_templates(self):
        for plan in data.TEMPLATES:
            template = PlanTemplate(
                title=plan.title, form=self.forms.get(plan.form),
                description=plan.description, goals=plan.goals,
                expected_results=plan.expected, duration_months=plan.months,
                region=self.region,
            )  # fmt: skip
            template.tasks = [
                PlanTemplateTask(
                    order=order,
                    title=title,
                    offset_days=days,
                    competence=self.competences.get(code),
                )  # fmt: skip
                for order, (title, code, days) in enumerate(plan.tasks, start=1)
            ]
            template.save()
            self.templates[plan.form] = template
            self.created["шаблоны планов наставничества"] += 1

    # Mentors ---------------------------------------------------------------------------
    def mentors(self, people: list[Person]) -> list[Mentor]:
        rng, made = self.rng, []
        stages = [
            EducationStage.PRIMARY,
            EducationStage.BASIC,
            EducationStage.SECONDARY,
        ]
        codes = list(self.competences)
        for number, person in enumerate(people):
            status = MentorStatus.ACTIVE
            if number % 15 == 7:
                status = MentorStatus.PAUSED
            elif number % 29 == 13:
                status = MentorStatus.LEFT
            mentor = Mentor.objects.create(
                person=person, capacity=rng.choice((2, 2, 3, 3, 4)),
                accepting=rng.random() < 0.85, status=status,
                education_stages=sorted(rng.sample(stages, rng.randint(1, 2)), key=stages.index),
                about=rng.choice(data.ABOUT), availability=rng.choice(data.AVAILABILITY),
                since=self.today - dt.timedelta(days=rng.randint(30, 1200)),
            )  # fmt: skip
            mentor.subjects.set(person.subjects.all())
            mentor.competences.set(
                [self.competences[c] for c in rng.sample(codes, min(3, len(codes)))]
            )
            made.append(mentor)
            self.created["наставники"] += 1
        return made

    # Pairs -----------------------------------------------------------------------------
    def pair(
        self, mentor, mentees, form_code, programme, status=PairStatus.ACTIVE, **extra
    ):
        rng = self.rng
        form = self.forms.get(form_code) or next(iter(self.forms.values()))
        started = self.today - dt.timedelta(days=rng.randint(20, 200))
        if status in (PairStatus.COMPLETED, PairStatus.TERMINATED):
            started = self.today - dt.timedelta(days=rng.randint(400, 600))
        template = self.templates.get(form_code) or self.templates.get(
            "young-specialist"
        )
        months = template.duration_months if template else 9
        tasks = template.tasks.all() if template else []
        # The first two distinct competences the template works on.
        targets = list(dict.fromkeys(t.competence for t in tasks if t.competence))[:2]
        try:
            pair = register_pair(
                mentor=mentor, mentees=mentees, form=form,
                organisation=mentees[0].organisation, start_date=started,
                planned_end_date=started + dt.timedelta(days=months * 30),
                programme=programme, competences=targets,
                status=PairStatus.ACTIVE if status != PairStatus.PROPOSED else status,
                goal="Адаптация в профессии и устранение дефицитов.", **extra,
            )  # fmt: skip
        except ValidationError:
            return None
        self.taken.update(p.pk for p in mentees)
        self.created["наставнические пары"] += 1
        if status != PairStatus.PROPOSED and template is not None:
            self.fill_plan(pair, template, targets, mentees)
        if status == PairStatus.COMPLETED:
            close_pair(pair, PairStatus.COMPLETED, on=pair.planned_end_date,
                       outcome=rng.choice(data.OUTCOMES))  # fmt: skip
        elif status == PairStatus.TERMINATED:
            close_pair(pair, PairStatus.TERMINATED, on=started + dt.timedelta(days=120),
                       reason=data.TERMINATION)  # fmt: skip
        elif status == PairStatus.PAUSED:
            pair.status = PairStatus.PAUSED
            pair.save(update_fields=["status"])
        return pair

    def fill_plan(self, pair, template, targets, mentees):
        rng, plan = self.rng, pair.plan
        apply_template(plan, template)
        plan.agreed_on = pair.start_date + dt.timedelta(days=7)
        plan.save(update_fields=["agreed_on"])
        for task in plan.tasks.all():
            if task.deadline and task.deadline < self.today:
                task.status, task.done_on = TaskStatus.DONE, task.deadline
                task.result = "Выполнено, обсуждено с наставником."
            elif task.deadline and task.deadline < self.today + dt.timedelta(days=30):
                task.status = TaskStatus.IN_PROGRESS
            task.save()
        days = (
            min(self.today, pair.planned_end_date or self.today) - pair.start_date
        ).days
        for number in range(min(len(data.MEETING_TOPICS), max(1, days // 30))):
            Meeting.objects.create(
                plan=plan, date=pair.start_date + dt.timedelta(days=7 + number * 30),
                format=rng.choice(list(Meeting.Format.values)),
                topic=data.MEETING_TOPICS[number],
                notes="Договорились о следующих шагах плана.",
            )  # fmt: skip
        ended = pair.planned_end_date and pair.planned_end_date < self.today
        for mentee in mentees:
            for competence in targets:
                score = rng.randint(1, 3)
                SelfAssessment.objects.create(
                    plan=plan, mentee=mentee, moment=SelfAssessment.Moment.START,
                    competence=competence, score=score,
                )  # fmt: skip
                if ended:
                    SelfAssessment.objects.create(
                        plan=plan, mentee=mentee, moment=SelfAssessment.Moment.END,
                        competence=competence, score=min(5, score + rng.randint(1, 2)),
                    )  # fmt: skip

    def pairs(self, mentors, young, others, programme_of):
        """Young teachers of a mentor's organisation first (at most COVERED of them
        per organisation), then colleagues for the other forms."""
        rng = self.rng
        statuses = (
            [PairStatus.ACTIVE] * 6 + [PairStatus.COMPLETED] * 2
            + [PairStatus.PROPOSED, PairStatus.PAUSED, PairStatus.TERMINATED]
        )  # fmt: skip
        quota = {
            org: max(1, int(len(people) * COVERED)) for org, people in young.items()
        }
        active = [m for m in mentors if m.status == MentorStatus.ACTIVE]
        for round_ in range(3):
            for mentor in active:
                if self.created["наставнические пары"] >= PAIRS:
                    return
                org = mentor.person.organisation_id
                free_young = [p for p in young.get(org, []) if p.pk not in self.taken]
                colleagues = [
                    p for p in others.get(org, [])
                    if p.pk not in self.taken and p.pk != mentor.person_id
                ]  # fmt: skip
                programme = programme_of(mentor.person.organisation)
                status = rng.choice(statuses)
                if free_young and quota.get(org, 0) > 0:
                    mentees, form = free_young[:1], "young-specialist"
                    if self.pair(mentor, mentees, form, programme, status):
                        quota[org] -= len(mentees)
                elif colleagues and round_ > 0:
                    form = rng.choice(("competence", "subject", "peer"))
                    self.pair(mentor, colleagues[:1], form, programme, status)

    def reverse(self, young, others, programme_of):
        """A young teacher who mentors an experienced colleague (digital tools)."""
        for org, people in young.items():
            colleagues = [p for p in others.get(org, []) if p.pk not in self.taken]
            free = [p for p in people if p.pk not in self.taken]
            if len(free) < 2 or not colleagues:
                continue
            mentor = Mentor.objects.create(
                person=free[-1], capacity=2, education_stages=[EducationStage.BASIC],
                about="Помогает коллегам освоить цифровые ресурсы.",
            )  # fmt: skip
            mentor.competences.set([self.competences["digital-resources"]])
            self.created["наставники"] += 1
            self.taken.add(free[-1].pk)
            self.pair(
                mentor, colleagues[:1], "reverse", programme_of(free[-1].organisation)
            )
            return

    def group(self, mentors, young, others, programme_of, spare=None):
        """Group mentoring: two young teachers of the mentor's school (or, where
        there are not two, two colleagues); not in ``spare`` (the demo school keeps
        its young teachers for the coordinator's «нужен наставник» list)."""
        for mentor in mentors:
            if (
                mentor.status != MentorStatus.ACTIVE
                or mentor.capacity < 2
                or mentor.person.organisation_id == spare
            ):
                continue
            org = mentor.person.organisation_id
            for pool in (young.get(org, []), others.get(org, [])):
                group = [p for p in pool if p.pk not in self.taken][:2]
                if len(group) == 2 and self.pair(
                    mentor, group, "group", programme_of(mentor.person.organisation)
                ):
                    return

    def team(self, mentors, others, programme_of):
        """«Команда — команде»: a mentor's school team guides another school's team."""
        for mentor in mentors:
            if mentor.status != MentorStatus.ACTIVE or mentor.capacity < 2:
                continue
            home = mentor.person.organisation
            for org, people in others.items():
                team = [p for p in people if p.pk not in self.taken][:2]
                if org == home.pk or len(team) < 2:
                    continue
                if self.pair(mentor, team, "team", programme_of(team[0].organisation),
                             mentor_organisation=home):  # fmt: skip
                    return

    # Needs and requests ----------------------------------------------------------------
    def needs_and_requests(self, others, young, mentors):
        rng = self.rng
        reasons = [MentoringNeed.Reason.NEW_STAFF, MentoringNeed.Reason.ATTESTATION,
                   MentoringNeed.Reason.DEFICIT]  # fmt: skip
        made = 0
        for org_people in others.values():
            for person in org_people:
                if made >= 6:
                    break
                if person.pk in self.taken:
                    continue
                need = MentoringNeed.objects.create(
                    person=person, reason=reasons[made % 3],
                    note=data.NEED_NOTES[made % 3],
                )  # fmt: skip
                if need.reason == MentoringNeed.Reason.DEFICIT:
                    need.competences.set([self.competences["assessment"]])
                self.taken.add(person.pk)
                made += 1
        self.created["потребности в наставнике"] += made
        accepting = [
            m for m in mentors if m.status == MentorStatus.ACTIVE and m.accepting
        ]
        requests = 0
        for people in young.values():
            free = [p for p in people if p.pk not in self.taken]
            for mentee in free[:1]:
                if not accepting or requests >= 4:
                    return
                mentor = rng.choice(accepting)
                PairRequest.objects.create(
                    mentor=mentor, mentee=mentee, form=self.forms.get("young-specialist"),
                    message=data.REQUEST_MESSAGE,
                    deadline=self.today + dt.timedelta(days=7),
                )  # fmt: skip
                requests += 1
                self.created["запросы на наставничество"] += 1


def _people_by_org(queryset) -> dict[int, list[Person]]:
    found: dict[int, list[Person]] = {}
    for person in queryset.select_related("organisation").order_by(
        "organisation_id", "pk"
    ):
        found.setdefault(person.organisation_id, []).append(person)
    return found


def build_demo_mentoring(region, municipalities, organisations, seed, today):
    region_page = RegionPage.objects.filter(territory=region).first()
    if (
        region_page is None
        or MentorRegistryPage.objects.descendant_of(region_page).exists()
    ):
        return {}
    orgs = list(organisations.values()) or list(
        Organisation.objects.filter(region=region).order_by("pk")
    )
    schools = [o for o in orgs if o.kind == "school"]
    # The first school of the plan is the demo-school editor's (portal.demo.accounts).
    school_page = next(
        (
            p
            for o in schools
            if (p := OrganisationPage.objects.filter(organisation=o).first())
        ),
        None,
    )
    school = school_page.organisation if school_page else None
    mun_page = (
        MunicipalityPage.objects.filter(territory_id=school.municipality_id).first()
        if school is not None
        else None
    )
    builder = Builder(region, seed, today)
    with transaction.atomic():
        builder.registry(region_page)
        builder.plan_templates()
        in_region = Person.objects.filter(organisation__region=region)
        managers = list(
            in_region.filter(
                public_consent=True, public_fields__icontains='"name"'
            ).filter(position__icontains="директор")[:5]
        ) or list(in_region[:3])
        regional = builder.programme(region_page, data.REGIONAL_PROGRAMME, managers)
        municipal = school_programme = None
        if mun_page is not None:
            municipal = builder.programme(
                mun_page, data.MUNICIPAL_PROGRAMME,
                list(in_region.filter(organisation__municipality=school.municipality)[:5]),
            )  # fmt: skip
        if school_page is not None:
            school_programme = builder.programme(
                school_page, data.SCHOOL_PROGRAMME,
                list(in_region.filter(organisation=school)[:5]),
            )  # fmt: skip

        def programme_of(organisation):
            if school_programme is not None and organisation.pk == school.pk:
                return school_programme
            if (
                municipal is not None
                and organisation.municipality_id == school.municipality_id
            ):
                return municipal
            return regional

        young_q = young_teacher_q(today)
        young = _people_by_org(in_region.filter(young_q))
        experienced = in_region.exclude(young_q).filter(
            career_start_date__lte=years_before(today, 8)
        )
        others = _people_by_org(experienced)
        # Mentors where the young teachers are: the demo school first.
        order = sorted(
            others,
            key=lambda org: (
                org != getattr(school, "pk", None),
                -len(young.get(org, [])),
                org,
            ),
        )
        chosen = []
        for org in order:
            chosen += others[org][: 4 if org == getattr(school, "pk", None) else 2]
            if len(chosen) >= MENTORS:
                break
        chosen = chosen[:MENTORS]
        for person in chosen:
            others[person.organisation_id].remove(person)
        mentors = builder.mentors(chosen)
        builder.group(mentors, young, others, programme_of, getattr(school, "pk", None))
        builder.team(mentors, others, programme_of)
        builder.reverse(young, others, programme_of)
        builder.pairs(mentors, young, others, programme_of)
        builder.needs_and_requests(others, young, mentors)
    return builder.created
