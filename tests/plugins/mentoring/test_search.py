"""Mentoring in the cross-level search: programmes and the consenting mentors of a
public registry, found by Russian word forms; never pairs, mentees or contacts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.mentoring import search as mentoring_search
from plugins.mentoring.models import (
    Mentor,
    MentoringProgrammePage,
    MentorRegistryPage,
    MentorStatus,
    Pair,
)
from plugins.mentoring.search import MentorSpec, ProgrammeSpec
from portal.core.models import Competence, Subject
from search.models import EmbeddedDocument
from search.outbox import apply_all_pending
from search.query import SearchQuery
from search.registry import spec_for_model, type_labels
from search.service import search
from tests.factories.core import PersonFactory

from .conftest import make_mentor, make_pair, mentoring_form, young_teacher

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def connected():
    """The plugin's re-indexing signals (MentoringConfig.ready calls connect())."""
    mentoring_search.connect()


def found(q, **kwargs) -> list[str]:
    return [hit.key for hit in search(SearchQuery(q=q, **kwargs)).hits]


def everything_indexed() -> str:
    return " ".join(
        " ".join(row)
        for row in EmbeddedDocument.objects.values_list(
            "title", "summary", "body", "url"
        )
    )


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def registry(tree):
    return publish(
        tree.region_page, MentorRegistryPage(title="Реестр наставников", slug="mentors")
    )


def consenting(mentor, fields=("name", "position", "organisation")):
    person = mentor.person
    person.public_consent, person.public_fields = True, list(fields)
    person.email = "mentor-mail@example.org"
    person.save()
    return mentor


def named(organisation, last_name, **fields):
    mentor = make_mentor(organisation, **fields)
    mentor.person.last_name = last_name
    mentor.person.save()
    return mentor


def test_specs_are_registered_with_labels():
    assert isinstance(spec_for_model(Mentor), MentorSpec)
    assert isinstance(spec_for_model(MentoringProgrammePage), ProgrammeSpec)
    assert spec_for_model(Pair) is None  # pairs are never indexed
    labels = type_labels()
    assert labels["mentor"] == "Наставники"
    assert labels["mentoring_programme"] == "Программы наставничества"


def test_consenting_mentor_is_found_with_card_url_and_territory(tree, registry):
    maths = Subject.objects.get_or_create(name="Математика")[0]
    assessment = Competence.objects.get(code="assessment")
    mentor = consenting(
        named(
            tree.school_a, "Преподобная", subjects=[maths], competences=[assessment],
            about="Готовит к олимпиадам",
        )
    )  # fmt: skip
    apply_all_pending()
    key = f"mentor:{mentor.pk}"
    document = EmbeddedDocument.objects.get(key=key)
    assert document.url == f"{registry.url}{mentor.pk}/"
    assert (document.region_id, document.municipality_id, document.organisation_id) == (
        tree.region.pk, tree.mun_a.pk, tree.school_a.pk,
    )  # fmt: skip
    assert key in found("наставники оценивания", types=["mentor"])
    assert key in found("олимпиада")
    assert key in found("наставник", scope_municipality=tree.mun_a.pk)
    assert key not in found("наставник", scope_municipality=tree.mun_b.pk)
    text = everything_indexed()
    assert "mentor-mail@example.org" not in text and "1975" not in text


def test_a_non_consenting_mentor_never_enters_the_index(tree, registry):
    hidden = named(tree.school_a, "Незаметная")
    no_name = consenting(named(tree.school_a, "Безымянная"), fields=("position",))
    paused = consenting(named(tree.school_a, "Паузова", status=MentorStatus.PAUSED))
    apply_all_pending()
    keys = set(EmbeddedDocument.objects.values_list("key", flat=True))
    for mentor in (hidden, no_name, paused):
        assert f"mentor:{mentor.pk}" not in keys
    text = everything_indexed()
    assert "Незаметная" not in text and "Безымянная" not in text
    # A paused mentor who consented stays in the people index (the core's), but has
    # no mentor document.
    assert not EmbeddedDocument.objects.filter(type="mentor").exists()


