"""Demo routes for ``portal demo`` (portal_demo_content hook).

In the region's section: a programme catalogue with ``demo_data.PROGRAMMES``
(federal-registry and regional, ПК of 16–72 h and a ПП, cohorts around today) and
three typical routes. Diagnostics for about ``DIAGNOSED`` of the region's teachers and
managers within the current school year (a result per competence area, deficits).
Routes for about ``WITH_ROUTE`` of those diagnosed by a centre or school (at most
``MAX_ROUTES``): proposed by ``proposal.build_route`` from every enabled plugin's
offers, or adopted from a fitting typical route (``ADOPTED``; a manager's with fellow
managers as the team), each with a tutor — a methodist or tutor of the owner's
municipal service, else of a regional centre. Most are agreed and partly done: courses
through imported completions (``progress.sync_routes`` marks their steps, as the daily
sync would), the rest by hand with evidence — so the dashboard's shares and the
caseloads show something.

The other plugins' demo events and communities get the deficits they help with
(``tag_pages``, from words of their titles), through their page models found by
``apps.get_model`` (never imported), before routes are proposed.

Idempotent: nothing is built when the region already has a programme catalogue, and
pages are tagged only when none has deficits yet. Random choices come from a stream of
their own, so the rest of the demo stays as it was.
"""

import datetime as dt
import random

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Revision

from portal.core.models import Competence, CompetenceArea, Organisation, Person
from portal.demo.people import anchor_date
from portal.sections.models import RegionPage

from . import demo_data as data
from .models import (
    DEFAULT_FORM,
    CourseCompletion,
    Diagnostic,
    DiagnosticScore,
    Programme,
    ProgrammeCatalogPage,
    ProgrammeCohort,
    Route,
    RouteCatalogPage,
    RouteStep,
    RouteTemplatePage,
    RouteTemplateStep,
    StepKind,
)
from .progress import sync_routes
from .proposal import adopt_template, build_route

#: Share of the region's teachers and managers diagnosed (target ≥ 20 %).
DIAGNOSED = 0.4
#: Share of those diagnosed by a centre or a school who get a route (each is proposed
#: from every plugin's offers: a few dozen queries, hence the cap).
WITH_ROUTE = 0.5
MAX_ROUTES = 150
#: Share of the routes that follow a typical route fitting the owner's deficits.
ADOPTED = 0.3
SOURCES = {"cnppm": 50, "copmkp": 15, "school": 25, "self": 10}
#: What became of the routes, and how far the agreed ones went.
STATUSES = {"draft": 10, "submitted": 10, "agreed": 80}
PROGRESS = {"none": 30, "partial": 50, "all": 20}
#: Deficits are the areas scored below this; levels: deficit below it, basic below
#: ADVANCED.
DEFICIT_BELOW, ADVANCED = 55, 80
CENTRES = ("cnppm", "copmkp", "mms", "dpo")


def _level(score: int) -> str:
    if score < DEFICIT_BELOW:
        return DiagnosticScore.Level.DEFICIT
    return (
        DiagnosticScore.Level.BASIC
        if score < ADVANCED
        else DiagnosticScore.Level.ADVANCED
    )


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


