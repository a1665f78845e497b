"""«Маршруты моих педагогов»: a tutor's routes and a coordinator's routes in scope,
routes awaiting agreement first, progress and overdue steps, filters, pages and
bounded queries."""

import pytest
from django.urls import reverse

from plugins.iom.models import Route
from tests.factories.core import PersonFactory, editor

from .conftest import route
from .test_route_page import days, signed_in, text_of

pytestmark = pytest.mark.django_db

CASELOAD = "/iom/caseload/"


@pytest.fixture
def tutor(tree):
    person = PersonFactory(organisation=tree.regional_org, last_name="Тьюторова")
    return {"person": person, "user": signed_in(person)}


def routes_of(text: str, *items) -> list[int]:
    """Which of the routes the page lists, in the order it lists them."""
    found = [(text.find(f'id="route-{item.pk}"'), item.pk) for item in items]
    return [pk for at, pk in sorted(found) if at >= 0]


def test_the_url_and_who_may_open_it(client, users):
    assert reverse("iom:caseload") == CASELOAD
    assert client.get(CASELOAD)["Location"].startswith(reverse("login"))
    plain = users.superuser.__class__.objects.create_user("plain", password="x")
    client.force_login(plain)
    response = client.get(CASELOAD)
    assert response.status_code == 404
    assert "не связана с карточкой педагога" in response.content.decode()


def test_a_tutor_sees_their_routes_waiting_ones_first(client, tree, tutor):
    a = PersonFactory(organisation=tree.school_a, last_name="Авдеева")
    b = PersonFactory(organisation=tree.school_b, last_name="Борисова")
    running = route(a, {"status": "done"}, {"planned_end": days(-2)}, {},
                    tutor=tutor["person"], status=Route.Status.IN_PROGRESS)  # fmt: skip
    waiting = route(b, {}, tutor=tutor["person"], status=Route.Status.SUBMITTED)
    foreign = route(tree.person_a, {}, status=Route.Status.SUBMITTED)
    client.force_login(tutor["user"])
    text = text_of(client.get(CASELOAD))
    assert routes_of(text, running, waiting, foreign) == [waiting.pk, running.pk]
    for expected in ("Авдеева", "МБОУ СОШ № 1", "Борисова", "МБОУ СОШ № 2",
                     "Выполняется", "На согласовании", "Выполнено шагов: 1 из 3",
                     "1 шаг просрочен",
                     "Всего маршрутов: 2, ждут согласования: 1"):  # fmt: skip
        assert expected in text, expected


def test_a_coordinator_sees_the_routes_of_their_territory(client, tree, users):
    mine = route(tree.person_a, {})
    other = route(tree.person_b, {})
    client.force_login(users.municipal_editor)  # Район А
    text = text_of(client.get(CASELOAD))
    assert routes_of(text, mine, other) == [mine.pk]
    client.force_login(users.regional_admin)
    assert routes_of(text_of(client.get(CASELOAD)), mine, other) == sorted(
        [mine.pk, other.pk], key=lambda pk: Route.objects.get(pk=pk).owner.last_name
    )
    client.force_login(editor("organisation_editor", organisation=tree.school_b))
    assert routes_of(text_of(client.get(CASELOAD)), mine, other) == [other.pk]


def test_filters_by_status_and_overdue_steps(client, tree, tutor):
    late = route(tree.person_a, {"planned_end": days(-1)}, tutor=tutor["person"],
                 status=Route.Status.AGREED)  # fmt: skip
    draft = route(tree.person_b, {"planned_end": days(10)}, tutor=tutor["person"])
    client.force_login(tutor["user"])
    by_status = text_of(client.get(CASELOAD, {"status": "draft"}))
    assert routes_of(by_status, late, draft) == [draft.pk]
    overdue = text_of(client.get(CASELOAD, {"overdue": "on"}))
    assert routes_of(overdue, late, draft) == [late.pk]
    bad = text_of(client.get(CASELOAD, {"status": "warp", "page": "zzz"}))
    assert "Выберите значение из списка." in bad
    assert routes_of(bad, late, draft) == routes_of(
        text_of(client.get(CASELOAD)), late, draft
    )


def test_pages(client, tree, tutor, settings):
    settings.PORTAL_IOM_PAGE_SIZE = 2
    items = [route(PersonFactory(organisation=tree.school_a), {}, tutor=tutor["person"])
             for _ in range(3)]  # fmt: skip
    client.force_login(tutor["user"])
    first = text_of(client.get(CASELOAD))
    second = text_of(client.get(CASELOAD, {"page": 2}))
    assert len(routes_of(first, *items)) == 2 and len(routes_of(second, *items)) == 1
    assert 'rel="next"' in first


def test_the_caseload_reads_a_bounded_number_of_queries(
    client, tree, tutor, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            route(PersonFactory(organisation=tree.school_a), {"status": "done"},
                  {"planned_end": days(-1)}, tutor=tutor["person"])  # fmt: skip

    add(2)
    client.force_login(tutor["user"])
    client.get(CASELOAD)
    with django_assert_max_num_queries(20) as small:
        text_of(client.get(CASELOAD))
    add(18)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert text_of(client.get(CASELOAD)).count("Выполнено шагов: 1 из 2") == 20
