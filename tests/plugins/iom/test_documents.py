"""The route document «Индивидуальный образовательный маршрут педагога» generated from
data: its content in DOCX and PDF, the file name, who may download it, and a fixed
number of queries whatever the number of steps."""

import datetime
import io
from urllib.parse import unquote

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from plugins.iom.models import DiagnosticScore, Route, RouteStep
from portal.core.models import CompetenceArea
from tests.factories.core import PersonFactory

from .conftest import competence, diagnostic, programme, route
from .test_route_page import signed_in

pytestmark = pytest.mark.django_db


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


def document_url(item, extension="docx") -> str:
    return reverse("iom:route_document", args=[item.pk, extension])


@pytest.fixture
def filled(tree, users):
    """A route of the teacher of school A with a diagnostic, a tutor and three steps."""
    teacher = tree.person_a
    teacher.last_name, teacher.first_name, teacher.middle_name = (
        "Петрова",
        "Анна",
        "Ивановна",
    )
    teacher.position = "учитель математики"
    teacher.save()
    literacy, assessment = competence("functional-literacy"), competence("assessment")
    found = diagnostic(teacher, literacy, assessment, date=datetime.date(2026, 9, 15),
                       title="Диагностика профессиональных дефицитов")  # fmt: skip
    DiagnosticScore.objects.create(
        diagnostic=found, area=CompetenceArea.objects.get(code="methodological"),
        score=38, level=DiagnosticScore.Level.DEFICIT,
    )  # fmt: skip
    course = programme(literacy, title="Формирование функциональной грамотности",
                       hours=36, provider=tree.regional_org)  # fmt: skip
    tutor = PersonFactory(organisation=tree.regional_org, last_name="Сидорова",
                          first_name="Ольга", middle_name="Петровна", position="методист")  # fmt: skip
    item = route(
        teacher,
        {"kind": "programme", "title": course.title, "programme": course, "hours": 36,
         "deficit": literacy, "learning_form": "formal", "status": "done",
         "done_on": datetime.date(2026, 10, 20), "evidence": "Удостоверение № 123",
         "planned_start": datetime.date(2026, 10, 1),
         "planned_end": datetime.date(2026, 10, 20)},
        {"kind": "event", "title": "Семинар «Оценивание на уроке»", "hours": 6,
         "deficit": assessment, "learning_form": "non_formal",
         "planned_start": datetime.date(2027, 2, 10)},
        {"kind": "self_study", "title": "Разработать серию заданий", "deficit": literacy,
         "learning_form": "informal", "status": "skipped"},
        diagnostic=found, tutor=tutor, goals="Освоить приёмы формирования грамотности",
        pace=Route.Pace.GENTLE, start_date=datetime.date(2026, 10, 1),
        end_date=datetime.date(2027, 5, 31), status=Route.Status.IN_PROGRESS,
        personal_resources="Два свободных часа в неделю",
    )  # fmt: skip
    item.deficits.set([literacy, assessment])
    return {"route": item, "user": users.teacher, "tutor": tutor}


EXPECTED = (
    "Индивидуальный образовательный маршрут педагога",
    "Педагог: Петрова Анна Ивановна", "Должность: учитель математики",
    "Организация: МБОУ СОШ № 1", "Муниципалитет: Район А",
    "Тьютор (методист): Сидорова Ольга Петровна, методист, ЦНППМ",
    "Темп: Щадящий", "Срок реализации: 01.10.2026 — 31.05.2027",
    "Статус: Выполняется", "Кто проводил: ЦНППМ", "Дата: 15.09.2026",
    "Диагностика профессиональных дефицитов", "Дефицитный",
    "Освоить приёмы формирования грамотности", "Два свободных часа в неделю",
    "Формирование функциональной грамотности", "Формальное", "Программа ДПП",
    "01.10.2026 — 20.10.2026", "выполнен 20.10.2026: Удостоверение № 123",
    "Семинар «Оценивание на уроке»", "Неформальное", "Мероприятие",
    "10.02.2027 — …", "отменён",
    "Всего шагов: 2, выполнено: 1. Часов по плану: 42, из них выполнено: 36.",
    "Педагог ____________________ / Петрова А. И. /",
    "Тьютор (методист) ____________________ / Сидорова О. П. /",
    "руководитель образовательной организации",
)  # fmt: skip


def test_the_docx_says_everything_about_the_route(client, filled):
    client.force_login(filled["user"])
    response = client.get(document_url(filled["route"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = docx_text(b"".join(response.streaming_content))
    for expected in (*EXPECTED, competence("functional-literacy").name,
                     "№ | Дефицит | Мероприятие (содержание) | Форма обучения"):  # fmt: skip
        assert expected in text, expected
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''"), header
    assert unquote(header.split("''", 1)[1]) == "ИОМ — Петрова Анна Ивановна.docx"
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_says_the_same(client, filled):
    client.force_login(filled["user"])
    response = client.get(document_url(filled["route"], "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    for expected in EXPECTED:
        assert " ".join(expected.split()) in text, expected


def test_a_route_without_diagnostic_or_steps_still_makes_a_document(
    client, tree, users
):
    item = route(tree.person_a)
    client.force_login(users.teacher)
    text = docx_text(b"".join(client.get(document_url(item)).streaming_content))
    assert "Маршрут составлен без диагностики." in text
    assert "Шаги в маршрут пока не внесены." in text
    assert "Тьютор (методист): не назначен" in text


def test_who_may_download(client, filled, tree, users):
    url = document_url(filled["route"])
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(signed_in(tree.person_b))
    assert client.get(url).status_code == 404
    for user in (signed_in(filled["tutor"]), users.municipal_editor):
        client.force_login(user)
        assert client.get(url).status_code == 200
    assert client.get(document_url(filled["route"], "exe")).status_code == 404


def test_the_document_reads_a_fixed_number_of_queries(
    client, filled, django_assert_max_num_queries
):
    item = filled["route"]
    client.force_login(filled["user"])
    with django_assert_max_num_queries(30) as small:
        assert client.get(document_url(item)).status_code == 200
    for n in range(20):
        RouteStep.objects.create(route=item, order=10 + n, kind="event", title=f"Шаг {n}",
                                 deficit=competence("assessment"),
                                 planned_end=timezone.localdate())  # fmt: skip
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(document_url(item)).status_code == 200