class Builder:
    def __init__(self, region, seed, today):
        self.region, self.today = region, today
        self.rng = random.Random(f"{seed}:iom")
        self.anchor = anchor_date(today)
        self.competences = {c.code: c for c in Competence.objects.all()}
        self.created = dict.fromkeys(
            ("каталоги программ ДПП и типовых маршрутов", "программы ДПП",
             "типовые маршруты", "результаты диагностики",
             "индивидуальные образовательные маршруты", "записи о пройденном обучении"),
            0,
        )  # fmt: skip

    def publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    # Catalogues --------------------------------------------------------------------------
    def catalogues(self, region_page) -> RouteCatalogPage:
        title, slug, intro = data.CATALOGUE
        self.publish(
            region_page, ProgrammeCatalogPage(title=title, slug=slug, intro=intro)
        )
        title, slug, intro = data.ROUTES
        self.created["каталоги программ ДПП и типовых маршрутов"] += 2
        return self.publish(
            region_page, RouteCatalogPage(title=title, slug=slug, intro=intro)
        )

    def programmes(self) -> dict[str, Programme]:
        orgs = Organisation.objects.filter(region=self.region).order_by("pk")
        regional = {kind: orgs.filter(kind=kind).first() for kind in ("cnppm", "dpo")}
        made = {}
        for plan in data.PROGRAMMES:
            provider = None
            if not plan.federal:
                provider = (
                    regional[plan.provider] or regional["cnppm"] or regional["dpo"]
                )
            programme = Programme.objects.create(
                title=plan.title, hours=plan.hours, provider=provider,
                provider_name=plan.provider if plan.federal else "",
                kind=Programme.Kind.RETRAINING if plan.retraining else Programme.Kind.UPSKILLING,
                region=None if plan.federal else self.region,
                platform="Цифровая экосистема ДПО" if plan.federal else "Moodle ЦНППМ",
                distance=plan.distance, network=plan.network,
                in_federal_registry=plan.federal_registry,
                registry_url=data.REGISTRY_URL if plan.federal_registry else "",
                description=plan.description,
                enrolment_url=getattr(provider, "website", "") or "",
            )  # fmt: skip
            programme.deficits.set([self.competences[c] for c in plan.deficits])
            cohorts = []
            for number, days in enumerate(plan.starts):
                start = self.today + dt.timedelta(days=days)
                cohorts.append(ProgrammeCohort(
                    programme=programme, sort_order=number, start_date=start,
                    end_date=start + dt.timedelta(weeks=plan.weeks),
                    enrolment_closes=start - dt.timedelta(days=3) if days > 3 else None,
                ))  # fmt: skip
            ProgrammeCohort.objects.bulk_create(cohorts)
            made[plan.title] = programme
        self.created["программы ДПП"] += len(made)
        return made

    def templates(self, catalogue, programmes) -> dict[str, RouteTemplatePage]:
        made = {}
        for plan in data.TEMPLATES:
            page = RouteTemplatePage(
                title=plan.title, slug=plan.slug, target_group=plan.target_group,
                intro=plan.intro, expected_results=plan.expected_results,
            )  # fmt: skip
            page.steps = [
                RouteTemplateStep(
                    title=step.title, kind=step.kind, hours=step.hours,
                    learning_form=DEFAULT_FORM[StepKind(step.kind)],
                    deficit=self.competences[step.deficit],
                    programme=programmes.get(step.programme), description=step.description,
                )
                for step in plan.steps
            ]  # fmt: skip
            page.deficits = [self.competences[c] for c in plan.deficits]
            made[plan.slug] = self.publish(catalogue, page)
        self.created["типовые маршруты"] += len(made)
        return made

    # Diagnostics -------------------------------------------------------------------------
    def diagnostics(self, people: list[Person], managers: set[int]) -> list[Diagnostic]:
        rng = self.rng
        chosen = sorted(
            rng.sample(people, round(DIAGNOSED * len(people))), key=lambda p: p.pk
        )
        areas = list(CompetenceArea.objects.order_by("order", "pk"))
        by_area: dict[int, list[Competence]] = {}
        for competence in self.competences.values():
            by_area.setdefault(competence.area_id, []).append(competence)
        latest = max(self.anchor, self.today - dt.timedelta(days=10))
        made, results = [], []
        for person in chosen:
            source = _weighted(rng, SOURCES)
            scores = {
                area: rng.randint(30, 95) for area in areas
                if area.code != "managerial" or person.pk in managers
            }  # fmt: skip
            low = sorted((s, a.pk, a) for a, s in scores.items() if s < DEFICIT_BELOW)
            low = low or [min((s, a.pk, a) for a, s in scores.items())]
            found = []
            for _score, _pk, area in low:
                pool = sorted(by_area.get(area.pk, []), key=lambda c: c.pk)
                found += rng.sample(pool, min(len(pool), rng.choice((1, 1, 2))))
            day = self.anchor + dt.timedelta(
                rng.randint(0, (latest - self.anchor).days)
            )
            made.append(Diagnostic(
                person=person, source=source, title=data.DIAGNOSTIC_TITLES[source],
                date=day, note=rng.choice(data.NOTES),
                imported=source in ("cnppm", "copmkp"),
            ))  # fmt: skip
            results.append((scores, found[:3]))
        Diagnostic.objects.bulk_create(made, batch_size=500)
        DiagnosticScore.objects.bulk_create(
            [
                DiagnosticScore(
                    diagnostic=diagnostic, area=area, score=score, level=_level(score)
                )
                for diagnostic, (scores, _found) in zip(made, results, strict=True)
                for area, score in scores.items()
            ],
            batch_size=500,
        )
        through = Diagnostic.deficits.through
        through.objects.bulk_create(
            [
                through(diagnostic_id=diagnostic.pk, competence_id=competence.pk)
                for diagnostic, (_scores, found) in zip(made, results, strict=True)
                for competence in found
            ],
            batch_size=500,
        )
        for diagnostic, (_scores, found) in zip(made, results, strict=True):
            diagnostic.deficit_ids = [c.pk for c in found]
        self.created["результаты диагностики"] += len(made)
        return made

    # Routes ------------------------------------------------------------------------------
    def tutors(self) -> dict[int | None, list[Person]]:
        """Methodists and tutors of the municipal services (by municipality) and of
        the regional centres (None)."""
        found: dict[int | None, list[Person]] = {}
        for person in (
            Person.objects.filter(
                organisation__region=self.region, organisation__kind__in=CENTRES,
                roles__code__in=("tutor", "methodist"),
            )
            .select_related("organisation").distinct().order_by("pk")
        ):  # fmt: skip
            found.setdefault(person.organisation.municipality_id, []).append(person)
        return found

    def routes(self, diagnostics, managers, templates) -> list[Route]:
        rng = self.rng
        counted = [d for d in diagnostics if d.source != Diagnostic.Source.SELF]
        count = min(MAX_ROUTES, round(WITH_ROUTE * len(counted)))
        chosen = sorted(rng.sample(counted, count), key=lambda d: d.pk)
        tutors = self.tutors()
        regional = tutors.get(None) or [p for ps in tutors.values() for p in ps]
        team = templates.get(data.TEMPLATES[-1].slug)
        fits = [
            (page, {self.competences[c].pk for c in plan.deficits})
            for plan in data.TEMPLATES
            if (page := templates.get(plan.slug)) is not None
        ]
        routes, adopted = [], set()
        for diagnostic in chosen:
            owner = diagnostic.person
            candidates = tutors.get(owner.organisation.municipality_id) or regional
            tutor = rng.choice(candidates) if candidates else None
            # A typical route that closes one of the deficits (the management
            # team's for managers only): each is adopted once, then by about ADOPTED
            # of those it fits. The rest are proposed from the diagnostic.
            template = next(
                (
                    page for page, ids in fits
                    if ids & set(diagnostic.deficit_ids)
                    and (page is team) == (owner.pk in managers)
                ),
                None,
            )  # fmt: skip
            if template is not None and (
                template not in adopted or rng.random() < ADOPTED
            ):
                adopted.add(template)
                route = adopt_template(owner, template, today=self.today)
                route.diagnostic, route.tutor = diagnostic, tutor
                if template is team:
                    route.team.set(
                        Person.objects.filter(
                            organisation_id=owner.organisation_id, pk__in=managers
                        ).exclude(pk=owner.pk)[:3]
                    )
            else:
                route = build_route(
                    owner, diagnostic=diagnostic, deficit_ids=diagnostic.deficit_ids,
                    tutor=tutor, today=self.today,
                )  # fmt: skip
            route.diagnostic_date = diagnostic.date
            routes.append(route)
        self.created["индивидуальные образовательные маршруты"] += len(routes)
        return routes

    def progress(self, routes: list[Route]) -> None:
        """Statuses and texts of the routes; steps done by hand and course
        completions; then the sync marks the courses' steps done."""
        rng, now = self.rng, timezone.now()
        steps: dict[int, list[RouteStep]] = {}
        for step in RouteStep.objects.filter(route__in=routes).select_related(
            "programme"
        ):
            steps.setdefault(step.route_id, []).append(step)
        done, completions, built = [], [], []
        for route in routes:
            route.status = _weighted(rng, STATUSES)
            route.goals = rng.choice(data.GOALS)
            route.personal_resources = rng.choice(data.RESOURCES)
            route.school_context = rng.choice(data.CONTEXT)
            if route.status != Route.Status.AGREED:
                continue
            built.append(route)
            agreed = min(
                self.today, route.diagnostic_date + dt.timedelta(rng.randint(5, 20))
            )
            route.agreed_at = now - dt.timedelta(days=(self.today - agreed).days)
            mine = sorted(steps.get(route.pk, []), key=lambda s: (s.order, s.pk))
            count = {
                "none": 0,
                "partial": rng.randint(1, len(mine) - 1) if len(mine) > 1 else 0,
                "all": len(mine),
            }[_weighted(rng, PROGRESS)]
            for step in mine[:count]:
                day = min(self.today, agreed + dt.timedelta(rng.randint(7, 90)))
                if step.programme_id:
                    completions.append(
                        CourseCompletion(
                            person_id=route.owner_id,
                            programme_id=step.programme_id,
                            hours=step.programme.hours,
                            completed_on=day,
                            document_number=f"{rng.randint(10**11, 10**12 - 1)}",
                            source=CourseCompletion.Source.IMPORT,
                        )  # fmt: skip
                    )
                    continue
                step.status, step.done_on = RouteStep.Status.DONE, day
                step.evidence = rng.choice(data.EVIDENCE)
                step.recognised = step.learning_form != "formal" and rng.random() < 0.5
                done.append(step)
        Route.objects.bulk_update(
            routes,
            ["status", "goals", "personal_resources", "school_context", "agreed_at",
             "diagnostic", "tutor"],
            batch_size=500,
        )  # fmt: skip
        RouteStep.objects.bulk_update(
            done, ["status", "done_on", "evidence", "recognised"], batch_size=500
        )
        CourseCompletion.objects.bulk_create(completions, batch_size=500)
        self.created["записи о пройденном обучении"] += len(completions)
        sync_routes([r.pk for r in built])

    def build(self, region_page, people, managers) -> dict[str, int]:
        catalogue = self.catalogues(region_page)
        programmes = self.programmes()
        templates = self.templates(catalogue, programmes)
        diagnostics = self.diagnostics(people, managers)
        self.progress(self.routes(diagnostics, managers, templates))
        return self.created


