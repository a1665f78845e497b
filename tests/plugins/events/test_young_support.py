"""What the events plugin gives the young-teacher support plugin through the typed
hooks: attendance at events for young teachers and contests as support sources (12
months up to the date), «Пригласить на мероприятие» with its admin page and letter,
and upcoming events for young teachers on the young teachers' section."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.db.models import Exists
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from plugins.events.models import Audience, EventPage, EventType
from plugins.events.young_support import attended_young_event, took_part_in_contest
from portal.core.models import Person
from portal.extensions.hooks import audience_panels, person_actions, support_sources
from tests.factories.core import PersonFactory, UserFactory

from .conftest import IRKUTSK, make_event
from .test_organiser import registration

pytestmark = pytest.mark.django_db

INVITE = "Пригласить на мероприятие"


def young_audience():
    return Audience.objects.get_or_create(
        code="young-teachers", defaults={"name": "Молодые педагоги"}
    )[0]


def contest_type():
    return EventType.objects.get_or_create(
        code="mastery-contest",
        defaults={"name": "Конкурс профессионального мастерства"},
    )[0]


def young_event(calendar, title, start=None, **fields) -> EventPage:
    event = make_event(calendar, title, start=start, **fields)
    event.audiences.set([young_audience()])
    event.save()
    return event


def at(day: dt.date, hour=10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), IRKUTSK)


def holds(condition, person, on) -> bool:
    return Person.objects.filter(pk=person.pk).filter(condition(on)).exists()


MARCH = dt.date(2026, 3, 10)


# Support sources ---------------------------------------------------------------------
def test_sources_are_offered_through_the_hook():
    found = {s.code: s for s in support_sources()}
    assert found["events.attended"].form == "network-support"
    assert found["events.contest"].form == "contests"
    for code in ("events.attended", "events.contest"):
        assert isinstance(found[code].condition(MARCH), Exists)


def test_attendance_counts_for_twelve_months(tree, calendars):
    person = PersonFactory(organisation=tree.school_a)
    event = young_event(calendars.mun_a, "Школа молодого педагога", start=at(MARCH))
    registration(event, "Молодая", person=person, attended=True)
    assert not holds(attended_young_event, person, MARCH - dt.timedelta(days=1))
    assert holds(attended_young_event, person, MARCH)
    assert holds(attended_young_event, person, dt.date(2026, 11, 23))
    assert holds(attended_young_event, person, dt.date(2027, 3, 10))
    assert not holds(attended_young_event, person, dt.date(2027, 3, 11))


def test_only_attendance_at_events_for_young_teachers_counts(tree, calendars):
    on = dt.date(2026, 5, 1)
    registered = PersonFactory(organisation=tree.school_a)
    elsewhere = PersonFactory(organisation=tree.school_a)
    event = young_event(calendars.mun_a, "Клуб молодых педагогов", start=at(MARCH))
    registration(event, "Записалась", person=registered)  # confirmed, did not come
    other = make_event(calendars.mun_a, "Семинар для всех", start=at(MARCH))
    registration(other, "Пришла", person=elsewhere, attended=True)
    assert not holds(attended_young_event, registered, on)
    assert not holds(attended_young_event, elsewhere, on)


def test_a_registration_by_the_persons_account_counts(tree, calendars):
    user = UserFactory(username="young")
    user.save()
    person = PersonFactory(organisation=tree.school_a, user=user)
    event = young_event(calendars.mun_a, "Школа молодого педагога", start=at(MARCH))
    registration(event, "Молодая", user=user, attended=True)
    assert holds(attended_young_event, person, MARCH)
    stranger = PersonFactory(organisation=tree.school_a)  # no account: no match
    assert not holds(attended_young_event, stranger, MARCH)


def test_contests_count_confirmed_or_attended_entries(tree, calendars):
    on = dt.date(2026, 6, 1)
    confirmed, cancelled, seminar = (
        PersonFactory(organisation=tree.school_a) for _ in range(3)
    )
    contest = make_event(
        calendars.region, "Педагогический дебют", start=at(MARCH),
        event_type=contest_type(),
    )  # fmt: skip
    registration(contest, "Участница", person=confirmed)
    registration(contest, "Отказалась", "cancelled", person=cancelled)
    other = make_event(calendars.region, "Семинар", start=at(MARCH))
    registration(other, "Слушательница", person=seminar, attended=True)
    assert holds(took_part_in_contest, confirmed, on)
    assert not holds(took_part_in_contest, confirmed, MARCH - dt.timedelta(days=1))
    assert not holds(took_part_in_contest, confirmed, dt.date(2027, 3, 11))
    assert not holds(took_part_in_contest, cancelled, on)
    assert not holds(took_part_in_contest, seminar, on)


def test_conditions_are_one_query_whatever_the_number_of_people(tree, calendars):
    event = young_event(calendars.mun_a, "Школа молодого педагога", start=at(MARCH))

    def count(total):
        for n in range(total):
            person = PersonFactory(organisation=tree.school_a)
            registration(event, f"Участник {person.pk}", person=person, attended=n % 2)
        with CaptureQueriesContext(connection) as queries:
            list(
                Person.objects.filter(
                    attended_young_event(MARCH) | took_part_in_contest(MARCH)
                )
            )
        return len(queries)

    assert count(2) == count(8) == 1


# «Пригласить на мероприятие» ---------------------------------------------------------
def actions(person, user):
    request = RequestFactory().get("/admin/young/?page=2")
    request.user = user
    return [a for a in person_actions(person, request) if a.title == INVITE]


def test_invite_is_offered_to_coordinators_of_the_person_only(tree, users):
    mine = PersonFactory(organisation=tree.school_a)
    other = PersonFactory(organisation=tree.school_b)
    for user in (users.municipal_editor, users.organisation_editor, users.superuser):
        assert actions(mine, user)
    assert not actions(other, users.municipal_editor)
    assert not actions(tree.person_a, users.teacher)
    action = actions(mine, users.municipal_editor)[0]
    assert action.url.startswith(reverse("events_young_invite", args=[mine.pk]))
    assert "next=" in action.url and not action.post


@pytest.fixture
def offers(tree, calendars):
    """Upcoming events for young teachers here and there, and some that are not."""
    return {
        "municipal": young_event(calendars.mun_a, "Клуб молодых педагогов района А"),
        "regional": young_event(calendars.region, "Региональная школа молодого педагога"),
        "school": young_event(calendars.school_a, "Наставнический час в школе"),
        "other_municipality": young_event(calendars.mun_b, "Клуб района Б"),
        "for_everyone": make_event(calendars.mun_a, "Совещание завучей"),
        "past": young_event(
            calendars.mun_a, "Прошедший слёт", start=at(dt.date.today() - dt.timedelta(days=30))
        ),
        "cancelled": young_event(
            calendars.mun_a, "Отменённый квест", status=EventPage.Status.CANCELLED
        ),
    }  # fmt: skip


def invite_url(person):
    return reverse("events_young_invite", args=[person.pk])


def test_invite_page_lists_upcoming_events_for_young_teachers(
    client, tree, users, offers
):
    person = PersonFactory(organisation=tree.school_a, email="young@example.org")
    client.force_login(users.organisation_editor)
    page = client.get(invite_url(person)).content.decode()
    for key in ("municipal", "regional", "school"):
        assert offers[key].title in page
    for key in ("other_municipality", "for_everyone", "past", "cancelled"):
        assert offers[key].title not in page
    assert "Отправить приглашение" in page
    # The municipal coordinator sees the events of the whole municipality too.
    client.force_login(users.municipal_editor)
    assert offers["school"].title in client.get(invite_url(person)).content.decode()


def test_invitation_is_emailed_to_the_person(client, tree, users, offers):
    person = PersonFactory(organisation=tree.school_a, email="young@example.org")
    event = offers["regional"]
    client.force_login(users.municipal_editor)
    back = "/admin/young-teachers/coverage/?page=2"
    response = client.post(
        f"{invite_url(person)}?next={back}", {"event": event.pk, "next": back}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["young@example.org"]
    assert event.title in message.subject and "Приглашение" in message.subject
    assert event.title in message.body
    assert event.url in message.body
    assert f"{event.local_start:%Y}" in message.body
    assert "Приглашаем вас" in message.body
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Приглашение" in m and "отправлено" in m for m in shown)


def test_no_email_no_letter_with_a_russian_message(client, tree, users, offers):
    person = PersonFactory(organisation=tree.school_a, email="")
    client.force_login(users.municipal_editor)
    response = client.post(invite_url(person), {"event": offers["municipal"].pk})
    assert response.status_code == 302 and not mail.outbox
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("не указан e-mail" in m for m in shown)


@pytest.mark.parametrize("key", ["other_municipality", "for_everyone", "past"])
def test_events_not_offered_cannot_be_posted(client, tree, users, offers, key):
    person = PersonFactory(organisation=tree.school_a, email="young@example.org")
    client.force_login(users.organisation_editor)
    response = client.post(invite_url(person), {"event": offers[key].pk})
    assert response.status_code == 302 and not mail.outbox
    response = client.post(invite_url(person), {"event": "not-a-number"})
    assert response.status_code == 302 and not mail.outbox


def test_people_outside_the_scope_are_404_and_teachers_get_nothing(
    client, tree, users, offers
):
    other = PersonFactory(organisation=tree.school_b, email="other@example.org")
    client.force_login(users.municipal_editor)
    assert client.get(invite_url(other)).status_code == 404
    response = client.post(
        invite_url(other), {"event": offers["other_municipality"].pk}
    )
    assert response.status_code == 404
    client.force_login(users.teacher)
    response = client.post(invite_url(tree.person_a), {"event": offers["municipal"].pk})
    assert response.status_code in (302, 403)
    assert not mail.outbox


def test_invite_page_queries_do_not_grow_with_events(client, tree, users, calendars):
    person = PersonFactory(organisation=tree.school_a, email="young@example.org")
    client.force_login(users.municipal_editor)

    def count(total):
        for n in range(total):
            young_event(calendars.mun_a, f"Встреча {n}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(invite_url(person)).status_code == 200
        return len(queries)

    assert count(2) == count(8)


# The young teachers' section ---------------------------------------------------------
def young_section(section_page, region=None, municipality=None, organisation=None):
    """A stand-in for the young teachers' page: a page under the section with its
    ``SectionTerritory`` columns."""
    page = Page(title="Молодым педагогам", slug=f"young-{section_page.pk}")
    section_page.add_child(instance=page)
    page.region_id = region.pk if region else None
    page.municipality_id = municipality.pk if municipality else None
    page.organisation_id = organisation.pk if organisation else None
    return page


def events_panel(page):
    request = RequestFactory().get("/")
    found = [
        p
        for p in audience_panels("young", page, request)
        if p.template == "events/young_panel.html"
    ]
    return found[0] if found else None


def test_panel_shows_upcoming_events_for_young_teachers_here_and_above(tree, offers):
    panel = events_panel(young_section(tree.mun_a_page, tree.region, tree.mun_a))
    titles = [e.title for e in panel.context["events"]]
    assert set(titles) == {offers[k].title for k in ("municipal", "regional", "school")}
    html = render_to_string(panel.template, panel.context)
    assert (
        offers["municipal"].title in html
        and offers["other_municipality"].title not in html
    )
    # The calendar of the same section, filtered to young teachers.
    assert "?audience=young-teachers" in html

    school = events_panel(
        young_section(tree.school_a_page, tree.region, tree.mun_a, tree.school_a)
    )
    assert {e.title for e in school.context["events"]} == {
        offers[k].title for k in ("municipal", "regional", "school")
    }
    region = events_panel(young_section(tree.region_page, tree.region))
    assert offers["other_municipality"] in region.context["events"]
    assert offers["for_everyone"] not in region.context["events"]


def test_panel_is_not_offered_to_other_audiences(tree, offers):
    page = young_section(tree.mun_a_page, tree.region, tree.mun_a)
    request = RequestFactory().get("/")
    assert not [
        p
        for p in audience_panels("parents", page, request)
        if p.template == "events/young_panel.html"
    ]


def test_panel_queries_do_not_grow_with_events(tree, calendars):
    page = young_section(tree.mun_a_page, tree.region, tree.mun_a)

    def count(total):
        for n in range(total):
            young_event(calendars.mun_a, f"Встреча {n}")
        panel = events_panel(page)  # warm the caches (the site's root paths)
        render_to_string(panel.template, panel.context)
        with CaptureQueriesContext(connection) as queries:
            panel = events_panel(page)
            render_to_string(panel.template, panel.context)
        return len(queries)

    assert count(2) == count(9)
