"""What mentoring gives the young-teacher support plugin through the typed hooks: the
«pair covering the date» support source, «Подобрать наставника» for coordinators, and
the consenting mentors who take mentees on the young teachers' section."""

import datetime

import pytest
from django.db import connection
from django.db.models import Exists
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from plugins.mentoring.models import MentorRegistryPage, Pair, PairStatus
from plugins.mentoring.young_support import has_pair
from portal.core.models import Person
from portal.extensions.hooks import audience_panels, person_actions, support_sources

from .conftest import TODAY, make_mentor, make_pair, young_teacher

pytestmark = pytest.mark.django_db

SEPT = datetime.date(2026, 9, 1)
PICK = "Подобрать наставника"


def had_pair(person, on) -> bool:
    return Person.objects.filter(pk=person.pk).filter(has_pair(on)).exists()


# The support source ------------------------------------------------------------------
def test_the_source_is_offered_through_the_hook():
    found = {s.code: s for s in support_sources()}
    source = found["mentoring.pair"]
    assert source.form == "continuous-education"
    assert isinstance(source.condition(TODAY), Exists)  # a subquery, never a list


def test_a_pair_covers_its_period_only(tree):
    mentee = young_teacher(tree.school_a)
    pair = make_pair(make_mentor(tree.school_a), mentee, start_date=SEPT)
    assert not had_pair(mentee, SEPT - datetime.timedelta(days=1))
    assert had_pair(mentee, SEPT)
    assert had_pair(mentee, TODAY)
    Pair.objects.filter(pk=pair.pk).update(
        status=PairStatus.COMPLETED, actual_end_date=datetime.date(2026, 10, 31)
    )
    assert had_pair(mentee, datetime.date(2026, 10, 31))
    assert not had_pair(mentee, datetime.date(2026, 11, 1))


def test_a_mentor_or_a_proposed_pair_is_not_support(tree):
    mentor = make_mentor(tree.school_a)
    proposed = young_teacher(tree.school_a)
    make_pair(mentor, proposed, start_date=SEPT, status=PairStatus.PROPOSED)
    assert not had_pair(proposed, TODAY)
    assert not had_pair(mentor.person, TODAY)


