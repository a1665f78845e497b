"""In a real browser (Chromium): a teacher finds the district МО of their subject on a
phone, asks to join, the head approves on the community's own management page, and the
teacher then downloads the members-only material that an outsider cannot reach; the head
publishes the year's plan and downloads the generated report; a practice goes through
expert review and appears in the catalogue."""

import datetime as dt
import io
import re

import pytest
from django.apps import apps

from .conftest import sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

if not apps.is_installed("plugins.communities"):
    pytest.skip("the communities plugin is not enabled", allow_module_level=True)


@pytest.fixture
def district(site_tree, settings, tmp_path):
    """A municipality's registry: the maths РМО (by request, with a head and a
    members-only file), the history РМО, a club; a teacher of a school of the district."""
    import importlib

    from django.apps import apps as django_apps
    from django.core.files.base import ContentFile

    from plugins.communities.models import (
        CommunityMaterial,
        CommunityPage,
        CommunityRegistryPage,
        CommunityType,
    )
    from portal.core.models import Subject
    from tests.factories.core import OrganisationFactory, PersonFactory, UserFactory

    settings.PORTAL_PRIVATE_ROOT = tmp_path / "private"
    # Live-server tests flush the database: the seeded types come back first.
    seeds = importlib.import_module(
        "plugins.communities.migrations.0002_seed_community_types"
    )
    seeds.seed(django_apps, None)
    maths, history = (
        Subject.objects.get_or_create(name=name)[0]
        for name in ("Математика", "История")
    )
    municipality = site_tree["municipality"]
    school = OrganisationFactory(
        name="МБОУ СОШ № 7", municipality=municipality.territory
    )
    head_user, teacher_user, outsider_user = (
        UserFactory(username=name) for name in ("head", "teacher", "outsider")
    )
    for user in (head_user, teacher_user, outsider_user):
        user.set_password("pass")
        user.save()
    head = PersonFactory(
        organisation=school, user=head_user, last_name="Смирнова",
        first_name="Ольга", middle_name="Ивановна", email="head@example.org",
    )  # fmt: skip
    teacher = PersonFactory(
        organisation=school, user=teacher_user, last_name="Петров",
        first_name="Иван", middle_name="Сергеевич", email="petrov@example.org",
    )  # fmt: skip
    PersonFactory(organisation=school, user=outsider_user, last_name="Сидоров")

    registry = CommunityRegistryPage(title="Сообщества педагогов", slug="soobshchestva")
    municipality.add_child(instance=registry)
    registry.save_revision().publish()
    district_mo = CommunityType.objects.get(code="district-mo")
    communities = {}
    for title, slug, subject, kind in [
        ("РМО учителей математики", "rmo-matematiki", maths, district_mo),
        ("РМО учителей истории", "rmo-istorii", history, district_mo),
        (
            "Клуб молодых педагогов",
            "klub",
            None,
            CommunityType.objects.get(code="club"),
        ),
    ]:
        community = CommunityPage(
            title=title, slug=slug, community_type=kind, join_method="request",
            intro=f"{title} городского округа Бор", head=head if subject == maths else None,
        )  # fmt: skip
        registry.add_child(instance=community)
        if subject is not None:
            community.subjects.add(subject)
        community.save_revision().publish()
        communities[slug] = community
    material = CommunityMaterial(
        community=communities["rmo-matematiki"],
        title="Банк заданий по функциональной грамотности",
        members_only=True,
    )
    material.file.save("zadaniya.txt", ContentFile("Задание 1. Оцените площадь."))
    material.save()
    return {
        "registry": registry,
        "maths": communities["rmo-matematiki"],
        "material": material,
        "teacher": teacher,
        "head": head,
    }


def test_teacher_joins_head_approves_teacher_gets_members_material(
    browser_page, district, artifacts_dir
):
    from django.core import mail

    from plugins.communities.models import Membership

    page = browser_page
    maths = district["maths"]
    material_url = f"{maths.url}materials/{district['material'].pk}/"

    # An outsider (signed in, not a member) cannot reach the members-only file.
    sign_in(page, "outsider", maths.url)
    assert page.request.get(material_url).status == 404
    page.context.clear_cookies()

    page.set_viewport_size({"width": 390, "height": 844})  # a teacher's phone
    sign_in(page, "teacher", district["registry"].url)
    page.get_by_text("Фильтры").first.click()  # folded on a phone
    page.get_by_label("Предмет").select_option(label="Математика")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_load_state()
    cards = page.locator(".card__title").all_inner_texts()
    assert cards == ["РМО учителей математики"]
    assert_accessible(page, "communities registry")
    page.get_by_role("link", name="РМО учителей математики").click()
    page.get_by_role("textbox").last.fill("Веду математику в 7–9 классах")
    page.get_by_role("button", name="Подать заявку").click()
    page.wait_for_load_state()
    assert page.get_by_text("Заявка на рассмотрении").first.is_visible()
    page.screenshot(
        path=artifacts_dir / "communities-request-phone.png", full_page=True
    )
    assert any("head@example.org" in m.to for m in mail.outbox)
    assert page.request.get(material_url).status == 404  # not a member yet
    page.context.clear_cookies()

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "head", maths.url)
    page.get_by_role("link", name="Управление сообществом").first.click()
    page.get_by_role("link", name="Участники").first.click()
    page.get_by_role("button", name="Принять").first.click()
    page.wait_for_load_state()
    membership = Membership.objects.get(person=district["teacher"])
    assert membership.status == "active" and membership.joined_on == dt.date.today()
    assert any("petrov@example.org" in m.to for m in mail.outbox)
    page.context.clear_cookies()

    sign_in(page, "teacher", maths.url)
    assert page.get_by_text("Вы участник сообщества").is_visible()
    with page.expect_download() as download:
        page.get_by_role(
            "link", name="Банк заданий по функциональной грамотности"
        ).click()
    saved = download.value.path()
    assert "Оцените площадь" in open(saved, encoding="utf-8").read()
    # The teacher's profile lists the community.
    page.goto("/profile/")
    assert page.get_by_text("РМО учителей математики").first.is_visible()


