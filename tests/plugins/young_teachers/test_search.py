"""Young-teacher support in the cross-level search: programmes (forms, organiser,
period, territory) and the section page itself; never a person — not the methodist,
not a young teacher, not a support record."""

import datetime

import pytest

from plugins.young_teachers.models import (
    SupportProgrammePage,
    SupportRecord,
    YoungTeacherCard,
    YoungTeachersPage,
)
from plugins.young_teachers.search import SupportProgrammeSpec
from search.core_specs import PageSpec
from search.models import EmbeddedDocument
from search.outbox import apply_all_pending
from search.query import SearchQuery
from search.registry import spec_for_model, type_labels
from search.service import search
from tests.factories.core import PersonFactory

from .conftest import support, support_programme, young_section, young_teacher

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


def test_specs_cover_the_pages_and_nothing_personal():
    assert isinstance(spec_for_model(SupportProgrammePage), SupportProgrammeSpec)
    # The section page is the core's generic page document.
    assert isinstance(spec_for_model(YoungTeachersPage), PageSpec)
    assert spec_for_model(SupportRecord) is None
    assert spec_for_model(YoungTeacherCard) is None
    assert type_labels()["young_support_programme"] == (
        "Программы поддержки молодых педагогов"
    )


def test_programme_is_found_with_forms_organiser_period_and_territory(tree):
    section = young_section(tree.mun_a_page)
    programme = support_programme(
        section, forms=("associations",), title="Клуб «Педагогический старт»",
        intro="Встречи молодых учителей района", organiser=tree.school_a,
        start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 5, 31),
        body=[("paragraph", "<p>Квизы, мастерские и волонтёрские проекты</p>")],
    )  # fmt: skip
    apply_all_pending()
    key = f"page:{programme.pk}"
    document = EmbeddedDocument.objects.get(key=key)
    assert document.type == "young_support_programme"
    assert document.level == "municipal"
    assert (document.region_id, document.municipality_id) == (
        tree.region.pk, tree.mun_a.pk,
    )  # fmt: skip
    assert "Объединения (ассоциации) молодых педагогов" in document.body
    assert "МБОУ СОШ № 1" in document.body and "с 01.09.2026" in document.body
    assert key in found("волонтёрских проектов", types=["young_support_programme"])
    assert key in found("ассоциации молодых педагогов")
    assert key in found("клуб", scope_municipality=tree.mun_a.pk)
    assert key not in found("клуб", scope_municipality=tree.mun_b.pk)
    programme.unpublish()
    apply_all_pending()
    assert not EmbeddedDocument.objects.filter(key=key).exists()


def test_no_person_is_ever_indexed(tree):
    methodist = PersonFactory(
        organisation=tree.regional_org, last_name="Методистова",
        public_consent=True, public_fields=["name", "position"],
        email="methodist@example.org",
    )  # fmt: skip
    section = young_section(
        tree.region_page, methodist=methodist, intro="Поддержка молодых педагогов",
        contact_email="young@example.org",
    )  # fmt: skip
    programme = support_programme(section, forms=("network-support",))
    young = young_teacher(
        tree.school_a, last_name="Начинающая", public_consent=True,
        public_fields=["name"], email="young-private@example.org",
    )  # fmt: skip
    support(young, title="Индивидуальная консультация Начинающей", note="Секрет")
    YoungTeacherCard.objects.create(person=young, note="Личная заметка о выбытии")
    apply_all_pending()
    keys = set(EmbeddedDocument.objects.values_list("key", flat=True))
    assert f"page:{section.pk}" in keys and f"page:{programme.pk}" in keys
    section_document = EmbeddedDocument.objects.get(key=f"page:{section.pk}")
    assert "Поддержка молодых педагогов" in section_document.summary
    # Our documents name nobody, not even the consenting methodist (a consenting
    # person has the core's own people document: that is the core's decision).
    ours = " ".join(
        " ".join(row)
        for row in EmbeddedDocument.objects.filter(
            key__in=[f"page:{section.pk}", f"page:{programme.pk}"]
        ).values_list("title", "summary", "body")
    )
    assert "Методистова" not in ours and "Начинающая" not in ours
    # Nothing about support records or cards anywhere in the index.
    text = everything_indexed()
    for secret in (
        "Индивидуальная консультация", "methodist@example.org", "young-private",
        "Секрет", "Личная заметка", young.birth_date.strftime("%d.%m.%Y"),
    ):  # fmt: skip
        assert secret not in text, secret
