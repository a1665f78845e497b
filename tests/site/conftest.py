"""Fixtures shared by the site tests: dashboard data and theme content pages."""

import datetime as dt

import pytest
from django.apps import apps

from portal.sections.models import (
    ActsPage,
    ContactsPage,
    GlossaryPage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from tests.factories.core import OrganisationFactory, PersonFactory, add_section

from .dashboard_support import CareerStarts, ConsentShare

# --- dashboard -----------------------------------------------------------------


@pytest.fixture
def contributed(monkeypatch):
    """The dummy plugin contributes two indicators through the contract."""
    config = apps.get_app_config("dummy")
    monkeypatch.setitem(
        config.contributions, "dashboard_indicators", [ConsentShare, CareerStarts]
    )


@pytest.fixture
def staffed(tree):
    """People with and without consent, and career starts in and out of 2025."""
    school_a2 = OrganisationFactory(name="МБОУ Лицей № 3", municipality=tree.mun_a)
    for org, consenting, others in (
        (tree.school_a, 3, 1),  # with tree.person_a: 3 of 5
        (school_a2, 0, 2),
        (tree.school_b, 1, 0),  # with tree.person_b: 1 of 2
        (tree.regional_org, 2, 2),
    ):
        for _ in range(consenting):
            PersonFactory(organisation=org, public_consent=True)
        for _ in range(others):
            PersonFactory(organisation=org)
    PersonFactory(organisation=tree.school_a, career_start_date=dt.date(2025, 2, 1))
    PersonFactory(organisation=school_a2, career_start_date=dt.date(2024, 12, 31))
    PersonFactory(organisation=tree.school_b, career_start_date=dt.date(2025, 9, 1))
    return school_a2


# --- theme ---------------------------------------------------------------------


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
