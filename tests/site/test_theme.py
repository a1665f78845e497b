"""The default public theme: page templates, breadcrumbs, the visually-impaired
version, theme overrides and bounded query counts (themes/default)."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views.defaults import server_error
from wagtail.models import Site

from portal.core.models import GlossaryTerm, NormativeAct, Person, PersonRole
from portal.sections.models import (
    ActsPage,
    ContactsPage,
    GlossaryPage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from portal.theme.models import ThemeSettings
from portal.theme.templatetags.portal_theme import content_pages
from tests.factories.core import (
    OrganisationFactory,
    PersonFactory,
    add_section,
    home_page,
    organisation_section,
)
from tests.plugins.dummy.models import DummyPage

PANEL_TITLE = "Панель тестового модуля"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def breadcrumb_trail(response) -> list[str]:
    nav = soup(response).find("nav", attrs={"aria-label": "Хлебные крошки"})
    assert nav is not None, "no breadcrumbs on the page"
    items = nav.find_all("li")
    last = items[-1]
    assert last.find(attrs={"aria-current": "page"}), "last crumb lacks aria-current"
    assert last.find("a") is None, "the current page must not link to itself"
    return [li.get_text(strip=True) for li in items]


def body_classes(response) -> list[str]:
    return soup(response).body.get("class", [])


@pytest.fixture
def content(tree):
    """One page of every content type under municipality A."""
    mun = tree.mun_a_page
    news_index = add_section(mun, NewsIndexPage(title="Новости района", slug="news"))
    news = add_section(
        news_index,
        NewsPage(
            title="Августовское совещание",
            slug="avgust",
            date=dt.date(2025, 8, 28),
            intro="Итоги совещания педагогов района.",
        ),
    )
    return {
        "news_index": news_index,
        "news": news,
        "standard": add_section(
            mun, StandardPage(title="О службе", slug="about", intro="Кто мы")
        ),
        "contacts": add_section(mun, ContactsPage(title="Контакты", slug="contacts")),
        "acts": add_section(mun, ActsPage(title="Документы", slug="acts")),
        "glossary": add_section(mun, GlossaryPage(title="Глоссарий", slug="glossary")),
    }


@pytest.fixture
def custom_theme(tmp_path, settings):
    """A themes directory with the real default theme and a theme named «custom»."""
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "default").symlink_to(settings.PORTAL_THEMES_DIR / "default")
    templates = themes / "custom" / "templates"
    (templates / "sections").mkdir(parents=True)
    (templates / "sections" / "standard_page.html").write_text(
        '{% extends "base.html" %}{% block content %}'
        '<p id="custom-marker">Тема custom: {{ page.title }}</p>{% endblock %}',
        encoding="utf-8",
    )
    # A theme's base.html may extend the default one (Django's recursive extends).
    (templates / "base.html").write_text(
        '{% extends "base.html" %}{% block extra_head %}'
        '<meta name="portal-theme" content="custom">{% endblock %}',
        encoding="utf-8",
    )
    (templates / "dummy").mkdir()
    (templates / "dummy" / "dummy_page.html").write_text(
        '{% extends "base.html" %}{% block content %}'
        '<p id="custom-plugin-marker">Модуль в теме custom</p>{% endblock %}',
        encoding="utf-8",
    )
    settings.PORTAL_THEMES_DIR = themes
    theme_settings = ThemeSettings.for_site(Site.objects.get(is_default_site=True))
    theme_settings.theme = "custom"
    theme_settings.full_clean()
    theme_settings.save()
    return themes


def template_names(response) -> list[str]:
    return [t.name for t in response.templates if t.name]


# Page types ---------------------------------------------------------------------


def test_every_page_type_renders_with_breadcrumbs_in_level_order(client, tree, content):
    level_path = ["Россия", "Тестовая область", "Район А"]
    expectations = [
        (home_page(), "sections/home_page.html", ["Россия"]),
        (tree.region_page, "sections/region_page.html", level_path[:2]),
        (tree.mun_a_page, "sections/municipality_page.html", level_path),
        (
            tree.school_a_page,
            "sections/organisation_page.html",
            [*level_path, "МБОУ СОШ № 1"],
        ),
        (
            content["news_index"],
            "sections/news_index_page.html",
            [*level_path, "Новости района"],
        ),
        (
            content["news"],
            "sections/news_page.html",
            [*level_path, "Новости района", "Августовское совещание"],
        ),
        (content["standard"], "sections/standard_page.html", [*level_path, "О службе"]),
        (content["contacts"], "sections/contacts_page.html", [*level_path, "Контакты"]),
        (content["acts"], "sections/acts_page.html", [*level_path, "Документы"]),
        (
            content["glossary"],
            "sections/glossary_page.html",
            [*level_path, "Глоссарий"],
        ),
    ]
    for page, template, trail in expectations:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert template in template_names(response), page.url
        assert breadcrumb_trail(response) == trail, page.url
        assert soup(response).h1.get_text(strip=True) == page.title


def test_pages_have_landmarks_skip_link_and_russian_language(client, tree):
    response = client.get(tree.mun_a_page.url)
    html = soup(response)
    assert html.html["lang"] == "ru"
    first_focusable = html.body.find(["a", "button", "input", "select"])
    assert first_focusable.get_text(strip=True) == "Перейти к содержанию"
    assert first_focusable["href"] == "#content"
    assert html.find("main", id="content") is not None
    for landmark in ("header", "footer"):
        assert html.find(landmark) is not None, landmark
    assert html.find("nav", attrs={"aria-label": "Главное меню"}) is not None
    assert "/static/themes/default/css/site.css" in response.content.decode()


def test_main_menu_lists_the_site_roots_children(client, tree, content):
    response = client.get(content["standard"].url)
    menu = soup(response).find("nav", attrs={"aria-label": "Главное меню"})
    links = {a.get_text(strip=True): a for a in menu.find_all("a")}
    assert list(links) == ["Главная", "Тестовая область"]
    # The region is an ancestor of the page being viewed: marked as the current branch.
    assert links["Тестовая область"]["aria-current"] == "true"


def test_footer_shows_site_title_and_text_from_theme_settings(client, tree):
    theme_settings = ThemeSettings.for_site(Site.objects.get(is_default_site=True))
    theme_settings.site_title = "Портал РСНМС Тестовой области"
    theme_settings.footer_text = "ЦНППМ Тестовой области, 2025"
    theme_settings.save()
    footer = soup(client.get(tree.region_page.url)).footer
    assert "Портал РСНМС Тестовой области" in footer.get_text()
    assert "ЦНППМ Тестовой области, 2025" in footer.get_text()


# Section pages ---------------------------------------------------------------------


def test_section_page_shows_child_sections_news_panels_and_content_pages(
    client, tree, content
):
    tree.mun_a_page.intro = "<p>Методическая служба района</p>"
    tree.mun_a_page.save_revision().publish()
    html = soup(client.get(tree.mun_a_page.url))
    main = html.main
    assert "Методическая служба района" in main.get_text()
    sections = main.find(id="child-sections-title").find_parent("section")
    assert [h.get_text(strip=True) for h in sections.find_all("h3")] == ["МБОУ СОШ № 1"]
    news = main.find(id="latest-news-title").find_parent("section")
    assert "Августовское совещание" in news.get_text()
    assert news.find("time")["datetime"] == "2025-08-28"
    side = html.find("nav", attrs={"aria-labelledby": "side-menu-title"})
    assert [a.get_text(strip=True) for a in side.find_all("a")] == [
        "Новости района",
        "О службе",
        "Контакты",
        "Документы",
        "Глоссарий",
    ]


def test_plugin_section_panel_appears_on_section_pages_only(client, tree, content):
    for page in (home_page(), tree.region_page, tree.mun_a_page, tree.school_a_page):
        html = soup(client.get(page.url))
        heading = html.find("h2", string=PANEL_TITLE)
        assert heading is not None, page.url
        panel = heading.find_parent("section")
        assert panel.find("p", class_="dummy-panel").get_text() == "Привет"
    assert PANEL_TITLE not in client.get(content["standard"].url).content.decode()


def test_section_page_query_count_does_not_grow_with_children(
    client, tree, django_assert_max_num_queries
):
    mun = tree.mun_a_page
    news_index = add_section(mun, NewsIndexPage(title="Новости", slug="news"))

    def grow_to(count):
        while len(mun.get_children().type(type(tree.school_a_page))) < count:
            n = mun.get_children().count()
            org = OrganisationFactory(municipality=tree.mun_a)
            organisation_section(mun, org)
            add_section(
                news_index,
                NewsPage(title=f"Новость {n}", slug=f"news-{n}", intro="Текст"),
            )

    def render():
        response = client.get(mun.url)
        assert response.status_code == 200
        return soup(response)

    grow_to(3)
    render()  # warm up per-process caches (content types, theme settings row)
    with CaptureQueriesContext(connection) as small:
        html = render()
    assert len(html.select("#child-sections-title + .cards > li")) == 3
    assert len(small) <= 30, [q["sql"] for q in small.captured_queries]

    grow_to(30)
    with django_assert_max_num_queries(len(small)):
        html = render()
    assert len(html.select("#child-sections-title + .cards > li")) == 30
    assert len(html.select("#latest-news-title + .news-list > li")) == 5


def test_organisation_page_shows_public_organisation_details(client, tree):
    tree.school_a.address = "г. Тестов, ул. Школьная, 1"
    tree.school_a.save()
    text = soup(client.get(tree.school_a_page.url)).main.get_text()
    assert "г. Тестов, ул. Школьная, 1" in text
    assert "Общеобразовательная организация" in text


# Content pages --------------------------------------------------------------------


def test_contacts_page_shows_only_public_fields_of_consenting_people(
    client, tree, content
):
    methodist = PersonRole.objects.get(code="methodist")
    shown = PersonFactory(
        last_name="Смирнова",
        organisation=tree.school_a,
        position="методист",
        email="smirnova@example.org",
        phone="+7 900 000-00-00",
        birth_date=dt.date(1980, 5, 17),
        public_consent=True,
        public_fields=[Person.PublicField.NAME, Person.PublicField.POSITION],
    )
    shown.roles.add(methodist)
    hidden = PersonFactory(
        last_name="Скрытова", organisation=tree.school_a, public_consent=False
    )
    hidden.roles.add(methodist)

    response = client.get(content["contacts"].url)
    people = soup(response).find(id="people-title").find_parent("section")
    assert people.find("h3").get_text(strip=True) == "Смирнова Мария Петровна"
    assert "методист" in people.get_text()
    page = response.content.decode()
    for secret in ("smirnova@example.org", "+7 900", "17.05.1980", "1980", "Скрытова"):
        assert secret not in page
    # The organisation was not chosen for display.
    assert "МБОУ СОШ № 1" not in people.get_text()


def make_act(n, kind, status=NormativeAct.Status.ACTIVE):
    return NormativeAct.objects.create(
        kind=kind,
        issuer="Минпросвещения России",
        number=f"{n}",
        date=dt.date(2024, 1, 1) + dt.timedelta(days=n),
        title=f"Документ {n:02d} ({kind})",
        status=status,
        level="federal",
    )


def test_acts_page_filters_with_a_plain_get_form_and_paginates(client, content):
    for n in range(30):
        make_act(n, NormativeAct.Kind.ORDER)
    make_act(99, NormativeAct.Kind.LAW, NormativeAct.Status.REPEALED)
    url = content["acts"].url

    html = soup(client.get(url))
    form = html.find("form", class_="filters")
    assert form["method"] == "get"
    assert {s["name"] for s in form.find_all("select")} == {"kind", "status"}
    assert form.find("button", type="submit") is not None
    for select in form.find_all("select"):
        assert html.find("label", attrs={"for": select["id"]}) is not None

    html = soup(client.get(url, {"kind": "law"}))
    titles = [h.get_text(strip=True) for h in html.select(".acts .act__title")]
    assert titles == ["Документ 99 (law)"]
    assert "Утратил силу" in html.select_one(".acts").get_text()

    html = soup(client.get(url, {"kind": "order", "status": "active"}))
    assert len(html.select(".acts > li")) == 25
    assert html.find("option", value="order").has_attr("selected")
    next_link = html.find("nav", class_="pagination").find("a", rel="next")
    assert "kind=order" in next_link["href"] and "page=2" in next_link["href"]

    html = soup(client.get(url + next_link["href"]))
    assert len(html.select(".acts > li")) == 5


def test_glossary_page_lists_terms(client, content):
    GlossaryTerm.objects.create(
        term="ИОМ",
        full_form="индивидуальный образовательный маршрут",
        definition="<p>План профессионального развития педагога.</p>",
    )
    html = soup(client.get(content["glossary"].url))
    entry = html.find("dfn", string="ИОМ").find_parent("div")
    assert "индивидуальный образовательный маршрут" in entry.get_text()
    assert "План профессионального развития педагога." in entry.get_text()


def test_news_index_lists_news_with_dates(client, content):
    html = soup(client.get(content["news_index"].url))
    item = html.select_one(".news-list__item")
    assert item.find("a").get_text(strip=True) == "Августовское совещание"
    assert item.find("time").get_text(strip=True) == "28 августа 2025"


def test_content_pages_excludes_sections_and_drafts(tree, content):
    content["standard"].unpublish()
    titles = [p.title for p in content_pages(tree.mun_a_page)]
    assert titles == ["Новости района", "Контакты", "Документы", "Глоссарий"]


def test_stream_blocks_render_through_theme_templates(client, content):
    page = content["standard"]
    page.body = [
        ("heading", {"text": "Задачи службы", "size": "h3"}),
        ("callout", {"title": "Важно", "text": "<p>Приём заявок до 1 сентября</p>"}),
        (
            "links",
            [
                {
                    "title": "Федеральный портал ДПО",
                    "url": "https://dppo.edu.ru/",
                    "description": "Реестр программ",
                }
            ],
        ),
    ]
    page.save_revision().publish()
    response = client.get(page.url)
    names = template_names(response)
    for block in ("blocks/heading.html", "blocks/callout.html", "blocks/links.html"):
        assert block in names
    html = soup(response)
    assert html.find("h3", string="Задачи службы") is not None
    assert "Приём заявок до 1 сентября" in html.find("aside", class_="callout").text
    link = html.select_one("ul.links a")
    assert link["href"] == "https://dppo.edu.ru/"


# Visually-impaired version ------------------------------------------------------------


def test_visually_impaired_toggle_sets_cookie_and_body_class(client, tree):
    url = tree.mun_a_page.url
    html = soup(client.get(url))
    switch = html.header.find("a", string="Версия для слабовидящих")
    assert switch["href"] == f"/vi/?next={url}"
    assert "visually-impaired" not in body_classes(client.get(url))

    response = client.get(switch["href"])
    assert response.status_code == 302 and response["Location"] == url
    assert client.cookies["portal_vi"].value == "1"

    response = client.get(url)
    assert "visually-impaired" in body_classes(response)
    assert "/static/themes/default/css/vi.css" in response.content.decode()
    html = soup(response)
    assert html.html["class"] == ["vi", "vi-size-normal", "vi-scheme-light"]
    back = html.header.find("a", string="Обычная версия")
    assert back is not None

    client.get(back["href"])
    assert "visually-impaired" not in body_classes(client.get(url))


def test_visually_impaired_scheme_and_size_are_remembered(client, tree):
    url = tree.region_page.url
    response = client.get(f"/vi/?scheme=dark&size=large&next={url}")
    assert response["Location"] == url
    html = soup(client.get(url))
    assert "visually-impaired" in body_classes(client.get(url))
    assert html.html["class"] == ["vi", "vi-size-large", "vi-scheme-dark"]
    current = html.select('.vi-panel [aria-current="true"]')
    assert [a.get_text(strip=True) for a in current] == [
        "Крупный шрифт",
        "Жёлтым по чёрному",
    ]
    # Choosing a scheme again keeps the version on rather than toggling it off.
    client.get(f"/vi/?scheme=blue&next={url}")
    assert soup(client.get(url)).html["class"][-1] == "vi-scheme-blue"


def test_visually_impaired_toggle_refuses_foreign_redirects(client, db):
    response = client.get("/vi/?next=https://evil.example/")
    assert response["Location"] == "/"


# Themes ------------------------------------------------------------------------------


def test_active_theme_overrides_one_template_and_falls_back_to_default(
    client, tree, content, custom_theme
):
    response = client.get(content["standard"].url)
    html = soup(response)
    assert html.find(id="custom-marker").get_text() == "Тема custom: О службе"
    # base.html is not in the custom theme: it comes from the default one.
    assert html.find("a", class_="skip-link") is not None
    assert breadcrumb_trail(response)[-1] == "О службе"

    response = client.get(content["news"].url)
    html = soup(response)
    assert html.find(id="custom-marker") is None
    assert html.find("meta", attrs={"name": "portal-theme"})["content"] == "custom"
    assert "sections/news_page.html" in template_names(response)
    assert breadcrumb_trail(response)[-1] == "Августовское совещание"


def test_plugin_template_uses_theme_base_and_can_be_overridden(
    client, tree, custom_theme
):
    plugin_page = add_section(tree.mun_a_page, DummyPage(title="Модуль", slug="dummy"))
    theme_settings = ThemeSettings.for_site(Site.objects.get(is_default_site=True))
    theme_settings.theme = "default"
    theme_settings.save()
    html = soup(client.get(plugin_page.url))
    assert html.h1.get_text() == "Модуль"
    assert html.find("a", class_="skip-link") is not None  # the theme's base.html
    assert html.find(id="custom-plugin-marker") is None

    theme_settings.theme = "custom"
    theme_settings.save()
    html = soup(client.get(plugin_page.url))
    assert html.find(id="custom-plugin-marker") is not None
    assert html.h1 is None


# Error pages ---------------------------------------------------------------------------


def test_not_found_page_uses_the_theme(client, tree):
    response = client.get("/net-takoi-stranicy/")
    assert response.status_code == 404
    html = soup(response)
    assert html.h1.get_text(strip=True) == "Страница не найдена"
    assert html.html["lang"] == "ru"
    assert html.find("a", class_="skip-link") is not None


def test_server_error_page_needs_no_database_or_context(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    text = response.content.decode()
    assert "Ошибка на сервере" in text
    assert '<html lang="ru">' in text


def test_footer_links_to_open_data_and_teacher_login(client, tree):
    html = client.get(tree.mun_a_page.url).content.decode()
    assert 'href="/opendata/"' in html
    assert 'href="/accounts/login/"' in html


def test_header_search_and_section_search_scope(client, tree):
    html = client.get(tree.mun_a_page.url).content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html
    assert f'name="in_municipality" value="{tree.mun_a.pk}"' in html
    school = client.get(tree.school_a_page.url).content.decode()
    assert f'name="in_organisation" value="{tree.school_a.pk}"' in school
    region = client.get(tree.region_page.url).content.decode()
    assert f'name="in_region" value="{tree.region.pk}"' in region
