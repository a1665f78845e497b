"""Shared fixtures: a small level tree with two municipalities and editors for each role."""

from dataclasses import dataclass

import pytest

from tests.factories.core import (
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    UserFactory,
    editor,
    municipality_section,
    organisation_section,
    region_section,
)


@pytest.fixture(autouse=True)
def _fresh_choices():
    """Each test reads the filter choices afresh: rows cached by
    portal.core.cached_choices in a test whose transaction was rolled back would
    outlive it (the rest of the cache is left as is: query counts rely on it)."""
    from portal.core.cached_choices import forget_all

    forget_all()
    yield


@dataclass
class Tree:
    region: object
    mun_a: object
    mun_b: object
    school_a: object
    school_b: object
    regional_org: object
    region_page: object
    mun_a_page: object
    mun_b_page: object
    school_a_page: object
    school_b_page: object
    person_a: object
    person_b: object


@pytest.fixture
def tree(db) -> Tree:
    region = RegionFactory(name="Тестовая область")
    mun_a = MunicipalityFactory(name="Район А", parent=region)
    mun_b = MunicipalityFactory(name="Район Б", parent=region)
    school_a = OrganisationFactory(name="МБОУ СОШ № 1", municipality=mun_a)
    school_b = OrganisationFactory(name="МБОУ СОШ № 2", municipality=mun_b)
    regional_org = OrganisationFactory(
        name="ЦНППМ", kind="cnppm", municipality=None, region=region
    )
    region_page = region_section(region)
    mun_a_page = municipality_section(region_page, mun_a)
    mun_b_page = municipality_section(region_page, mun_b)
    return Tree(
        region=region,
        mun_a=mun_a,
        mun_b=mun_b,
        school_a=school_a,
        school_b=school_b,
        regional_org=regional_org,
        region_page=region_page,
        mun_a_page=mun_a_page,
        mun_b_page=mun_b_page,
        school_a_page=organisation_section(mun_a_page, school_a),
        school_b_page=organisation_section(mun_b_page, school_b),
        person_a=PersonFactory(organisation=school_a),
        person_b=PersonFactory(organisation=school_b),
    )


@dataclass
class Users:
    regional_admin: object
    municipal_editor: object
    organisation_editor: object
    teacher: object
    superuser: object


@pytest.fixture
def users(tree) -> Users:
    teacher = UserFactory(username="teacher")
    teacher.save()
    tree.person_a.user = teacher
    tree.person_a.save()
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    superuser.save()
    return Users(
        regional_admin=editor(
            "regional_admin", territory=tree.region, username="region_admin"
        ),
        municipal_editor=editor(
            "municipal_editor", territory=tree.mun_a, username="mun_a_editor"
        ),
        organisation_editor=editor(
            "organisation_editor",
            organisation=tree.school_a,
            username="school_a_editor",
        ),
        teacher=teacher,
        superuser=superuser,
    )
