"""Default theme page types, section pages and error pages (themes/default)."""

from django.db import connection
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views.defaults import server_error
from wagtail.models import Site

from portal.sections.models import NewsIndexPage, NewsPage
from portal.theme.models import ThemeSettings
from tests.factories.core import (
    OrganisationFactory,
    add_section,
    home_page,
    organisation_section,
)

from .theme_support import breadcrumb_trail, soup, template_names

PANEL_TITLE = "Панель тестового модуля"

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
