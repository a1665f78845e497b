"""The bank of best practices: the catalogue's scope, filters, counts, full-text search
(with the engine down too), pages, authors' pages, and the practice page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.communities.models import (
    ExpertReview,
    PracticeCatalogPage,
    PracticeKind,
    PracticeStage,
)
from portal.core.models import Subject
from search.outbox import apply_all_pending
from tests.factories.core import PersonFactory, UserFactory

from .conftest import make_community, make_practice, publish_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def mun_catalogues(tree):
    return (
        publish_child(
            tree.mun_a_page, PracticeCatalogPage(title="Практики А", slug="practices")
        ),
        publish_child(
            tree.mun_b_page, PracticeCatalogPage(title="Практики Б", slug="practices")
        ),
    )


def titles(response) -> list[str]:
    return [p.title for p in response.context["practices"].object_list]


def test_catalogue_lists_live_public_practices_of_its_section_and_below(
    client, catalogue, mun_catalogues
):
    mun_a, mun_b = mun_catalogues
    make_practice(catalogue, "Региональная практика")
    make_practice(mun_a, "Практика района А")
    make_practice(mun_b, "Практика района Б")
    draft = make_practice(mun_a, "Черновик")
    draft.unpublish()

    assert sorted(titles(client.get(catalogue.url))) == [
        "Практика района А",
        "Практика района Б",
        "Региональная практика",
    ]
    assert titles(client.get(mun_a.url)) == ["Практика района А"]
    assert titles(client.get(mun_b.url)) == ["Практика района Б"]


def test_filters_and_counts(client, tree, catalogue, registries, mun_catalogues):
    mun_a, _ = mun_catalogues
    rmo = make_community(registries.mun_a, "РМО учителей истории")
    history = Subject.objects.get_or_create(name="История")[0]
    make_practice(
        catalogue,
        "Управленческая команда",
        kind=PracticeKind.MANAGERIAL,
        stage=PracticeStage.RECOMMENDED,
        effectiveness_confirmed=True,
    )
    make_practice(
        mun_a,
        "Музейные уроки",
        stage=PracticeStage.RECOMMENDED,
        community=rmo,
        subjects=[history],
        federal_registry=True,
    )
    make_practice(mun_a, "Проектные задачи", stage=PracticeStage.IDENTIFIED)

    def shown(**params):
        return sorted(titles(client.get(catalogue.url, params)))

    assert shown(stage="recommended") == ["Музейные уроки", "Управленческая команда"]
    assert shown(kind="managerial") == ["Управленческая команда"]
    assert shown(confirmed="on") == ["Управленческая команда"]
    assert shown(federal="on") == ["Музейные уроки"]
    assert shown(community=rmo.pk) == ["Музейные уроки"]
    assert shown(subject=history.pk) == ["Музейные уроки"]
    assert shown(territory=tree.mun_a.pk) == ["Музейные уроки", "Проектные задачи"]
    assert shown(level="municipal") == ["Музейные уроки", "Проектные задачи"]
    assert shown(stage="recommended", kind="pedagogical") == ["Музейные уроки"]

    # Counts of a facet are those of the other filters (here: pedagogical practices).
    response = client.get(catalogue.url, {"kind": "pedagogical"})
    html = response.content.decode()
    fields = {f.bound.name: f for f in response.context["filter_fields"]}
    stages = {value: count for value, _, _, count in fields["stage"].options}
    kinds = {value: count for value, _, _, count in fields["kind"].options}
    assert stages["recommended"] == 1 and stages["identified"] == 1
    # An option that would find nothing is left out (portal.sections.filters).
    assert "under_review" not in stages
    assert kinds == {"pedagogical": 2, "managerial": 1}
    assert "Рекомендована к распространению" in html and "(1)" in html
    # Territory is a filter of the region's catalogue only; a municipality has none.
    assert "territory" in fields
    fields_a = {f.bound.name for f in client.get(mun_a.url).context["filter_fields"]}
    assert "territory" not in fields_a
    assert (
        "Музейные уроки"
        in client.get(mun_a.url, {"community": rmo.pk}).content.decode()
    )


def test_full_text_search_uses_russian_morphology_within_the_catalogue(
    client, catalogue, mun_catalogues
):
    mun_a, mun_b = mun_catalogues
    make_practice(mun_a, "Школа наставничества", intro="Пары педагогов")
    make_practice(mun_b, "Наставничество в сельской школе")
    make_practice(mun_a, "Проектные задачи по физике")
    apply_all_pending()

    assert titles(client.get(mun_a.url, {"q": "наставничества"})) == [
        "Школа наставничества"
    ]
    assert sorted(titles(client.get(catalogue.url, {"q": "наставничеству"}))) == [
        "Наставничество в сельской школе",
        "Школа наставничества",
    ]
    assert (
        titles(client.get(mun_a.url, {"q": "педагогов", "stage": "recommended"})) == []
    )


def test_search_falls_back_to_substrings_when_the_engine_fails(
    client, catalogue, monkeypatch
):
    make_practice(catalogue, "Школа наставничества")
    make_practice(catalogue, "Проектные задачи", intro="Опыт наставничества в проектах")
    make_practice(catalogue, "Музейные уроки")

    def broken(query):
        raise ConnectionError("engine down")

    monkeypatch.setattr("plugins.communities.catalogue.service.search", broken)
    response = client.get(catalogue.url, {"q": "наставничеств"})
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Проектные задачи", "Школа наставничества"]
    assert "engine" not in response.content.decode()


def test_pages_and_bounded_queries(client, catalogue, settings):
    settings.PORTAL_COMMUNITIES_PAGE_SIZE = 20

    def count(total, params):
        for i in range(total - catalogue.get_children().count()):
            make_practice(catalogue, f"Практика {i}", stage=PracticeStage.GENERALISED)
        apply_all_pending()
        client.get(catalogue.url, params)  # warm caches (site root, settings)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(catalogue.url, params)
        assert response.status_code == 200
        assert response.context["practices"].paginator.count == total
        assert len(response.context["practices"].object_list) == 20
        return len(queries)

    for params in ({"stage": "generalised", "level": "regional"}, {"q": "практика"}):
        catalogue.get_children().delete()
        few = count(20, params)
        many = count(40, params)
        assert many == few, params
    second = client.get(catalogue.url, {"page": 2})
    assert len(second.context["practices"].object_list) == 20


def test_authors_page_only_with_consent(client, tree, catalogue):
    named = PersonFactory(
        organisation=tree.school_a,
        last_name="Иванова",
        first_name="Мария",
        public_consent=True,
        public_fields=["name", "position"],
        position="учитель истории",
        email="ivanova@example.org",
        phone="+7 900 000-00-00",
    )
    hidden = PersonFactory(organisation=tree.school_a, last_name="Скрытова")
    make_practice(catalogue, "Музейные уроки", authors=[named, hidden])
    make_practice(catalogue, "Чужая практика", authors=[hidden])

    response = client.get(catalogue.url, {"author": named.pk})
    html = response.content.decode()
    assert titles(response) == ["Музейные уроки"]
    assert "Практики автора: Иванова Мария" in html
    assert "ivanova@example.org" not in html and "900" not in html
    # No consent, unknown or malformed: no author's page at all.
    assert client.get(catalogue.url, {"author": hidden.pk}).status_code == 404
    assert client.get(catalogue.url, {"author": 999999}).status_code == 404
    assert client.get(catalogue.url, {"author": "x"}).status_code == 404


def test_practice_page_shows_stage_authors_reviews_and_the_community(
    client, tree, catalogue, registries
):
    rmo = make_community(registries.region, "РУМО учителей истории")
    named = PersonFactory(
        organisation=tree.school_a,
        last_name="Иванова",
        first_name="Мария",
        public_consent=True,
        public_fields=["name"],
        email="ivanova@example.org",
    )
    hidden = PersonFactory(organisation=tree.school_a, last_name="Скрытова")
    practice = make_practice(
        catalogue,
        "Музейные уроки",
        authors=[named, hidden],
        community=rmo,
        author_organisation=tree.school_a,
        stage=PracticeStage.RECOMMENDED,
        effectiveness_confirmed=True,
        federal_registry=True,
        federal_registry_url="https://example.org/registry/42",
        education_stages=["basic", "secondary"],
    )
    other = make_practice(catalogue, "Краеведческий квест", community=rmo)
    expert = UserFactory(username="expert", first_name="Эксперт", last_name="Сидоренко")
    expert.save()
    ExpertReview.objects.create(
        practice=practice,
        reviewer=expert,
        verdict=ExpertReview.Verdict.RECOMMEND,
        comments="Практика воспроизводима в сельских школах.",
    )

    html = client.get(practice.url).content.decode()
    assert "Иванова Мария" in html
    assert f"{catalogue.url}?author={named.pk}" in html
    assert "Скрытова" not in html and "ivanova@example.org" not in html
    assert 'aria-current="step"' in html and "Рекомендована к распространению" in html
    assert "Результативность подтверждена" in html
    assert "https://example.org/registry/42" in html
    assert "Основное общее образование" in html
    assert rmo.url in html and tree.school_a.name in html
    assert "Практика воспроизводима в сельских школах." in html
    assert "Сидоренко" not in html and "expert" not in html
    assert "Другие практики сообщества" in html and other.url in html
