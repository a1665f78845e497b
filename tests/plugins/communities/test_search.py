"""Communities and best practices in the cross-level search: found by Russian word
forms, with their territory; never members-only materials or people's data."""

import pytest
from django.core.files.base import ContentFile

from plugins.communities.models import (
    CommunityMaterial,
    CommunityPage,
    JoinMethod,
    PracticeKind,
    PracticePage,
    PracticeStage,
)
from plugins.communities.search import CommunitySpec, PracticeSpec
from portal.core.models import Subject
from search.models import EmbeddedDocument
from search.outbox import apply_all_pending
from search.query import SearchQuery
from search.registry import spec_for_model, type_labels
from search.service import search
from tests.factories.core import PersonFactory

from .conftest import community_type, make_community, make_practice

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


def test_specs_are_registered_with_labels():
    assert isinstance(spec_for_model(CommunityPage), CommunitySpec)
    assert isinstance(spec_for_model(PracticePage), PracticeSpec)
    labels = type_labels()
    assert labels["community"] == "Сообщества"
    assert labels["practice"] == "Лучшие практики"


def test_community_document_has_territory_type_and_join_method(tree, registries):
    maths = Subject.objects.get_or_create(name="Математика")[0]
    head = PersonFactory(organisation=tree.school_a, last_name="Скрытова")
    community = make_community(
        registries.mun_a,
        "Методическое объединение учителей математики",
        community_type=community_type("district-mo"),
        join_method=JoinMethod.OPEN,
        problem_area="Функциональная грамотность",
        head=head,
        contact_email="rmo@example.org",
        contact_phone="+7 900 111-22-33",
        subjects=[maths],
    )
    document = CommunitySpec().to_document(CommunityPage.objects.get(pk=community.pk))
    assert document.type == "community"
    assert (document.region, document.municipality) == (tree.region.pk, tree.mun_a.pk)
    assert document.level == "municipal" and document.subjects == ["Математика"]
    assert community.community_type.name in document.body
    assert "Свободное вступление" in document.body
    assert "Функциональная грамотность" in document.body
    text = str(document.as_dict())
    assert "Скрытова" not in text  # the head did not consent
    assert "rmo@example.org" not in text and "111-22-33" not in text


def test_community_and_practice_are_found_by_russian_word_forms(
    tree, registries, catalogue
):
    community = make_community(
        registries.mun_a, "Методическое объединение учителей математики"
    )
    practice = make_practice(
        catalogue,
        "Школа наставничества",
        intro="Пары наставников и молодых педагогов",
        kind=PracticeKind.MANAGERIAL,
        stage=PracticeStage.RECOMMENDED,
    )
    apply_all_pending()
    assert f"page:{community.pk}" in found("объединения математиков")
    assert f"page:{community.pk}" in found(
        "объединению", types=["community"], scope_municipality=tree.mun_a.pk
    )
    assert f"page:{practice.pk}" in found("наставничеству", types=["practice"])
    assert f"page:{practice.pk}" in found("управленческой")
    assert f"page:{practice.pk}" in found("рекомендованная")
    assert f"page:{practice.pk}" not in found(
        "наставничество", scope_municipality=tree.mun_b.pk
    )


def test_members_only_materials_never_reach_the_index(tree, registries):
    community = make_community(registries.mun_a, "Клуб молодых педагогов")
    CommunityMaterial.objects.create(
        community=community,
        title="Протокол закрытого заседания",
        description="Только для участников",
        members_only=True,
        file=ContentFile(b"secret", name="protocol.pdf"),
    )
    CommunityMaterial.objects.create(
        community=community,
        title="Открытый сборник методичек",
        members_only=False,
        kind=CommunityMaterial.Kind.PRODUCT,
        url="https://example.org/book",
    )
    community.save_revision().publish()
    apply_all_pending()
    text = everything_indexed()
    assert "Клуб молодых педагогов" in text
    assert "Протокол закрытого заседания" not in text
    assert "Только для участников" not in text
    assert found("протокол заседания") == []


def test_authors_names_only_with_consent_and_withdrawal_reindexes(tree, catalogue):
    named = PersonFactory(
        organisation=tree.school_a,
        last_name="Колесникова",
        public_consent=True,
        public_fields=["name"],
        email="kolesnikova@example.org",
    )
    hidden = PersonFactory(organisation=tree.school_a, last_name="Скрытова")
    practice = make_practice(catalogue, "Музейные уроки", authors=[named, hidden])
    apply_all_pending()

    def body():
        return EmbeddedDocument.objects.get(key=f"page:{practice.pk}").body

    assert "Колесникова" in body()
    text = everything_indexed()
    assert "Скрытова" not in text and "kolesnikova@example.org" not in text

    named.public_consent = False
    named.save()
    apply_all_pending()
    assert "Колесникова" not in body()
    assert "Колесникова" not in everything_indexed()
