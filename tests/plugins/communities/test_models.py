"""Territory and level are taken from the section the page is published in."""

from plugins.communities.models import CommunityLevel, CommunityType, JoinMethod

from .conftest import make_community, make_practice


def test_types_are_seeded_from_the_domain(db):
    names = set(CommunityType.objects.values_list("name", flat=True))
    assert "Региональное учебно-методическое объединение" in names
    assert "Объединение молодых педагогов" in names
    assert CommunityType.objects.count() == 12


def test_community_takes_territory_and_level_of_its_section(tree, registries):
    district = make_community(registries.mun_a, "РМО учителей математики")
    assert district.region_id == tree.region.pk
    assert district.municipality_id == tree.mun_a.pk
    assert district.organisation_id is None
    assert district.level == CommunityLevel.MUNICIPAL

    school = make_community(registries.school_a, "ШМО начальных классов")
    assert school.organisation_id == tree.school_a.pk
    assert school.level == CommunityLevel.INSTITUTIONAL

    chosen = make_community(
        registries.mun_a, "Сетевое сообщество", level=CommunityLevel.REGIONAL
    )
    assert chosen.level == CommunityLevel.REGIONAL


def test_accepts_members_depends_on_join_method_and_status(registries):
    open_one = make_community(registries.mun_a, "Клуб", join_method=JoinMethod.OPEN)
    invited = make_community(
        registries.mun_a, "Экспертный совет", join_method=JoinMethod.INVITATION
    )
    archived = make_community(registries.mun_a, "Старое МО", status="archived")
    assert open_one.accepts_members
    assert not invited.accepts_members
    assert not archived.accepts_members


def test_practice_takes_territory_of_its_catalogue(tree, catalogue):
    practice = make_practice(catalogue, "Читательская грамотность на уроках истории")
    assert practice.region_id == tree.region.pk
    assert practice.municipality_id is None
    assert practice.level == CommunityLevel.REGIONAL