# Other plugins' pages -------------------------------------------------------------------
def tag_pages(region_page) -> int:
    """Deficits on the events and communities of the region's section, from words of
    their titles (``demo_data.KEYWORDS``); only when none of them has any yet. The
    latest revision is given them too, so the editor's form shows them."""
    codes = dict(Competence.objects.values_list("code", "pk"))
    tagged = 0
    for app, name in (("events", "EventPage"), ("communities", "CommunityPage")):
        if not apps.is_installed(f"plugins.{app}"):
            continue
        model = apps.get_model(app, name)
        relation = model._meta.get_field("competences")
        through = relation.remote_field.through
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        pages = model.objects.descendant_of(region_page)
        if through.objects.filter(**{f"{source}__in": pages.values("pk")}).exists():
            continue
        found = {}
        for page in pages.order_by("path").only("pk", "title", "latest_revision_id"):
            words = page.title.casefold()
            ids = list(
                dict.fromkeys(
                    codes[c] for w, c in data.KEYWORDS if w in words and c in codes
                )
            )
            if ids:
                found[page] = ids[:3]
        through.objects.bulk_create(
            through(**{f"{source}_id": page.pk, f"{target}_id": pk})
            for page, ids in found.items()
            for pk in ids
        )
        revisions = list(
            Revision.objects.filter(pk__in=[p.latest_revision_id for p in found])
        )
        by_pk = {str(p.pk): ids for p, ids in found.items()}
        for revision in revisions:
            revision.content["competences"] = by_pk.get(revision.object_id, [])
        Revision.objects.bulk_update(revisions, ["content"], batch_size=200)
        tagged += len(found)
    return tagged


