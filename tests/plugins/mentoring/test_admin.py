"""«Наставничество» in the admin: the coordinator's «Нужен наставник» with suggestions
and one-click assignment, hand assignment, the registries, and pairs created and
closed only through the pairing rules (the registries: test_admin_registries.py)."""

import json

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plugins.mentoring.models import (
    Mentor,
    MentoringNeed,
    Pair,
    Plan,
)
from portal.core.models import Competence
from tests.factories.core import PersonFactory, UserFactory

from .conftest import (
    NEEDS,
    make_mentor,
    make_pair,
    mentoring_form,
    needs_page,
    young_teacher,
)

pytestmark = pytest.mark.django_db


def texts(response):
    return [str(m.message) for m in get_messages(response.wsgi_request)]


def mentoring_menu(client) -> list[str]:
    """Labels of the «Наставничество» submenu in the admin's sidebar, in order."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = html.split('id="wagtail-sidebar-props" type="application/json">')[1]
    data = json.loads(props.split("</script>")[0])

    def find(node):
        if isinstance(node, dict):
            args = node.get("_args") or []
            if node.get("_type") == "wagtail.sidebar.SubMenuItem":
                if args and args[0].get("name") == "mentoring":
                    return [child["_args"][0]["label"] for child in args[1]]
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                if (found := find(child)) is not None:
                    return found
        return None

    return find(data) or []


def test_menu_has_the_coordinators_list_first(client, users):
    client.force_login(users.municipal_editor)
    labels = mentoring_menu(client)
    assert labels[:6] == [
        "Нужен наставник",
        "Пары и группы",
        "Реестр наставников",
        "Запросы",
        "Потребности в наставнике",
        "Шаблоны планов",
    ]
    assert "Отчёты по наставничеству" in labels
    client.force_login(users.superuser)
    assert "Формы наставничества" in mentoring_menu(client)


def test_needs_list_shows_the_scope_with_suggestions_and_reasons(
    client, users, tree, maths
):
    mine = young_teacher(tree.school_a, last_name="Молодова")
    mine.subjects.set([maths])
    other = young_teacher(tree.school_b, last_name="Чужакова")
    deficit = PersonFactory(organisation=tree.school_a, last_name="Дефицитова")
    need = MentoringNeed.objects.create(person=deficit, reason="attestation")
    need.competences.set(
        [Competence.objects.get(name="Оценивание образовательных результатов")]
    )
    mentor = make_mentor(tree.school_a, capacity=3, subjects=[maths])

    client.force_login(users.municipal_editor)
    html = needs_page(client)
    assert mine.full_name in html and deficit.full_name in html
    assert other.full_name not in html
    assert "молодой педагог до" in html
    assert "Подготовка к аттестации: Оценивание образовательных результатов" in html
    assert mentor.person.full_name in html
    assert "тот же предмет: Математика" in html
    assert "та же школа" in html
    assert "свободно мест: 3 из 3" in html
    assert reverse("mentoring_needs:assign", args=[mine.pk]) in html
    assert reverse("mentoring_needs:pick", args=[mine.pk]) in html

    # Filters: the reason and the organisation (within the scope).
    html = needs_page(client, why="need")
    assert deficit.full_name in html and mine.full_name not in html
    html = needs_page(client, organisation=tree.school_a.pk, why="young")
    assert mine.full_name in html and deficit.full_name not in html

    client.force_login(users.regional_admin)
    html = needs_page(client)
    assert mine.full_name in html and other.full_name in html
    html = needs_page(client, municipality=tree.mun_b.pk)
    assert other.full_name in html and mine.full_name not in html


def test_one_click_assign_registers_the_pair_and_the_person_leaves_the_list(
    client, users, tree
):
    mentee = young_teacher(tree.school_a)
    need = MentoringNeed.objects.create(person=mentee, reason="deficit")
    competence = Competence.objects.first()
    need.competences.set([competence])
    mentor = make_mentor(tree.school_a, capacity=2)
    client.force_login(users.organisation_editor)
    assert mentee.full_name in needs_page(client)

    response = client.post(
        reverse("mentoring_needs:assign", args=[mentee.pk]),
        {"mentor": mentor.pk, "next": reverse(NEEDS) + "?why=young"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(NEEDS) + "?why=young"
    pair = Pair.objects.get(mentees=mentee)
    assert pair.mentor == mentor
    assert pair.form.code == "young-specialist"
    assert pair.organisation == tree.school_a
    assert pair.created_by == users.organisation_editor
    assert list(pair.target_competences.all()) == [competence]
    assert Plan.objects.filter(pair=pair).exists()
    need.refresh_from_db()
    assert need.closed_at is not None and need.pair == pair

    page = client.get(response["Location"])
    html = page.content.decode()
    assert f'id="need-{mentee.pk}"' not in html
    assert "Назначен наставник" in html
    assert reverse("mentoring:pair", args=[pair.pk]) in html

    # A second click (or another coordinator) does not give a second pair.
    again = client.post(
        reverse("mentoring_needs:assign", args=[mentee.pk]),
        {"mentor": make_mentor(tree.school_a).pk},
    )
    assert any("нет в списке «Нужен наставник»" in text for text in texts(again))
    assert Pair.objects.filter(mentees=mentee).count() == 1


def test_one_click_assign_uses_the_competence_form_for_others(client, users, tree):
    person = PersonFactory(organisation=tree.school_a)
    MentoringNeed.objects.create(person=person, reason="request")
    mentor = make_mentor(tree.school_b)  # another municipality: suggested region-wide
    client.force_login(users.municipal_editor)
    client.post(
        reverse("mentoring_needs:assign", args=[person.pk]), {"mentor": mentor.pk}
    )
    assert Pair.objects.get(mentees=person).form.code == "competence"


def test_a_full_mentor_gives_an_error_message_and_no_pair(client, users, tree):
    mentor = make_mentor(tree.school_a, capacity=1)
    make_pair(mentor, young_teacher(tree.school_a))
    mentee = young_teacher(tree.school_a)
    client.force_login(users.municipal_editor)
    response = client.post(
        reverse("mentoring_needs:assign", args=[mentee.pk]), {"mentor": mentor.pk}
    )
    assert response.status_code == 302
    assert any("нет свободных мест" in text for text in texts(response))
    assert not Pair.objects.filter(mentees=mentee).exists()
    assert Plan.objects.count() == 1
    # A full mentor is not even suggested.
    html = needs_page(client)
    row = html.split(f'id="need-{mentee.pk}"')[1].split("</tr>")[0]
    assert mentor.person.full_name not in row


def test_assign_refuses_people_outside_the_scope_and_bad_mentors(client, users, tree):
    stranger = young_teacher(tree.school_b)
    mentee = young_teacher(tree.school_a)
    mentor = make_mentor(tree.school_a)
    client.force_login(users.municipal_editor)
    url = reverse("mentoring_needs:assign", args=[stranger.pk])
    assert client.post(url, {"mentor": mentor.pk}).status_code == 404
    assert (
        client.get(reverse("mentoring_needs:pick", args=[stranger.pk])).status_code
        == 404
    )
    for bad in ("", "abc", "999999"):
        response = client.post(
            reverse("mentoring_needs:assign", args=[mentee.pk]), {"mentor": bad}
        )
        assert response.status_code == 302
        assert any("не найден" in text for text in texts(response))
    assert not Pair.objects.exists()


def test_pick_page_ranks_all_and_assigns_by_hand(client, users, tree, maths):
    mentee = young_teacher(tree.school_a)
    mentee.subjects.set([maths])
    good = make_mentor(tree.school_a, capacity=3, subjects=[maths])
    full = make_mentor(tree.school_a, capacity=1)
    make_pair(full, young_teacher(tree.school_a))
    outside = make_mentor(tree.school_b)
    client.force_login(users.organisation_editor)
    url = reverse("mentoring_needs:pick", args=[mentee.pk])
    html = client.get(url).content.decode()
    assert good.person.full_name in html and "тот же предмет: Математика" in html
    # The hand form offers the scope's active mentors (the full one too, to be
    # refused by the rules), not another school's.
    form_html = html.split("Назначить вручную")[1]
    assert full.person.full_name.split()[0] in form_html
    assert outside.person.full_name.split()[0] not in form_html

    data = {"form": mentoring_form("competence").pk, "start_date": "2026-11-23"}
    response = client.post(url, {**data, "mentor": full.pk})
    assert response.status_code == 200
    assert "нет свободных мест" in response.content.decode()
    assert not Pair.objects.filter(mentees=mentee).exists()

    response = client.post(
        url, {**data, "mentor": good.pk, "planned_end_date": "2026-01-01"}
    )
    assert "Плановое окончание раньше начала" in response.content.decode()
    assert not Pair.objects.filter(mentees=mentee).exists()

    response = client.post(
        url, {**data, "mentor": good.pk, "planned_end_date": "2027-05-31"}
    )
    assert response.status_code == 302
    pair = Pair.objects.get(mentees=mentee)
    assert (pair.mentor, pair.form.code) == (good, "competence")
    assert str(pair.planned_end_date) == "2027-05-31"
    assert (
        reverse("mentoring:pair", args=[pair.pk])
        in client.get(response["Location"]).content.decode()
    )


def test_needs_list_takes_a_bounded_number_of_queries(client, users, tree, maths):
    def add(count):
        for n in range(count):
            school = (tree.school_a, tree.school_b)[n % 2]
            mentee = young_teacher(school)
            mentee.subjects.set([maths])
            need = MentoringNeed.objects.create(person=mentee, reason="deficit")
            need.competences.set(Competence.objects.all()[:2])
            mentor = make_mentor(school, capacity=3, subjects=[maths])
            if n % 3 == 0:
                make_pair(mentor, young_teacher(school))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(NEEDS)).status_code == 200
        return len(captured.captured_queries)

    client.force_login(users.regional_admin)
    add(2)
    queries()
    small = queries()
    add(15)
    large = queries()
    assert large <= small + 2, (small, large)


def test_load_page_shows_overloaded_and_free_mentors(client, users, tree):
    over = make_mentor(tree.school_a, capacity=2)
    make_pair(over, young_teacher(tree.school_a), young_teacher(tree.school_a))
    Mentor.objects.filter(pk=over.pk).update(capacity=1)
    free = make_mentor(tree.school_a, capacity=3)
    other = make_mentor(tree.school_b)
    client.force_login(users.municipal_editor)
    url = reverse("mentoring_needs:load")
    html = client.get(url).content.decode()
    assert "2 из 1" in html and "перегружен" in html
    assert free.person.full_name in html
    assert other.person.full_name not in html
    html = client.get(url, {"state": "over"}).content.decode()
    assert over.person.full_name in html and free.person.full_name not in html
    html = client.get(url, {"state": "free"}).content.decode()
    assert free.person.full_name in html and over.person.full_name not in html


def test_coordinator_pages_are_closed_to_others(client, users, tree):
    person = young_teacher(tree.school_a)
    client.force_login(users.teacher)
    assert client.get(reverse(NEEDS)).status_code in (302, 403)
    staff = UserFactory(username="staff_no_scope", is_staff=True)
    staff.save()
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    denied = (
        client.get(reverse(NEEDS)),
        client.get(reverse("mentoring_needs:load")),
        client.get(reverse("mentoring_needs:pick", args=[person.pk])),
        client.post(reverse("mentoring_needs:assign", args=[person.pk]), {"mentor": 1}),
    )
    for response in denied:
        assert response.status_code in (302, 403)
        assert person.full_name not in response.content.decode()
    assert not Pair.objects.exists()
    assert "Нужен наставник" not in mentoring_menu(client)
    client.logout()
    assert client.get(reverse(NEEDS)).status_code == 302
