"""Factories for the core registries and the level tree."""

import factory
from django.contrib.auth import get_user_model
from wagtail.models import Page

from portal.core.models import EditorRole, Organisation, Person, Territory
from portal.sections.models import (
    HomePage,
    MunicipalityPage,
    OrganisationPage,
    RegionPage,
)


def valid_inn(seed: int) -> str:
    """A 10-digit INN with a correct check digit."""
    body = f"{5200000000 + seed * 7919:010d}"[:9]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return body + str(
        sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11 % 10
    )


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    kind = Territory.Kind.REGION
    name = factory.Sequence(lambda n: f"Тестовая область {n}")
    oktmo = factory.Sequence(lambda n: f"{10000000 + n}")


class MunicipalityFactory(RegionFactory):
    kind = Territory.Kind.MUNICIPALITY
    name = factory.Sequence(lambda n: f"Тестовый район {n}")
    parent = factory.SubFactory(RegionFactory)
    oktmo = factory.Sequence(lambda n: f"{20000000 + n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"МБОУ СОШ № {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.LazyAttribute(
        lambda o: o.municipality.parent if o.municipality else None
    )
    inn = factory.Sequence(valid_inn)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    last_name = factory.Sequence(lambda n: f"Иванова{n}")
    first_name = "Мария"
    middle_name = "Петровна"
    organisation = factory.SubFactory(OrganisationFactory)
    position = "учитель"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pass")


def editor(role: str, territory=None, organisation=None, username=None):
    user = UserFactory(username=username) if username else UserFactory()
    user.save()
    EditorRole.objects.create(
        user=user, role=role, territory=territory, organisation=organisation
    )
    return user


def home_page() -> HomePage:
    """The migration's home page, recreated when a transactional test flushed it."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    from django.conf import settings
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.objects.filter(depth=1).first() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    return root.add_child(
        instance=HomePage(
            title="Россия",
            slug="home",
            intro="<p>Единая федеральная система научно-методического "
            "сопровождения педагогических работников и управленческих кадров.</p>",
        )
    )


def add_section(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    return page


def region_section(region: Territory) -> RegionPage:
    return add_section(
        home_page(),
        RegionPage(title=region.name, slug=f"region-{region.pk}", territory=region),
    )


def municipality_section(
    parent: RegionPage, municipality: Territory
) -> MunicipalityPage:
    return add_section(
        parent,
        MunicipalityPage(
            title=municipality.name,
            slug=f"mun-{municipality.pk}",
            territory=municipality,
        ),
    )


def organisation_section(parent: Page, organisation: Organisation) -> OrganisationPage:
    return add_section(
        parent,
        OrganisationPage(
            title=organisation.name,
            slug=f"org-{organisation.pk}",
            organisation=organisation,
        ),
    )
