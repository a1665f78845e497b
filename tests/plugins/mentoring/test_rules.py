"""The rules every way of creating a pair shares: capacity, self-mentoring, duplicates,
closing needs; the computed young-teacher rule and the «нужен наставник» list."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from plugins.mentoring.models import MentoringNeed, MentorStatus, Pair, PairStatus
from plugins.mentoring.needs import covering_pairs, needs_mentor
from plugins.mentoring.pairing import close_pair, loads, mentor_load
from portal.core.young import is_young_teacher, young_until
from tests.factories.core import PersonFactory

from .conftest import TODAY, make_mentor, make_pair, young_teacher

pytestmark = pytest.mark.django_db


def test_young_teacher_rule_is_computed_from_both_dates():
    born, started = datetime.date(1995, 5, 10), datetime.date(2025, 9, 1)
    assert is_young_teacher(born, started, datetime.date(2026, 1, 1))
    # Third anniversary of work ends it (before the 35th birthday).
    assert young_until(born, started) == datetime.date(2028, 8, 31)
    assert not is_young_teacher(born, started, datetime.date(2028, 9, 1))
    # The 35th birthday ends it first for an older starter.
    assert young_until(datetime.date(1991, 2, 1), started) == datetime.date(2026, 1, 31)
    assert not is_young_teacher(None, started, datetime.date(2026, 1, 1))
    assert not is_young_teacher(born, None, datetime.date(2026, 1, 1))
    # Not yet working: not a young teacher.
    assert not is_young_teacher(born, started, datetime.date(2025, 8, 31))
    # Started at 36: never one.
    assert young_until(datetime.date(1989, 1, 1), started) is None


def test_capacity_is_enforced_and_load_counts_live_pairs(tree):
    mentor = make_mentor(tree.school_a, capacity=2)
    a, b, c = (young_teacher(tree.school_a) for _ in range(3))
    make_pair(mentor, a)
    make_pair(mentor, b)
    assert mentor_load(mentor) == 2
    with pytest.raises(ValidationError, match="нет свободных мест"):
        make_pair(mentor, c)
    assert Pair.objects.count() == 2
    first = Pair.objects.filter(mentees=a).get()
    close_pair(first, PairStatus.COMPLETED, outcome="Провела открытый урок")
    assert loads([mentor.pk]) == {mentor.pk: 1}
    make_pair(mentor, c)
    assert mentor_load(mentor) == 2


def test_group_counts_every_mentee(tree):
    mentor = make_mentor(tree.school_a, capacity=3)
    group = [young_teacher(tree.school_a) for _ in range(4)]
    with pytest.raises(ValidationError, match="нужно ещё 4"):
        make_pair(mentor, *group)
    make_pair(mentor, *group[:3])
    assert mentor_load(mentor) == 3


def test_no_self_mentoring_no_duplicates_no_inactive_mentor(tree):
    mentor = make_mentor(tree.school_a, capacity=5)
    mentee = young_teacher(tree.school_a)
    with pytest.raises(ValidationError, match="собственным"):
        make_pair(mentor, mentor.person)
    make_pair(mentor, mentee)
    with pytest.raises(ValidationError, match="уже есть действующая пара"):
        make_pair(mentor, mentee)
    paused = make_mentor(tree.school_a, status=MentorStatus.PAUSED)
    with pytest.raises(ValidationError, match="не ведёт"):
        make_pair(paused, young_teacher(tree.school_a))


def test_terminating_early_needs_a_reason(tree):
    pair = make_pair(make_mentor(tree.school_a), young_teacher(tree.school_a))
    with pytest.raises(ValidationError, match="причину"):
        close_pair(pair, PairStatus.TERMINATED)
    close_pair(pair, PairStatus.TERMINATED, reason="Переезд наставляемого")
    pair.refresh_from_db()
    assert pair.actual_end_date is not None and pair.termination_reason


def test_needs_mentor_until_a_pair_is_registered(tree):
    young = young_teacher(tree.school_a)
    veteran = PersonFactory(
        organisation=tree.school_a,
        birth_date=datetime.date(1970, 1, 1),
        career_start_date=datetime.date(1992, 9, 1),
    )
    unknown_dates = PersonFactory(organisation=tree.school_a)
    need = MentoringNeed.objects.create(person=veteran, reason="attestation")

    listed = set(needs_mentor(on=TODAY).values_list("pk", flat=True))
    assert listed == {young.pk, veteran.pk}
    assert unknown_dates.pk not in listed

    mentor = make_mentor(tree.school_a, capacity=3)
    pair = make_pair(mentor, young, veteran)
    need.refresh_from_db()
    assert need.closed_at is not None and need.pair == pair
    assert not needs_mentor(on=TODAY).exists()

    # Terminated early: the young teacher needs a mentor again.
    close_pair(pair, PairStatus.TERMINATED, reason="Наставник уволился")
    assert set(needs_mentor(on=TODAY).values_list("pk", flat=True)) == {young.pk}


def test_completed_mentoring_is_not_a_need_again(tree):
    young = young_teacher(tree.school_a)
    pair = make_pair(make_mentor(tree.school_a), young)
    close_pair(pair, PairStatus.COMPLETED)
    assert not needs_mentor(on=TODAY).exists()


def test_covering_pairs_follow_the_period(tree):
    young = young_teacher(tree.school_a)
    pair = make_pair(
        make_mentor(tree.school_a), young, start_date=datetime.date(2026, 1, 10)
    )
    assert not covering_pairs(datetime.date(2026, 1, 9)).exists()
    assert covering_pairs(datetime.date(2026, 1, 10)).get() == pair
    close_pair(pair, PairStatus.COMPLETED, on=datetime.date(2026, 6, 1))
    assert covering_pairs(datetime.date(2026, 6, 1)).exists()
    assert not covering_pairs(datetime.date(2026, 6, 2)).exists()
