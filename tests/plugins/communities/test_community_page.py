"""The public page of a community: facts, leaders with consent only, plan of work,
linked events, products, practices, and a bounded number of queries."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plugins.communities.models import (
    CommunityMaterial,
    CommunityStatus,
    Membership,
    PlanItem,
    PracticeStage,
    WorkPlan,
)
from portal.core.models import NormativeAct, Subject
from tests.factories.core import PersonFactory

from .conftest import make_community, make_practice

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def consenting(**fields):
    fields.setdefault("public_fields", ["name", "position", "organisation"])
    return PersonFactory(public_consent=True, **fields)


@pytest.fixture
def community(tree, registries):
    act = NormativeAct.objects.create(
        kind=NormativeAct.Kind.ORDER,
        issuer="Управление образованием района А",
        number="12-од",
        date=dt.date(2024, 9, 2),
        title="О создании районного методического объединения учителей математики",
        level="municipal",
        municipality=tree.mun_a,
        url="https://example.org/acts/12-od.pdf",
    )
    page = make_community(
        registries.mun_a,
        "РМО учителей математики",
        base_organisation=tree.school_a,
        problem_area="Функциональная грамотность на уроках математики",
        founding_act=act,
        intro="Объединение учителей математики района.",
        contact_email="rmo-math@example.org",
        contacts="Кабинет 12, по средам",
    )
    page.subjects.set([Subject.objects.get_or_create(name="Математика")[0]])
    page.save_revision().publish()
    return page


def test_facts_of_the_community(client, tree, community):
    text = text_of(client.get(community.url))
    for expected in (
        "Городское (районное) методическое объединение",
        "Муниципальный",
        "Район А",
        "МБОУ СОШ № 1",
        "Математика",
        "Функциональная грамотность на уроках математики",
        "Приказ от 02.09.2024 № 12-од",
        "По заявке",
        "rmo-math@example.org",
        "Кабинет 12, по средам",
    ):
        assert expected in text, expected
    assert (
        'href="https://example.org/acts/12-od.pdf"'
        in client.get(community.url).content.decode()
    )


def test_leaders_are_named_only_with_consent_and_never_with_contacts(client, community):
    head = PersonFactory(
        last_name="Скрытова", public_consent=False, email="head@school.test",
        phone="+7 900 000-00-01",
    )  # fmt: skip
    deputy = consenting(
        last_name="Открытова", position="методист", email="deputy@school.test",
        phone="+7 900 000-00-02",
    )  # fmt: skip
    member = consenting(last_name="Участникова", email="member@school.test")
    for person, role in ((head, "head"), (deputy, "deputy"), (member, "member")):
        Membership.objects.create(
            community=community, person=person, role=role,
            status=Membership.Status.ACTIVE,
        )  # fmt: skip
    html = client.get(community.url).content.decode()
    text = text_of(client.get(community.url))
    assert "Открытова Мария Петровна" in text and "методист" in text
    assert "Заместитель руководителя" in text
    assert "Скрытова" not in html
    assert "Участникова" not in html  # members are counted, not listed
    assert "Участников 3" in text
    for secret in ("head@school.test", "deputy@school.test", "member@school.test"):
        assert secret not in html
    assert "+7 900" not in html


def test_page_fields_name_the_head_when_no_membership_does(client, community):
    community.head = consenting(last_name="Главнова")
    community.save_revision().publish()
    Membership.objects.filter(community=community).delete()  # as before the sync
    text = text_of(client.get(community.url))
    assert "Руководитель" in text and "Главнова" in text
    community.head = PersonFactory(last_name="Безсогласия", public_consent=False)
    community.save_revision().publish()
    Membership.objects.filter(community=community).delete()
    assert "Безсогласия" not in client.get(community.url).content.decode()


def test_plan_of_the_current_year_and_other_years(client, community):
    year = timezone.localdate().year
    plan = WorkPlan.objects.create(community=community, year=year, published=True)
    hidden = consenting(last_name="Безимени", public_fields=["position"])
    named = consenting(last_name="Ответственнова", public_fields=["name"])
    PlanItem.objects.create(
        plan=plan, topic="Заседание РМО: анализ ВПР", form="заседание",
        date=dt.date(year, 9, 15), responsible=named, done=True,
        result="Утверждены рекомендации",
    )  # fmt: skip
    PlanItem.objects.create(
        plan=plan, topic="Открытые уроки", period="в течение года",
        responsible=hidden, responsible_note="руководитель РМО",
    )  # fmt: skip
    WorkPlan.objects.create(community=community, year=year - 1, published=True)
    PlanItem.objects.create(
        plan=WorkPlan.objects.get(year=year - 1), topic="Прошлогодний семинар"
    )
    draft = WorkPlan.objects.create(community=community, year=year + 1)
    PlanItem.objects.create(plan=draft, topic="Черновой пункт")

    text = text_of(client.get(community.url))
    assert f"План работы на {year} год" in text
    assert "Заседание РМО: анализ ВПР" in text and "15 сентября" in text
    assert "Выполнено" in text and "Утверждены рекомендации" in text
    assert "Ответственнова" in text
    assert "в течение года" in text and "руководитель РМО" in text
    assert "Безимени" not in text
    assert "Прошлогодний семинар" not in text and "Черновой пункт" not in text
    assert f'href="?year={year - 1}#plan"' in client.get(community.url).content.decode()

    last_year = text_of(client.get(community.url, {"year": year - 1}))
    assert "Прошлогодний семинар" in last_year
    assert "Заседание РМО" not in last_year
    unpublished = text_of(client.get(community.url, {"year": year + 1}))
    assert f"План работы на {year + 1} год не опубликован" in unpublished
    assert "Черновой пункт" not in unpublished
    assert client.get(community.url, {"year": "x"}).status_code == 200


def test_products_and_practices(client, community, catalogue):
    CommunityMaterial.objects.create(
        community=community, title="Сборник заданий по функциональной грамотности",
        kind="product", members_only=False, url="https://example.org/sbornik.pdf",
    )  # fmt: skip
    CommunityMaterial.objects.create(
        community=community, title="Протокол заседания (для участников)",
        url="https://example.org/protocol.pdf",
    )  # fmt: skip
    make_practice(
        catalogue, "Математические бои в 5–7 классах", community=community,
        stage=PracticeStage.RECOMMENDED,
    )  # fmt: skip
    draft = make_practice(catalogue, "Черновая практика", community=community)
    draft.unpublish()
    response = client.get(community.url)
    text = text_of(response)
    product = CommunityMaterial.objects.get(members_only=False)
    assert "Сборник заданий по функциональной грамотности" in text
    assert f'href="{community.url}materials/{product.pk}/"' in response.content.decode()
    assert "Протокол заседания" not in text
    assert "Математические бои в 5–7 классах" in text
    assert "Рекомендована к распространению" in text
    assert "Черновая практика" not in text


def test_archived_community_is_marked(client, registries):
    page = make_community(
        registries.mun_a, "Старое МО", status=CommunityStatus.ARCHIVED
    )
    text = text_of(client.get(page.url))
    assert "Сообщество в архиве" in text and "Приём участников закрыт" in text


events_installed = pytest.mark.skipif(
    not apps.is_installed("plugins.events"), reason="the events plugin is not enabled"
)


@events_installed
def test_linked_events_upcoming_only(client, tree, community):
    from tests.plugins.events.conftest import add_calendar, make_event

    calendar = add_calendar(tree.mun_a_page)
    now = dt.datetime.now(dt.UTC)
    soon = make_event(calendar, "Семинар «Задачи PISA»")
    past = make_event(calendar, "Прошедший семинар", start=now - dt.timedelta(days=5))
    hidden = make_event(calendar, "Снятый с публикации семинар")
    hidden.unpublish()
    plan = WorkPlan.objects.create(
        community=community, year=timezone.localdate().year, published=True
    )
    for event in (soon, past, hidden):
        PlanItem.objects.create(plan=plan, topic=f"Пункт: {event.title}", event=event)
    html = client.get(community.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    upcoming = soup.find(id="community-events").find_parent("section")
    assert [a.get_text() for a in upcoming.select("a")] == ["Семинар «Задачи PISA»"]
    plan_links = [a.get_text() for a in soup.find(id="plan").select("a")]
    assert "Прошедший семинар" in plan_links
    assert "Снятый с публикации семинар" not in plan_links


def test_community_page_queries_do_not_grow(client, tree, community, catalogue):
    year = timezone.localdate().year
    plan = WorkPlan.objects.create(community=community, year=year, published=True)
    calendar = None
    if apps.is_installed("plugins.events"):
        from tests.plugins.events.conftest import add_calendar

        calendar = add_calendar(tree.mun_a_page)
    added = 0

    def count(n):
        nonlocal added
        for i in range(added, n):
            role = "deputy" if i % 5 == 0 else "member"
            person = consenting(public_fields=["name", "organisation", "subjects"])
            Membership.objects.create(
                community=community, person=person, role=role,
                status=Membership.Status.ACTIVE,
            )  # fmt: skip
            event = None
            if calendar is not None and i % 2 == 0:
                from tests.plugins.events.conftest import make_event

                event = make_event(calendar, f"Семинар {i}")
            PlanItem.objects.create(
                plan=plan, topic=f"Пункт {i}", responsible=person, event=event,
                date=dt.date(year, 1 + i % 12, 1),
            )  # fmt: skip
            CommunityMaterial.objects.create(
                community=community, title=f"Продукт {i}", members_only=False,
                url="https://example.org/",
            )  # fmt: skip
            make_practice(catalogue, f"Практика {i}", community=community)
        added = n
        client.get(community.url)  # warm caches (site root, settings)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(community.url).status_code == 200
        return len(queries)

    few = count(2)
    many = count(12)
    assert many == few
    assert few <= 40


def test_preview_of_an_unsaved_community_renders(rf, registries):
    from django.contrib.auth.models import AnonymousUser

    from plugins.communities.models import CommunityPage

    page = CommunityPage(title="Новое МО", slug="novoe-mo")
    # Where Wagtail's preview of a page being created puts it: under its parent, unsaved.
    parent = registries.mun_a
    page.depth, page.path = parent.depth + 1, parent.path + "9999"
    request = rf.get("/")
    request.user = AnonymousUser()
    response = page.serve_preview(request, page.default_preview_mode)
    assert response.status_code == 200
    assert "Новое МО" in response.rendered_content
