"""Documents generated from data: a pair's programme and report, an organisation's list
of pairs for the order — content in DOCX and PDF, Russian file names, who may download."""

import datetime as dt
import io
from urllib.parse import unquote

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from plugins.mentoring.models import (
    Meeting,
    MentoringProgrammePage,
    PairStatus,
    PlanTask,
    SelfAssessment,
    TaskStatus,
)
from plugins.mentoring.pairing import close_pair
from portal.core.models import Competence
from tests.factories.core import PersonFactory, UserFactory, add_section, editor

from .conftest import make_mentor, make_pair, mentoring_form, young_teacher

pytestmark = pytest.mark.django_db

START = dt.date(2025, 9, 1)


def docx_text(content: bytes) -> str:
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


def file_name(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''"), header
    return unquote(header.split("''", 1)[1])


def with_user(person):
    user = UserFactory()
    user.save()  # the factory skips the save after setting the password
    person.user = user
    person.save()
    return person.user


@pytest.fixture
def pair(tree):
    """A pair of school A with a programme, a filled plan, meetings and scores."""
    coordinator = PersonFactory(
        organisation=tree.school_a, last_name="Кураторова", first_name="Ольга",
        middle_name="Игоревна", position="заместитель директора",
    )  # fmt: skip
    programme = add_section(
        tree.school_a_page,
        MentoringProgrammePage(
            title="Программа наставничества МБОУ СОШ № 1",
            slug="mentoring-programme",
            coordinator=coordinator,
        ),
    )
    mentor = make_mentor(tree.school_a, capacity=3)
    mentor.person.last_name, mentor.person.first_name = "Наставникова", "Анна"
    mentor.person.middle_name, mentor.person.position = (
        "Сергеевна",
        "учитель математики",
    )
    mentor.person.save()
    mentee = young_teacher(
        tree.school_a, last_name="Молодцов", first_name="Пётр", middle_name="Ильич",
        position="учитель информатики",
    )  # fmt: skip
    lesson = Competence.objects.get(code="lesson-design")
    parents = Competence.objects.get(code="parents")
    pair = make_pair(
        mentor, mentee, form=mentoring_form("young-specialist"),
        start_date=START, planned_end_date=dt.date(2026, 5, 31),
        programme=programme, competences=[lesson, parents],
        goal="Освоить проектирование уроков",
    )  # fmt: skip
    plan = pair.plan
    plan.goals = "Адаптация в профессии"
    plan.expected_results = "Самостоятельно проводит уроки по ФГОС"
    plan.save()
    PlanTask.objects.create(
        plan=plan, order=1, title="Посетить 5 уроков наставника", competence=lesson,
        deadline=dt.date(2025, 10, 15), status=TaskStatus.DONE,
        done_on=dt.date(2025, 10, 10),
    )  # fmt: skip
    PlanTask.objects.create(
        plan=plan, order=2, title="Провести родительское собрание",
        competence=parents, deadline=dt.date(2025, 12, 20),
    )  # fmt: skip
    PlanTask.objects.create(
        plan=plan, order=3, title="Отменённая задача", status=TaskStatus.CANCELLED
    )
    Meeting.objects.create(
        plan=plan, date=dt.date(2025, 9, 10), duration_minutes=60,
        topic="Знакомство и запрос",
    )  # fmt: skip
    Meeting.objects.create(
        plan=plan, date=dt.date(2025, 10, 1), duration_minutes=90,
        topic="Разбор урока", format=Meeting.Format.LESSON,
    )  # fmt: skip
    for competence, start, end in ((lesson, 2, 4), (parents, 3, None)):
        SelfAssessment.objects.create(
            plan=plan, mentee=mentee, moment="start", competence=competence,
            score=start,
        )  # fmt: skip
        if end:
            SelfAssessment.objects.create(
                plan=plan, mentee=mentee, moment="end", competence=competence,
                score=end,
            )  # fmt: skip
    return pair


def document_url(pair, kind, **params):
    url = reverse("mentoring:pair_document", args=[pair.pk, kind])
    return url + (
        "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    )


def order_url(organisation, **params):
    url = reverse("mentoring:pairs_order", args=[organisation.pk])
    return url + (
        "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    )


def download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]
    return response


def test_the_programme_is_built_from_the_pairs_data(client, users, pair):
    response = download(
        client, users.organisation_editor, document_url(pair, "programme")
    )
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert file_name(response) == (
        "Программа наставничества — Наставникова — Молодцов.docx"
    )
    text = docx_text(response.content)
    assert "Индивидуальный план (программа) наставничества" in text
    assert "Организация: МБОУ СОШ № 1" in text
    assert "Программа наставничества: Программа наставничества МБОУ СОШ № 1" in text
    assert "Форма наставничества: Наставник — молодой специалист" in text
    assert "Срок реализации: с 01.09.2025 по 31.05.2026" in text
    assert (
        "Наставник | Наставникова Анна Сергеевна | учитель математики | МБОУ СОШ № 1"
        in text
    )
    assert "Наставляемый | Молодцов Пётр Ильич | учитель информатики |" in text
    assert "Запрос наставляемого: Освоить проектирование уроков" in text
    assert "Цели: Адаптация в профессии" in text
    assert "Ожидаемые результаты: Самостоятельно проводит уроки по ФГОС" in text
    assert "Проектирование урока в соответствии с ФГОС" in text
    assert "Взаимодействие с родителями (законными представителями)" in text
    assert "№ | Задача | Компетенция | Срок | Отметка о выполнении" in text
    assert (
        "1 | Посетить 5 уроков наставника | Проектирование урока в соответствии с "
        "ФГОС | 15.10.2025 | выполнено 10.10.2025" in text
    )
    assert "2 | Провести родительское собрание |" in text
    assert "| 20.12.2025 | запланировано" in text
    assert "Проведено встреч: 2, общая продолжительность — 2,5 ч." in text
    assert "10.09.2025 | Знакомство и запрос | Очно | 60" in text
    assert "Наставляемый | Компетенция | В начале | В конце" in text
    assert (
        "Молодцов Пётр Ильич | Проектирование урока в соответствии с ФГОС | 2 | 4"
        in text
    )
    assert "Наставник ____________________ / Наставникова А. С. /" in text
    assert "Наставляемый ____________________ / Молодцов П. И. /" in text
    assert "Куратор ____________________ / Кураторова О. И. /" in text
    # No personal data beyond names, positions and organisations.
    assert str(pair.mentees.get().birth_date.year) not in text


def test_the_report_gives_the_results(client, users, pair):
    close_pair(
        pair, PairStatus.TERMINATED, on=dt.date(2026, 3, 1),
        reason="Перевод наставляемого в другую школу",
        outcome="Проводит уроки самостоятельно",
    )  # fmt: skip
    response = download(client, users.municipal_editor, document_url(pair, "report"))
    assert file_name(response) == (
        "Отчёт о результатах наставничества — Наставникова — Молодцов.docx"
    )
    text = docx_text(response.content)
    assert "Отчёт о результатах наставничества" in text
    assert "Наставник: Наставникова Анна Сергеевна, учитель математики" in text
    assert "Наставляемые: Молодцов Пётр Ильич, учитель информатики" in text
    assert "Срок по плану: с 01.09.2025 по 31.05.2026" in text
    assert "Фактический срок: с 01.09.2025 по 01.03.2026" in text
    assert "Статус: Прекращена досрочно" in text
    assert (
        "Причина досрочного прекращения: Перевод наставляемого в другую школу" in text
    )
    # The cancelled task does not count.
    assert "Выполнено задач: 1 из 2." in text
    assert "Проведено встреч: 2, общая продолжительность — 2,5 ч." in text
    assert "Наставляемый | Компетенция | В начале | В конце | Изменение" in text
    assert "Проектирование урока в соответствии с ФГОС | 2 | 4 | +2" in text
    assert "Взаимодействие с родителями (законными представителями) | 3 |  | " in text
    assert "Проводит уроки самостоятельно" in text


def test_pdf_says_the_same(client, users, pair):
    for kind, expected in (
        ("programme", "Проведено встреч: 2, общая продолжительность — 2,5 ч."),
        ("report", "Выполнено задач: 1 из 2."),
    ):
        response = download(
            client, users.regional_admin, document_url(pair, kind, format="pdf")
        )
        assert response["Content-Type"] == "application/pdf"
        assert file_name(response).endswith(".pdf")
        text = pdf_text(response.content)
        assert expected in text
        assert "Наставникова Анна Сергеевна" in text


def test_an_empty_plan_still_gives_a_document(client, users, tree):
    pair = make_pair(make_mentor(tree.school_a), young_teacher(tree.school_a))
    for kind in ("programme", "report"):
        text = docx_text(
            download(client, users.superuser, document_url(pair, kind)).content
        )
        assert "Задачи в план пока не внесены." in text
        assert "Самооценка не заполнялась." in text
        assert "Проведено встреч: 0, общая продолжительность — 0 ч." in text


def test_who_may_download_a_pairs_documents(client, users, tree, pair):
    mentor_user = with_user(pair.mentor.person)
    mentee_user = with_user(pair.mentees.get())
    co_mentor = PersonFactory(organisation=tree.school_b)
    pair.co_mentors.add(co_mentor)
    allowed = [mentor_user, mentee_user, with_user(co_mentor),
               users.organisation_editor, users.municipal_editor,
               users.regional_admin, users.superuser]  # fmt: skip
    for user in allowed:
        client.force_login(user)
        assert client.get(document_url(pair, "programme")).status_code == 200, user
    strangers = [users.teacher, editor("municipal_editor", territory=tree.mun_b),
                 editor("organisation_editor", organisation=tree.school_b)]  # fmt: skip
    for user in strangers:
        client.force_login(user)
        for kind in ("programme", "report"):
            assert client.get(document_url(pair, kind)).status_code == 404, user
    client.force_login(users.superuser)
    assert client.get(document_url(pair, "contract")).status_code == 404
    assert client.get(document_url(pair, "programme", format="odt")).status_code == 404
    client.logout()
    response = client.get(document_url(pair, "programme"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.fixture
def pairs(tree, pair):
    """School A: the live pair above, a group, a pair of last school year; school B's."""
    group_mentor = make_mentor(tree.school_a, capacity=3, position="учитель физики")
    group = make_pair(
        group_mentor,
        young_teacher(tree.school_a, last_name="Андреева", position="учитель"),
        young_teacher(tree.school_a, last_name="Борисова", position="педагог-психолог"),
        form=mentoring_form("group", kind="group"),
        start_date=dt.date(2025, 10, 1),
    )  # fmt: skip
    old = make_pair(
        make_mentor(tree.school_a),
        young_teacher(tree.school_a, last_name="Прошлогодняя"),
        start_date=dt.date(2024, 9, 1), planned_end_date=dt.date(2025, 5, 31),
    )  # fmt: skip
    close_pair(old, PairStatus.COMPLETED, on=dt.date(2025, 5, 30))
    make_pair(
        make_mentor(tree.school_b), young_teacher(tree.school_b, last_name="Чужой")
    )
    return pair, group, old


def test_the_order_lists_the_organisations_pairs(client, users, tree, pairs):
    response = download(client, users.organisation_editor, order_url(tree.school_a))
    name = file_name(response)
    assert name.startswith("Список наставнических пар — МБОУ СОШ № 1 — ")
    assert name.endswith(".docx")
    text = docx_text(response.content)
    assert "Приложение к приказу № ____ от «__» ______ 20__ г." in text
    assert "Список наставнических пар (групп) МБОУ СОШ № 1" in text
    assert (
        "№ | Наставник (ФИО, должность) | Наставляемые (ФИО, должность) | "
        "Форма наставничества | Срок (начало — плановое окончание)" in text
    )
    assert (
        "Наставникова Анна Сергеевна, учитель математики | Молодцов Пётр Ильич, "
        "учитель информатики | Наставник — молодой специалист | 01.09.2025 — 31.05.2026"
        in text
    )
    assert (
        "Андреева Мария Петровна, учитель\nБорисова Мария Петровна, педагог-психолог"
        in text
    )
    assert "учитель физики |" in text
    assert "Прошлогодняя" not in text and "Чужой" not in text
    assert "Всего пар (групп): 2, наставляемых: 3." in text


def test_the_order_of_a_school_year(client, users, tree, pairs):
    response = download(
        client, users.municipal_editor, order_url(tree.school_a, year=2024)
    )
    assert (
        file_name(response)
        == "Список наставнических пар — МБОУ СОШ № 1 — 2024-2025.docx"
    )
    text = docx_text(response.content)
    assert "на 2024/2025 учебный год" in text
    assert "Прошлогодняя" in text and "Молодцов" not in text
    assert "Всего пар (групп): 1, наставляемых: 1." in text
    text = pdf_text(
        download(client, users.regional_admin,
                 order_url(tree.school_a, year=2025, format="pdf")).content
    )  # fmt: skip
    assert "Список наставнических пар (групп) МБОУ СОШ № 1" in text
    assert "Молодцов Пётр Ильич" in text and "Андреева" in text
    assert "Прошлогодняя" not in text
    # An empty year still gives the annex.
    text = docx_text(
        download(client, users.superuser, order_url(tree.school_a, year=2020)).content
    )
    assert "Наставнических пар (групп) нет." in text


def test_who_may_download_the_order(client, users, tree, pairs):
    for user in (users.organisation_editor, users.municipal_editor,
                 users.regional_admin, users.superuser):  # fmt: skip
        client.force_login(user)
        assert client.get(order_url(tree.school_a)).status_code == 200, user
    mentor_user = with_user(pairs[0].mentor.person)
    for user in (users.teacher, mentor_user,
                 editor("municipal_editor", territory=tree.mun_b)):  # fmt: skip
        client.force_login(user)
        assert client.get(order_url(tree.school_a)).status_code == 404, user
    client.force_login(users.organisation_editor)
    assert client.get(order_url(tree.school_b)).status_code == 404
    assert client.get(order_url(tree.school_a, year="junk")).status_code == 404
    assert client.get(order_url(tree.school_a, format="xls")).status_code == 404
    client.force_login(users.superuser)
    assert (
        client.get(reverse("mentoring:pairs_order", args=[999999])).status_code == 404
    )
    client.logout()
    response = client.get(order_url(tree.school_a))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("extra", [1, 8])
def test_the_order_costs_the_same_queries_whatever_its_size(
    extra, client, users, tree, django_assert_max_num_queries
):
    for _ in range(extra):
        mentor = make_mentor(tree.school_a, capacity=3)
        make_pair(mentor, young_teacher(tree.school_a), young_teacher(tree.school_a))
        mentor_b = make_mentor(tree.school_a)
        pair = make_pair(mentor_b, young_teacher(tree.school_a))
        pair.co_mentors.add(PersonFactory(organisation=tree.school_a))
    client.force_login(users.municipal_editor)
    client.get(order_url(tree.school_a))
    # session, user, organisation, roles, pairs, mentees, co-mentors…
    with django_assert_max_num_queries(10):
        response = client.get(order_url(tree.school_a))
    assert response.status_code == 200
    assert f"Всего пар (групп): {2 * extra}" in docx_text(response.content)
