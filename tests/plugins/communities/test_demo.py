"""`portal demo` adds registries, communities with members and plans, and a bank of
practices; a second run creates nothing; the demo's pages render."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from plugins.communities.demo import build_demo_communities
from plugins.communities.models import (
    CommunityMaterial,
    CommunityPage,
    CommunityRegistryPage,
    Membership,
    PlanItem,
    PracticeCatalogPage,
    PracticePage,
    WorkPlan,
)
from portal.core.models import NormativeAct, Territory
from portal.demo.territory import REGION_OKTMO

SMALL = ["--municipalities", "3", "--organisations", "20", "--people", "100"]


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", *SMALL, stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            CommunityRegistryPage, CommunityPage, Membership, WorkPlan, PlanItem,
            CommunityMaterial, PracticeCatalogPage, PracticePage, NormativeAct,
        )
    }  # fmt: skip


@pytest.mark.django_db
def test_demo_communities_are_built_once_and_render(client):
    output = run_demo()
    assert "реестр сообществ: 4" in output and "лучшая практика: 6" in output
    before = counts()
    assert before["CommunityPage"] == 8 + 3 * 5
    assert before["PracticePage"] == 6
    assert CommunityPage.objects.filter(status="archived").count() == 1
    types = set(CommunityPage.objects.values_list("community_type__code", flat=True))
    assert {"regional-umo", "district-mo", "network", "young-teachers", "club"} <= types
    year = timezone.localdate().year
    assert WorkPlan.objects.filter(year=year, published=True).count() == 22
    assert Membership.objects.filter(role="head", status="active").count() == 23
    assert Membership.objects.filter(status="requested").exists()
    assert set(PracticePage.objects.values_list("stage", flat=True)) == {
        "identified", "generalised", "under_review", "recommended", "disseminated"
    }  # fmt: skip
    assert PracticePage.objects.exclude(community=None).count() == 5
    # The page's leaders are the memberships' (kept in step when published).
    for community in CommunityPage.objects.all():
        head = community.memberships.get(role="head")
        assert community.head_id == head.person_id

    # A second run (the command, then the hook's function itself) creates nothing.
    region = Territory.objects.get(oktmo=REGION_OKTMO)
    run_demo()
    assert build_demo_communities(region, {}, {}, 1, timezone.localdate()) == {}
    assert counts() == before

    # The pages read well: a registry, a community with its plan, the section panel.
    registry = CommunityRegistryPage.objects.get(depth=4)  # the region's
    page = client.get(registry.url).content.decode()
    assert "Найдено сообществ: 22" in page and "РУМО учителей математики" in page
    community = CommunityPage.objects.get(title="РУМО учителей математики")
    page = client.get(community.url).content.decode()
    assert f"План работы на {year} год" in page
    assert "Документ о создании" in page and "Приказ от" in page
    head = community.head
    if head.public_data() is None or "name" not in head.public_fields:
        assert f"{head.last_name} {head.first_name}" not in page
    else:
        assert head.full_name in page
    for member in community.memberships.select_related("person"):
        if member.person.email:
            assert member.person.email not in page
    region_page = client.get(registry.get_parent().url).content.decode()
    assert "Профессиональные сообщества" in region_page
