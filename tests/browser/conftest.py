"""Fixtures of the browser tests: Debian's Chromium driven by Playwright against
pytest-django's live server, and a small level tree served as the default site."""

import io
import json
import mimetypes
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to
# run inside one unless told the calls are safe (they are: the loop is not ours).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "artifacts"


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(
            f"Chromium not found at {executable}: install it or set PORTAL_CHROMIUM "
            "(or deselect these tests with -m 'not browser')."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox"]
        )
        yield browser
        browser.close()


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def portal_home(transactional_db, live_server):
    """The home page, recreated if a flush removed the migration's one, as the
    default Wagtail site of the live server."""
    from urllib.parse import urlsplit

    from wagtail.models import Site

    from tests.factories.core import home_page

    home = home_page()
    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).exclude(root_page=home).delete()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": address.hostname,
            "port": address.port,
            "root_page": home,
            "site_name": "Портал СНМС",
        },
    )
    return home


def _png(width=640, height=360) -> bytes:
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (width, height), "#2f6fad")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((40, 40, width - 40, height - 40), outline="#ffffff", width=8)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def site_tree(portal_home, media_root):
    """Region → two municipalities → a school, with news, content pages and a photo."""
    import datetime as dt

    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    from portal.sections.models import (
        ActsPage,
        ContactsPage,
        GlossaryPage,
        NewsIndexPage,
        NewsPage,
        StandardPage,
    )
    from tests.factories.core import (
        MunicipalityFactory,
        OrganisationFactory,
        RegionFactory,
        add_section,
        municipality_section,
        organisation_section,
        region_section,
    )

    region = RegionFactory(name="Нижегородская область")
    municipality = MunicipalityFactory(name="Городской округ Бор", parent=region)
    other = MunicipalityFactory(name="Арзамасский район", parent=region)
    region_page = region_section(region)
    region_page.show_in_menus = True
    region_page.save()
    mun_page = municipality_section(region_page, municipality)
    municipality_section(region_page, other)
    for name in ("МБОУ СОШ № 1", "МБОУ СОШ № 2", "МАОУ Гимназия № 5"):
        organisation_section(
            mun_page, OrganisationFactory(name=name, municipality=municipality)
        )

    photo = Image.objects.create(
        title="Августовское совещание педагогов",
        file=ImageFile(io.BytesIO(_png()), name="meeting.png"),
    )
    mun_page.intro = (
        "<p>Муниципальная методическая служба: методическое сопровождение "
        "педагогов и руководителей школ округа.</p>"
    )
    mun_page.body = json.dumps(
        [
            {
                "type": "image",
                "value": {
                    "image": photo.pk,
                    "decorative": False,
                    "alt_text": "Педагоги на августовском совещании",
                },
            },
            {
                "type": "callout",
                "value": {
                    "title": "Приём заявок",
                    "text": "<p>Заявки на конкурс «Учитель года» принимаются "
                    "до 1 декабря.</p>",
                },
            },
        ]
    )
    mun_page.save_revision().publish()

    news_index = add_section(mun_page, NewsIndexPage(title="Новости", slug="news"))
    for n, title in enumerate(
        ("Августовское совещание", "Семинар для молодых педагогов", "Итоги конкурса")
    ):
        add_section(
            news_index,
            NewsPage(
                title=title,
                slug=f"news-{n}",
                date=dt.date(2025, 8, 28) - dt.timedelta(days=7 * n),
                intro="Кратко о событии для педагогов округа.",
            ),
        )
    add_section(mun_page, StandardPage(title="О методической службе", slug="about"))
    acts = add_section(mun_page, ActsPage(title="Нормативные документы", slug="acts"))
    contacts = add_section(mun_page, ContactsPage(title="Контакты", slug="contacts"))
    glossary = add_section(mun_page, GlossaryPage(title="Глоссарий", slug="glossary"))
    _documents_and_people(region, municipality)
    return {
        "home": portal_home,
        "region": region_page,
        "municipality": mun_page,
        "acts": acts,
        "contacts": contacts,
        "glossary": glossary,
    }


def _documents_and_people(region, municipality):
    """Acts, glossary terms and a consenting methodist for the content pages."""
    import datetime as dt

    from portal.core.models import GlossaryTerm, NormativeAct, Person, PersonRole
    from tests.factories.core import OrganisationFactory, PersonFactory

    kinds = [NormativeAct.Kind.ORDER, NormativeAct.Kind.LAW, NormativeAct.Kind.LETTER]
    for n in range(30):
        NormativeAct.objects.create(
            kind=kinds[n % 3],
            issuer="Министерство просвещения Российской Федерации",
            number=f"{100 + n}",
            date=dt.date(2024, 1, 10) + dt.timedelta(days=9 * n),
            title=f"О системе научно-методического сопровождения, документ {n + 1}",
            status=NormativeAct.Status.REPEALED if n % 7 == 0 else "active",
            level="federal",
        )
    for term, full_form in (
        ("ИОМ", "индивидуальный образовательный маршрут"),
        ("ЦНППМ", "центр непрерывного повышения профессионального мастерства"),
    ):
        GlossaryTerm.objects.create(
            term=term,
            full_form=full_form,
            definition="<p>Понятие единой федеральной системы сопровождения.</p>",
        )
    methodist, _ = PersonRole.objects.get_or_create(
        code="methodist", defaults={"name": "Методист"}
    )
    mms = OrganisationFactory(
        name="Методический центр г. о. Бор", municipality=municipality, kind="mms"
    )
    person = PersonFactory(
        last_name="Смирнова",
        organisation=mms,
        position="методист по начальному образованию",
        public_consent=True,
        public_fields=[field.value for field in Person.PublicField],
    )
    person.roles.add(methodist)


@pytest.fixture
def browser_page(chromium, live_server, media_root):
    """A fresh browser context per test; /media/ is answered from MEDIA_ROOT because
    the live server (DEBUG off) serves static files only."""
    context = chromium.new_context(base_url=live_server.url, locale="ru-RU")

    def serve_media(route):
        path = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        file = Path(media_root) / path
        if file.is_file():
            route.fulfill(
                body=file.read_bytes(),
                content_type=mimetypes.guess_type(file.name)[0]
                or "application/octet-stream",
            )
        else:
            route.fulfill(status=404)

    context.route("**/media/**", serve_media)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def sign_in(page, username, next_url):
    """Sign in on the public site's login page (password "pass") and land on next_url."""
    page.goto(f"/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass")
    with page.expect_navigation():
        page.get_by_role("button", name="Войти").click()
    assert "/accounts/login/" not in page.url, "sign-in failed"