def demo_content(home, region, municipalities, organisations, seed, today):
    region_page = RegionPage.objects.filter(territory=region).first()
    if region_page is None:
        return {}
    created = {}
    with transaction.atomic():
        tagged = tag_pages(region_page)
        if tagged:
            created["мероприятия и сообщества с дефицитами"] = tagged
        if ProgrammeCatalogPage.objects.descendant_of(region_page).exists():
            return created
        in_region = Person.objects.filter(organisation__region=region)
        people = list(
            in_region.filter(roles__code__in=("teacher", "manager"))
            .select_related("organisation").distinct().order_by("pk")
        )  # fmt: skip
        managers = set(
            in_region.filter(roles__code="manager").values_list("pk", flat=True)
        )
        created.update(
            Builder(region, seed, today).build(region_page, people, managers)
        )
    return created


#: Accounts ``portal demo`` creates for a route's owner and tutor (portal_demo_logins).
TEACHER_LOGIN, TUTOR_LOGIN = "demo-teacher", "demo-tutor"


def demo_logins(region) -> list:
    """A teacher whose route is under way (else agreed), and its tutor: «Мой маршрут»
    and «Маршруты моих педагогов» with something in them. The teacher linked on an
    earlier run keeps their route; otherwise neither person may have an account yet."""
    from django.db.models import Case, When
    from django.urls import reverse

    from portal.extensions.hooks import DemoLogin

    routes = Route.objects.filter(
        owner__organisation__region=region,
        status__in=(Route.Status.IN_PROGRESS, Route.Status.AGREED),
        tutor__isnull=False,
    ).select_related("owner__organisation", "tutor__organisation")
    linked = routes.filter(owner__user__username=TEACHER_LOGIN)
    if not linked.exists():
        linked = routes.filter(owner__user=None, tutor__user=None)
    under_way = Case(When(status=Route.Status.IN_PROGRESS, then=0), default=1)
    route = linked.order_by(under_way, "pk").first()
    if route is None:
        return []
    return [
        DemoLogin(TEACHER_LOGIN, _("Педагог (свой ИОМ)"), route.owner,
                  reverse("iom:my")),
        DemoLogin(TUTOR_LOGIN, _("Тьютор (маршруты педагогов)"), route.tutor,
                  reverse("iom:caseload")),
    ]  # fmt: skip
