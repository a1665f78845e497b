"""`portal demo` adds the programme catalogue, typical routes, diagnostics, routes
with a tutor and progress, and course completions, so the dashboard's shares are not
trivial; the other plugins' demo events and communities get deficits, so proposals
come from them too; a second run creates nothing; nothing personal is public."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plugins.iom.demo import demo_content
from plugins.iom.indicators import COUNTED_SOURCES
from plugins.iom.models import (
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
)
from plugins.iom.proposal import propose
from portal.core.models import Competence, Person, Territory
from portal.demo.accounts import DEMO_PASSWORD
from portal.demo.people import anchor_date
from portal.demo.territory import REGION_OKTMO
from search.models import EmbeddedDocument
from search.registry import spec_for_model

SMALL = ["--municipalities", "3", "--organisations", "20", "--people", "150"]
MODELS = (ProgrammeCatalogPage, RouteCatalogPage, RouteTemplatePage, Programme,
          ProgrammeCohort, Diagnostic, DiagnosticScore, Route, RouteStep,
          CourseCompletion)  # fmt: skip


def tagged() -> int:
    """Events and communities with deficits (when those plugins are enabled)."""
    total = 0
    for app, name in (("events", "EventPage"), ("communities", "CommunityPage")):
        if apps.is_installed(f"plugins.{app}"):
            total += apps.get_model(app, name).competences.through.objects.count()
    return total


def counts() -> dict:
    return {
        **{model.__name__: model.objects.count() for model in MODELS},
        "tagged": tagged(),
    }


@pytest.mark.django_db
def test_demo_routes_are_built_once_and_nothing_personal_is_public(client):
    out = io.StringIO()
    call_command("demo", *SMALL, stdout=out)
    before = counts()
    assert all(before.values()), before
    assert "программы ДПП: 15" in out.getvalue()

    # The catalogue: federal-registry and regional programmes, ПК and a ПП.
    programmes = Programme.objects.all()
    assert programmes.filter(in_federal_registry=True, region=None).count() >= 5
    assert programmes.filter(region__isnull=False).count() >= 5
    assert {16, 24, 36, 72} <= set(programmes.values_list("hours", flat=True))
    assert (
        programmes.filter(kind=Programme.Kind.RETRAINING, hours__gte=250).count() == 1
    )
    assert not programmes.filter(deficits=None).exists()
    assert RouteTemplatePage.objects.live().count() == 3
    for page in RouteTemplatePage.objects.all():
        assert page.steps.count() >= 4 and page.deficits.exists()

    # The dashboard's figures, recomputed from the records: non-trivial.
    region = Territory.objects.get(oktmo=REGION_OKTMO)
    today = timezone.localdate()
    people = Person.objects.filter(organisation__region=region)
    total = people.count()
    diagnosed = people.filter(
        iom_diagnostics__source__in=COUNTED_SOURCES,
        iom_diagnostics__date__range=(anchor_date(today), today),
    ).distinct()
    assert 0.15 * total <= diagnosed.count() <= 0.5 * total, (diagnosed.count(), total)
    assert not Diagnostic.objects.filter(deficits=None).exists()
    built = Route.objects.filter(
        status__in=Route.BUILT, diagnostic__source__in=COUNTED_SOURCES
    )
    owners = built.values("owner").distinct().count()
    assert 0.05 * total <= owners < diagnosed.count()
    assert not Route.objects.filter(tutor=None).exists()
    assert Route.objects.exclude(team=None).exists()  # a management team's route
    assert Route.objects.exclude(template=None).count() >= 2
    federal = CourseCompletion.objects.filter(
        programme__in_federal_registry=True,
        programme__route_steps__route__in=built,
        programme__route_steps__route__owner=F("person"),
    )
    assert federal.exists()
    # Steps done by the sync from the completions, and by hand with evidence.
    assert RouteStep.objects.filter(status="done").exclude(done_source="").exists()
    assert RouteStep.objects.filter(status="done").exclude(evidence="").exists()
    assert Route.objects.filter(status=Route.Status.IN_PROGRESS).exists()
    assert RouteStep.objects.exclude(kind="programme").exists()
    # The other plugins' events and communities have deficits: they are proposed.
    if apps.is_installed("plugins.events"):
        owner = Route.objects.exclude(template=None).first().owner
        offers = propose(owner, Competence.objects.values_list("pk", flat=True), today)
        assert any(o.kind == "event" for item in offers for o in item.offers)

    # Demo logins for a teacher with a route under way and for its tutor (printed).
    teacher = Person.objects.get(user__username="demo-teacher")
    tutor = Person.objects.get(user__username="demo-tutor")
    route = Route.objects.get(owner=teacher, tutor=tutor, status="in_progress")
    assert "demo-teacher" in out.getvalue() and "/iom/my/" in out.getvalue()
    assert "demo-tutor" in out.getvalue() and "/iom/caseload/" in out.getvalue()
    signed_in = Client()
    assert signed_in.login(username="demo-teacher", password=DEMO_PASSWORD)
    mine = signed_in.get(reverse("iom:my"))
    assert mine.status_code == 200
    assert reverse("iom:route", args=[route.pk]) in mine.content.decode()
    assert signed_in.login(username="demo-tutor", password=DEMO_PASSWORD)
    caseload = signed_in.get(reverse("iom:caseload"))
    assert (
        caseload.status_code == 200 and teacher.last_name in caseload.content.decode()
    )

    # A second run (the command, then the hook's function itself) creates nothing.
    again = io.StringIO()
    call_command("demo", *SMALL, stdout=again)
    assert demo_content(None, region, {}, {}, 1, today) == {}
    assert counts() == before
    assert "Учётные записи: создано 0" in again.getvalue()
    assert Person.objects.get(user__username="demo-teacher") == teacher

    # Public pages show the catalogues; no diagnostic or route is reachable.
    assert spec_for_model(Diagnostic) is None and spec_for_model(Route) is None
    iom_types = set(
        EmbeddedDocument.objects.filter(key__startswith="iom").values_list(
            "type", flat=True
        )
    )
    assert iom_types and len(iom_types) <= 2  # programmes and typical routes only
    pages = [*ProgrammeCatalogPage.objects.all(), *RouteCatalogPage.objects.all(),
             *RouteTemplatePage.objects.all()]  # fmt: skip
    html = []
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200
        html.append(response.content.decode())
    catalogue = ProgrammeCatalogPage.objects.get()
    for programme in programmes[:5]:
        response = client.get(f"{catalogue.url}{programme.pk}/")
        assert response.status_code == 200
        html.append(response.content.decode())
    html = "\n".join(html)
    assert "Менеджмент в образовании" in html
    for route in Route.objects.select_related("owner")[:30]:
        assert route.owner.full_name not in html
        for url in (
            f"/iom/routes/{route.pk}/",
            f"/iom/routes/{route.pk}/document.docx",
        ):
            assert client.get(url).status_code in (302, 404)
    assert client.get("/iom/my/").status_code == 302
