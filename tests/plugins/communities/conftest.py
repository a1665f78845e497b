"""Registries in the region, municipality A and school A sections, a practice catalogue,
and makers of communities and practices."""

import itertools
from dataclasses import dataclass

import pytest
from django.apps import apps

if not apps.is_installed("plugins.communities"):
    pytest.skip("the communities plugin is not enabled", allow_module_level=True)

from plugins.communities.models import (  # noqa: E402
    CommunityPage,
    CommunityRegistryPage,
    CommunityType,
    PracticeCatalogPage,
    PracticePage,
)
from portal.core.slugs import latin  # noqa: E402

_numbers = itertools.count(1)


@dataclass
class Registries:
    region: CommunityRegistryPage
    mun_a: CommunityRegistryPage
    mun_b: CommunityRegistryPage
    school_a: CommunityRegistryPage


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def registries(tree) -> Registries:
    def registry(parent):
        return publish_child(
            parent, CommunityRegistryPage(title="Сообщества", slug="communities")
        )

    return Registries(
        region=registry(tree.region_page),
        mun_a=registry(tree.mun_a_page),
        mun_b=registry(tree.mun_b_page),
        school_a=registry(tree.school_a_page),
    )


@pytest.fixture
def catalogue(tree) -> PracticeCatalogPage:
    return publish_child(
        tree.region_page, PracticeCatalogPage(title="Лучшие практики", slug="practices")
    )


def community_type(code="district-mo"):
    """A seeded type (transactional tests run on a flushed database: create it then)."""
    return CommunityType.objects.get_or_create(
        code=code, defaults={"name": f"Тип {code}"}
    )[0]


def make_community(registry, title, **fields) -> CommunityPage:
    """A published community; type defaults to the district МО."""
    fields.setdefault("community_type", community_type())
    slug = f"{latin(title)[:40] or 'community'}-{next(_numbers)}"
    return publish_child(registry, CommunityPage(title=title, slug=slug, **fields))


def make_practice(catalogue, title, **fields) -> PracticePage:
    slug = f"{latin(title)[:40] or 'practice'}-{next(_numbers)}"
    return publish_child(catalogue, PracticePage(title=title, slug=slug, **fields))
