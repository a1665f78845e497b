"""Public pages of the routes plugin: the programme catalogue (region, filters, counts,
text search with the engine down too, pages, bounded queries), a programme's page
(fields, cohorts, links, JSON-LD, 404s), the catalogue of typical routes and a typical
route's page (steps, links to programmes, adopting it)."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils.http import urlencode

from plugins.iom.models import (
    Programme,
    ProgrammeCatalogPage,
    ProgrammeCohort,
    RouteCatalogPage,
    RouteTemplatePage,
    RouteTemplateStep,
)
from search.outbox import apply_all_pending
from tests.factories.core import (
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    home_page,
    region_section,
)

from .conftest import competence, programme

pytestmark = pytest.mark.django_db

FUTURE = datetime.date.today() + datetime.timedelta(days=60)
PAST = datetime.date.today() - datetime.timedelta(days=60)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def titles(response) -> list[str]:
    return [h.get_text(strip=True) for h in soup(response).select(".programme-card h2")]


def catalogue_of(parent, title="Каталог программ ДПП") -> ProgrammeCatalogPage:
    return publish(parent, ProgrammeCatalogPage(title=title, slug="programmes"))


@pytest.fixture
def catalogue(tree) -> ProgrammeCatalogPage:
    return catalogue_of(tree.region_page)


@pytest.fixture
def other_region():
    region = RegionFactory(name="Другая область")
    return region, region_section(region)


def cohort(item, start, **fields):
    return ProgrammeCohort.objects.create(programme=item, start_date=start, **fields)


# The catalogue -----------------------------------------------------------------------------
def test_catalogue_lists_published_programmes_of_its_region_and_federal_ones(
    client, tree, catalogue, other_region
):
    region, _section = other_region
    programme(title="Региональная", region=tree.region)
    programme(title="Федеральная")
    programme(title="Чужого региона", region=region)
    programme(title="Скрытая", region=tree.region, published=False)
    federal = catalogue_of(home_page(), "Федеральный каталог")

    assert sorted(titles(client.get(catalogue.url))) == ["Региональная", "Федеральная"]
    assert sorted(titles(client.get(federal.url))) == [
        "Региональная",
        "Федеральная",
        "Чужого региона",
    ]


def test_card_shows_kind_hours_provider_flags_registry_deficits_and_nearest_cohort(
    client, tree, catalogue
):
    literacy = competence("functional-literacy")
    item = programme(
        literacy, title="Функциональная грамотность", region=tree.region, hours=72,
        provider=tree.regional_org, distance=True, network=True, in_federal_registry=True,
        registry_url="https://dppo.apkpro.ru/programs/101",
    )  # fmt: skip
    cohort(item, PAST)
    cohort(item, FUTURE + datetime.timedelta(days=30))
    cohort(item, FUTURE, note="вечерняя группа")
    programme(title="Без наборов", region=tree.region, provider_name="Академия")

    page = soup(client.get(catalogue.url))
    card, bare = page.select(".programme-card")  # registry programmes first
    text = card.get_text(" ", strip=True)
    for part in (
        "Повышение квалификации", "72 ч.", "ЦНППМ", "Дистанционно", "Сетевая форма",
        literacy.name, "вечерняя группа",
    ):  # fmt: skip
        assert part in text, part
    assert card.select_one(".badge--registry a")["href"] == item.registry_url
    assert FUTURE.strftime("%Y") in text
    assert card.select_one("h2 a")["href"] == f"{catalogue.url}{item.pk}/"
    assert "не объявлен" in bare.get_text() and "Академия" in bare.get_text()
    assert not bare.select(".badge--registry")


def test_filters_narrow_the_list_and_count_deficits_by_area(client, tree, catalogue):
    literacy, assessment = competence("functional-literacy"), competence("assessment")
    ours = {"region": tree.region}
    a = programme(literacy, title="А", hours=16, in_federal_registry=True, **ours)
    programme(literacy, assessment, title="Б", hours=36, distance=True, **ours)
    programme(
        title="В", hours=300, kind=Programme.Kind.RETRAINING, network=True,
        provider_name="Академия Минпросвещения", **ours,
    )  # fmt: skip
    programme(assessment, title="Г", hours=72, provider=tree.regional_org, **ours)
    cohort(a, FUTURE)

    def shown(**params):
        return sorted(titles(client.get(catalogue.url, params)))

    assert shown(deficit=literacy.pk) == ["А", "Б"]
    assert shown(kind="retraining") == ["В"]
    assert shown(hours="24") == ["А"]
    assert shown(hours="72") == ["Б", "Г"]
    assert shown(hours="250") == ["В"]
    assert shown(federal="on") == ["А"]
    assert shown(distance="on") == ["Б"]
    assert shown(network="on") == ["В"]
    assert shown(open="on") == ["А"]
    assert shown(provider=f"org-{tree.regional_org.pk}") == ["Г"]
    assert shown(provider="name:Академия Минпросвещения") == ["В"]
    assert shown(deficit=assessment.pk, hours="72") == ["Б", "Г"]

    page = soup(client.get(catalogue.url, {"hours": "24"}))
    select = page.find("select", attrs={"name": "deficit"})
    group = select.find("optgroup")
    assert group["label"] == literacy.area.name
    counts = {o["value"]: o.get_text() for o in select.find_all("option") if o["value"]}
    # Counted with the other filters: only «А» is of up to 24 hours.
    assert counts == {str(literacy.pk): f"{literacy.name} (1)"}
    kinds = page.find("select", attrs={"name": "kind"})
    assert [o["value"] for o in kinds.find_all("option")] == ["", "upskilling"]


def test_text_query_goes_through_the_search_engine(client, tree, catalogue):
    programme(title="Формирование функциональной грамотности", region=tree.region)
    programme(title="Оценивание", description="Критериальное оценивание результатов")
    programme(title="Олимпиадные задачи", region=tree.region)
    apply_all_pending()
    assert titles(client.get(catalogue.url, {"q": "функциональная грамотность"})) == [
        "Формирование функциональной грамотности"
    ]
    assert titles(client.get(catalogue.url, {"q": "критериального"})) == ["Оценивание"]


def test_text_query_falls_back_to_substrings_when_the_engine_fails(
    client, tree, catalogue, monkeypatch
):
    programme(title="Школа наставничества", region=tree.region)
    programme(title="Проекты", description="Опыт наставничества", region=tree.region)
    programme(title="Музейные уроки", region=tree.region)

    def broken(query):
        raise ConnectionError("engine down")

    monkeypatch.setattr("plugins.iom.public.service.search", broken)
    response = client.get(catalogue.url, {"q": "наставничеств"})
    assert sorted(titles(response)) == ["Проекты", "Школа наставничества"]
    assert "engine" not in response.content.decode()


def test_bad_input_never_fails(client, tree, catalogue):
    programme(title="Любая", region=tree.region)
    for params in (
        {"deficit": "abc", "hours": "zzz", "kind": "x", "provider": "org-abc"},
        {"page": "9999"}, {"page": "-1"}, {"q": "x" * 5000}, {"open": "что-то"},
    ):  # fmt: skip
        assert client.get(catalogue.url, params).status_code == 200


def test_pages_and_bounded_queries(
    client, tree, catalogue, django_assert_max_num_queries
):
    literacy, assessment = competence("functional-literacy"), competence("assessment")
    params = {"federal": "on", "hours": "72"}

    def add(total):
        for n in range(Programme.objects.count(), total):
            item = programme(
                literacy, assessment, title=f"Программа {n:02}", region=tree.region,
                provider=OrganisationFactory(municipality=tree.mun_a),
                in_federal_registry=True,
            )  # fmt: skip
            cohort(item, FUTURE)
            cohort(item, PAST)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(catalogue.url, params)
        assert len(titles(response)) == Programme.objects.count()
        return len(queries)

    add(2)
    client.get(catalogue.url, params)  # warm caches (site root, settings)
    with override_settings(PORTAL_IOM_PAGE_SIZE=50):
        most = count()
        add(20)
        with django_assert_max_num_queries(most):
            assert len(titles(client.get(catalogue.url, params))) == 20
    with override_settings(PORTAL_IOM_PAGE_SIZE=8):
        assert len(titles(client.get(catalogue.url))) == 8
        last = client.get(catalogue.url, {"page": 3})
        assert titles(last) == [
            "Программа 16",
            "Программа 17",
            "Программа 18",
            "Программа 19",
        ]


# A programme's page -----------------------------------------------------------------------
def test_programme_page_shows_every_public_field(client, tree, catalogue):
    literacy = competence("functional-literacy")
    item = programme(
        literacy, title="Функциональная грамотность школьников", region=tree.region,
        provider=tree.regional_org, platform="Цифровая экосистема ДПО", distance=True,
        in_federal_registry=True, registry_url="https://dppo.apkpro.ru/programs/7",
        enrolment_url="https://example.org/enrol", description="Аннотация <b>жирно</b>",
    )  # fmt: skip
    cohort(item, PAST, end_date=PAST + datetime.timedelta(days=10))
    cohort(item, FUTURE, enrolment_closes=FUTURE - datetime.timedelta(days=5))

    response = client.get(f"{catalogue.url}{item.pk}/")
    page = soup(response)
    text = page.get_text(" ", strip=True)
    for part in (
        item.title, "36 ч.", "ЦНППМ",
        "Цифровая экосистема ДПО", "с применением дистанционных технологий",
        literacy.name, literacy.area.name, "Тестовая область", "идёт запись",
        "запись закрыта", "Аннотация <b>жирно</b>",
    ):  # fmt: skip
        assert part in text, part
    hrefs = {a["href"] for a in page.select("a")}
    assert {item.registry_url, item.enrolment_url, catalogue.url} <= hrefs
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "Course" and data["name"] == item.title
    assert data["provider"]["name"] == "ЦНППМ" and data["timeRequired"] == "PT36H"
    assert [i["startDate"] for i in data["hasCourseInstance"]] == [
        PAST.isoformat(),
        FUTURE.isoformat(),
    ]


def test_programme_page_is_404_when_the_catalogue_does_not_show_it(
    client, tree, catalogue, other_region
):
    region, _section = other_region
    hidden = programme(title="Скрытая", region=tree.region, published=False)
    foreign = programme(title="Чужая", region=region)
    federal = programme(title="Федеральная")
    for pk in (hidden.pk, foreign.pk, 999999, 10**20):
        assert client.get(f"{catalogue.url}{pk}/").status_code == 404
    assert client.get(f"{catalogue.url}{federal.pk}/").status_code == 200
    other = catalogue_of(other_region[1])
    assert client.get(f"{other.url}{foreign.pk}/").status_code == 200


# Typical routes -------------------------------------------------------------------------
def route_template(catalogue, title, *steps, deficits=(), **fields):
    fields.setdefault("target_group", "учителя начальных классов")
    fields.setdefault("slug", f"route-{RouteTemplatePage.objects.count()}")
    page = RouteTemplatePage(title=title, **fields)
    for order, step in enumerate(steps):
        step.setdefault("title", f"Шаг {order + 1}")
        page.steps.add(RouteTemplateStep(sort_order=order, **step))
    page.deficits = list(deficits)
    return publish(catalogue, page)


@pytest.fixture
def routes(tree) -> RouteCatalogPage:
    return publish(
        tree.region_page, RouteCatalogPage(title="Типовые маршруты", slug="routes")
    )


def route_titles(response) -> list[str]:
    return [h.get_text(strip=True) for h in soup(response).select(".route-card h2")]


def test_route_catalogue_lists_live_routes_with_steps_and_hours(client, routes):
    literacy, assessment = competence("functional-literacy"), competence("assessment")
    route_template(
        routes, "Грамотность за полгода", {"hours": 36}, {"hours": 16}, {"kind": "self_study"},
        deficits=[literacy], target_group="учителя математики",
    )  # fmt: skip
    route_template(routes, "Оценивание", {"hours": 24}, deficits=[assessment])
    route_template(routes, "Черновик", {"hours": 8}).unpublish()

    page = soup(client.get(routes.url))
    cards = {
        c.h2.get_text(strip=True): c.get_text(" ", strip=True)
        for c in page.select(".route-card")
    }
    assert sorted(cards) == ["Грамотность за полгода", "Оценивание"]
    first = cards["Грамотность за полгода"]
    assert "учителя математики" in first and literacy.name in first
    assert "Шагов 3" in first and "Всего часов 52" in first
    assert route_titles(client.get(routes.url, {"deficit": assessment.pk})) == [
        "Оценивание"
    ]
    assert route_titles(client.get(routes.url, {"deficit": "bad"})) == sorted(cards)


def test_route_catalogue_text_search_and_bounded_queries(
    client, routes, django_assert_max_num_queries
):
    literacy = competence("functional-literacy")

    def add(total):
        for n in range(RouteTemplatePage.objects.count(), total):
            route_template(
                routes, f"Маршрут {n}", {"hours": 16}, {}, deficits=[literacy]
            )

    add(2)
    apply_all_pending()
    client.get(routes.url)
    with CaptureQueriesContext(connection) as queries:
        assert len(route_titles(client.get(routes.url))) == 2
    add(20)
    with django_assert_max_num_queries(len(queries)):
        assert len(route_titles(client.get(routes.url))) == 20
    route_template(routes, "Наставничество молодых", {}, target_group="молодые учителя")
    apply_all_pending()
    assert route_titles(client.get(routes.url, {"q": "наставничества"})) == [
        "Наставничество молодых"
    ]


def test_route_page_shows_ordered_steps_with_programme_links(
    client, tree, routes, catalogue
):
    literacy = competence("functional-literacy")
    shown = programme(literacy, title="ДПП в каталоге", region=tree.region)
    registry = programme(
        title="ДПП чужого региона", region=RegionFactory(), in_federal_registry=True,
        registry_url="https://dppo.apkpro.ru/programs/9", published=False,
    )  # fmt: skip
    page = route_template(
        routes, "Грамотность",
        {"title": "Курс", "kind": "programme", "hours": 36, "programme": shown, "deficit": literacy},
        {"title": "Стажировка", "kind": "internship", "learning_form": "non_formal", "hours": 16},
        {"title": "Курс по реестру", "programme": registry, "hours": 24},
        deficits=[literacy], expected_results="Умеет составлять задания",
    )  # fmt: skip
    html = soup(client.get(page.url))
    steps = html.select(".route-step")
    assert [s.h3.get_text(strip=True) for s in steps] == [
        "Курс",
        "Стажировка",
        "Курс по реестру",
    ]
    assert (
        "Программа ДПП" in steps[0].get_text() and "Неформальное" in steps[1].get_text()
    )
    assert (
        steps[0].find("a", string="ДПП в каталоге")["href"]
        == f"{catalogue.url}{shown.pk}/"
    )
    # An unpublished programme is not named: its registry card only.
    assert "ДПП чужого региона" not in steps[2].get_text()
    assert steps[2].a["href"] == registry.registry_url
    text = html.get_text(" ", strip=True)
    assert "76 ч." in text and "Умеет составлять задания" in text
    assert "учителя начальных классов" in text and literacy.name in text


def test_route_page_links_to_the_registry_without_a_catalogue(client, tree, routes):
    item = programme(
        title="Из реестра", registry_url="https://dppo.apkpro.ru/programs/3"
    )
    page = route_template(routes, "Маршрут", {"programme": item, "kind": "programme"})
    link = (
        soup(client.get(page.url))
        .select_one(".route-step")
        .find("a", string="Из реестра")
    )
    assert link["href"] == item.registry_url


def test_signed_out_visitor_is_asked_to_sign_in_to_adopt(client, routes):
    page = route_template(routes, "Маршрут", {"hours": 8})
    html = soup(client.get(page.url))
    assert not html.select("form[method=post]")
    link = html.find("a", string="Войдите, чтобы взять этот маршрут себе")
    assert link["href"] == f"/accounts/login/?{urlencode({'next': page.url})}"


def test_signed_in_teacher_gets_the_adopt_form(client, routes):
    """Needs the URL ``iom:adopt`` (plugins/iom/urls.py, the personal pages)."""
    page = route_template(routes, "Маршрут", {"hours": 8})
    user = UserFactory()
    user.save()
    client.force_login(user)
    form = soup(client.get(page.url)).find("form", method="post")
    assert form["action"] == reverse("iom:adopt", args=[page.pk])
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form.button.get_text(strip=True) == "Взять этот маршрут себе"
