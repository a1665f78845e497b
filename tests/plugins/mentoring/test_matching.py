"""Ranked mentor suggestions: who is a candidate, in what order, with which reasons,
and a fixed number of queries however many mentees are ranked at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.mentoring.matching import suggest_for_many, suggest_mentors
from plugins.mentoring.models import MentoringNeed, MentorStatus
from portal.core.models import Competence, Person, Subject
from tests.factories.core import (
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
)

from .conftest import make_mentor, make_pair, young_teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def subjects():
    return {
        key: Subject.objects.get_or_create(name=name)[0]
        for key, name in (
            ("maths", "Математика"),
            ("physics", "Физика"),
            ("russian", "Русский язык"),
        )
    }


@pytest.fixture
def assessment():
    return Competence.objects.get(name="Оценивание образовательных результатов")


def names(suggestions):
    return [s.mentor.person.last_name for s in suggestions]


def mentor_named(name, organisation, **fields):
    mentor = make_mentor(organisation, **fields)
    Person.objects.filter(pk=mentor.person_id).update(last_name=name)
    mentor.person.last_name = name
    return mentor


def test_ranking_order_and_reasons(tree, subjects, assessment):
    school_a2 = OrganisationFactory(name="МБОУ СОШ № 7", municipality=tree.mun_a)
    mentee = young_teacher(tree.school_a)
    mentee.subjects.set([subjects["maths"]])
    need = MentoringNeed.objects.create(person=mentee, reason="deficit")
    need.competences.set([assessment])

    # Same subject and school outranks everything else.
    best = mentor_named(
        "Лучшая", tree.school_a, capacity=3, subjects=[subjects["maths"]]
    )
    # Same subject, same municipality, can pass on the deficit, highest category.
    second = mentor_named(
        "Вторая",
        school_a2,
        capacity=3,
        subjects=[subjects["maths"]],
        competences=[assessment],
    )
    Person.objects.filter(pk=second.person_id).update(qualification_category="highest")
    # Same subject, another municipality of the region.
    third = mentor_named("Третья", tree.school_b, subjects=[subjects["maths"]])
    # Same school but another subject: closeness does not beat a shared subject.
    fourth = mentor_named("Четвёртая", tree.school_a, subjects=[subjects["russian"]])
    # A mentor without card subjects counts the person's subjects.
    fifth = mentor_named("Пятая", tree.school_b, capacity=3)
    fifth.person.subjects.set([subjects["maths"], subjects["physics"]])

    ranked = suggest_mentors(mentee, limit=0)
    assert names(ranked) == ["Лучшая", "Вторая", "Пятая", "Третья", "Четвёртая"]
    by_name = {s.mentor.person.last_name: s for s in ranked}

    assert by_name["Лучшая"].reasons == [
        "тот же предмет: Математика",
        "та же школа",
        "свободно мест: 3 из 3",
    ]
    assert by_name["Вторая"].reasons == [
        "тот же предмет: Математика",
        "тот же муниципалитет",
        "может передать: Оценивание образовательных результатов",
        "свободно мест: 3 из 3",
        "высшая категория",
    ]
    assert by_name["Третья"].reasons == [
        "тот же предмет: Математика",
        "свободно мест: 2 из 2",
    ]
    assert by_name["Четвёртая"].reasons[0] == "та же школа"
    assert by_name["Пятая"].reasons[0] == "тот же предмет: Математика"
    assert (by_name["Лучшая"].load, by_name["Лучшая"].free) == (0, 3)
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    assert {best.pk, second.pk, third.pk, fourth.pk, fifth.pk} == {
        s.mentor.pk for s in ranked
    }


def test_free_places_and_category_break_ties(tree, subjects):
    mentee = young_teacher(tree.school_b)
    busy = mentor_named("Занятая", tree.school_a, capacity=3)
    make_pair(busy, young_teacher(tree.school_a))
    mentor_named("Свободная", tree.school_a, capacity=3)
    methodist = mentor_named("Методист", tree.school_a, capacity=2)
    Person.objects.filter(pk=methodist.person_id).update(
        qualification_category="methodist"
    )
    ranked = suggest_mentors(mentee, limit=0)
    # Free places first, then the category: 3 free > 2 free and a methodist > 2 free.
    assert names(ranked) == ["Свободная", "Методист", "Занятая"]
    assert "педагог-методист" in ranked[1].reasons
    assert "свободно мест: 2 из 3" in ranked[2].reasons
    assert (ranked[2].load, ranked[2].free) == (1, 2)


def test_candidates_exclude_full_inactive_self_current_and_other_regions(tree):
    mentee = young_teacher(tree.school_a)
    full = mentor_named("Полная", tree.school_a, capacity=1)
    make_pair(full, young_teacher(tree.school_a))
    mentor_named("Пауза", tree.school_a, status=MentorStatus.PAUSED)
    mentor_named("Непринимающая", tree.school_a, accepting=False)
    current = mentor_named("Текущая", tree.school_a, capacity=3)
    make_pair(current, mentee)
    other_region = OrganisationFactory(
        municipality=MunicipalityFactory(parent=RegionFactory(name="Другая область"))
    )
    mentor_named("Чужой регион", other_region)
    fit = mentor_named("Подходящая", tree.school_a)

    assert names(suggest_mentors(mentee, limit=0)) == ["Подходящая"]

    # A mentor is never suggested as their own mentor.
    self_mentor = make_mentor(tree.school_a)
    assert fit.pk in {s.mentor.pk for s in suggest_mentors(self_mentor.person)}
    assert self_mentor.pk not in {
        s.mentor.pk for s in suggest_mentors(self_mentor.person, limit=0)
    }

    # A closed pair frees the place and the mentee may get the same mentor again.
    from plugins.mentoring.pairing import close_pair

    close_pair(full.pairs.get(), "completed")
    assert "Полная" in names(suggest_mentors(mentee, limit=0))


def test_limit_defaults_to_the_setting(tree, settings):
    mentee = young_teacher(tree.school_a)
    for _ in range(4):
        make_mentor(tree.school_a)
    settings.PORTAL_MENTORING_SUGGESTIONS = 2
    assert len(suggest_mentors(mentee)) == 2
    assert len(suggest_mentors(mentee, limit=3)) == 3
    assert len(suggest_mentors(mentee, limit=0)) == 4


def test_suggest_for_many_takes_a_constant_number_of_queries(
    tree, subjects, assessment
):
    def build(count):
        mentees = []
        for n in range(count):
            school = (tree.school_a, tree.school_b)[n % 2]
            mentee = young_teacher(school)
            mentee.subjects.set([subjects["maths"]])
            need = MentoringNeed.objects.create(person=mentee, reason="deficit")
            need.competences.set([assessment])
            mentees.append(mentee)
            mentor = make_mentor(
                school, capacity=3, subjects=[subjects["maths"]],
                competences=[assessment],
            )  # fmt: skip
            if n % 3 == 0:
                make_pair(mentor, young_teacher(school))
            other = make_mentor(school)
            other.person.subjects.set([subjects["physics"]])
        return mentees

    def queries(mentees):
        with CaptureQueriesContext(connection) as captured:
            result = suggest_for_many(mentees, limit=3)
        assert set(result) == {m.pk for m in mentees}
        assert all(len(found) == 3 for found in result.values())
        return len(captured.captured_queries)

    small = queries(build(2))
    large = queries(build(12))
    assert small == large
    assert large <= 8
    assert suggest_for_many([]) == {}
