"""Makers of mentors, young teachers and pairs for the mentoring plugin's tests, and
the pair with a plan that the plan page's tests share (``setup``)."""

import datetime

import pytest
from django.apps import apps

if not apps.is_installed("plugins.mentoring"):
    pytest.skip("the mentoring plugin is not enabled", allow_module_level=True)

from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from plugins.mentoring.models import Mentor, MentoringForm  # noqa: E402
from plugins.mentoring.pairing import register_pair  # noqa: E402
from portal.core.models import Competence, CompetenceArea  # noqa: E402
from portal.core.young import years_before  # noqa: E402
from tests.factories.core import PersonFactory, UserFactory  # noqa: E402

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


# The plan page (test_plan.py, test_plan_meetings.py) ------------------------
def signed_in(person):
    """The person gets an account (a new user linked to them)."""
    user = UserFactory()
    user.save()
    person.user = user
    person.save()
    return user


def competence(name="Формирующее оценивание"):
    """A competence of its own (the seeded list is there too)."""
    area = CompetenceArea.objects.first() or CompetenceArea.objects.create(
        name="Методическая (тест)", code="test-method"
    )
    return Competence.objects.create(
        area=area,
        name=f"{name} (тест)",
        code=f"test-{Competence.objects.count() + 1}",
    )


@pytest.fixture
def setup(tree, users):
    """A pair at school A: mentor, co-mentor, mentee (each with an account)."""
    mentor = make_mentor(tree.school_a, capacity=3)
    mentee = young_teacher(tree.school_a, last_name="Молодова")
    co_mentor = PersonFactory(organisation=tree.school_a, last_name="Соратникова")
    start = timezone.localdate() - datetime.timedelta(days=60)
    pair = make_pair(mentor, mentee, start_date=start, co_mentors=[co_mentor])
    target = competence()
    pair.target_competences.set([target])

    class Setup:
        pass

    s = Setup()
    s.pair, s.plan, s.target = pair, pair.plan, target
    s.mentor_user = signed_in(mentor.person)
    s.mentee_user = signed_in(mentee)
    s.co_mentor_user = signed_in(co_mentor)
    s.mentee = mentee
    s.url = reverse("mentoring:pair", args=[pair.pk])
    s.start = start
    return s


def post(client, url, action, **data):
    return client.post(url, {"action": action, **data})