def test_head_publishes_plan_and_downloads_report(browser_page, district, tmp_path):
    import docx

    page = browser_page
    maths = district["maths"]
    year = dt.date.today().year
    sign_in(page, "head", f"{maths.url}manage/plan/{year}/")
    page.get_by_label("Тема").fill("Формирующее оценивание на уроках математики")
    page.get_by_label("Форма").fill("Семинар-практикум")
    page.get_by_role("button", name="Сохранить пункт").click()
    page.wait_for_load_state()
    # Neither a date nor a term: the head is told so, in Russian, and nothing is saved.
    assert page.get_by_text("Укажите дату или срок").first.is_visible()
    page.get_by_label("Срок").fill("октябрь")
    page.get_by_role("button", name="Сохранить пункт").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Опубликовать на странице сообщества").click()
    page.wait_for_load_state()
    page.goto(maths.url)
    assert page.get_by_text("Формирующее оценивание на уроках математики").is_visible()

    page.goto(f"{maths.url}manage/")
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Отчёт за {year} год").first.click()
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs
    )
    tables = "\n".join(
        cell.text
        for table in docx.Document(io.BytesIO(path.read_bytes())).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "РМО учителей математики" in text
    assert "Формирующее оценивание на уроках математики" in text + tables


def test_practice_goes_through_expert_review_into_the_catalogue(
    browser_page, site_tree, district
):
    import importlib

    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group

    from plugins.communities.models import PracticeCatalogPage, PracticePage
    from tests.browser.test_imports_admin import log_in_as_municipal_editor
    from tests.factories.core import UserFactory

    review = importlib.import_module(
        "plugins.communities.migrations.0003_expert_review"
    )
    review.create(django_apps, None)  # the group, task and workflow, after the flush
    catalogue = PracticeCatalogPage(title="Банк лучших практик", slug="praktiki")
    site_tree["municipality"].add_child(instance=catalogue)
    catalogue.save_revision().publish()
    expert = UserFactory(username="expert")
    expert.set_password("pass")
    expert.save()
    expert.groups.add(Group.objects.get(name="Эксперты лучших практик"))

    page = log_in_as_municipal_editor(browser_page, site_tree)
    page.goto(f"/admin/pages/add/communities/practicepage/{catalogue.pk}/")
    page.locator("#id_title").fill("Наставничество в сельской школе")
    page.locator("#id_intro").fill("Пары «наставник — молодой педагог» в малых школах")
    page.get_by_role("button", name="Больше действий").click()
    page.get_by_role("button", name=re.compile("Отправить")).first.click()
    page.wait_for_load_state()
    practice = PracticePage.objects.get(title="Наставничество в сельской школе")
    assert practice.current_workflow_state is not None
    page.context.clear_cookies()

    page.goto("/admin/login/")
    page.fill("input[name=username]", "expert")
    page.fill("input[name=password]", "pass")
    page.locator("form button[type=submit]").click()
    page.goto(f"/admin/pages/{practice.pk}/edit/")
    page.get_by_role("button", name="Больше действий").click()
    page.get_by_role(
        "button", name=re.compile("^Рекомендовать к распространению")
    ).click()
    comment = page.locator(".modal textarea").first
    comment.wait_for(timeout=15000)  # the workflow action's form, in a modal
    comment.fill("Рекомендуем к распространению в районе")
    with page.expect_navigation():
        page.locator(".modal").get_by_role(
            "button", name=re.compile("Рекомендовать")
        ).click()
    practice.refresh_from_db()
    assert practice.live and practice.stage == "recommended"
    review = practice.reviews.get()
    assert review.verdict == "recommend"
    assert review.comments == "Рекомендуем к распространению в районе"

    page.goto(catalogue.url)
    assert page.get_by_role("link", name="Наставничество в сельской школе").is_visible()
