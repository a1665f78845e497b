"""A community's annual report: DOCX and PDF from its data, for its leaders and editors."""

import datetime as dt
import io
import zoneinfo

import docx
import pytest
from django.apps import apps
from django.utils import timezone
from pypdf import PdfReader

from plugins.communities.models import (
    CommunityMaterial,
    Membership,
    PlanItem,
    PracticeStage,
    WorkPlan,
)
from portal.extensions.hooks import pm
from tests.factories.core import PersonFactory, editor

from .conftest import make_community, make_practice

pytestmark = pytest.mark.django_db

YEAR = 2025
IRKUTSK = zoneinfo.ZoneInfo("Asia/Irkutsk")
Role, Status = Membership.Role, Membership.Status


def docx_text(content: bytes) -> str:
    """The document's paragraphs and table rows (cells joined by « | »), in order."""
    document = docx.Document(io.BytesIO(content))
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines += [" | ".join(c.text for c in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n".join(lines)


def pdf_text(content: bytes) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def member(community, name, role=Role.MEMBER, status=Status.ACTIVE, **fields):
    last, first = name.split()
    person = PersonFactory(last_name=last, first_name=first, middle_name="")
    return Membership.objects.create(
        community=community, person=person, role=role, status=status, **fields
    )


@pytest.fixture
def community(tree, registries):
    return make_community(
        registries.mun_a,
        "РМО учителей математики",
        base_organisation=tree.school_a,
        problem_area="Функциональная грамотность",
    )


@pytest.fixture
def head(users, tree, community):
    """The teacher (person A) heads the community."""
    return Membership.objects.create(
        community=community,
        person=tree.person_a,
        role=Role.HEAD,
        status=Status.ACTIVE,
        joined_on=dt.date(2024, 9, 1),
    )


@pytest.fixture
def filled(community, head, catalogue):
    plan = WorkPlan.objects.create(community=community, year=YEAR)
    PlanItem.objects.create(
        plan=plan, topic="Анализ ВПР", form="Заседание", date=dt.date(YEAR, 2, 10),
        done=True, result="Приняты рекомендации", responsible=head.person,
    )  # fmt: skip
    PlanItem.objects.create(
        plan=plan, topic="Открытый урок геометрии", period="октябрь",
        responsible_note="руководитель РМО",
    )  # fmt: skip
    old = WorkPlan.objects.create(community=community, year=YEAR - 1)
    PlanItem.objects.create(plan=old, topic="Прошлогодний пункт", done=True)
    member(community, "Белова Анна", joined_on=dt.date(YEAR, 3, 1))
    member(community, "Веселов Борис", Role.DEPUTY, joined_on=dt.date(YEAR, 9, 5))
    member(community, "Громова Вера", status=Status.LEFT,
           joined_on=dt.date(YEAR, 1, 20), left_on=dt.date(YEAR, 6, 1))  # fmt: skip
    member(community, "Давыдов Глеб", joined_on=dt.date(YEAR - 1, 5, 1))
    member(community, "Ершова Дина", joined_on=dt.date(YEAR + 1, 2, 1))
    member(community, "Жуков Егор", status=Status.REQUESTED)
    for title, kind, year in (
        ("Сборник заданий по функциональной грамотности", "product", YEAR),
        ("Черновик протокола", "material", YEAR),
        ("Старый продукт", "product", YEAR - 1),
    ):
        material = CommunityMaterial.objects.create(
            community=community, title=title, kind=kind, description="PDF, 40 с."
        )
        CommunityMaterial.objects.filter(pk=material.pk).update(
            created_at=dt.datetime(year, 4, 1, 12, tzinfo=dt.UTC)
        )
    make_practice(
        catalogue, "Смысловое чтение на уроках математики", community=community,
        stage=PracticeStage.RECOMMENDED,
    )  # fmt: skip
    return plan


@pytest.fixture
def events(tree, community, filled):
    """Two events linked from plan items: one in the year (3 live registrations, 2
    attended), one the year before."""
    if not apps.is_installed("plugins.events"):
        pytest.skip("the events plugin is not enabled")
    from plugins.events.models import Registration
    from tests.plugins.events.conftest import add_calendar, make_event

    calendar = add_calendar(tree.mun_a_page)
    seminar = make_event(
        calendar, "Семинар по функциональной грамотности",
        start=dt.datetime(YEAR, 3, 15, 10, tzinfo=IRKUTSK), time_zone="Asia/Irkutsk",
    )  # fmt: skip
    earlier = make_event(
        calendar, "Прошлогодний семинар",
        start=dt.datetime(YEAR - 1, 11, 1, 10, tzinfo=IRKUTSK),
    )  # fmt: skip
    for number, (status, attended) in enumerate(
        [("confirmed", True), ("confirmed", True), ("pending", False),
         ("cancelled", False)]
    ):  # fmt: skip
        Registration.objects.create(
            event=seminar, name=f"Участник {number}", email=f"p{number}@example.org",
            status=status, attended=attended, consent_at=timezone.now(),
        )  # fmt: skip
    PlanItem.objects.create(
        plan=filled, topic="Семинар для учителей", date=dt.date(YEAR, 3, 15),
        event=seminar, done=True,
    )  # fmt: skip
    old = WorkPlan.objects.get(community=community, year=YEAR - 1)
    PlanItem.objects.create(plan=old, topic="Семинар прошлого года", event=earlier)
    return seminar


def url(community, year=YEAR, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{community.url}report/{year}/" + (f"?{query}" if query else "")


def download(client, user, community, **params):
    client.force_login(user)
    response = client.get(url(community, **params))
    assert response.status_code == 200, response.status_code
    return response


def test_the_head_downloads_a_docx_with_the_years_activity(
    client, users, community, head, events
):
    response = download(client, users.teacher, community)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith(f'-{YEAR}.docx"')
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    text = docx_text(response.content)
    assert (
        f"Отчёт о деятельности сообщества «РМО учителей математики» за {YEAR} год"
        in text
    )
    assert f"Вид: {community.community_type.name}" in text
    assert "Уровень: Муниципальный" in text
    assert "Территория: Тестовая область, Район А" in text
    assert "Базовая организация: МБОУ СОШ № 1" in text
    assert "Проблемное поле: Функциональная грамотность" in text
    assert f"Руководитель: {head.person.full_name}" in text
    assert "Заместители руководителя: Веселов Борис" in text
    # The plan of the year, with done / not done and results; not last year's.
    assert "Анализ ВПР | Заседание | 10.02.2025" in text
    assert "| да | Приняты рекомендации" in text
    assert "Открытый урок геометрии | " in text and "| октябрь |" in text
    assert "| руководитель РМО | нет |" in text
    assert "Прошлогодний пункт" not in text
    assert "Выполнено пунктов плана: 2 из 3." in text
    # Events of the year through the hook: registered (live) and attended.
    assert "Мероприятие | Дата | Зарегистрировались | Участвовали" in text
    assert "Семинар по функциональной грамотности | 15.03.2025 | 3 | 2" in text
    assert "Прошлогодний семинар" not in text
    assert "Всего: зарегистрировались — 3, участвовали — 2." in text
    # Products added that year, the practices with their stage.
    assert "Сборник заданий по функциональной грамотности" in text
    assert "Черновик протокола" not in text and "Старый продукт" not in text
    assert (
        "Смысловое чтение на уроках математики | Педагогическая | "
        "Рекомендована к распространению" in text
    )
    # Members: joined in the year (the one who left too), total at the year's end.
    assert (
        f"Вступили в {YEAR} году: 3. Всего участников на 31 декабря {YEAR} г.: 4."
        in (text)
    )
    assert "Белова Анна | Участник | 01.03.2025" in text
    assert "Громова Вера" in text and "Давыдов Глеб" not in text
    assert "Ершова Дина" not in text and "Жуков Егор" not in text
    assert (
        f"Итоги {YEAR} года: пунктов плана выполнено — 2 из 3; проведено мероприятий "
        "— 1 (зарегистрировались — 3, участвовали — 2); методических продуктов — 1; "
        "практик — 1; новых участников — 3; всего участников — 4." in text
    )


def test_the_pdf_says_the_same(client, users, community, events):
    response = download(client, users.municipal_editor, community, format="pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'-{YEAR}.pdf"')
    text = pdf_text(response.content)
    assert f"за {YEAR} год" in text
    assert "Анализ ВПР" in text and "Приняты рекомендации" in text
    assert "Прошлогодний пункт" not in text
    assert "Выполнено пунктов плана: 2 из 3." in text
    assert "Всего: зарегистрировались — 3, участвовали — 2." in text
    assert f"Всего участников на 31 декабря {YEAR} г.: 4." in text
    assert "новых участников — 3; всего участников — 4." in text


def test_without_an_events_plugin_events_are_listed_without_counts(
    client, users, community, events
):
    hooks = pm.unregister(name="plugins.events.hooks")
    try:
        text = docx_text(download(client, users.teacher, community).content)
    finally:
        pm.register(hooks, name="plugins.events.hooks")
    assert "Мероприятие | Дата" in text
    assert "Семинар по функциональной грамотности | 15.03.2025" in text
    assert "Зарегистрировались" not in text and "зарегистрировались" not in text
    assert "проведено мероприятий — 1; " in text


def test_a_community_without_data_gets_a_report_too(client, users, tree, registries):
    empty = make_community(registries.mun_a, "Новое сообщество")
    for kind in ("docx", "pdf"):
        response = download(client, users.municipal_editor, empty, format=kind)
        text = (docx_text if kind == "docx" else pdf_text)(response.content)
        assert f"План работы на {YEAR} год не составлен." in text
        assert f"Мероприятий по плану работы в {YEAR} году не проводилось." in text
        assert "Практик сообщества в банке пока нет." in text
        assert (
            f"Итоги {YEAR} года: пунктов плана выполнено — 0 из 0; проведено "
            "мероприятий — 0;" in text
        )
        assert "всего участников — 0." in text


def test_the_current_year_counts_members_up_to_today(client, users, community, head):
    today = timezone.localdate()
    member(community, "Зуева Зоя", joined_on=today)
    client.force_login(users.teacher)
    response = client.get(url(community, year=today.year))
    text = docx_text(response.content)
    assert f"Всего участников на {today.day} " in text
    assert f"{today.year} г.: 2." in text


def test_outsiders_get_404_and_visitors_the_login_page(
    client, users, tree, community, head
):
    former = member(community, "Кузнецов Олег", Role.HEAD, Status.LEFT)
    former.person.user = editor("municipal_editor", territory=tree.mun_b)
    former.person.save()
    # School A's editor cannot edit the district's pages; a plain member.
    plain_member = member(community, "Лебедева Ольга")
    plain_member.person.user = users.organisation_editor
    plain_member.person.save()
    for user in (former.person.user, users.organisation_editor):
        client.force_login(user)
        assert client.get(url(community)).status_code == 404
        assert client.get(url(community, format="pdf")).status_code == 404
    client.logout()
    response = client.get(url(community))
    assert response.status_code == 302 and "login" in response["Location"]


def test_leaders_and_editors_may_download(client, users, tree, community, head):
    deputy = member(community, "Морозов Пётр", Role.DEPUTY)
    deputy.person.user = editor("municipal_editor", territory=tree.mun_b)
    deputy.person.save()
    for user in (users.teacher, deputy.person.user, users.municipal_editor,
                 users.regional_admin, users.superuser):  # fmt: skip
        client.force_login(user)
        assert client.get(url(community)).status_code == 200, user


def test_unknown_format_or_year_is_404(client, users, community, head):
    client.force_login(users.teacher)
    assert client.get(url(community, format="odt")).status_code == 404
    assert client.get(url(community, year=1999)).status_code == 404
    assert client.get(
        url(community, year=timezone.localdate().year + 2)
    ).status_code == (404)
