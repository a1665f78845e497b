"""Coverage on a date combines this plugin's records with other plugins' sources;
young teachers are computed and those who left are not counted."""

import datetime

import pytest

from plugins.young_teachers.models import YoungTeacherCard
from plugins.young_teachers.support import (
    covered_q,
    sources,
    with_support,
    young_teachers,
)

from .conftest import TODAY, support, veteran, young_teacher

pytestmark = pytest.mark.django_db


def test_young_teachers_are_computed_and_leavers_drop_out(tree):
    young = young_teacher(tree.school_a)
    veteran(tree.school_a)
    left = young_teacher(tree.school_a)
    YoungTeacherCard.objects.create(
        person=left, left_on=datetime.date(2026, 10, 1), left_reason="profession"
    )
    assert set(young_teachers(TODAY)) == {young}
    assert set(young_teachers(datetime.date(2026, 9, 30))) == {young, left}


def test_a_record_covers_its_period_only(tree):
    person = young_teacher(tree.school_a)
    support(
        person, start=datetime.date(2026, 9, 1), end_date=datetime.date(2026, 10, 31)
    )
    covered = lambda on: young_teachers(on).filter(covered_q(on)).exists()  # noqa: E731
    assert not covered(datetime.date(2026, 8, 31))
    assert covered(datetime.date(2026, 9, 15))
    assert not covered(TODAY)


def test_with_support_annotates_each_source(tree):
    covered, bare = young_teacher(tree.school_a), young_teacher(tree.school_a)
    support(covered)
    people, found = with_support(young_teachers(TODAY), TODAY)
    assert found == sources() and found[0].code == "young_teachers.records"
    flags = {p.pk: p.support_0 for p in people}
    assert flags == {covered.pk: True, bare.pk: False}
