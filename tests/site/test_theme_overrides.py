"""Theme overrides: an active theme replaces templates and falls back to the default."""

import pytest
from wagtail.models import Site

from portal.theme.models import ThemeSettings
from tests.factories.core import add_section
from tests.plugins.dummy.models import DummyPage

from .theme_support import breadcrumb_trail, soup, template_names


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
