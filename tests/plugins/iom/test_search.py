"""The routes plugin in the cross-level search: published programmes (linked to their
catalogue page, else to the federal registry) and typical routes, found by Russian word
forms; never a diagnostic, a route, a step or a completed course."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.iom.models import (
    CourseCompletion,
    Diagnostic,
    DiagnosticScore,
    Programme,
    ProgrammeCatalogPage,
    Route,
    RouteCatalogPage,
    RouteStep,
    RouteTemplatePage,
)
from plugins.iom.search import ProgrammeSpec, RouteTemplateSpec
from search.models import EmbeddedDocument
from search.outbox import apply_all_pending
from search.query import SearchQuery
from search.registry import spec_for_model, type_labels
from search.service import search
from tests.factories.core import PersonFactory, home_page

from .conftest import competence, diagnostic, programme, route
from .test_public import catalogue_of, publish, route_template

pytestmark = pytest.mark.django_db


def found(q, **kwargs) -> list[str]:
    return [hit.key for hit in search(SearchQuery(q=q, **kwargs)).hits]


def everything_indexed() -> str:
    return " ".join(
        " ".join(row)
        for row in EmbeddedDocument.objects.values_list(
            "title", "summary", "body", "url"
        )
    )


def document(item) -> EmbeddedDocument:
    return EmbeddedDocument.objects.get(key=f"iom_programme:{item.pk}")


def test_specs_cover_programmes_and_typical_routes_and_nothing_personal():
    assert isinstance(spec_for_model(Programme), ProgrammeSpec)
    assert isinstance(spec_for_model(RouteTemplatePage), RouteTemplateSpec)
    for private in (Diagnostic, DiagnosticScore, Route, RouteStep, CourseCompletion):
        assert spec_for_model(private) is None, private
    labels = type_labels()
    assert labels["iom_programme"] == "Программы ДПП"
    assert labels["iom_route_template"] == "Типовые маршруты"


def test_programme_is_found_with_kind_hours_provider_deficits_and_its_page(tree):
    catalogue = catalogue_of(tree.region_page)
    literacy = competence("functional-literacy")
    item = programme(
        literacy, title="Читательская грамотность на уроках", region=tree.region,
        hours=72, provider=tree.regional_org, in_federal_registry=True,
        description="Приёмы смыслового чтения в основной школе",
    )  # fmt: skip
    apply_all_pending()
    doc = document(item)
    assert doc.type == "iom_programme" and doc.level == "regional"
    assert doc.region_id == tree.region.pk and doc.municipality_id is None
    assert doc.summary == "Повышение квалификации · 72 ч. · ЦНППМ"
    assert literacy.name in doc.body and "смыслового чтения" in doc.body
    assert doc.url == f"{catalogue.url}{item.pk}/"
    key = doc.key
    assert key in found("читательской грамотности", types=["iom_programme"])
    assert key in found("смысловое чтение", audience=["Педагоги"])
    assert key in found("федеральный реестр")
    assert key in found("грамотность", regions=[tree.region.pk])


def test_unpublishing_or_deleting_a_programme_removes_it(tree):
    item = programme(title="Скоро скроют", region=tree.region)
    never = programme(title="Никогда не показанная", published=False)
    apply_all_pending()
    assert document(item).title == "Скоро скроют"
    assert not EmbeddedDocument.objects.filter(key=f"iom_programme:{never.pk}").exists()
    item.published = False
    item.save()
    apply_all_pending()
    assert not EmbeddedDocument.objects.filter(key=f"iom_programme:{item.pk}").exists()
    assert found("скоро скроют") == []
    item.published = True
    item.save()
    apply_all_pending()
    assert document(item)
    item.delete()
    apply_all_pending()
    assert not EmbeddedDocument.objects.filter(type="iom_programme").exists()


def test_url_follows_the_catalogues(tree):
    federal = programme(title="Федеральная", registry_url="https://dppo.apkpro.ru/p/1")
    regional = programme(title="Региональная", region=tree.region)
    apply_all_pending()
    # No catalogue page: the registry card, else no link (shown without one).
    assert document(federal).url == "https://dppo.apkpro.ru/p/1"
    assert document(regional).url == ""
    regional_page = catalogue_of(tree.region_page)
    apply_all_pending()
    assert document(regional).url == f"{regional_page.url}{regional.pk}/"
    # A federal programme is shown by every regional catalogue.
    assert document(federal).url == f"{regional_page.url}{federal.pk}/"
    federal_page = catalogue_of(home_page(), "Федеральный каталог")
    apply_all_pending()
    assert document(federal).url == f"{federal_page.url}{federal.pk}/"
    assert document(regional).url == f"{regional_page.url}{regional.pk}/"
    regional_page.unpublish()
    apply_all_pending()
    assert document(regional).url == f"{federal_page.url}{regional.pk}/"


def test_changed_deficits_reindex_the_programme(tree):
    item = programme(title="Программа", region=tree.region)
    apply_all_pending()
    inclusion = competence("inclusion")
    assert inclusion.name not in document(item).body
    item.deficits.add(inclusion)
    apply_all_pending()
    assert inclusion.name in document(item).body


def test_typical_route_is_found_and_leaves_the_index_when_unpublished(tree):
    routes = publish(tree.mun_a_page, RouteCatalogPage(title="Маршруты", slug="routes"))
    literacy = competence("functional-literacy")
    page = route_template(
        routes, "Первые шаги в профессии", {"title": "Стажировка в школе-лидере", "hours": 16},
        {"hours": 20}, deficits=[literacy], target_group="молодые учителя математики",
        expected_results="Проектирует урок по ФГОС",
    )  # fmt: skip
    apply_all_pending()
    key = f"page:{page.pk}"
    doc = EmbeddedDocument.objects.get(key=key)
    assert doc.type == "iom_route_template" and doc.level == "municipal"
    assert (doc.region_id, doc.municipality_id) == (tree.region.pk, tree.mun_a.pk)
    assert "36 ч." in doc.body and literacy.name in doc.body
    assert key in found("стажировки", types=["iom_route_template"])
    assert key in found("учителей математики")
    assert key in found("урок по ФГОС", scope_municipality=tree.mun_a.pk)
    assert key not in found("урок по ФГОС", scope_municipality=tree.mun_b.pk)
    page.unpublish()
    apply_all_pending()
    assert not EmbeddedDocument.objects.filter(key=key).exists()


def test_diagnostics_routes_and_completions_are_never_indexed(tree):
    person = PersonFactory(organisation=tree.school_a, last_name="Закрытова")
    item = programme(title="Курс", region=tree.region)
    source = diagnostic(
        person, competence("conflicts"), note="Тревожность на открытых уроках"
    )
    route(
        person, {"title": "Личный шаг Закрытовой", "evidence": "Конспект урока"},
        goals="Преодолеть страх публичных выступлений", diagnostic=source,
        personal_resources="Поддержка семьи",
    )  # fmt: skip
    CourseCompletion.objects.create(
        person=person, programme=item, completed_on=datetime.date(2026, 5, 1),
        document_number="УД-000123",
    )  # fmt: skip
    apply_all_pending()
    assert found("страх публичных выступлений") == []
    assert found("тревожность") == []
    keys = set(EmbeddedDocument.objects.values_list("key", flat=True))
    assert keys and not any(
        k.startswith(("diagnostic", "route", "course")) for k in keys
    )
    text = everything_indexed()
    for secret in (
        "Закрытова", "Тревожность", "Личный шаг", "Конспект урока", "Поддержка семьи",
        "УД-000123", "публичных выступлений",
    ):  # fmt: skip
        assert secret not in text, secret


def _programme_documents_queries(tree, n: int) -> int:
    if not ProgrammeCatalogPage.objects.exists():
        catalogue_of(tree.region_page)
    deficits = [competence("assessment"), competence("inclusion")]
    for i in range(n):
        programme(*deficits, title=f"Программа {n}-{i}", region=tree.region,
                  provider=tree.regional_org)  # fmt: skip
    spec = ProgrammeSpec()
    programmes = list(spec.get_queryset())
    with CaptureQueriesContext(connection) as queries:
        documents = [d for _, d in spec.build_documents(programmes) if d is not None]
    assert len(documents) == len(programmes) and all(d.url for d in documents)
    return len(queries)


def test_programme_documents_of_a_chunk_take_a_bounded_number_of_queries(tree):
    assert _programme_documents_queries(tree, 2) == _programme_documents_queries(
        tree, 12
    )