def test_withdrawing_consent_removes_the_document(tree, registry):
    mentor = consenting(named(tree.school_a, "Отзывова"))
    apply_all_pending()
    key = f"mentor:{mentor.pk}"
    assert EmbeddedDocument.objects.filter(key=key).exists()
    person = mentor.person
    person.public_consent = False
    person.save()
    apply_all_pending()
    assert not EmbeddedDocument.objects.filter(key=key).exists()
    assert "Отзывова" not in everything_indexed()


def test_card_changes_reindex_and_a_mentor_without_registry_has_no_document(tree):
    mentor = consenting(named(tree.school_a, "Беспризорная"))
    apply_all_pending()
    key = f"mentor:{mentor.pk}"
    assert not EmbeddedDocument.objects.filter(key=key).exists()  # no registry yet
    registry = publish(
        tree.mun_a_page, MentorRegistryPage(title="Наставники", slug="mentors")
    )
    apply_all_pending()
    assert EmbeddedDocument.objects.get(key=key).url == f"{registry.url}{mentor.pk}/"
    mentor.competences.add(Competence.objects.get(code="inclusion"))
    apply_all_pending()
    assert "ОВЗ" in EmbeddedDocument.objects.get(key=key).body
    registry.unpublish()
    apply_all_pending()
    assert not EmbeddedDocument.objects.filter(key=key).exists()


def test_pairs_and_mentees_are_never_indexed(tree, registry):
    mentor = consenting(named(tree.school_a, "Наставница"))
    mentee = young_teacher(
        tree.school_a, last_name="Подопечная", public_consent=True,
        public_fields=["name"],
    )  # fmt: skip
    pair = make_pair(mentor, mentee, goal="Секретная цель пары")
    pair.outcome = "Итог пары"
    pair.save()
    apply_all_pending()
    keys = set(EmbeddedDocument.objects.values_list("key", flat=True))
    assert f"mentor:{mentor.pk}" in keys
    assert not any(k.startswith(("pair:", "plan:")) for k in keys)
    mentor_doc = EmbeddedDocument.objects.get(key=f"mentor:{mentor.pk}")
    assert "Подопечная" not in mentor_doc.body + mentor_doc.summary
    text = everything_indexed()
    assert "Секретная цель пары" not in text and "Итог пары" not in text


def test_programme_is_found_and_names_its_coordinator_only_with_consent(tree):
    coordinator = PersonFactory(organisation=tree.school_a, last_name="Координаторова")
    page = MentoringProgrammePage(
        title="Программа наставничества молодых педагогов",
        slug="programme",
        intro="Адаптация начинающих учителей",
        goals="<p>Закрепление молодых специалистов в профессии</p>",
        coordinator=coordinator,
    )
    page = publish(tree.school_a_page, page)
    page.mentoring_forms.set([mentoring_form("reverse")])
    page.save_revision().publish()
    apply_all_pending()
    key = f"page:{page.pk}"
    assert key in found("адаптации учителя", types=["mentoring_programme"])
    assert key in found("обратного наставничества")
    document = EmbeddedDocument.objects.get(key=key)
    assert document.level == "institutional"
    assert document.organisation_id == tree.school_a.pk
    assert "Координаторова" not in document.body
    coordinator.public_consent, coordinator.public_fields = True, ["name"]
    coordinator.save()
    page.save_revision().publish()
    apply_all_pending()
    assert "Координаторова" in EmbeddedDocument.objects.get(key=key).body


def _mentor_documents_queries(tree, n: int) -> int:
    maths = Subject.objects.get_or_create(name="Математика")[0]
    competences = list(Competence.objects.all()[:2])
    for i in range(n):
        consenting(
            named(tree.school_a, f"Массова{n}-{i}", subjects=[maths],
                  competences=competences),
            fields=("name", "organisation", "subjects"),
        )  # fmt: skip
    spec = MentorSpec()
    mentors = list(spec.get_queryset())
    with CaptureQueriesContext(connection) as queries:
        documents = [d for _, d in spec.build_documents(mentors) if d is not None]
    assert len(documents) == len(mentors)
    return len(queries)


def test_mentor_documents_of_a_chunk_take_a_bounded_number_of_queries(tree, registry):
    assert _mentor_documents_queries(tree, 2) == _mentor_documents_queries(tree, 12)
