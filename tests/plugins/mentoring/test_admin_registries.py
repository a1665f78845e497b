"""«Наставничество» in the admin: the registries of pairs, mentors, plan templates and
needs; pairs are created and closed only through the pairing rules."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from plugins.mentoring.models import (
    Mentor,
    MentoringNeed,
    Pair,
    PairStatus,
    Plan,
    PlanTemplate,
)
from portal.core.models import Competence
from tests.factories.core import PersonFactory

from .conftest import (
    TODAY,
    make_mentor,
    make_pair,
    mentoring_form,
    needs_page,
    young_teacher,
)

pytestmark = pytest.mark.django_db

PAIRS = "wagtailsnippets_mentoring_pair"
MENTORS = "wagtailsnippets_mentoring_mentor"


# --- The registries -----------------------------------------------------------------


def pair_data(tree, mentor, *mentees, **extra):
    return {
        "form": mentoring_form().pk,
        "organisation": tree.school_a.pk,
        "mentor": mentor.pk,
        "mentees": [m.pk for m in mentees],
        "start_date": "2026-11-23",
        "status": "active",
        **extra,
    }


def test_admin_pair_creation_goes_through_register_pair(client, users, tree):
    mentor = make_mentor(tree.school_a, capacity=1)
    first, second = young_teacher(tree.school_a), young_teacher(tree.school_a)
    need = MentoringNeed.objects.create(person=first, reason="new_staff")
    client.force_login(users.municipal_editor)
    add = reverse(f"{PAIRS}:add")
    assert client.get(add).status_code == 200

    response = client.post(add, pair_data(tree, mentor, first, second))
    assert response.status_code == 200
    html = response.content.decode()
    assert "нет свободных мест" in html
    assert not Pair.objects.exists()

    response = client.post(add, pair_data(tree, mentor, mentor.person))
    assert "не может быть собственным наставляемым" in response.content.decode()
    assert not Pair.objects.exists()

    response = client.post(add, pair_data(tree, mentor, first, organisation=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    pair = Pair.objects.get()
    assert pair.organisation == tree.school_a  # the mentee's school by default
    assert Plan.objects.filter(pair=pair).exists()
    need.refresh_from_db()
    assert need.pair == pair

    # Capacity now full: a second pair is a form error, not a 500.
    response = client.post(add, pair_data(tree, mentor, second))
    assert response.status_code == 200
    assert "нет свободных мест" in response.content.decode()
    assert Pair.objects.count() == 1


def test_admin_pair_in_another_territory_is_refused(client, users, tree):
    mentor = make_mentor(tree.school_a)
    mentee = young_teacher(tree.school_a)
    client.force_login(users.municipal_editor)
    response = client.post(
        reverse(f"{PAIRS}:add"),
        pair_data(tree, mentor, mentee, organisation=tree.school_b.pk),
    )
    assert response.status_code == 200
    assert not Pair.objects.exists()


def test_admin_pair_edit_validates_and_closes(client, users, tree):
    mentor = make_mentor(tree.school_a, capacity=2)
    first, second = young_teacher(tree.school_a), young_teacher(tree.school_a)
    pair = make_pair(mentor, first)
    make_pair(mentor, second)
    third = young_teacher(tree.school_a)
    client.force_login(users.municipal_editor)
    edit = reverse(f"{PAIRS}:edit", args=[pair.pk])
    assert client.get(edit).status_code == 200

    # Adding a mentee beyond capacity is refused.
    response = client.post(edit, pair_data(tree, mentor, first, third))
    assert response.status_code == 200
    assert "нет свободных мест" in response.content.decode()
    assert list(pair.mentees.all()) == [first]

    # Terminating early needs a reason.
    response = client.post(edit, pair_data(tree, mentor, first, status="terminated"))
    assert response.status_code == 200
    assert "Укажите причину досрочного прекращения" in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE

    response = client.post(
        edit,
        pair_data(
            tree, mentor, first, status="terminated", termination_reason="Переезд"
        ),
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairStatus.TERMINATED
    # Closed today (the real date: TODAY is the fixtures' reference date).
    assert pair.actual_end_date == timezone.localdate()
    assert pair.termination_reason == "Переезд"


def test_pair_listing_links_plans_and_filters(client, users, tree):
    mentor = make_mentor(tree.school_a, capacity=3)
    active = make_pair(mentor, young_teacher(tree.school_a, last_name="Активова"))
    done = make_pair(mentor, young_teacher(tree.school_a, last_name="Завершилова"))
    done.status = PairStatus.COMPLETED
    done.save()
    client.force_login(users.organisation_editor)
    listing = reverse(f"{PAIRS}:list")
    html = client.get(listing).content.decode()
    assert reverse("mentoring:pair", args=[active.pk]) in html
    assert reverse("mentoring:pair", args=[done.pk]) in html
    html = client.get(listing, {"status": "completed"}).content.decode()
    assert "Завершилова" in html and "Активова" not in html
    html = client.get(listing, {"form": active.form_id}).content.decode()
    assert "Активова" in html
    group = make_pair(
        mentor,
        young_teacher(tree.school_a, last_name="Групповая"),
        young_teacher(tree.school_a, last_name="Групповая"),
    )
    html = client.get(listing, {"q": "Групповая"}).content.decode()
    assert html.count(f'id="snippet_{group.pk}_title"') == 1
    assert "Активова" not in html


def test_mentor_listing_shows_load_in_bounded_queries(client, users, tree, maths):
    def add(count):
        for _ in range(count):
            mentor = make_mentor(tree.school_a, capacity=3, subjects=[maths])
            make_pair(mentor, young_teacher(tree.school_a))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(f"{MENTORS}:list"))
        assert response.status_code == 200
        return len(captured.captured_queries), response.content.decode()

    client.force_login(users.municipal_editor)
    add(2)
    queries()
    small, html = queries()
    assert "1 из 3" in html and "Математика" in html
    add(12)
    large, _ = queries()
    assert large <= small + 2, (small, large)


def test_mentor_form_saves_education_stages_as_a_list(client, users, tree):
    person = PersonFactory(organisation=tree.school_a)
    client.force_login(users.organisation_editor)
    add = reverse(f"{MENTORS}:add")
    html = client.get(add).content.decode()
    assert 'type="checkbox"' in html and "Основное общее образование" in html
    response = client.post(
        add,
        {
            "person": person.pk,
            "education_stages": ["basic", "secondary"],
            "capacity": 3,
            "accepting": "on",
            "status": "active",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mentor = Mentor.objects.get(person=person)
    assert mentor.education_stages == ["basic", "secondary"]
    assert mentor.stage_labels() == [
        "Основное общее образование",
        "Среднее общее образование",
    ]


def test_plan_template_with_tasks_gets_the_editors_territory(client, users, tree):
    client.force_login(users.municipal_editor)
    data = nested_form_data(
        {
            "title": "Адаптация молодого педагога",
            "duration_months": 9,
            "tasks": inline_formset(
                [
                    {"order": 1, "title": "Знакомство со школой", "offset_days": 7},
                    {"order": 2, "title": "Посещение уроков", "offset_days": 30},
                ]
            ),
        }
    )
    response = client.post(reverse("wagtailsnippets_mentoring_plantemplate:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    template = PlanTemplate.objects.get()
    assert (template.municipality, template.region, template.organisation) == (
        tree.mun_a,
        tree.region,
        None,
    )
    assert [t.title for t in template.tasks.all()] == [
        "Знакомство со школой",
        "Посещение уроков",
    ]

    client.force_login(users.organisation_editor)
    data["title"] = "Шаблон школы"
    data["tasks-TOTAL_FORMS"] = "0"
    response = client.post(reverse("wagtailsnippets_mentoring_plantemplate:add"), data)
    assert response.status_code == 302
    own = PlanTemplate.objects.get(title="Шаблон школы")
    assert (own.organisation, own.municipality, own.region) == (
        tree.school_a,
        tree.mun_a,
        tree.region,
    )
    # The school's editor does not edit the municipality's template.
    edit = reverse("wagtailsnippets_mentoring_plantemplate:edit", args=[template.pk])
    assert client.get(edit).status_code == 404


def test_a_need_recorded_in_the_admin_puts_the_person_on_the_list(client, users, tree):
    person = PersonFactory(organisation=tree.school_a, last_name="Новенькова")
    competence = Competence.objects.first()
    client.force_login(users.organisation_editor)
    add = reverse("wagtailsnippets_mentoring_mentoringneed:add")
    html = client.get(add).content.decode()
    assert 'type="checkbox"' in html
    response = client.post(
        add,
        {"person": person.pk, "reason": "new_staff", "competences": [competence.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = needs_page(client)
    assert person.full_name in html and "Новый сотрудник" in html


def test_requests_cannot_be_accepted_in_the_admin(client, users, tree):
    from plugins.mentoring.models import PairRequest

    request = PairRequest.objects.create(
        mentor=make_mentor(tree.school_a),
        mentee=young_teacher(tree.school_a),
        deadline=TODAY,
    )
    client.force_login(users.municipal_editor)
    edit = reverse("wagtailsnippets_mentoring_pairrequest:edit", args=[request.pk])
    html = client.get(edit).content.decode()
    assert 'value="accepted"' not in html
    response = client.post(
        edit,
        {
            "mentee": request.mentee_id,
            "mentor": request.mentor_id,
            "initiated_by": "mentee",
            "deadline": "2026-12-01",
            "status": "accepted",
        },
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == "pending" and not Pair.objects.exists()
