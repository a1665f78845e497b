"""What the communities plugin gives the young-teacher support plugin through the
typed hooks: membership of an association of young teachers as a support source (by
its dates), and the active associations on the young teachers' section."""

import datetime

import pytest
from django.db import connection
from django.db.models import Exists
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from plugins.communities.models import CommunityStatus, Membership
from plugins.communities.young_support import association_member
from portal.core.models import Person
from portal.extensions.hooks import audience_panels, support_sources
from tests.factories.core import PersonFactory

from .conftest import community_type, make_community

pytestmark = pytest.mark.django_db

SEPT = datetime.date(2026, 9, 1)


def young_type():
    return community_type("young-teachers")


def member(community, person, status=Membership.Status.ACTIVE, **fields):
    return Membership.objects.create(
        community=community, person=person, status=status, **fields
    )


def was_member(person, on) -> bool:
    return Person.objects.filter(pk=person.pk).filter(association_member(on)).exists()


def test_the_source_is_offered_through_the_hook():
    found = {s.code: s for s in support_sources()}
    source = found["communities.association"]
    assert source.form == "associations"
    assert isinstance(source.condition(SEPT), Exists)


def test_active_membership_counts_from_joining(tree, registries):
    association = make_community(
        registries.mun_a, "Ассоциация молодых педагогов", community_type=young_type()
    )
    person = PersonFactory(organisation=tree.school_a)
    member(association, person, joined_on=SEPT)
    assert not was_member(person, SEPT - datetime.timedelta(days=1))
    assert was_member(person, SEPT)
    assert was_member(person, datetime.date(2027, 5, 1))


def test_a_member_who_left_counts_until_leaving(tree, registries):
    association = make_community(
        registries.mun_a, "Ассоциация молодых педагогов", community_type=young_type()
    )
    person = PersonFactory(organisation=tree.school_a)
    member(
        association, person, Membership.Status.LEFT,
        joined_on=SEPT, left_on=datetime.date(2026, 10, 31),
    )  # fmt: skip
    assert was_member(person, datetime.date(2026, 10, 15))
    assert was_member(person, datetime.date(2026, 10, 31))
    assert not was_member(person, datetime.date(2026, 11, 1))


def test_requests_invitations_and_other_communities_do_not_count(tree, registries):
    association = make_community(
        registries.mun_a, "Ассоциация молодых педагогов", community_type=young_type()
    )
    district = make_community(registries.mun_a, "РМО учителей математики")
    asked, invited, declined, elsewhere = (
        PersonFactory(organisation=tree.school_a) for _ in range(4)
    )
    member(association, asked, Membership.Status.REQUESTED)
    member(association, invited, Membership.Status.INVITED)
    member(association, declined, Membership.Status.DECLINED, joined_on=SEPT)
    member(district, elsewhere, joined_on=SEPT)
    for person in (asked, invited, declined, elsewhere):
        assert not was_member(person, datetime.date(2026, 11, 23))


def test_the_condition_is_one_query_whatever_the_number_of_people(tree, registries):
    association = make_community(
        registries.mun_a, "Ассоциация молодых педагогов", community_type=young_type()
    )

    def count(total):
        for _ in range(total):
            member(
                association, PersonFactory(organisation=tree.school_a), joined_on=SEPT
            )
        with CaptureQueriesContext(connection) as queries:
            found = list(Person.objects.filter(association_member(SEPT)))
        assert found
        return len(queries)

    assert count(2) == count(8) == 1


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


def associations_panel(page, audience="young"):
    request = RequestFactory().get("/")
    found = [
        p
        for p in audience_panels(audience, page, request)
        if p.template == "communities/young_panel.html"
    ]
    return found[0] if found else None


@pytest.fixture
def associations(tree, registries):
    kind = young_type()
    made = {
        "regional": make_community(
            registries.region, "Региональная ассоциация молодых педагогов",
            community_type=kind,
        ),
        "municipal": make_community(
            registries.mun_a, "Совет молодых педагогов района А", community_type=kind
        ),
        "school": make_community(
            registries.school_a, "Клуб молодых учителей школы № 1", community_type=kind
        ),
        "other_municipality": make_community(
            registries.mun_b, "Совет молодых педагогов района Б", community_type=kind
        ),
        "archived": make_community(
            registries.mun_a, "Бывший клуб молодых", community_type=kind,
            status=CommunityStatus.ARCHIVED,
        ),
        "other_type": make_community(registries.mun_a, "РМО учителей физики"),
    }  # fmt: skip
    # A member with consent still is not named on the panel.
    person = PersonFactory(
        organisation=tree.school_a, last_name="Участникова",
        public_consent=True, public_fields=["name"],
    )  # fmt: skip
    member(made["municipal"], person, joined_on=SEPT)
    return made


def test_panel_shows_active_associations_here_below_and_above(tree, associations):
    panel = associations_panel(young_section(tree.mun_a_page, tree.region, tree.mun_a))
    shown = panel.context["communities"]
    assert set(shown) == {associations[k] for k in ("regional", "municipal", "school")}
    # The municipality's own first, then the school's, the region's last.
    assert shown == [associations[k] for k in ("municipal", "school", "regional")]
    html = render_to_string(panel.template, panel.context)
    assert associations["municipal"].title in html
    for key in ("other_municipality", "archived", "other_type"):
        assert associations[key].title not in html
    assert "Участникова" not in html

    region = associations_panel(young_section(tree.region_page, tree.region))
    assert associations["other_municipality"] in region.context["communities"]


def test_panel_links_the_registry_of_the_same_section(tree, registries, associations):
    page = young_section(tree.school_a_page, tree.region, tree.mun_a, tree.school_a)
    panel = associations_panel(page)
    assert panel.context["registry"] == registries.school_a
    html = render_to_string(panel.template, panel.context)
    assert "?type=young-teachers" in html
    assert associations["municipal"].title in html  # from above


def test_panel_is_for_young_teachers_only(tree, associations):
    page = young_section(tree.mun_a_page, tree.region, tree.mun_a)
    assert associations_panel(page, audience="parents") is None


def test_panel_queries_do_not_grow_with_communities(tree, registries):
    page = young_section(tree.mun_a_page, tree.region, tree.mun_a)

    def count(total):
        for n in range(total):
            make_community(
                registries.mun_a, f"Клуб молодых {n}", community_type=young_type()
            )
        with CaptureQueriesContext(connection) as queries:
            panel = associations_panel(page)
            render_to_string(panel.template, panel.context)
        return len(queries)

    # Both sizes fill the panel (and count the rest): the same queries.
    assert count(6) == count(6)
