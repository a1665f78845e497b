"""The public registry: territory scoping, filters, counts, cards, pages and queries."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from plugins.communities.models import (
    CommunityPage,
    CommunityStatus,
    JoinMethod,
    Membership,
)
from portal.core.models import Subject
from tests.factories.core import PersonFactory

from .conftest import community_type, make_community

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(response) -> list[str]:
    return [
        a.get_text(strip=True) for a in soup(response).select(".community-card h2 a")
    ]


def option_count(response, name: str, value: str) -> str:
    box = soup(response).find("input", attrs={"name": name, "value": value})
    return box.find_parent("label").select_one(".facet__count").get_text(strip=True)


def with_subjects(page: CommunityPage, *names: str) -> CommunityPage:
    page.subjects.set([Subject.objects.get_or_create(name=n)[0] for n in names])
    page.save_revision().publish()
    return page


def add_members(page: CommunityPage, n: int, status=Membership.Status.ACTIVE):
    for _ in range(n):
        Membership.objects.create(community=page, person=PersonFactory(), status=status)


@pytest.fixture
def spread(tree, registries):
    """Communities in the region, both municipalities and school A."""
    make_community(
        registries.region,
        "РУМО учителей математики",
        community_type=community_type("regional-umo"),
    )
    make_community(registries.mun_a, "РМО учителей русского языка")
    make_community(registries.mun_b, "РМО учителей математики района Б")
    make_community(
        registries.school_a,
        "ШМО начальных классов",
        community_type=community_type("subject-mo"),
    )


def test_each_registry_lists_the_communities_within_its_section(
    client, registries, spread
):
    assert set(titles(client.get(registries.region.url))) == {
        "РУМО учителей математики",
        "РМО учителей русского языка",
        "РМО учителей математики района Б",
        "ШМО начальных классов",
    }
    assert set(titles(client.get(registries.mun_a.url))) == {
        "РМО учителей русского языка",
        "ШМО начальных классов",
    }
    assert titles(client.get(registries.mun_b.url)) == [
        "РМО учителей математики района Б"
    ]
    assert titles(client.get(registries.school_a.url)) == ["ШМО начальных классов"]


def test_federal_registry_lists_every_community(client, tree, registries, spread):
    from plugins.communities.models import CommunityRegistryPage

    from .conftest import publish_child

    home = tree.region_page.get_parent()
    federal = publish_child(
        home, CommunityRegistryPage(title="Все сообщества", slug="all-communities")
    )
    page = client.get(federal.url)
    assert len(titles(page)) == 4
    # The federal territory filter offers regions.
    assert titles(client.get(federal.url, {"territory": tree.region.pk})) != []


def test_unpublished_and_archived_communities(client, registries):
    make_community(registries.mun_a, "Действующее МО")
    make_community(registries.mun_a, "Старое МО", status=CommunityStatus.ARCHIVED)
    draft = make_community(registries.mun_a, "Черновик МО")
    draft.unpublish()
    assert titles(client.get(registries.mun_a.url)) == ["Действующее МО"]
    shown = client.get(registries.mun_a.url, {"archived": "on"})
    assert titles(shown) == ["Действующее МО", "Старое МО"]
    assert "В архиве" in shown.content.decode()


def test_filters(client, tree, registries):
    maths = with_subjects(
        make_community(
            registries.region,
            "РУМО учителей математики",
            community_type=community_type("regional-umo"),
            join_method=JoinMethod.REQUEST,
        ),
        "Математика",
    )
    with_subjects(
        make_community(
            registries.mun_a,
            "Клуб молодых педагогов",
            community_type=community_type("young-teachers"),
            join_method=JoinMethod.OPEN,
        ),
        "Русский язык",
        "Литература",
    )
    make_community(
        registries.mun_b,
        "Экспертный совет района",
        community_type=community_type("expert"),
        join_method=JoinMethod.INVITATION,
    )
    make_community(
        registries.mun_b,
        "Архивный клуб",
        join_method=JoinMethod.OPEN,
        status=CommunityStatus.ARCHIVED,
    )
    url = registries.region.url
    assert titles(client.get(url, {"level": "regional"})) == [maths.title]
    assert titles(client.get(url, {"level": ["regional", "municipal"]})) == [
        "Клуб молодых педагогов",
        "РУМО учителей математики",
        "Экспертный совет района",
    ]
    assert titles(client.get(url, {"territory": tree.mun_b.pk})) == [
        "Экспертный совет района"
    ]
    assert titles(client.get(url, {"type": "young-teachers"})) == [
        "Клуб молодых педагогов"
    ]
    literature = Subject.objects.get(name="Литература")
    assert titles(client.get(url, {"subject": literature.pk})) == [
        "Клуб молодых педагогов"
    ]
    # Accepting members: active and not by invitation only (the archived club is out
    # even with archived shown).
    assert titles(client.get(url, {"accepting": "on", "archived": "on"})) == [
        "Клуб молодых педагогов",
        "РУМО учителей математики",
    ]
    assert titles(client.get(url, {"q": "матем"})) == ["РУМО учителей математики"]
    # Municipal registries have no territory filter; bad values change nothing.
    assert (
        soup(client.get(registries.mun_a.url)).find(attrs={"name": "territory"}) is None
    )
    assert len(titles(client.get(url, {"territory": "x", "type": "nope"}))) == 3


def test_counts_total_and_per_option(client, registries):
    umo = community_type("regional-umo")
    make_community(registries.region, "РУМО 1", community_type=umo)
    make_community(registries.region, "РУМО 2", community_type=umo)
    make_community(registries.mun_a, "РМО 1")
    make_community(registries.mun_b, "РМО 2", status=CommunityStatus.ARCHIVED)
    url = registries.region.url
    page = client.get(url)
    assert "Найдено сообществ: 3" in page.content.decode()
    assert option_count(page, "type", "regional-umo") == "(2)"
    assert option_count(page, "type", "district-mo") == "(1)"
    assert option_count(page, "level", "regional") == "(2)"
    assert option_count(page, "level", "municipal") == "(1)"
    # An option that would find nothing is not offered.
    assert (
        soup(page).find("input", attrs={"name": "level", "value": "institutional"})
        is None
    )
    # A type's count follows the other filters, not its own.
    regional = client.get(url, {"level": "regional", "type": "district-mo"})
    assert "Найдено 0 сообществ" not in regional.content.decode()
    assert option_count(regional, "type", "regional-umo") == "(2)"
    assert option_count(regional, "type", "district-mo") == "(0)"  # chosen: kept
    assert option_count(regional, "level", "municipal") == "(1)"
    assert titles(regional) == []


def test_card_shows_what_a_teacher_needs(client, tree, registries):
    community = with_subjects(
        make_community(
            registries.mun_a,
            "РМО учителей математики",
            base_organisation=tree.school_a,
            join_method=JoinMethod.OPEN,
        ),
        "Математика",
    )
    add_members(community, 3)
    add_members(community, 2, status=Membership.Status.REQUESTED)
    card = soup(client.get(registries.region.url)).select_one(".community-card")
    text = card.get_text(" ", strip=True)
    for expected in (
        "Городское (районное) методическое объединение",
        "Муниципальный",
        "Район А",
        "МБОУ СОШ № 1",
        "Математика",
        "Участники 3",
        "Свободное вступление",
    ):
        assert expected in text, expected
    assert card.select_one("a")["href"] == community.url


@override_settings(PORTAL_COMMUNITIES_PAGE_SIZE=2)
def test_pagination_keeps_the_filters(client, registries):
    for n in range(5):
        make_community(registries.mun_a, f"МО {n}")
    make_community(registries.mun_a, "Клуб", community_type=community_type("club"))
    url = registries.mun_a.url
    first = client.get(url, {"type": "district-mo"})
    assert titles(first) == ["МО 0", "МО 1"]
    assert "Найдено сообществ: 5" in first.content.decode()
    link = soup(first).select_one('.pagination a[rel="next"]')["href"]
    assert "type=district-mo" in link and "page=2" in link
    assert titles(client.get(url, {"type": "district-mo", "page": 3})) == ["МО 4"]


def test_registry_queries_do_not_grow_with_communities(client, tree, registries):
    maths, russian = (
        Subject.objects.get_or_create(name=n)[0] for n in ("Математика", "Русский язык")
    )
    pages = [registries.region, registries.mun_a, registries.mun_b, registries.school_a]
    types = [community_type(c) for c in ("district-mo", "club", "regional-umo")]
    made = 0

    def count(total):
        nonlocal made
        while made < total:
            page = make_community(
                pages[made % 4],
                f"Сообщество {made}",
                community_type=types[made % 3],
                base_organisation=tree.school_a if made % 2 else tree.regional_org,
            )
            page.subjects.set([maths, russian][: 1 + made % 2])
            page.save_revision().publish()
            add_members(page, made % 3)
            made += 1
        url = registries.region.url
        client.get(url)  # warm caches (site root, settings)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                url, {"level": ["municipal", "regional"], "subject": maths.pk}
            )
        assert response.status_code == 200
        assert titles(response)
        return len(queries)

    few = count(30)
    many = count(60)
    assert many == few
    assert few <= 25


def panel_text(client, section) -> str:
    page = soup(client.get(section.url))
    for panel in page.select("section.panel"):
        if "Профессиональные сообщества" in panel.get_text():
            return panel.get_text(" ", strip=True)
    return ""


def test_section_panel_lists_a_few_active_communities_and_links_the_registry(
    client, tree, registries
):
    make_community(registries.region, "Ассоциация молодых педагогов")
    for n in range(6):
        make_community(registries.mun_a, f"МО района А {n}")
    make_community(registries.mun_b, "МО района Б")
    make_community(registries.region, "Архивное РУМО", status=CommunityStatus.ARCHIVED)

    region = panel_text(client, tree.region_page)
    # The registry's own communities first, then a few from the sections below.
    assert region.startswith("Профессиональные сообщества Ассоциация молодых педагогов")
    assert region.count("МО района А") == 4 and "Район А" in region
    assert "Архивное РУМО" not in region
    assert "Все сообщества (8)" in region
    html = client.get(tree.region_page.url).content.decode()
    assert f'href="{registries.region.url}"' in html

    mun_b = panel_text(client, tree.mun_b_page)
    assert "МО района Б" in mun_b and "МО района А" not in mun_b
    assert "Реестр сообществ" in mun_b


def test_no_panel_without_a_registry(client, tree, registries):
    make_community(registries.mun_a, "МО района А")
    registries.mun_a.unpublish()
    assert panel_text(client, tree.mun_a_page) == ""
    assert panel_text(client, tree.school_b_page) == ""


def test_section_panel_queries_do_not_grow(client, tree, registries):
    made = 0

    def count(n):
        nonlocal made
        for i in range(made, n):
            make_community(registries.mun_a, f"МО {i}")
        made = n
        client.get(tree.region_page.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(tree.region_page.url)
        return len(queries)

    # Past the panel's five, the total is counted: one query more, then no growth.
    assert count(6) == count(16)
