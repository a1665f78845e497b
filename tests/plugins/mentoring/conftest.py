"""Makers of mentors, young teachers and pairs for the mentoring plugin's tests."""

import datetime

import pytest
from django.apps import apps

if not apps.is_installed("plugins.mentoring"):
    pytest.skip("the mentoring plugin is not enabled", allow_module_level=True)

from plugins.mentoring.models import Mentor, MentoringForm  # noqa: E402
from plugins.mentoring.pairing import register_pair  # noqa: E402
from portal.core.young import years_before  # noqa: E402
from tests.factories.core import PersonFactory  # noqa: E402

TODAY = datetime.date(2026, 11, 23)


def mentoring_form(code="young-specialist", kind="individual"):
    """A seeded form (transactional tests run on a flushed database: create it then)."""
    return MentoringForm.objects.get_or_create(
        code=code, defaults={"name": f"Форма {code}", "kind": kind}
    )[0]


def young_teacher(organisation, on=TODAY, **fields):
    """A person who is a young teacher on `on`: 26 years old, in their second year."""
    fields.setdefault("birth_date", years_before(on, 26))
    fields.setdefault("career_start_date", years_before(on, 1))
    return PersonFactory(organisation=organisation, **fields)


def make_mentor(organisation, capacity=2, subjects=(), competences=(), **fields):
    person = PersonFactory(
        organisation=organisation,
        birth_date=datetime.date(1975, 3, 1),
        career_start_date=datetime.date(1998, 9, 1),
        position=fields.pop("position", "учитель"),
    )
    mentor = Mentor.objects.create(person=person, capacity=capacity, **fields)
    if subjects:
        person.subjects.set(subjects)
        mentor.subjects.set(subjects)
    if competences:
        mentor.competences.set(competences)
    return mentor


def make_pair(mentor, *mentees, form=None, **fields):
    return register_pair(
        mentor=mentor, mentees=mentees, form=form or mentoring_form(), **fields
    )


NEEDS = "mentoring_needs:index"


def needs_page(client, **params):
    """The coordinator's «Нужен наставник» page, as text."""
    from django.urls import reverse

    response = client.get(reverse(NEEDS), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def maths():
    from portal.core.models import Subject

    return Subject.objects.get_or_create(name="Математика")[0]