def test_the_condition_is_one_query_whatever_the_number_of_people(tree):
    mentor = make_mentor(tree.school_a, capacity=20)

    def count(total):
        people = [young_teacher(tree.school_a) for _ in range(total)]
        make_pair(mentor, *people[: total // 2], start_date=SEPT)
        with CaptureQueriesContext(connection) as queries:
            list(Person.objects.filter(has_pair(TODAY)))
        return len(queries)

    assert count(2) == count(8) == 1


# «Подобрать наставника» --------------------------------------------------------------
def request_for(user):
    request = RequestFactory().get("/admin/young-teachers/")
    request.user = user
    return request


def titles(person, user):
    return [a.title for a in person_actions(person, request_for(user))]


def test_pick_is_offered_to_coordinators_of_the_person_only(tree, users):
    mine, other = young_teacher(tree.school_a), young_teacher(tree.school_b)
    for user in (users.municipal_editor, users.organisation_editor, users.superuser):
        assert PICK in titles(mine, user)
    assert PICK not in titles(other, users.municipal_editor)
    assert PICK not in titles(other, users.organisation_editor)
    # A teacher is no coordinator, even for their own profile.
    assert PICK not in titles(tree.person_a, users.teacher)
    action = next(
        a for a in person_actions(mine, request_for(users.municipal_editor))
        if a.title == PICK
    )  # fmt: skip
    assert action.url == reverse("mentoring_needs:pick", args=[mine.pk])
    assert not action.post


def test_pick_opens_the_coordinators_pick_page(client, tree, users):
    person = young_teacher(tree.school_a)
    client.force_login(users.municipal_editor)
    response = client.get(reverse("mentoring_needs:pick", args=[person.pk]))
    assert response.status_code == 200
    assert person.full_name in response.content.decode()


def test_no_pick_for_a_person_with_a_live_pair(tree, users):
    paired, ended = young_teacher(tree.school_a), young_teacher(tree.school_a)
    make_pair(make_mentor(tree.school_a), paired, start_date=SEPT)
    pair = make_pair(make_mentor(tree.school_a), ended, start_date=SEPT)
    Pair.objects.filter(pk=pair.pk).update(
        status=PairStatus.COMPLETED, actual_end_date=datetime.date(2026, 10, 31)
    )
    assert PICK not in titles(paired, users.municipal_editor)
    assert PICK in titles(ended, users.municipal_editor)


def test_actions_for_a_list_cost_the_same_whatever_its_length(tree, users):
    mentor = make_mentor(tree.school_a, capacity=20)

    def count(total):
        made = [young_teacher(tree.school_a) for _ in range(total)]
        make_pair(mentor, *made[:2], start_date=SEPT)
        people = Person.objects.filter(pk__in=[p.pk for p in made]).select_related(
            "organisation"
        )
        user = type(users.municipal_editor).objects.get(pk=users.municipal_editor.pk)
        request = request_for(user)
        with CaptureQueriesContext(connection) as queries:
            offered = [
                a.title for p in people for a in person_actions(p, request)
            ].count(PICK)
        assert offered == total - 2
        return len(queries)

    small = count(3)
    assert small == count(12)
    assert small <= 4


# Mentors on the young teachers' section ----------------------------------------------
def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def young_section(section_page, region=None, municipality=None, organisation=None):
    """A stand-in for the young teachers' page: a page under the section with its
    ``SectionTerritory`` columns."""
    page = Page(title="Молодым педагогам", slug=f"young-{section_page.pk}")
    section_page.add_child(instance=page)
    page.region_id = region.pk if region else None
    page.municipality_id = municipality.pk if municipality else None
    page.organisation_id = organisation.pk if organisation else None
    return page


def consenting(mentor, last_name, fields=("name", "position", "organisation")):
    person = mentor.person
    person.last_name = last_name
    person.public_consent = True
    person.public_fields = list(fields)
    person.email, person.phone = "secret-mail@example.org", "+7 900 555-66-77"
    person.birth_date = datetime.date(1975, 3, 1)
    person.save()
    return mentor


def mentors_panel(page, user=None):
    request = RequestFactory().get("/")
    request.user = user
    panels = [
        p
        for p in audience_panels("young", page, request)
        if p.template == "mentoring/young_panel.html"
    ]
    return panels[0] if panels else None


def test_panel_lists_consenting_mentors_who_take_mentees(tree):
    registry = publish(
        tree.region_page, MentorRegistryPage(title="Реестр наставников", slug="mentors")
    )
    shown = consenting(make_mentor(tree.school_a), "Абрамова")
    full = consenting(make_mentor(tree.school_a, capacity=1), "Полная")
    make_pair(full, young_teacher(tree.school_a), start_date=SEPT)
    closed = consenting(make_mentor(tree.school_a, accepting=False), "Закрытая")
    hidden = make_mentor(tree.school_a)  # no consent
    hidden.person.last_name = "Скрытая"
    hidden.person.save()
    nameless = consenting(make_mentor(tree.school_a), "Безымянная", ("position",))
    elsewhere = consenting(make_mentor(tree.school_b), "Борисова")

    panel = mentors_panel(
        young_section(tree.mun_a_page, tree.region, tree.mun_a), user=None
    )
    assert panel is not None
    assert [c.mentor for c in panel.context["mentors"]] == [shown]
    html = render_to_string(panel.template, panel.context)
    assert "Абрамова" in html
    for absent in ("Полная", "Закрытая", "Скрытая", "Безымянная", "Борисова"):
        assert absent not in html
    assert "secret-mail" not in html and "555-66-77" not in html
    assert "1975" not in html
    card = registry.url + registry.reverse_subpage("mentor_card", args=[shown.pk])
    assert f'href="{card}"' in html
    assert nameless and elsewhere and closed  # made, and left out

    # The region's page lists the mentors of the whole region.
    region = mentors_panel(young_section(tree.region_page, tree.region))
    assert {c.mentor for c in region.context["mentors"]} == {shown, elsewhere}


def test_no_panel_for_other_audiences_or_without_mentors_and_registry(tree):
    page = young_section(tree.mun_a_page, tree.region, tree.mun_a)
    consenting(make_mentor(tree.school_a), "Абрамова")
    request = RequestFactory().get("/")
    assert not [
        p
        for p in audience_panels("parents", page, request)
        if p.template == "mentoring/young_panel.html"
    ]
    empty = young_section(tree.mun_b_page, tree.region, tree.mun_b)
    assert mentors_panel(empty) is None


def test_panel_queries_do_not_grow_with_mentors(tree):
    publish(
        tree.region_page, MentorRegistryPage(title="Реестр наставников", slug="mentors")
    )
    page = young_section(tree.mun_a_page, tree.region, tree.mun_a)

    def count(total):
        for n in range(total):
            consenting(make_mentor(tree.school_a), f"Наставникова{n}")
        with CaptureQueriesContext(connection) as queries:
            panel = mentors_panel(page)
            render_to_string(panel.template, panel.context)
        return len(queries)

    # Both sizes fill the panel (and count the rest): the same queries.
    assert count(7) == count(7)
